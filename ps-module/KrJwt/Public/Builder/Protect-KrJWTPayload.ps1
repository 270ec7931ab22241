<#
    .SYNOPSIS
        Encrypts the tokens of a JWT token builder (JWE, nested JWT).
    .DESCRIPTION
        Makes Build-KrJWT wrap the signed token in a JWE (RFC 7516, compact serialization, five segments):
        sign, then encrypt, as a nested JWT (RFC 7519 section 5.2). Signing stays mandatory (Protect-KrJWT);
        only the recipient holding the decryption key can read the claims. The outer (JWE) header is
        alg (key management), enc (content encryption), kid (the key's own id, when it has one: a JWK's
        'kid', or for RSA and EC keys their RFC 7638 thumbprint), cty 'JWT' and typ 'JWT'. A later call
        replaces the encryption settings. The builder is changed in place and emitted again.

        Keys, one parameter set per way of giving one:
        - secrets: -Base64Url, -HexadecimalKey or -KeyBytes;
        - any key type: -Pem, -PemPath, -JwkJson, -JwkPath, -X509Certificate or -Key (a KrJwt.JwtKey from
          New-KrJWTKey). Encrypting needs only the recipient's public key (RSA, or EC P-256/P-384/P-521);
          give the private key (or a certificate with its private key) and the result's validation
          parameters (Get-KrJWTValidationParameter, Test-KrJWT -Result, Update-KrJWT) can also decrypt.
        Files are read now; a path that is not a file fails with KrJwt.KeyFileNotFound.

        -KeyAlg (key management): dir, A128KW, A192KW, A256KW, RSA-OAEP, RSA-OAEP-256, ECDH-ES,
        ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW (Kestrun's spelling without '+', ECDH-ESA128KW ...,
        is accepted too). -EncAlg (content encryption): A128GCM, A192GCM, A256GCM, A128CBC-HS256,
        A192CBC-HS384, A256CBC-HS512. Names are case-insensitive; tab completion offers them, and the
        native library decides what is valid: RSA1_5 is refused (RFC 8725: padding oracles), as are
        PBES2-*, A*GCMKW and unknown names (KrJwt.UnknownAlgorithm).

        Empty -KeyAlg/-EncAlg take defaults that work (Kestrun's do not: its AES-GCM and ECDH-ES fail):
        a secret -> dir, with the content encryption fitting the secret's length (16 bytes A128GCM,
        24 A192GCM, 32 A256GCM, 48 A192CBC-HS384, 64 A256CBC-HS512); an RSA key -> RSA-OAEP + A256GCM;
        an EC key -> ECDH-ES + A256GCM. An explicit -KeyAlg other than dir without -EncAlg uses A256GCM.

        Every problem is reported by this call, not by Build-KrJWT: a key that does not fit the key
        management (an RSA key with A128KW, a secret with RSA-OAEP: KrJwt.AlgorithmKeyMismatch), a secret
        shorter than the algorithm needs (dir with A256GCM needs 32 bytes, A128KW 16: KrJwt.KeyTooShort),
        a secret of the wrong length or a key that cannot encrypt (Ed25519, secp256k1, unparsable text:
        KrJwt.InvalidKey). Unlike Kestrun, the key-wrap key is checked against the key wrap (A128KW: 16
        bytes), not against the content encryption. The key never appears in output or errors.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER HexadecimalKey
        A secret as hexadecimal text, e.g. 64 hex digits for 32 bytes.
    .PARAMETER Base64Url
        A secret as base64url text (RFC 4648 section 5, padding optional).
    .PARAMETER Passphrase
        A secret as a passphrase; its UTF-8 bytes are the key (16, 24, 32, 48 or 64 bytes for 'dir' and the
        AES key wraps).
    .PARAMETER KeyBytes
        A secret as raw bytes.
    .PARAMETER Pem
        A key as PEM text: the recipient's public key (SPKI 'PUBLIC KEY', 'RSA PUBLIC KEY'), a certificate,
        or a private key (then results can also decrypt).
    .PARAMETER PemPath
        Path of a PEM file; relative paths and '~' are resolved against the current location.
    .PARAMETER JwkJson
        A key as a JWK (JSON text): kty oct (with k), RSA or EC (P-256, P-384, P-521), public or private.
    .PARAMETER JwkPath
        Path of a file holding a JWK (JSON text).
    .PARAMETER X509Certificate
        The recipient's certificate (System.Security.Cryptography.X509Certificates.X509Certificate2, RSA or
        ECDSA). Its public key is enough; when it has an exportable private key, that is used so results
        can also decrypt.
    .PARAMETER Key
        A key object from New-KrJWTKey (or [KrJwt.JwtKey]::FromPem(), FromJwk(), ...). The builder keeps its
        own reference, so the object may be disposed afterwards.
    .PARAMETER KeyAlg
        The JWE key management algorithm ('alg'); empty (default) = the default for the key. Completes with
        dir, A128KW, A192KW, A256KW, RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW,
        ECDH-ES+A256KW.
    .PARAMETER EncAlg
        The JWE content encryption algorithm ('enc'); empty (default) = the default for the key and key
        management. Completes with A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Add-KrJWTSubject -Subject 'user42' |
            Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' |
            Protect-KrJWTPayload -HexadecimalKey '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff' |
            Build-KrJWT
        $built.OuterHeader
        Test-KrJWT -Token $built.Token -Result $built

        A 32-byte secret encrypts with dir + A256GCM; the result's validation parameters decrypt, so the
        token validates: prints the JWE header, then True.
    .EXAMPLE
        $recipient = New-KrJWTKey -Type RSA
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTSubject -Subject 'user42' |
            Protect-KrJWT -Key (New-KrJWTKey -Type EC) |
            Protect-KrJWTPayload -Pem $recipient.PublicPem -KeyAlg 'RSA-OAEP-256' -EncAlg 'A256CBC-HS512'
        $builder.Encryption
        $token = ($builder | Build-KrJWT).Token
        Get-KrJWTInfo -Token $token -DecryptionKey $recipient | Format-List Encrypted, OuterHeader, Issuer, Subject

        The sender knows only the recipient's RSA public key; the builder shows its encryption settings
        (never a key), and the recipient, with its private key, can read the claims.
    .EXAMPLE
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=recipient', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(1))
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey ('ab' * 32) | Protect-KrJWTPayload -X509Certificate $cert | Build-KrJWT
        '{0} + {1}, kid {2}' -f $built.OuterHeader.alg, $built.OuterHeader.enc, $built.OuterHeader.kid

        Encrypts to a certificate (here a self-signed one): RSA-OAEP + A256GCM by default; the kid is the
        key's RFC 7638 thumbprint.
    .EXAMPLE
        $signing = New-KrJWTKey -Type EC
        $recipient = New-KrJWTKey -Type EC -Curve P-256
        $token = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -Key $signing |
            Protect-KrJWTPayload -JwkJson $recipient.PublicJwk -KeyAlg 'ECDH-ESA256KW' | Build-KrJWT).Token
        $validation = New-KrJWTValidationParameter -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -Pem $signing.PublicPem -DecryptionKey $recipient
        Test-KrJWT -Token $token -ValidationParameter $validation -PassThru | Format-List IsValid, Reason, Claims

        The sender encrypts to the recipient's public EC key (Kestrun's spelling ECDH-ESA256KW is
        ECDH-ES+A256KW); the recipient decrypts with its private key and verifies the signature.
    .EXAMPLE
        try {
            New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey ('ab' * 32) | Protect-KrJWTPayload -Key (New-KrJWTKey -Type RSA) -KeyAlg 'RSA1_5'
        } catch {
            $_.FullyQualifiedErrorId
            $_.Exception.Message
        }

        RSA1_5 is refused (RFC 8725): prints KrJwt.UnknownAlgorithm,Protect-KrJWTPayload and the reason.
    .LINK
        about_KrJwt
    .LINK
        Protect-KrJWT
    .LINK
        Build-KrJWT
    .LINK
        New-KrJWTValidationParameter
    .LINK
        Get-KrJWTInfo
#>
function Protect-KrJWTPayload {
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

        # Completion only: the library decides which names are valid (e.g. it refuses RSA1_5 with a reason).
        [Parameter()]
        [AllowEmptyString()]
        [AllowNull()]
        [ArgumentCompletions('dir', 'A128KW', 'A192KW', 'A256KW', 'RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES',
            'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW')]
        [string] $KeyAlg = '',

        [Parameter()]
        [AllowEmptyString()]
        [AllowNull()]
        [ArgumentCompletions('A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512')]
        [string] $EncAlg = ''
    )

    process {
        $setName = $PSCmdlet.ParameterSetName
        $encryptionKey = $null
        try {
            $encryptionKey = ConvertTo-KrJwtKey -Source $setName -Value $PSBoundParameters[$setName] -Purpose Encrypt -Cmdlet $PSCmdlet
            # '' (the default) and $null both mean "the library's default for this key".
            $null = $Builder.ProtectPayload($encryptionKey, [string] $KeyAlg, [string] $EncAlg)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        } finally {
            # The builder holds its own reference to the parsed key; a caller's -Key stays theirs.
            if ($null -ne $encryptionKey -and $setName -ne 'Key') {
                $encryptionKey.Dispose()
            }
        }
        $Builder
    }
}
