<#
    .SYNOPSIS
        A small JWT bearer server over HttpListener: the routes of the KrJwt guide (section 5).
    .DESCRIPTION
        Listens on 127.0.0.1 only, on a free port chosen at start, and prints
        'LISTENING http://127.0.0.1:<port>/' as its first line on stdout. Routes (GET only):

          /token/new      HTTP Basic admin:password -> 200 JSON {access_token, expires};
                          any other credentials -> 401, WWW-Authenticate: Basic realm="krjwt"
          /token/renew    Bearer -> 200 JSON {access_token, expires}: a new token re-issued from the
                          validated principal (Update-KrJWT -FromContext re-issues $Context.User, a KrJwt.JwtPrincipal)
          /secure/hello   Bearer -> 200 text 'JWT Hello <name>'
          /secure/policy  Bearer + claim policy AdminOnly (role = admin) -> 200 text naming the claim;
                          a valid token without it -> 403 with error="insufficient_scope"
          /metrics        the validation counters of the scheme in the Prometheus text exposition format
                          (krjwt_validations_total by outcome, krjwt_validation_failures_total by reason,
                          krjwt_signals_total by signal), from Get-KrJWTValidationStatistic
          /shutdown       from loopback -> 200, then the server stops
          anything else   404 (405 for another method)

        A failed bearer authentication answers 401 (or 400 for error="invalid_request") with the RFC 6750
        WWW-Authenticate challenge the native library wrote. Every decision about the token (header
        parsing, validation, claim mapping, policy) is made by Invoke-KrJWTBearerAuthentication, i.e. by the
        library; this script only routes and writes responses.

        Requests are served concurrently by -Workers PowerShell runspaces that each wait on the same
        listener and share one validator (validators are immutable and thread-safe); each worker has its own
        copy of the token builder. A failing request never stops a worker. The server stops on GET
        /shutdown or after -MaxSeconds, whichever comes first, closes the listener and exits 0.

        Key: HS256 with a 32-byte secret generated at start. For tests only, the environment variable
        KRJWT_DEMO_HEXKEY (64 hex digits) fixes the secret so a test can mint special tokens (expired, other
        audience) with the same key; the secret is never printed or sent. KRJWT_DEMO_PEMPATH (a private key
        PEM file) makes the server sign with that key instead (its algorithm and key id), for
        examples/api.Tests.ps1.
    .PARAMETER MaxSeconds
        Stop after this many seconds at most (1 to 86400). Default 900.
    .PARAMETER Workers
        Number of concurrent request workers (1 to 64). Default 8.
    .PARAMETER Issuer
        The issuer of the tokens (and the only valid one).
    .PARAMETER Audience
        The audience of the tokens (and the only valid one).
    .PARAMETER LifetimeMinutes
        Lifetime of issued tokens. Default 30.
    .PARAMETER LogRequests
        Write one line per request (method, path, status) to stderr.
    .PARAMETER LogPath
        A JSON Lines file the scheme's validation events are appended to (Add-KrJWTBearerAuthentication
        -LogPath): one line per refused token and per misuse signal, never a token.
    .PARAMETER ReplayDetection
        Signal a token whose jti is presented again before it expires (Add-KrJWTBearerAuthentication
        -ReplayDetection).
    .EXAMPLE
        pwsh -NoProfile -File examples/bearer-server.ps1 -MaxSeconds 60

        Then: curl -u admin:password http://127.0.0.1:<port>/token/new
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 86400)]
    [int] $MaxSeconds = 900,

    [ValidateRange(1, 64)]
    [int] $Workers = 8,

    [ValidateNotNullOrEmpty()]
    [string] $Issuer = 'KrJwtDemoIssuer',

    [ValidateNotNullOrEmpty()]
    [string] $Audience = 'KrJwtDemoAudience',

    [ValidateRange(1, 1440)]
    [int] $LifetimeMinutes = 30,

    [switch] $LogRequests,

    [string] $LogPath,

    [switch] $ReplayDetection
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$modulePath = Join-Path -Path $PSScriptRoot -ChildPath '../ps-module/KrJwt/KrJwt.psd1'
Import-Module -Name $modulePath -Force

# ---- keys, builder, scheme -------------------------------------------------------------------
$hexKey = $env:KRJWT_DEMO_HEXKEY
if ([string]::IsNullOrEmpty($hexKey)) {
    $hexKey = [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)).ToLowerInvariant()
}

