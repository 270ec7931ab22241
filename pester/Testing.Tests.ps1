# KrJwt for Pester (issue 16): the Should operators (-BeValidKrJWT, -HaveKrJWTClaim, -BeKrJWTSignedWith) with
# their pass and fail messages asserted exactly, -Not and -Because included, and the hostile test tokens
# (New-KrJWTTestToken, Get-KrJWTTestTokenSet): each refused by KrJwt's validation with its expected reason,
# each differing from a valid token only where its defect says. The example API run is ExampleApi.Tests.ps1.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    function Get-TestFailure {
        <# The failure message of a Should that must fail. #>
        param([Parameter(Mandatory, Position = 0)] [scriptblock] $Assertion)
        (Get-TestError $Assertion).Exception.Message
    }

    $script:EcKey = New-KrJWTKey -Type EC
    $script:EcBuilder = New-TestIssuedBuilder | Add-KrJWTSubject -Subject 'user1' | Protect-KrJWT -Key $script:EcKey -KeyId 'ec-1'
    $script:Built = $script:EcBuilder | Add-KrJWTClaim -ClaimType 'role' -Value 'admin' | Add-KrJWTClaim -ClaimType 'level' -Value 42 | Build-KrJWT
    $script:Token = $script:Built.Token
    $script:Validation = $script:Built | Get-KrJWTValidationParameter
    $script:WrongIssuer = New-KrJWTTestToken -Builder $script:EcBuilder -Defect WrongIssuer
}

Describe 'Should -BeValidKrJWT' {
    It 'passes for a valid token, given as a string, a build result or a test token object' {
        $script:Token | Should -BeValidKrJWT -ValidationParameter $script:Validation
        $script:Built | Should -BeValidKrJWT -ValidationParameter $script:Validation
        [pscustomobject]@{ Token = $script:Token } | Should -BeValidKrJWT -ValidationParameter $script:Validation
    }

    It 'fails with the reason and the claim involved' {
        Get-TestFailure { $script:WrongIssuer | Should -BeValidKrJWT -ValidationParameter $script:Validation } |
            Should -BeExactly "Expected the token to be valid, but it was refused with InvalidIssuer: issuer 'TestIssuer-wrong' is not accepted."
    }

    It 'fails with the reason and the times involved' {
        $expired = New-KrJWTTestToken -Builder $script:EcBuilder -Defect Expired
        $exp = (Get-KrJWTInfo -Token $expired).Expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
        $message = Get-TestFailure { $expired | Should -BeValidKrJWT -ValidationParameter $script:Validation }
        $message | Should -Match ('^Expected the token to be valid, but it was refused with TokenExpired: the token expired at ' +
            [regex]::Escape($exp) + ' \(now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, clock skew 60 s\)\.$')
    }

    It '-Because comes after the expectation, as in Pester''s own operators' {
        Get-TestFailure { $script:WrongIssuer | Should -BeValidKrJWT -ValidationParameter $script:Validation -Because 'the API issued it' } |
            Should -BeExactly "Expected the token to be valid, because the API issued it, but it was refused with InvalidIssuer: issuer 'TestIssuer-wrong' is not accepted."
        # A leading 'because' is not doubled (Pester's Format-Because).
        Get-TestFailure { $script:WrongIssuer | Should -BeValidKrJWT -ValidationParameter $script:Validation -Because 'because the API issued it' } |
            Should -BeExactly "Expected the token to be valid, because the API issued it, but it was refused with InvalidIssuer: issuer 'TestIssuer-wrong' is not accepted."
    }

    It '-Not passes for a refused token and fails for a valid one' {
        $script:WrongIssuer | Should -Not -BeValidKrJWT -ValidationParameter $script:Validation
        'not.a.token' | Should -Not -BeValidKrJWT -ValidationParameter $script:Validation
        Get-TestFailure { $script:Token | Should -Not -BeValidKrJWT -ValidationParameter $script:Validation } |
            Should -BeExactly 'Expected the token to be refused, but it is valid.'
        Get-TestFailure { $script:Built | Should -Not -BeValidKrJWT -ValidationParameter $script:Validation -Because 'it is forged' } |
            Should -BeExactly 'Expected the token to be refused, because it is forged, but it is valid.'
    }

    It 'fails for a value that is no token, with -Not too' {
        Get-TestFailure { 42 | Should -BeValidKrJWT -ValidationParameter $script:Validation } |
            Should -BeExactly "Expected the token to be valid, but got a value of type 'System.Int32' (pipe a token string or an object with a Token property, such as a Build-KrJWT result)."
        Get-TestFailure { $null | Should -Not -BeValidKrJWT -ValidationParameter $script:Validation } |
            Should -BeExactly 'Expected the token to be refused, but got $null (pipe a token string or an object with a Token property, such as a Build-KrJWT result).'
        Get-TestFailure { Should -ActualValue @('a', 'b') -Not -BeValidKrJWT -ValidationParameter $script:Validation } |
            Should -BeExactly 'Expected the token to be refused, but got 2 values (pipe one token).'
    }

    It 'without validation parameters is a usage error, not a verdict' {
        $record = Get-TestError { $script:Token | Should -BeValidKrJWT }
        $record.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ShouldUsage'
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -BeExactly 'Should -BeValidKrJWT needs -ValidationParameter with validation parameters from New-KrJWTValidationParameter or Get-KrJWTValidationParameter; none was given.'
        (Get-TestError { $script:Token | Should -Not -BeValidKrJWT -ValidationParameter 'x' }).Exception.Message |
            Should -BeExactly "Should -BeValidKrJWT needs -ValidationParameter with validation parameters from New-KrJWTValidationParameter or Get-KrJWTValidationParameter; got a value of type 'System.String'."
    }
}

