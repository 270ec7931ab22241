<#
    .SYNOPSIS
        Returns the validation counters, rates and misuse signals of validation parameters or a bearer scheme.
    .DESCRIPTION
        The library counts every validation of a validator and its copies (Test-KrJWT, Update-KrJWT, bearer
        authentication, remote key sources alike) and returns them as a KrJwt.JwtValidationStatistic:
        Validations, Succeeded, Failed, FailedByReason (a hashtable: status name -> count, e.g.
        @{ InvalidSignature = 50; TokenExpired = 30 }), PerMinute (validations in the last 60 seconds),
        FailuresPerMinute, PerMinute15 and FailuresPerMinute15 (per-minute means over the last 15 minutes),
        Signals (a hashtable: signal -> how often it was raised: invalid_signature, unknown_kid,
        unexpected_issuer, expired_reuse, replay) and RecentSignals (the last 32, each with signal, scope,
        value, count, threshold and time). -Reset clears the counters and signals after reading them (the
        replay detector keeps the jti values it remembers). A scheme name that is not registered fails with
        KrJwt.SchemeNotFound.
    .PARAMETER ValidationParameter
        Validation parameters (KrJwt.JwtValidationParameters). Accepts pipeline input.
    .PARAMETER Name
        The name of a bearer scheme registered with Add-KrJWTBearerAuthentication.
    .PARAMETER Reset
        Clear the counters and signals after reading them.
    .OUTPUTS
        KrJwt.JwtValidationStatistic
    .EXAMPLE
        $validation = New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience'
        $null = Test-KrJWT -Token 'not.a.token', 'a.b.c' -ValidationParameter $validation
        $statistic = Get-KrJWTValidationStatistic -ValidationParameter $validation
        '{0} {1} {2}' -f $statistic.Validations, $statistic.Failed, $statistic.FailedByReason['MalformedToken']
        # Output: 2 2 2

        Two refused tokens, both malformed.
    .EXAMPLE
        Add-KrJWTBearerAuthentication -Name 'StatsDemo' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey ('cd' * 32) -Force
        $null = Invoke-KrJWTBearerAuthentication -Name 'StatsDemo' -Authorization 'Bearer not.a.token'
        (Get-KrJWTValidationStatistic -Name 'StatsDemo' -Reset).Failed
        (Get-KrJWTValidationStatistic -Name 'StatsDemo').Failed
        # Output:
        # 1
        # 0

        The counters of a bearer scheme, read and cleared.
    .LINK
        about_KrJwt
    .LINK
        New-KrJWTValidationParameter
    .LINK
        Add-KrJWTBearerAuthentication
#>
function Get-KrJWTValidationStatistic {
    [CmdletBinding(DefaultParameterSetName = 'ValidationParameter', PositionalBinding = $false)]
    [OutputType([KrJwt.JwtValidationStatistic])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'ValidationParameter')]
        [KrJwt.JwtValidationParameters] $ValidationParameter,

        [Parameter(Mandatory, ParameterSetName = 'Name')]
        [Alias('AuthenticationScheme')]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter()]
        [switch] $Reset
    )

    process {
        $scheme = $null
        $validator = $ValidationParameter
        if ($PSCmdlet.ParameterSetName -eq 'Name') {
            if (-not (Get-KrJwtBearerRegistry).TryGetValue($Name, [ref] $scheme)) {
                $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                        [System.Management.Automation.ItemNotFoundException]::new("No bearer scheme named '$Name' is registered; use Add-KrJWTBearerAuthentication first."),
                        'KrJwt.SchemeNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Name))
            }
            $validator = $scheme.ValidationParameters
        }
        try {
            $validator.GetStatistics($(if ($scheme) { $scheme.Name } else { [NullString]::Value }))
            if ($Reset) {
                $validator.ResetStatistics()
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $validator -Cmdlet $PSCmdlet
            throw
        }
    }
}
