BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:Built = New-TestBuilder -Issuer 'PipeIssuer' -Audience 'PipeAudience' | Add-KrJWTSubject -Subject 'pipe-user' | Build-KrJWT
    $script:Validation = $script:Built | Get-KrJWTValidationParameter
    $script:Foreign = (New-TestBuilder -Issuer 'PipeIssuer' -Audience 'PipeAudience' | Add-KrJWTSubject -Subject 'mallory' | Build-KrJWT).Token
    $script:Csv = Join-Path -Path $TestDrive -ChildPath 'tokens.csv'
    @(
        [pscustomobject]@{ User = 'pipe-user'; Token = $script:Built.Token }
        [pscustomobject]@{ User = 'mallory'; Token = $script:Foreign }
    ) | Export-Csv -LiteralPath $script:Csv -NoTypeInformation
    $script:WrongObjects = @(
        @{ Kind = 'an object without a Token property'; Make = { [pscustomobject]@{ Jwt = $script:Built.Token } } }
        @{ Kind = 'a hashtable'; Make = { @{ Token = $script:Built.Token } } }
        @{ Kind = 'a number'; Make = { 42 } }
        @{ Kind = 'a key'; Make = { New-KrJWTKey -Type HMAC } }
    )
}

Describe 'Test-KrJWT binds Token by property name and refuses other pipeline objects' {
    It 'a build result piped with -ValidationParameter is validated by its Token' {
        $script:Built | Test-KrJWT -ValidationParameter $script:Validation | Should -BeExactly $true
        $outcome = $script:Built | Test-KrJWT -ValidationParameter $script:Validation -PassThru
        $outcome.Token | Should -BeExactly $script:Built.Token
        $outcome.Claims['sub'] | Should -BeExactly 'pipe-user'
    }

    It 'Import-Csv records with a Token column are validated by that column, in order' {
        $outcomes = @(Import-Csv -LiteralPath $script:Csv | Test-KrJWT -ValidationParameter $script:Validation -PassThru)
        $outcomes.Count | Should -Be 2
        $outcomes[0].IsValid | Should -BeTrue
        $outcomes[0].Token | Should -BeExactly $script:Built.Token
        $outcomes[1].IsValid | Should -BeFalse
        $outcomes[1].Reason | Should -BeExactly 'InvalidSignature'
    }

    It 'a build result piped alone validates its own token (Kestrun''s -Result form)' {
        $script:Built | Test-KrJWT | Should -BeExactly $true
    }

    It '<Kind> in the pipeline -> KrJwt.InvalidPipelineInput (InvalidArgument), never False' -ForEach @(
        @{ Kind = 'an object without a Token property' }
        @{ Kind = 'a hashtable' }
        @{ Kind = 'a number' }
        @{ Kind = 'a key' }
    ) {
        $wrong = & ($script:WrongObjects | Where-Object Kind -EQ $Kind).Make
        $output = $null
        $err = { $output = $wrong | Test-KrJWT -ValidationParameter $script:Validation -ErrorAction Stop } | Should -Throw -PassThru
        $output | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidPipelineInput,Test-KrJWT'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.Exception.Message | Should -BeLike '*Token*'
    }

    It 'a wrong object among tokens is a non-terminating error; the tokens are still validated' {
        $errors = $null
        $results = @($script:Built.Token, [pscustomobject]@{ Jwt = 'x' }, $script:Foreign |
                Test-KrJWT -ValidationParameter $script:Validation -ErrorAction SilentlyContinue -ErrorVariable errors)
        $results | Should -Be @($true, $false)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidPipelineInput,Test-KrJWT'
    }

    It 'strings (and string arrays) from the pipeline still bind as before' {
        @($script:Built.Token, 'not.a.token' | Test-KrJWT -ValidationParameter $script:Validation) | Should -Be @($true, $false)
        @(, [string[]] @($script:Built.Token, $script:Built.Token) | Test-KrJWT -ValidationParameter $script:Validation) | Should -Be @($true, $true)
    }
}

Describe 'Get-KrJWTInfo binds Token by property name and refuses other pipeline objects' {
    It 'a build result piped is decoded from its Token' {
        $info = $script:Built | Get-KrJWTInfo
        $info.Subject | Should -BeExactly 'pipe-user'
        $info.Issuer | Should -BeExactly 'PipeIssuer'
    }

    It 'Import-Csv records are decoded from their Token column' {
        $infos = @(Import-Csv -LiteralPath $script:Csv | Get-KrJWTInfo)
        $infos.Subject | Should -Be @('pipe-user', 'mallory')
    }

    It '<Kind> in the pipeline -> KrJwt.InvalidPipelineInput (InvalidArgument)' -ForEach @(
        @{ Kind = 'an object without a Token property' }
        @{ Kind = 'a hashtable' }
        @{ Kind = 'a number' }
    ) {
        $wrong = & ($script:WrongObjects | Where-Object Kind -EQ $Kind).Make
        $err = { $wrong | Get-KrJWTInfo -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidPipelineInput,Get-KrJWTInfo'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }
}
