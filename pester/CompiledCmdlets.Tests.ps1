BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $script:Hex = New-TestHexKey
}

Describe 'The compiled cmdlets (issue 18)' {
    It 'are cmdlets whose class is named like the command, so error ids end with the command name' {
        $manifest = Import-PowerShellDataFile -Path $script:ModuleManifest
        foreach ($name in $manifest.CmdletsToExport) {
            $command = Get-Command -Name $name -Module KrJwt
            $command.CommandType | Should -Be 'Cmdlet'
            $command.ImplementingType.FullName | Should -BeExactly $name
        }
        (Get-TestError { New-KrJWT -Issuer '' -Audience 'A' -HexadecimalKey $script:Hex }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,New-KrJWT'
    }

    It 'Get-Help -Full of a compiled cmdlet shows its syntax, parameters with their types and the examples' {
        $help = Get-Help -Name Protect-KrJWT -Full
        @($help.syntax.syntaxItem).Count | Should -Be (Get-Command -Name Protect-KrJWT).ParameterSets.Count
        ($help.parameters.parameter | Where-Object name -EQ 'Builder').pipelineInput | Should -BeLike 'true*ByValue*'
        ($help.parameters.parameter | Where-Object name -EQ 'Key').type.name | Should -BeExactly 'KrJwt.JwtKey'
        ($help | Out-String -Width 200) | Should -Match 'EXAMPLE 1'
    }
}

Describe 'New-KrJWT' {
    It 'issues the token the guide''s pipeline issues: same issuer, audiences, subject, claims and algorithm' {
        $one = New-KrJWT -Issuer 'DemoIssuer' -Audience 'A1', 'A2' -Subject 'user1' -Claims ([ordered]@{ role = 'admin'; level = 3; tags = @('x') }) -HexadecimalKey $script:Hex -Lifetime ([TimeSpan]::FromMinutes(30))
        $pipeline = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'A1', 'A2' |
            Protect-KrJWT -HexadecimalKey $script:Hex | Limit-KrJWTValidity -Minutes 30 | Add-KrJWTSubject -Subject 'user1' |
            Add-KrJWTClaim -ClaimType 'role' -Value 'admin' | Add-KrJWTClaim -ClaimType 'level' -Value 3 | Add-KrJWTClaim -ClaimType 'tags' -Value @('x') | Build-KrJWT
        $a = Get-TestTokenPart -Token $one.Token -Part Payload
        $b = Get-TestTokenPart -Token $pipeline.Token -Part Payload
        $a.iss | Should -BeExactly 'DemoIssuer'
        foreach ($member in 'iss', 'sub', 'role', 'level') {
            $a.$member | Should -Be $b.$member
        }
        @($a.aud) | Should -Be @('A1', 'A2')
        @($a.tags) | Should -Be @('x')
        ($a.exp - $a.iat) | Should -Be 1800
        (Get-TestTokenPart -Token $one.Token -Part Header).alg | Should -BeExactly 'HS256'
        Test-KrJWT -Token $one.Token -ValidationParameter ($pipeline | Get-KrJWTValidationParameter) | Should -BeTrue
    }

    It 'takes a key object and leaves it usable; refuses what the pipeline refuses with the same ids' {
        $key = New-KrJWTKey -Type EC
        $result = New-KrJWT -Issuer 'I' -Audience 'A' -Key $key -KeyId 'k1'
        $result.KeyId | Should -BeExactly 'k1'
        $result.Algorithm | Should -BeExactly 'ES256'
        (New-KrJWT -Issuer 'I' -Audience 'A' -Key $key).Token | Should -Not -BeNullOrEmpty
        (Get-TestError { New-KrJWT -Issuer 'I' -HexadecimalKey 'abcd' }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,New-KrJWT'
        (Get-TestError { New-KrJWT -Issuer 'I' -HexadecimalKey $script:Hex -Claims @{ bad = { 1 } } }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,New-KrJWT'
        (Get-TestError { New-KrJWT -Issuer 'I' -HexadecimalKey $script:Hex -Claims @{ exp = 1 } }).Exception | Should -BeOfType ([KrJwt.KrJwtException])
    }
}

Describe 'Test-KrJWT without -PassThru' {
    It 'gives the same verdicts from statuses only as the outcomes of -PassThru, for valid and every kind of invalid token' {
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'I' | Add-KrJWTAudience -Audience 'A' | Protect-KrJWT -HexadecimalKey $script:Hex | Build-KrJWT
        $expired = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'I' | Add-KrJWTAudience -Audience 'A' | Protect-KrJWT -HexadecimalKey $script:Hex |
            Limit-KrJWTNotBefore -Seconds -300 | Limit-KrJWTValidity -Seconds 60 | Build-KrJWT
        $foreign = New-KrJWT -Issuer 'Other' -Audience 'A' -HexadecimalKey $script:Hex
        $tokens = @($built.Token, (Get-TestTamperedToken -Token $built.Token), $expired.Token, $foreign.Token, 'not.a.token', '', $built.Token)
        $validation = $built | Get-KrJWTValidationParameter
        $verdicts = @(Test-KrJWT -Token $tokens -ValidationParameter $validation)
        $outcomes = @(Test-KrJWT -Token $tokens -ValidationParameter $validation -PassThru)
        $verdicts | Should -Be @($outcomes.IsValid)
        $verdicts | Should -Be @($true, $false, $false, $false, $false, $false, $true)
        @($outcomes.Reason)[1..4] | Should -Be @('InvalidSignature', 'TokenExpired', 'InvalidIssuer', 'MalformedToken')
        $validation.ValidateAll([string[]] $tokens) | Should -Be $verdicts
    }

    It 'still explains each refused token under -Verbose' {
        $built = New-KrJWT -Issuer 'I' -Audience 'A' -HexadecimalKey $script:Hex
        $messages = @(Test-KrJWT -Token 'not.a.token' -ValidationParameter ($built | Get-KrJWTValidationParameter) -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $messages.Count | Should -Be 1
        $messages[0].Message | Should -BeLike 'Token 1 is not valid: MalformedToken*'
    }
}

Describe 'A built result' {
    It 'reads its parts on first use, and they stay readable after Dispose' {
        $result = New-KrJWT -Issuer 'I' -Audience 'A' -Subject 'user1' -HexadecimalKey $script:Hex
        $result.Dispose()
        $result.Issuer | Should -BeExactly 'I'
        $result.Subject | Should -BeExactly 'user1'
        $result.Token.Split('.').Count | Should -Be 3
        (Get-TestError { $result | Get-KrJWTValidationParameter }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Get-KrJWTValidationParameter'
    }
}

Describe 'The built module imports its functions from one generated file' {
    It 'defines the script functions from bin/KrJwt.Functions.ps1, with their help from en-US/KrJwt-Help.xml' {
        $module = Get-Module -Name KrJwt
        (Get-Command -Name Add-KrJWTHeader).ScriptBlock.File | Should -BeExactly (Join-Path -Path $module.ModuleBase -ChildPath 'bin/KrJwt.Functions.ps1')
        $help = Get-Help -Name Add-KrJWTHeader -Full
        $help.Synopsis | Should -BeExactly 'Adds an extra member to the JOSE header of a JWT token builder.'
        @($help.examples.example).Count | Should -BeGreaterThan 0
        # The generated file has no help blocks left, and points each public function at the MAML file.
        $text = Get-Content -LiteralPath (Join-Path -Path $module.ModuleBase -ChildPath 'bin/KrJwt.Functions.ps1') -Raw
        $text | Should -Not -Match '\.SYNOPSIS'
        ([regex]::Matches($text, '# \.ExternalHelp KrJwt-Help\.xml')).Count | Should -Be @($module.ExportedFunctions.Keys).Count
    }

    It 'falls back to the sources when one is newer than the generated file' {
        $copy = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "krjwt-stale-$PID"
        Remove-Item -LiteralPath $copy -Recurse -Force -ErrorAction SilentlyContinue
        try {
            Copy-Item -LiteralPath (Get-Module -Name KrJwt).ModuleBase -Destination $copy -Recurse
            $source = Join-Path -Path $copy -ChildPath 'Public/Builder/Add-KrJWTHeader.ps1'
            (Get-Item -LiteralPath (Join-Path -Path $copy -ChildPath 'bin/KrJwt.Functions.ps1')).LastWriteTimeUtc = [DateTime]::UtcNow.AddMinutes(-10)
            (Get-Item -LiteralPath $source).LastWriteTimeUtc = [DateTime]::UtcNow
            $file = & (Get-TestPwshPath) -NoProfile -NonInteractive -Command "Import-Module '$copy/KrJwt.psd1'; (Get-Command -Name Add-KrJWTHeader).ScriptBlock.File"
            $file | Should -BeExactly $source
        } finally {
            Remove-Item -LiteralPath $copy -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
