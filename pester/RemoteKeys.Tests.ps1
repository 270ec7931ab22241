# Remote key sources (issue 13) against a real authorization server: panva's oidc-provider (tests/oidc/provider.mjs,
# RFC 9068 access tokens through the client_credentials grant with a resource indicator) and the fault server
# (tests/oidc/faults.mjs). Both are started here on 127.0.0.1 with a free port and stopped after. The HTTP fetches
# are the module's own (HttpClient in ps-module/interop/RemoteKeySource.cs); the rules are the library's.
# Fetch counts are read from Get-KrJWTKeySource and checked against the servers' own request counters.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $oidcRoot = Join-Path -Path $script:RepoRoot -ChildPath 'tests/oidc'
    if (-not (Test-Path -LiteralPath (Join-Path -Path $oidcRoot -ChildPath 'node_modules/oidc-provider'))) {
        throw "tests/oidc/node_modules is missing: run 'bash tools/bootstrap.sh' (npm ci in tests/oidc)."
    }

    function Start-TestOidcServer {
        <# Starts node tests/oidc/<Script> and returns the process and its ready line (JSON). Stdin stays open: closing it stops the server. #>
        param([Parameter(Mandatory)] [ValidateSet('provider.mjs', 'faults.mjs')] [string] $Script)
        $info = [System.Diagnostics.ProcessStartInfo]::new('node')
        $info.ArgumentList.Add($Script)
        $info.WorkingDirectory = $oidcRoot
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        # oidc-provider warns on stderr (node 20, in-memory adapter); drained, not shown.
        $null = $process.StandardError.ReadToEndAsync()
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait(30000) -or -not $line.Result) {
            $process.Kill()
            throw "node $Script did not print its ready line within 30 s."
        }
        [pscustomobject]@{ Process = $process; Ready = $line.Result | ConvertFrom-Json }
    }

    function Stop-TestOidcServer {
        <# Closes the server's stdin (it exits), killing only that process if it does not. #>
        param($Server)
        if ($null -eq $Server) {
            return
        }
        try {
            $Server.Process.StandardInput.Close()
        } catch {
            $null = $_
        }
        if (-not $Server.Process.WaitForExit(5000)) {
            $Server.Process.Kill()
        }
        $Server.Process.Dispose()
    }

    function Get-TestAccessToken {
        <# A real access token: client_credentials grant at the provider's token endpoint, the resource picks the algorithm. #>
        param([ValidateSet('RS256', 'ES256')] [string] $Algorithm = 'RS256')
        $body = @{
            grant_type = 'client_credentials'; client_id = $script:P.client_id; client_secret = $script:P.client_secret
            resource = $script:P.resources.$Algorithm; scope = 'api:read'
        }
        (Invoke-RestMethod -Method Post -Uri $script:P.token_endpoint -Body $body).access_token
    }

    function Invoke-TestControl {
        <# The provider's control API (not counted by it). #>
        param([Parameter(Mandatory)] [string] $Path, [hashtable] $Body, [string] $Method = 'Post')
        $arguments = @{ Method = $Method; Uri = "$($script:P.control)/$Path" }
        if ($Method -eq 'Post') {
            $arguments.Body = ($(if ($Body) { $Body } else { @{} }) | ConvertTo-Json -Compress)
            $arguments.ContentType = 'application/json'
        }
        Invoke-RestMethod @arguments
    }

    function Get-TestProviderCount {
        <# Requests the provider received: discovery and jwks. #>
        $c = Invoke-TestControl -Path counters -Method Get
        [pscustomobject]@{ Discovery = [int] $c.discovery; Jwks = [int] $c.jwks }
    }

    function New-TestProviderValidation {
        <# Validation parameters for the provider's tokens through discovery; extra parameters are splatted. #>
        param([hashtable] $With = @{})
        $arguments = @{
            Authority = $script:P.issuer; ValidAudiences = @($script:P.resources.RS256, $script:P.resources.ES256)
            ValidTypes = 'at+jwt'; AllowInsecureHttp = $true
        }
        foreach ($key in $With.Keys) {
            $arguments[$key] = $With[$key]
        }
        New-KrJWTValidationParameter @arguments
    }

    function Get-TestKidToken {
        <# The token with another kid in its header (the signature no longer matters: the kid is looked up first). #>
        param([Parameter(Mandatory)] [string] $Token, [Parameter(Mandatory)] [string] $Kid)
        $header = Get-TestTokenPart -Token $Token -Part Header
        $header.kid = $Kid
        Set-TestTokenPart -Token $Token -Index 0 -Segment (ConvertTo-TestBase64Url -Data ($header | ConvertTo-Json -Compress))
    }

    function Wait-TestUntil {
        <# Sleeps until the given UTC time (plus a margin). #>
        param([Parameter(Mandatory)] [DateTime] $Time, [int] $MarginMs = 150)
        $ms = ($Time - [DateTime]::UtcNow).TotalMilliseconds + $MarginMs
        if ($ms -gt 0) {
            Start-Sleep -Milliseconds ([int] $ms)
        }
    }

    $script:Provider = Start-TestOidcServer -Script provider.mjs
    $script:Faults = Start-TestOidcServer -Script faults.mjs
    $script:P = $script:Provider.Ready
    $script:F = $script:Faults.Ready
    $script:OneSecond = [TimeSpan]::FromSeconds(1)
}

