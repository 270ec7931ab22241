<#
    .SYNOPSIS
        Builds, tests and demonstrates KrJwt.
    .DESCRIPTION
        Build      : cargo build --release (the library only: no test-only dependency is compiled), compile the
                     C# interop into ps-module/KrJwt/bin/ and copy the native library to bin/<rid>/ (e.g.
                     bin/linux-x64/libkr_jwt.so), where the interop loads it from.
                     The header include/kr_jwt.h is checked in and not regenerated here (see Header).
        Header     : regenerate include/kr_jwt.h from capi/ (KR_JWT_BLESS=1 cargo test --release --test header).
        Test       : Build, check that the committed header is fresh (fails when it is stale), then cargo test
                     --release, the node tests of the test servers (tests/oidc), the C tests (tests/c/run.sh,
                     ending with tests/c/install_test.sh: Install to a temporary prefix, pkg-config, CMake and
                     static consumers) and the Pester tests (pester/).
                     Prints "Pester: <passed> passed, <failed> failed" and exits 1 when anything failed.
                     Under CI (CI=true) a skipped test is a failure: no suite may pass by skipping.
        Package    : cargo build --release, then lay out a Gallery-ready module folder in dist/stage/KrJwt (module
                     files, interop, LICENSE, bin/<rid>/ native libraries: this platform's from target/release,
                     others from target/<triple>/release when cross-built, see docs/packaging.md), stripped, with
                     their debug symbols in dist/symbols/<rid>/ (not in the package); then Publish-PSResource it
                     to the local file repository dist/repository (a throw-away repository registration, removed
                     again). Prints the .nupkg path and size.
        Install    : cargo build --release, then install the C library under -Prefix: include/kr_jwt.h,
                     lib/libkr_jwt.so.<version> (stripped, SONAME libkr_jwt.so.<major>, symbols in lib/debug/) with
                     its links, lib/libkr_jwt.a, lib/pkgconfig/kr_jwt.pc, lib/cmake/KrJwt/ (find_package(KrJwt)),
                     share/doc/kr_jwt/ (docs/c-abi.md).
        Quickstart : Build, then run examples/quickstart.ps1.
        All        : Build, then Quickstart (default).
        Tool versions (PowerShell, Pester, Debian packages) are pinned in tools/versions.txt, which
        tools/bootstrap.sh installs from; this script reads the Pester version and the PowerShell minimum from it.
    .PARAMETER Task
        Build, Header, Test, Package, Install, Quickstart or All.
    .PARAMETER Prefix
        Install only: the folder to install the C library under (created when missing).
    .EXAMPLE
        pwsh -NoProfile -File build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Header', 'Test', 'Package', 'Install', 'Quickstart', 'All')]
    [string] $Task = 'All',
    # Install: the prefix to install the C library under (include/, lib/, share/doc/kr_jwt/).
    [string] $Prefix
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = $PSScriptRoot

function Get-PinnedVersion {
    <# The version tools/versions.txt pins for KIND NAME (the same file tools/bootstrap.sh installs from). #>
    param([Parameter(Mandatory)] [string] $Kind, [Parameter(Mandatory)] [string] $Name)
    $line = Get-Content -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'tools/versions.txt') |
        Where-Object { $_ -notmatch '^\s*#' -and $_.Trim() } |
        ForEach-Object { , ($_.Trim() -split '\s+') } |
        Where-Object { $_[0] -eq $Kind -and $_[1] -eq $Name } |
        Select-Object -First 1
    if (-not $line) {
        throw "tools/versions.txt pins no '$Kind $Name'."
    }
    $line[2]
}

