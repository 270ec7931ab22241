function ConvertFrom-KrJwtKeyParameter {
    <#
    .SYNOPSIS
        Collects the keys a cmdlet was given through its multi-valued key parameters.
    .DESCRIPTION
        Shared by New-KrJWTValidationParameter (-HexadecimalKey, ..., -X509Certificate; and -Decryption*)
        and Get-KrJWTInfo (-Decryption*). Returns, as one KrJwt.JwtKey[] (empty when there are none), the
        -Given key objects (nulls skipped), then a key for every non-null value of each bound parameter
        named -Prefix plus HexadecimalKey, Base64Url, Passphrase, Pem, PemPath, JwkJson, JwkPath or
        X509Certificate, in that order; parameters the cmdlet does not have are never bound and are
        skipped. Each value is parsed by ConvertTo-KrJwtKey for -Purpose, and every parsed key is added to
        -Owned as soon as it exists, so the caller can dispose them all, also when a later value fails.
        Errors are left to the caller.
    .PARAMETER BoundParameters
        The calling cmdlet's $PSBoundParameters.
    .PARAMETER Prefix
        '' for the key parameters themselves, 'Decryption' for -DecryptionHexadecimalKey and the like.
    .PARAMETER Purpose
        Verify (signature keys: a certificate's public key is enough) or Decrypt (a certificate must give
        its private key).
    .PARAMETER Given
        Key objects the user gave (-SigningKey, -DecryptionKey); they stay the user's.
    .PARAMETER Owned
        Receives every key parsed here; the caller disposes them.
    .PARAMETER Cmdlet
        The calling cmdlet ($PSCmdlet), for path resolution and file errors.
    #>
    [CmdletBinding()]
    [OutputType([KrJwt.JwtKey[]])]
    param(
        [Parameter(Mandatory)]
        [System.Collections.Generic.IDictionary[string, object]] $BoundParameters,

        [Parameter()]
        [ValidateSet('', 'Decryption')]
        [string] $Prefix = '',

        [Parameter(Mandatory)]
        [ValidateSet('Verify', 'Decrypt')]
        [string] $Purpose,

        [Parameter()]
        [AllowNull()]
        [AllowEmptyCollection()]
        [KrJwt.JwtKey[]] $Given,

        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [System.Collections.Generic.List[KrJwt.JwtKey]] $Owned,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $keys = [System.Collections.Generic.List[KrJwt.JwtKey]]::new()
    foreach ($item in $Given) {
        if ($null -ne $item) {
            $keys.Add($item)
        }
    }
    foreach ($source in 'HexadecimalKey', 'Base64Url', 'Passphrase', 'Pem', 'PemPath', 'JwkJson', 'JwkPath', 'X509Certificate') {
        if ($BoundParameters.ContainsKey("$Prefix$source")) {
            foreach ($value in @($BoundParameters["$Prefix$source"]) | Where-Object { $null -ne $_ }) {
                $parsed = ConvertTo-KrJwtKey -Source $source -Value $value -Purpose $Purpose -Cmdlet $Cmdlet
                $Owned.Add($parsed)
                $keys.Add($parsed)
            }
        }
    }
    # The comma keeps PowerShell from enumerating the array on output.
    , $keys.ToArray()
}
