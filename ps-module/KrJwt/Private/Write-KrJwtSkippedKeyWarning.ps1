function Write-KrJwtSkippedKeyWarning {
    <#
    .SYNOPSIS
        One warning per key of a JWK Set that the library skipped (it cannot use the key), naming the key and why.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [KrJwt.JwtSkippedKey[]] $SkippedKey,
        [Parameter(Mandatory)] [string] $Source,
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet
    )
    foreach ($skipped in $SkippedKey) {
        $Cmdlet.WriteWarning(('{0} skipped key {1}{2}: {3}' -f $Source, $skipped.Index, $(if ($skipped.KeyId) { " (kid $($skipped.KeyId))" } else { '' }), $skipped.Reason))
    }
}
