BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
}

Describe 'Builder cmdlets change the builder in place' {
    It '<Command> emits the same builder object it received' -TestCases @(
        @{ Command = 'Add-KrJWTIssuer'; Arguments = @{ Issuer = 'I' } }
        @{ Command = 'Add-KrJWTAudience'; Arguments = @{ Audience = 'A' } }
        @{ Command = 'Add-KrJWTSubject'; Arguments = @{ Subject = 'S' } }
        @{ Command = 'Add-KrJWTClaim'; Arguments = @{ ClaimType = 'c'; Value = 1 } }
        @{ Command = 'Add-KrJWTHeader'; Arguments = @{ Name = 'x-h'; Value = 'v' } }
        @{ Command = 'Protect-KrJWT'; Arguments = @{ HexadecimalKey = ('ab' * 32) } }
        @{ Command = 'Limit-KrJWTValidity'; Arguments = @{ Minutes = 5 } }
        @{ Command = 'Limit-KrJWTNotBefore'; Arguments = @{ Seconds = 5 } }
    ) {
        $builder = New-KrJWTBuilder
        $emitted = $builder | & $Command @Arguments
        [object]::ReferenceEquals($emitted, $builder) | Should -BeTrue
    }

    It '$b | Add-KrJWTIssuer changes $b itself' {
        $b = New-KrJWTBuilder
        $null = $b | Add-KrJWTIssuer -Issuer 'X'
        $b.Issuer | Should -BeExactly 'X'
    }

    It 'a fresh builder has no issuer, audience or subject and a one hour lifetime' {
        $b = New-KrJWTBuilder
        $b | Should -BeOfType ([KrJwt.JwtBuilder])
        $b.Issuer | Should -BeNullOrEmpty
        $b.Audiences | Should -HaveCount 0
        $b.Subject | Should -BeNullOrEmpty
        $b.IsProtected | Should -BeFalse
        $b.Lifetime | Should -Be ([TimeSpan]::FromHours(1))
    }

    It 'New-KrJWTTokenBuilder is an alias of New-KrJWTBuilder' {
        (Get-Alias -Name New-KrJWTTokenBuilder).ResolvedCommandName | Should -BeExactly 'New-KrJWTBuilder'
        New-KrJWTTokenBuilder | Should -BeOfType ([KrJwt.JwtBuilder])
    }

    It 'the last issuer wins' {
        $built = New-TestBuilder -Issuer 'First' | Add-KrJWTIssuer -Issuer 'Second' | Build-KrJWT
        (Get-TestTokenPart -Token $built.Token -Part Payload).iss | Should -BeExactly 'Second'
    }

    It 'the last subject wins and sub stays a string' {
        $built = New-TestBuilder | Add-KrJWTSubject -Subject 'a' | Add-KrJWTSubject -Subject 'b' | Build-KrJWT
        (Get-TestTokenPart -Token $built.Token -Part Payload).sub | Should -BeExactly 'b'
    }

    It 'Build-KrJWT leaves the builder usable for another build' {
        $builder = New-TestBuilder | Add-KrJWTSubject -Subject 'u'
        $first = $builder | Build-KrJWT
        $second = $builder | Build-KrJWT
        $first.Subject | Should -BeExactly 'u'
        $second.Subject | Should -BeExactly 'u'
        $builder.Subject | Should -BeExactly 'u'
    }
}

Describe 'Audiences' {
    It 'one audience is written as a string' {
        $built = New-TestBuilder -Audience 'Only' | Build-KrJWT
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        $payload.aud | Should -BeOfType ([string])
        $payload.aud | Should -BeExactly 'Only'
        Get-TestTokenPart -Token $built.Token -Part Payload -Raw | Should -Match '"aud":"Only"'
    }

    It 'several audiences from repeated calls are written as an array, in order' {
        $built = New-KrJWTBuilder |
            Add-KrJWTIssuer -Issuer 'IssuerA' |
            Add-KrJWTAudience -Audience 'ClientA' |
            Add-KrJWTAudience -Audience 'ClientB' |
            Protect-KrJWT -HexadecimalKey (New-TestHexKey) |
            Build-KrJWT
        Get-TestTokenPart -Token $built.Token -Part Payload -Raw | Should -Match '"aud":\["ClientA","ClientB"\]'
        $built.Audiences | Should -Be @('ClientA', 'ClientB')
    }

    It 'several audiences in one call are all added' {
        $builder = New-KrJWTBuilder | Add-KrJWTAudience -Audience 'A', 'B', 'C'
        $builder.Audiences | Should -Be @('A', 'B', 'C')
    }

    It 'a token for either audience validates against a validator from the other result' {
        $hexKey = New-TestHexKey
        $both = New-TestBuilder -HexKey $hexKey -Audience 'A', 'B' | Build-KrJWT
        $onlyB = New-TestBuilder -HexKey $hexKey -Audience 'B' | Build-KrJWT
        $both | Test-KrJWT -Token $onlyB.Token | Should -BeTrue
    }
}