$minimumPwsh = [version] (Get-PinnedVersion -Kind minimum -Name pwsh)
if ($PSVersionTable.PSVersion -lt $minimumPwsh) {
    throw "build.ps1 needs PowerShell $minimumPwsh or later (tools/versions.txt); this is $($PSVersionTable.PSVersion). Run 'bash tools/bootstrap.sh' and use .tools/pwsh."
}
$isCi = [bool] $env:CI -and $env:CI -ne 'false' -and $env:CI -ne '0'
$moduleBin = Join-Path -Path $repoRoot -ChildPath 'ps-module/KrJwt/bin'
$interopProject = Join-Path -Path $repoRoot -ChildPath 'ps-module/interop/KrJwt.Interop.csproj'
$nativeName = if ($IsWindows) { 'kr_jwt.dll' } elseif ($IsMacOS) { 'libkr_jwt.dylib' } else { 'libkr_jwt.so' }
# This platform as a .NET runtime identifier: the bin/<rid>/ folder the interop loads the library from
# (NativeLoader.ResolvePath).
$hostRid = '{0}-{1}' -f $(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }),
    [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
# cargo honours CARGO_TARGET_DIR (e.g. a target folder shared between worktrees); so does the copy.
$targetDir = if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path -Path $repoRoot -ChildPath 'target' }
# $PSHOME holds the pwsh launcher for regular installs and for the dotnet global tool alike
# ([Environment]::ProcessPath is 'dotnet' under the global tool).
$pwshPath = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
if (-not (Test-Path -LiteralPath $pwshPath -PathType Leaf)) {
    $pwshPath = (Get-Command -Name pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
}

function Invoke-Native {
    <# Runs a native command and throws when it exits non-zero. #>
    param(
        [Parameter(Mandatory)] [string] $Description,
        [Parameter(Mandatory)] [scriptblock] $Command
    )
    Write-Host "==> $Description" -ForegroundColor Cyan
    & $Command | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$Description failed (exit code $LASTEXITCODE)."
    }
}

function Test-Native {
    <# Runs a native command; returns $true when it exits zero. #>
    param(
        [Parameter(Mandatory)] [string] $Description,
        [Parameter(Mandatory)] [scriptblock] $Command
    )
    Write-Host "==> $Description" -ForegroundColor Cyan
    # Out-Host keeps the command's output out of this function's return value.
    & $Command | Out-Host
    $ok = $LASTEXITCODE -eq 0
    if (-not $ok) {
        Write-Host "$Description failed (exit code $LASTEXITCODE)." -ForegroundColor Red
    }
    $ok
}

function Invoke-HelpBuild {
    <#
        For a module folder whose bin/ holds the interop: names its cmdlet classes (tools/name-cmdlet-types.ps1),
        writes the MAML help of its commands to en-US/ (tools/build-help.ps1, in a child pwsh) and its script
        functions as one file, bin/KrJwt.Functions.ps1 (tools/build-functions.ps1).
    #>
    param([Parameter(Mandatory)] [string] $ModuleFolder)
    & (Join-Path -Path $repoRoot -ChildPath 'tools/name-cmdlet-types.ps1') -Assembly (Join-Path -Path $ModuleFolder -ChildPath 'bin/KrJwt.Interop.dll')
    Invoke-Native 'command help (MAML)' {
        & $pwshPath -NoProfile -NonInteractive -File (Join-Path -Path $repoRoot -ChildPath 'tools/build-help.ps1') -ModuleFolder $ModuleFolder -HelpSource (Join-Path -Path $repoRoot -ChildPath 'ps-module/help')
    }
    & (Join-Path -Path $repoRoot -ChildPath 'tools/build-functions.ps1') -ModuleFolder $ModuleFolder
}

function Invoke-Build {
    <# The library (release, no test-only dependency), the C# interop, and the module's bin/ folder. #>
    Push-Location -LiteralPath $repoRoot
    try {
        Invoke-Native 'cargo build --release' { cargo build --release }
        Invoke-Native 'dotnet build KrJwt.Interop' {
            dotnet build $interopProject -c Release -o $moduleBin --nologo
        }
        $native = Join-Path -Path $targetDir -ChildPath "release/$nativeName"
        $ridFolder = Join-Path -Path $moduleBin -ChildPath $hostRid
        $null = New-Item -ItemType Directory -Path $ridFolder -Force
        Copy-Item -LiteralPath $native -Destination $ridFolder -Force
        # The flat bin/<file> of earlier builds is never loaded any more; leave no stale copy to confuse anyone.
        Remove-Item -LiteralPath (Join-Path -Path $moduleBin -ChildPath $nativeName) -ErrorAction SilentlyContinue
        Write-Host "==> copied $nativeName to $ridFolder" -ForegroundColor Cyan
        Invoke-HelpBuild -ModuleFolder (Join-Path -Path $repoRoot -ChildPath 'ps-module/KrJwt')
    } finally {
        Pop-Location
    }
}

