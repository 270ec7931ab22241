BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
}

Describe 'Build then validate (round trip)' {
    BeforeAll {
        $hexKey = New-TestHexKey
        $built = New-TestBuilder -HexKey $hexKey |
            Add-KrJWTSubject -Subject 'user1' |
            Add-KrJWTClaim -ClaimType 'region' -Value 'us-east-1' |
            Build-KrJWT
        $token = $built | Get-KrJWTToken
        $validation = $built | Get-KrJWTValidationParameter
    }

    It 'validates its own token with -ValidationParameter' {
        Test-KrJWT -Token $token -ValidationParameter $validation | Should -BeExactly $true
    }

    It 'validates its own token with -Result from the pipeline (Kestrun form)' {
        $built | Test-KrJWT -Token $token | Should -BeExactly $true
    }

    It 'validates tokens from the pipeline, one boolean per token, in order' {
        $second = New-TestBuilder -HexKey $hexKey | Build-KrJWT
        $outcome = @($token, 'not.a.token', $second.Token, '') | Test-KrJWT -ValidationParameter $validation
        $outcome | Should -HaveCount 4
        $outcome[0] | Should -BeExactly $true
        $outcome[1] | Should -BeExactly $false
        $outcome[2] | Should -BeExactly $true
        $outcome[3] | Should -BeExactly $false
    }

    It 'validates an array given to -Token against each piped result' {
        $outcome = $built | Test-KrJWT -Token $token, 'x.y.z'
        $outcome | Should -Be @($true, $false)
    }

    It '-PassThru gives Token, IsValid, Reason and the validated claims' {
        $outcome = Test-KrJWT -Token $token, 'x.y.z' -ValidationParameter $validation -PassThru
        $outcome[0].Token | Should -BeExactly $token
        $outcome[0].IsValid | Should -BeTrue
        $outcome[0].Reason | Should -BeExactly 'Ok'
        $outcome[0].Claims['sub'] | Should -BeExactly 'user1'
        $outcome[0].Claims['region'] | Should -BeExactly 'us-east-1'
        $outcome[0].Claims['iss'] | Should -BeExactly 'TestIssuer'
        $outcome[1].IsValid | Should -BeFalse
        $outcome[1].Reason | Should -BeExactly 'MalformedToken'
        $outcome[1].Claims | Should -BeNullOrEmpty
    }

    It 'signs with HMAC-SHA256 over header.payload using exactly the given key' {
        $keyBytes = [Convert]::FromHexString($hexKey)
        $token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $token -Key $keyBytes -Algorithm HS256)
    }

    It 'writes alg and typ in the header and the claims in the payload' {
        $header = Get-TestTokenPart -Token $token -Part Header
        $header.alg | Should -BeExactly 'HS256'
        $header.typ | Should -BeExactly 'JWT'
        $payload = Get-TestTokenPart -Token $token -Part Payload
        $payload.iss | Should -BeExactly 'TestIssuer'
        $payload.aud | Should -BeExactly 'TestAudience'
        $payload.sub | Should -BeExactly 'user1'
        $payload.region | Should -BeExactly 'us-east-1'
    }

    It 'exposes the token parts on the result object' {
        $built.Token | Should -BeExactly $token
        $built.Issuer | Should -BeExactly 'TestIssuer'
        $built.Audiences | Should -Be @('TestAudience')
        $built.Subject | Should -BeExactly 'user1'
        $built.Algorithm | Should -BeExactly 'HS256'
        $built.Claims['region'] | Should -BeExactly 'us-east-1'
        $built.Header['alg'] | Should -BeExactly 'HS256'
        $built.Payload['sub'] | Should -BeExactly 'user1'
        $payload = Get-TestTokenPart -Token $token -Part Payload
        $built.Expires | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload.exp).UtcDateTime)
        $built.NotBefore | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload.nbf).UtcDateTime)
        $built.IssuedAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload.iat).UtcDateTime)
        $built.Expires.Kind | Should -Be ([DateTimeKind]::Utc)
    }

    It 'gives the default lifetime of one hour' {
        $payload = Get-TestTokenPart -Token $token -Part Payload
        ($payload.exp - $payload.nbf) | Should -Be 3600
        [Math]::Abs($payload.iat - [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()) | Should -BeLessThan 120
    }
}