Describe 'Claims' {
    It 'UserClaimType Name is written as unique_name' {
        $built = New-TestBuilder | Add-KrJWTClaim -UserClaimType Name -Value 'user42' | Build-KrJWT
        $payload = Get-TestTokenPart -Token $built.Token -Part Payload
        $payload.unique_name | Should -BeExactly 'user42'
        $payload.PSObject.Properties.Name | Should -Not -Contain 'Name'
    }

    It 'UserClaimType Role is written as role; a repeated claim becomes an array' {
        $built = New-TestBuilder |
            Add-KrJWTClaim -UserClaimType Role -Value 'admin' |
            Add-KrJWTClaim -UserClaimType Role -Value 'ops' |
            Build-KrJWT
        Get-TestTokenPart -Token $built.Token -Part Payload -Raw | Should -Match '"role":\["admin","ops"\]'
    }

    It 'UserClaimType <Member> is written as <JwtName>' -TestCases @(
        @{ Member = 'EmailAddress'; JwtName = 'email' }
        @{ Member = 'GivenName'; JwtName = 'given_name' }
        @{ Member = 'Surname'; JwtName = 'family_name' }
        @{ Member = 'NameIdentifier'; JwtName = 'nameid' }
        @{ Member = 'Upn'; JwtName = 'upn' }
    ) {
        $built = New-TestBuilder | Add-KrJWTClaim -UserClaimType $Member -Value 'v' | Build-KrJWT
        (Get-TestTokenPart -Token $built.Token -Part Payload).$JwtName | Should -BeExactly 'v'
    }

    It 'UserClaimType is an enum with the Kestrun members, so it tab-completes' {
        $parameter = (Get-Command -Name Add-KrJWTClaim).Parameters['UserClaimType']
        $parameter.ParameterType | Should -Be ([KrJwt.UserIdentityClaim])
        [Enum]::GetNames([KrJwt.UserIdentityClaim]) | Should -Contain 'Name'
        [Enum]::GetNames([KrJwt.UserIdentityClaim]) | Should -Contain 'Role'
        [Enum]::GetNames([KrJwt.UserIdentityClaim]) | Should -HaveCount 57
        [int] [KrJwt.UserIdentityClaim]::Actor | Should -Be 0
        $completions = TabExpansion2 -inputScript 'Add-KrJWTClaim -UserClaimType Rol' -cursorColumn 33
        $completions.CompletionMatches.CompletionText | Should -Contain 'Role'
    }

    It 'keeps the JSON type of the value: <Name>' -TestCases @(
        @{ Name = 'string'; Value = 'us-east-1'; Json = '"us-east-1"' }
        @{ Name = 'integer'; Value = 42; Json = '42' }
        @{ Name = 'double'; Value = 1.5; Json = '1.5' }
        @{ Name = 'boolean'; Value = $true; Json = 'true' }
        @{ Name = 'array'; Value = @('a', 'b'); Json = '["a","b"]' }
        @{ Name = 'one-element array'; Value = @(7); Json = '[7]' }
        @{ Name = 'hashtable'; Value = [ordered]@{ plan = 'gold'; seats = 3 }; Json = '{"plan":"gold","seats":3}' }
        @{ Name = 'quote and unicode'; Value = 'say "hi" ü'; Json = '"say \"hi\" ü"' }
    ) {
        $built = New-TestBuilder | Add-KrJWTClaim -ClaimType 'c' -Value $Value | Build-KrJWT
        Get-TestTokenPart -Token $built.Token -Part Payload -Raw | Should -Match ('"c":' + [regex]::Escape($Json) + '[,}]')
    }

    It 'custom claims appear in the result Claims, registered ones do not' {
        $built = New-TestBuilder | Add-KrJWTSubject -Subject 's' | Add-KrJWTClaim -ClaimType 'region' -Value 'eu' | Build-KrJWT
        $built.Claims['region'] | Should -BeExactly 'eu'
        $built.Claims.Contains('sub') | Should -BeFalse
        $built.Claims.Contains('exp') | Should -BeFalse
        $built.Payload.Contains('exp') | Should -BeTrue
    }
}

