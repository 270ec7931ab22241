<#
    .SYNOPSIS
        Builds, tests and demonstrates KrJwt.
    .DESCRIPTION
        Build      : cargo build --release (the library only: no test-only dependency is compiled), compile the
                     C# interop into ps-module/KrJwt/bin/ and copy the native library beside it.
                     The header include/kr_jwt.h is checked in and not regenerated here (see Header).
        Header     : regenerate include/kr_jwt.h from capi/ (KR_JWT_BLESS=1 cargo test --release --test header).
        Test       : Build, check that the committed header is fresh (fails when it is stale), then cargo test
                     --release, the node tests of the test servers (tests/oidc), the C tests (tests/c/run.sh)
                     and the Pester tests (pester/).
                     Prints "Pester: <passed> passed, <failed> failed" and exits 1 when anything failed.
                     Under CI (CI=true) a skipped test is a failure: no suite may pass by skipping.
        Quickstart : Build, then run examples/quickstart.ps1.
        All        : Build, then Quickstart (default).
        Tool versions (PowerShell, Pester, Debian packages) are pinned in tools/versions.txt, which
        tools/bootstrap.sh installs from; this script reads the Pester version and the PowerShell minimum from it.
    .PARAMETER Task
        Build, Header, Test, Quickstart or All.
    .EXAMPLE
        pwsh -NoProfile -File build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Header', 'Test', 'Quickstart', 'All')]
    [string] $Task = 'All'
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

function Invoke-Build {
    <# The library (release, no test-only dependency), the C# interop, and the module's bin/ folder. #>
    Push-Location -LiteralPath $repoRoot
    try {
        Invoke-Native 'cargo build --release' { cargo build --release }
        Invoke-Native 'dotnet build KrJwt.Interop' {
            dotnet build $interopProject -c Release -o $moduleBin --nologo
        }
        # cargo honours CARGO_TARGET_DIR (e.g. a target folder shared between worktrees); so does the copy.
        $targetDir = if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path -Path $repoRoot -ChildPath 'target' }
        $native = Join-Path -Path $targetDir -ChildPath "release/$nativeName"
        Copy-Item -LiteralPath $native -Destination $moduleBin -Force
        Write-Host "==> copied $nativeName to $moduleBin" -ForegroundColor Cyan
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
