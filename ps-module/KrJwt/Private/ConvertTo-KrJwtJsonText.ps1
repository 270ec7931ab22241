function ConvertTo-KrJwtJsonText {
    <#
    .SYNOPSIS
        Serialises a claim or header value to compact JSON text for the native library.
    .DESCRIPTION
        Strings, numbers, booleans, arrays and hashtables become their JSON form (ConvertTo-Json -Compress
        -Depth 20). The value is passed with -InputObject so arrays, including one-element arrays, stay
        arrays. A PSObject wrapper is removed first so extended properties (PSPath, ...) are not serialised.
        A value that is not JSON data (a ScriptBlock, a FileInfo, ...) throws a KrJwtException with status
        InvalidArgument instead of being dumped property by property. The rules are the interop's
        (KrJwt.Commands.JsonText), shared with the compiled cmdlets.
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
        [KrJwt.Commands.JsonText]::FromValue($Value)
    }
}