AfterAll {
    Stop-TestOidcServer $script:Provider
    Stop-TestOidcServer $script:Faults
}

Describe 'Discovery against oidc-provider (scenario 1)' {
    BeforeAll {
        $script:Rs = Get-TestAccessToken -Algorithm RS256
        $script:Es = Get-TestAccessToken -Algorithm ES256
    }

    It 'validates RS256 and ES256 access tokens with one discovery and one JWK Set fetch' {
        $null = Invoke-TestControl -Path counters/reset
        $validation = New-TestProviderValidation
        $validation.HasKeySource | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount | Should -Be 0 -Because 'nothing is fetched at creation'
        Test-KrJWT -Token $script:Rs, $script:Es -ValidationParameter $validation | Should -Be @($true, $true)
        (Get-TestTokenPart -Token $script:Rs -Part Header).alg | Should -BeExactly 'RS256'
        (Get-TestTokenPart -Token $script:Es -Part Header).alg | Should -BeExactly 'ES256'
        $outcome = $validation.Validate($script:Es)
        $outcome.Claims['iss'] | Should -BeExactly $script:P.issuer
        $outcome.Claims['aud'] | Should -BeExactly $script:P.resources.ES256
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.Authority | Should -BeExactly $script:P.issuer
        $status.Issuer | Should -BeExactly $script:P.issuer
        $status.JwksUri | Should -BeExactly $script:P.jwks_uri
        $status.KeyIds | Should -Contain $script:P.signing.RS256
        $status.KeyIds | Should -Contain $script:P.signing.ES256
        $status.FetchCount | Should -Be 2
        $status.FailureCount | Should -Be 0
        $status.LastSuccess.Kind | Should -Be ([DateTimeKind]::Utc)
        $status.NextRefresh.Kind | Should -Be ([DateTimeKind]::Utc)
        $status.LastSuccess | Should -BeGreaterThan ([DateTime]::UtcNow.AddMinutes(-1))
        $counts = Get-TestProviderCount
        $counts.Discovery | Should -Be 1
        $counts.Jwks | Should -Be 1
    }

    It 'refuses a wrong audience (InvalidAudience) and a wrong issuer given by the caller (InvalidIssuer)' {
        $otherAudience = New-TestProviderValidation -With @{ ValidAudiences = @('urn:krjwt:api:other') }
        $otherAudience.Validate($script:Rs).Reason | Should -BeExactly 'InvalidAudience'
        $otherIssuer = New-TestProviderValidation -With @{ ValidIssuer = 'https://someone-else.example' }
        $otherIssuer.Validate($script:Rs).Reason | Should -BeExactly 'InvalidIssuer'
        Test-KrJWT -Token $script:Rs -ValidationParameter $otherIssuer | Should -BeFalse
    }

    It 'refuses a provider whose metadata names another issuer than the authority' {
        $validation = New-KrJWTValidationParameter -Authority $script:F.routes.badIssuerAuthority -ValidAudience 'api' -AllowInsecureHttp
        $outcome = $validation.Validate($script:Rs)
        $outcome.Reason | Should -BeExactly 'KeySourceUnavailable'
        $outcome.Message | Should -Match 'issuer'
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 1 -Because 'the JWK Set of a mismatched issuer is never fetched'
        $status.FailureCount | Should -Be 1
        $status.LastError | Should -Match 'someone-else'
        $status.KeyIds | Should -BeNullOrEmpty
        { Update-KrJWTKeySource -ValidationParameter $validation } | Should -Throw -ErrorId 'KrJwt.KeySourceUnavailable,Update-KrJWTKeySource'
    }

    It '-MetadataAddress and -JwksUri -ValidIssuer validate the same tokens (2 and 1 fetches)' {
        $metadata = New-KrJWTValidationParameter -MetadataAddress $script:P.discovery -ValidAudience $script:P.resources.RS256 -AllowInsecureHttp
        Test-KrJWT -Token $script:Rs -ValidationParameter $metadata | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $metadata).FetchCount | Should -Be 2
        (Get-KrJWTKeySource -ValidationParameter $metadata).Issuer | Should -BeExactly $script:P.issuer
        $jwks = New-KrJWTValidationParameter -JwksUri $script:P.jwks_uri -ValidIssuer $script:P.issuer -ValidAudience $script:P.resources.ES256 -AllowInsecureHttp
        Test-KrJWT -Token $script:Es -ValidationParameter $jwks | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $jwks).FetchCount | Should -Be 1
        (Get-KrJWTKeySource -ValidationParameter $jwks).Authority | Should -BeNullOrEmpty
    }

    It 'works in bearer schemes (Add-KrJWTBearerAuthentication -Authority), Update-KrJWT and copies' {
        Add-KrJWTBearerAuthentication -Name 'Idp' -Authority $script:P.issuer -ValidAudience $script:P.resources.RS256 -AllowInsecureHttp -Force
        try {
            $answer = Invoke-KrJWTBearerAuthentication -Name 'Idp' -Authorization "Bearer $($script:Rs)"
            $answer.StatusCode | Should -Be 200
            $answer.Principal.Payload.iss | Should -BeExactly $script:P.issuer
            (Invoke-KrJWTBearerAuthentication -Name 'Idp' -Authorization "Bearer $($script:Es)").StatusCode | Should -Be 401
            $scheme = Get-KrJWTBearerAuthentication -Name 'Idp'
            (Get-KrJWTKeySource -ValidationParameter $scheme.ValidationParameters).FetchCount | Should -Be 2
        } finally {
            Remove-KrJWTBearerAuthentication -Name 'Idp'
        }
        $validation = New-TestProviderValidation
        $renewed = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey) | Update-KrJWT -Token $script:Rs -ValidationParameter $validation -PassThru
        $renewed.Payload['client_id'] | Should -BeExactly $script:P.client_id -Because 'the validated claims are re-issued'
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey) | Update-KrJWT -Token (Get-TestTamperedToken -Token $script:Rs) -ValidationParameter $validation } |
            Should -Throw -ErrorId 'KrJwt.InvalidSignature,Update-KrJWT'
        # Copies (here: another clock skew for one call) share the source: no second fetch.
        Test-KrJWT -Token $script:Rs -ValidationParameter $validation -ClockSkew ([TimeSpan]::FromSeconds(5)) | Should -BeTrue
        $copy = $validation.Copy()
        $validation.Dispose()
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        $copy.Validate($script:Es).IsValid | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $copy).FetchCount | Should -Be 2
        $copy.Dispose()
    }
}

