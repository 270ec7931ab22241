# Issue 12, items 1, 4 and 11: issuer and audience always validated unless opted out, weak verification
# keys refused when the parameters are made, and the optional maximum token age.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    function Get-TestError {
        param([scriptblock] $ScriptBlock)
        try {
            & $ScriptBlock
        } catch {
            return $_
        }
        throw 'Expected an error, none was thrown.'
    }

    function New-TestHmacToken {
        <# A token signed by the TEST with .NET's HMAC (not by the library), from a payload hashtable. #>
        param([hashtable] $Payload, [byte[]] $Key)
        $header = '{"alg":"HS256","typ":"JWT"}'
        $unsigned = (ConvertTo-TestBase64Url -Data $header) + '.' + (ConvertTo-TestBase64Url -Data ($Payload | ConvertTo-Json -Compress))
        $unsigned + '.' + (Get-TestHmacSignature -Token ($unsigned + '.') -Key $Key -Algorithm HS256)
    }

    $script:HexKey = New-TestHexKey
    $script:KeyBytes = [Convert]::FromHexString($script:HexKey)
    $script:Now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
}

Describe 'Issuer and audience are always validated unless opted out' {
    It 'refuses parameters without a valid issuer (the audit repro), naming it and the opt-out' {
        $record = Get-TestError { New-KrJWTValidationParameter -HexadecimalKey $script:HexKey }
        $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.MissingValidIssuer,New-KrJWTValidationParameter'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -BeLike '*no valid issuer*IDX10204*'
        $record.ErrorDetails.RecommendedAction | Should -BeLike '*-ValidIssuer*-SkipIssuerValidation*'
    }

    It 'refuses parameters without a valid audience, naming it and the opt-out' {
        $record = Get-TestError { New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'DemoIssuer' }
        $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.MissingValidAudience,New-KrJWTValidationParameter'
        $record.Exception.Message | Should -BeLike '*no valid audience*IDX10208*'
        $record.ErrorDetails.RecommendedAction | Should -BeLike '*-ValidAudience*-SkipAudienceValidation*'
    }

    It 'the evil token of the audit is False with issuer and audience given' {
        $evil = New-TestHmacToken -Key $script:KeyBytes -Payload @{ iss = 'evil'; aud = 'anything'; exp = $script:Now + 600 }
        $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience'
        $outcome = Test-KrJWT -Token $evil -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'InvalidIssuer'
    }

    It 'accepts any issuer or audience only with the explicit opt-out, and shows it' {
        $token = New-TestHmacToken -Key $script:KeyBytes -Payload @{ iss = 'someone'; aud = 'whatever'; exp = $script:Now + 600 }
        $skipIssuer = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -SkipIssuerValidation -ValidAudience 'whatever'
        $skipIssuer.ValidateIssuer | Should -BeFalse
        $skipIssuer.ValidateAudience | Should -BeTrue
        Test-KrJWT -Token $token -ValidationParameter $skipIssuer | Should -BeTrue
        $skipBoth = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -SkipIssuerValidation -SkipAudienceValidation
        Test-KrJWT -Token $token -ValidationParameter $skipBoth | Should -BeTrue
        $checked = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'someone' -ValidAudience 'other'
        $checked.ValidateIssuer | Should -BeTrue
        (Test-KrJWT -Token $token -ValidationParameter $checked -PassThru).Reason | Should -BeExactly 'InvalidAudience'
    }

    It 'refuses an opt-out together with valid values: <Case>' -ForEach @(
        @{ Case = 'issuer'; Splat = @{ ValidIssuer = 'DemoIssuer'; SkipIssuerValidation = $true; ValidAudience = 'A' } }
        @{ Case = 'audience'; Splat = @{ ValidIssuer = 'DemoIssuer'; ValidAudiences = @('A'); SkipAudienceValidation = $true } }
    ) {
        $record = Get-TestError { New-KrJWTValidationParameter -HexadecimalKey $script:HexKey @Splat }
        $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'
        $record.Exception.Message | Should -BeLike "*validate_$Case*"
    }

    It 'Get-KrJWTValidationParameter: a result without issuer or audience needs the opt-out' {
        $bare = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey $script:HexKey | Build-KrJWT
        (Get-TestError { $bare | Get-KrJWTValidationParameter }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.MissingValidIssuer,Get-KrJWTValidationParameter'
        (Get-TestError { $bare | Get-KrJWTValidationParameter -SkipIssuerValidation }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.MissingValidAudience,Get-KrJWTValidationParameter'
        $open = $bare | Get-KrJWTValidationParameter -SkipIssuerValidation -SkipAudienceValidation
        $open.ValidateIssuer | Should -BeFalse
        $open.ValidateAudience | Should -BeFalse
        Test-KrJWT -Token $bare.Token -ValidationParameter $open | Should -BeTrue
        Test-KrJWT -Token $bare.Token -Result $bare -SkipIssuerValidation -SkipAudienceValidation | Should -BeTrue
        (Get-TestError { Test-KrJWT -Token $bare.Token -Result $bare }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.MissingValidIssuer,Test-KrJWT'

        $full = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey $script:HexKey | Build-KrJWT
        (Get-TestError { $full | Get-KrJWTValidationParameter -SkipIssuerValidation }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.InvalidArgument,Get-KrJWTValidationParameter'
    }

    It 'Add-KrJWTBearerAuthentication from items refuses a scheme without issuer, and passes the opt-outs on' {
        try {
            (Get-TestError { Add-KrJWTBearerAuthentication -Name 'Rules12' -HexadecimalKey $script:HexKey -ValidAudience 'A' }).FullyQualifiedErrorId |
                Should -BeExactly 'KrJwt.MissingValidIssuer,Add-KrJWTBearerAuthentication'
            Get-KrJWTBearerAuthentication | Where-Object Name -EQ 'Rules12' | Should -BeNullOrEmpty
            $scheme = Add-KrJWTBearerAuthentication -Name 'Rules12' -HexadecimalKey $script:HexKey -SkipIssuerValidation -ValidAudience 'A' -MaxTokenAge ([TimeSpan]::FromMinutes(5)) -PassThru
            $scheme.ValidationParameters.ValidateIssuer | Should -BeFalse
            $scheme.ValidationParameters.MaxTokenAge | Should -Be ([TimeSpan]::FromMinutes(5))
            $old = New-TestHmacToken -Key $script:KeyBytes -Payload @{ iss = 'x'; aud = 'A'; exp = $script:Now + 600; iat = $script:Now - 3600 }
            $answer = Invoke-KrJWTBearerAuthentication -Name 'Rules12' -Authorization "Bearer $old"
            $answer.StatusCode | Should -Be 401
            $answer.Reason | Should -BeExactly 'TokenTooOld'
        } finally {
            Remove-KrJWTBearerAuthentication -Name 'Rules12' -ErrorAction SilentlyContinue -Confirm:$false
        }
    }
}

Describe 'Weak verification keys are refused when the parameters are made' {
    It 'refuses a 1024-bit RSA public key (generated by .NET) with KrJwt.KeyTooShort, not InvalidSignature later' {
        $rsa = [System.Security.Cryptography.RSA]::Create(1024)
        try {
            $pem = $rsa.ExportSubjectPublicKeyInfoPem()
            $record = Get-TestError { New-KrJWTValidationParameter -Pem $pem -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' }
            $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,New-KrJWTValidationParameter'
            $record.Exception.Message | Should -BeLike '*2048*1024*'
            $record = Get-TestError { New-KrJWTValidationParameter -Pem $pem -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -ValidAlgorithms RS256 }
            $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,New-KrJWTValidationParameter'
            # Next to a usable secret it is refused too.
            $record = Get-TestError { New-KrJWTValidationParameter -Pem $pem -HexadecimalKey $script:HexKey -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' }
            $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,New-KrJWTValidationParameter'
        } finally {
            $rsa.Dispose()
        }
    }

    It 'accepts a 2048-bit RSA public key' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        try {
            $validation = New-KrJWTValidationParameter -Pem $rsa.ExportSubjectPublicKeyInfoPem() -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience'
            $validation.Keys[0].Bits | Should -Be 2048
        } finally {
            $rsa.Dispose()
        }
    }
}

Describe 'Maximum token age (-MaxTokenAge)' {
    BeforeAll {
        $script:Aged = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -MaxTokenAge ([TimeSpan]::FromMinutes(10))
        function New-TestAgedToken {
            param([AllowNull()] [Nullable[long]] $IssuedAt)
            $payload = @{ iss = 'DemoIssuer'; aud = 'DemoAudience'; exp = $script:Now + 86400 }
            if ($null -ne $IssuedAt) {
                $payload.iat = $IssuedAt
            }
            New-TestHmacToken -Key $script:KeyBytes -Payload $payload
        }
    }

    It 'shows the maximum age' {
        $script:Aged.MaxTokenAge | Should -Be ([TimeSpan]::FromMinutes(10))
        (New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'I' -ValidAudience 'A').MaxTokenAge | Should -BeNullOrEmpty
    }

    It 'accepts a fresh token and refuses one issued an hour ago with TokenTooOld and ISO 8601 times' {
        Test-KrJWT -Token (New-TestAgedToken -IssuedAt ($script:Now - 30)) -ValidationParameter $script:Aged | Should -BeTrue
        $issued = $script:Now - 3600
        $outcome = Test-KrJWT -Token (New-TestAgedToken -IssuedAt $issued) -ValidationParameter $script:Aged -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'TokenTooOld'
        $outcome.Status | Should -Be ([KrJwt.KrJwtStatus]::TokenTooOld)
        $iso = [DateTimeOffset]::FromUnixTimeSeconds($issued).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
        $outcome.Message | Should -BeLike "*issued at $iso*600 s*"
    }

    It 'refuses a token issued in the future beyond the clock skew with TokenNotYetValid' {
        $outcome = Test-KrJWT -Token (New-TestAgedToken -IssuedAt ($script:Now + 3600)) -ValidationParameter $script:Aged -PassThru
        $outcome.Reason | Should -BeExactly 'TokenNotYetValid'
        $outcome.Message | Should -BeLike '*future*'
        Test-KrJWT -Token (New-TestAgedToken -IssuedAt ($script:Now + 30)) -ValidationParameter $script:Aged | Should -BeTrue
    }

    It 'requires iat when a maximum age is set' {
        $outcome = Test-KrJWT -Token (New-TestAgedToken -IssuedAt $null) -ValidationParameter $script:Aged -PassThru
        $outcome.Reason | Should -BeExactly 'MissingClaim'
        $outcome.Message | Should -BeLike "*'iat'*"
        $plain = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience'
        Test-KrJWT -Token (New-TestAgedToken -IssuedAt $null) -ValidationParameter $plain | Should -BeTrue
        Test-KrJWT -Token (New-TestAgedToken -IssuedAt ($script:Now - 86400)) -ValidationParameter $plain | Should -BeTrue
    }

    It 'Get-KrJWTValidationParameter -MaxTokenAge applies to the result''s tokens' {
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey $script:HexKey |
            Limit-KrJWTValidity -Hours 2 | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter -MaxTokenAge ([TimeSpan]::FromSeconds(30))
        $validation.MaxTokenAge | Should -Be ([TimeSpan]::FromSeconds(30))
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
        (Test-KrJWT -Token (New-TestAgedToken -IssuedAt ($script:Now - 3600)) -ValidationParameter $validation -PassThru).Reason | Should -BeExactly 'TokenTooOld'
    }

    It 'refuses a maximum age that is not positive: <Age>' -ForEach @(
        @{ Age = [TimeSpan]::Zero }
        @{ Age = [TimeSpan]::FromSeconds(-5) }
    ) {
        (Get-TestError { New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'I' -ValidAudience 'A' -MaxTokenAge $Age }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'
    }
}
