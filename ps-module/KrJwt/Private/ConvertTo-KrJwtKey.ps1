function ConvertTo-KrJwtKey {
    <#
    .SYNOPSIS
        Turns one key parameter of a public cmdlet into a KrJwt.JwtKey parsed by the native library.
    .DESCRIPTION
        Shared by Protect-KrJWT, Protect-KrJWTPayload, New-KrJWTValidationParameter and Get-KrJWTInfo so
        every way of giving a key is read the same way. Only the transport is handled here: files are read
        (Read-KrJwtKeyFile), certificates give their PKCS#8 private key (-Purpose Sign, also used for
        decryption keys), their SubjectPublicKeyInfo (-Purpose Verify), or the private key when they have
        an exportable one and else the public key (-Purpose Encrypt); the parsing, and every rule about
        the key, is the library's (kr_jwt_key_import). The caller owns the returned key and disposes it.
    .PARAMETER Source
        Which parameter the value came from: HexadecimalKey, Base64Url, KeyBytes, Passphrase, Pem, PemPath,
        JwkJson, JwkPath or X509Certificate.
    .PARAMETER Value
        The parameter's value.
    .PARAMETER Purpose
        Sign (a certificate must give its private key), Verify (its public key is enough) or Encrypt (its
        private key when it can, so results can decrypt; else its public key).
    .PARAMETER Cmdlet
        The calling cmdlet ($PSCmdlet), for path resolution and file errors.
    #>
    [CmdletBinding()]
    [OutputType([KrJwt.JwtKey])]
    param(
        [Parameter(Mandatory)]
        [ValidateSet('HexadecimalKey', 'Base64Url', 'KeyBytes', 'Passphrase', 'Pem', 'PemPath', 'JwkJson', 'JwkPath', 'X509Certificate')]
        [string] $Source,

        [Parameter(Mandatory)]
        [AllowNull()]
        [AllowEmptyString()]
        [object] $Value,

        [Parameter(Mandatory)]
        [ValidateSet('Sign', 'Verify', 'Encrypt')]
        [string] $Purpose,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    switch ($Source) {
        'HexadecimalKey' { [KrJwt.JwtKey]::FromHex([string] $Value) }
        'Base64Url' { [KrJwt.JwtKey]::FromBase64Url([string] $Value) }
        'KeyBytes' { [KrJwt.JwtKey]::FromBytes([byte[]] $Value) }
        'Passphrase' { [KrJwt.JwtKey]::FromPassphrase([securestring] $Value) }
        'Pem' { [KrJwt.JwtKey]::FromPem([string] $Value) }
        'PemPath' { [KrJwt.JwtKey]::FromPem((Read-KrJwtKeyFile -Path ([string] $Value) -Cmdlet $Cmdlet)) }
        'JwkJson' { [KrJwt.JwtKey]::FromJwk([string] $Value) }
        'JwkPath' { [KrJwt.JwtKey]::FromJwk((Read-KrJwtKeyFile -Path ([string] $Value) -Cmdlet $Cmdlet)) }
        'X509Certificate' {
            $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2] $Value
            if ($Purpose -eq 'Encrypt') {
                [KrJwt.JwtKey]::FromCertificate($certificate)
            } else {
                [KrJwt.JwtKey]::FromCertificate($certificate, $Purpose -eq 'Sign')
            }
        }
    }
}
