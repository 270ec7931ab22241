# The PowerShell conventions a Gallery user expects (issue 17): tab completion, readable objects (UTC dates
# with their zone, a small principal, ToString that says what an object is), conceptual help, the changelog.
# Confirmable state changes are tested in BearerAuthentication.Tests.ps1, names and help examples in
# Module.Tests.ps1.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    function Get-TestCompletion {
        <# What Tab offers at the end of $InputScript. #>
        param([Parameter(Mandatory)] [string] $InputScript)
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches.CompletionText)
    }

    $script:Hex = New-TestHexKey
    $script:Built = New-TestBuilder -HexKey $script:Hex | Add-KrJWTSubject -Subject 'user1' |
        Add-KrJWTClaim -UserClaimType Name -Value 'user1' | Add-KrJWTClaim -UserClaimType Role -Value 'admin' | Build-KrJWT
    $script:Signature = $script:Built.Token.Split('.')[2]
}

Describe 'Tab completion' {
    BeforeAll {
        Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter ($script:Built | Get-KrJWTValidationParameter) `
            -ClaimPolicy @{ AdminOnly = @{ ClaimType = 'role'; AllowedValues = @('admin') }; AnyRole = @{ ClaimType = 'role' } }
        Add-KrJWTBearerAuthentication -Name 'Backoffice' @TestIds -HexadecimalKey $script:Hex -ClaimPolicy @{ Staff = @{ ClaimType = 'role' } }
        Add-KrJWTBearerAuthentication -Name 'My Api' @TestIds -HexadecimalKey $script:Hex
    }
    AfterAll {
        Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication
    }

    It '-Name of <_> completes the registered scheme names (not file paths)' -ForEach @(
        'Get-KrJWTBearerAuthentication', 'Remove-KrJWTBearerAuthentication', 'Invoke-KrJWTBearerAuthentication', 'Add-KrJWTBearerAuthentication'
    ) {
        Get-TestCompletion "$_ -Name " | Should -Be @('Backoffice', 'Bearer', "'My Api'")
        Get-TestCompletion "$_ -Name b" | Should -Be @('Backoffice', 'Bearer')
        Get-TestCompletion "$_ -AuthenticationScheme Bea" | Should -Be @('Bearer')
        Get-TestCompletion "$_ -Name nothing" | Should -BeNullOrEmpty
    }

    It 'the positional name and a scheme added later complete too' {
        Get-TestCompletion 'Get-KrJWTBearerAuthentication B' | Should -Be @('Backoffice', 'Bearer')
        Add-KrJWTBearerAuthentication -Name 'Later' @TestIds -HexadecimalKey $script:Hex
        Get-TestCompletion 'Remove-KrJWTBearerAuthentication -Name L' | Should -Be @('Later')
        Remove-KrJWTBearerAuthentication -Name 'Later'
        # 'Lat', not 'L': with no scheme left PowerShell falls back to file names, and ./LICENSE starts with L.
        Get-TestCompletion 'Remove-KrJWTBearerAuthentication -Name Lat' | Should -BeNullOrEmpty
    }

    It 'Invoke-KrJWTBearerAuthentication -Policy completes the policies of the scheme named by -Name' {
        Get-TestCompletion 'Invoke-KrJWTBearerAuthentication -Name Bearer -Policy ' | Should -Be @('AdminOnly', 'AnyRole')
        Get-TestCompletion 'Invoke-KrJWTBearerAuthentication -Name Backoffice -Policy ' | Should -Be @('Staff')
        Get-TestCompletion 'Invoke-KrJWTBearerAuthentication -Policy A' | Should -Be @('AdminOnly', 'AnyRole')
    }

    It 'algorithm names complete for <Script>' -ForEach @(
        @{ Script = 'Protect-KrJWT -Algorithm '; Contains = @('HS256', 'RS256', 'ES256K', 'EdDSA') }
        @{ Script = 'New-KrJWTValidationParameter -ValidAlgorithms '; Contains = @('HS256', 'PS512', 'EdDSA') }
        @{ Script = 'Add-KrJWTBearerAuthentication -ValidAlgorithms '; Contains = @('HS384', 'ES512') }
        @{ Script = 'Protect-KrJWTPayload -KeyAlg '; Contains = @('dir', 'A128KW', 'RSA-OAEP-256', 'ECDH-ES+A256KW') }
        @{ Script = 'Protect-KrJWTPayload -EncAlg '; Contains = @('A256GCM', 'A128CBC-HS256') }
    ) {
        $offered = Get-TestCompletion $Script
        foreach ($name in $Contains) {
            $offered | Should -Contain $name
        }
        $offered | Should -Not -Contain 'none'
    }

    It 'key types, curves and key formats complete' {
        (Get-TestCompletion 'New-KrJWTKey -Type ') | Sort-Object | Should -Be @('EC', 'Ed25519', 'HMAC', 'RSA', 'secp256k1')
        Get-TestCompletion 'New-KrJWTKey -Curve P-' | Should -Be @('P-256', 'P-384', 'P-521')
        Get-TestCompletion '[KrJwt.JwtKeyFormat]::' | Should -Contain 'Pem'
        Get-TestCompletion 'Add-KrJWTClaim -UserClaimType ' | Should -Contain 'Role'
    }
}

Describe 'Objects a person can read' {
    BeforeAll {
        Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication
        Add-KrJWTBearerAuthentication -Name 'Readable' -ValidationParameter ($script:Built | Get-KrJWTValidationParameter) `
            -ClaimPolicy @{ AdminOnly = @{ ClaimType = 'role'; AllowedValues = @('admin') } }
        $script:Answer = Invoke-KrJWTBearerAuthentication -Name 'Readable' -Authorization "Bearer $($script:Built.Token)"
        $script:Info = Get-KrJWTInfo -Token $script:Built.Token
        $script:ZonePattern = '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z'
    }
    AfterAll {
        Get-KrJWTBearerAuthentication | Remove-KrJWTBearerAuthentication
    }

    It 'every date the module returns is a DateTime of kind Utc: <Case>' -ForEach @(
        @{ Case = 'JwtResult'; Get = { $script:Built } }
        @{ Case = 'JwtInfo'; Get = { $script:Info } }
        @{ Case = 'JwtInfo of a decrypted JWE'; Get = {
                $rsa = New-KrJWTKey -Type RSA
                $jwe = New-TestBuilder | Add-KrJWTSubject -Subject 'x' | Protect-KrJWTPayload -Key $rsa | Build-KrJWT
                Get-KrJWTInfo -Token $jwe.Token -DecryptionKey $rsa
            }
        }
    ) {
        $object = & $Get
        foreach ($name in 'IssuedAt', 'NotBefore', 'Expires') {
            $object.$name | Should -BeOfType ([DateTime])
            $object.$name.Kind | Should -Be ([DateTimeKind]::Utc) -Because "$Case.$name"
        }
    }

    It 'a builder''s absolute not-before is a UTC DateTime, whatever kind was given' {
        $local = [DateTime]::new(2026, 12, 1, 18, 30, 0, [DateTimeKind]::Local)
        $builder = New-TestIssuedBuilder | Limit-KrJWTNotBefore -UtcBefore $local
        $builder.NotBefore.Kind | Should -Be ([DateTimeKind]::Utc)
        $builder.NotBefore | Should -Be $local.ToUniversalTime()
        ($builder | Out-String) | Should -Match ("NotBefore\s+: " + [regex]::Escape($local.ToUniversalTime().ToString('yyyy-MM-dd HH:mm:ss') + 'Z'))
    }

    It 'the default views show dates with their zone: <Case>' -ForEach @(
        @{ Case = 'JwtResult'; Get = { $script:Built } }
        @{ Case = 'JwtInfo'; Get = { $script:Info } }
    ) {
        $object = & $Get
        $text = $object | Out-String -Width 4096
        foreach ($name in 'IssuedAt', 'NotBefore', 'Expires') {
            $expected = $object.$name.ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture) + 'Z'
            $text | Should -Match ("$name\s+: " + [regex]::Escape($expected))
        }
    }

    It '[KrJwt.Display]::Utc writes UTC with its zone for every kind' {
        [KrJwt.Display]::Utc([DateTime]::new(2026, 12, 1, 18, 30, 0, [DateTimeKind]::Utc)) | Should -BeExactly '2026-12-01 18:30:00Z'
        [KrJwt.Display]::Utc([DateTime]::new(2026, 12, 1, 18, 30, 0, [DateTimeKind]::Unspecified)) | Should -BeExactly '2026-12-01 18:30:00Z'
        $local = [DateTime]::new(2026, 12, 1, 18, 30, 0, [DateTimeKind]::Local)
        [KrJwt.Display]::Utc($local) | Should -BeExactly ($local.ToUniversalTime().ToString('yyyy-MM-dd HH:mm:ss') + 'Z')
        [KrJwt.Display]::Utc($null) | Should -BeExactly '-'
    }

    It 'the principal''s ConvertTo-Json stays under 4 KB (and so does the answer''s), with no warning' {
        $warnings = $null
        $json = $script:Answer.Principal | ConvertTo-Json -WarningVariable warnings
        $json.Length | Should -BeLessThan 4096
        $warnings | Should -BeNullOrEmpty
        $parsed = $json | ConvertFrom-Json
        $parsed.AuthenticationScheme | Should -BeExactly 'Readable'
        $parsed.Name | Should -BeExactly 'user1'
        $parsed.Subject | Should -BeExactly 'user1'
        $parsed.Roles | Should -Be @('admin')
        $parsed.IsAuthenticated | Should -BeTrue
        $parsed.Payload.sub | Should -BeExactly 'user1'
        $parsed.PSObject.Properties.Name | Should -Not -Contain 'PrincipalJson'
        $parsed.PSObject.Properties.Name | Should -Not -Contain 'Claims'
        (ConvertTo-Json -InputObject $script:Answer.Principal -Depth 10).Length | Should -BeLessThan 4096
        ($script:Answer | ConvertTo-Json -Depth 5).Length | Should -BeLessThan 4096
    }

    It 'the principal''s default view is small, and the hidden members stay readable' {
        ($script:Answer.Principal | Out-String).Length | Should -BeLessThan 4096
        ($script:Answer.Principal | Format-List * | Out-String).Length | Should -BeLessThan 4096
        $principal = $script:Answer.Principal
        $principal | Should -BeOfType ([System.Security.Claims.ClaimsPrincipal])
        $principal.Identity.Name | Should -BeExactly 'user1'
        $principal.IsInRole('admin') | Should -BeTrue
        @($principal.Claims).Count | Should -BeGreaterThan 0
        @($principal.Identities).Count | Should -Be 1
        $principal.PayloadJson | Should -Match '"sub":"user1"'
        $principal.PrincipalJson | Should -Match '"claims"'
        (Get-Member -InputObject $principal -MemberType Property).Name | Should -Not -Contain 'PrincipalJson'
        (Get-Member -InputObject $principal -MemberType Property -Force).Name | Should -Contain 'PrincipalJson'
    }

    It 'ToString() of <Case> says what it is and shows no secret, token or signature' -ForEach @(
        @{ Case = 'a builder'; Get = { New-TestBuilder -HexKey $script:Hex }; Like = 'KrJwt builder HS256 iss=TestIssuer aud=TestAudience' }
        @{ Case = 'a result'; Get = { $script:Built }; Like = 'KrJwt result HS256 iss=TestIssuer sub=user1 exp=????-??-?? ??:??:??Z' }
        @{ Case = 'an info'; Get = { $script:Info }; Like = 'KrJwt info (unvalidated) JWT HS256 iss=TestIssuer sub=user1 exp=????-??-?? ??:??:??Z' }
        @{ Case = 'validation parameters'; Get = { $script:Built | Get-KrJWTValidationParameter }; Like = 'KrJwt validation parameters iss=`[TestIssuer`] aud=`[TestAudience`] alg=`[HS256`] skew=00:01:00' }
        @{ Case = 'a validation outcome'; Get = { $script:Built | Test-KrJWT -Token $script:Built.Token -PassThru }; Like = 'KrJwt validation outcome Valid' }
        @{ Case = 'a failed validation outcome'; Get = { $script:Built | Test-KrJWT -Token (Get-TestTamperedToken -Token $script:Built.Token) -PassThru }; Like = 'KrJwt validation outcome Invalid (InvalidSignature)' }
        @{ Case = 'a key'; Get = { [KrJwt.JwtKey]::FromHex($script:Hex) }; Like = 'KrJwt key oct 256 bits' }
        @{ Case = 'a key description'; Get = { ($script:Built | Get-KrJWTValidationParameter).Keys[0] }; Like = 'KrJwt key description oct/256 HS256' }
        @{ Case = 'a bearer scheme'; Get = { Get-KrJWTBearerAuthentication -Name 'Readable' }; Like = 'KrJwt bearer scheme Readable (JWT Bearer Authentication) policies=`[AdminOnly`]' }
        @{ Case = 'a claim policy'; Get = { (Get-KrJWTBearerAuthentication -Name 'Readable').ClaimPolicies['AdminOnly'] }; Like = 'KrJwt claim policy AdminOnly: role in `[admin`]' }
        @{ Case = 'a bearer answer'; Get = { $script:Answer }; Like = 'KrJwt bearer result 200 Ok (user1)' }
        @{ Case = 'a principal'; Get = { $script:Answer.Principal }; Like = 'KrJwt principal Readable name=user1 sub=user1 roles=`[admin`]' }
        @{ Case = 'encryption settings'; Get = { (New-TestBuilder | Protect-KrJWTPayload -HexadecimalKey (New-TestHexKey) -KeyAlg dir).Encryption }; Like = 'KrJwt encryption dir + A256GCM' }
    ) {
        $text = (& $Get).ToString()
        $text | Should -BeLike $Like
        $text | Should -Not -Match ([regex]::Escape($script:Hex))
        $text | Should -Not -Match ([regex]::Escape($script:Signature))
        $text | Should -Not -Match ([regex]::Escape($script:Built.Token.Split('.')[1]))
    }
}

