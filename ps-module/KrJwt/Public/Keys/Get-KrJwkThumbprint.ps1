<#
    .SYNOPSIS
        Computes the RFC 7638 JWK thumbprint of a key given as a JWK or a certificate.
    .DESCRIPTION
        The native library imports the key (kr_jwt_key_import) and hashes its required members in the
        canonical RFC 7638 form with SHA-256 (kr_jwt_key_thumbprint); the result is base64url without
        padding. Works for RSA (e, kty, n), EC (crv, kty, x, y), OKP/Ed25519 (crv, kty, x) and oct (k, kty)
        keys; Kestrun's version supports RSA only. For a certificate, the thumbprint is that of its public
        key (SubjectPublicKeyInfo), which is also the 'kid' KrJwt gives that key when no other is set.
        A JWK that the library cannot read (malformed JSON, unknown kty, missing members, a point not on
        its curve) fails with KrJwt.InvalidKey.
    .PARAMETER Jwk
        The JWK as JSON text, or as a hashtable / PSCustomObject with its members (converted to JSON
        first). Members other than the required ones (kid, alg, use, private members) do not change the
        thumbprint.
    .PARAMETER Certificate
        An X509Certificate2; only its public key is used (no private key needed). Alias: -X509Certificate
        (the name Protect-KrJWT and New-KrJWTValidationParameter use).
    .OUTPUTS
        System.String
    .EXAMPLE
        Get-KrJwkThumbprint -Jwk @{ kty = 'RSA'; e = 'AQAB'; n = '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw' }
        # Output: NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs

        The example of RFC 7638 section 3.1; prints NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
    .EXAMPLE
        New-KrJWTKey -Type Ed25519 | ConvertTo-KrJwk | Get-KrJwkThumbprint

        The thumbprint of an Ed25519 public key from its JWK text (equal to the key's kid).
    .EXAMPLE
        $ecdsa = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=example', $ecdsa, 'SHA256')
        $cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow, [DateTimeOffset]::UtcNow.AddDays(1))
        Get-KrJwkThumbprint -Certificate $cert

        The thumbprint of a certificate's EC public key.
    .LINK
        about_KrJwt
    .LINK
        ConvertTo-KrJwk
#>
function Get-KrJwkThumbprint {
    [CmdletBinding(DefaultParameterSetName = 'Certificate', PositionalBinding = $false)]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'Jwk')]
        [object] $Jwk,

        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'Certificate')]
        [Alias('X509Certificate')]
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate
    )

    process {
        $key = $null
        try {
            $key = if ($PSCmdlet.ParameterSetName -eq 'Certificate') {
                [KrJwt.JwtKey]::FromCertificate($Certificate, $false)
            } else {
                $value = if ($Jwk -is [psobject]) { $Jwk.psobject.BaseObject } else { $Jwk }
                $json = if ($value -is [string]) {
                    $value
                } else {
                    ConvertTo-KrJwtJsonText -Value $Jwk
                }
                [KrJwt.JwtKey]::FromJwk($json)
            }
            $key.GetThumbprint()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $(if ($PSCmdlet.ParameterSetName -eq 'Certificate') { $Certificate } else { $null }) -Cmdlet $PSCmdlet
            throw
        } finally {
            if ($null -ne $key) {
                $key.Dispose()
            }
        }
    }
}
