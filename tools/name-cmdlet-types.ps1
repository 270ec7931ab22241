<#
    .SYNOPSIS
        Renames the compiled cmdlet classes of KrJwt.Interop.dll from Verb_Noun to their cmdlet names, Verb-Noun.
    .DESCRIPTION
        PowerShell ends the FullyQualifiedErrorId of every error of a compiled cmdlet, its parameter binding
        errors included, with the full name of the cmdlet's class ("KrJwt.InvalidKey,<class>"), and that of a
        script function with its name ("KrJwt.InvalidKey,Protect-KrJWT"). So that the compiled cmdlets keep the
        ids of the functions they replace, their classes are declared in the global namespace as Verb_Noun and
        this script changes the '_' of those names to '-' in the assembly's string heap (same length, in place;
        C# cannot spell the name). Only type definitions in the global namespace deriving from a KrJwt cmdlet
        base class and named like a cmdlet are touched; running it again changes nothing. build.ps1 runs it on
        every interop it builds.
    .PARAMETER Assembly
        The built KrJwt.Interop.dll, rewritten in place.
    .EXAMPLE
        pwsh -NoProfile -File tools/name-cmdlet-types.ps1 -Assembly ps-module/KrJwt/bin/KrJwt.Interop.dll
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $Assembly)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$bytes = [System.IO.File]::ReadAllBytes((Resolve-Path -LiteralPath $Assembly).Path)
$stream = [System.IO.MemoryStream]::new($bytes, $false)
$pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
$renamed = [System.Collections.Generic.List[string]]::new()
try {
    $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
    $stringHeap = $pe.PEHeaders.MetadataStartOffset + [System.Reflection.Metadata.Ecma335.MetadataReaderExtensions]::GetHeapMetadataOffset($metadata, [System.Reflection.Metadata.Ecma335.HeapIndex]::String)
    foreach ($handle in $metadata.TypeDefinitions) {
        $type = $metadata.GetTypeDefinition($handle)
        $name = $metadata.GetString($type.Name)
        if (-not $type.Namespace.IsNil -and $metadata.GetString($type.Namespace)) { continue }
        if ($name -notmatch '^[A-Z][a-z]+_KrJ[A-Za-z]+$') { continue }
        $offset = $stringHeap + [System.Reflection.Metadata.Ecma335.MetadataTokens]::GetHeapOffset([System.Reflection.Metadata.StringHandle] $type.Name)
        $underscore = $offset + $name.IndexOf('_')
        if ($bytes[$underscore] -ne [byte][char]'_') { throw "unexpected byte at the name of $name" }
        $bytes[$underscore] = [byte][char]'-'
        $renamed.Add($name.Replace('_', '-'))
    }
} finally {
    $pe.Dispose()
}
if ($renamed.Count -gt 0) {
    [System.IO.File]::WriteAllBytes((Resolve-Path -LiteralPath $Assembly).Path, $bytes)
}
Write-Host "==> cmdlet classes named: $(if ($renamed.Count) { $renamed -join ', ' } else { 'none to rename' })" -ForegroundColor Cyan