Describe 'Key rotation with one long-lived validation object (scenario 2)' {
    It 'add key: 0 fetches; promote: 1 (JWK Set only); retire: 0, then 2 at the max-age refresh and the retired key is refused' {
        $validation = New-TestProviderValidation -With @{ JwksRefreshCooldown = $script:OneSecond; JwksCacheMaxAge = [TimeSpan]::FromSeconds(6) }
        $oldToken = Get-TestAccessToken -Algorithm RS256
        $oldKid = (Get-TestTokenPart -Token $oldToken -Part Header).kid
        $null = Invoke-TestControl -Path counters/reset
        Test-KrJWT -Token $oldToken -ValidationParameter $validation | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount | Should -Be 2 -Because 'start: discovery + JWK Set'

        # Add: the provider publishes a new key that does not sign yet. Tokens of the old key need nothing.
        $newKid = (Invoke-TestControl -Path keys/add -Body @{ alg = 'RS256' }).kid
        Test-KrJWT -Token $oldToken -ValidationParameter $validation | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount | Should -Be 2 -Because 'add costs 0 fetches'

        # Promote: the first token with the new kid refreshes the JWK Set once (after the cooldown).
        $null = Invoke-TestControl -Path keys/promote -Body @{ kid = $newKid }
        $newToken = Get-TestAccessToken -Algorithm RS256
        (Get-TestTokenPart -Token $newToken -Part Header).kid | Should -BeExactly $newKid
        Wait-TestUntil -Time (Get-KrJWTKeySource -ValidationParameter $validation).LastSuccess.AddSeconds(1)
        Test-KrJWT -Token $newToken, $newToken, $oldToken -ValidationParameter $validation | Should -Be @($true, $true, $true)
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 3 -Because 'promote costs 1 fetch (the JWK Set)'
        $status.KidMissCount | Should -Be 1
        $status.KeyIds | Should -Contain $newKid

        # Retire: the old key leaves the JWK Set; the cached set still has it until its max age.
        $null = Invoke-TestControl -Path keys/retire -Body @{ kid = $oldKid }
        Test-KrJWT -Token $oldToken -ValidationParameter $validation | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount | Should -Be 3 -Because 'retire costs 0 fetches until the max age'
        Wait-TestUntil -Time (Get-KrJWTKeySource -ValidationParameter $validation).FreshUntil
        Test-KrJWT -Token $newToken -ValidationParameter $validation | Should -BeTrue
        $outcome = $validation.Validate($oldToken)
        $outcome.IsValid | Should -BeFalse -Because 'the retired key is gone after the refresh'
        $outcome.Reason | Should -BeExactly 'NoMatchingKey'
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 5 -Because 'the max-age refresh re-reads discovery and the JWK Set'
        $status.KeyIds | Should -Not -Contain $oldKid
        $counts = Get-TestProviderCount
        $counts.Discovery | Should -Be 2
        $counts.Jwks | Should -Be 3
        $status.FailureCount | Should -Be 0
    }
}

