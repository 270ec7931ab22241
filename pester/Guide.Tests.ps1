BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
}

Describe "Kestrun's JWT guide runs as written" {
    It 'section 3 (minimal issue + validate), up to Add-KrJWTBearerAuthentication, gives a token that validates' {
        # ---- guide section 3, verbatim except for its last line (Add-KrJWTBearerAuthentication) ----
        # Build configuration
        $builder = New-KrJWTBuilder |
          Add-KrJWTIssuer -Issuer 'DemoIssuer' |
          Add-KrJWTAudience -Audience 'DemoAudience' |
          Protect-KrJWT -HexadecimalKey ( -join ((0..63) | ForEach-Object { '{0:x}' -f (Get-Random -Max 16) }) ) -Algorithm HS256 |
          Limit-KrJWTValidity -Minutes 30

        $built = $builder | Add-KrJWTSubject -Subject 'user1' | Add-KrJWTClaim -UserClaimType Name -Value 'user1' | Build-KrJWT
        $token = $built | Get-KrJWTToken

        # Prepare validation parameters (for bearer scheme)
        $validation = $built | Get-KrJWTValidationParameter
        # ---- end of the guide's code ----

        Test-KrJWT -Token $token -ValidationParameter $validation | Should -BeExactly $true
        $header = Get-TestTokenPart -Token $token -Part Header
        $header.alg | Should -BeExactly 'HS256'
        $header.typ | Should -BeExactly 'JWT'
        $payload = Get-TestTokenPart -Token $token -Part Payload
        $payload.iss | Should -BeExactly 'DemoIssuer'
        $payload.aud | Should -BeExactly 'DemoAudience'
        $payload.sub | Should -BeExactly 'user1'
        $payload.unique_name | Should -BeExactly 'user1'
        ($payload.exp - $payload.nbf) | Should -Be 1800
        $validation.ValidIssuers | Should -Be @('DemoIssuer')
        $validation.ValidAudiences | Should -Be @('DemoAudience')
        # The guide's builder is changed in place, so the subject is on $builder as well.
        $builder.Subject | Should -BeExactly 'user1'
    }

    It 'sections 4.2 to 4.7 and 4.10 chain together' {
        $b = New-KrJWTBuilder |
          Add-KrJWTIssuer -Issuer 'IssuerA' |
          Add-KrJWTAudience -Audience 'ClientA' |
          Add-KrJWTAudience -Audience 'ClientB'
        $b = $b | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -Algorithm HS256
        $b = $b |
          Limit-KrJWTValidity -Minutes 15 |
          Limit-KrJWTNotBefore -Seconds 5 # token not valid for first 5 seconds
        $b = $b |
          Add-KrJWTSubject -Subject 'user42' |
          Add-KrJWTClaim -UserClaimType Name -Value 'user42' |
          Add-KrJWTClaim -UserClaimType Role -Value 'admin'
        $b = $b | Add-KrJWTClaim -ClaimType 'region' -Value 'us-east-1'
        $result = $b | Build-KrJWT
        $jwtString = $result | Get-KrJWTToken
        $validation = $result | Get-KrJWTValidationParameter
        $info = Get-KrJWTInfo -Token $jwtString
        $null = Get-KrJWTInfo -Token $jwtString | Format-List * | Out-String

        $info.Issuer | Should -BeExactly 'IssuerA'
        $info.Audiences | Should -Be @('ClientA', 'ClientB')
        $info.Subject | Should -BeExactly 'user42'
        $info.Claims['unique_name'] | Should -BeExactly 'user42'
        $info.Claims['role'] | Should -BeExactly 'admin'
        $info.Claims['region'] | Should -BeExactly 'us-east-1'
        ($info.NotBefore - $info.IssuedAt).TotalSeconds | Should -Be 5
        ($info.Expires - $info.NotBefore).TotalMinutes | Should -Be 15
        # Not valid for its first 5 seconds, but within the default one-minute clock skew.
        Test-KrJWT -Token $jwtString -ValidationParameter $validation | Should -BeTrue
        $result | Test-KrJWT -Token $jwtString -ClockSkew ([TimeSpan]::Zero) | Should -BeFalse
        # 4.6: the result exposes the parts the guide lists.
        foreach ($name in 'Issuer', 'Audiences', 'Expires', 'NotBefore', 'Algorithm', 'Claims', 'Header', 'Payload') {
            $result.PSObject.Properties.Name | Should -Contain $name
        }
    }
}
