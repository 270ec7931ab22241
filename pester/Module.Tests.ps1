BeforeDiscovery {
    $manifestPath = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'ps-module/KrJwt/KrJwt.psd1'
    $manifestData = Import-PowerShellDataFile -Path $manifestPath
    # The script functions and the compiled cmdlets (issue 18): every exported command's help is checked.
    $functionNames = @($manifestData.FunctionsToExport) + @($manifestData.CmdletsToExport)
    $commandCases = foreach ($name in $functionNames) { @{ Name = $name } }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $manifest = Import-PowerShellDataFile -Path $script:ModuleManifest

    function Get-TestExampleExpectation {
        <#
            What a help example says it prints. The convention: comment lines at the end of the example's code,
              # Output: <one line>                 (exact; one such comment per line of output), or
              # Output:                            (a block: each following '# <line>' is one line), and
              # Output like: <wildcard pattern>    (or '# Output like:' + block) for values that change each run.
            Returns objects with Text and Like, in order; none when the example states nothing.
        #>
        param([string] $Code)
        $block = $null
        foreach ($line in $Code -split '\r?\n') {
            if ($line -match '^\s*#\s*Output(?<like> like)?:\s*(?<text>.*?)\s*$') {
                $like = [bool] $Matches['like']
                if ($Matches['text']) {
                    [pscustomobject]@{ Text = $Matches['text']; Like = $like }
                    $block = $null
                } else {
                    $block = $like
                }
            } elseif ($null -ne $block -and $line -match '^\s*#\s?(?<text>.*?)\s*$') {
                [pscustomobject]@{ Text = $Matches['text']; Like = $block }
            } else {
                $block = $null
            }
        }
    }

    function Compare-TestExampleOutput {
        <# Differences between what an example printed (Out-String text) and what it says it prints; none when they agree. #>
        param([AllowEmptyString()] [string] $Output, [object[]] $Expected)
        $actual = @($Output -split '\r?\n' | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
        if ($actual.Count -ne $Expected.Count) {
            "prints $($actual.Count) line(s), the help states $($Expected.Count): [$($actual -join ' | ')] vs [$(($Expected | ForEach-Object Text) -join ' | ')]"
            return
        }
        for ($i = 0; $i -lt $actual.Count; $i++) {
            $ok = if ($Expected[$i].Like) { $actual[$i] -like $Expected[$i].Text } else { $actual[$i] -ceq $Expected[$i].Text }
            if (-not $ok) {
                "line $($i + 1): prints '$($actual[$i])', the help states '$($Expected[$i].Text)'"
            }
        }
    }
}

Describe 'Module surface' {
    It 'has the manifest the brief asks for' {
        $manifest.ModuleVersion | Should -BeExactly '0.1.0'
        $manifest.RootModule | Should -BeExactly 'KrJwt.psm1'
        # 7.6: the interop targets net10.0 (was '7.2', which could not load it).
        $manifest.PowerShellVersion | Should -BeExactly '7.6'
        $manifest.AliasesToExport | Should -Be @('Export-KrJwks', 'New-KrJWTTokenBuilder')
    }

    It 'exports exactly the functions of Public/ and the manifest, and the alias' {
        $module = Get-Module -Name KrJwt
        $publicFiles = (Get-ChildItem -Path (Join-Path -Path $module.ModuleBase -ChildPath 'Public') -Filter '*.ps1' -Recurse).BaseName
        ($module.ExportedFunctions.Keys | Sort-Object) | Should -Be ($publicFiles | Sort-Object)
        ($module.ExportedFunctions.Keys | Sort-Object) | Should -Be ($manifest.FunctionsToExport | Sort-Object)
        ($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        ($module.ExportedAliases.Keys | Sort-Object) | Should -Be @('Export-KrJwks', 'New-KrJWTTokenBuilder')
        (Get-Alias -Name Export-KrJwks).ResolvedCommandName | Should -BeExactly 'Export-KrJwkSet'
    }

    It 'every exported command has an approved verb and a singular noun (the last word of the noun does not end in s)' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module KrJwt -CommandType Function, Cmdlet) {
            $command.Verb | Should -BeIn $approved -Because "$($command.Name) needs an approved verb"
            # PSScriptAnalyzer's PSUseSingularNouns looks at the last word of the noun (split at capitals).
            $lastWord = [regex]::Match($command.Noun, '[A-Z][a-z]+$|[A-Z]+$').Value
            $lastWord | Should -Not -Match '(?<![su])s$' -Because "$($command.Name): '$lastWord' reads as a plural noun"
        }
        # The rule does catch the former name.
        [regex]::Match('KrJwks', '[A-Z][a-z]+$|[A-Z]+$').Value | Should -Match '(?<![su])s$'
    }

    It 'uses the same parameter names for the same things across commands (aliases keep the older names)' {
        foreach ($name in 'Add-KrJWTAudience', 'Add-KrJWTClaim', 'Add-KrJWTHeader', 'Add-KrJWTIssuer', 'Add-KrJWTSubject', 'Build-KrJWT',
            'Copy-KrJWTTokenBuilder', 'Limit-KrJWTNotBefore', 'Limit-KrJWTValidity', 'Protect-KrJWT', 'Protect-KrJWTPayload', 'Update-KrJWT') {
            (Get-Command -Name $name).Parameters.Keys | Should -Contain 'Builder' -Because "$name takes the builder as -Builder"
        }
        foreach ($name in 'Add-KrJWTBearerAuthentication', 'Test-KrJWT', 'Update-KrJWT') {
            (Get-Command -Name $name).Parameters.Keys | Should -Contain 'ValidationParameter' -Because "$name takes validation parameters as -ValidationParameter"
        }
        foreach ($name in 'Test-KrJWT', 'Get-KrJWTInfo', 'Update-KrJWT') {
            (Get-Command -Name $name).Parameters.Keys | Should -Contain 'Token' -Because "$name takes the token as -Token"
        }
        # Imported keys: -Key everywhere a single set of keys is taken.
        (Get-Command -Name Add-KrJWTBearerAuthentication).Parameters['IssuerSigningKey'].Aliases | Should -Contain 'Key'
        (Get-Command -Name Add-KrJWTBearerAuthentication).Parameters['IssuerSigningKey'].Aliases | Should -Contain 'SigningKey'
        (Get-Command -Name New-KrJWTValidationParameter).Parameters['SigningKey'].Aliases | Should -Contain 'Key'
        (Get-Command -Name New-KrJWTValidationParameter).Parameters['SigningKey'].Aliases | Should -Contain 'IssuerSigningKey'
        (Get-Command -Name Get-KrJwkThumbprint).Parameters['Certificate'].Aliases | Should -Contain 'X509Certificate'
        # The bearer commands name the scheme -Name (alias -AuthenticationScheme).
        foreach ($name in 'Add-KrJWTBearerAuthentication', 'Get-KrJWTBearerAuthentication', 'Invoke-KrJWTBearerAuthentication', 'Remove-KrJWTBearerAuthentication') {
            (Get-Command -Name $name).Parameters['Name'].Aliases | Should -Contain 'AuthenticationScheme'
        }
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
        # A compiled cmdlet is an advanced command by construction (CmdletInfo has no CmdletBinding flag).
        if ($command.CommandType -eq 'Function') {
            $command.CmdletBinding | Should -BeTrue
        }
    }

    It 'runs every help example without error' {
        $ErrorActionPreference = 'Stop'
        foreach ($example in @($help.examples.example)) {
            $code = $example.code
            $code | Should -Not -BeNullOrEmpty
            # Each example starts as in a new session: no bearer scheme registered.
            Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication -Confirm:$false
            $output = $null
            { $script:output = & ([scriptblock]::Create($code)) | Out-String -Width 4096 } | Should -Not -Throw -Because "example `"$code`" must run"
            $script:output | Should -Not -BeNullOrEmpty -Because "example `"$code`" should show something"
            # Where the help states the output ('# Output:' comments), the example prints exactly that.
            $expected = @(Get-TestExampleExpectation -Code $code)
            if ($expected.Count -gt 0) {
                Compare-TestExampleOutput -Output $script:output -Expected $expected | Should -BeNullOrEmpty -Because "example `"$code`" states its output"
            }
        }
        Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication -Confirm:$false
    }

    It 'links to the conceptual help, about_KrJwt' {
        @($help.relatedLinks.navigationLink.linkText) | Should -Contain 'about_KrJwt'
    }
}

Describe 'Help examples state their output' {
    It 'the two examples issue 17 found wrong (ConvertTo-KrJwk 1, Limit-KrJWTValidity 1) state what they print' {
        foreach ($name in 'ConvertTo-KrJwk', 'Limit-KrJWTValidity') {
            $code = @((Get-Help -Name $name -Full).examples.example)[0].code
            @(Get-TestExampleExpectation -Code $code).Count | Should -BeGreaterThan 0 -Because "$name example 1 states its output"
        }
        $code = @((Get-Help -Name Limit-KrJWTValidity -Full).examples.example)[0].code
        $output = & ([scriptblock]::Create($code)) | Out-String
        Compare-TestExampleOutput -Output $output -Expected @(Get-TestExampleExpectation -Code $code) | Should -BeNullOrEmpty
        # The old example ($builder.Lifetime alone) prints a TimeSpan's property list, not 00:30:00.
        $old = New-KrJWTBuilder | Limit-KrJWTValidity -Minutes 30 | ForEach-Object Lifetime | Out-String
        Compare-TestExampleOutput -Output $old -Expected @(Get-TestExampleExpectation -Code '# Output: 00:30:00') | Should -Not -BeNullOrEmpty
        $jwk = New-KrJWTKey -Type EC | ConvertTo-KrJwk
        $jwk | Should -Not -Match '"alg"|"use"'
    }

    It 'the convention: exact lines, blocks and wildcards; a wrong statement is reported' {
        $code = "'a'`n'b'`n# Output: a`n# Output: b"
        Compare-TestExampleOutput -Output (& ([scriptblock]::Create($code)) | Out-String) -Expected @(Get-TestExampleExpectation -Code $code) | Should -BeNullOrEmpty
        $block = "1, 2`n# Output:`n# 1`n# 2"
        @(Get-TestExampleExpectation -Code $block).Text | Should -Be @('1', '2')
        Compare-TestExampleOutput -Output "1`n2" -Expected @(Get-TestExampleExpectation -Code $block) | Should -BeNullOrEmpty
        Compare-TestExampleOutput -Output "1`n3" -Expected @(Get-TestExampleExpectation -Code $block) | Should -Match "line 2: prints '3'"
        Compare-TestExampleOutput -Output '1' -Expected @(Get-TestExampleExpectation -Code $block) | Should -Match 'prints 1 line'
        $like = @(Get-TestExampleExpectation -Code '# Output like: {"kid":"*"}')
        $like[0].Like | Should -BeTrue
        Compare-TestExampleOutput -Output '{"kid":"abc"}' -Expected $like | Should -BeNullOrEmpty
        Compare-TestExampleOutput -Output '{"alg":"x","kid":"abc"}' -Expected $like | Should -Not -BeNullOrEmpty
        @(Get-TestExampleExpectation -Code "Get-Date`n# a comment, not output").Count | Should -Be 0
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