Describe 'Provider down (scenarios 3 and 4; 503 keeps the old set)' {
    BeforeAll {
        $script:Token = Get-TestAccessToken -Algorithm RS256
    }
    AfterEach {
        $null = Invoke-TestControl -Path up
    }

    It 'down at start: a clear error, one fetch per backoff step (1 s, then 2 s), then recovery' {
        $validation = New-TestProviderValidation -With @{ JwksRefreshCooldown = $script:OneSecond; JwksCacheMaxAge = [TimeSpan]::FromMinutes(5) }
        $null = Invoke-TestControl -Path down -Body @{ mode = '503' }
        $outcome = $validation.Validate($script:Token)
        $outcome.Reason | Should -BeExactly 'KeySourceUnavailable'
        $outcome.Message | Should -Match '503'
        foreach ($i in 1..10) {
            $validation.Validate($script:Token).Reason | Should -BeExactly 'KeySourceUnavailable'
        }
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 1 -Because '11 tokens in the first backoff step cost one fetch'
        $status.FailureCount | Should -Be 1
        $status.SuppressedRefreshCount | Should -BeGreaterOrEqual 10
        $status.LastError | Should -Match '503'
        $status.LastErrorTime.Kind | Should -Be ([DateTimeKind]::Utc)
        ($status.NextRefresh - $status.LastErrorTime).TotalSeconds | Should -BeGreaterOrEqual 0.9
        ($status.NextRefresh - $status.LastErrorTime).TotalSeconds | Should -BeLessOrEqual 1.1

        Wait-TestUntil -Time $status.NextRefresh
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeFalse
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 2
        $status.ConsecutiveFailures | Should -Be 2
        ($status.NextRefresh - $status.LastErrorTime).TotalSeconds | Should -BeGreaterOrEqual 1.9 -Because 'the backoff doubles'
        ($status.NextRefresh - $status.LastErrorTime).TotalSeconds | Should -BeLessOrEqual 2.1

        $null = Invoke-TestControl -Path up
        Wait-TestUntil -Time $status.NextRefresh
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeTrue
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 4 -Because 'recovery: discovery + JWK Set'
        $status.FailureCount | Should -Be 2
        $status.ConsecutiveFailures | Should -Be 0
    }

    It 'down later: valid within the stale window (counted), refused after it' {
        # Max age 2 s, stale window 4 s more; the cooldown (2 s) is also the first backoff step.
        $validation = New-TestProviderValidation -With @{
            JwksRefreshCooldown = [TimeSpan]::FromSeconds(2); JwksCacheMaxAge = [TimeSpan]::FromSeconds(2); JwksStaleIfError = [TimeSpan]::FromSeconds(4)
        }
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeTrue
        $fetchedAt = (Get-KrJWTKeySource -ValidationParameter $validation).KeysFetchedAt
        $null = Invoke-TestControl -Path down -Body @{ mode = 'drop' }
        Wait-TestUntil -Time $fetchedAt.AddSeconds(2)
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeTrue -Because 'within the stale window'
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeTrue
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.StaleServedCount | Should -BeGreaterOrEqual 2
        $status.FailureCount | Should -Be 1 -Because 'the second stale lookup is in the backoff'
        $status.LastError | Should -Not -BeNullOrEmpty
        Wait-TestUntil -Time $fetchedAt.AddSeconds(6)
        $outcome = $validation.Validate($script:Token)
        $outcome.Reason | Should -BeExactly 'KeySourceUnavailable' -Because 'past max age + stale window'
        $outcome.Message | Should -Not -BeNullOrEmpty
    }

    It 'a bearer scheme answers 503 (KeySourceUnavailable), not 401, while the provider has no keys to serve' {
        Add-KrJWTBearerAuthentication -Name 'IdpDown' -Authority $script:P.issuer -ValidAudience $script:P.resources.RS256 -AllowInsecureHttp -Force
        try {
            $null = Invoke-TestControl -Path down -Body @{ mode = '503' }
            $answer = Invoke-KrJWTBearerAuthentication -Name 'IdpDown' -Authorization "Bearer $($script:Token)"
            $answer.Succeeded | Should -BeFalse
            $answer.StatusCode | Should -Be 503
            $answer.Reason | Should -BeExactly 'KeySourceUnavailable'
            # The client learns nothing of the provider: no upstream error, no URL (the reason is in $answer.Error).
            $answer.WwwAuthenticate | Should -BeExactly 'Bearer'
            $answer.Error | Should -Match '503'
            $null = Invoke-TestControl -Path up
            Update-KrJWTKeySource -ValidationParameter (Get-KrJWTBearerAuthentication -Name 'IdpDown').ValidationParameters
            (Invoke-KrJWTBearerAuthentication -Name 'IdpDown' -Authorization "Bearer $($script:Token)").StatusCode | Should -Be 200
        } finally {
            Remove-KrJWTBearerAuthentication -Name 'IdpDown'
        }
    }

    It 'a 503 on refresh keeps the old set (Update-KrJWTKeySource fails, tokens still validate)' {
        $validation = New-TestProviderValidation
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeTrue
        $keys = (Get-KrJWTKeySource -ValidationParameter $validation).KeyIds
        $null = Invoke-TestControl -Path down -Body @{ mode = '503' }
        $err = $null
        try {
            Update-KrJWTKeySource -ValidationParameter $validation
        } catch {
            $err = $_
        }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeySourceUnavailable,Update-KrJWTKeySource'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.Message | Should -Match '503'
        Test-KrJWT -Token $script:Token -ValidationParameter $validation | Should -BeTrue
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.KeyIds | Should -Be $keys
        $status.FetchCount | Should -Be 3
        $status.FailureCount | Should -Be 1
    }
}