# For tests only, KRJWT_DEMO_PEMPATH names a private key PEM file to sign with instead (its own algorithm and
# key id, e.g. ES256 for a P-256 key), so that tests can try the hostile tokens that need a public key.
$pemPath = $env:KRJWT_DEMO_PEMPATH
$signingKey = if ($pemPath) { @{ PemPath = $pemPath } } else { @{ HexadecimalKey = $hexKey; Algorithm = 'HS256' } }
$jwtBuilder = New-KrJWTBuilder |
    Add-KrJWTIssuer -Issuer $Issuer |
    Add-KrJWTAudience -Audience $Audience |
    Protect-KrJWT @signingKey |
    Limit-KrJWTValidity -Minutes $LifetimeMinutes

$claimPolicy = @{ AdminOnly = @{ ClaimType = 'role'; AllowedValues = @('admin') } }
# -Force: running the script again in the same session replaces the scheme instead of failing (KrJwt.SchemeExists).
$validationKey = if ($pemPath) {
    # The issuer, audience, algorithm, key and key id of the builder's own tokens.
    @{ ValidationParameter = $jwtBuilder | Build-KrJWT | Get-KrJWTValidationParameter -ClockSkew ([TimeSpan]::FromSeconds(30)) }
} else {
    @{ ValidIssuer = $Issuer; ValidAudience = $Audience; HexadecimalKey = $hexKey; ValidAlgorithms = 'HS256'; ClockSkew = [TimeSpan]::FromSeconds(30) }
}
$events = @{}
if ($LogPath) {
    $events['LogPath'] = $LogPath
}
if ($ReplayDetection) {
    $events['ReplayDetection'] = $true
}
$scheme = Add-KrJWTBearerAuthentication -Name 'Bearer' -Force @validationKey -ClaimPolicy $claimPolicy -PassThru @events
$hexKey = $null

# ---- listener on 127.0.0.1, free port ---------------------------------------------------------
# HttpListener cannot bind port 0: let the OS pick a free loopback port, release it, then use it.
$listener = $null
for ($attempt = 1; $null -eq $listener; $attempt++) {
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start()
    $port = ([System.Net.IPEndPoint] $probe.LocalEndpoint).Port
    $probe.Stop()
    $candidate = [System.Net.HttpListener]::new()
    $candidate.Prefixes.Add("http://127.0.0.1:$port/")
    $candidate.IgnoreWriteExceptions = $true
    try {
        $candidate.Start()
        $listener = $candidate
    } catch {
        $candidate.Close()
        if ($attempt -ge 5) {
            throw
        }
    }
}
$url = "http://127.0.0.1:$port/"