Describe 'Headers' {
    It 'Add-KrJWTHeader writes an extra header member and the token still validates' {
        $built = New-TestBuilder | Add-KrJWTHeader -Name 'x-tenant' -Value 'contoso' | Build-KrJWT
        (Get-TestTokenPart -Token $built.Token -Part Header).'x-tenant' | Should -BeExactly 'contoso'
        $built.Header['x-tenant'] | Should -BeExactly 'contoso'
        $built | Test-KrJWT -Token $built.Token | Should -BeTrue
    }

    It 'refuses to set alg' {
        { New-KrJWTBuilder | Add-KrJWTHeader -Name 'alg' -Value 'none' } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTHeader'
    }
}

Describe 'Copy-KrJWTTokenBuilder' {
    BeforeAll {
        $hexKey = New-TestHexKey
    }

    It 'returns a different builder with the same settings' {
        $original = New-TestBuilder -HexKey $hexKey | Add-KrJWTSubject -Subject 'u' | Add-KrJWTClaim -ClaimType 'c' -Value 1
        $copy = Copy-KrJWTTokenBuilder -Builder $original
        [object]::ReferenceEquals($copy, $original) | Should -BeFalse
        $copy.Issuer | Should -BeExactly $original.Issuer
        $copy.Audiences | Should -Be $original.Audiences
        $copy.Subject | Should -BeExactly 'u'
        $copy.Algorithm | Should -BeExactly 'HS256'
        $copy.Claims.Count | Should -Be 1
    }

    It 'changing the copy leaves the original unchanged' {
        $original = New-TestBuilder -HexKey $hexKey -Issuer 'Orig' -Audience 'AudOrig' |
            Add-KrJWTSubject -Subject 'orig' |
            Add-KrJWTClaim -ClaimType 'c' -Value 'orig' |
            Add-KrJWTHeader -Name 'x-h' -Value 'orig'
        $copy = $original | Copy-KrJWTTokenBuilder |
            Add-KrJWTIssuer -Issuer 'Copy' |
            Add-KrJWTAudience -Audience 'AudCopy' |
            Add-KrJWTSubject -Subject 'copy' |
            Add-KrJWTClaim -ClaimType 'c' -Value 'copy' |
            Add-KrJWTClaim -UserClaimType Role -Value 'admin' |
            Add-KrJWTHeader -Name 'x-h' -Value 'copy' |
            Limit-KrJWTValidity -Minutes 5 |
            Protect-KrJWT -HexadecimalKey (New-TestHexKey -Bytes 64)

        $original.Issuer | Should -BeExactly 'Orig'
        $original.Audiences | Should -Be @('AudOrig')
        $original.Subject | Should -BeExactly 'orig'
        $original.Claims.Count | Should -Be 1
        $original.Headers['x-h'] | Should -BeExactly 'orig'
        $original.Lifetime | Should -Be ([TimeSpan]::FromHours(1))
        $original.Algorithm | Should -BeExactly 'HS256'

        $payload = Get-TestTokenPart -Token ($original | Build-KrJWT).Token -Part Payload
        $payload.iss | Should -BeExactly 'Orig'
        $payload.aud | Should -BeExactly 'AudOrig'
        $payload.c | Should -BeExactly 'orig'
        $payload.PSObject.Properties.Name | Should -Not -Contain 'role'

        $copyPayload = Get-TestTokenPart -Token ($copy | Build-KrJWT).Token -Part Payload
        $copyPayload.iss | Should -BeExactly 'Copy'
        $copyPayload.aud | Should -Be @('AudOrig', 'AudCopy')
        $copyPayload.c | Should -Be @('orig', 'copy')
    }

    It 'follows the guide: copy per request, then build' {
        $b = New-TestBuilder -HexKey $hexKey
        $token = Copy-KrJWTTokenBuilder -Builder $b |
            Add-KrJWTSubject -Subject 'alice' |
            Add-KrJWTClaim -UserClaimType Role -Value 'admin' |
            Build-KrJWT | Get-KrJWTToken
        (Get-TestTokenPart -Token $token -Part Payload).sub | Should -BeExactly 'alice'
        $b.Subject | Should -BeNullOrEmpty
        $b.Claims.Count | Should -Be 0
    }
}