Describe 'Should -HaveKrJWTClaim' {
    It 'passes for a present claim, a value, a number and a member of an array claim' {
        $script:Token | Should -HaveKrJWTClaim -Name role
        $script:Token | Should -HaveKrJWTClaim -Name role -Value admin
        $script:Built | Should -HaveKrJWTClaim -Name level -Value 42
        $script:Token | Should -HaveKrJWTClaim -Name sub -Value 'user1'
        $roles = New-TestBuilder | Add-KrJWTClaim -ClaimType 'role' -Value 'admin' | Add-KrJWTClaim -ClaimType 'role' -Value 'reader' | Build-KrJWT
        $roles | Should -HaveKrJWTClaim -Name role -Value reader
        $roles | Should -Not -HaveKrJWTClaim -Name role -Value writer
    }

    It 'fails for a missing claim, naming the claims there are' {
        Get-TestFailure { $script:Token | Should -HaveKrJWTClaim -Name department } |
            Should -BeExactly "Expected the token to have the claim 'department', but it has none (its claims: iss, sub, aud, role, level, nbf, exp, iat)."
        Get-TestFailure { $script:Token | Should -HaveKrJWTClaim -Name department -Value 'sales' -Because 'sales staff only' } |
            Should -BeExactly "Expected the token's claim 'department' to be `"sales`", because sales staff only, but it has no such claim (its claims: iss, sub, aud, role, level, nbf, exp, iat)."
    }

    It 'fails for another value, showing it as JSON' {
        Get-TestFailure { $script:Token | Should -HaveKrJWTClaim -Name role -Value reader } |
            Should -BeExactly "Expected the token's claim 'role' to be `"reader`", but it is `"admin`"."
        # Values compare as the token writes them: the number 42 is not the text '42'.
        Get-TestFailure { $script:Token | Should -HaveKrJWTClaim -Name level -Value '42' } |
            Should -BeExactly "Expected the token's claim 'level' to be `"42`", but it is 42."
        Get-TestFailure { $script:Token | Should -HaveKrJWTClaim -Name role -Value Admin } |
            Should -BeExactly "Expected the token's claim 'role' to be `"Admin`", but it is `"admin`"."
    }

    It '-Not fails when the claim is there (or has the value), passes otherwise' {
        $script:Token | Should -Not -HaveKrJWTClaim -Name department
        $script:Token | Should -Not -HaveKrJWTClaim -Name role -Value reader
        $script:Token | Should -Not -HaveKrJWTClaim -Name department -Value reader
        Get-TestFailure { $script:Token | Should -Not -HaveKrJWTClaim -Name role } |
            Should -BeExactly "Expected the token not to have the claim 'role', but it has it: `"admin`"."
        Get-TestFailure { $script:Token | Should -Not -HaveKrJWTClaim -Name role -Value admin -Because 'admins are refused' } |
            Should -BeExactly "Expected the token's claim 'role' not to be `"admin`", because admins are refused, but it is `"admin`"."
    }

    It 'fails for a token that does not decode, with -Not too' {
        $decodeError = (Get-TestError { Get-KrJWTInfo -Token 'not.a.token' }).Exception.Message
        Get-TestFailure { 'not.a.token' | Should -HaveKrJWTClaim -Name role } |
            Should -BeExactly "Expected the token to have the claim 'role', but the token does not decode: $($decodeError.TrimEnd('.'))."
        Get-TestFailure { 'not.a.token' | Should -Not -HaveKrJWTClaim -Name role } |
            Should -BeExactly "Expected the token not to have the claim 'role', but the token does not decode: $($decodeError.TrimEnd('.'))."
    }

    It 'fails for an encrypted token, whose claims it cannot read' {
        $encrypted = New-TestBuilder | Protect-KrJWTPayload -Key (New-KrJWTKey -Type EC) | Build-KrJWT
        Get-TestFailure { $encrypted | Should -Not -HaveKrJWTClaim -Name role } |
            Should -BeExactly "Expected the token not to have the claim 'role', but the token is encrypted (its claims cannot be read without the key)."
    }

    It 'needs -Name' {
        (Get-TestError { $script:Token | Should -HaveKrJWTClaim }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ShouldUsage'
    }
}

Describe 'Should -BeKrJWTSignedWith' {
    It 'passes for the header''s algorithm and key id' {
        $script:Token | Should -BeKrJWTSignedWith -Algorithm ES256
        $script:Built | Should -BeKrJWTSignedWith -Algorithm ES256 -KeyId 'ec-1'
        $script:Token | Should -Not -BeKrJWTSignedWith -Algorithm HS256
        $script:Token | Should -Not -BeKrJWTSignedWith -Algorithm ES256 -KeyId 'ec-2'
    }

    It 'fails for another algorithm or key id, saying what the header says' {
        Get-TestFailure { $script:Token | Should -BeKrJWTSignedWith -Algorithm RS256 } |
            Should -BeExactly 'Expected the token to be signed with RS256, but its header says ES256.'
        # JWS names are case-sensitive.
        Get-TestFailure { $script:Token | Should -BeKrJWTSignedWith -Algorithm es256 } |
            Should -BeExactly 'Expected the token to be signed with es256, but its header says ES256.'
        Get-TestFailure { $script:Token | Should -BeKrJWTSignedWith -Algorithm ES256 -KeyId 'ec-2' -Because 'keys rotated' } |
            Should -BeExactly "Expected the token to be signed with ES256 and key id 'ec-2', because keys rotated, but its header says ES256 and key id 'ec-1'."
        $hmac = New-TestBuilder | Build-KrJWT
        Get-TestFailure { $hmac | Should -BeKrJWTSignedWith -Algorithm HS256 -KeyId 'k' } |
            Should -BeExactly "Expected the token to be signed with HS256 and key id 'k', but its header says HS256 and no key id."
    }

    It '-Not fails when the header matches' {
        Get-TestFailure { $script:Token | Should -Not -BeKrJWTSignedWith -Algorithm ES256 -Because 'ES256 is retired' } |
            Should -BeExactly 'Expected the token not to be signed with ES256, because ES256 is retired, but its header says ES256.'
        Get-TestFailure { $script:Token | Should -Not -BeKrJWTSignedWith -Algorithm ES256 -KeyId 'ec-1' } |
            Should -BeExactly "Expected the token not to be signed with ES256 and key id 'ec-1', but its header says ES256 and key id 'ec-1'."
    }

    It 'fails for a value that is no token, and needs -Algorithm' {
        Get-TestFailure { $null | Should -Not -BeKrJWTSignedWith -Algorithm ES256 } |
            Should -BeExactly 'Expected the token not to be signed with ES256, but got $null (pipe a token string or an object with a Token property, such as a Build-KrJWT result).'
        (Get-TestError { $script:Token | Should -BeKrJWTSignedWith }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.ShouldUsage'
    }
}

Describe 'Add-KrJWTShouldOperator' {
    It 'is idempotent and names the operators' {
        Add-KrJWTShouldOperator
        (Add-KrJWTShouldOperator -PassThru).Name | Should -Be @('BeValidKrJWT', 'HaveKrJWTClaim', 'BeKrJWTSignedWith')
        @(Get-ShouldOperator | Where-Object Name -Like '*KrJWT*').Name | Sort-Object | Should -Be @('BeKrJWTSignedWith', 'BeValidKrJWT', 'HaveKrJWTClaim')
    }

    It 'importing KrJwt after Pester registers them; without Pester, the command fails clearly and the import is quiet' {
        $pester = Join-Path -Path (Get-Module -Name Pester).ModuleBase -ChildPath 'Pester.psd1'
        $with = & (Get-TestPwshPath) -NoProfile -NonInteractive -Command "Import-Module '$pester'; Import-Module '$script:ModuleManifest'; @(Get-ShouldOperator | Where-Object Name -Like '*KrJWT*').Count" 2>&1
        $with | Should -Be '3'
        $without = & (Get-TestPwshPath) -NoProfile -NonInteractive -Command @"
Import-Module '$script:ModuleManifest' 3>&1
try { Add-KrJWTShouldOperator } catch { `$_.FullyQualifiedErrorId; [string] `$_.CategoryInfo.Category; `$_.Exception.Message }
"@ 2>&1
        $without | Should -Be @('KrJwt.PesterNotLoaded,Add-KrJWTShouldOperator', 'ObjectNotFound',
            'Pester 5 is not loaded: run Import-Module Pester -MinimumVersion 5.0 first, then Add-KrJWTShouldOperator.')
    }
}

Describe 'Hostile test tokens' {
    BeforeAll {
        $script:RsaKey = New-KrJWTKey -Type RSA
        # Keys with their own key id (the RFC 7638 thumbprint), so that parameters made from the keys alone match.
        $script:Builders = @{
            ES256 = New-TestIssuedBuilder | Add-KrJWTSubject -Subject 'user1' | Protect-KrJWT -Key $script:EcKey
            RS256 = New-TestIssuedBuilder | Add-KrJWTSubject -Subject 'user1' | Protect-KrJWT -Key $script:RsaKey
        }
        $script:Validations = @{
            ES256 = New-KrJWTValidationParameter @TestIds -SigningKey $script:EcKey
            RS256 = New-KrJWTValidationParameter @TestIds -SigningKey $script:RsaKey
        }
    }

    It '<_> builder: every defect is refused by KrJwt with its expected reason, by parameters made independently and from the result' -ForEach 'ES256', 'RS256' {
        $set = @(Get-KrJWTTestTokenSet -Builder $script:Builders[$_])
        $set.Defect | Should -Be @('Expired', 'NotYetValid', 'WrongIssuer', 'WrongAudience', 'TamperedPayload', 'TamperedSignature', 'AlgNone',
            'AlgConfusion', 'UnknownKid', 'WrongKey', 'MissingExp', 'DuplicateClaim', 'Oversized', 'CritUnknown')
        $fromResult = $script:Builders[$_] | Build-KrJWT | Get-KrJWTValidationParameter
        foreach ($hostile in $set) {
            foreach ($validation in $script:Validations[$_], $fromResult) {
                $hostile | Should -Not -BeValidKrJWT -ValidationParameter $validation
                (Test-KrJWT -Token $hostile.Token -ValidationParameter $validation -PassThru).Reason | Should -BeExactly $hostile.ExpectedReason -Because $hostile.Defect
            }
        }
    }

    It 'New-KrJWTTestToken -Defect offers exactly the library''s defects, in its order' {
        $attribute = (Get-Command -Name New-KrJWTTestToken).Parameters['Defect'].Attributes |
            Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        $attribute.ValidValues | Should -Be @((Get-KrJWTTestTokenSet -Builder $script:EcBuilder).Defect)
        $line = 'New-KrJWTTestToken -Defect Alg'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('AlgConfusion', 'AlgNone')
    }

    It 'gives the expected reason and HTTP status of each defect' {
        $table = Get-KrJWTTestTokenSet -Builder $script:EcBuilder | ForEach-Object { '{0} {1} {2}' -f $_.Defect, $_.ExpectedReason, $_.ExpectedHttpStatus }
        $table | Should -Be @('Expired TokenExpired 401', 'NotYetValid TokenNotYetValid 401', 'WrongIssuer InvalidIssuer 401', 'WrongAudience InvalidAudience 401',
            'TamperedPayload InvalidSignature 401', 'TamperedSignature InvalidSignature 401', 'AlgNone MalformedToken 401', 'AlgConfusion AlgorithmNotAllowed 401',
            'UnknownKid NoMatchingKey 401', 'WrongKey InvalidSignature 401', 'MissingExp MissingClaim 401', 'DuplicateClaim MalformedToken 401',
            'Oversized TokenTooLarge 400', 'CritUnknown UnsupportedCriticalHeader 401')
        (Get-KrJWTTestTokenSet -Builder $script:EcBuilder)[0].ToString() | Should -BeExactly 'KrJwt test token Expired (expected TokenExpired, HTTP 401)'
        # The default view shows the start of each token only (an Oversized token is over 256 KiB).
        $view = Get-KrJWTTestTokenSet -Builder $script:EcBuilder | Out-String -Width 200
        $view.Length | Should -BeLessThan 4000
        $view | Should -Match 'Oversized\s+TokenTooLarge\s+400\s+eyJ[^ ]{54}\.\.\.'
    }

    It 'each token differs from a valid one only where its defect says' {
        $validHeader = Get-TestTokenPart -Token $script:EcBuilder.Copy().Build().Token -Part Header
        $validPayload = Get-TestTokenPart -Token ($script:EcBuilder | Build-KrJWT).Token -Part Payload
        $changed = {
            param($Before, $After)
            $names = @($Before.PSObject.Properties.Name) + @($After.PSObject.Properties.Name) | Sort-Object -Unique
            @($names | Where-Object { (ConvertTo-Json -InputObject $Before.$_ -Compress) -cne (ConvertTo-Json -InputObject $After.$_ -Compress) })
        }
        $expected = [ordered]@{
            Expired = 'payload: exp iat nbf'; NotYetValid = 'payload: exp nbf'; WrongIssuer = 'payload: iss'; WrongAudience = 'payload: aud'
            TamperedPayload = 'payload: sub'; TamperedSignature = 'nothing'; AlgNone = 'header: alg'; AlgConfusion = 'header: alg'
            UnknownKid = 'header: kid'; WrongKey = 'nothing'; MissingExp = 'payload: exp'; Oversized = 'payload: padding'
            CritUnknown = 'header: crit krjwt-test-unknown-extension'
        }
        foreach ($defect in $expected.Keys) {
            $token = New-KrJWTTestToken -Builder $script:EcBuilder -Defect $defect
            # The valid payload was built a moment ago: times may differ by a second, so compare without them
            # except where the defect changes them.
            $payload = Get-TestTokenPart -Token $token -Part Payload
            $timesChanged = switch ($defect) { 'Expired' { 'iat', 'nbf', 'exp' } 'NotYetValid' { 'nbf', 'exp' } 'MissingExp' { , 'exp' } default { @() } }
            $payloadChanges = @(& $changed $validPayload $payload | Where-Object { $_ -notin 'iat', 'nbf', 'exp' -or $_ -in $timesChanged })
            $headerChanges = @(& $changed $validHeader (Get-TestTokenPart -Token $token -Part Header))
            $said = if ($headerChanges) { "header: $($headerChanges -join ' ')" } elseif ($payloadChanges) { "payload: $($payloadChanges -join ' ')" } else { 'nothing' }
            $said | Should -BeExactly $expected[$defect] -Because $defect
        }
        $claims = Get-TestTokenPart -Token (New-KrJWTTestToken -Builder $script:EcBuilder -Defect WrongAudience) -Part Payload
        $claims.aud | Should -BeExactly 'TestAudience-wrong'
        $raw = Get-TestTokenPart -Token (New-KrJWTTestToken -Builder $script:EcBuilder -Defect DuplicateClaim) -Part Payload -Raw
        $raw | Should -BeLike '{"iss":"TestIssuer",*,"iss":"TestIssuer"}'
        (New-KrJWTTestToken -Builder $script:EcBuilder -Defect AlgNone) | Should -BeLike '*.*.'
    }

    It 'AlgConfusion is HS256 keyed with the public key''s PEM text, as the classic attack does' {
        $token = New-KrJWTTestToken -Builder $script:EcBuilder -Defect AlgConfusion
        (Get-TestTokenPart -Token $token -Part Header).alg | Should -BeExactly 'HS256'
        $pem = [System.Text.Encoding]::UTF8.GetBytes($script:EcKey.PublicPem)
        $segments = $token.Split('.')
        $hmac = [System.Security.Cryptography.HMACSHA256]::new($pem)
        $expected = ConvertTo-TestBase64Url -Data $hmac.ComputeHash([System.Text.Encoding]::ASCII.GetBytes($segments[0] + '.' + $segments[1]))
        $hmac.Dispose()
        $segments[2] | Should -BeExactly $expected
    }

    It 'an HMAC builder without key id gets 12 tokens and a warning for each defect it cannot have' {
        $set = @(Get-KrJWTTestTokenSet -Builder (New-TestBuilder) -WarningVariable skipped -WarningAction SilentlyContinue)
        $set.Count | Should -Be 12
        @($skipped.Message) | Should -Be @(
            'no AlgConfusion token: the builder signs with an HMAC secret: key confusion needs a public key'
            "no UnknownKid token: the builder's key has no key id: a validator's key without one is tried for any kid")
    }

    It 'refuses what cannot be made, with the reason' {
        # -Defect is a ValidateSet of the library's names (the library's own message is tested in Rust and C).
        (Get-TestError { New-KrJWTTestToken -Builder $script:EcBuilder -Defect 'Expird' }).FullyQualifiedErrorId |
            Should -BeExactly 'ParameterArgumentValidationError,New-KrJWTTestToken'
        New-KrJWTTestToken -Builder $script:EcBuilder -Defect 'algnone' | Should -BeLike '*.*.'
        $noIssuer = Get-TestError { New-KrJWTBuilder | Protect-KrJWT -Key $script:EcKey | New-KrJWTTestToken -Defect WrongIssuer }
        $noIssuer.Exception.Message | Should -BeExactly 'a WrongIssuer test token cannot be made: the builder has no issuer, so no issuer is wrong'
        (Get-TestError { New-KrJWTBuilder | New-KrJWTTestToken -Defect Expired }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.NotProtected,New-KrJWTTestToken'
        (Get-TestError { New-KrJWTTestToken -Builder $script:EcBuilder -Defect '' }).FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
        $encrypted = New-TestBuilder | Protect-KrJWTPayload -Key (New-KrJWTKey -Type EC)
        (Get-TestError { Get-KrJWTTestTokenSet -Builder $encrypted }).Exception.Message |
            Should -BeExactly 'test tokens are signed tokens: make them from a builder without payload encryption'
    }

    It 'leaves the builder unchanged' {
        $before = $script:EcBuilder.GetStateJson()
        $null = Get-KrJWTTestTokenSet -Builder $script:EcBuilder
        $null = New-KrJWTTestToken -Builder $script:EcBuilder -Defect CritUnknown
        $script:EcBuilder.GetStateJson() | Should -BeExactly $before
    }
}