function Invoke-Header {
    <#
        -Check (used by Test): fail when the committed include/kr_jwt.h differs from what cbindgen makes of
        capi/, instead of regenerating it, so a stale header can never pass CI.
    #>
    param([switch] $Check)
    Push-Location -LiteralPath $repoRoot
    try {
        if ($Check) {
            Remove-Item -Path Env:KR_JWT_BLESS -ErrorAction SilentlyContinue
            Invoke-Native 'check include/kr_jwt.h is fresh' { cargo test --release --test header }
        } else {
            $env:KR_JWT_BLESS = '1'
            try {
                Invoke-Native 'regenerate include/kr_jwt.h' { cargo test --release --test header }
            } finally {
                Remove-Item -Path Env:KR_JWT_BLESS -ErrorAction SilentlyContinue
            }
        }
    } finally {
        Pop-Location
    }
}

function Invoke-PesterInChild {
    <#
        Runs Pester in a fresh pwsh so the native library loaded by the tests never outlives the run.
        Returns $true when every test passed.
    #>
    $pesterVersion = Get-PinnedVersion -Kind nuget -Name Pester
    $pesterManifest = Join-Path -Path $repoRoot -ChildPath ".tools/pester/pester/$pesterVersion/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $pesterManifest -PathType Leaf)) {
        throw "Pester $pesterVersion is not in .tools/pester; run 'bash tools/bootstrap.sh' first."
    }
    $importPester = "Import-Module -Name '$($pesterManifest -replace "'", "''")' -RequiredVersion $pesterVersion -Force"
    $failOnSkip = if ($isCi) { '$true' } else { '$false' }
    $testPath = (Join-Path -Path $repoRoot -ChildPath 'pester') -replace "'", "''"
    $script = @"
