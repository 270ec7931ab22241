# KrJwt: Kestrun-style JWT cmdlets over the kr_jwt native library.
# The C# interop (bin/KrJwt.Interop.dll) is compiled by build.ps1; this file only loads it.

$script:BinPath = Join-Path -Path $PSScriptRoot -ChildPath 'bin'
$interopPath = Join-Path -Path $script:BinPath -ChildPath 'KrJwt.Interop.dll'

if (-not (Test-Path -LiteralPath $interopPath -PathType Leaf)) {
    throw "KrJwt is not built: '$interopPath' is missing. Run 'pwsh ./build.ps1 Build' at the repository root first."
}
if ([Environment]::Version.Major -lt 10) {
    throw "KrJwt needs PowerShell on .NET 10 or later (PowerShell 7.6+); this session runs .NET $([Environment]::Version)."
}

# Loads the compiled assembly, nothing is compiled here, and imports its cmdlets (Test-KrJWT and the builder
# pipeline, compiled for speed; their help is en-US/KrJwt.Interop.dll-Help.xml, built from ps-module/help/).
$interopModule = Import-Module -Name $interopPath -PassThru

# Load the native library now, so a missing, corrupt or foreign-architecture library fails the import with
# one message (file, platform expected, what to do) instead of the first cmdlet with a DllNotFoundException.
# TryLoad returns that message rather than throwing it, so the failure leaves one record in $Error.
$loadProblem = [KrJwt.KrJwtLibrary]::TryLoad()
if ($null -ne $loadProblem) {
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.DllNotFoundException]::new($loadProblem), 'KrJwt.NativeLibraryNotLoaded',
        [System.Management.Automation.ErrorCategory]::ResourceUnavailable, [KrJwt.KrJwtLibrary]::NativePath)
}

foreach ($folder in 'Private', 'Public') {
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    if (Test-Path -LiteralPath $folderPath) {
        # Public/ is grouped by area (Builder, Keys, Validation, Bearer); one function per file.
        foreach ($file in Get-ChildItem -LiteralPath $folderPath -Filter '*.ps1' -File -Recurse | Sort-Object -Property Name) {
            . $file.FullName
        }
    }
}

Register-KrJwtArgumentCompleter

$publicFunctions = Get-ChildItem -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath 'Public') -Filter '*.ps1' -File -Recurse |
    ForEach-Object { $_.BaseName }
Export-ModuleMember -Function $publicFunctions -Cmdlet @($interopModule.ExportedCmdlets.Keys) -Alias 'Export-KrJwks', 'New-KrJWTTokenBuilder'
