function ConvertTo-KrJwtJsonText {
    <#
    .SYNOPSIS
        Serialises a claim or header value to compact JSON text for the native library.
    .DESCRIPTION
        Strings, numbers, booleans, arrays and hashtables become their JSON form (ConvertTo-Json -Compress
        -Depth 20). The value is passed with -InputObject so arrays, including one-element arrays, stay
        arrays. A PSObject wrapper is removed first so extended properties (PSPath, ...) are not serialised.
        A value that is not JSON data (a ScriptBlock, a FileInfo, ...; see Find-KrJwtNonJsonValue) throws a
        KrJwtException with status InvalidArgument instead of being dumped property by property.
    .PARAMETER Value
        The value to serialise.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [AllowEmptyString()]
        [AllowEmptyCollection()]
        [object] $Value
    )

    process {
        if ($Value -is [psobject] -and $Value.psobject.BaseObject -isnot [System.Management.Automation.PSCustomObject]) {
            $Value = $Value.psobject.BaseObject
        }
        $notData = Find-KrJwtNonJsonValue -Value $Value
        if ($notData) {
            throw [KrJwt.KrJwtException]::FromStatus([KrJwt.KrJwtStatus]::InvalidArgument, "The value is not JSON data: it contains $notData. Give strings, numbers, booleans, arrays or hashtables.")
        }
        ConvertTo-Json -InputObject $Value -Compress -Depth 20
    }
}
