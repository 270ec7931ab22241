BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    function Set-TestTokenSegment {
        <# Replaces one segment of a compact token (0 header, 1 payload, 2 signature). #>
        param([string] $Token, [int] $Index, [string] $Segment)
        $segments = $Token.Split('.')
        $segments[$Index] = $Segment
        $segments -join '.'
    }
}

Describe 'Tokens that must be refused' {
    BeforeAll {
        $hexKey = New-TestHexKey
        $built = New-TestBuilder -HexKey $hexKey | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        $headerJson = Get-TestTokenPart -Token $built.Token -Part Header -Raw
        $payloadJson = Get-TestTokenPart -Token $built.Token -Part Payload -Raw
    }

    It 'the untouched token is valid (control)' {
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
    }

    It 'a tampered header is refused' {
        $header = $headerJson.Replace('"typ":"JWT"', '"typ":"JWT","x":1')
        $header | Should -Not -Be $headerJson
        $tampered = Set-TestTokenSegment -Token $built.Token -Index 0 -Segment (ConvertTo-TestBase64Url -Data $header)
        $outcome = Test-KrJWT -Token $tampered -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidSignature'
    }

    It 'a tampered payload is refused' {
        $payload = $payloadJson.Replace('"sub":"user1"', '"sub":"admin"')
        $payload | Should -Not -Be $payloadJson
        $tampered = Set-TestTokenSegment -Token $built.Token -Index 1 -Segment (ConvertTo-TestBase64Url -Data $payload)
        $outcome = Test-KrJWT -Token $tampered -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidSignature'
    }

    It 'a tampered signature is refused' {
        $signature = [byte[]] (ConvertFrom-TestBase64Url -Text $built.Token.Split('.')[2])
        $signature[0] = $signature[0] -bxor 0x01
        $tampered = Set-TestTokenSegment -Token $built.Token -Index 2 -Segment (ConvertTo-TestBase64Url -Data $signature)
        $outcome = Test-KrJWT -Token $tampered -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidSignature'
    }

    It 'a token without its signature is refused' {
        $stripped = Set-TestTokenSegment -Token $built.Token -Index 2 -Segment ''
        Test-KrJWT -Token $stripped -ValidationParameter $validation | Should -BeFalse
    }

    It 'an unsigned alg "none" token with the same claims is refused' {
        $none = (ConvertTo-TestBase64Url -Data '{"alg":"none","typ":"JWT"}') + '.' + $built.Token.Split('.')[1] + '.'
        Test-KrJWT -Token $none -ValidationParameter $validation | Should -BeFalse
    }

    It 'the same claims re-signed with HS512 are refused by an HS256 validator' {
        $keyBytes = [Convert]::FromHexString($hexKey)
        $header = ConvertTo-TestBase64Url -Data '{"alg":"HS512","typ":"JWT"}'
        $unsigned = $header + '.' + $built.Token.Split('.')[1]
        $resigned = $unsigned + '.' + (Get-TestHmacSignature -Token ($unsigned + '.') -Key $keyBytes -Algorithm HS512)
        $outcome = Test-KrJWT -Token $resigned -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'AlgorithmNotAllowed'
    }

    It 'a token signed with another key is refused' {
        $foreign = New-TestBuilder -HexKey (New-TestHexKey) | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
        $outcome = Test-KrJWT -Token $foreign.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidSignature'
        $built | Test-KrJWT -Token $foreign.Token | Should -BeFalse
    }

    It 'an expired token is refused' {
        $expired = New-TestBuilder -HexKey $hexKey |
            Limit-KrJWTNotBefore -UtcBefore ([DateTime]::UtcNow.AddHours(-2)) |
            Limit-KrJWTValidity -Seconds 60 |
            Build-KrJWT
        $expired.Expires | Should -BeLessThan ([DateTime]::UtcNow.AddMinutes(-100))
        $outcome = Test-KrJWT -Token $expired.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'TokenExpired'
        $expired | Test-KrJWT -Token $expired.Token | Should -BeFalse
    }

    It 'an expired token passes when the clock skew covers it' {
        $expired = New-TestBuilder -HexKey $hexKey | Limit-KrJWTNotBefore -Seconds -120 | Limit-KrJWTValidity -Seconds 60 | Build-KrJWT
        $expired | Test-KrJWT -Token $expired.Token -ClockSkew ([TimeSpan]::FromSeconds(10)) | Should -BeFalse
        $expired | Test-KrJWT -Token $expired.Token -ClockSkew ([TimeSpan]::FromMinutes(5)) | Should -BeTrue
    }

    It 'a token from another issuer is refused' {
        $other = New-TestBuilder -HexKey $hexKey -Issuer 'OtherIssuer' | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
        $outcome = Test-KrJWT -Token $other.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidIssuer'
    }

    It 'a token for another audience is refused' {
        $other = New-TestBuilder -HexKey $hexKey -Audience 'OtherAudience' | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
        $outcome = Test-KrJWT -Token $other.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidAudience'
    }

    It 'garbage of every kind gives $false, not an error: <Name>' -TestCases @(
        @{ Name = 'empty'; Token = '' }
        @{ Name = 'one segment'; Token = 'abc' }
        @{ Name = 'bad base64'; Token = '!!!.???.***' }
        @{ Name = 'embedded NUL'; Token = "a`0b.c.d" }
        @{ Name = 'unicode'; Token = 'ü.ß.€' }
    ) {
        Test-KrJWT -Token $Token -ValidationParameter $validation | Should -BeExactly $false
    }

    It 'a valid token followed by a NUL and junk is refused, not truncated' {
        Test-KrJWT -Token ($built.Token + "`0junk") -ValidationParameter $validation | Should -BeFalse
    }
}

Describe 'Validation parameters' {
    BeforeAll {
        $hexKey = New-TestHexKey
        $built = New-TestBuilder -HexKey $hexKey -Audience 'A1', 'A2' | Build-KrJWT
    }

    It 'come from the result: issuer, audiences, algorithm, one minute skew by default' {
        $validation = $built | Get-KrJWTValidationParameter
        $validation | Should -BeOfType ([KrJwt.JwtValidationParameters])
        $validation.ValidIssuers | Should -Be @('TestIssuer')
        $validation.ValidAudiences | Should -Be @('A1', 'A2')
        $validation.ValidAlgorithms | Should -Be @('HS256')
        $validation.ClockSkew | Should -Be ([TimeSpan]::FromMinutes(1))
        $validation.RequireExpirationTime | Should -BeTrue
        $validation.Keys | Should -HaveCount 1
        $validation.Keys[0].KeyType | Should -BeExactly 'oct'
        $validation.Keys[0].Bits | Should -Be 256
    }

    It 'take -ClockSkew' {
        ($built | Get-KrJWTValidationParameter -ClockSkew ([TimeSpan]::FromSeconds(30))).ClockSkew | Should -Be ([TimeSpan]::FromSeconds(30))
    }

    It 'never show the key' {
        $validation = $built | Get-KrJWTValidationParameter
        $shown = ($validation | Format-List * | Out-String) + ($validation | Out-String) + $validation.ToString() + $validation.ParametersJson
        $shown | Should -Not -Match $hexKey
        $shown | Should -Not -Match ([regex]::Escape((ConvertTo-TestBase64Url -Data ([Convert]::FromHexString($hexKey)))))
        $shown | Should -Not -Match ([regex]::Escape([Convert]::ToBase64String([Convert]::FromHexString($hexKey))))
    }
}