`$ErrorActionPreference = 'Stop'
$importPester
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = '$testPath'
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Detailed'
`$run = Invoke-Pester -Configuration `$configuration
`$line = 'Pester: {0} passed, {1} failed' -f `$run.PassedCount, `$run.FailedCount
if (`$run.SkippedCount -gt 0) {
    `$line += ', {0} skipped' -f `$run.SkippedCount
}
Write-Host `$line
if (`$run.Result -ne 'Passed' -or `$run.FailedCount -gt 0 -or `$run.PassedCount -eq 0) {
    exit 1
}
if ($failOnSkip -and `$run.SkippedCount -gt 0) {
    Write-Host ('CI: {0} Pester test(s) skipped; under CI=true a skipped test fails the run:' -f `$run.SkippedCount)
    `$run.Skipped | ForEach-Object { Write-Host ('  skipped: {0}' -f `$_.ExpandedPath) }
    exit 1
}
exit 0
"@
    Test-Native 'Pester' { & $pwshPath -NoProfile -NonInteractive -Command $script }
}

function Invoke-Test {
    Invoke-Build
    Invoke-Header -Check
    $failed = [System.Collections.Generic.List[string]]::new()
    Push-Location -LiteralPath $repoRoot
    try {
        Remove-Item -Path Env:KR_JWT_BLESS -ErrorAction SilentlyContinue
        if (-not (Test-Native 'cargo test --release' { cargo test --release })) {
            $failed.Add('cargo test')
        }
        if (-not (Test-Native 'node tests of the test servers (tests/oidc/selftest.mjs)' { node --test tests/oidc/selftest.mjs })) {
            $failed.Add('node tests')
        }
        if (-not (Test-Native 'C tests (tests/c/run.sh)' { bash tests/c/run.sh })) {
            $failed.Add('C tests')
        }
        if (-not (Invoke-PesterInChild)) {
            $failed.Add('Pester')
        }
    } finally {
        Pop-Location
    }
    if ($failed.Count -gt 0) {
        Write-Host ("FAILED: {0}" -f ($failed -join ', ')) -ForegroundColor Red
        exit 1
    }
    Write-Host 'All tests passed.' -ForegroundColor Green
}

# The runtimes a package can carry (NativeLoader.SupportedRuntimes), the Rust target each is cross-built
# with (docs/packaging.md) and the library's file name there.
$packageRuntimes = [ordered]@{
    'linux-x64'   = @{ Triple = 'x86_64-unknown-linux-gnu'; File = 'libkr_jwt.so' }
    'linux-arm64' = @{ Triple = 'aarch64-unknown-linux-gnu'; File = 'libkr_jwt.so' }
    'win-x64'     = @{ Triple = 'x86_64-pc-windows-msvc'; File = 'kr_jwt.dll' }
    'osx-x64'     = @{ Triple = 'x86_64-apple-darwin'; File = 'libkr_jwt.dylib' }
    'osx-arm64'   = @{ Triple = 'aarch64-apple-darwin'; File = 'libkr_jwt.dylib' }
}

function Format-Size {
    param([Parameter(Mandatory)] [long] $Bytes)
    '{0:N1} MB ({1} bytes)' -f ($Bytes / 1MB), $Bytes
}

function Install-StrippedLibrary {
    <# Copies an ELF library stripped (--strip-unneeded), its debug symbols to $DebugFile with a .gnu_debuglink. #>
    param(
        [Parameter(Mandatory)] [string] $Source,
        [Parameter(Mandatory)] [string] $Destination,
        [Parameter(Mandatory)] [string] $DebugFile
    )
    foreach ($tool in 'objcopy', 'strip') {
        if (-not (Get-Command -Name $tool -CommandType Application -ErrorAction SilentlyContinue)) {
            throw "Stripping $Source needs '$tool' (GNU binutils); install binutils."
        }
    }
    Invoke-Native "objcopy --only-keep-debug $(Split-Path -Path $Source -Leaf)" { objcopy --only-keep-debug $Source $DebugFile }
    Invoke-Native "strip --strip-unneeded $(Split-Path -Path $Destination -Leaf)" { strip --strip-unneeded -o $Destination $Source }
    Invoke-Native 'objcopy --add-gnu-debuglink' { objcopy "--add-gnu-debuglink=$DebugFile" $Destination }
}

function Copy-PackagedNative {
    <#
        Copies one native library into the staged bin/<rid>/: an ELF library stripped (strip --strip-unneeded)
        with a .gnu_debuglink to its debug symbols, which go to dist/symbols/<rid>/<file>.debug (objcopy
        --only-keep-debug), outside the package. Other formats are copied as built (strip them with their
        own toolchain). Returns the sizes.
    #>
    param(
        [Parameter(Mandatory)] [string] $Source,
        [Parameter(Mandatory)] [string] $Rid,
        [Parameter(Mandatory)] [string] $StageBin,
        [Parameter(Mandatory)] [string] $SymbolsDir
    )
    $file = Split-Path -Path $Source -Leaf
    $ridFolder = Join-Path -Path $StageBin -ChildPath $Rid
    $null = New-Item -ItemType Directory -Path $ridFolder -Force
    $staged = Join-Path -Path $ridFolder -ChildPath $file
    $magic = [byte[]]::new(4)
    $stream = [System.IO.File]::OpenRead($Source)
    try {
        $null = $stream.Read($magic, 0, 4)
    } finally {
        $stream.Dispose()
    }
    $isElf = $magic[0] -eq 0x7F -and $magic[1] -eq 0x45 -and $magic[2] -eq 0x4C -and $magic[3] -eq 0x46
    $debug = $null
    if ($isElf) {
        $ridSymbols = Join-Path -Path $SymbolsDir -ChildPath $Rid
        $null = New-Item -ItemType Directory -Path $ridSymbols -Force
        $debug = Join-Path -Path $ridSymbols -ChildPath "$file.debug"
        Install-StrippedLibrary -Source $Source -Destination $staged -DebugFile $debug
    } else {
        Copy-Item -LiteralPath $Source -Destination $staged
        Write-Host "==> $Rid/$file is not ELF: copied as built (not stripped here)" -ForegroundColor Yellow
    }
    [pscustomobject]@{
        Rid        = $Rid
        Path       = $staged
        BuiltSize  = (Get-Item -LiteralPath $Source).Length
        ShipSize   = (Get-Item -LiteralPath $staged).Length
        DebugPath  = $debug
        DebugSize  = if ($debug) { (Get-Item -LiteralPath $debug).Length } else { 0 }
    }
}

function Invoke-Package {
    <#
        The Gallery-ready package: dist/stage/KrJwt (the module folder as installed), dist/symbols (debug
        symbols, never packaged) and dist/repository/krjwt.<version>.nupkg (Publish-PSResource to a local file
        repository). Rust is only rebuilt when cargo finds it stale.
    #>
    $dist = Join-Path -Path $repoRoot -ChildPath 'dist'
    $stageRoot = Join-Path -Path $dist -ChildPath 'stage'
    $stage = Join-Path -Path $stageRoot -ChildPath 'KrJwt'
    $stageBin = Join-Path -Path $stage -ChildPath 'bin'
    $symbols = Join-Path -Path $dist -ChildPath 'symbols'
    $repository = Join-Path -Path $dist -ChildPath 'repository'
    $moduleSource = Join-Path -Path $repoRoot -ChildPath 'ps-module/KrJwt'

    Push-Location -LiteralPath $repoRoot
    try {
        Invoke-Native 'cargo build --release' { cargo build --release }
        foreach ($folder in $stageRoot, $symbols, $repository) {
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
        $interopOut = Join-Path -Path $dist -ChildPath 'interop'
        Invoke-Native 'dotnet build KrJwt.Interop (for the package)' {
            dotnet build $interopProject -c Release -o $interopOut --nologo -v quiet
        }
        $null = New-Item -ItemType Directory -Path $stageBin, $symbols, $repository -Force

        # The module as it is loaded: manifest, root module, format views, functions (their comment-based help
        # is the help), the interop, LICENSE, and (Invoke-HelpBuild below) the MAML help and bin/KrJwt.Functions.ps1. Not the dev bin/ (its native is unstripped and host-only).
        foreach ($item in Get-ChildItem -LiteralPath $moduleSource | Where-Object { $_.Name -ne 'bin' }) {
            Copy-Item -LiteralPath $item.FullName -Destination $stage -Recurse
        }
        Copy-Item -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'LICENSE') -Destination $stage
        Copy-Item -LiteralPath (Join-Path -Path $interopOut -ChildPath 'KrJwt.Interop.dll') -Destination $stageBin
        Copy-Item -LiteralPath (Join-Path -Path $interopOut -ChildPath 'KrJwt.Interop.pdb') -Destination $symbols -ErrorAction SilentlyContinue

        $natives = foreach ($rid in $packageRuntimes.Keys) {
            $entry = $packageRuntimes[$rid]
            $built = if ($rid -eq $hostRid) {
                Join-Path -Path $targetDir -ChildPath "release/$($entry.File)"
            } else {
                Join-Path -Path $targetDir -ChildPath "$($entry.Triple)/release/$($entry.File)"
            }
            if (Test-Path -LiteralPath $built -PathType Leaf) {
                Copy-PackagedNative -Source $built -Rid $rid -StageBin $stageBin -SymbolsDir $symbols
            } elseif ($rid -eq $hostRid) {
                throw "cargo build --release left no $built."
            } else {
                Write-Host "==> $rid not included: no $built (cross-build it: docs/packaging.md)" -ForegroundColor Yellow
            }
        }

        Invoke-HelpBuild -ModuleFolder $stage

        $manifestPath = Join-Path -Path $stage -ChildPath 'KrJwt.psd1'
        $manifest = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $psData = $manifest.PrivateData.PSData
        foreach ($field in 'ProjectUri', 'LicenseUri') {
            if ("$($psData[$field])" -match '\.invalid(/|$)') {
                Write-Warning "$field in KrJwt.psd1 is a placeholder ($($psData[$field])): set the project's public address before publishing to the PowerShell Gallery."
            }
        }

        Publish-KrJwtToLocalRepository -ModuleFolder $stage -Repository $repository
        $package = Get-ChildItem -LiteralPath $repository -Filter '*.nupkg' | Select-Object -First 1
        if (-not $package) {
            throw "Publish-PSResource left no .nupkg in $repository."
        }
        foreach ($native in $natives) {
            Write-Host ("==> {0}: built {1}, packaged (stripped) {2}, debug symbols {3} at {4}" -f $native.Rid,
                (Format-Size $native.BuiltSize), (Format-Size $native.ShipSize), (Format-Size $native.DebugSize), $native.DebugPath) -ForegroundColor Cyan
        }
        Write-Host ("==> package: {0} ({1})" -f $package.FullName, (Format-Size $package.Length)) -ForegroundColor Green
    } finally {
        Pop-Location
    }
}

function Publish-KrJwtToLocalRepository {
    <#
        Publish-PSResource needs a registered repository, and PSResourceGet keeps its registrations in a
        user-level store (PSResourceGet/PSResourceRepository.xml under the local application data folder:
        $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS). It runs in a child
        pwsh whose HOME, XDG_DATA_HOME and XDG_CONFIG_HOME are a throw-away folder (created first: .NET ignores a
        folder that does not exist, and PSResourceGet and NuGet then write to the current directory), under a throw-away repository
        name that is unregistered in finally; the folder is removed afterwards. On Windows only the name and the
        unregistration apply.
    #>
    param(
        [Parameter(Mandatory)] [string] $ModuleFolder,
        [Parameter(Mandatory)] [string] $Repository
    )
    $name = 'KrJwtPackage' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $scratchHome = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "krjwt-psresource-$name"
    $quote = { param($text) "'" + ($text -replace "'", "''") + "'" }
    $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name $(& $quote $name) -Uri $(& $quote $Repository) -Trusted
try {
    Publish-PSResource -Path $(& $quote $ModuleFolder) -Repository $(& $quote $name)
} finally {
    Unregister-PSResourceRepository -Name $(& $quote $name)
}
"@
    $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME }
    try {
        # Both folders must exist: NuGet (inside PSResourceGet) writes NuGet/NuGet.Config under the config one.
        $dataHome = Join-Path -Path $scratchHome -ChildPath '.local/share'
        $configHome = Join-Path -Path $scratchHome -ChildPath '.config'
        $null = New-Item -ItemType Directory -Path $dataHome, $configHome -Force
        if (-not $IsWindows) {
            $env:HOME = $scratchHome
            $env:XDG_DATA_HOME = $dataHome
            $env:XDG_CONFIG_HOME = $configHome
        }
        Invoke-Native "Publish-PSResource to $Repository (temporary repository $name)" {
            & $pwshPath -NoProfile -NonInteractive -Command $script
        }
    } finally {
        $env:HOME = $saved.HOME
        $env:XDG_DATA_HOME = $saved.XDG_DATA_HOME
        $env:XDG_CONFIG_HOME = $saved.XDG_CONFIG_HOME
        Remove-Item -LiteralPath $scratchHome -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# The system libraries the static library needs, exactly as `cargo rustc --release -p kr-jwt --crate-type
# staticlib -- --print native-static-libs` prints them (x86_64-unknown-linux-gnu); pkg-config's Libs.private and
# the CMake static target carry them. tests/c/install_test.sh links a program with exactly these.
$staticNativeLibs = '-lc -lm -lrt -lpthread -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc'

function Invoke-Install {
    <#
        Installs the C library under -Prefix (Linux): include/kr_jwt.h; lib/libkr_jwt.so.<version> (stripped;
        SONAME libkr_jwt.so.<major>) with the links libkr_jwt.so.<major> and libkr_jwt.so; lib/libkr_jwt.a
        (debug info stripped); lib/debug/libkr_jwt.so.<version>.debug (its symbols); lib/pkgconfig/kr_jwt.pc;
        lib/cmake/KrJwt/KrJwtConfig.cmake and KrJwtConfigVersion.cmake (relocatable); share/doc/kr_jwt/
        (LICENSE, c-abi.md). Rust is only rebuilt when cargo finds it stale.
    #>
    param([Parameter(Mandatory)] [string] $Prefix)
    if (-not $IsLinux) {
        throw 'Install lays out a Linux prefix (SONAME, .so links, pkg-config); on this OS link target/release directly (docs/c-abi.md).'
    }
    Push-Location -LiteralPath $repoRoot
    try {
        Invoke-Native 'cargo build --release' { cargo build --release }
        $metadata = cargo metadata --no-deps --format-version 1 --offline | ConvertFrom-Json
        if ($LASTEXITCODE -ne 0) {
            throw "cargo metadata failed (exit code $LASTEXITCODE)."
        }
        $version = ($metadata.packages | Where-Object { $_.name -eq 'kr-jwt' }).version
        if ($version -notmatch '^(\d+)\.(\d+)\.(\d+)$') {
            throw "kr-jwt's version '$version' is not MAJOR.MINOR.PATCH."
        }
        $major = $Matches[1]
        $minor = $Matches[2]
        $null = New-Item -ItemType Directory -Path $Prefix -Force
        $root = (Resolve-Path -LiteralPath $Prefix).Path
        $include = Join-Path -Path $root -ChildPath 'include'
        $lib = Join-Path -Path $root -ChildPath 'lib'
        $debugDir = Join-Path -Path $lib -ChildPath 'debug'
        $pkgconfig = Join-Path -Path $lib -ChildPath 'pkgconfig'
        $cmakeDir = Join-Path -Path $lib -ChildPath 'cmake/KrJwt'
        $doc = Join-Path -Path $root -ChildPath 'share/doc/kr_jwt'
        $null = New-Item -ItemType Directory -Path $include, $lib, $debugDir, $pkgconfig, $cmakeDir, $doc -Force

        Copy-Item -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'include/kr_jwt.h') -Destination $include -Force
        $real = "libkr_jwt.so.$version"
        $soname = "libkr_jwt.so.$major"
        $installed = Join-Path -Path $lib -ChildPath $real
        Remove-Item -LiteralPath $installed -Force -ErrorAction SilentlyContinue
        Install-StrippedLibrary -Source (Join-Path -Path $targetDir -ChildPath 'release/libkr_jwt.so') `
            -Destination $installed -DebugFile (Join-Path -Path $debugDir -ChildPath "$real.debug")
        # Relative links, so the prefix can be moved: libkr_jwt.so.<major> -> the file, libkr_jwt.so -> .so.<major>.
        Invoke-Native "ln -sfn $real $soname" { ln -sfn $real (Join-Path -Path $lib -ChildPath $soname) }
        Invoke-Native "ln -sfn $soname libkr_jwt.so" { ln -sfn $soname (Join-Path -Path $lib -ChildPath 'libkr_jwt.so') }
        $static = Join-Path -Path $lib -ChildPath 'libkr_jwt.a'
        Remove-Item -LiteralPath $static -Force -ErrorAction SilentlyContinue
        Invoke-Native 'strip --strip-debug libkr_jwt.a' {
            strip --strip-debug -o $static (Join-Path -Path $targetDir -ChildPath 'release/libkr_jwt.a')
        }

        $pc = @"
prefix=$root
exec_prefix=`${prefix}
libdir=`${exec_prefix}/lib
includedir=`${prefix}/include

Name: kr_jwt
Description: KrJwt: JWT, JWS and JWE (C ABI over a Rust core)
Version: $version
Libs: -L`${libdir} -lkr_jwt
Libs.private: $staticNativeLibs
Cflags: -I`${includedir}
"@
        Set-Content -LiteralPath (Join-Path -Path $pkgconfig -ChildPath 'kr_jwt.pc') -Value $pc -Encoding utf8NoBOM

        $cmakeLinkLibs = ($staticNativeLibs -split '\s+' | ForEach-Object { $_ -replace '^-l', '' }) -join ';'
        $config = @"
# KrJwt's CMake package (made by build.ps1 Install). find_package(KrJwt) gives the imported targets
# KrJwt::kr_jwt (the shared library, SONAME $soname) and KrJwt::kr_jwt_static (libkr_jwt.a and the system
# libraries it needs). Relocatable: paths are taken from this file's place in <prefix>/lib/cmake/KrJwt.
get_filename_component(_KRJWT_PREFIX "`${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET KrJwt::kr_jwt)
  add_library(KrJwt::kr_jwt SHARED IMPORTED)
  set_target_properties(KrJwt::kr_jwt PROPERTIES
    IMPORTED_LOCATION "`${_KRJWT_PREFIX}/lib/$real"
    IMPORTED_SONAME "$soname"
    INTERFACE_INCLUDE_DIRECTORIES "`${_KRJWT_PREFIX}/include")
endif()
if(NOT TARGET KrJwt::kr_jwt_static)
  add_library(KrJwt::kr_jwt_static STATIC IMPORTED)
  set_target_properties(KrJwt::kr_jwt_static PROPERTIES
    IMPORTED_LOCATION "`${_KRJWT_PREFIX}/lib/libkr_jwt.a"
    IMPORTED_LINK_INTERFACE_LANGUAGES "C"
    INTERFACE_INCLUDE_DIRECTORIES "`${_KRJWT_PREFIX}/include"
    INTERFACE_LINK_LIBRARIES "$cmakeLinkLibs")
endif()
unset(_KRJWT_PREFIX)
set(KrJwt_VERSION "$version")
"@
        Set-Content -LiteralPath (Join-Path -Path $cmakeDir -ChildPath 'KrJwtConfig.cmake') -Value $config -Encoding utf8NoBOM
        # Compatible when the major matches and, before 1.0, the minor too (0.x minors may break the ABI:
        # docs/c-abi.md, "ABI stability"), and the installed version is at least the one asked for.
        $configVersion = @"
set(PACKAGE_VERSION "$version")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
set(PACKAGE_VERSION_EXACT FALSE)
if(PACKAGE_FIND_VERSION_MAJOR STREQUAL "$major"
   AND ("$major" STREQUAL "0" AND PACKAGE_FIND_VERSION_MINOR STREQUAL "$minor" OR NOT "$major" STREQUAL "0")
   AND NOT PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
if(NOT PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
"@
        Set-Content -LiteralPath (Join-Path -Path $cmakeDir -ChildPath 'KrJwtConfigVersion.cmake') -Value $configVersion -Encoding utf8NoBOM

        Copy-Item -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'LICENSE') -Destination $doc -Force
        Copy-Item -LiteralPath (Join-Path -Path $repoRoot -ChildPath 'docs/c-abi.md') -Destination $doc -Force
        Write-Host ("==> installed KrJwt {0} under {1}: {2} {3} (built {4}), libkr_jwt.a {5}" -f $version, $root, $real,
            (Format-Size (Get-Item -LiteralPath $installed).Length),
            (Format-Size (Get-Item -LiteralPath (Join-Path -Path $targetDir -ChildPath 'release/libkr_jwt.so')).Length),
            (Format-Size (Get-Item -LiteralPath $static).Length)) -ForegroundColor Green
    } finally {
        Pop-Location
    }
}

function Invoke-Quickstart {
    $quickstart = Join-Path -Path $repoRoot -ChildPath 'examples/quickstart.ps1'
    Invoke-Native 'examples/quickstart.ps1' { & $pwshPath -NoProfile -NonInteractive -File $quickstart }
}

switch ($Task) {
    'Build' {
        Invoke-Build
    }
    'Header' {
        Invoke-Header
    }
    'Test' {
        Invoke-Test
    }
    'Package' {
        Invoke-Package
    }
    'Install' {
        if (-not $Prefix) {
            throw 'Install needs -Prefix <dir> (e.g. ./build.ps1 Install -Prefix /usr/local).'
        }
        Invoke-Install -Prefix $Prefix
    }
    'Quickstart' {
        Invoke-Build
        Invoke-Quickstart
    }
    'All' {
        Invoke-Build
        Invoke-Quickstart
    }
}
exit 0