Describe 'Concurrency (scenarios 5 and 6)' {
    It '1,000 tokens with random unknown kids from 8 runspaces: at most one fetch per cooldown, valid tokens unaffected' {
        $cooldown = $script:OneSecond
        $validation = New-TestProviderValidation -With @{ JwksRefreshCooldown = $cooldown }
        $valid = Get-TestAccessToken -Algorithm RS256
        Test-KrJWT -Token $valid -ValidationParameter $validation | Should -BeTrue
        $before = Get-KrJWTKeySource -ValidationParameter $validation
        $bogus = foreach ($i in 1..1000) { Get-TestKidToken -Token $valid -Kid ([guid]::NewGuid().ToString('n')) }
        $null = Invoke-TestControl -Path counters/reset
        Wait-TestUntil -Time $before.LastSuccess.Add($cooldown)
        $manifest = $script:ModuleManifest
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $results = 0..7 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module -Name $using:manifest
            $v = $using:validation
            $mine = ($using:bogus)[($_ * 125)..($_ * 125 + 124)]
            $bogusValid = 0
            $validValid = 0
            foreach ($token in $mine) {
                if (Test-KrJWT -Token $token -ValidationParameter $v) {
                    $bogusValid++
                }
                if (Test-KrJWT -Token $using:valid -ValidationParameter $v) {
                    $validValid++
                }
                Start-Sleep -Milliseconds 10
            }
            [pscustomobject]@{ BogusValid = $bogusValid; ValidValid = $validValid }
        }
        $watch.Stop()
        ($results | Measure-Object -Property BogusValid -Sum).Sum | Should -Be 0
        ($results | Measure-Object -Property ValidValid -Sum).Sum | Should -Be 1000 -Because 'valid tokens are unaffected'
        $after = Get-KrJWTKeySource -ValidationParameter $validation
        $fetches = $after.FetchCount - $before.FetchCount
        $allowed = [math]::Floor($watch.Elapsed.TotalSeconds / $cooldown.TotalSeconds) + 1
        Write-Host "  1,000 unknown kids from 8 runspaces in $([math]::Round($watch.Elapsed.TotalSeconds, 1)) s: $fetches fetch(es) (at most $allowed), $($after.SuppressedRefreshCount) suppressed, $($after.NegativeCacheHitCount) negative-cache hits"
        $fetches | Should -BeGreaterOrEqual 1
        $fetches | Should -BeLessOrEqual $allowed
        (Get-TestProviderCount).Jwks | Should -Be $fetches -Because 'the provider saw exactly those fetches'
        (Get-TestProviderCount).Discovery | Should -Be 0 -Because 'an unknown kid refreshes the JWK Set only'
        $after.KidMissCount - $before.KidMissCount | Should -Be 1000
        $after.FailureCount | Should -Be 0
    }

    It '64 parallel validations at cold start: one refresh (discovery + JWK Set)' {
        $validation = New-TestProviderValidation
        $token = Get-TestAccessToken -Algorithm ES256
        $null = Invoke-TestControl -Path counters/reset
        $barrier = [System.Threading.Barrier]::new(64)
        $valid = 1..64 | ForEach-Object -ThrottleLimit 64 -Parallel {
            $v = $using:validation
            $null = ($using:barrier).SignalAndWait(60000)
            $v.Validate($using:token).IsValid
        }
        @($valid | Where-Object { $_ }).Count | Should -Be 64
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FetchCount | Should -Be 2
        $counts = Get-TestProviderCount
        $counts.Discovery | Should -Be 1
        $counts.Jwks | Should -Be 1
        $barrier.Dispose()
    }
}