# ---- workers ------------------------------------------------------------------------------------
$worker = {
    param(
        [System.Net.HttpListener] $Listener,
        [KrJwt.JwtBuilder] $Builder,
        [KrJwt.JwtValidationParameters] $Validation,
        [hashtable] $ClaimPolicy,
        [System.Threading.ManualResetEventSlim] $Stop,
        [bool] $LogRequests
    )
    $ErrorActionPreference = 'Stop'
    Set-StrictMode -Version Latest

    # The registry is per runspace; every worker registers the same (shared) validator.
    Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $Validation -ClaimPolicy $ClaimPolicy
    $basicExpected = [System.Text.Encoding]::UTF8.GetBytes('admin:password')
    $utf8 = [System.Text.UTF8Encoding]::new($false)

    function Send-Response {
        param(
            [System.Net.HttpListenerResponse] $Response,
            [int] $Status,
            [string] $Body,
            [string] $ContentType = 'text/plain; charset=utf-8',
            [string] $Challenge
        )
        $Response.StatusCode = $Status
        if ($Challenge) {
            $Response.AddHeader('WWW-Authenticate', $Challenge)
        }
        $Response.Headers['Cache-Control'] = 'no-store'
        $bytes = $utf8.GetBytes($Body)
        $Response.ContentType = $ContentType
        $Response.ContentLength64 = $bytes.Length
        $Response.OutputStream.Write($bytes, 0, $bytes.Length)
    }

    function Send-Json {
        param([System.Net.HttpListenerResponse] $Response, [System.Collections.IDictionary] $Value)
        Send-Response -Response $Response -Status 200 -Body (ConvertTo-Json -InputObject $Value -Compress) -ContentType 'application/json; charset=utf-8'
    }

    function Send-BearerFailure {
        param([System.Net.HttpListenerResponse] $Response, [KrJwt.JwtBearerAuthenticationResult] $Auth)
        Send-Response -Response $Response -Status $Auth.StatusCode -Body "$($Auth.StatusCode) $($Auth.Reason)" -Challenge $Auth.WwwAuthenticate
    }

    function Test-BasicCredential {
        # HTTP Basic for the demo's token endpoint only; compared in constant time.
        param([string] $Header)
        if (-not $Header -or -not $Header.StartsWith('Basic ', [StringComparison]::OrdinalIgnoreCase)) {
            return $false
        }
        try {
            $given = [Convert]::FromBase64String($Header.Substring(6).Trim())
        } catch {
            return $false
        }
        [System.Security.Cryptography.CryptographicOperations]::FixedTimeEquals($given, $basicExpected)
    }

    function ConvertTo-PrometheusText {
        # The Prometheus text exposition format (version 0.0.4) of the scheme's counters.
        param([KrJwt.JwtValidationStatistic[]] $Statistic)
        $label = { param([string] $Value) $Value.Replace('\', '\\').Replace('"', '\"').Replace("`n", '\n') }
        $lines = [System.Collections.Generic.List[string]]::new()
        $lines.Add('# HELP krjwt_validations_total Token validations by scheme and outcome.')
        $lines.Add('# TYPE krjwt_validations_total counter')
        foreach ($s in $Statistic) {
            $lines.Add(('krjwt_validations_total{{scheme="{0}",outcome="success"}} {1}' -f (& $label $s.Scheme), $s.Succeeded))
            $lines.Add(('krjwt_validations_total{{scheme="{0}",outcome="failure"}} {1}' -f (& $label $s.Scheme), $s.Failed))
        }
        $lines.Add('# HELP krjwt_validation_failures_total Refused tokens by scheme and reason.')
        $lines.Add('# TYPE krjwt_validation_failures_total counter')
        foreach ($s in $Statistic) {
            foreach ($reason in ($s.FailedByReason.Keys | Sort-Object)) {
                $lines.Add(('krjwt_validation_failures_total{{scheme="{0}",reason="{1}"}} {2}' -f (& $label $s.Scheme), (& $label $reason), $s.FailedByReason[$reason]))
            }
        }
        $lines.Add('# HELP krjwt_signals_total Misuse signals raised by scheme and signal.')
        $lines.Add('# TYPE krjwt_signals_total counter')
        foreach ($s in $Statistic) {
            foreach ($signal in ($s.Signals.Keys | Sort-Object)) {
                $lines.Add(('krjwt_signals_total{{scheme="{0}",signal="{1}"}} {2}' -f (& $label $s.Scheme), (& $label $signal), $s.Signals[$signal]))
            }
        }
        $lines.Add('# HELP krjwt_validations_last_minute Token validations in the last 60 seconds.')
        $lines.Add('# TYPE krjwt_validations_last_minute gauge')
        foreach ($s in $Statistic) {
            $lines.Add(('krjwt_validations_last_minute{{scheme="{0}"}} {1}' -f (& $label $s.Scheme), $s.PerMinute))
        }
        ($lines -join "`n") + "`n"
    }

    function New-TokenAnswer {
        param([KrJwt.JwtResult] $Built)
        [ordered]@{ access_token = $Built.Token; expires = $Built.Expires.ToString('o') }
    }

    while ($Listener.IsListening) {
        try {
            $ctx = $Listener.GetContext()
        } catch {
            break   # the listener was stopped
        }
        $status = 500
        try {
            $request = $ctx.Request
            $response = $ctx.Response
            $path = $request.Url.AbsolutePath
            if ($request.HttpMethod -ne 'GET') {
                $response.AddHeader('Allow', 'GET')
                Send-Response -Response $response -Status 405 -Body 'method not allowed'
                $status = 405
                continue
            }
            switch -Exact ($path) {
                '/token/new' {
                    if (-not (Test-BasicCredential -Header $request.Headers['Authorization'])) {
                        Send-Response -Response $response -Status 401 -Body '401 Unauthorized' -Challenge 'Basic realm="krjwt"'
                        $status = 401
                        break
                    }
                    $built = Copy-KrJWTTokenBuilder -Builder $Builder |
                        Add-KrJWTSubject -Subject 'admin' |
                        Add-KrJWTClaim -UserClaimType Name -Value 'admin' |
                        Add-KrJWTClaim -UserClaimType Role -Value 'admin' |
                        Build-KrJWT
                    Send-Json -Response $response -Value (New-TokenAnswer -Built $built)
                    $status = 200
                }
                '/token/renew' {
                    $auth = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Request $request
                    if (-not $auth.Succeeded) {
                        Send-BearerFailure -Response $response -Auth $auth
                        $status = $auth.StatusCode
                        break
                    }
                    # Kestrun's route variable: the request and the principal the library validated just
                    # now. Update-KrJWT -FromContext re-issues that principal's validated payload (it
                    # refuses any User that is not a KrJwt.JwtPrincipal), never the raw header.
                    $Context = [pscustomobject]@{ Request = $request; Response = $response; User = $auth.Principal }
                    $renewed = $Builder | Update-KrJWT -FromContext -PassThru
                    Send-Json -Response $response -Value (New-TokenAnswer -Built $renewed)
                    $status = 200
                }
                '/secure/hello' {
                    $auth = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Request $request
                    if (-not $auth.Succeeded) {
                        Send-BearerFailure -Response $response -Auth $auth
                        $status = $auth.StatusCode
                        break
                    }
                    Send-Response -Response $response -Status 200 -Body "JWT Hello $($auth.Principal.Identity.Name)"
                    $status = 200
                }
                '/secure/policy' {
                    $auth = Invoke-KrJWTBearerAuthentication -Name 'Bearer' -Request $request -Policy 'AdminOnly'
                    if (-not $auth.Succeeded) {
                        Send-BearerFailure -Response $response -Auth $auth
                        $status = $auth.StatusCode
                        break
                    }
                    $roles = $auth.Principal.Roles -join ','
                    Send-Response -Response $response -Status 200 -Body "JWT policy AdminOnly satisfied for $($auth.Principal.Identity.Name): role=$roles"
                    $status = 200
                }
                '/metrics' {
                    $statistic = Get-KrJWTValidationStatistic -Name 'Bearer'
                    Send-Response -Response $response -Status 200 -Body (ConvertTo-PrometheusText -Statistic $statistic) -ContentType 'text/plain; version=0.0.4; charset=utf-8'
                    $status = 200
                }
                '/shutdown' {
                    if (-not [System.Net.IPAddress]::IsLoopback($request.RemoteEndPoint.Address)) {
                        Send-Response -Response $response -Status 403 -Body 'forbidden'
                        $status = 403
                        break
                    }
                    Send-Response -Response $response -Status 200 -Body 'stopping'
                    $status = 200
                    $response.Close()
                    $Stop.Set()
                }
                default {
                    Send-Response -Response $response -Status 404 -Body 'not found'
                    $status = 404
                }
            }
        } catch {
            # Never let one request stop the worker.
            [Console]::Error.WriteLine("request failed: $($_.Exception.Message)")
            try {
                Send-Response -Response $ctx.Response -Status 500 -Body 'internal error'
            } catch {
                $null = $_
            }
        } finally {
            if ($LogRequests) {
                [Console]::Error.WriteLine(('{0} {1} {2}' -f $ctx.Request.HttpMethod, $ctx.Request.RawUrl, $status))
            }
            try {
                $ctx.Response.Close()
            } catch {
                $null = $_
            }
        }
    }
}

$stop = [System.Threading.ManualResetEventSlim]::new($false)
$sessionState = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
$sessionState.ImportPSModule((Resolve-Path -LiteralPath $modulePath).ProviderPath)
$pool = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspacePool(1, $Workers, $sessionState, $Host)
$pool.Open()
$running = [System.Collections.Generic.List[object]]::new()
$exitCode = 0
try {
    for ($i = 0; $i -lt $Workers; $i++) {
        $ps = [PowerShell]::Create()
        $ps.RunspacePool = $pool
        $null = $ps.AddScript($worker).AddParameters(@{
                Listener    = $listener
                Builder     = $jwtBuilder.Copy()
                Validation  = $scheme.ValidationParameters
                ClaimPolicy = $claimPolicy
                Stop        = $stop
                LogRequests = [bool] $LogRequests
            })
        $running.Add([pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() })
    }

    [Console]::Out.WriteLine("LISTENING $url")
    [Console]::Out.Flush()

    # Short waits so Ctrl+C is honoured between them (the finally block then stops everything).
    $deadline = [System.Diagnostics.Stopwatch]::StartNew()
    $stoppedByRequest = $false
    while (-not $stoppedByRequest -and $deadline.Elapsed.TotalSeconds -lt $MaxSeconds) {
        $stoppedByRequest = $stop.Wait(250)
    }
    [Console]::Out.WriteLine($(if ($stoppedByRequest) { 'STOPPING shutdown requested' } else { "STOPPING after $MaxSeconds s" }))
} catch {
    [Console]::Error.WriteLine("server failed: $($_.Exception.Message)")
    $exitCode = 1
} finally {
    $listener.Stop()
    $listener.Close()
    foreach ($entry in $running) {
        if (-not $entry.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(10))) {
            $entry.PowerShell.Stop()
        }
        foreach ($record in $entry.PowerShell.Streams.Error) {
            [Console]::Error.WriteLine("worker error: $record")
        }
        $entry.PowerShell.Dispose()
    }
    $pool.Close()
    $pool.Dispose()
    $stop.Dispose()
    [Console]::Out.WriteLine('STOPPED')
    [Console]::Out.Flush()
}
exit $exitCode
