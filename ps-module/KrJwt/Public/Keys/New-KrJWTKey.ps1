<#
    .SYNOPSIS
        Generates a signing key: an HMAC secret, an RSA key pair, an EC key pair or an Ed25519 key pair.
    .DESCRIPTION
        The native library generates the key (kr_jwt_key_generate_spec, from the operating system's secure
        random source) and keeps it; the returned KrJwt.JwtKey object holds only a handle. It shows the key
        type, size, curve and 'kid' (the RFC 7638 thumbprint for RSA, EC and Ed25519 keys; secrets have
        none), never the key material.
        Use the key with Protect-KrJWT -Key and New-KrJWTValidationParameter -SigningKey. Read its public
        part from the PublicJwk and PublicPem properties (null for HMAC secrets, which have no public part),
        publish public keys with Export-KrJwks, and export private material only explicitly, with
        ConvertTo-KrJwk -IncludePrivate.
        Sizes: HMAC 256 bits by default (at least 256, a multiple of 8; 384 and 512 suit HS384 and
        HS512); RSA 2048 (default), 3072 or 4096 bits; EC by curve P-256 (default), P-384 or P-521;
        Ed25519 has one size; so has secp256k1 (-Type EC -Curve secp256k1, for ES256K).
    .PARAMETER Type
        HMAC, RSA, EC, secp256k1 or Ed25519 (the library's list).
    .PARAMETER Bits
        Key size in bits for HMAC and RSA keys (alias Size). For EC keys 256, 384 or 521 select the curve
        like -Curve does.
    .PARAMETER Curve
        The curve of an EC key: P-256 (default), P-384, P-521 or secp256k1.
    .OUTPUTS
        KrJwt.JwtKey
    .EXAMPLE
        New-KrJWTKey -Type EC -Curve P-256

        A P-256 key pair; shows its type, size and kid.
    .EXAMPLE
        $key = New-KrJWTKey -Type HMAC -Bits 512
        $built = New-KrJWTBuilder | Protect-KrJWT -Key $key | Build-KrJWT
        $built.Algorithm

        A 64-byte secret; Auto signs with HS512.
    .EXAMPLE
        $key = New-KrJWTKey -Type Ed25519
        $key.PublicJwk

        The public JWK of a new Ed25519 key (kty OKP); the private part stays in the library.
    .LINK
        about_KrJwt
    .LINK
        ConvertTo-KrJwk
    .LINK
        Export-KrJwks
    .LINK
        Protect-KrJWT
#>
function New-KrJWTKey {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([KrJwt.JwtKey])]
    param(
        [Parameter(Mandatory, Position = 0)]
        [ValidateSet([KrJwt.KeyTypeValues])]
        [string] $Type,

        [Parameter()]
        [Alias('Size')]
        [ValidateRange(0, [int]::MaxValue)]
        [int] $Bits,

        [Parameter()]
        [ValidateSet([KrJwt.CurveValues])]
        [string] $Curve
    )

    try {
        # The library holds the defaults (HMAC 256 bits, RSA 2048, EC P-256) and the curve rules.
        $size = if ($PSBoundParameters.ContainsKey('Bits')) { [Nullable[int]] $Bits } else { [Nullable[int]] $null }
        $curveName = if ($PSBoundParameters.ContainsKey('Curve')) { $Curve } else { [NullString]::Value }
        [KrJwt.JwtKey]::Generate($Type, $size, $curveName)
    } catch {
        Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Type -Cmdlet $PSCmdlet
        throw
    }
}