Describe 'Key forms and automatic algorithm' {
    It 'Auto picks <Expected> for a <Bytes>-byte secret and the signature matches' -TestCases @(
        @{ Bytes = 32; Expected = 'HS256' }
        @{ Bytes = 47; Expected = 'HS256' }
        @{ Bytes = 48; Expected = 'HS384' }
        @{ Bytes = 64; Expected = 'HS512' }
    ) {
        $hexKey = New-TestHexKey -Bytes $Bytes
        $built = New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $hexKey | Build-KrJWT
        $built.Algorithm | Should -BeExactly $Expected
        (Get-TestTokenPart -Token $built.Token -Part Header).alg | Should -BeExactly $Expected
        $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key ([Convert]::FromHexString($hexKey)) -Algorithm $Expected)
        $built | Test-KrJWT -Token $built.Token | Should -BeTrue
    }

    It 'accepts upper-case hex as the same key' {
        $hexKey = New-TestHexKey
        $lower = New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $hexKey | Build-KrJWT
        $upper = New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $hexKey.ToUpperInvariant() | Build-KrJWT
        $lower | Test-KrJWT -Token $upper.Token | Should -BeTrue
    }

    It 'signs with a base64url secret' {
        $keyBytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
        $built = New-TestIssuedBuilder | Protect-KrJWT -Base64Url (ConvertTo-TestBase64Url -Data $keyBytes) -Algorithm HS256 | Build-KrJWT
        $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key $keyBytes -Algorithm HS256)
        $built | Test-KrJWT -Token $built.Token | Should -BeTrue
    }

    It 'signs with the UTF-8 bytes of a passphrase' {
        $text = 'correct horse battery staple – long enough for HS256'
        $secure = ConvertTo-SecureString -String $text -AsPlainText -Force
        $built = New-TestIssuedBuilder | Protect-KrJWT -Passphrase $secure -Algorithm HS256 | Build-KrJWT
        $keyBytes = [System.Text.Encoding]::UTF8.GetBytes($text)
        $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key $keyBytes -Algorithm HS256)
    }

    It 'writes -KeyId as the kid header' {
        $built = New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey) -KeyId 'key-2024' | Build-KrJWT
        (Get-TestTokenPart -Token $built.Token -Part Header).kid | Should -BeExactly 'key-2024'
        $built.KeyId | Should -BeExactly 'key-2024'
        $built | Test-KrJWT -Token $built.Token | Should -BeTrue
    }

    It 'uses the last Protect-KrJWT call' {
        $firstKey = New-TestHexKey
        $secondKey = New-TestHexKey -Bytes 64
        $built = New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $firstKey | Protect-KrJWT -HexadecimalKey $secondKey | Build-KrJWT
        $built.Algorithm | Should -BeExactly 'HS512'
        $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key ([Convert]::FromHexString($secondKey)) -Algorithm HS512)
    }
}

Describe 'Lifetime and not-before' {
    It 'Limit-KrJWTValidity -Minutes 30 gives exp = nbf + 1800' {
        $built = New-TestBuilder | Limit-KrJWTValidity -Minutes 30 | Build-KrJWT
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        ($payload.exp - $payload.nbf) | Should -Be 1800
    }

    It 'Limit-KrJWTValidity adds -Hours, -Minutes and -Seconds' {
        $built = New-TestBuilder | Limit-KrJWTValidity -Hours 1 -Minutes 2 -Seconds 3 | Build-KrJWT
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        ($payload.exp - $payload.nbf) | Should -Be 3723
    }

    It 'Limit-KrJWTValidity -Lifetime takes a TimeSpan' {
        $builder = New-TestBuilder | Limit-KrJWTValidity -Lifetime ([TimeSpan]::FromHours(8))
        $builder.Lifetime | Should -Be ([TimeSpan]::FromHours(8))
        $payload = Get-TestTokenPart -Token ($builder | Build-KrJWT).Token -Part Payload
        ($payload.exp - $payload.nbf) | Should -Be 28800
    }

    It 'Limit-KrJWTNotBefore -Seconds 5 delays nbf by 5 seconds after the build' {
        $built = New-TestBuilder | Limit-KrJWTValidity -Minutes 15 | Limit-KrJWTNotBefore -Seconds 5 | Build-KrJWT
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        ($payload.nbf - $payload.iat) | Should -Be 5
        ($payload.exp - $payload.nbf) | Should -Be 900
    }

    It 'the builder reports its not-before: none, relative or absolute' {
        $builder = New-TestBuilder
        $builder.NotBefore | Should -BeNullOrEmpty
        $null = $builder | Limit-KrJWTNotBefore -Minutes 1 -Seconds 5
        $builder.NotBefore | Should -Be ([TimeSpan]::FromSeconds(65))
        $at = [DateTimeOffset]::FromUnixTimeSeconds([DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeSeconds()).UtcDateTime
        $null = $builder | Limit-KrJWTNotBefore -UtcBefore $at
        $builder.NotBefore | Should -Be $at
        $builder.NotBefore.Kind | Should -Be ([DateTimeKind]::Utc)
    }

    It 'a not-yet-valid token fails without clock skew and passes within it' {
        $built = New-TestBuilder | Limit-KrJWTNotBefore -Seconds 30 | Build-KrJWT
        $strict = $built | Test-KrJWT -Token $built.Token -ClockSkew ([TimeSpan]::Zero) -PassThru
        $strict.IsValid | Should -BeFalse
        $strict.Reason | Should -BeExactly 'TokenNotYetValid'
        $built | Test-KrJWT -Token $built.Token -ClockSkew ([TimeSpan]::FromMinutes(1)) | Should -BeTrue
    }

    It 'Limit-KrJWTNotBefore -UtcBefore sets nbf to that instant (a local time is converted to UTC)' {
        $at = [DateTimeOffset]::UtcNow.AddMinutes(10).ToUnixTimeSeconds()
        $utc = [DateTimeOffset]::FromUnixTimeSeconds($at).UtcDateTime
        $fromUtc = New-TestBuilder | Limit-KrJWTNotBefore -UtcBefore $utc | Build-KrJWT
        (Get-TestTokenPart -Token $fromUtc.Token -Part Payload).nbf | Should -Be $at
        $fromLocal = New-TestBuilder | Limit-KrJWTNotBefore -UtcBefore $utc.ToLocalTime() | Build-KrJWT
        (Get-TestTokenPart -Token $fromLocal.Token -Part Payload).nbf | Should -Be $at
    }
}
