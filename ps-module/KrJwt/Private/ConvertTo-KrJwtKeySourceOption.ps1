function ConvertTo-KrJwtKeySourceOption {
    <#
    .SYNOPSIS
        The remote key source a cmdlet was given (-Authority, -MetadataAddress or -JwksUri and its limits).
    .DESCRIPTION
        Shared by New-KrJWTValidationParameter (and through it Add-KrJWTBearerAuthentication -Authority).
        Returns a KrJwt.JwtKeySourceOptions with the URL as written (the library checks it: https only unless
        -AllowInsecureHttp, no user info or fragment, ...) and each limit that was bound; unbound ones keep the
        library's defaults. A source brings its own keys, so keys given besides it are refused here with
        KrJwt.InvalidArgument, naming the parameters.
    .PARAMETER BoundParameters
        The calling cmdlet's $PSBoundParameters.
    .PARAMETER KeyCount
        How many signing keys the cmdlet was also given (they must be none).
    #>
    [CmdletBinding()]
    [OutputType([KrJwt.JwtKeySourceOptions])]
    param(
        [Parameter(Mandatory)]
        [System.Collections.Generic.IDictionary[string, object]] $BoundParameters,

        [Parameter(Mandatory)]
        [int] $KeyCount
    )

    $keyParameters = @('SigningKey', 'HexadecimalKey', 'Base64Url', 'Passphrase', 'Pem', 'PemPath', 'JwkJson', 'JwkPath', 'Jwks', 'X509Certificate') |
        Where-Object { $BoundParameters.ContainsKey($_) }
    if ($KeyCount -gt 0 -or $keyParameters) {
        $given = if ($keyParameters) { ' (' + (($keyParameters | ForEach-Object { "-$_" }) -join ', ') + ')' } else { '' }
        throw [KrJwt.KrJwtException]::FromStatus([KrJwt.KrJwtStatus]::InvalidArgument,
            "A validator with -Authority, -MetadataAddress or -JwksUri takes its signing keys from that source; do not give keys$given as well.")
    }
    $source = [KrJwt.JwtKeySourceOptions]::new()
    foreach ($name in 'Authority', 'MetadataAddress', 'JwksUri') {
        if ($BoundParameters.ContainsKey($name)) {
            # As written: [uri] would make a relative or odd text look like a URL, and the library checks it.
            $source.$name = ([uri] $BoundParameters[$name]).OriginalString
        }
    }
    $source.AllowInsecureHttp = $BoundParameters.ContainsKey('AllowInsecureHttp') -and [bool] $BoundParameters['AllowInsecureHttp']
    foreach ($pair in @(
            @('JwksCacheMaxAge', 'CacheMaxAge'), @('JwksRefreshCooldown', 'RefreshCooldown'), @('JwksStaleIfError', 'StaleIfError'),
            @('HttpTimeout', 'HttpTimeout'), @('MaxJwksBytes', 'MaxJwksBytes'))) {
        if ($BoundParameters.ContainsKey($pair[0])) {
            $source.($pair[1]) = $BoundParameters[$pair[0]]
        }
    }
    $source
}
