<#
    .SYNOPSIS
        Shows the remote key source of validation parameters: its keys, its fetches and its failures.
    .DESCRIPTION
        For validation parameters made with New-KrJWTValidationParameter -Authority, -MetadataAddress or
        -JwksUri, returns a snapshot (KrJwt.JwtKeySourceStatus) of what the library knows of the source:
        Authority, MetadataAddress, Issuer (the configured or discovered one), JwksUri, KeyIds, SkippedKeys
        (keys of the set it could not use, with the reason), FetchCount (every HTTP fetch: metadata and JWK
        Set each count), SuccessCount, FailureCount, ConsecutiveFailures, KidMissCount (tokens whose kid was
        not in the set), SuppressedRefreshCount (refreshes held off by the cooldown or the backoff),
        NegativeCacheHitCount, StaleServedCount (validations answered from a set past its max age while the
        provider failed), LastSuccess, LastError, LastErrorTime, KeysFetchedAt, FreshUntil and NextRefresh
        (DateTimes of kind Utc; NextRefresh null: the next validation may fetch).
        Reading the status fetches nothing. Parameters with static keys have no source:
        KrJwt.NoKeySource (InvalidOperation).
    .PARAMETER ValidationParameter
        Validation parameters with a remote key source. Accepts pipeline input.
    .OUTPUTS
        KrJwt.JwtKeySourceStatus
    .EXAMPLE
        $validation = New-KrJWTValidationParameter -Authority 'https://login.example.com' -ValidAudience 'api'
        $source = $validation | Get-KrJWTKeySource
        $source.MetadataAddress
        $source.FetchCount, $source.FailureCount, $source.KeyIds.Count
        # Output:
        # https://login.example.com/.well-known/openid-configuration
        # 0
        # 0
        # 0

        A source not used yet: where it will fetch, and no fetch so far.
    .EXAMPLE
        $static = New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience'
        try { Get-KrJWTKeySource -ValidationParameter $static } catch { $_.FullyQualifiedErrorId }
        # Output: KrJwt.NoKeySource,Get-KrJWTKeySource

        Parameters with static keys have no source to show.
    .LINK
        about_KrJwt
    .LINK
        Update-KrJWTKeySource
    .LINK
        New-KrJWTValidationParameter
#>
function Get-KrJWTKeySource {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([KrJwt.JwtKeySourceStatus])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtValidationParameters] $ValidationParameter
    )

    process {
        Assert-KrJwtKeySource -ValidationParameter $ValidationParameter -Cmdlet $PSCmdlet
        try {
            $ValidationParameter.GetKeySourceStatus()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $ValidationParameter -Cmdlet $PSCmdlet
            throw
        }
    }
}
