# KrJwt: Kestrun-style JWT cmdlets over the kr_jwt native library.
# The C# interop (bin/KrJwt.Interop.dll) is compiled by build.ps1 and loaded by the manifest (NestedModules):
# without it the import fails naming the file ('./build.ps1 Build' makes it). The manifest's PowerShellVersion
# (7.6, on .NET 10) is checked before the assembly loads.

$script:BinPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin')

# The compiled assembly (Test-KrJWT and the builder pipeline, compiled for speed; their help is
# en-US/KrJwt.Interop.dll-Help.xml, built from ps-module/help/) is the manifest's nested module: PowerShell
# has loaded it and its cmdlets before this file runs (an Import-Module from here cost 40-60 ms more).

# Load the native library now, so a missing, corrupt or foreign-architecture library fails the import with
# one message (file, platform expected, what to do) instead of the first cmdlet with a DllNotFoundException.
# TryLoad returns that message rather than throwing it, so the failure leaves one record in $Error.
$loadProblem = [KrJwt.KrJwtLibrary]::TryLoad()
if ($null -ne $loadProblem) {
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.DllNotFoundException]::new($loadProblem), 'KrJwt.NativeLibraryNotLoaded',
        [System.Management.Automation.ErrorCategory]::ResourceUnavailable, [KrJwt.KrJwtLibrary]::NativePath)
}

# Public/ is grouped by area (Builder, Keys, Validation, Bearer); one function per file. A built module also has
# them all in one file without their help blocks (bin/KrJwt.Functions.ps1, tools/build-functions.ps1; the help
# is then en-US/KrJwt-Help.xml): parsing one small file is most of the import time saved. It is used only when
# it is newer than every source, so an edited source is never shadowed by a stale copy.
# .NET calls rather than Get-ChildItem and Sort-Object: their first use in a session costs more than the rest.
$sources = [System.Collections.Generic.List[System.IO.FileInfo]]::new()
foreach ($folder in 'Private', 'Public') {
    $folderPath = [System.IO.Path]::Combine($PSScriptRoot, $folder)
    if ([System.IO.Directory]::Exists($folderPath)) {
        # Unsorted: each file only defines a function, so the order does not matter.
        $sources.AddRange([System.IO.DirectoryInfo]::new($folderPath).GetFiles('*.ps1', [System.IO.SearchOption]::AllDirectories))
    }
}
$bundle = [System.IO.FileInfo]::new([System.IO.Path]::Combine($script:BinPath, 'KrJwt.Functions.ps1'))
$bundleFresh = $bundle.Exists
foreach ($file in $sources) {
    if ($file.LastWriteTimeUtc -gt $bundle.LastWriteTimeUtc) {
        $bundleFresh = $false
    }
}
if ($bundleFresh) {
    . $bundle.FullName
} else {
    foreach ($file in $sources) {
        . $file.FullName
    }
}

Register-KrJwtArgumentCompleter

# Pester's Should operators (-BeValidKrJWT, ...) when Pester 5 is already loaded; otherwise Add-KrJWTShouldOperator.
# A loop, not Where-Object: a cmdlet's first use in a session costs more than the rest of this check.
$pester5 = $false
foreach ($loaded in Get-Module -Name Pester) {
    $pester5 = $pester5 -or $loaded.Version.Major -ge 5
}
if ($pester5) {
    try {
        Add-KrJWTShouldOperator
    } catch {
        Write-Warning "KrJwt's Should operators are not registered: $($_.Exception.Message)"
    }
}

# No Export-ModuleMember (15-40 ms): the manifest lists every exported function, cmdlet and alias, and
# exports nothing else (the private helpers stay inside).
