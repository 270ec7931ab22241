BeforeDiscovery {
    $manifestPath = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'ps-module/KrJwt/KrJwt.psd1'
    $functionNames = (Import-PowerShellDataFile -Path $manifestPath).FunctionsToExport
    $commandCases = foreach ($name in $functionNames) { @{ Name = $name } }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $manifest = Import-PowerShellDataFile -Path $script:ModuleManifest
}

Describe 'Module surface' {
    It 'has the manifest the brief asks for' {
        $manifest.ModuleVersion | Should -BeExactly '0.1.0'
        $manifest.RootModule | Should -BeExactly 'KrJwt.psm1'
        # 7.6: the interop targets net10.0 (was '7.2', which could not load it).
        $manifest.PowerShellVersion | Should -BeExactly '7.6'
        $manifest.AliasesToExport | Should -Be @('New-KrJWTTokenBuilder')
    }

    It 'exports exactly the functions of Public/ and the manifest, and the alias' {
        $module = Get-Module -Name KrJwt
        $publicFiles = (Get-ChildItem -Path (Join-Path -Path $module.ModuleBase -ChildPath 'Public') -Filter '*.ps1' -Recurse).BaseName
        ($module.ExportedFunctions.Keys | Sort-Object) | Should -Be ($publicFiles | Sort-Object)
        ($module.ExportedFunctions.Keys | Sort-Object) | Should -Be ($manifest.FunctionsToExport | Sort-Object)
        $module.ExportedAliases.Keys | Should -Be @('New-KrJWTTokenBuilder')
    }

    It 'does not export private helpers' {
        Get-Command -Module KrJwt -Name 'Resolve-KrJwtError' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Command -Module KrJwt -Name 'ConvertTo-KrJwtJsonText' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'uses the interop compiled at build time from the module bin folder' {
        $binPath = Join-Path -Path (Get-Module -Name KrJwt).ModuleBase -ChildPath 'bin'
        [KrJwt.JwtBuilder].Assembly.Location | Should -BeExactly (Join-Path -Path $binPath -ChildPath 'KrJwt.Interop.dll')
        Get-Content -LiteralPath (Join-Path -Path (Get-Module -Name KrJwt).ModuleBase -ChildPath 'KrJwt.psm1') -Raw |
            Should -Not -Match 'TypeDefinition'
    }

    It 'loads the native library from the module bin folder' {
        [KrJwt.KrJwtLibrary]::NativePath | Should -BeLike (Join-Path -Path (Get-Module -Name KrJwt).ModuleBase -ChildPath 'bin*')
        [KrJwt.KrJwtLibrary]::Version | Should -Not -BeNullOrEmpty
    }
}

Describe '<Name> help and metadata' -ForEach $commandCases {
    BeforeAll {
        $command = Get-Command -Name $Name -Module KrJwt
        $help = Get-Help -Name $Name -Full
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$Name*[<CommonParameters>]*"
        ($help.description.Text -join "`n") | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
            $described = $help.parameters.parameter | Where-Object { $_.name -eq $parameter }
            ($described.description.Text -join '') | Should -Not -BeNullOrEmpty -Because "parameter -$parameter needs help"
        }
    }

    It 'has at least one example' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
    }

    It 'declares [OutputType()] and [CmdletBinding()]' {
        $command.OutputType | Should -Not -BeNullOrEmpty
        $command.CmdletBinding | Should -BeTrue
    }

    It 'runs every help example without error' {
        $ErrorActionPreference = 'Stop'
        foreach ($example in @($help.examples.example)) {
            $code = $example.code
            $code | Should -Not -BeNullOrEmpty
            $output = $null
            { $script:output = & ([scriptblock]::Create($code)) | Out-String } | Should -Not -Throw -Because "example `"$code`" must run"
            $script:output | Should -Not -BeNullOrEmpty -Because "example `"$code`" should show something"
        }
    }
}

Describe 'Format views and ToString never show key material' {
    BeforeAll {
        $hexKey = New-TestHexKey
        $keyBytes = [Convert]::FromHexString($hexKey)
        $secretForms = @(
            $hexKey
            $hexKey.ToUpperInvariant()
            (ConvertTo-TestBase64Url -Data $keyBytes)
            [Convert]::ToBase64String($keyBytes)
        )
        $builder = New-TestBuilder -HexKey $hexKey | Add-KrJWTSubject -Subject 'u' | Add-KrJWTHeader -Name 'x-h' -Value 'v'
        $built = $builder | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        $key = [KrJwt.JwtKey]::FromHex($hexKey)
    }

    It 'has a view for <_>' -ForEach @('KrJwt.JwtBuilder', 'KrJwt.JwtResult', 'KrJwt.JwtValidationParameters', 'KrJwt.JwtInfo', 'KrJwt.JwtValidationOutcome') {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }

    It 'the builder view shows its settings, not the key' {
        $text = $builder | Out-String
        $text | Should -Match 'TestIssuer'
        $text | Should -Match 'HS256'
        foreach ($form in $secretForms) {
            $text | Should -Not -Match ([regex]::Escape($form))
            ($builder | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($form))
            $builder.ToString() | Should -Not -Match ([regex]::Escape($form))
            $builder.GetStateJson() | Should -Not -Match ([regex]::Escape($form))
        }
    }

    It 'the result view shows the token, not the key' {
        $text = $built | Out-String -Width 4096
        $text | Should -Match ([regex]::Escape($built.Token))
        foreach ($form in $secretForms) {
            $text | Should -Not -Match ([regex]::Escape($form))
            ($built | Format-List * | Out-String -Width 4096) | Should -Not -Match ([regex]::Escape($form))
        }
    }

    It 'the result ToString is a short description, not the token' {
        $built.ToString() | Should -Not -Match ([regex]::Escape($built.Token))
        $built.ToString() | Should -Match 'HS256'
    }

    It 'the validation view and a key object show no key' {
        $text = ($validation | Out-String) + ($validation | Format-List * | Out-String) + ($key | Out-String) + ($key | Format-List * | Out-String) + $key.ToString()
        $text | Should -Match 'oct'
        foreach ($form in $secretForms) {
            $text | Should -Not -Match ([regex]::Escape($form))
        }
    }
}
