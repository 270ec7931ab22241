# Where the interop looks for its native library on each platform (bin/<rid>/<file>), and the one import
# error when this platform's runtime folder is missing. The other platforms cannot run here: their choice is
# checked through NativeLoader.ResolvePath, which is pure, and a fake bin/ layout.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:Pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (-not (Test-Path -LiteralPath $script:Pwsh -PathType Leaf)) {
        $script:Pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
    }
    $script:Os = [System.Runtime.InteropServices.OSPlatform]
    $script:Arch = [System.Runtime.InteropServices.Architecture]
    $script:HostRid = [KrJwt.KrJwtLibrary]::ExpectedPlatform
}

Describe 'NativeLoader.ResolvePath: bin/<rid>/<file> by OS and architecture' {
    It '<Os> <Arch> -> <Expected>' -ForEach @(
        @{ Os = 'Linux'; Arch = 'X64'; Expected = 'linux-x64/libkr_jwt.so' }
        @{ Os = 'Linux'; Arch = 'Arm64'; Expected = 'linux-arm64/libkr_jwt.so' }
        @{ Os = 'Windows'; Arch = 'X64'; Expected = 'win-x64/kr_jwt.dll' }
        @{ Os = 'OSX'; Arch = 'X64'; Expected = 'osx-x64/libkr_jwt.dylib' }
        @{ Os = 'OSX'; Arch = 'Arm64'; Expected = 'osx-arm64/libkr_jwt.dylib' }
    ) {
        $base = Join-Path -Path $TestDrive -ChildPath 'bin'
        $path = [KrJwt.NativeLoader]::ResolvePath($base, $script:Os::$Os, $script:Arch::$Arch)
        $path | Should -Be (Join-Path -Path $base -ChildPath $Expected)
    }

    It 'a platform KrJwt has no library for (<Os> <Arch>) is refused with its rid and the supported list' -ForEach @(
        @{ Os = 'Linux'; Arch = 'RiscV64'; Rid = 'linux-riscv64' }
        @{ Os = 'Windows'; Arch = 'Arm64'; Rid = 'win-arm64' }
        @{ Os = 'FreeBSD'; Arch = 'X64'; Rid = 'freebsd-x64' }
    ) {
        $caught = $null
        try {
            $null = [KrJwt.NativeLoader]::ResolvePath($TestDrive, $script:Os::$Os, $script:Arch::$Arch)
        } catch {
            $caught = $_.Exception.InnerException
        }
        $caught | Should -BeOfType [System.PlatformNotSupportedException]
        $caught.Message | Should -BeLike "KrJwt has no native library for $Rid*"
        $caught.Message | Should -BeLike '*linux-x64, linux-arm64, win-x64, osx-x64, osx-arm64*'
    }

    It 'the running module loads this platform''s library from bin/<rid>/' {
        $moduleBase = (Get-Module -Name KrJwt).ModuleBase
        [KrJwt.KrJwtLibrary]::NativePath | Should -BeLike (Join-Path -Path $moduleBase -ChildPath "bin/$script:HostRid/*")
        Test-Path -LiteralPath ([KrJwt.KrJwtLibrary]::NativePath) -PathType Leaf | Should -BeTrue
    }

    It 'ShippedRuntimes lists the runtime folders of a fake layout that hold their library' {
        $base = Join-Path -Path $TestDrive -ChildPath 'fake-bin'
        foreach ($file in 'linux-arm64/libkr_jwt.so', 'osx-arm64/libkr_jwt.dylib', 'win-x64/libkr_jwt.so') {
            $path = Join-Path -Path $base -ChildPath $file
            $null = New-Item -ItemType Directory -Path (Split-Path -Path $path -Parent) -Force
            Set-Content -LiteralPath $path -Value 'not a library'
        }
        # win-x64 holds a file of the wrong name: not shipped.
        [KrJwt.NativeLoader]::ShippedRuntimes($base) | Should -Be @('linux-arm64', 'osx-arm64')
    }
}

Describe 'Import-Module when this platform''s runtime folder is missing' {
    It 'fails at once with one message naming the runtime, the expected path and what is shipped' {
        # A module copy whose only native library is under another rid (a package built for another platform).
        $moduleCopy = Join-Path -Path $TestDrive -ChildPath 'other-platform/KrJwt'
        $null = New-Item -ItemType Directory -Path (Split-Path -Path $moduleCopy -Parent)
        Copy-Item -LiteralPath (Split-Path -Path $script:ModuleManifest -Parent) -Destination $moduleCopy -Recurse
        $otherRid = if ($script:HostRid -eq 'linux-arm64') { 'linux-x64' } else { 'linux-arm64' }
        $hostFolder = Join-Path -Path $moduleCopy -ChildPath "bin/$script:HostRid"
        Rename-Item -LiteralPath $hostFolder -NewName $otherRid
        $manifest = (Join-Path -Path $moduleCopy -ChildPath 'KrJwt.psd1') -replace "'", "''"
        $child = @"
`$Error.Clear()
try {
    Import-Module -Name '$manifest' -ErrorAction Stop
    @{ Imported = `$true; Errors = `$Error.Count; Message = ''; ErrorId = '' } | ConvertTo-Json -Compress
} catch {
    @{ Imported = `$false; Errors = `$Error.Count; Message = `$_.Exception.Message; ErrorId = `$_.FullyQualifiedErrorId } | ConvertTo-Json -Compress
    exit 3
}
"@
        $output = & $script:Pwsh -NoProfile -NonInteractive -Command $child 2>&1
        $LASTEXITCODE | Should -Be 3
        $outcome = $output | Select-Object -Last 1 | ConvertFrom-Json
        $outcome.Imported | Should -BeFalse
        $outcome.Errors | Should -Be 1
        $outcome.ErrorId | Should -BeLike 'KrJwt.NativeLibraryNotLoaded*'
        $file = [System.IO.Path]::GetFileName([KrJwt.KrJwtLibrary]::NativePath)
        $outcome.Message | Should -BeLike "KrJwt has no native library for $script:HostRid (expected bin/$script:HostRid/$file,*"
        $outcome.Message | Should -BeLike "*ships native libraries for: $otherRid.*"
        $outcome.Message | Should -BeLike '*docs/packaging.md*'
        @($outcome.Message -split "`n").Count | Should -Be 1
    }
}
