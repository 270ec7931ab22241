<#
    .SYNOPSIS
        Load test of examples/bearer-server.ps1: concurrent clients calling GET /secure/hello with a bearer token.
    .DESCRIPTION
        Starts the example server (its own pwsh process, 127.0.0.1, bounded by -ServerMaxSeconds), gets a
        token from /token/new, warms up, then runs -Clients concurrent clients (ForEach-Object -Parallel
        -ThrottleLimit = -Clients, one HttpClient with keep-alive each) that each send -Requests
        sequential GET /secure/hello requests. Every answer must be 200 with the body 'JWT Hello admin';
        anything else (status, body, exception, 10 s timeout) counts as a failure and is reported.
        Prints the configuration, requests/second over the whole run (wall clock), latency percentiles
        (p50, p90, p99, max, per request, client side) and the failure count, then stops the server with
        GET /shutdown. Client and server share the machine, so the figures are for the whole loop.
        Exits 1 when any request failed.
    .PARAMETER Clients
        Concurrent clients. Default 20.
    .PARAMETER Requests
        Requests per client. Default 500.
    .PARAMETER Workers
        Server worker runspaces. Default 8.
    .PARAMETER Warmup
        Requests sent (sequentially) before measuring. Default 200.
    .PARAMETER ServerMaxSeconds
        The server's -MaxSeconds (upper bound of the whole run). Default 600.
    .EXAMPLE
        .tools/pwsh -NoProfile -File benchmarks/bearer-load.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 200)] [int] $Clients = 20,
    [ValidateRange(1, 100000)] [int] $Requests = 500,
    [ValidateRange(1, 64)] [int] $Workers = 8,
    [ValidateRange(0, 100000)] [int] $Warmup = 200,
    [ValidateRange(10, 86400)] [int] $ServerMaxSeconds = 600
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = Split-Path -Parent $PSScriptRoot
$serverScript = Join-Path $repoRoot 'examples/bearer-server.ps1'
$pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
if (-not (Test-Path -LiteralPath $pwsh -PathType Leaf)) {
    $pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
}
if (-not (Test-Path -LiteralPath (Join-Path $repoRoot 'ps-module/KrJwt/bin/KrJwt.Interop.dll'))) {
    throw "KrJwt is not built: run 'pwsh ./build.ps1 Build' first."
}

