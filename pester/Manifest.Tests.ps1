# The manifest tells the truth about what the module needs and where it comes from (the Gallery shows these
# fields), and Test-ModuleManifest accepts it without a warning.
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $script:Data = Import-PowerShellDataFile -Path $script:ModuleManifest
    $script:PSData = $script:Data.PrivateData.PSData
}

Describe 'KrJwt.psd1' {
    It 'passes Test-ModuleManifest with no error and no warning' {
        $warnings = $null
        $errors = $null
        $info = Test-ModuleManifest -Path $script:ModuleManifest -ErrorVariable errors -WarningVariable warnings -ErrorAction SilentlyContinue 3>$null
        $errors | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $info.Name | Should -Be 'KrJwt'
    }

    It 'needs the PowerShell the interop runs on: 7.6 (tools/versions.txt minimum), Core only' {
        $minimum = Get-Content -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'tools/versions.txt') |
            Where-Object { $_ -match '^\s*minimum\s+pwsh\s+(\S+)' } | ForEach-Object { $Matches[1] }
        $script:Data.PowerShellVersion | Should -BeExactly $minimum
        $script:Data.PowerShellVersion | Should -BeExactly '7.6'
        $script:Data.CompatiblePSEditions | Should -Be @('Core')
        # net10.0 is what PowerShell 7.6 runs on.
        $project = [xml] (Get-Content -Raw -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'ps-module/interop/KrJwt.Interop.csproj'))
        $project.Project.PropertyGroup.TargetFramework | Should -Be 'net10.0'
    }

    It 'has absolute ProjectUri and LicenseUri' {
        foreach ($field in 'ProjectUri', 'LicenseUri') {
            $uri = $null
            [uri]::TryCreate([string] $script:PSData[$field], [System.UriKind]::Absolute, [ref] $uri) | Should -BeTrue -Because $field
            $uri.Scheme | Should -Be 'https' -Because $field
        }
    }

    It 'has the Gallery tags: <_>' -ForEach @('JWT', 'JWS', 'JWE', 'JOSE', 'OAuth2', 'OIDC', 'Bearer', 'Kestrun', 'Security', 'Linux') {
        $script:PSData.Tags | Should -Contain $_
    }

    It 'has tags the Gallery accepts (no spaces, no duplicates)' {
        foreach ($tag in $script:PSData.Tags) {
            $tag | Should -Match '^\S+$'
        }
        @($script:PSData.Tags | Select-Object -Unique).Count | Should -Be @($script:PSData.Tags).Count
    }

    It 'the repository has the LICENSE the package ships (MIT, as Cargo.toml says)' {
        $license = Join-Path -Path $script:RepoRoot -ChildPath 'LICENSE'
        Test-Path -LiteralPath $license -PathType Leaf | Should -BeTrue
        (Get-Content -LiteralPath $license -TotalCount 1) | Should -Be 'MIT License'
        (Get-Content -Raw -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'Cargo.toml')) | Should -Match 'license\s*=\s*"MIT"'
    }
}
