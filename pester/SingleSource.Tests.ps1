# Each rule is stated once, in the native library: these tests check that the interop and the module
# read it (kr_jwt_defaults) instead of holding their own copy, and that the cmdlets taking keys agree.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $script:Defaults = [KrJwt.KrJwtLibrary]::Defaults

    function Get-TestKeyParameterSet {
        <# The parameter sets of a cmdlet with, for each, its mandatory key parameter's name and type. #>
        param([Parameter(Mandatory)] [string] $Name)
        foreach ($set in (Get-Command -Name $Name).ParameterSets) {
            $key = $set.Parameters | Where-Object { $_.IsMandatory -and $_.Name -ne 'Builder' }
            [pscustomobject]@{ SetName = $set.Name; Parameter = $key.Name; Type = $key.ParameterType.FullName }
        }
    }
}

Describe 'One source for every rule' {
    It 'the C# KrJwtStatus enum has exactly the library''s statuses, names and codes' {
        $enum = foreach ($name in [Enum]::GetNames([KrJwt.KrJwtStatus])) { '{0}={1}' -f $name, [int][KrJwt.KrJwtStatus]::$name }
        $library = foreach ($entry in $script:Defaults.Statuses.GetEnumerator()) { '{0}={1}' -f $entry.Value, $entry.Key }
        ($enum | Sort-Object) | Should -Be ($library | Sort-Object)
        $script:Defaults.Statuses.Count | Should -Be 31
    }

    It 'the one-minute clock skew and the one-hour lifetime come from the library' {
        $script:Defaults.ClockSkew | Should -Be ([TimeSpan]::FromMinutes(1))
        $script:Defaults.Lifetime | Should -Be ([TimeSpan]::FromHours(1))
        ($script:Defaults.Json | ConvertFrom-Json).clock_skew_seconds | Should -Be 60
    }

    It 'the algorithm lists of <Name> -<Parameter> are the library''s' -ForEach @(
        @{ Name = 'Protect-KrJWT'; Parameter = 'Algorithm'; Auto = $true }
        @{ Name = 'New-KrJWTValidationParameter'; Parameter = 'ValidAlgorithms'; Auto = $false }
        @{ Name = 'Add-KrJWTBearerAuthentication'; Parameter = 'ValidAlgorithms'; Auto = $false }
    ) {
        $attribute = (Get-Command -Name $Name).Parameters[$Parameter].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        $expected = @(if ($Auto) { 'Auto' }) + $script:Defaults.SigningAlgorithms
        $attribute.ValidValues | Should -Be $expected
        $script:Defaults.SigningAlgorithms | Should -Contain 'ES256K'
    }

    It 'New-KrJWTKey offers the library''s key types and curves' {
        $parameters = (Get-Command -Name New-KrJWTKey).Parameters
        ($parameters['Type'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues |
            Should -Be $script:Defaults.KeyTypes
        ($parameters['Curve'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues |
            Should -Be $script:Defaults.Curves
    }
}

Describe 'Every key-taking cmdlet exposes the same key parameter sets' {
    It 'Protect-KrJWT and Protect-KrJWTPayload have the same key parameter sets, parameters and types' {
        $sign = Get-TestKeyParameterSet -Name Protect-KrJWT | Sort-Object -Property SetName
        $encrypt = Get-TestKeyParameterSet -Name Protect-KrJWTPayload | Sort-Object -Property SetName
        ($sign | ForEach-Object { '{0}:{1}:{2}' -f $_.SetName, $_.Parameter, $_.Type }) |
            Should -Be ($encrypt | ForEach-Object { '{0}:{1}:{2}' -f $_.SetName, $_.Parameter, $_.Type })
        $sign.SetName | Should -Contain 'Passphrase'
        $sign.SetName | Should -Contain 'KeyBytes'
        $sign | ForEach-Object { $_.SetName | Should -BeExactly $_.Parameter }
    }

    It '<Name> takes every text and certificate key source (<Prefix>*) of those sets' -ForEach @(
        @{ Name = 'New-KrJWTValidationParameter'; Prefix = '' }
        @{ Name = 'New-KrJWTValidationParameter'; Prefix = 'Decryption' }
        @{ Name = 'Get-KrJWTInfo'; Prefix = 'Decryption' }
    ) {
        # -Key (one key object) is -SigningKey / -DecryptionKey here, and raw -KeyBytes has no list form.
        $sources = (Get-TestKeyParameterSet -Name Protect-KrJWT).SetName | Where-Object { $_ -notin 'Key', 'KeyBytes' }
        $parameters = (Get-Command -Name $Name).Parameters
        foreach ($source in $sources) {
            $parameters.ContainsKey("$Prefix$source") | Should -BeTrue -Because "$Name should take -$Prefix$source"
        }
    }

    It 'the old names still bind: -KeyBytes on Protect-KrJWTPayload, -Passphrase on Protect-KrJWT' {
        $secret = [byte[]] (1..32)
        $built = New-KrJWTBuilder | Protect-KrJWT -KeyBytes $secret | Protect-KrJWTPayload -KeyBytes $secret | Build-KrJWT
        $built.Token.Split('.').Count | Should -Be 5
        $passphrase = ConvertTo-SecureString -String ('p' * 32) -AsPlainText -Force
        $signed = New-KrJWTBuilder | Protect-KrJWT -Passphrase $passphrase | Protect-KrJWTPayload -Passphrase $passphrase | Build-KrJWT
        Test-KrJWT -Token $signed.Token -ValidationParameter ($signed | Get-KrJWTValidationParameter -SkipIssuerValidation -SkipAudienceValidation) | Should -BeTrue
    }
}