# ---- server -----------------------------------------------------------------------------------
$work = Join-Path ([System.IO.Path]::GetTempPath()) ('krjwt-load-' + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory -Path $work
$stdout = Join-Path $work 'stdout.txt'
$stderr = Join-Path $work 'stderr.txt'
$server = Start-Process -FilePath $pwsh -PassThru -RedirectStandardOutput $stdout -RedirectStandardError $stderr `
    -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $serverScript, '-MaxSeconds', $ServerMaxSeconds, '-Workers', $Workers)
$url = $null
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while (-not $url -and [DateTime]::UtcNow -lt $deadline -and -not $server.HasExited) {
    Start-Sleep -Milliseconds 200
    $first = Get-Content -LiteralPath $stdout -TotalCount 1 -ErrorAction SilentlyContinue
    if ($first -match '^LISTENING (http://127\.0\.0\.1:\d+/)$') {
        $url = $Matches[1]
    }
}
if (-not $url) {
    if (-not $server.HasExited) { $server.Kill() }
    throw "The server did not start: $(Get-Content -LiteralPath $stderr -Raw -ErrorAction SilentlyContinue)"
}

$exitCode = 0
try {
    $basic = 'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('admin:password'))
    $tokenResponse = Invoke-RestMethod -Uri ($url + 'token/new') -Headers @{ Authorization = $basic } -TimeoutSec 10
    $token = $tokenResponse.access_token
    $target = $url + 'secure/hello'

    # ---- warm-up (JIT, runspaces, connections) --------------------------------------------------
    $warmClient = [System.Net.Http.HttpClient]::new()
    $warmClient.Timeout = [TimeSpan]::FromSeconds(10)
    try {
        for ($i = 0; $i -lt $Warmup; $i++) {
            $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $target)
            $null = $request.Headers.TryAddWithoutValidation('Authorization', "Bearer $token")
            $response = $warmClient.Send($request)
            if ([int] $response.StatusCode -ne 200) { throw "warm-up request answered $([int] $response.StatusCode)" }
            $response.Dispose()
        }
    } finally {
        $warmClient.Dispose()
    }

    # ---- measured run ---------------------------------------------------------------------------
    $wall = [System.Diagnostics.Stopwatch]::StartNew()
    $perClient = 1..$Clients | ForEach-Object -ThrottleLimit $Clients -Parallel {
        $target = $using:target
        $header = "Bearer $($using:token)"
        $count = $using:Requests
        $client = [System.Net.Http.HttpClient]::new()
        $client.Timeout = [TimeSpan]::FromSeconds(10)
        $latencies = [double[]]::new($count)
        $failures = [System.Collections.Generic.List[string]]::new()
        $sw = [System.Diagnostics.Stopwatch]::new()
        try {
            for ($i = 0; $i -lt $count; $i++) {
                $sw.Restart()
                try {
                    $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Get, $target)
                    $null = $request.Headers.TryAddWithoutValidation('Authorization', $header)
                    $response = $client.Send($request)
                    $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
                    $status = [int] $response.StatusCode
                    $response.Dispose()
                    if ($status -ne 200 -or $body -ne 'JWT Hello admin') {
                        $failures.Add("status $status body '$body'")
                    }
                } catch {
                    $failures.Add($_.Exception.GetBaseException().Message)
                }
                $latencies[$i] = $sw.Elapsed.TotalMilliseconds
            }
        } finally {
            $client.Dispose()
        }
        [pscustomobject]@{ Latencies = $latencies; Failures = $failures.ToArray() }
    }
    $wall.Stop()

    $all = [System.Collections.Generic.List[double]]::new()
    $failureList = [System.Collections.Generic.List[string]]::new()
    foreach ($c in $perClient) {
        $all.AddRange([double[]] $c.Latencies)
        foreach ($f in $c.Failures) { $failureList.Add($f) }
    }
    $sorted = $all.ToArray()
    [Array]::Sort($sorted)
    function Get-Percentile([double[]] $Values, [double] $P) {
        $Values[[Math]::Min($Values.Length - 1, [Math]::Max(0, [int] [Math]::Ceiling($P / 100 * $Values.Length) - 1))]
    }
    $total = $sorted.Length
    $result = [pscustomobject]@{
        Clients           = $Clients
        RequestsPerClient = $Requests
        ServerWorkers     = $Workers
        TotalRequests     = $total
        Failures          = $failureList.Count
        WallSeconds       = [Math]::Round($wall.Elapsed.TotalSeconds, 2)
        RequestsPerSecond = [Math]::Round($total / $wall.Elapsed.TotalSeconds, 0)
        P50Ms             = [Math]::Round((Get-Percentile $sorted 50), 2)
        P90Ms             = [Math]::Round((Get-Percentile $sorted 90), 2)
        P99Ms             = [Math]::Round((Get-Percentile $sorted 99), 2)
        MaxMs             = [Math]::Round($sorted[-1], 2)
        Cpus              = [Environment]::ProcessorCount
    }
    $result | Format-List | Out-Host
    Write-Host ('bearer-load: {0} clients x {1} requests = {2}, {3} req/s, p50 {4} ms, p99 {5} ms, failures {6}' -f
        $Clients, $Requests, $total, $result.RequestsPerSecond, $result.P50Ms, $result.P99Ms, $result.Failures)
    if ($failureList.Count -gt 0) {
        Write-Host 'First failures:'
        $failureList | Group-Object | Sort-Object Count -Descending | Select-Object -First 5 | ForEach-Object { Write-Host ("  {0} x {1}" -f $_.Count, $_.Name) }
        $exitCode = 1
    }
} finally {
    try {
        $null = Invoke-WebRequest -Uri ($url + 'shutdown') -TimeoutSec 10 -SkipHttpErrorCheck
    } catch {
        $null = $_
    }
    if (-not $server.WaitForExit(20000)) {
        $server.Kill()
    }
    $serverErrors = Get-Content -LiteralPath $stderr -Raw -ErrorAction SilentlyContinue
    if ($serverErrors) {
        Write-Host "server stderr:`n$serverErrors"
    }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
exit $exitCode
