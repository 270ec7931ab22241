# build.ps1 Package end to end: the .nupkg holds what an installed module needs (and no debug symbols), and
# installing it as the README says, under a throw-away HOME, gives a module a fresh pwsh imports by name.
# Package runs once for the file; it only rebuilds Rust when cargo finds target/release stale.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:Pwsh = Get-TestPwshPath
    $script:Dist = Join-Path -Path $script:RepoRoot -ChildPath 'dist'
    $script:Rid = [KrJwt.KrJwtLibrary]::ExpectedPlatform
    $script:NativeFile = [System.IO.Path]::GetFileName([KrJwt.KrJwtLibrary]::NativePath)

    # The user-level PSResourceGet store, to check that Package leaves no registration in it.
    $storeFile = Join-Path -Path ([Environment]::GetFolderPath('LocalApplicationData')) -ChildPath 'PSResourceGet/PSResourceRepository.xml'
    $script:StoreBefore = if (Test-Path -LiteralPath $storeFile) { Get-Content -Raw -LiteralPath $storeFile } else { $null }
    $script:StoreFile = $storeFile

    $script:PackageOutput = & $script:Pwsh -NoProfile -NonInteractive -File (Join-Path -Path $script:RepoRoot -ChildPath 'build.ps1') Package 2>&1 |
        ForEach-Object { "$_" }
    $script:PackageExit = $LASTEXITCODE
    $script:Package = Get-ChildItem -LiteralPath (Join-Path -Path $script:Dist -ChildPath 'repository') -Filter 'KrJwt.*.nupkg' -ErrorAction SilentlyContinue |
        Select-Object -First 1
    $script:Entries = if ($script:Package) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($script:Package.FullName)
        try { @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }) } finally { $zip.Dispose() }
    } else {
        @()
    }
}

Describe 'build.ps1 Package' {
    It 'succeeds and prints the package path and size' {
        $script:PackageExit | Should -Be 0 -Because ($script:PackageOutput -join "`n")
        $script:Package | Should -Not -BeNullOrEmpty
        $script:PackageOutput | Should -Contain ('==> package: {0} ({1:N1} MB ({2} bytes))' -f $script:Package.FullName, ($script:Package.Length / 1MB), $script:Package.Length)
    }

    It 'packs the module, the interop, LICENSE and this platform''s library under bin/<rid>/' {
        foreach ($entry in 'KrJwt.psd1', 'KrJwt.psm1', 'KrJwt.Format.ps1xml', 'LICENSE', 'bin/KrJwt.Interop.dll',
            "bin/$script:Rid/$script:NativeFile", 'Public/Validation/Get-KrJWTInfo.ps1', 'Private/Resolve-KrJwtError.ps1', 'en-US/KrJwt.Interop.dll-Help.xml') {
            $script:Entries | Should -Contain $entry
        }
        $publicFiles = Get-ChildItem -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'ps-module/KrJwt/Public') -Filter '*.ps1' -Recurse
        @($script:Entries | Where-Object { $_ -like 'Public/*.ps1' }).Count | Should -Be $publicFiles.Count
    }

    It 'packs no debug symbols, no flat bin/<file> of the dev layout and nothing from outside the module' {
        $script:Entries | Where-Object { $_ -match '\.(debug|pdb)$' } | Should -BeNullOrEmpty
        $script:Entries | Should -Not -Contain "bin/$script:NativeFile"
        $script:Entries | Where-Object { $_ -match '^(dist|target|src|pester|tests)/' } | Should -BeNullOrEmpty
    }

    It 'ships the library stripped, with a debuglink to its symbols in dist/symbols/<rid>/' -Skip:(-not $IsLinux) {
        $staged = Join-Path -Path $script:Dist -ChildPath "stage/KrJwt/bin/$script:Rid/$script:NativeFile"
        $debug = Join-Path -Path $script:Dist -ChildPath "symbols/$script:Rid/$script:NativeFile.debug"
        Test-Path -LiteralPath $debug -PathType Leaf | Should -BeTrue
        $stagedSections = readelf -S --wide $staged | Out-String
        $stagedSections | Should -Not -Match '\.debug_info'
        $stagedSections | Should -Not -Match '\.symtab'
        $stagedSections | Should -Match '\.gnu_debuglink'
        (readelf --string-dump=.gnu_debuglink $staged | Out-String) | Should -Match ([regex]::Escape("$script:NativeFile.debug"))
        (readelf -S --wide $debug | Out-String) | Should -Match '\.debug_info'
        (Get-Item -LiteralPath $staged).Length | Should -BeLessThan (Get-Item -LiteralPath $debug).Length
        $script:PackageOutput | Where-Object { $_ -like "==> ${script:Rid}: built *, packaged (stripped) *, debug symbols *" } | Should -Not -BeNullOrEmpty
    }

    It 'leaves no repository registration in the user''s PSResourceGet store' {
        $after = if (Test-Path -LiteralPath $script:StoreFile) { Get-Content -Raw -LiteralPath $script:StoreFile } else { $null }
        $after | Should -Be $script:StoreBefore
        Get-ChildItem -LiteralPath ([System.IO.Path]::GetTempPath()) -Filter 'krjwt-psresource-*' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        # Nor a PSResourceGet or NuGet folder in the current directory (where they land when a data folder is missing).
        foreach ($stray in 'PSResourceGet', 'NuGet') {
            Test-Path -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath $stray) | Should -BeFalse -Because $stray
        }
    }
}

