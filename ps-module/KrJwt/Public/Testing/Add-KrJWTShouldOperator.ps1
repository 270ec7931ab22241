<#
    .SYNOPSIS
        Registers KrJwt's Pester Should operators: -BeValidKrJWT, -HaveKrJWTClaim, -BeKrJWTSignedWith.
    .DESCRIPTION
        FOR TESTS. Adds three operators to Pester 5's Should (Add-ShouldOperator), so that a test of an
        API protected by bearer tokens fails with the reason instead of "Expected $true, but got $false":

          $token | Should -BeValidKrJWT -ValidationParameter $v
              passes when the native library accepts the token; a refusal fails with the library's status
              name and message, which name the claim or time involved, e.g.
              "Expected the token to be valid, but it was refused with TokenExpired: the token expired at
              2026-12-01T18:30:00Z (now 2026-12-01T18:45:12Z, clock skew 60 s)."
          $token | Should -HaveKrJWTClaim -Name role [-Value admin]
              the claim is present (and equals the value, or is an array containing it). Reads the payload
              WITHOUT validating it.
          $token | Should -BeKrJWTSignedWith -Algorithm ES256 [-KeyId key-1]
              the header names that algorithm (and key id). Reads the header WITHOUT validating it.

        Each takes a token string or an object with a Token property (a Build-KrJWT result, a test token),
        and honours -Not and -Because as Pester's own operators do (" because <reason>," after the
        expectation). A value that is no token, or a token that does not decode, fails whatever -Not says;
        a missing -ValidationParameter, -Name or -Algorithm is an error (KrJwt.ShouldUsage).

        Importing KrJwt registers the operators when Pester 5 is already loaded; run this command after
        importing Pester later (or after Import-Module Pester -Force, which forgets them). Running it again
        is harmless. Without Pester 5 loaded it fails with KrJwt.PesterNotLoaded (ObjectNotFound); if
        operators of these names with other definitions are registered already (another KrJwt version in
        the session), with KrJwt.ShouldOperatorConflict (ResourceExists).
    .PARAMETER PassThru
        Emit one object per operator (Name, PesterVersion).
    .OUTPUTS
        System.Management.Automation.PSCustomObject
    .EXAMPLE
        Add-KrJWTShouldOperator -PassThru | ForEach-Object Name
        # Output:
        # BeValidKrJWT
        # HaveKrJWTClaim
        # BeKrJWTSignedWith

        Registers the operators (again: it is idempotent) and names them.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -Key (New-KrJWTKey -Type EC) -KeyId 'ec-1'
        $built = $builder | Add-KrJWTClaim -ClaimType 'role' -Value 'admin' | Build-KrJWT
        $built | Should -BeValidKrJWT -ValidationParameter ($built | Get-KrJWTValidationParameter)
        $built | Should -HaveKrJWTClaim -Name role -Value admin
        $built | Should -BeKrJWTSignedWith -Algorithm ES256 -KeyId 'ec-1'
        try { $built | Should -HaveKrJWTClaim -Name role -Value reader -Because 'readers only' } catch { $_.Exception.Message }
        # Output:
        # Expected the token's claim 'role' to be "reader", because readers only, but it is "admin".

        Three assertions that pass, and one that fails with its message (in a Pester test the failure
        fails the test instead of being caught).
    .LINK
        about_KrJwt
    .LINK
        New-KrJWTTestToken
#>
function Add-KrJWTShouldOperator {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([pscustomobject])]
    param(
        [Parameter()]
        [switch] $PassThru
    )

    $pester = Get-Module -Name Pester | Where-Object { $_.Version.Major -ge 5 } | Sort-Object -Property Version -Descending | Select-Object -First 1
    if ($null -eq $pester) {
        $loaded = @(Get-Module -Name Pester | ForEach-Object { "Pester $($_.Version)" })
        $which = if ($loaded.Count -gt 0) { " (loaded: $($loaded -join ', '))" } else { '' }
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new("Pester 5 is not loaded$which`: run Import-Module Pester -MinimumVersion 5.0 first, then Add-KrJWTShouldOperator."),
                'KrJwt.PesterNotLoaded', [System.Management.Automation.ErrorCategory]::ObjectNotFound, 'Pester'))
    }
    $addOperator = $pester.ExportedCommands['Add-ShouldOperator']
    $operators = [ordered]@{
        BeValidKrJWT      = ${function:Test-KrJwtShouldValid}
        HaveKrJWTClaim    = ${function:Test-KrJwtShouldClaim}
        BeKrJWTSignedWith = ${function:Test-KrJwtShouldSignedWith}
    }
    foreach ($name in $operators.Keys) {
        try {
            # Pester returns quietly when the same definition is registered already.
            & $addOperator -Name $name -Test $operators[$name]
        } catch {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new("The Should operator -$name could not be registered with Pester $($pester.Version): $($_.Exception.Message) Another definition of it is registered (another KrJwt version in this session?): start a new session, or Import-Module Pester -Force, then Add-KrJWTShouldOperator.", $_.Exception),
                    'KrJwt.ShouldOperatorConflict', [System.Management.Automation.ErrorCategory]::ResourceExists, $name))
        }
        if ($PassThru) {
            [pscustomobject]@{ Name = $name; PesterVersion = $pester.Version }
        }
    }
}
