<#
    .SYNOPSIS
        Decodes a JWT WITHOUT validating it.
    .DESCRIPTION
        Shows what a token says, for diagnostics: Header, Payload, Issuer, Subject, Audiences, NotBefore,
        Expires, IssuedAt (UTC), Algorithm, KeyId, Type and Claims (the payload without registered names).
        Nothing is verified: a forged or expired token decodes just the same; use Test-KrJWT to decide
        whether to trust it. A malformed token is an error (KrJwt.MalformedToken).

        An encrypted token (JWE, e.g. from Protect-KrJWTPayload) shows its header only: Encrypted = True,
        Header and OuterHeader are the JWE header (alg, enc, cty, kid), there are no claims. With a
        decryption key (-DecryptionKey, -DecryptionHexadecimalKey, -DecryptionBase64Url, -DecryptionPassphrase, -DecryptionPem,
        -DecryptionPemPath, -DecryptionJwkJson, -DecryptionJwkPath, -DecryptionX509Certificate) the native library decrypts it (kr_jwt_decrypt_decode) and the inner signed
        token is shown: Header, claims and dates are the inner token's, OuterHeader the JWE header,
        Encrypted and Decrypted = True. Still nothing is validated, not even the inner signature. A JWE
        that none of the keys decrypts is an error (e.g. KrJwt.InvalidSignature when authentication of the
        ciphertext fails); tokens that are not encrypted ignore the keys.
    .PARAMETER Token
        The compact token. Accepts pipeline input: strings, and by property name the Token of any object (a
        Build-KrJWT result, Import-Csv records with a Token column). Any other pipeline object is refused
        with a non-terminating KrJwt.InvalidPipelineInput error (InvalidArgument).
    .PARAMETER DecryptionKey
        Key objects (KrJwt.JwtKey) to decrypt a JWE with: secrets, RSA or EC private keys.
    .PARAMETER DecryptionHexadecimalKey
        Decryption secrets as hexadecimal text.
    .PARAMETER DecryptionBase64Url
        Decryption secrets as base64url text.
    .PARAMETER DecryptionPassphrase
        A decryption secret as a passphrase; its UTF-8 bytes are the key.
    .PARAMETER DecryptionPem
        Decryption private keys as PEM text.
    .PARAMETER DecryptionPemPath
        Paths of PEM files holding decryption private keys.
    .PARAMETER DecryptionJwkJson
        Decryption keys as single JWKs (JSON text, with private members).
    .PARAMETER DecryptionJwkPath
        Paths of JWK files holding decryption keys.
    .PARAMETER DecryptionX509Certificate
        Certificates with private keys (RSA or EC) to decrypt with.
    .OUTPUTS
        KrJwt.JwtInfo
    .EXAMPLE
        $token = New-KrJWTBuilder | Add-KrJWTSubject -Subject 'user42' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT | Get-KrJWTToken
        Get-KrJWTInfo -Token $token | Format-List *

        Shows every decoded part; Subject is user42.
    .EXAMPLE
        $token = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT | Get-KrJWTToken
        ($token | Get-KrJWTInfo).Header

        Tokens can be piped in.
    .EXAMPLE
        $secret = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
        $token = New-KrJWTBuilder | Add-KrJWTSubject -Subject 'user42' | Protect-KrJWT -HexadecimalKey ('ab' * 32) |
            Protect-KrJWTPayload -HexadecimalKey $secret | Build-KrJWT | Get-KrJWTToken
        (Get-KrJWTInfo -Token $token).OuterHeader
        Get-KrJWTInfo -Token $token -DecryptionHexadecimalKey $secret | Format-List Encrypted, Decrypted, Algorithm, Subject, OuterHeader

        A JWE: without a key only its header (dir, A256GCM, cty JWT); with the key the inner token too
        (HS256, subject user42).
    .LINK
        about_KrJwt
    .LINK
        Test-KrJWT
#>
function Get-KrJWTInfo {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtInfo])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName, Position = 0)]
        [AllowEmptyString()]
        [string] $Token,

        [Parameter()]
        [KrJwt.JwtKey[]] $DecryptionKey,

        [Parameter()]
        [string[]] $DecryptionHexadecimalKey,

        [Parameter()]
        [string[]] $DecryptionBase64Url,

        [Parameter()]
        [securestring] $DecryptionPassphrase,

        [Parameter()]
        [string[]] $DecryptionPem,

        [Parameter()]
        [string[]] $DecryptionPemPath,

        [Parameter()]
        [string[]] $DecryptionJwkJson,

        [Parameter()]
        [string[]] $DecryptionJwkPath,

        [Parameter()]
        [System.Security.Cryptography.X509Certificates.X509Certificate2[]] $DecryptionX509Certificate
    )

    begin {
        # Bound before any pipeline input arrives: -Token given on the command line.
        $tokenFromPipeline = -not $PSBoundParameters.ContainsKey('Token')
        $ownedKeys = [System.Collections.Generic.List[KrJwt.JwtKey]]::new()
        try {
            $keys = ConvertFrom-KrJwtKeyParameter -BoundParameters $PSBoundParameters -Prefix Decryption -Purpose Decrypt -Given $DecryptionKey -Owned $ownedKeys -Cmdlet $PSCmdlet
        } catch {
            foreach ($owned in $ownedKeys) {
                $owned.Dispose()
            }
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $null -Cmdlet $PSCmdlet
            throw
        }
    }

    process {
        if ($tokenFromPipeline -and $MyInvocation.ExpectingInput -and -not (Test-KrJwtTokenInput -InputObject $_ -Cmdlet $PSCmdlet)) {
            return
        }
        try {
            if ($keys.Length -gt 0) {
                [KrJwt.JwtInfo]::Decode($Token, $keys)
            } else {
                [KrJwt.JwtInfo]::Decode($Token)
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $null -Cmdlet $PSCmdlet
            throw
        }
    }

    clean {
        # Keys read from text here are this call's (also after an error); the caller's -DecryptionKey
        # objects stay theirs.
        foreach ($owned in $ownedKeys) {
            $owned.Dispose()
        }
    }
}
