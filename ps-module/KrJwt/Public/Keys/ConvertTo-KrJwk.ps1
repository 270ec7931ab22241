<#
    .SYNOPSIS
        Exports a key as a JWK (JSON text) or as PEM.
    .DESCRIPTION
        Writes a KrJwt.JwtKey (from New-KrJWTKey, or [KrJwt.JwtKey]::FromPem(), FromJwk(), FromCertificate())
        in the format the native library produces (kr_jwt_key_export):
        - by default the public JWK: kty, its public members (n/e, crv/x/y, crv/x) and kid, members sorted
          by name; a single key is written without 'alg' and 'use' (Export-KrJwkSet writes both, 'use' as
          'sig');
        - with -IncludePrivate, the private members as well (d, p, q, dp, dq, qi; for an HMAC secret 'k');
        - with -AsPem, a PEM SubjectPublicKeyInfo ('PUBLIC KEY') block, or with -IncludePrivate a PKCS#8
          ('PRIVATE KEY') block.
        Private material is only written when -IncludePrivate is given. An HMAC secret has no public part,
        so without -IncludePrivate it fails with KrJwt.InvalidArgument; it has no PEM form at all. Treat
        output made with -IncludePrivate as a secret.
    .PARAMETER Key
        The key to export. Accepts pipeline input; one output per key.
    .PARAMETER IncludePrivate
        Also write the private members (or the PKCS#8 private key with -AsPem).
    .PARAMETER AsPem
        Write PEM instead of a JWK (RSA, EC and Ed25519 keys only).
    .OUTPUTS
        System.String
    .EXAMPLE
        New-KrJWTKey -Type EC | ConvertTo-KrJwk
        # Output like: {"crv":"P-256","kid":"*","kty":"EC","x":"*","y":"*"}

        The public JWK of a new P-256 key (new random values each time, hence the wildcards): crv, kid (its
        RFC 7638 thumbprint), kty and the public point x, y; no 'alg' or 'use' (a JWK Set from Export-KrJwkSet
        has both).
    .EXAMPLE
        $key = New-KrJWTKey -Type RSA
        $key | ConvertTo-KrJwk -AsPem
        $privatePem = $key | ConvertTo-KrJwk -AsPem -IncludePrivate

        Shows the public key as PEM; keeps the PKCS#8 private key (a secret) in a variable.
    .EXAMPLE
        New-KrJWTKey -Type HMAC -Bits 384 | ConvertTo-KrJwk -IncludePrivate

        An oct JWK carrying the secret in 'k'; without -IncludePrivate a secret is refused.
    .LINK
        about_KrJwt
    .LINK
        New-KrJWTKey
    .LINK
        Export-KrJwkSet
#>
function ConvertTo-KrJwk {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, Position = 0)]
        [KrJwt.JwtKey] $Key,

        [Parameter()]
        [switch] $IncludePrivate,

        [Parameter()]
        [switch] $AsPem
    )

    process {
        try {
            if ($AsPem) {
                $Key.ExportPem($IncludePrivate.IsPresent)
            } else {
                $Key.ExportJwk($IncludePrivate.IsPresent)
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Key -Cmdlet $PSCmdlet
            throw
        }
    }
}