Describe 'Conceptual help' {
    It 'Get-Help about_KrJwt returns the topic after Import-Module' {
        $topic = Get-Help -Name about_KrJwt
        $topic | Should -Not -BeNullOrEmpty
        $text = $topic | Out-String
        $text | Should -Match 'about_KrJwt'
        foreach ($section in 'THE BUILDER PIPELINE', 'KEYS', 'VALIDATION DEFAULTS AND HOW TO OPT OUT', 'BEARER SCHEMES',
            'REMOTE KEY SOURCES', 'VALIDATION EVENTS', 'TROUBLESHOOTING') {
            $text | Should -Match ([regex]::Escape($section))
        }
        # Not yet implemented features are announced, not described; remote key sources exist (issue 13).
        $text | Should -Not -Match 'REMOTE KEY SOURCES\s+Coming:'
        $text | Should -Match 'REMOTE KEY SOURCES\s+Validation parameters can take their keys from your identity provider'
        foreach ($name in 'Get-KrJWTKeySource', 'Update-KrJWTKeySource', '-Authority', '-JwksStaleIfError', 'KeySourceUnavailable') {
            $text | Should -Match ([regex]::Escape($name))
        }
        # Validation events exist (issue 14).
        $text | Should -Not -Match 'VALIDATION EVENTS\s+Coming:'
        $text | Should -Match 'VALIDATION EVENTS\s+The native library observes every validation'
        foreach ($name in 'Get-KrJWTValidationStatistic', '-LogPath', '-LogSuccess', '-LogSubject', '-ReplayDetection', 'tag KrJwt', '/metrics') {
            $text | Should -Match ([regex]::Escape($name))
        }
        # The guide's troubleshooting table.
        $text | Should -Match 'Copy-KrJWTTokenBuilder per request'
    }

    It 'the topic ships in the module''s en-US folder and names only commands that exist' {
        $path = Join-Path -Path (Get-Module -Name KrJwt).ModuleBase -ChildPath 'en-US/about_KrJwt.help.txt'
        Test-Path -LiteralPath $path -PathType Leaf | Should -BeTrue
        $exported = (Get-Command -Module KrJwt).Name
        foreach ($name in [regex]::Matches((Get-Content -LiteralPath $path -Raw), '\b[A-Z][a-z]+-Kr[A-Za-z]+\b').Value | Sort-Object -Unique) {
            $exported | Should -Contain $name -Because "about_KrJwt names $name"
        }
    }
}

