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

Describe "Kestrun's JWT guide, sections 3 and 4, every example as written" {
    BeforeAll {
        # State handed from one section to the next, as in one script. Lines marked "setup" are not the
        # guide's; everything between "guide" markers is copied verbatim.
        $script:Guide = @{}

        function Test-BearerCommandsPending {
            <# True (and the test marked skipped) while the bearer-authentication cmdlets do not exist. #>
            if (Get-Command -Name Add-KrJWTBearerAuthentication -Module KrJwt -ErrorAction SilentlyContinue) {
                return $false
            }
            Set-ItResult -Skipped -Because 'pending: Add-KrJWTBearerAuthentication belongs to the bearer-authentication work'
            $true
        }
    }

    AfterAll {
        if (Get-Command -Name Remove-KrJWTBearerAuthentication -Module KrJwt -ErrorAction SilentlyContinue) {
            Remove-KrJWTBearerAuthentication -Name 'Bearer' -ErrorAction SilentlyContinue
        }
    }

    It 'section 3, including Add-KrJWTBearerAuthentication' {
        if (Test-BearerCommandsPending) {
            return
        }
        # ---- guide ----
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
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation
        # ---- end of guide ----

        Test-KrJWT -Token $token -ValidationParameter $validation | Should -BeTrue
        if (Get-Command -Name Invoke-KrJWTBearerAuthentication -Module KrJwt -ErrorAction SilentlyContinue) {
            $answer = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $token"
            $answer.Succeeded | Should -BeTrue
            $answer.Principal.Identity.Name | Should -BeExactly 'user1'
        }
    }

    It '4.2 issuer and two audiences' {
        # ---- guide ----
        $b = New-KrJWTBuilder |
          Add-KrJWTIssuer -Issuer 'IssuerA' |
          Add-KrJWTAudience -Audience 'ClientA' |
          Add-KrJWTAudience -Audience 'ClientB'
        # ---- end of guide ----
        $b.Issuer | Should -BeExactly 'IssuerA'
        $b.Audiences | Should -Be @('ClientA', 'ClientB')
        $script:Guide.b = $b
    }

    It '4.3 protect with HS256' {
        $b = $script:Guide.b # setup
        # ---- guide ----
        $b = $b | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -Algorithm HS256
        # ---- end of guide ----
        $b.IsProtected | Should -BeTrue
        $b.Algorithm | Should -BeExactly 'HS256'
        $script:Guide.b = $b
    }

    It '4.4 lifetime and not-before' {
        $b = $script:Guide.b # setup
        # ---- guide ----
        $b = $b |
          Limit-KrJWTValidity -Minutes 15 |
          Limit-KrJWTNotBefore -Seconds 5 # token not valid for first 5 seconds
        # ---- end of guide ----
        $b.Lifetime | Should -Be ([TimeSpan]::FromMinutes(15))
        $b.NotBefore | Should -Be ([TimeSpan]::FromSeconds(5))
        $script:Guide.b = $b
    }

    It '4.5 subject, user claims and a custom claim' {
        $b = $script:Guide.b # setup
        # ---- guide ----
        $b = $b |
          Add-KrJWTSubject -Subject 'user42' |
          Add-KrJWTClaim -UserClaimType Name -Value 'user42' |
          Add-KrJWTClaim -UserClaimType Role -Value 'admin'
        # ---- end of guide ----
        # ---- guide ----
        $b = $b | Add-KrJWTClaim -ClaimType 'region' -Value 'us-east-1'
        # ---- end of guide ----
        $b.Subject | Should -BeExactly 'user42'
        ($b.Claims | ForEach-Object { $_.Key }) | Should -Be @('unique_name', 'role', 'region')
        $script:Guide.b = $b
    }

    It '4.6 build and extract; the result exposes what the guide lists' {
        $b = $script:Guide.b # setup
        # ---- guide ----
        $result = $b | Build-KrJWT
        $jwtString = $result | Get-KrJWTToken
        # ---- end of guide ----
        $jwtString | Should -BeExactly $result.Token
        $result.Issuer | Should -BeExactly 'IssuerA'
        $result.Audiences | Should -Be @('ClientA', 'ClientB')
        $result.Algorithm | Should -BeExactly 'HS256'
        ($result.Expires - $result.NotBefore) | Should -Be ([TimeSpan]::FromMinutes(15))
        $result.Claims['region'] | Should -BeExactly 'us-east-1'
        $result.Header['alg'] | Should -BeExactly 'HS256'
        $result.Payload['sub'] | Should -BeExactly 'user42'
        $script:Guide.result = $result
        $script:Guide.jwtString = $jwtString
    }

    It '4.7 validation parameters' {
        $result = $script:Guide.result # setup
        # ---- guide ----
        $validation = $result | Get-KrJWTValidationParameter
        # ---- end of guide ----
        $validation.ValidIssuers | Should -Be @('IssuerA')
        $validation.ValidAudiences | Should -Be @('ClientA', 'ClientB')
        $validation.ValidAlgorithms | Should -Be @('HS256')
        $script:Guide.validation = $validation
    }

    It '4.7 Add-KrJWTBearerAuthentication' {
        if (Test-BearerCommandsPending) {
            return
        }
        $validation = $script:Guide.validation # setup
        # Each section is an example of its own: section 3 registered 'Bearer' in this session already, and a
        # name is registered once (see the next test).
        Remove-KrJWTBearerAuthentication -Name 'Bearer' -ErrorAction SilentlyContinue # setup
        # ---- guide ----
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation
        # ---- end of guide ----
        if (Get-Command -Name Invoke-KrJWTBearerAuthentication -Module KrJwt -ErrorAction SilentlyContinue) {
            $answer = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($script:Guide.jwtString)"
            $answer.Succeeded | Should -BeTrue
            $answer.Principal.Identity.Name | Should -BeExactly 'user42'
            $script:Guide.principal = $answer.Principal
        }
    }

    It 'sections 3 and 4.7 in one script: the second registration of ''Bearer'' fails with KrJwt.SchemeExists unless -Force' {
        $validation = $script:Guide.validation # setup
        (Get-KrJWTBearerAuthentication -Name 'Bearer').ValidationParameters | Should -Be $validation
        { Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation } |
            Should -Throw -ErrorId 'KrJwt.SchemeExists,Add-KrJWTBearerAuthentication'
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation -Force
        (Get-KrJWTBearerAuthentication -Name 'Bearer').ValidationParameters | Should -Be $validation
    }

    It '4.8 copy and mutate per request, with $Context.User of the request' {
        $b = $script:Guide.b # setup
        $identity = [System.Security.Claims.ClaimsIdentity]::new([System.Security.Claims.Claim[]] @([System.Security.Claims.Claim]::new([System.Security.Claims.ClaimTypes]::Name, 'carol')), 'Basic') # setup
        $Context = [pscustomobject]@{ User = [System.Security.Claims.ClaimsPrincipal]::new($identity) } # setup
        $before = $b.GetStateJson() # setup
        $token = & {
            # ---- guide ----
            Copy-KrJWTTokenBuilder -Builder $b |
              Add-KrJWTSubject -Subject $Context.User.Identity.Name |
              Add-KrJWTClaim -UserClaimType Role -Value 'admin' |
              Build-KrJWT | Get-KrJWTToken
            # ---- end of guide ----
        }
        $token | Should -BeOfType ([string])
        $payload = Get-TestTokenPart -Token $token -Part Payload
        $payload.sub | Should -BeExactly 'carol'
        Test-KrJWT -Token $token -ValidationParameter $script:Guide.validation | Should -BeTrue
        # The copy changed, the guide's builder did not.
        $b.GetStateJson() | Should -BeExactly $before
    }

    It '4.9 Update-KrJWT -FromContext renews the principal of the request (bearer authentication)' {
        if (-not (Get-Command -Name Invoke-KrJWTBearerAuthentication -Module KrJwt -ErrorAction SilentlyContinue) -or -not $script:Guide.principal) {
            Set-ItResult -Skipped -Because 'pending: needs the principal of Invoke-KrJWTBearerAuthentication (bearer-authentication work)'
            return
        }
        $b = $script:Guide.b # setup
        $Context = [pscustomobject]@{ User = $script:Guide.principal } # setup
        # ---- guide ----
        $refresh = $b | Update-KrJWT -FromContext
        # ---- end of guide ----
        Test-KrJWT -Token $refresh -ValidationParameter $script:Guide.validation | Should -BeTrue
        $payload = Get-TestTokenPart -Token $refresh -Part Payload
        $payload.sub | Should -BeExactly 'user42'
        $payload.unique_name | Should -BeExactly 'user42'
        $payload.region | Should -BeExactly 'us-east-1'
        $payload.jti | Should -Not -BeNullOrEmpty
    }

    It '4.9 Update-KrJWT -FromContext renews a principal that carries its validated claims (a KrJwt principal)' {
        $b = $script:Guide.b # setup
        Add-KrJWTBearerAuthentication -Name 'Guide49' -ValidationParameter $script:Guide.validation # setup
        $answer = Invoke-KrJWTBearerAuthentication -Name 'Guide49' -Authorization "Bearer $($script:Guide.jwtString)" # setup
        Remove-KrJWTBearerAuthentication -Name 'Guide49' # setup
        $Context = [pscustomobject]@{ User = $answer.Principal; Request = [pscustomobject]@{ Headers = @{} } } # setup
        # ---- guide ----
        $refresh = $b | Update-KrJWT -FromContext
        # ---- end of guide ----
        Test-KrJWT -Token $refresh -ValidationParameter $script:Guide.validation | Should -BeTrue
        $payload = Get-TestTokenPart -Token $refresh -Part Payload
        $payload.sub | Should -BeExactly 'user42'
        $payload.role | Should -BeExactly 'admin'
        # The builder's lifetime, from the moment of renewal (nbf = build time, not the builder's +5 s).
        ($payload.exp - $payload.nbf) | Should -Be 900
        $payload.nbf | Should -Be $payload.iat
    }

    It '4.9 Update-KrJWT -FromContext refuses a principal written in script (KrJwt.UntrustedPrincipal)' {
        $b = $script:Guide.b # setup
        $Context = [pscustomobject]@{ User = [pscustomobject]@{ PayloadJson = '{"sub":"admin","role":"superuser"}' }; Request = [pscustomobject]@{ Headers = @{} } } # setup
        $refresh = $null # setup
        # ---- guide ----
        { $refresh = $b | Update-KrJWT -FromContext } | Should -Throw -ErrorId 'KrJwt.UntrustedPrincipal,Update-KrJWT'
        # ---- end of guide ----
        $refresh | Should -BeNullOrEmpty
    }

    It '4.9 Update-KrJWT -FromContext validates and renews the bearer token of the request' {
        $b = $script:Guide.b # setup
        $Context = [pscustomobject]@{ Request = [pscustomobject]@{ Headers = @{ Authorization = "Bearer $($script:Guide.jwtString)" } } } # setup
        # ---- guide ----
        $refresh = $b | Update-KrJWT -FromContext
        # ---- end of guide ----
        $refresh | Should -Not -BeExactly $script:Guide.jwtString
        Test-KrJWT -Token $refresh -ValidationParameter $script:Guide.validation | Should -BeTrue
        (Get-TestTokenPart -Token $refresh -Part Payload).sub | Should -BeExactly 'user42'
        # A forged token in the header is not renewed.
        $forged = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'IssuerA' | Add-KrJWTAudience -Audience 'ClientA' | Add-KrJWTSubject -Subject 'user42' | Protect-KrJWT -HexadecimalKey (New-TestHexKey) | Build-KrJWT).Token # setup
        $Context = [pscustomobject]@{ Request = [pscustomobject]@{ Headers = @{ Authorization = "Bearer $forged" } } } # setup
        { $refresh = $b | Update-KrJWT -FromContext } | Should -Throw -ErrorId 'KrJwt.InvalidSignature,Update-KrJWT'
    }

    It '4.10 introspection and validation' {
        $jwtString = $script:Guide.jwtString # setup
        $validation = $script:Guide.validation # setup
        $shown = & {
            # ---- guide ----
            Get-KrJWTInfo -Token $jwtString | Format-List *
            # ---- end of guide ----
        } | Out-String
        $valid = & {
            # ---- guide ----
            Test-KrJWT -Token $jwtString -ValidationParameter $validation
            # ---- end of guide ----
        }
        $shown | Should -Match 'IssuerA'
        $shown | Should -Match 'user42'
        $valid | Should -BeExactly $true
    }
}
