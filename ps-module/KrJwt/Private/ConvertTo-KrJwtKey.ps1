function ConvertTo-KrJwtKey {
    <#
    .SYNOPSIS
        Turns one key parameter of a public cmdlet into a KrJwt.JwtKey parsed by the native library.
    .DESCRIPTION
        Shared by every cmdlet that takes keys (Protect-KrJWT and Protect-KrJWTPayload for their key
        parameter set, New-KrJWTValidationParameter and Get-KrJWTInfo through
        ConvertFrom-KrJwtKeyParameter) so every way of giving a key is read the same way. Only the
        transport is handled here: files are read (Read-KrJwtKeyFile), certificates give their PKCS#8
        private key (-Purpose Sign or Decrypt), their SubjectPublicKeyInfo (-Purpose Verify), or the private
        key when they have an exportable one and else the public key (-Purpose Encrypt); the parsing, and
        every rule about the key, is the library's (kr_jwt_key_import). The caller owns the returned key
        and disposes it, except with -Source Key: that object is returned as given and is not the
        caller's to dispose.
    .PARAMETER Source
        Which parameter the value came from: HexadecimalKey, Base64Url, KeyBytes, Passphrase, Pem, PemPath,
        JwkJson, JwkPath, X509Certificate, or Key (a KrJwt.JwtKey object).
    .PARAMETER Value
        The parameter's value.
    .PARAMETER Purpose
        Sign or Decrypt (a certificate must give its private key), Verify (its public key is enough) or
        Encrypt (its private key when it can, so results can decrypt; else its public key).
    .PARAMETER Cmdlet
        The calling cmdlet ($PSCmdlet), for path resolution and file errors.
    #>
    [CmdletBinding()]
    [OutputType([KrJwt.JwtKey])]
    param(
        [Parameter(Mandatory)]
        [ValidateSet('HexadecimalKey', 'Base64Url', 'KeyBytes', 'Passphrase', 'Pem', 'PemPath', 'JwkJson', 'JwkPath', 'X509Certificate', 'Key')]
        [string] $Source,

        [Parameter(Mandatory)]
        [AllowNull()]
        [AllowEmptyString()]
        [object] $Value,

        [Parameter(Mandatory)]
        [ValidateSet('Sign', 'Verify', 'Encrypt', 'Decrypt')]
        [string] $Purpose,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    # The rules for each source are the interop's (KrJwt.Commands.KeyInput), shared with the compiled cmdlets;
    # files are read here so a missing one stops the calling cmdlet.
    switch ($Source) {
        'PemPath' { [KrJwt.Commands.KeyInput]::FromParameter('Pem', (Read-KrJwtKeyFile -Path ([string] $Value) -Cmdlet $Cmdlet), $Purpose) }
        'JwkPath' { [KrJwt.Commands.KeyInput]::FromParameter('JwkJson', (Read-KrJwtKeyFile -Path ([string] $Value) -Cmdlet $Cmdlet), $Purpose) }
        default { [KrJwt.Commands.KeyInput]::FromParameter($Source, $Value, $Purpose) }
    }
}
