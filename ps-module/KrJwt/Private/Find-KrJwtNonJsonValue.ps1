function Find-KrJwtNonJsonValue {
    <#
    .SYNOPSIS
        Finds the first part of a claim or header value that is not JSON data.
    .DESCRIPTION
        JSON data is: $null, strings and characters, booleans, numbers, DateTime/DateTimeOffset (written as
        ISO 8601 text), Guid, Uri and enum values, and arrays, lists, hashtables, dictionaries and
        PSCustomObjects made of those, at most 20 levels deep. Anything else (a ScriptBlock, a
        FileInfo, a process, ...) would be serialised by ConvertTo-Json as a dump of its .NET properties,
        which is never what a token should carry. Returns a description of the first offending part
        ("ScriptBlock at value[1]"), or $null when the whole value is data.
    .PARAMETER Value
        The value to inspect.
    .PARAMETER Where
        Path of the value in the top-level value, for the message.
    .PARAMETER Depth
        Current nesting depth.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [AllowEmptyString()]
        [AllowEmptyCollection()]
        [object] $Value,

        [Parameter()]
        [string] $Where = 'value',

        [Parameter()]
        [int] $Depth = 0
    )

    if ($Depth -gt 20) {
        return "a value nested deeper than 20 levels at $Where"
    }
    if ($null -eq $Value) {
        return $null
    }
    if ($Value -is [psobject] -and $Value.psobject.BaseObject -isnot [System.Management.Automation.PSCustomObject]) {
        $Value = $Value.psobject.BaseObject
    }
    $leafTypes = @(
        [string], [char], [bool], [byte], [sbyte], [int16], [uint16], [int], [uint32], [long], [uint64],
        [single], [double], [decimal], [System.Numerics.BigInteger], [datetime], [System.DateTimeOffset],
        [guid], [uri], [enum]
    )
    foreach ($type in $leafTypes) {
        if ($Value -is $type) {
            return $null
        }
    }
    if ($Value -is [System.Collections.IDictionary]) {
        foreach ($entry in $Value.GetEnumerator()) {
            $found = Find-KrJwtNonJsonValue -Value $entry.Value -Where "$Where[$($entry.Key)]" -Depth ($Depth + 1)
            if ($found) {
                return $found
            }
        }
        return $null
    }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        foreach ($property in $Value.psobject.Properties) {
            $found = Find-KrJwtNonJsonValue -Value $property.Value -Where "$Where.$($property.Name)" -Depth ($Depth + 1)
            if ($found) {
                return $found
            }
        }
        return $null
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $index = 0
        foreach ($item in $Value) {
            $found = Find-KrJwtNonJsonValue -Value $item -Where "$Where[$index]" -Depth ($Depth + 1)
            if ($found) {
                return $found
            }
            $index++
        }
        return $null
    }
    "a $($Value.GetType().FullName) at $Where"
}
