BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    function New-TestHmacToken {
        <# A token signed by the TEST with .NET's HMAC (not by the library), from raw header and payload JSON. #>
        param([string] $HeaderJson, [string] $PayloadJson, [byte[]] $Key, [string] $Algorithm = 'HS256')
        $unsigned = (ConvertTo-TestBase64Url -Data $HeaderJson) + '.' + (ConvertTo-TestBase64Url -Data $PayloadJson)
        $unsigned + '.' + (Get-TestHmacSignature -Token ($unsigned + '.') -Key $Key -Algorithm $Algorithm)
    }

    $script:HexKey = New-TestHexKey
    $script:KeyBytes = [Convert]::FromHexString($script:HexKey)
}

Describe 'New-KrJWTValidationParameter builds the parameters it is given' {
    It 'maps every parameter' {
        $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'I1' -ValidIssuers 'I2', 'I3' -ValidAudience 'A1' -ValidAudiences 'A2' -ValidAlgorithms HS256 -ClockSkew ([TimeSpan]::FromSeconds(15)) -RequireExpirationTime $false -ValidTypes 'JWT', 'at+jwt' -RequiredClaims 'sub' -MaxTokenBytes 4096
        $validation | Should -BeOfType ([KrJwt.JwtValidationParameters])
        $validation.ValidIssuers | Should -Be @('I1', 'I2', 'I3')
        $validation.ValidAudiences | Should -Be @('A1', 'A2')
        $validation.ValidAlgorithms | Should -Be @('HS256')
        $validation.ClockSkew | Should -Be ([TimeSpan]::FromSeconds(15))
        $validation.RequireExpirationTime | Should -BeFalse
        $validation.ValidTypes | Should -Be @('JWT', 'at+jwt')
        $validation.RequiredClaims | Should -Be @('sub')
        $validation.MaxTokenBytes | Should -Be 4096
        $validation.Keys | Should -HaveCount 1
        $validation.Keys[0].KeyType | Should -BeExactly 'oct'
    }

    It 'has the documented defaults' {
        $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'I' -ValidAudience 'A'
        $validation.ClockSkew | Should -Be ([TimeSpan]::FromMinutes(1))
        $validation.RequireExpirationTime | Should -BeTrue
        $validation.MaxTokenBytes | Should -Be 262144
        $validation.ValidateIssuer | Should -BeTrue
        $validation.ValidateAudience | Should -BeTrue
        $validation.MaxTokenAge | Should -BeNullOrEmpty
        # Without an allow-list: what the 32-byte secret can verify (HS256 only; HS384/512 need longer keys).
        $validation.ValidAlgorithms | Should -Be @('HS256')
    }

    It 'shows no key material' {
        $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'I' -ValidAudience 'A'
        $text = ($validation | Out-String) + ($validation | Format-List * | Out-String -Width 4096) + $validation.ToString() + $validation.ParametersJson
        $text | Should -Not -Match $script:HexKey
        $text | Should -Not -Match ([regex]::Escape((ConvertTo-TestBase64Url -Data $script:KeyBytes)))
    }

    It 'validates issuer, audience, type, required claims and size as told' {
        $built = New-TestBuilder -HexKey $script:HexKey -Issuer 'I1' -Audience 'A1' | Add-KrJWTSubject -Subject 'u' | Build-KrJWT
        $cases = @(
            @{ Arguments = @{}; Reason = 'Ok' }
            @{ Arguments = @{ ValidIssuer = 'I1'; ValidAudience = 'A1' }; Reason = 'Ok' }
            @{ Arguments = @{ ValidIssuers = 'X', 'I1'; ValidAudiences = 'Y', 'A1' }; Reason = 'Ok' }
            @{ Arguments = @{ ValidIssuer = 'other' }; Reason = 'InvalidIssuer' }
            @{ Arguments = @{ ValidAudience = 'other' }; Reason = 'InvalidAudience' }
            @{ Arguments = @{ ValidTypes = 'at+jwt' }; Reason = 'InvalidType' }
            @{ Arguments = @{ ValidTypes = 'jwt' }; Reason = 'Ok' }
            @{ Arguments = @{ RequiredClaims = 'role' }; Reason = 'MissingClaim' }
            @{ Arguments = @{ RequiredClaims = 'sub' }; Reason = 'Ok' }
            @{ Arguments = @{ MaxTokenBytes = 64 }; Reason = 'TokenTooLarge' }
        )
        foreach ($case in $cases) {
            # The token's issuer and audience unless the case gives its own.
            $arguments = @{ ValidIssuer = 'I1'; ValidAudience = 'A1' }
            foreach ($name in $case.Arguments.Keys) {
                $arguments[$name] = $case.Arguments[$name]
            }
            $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey @arguments
            (Test-KrJWT -Token $built.Token -ValidationParameter $validation -PassThru).Reason | Should -BeExactly $case.Reason -Because ($arguments | ConvertTo-Json -Compress)
        }
    }

    It '-RequireExpirationTime $false accepts a token without exp (made outside the library)' {
        $token = New-TestHmacToken -HeaderJson '{"alg":"HS256","typ":"JWT"}' -PayloadJson '{"sub":"no-exp"}' -Key $script:KeyBytes
        $strict = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -SkipIssuerValidation -SkipAudienceValidation
        $outcome = Test-KrJWT -Token $token -ValidationParameter $strict -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeIn @('MissingClaim', 'InvalidClaim')
        $lenient = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -RequireExpirationTime $false -SkipIssuerValidation -SkipAudienceValidation
        $accepted = Test-KrJWT -Token $token -ValidationParameter $lenient -PassThru
        $accepted.IsValid | Should -BeTrue
        $accepted.Claims['sub'] | Should -BeExactly 'no-exp'
    }

    It 'accepts keys in every form, together: <Form>' -ForEach @(
        @{ Form = 'HexadecimalKey' }
        @{ Form = 'Base64Url' }
        @{ Form = 'Passphrase' }
        @{ Form = 'JwkJson' }
        @{ Form = 'JwkPath' }
        @{ Form = 'SigningKey' }
    ) {
        $passphrase = 'a passphrase that is long enough for HS256!'
        $secretBytes = if ($Form -eq 'Passphrase') { [System.Text.Encoding]::UTF8.GetBytes($passphrase) } else { $script:KeyBytes }
        $built = New-TestIssuedBuilder | Add-KrJWTSubject -Subject 'u' | Protect-KrJWT -Base64Url (ConvertTo-TestBase64Url -Data $secretBytes) | Build-KrJWT
        $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-vp-' + [guid]::NewGuid().ToString('N') + '.json')
        try {
            $jwk = '{"kty":"oct","k":"' + (ConvertTo-TestBase64Url -Data $secretBytes) + '"}'
            Set-Content -LiteralPath $path -Value $jwk -NoNewline
            $arguments = switch ($Form) {
                'HexadecimalKey' { @{ HexadecimalKey = [Convert]::ToHexString($secretBytes) } }
                'Base64Url' { @{ Base64Url = ConvertTo-TestBase64Url -Data $secretBytes } }
                'Passphrase' { @{ Passphrase = ConvertTo-SecureString -String $passphrase -AsPlainText -Force } }
                'JwkJson' { @{ JwkJson = $jwk } }
                'JwkPath' { @{ JwkPath = $path } }
                'SigningKey' { @{ SigningKey = [KrJwt.JwtKey]::FromJwk($jwk) } }
            }
            # An unrelated EC key next to it does not disturb.
            $validation = New-KrJWTValidationParameter @arguments @TestIds -Pem (New-KrJWTKey -Type EC).PublicPem
            $validation.Keys | Should -HaveCount 2
            Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
            Test-KrJWT -Token (Get-TestTamperedToken -Token $built.Token) -ValidationParameter $validation | Should -BeFalse
        } finally {
            Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        }
    }

    It 'takes -SigningKey from the pipeline' {
        $a = New-KrJWTKey -Type EC
        $b = New-KrJWTKey -Type Ed25519
        $validation = $a, $b | New-KrJWTValidationParameter -ValidIssuer 'I' -ValidAudience 'A'
        $validation.Keys | Should -HaveCount 2
        $validation.KeyIds | Should -Be @($a.KeyId, $b.KeyId)
        $a.PublicJwk | Should -Not -BeNullOrEmpty -Because 'the caller''s keys are not disposed'
        (New-KrJWTValidationParameter @TestIds -Key $a).KeyIds | Should -Be @($a.KeyId)
    }

    It 'an HMAC validator never accepts an asymmetric token, and the reverse' {
        $ec = New-KrJWTKey -Type EC
        $ecToken = (New-TestIssuedBuilder | Protect-KrJWT -Key $ec | Build-KrJWT).Token
        $hmacToken = (New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $script:HexKey | Build-KrJWT).Token
        (Test-KrJWT -Token $ecToken -ValidationParameter (New-KrJWTValidationParameter @TestIds -HexadecimalKey $script:HexKey) -PassThru).Reason | Should -BeExactly 'AlgorithmNotAllowed'
        (Test-KrJWT -Token $hmacToken -ValidationParameter (New-KrJWTValidationParameter @TestIds -SigningKey $ec) -PassThru).Reason | Should -BeExactly 'AlgorithmNotAllowed'
    }

    It 'refuses <Case> with <ErrorId>' -ForEach @(
        @{ Case = 'no key at all'; Arguments = @{}; ErrorId = 'KrJwt.InvalidArgument' }
        @{ Case = 'an allow-listed algorithm no key can verify'; Arguments = @{ HexadecimalKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'; ValidAlgorithms = 'HS512' }; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'an RSA algorithm for an EC key'; Arguments = @{ JwkJson = '{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}'; ValidAlgorithms = 'RS256' }; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'a clock skew of two days'; Arguments = @{ HexadecimalKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'; ClockSkew = [TimeSpan]::FromDays(2) }; ErrorId = 'KrJwt.InvalidArgument' }
        @{ Case = 'a negative clock skew'; Arguments = @{ HexadecimalKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'; ClockSkew = [TimeSpan]::FromSeconds(-1) }; ErrorId = 'KrJwt.InvalidArgument' }
        @{ Case = 'a size cap of zero'; Arguments = @{ HexadecimalKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'; MaxTokenBytes = 0 }; ErrorId = 'KrJwt.InvalidArgument' }
        @{ Case = 'malformed JWK JSON'; Arguments = @{ JwkJson = '{"kty":"oct","k":' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'a JWK Set given as a JWK'; Arguments = @{ JwkJson = '{"keys":[]}' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'malformed JWK Set JSON'; Arguments = @{ Jwks = '{"keys":[' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'a JWK given as a JWK Set'; Arguments = @{ Jwks = '{"kty":"oct","k":"AQAB"}' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'an empty JWK Set'; Arguments = @{ Jwks = '{"keys":[]}' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'base64url with invalid characters'; Arguments = @{ Base64Url = 'abc+/def=ghij' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'unparsable PEM'; Arguments = @{ Pem = "-----BEGIN PUBLIC KEY-----`nAAAA`n-----END PUBLIC KEY-----" }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'a missing PEM file'; Arguments = @{ PemPath = '/no/such/dir/key.pem' }; ErrorId = 'KrJwt.KeyFileNotFound' }
        @{ Case = 'the algorithm none'; Arguments = @{ HexadecimalKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'; ValidAlgorithms = 'none' }; ErrorId = 'ParameterArgumentValidationError' }
    ) {
        (Get-TestError { New-KrJWTValidationParameter @Arguments -ValidIssuer 'I' -ValidAudience 'A' }).FullyQualifiedErrorId | Should -BeExactly "$ErrorId,New-KrJWTValidationParameter"
    }
}

Describe 'Key rotation end to end' {
    It 'rotates asymmetric keys through a JWK Set: A, then A+B, then B only' {
        $keyA = New-KrJWTKey -Type EC
        $keyB = New-KrJWTKey -Type EC
        $issuer = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'rotation' | Add-KrJWTAudience -Audience 'api'

        # 1. Issue with A; verifiers know A and B (B published ahead of the switch).
        $tokenA = (Copy-KrJWTTokenBuilder -Builder $issuer | Add-KrJWTSubject -Subject 'a' | Protect-KrJWT -Key $keyA | Build-KrJWT).Token
        $both = New-KrJWTValidationParameter -ValidIssuer 'rotation' -ValidAudience 'api' -Jwks (Export-KrJwks -Key $keyA, $keyB)
        $both.KeyIds | Should -Be @($keyA.KeyId, $keyB.KeyId)
        Test-KrJWT -Token $tokenA -ValidationParameter $both | Should -BeTrue

        # 2. Switch the issuer to B: both generations validate.
        $tokenB = (Copy-KrJWTTokenBuilder -Builder $issuer | Add-KrJWTSubject -Subject 'b' | Protect-KrJWT -Key $keyB | Build-KrJWT).Token
        (Get-TestTokenPart -Token $tokenB -Part Header).kid | Should -BeExactly $keyB.KeyId
        Test-KrJWT -Token $tokenA, $tokenB -ValidationParameter $both | Should -Be @($true, $true)

        # 3. Retire A: its tokens fail, B's pass.
        $onlyB = New-KrJWTValidationParameter -ValidIssuer 'rotation' -ValidAudience 'api' -Jwks (Export-KrJwks -Key $keyB)
        $outcomes = Test-KrJWT -Token $tokenA, $tokenB -ValidationParameter $onlyB -PassThru
        $outcomes[0].IsValid | Should -BeFalse
        $outcomes[0].Reason | Should -BeIn @('NoMatchingKey', 'InvalidSignature')
        $outcomes[1].IsValid | Should -BeTrue
        $outcomes[1].Claims['sub'] | Should -BeExactly 'b'
    }

    It 'rotates HMAC secrets named by -KeyId' {
        $secretA = New-TestHexKey
        $secretB = New-TestHexKey
        $tokenA = (New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $secretA -KeyId 'hmac-a' | Build-KrJWT).Token
        $tokenB = (New-TestIssuedBuilder | Protect-KrJWT -HexadecimalKey $secretB -KeyId 'hmac-b' | Build-KrJWT).Token
        $both = New-KrJWTValidationParameter @TestIds -HexadecimalKey $secretA, $secretB
        Test-KrJWT -Token $tokenA, $tokenB -ValidationParameter $both | Should -Be @($true, $true)
        $onlyB = New-KrJWTValidationParameter @TestIds -HexadecimalKey $secretB
        $outcomes = Test-KrJWT -Token $tokenA, $tokenB -ValidationParameter $onlyB -PassThru
        $outcomes[0].Reason | Should -BeIn @('NoMatchingKey', 'InvalidSignature')
        $outcomes[1].IsValid | Should -BeTrue
    }

    It 'a token whose kid names no configured key is refused' {
        $keyA = New-KrJWTKey -Type Ed25519
        $keyB = New-KrJWTKey -Type Ed25519
        $token = (New-TestIssuedBuilder | Protect-KrJWT -Key $keyA | Build-KrJWT).Token
        $outcome = Test-KrJWT -Token $token -ValidationParameter (New-KrJWTValidationParameter @TestIds -SigningKey $keyB) -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeIn @('NoMatchingKey', 'InvalidSignature')
    }
}

Describe 'Test-KrJWT with validation parameters' {
    BeforeAll {
        $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience'
        # Expired 90 seconds ago: outside the default one-minute skew, inside five minutes.
        $expired = New-TestBuilder -HexKey $script:HexKey | Add-KrJWTSubject -Subject 'late' | Limit-KrJWTNotBefore -Seconds -150 | Limit-KrJWTValidity -Seconds 60 | Build-KrJWT
        $fresh = New-TestBuilder -HexKey $script:HexKey | Add-KrJWTSubject -Subject 'now' | Add-KrJWTClaim -ClaimType 'n' -Value 7 | Build-KrJWT
    }

    It '-ClockSkew applies to -ValidationParameter for this call only' {
        (Test-KrJWT -Token $expired.Token -ValidationParameter $validation -PassThru).Reason | Should -BeExactly 'TokenExpired'
        Test-KrJWT -Token $expired.Token -ValidationParameter $validation -ClockSkew ([TimeSpan]::FromMinutes(5)) | Should -BeTrue
        Test-KrJWT -Token $expired.Token -ValidationParameter $validation -ClockSkew ([TimeSpan]::Zero) | Should -BeFalse
        $validation.ClockSkew | Should -Be ([TimeSpan]::FromMinutes(1))
        Test-KrJWT -Token $expired.Token -ValidationParameter $validation | Should -BeFalse
    }

    It '-ClockSkew out of range -> KrJwt.InvalidArgument' {
        { Test-KrJWT -Token $fresh.Token -ValidationParameter $validation -ClockSkew ([TimeSpan]::FromDays(3)) } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Test-KrJWT'
    }

    It '-PassThru returns the claims on success and the reason on failure' {
        $outcomes = $fresh.Token, $expired.Token, (Get-TestTamperedToken -Token $fresh.Token) | Test-KrJWT -ValidationParameter $validation -PassThru
        $outcomes | Should -HaveCount 3
        $outcomes[0].IsValid | Should -BeTrue
        $outcomes[0].Reason | Should -BeExactly 'Ok'
        $outcomes[0].Claims['sub'] | Should -BeExactly 'now'
        $outcomes[0].Claims['n'] | Should -Be 7
        $outcomes[0].Claims['iss'] | Should -BeExactly 'TestIssuer'
        $outcomes[1].IsValid | Should -BeFalse
        $outcomes[1].Reason | Should -BeExactly 'TokenExpired'
        $outcomes[1].Claims | Should -BeNullOrEmpty
        $outcomes[2].Reason | Should -BeExactly 'InvalidSignature'
    }

    It '-Verbose says why each failing token failed, without writing the token' {
        $tampered = Get-TestTamperedToken -Token $fresh.Token
        $records = Test-KrJWT -Token $fresh.Token, $expired.Token, $tampered, 'a.b' -ValidationParameter $validation -Verbose 4>&1
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $results = @($records | Where-Object { $_ -is [bool] })
        $results | Should -Be @($true, $false, $false, $false)
        $verbose | Should -HaveCount 3
        $verbose[0].Message | Should -Match '^Token 2 is not valid: TokenExpired'
        $verbose[1].Message | Should -Match '^Token 3 is not valid: InvalidSignature'
        $verbose[2].Message | Should -Match '^Token 4 is not valid: MalformedToken'
        $verbose[0].Message.Length | Should -BeGreaterThan 'Token 2 is not valid: TokenExpired'.Length -Because 'the library explains the failure'
        foreach ($record in $verbose) {
            $record.Message | Should -Not -Match ([regex]::Escape($expired.Token.Split('.')[2]))
        }
    }

    It 'the expiry reason shows ISO 8601 UTC times, with -PassThru and with -Verbose' {
        $exp = (Get-TestTokenPart -Token $expired.Token -Part Payload).exp
        $expiredAt = [DateTimeOffset]::FromUnixTimeSeconds($exp).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
        $iso = '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'
        $expected = '^the token expired at {0} \(now {1}, clock skew 60 s\)$' -f [regex]::Escape($expiredAt), $iso
        $outcome = Test-KrJWT -Token $expired.Token -ValidationParameter $validation -PassThru
        $outcome.Reason | Should -BeExactly 'TokenExpired'
        $outcome.Message | Should -Match $expected
        $outcome.Message | Should -Not -Match "\b$exp\b" -Because 'people read dates, not Unix seconds'
        $verbose = @(Test-KrJWT -Token $expired.Token -ValidationParameter $validation -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose | Should -HaveCount 1
        $verbose[0].Message | Should -BeLike "Token 1 is not valid: TokenExpired (the token expired at $expiredAt (now *Z, clock skew 60 s))"
    }

    It 'writes nothing to the verbose stream without -Verbose' {
        $records = Test-KrJWT -Token $expired.Token -ValidationParameter $validation 4>&1
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -HaveCount 0
    }

    It 'ForEach-Object -Parallel with one shared validation object validates 200 tokens correctly' {
        $key = New-KrJWTKey -Type EC
        $shared = New-KrJWTValidationParameter -SigningKey $key -ValidIssuer 'par' -ValidAudience 'par-api'
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'par' | Add-KrJWTAudience -Audience 'par-api' | Protect-KrJWT -Key $key
        $cases = foreach ($i in 0..199) {
            $token = (Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject "user$i" | Build-KrJWT).Token
            $valid = ($i % 3) -ne 0
            if (-not $valid) {
                $token = Get-TestTamperedToken -Token $token
            }
            [pscustomobject]@{ Index = $i; Token = $token; Expected = $valid }
        }
        $manifest = $script:ModuleManifest
        $results = $cases | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module -Name $using:manifest
            $outcome = Test-KrJWT -Token $_.Token -ValidationParameter $using:shared -PassThru
            [pscustomobject]@{ Index = $_.Index; Expected = $_.Expected; IsValid = $outcome.IsValid; Reason = $outcome.Reason; Subject = $(if ($outcome.IsValid) { $outcome.Claims['sub'] }) }
        }
        $results | Should -HaveCount 200
        foreach ($result in $results) {
            $result.IsValid | Should -Be $result.Expected -Because "token $($result.Index)"
            if ($result.Expected) {
                $result.Subject | Should -BeExactly "user$($result.Index)"
            } else {
                $result.Reason | Should -BeExactly 'InvalidSignature'
            }
        }
    }
}