Describe 'Faults (scenario 7)' {
    BeforeAll {
        $script:Issuer = 'urn:krjwt:faults'
        $script:FaultKey = New-KrJWTKey -Type RSA
        $script:FaultEcKey = New-KrJWTKey -Type EC
        $set = Export-KrJwkSet -Key $script:FaultKey, $script:FaultEcKey
        $null = Invoke-RestMethod -Method Post -Uri $script:F.routes.set -Body $set -ContentType 'application/json'
        $script:FaultToken = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience 'api' |
                Protect-KrJWT -Key $script:FaultKey -Algorithm RS256 | Build-KrJWT).Token

        function New-TestFaultValidation {
            param([Parameter(Mandatory)] [string] $Url, [hashtable] $With = @{})
            New-KrJWTValidationParameter -JwksUri $Url -ValidIssuer $script:Issuer -ValidAudience 'api' -AllowInsecureHttp @With
        }

        function Get-TestFaultError {
            <# Update-KrJWTKeySource's error for a source, and the fault server's counters. #>
            param([Parameter(Mandatory)] $Validation)
            try {
                Update-KrJWTKeySource -ValidationParameter $Validation
            } catch {
                return $_
            }
            throw 'Update-KrJWTKeySource did not fail.'
        }
    }

    It 'the good set validates (control)' {
        $validation = New-TestFaultValidation -Url $script:F.routes.jwks
        Test-KrJWT -Token $script:FaultToken -ValidationParameter $validation | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $validation).KeyIds | Should -Contain $script:FaultKey.KeyId
    }

    It 'a hanging endpoint: the 1 s -HttpTimeout is honoured' {
        $validation = New-TestFaultValidation -Url $script:F.routes.hang -With @{ HttpTimeout = $script:OneSecond }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $err = Get-TestFaultError -Validation $validation
        $watch.Stop()
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeySourceUnavailable,Update-KrJWTKeySource'
        $err.Exception.Message | Should -Match 'time'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 0.9
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $validation.Validate($script:FaultToken).Reason | Should -BeExactly 'KeySourceUnavailable'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 0.5 -Because 'a token in the backoff does not wait for the hanging endpoint again'
    }

    It 'an 8 MiB body is refused at the 1 MiB cap, accepted under a larger -MaxJwksBytes' {
        $validation = New-TestFaultValidation -Url $script:F.routes.big
        $err = Get-TestFaultError -Validation $validation
        $err.Exception.Message | Should -Match 'cap|large|bytes'
        $validation.Validate($script:FaultToken).Reason | Should -BeExactly 'KeySourceUnavailable'
        $larger = New-TestFaultValidation -Url $script:F.routes.big -With @{ MaxJwksBytes = 9MB }
        Test-KrJWT -Token $script:FaultToken -ValidationParameter $larger | Should -BeTrue
    }

    It 'a body without Content-Length (chunked, endless) is read only up to the cap' {
        # A one-connection server that streams spaces for ever (up to 64 MiB) without announcing a length.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $job = Start-ThreadJob -ArgumentList $listener -ScriptBlock {
                param($listener)
                $client = $listener.AcceptTcpClient()
                $stream = $client.GetStream()
                $null = $stream.Read([byte[]]::new(8192), 0, 8192)
                $head = [System.Text.Encoding]::ASCII.GetBytes("HTTP/1.1 200 OK`r`nContent-Type: application/json`r`nTransfer-Encoding: chunked`r`n`r`n")
                $stream.Write($head, 0, $head.Length)
                $chunk = [System.Text.Encoding]::ASCII.GetBytes("4000`r`n" + (' ' * 0x4000) + "`r`n")
                $sent = 0
                try {
                    while ($sent -lt 64MB) {
                        $stream.Write($chunk, 0, $chunk.Length)
                        $sent += 0x4000
                    }
                } catch {
                    $null = $_
                }
                $client.Dispose()
                $sent
            }
            $validation = New-TestFaultValidation -Url "http://127.0.0.1:$port/jwks" -With @{ MaxJwksBytes = 64KB; HttpTimeout = [TimeSpan]::FromSeconds(10) }
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $err = Get-TestFaultError -Validation $validation
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $err.Exception.Message | Should -Match 'cap'
            $sent = $job | Wait-Job -Timeout 20 | Receive-Job
            $sent | Should -BeLessThan 32MB -Because 'the client stopped reading at the cap and closed the connection'
        } finally {
            $listener.Stop()
            $job | Remove-Job -Force -ErrorAction SilentlyContinue
        }
    }

    It 'Cache-Control max-age is passed on and honoured within [cooldown, max age]: <Seconds> s -> <Lives> s' -ForEach @(
        @{ Seconds = 3; Lives = 3 }
        @{ Seconds = 0; Lives = 2 }
        @{ Seconds = 86400; Lives = 60 }
    ) {
        $validation = New-TestFaultValidation -Url "$($script:F.base)/max-age?s=$Seconds" -With @{
            JwksRefreshCooldown = [TimeSpan]::FromSeconds(2); JwksCacheMaxAge = [TimeSpan]::FromSeconds(60)
        }
        Test-KrJWT -Token $script:FaultToken -ValidationParameter $validation | Should -BeTrue
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        ($status.FreshUntil - $status.KeysFetchedAt).TotalSeconds | Should -Be $Lives
    }

    It 'a redirect is refused, never followed' {
        $null = Invoke-RestMethod -Method Post -Uri "$($script:F.base)/counters/reset"
        $validation = New-TestFaultValidation -Url $script:F.routes.redirect
        $err = Get-TestFaultError -Validation $validation
        $err.Exception.Message | Should -Match 'redirect|302'
        $counters = Invoke-RestMethod -Uri $script:F.routes.counters
        $counters.'/redirect' | Should -Be 1
        $counters.PSObject.Properties.Name | Should -Not -Contain '/jwks' -Because 'the redirect target is never requested'
    }

    It 'an HTML sign-in page is refused' {
        $err = Get-TestFaultError -Validation (New-TestFaultValidation -Url $script:F.routes.html)
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeySourceUnavailable,Update-KrJWTKeySource'
        $err.Exception.Message | Should -Match 'JSON'
    }

    It 'a 503 at start is refused with its status' {
        $err = Get-TestFaultError -Validation (New-TestFaultValidation -Url $script:F.routes.unavailable)
        $err.Exception.Message | Should -Match '503'
    }

    It 'an unknown key type is skipped with a warning and the valid token is accepted' {
        $validation = New-TestFaultValidation -Url $script:F.routes.unknownKty
        $warnings = $null
        Update-KrJWTKeySource -ValidationParameter $validation -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'skipped key 0'
        Test-KrJWT -Token $script:FaultToken -ValidationParameter $validation | Should -BeTrue
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.SkippedKeys.Count | Should -Be 1
        $status.SkippedKeys[0].Index | Should -Be 0
        $status.SkippedKeys[0].Reason | Should -Not -BeNullOrEmpty
        $status.KeyIds | Should -Contain $script:FaultKey.KeyId
    }

    It 'a private key in the set refuses the whole set' {
        $validation = New-TestFaultValidation -Url $script:F.routes.private
        $err = Get-TestFaultError -Validation $validation
        $err.Exception.Message | Should -Match 'private'
        $validation.Validate($script:FaultToken).Reason | Should -BeExactly 'KeySourceUnavailable'
        (Get-KrJWTKeySource -ValidationParameter $validation).KeyIds | Should -BeNullOrEmpty
    }

    It 'an empty set is refused' {
        $validation = New-TestFaultValidation -Url $script:F.routes.empty
        $err = Get-TestFaultError -Validation $validation
        $err.Exception.Message | Should -Match 'key'
        $validation.Validate($script:FaultToken).Reason | Should -BeExactly 'KeySourceUnavailable'
    }

    It 'transport failures are fetch errors with their message, never an exception into the library: <Case>' -ForEach @(
        @{ Case = 'https to a plain-HTTP server (TLS fails)'; Url = { $script:F.base.Replace('http://', 'https://') + '/jwks' } }
        @{ Case = 'a host that does not resolve'; Url = { 'https://krjwt-test.invalid/jwks' } }
        @{ Case = 'a closed port'; Url = { 'http://127.0.0.1:9/jwks' } }
    ) {
        $validation = New-TestFaultValidation -Url (& $Url) -With @{ HttpTimeout = [TimeSpan]::FromSeconds(3) }
        $err = Get-TestFaultError -Validation $validation
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeySourceUnavailable,Update-KrJWTKeySource'
        $err.Exception.Message | Should -Not -BeNullOrEmpty
        $status = Get-KrJWTKeySource -ValidationParameter $validation
        $status.FailureCount | Should -Be 1
        $status.LastError | Should -Not -BeNullOrEmpty
        $validation.Validate($script:FaultToken).Reason | Should -BeExactly 'KeySourceUnavailable'
    }

    It 'the fetcher outlives the object it was made for: a copy fetches after the original is disposed and collected' {
        $original = New-TestFaultValidation -Url $script:F.routes.jwks
        $copy = $original.WithClockSkew([TimeSpan]::FromSeconds(10))
        $original.Dispose()
        $original = $null
        foreach ($i in 1..3) {
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
        }
        Test-KrJWT -Token $script:FaultToken -ValidationParameter $copy | Should -BeTrue -Because 'the first fetch runs through the copy'
        Update-KrJWTKeySource -ValidationParameter $copy
        (Get-KrJWTKeySource -ValidationParameter $copy).FetchCount | Should -Be 2
        $copy.Dispose()
    }

    It 'the validation object names its key source (KeySource, view, ToString); static keys have none' {
        $validation = New-TestFaultValidation -Url $script:F.routes.jwks
        $validation.KeySource | Should -BeExactly $script:F.routes.jwks
        ($validation | Out-String -Width 4096) | Should -Match ('KeySource\s+: ' + [regex]::Escape($script:F.routes.jwks))
        $validation.ToString() | Should -BeLike "* keys from $($script:F.routes.jwks)"
        (New-KrJWTValidationParameter -Authority 'https://idp.example' -ValidAudience 'api').KeySource | Should -BeExactly 'https://idp.example'
        $static = New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience'
        $static.KeySource | Should -BeNullOrEmpty
        $static.HasKeySource | Should -BeFalse
    }

    It 'the default view shows the status with UTC dates' {
        $validation = New-TestFaultValidation -Url $script:F.routes.jwks
        Test-KrJWT -Token $script:FaultToken -ValidationParameter $validation | Should -BeTrue
        $text = Get-KrJWTKeySource -ValidationParameter $validation | Out-String -Width 4096
        $text | Should -Match 'LastSuccess\s+: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z'
        $text | Should -Match 'FetchCount\s+: 1'
        $text | Should -Match ([regex]::Escape($script:FaultKey.KeyId))
        (Get-KrJWTKeySource -ValidationParameter $validation).ToString() | Should -BeLike 'KrJwt key source http://*/jwks keys=2 fetches=1 failures=0'
    }

    It 'discovery through the fault server''s good authority validates its keys' {
        $good = $script:F.routes.goodAuthority
        $token = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $good | Add-KrJWTAudience -Audience 'api' | Protect-KrJWT -Key $script:FaultEcKey -Algorithm ES256 | Build-KrJWT).Token
        $validation = New-KrJWTValidationParameter -Authority $good -ValidAudience 'api' -AllowInsecureHttp
        Test-KrJWT -Token $token -ValidationParameter $validation | Should -BeTrue
        (Get-KrJWTKeySource -ValidationParameter $validation).Issuer | Should -BeExactly $good
    }
}