Describe 'Changelog' {
    BeforeAll {
        $script:Changelog = Get-Content -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'CHANGELOG.md') -Raw
        $script:Manifest = Import-PowerShellDataFile -Path $script:ModuleManifest
    }

    It 'CHANGELOG.md follows Keep a Changelog: an Unreleased section, then one per version, newest first' {
        $headings = [regex]::Matches($script:Changelog, '(?m)^## \[(?<v>[^\]]+)\]').ForEach({ $_.Groups['v'].Value })
        $headings[0] | Should -BeExactly 'Unreleased'
        $headings | Should -Contain $script:Manifest.ModuleVersion
        $script:Changelog | Should -Match ('(?m)^## \[' + [regex]::Escape($script:Manifest.ModuleVersion) + '\] - \d{4}-\d{2}-\d{2}$')
        foreach ($kind in [regex]::Matches($script:Changelog, '(?m)^### (.+)$').ForEach({ $_.Groups[1].Value.Trim() })) {
            $kind | Should -BeIn @('Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security')
        }
    }

    It 'the manifest''s ReleaseNotes are the changelog''s top section, word for word' {
        $lines = $script:Changelog -split '\r?\n'
        $first = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l.StartsWith('## ') })
        $next = [array]::FindIndex($lines, $first + 1, [Predicate[string]] { param($l) $l.StartsWith('## ') })
        $top = ($lines[$first..($next - 1)] -join "`n").Trim()
        $notes = ($script:Manifest.PrivateData.PSData.ReleaseNotes -split '\r?\n' -join "`n").Trim()
        $notes | Should -BeExactly $top
        (Get-Module -Name KrJwt).ReleaseNotes.Trim() -split '\r?\n' -join "`n" | Should -BeExactly $top
    }
}
