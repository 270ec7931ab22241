BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:HexKey = New-TestHexKey
}

Describe 'Disposed handles give an ObjectDisposedException-based ErrorRecord, never a crash' {
    It 'a disposed builder: <Command>' -ForEach @(
        @{ Command = 'Add-KrJWTIssuer'; Call = { param($b) $b | Add-KrJWTIssuer -Issuer 'I' } }
        @{ Command = 'Add-KrJWTClaim'; Call = { param($b) $b | Add-KrJWTClaim -ClaimType 'c' -Value 'v' } }
        @{ Command = 'Protect-KrJWT'; Call = { param($b) $b | Protect-KrJWT -HexadecimalKey ('ab' * 32) } }
        @{ Command = 'Limit-KrJWTValidity'; Call = { param($b) $b | Limit-KrJWTValidity -Minutes 5 } }
        @{ Command = 'Build-KrJWT'; Call = { param($b) $b | Build-KrJWT } }
        @{ Command = 'Copy-KrJWTTokenBuilder'; Call = { param($b) Copy-KrJWTTokenBuilder -Builder $b } }
        @{ Command = 'Update-KrJWT'; Call = { param($b) $b | Update-KrJWT -Token 'a.b.c' } }
    ) {
        $builder = New-TestBuilder -HexKey $script:HexKey
        $builder.Dispose()
        $builder.Dispose()
        $err = Get-TestError { & $Call $builder }
        $err.FullyQualifiedErrorId | Should -BeExactly "KrJwt.ObjectDisposed,$Command"
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidOperation)
        $err.Exception | Should -BeOfType ([System.ObjectDisposedException])
        $builder.ToString() | Should -BeExactly 'KrJwt builder (disposed)'
        # The session goes on.
        (New-TestBuilder -HexKey $script:HexKey | Build-KrJWT).Token | Should -Not -BeNullOrEmpty
    }

    It 'a disposed result' {
        $built = New-TestBuilder -HexKey $script:HexKey | Build-KrJWT
        $built.Dispose()
        (Get-TestError { $built | Get-KrJWTValidationParameter }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Get-KrJWTValidationParameter'
        (Get-TestError { $built | Test-KrJWT -Token 'a.b.c' }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Test-KrJWT'
        # What was read at build time stays readable.
        $built | Get-KrJWTToken | Should -Not -BeNullOrEmpty
    }

    It 'a disposed key' {
        $key = New-KrJWTKey -Type EC
        $key.Dispose()
        (Get-TestError { New-TestIssuedBuilder | Protect-KrJWT -Key $key }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Protect-KrJWT'
        (Get-TestError { $key | ConvertTo-KrJwk }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,ConvertTo-KrJwk'
        (Get-TestError { Export-KrJwks -Key $key }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Export-KrJwkSet'
        (Get-TestError { New-KrJWTValidationParameter @TestIds -SigningKey $key }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,New-KrJWTValidationParameter'
    }

    It 'disposed validation parameters' {
        $validation = New-KrJWTValidationParameter @TestIds -HexadecimalKey $script:HexKey
        $validation.Dispose()
        (Get-TestError { Test-KrJWT -Token 'a.b.c' -ValidationParameter $validation }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Test-KrJWT'
        (Get-TestError { New-TestBuilder -HexKey $script:HexKey | Update-KrJWT -Token 'a.b.c' -ValidationParameter $validation }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ObjectDisposed,Update-KrJWT'
    }

    It 'a builder keeps working after the key it was protected with is disposed' {
        $key = New-KrJWTKey -Type Ed25519
        $builder = New-TestIssuedBuilder | Protect-KrJWT -Key $key
        $key.Dispose()
        $built = $builder | Build-KrJWT
        $built.Algorithm | Should -BeExactly 'EdDSA'
        $built | Test-KrJWT -Token $built.Token | Should -BeTrue
    }
}

Describe 'Claim and header values must be JSON data' {
    It 'refuses <Case> as a claim value with KrJwt.InvalidArgument' -ForEach @(
        @{ Case = 'a ScriptBlock'; Value = { 'code' } }
        @{ Case = 'a FileInfo'; Value = [System.IO.FileInfo]::new('/tmp/x') }
        @{ Case = 'a ScriptBlock inside a hashtable'; Value = @{ ok = 1; bad = { 'code' } } }
        @{ Case = 'a ScriptBlock inside an array'; Value = @('a', { 'code' }) }
        @{ Case = 'a TimeSpan'; Value = [TimeSpan]::FromMinutes(1) }
    ) {
        $builder = New-KrJWTBuilder
        $err = Get-TestError { $builder | Add-KrJWTClaim -ClaimType 'c' -Value $Value }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,Add-KrJWTClaim'
        $err.Exception.Message | Should -Match 'not JSON data'
        $builder.Claims | Should -HaveCount 0
    }

    It 'refuses a ScriptBlock as a header value' {
        { New-KrJWTBuilder | Add-KrJWTHeader -Name 'x-code' -Value { 'code' } } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTHeader'
    }

    It 'refuses a structure nested deeper than 20 levels' {
        $deep = 'leaf'
        foreach ($i in 1..25) {
            $deep = @{ n = $deep }
        }
        { New-TestIssuedBuilder | Add-KrJWTClaim -ClaimType 'deep' -Value $deep } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTClaim'
    }

    It 'keeps accepting data: strings, numbers, booleans, dates, arrays, hashtables, PSCustomObjects' {
        $when = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
        $built = New-TestBuilder -HexKey $script:HexKey |
            Add-KrJWTClaim -ClaimType 's' -Value 'text' |
            Add-KrJWTClaim -ClaimType 'i' -Value 42 |
            Add-KrJWTClaim -ClaimType 'd' -Value 1.5 |
            Add-KrJWTClaim -ClaimType 'b' -Value $false |
            Add-KrJWTClaim -ClaimType 't' -Value $when |
            Add-KrJWTClaim -ClaimType 'a' -Value @(1, 'two', $true) |
            Add-KrJWTClaim -ClaimType 'h' -Value @{ inner = @{ list = @(1, 2) } } |
            Add-KrJWTClaim -ClaimType 'o' -Value ([pscustomobject]@{ name = 'x'; tags = @('p', 'q') }) |
            Build-KrJWT
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        $payload.s | Should -BeExactly 'text'
        $payload.i | Should -Be 42
        $payload.d | Should -Be 1.5
        $payload.b | Should -BeFalse
        $payload.t | Should -Be $when
        $payload.a | Should -Be @(1, 'two', $true)
        $payload.h.inner.list | Should -Be @(1, 2)
        $payload.o.tags | Should -Be @('p', 'q')
    }

    It 'an unknown -UserClaimType is a parameter binding error' {
        { New-TestIssuedBuilder | Add-KrJWTClaim -UserClaimType 'NotAClaim' -Value 'v' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,Add-KrJWTClaim'
    }
}

Describe 'Malformed keys fail at the call that received them' {
    It 'refuses <Case> at Protect-KrJWT with <ErrorId>' -ForEach @(
        @{ Case = 'malformed JWK JSON'; Arguments = @{ JwkJson = '{"kty":"RSA","n":' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'a JWK that is an array'; Arguments = @{ JwkJson = '[1,2]' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'a JWK with an unknown kty'; Arguments = @{ JwkJson = '{"kty":"XYZ"}' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'an oct JWK without k'; Arguments = @{ JwkJson = '{"kty":"oct"}' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'a JWK with duplicate members'; Arguments = @{ JwkJson = '{"kty":"oct","k":"AAAA","k":"BBBB"}' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'an empty JWK'; Arguments = @{ JwkJson = '' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'base64url with + and /'; Arguments = @{ Base64Url = 'ab+cd/efghijklmnopqrstuvwxyz0123456789ABCDEFG' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'base64url with a space'; Arguments = @{ Base64Url = 'abcd efgh' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'base64url with non-ASCII'; Arguments = @{ Base64Url = 'äöü' * 20 }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'an empty base64url key'; Arguments = @{ Base64Url = '' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'PEM garbage'; Arguments = @{ Pem = 'not a pem' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'an empty PEM'; Arguments = @{ Pem = '' }; ErrorId = 'KrJwt.InvalidKey' }
    ) {
        $err = Get-TestError { New-TestIssuedBuilder | Protect-KrJWT @Arguments }
        $err.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,Protect-KrJWT"
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }

    It 'a JWK file that is not JSON -> KrJwt.InvalidKey' {
        $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-bad-' + [guid]::NewGuid().ToString('N') + '.json')
        try {
            Set-Content -LiteralPath $path -Value 'this is not json'
            { New-TestIssuedBuilder | Protect-KrJWT -JwkPath $path } | Should -Throw -ErrorId 'KrJwt.InvalidKey,Protect-KrJWT'
        } finally {
            Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        }
    }

    It 'a directory given as a key file -> KrJwt.KeyFileNotFound' {
        { New-TestIssuedBuilder | Protect-KrJWT -PemPath ([System.IO.Path]::GetTempPath()) } | Should -Throw -ErrorId 'KrJwt.KeyFileNotFound,Protect-KrJWT'
    }
}

Describe 'Malformed tokens: $false from Test-KrJWT, an ErrorRecord from Get-KrJWTInfo' {
    BeforeAll {
        $validation = New-KrJWTValidationParameter @TestIds -HexadecimalKey $script:HexKey
        $good = (New-TestBuilder -HexKey $script:HexKey | Build-KrJWT).Token
        $parts = $good.Split('.')
    }

    It '<Case>' -ForEach @(
        @{ Case = 'two segments'; Make = { param($p) $p[0] + '.' + $p[1] }; Reason = 'MalformedToken' }
        @{ Case = 'four segments'; Make = { param($p) ($p -join '.') + '.' + $p[2] }; Reason = 'MalformedToken' }
        @{ Case = 'a non-base64 header'; Make = { param($p) '%%%.' + $p[1] + '.' + $p[2] }; Reason = 'MalformedToken' }
        @{ Case = 'a non-base64 payload'; Make = { param($p) $p[0] + '.*.' + $p[2] }; Reason = 'MalformedToken' }
        @{ Case = 'a header that is not JSON'; Make = { param($p) (ConvertTo-TestBase64Url -Data 'not json') + '.' + $p[1] + '.' + $p[2] }; Reason = 'MalformedToken' }
        @{ Case = 'a header that is a JSON array'; Make = { param($p) (ConvertTo-TestBase64Url -Data '["HS256"]') + '.' + $p[1] + '.' + $p[2] }; Reason = 'MalformedToken' }
        @{ Case = 'a payload that is not JSON'; Make = { param($p) $p[0] + '.' + (ConvertTo-TestBase64Url -Data 'plain text') + '.' + $p[2] }; Reason = 'MalformedToken' }
    ) {
        $token = & $Make $parts
        $outcome = Test-KrJWT -Token $token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -Not -BeExactly 'Ok'
        Test-KrJWT -Token $token -ValidationParameter $validation | Should -BeExactly $false
        $err = Get-TestError { Get-KrJWTInfo -Token $token }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.MalformedToken,Get-KrJWTInfo'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }

    It 'a negative lifetime is refused at Limit-KrJWTValidity and at Update-KrJWT' {
        { New-TestIssuedBuilder | Limit-KrJWTValidity -Lifetime ([TimeSpan]::FromSeconds(-1)) } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Limit-KrJWTValidity'
        { New-TestBuilder -HexKey $script:HexKey | Update-KrJWT -Token $good -Lifetime ([TimeSpan]::FromSeconds(-1)) } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Update-KrJWT'
    }
}