Describe 'Bad input' {
    It '<Case> -> <ErrorId>' -ForEach @(
        @{ Case = 'http without -AllowInsecureHttp'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = 'http://'; Call = { New-KrJWTValidationParameter -Authority 'http://127.0.0.1:1' -ValidAudience 'api' } }
        @{ Case = '-JwksUri without -ValidIssuer'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = 'issuer'; Call = { New-KrJWTValidationParameter -JwksUri 'https://idp.example/jwks' -ValidAudience 'api' } }
        @{ Case = 'a text that is not a URL'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = 'not a url'; Call = { New-KrJWTValidationParameter -Authority 'not a url' -ValidAudience 'api' } }
        @{ Case = 'a relative URL'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = 'https'; Call = { New-KrJWTValidationParameter -MetadataAddress '/.well-known/openid-configuration' -ValidAudience 'api' } }
        @{ Case = 'user info in the URL'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = 'user'; Call = { New-KrJWTValidationParameter -Authority 'https://user:pw@idp.example' -ValidAudience 'api' } }
        @{ Case = 'keys besides a source'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = '-HexadecimalKey'; Call = { New-KrJWTValidationParameter -Authority 'https://idp.example' -HexadecimalKey ('ab' * 32) } }
        @{ Case = 'a cooldown longer than the max age'; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'; Match = 'cooldown'; Call = { New-KrJWTValidationParameter -Authority 'https://idp.example' -JwksCacheMaxAge ([TimeSpan]::FromSeconds(10)) -JwksRefreshCooldown ([TimeSpan]::FromMinutes(1)) } }
        @{ Case = 'two sources'; ErrorId = 'AmbiguousParameterSet,New-KrJWTValidationParameter'; Match = 'Parameter set'; Call = { New-KrJWTValidationParameter -Authority 'https://idp.example' -JwksUri 'https://idp.example/jwks' } }
        @{ Case = 'a source option without a source'; ErrorId = 'AmbiguousParameterSet,New-KrJWTValidationParameter'; Match = 'Parameter set'; Call = { New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -AllowInsecureHttp } }
        @{ Case = 'Get-KrJWTKeySource of static keys'; ErrorId = 'KrJwt.NoKeySource,Get-KrJWTKeySource'; Match = 'static keys'; Call = { Get-KrJWTKeySource -ValidationParameter (New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience') } }
        @{ Case = 'Update-KrJWTKeySource of static keys'; ErrorId = 'KrJwt.NoKeySource,Update-KrJWTKeySource'; Match = 'static keys'; Call = { Update-KrJWTKeySource -ValidationParameter (New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience') } }
        @{ Case = 'Add-KrJWTBearerAuthentication -Authority with keys'; ErrorId = 'AmbiguousParameterSet,Add-KrJWTBearerAuthentication'; Match = 'Parameter set'; Call = { Add-KrJWTBearerAuthentication -Name 'x' -Authority 'https://idp.example' -HexadecimalKey ('ab' * 32) } }
    ) {
        $err = $null
        try {
            & $Call
        } catch {
            $err = $_
        }
        $err | Should -Not -BeNullOrEmpty -Because "$Case must fail"
        $err.FullyQualifiedErrorId | Should -BeExactly $ErrorId
        $err.Exception.Message | Should -Match ([regex]::Escape($Match))
    }

    It 'a disposed validation object is KrJwt.ObjectDisposed, not a crash' {
        $validation = New-KrJWTValidationParameter -Authority 'https://idp.example' -ValidAudience 'api'
        $validation.Dispose()
        { Get-KrJWTKeySource -ValidationParameter $validation } | Should -Throw -ErrorId 'KrJwt.ObjectDisposed,Get-KrJWTKeySource'
    }

    It 'Update-KrJWTKeySource -WhatIf fetches nothing' {
        $validation = New-TestProviderValidation
        Update-KrJWTKeySource -ValidationParameter $validation -WhatIf
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount | Should -Be 0
        $status = Update-KrJWTKeySource -ValidationParameter $validation -PassThru
        $status.FetchCount | Should -Be 2
    }
}

Describe 'README: Validate tokens from your identity provider' {
    It 'the README example runs against the local test provider' {
        $readme = Get-Content -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'README.md') -Raw
        $section = [regex]::Match($readme, '(?ms)^## Validate tokens from your identity provider\s*$(.*?)(?=^## )').Groups[1].Value
        $section | Should -Not -BeNullOrEmpty
        $code = [regex]::Match($section, '(?ms)^```powershell\s*$(.*?)^```').Groups[1].Value
        $code | Should -Match '\$authority = '
        # The address the test provider printed replaces the example's.
        $code = [regex]::Replace($code, "(?m)^\`$authority = '[^']*'", "`$authority = '$($script:P.issuer)'")
        $output = & ([scriptblock]::Create($code)) | Out-String -Width 4096
        $output | Should -Match '(?m)^True\s*$'
        $output | Should -Match ([regex]::Escape((Invoke-TestControl -Path state -Method Get).signing.RS256))
        $output | Should -Match 'FetchCount\s+: 2'
    }
}
