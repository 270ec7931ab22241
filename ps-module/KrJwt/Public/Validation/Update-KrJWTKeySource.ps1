<#
    .SYNOPSIS
        Fetches the remote key source of validation parameters now.
    .DESCRIPTION
        Makes the library refresh the source of parameters from New-KrJWTValidationParameter -Authority,
        -MetadataAddress or -JwksUri at once, ignoring the refresh cooldown and the failure backoff (still one
        fetch at a time: a refresh already running is waited for). A discovery source reads the metadata,
        then the JWK Set. Use it after rotating keys at the provider, or to check a configuration at start-up.
        A fetch that fails leaves the last good key set in use and is a terminating error naming the reason
        (KrJwt.<status>, e.g. the provider is unreachable, answered 503, redirected, sent too much). Keys of
        the new set that cannot be used are skipped, each with a warning. With -PassThru the source's status
        (Get-KrJWTKeySource) is returned. Supports -WhatIf and -Confirm.
        Parameters with static keys have no source: KrJwt.NoKeySource (InvalidOperation).
    .PARAMETER ValidationParameter
        Validation parameters with a remote key source. Accepts pipeline input.
    .PARAMETER PassThru
        Return the source's status after the refresh.
    .PARAMETER WhatIf
        Show which source would be fetched without fetching.
    .PARAMETER Confirm
        Ask before fetching.
    .OUTPUTS
        None, or KrJwt.JwtKeySourceStatus with -PassThru.
    .EXAMPLE
        $validation = New-KrJWTValidationParameter -Authority 'https://login.example.com' -ValidAudience 'api'
        Update-KrJWTKeySource -ValidationParameter $validation -WhatIf
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount
        # Output: 0

        -WhatIf tells what would be fetched (on the host: What if: Performing the operation "Fetch the keys
        now" on target "https://login.example.com") and fetches nothing.
    .EXAMPLE
        $validation = New-KrJWTValidationParameter -JwksUri 'http://127.0.0.1:9/jwks' -ValidIssuer 'http://127.0.0.1:9' -ValidAudience 'api' -AllowInsecureHttp -HttpTimeout ([TimeSpan]::FromSeconds(1))
        try { Update-KrJWTKeySource -ValidationParameter $validation } catch { $_.FullyQualifiedErrorId }
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount, $status.FailureCount, [bool] $status.LastError
        # Output:
        # KrJwt.KeySourceUnavailable,Update-KrJWTKeySource
        # 1
        # 1
        # True

        Nothing listens on port 9: the refresh fails with a terminating error (KrJwt.KeySourceUnavailable,
        ResourceUnavailable), the failure is counted and its reason kept in LastError.
    .LINK
        about_KrJwt
    .LINK
        Get-KrJWTKeySource
    .LINK
        New-KrJWTValidationParameter
#>
function Update-KrJWTKeySource {
    [CmdletBinding(PositionalBinding = $false, SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType([KrJwt.JwtKeySourceStatus])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtValidationParameters] $ValidationParameter,

        [Parameter()]
        [switch] $PassThru
    )

    process {
        Assert-KrJwtKeySource -ValidationParameter $ValidationParameter -Cmdlet $PSCmdlet
        try {
            $before = $ValidationParameter.GetKeySourceStatus()
            $target = @($before.Authority, $before.MetadataAddress, $before.JwksUri) | Where-Object { $_ } | Select-Object -First 1
            if (-not $PSCmdlet.ShouldProcess($target, 'Fetch the keys now')) {
                return
            }
            $ValidationParameter.RefreshKeySource()
            $status = $ValidationParameter.GetKeySourceStatus()
            Write-KrJwtSkippedKeyWarning -SkippedKey $status.SkippedKeys -Source "The key source $($status.JwksUri)" -Cmdlet $PSCmdlet
            if ($PassThru) {
                $status
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $ValidationParameter -Cmdlet $PSCmdlet
            throw
        }
    }
}
