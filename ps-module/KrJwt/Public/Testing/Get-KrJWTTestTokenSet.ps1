<#
    .SYNOPSIS
        FOR TESTS: every hostile token New-KrJWTTestToken can make from a builder, with the expected refusal.
    .DESCRIPTION
        FOR TESTS ONLY. One object per defect that applies to the builder (see New-KrJWTTestToken for the
        list), in the library's order, each with Defect (its name), Token, ExpectedReason (the KrJwt status
        name validation parameters made from the builder's result refuse it with, e.g. TokenExpired) and
        ExpectedHttpStatus (what a bearer API answers: 401, or 400 for Oversized, as RFC 6750 says for a
        malformed request). Made for Pester's -ForEach:

          It 'refuses <_.Defect>' -ForEach (Get-KrJWTTestTokenSet -Builder $builder) {
              $_ | Should -Not -BeValidKrJWT -ValidationParameter $validation
          }

        (each item is $_ in the test and <_.Defect> in its name; make the set in BeforeDiscovery, as
        examples/api.Tests.ps1 does).

        A defect that needs what the builder does not have (WrongIssuer an issuer, WrongAudience an
        audience, AlgConfusion a public key, UnknownKid a key id) is left out with a warning naming it and
        why, so a test run shows what it does not cover. All the tokens are made at the same instant; the
        builder is not changed.
    .PARAMETER Builder
        The builder whose tokens your API accepts. Accepts pipeline input.
    .OUTPUTS
        KrJwt.JwtTestToken
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -Key (New-KrJWTKey -Type EC) -KeyId 'ec-1'
        $validation = $builder | Build-KrJWT | Get-KrJWTValidationParameter
        Get-KrJWTTestTokenSet -Builder $builder | ForEach-Object { '{0} {1} {2}' -f $_.Defect, $_.ExpectedReason, (Test-KrJWT -Token $_.Token -ValidationParameter $validation -PassThru).Reason }
        # Output:
        # Expired TokenExpired TokenExpired
        # NotYetValid TokenNotYetValid TokenNotYetValid
        # WrongIssuer InvalidIssuer InvalidIssuer
        # WrongAudience InvalidAudience InvalidAudience
        # TamperedPayload InvalidSignature InvalidSignature
        # TamperedSignature InvalidSignature InvalidSignature
        # AlgNone MalformedToken MalformedToken
        # AlgConfusion AlgorithmNotAllowed AlgorithmNotAllowed
        # UnknownKid NoMatchingKey NoMatchingKey
        # WrongKey InvalidSignature InvalidSignature
        # MissingExp MissingClaim MissingClaim
        # DuplicateClaim MalformedToken MalformedToken
        # Oversized TokenTooLarge TokenTooLarge
        # CritUnknown UnsupportedCriticalHeader UnsupportedCriticalHeader

        Prints each defect with its expected reason and the reason KrJwt gives; the two agree on every line.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey ('ab' * 32)
        (Get-KrJWTTestTokenSet -Builder $builder -WarningVariable skipped -WarningAction SilentlyContinue).Count
        $skipped
        # Output:
        # 12
        # no AlgConfusion token: the builder signs with an HMAC secret: key confusion needs a public key
        # no UnknownKid token: the builder's key has no key id: a validator's key without one is tried for any kid

        An HMAC builder without key id: 12 tokens, and warnings for the two defects it cannot have.
    .LINK
        about_KrJwt
    .LINK
        New-KrJWTTestToken
#>
function Get-KrJWTTestTokenSet {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([KrJwt.JwtTestToken])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder
    )

    process {
        try {
            $set = $Builder.TestTokenSet()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        foreach ($skipped in $set.Skipped) {
            Write-Warning "no $($skipped.Key) token: $($skipped.Value)"
        }
        $set.Tokens
    }
}
