# End-to-end tests of examples/bearer-server.ps1: the server runs as a separate pwsh process on
# 127.0.0.1 and is called over HTTP. Every call has a timeout and the server has a -MaxSeconds limit, so
# nothing here can hang. Unit-level tests of the cmdlets are in BearerAuthentication.Tests.ps1.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    function Invoke-TestGet {
        <# GET with an optional Authorization header; never throws for an HTTP status; 10 s timeout. #>
        param(
            [Parameter(Mandatory)] [string] $Path,
            [AllowNull()] [string] $Authorization
        )
        $headers = @{}
        if ($null -ne $Authorization) {
            $headers['Authorization'] = $Authorization
        }
        $response = Invoke-WebRequest -Uri ($script:Server.Url + $Path.TrimStart('/')) -Headers $headers -TimeoutSec 10 -SkipHttpErrorCheck -SkipHeaderValidation
        [pscustomobject]@{
            StatusCode      = [int] $response.StatusCode
            Body            = if ($response.Content -is [byte[]]) { [System.Text.Encoding]::UTF8.GetString($response.Content) } else { [string] $response.Content }
            WwwAuthenticate = ($response.Headers['WWW-Authenticate'] | Select-Object -First 1)
        }
    }

    function Invoke-TestRawGet {
        <#
            GET over a raw TCP connection, for header bytes HttpClient would not send (non-ASCII, empty value,
            1 MB). Returns StatusCode 0 when the server closed the connection without an answer.
        #>
        param(
            [Parameter(Mandatory)] [int] $Port,
            [string] $Path = '/secure/hello',
            [byte[]] $HeaderBytes = @()
        )
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            if (-not $client.ConnectAsync('127.0.0.1', $Port).Wait(5000)) {
                throw "connect to port $Port timed out"
            }
            $client.SendTimeout = 10000
            $client.ReceiveTimeout = 10000
            $stream = $client.GetStream()
            $head = [System.Text.Encoding]::ASCII.GetBytes("GET $Path HTTP/1.1`r`nHost: 127.0.0.1:$Port`r`nConnection: close`r`n")
            $request = [byte[]] ($head + $HeaderBytes + [System.Text.Encoding]::ASCII.GetBytes("`r`n"))
            try {
                $stream.Write($request, 0, $request.Length)
            } catch {
                $null = $_   # the server may answer and close before it has read everything
            }
            $buffer = [byte[]]::new(65536)
            $received = [System.IO.MemoryStream]::new()
            try {
                while (($n = $stream.Read($buffer, 0, $buffer.Length)) -gt 0) {
                    $received.Write($buffer, 0, $n)
                }
            } catch {
                $null = $_
            }
            $text = [System.Text.Encoding]::Latin1.GetString($received.ToArray())
            $status = if ($text -match '^HTTP/1\.[01] (\d{3})') { [int] $Matches[1] } else { 0 }
            $challenge = if ($text -match '(?im)^WWW-Authenticate: (.*?)\r?$') { $Matches[1] } else { $null }
            [pscustomobject]@{ StatusCode = $status; WwwAuthenticate = $challenge; Raw = $text }
        } finally {
            $client.Dispose()
        }
    }

    function Get-TestBasicHeader {
        param([string] $User, [string] $Password)
        'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("${User}:$Password"))
    }

    function Test-TestPortOpen {
        param([int] $Port)
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $task = $client.ConnectAsync('127.0.0.1', $Port)
            try {
                $task.Wait(3000) -and $client.Connected
            } catch {
                $false
            }
        } finally {
            $client.Dispose()
        }
    }

    # The server's key: fixed by the test so it can mint expired / foreign-audience / non-admin tokens.
    $script:HexKey = New-TestHexKey
    $script:Server = Start-TestServer -HexKey $script:HexKey
    $script:Issuer = 'KrJwtDemoIssuer'
    $script:Audience = 'KrJwtDemoAudience'

    function New-TestServerToken {
        <# A token signed with the server's key (test-only access), with optional changes. #>
        param(
            [string] $Audience = $script:Audience,
            [string] $Role = 'admin',
            [string] $Name = 'admin',
            [switch] $Expired
        )
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $Audience |
            Protect-KrJWT -HexadecimalKey $script:HexKey -Algorithm HS256 |
            Add-KrJWTSubject -Subject $Name | Add-KrJWTClaim -UserClaimType Name -Value $Name |
            Add-KrJWTClaim -UserClaimType Role -Value $Role
        if ($Expired) {
            $builder = $builder | Limit-KrJWTNotBefore -UtcBefore ([DateTime]::UtcNow.AddHours(-2)) | Limit-KrJWTValidity -Minutes 5
        }
        ($builder | Build-KrJWT).Token
    }
}

