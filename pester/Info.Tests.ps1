BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
}

Describe 'Get-KrJWTInfo decodes without validating' {
    BeforeAll {
        $built = New-TestBuilder -Audience 'A1', 'A2' |
            Add-KrJWTSubject -Subject 'user7' |
            Add-KrJWTClaim -ClaimType 'region' -Value 'eu' |
            Protect-KrJWT -HexadecimalKey (New-TestHexKey) -KeyId 'k1' |
            Build-KrJWT
    }

    It 'reports what the token says' {
        $info = Get-KrJWTInfo -Token $built.Token
        $info | Should -BeOfType ([KrJwt.JwtInfo])
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        $info.Issuer | Should -BeExactly 'TestIssuer'
        $info.Subject | Should -BeExactly 'user7'
        $info.Audiences | Should -Be @('A1', 'A2')
        $info.Algorithm | Should -BeExactly 'HS256'
        $info.KeyId | Should -BeExactly 'k1'
        $info.Type | Should -BeExactly 'JWT'
        $info.Encrypted | Should -BeFalse
        $info.Claims['region'] | Should -BeExactly 'eu'
        $info.Header['kid'] | Should -BeExactly 'k1'
        $info.Payload['exp'] | Should -Be $payload.exp
        $info.Expires | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload.exp).UtcDateTime)
        $info.NotBefore | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload.nbf).UtcDateTime)
        $info.IssuedAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload.iat).UtcDateTime)
    }

    It 'accepts tokens from the pipeline' {
        $infos = $built.Token, $built.Token | Get-KrJWTInfo
        $infos | Should -HaveCount 2
        $infos[1].Subject | Should -BeExactly 'user7'
    }

    It 'decodes a token it cannot verify (signed with another key), because it does not validate' {
        $foreign = New-TestBuilder | Add-KrJWTSubject -Subject 'someone' | Build-KrJWT
        (Get-KrJWTInfo -Token $foreign.Token).Subject | Should -BeExactly 'someone'
    }
}
