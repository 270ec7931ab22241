<#
    .SYNOPSIS
        Sets the signing key and algorithm of a JWT token builder.
    .DESCRIPTION
        Gives the builder the key its tokens are signed with; a later call replaces it. There is one
        parameter set per way of giving a key:
        - HMAC secrets: -HexadecimalKey, -Base64Url or -Passphrase (the UTF-8 bytes of a SecureString);
        - any key type: -Pem (PEM text), -PemPath (a PEM file), -JwkJson (a JWK), -JwkPath (a JWK file),
          -X509Certificate (a certificate with its private key) or -Key (a KrJwt.JwtKey from New-KrJWTKey).
        PEM may be PKCS#8, PKCS#1 (RSA), SEC1 (EC) or, for validation only, a public key or a certificate.
        Files are read now; a path that is not a file fails with KrJwt.KeyFileNotFound.

        The key is parsed now, by the native library, and every problem is reported by this call, not by
        Build-KrJWT: a malformed key (odd-length or non-hex text, bad base64url, unparsable PEM or JWK,
        a public key or a certificate without private key: KrJwt.InvalidKey), a key that is too short
        (HMAC shorter than the hash, RSA under 2048 bits: KrJwt.KeyTooShort), or an algorithm that does
        not fit the key (an RSA key with ES256, a P-256 key with ES384, a JWK whose 'alg' names another
        algorithm: KrJwt.AlgorithmKeyMismatch). The key never appears in output, format views or error
        messages.

        With -Algorithm Auto the library chooses: a JWK's own 'alg'; for secrets by length as Kestrun does
        (under 48 bytes HS256, 48 to 63 bytes HS384, 64 bytes or more HS512); RS256 for RSA; ES256, ES384,
        ES512 or ES256K by the EC curve; EdDSA for Ed25519. Unlike Kestrun, PS256/PS384/PS512, ES256K and
        EdDSA are accepted, and an EC key is never signed with another curve's algorithm.

        The 'kid' header is, unless -KeyId is given, the JWK's own 'kid', or for RSA, EC and Ed25519 keys
        their RFC 7638 thumbprint (the same id validation parameters made from the public key carry, so
        key rotation by 'kid' works); secrets get no 'kid'.

        Certificates: the private key (RSA or ECDSA) is exported as PKCS#8 and handed to the library; it
        must be exportable. .NET's X509Certificate2 has no API for Ed25519 private keys, so Ed25519
        certificates cannot sign here: give such a key with -Pem, -PemPath or -JwkJson.

        The builder is changed in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER HexadecimalKey
        An HMAC secret as hexadecimal text (upper or lower case), e.g. 64 hex digits for 32 bytes.
    .PARAMETER Base64Url
        An HMAC secret as base64url text (RFC 4648 section 5, padding optional).
    .PARAMETER Passphrase
        An HMAC secret as a passphrase; its UTF-8 bytes are the key.
    .PARAMETER KeyBytes
        An HMAC secret as raw bytes.
    .PARAMETER Pem
        A private key as PEM text (one block: PKCS#8 'PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY').
    .PARAMETER PemPath
        Path of a PEM file holding the private key; relative paths and '~' are resolved against the
        current location.
    .PARAMETER JwkJson
        A private key as a JWK (JSON text): kty oct (with k), RSA, EC (P-256, P-384, P-521, secp256k1) or
        OKP (Ed25519), with its private members.
    .PARAMETER JwkPath
        Path of a file holding a JWK (JSON text).
    .PARAMETER X509Certificate
        A certificate (System.Security.Cryptography.X509Certificates.X509Certificate2) with an RSA or ECDSA
        private key. A certificate without private key fails with KrJwt.InvalidKey.
    .PARAMETER Key
        A key object from New-KrJWTKey (or [KrJwt.JwtKey]::FromPem(), FromJwk(), ...). The builder keeps
        its own reference, so the object may be disposed afterwards.
    .PARAMETER Algorithm
        Auto (default), HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384,
        ES512, ES256K or EdDSA. The key decides which ones fit.
    .PARAMETER KeyId
        The 'kid' header to write instead of the key's own id.
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
    .EXAMPLE
        $key = New-KrJWTKey -Type EC -Curve P-384
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -Key $key | Build-KrJWT
        '{0} kid={1}' -f $built.Algorithm, $built.KeyId

        Auto picks ES384 for a P-384 key; the kid is the key's RFC 7638 thumbprint.
    .EXAMPLE
        $pem = (New-KrJWTKey -Type RSA | ConvertTo-KrJwk -AsPem -IncludePrivate)
        $built = New-KrJWTBuilder | Protect-KrJWT -Pem $pem -Algorithm PS256 | Build-KrJWT
        $built.Header

        Signs with RSASSA-PSS from a PKCS#8 PEM private key.
    .EXAMPLE
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=signer', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(1))
        (New-KrJWTBuilder | Protect-KrJWT -X509Certificate $cert -Algorithm RS256 | Build-KrJWT).Algorithm

        Signs with the private key of a (here self-signed) certificate; prints RS256.
    .LINK
        about_KrJwt
    .LINK
        New-KrJWTKey
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

        [Parameter(Mandatory, ParameterSetName = 'KeyBytes')]
        [AllowEmptyCollection()]
        [byte[]] $KeyBytes,

        [Parameter(Mandatory, ParameterSetName = 'Pem')]
        [AllowEmptyString()]
        [string] $Pem,

        [Parameter(Mandatory, ParameterSetName = 'PemPath')]
        [string] $PemPath,

        [Parameter(Mandatory, ParameterSetName = 'JwkJson')]
        [AllowEmptyString()]
        [string] $JwkJson,

        [Parameter(Mandatory, ParameterSetName = 'JwkPath')]
        [string] $JwkPath,

        [Parameter(Mandatory, ParameterSetName = 'X509Certificate')]
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $X509Certificate,

        [Parameter(Mandatory, ParameterSetName = 'Key')]
        [KrJwt.JwtKey] $Key,

        [Parameter()]
        [ValidateSet([KrJwt.SigningAlgorithmOrAutoValues])]
        [string] $Algorithm = 'Auto',

        [Parameter()]
        [string] $KeyId
    )

    process {
        $setName = $PSCmdlet.ParameterSetName
        $signingKey = $null
        try {
            $signingKey = ConvertTo-KrJwtKey -Source $setName -Value $PSBoundParameters[$setName] -Purpose Sign -Cmdlet $PSCmdlet
            # [NullString] because PowerShell turns $null into '' when calling a .NET string parameter.
            $kid = if ($PSBoundParameters.ContainsKey('KeyId')) { $KeyId } else { [NullString]::Value }
            $null = $Builder.Protect($signingKey, $Algorithm, $kid)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        } finally {
            # The builder holds its own reference to the parsed key; a caller's -Key stays theirs.
            if ($null -ne $signingKey -and $setName -ne 'Key') {
                $signingKey.Dispose()
            }
        }
        $Builder
    }
}