AfterAll {
    if ($script:Server) {
        Stop-TestServer -Server $script:Server
    }
}

Describe 'bearer-server.ps1 over HTTP' {
    It 'prints its URL first, on 127.0.0.1 only' {
        $script:Server.Url | Should -Match '^http://127\.0\.0\.1:\d+/$'
        $script:Server.Process.HasExited | Should -BeFalse
    }

    It 'GET /token/new with admin:password -> 200 JSON {access_token, expires}' {
        $r = Invoke-TestGet -Path '/token/new' -Authorization (Get-TestBasicHeader -User 'admin' -Password 'password')
        $r.StatusCode | Should -Be 200
        $json = $r.Body | ConvertFrom-Json
        $json.access_token.Split('.').Count | Should -Be 3
        [DateTime] $json.expires | Should -BeGreaterThan ([DateTime]::UtcNow)
        $payload = Get-TestTokenPart -Token $json.access_token -Part Payload
        $payload.sub | Should -BeExactly 'admin'
        $payload.unique_name | Should -BeExactly 'admin'
        $payload.role | Should -BeExactly 'admin'
        $payload.iss | Should -BeExactly $script:Issuer
        $script:Token = $json.access_token
    }

    It 'GET /token/new with other credentials (<Case>) -> 401 with a Basic challenge' -ForEach @(
        @{ Case = 'wrong password'; User = 'admin'; Password = 'wrong' }
        @{ Case = 'wrong user'; User = 'root'; Password = 'password' }
        @{ Case = 'not base64'; Raw = 'Basic !!!notbase64' }
        @{ Case = 'a bearer token'; Raw = 'Bearer abc.def.ghi' }
        @{ Case = 'none'; Raw = $null }
    ) {
        $header = if ($User) { Get-TestBasicHeader -User $User -Password $Password } else { $Raw }
        $r = Invoke-TestGet -Path '/token/new' -Authorization $header
        $r.StatusCode | Should -Be 401
        $r.WwwAuthenticate | Should -BeExactly 'Basic realm="krjwt"'
    }

    It 'GET /secure/hello with the token -> 200 "JWT Hello admin" (scheme name in any case)' {
        $r = Invoke-TestGet -Path '/secure/hello' -Authorization "Bearer $script:Token"
        $r.StatusCode | Should -Be 200
        $r.Body | Should -BeExactly 'JWT Hello admin'
        $r = Invoke-TestGet -Path '/secure/hello' -Authorization "bearer $script:Token"
        $r.StatusCode | Should -Be 200
        $r.Body | Should -BeExactly 'JWT Hello admin'
    }

    It 'GET /token/renew -> a different token that also works' {
        # Tokens have one-second times; make sure the new one cannot coincide by time alone.
        Start-Sleep -Milliseconds 1100
        $r = Invoke-TestGet -Path '/token/renew' -Authorization "Bearer $script:Token"
        $r.StatusCode | Should -Be 200
        $renewed = ($r.Body | ConvertFrom-Json).access_token
        $renewed | Should -Not -BeNullOrEmpty
        $renewed | Should -Not -BeExactly $script:Token
        $old = Get-TestTokenPart -Token $script:Token -Part Payload
        $new = Get-TestTokenPart -Token $renewed -Part Payload
        $new.sub | Should -BeExactly $old.sub
        $new.role | Should -BeExactly $old.role
        $new.iat | Should -BeGreaterThan $old.iat
        $hello = Invoke-TestGet -Path '/secure/hello' -Authorization "Bearer $renewed"
        $hello.StatusCode | Should -Be 200
        $hello.Body | Should -BeExactly 'JWT Hello admin'
    }

    It 'GET /token/renew refuses what it cannot validate -> 401' {
        (Invoke-TestGet -Path '/token/renew' -Authorization $null).StatusCode | Should -Be 401
        (Invoke-TestGet -Path '/token/renew' -Authorization ('Bearer ' + (New-TestServerToken -Expired))).StatusCode | Should -Be 401
        $forged = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience |
                Protect-KrJWT -HexadecimalKey (New-TestHexKey) -Algorithm HS256 | Add-KrJWTSubject -Subject 'admin' | Build-KrJWT).Token
        $r = Invoke-TestGet -Path '/token/renew' -Authorization "Bearer $forged"
        $r.StatusCode | Should -Be 401
        $r.WwwAuthenticate | Should -BeLike 'Bearer error="invalid_token"*'
    }

    It 'no Authorization header -> 401 with a bare Bearer challenge' {
        $r = Invoke-TestGet -Path '/secure/hello' -Authorization $null
        $r.StatusCode | Should -Be 401
        $r.WwwAuthenticate | Should -BeExactly 'Bearer'
    }

    It '<Case> token -> 401 invalid_token with a description' -ForEach @(
        @{ Case = 'tampered'; Make = { $p = $script:Token.Split('.'); $p[0] + '.' + $p[1] + '.' + ($(if ($p[2][0] -eq 'A') { 'B' } else { 'A' }) + $p[2].Substring(1)) } }
        @{ Case = 'tampered payload'; Make = { $p = $script:Token.Split('.'); $p[0] + '.' + (ConvertTo-TestBase64Url -Data ((Get-TestTokenPart -Token $script:Token -Part Payload -Raw).Replace('"admin"', '"root"'))) + '.' + $p[2] } }
        @{ Case = 'expired'; Make = { New-TestServerToken -Expired } }
        @{ Case = 'wrong-audience'; Make = { New-TestServerToken -Audience 'SomebodyElse' } }
        @{ Case = 'not a JWT'; Make = { 'abc.def' } }
    ) {
        $token = & $Make
        $r = Invoke-TestGet -Path '/secure/hello' -Authorization "Bearer $token"
        $r.StatusCode | Should -Be 401
        $r.WwwAuthenticate | Should -BeLike 'Bearer error="invalid_token", error_description="*"'
    }

    It 'the expired and wrong-audience descriptions say why' {
        (Invoke-TestGet -Path '/secure/hello' -Authorization ('Bearer ' + (New-TestServerToken -Expired))).WwwAuthenticate | Should -Match 'expired'
        (Invoke-TestGet -Path '/secure/hello' -Authorization ('Bearer ' + (New-TestServerToken -Audience 'X'))).WwwAuthenticate | Should -Match 'audience'
    }

    It 'GET /secure/policy: role=admin -> 200 naming the claim; another role -> 403 insufficient_scope' {
        $ok = Invoke-TestGet -Path '/secure/policy' -Authorization "Bearer $script:Token"
        $ok.StatusCode | Should -Be 200
        $ok.Body | Should -Match 'role=admin'
        $user = New-TestServerToken -Role 'user' -Name 'bob'
        $no = Invoke-TestGet -Path '/secure/policy' -Authorization "Bearer $user"
        $no.StatusCode | Should -Be 403
        $no.WwwAuthenticate | Should -BeLike 'Bearer error="insufficient_scope"*'
        # The same token is fine where no policy applies.
        $hello = Invoke-TestGet -Path '/secure/hello' -Authorization "Bearer $user"
        $hello.StatusCode | Should -Be 200
        $hello.Body | Should -BeExactly 'JWT Hello bob'
        # No token at all is a 401, not a 403.
        (Invoke-TestGet -Path '/secure/policy' -Authorization $null).StatusCode | Should -Be 401
    }

    It 'bad header: <Case> -> <Expected>, and the server still serves a good request afterwards' -ForEach @(
        @{ Case = 'empty value'; Bytes = [System.Text.Encoding]::ASCII.GetBytes("Authorization: `r`n"); Expected = @(401); Challenge = 'Bearer' }
        @{ Case = '"Bearer" without a token'; Bytes = [System.Text.Encoding]::ASCII.GetBytes("Authorization: Bearer`r`n"); Expected = @(400); Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = '"Bearer " and blanks'; Bytes = [System.Text.Encoding]::ASCII.GetBytes("Authorization: Bearer    `r`n"); Expected = @(400); Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'two tokens'; Bytes = [System.Text.Encoding]::ASCII.GetBytes("Authorization: Bearer aaa.bbb.ccc ddd.eee.fff`r`n"); Expected = @(400); Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'non-ASCII UTF-8 bytes'; Bytes = [byte[]] ([System.Text.Encoding]::ASCII.GetBytes('Authorization: Bearer abc') + [byte[]] (0xC3, 0xA9) + [System.Text.Encoding]::ASCII.GetBytes("def`r`n")); Expected = @(400); Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = 'non-ASCII Latin-1 byte'; Bytes = [byte[]] ([System.Text.Encoding]::ASCII.GetBytes('Authorization: Bearer abc') + [byte[]] (0xE9) + [System.Text.Encoding]::ASCII.GetBytes("def`r`n")); Expected = @(400); Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = '20 KB header'; Bytes = [System.Text.Encoding]::ASCII.GetBytes('Authorization: Bearer ' + ('a' * 20KB) + "`r`n"); Expected = @(400); Challenge = 'Bearer error="invalid_request"*' }
        @{ Case = '1 MB header'; Bytes = [System.Text.Encoding]::ASCII.GetBytes('Authorization: Bearer ' + ('a' * 1MB) + "`r`n"); Expected = @(400, 431, 0); Challenge = $null }
    ) {
        $r = Invoke-TestRawGet -Port $script:Server.Port -HeaderBytes $Bytes
        $r.StatusCode | Should -BeIn $Expected -Because $r.Raw.Substring(0, [Math]::Min(300, $r.Raw.Length))
        if ($Challenge) {
            $r.WwwAuthenticate | Should -BeLike $Challenge
        }
        $good = Invoke-TestGet -Path '/secure/hello' -Authorization "Bearer $script:Token"
        $good.StatusCode | Should -Be 200
        $good.Body | Should -BeExactly 'JWT Hello admin'
    }

    It 'a raw good request with a lower-case scheme is accepted' {
        $r = Invoke-TestRawGet -Port $script:Server.Port -HeaderBytes ([System.Text.Encoding]::ASCII.GetBytes("Authorization: bearer $script:Token`r`n"))
        $r.StatusCode | Should -Be 200
        $r.Raw | Should -Match 'JWT Hello admin'
    }

    It 'unknown paths -> 404, other methods -> 405' {
        (Invoke-TestGet -Path '/nothing/here' -Authorization $null).StatusCode | Should -Be 404
        $post = Invoke-WebRequest -Uri ($script:Server.Url + 'secure/hello') -Method Post -TimeoutSec 10 -SkipHttpErrorCheck
        [int] $post.StatusCode | Should -Be 405
    }

    It 'serves concurrent requests (60 at once, mixed good and bad)' {
        $client = [System.Net.Http.HttpClient]::new()
        $client.Timeout = [TimeSpan]::FromSeconds(20)
        try {
            $tasks = foreach ($i in 1..60) {
                $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $script:Server.Url + 'secure/hello')
                $auth = if ($i % 3 -eq 0) { 'Bearer bad.token.value' } else { "Bearer $script:Token" }
                $null = $request.Headers.TryAddWithoutValidation('Authorization', $auth)
                $client.SendAsync($request)
            }
            [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]] $tasks, 60000) | Should -BeTrue
            $codes = $tasks | ForEach-Object { [int] $_.Result.StatusCode }
            @($codes | Where-Object { $_ -eq 200 }).Count | Should -Be 40
            @($codes | Where-Object { $_ -eq 401 }).Count | Should -Be 20
        } finally {
            $client.Dispose()
        }
    }

    It 'the server wrote no request failures to stderr' {
        $errText = Get-Content -LiteralPath $script:Server.StdErr -Raw -ErrorAction SilentlyContinue
        $errText | Should -Not -Match 'request failed|worker error'
    }

    It 'GET /shutdown stops it cleanly: 200, the process exits 0, the port is closed' {
        $r = Invoke-TestGet -Path '/shutdown' -Authorization $null
        $r.StatusCode | Should -Be 200
        $script:Server.Process.WaitForExit(20000) | Should -BeTrue
        $script:Server.Process.ExitCode | Should -Be 0
        Get-Content -LiteralPath $script:Server.StdOut | Should -Contain 'STOPPED'
        Test-TestPortOpen -Port $script:Server.Port | Should -BeFalse
    }
}

Describe 'bearer-server.ps1 -MaxSeconds' {
    It 'stops by itself after -MaxSeconds and closes its port' {
        $short = Start-TestServer -HexKey (New-TestHexKey) -MaxSeconds 3 -Workers 2
        try {
            $short.Process.WaitForExit(30000) | Should -BeTrue
            $short.Process.ExitCode | Should -Be 0
            Get-Content -LiteralPath $short.StdOut | Should -Contain 'STOPPING after 3 s'
            Test-TestPortOpen -Port $short.Port | Should -BeFalse
        } finally {
            Stop-TestServer -Server $short
        }
    }
}