Describe 'Installing the package as the README says' {
    BeforeAll {
        # A throw-away HOME: the repository registration and the CurrentUser install land under it, not in the
        # user's profile. (.NET ignores an XDG folder that does not exist, and PSResourceGet and NuGet then write
        # into the current directory, hence the mkdir.)
        $script:ScratchHome = Join-Path -Path $TestDrive -ChildPath 'home'
        $dataHome = Join-Path -Path $script:ScratchHome -ChildPath '.local/share'
        $configHome = Join-Path -Path $script:ScratchHome -ChildPath '.config'
        $null = New-Item -ItemType Directory -Path $dataHome, $configHome -Force
        $script:InstallRoot = Join-Path -Path $dataHome -ChildPath 'powershell/Modules'
        $install = Get-TestReadmeBlock -Name 'install'
        $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; PSModulePath = $env:PSModulePath }
        Push-Location -LiteralPath $script:RepoRoot
        try {
            $env:HOME = $script:ScratchHome
            $env:XDG_DATA_HOME = $dataHome
            $env:XDG_CONFIG_HOME = $configHome
            $script:InstallOutput = & $script:Pwsh -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'`n$install`n(Get-Module -Name KrJwt).ModuleBase" 2>&1 |
                ForEach-Object { "$_" }
            $script:InstallExit = $LASTEXITCODE

            # A fresh session that sees only the temporary install and the modules PowerShell ships.
            $env:PSModulePath = $script:InstallRoot + [System.IO.Path]::PathSeparator + (Join-Path -Path $PSHOME -ChildPath 'Modules')
            $use = @'
$ErrorActionPreference = 'Stop'
Import-Module -Name KrJwt
$hex = [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
$built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'PackageTest' | Add-KrJWTAudience -Audience 'PackageAudience' |
    Protect-KrJWT -HexadecimalKey $hex -Algorithm HS256 | Limit-KrJWTValidity -Minutes 5 | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
$token = $built | Get-KrJWTToken
$help = Get-Help -Name Test-KrJWT -Full
[ordered]@{
    ModuleBase  = (Get-Module -Name KrJwt).ModuleBase
    NativePath  = [KrJwt.KrJwtLibrary]::NativePath
    Valid       = [bool] (Test-KrJWT -Token $token -ValidationParameter ($built | Get-KrJWTValidationParameter))
    Tampered    = [bool] (Test-KrJWT -Token ($token.Substring(0, $token.Length - 2) + 'AA') -ValidationParameter ($built | Get-KrJWTValidationParameter))
    Synopsis    = "$($help.Synopsis)"
    Description = ($help.description | ForEach-Object { $_.Text }) -join "`n"
    Examples    = @($help.examples.example).Count
    ExampleCode = "$(@($help.examples.example)[0].code)"
} | ConvertTo-Json -Compress
'@
            $script:UseOutput = & $script:Pwsh -NoProfile -NonInteractive -Command $use 2>&1 | ForEach-Object { "$_" }
            $script:UseExit = $LASTEXITCODE
        } finally {
            Pop-Location
            $env:HOME = $saved.HOME
            $env:XDG_DATA_HOME = $saved.XDG_DATA_HOME
            $env:XDG_CONFIG_HOME = $saved.XDG_CONFIG_HOME
            $env:PSModulePath = $saved.PSModulePath
        }
        $script:Use = if ($script:UseExit -eq 0) { $script:UseOutput | Select-Object -Last 1 | ConvertFrom-Json } else { $null }
    }

    It 'Register-PSResourceRepository, Install-PSResource and Import-Module succeed into the temporary profile' {
        foreach ($stray in 'PSResourceGet', 'NuGet') {
            Test-Path -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath $stray) | Should -BeFalse -Because "no $stray folder is left in the repository"
        }
        $script:InstallExit | Should -Be 0 -Because ($script:InstallOutput -join "`n")
        $base = $script:InstallOutput | Select-Object -Last 1
        $base | Should -BeLike (Join-Path -Path $script:InstallRoot -ChildPath 'KrJwt*')
        Test-Path -LiteralPath (Join-Path -Path $base -ChildPath 'LICENSE') -PathType Leaf | Should -BeTrue
    }

    It 'a fresh pwsh imports KrJwt by name from the install and loads its bin/<rid>/ library' {
        $script:UseExit | Should -Be 0 -Because ($script:UseOutput -join "`n")
        $script:Use.ModuleBase | Should -BeLike (Join-Path -Path $script:InstallRoot -ChildPath 'KrJwt*')
        $script:Use.NativePath | Should -Be (Join-Path -Path $script:Use.ModuleBase -ChildPath "bin/$script:Rid/$script:NativeFile")
    }

    It 'issues a token and validates it (and refuses it tampered)' {
        $script:Use.Valid | Should -BeTrue
        $script:Use.Tampered | Should -BeFalse
    }

    It 'Get-Help Test-KrJWT -Full shows the help: synopsis, description and examples' {
        $script:Use.Synopsis | Should -Not -BeNullOrEmpty
        $script:Use.Synopsis | Should -Not -BeLike 'Test-KrJWT*[-Token]*'
        $script:Use.Description | Should -Not -BeNullOrEmpty
        $script:Use.Examples | Should -BeGreaterThan 0
        $script:Use.ExampleCode | Should -Match 'Test-KrJWT'
    }
}
