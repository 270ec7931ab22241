# Unit-level tests of the bearer cmdlets (no HTTP): Add-/Get-/Remove-/Invoke-KrJWTBearerAuthentication,
# the JwtPrincipal contract and the interop's thread safety. The E2E server tests are in Bearer.Tests.ps1.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:NameUri = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'
    $script:RoleUri = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'
    $script:NameIdUri = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier'

    function New-TestBearerToken {
        <# A token from the test builder with a subject, a name and roles. #>
        param(
            [Parameter(Mandatory)] [string] $HexKey,
            [string] $Subject = 'user1',
            [string[]] $Role = @('admin'),
            [string] $Issuer = 'TestIssuer',
            [string[]] $Audience = @('TestAudience')
        )
        $builder = New-TestBuilder -HexKey $HexKey -Issuer $Issuer -Audience $Audience |
            Add-KrJWTSubject -Subject $Subject |
            Add-KrJWTClaim -UserClaimType Name -Value $Subject
        foreach ($r in $Role) {
            $builder = $builder | Add-KrJWTClaim -UserClaimType Role -Value $r
        }
        $builder | Build-KrJWT
    }

    function New-TestRs256Token {
        <# An RS256 token signed by .NET (independent of the library), for the PEM / JWK / JWKS key forms. #>
        param(
            [Parameter(Mandatory)] [System.Security.Cryptography.RSA] $Rsa,
            [Parameter(Mandatory)] [System.Collections.IDictionary] $Payload,
            [string] $KeyId
        )
        $header = [ordered]@{ alg = 'RS256'; typ = 'JWT' }
        if ($KeyId) { $header['kid'] = $KeyId }
        $signingInput = (ConvertTo-TestBase64Url -Data (ConvertTo-Json -InputObject $header -Compress)) + '.' +
            (ConvertTo-TestBase64Url -Data (ConvertTo-Json -InputObject $Payload -Compress))
        $signature = $Rsa.SignData([System.Text.Encoding]::ASCII.GetBytes($signingInput),
            [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $signingInput + '.' + (ConvertTo-TestBase64Url -Data $signature)
    }

    function Get-TestRsaJwk {
        <# The public JWK of an RSA key as JSON text. #>
        param([Parameter(Mandatory)] [System.Security.Cryptography.RSA] $Rsa, [string] $KeyId)
        $p = $Rsa.ExportParameters($false)
        $jwk = [ordered]@{ kty = 'RSA'; n = (ConvertTo-TestBase64Url -Data $p.Modulus); e = (ConvertTo-TestBase64Url -Data $p.Exponent) }
        if ($KeyId) { $jwk['kid'] = $KeyId }
        ConvertTo-Json -InputObject $jwk -Compress
    }

    function Remove-TestSchemes {
        Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication
    }
}

Describe 'Add-KrJWTBearerAuthentication' {
    BeforeAll {
        $hexKey = New-TestHexKey
        $built = New-TestBearerToken -HexKey $hexKey
    }
    AfterEach { Remove-TestSchemes }

    It 'takes the guide form: -Name ''Bearer'' -ValidationParameter $validation' {
        $validation = $built | Get-KrJWTValidationParameter
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation | Should -BeNullOrEmpty
        $scheme = Get-KrJWTBearerAuthentication -Name 'Bearer'
        $scheme | Should -BeOfType ([KrJwt.JwtBearerScheme])
        $scheme.Name | Should -BeExactly 'Bearer'
        $scheme.DisplayName | Should -BeExactly 'JWT Bearer Authentication'
        [object]::ReferenceEquals($scheme.ValidationParameters, $validation) | Should -BeTrue
        (Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 200
    }

    It 'accepts -AuthenticationScheme as an alias of -Name and emits the scheme with -PassThru' {
        $scheme = Add-KrJWTBearerAuthentication -AuthenticationScheme 'Api' @TestIds -HexadecimalKey $hexKey -DisplayName 'My API' -PassThru
        $scheme.Name | Should -BeExactly 'Api'
        $scheme.DisplayName | Should -BeExactly 'My API'
    }

    It 'builds the validator from items: issuers, audiences, algorithms, clock skew and a hex key' {
        $scheme = Add-KrJWTBearerAuthentication -Name 'Items' -ValidIssuer 'TestIssuer' -ValidIssuers 'Other1', 'Other2' `
            -ValidAudience 'TestAudience' -ValidAudiences 'A2' -ValidAlgorithms 'HS256' -HexadecimalKey $hexKey `
            -ClockSkew ([TimeSpan]::FromSeconds(42)) -PassThru
        $p = $scheme.ValidationParameters
        $p.ValidIssuers | Should -Be @('TestIssuer', 'Other1', 'Other2')
        $p.ValidAudiences | Should -Be @('TestAudience', 'A2')
        $p.ValidAlgorithms | Should -Be @('HS256')
        $p.ClockSkew | Should -Be ([TimeSpan]::FromSeconds(42))
        $p.Keys.Count | Should -Be 1
        (Invoke-KrJWTBearerAuthentication -Name 'Items' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 200
    }

    It 'refuses a token from another issuer or for another audience' {
        Add-KrJWTBearerAuthentication -Name 'Strict' -ValidIssuer 'SomeoneElse' -ValidAudience 'TestAudience' -HexadecimalKey $hexKey
        $answer = Invoke-KrJWTBearerAuthentication -Name 'Strict' -Authorization "Bearer $($built.Token)"
        $answer.StatusCode | Should -Be 401
        $answer.Reason | Should -BeExactly 'InvalidIssuer'
        Add-KrJWTBearerAuthentication -Name 'Strict' -ValidIssuer 'TestIssuer' -ValidAudience 'SomeoneElse' -HexadecimalKey $hexKey -Force
        (Invoke-KrJWTBearerAuthentication -Name 'Strict' -Authorization "Bearer $($built.Token)").Reason | Should -BeExactly 'InvalidAudience'
    }

    It 'takes the same secret as -Base64Url' {
        $b64 = ConvertTo-TestBase64Url -Data ([Convert]::FromHexString($hexKey))
        Add-KrJWTBearerAuthentication -Name 'B64' @TestIds -Base64Url $b64
        (Invoke-KrJWTBearerAuthentication -Name 'B64' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 200
    }

    It 'takes RSA public keys as -Pem, -JwkJson and -Jwks (RS256 tokens signed by .NET)' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $payload = [ordered]@{ iss = 'TestIssuer'; aud = 'TestAudience'; sub = 'rsa-user'; unique_name = 'rsa-user'; nbf = $now; iat = $now; exp = $now + 600 }
        try {
            $token = New-TestRs256Token -Rsa $rsa -Payload $payload
            Add-KrJWTBearerAuthentication -Name 'Pem' @TestIds -Pem $rsa.ExportSubjectPublicKeyInfoPem() -ValidAlgorithms 'RS256'
            $answer = Invoke-KrJWTBearerAuthentication -Name 'Pem' -Authorization "Bearer $token"
            $answer.StatusCode | Should -Be 200
            $answer.Principal.Identity.Name | Should -BeExactly 'rsa-user'

            Add-KrJWTBearerAuthentication -Name 'Jwk' @TestIds -JwkJson (Get-TestRsaJwk -Rsa $rsa)
            (Invoke-KrJWTBearerAuthentication -Name 'Jwk' -Authorization "Bearer $token").StatusCode | Should -Be 200

            $kidToken = New-TestRs256Token -Rsa $rsa -Payload $payload -KeyId 'k1'
            $jwks = '{"keys":[' + (Get-TestRsaJwk -Rsa $rsa -KeyId 'k1') + ']}'
            Add-KrJWTBearerAuthentication -Name 'Jwks' @TestIds -Jwks $jwks
            (Invoke-KrJWTBearerAuthentication -Name 'Jwks' -Authorization "Bearer $kidToken").StatusCode | Should -Be 200
            # An HMAC token is not accepted by an RSA-only scheme.
            (Invoke-KrJWTBearerAuthentication -Name 'Jwks' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 401
        } finally {
            $rsa.Dispose()
        }
    }

    It 'takes imported keys with -IssuerSigningKey' {
        $key = [KrJwt.JwtKey]::FromHex($hexKey)
        try {
            Add-KrJWTBearerAuthentication -Name 'Imported' @TestIds -IssuerSigningKey $key
        } finally {
            $key.Dispose()
        }
        # The validator keeps its own copy of the key.
        (Invoke-KrJWTBearerAuthentication -Name 'Imported' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 200
    }

    It 'refuses a configuration the library cannot use: <Case>' -ForEach @(
        @{ Case = 'no key'; Splat = @{ ValidIssuer = 'x' }; ErrorId = 'KrJwt.InvalidArgument*' }
        @{ Case = 'bad hex'; Splat = @{ ValidIssuer = 'x'; HexadecimalKey = 'xyz' }; ErrorId = 'KrJwt.InvalidKey*' }
        @{ Case = 'HS512 with a 32-byte secret'; Splat = @{ ValidIssuer = 'x'; HexadecimalKey = ('ab' * 32); ValidAlgorithms = 'HS512' }; ErrorId = 'KrJwt.AlgorithmKeyMismatch*' }
        @{ Case = 'malformed JWKS'; Splat = @{ ValidIssuer = 'x'; Jwks = '{not json' }; ErrorId = 'KrJwt.Invalid*' }
        @{ Case = 'claim policy without a claim type'; Splat = @{ ValidIssuer = 'x'; HexadecimalKey = ('ab' * 32); ClaimPolicy = @{ P = @{ AllowedValues = 'x' } } }; ErrorId = 'KrJwt.InvalidArgument*' }
        @{ Case = 'claim policy that is not a hashtable'; Splat = @{ ValidIssuer = 'x'; HexadecimalKey = ('ab' * 32); ClaimPolicy = @{ P = 'role' } }; ErrorId = 'KrJwt.InvalidClaimPolicy*' }
    ) {
        { Add-KrJWTBearerAuthentication -Name 'Broken' @Splat -ValidAudience 'x' } | Should -Throw -ErrorId $ErrorId
        Get-KrJWTBearerAuthentication -Name 'Broken' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'replaces a scheme registered under the same name (case-insensitive) with -Force' {
        Add-KrJWTBearerAuthentication -Name 'Twice' @TestIds -HexadecimalKey $hexKey -DisplayName 'first'
        Add-KrJWTBearerAuthentication -Name 'TWICE' @TestIds -HexadecimalKey $hexKey -DisplayName 'second' -Force
        $all = @(Get-KrJWTBearerAuthentication -Name 'twice')
        $all.Count | Should -Be 1
        $all[0].DisplayName | Should -BeExactly 'second'
        $all[0].Name | Should -BeExactly 'TWICE'
    }

    It 'refuses a name already registered (any case) without -Force: KrJwt.SchemeExists, ResourceExists; the first scheme stays' {
        $first = Add-KrJWTBearerAuthentication -Name 'Taken' @TestIds -HexadecimalKey $hexKey -DisplayName 'first' -PassThru
        $err = $null
        try {
            Add-KrJWTBearerAuthentication -Name 'TAKEN' @TestIds -HexadecimalKey $hexKey -DisplayName 'second'
        } catch {
            $err = $_
        }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.SchemeExists,Add-KrJWTBearerAuthentication'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceExists)
        $err.TargetObject | Should -BeExactly 'TAKEN'
        $err.Exception.Message | Should -Match '-Force'
        $all = @(Get-KrJWTBearerAuthentication -Name 'taken')
        $all.Count | Should -Be 1
        $all[0] | Should -Be $first
        $all[0].DisplayName | Should -BeExactly 'first'
        # The same with -ValidationParameter.
        { Add-KrJWTBearerAuthentication -Name 'Taken' -ValidationParameter ($built | Get-KrJWTValidationParameter) } |
            Should -Throw -ErrorId 'KrJwt.SchemeExists,Add-KrJWTBearerAuthentication'
        (Get-KrJWTBearerAuthentication -Name 'Taken') | Should -Be $first
    }

    It '-WhatIf registers nothing, and -Force -WhatIf replaces nothing' {
        Add-KrJWTBearerAuthentication -Name 'WhatIfNew' @TestIds -HexadecimalKey $hexKey -WhatIf | Should -BeNullOrEmpty
        Add-KrJWTBearerAuthentication -Name 'WhatIfNew' @TestIds -HexadecimalKey $hexKey -WhatIf -PassThru | Should -BeNullOrEmpty
        @(Get-KrJWTBearerAuthentication).Count | Should -Be 0
        $first = Add-KrJWTBearerAuthentication -Name 'Kept' @TestIds -HexadecimalKey $hexKey -DisplayName 'first' -PassThru
        Add-KrJWTBearerAuthentication -Name 'Kept' @TestIds -HexadecimalKey $hexKey -DisplayName 'second' -Force -WhatIf
        (Get-KrJWTBearerAuthentication -Name 'Kept') | Should -Be $first
        @(Get-KrJWTBearerAuthentication).Name | Should -Be @('Kept')
        # -WhatIf still refuses a configuration that cannot work.
        { Add-KrJWTBearerAuthentication -Name 'Broken' -WhatIf } | Should -Throw
    }

    It '-Confirm:$false registers; the commands declare SupportsShouldProcess (Add: ConfirmImpact Low, Remove: Medium)' {
        Add-KrJWTBearerAuthentication -Name 'Confirmed' @TestIds -HexadecimalKey $hexKey -Confirm:$false
        (Get-KrJWTBearerAuthentication -Name 'Confirmed').Name | Should -BeExactly 'Confirmed'
        $add = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Add-KrJWTBearerAuthentication))
        $add.SupportsShouldProcess | Should -BeTrue
        $add.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Low)
        $remove = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name Remove-KrJWTBearerAuthentication))
        $remove.SupportsShouldProcess | Should -BeTrue
        $remove.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::Medium)
        (Get-Command -Name Add-KrJWTBearerAuthentication).Parameters.Keys | Should -Contain 'Force'
    }

    It 'takes imported keys with -SigningKey and -Key, the names New-KrJWTValidationParameter uses' {
        $key = [KrJwt.JwtKey]::FromHex($hexKey)
        try {
            Add-KrJWTBearerAuthentication -Name 'ByKey' @TestIds -Key $key
            Add-KrJWTBearerAuthentication -Name 'BySigningKey' @TestIds -SigningKey $key
            (Invoke-KrJWTBearerAuthentication -Name 'ByKey' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 200
            (Invoke-KrJWTBearerAuthentication -Name 'BySigningKey' -Authorization "Bearer $($built.Token)").StatusCode | Should -Be 200
        } finally {
            $key.Dispose()
        }
    }
}

Describe 'Get- and Remove-KrJWTBearerAuthentication' {
    BeforeAll {
        $hexKey = New-TestHexKey
    }
    AfterEach { Remove-TestSchemes }

    It 'lists every scheme sorted by name, filters by wildcard, errors on an unknown exact name' {
        'Zeta', 'Alpha', 'Api2' | ForEach-Object { Add-KrJWTBearerAuthentication -Name $_ @TestIds -HexadecimalKey $hexKey }
        (Get-KrJWTBearerAuthentication).Name | Should -Be @('Alpha', 'Api2', 'Zeta')
        (Get-KrJWTBearerAuthentication -Name 'a*').Name | Should -Be @('Alpha', 'Api2')
        { Get-KrJWTBearerAuthentication -Name 'Missing' -ErrorAction Stop } | Should -Throw -ErrorId 'KrJwt.SchemeNotFound*'
        Get-KrJWTBearerAuthentication -Name 'Nothing*' | Should -BeNullOrEmpty
    }

    It 'removes by name and by pipeline; -WhatIf removes nothing; an unknown name is an error' {
        'One', 'Two', 'Three' | ForEach-Object { Add-KrJWTBearerAuthentication -Name $_ @TestIds -HexadecimalKey $hexKey }
        Remove-KrJWTBearerAuthentication -Name 'One' -WhatIf
        (Get-KrJWTBearerAuthentication).Count | Should -Be 3
        (Remove-KrJWTBearerAuthentication -Name 'one' -PassThru).Name | Should -BeExactly 'One'
        Get-KrJWTBearerAuthentication -Name 'T*' | Remove-KrJWTBearerAuthentication
        Get-KrJWTBearerAuthentication | Should -BeNullOrEmpty
        { Remove-KrJWTBearerAuthentication -Name 'One' -ErrorAction Stop } | Should -Throw -ErrorId 'KrJwt.SchemeNotFound*'
    }

    It 'Invoke- refuses an unknown scheme and an unknown policy' {
        { Invoke-KrJWTBearerAuthentication -Name 'Nope' -Authorization 'Bearer x' } | Should -Throw -ErrorId 'KrJwt.SchemeNotFound*'
        Add-KrJWTBearerAuthentication -Name 'P' @TestIds -HexadecimalKey $hexKey
        { Invoke-KrJWTBearerAuthentication -Name 'P' -Authorization 'Bearer x' -Policy 'Nope' } | Should -Throw -ErrorId 'KrJwt.InvalidArgument*'
    }
}

Describe 'Invoke-KrJWTBearerAuthentication answers' {
    BeforeAll {
        $hexKey = New-TestHexKey
        $built = New-TestBearerToken -HexKey $hexKey -Role 'admin', 'ops'
        $userToken = (New-TestBearerToken -HexKey $hexKey -Subject 'user2' -Role 'user').Token
        $policies = @{
            AdminOnly = @{ ClaimType = 'role'; AllowedValues = @('admin') }
            RootOnly  = @{ ClaimType = 'ROLE'; AllowedValues = 'root' }
            HasName   = @{ ClaimType = $NameUri }
            HasRegion = @{ ClaimType = 'region' }
        }
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience' -HexadecimalKey $hexKey -ClaimPolicy $policies
        $answer = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($built.Token)"
    }
    AfterAll { Remove-TestSchemes }

    It 'a valid token succeeds with 200 and a JwtPrincipal' {
        $answer | Should -BeOfType ([KrJwt.JwtBearerAuthenticationResult])
        $answer.Succeeded | Should -BeTrue
        $answer.StatusCode | Should -Be 200
        $answer.Reason | Should -BeExactly 'Ok'
        $answer.WwwAuthenticate | Should -BeNullOrEmpty
        $answer.Error | Should -BeNullOrEmpty
        $answer.Scheme | Should -BeExactly 'Bearer'
        $answer.Principal | Should -BeOfType ([KrJwt.JwtPrincipal])
        $answer.Principal | Should -BeOfType ([System.Security.Claims.ClaimsPrincipal])
    }

    It 'the principal works as a ClaimsPrincipal: Identity.Name, IsInRole, authentication type, claim types' {
        $p = $answer.Principal
        $p.Identity.IsAuthenticated | Should -BeTrue
        $p.Identity.AuthenticationType | Should -BeExactly 'Bearer'
        $p.Identity.Name | Should -BeExactly 'user1'
        $p.Name | Should -BeExactly 'user1'
        $p.Subject | Should -BeExactly 'user1'
        $p.IsInRole('admin') | Should -BeTrue
        $p.IsInRole('ops') | Should -BeTrue
        $p.IsInRole('root') | Should -BeFalse
        $p.Roles | Should -Be @('admin', 'ops')
        $p.Identity.NameClaimType | Should -BeExactly $NameUri
        $p.Identity.RoleClaimType | Should -BeExactly $RoleUri
        $p.FindFirst($NameIdUri).Value | Should -BeExactly 'user1'
        $p.FindFirst($NameUri).Value | Should -BeExactly 'user1'
        @($p.FindAll($RoleUri).Value) | Should -Be @('admin', 'ops')
        $p.FindFirst('iss').Value | Should -BeExactly 'TestIssuer'
        $p.FindFirst($NameUri).Issuer | Should -BeExactly 'TestIssuer'
        $p.FindFirst('exp').ValueType | Should -BeExactly ([System.Security.Claims.ClaimValueTypes]::Integer64)
    }

    It 'PayloadJson is the validated payload, as Test-KrJWT returns it' {
        $validated = (Test-KrJWT -Token $built.Token -ValidationParameter (Get-KrJWTBearerAuthentication -Name 'Bearer').ValidationParameters -PassThru).Claims
        $payload = $answer.Principal.PayloadJson | ConvertFrom-Json -AsHashtable
        $payload.Keys | Sort-Object | Should -Be ($validated.Keys | Sort-Object)
        $payload['sub'] | Should -BeExactly 'user1'
        $payload['unique_name'] | Should -BeExactly 'user1'
        $payload['role'] | Should -Be @('admin', 'ops')
        $payload['exp'] | Should -Be $validated['exp']
        $answer.Principal.Payload['iss'] | Should -BeExactly 'TestIssuer'
        $answer.Principal.PayloadJson | Should -BeExactly (Get-TestTokenPart -Token $built.Token -Part Payload -Raw)
    }

    It 'Update-KrJWT -FromContext re-issues from the principal''s PayloadJson (the contract with renewal)' {
        $builder = New-TestBuilder -HexKey $hexKey
        $Context = [pscustomobject]@{ User = $answer.Principal }
        $renewed = $builder | Update-KrJWT -FromContext -PassThru
        $renewed.Token | Should -Not -BeExactly $built.Token
        $renewed.Subject | Should -BeExactly 'user1'
        $again = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($renewed.Token)"
        $again.StatusCode | Should -Be 200
        $again.Principal.Identity.Name | Should -BeExactly 'user1'
        $again.Principal.Roles | Should -Be @('admin', 'ops')
    }

    It 'accepts the scheme name in any case and surrounding blanks' -ForEach @(
        @{ Format = 'bearer {0}' }, @{ Format = 'BEARER {0}' }, @{ Format = "  Bearer`t{0}  " }
    ) {
        (Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization ($Format -f $built.Token)).StatusCode | Should -Be 200
    }

    It '<Case> -> <Status> <Reason>, challenge <Challenge>' -ForEach @(
        @{ Case = 'null'; Header = $null; Status = 401; Reason = 'MissingToken'; Challenge = 'Bearer' }
        @{ Case = 'empty'; Header = ''; Status = 401; Reason = 'MissingToken'; Challenge = 'Bearer' }
        @{ Case = 'blank'; Header = '   '; Status = 401; Reason = 'MissingToken'; Challenge = 'Bearer' }
        @{ Case = 'another scheme'; Header = 'Basic YWRtaW46cGFzc3dvcmQ='; Status = 401; Reason = 'MissingToken'; Challenge = 'Bearer' }
        @{ Case = 'scheme without token'; Header = 'Bearer'; Status = 400; Reason = 'InvalidArgument'; Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'two tokens'; Header = 'Bearer a.b.c d.e.f'; Status = 400; Reason = 'InvalidArgument'; Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'non-ASCII'; Header = "Bearer abc$([char] 0xe9)def"; Status = 400; Reason = 'InvalidArgument'; Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'NUL character'; Header = "Bearer abc$([char] 0)def"; Status = 400; Reason = 'InvalidArgument'; Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'not a JWT'; Header = 'Bearer not-a-token'; Status = 401; Reason = 'MalformedToken'; Challenge = 'Bearer error="invalid_token", error_description=*' }
        @{ Case = 'header over 16 KiB'; Header = 'Bearer ' + ('a' * 16400); Status = 400; Reason = 'TokenTooLarge'; Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = '1 MB header'; Header = 'Bearer ' + ('a' * 1MB); Status = 400; Reason = 'TokenTooLarge'; Challenge = 'Bearer error="invalid_request"*' }
    ) {
        $a = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization $Header
        $a.Succeeded | Should -BeFalse
        $a.StatusCode | Should -Be $Status
        $a.Reason | Should -BeExactly $Reason
        $a.WwwAuthenticate | Should -BeLike $Challenge
        $a.Principal | Should -BeNullOrEmpty
        $a.Error | Should -Not -BeNullOrEmpty
    }

    It 'a tampered, expired or foreign token -> 401 invalid_token with the reason' {
        $signature = [byte[]] (ConvertFrom-TestBase64Url -Text $built.Token.Split('.')[2])
        $signature[0] = $signature[0] -bxor 1
        $parts = $built.Token.Split('.')
        $tampered = $parts[0] + '.' + $parts[1] + '.' + (ConvertTo-TestBase64Url -Data $signature)
        $expired = (New-TestBuilder -HexKey $hexKey | Limit-KrJWTNotBefore -UtcBefore ([DateTime]::UtcNow.AddHours(-2)) |
                Limit-KrJWTValidity -Minutes 5 | Add-KrJWTSubject -Subject 'old' | Build-KrJWT).Token
        $otherAudience = (New-TestBearerToken -HexKey $hexKey -Audience 'Elsewhere').Token
        $otherKey = (New-TestBearerToken -HexKey (New-TestHexKey)).Token
        foreach ($case in @(
                @{ Token = $tampered; Reason = 'InvalidSignature' }
                @{ Token = $expired; Reason = 'TokenExpired' }
                @{ Token = $otherAudience; Reason = 'InvalidAudience' }
                @{ Token = $otherKey; Reason = 'InvalidSignature' }
            )) {
            $a = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($case.Token)"
            $a.StatusCode | Should -Be 401
            $a.Reason | Should -BeExactly $case.Reason
            $a.WwwAuthenticate | Should -BeLike 'Bearer error="invalid_token", error_description="*"'
            $a.WwwAuthenticate | Should -Not -Match ([regex]::Escape($case.Token))
        }
    }

    It 'a satisfied claim policy -> 200; an unsatisfied one -> 403 insufficient_scope with the principal' {
        $ok = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($built.Token)" -Policy 'AdminOnly'
        $ok.StatusCode | Should -Be 200
        $ok.Policy | Should -BeExactly 'AdminOnly'
        $no = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $userToken" -Policy 'adminonly'
        $no.StatusCode | Should -Be 403
        $no.Succeeded | Should -BeFalse
        $no.Reason | Should -BeExactly 'InsufficientScope'
        $no.WwwAuthenticate | Should -BeLike 'Bearer error="insufficient_scope"*'
        $no.Principal.Identity.Name | Should -BeExactly 'user2'
        $no.Policy | Should -BeExactly 'AdminOnly'
    }

    It 'policies: claim type case-insensitive, long URI, presence only' {
        (Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($built.Token)" -Policy 'RootOnly').StatusCode | Should -Be 403
        (Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($built.Token)" -Policy 'HasName').StatusCode | Should -Be 200
        (Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization "Bearer $($built.Token)" -Policy 'HasRegion').StatusCode | Should -Be 403
    }

    It 'an invalid token with a policy is still a 401, not a 403' {
        $a = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Authorization 'Bearer x.y.z' -Policy 'AdminOnly'
        $a.StatusCode | Should -Be 401
    }

    It 'takes header values from the pipeline, in order' {
        $codes = @("Bearer $($built.Token)", '', 'Bearer a b') | Invoke-KrJWTBearerAuthentication -Name 'Bearer' | ForEach-Object StatusCode
        $codes | Should -Be @(200, 401, 400)
    }

    It 'the answer and the principal never show the token' {
        $text = ($answer | Out-String -Width 4096) + ($answer | Format-List * | Out-String -Width 4096) + $answer.ToString() + $answer.Principal.ToString()
        $text | Should -Not -Match ([regex]::Escape($built.Token.Split('.')[2]))
    }

    It 'one scheme authenticates from many threads at once' {
        $scheme = Get-KrJWTBearerAuthentication -Name 'Bearer'
        $good = "Bearer $($built.Token)"
        $codes = 1..400 | ForEach-Object -ThrottleLimit 16 -Parallel {
            $header = if ($_ % 4 -eq 0) { 'Bearer bad.token.here' } else { $using:good }
            ($using:scheme).Authenticate($header, 'AdminOnly').StatusCode
        }
        @($codes | Where-Object { $_ -eq 200 }).Count | Should -Be 300
        @($codes | Where-Object { $_ -eq 401 }).Count | Should -Be 100
    }
}
