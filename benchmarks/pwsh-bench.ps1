<#
    .SYNOPSIS
        Measures the KrJwt PowerShell module: issuing tokens through the cmdlet pipeline and validating
        1000 tokens one call at a time vs one batch call.
    .DESCRIPTION
        Imports ps-module/KrJwt (running 'build.ps1 Build' first when ps-module/KrJwt/bin is missing) and
        times, with a Stopwatch, in this one process:
          1. issue: New-KrJWTBuilder | Add-KrJWTIssuer | Add-KrJWTAudience | Add-KrJWTSubject |
             Add-KrJWTClaim x3 | Protect-KrJWT -HexadecimalKey | Build-KrJWT, once per token (HS256);
             for context also Build-KrJWT on one prepared builder, and the builder's .NET Build() method.
          2. validate: Test-KrJWT -Token $t -ValidationParameter $vp called once per token (1000 calls),
             vs Test-KrJWT -Token $tokens -ValidationParameter $vp (one call, one native batch), and the
             pipeline form $tokens | Test-KrJWT -ValidationParameter $vp (collected, then one batch).
        Each measurement is repeated -Repeat times; the median is reported, with tokens per second and
        the batch speed-up (one-at-a-time time / batch time, same process, same tokens).
        The module's Protect-KrJWT takes HMAC secrets only, so everything here is HS256.
    .PARAMETER Count
        Tokens to issue and validate. Default 1000.
    .PARAMETER Repeat
        Repetitions per measurement (median reported). Default 5.
    .EXAMPLE
        .tools/pwsh -NoProfile -File benchmarks/pwsh-bench.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(10, 100000)] [int] $Count = 1000,
    [ValidateRange(1, 20)] [int] $Repeat = 5
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = Split-Path -Parent $PSScriptRoot
$moduleDir = Join-Path $repoRoot 'ps-module/KrJwt'
if (-not (Test-Path -LiteralPath (Join-Path $moduleDir 'bin/KrJwt.Interop.dll'))) {
    Write-Host '==> ps-module/KrJwt/bin is missing: running build.ps1 Build' -ForegroundColor Cyan
    $pwsh = (Get-Process -Id $PID).Path
    & $pwsh -NoProfile -File (Join-Path $repoRoot 'build.ps1') Build
    if ($LASTEXITCODE -ne 0) { throw "build.ps1 Build failed (exit code $LASTEXITCODE)" }
}
Import-Module (Join-Path $moduleDir 'KrJwt.psd1') -Force

$hexKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'  # 32 bytes: HS256
$issuer = 'https://issuer.example.com'
$audience = 'api://orders'

function New-PipelineToken {
    param([int] $Index)
    New-KrJWTBuilder |
        Add-KrJWTIssuer -Issuer $issuer |
        Add-KrJWTAudience -Audience $audience |
        Add-KrJWTSubject -Subject "user-$Index" |
        Add-KrJWTClaim -ClaimType 'name' -Value 'Jane Doe' |
        Add-KrJWTClaim -ClaimType 'role' -Value 'admin' |
        Add-KrJWTClaim -ClaimType 'tenant' -Value 'contoso' |
        Protect-KrJWT -HexadecimalKey $hexKey -Algorithm HS256 |
        Build-KrJWT
}

function Measure-Median {
    <#
        Runs $Action $Repeat times; returns the median elapsed seconds for one run of $Action. Short actions
        (the batch calls) run $Inner times per repetition and are divided by $Inner. $Action returns its own
        correctness check.
    #>
    param([scriptblock] $Action, [string] $Name, [int] $Inner = 1)
    $times = foreach ($r in 1..$Repeat) {
        [GC]::Collect()
        $ok = $true
        $sw = [Diagnostics.Stopwatch]::StartNew()
        foreach ($k in 1..$Inner) { if (-not (& $Action)) { $ok = $false } }
        $sw.Stop()
        if (-not $ok) { throw "$Name produced a wrong result" }
        $sw.Elapsed.TotalSeconds / $Inner
    }
    $sorted = @($times | Sort-Object)
    [pscustomobject]@{
        Name    = $Name
        Seconds = $sorted[[int][math]::Floor($sorted.Count / 2)]
        Runs    = ($times | ForEach-Object { '{0:0.000}' -f $_ }) -join ', '
    }
}

$nativeVersion = [KrJwt.KrJwtLibrary]::Version
Write-Host "KrJwt module, native $nativeVersion; PowerShell $($PSVersionTable.PSVersion) on .NET $([Environment]::Version); $([Environment]::ProcessorCount) CPUs"
Write-Host "$Count tokens, HS256, median of $Repeat runs (batch rows: each run is the mean of 10 calls)"

function Invoke-UntilStable {
    <#
        Warm-up: PowerShell keeps getting faster for thousands of pipeline invocations (script-block
        compilation, the engine's own tiered JIT), so run chunks of $Chunk until three in a row fail to
        beat the best chunk by 5 % (at most $MaxChunks chunks). Returns the chunk count.
    #>
    param([scriptblock] $Action, [int] $Chunk, [int] $MaxChunks = 40)
    $best = [double]::MaxValue
    $stale = 0
    $n = 0
    while ($stale -lt 3 -and $n -lt $MaxChunks) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        foreach ($k in 1..$Chunk) { $null = & $Action $k }
        $t = $sw.Elapsed.TotalSeconds
        $n++
        if ($t -lt $best * 0.95) { $best = $t; $stale = 0 } else { $stale++ }
    }
    $n
}

