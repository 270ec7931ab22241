<#
    .SYNOPSIS
        Sets the signing key and algorithm of a JWT token builder.
    .DESCRIPTION
        Gives the builder the key its tokens are signed with; a later call replaces it. There is one
        parameter set per way of giving a key: -HexadecimalKey, -Base64Url or -Passphrase (UTF-8 bytes of
        a SecureString). The key is parsed now, by the native library, so a malformed key (odd-length or
        non-hex text, bad base64url: KrJwt.InvalidKey), a key shorter than the hash (KrJwt.KeyTooShort) or
        an algorithm that does not fit the key (KrJwt.AlgorithmKeyMismatch) fails at this call, not at
        Build-KrJWT. The key never appears in output, format views or error messages.
        With -Algorithm Auto the library chooses as Kestrun does: by secret length, under 48 bytes HS256,
        48 to 63 bytes HS384, 64 bytes or more HS512. The builder is changed in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER HexadecimalKey
        The HMAC secret as hexadecimal text (upper or lower case), e.g. 64 hex digits for 32 bytes.
    .PARAMETER Base64Url
        The HMAC secret as base64url text (RFC 4648 section 5, padding optional).
    .PARAMETER Passphrase
        The HMAC secret as a passphrase; its UTF-8 bytes are the key.
    .PARAMETER Algorithm
        Auto (default), HS256, HS384 or HS512.
    .PARAMETER KeyId
        The 'kid' header to write. When omitted the library decides (see the result's KeyId).
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -Algorithm HS256
        $builder.Algorithm

        Signs with a 32-byte secret; prints HS256.
    .EXAMPLE
        $secret = ConvertTo-SecureString 'correct horse battery staple, long enough for HS256' -AsPlainText -Force
        New-KrJWTBuilder | Protect-KrJWT -Passphrase $secret -KeyId 'key-2024'

        Signs with a passphrase and names the key 'key-2024'.
    .LINK
        Build-KrJWT
#>
function Protect-KrJWT {
    [CmdletBinding(DefaultParameterSetName = 'Base64Url', PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, ParameterSetName = 'HexadecimalKey')]
        [AllowEmptyString()]
        [string] $HexadecimalKey,

        [Parameter(Mandatory, ParameterSetName = 'Base64Url')]
        [AllowEmptyString()]
        [string] $Base64Url,

        [Parameter(Mandatory, ParameterSetName = 'Passphrase')]
        [securestring] $Passphrase,

        [Parameter()]
        [ValidateSet('Auto', 'HS256', 'HS384', 'HS512')]
        [string] $Algorithm = 'Auto',

        [Parameter()]
        [string] $KeyId
    )

    process {
        $key = $null
        try {
            $key = switch ($PSCmdlet.ParameterSetName) {
                'HexadecimalKey' { [KrJwt.JwtKey]::FromHex($HexadecimalKey) }
                'Base64Url' { [KrJwt.JwtKey]::FromBase64Url($Base64Url) }
                'Passphrase' { [KrJwt.JwtKey]::FromPassphrase($Passphrase) }
            }
            # [NullString] because PowerShell turns $null into '' when calling a .NET string parameter.
            $kid = if ($PSBoundParameters.ContainsKey('KeyId')) { $KeyId } else { [NullString]::Value }
            $null = $Builder.Protect($key, $Algorithm, $kid)
        } catch {
            $record = Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder
            if ($record) {
                $PSCmdlet.ThrowTerminatingError($record)
            }
            throw
        } finally {
            # The builder holds its own reference to the parsed key.
            if ($null -ne $key) {
                $key.Dispose()
            }
        }
        $Builder
    }
}
