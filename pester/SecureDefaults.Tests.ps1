# Issue 12, items 6 and 7 on the PowerShell side, and the renewal opt-outs: one validation under the caller's
# size cap gives status and claims; a static JWK Set with unusable keys starts, warning about each one;
# Update-KrJWT derives parameters from the builder and opts out only by name.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $script:HexKey = New-TestHexKey
}

Describe 'Test-KrJWT -PassThru under the caller''s size cap (item 6)' {
    BeforeAll {
        # A valid token of about 400 KB: one large claim, signed by the library.
        $script:Large = New-TestBuilder -HexKey $script:HexKey | Add-KrJWTClaim -ClaimType 'blob' -Value ('x' * 300000) | Build-KrJWT | Get-KrJWTToken
        $script:Capped = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey @TestIds -MaxTokenBytes 1MB
    }

    It 'the token is over the default cap and under the caller''s' {
        $script:Large.Length | Should -BeGreaterThan 262144
        $script:Large.Length | Should -BeLessThan 1MB
    }

    It 'is True without -PassThru' {
        Test-KrJWT -Token $script:Large -ValidationParameter $script:Capped | Should -BeTrue
    }

    It 'gives a valid outcome with the claims with -PassThru (no second decode under the default cap)' {
        $outcome = Test-KrJWT -Token $script:Large -ValidationParameter $script:Capped -PassThru
        $outcome.IsValid | Should -BeTrue
        $outcome.Claims['blob'].Length | Should -Be 300000
        $outcome.Claims['iss'] | Should -BeExactly 'TestIssuer'
    }

    It 'gives TokenTooLarge with -PassThru under the default cap' {
        $default = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey @TestIds
        (Test-KrJWT -Token $script:Large -ValidationParameter $default -PassThru).Reason | Should -BeExactly 'TokenTooLarge'
    }
}

Describe 'A static JWK Set with keys KrJwt cannot use (item 7)' {
    BeforeAll {
        $script:Signer = New-KrJWTKey -Type EC
        $jwk = $script:Signer | ConvertTo-KrJwk | ConvertFrom-Json -AsHashtable
        $script:Kid = $jwk.kid
        $script:Set = @{ keys = @(
                @{ kty = 'AKP'; alg = 'ML-DSA-44'; kid = 'pq-1'; pub = 'AAAA' }
                @{ kty = 'OKP'; crv = 'X25519'; kid = 'x-1'; x = 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo' }
                $jwk
            ) } | ConvertTo-Json -Depth 5 -Compress
    }

    It 'starts, warning once per skipped key with its index, kid and reason' {
        $validation = New-KrJWTValidationParameter -Jwks $script:Set @TestIds -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings.Count | Should -Be 2
        "$($warnings[0])" | Should -Match 'skipped key 0 \(kid pq-1\): .+'
        "$($warnings[1])" | Should -Match 'skipped key 1 \(kid x-1\): .+'
        $validation.SkippedKeys.KeyId | Should -Be @('pq-1', 'x-1')
        $validation.Keys.KeyId | Should -Be @($script:Kid)
    }

    It 'validates a token signed with the usable key' {
        $validation = New-KrJWTValidationParameter -Jwks $script:Set @TestIds -WarningAction SilentlyContinue
        $token = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'TestIssuer' | Add-KrJWTAudience -Audience 'TestAudience' |
            Protect-KrJWT -Key $script:Signer | Build-KrJWT | Get-KrJWTToken
        Test-KrJWT -Token $token -ValidationParameter $validation | Should -BeTrue
    }

    It 'warns nothing for a set whose keys are all usable' {
        $clean = @{ keys = @(($script:Signer | ConvertTo-KrJwk | ConvertFrom-Json)) } | ConvertTo-Json -Depth 5 -Compress
        New-KrJWTValidationParameter -Jwks $clean @TestIds -WarningVariable warnings | Out-Null
        $warnings.Count | Should -Be 0
    }

    It 'refuses a set with no usable key, naming the skipped ones' {
        $none = '{"keys":[{"kty":"AKP","alg":"ML-DSA-44","kid":"pq-1","pub":"AAAA"}]}'
        $err = Get-TestError { New-KrJWTValidationParameter -Jwks $none @TestIds }
        $err.FullyQualifiedErrorId | Should -BeLike 'KrJwt.*,New-KrJWTValidationParameter'
        $err.Exception.Message | Should -Match 'no key that can verify'
    }
}

Describe 'Update-KrJWT opts out of issuer or audience validation only by name' {
    BeforeAll {
        $script:NoAudience = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'TestIssuer' | Protect-KrJWT -HexadecimalKey $script:HexKey
        $script:NoAudienceToken = $script:NoAudience | Build-KrJWT | Get-KrJWTToken
    }

    It 'refuses to derive parameters from a builder without audience' {
        (Get-TestError { $script:NoAudience | Update-KrJWT -Token $script:NoAudienceToken }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.MissingValidAudience,Update-KrJWT'
    }

    It 'renews with -SkipAudienceValidation, and the new token verifies' {
        $renewed = $script:NoAudience | Update-KrJWT -Token $script:NoAudienceToken -SkipAudienceValidation
        $renewed | Should -Not -BeExactly $script:NoAudienceToken
        $check = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey -ValidIssuer 'TestIssuer' -SkipAudienceValidation
        Test-KrJWT -Token $renewed -ValidationParameter $check | Should -BeTrue
    }

    It 'refuses an opt-out the builder does not need (it has an issuer)' {
        (Get-TestError { $script:NoAudience | Update-KrJWT -Token $script:NoAudienceToken -SkipIssuerValidation -SkipAudienceValidation }).FullyQualifiedErrorId |
            Should -BeExactly 'KrJwt.InvalidArgument,Update-KrJWT'
    }

    It 'refuses the switches together with -ValidationParameter' {
        $builder = New-TestBuilder -HexKey $script:HexKey
        $token = $builder | Build-KrJWT | Get-KrJWTToken
        $validation = New-KrJWTValidationParameter -HexadecimalKey $script:HexKey @TestIds
        $err = Get-TestError { $builder | Update-KrJWT -Token $token -ValidationParameter $validation -SkipAudienceValidation }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,Update-KrJWT'
        $err.Exception.Message | Should -Match '-ValidationParameter'
    }
}