$warmSw = [Diagnostics.Stopwatch]::StartNew()
$first = New-PipelineToken -Index 0
$validation = $first | Get-KrJWTValidationParameter
$prepared = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $issuer | Add-KrJWTAudience -Audience $audience |
    Add-KrJWTSubject -Subject 'user-1' | Add-KrJWTClaim -ClaimType 'name' -Value 'Jane Doe' |
    Add-KrJWTClaim -ClaimType 'role' -Value 'admin' | Add-KrJWTClaim -ClaimType 'tenant' -Value 'contoso' |
    Protect-KrJWT -HexadecimalKey $hexKey -Algorithm HS256
$issueChunks = Invoke-UntilStable -Chunk 250 -Action { param($k) (New-PipelineToken -Index $k).Token }
$warmTokens = [string[]]@(foreach ($k in 1..250) { (New-PipelineToken -Index $k).Token })
$testChunks = Invoke-UntilStable -Chunk 250 -Action { param($k) Test-KrJWT -Token $warmTokens[$k - 1] -ValidationParameter $validation }
$null = Invoke-UntilStable -Chunk 250 -Action { param($k) $prepared.Build() } -MaxChunks 10
$null = Invoke-UntilStable -Chunk 250 -Action { param($k) $prepared | Build-KrJWT } -MaxChunks 10
$null = Invoke-UntilStable -Chunk 5 -Action { param($k) Test-KrJWT -Token $warmTokens -ValidationParameter $validation } -MaxChunks 20
$null = Invoke-UntilStable -Chunk 5 -Action { param($k) $warmTokens | Test-KrJWT -ValidationParameter $validation } -MaxChunks 20
Write-Host ('warm-up: {0:0.0} s (issue pipeline {1} x 250 tokens, Test-KrJWT {2} x 250 calls until stable)' -f $warmSw.Elapsed.TotalSeconds, $issueChunks, $testChunks)

# 1. Issuing.
$script:tokens = $null
$issue = Measure-Median -Name 'issue: full cmdlet pipeline per token' -Action {
    $script:tokens = [string[]]@(foreach ($i in 1..$Count) { (New-PipelineToken -Index $i).Token })
    $script:tokens.Count -eq $Count
}
$tokens = $script:tokens
$buildCmdlet = Measure-Median -Name 'issue: Build-KrJWT on a prepared builder' -Action {
    $n = 0
    foreach ($i in 1..$Count) { if (($prepared | Build-KrJWT).Token) { $n++ } }
    $n -eq $Count
}
$buildMethod = Measure-Median -Name 'issue: $builder.Build() (.NET method, no cmdlet)' -Action {
    $n = 0
    foreach ($i in 1..$Count) { if ($prepared.Build().Token) { $n++ } }
    $n -eq $Count
}

# 2. Validation of the same $Count distinct tokens.
$oneByOne = Measure-Median -Name 'validate: Test-KrJWT once per token' -Action {
    $valid = 0
    foreach ($t in $tokens) { if (Test-KrJWT -Token $t -ValidationParameter $validation) { $valid++ } }
    $valid -eq $Count
}
$batch = Measure-Median -Name 'validate: Test-KrJWT -Token <array> (one batch call)' -Inner 10 -Action {
    $results = @(Test-KrJWT -Token $tokens -ValidationParameter $validation)
    $results.Count -eq $Count -and -not ($results -contains $false)
}
$pipeline = Measure-Median -Name 'validate: $tokens | Test-KrJWT (collected, one batch)' -Inner 10 -Action {
    $results = @($tokens | Test-KrJWT -ValidationParameter $validation)
    $results.Count -eq $Count -and -not ($results -contains $false)
}

# Sanity: a tampered token is refused in the batch too.
$bad = $tokens[0].Substring(0, $tokens[0].Length - 6) + 'AAAAAA'
$mixed = @(Test-KrJWT -Token @($tokens[0], $bad) -ValidationParameter $validation)
if (-not ($mixed[0] -eq $true -and $mixed[1] -eq $false)) { throw 'tampered-token sanity check failed' }

Write-Host ''
Write-Host '| measurement | total s (median) | µs/token | tokens/s | runs (s) |'
Write-Host '|---|---:|---:|---:|---|'
foreach ($m in $issue, $buildCmdlet, $buildMethod, $oneByOne, $batch, $pipeline) {
    $us = $m.Seconds * 1e6 / $Count
    Write-Host ('| {0} | {1:0.000} | {2:0.0} | {3:N0} | {4} |' -f $m.Name, $m.Seconds, $us, ($Count / $m.Seconds), $m.Runs)
}
Write-Host ''
Write-Host ('Batch speed-up, Test-KrJWT one call with {0} tokens vs {0} calls: {1:0.0}x (pipeline form: {2:0.0}x)' -f $Count, ($oneByOne.Seconds / $batch.Seconds), ($oneByOne.Seconds / $pipeline.Seconds))
Write-Host ('Issuing: full pipeline {0:N0} tokens/s; Build-KrJWT on a kept builder {1:N0} tokens/s ({2:0.0}x)' -f ($Count / $issue.Seconds), ($Count / $buildCmdlet.Seconds), ($issue.Seconds / $buildCmdlet.Seconds))
