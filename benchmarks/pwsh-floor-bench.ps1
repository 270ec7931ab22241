<#
    .SYNOPSIS
        KrJwt's cmdlets against their floor (empty compiled cmdlets with the same parameters) and against .NET's
        JsonWebTokenHandler 8.23, interleaved in one pwsh process; import cost and memory in separate processes.
    .DESCRIPTION
        Builds benchmarks/cmdlet-floor (empty compiled cmdlets, benchmark only, with Microsoft.IdentityModel.
        JsonWebTokens 8.23.0 copied beside it), imports ps-module/KrJwt (run 'build.ps1 Build' first) and
        measures, HS256 throughout, each row $Calls calls per round, the rows of a round one after the other
        and -Rounds rounds, so that every row sees the same machine state; the median round is reported:
          validate    Test-KrJWT -Token $t -ValidationParameter $v (one call per token, from a foreach)
                      Test-EmptyJwt, same parameters (the floor)
                      $handler.ValidateTokenAsync($t, $p).GetAwaiter().GetResult().IsValid (.NET, same pwsh)
          issue       the guide's nine-cmdlet pipeline (New-KrJWTBuilder | Add-KrJWTIssuer | Add-KrJWTAudience |
                      Protect-KrJWT -HexadecimalKey | Limit-KrJWTValidity | Add-KrJWTSubject | Add-KrJWTClaim |
                      Build-KrJWT | Get-KrJWTToken)
                      nine empty compiled cmdlets in the same pipeline shape (the floor)
                      New-KrJWT -Issuer -Audience -Subject -Claims @{...} -Key $key, and its empty twin
                      $handler.CreateToken($descriptor) (.NET, same pwsh)
          batch       Test-KrJWT -Token $tokens (1000 distinct tokens, one call), per token, against the .NET
                      handler called for each of the same tokens in a pwsh foreach
        Then, each in a fresh pwsh: Import-Module KrJwt time and working-set growth over the same pwsh without
        it (-ImportRuns processes each), and the working set over -BatchValidations validations in batches of
        1000 (after ten warm-up batches).
        The output is the Markdown tables BENCHMARKS.md shows.
    .PARAMETER Calls
        Calls per row per round. Default 2000.
    .PARAMETER Rounds
        Rounds (median reported). Default 7.
    .PARAMETER ImportRuns
        Processes per import measurement. Default 7.
    .PARAMETER BatchValidations
        Validations for the memory row (a multiple of 1000). Default 200000.
    .EXAMPLE
        .tools/pwsh -NoProfile -File benchmarks/pwsh-floor-bench.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(100, 100000)] [int] $Calls = 2000,
    [ValidateRange(1, 51)] [int] $Rounds = 7,
    [ValidateRange(1, 50)] [int] $ImportRuns = 7,
    [ValidateRange(1000, 10000000)] [int] $BatchValidations = 200000,
    # Another build of the module to measure instead (e.g. an older commit's ps-module/KrJwt, built): rows of
    # commands it does not have are left out.
    [string] $ModuleManifest,
    # Internal: the child-process modes of the import and memory rows.
    [ValidateSet('', 'ImportBare', 'ImportEmpty', 'ImportModule', 'BatchMemory', 'BatchMemoryMethod')] [string] $Mode = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = Split-Path -Parent $PSScriptRoot
$manifest = if ($ModuleManifest) { (Resolve-Path -LiteralPath $ModuleManifest).Path } else { Join-Path $repoRoot 'ps-module/KrJwt/KrJwt.psd1' }
$hexKey = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'  # 32 bytes: HS256
$issuer = 'https://issuer.example.com'
$audience = 'api://orders'

function New-BenchToken {
    <# A token for the benchmarks: New-KrJWT where the module has it, else the builder pipeline. #>
    param([string] $Subject, [object] $Key, [hashtable] $Claims = @{})
    if (Get-Command -Name New-KrJWT -ErrorAction SilentlyContinue) {
        return New-KrJWT -Issuer $issuer -Audience $audience -Subject $Subject -Claims $Claims -Key $Key
    }
    $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $issuer | Add-KrJWTAudience -Audience $audience | Protect-KrJWT -Key $Key | Add-KrJWTSubject -Subject $Subject
    foreach ($entry in $Claims.GetEnumerator()) { $null = $builder | Add-KrJWTClaim -ClaimType $entry.Key -Value $entry.Value }
    $builder | Build-KrJWT
}

function Get-WorkingSetMB { [System.Diagnostics.Process]::GetCurrentProcess().Refresh(); [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1MB }

# ---- child modes -------------------------------------------------------------------------------------------
if ($Mode -like 'Import*') {
    # The same work each way (a Stopwatch, a GC, the working set), with no import, the import of a module of
    # one empty function (the floor: PowerShell's module machinery, paid by the first import of a session),
    # or KrJwt's.
    $empty = Join-Path ([System.IO.Path]::GetTempPath()) 'krjwt-bench-empty/krjwt-bench-empty.psm1'
    if ($Mode -eq 'ImportEmpty' -and -not (Test-Path -LiteralPath $empty)) {
        $null = New-Item -ItemType Directory -Path (Split-Path $empty) -Force
        Set-Content -LiteralPath $empty -Value 'function Get-KrJwtBenchEmpty { }'
    }
    [GC]::Collect()
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    if ($Mode -eq 'ImportModule') { Import-Module $manifest }
    if ($Mode -eq 'ImportEmpty') { Import-Module $empty }
    $ms = $sw.Elapsed.TotalMilliseconds
    [GC]::Collect()
    '{0:0.0} {1:0.0}' -f $ms, (Get-WorkingSetMB)
    return
}
if ($Mode -like 'BatchMemory*') {
    # BatchMemory: Test-KrJWT in a pwsh foreach; BatchMemoryMethod: the interop's batch method alone (the
    # floor: what the library and the interop keep). Both after 100 warm-up batches (PowerShell compiles and
    # re-JITs a loop during its first runs, which grows the process by some MB once).
    Import-Module $manifest
    $key = [KrJwt.JwtKey]::FromHex($hexKey)
    $tokens = [string[]]@(foreach ($i in 1..1000) { (New-BenchToken -Subject "user-$i" -Key $key).Token })
    $validation = New-KrJWTValidationParameter -ValidIssuer $issuer -ValidAudience $audience -HexadecimalKey $hexKey
    $round = if ($Mode -eq 'BatchMemory') {
        { $n = 0; foreach ($ok in Test-KrJWT -Token $tokens -ValidationParameter $validation) { if ($ok) { $n++ } }; $n }
    } else {
        { $n = 0; foreach ($ok in $validation.ValidateAll($tokens)) { if ($ok) { $n++ } }; $n }
    }
    foreach ($i in 1..100) { $null = & $round }
    [GC]::Collect()
    $before = Get-WorkingSetMB
    $valid = 0
    foreach ($i in 1..($BatchValidations / 1000)) { $valid += & $round }
    if ($valid -ne $BatchValidations) { throw "only $valid of $BatchValidations validations passed" }
    [GC]::Collect()
    '{0:0.0} {1:0.0}' -f $before, (Get-WorkingSetMB)
    return
}

# ---- main: build the floor assembly, load everything into this process -----------------------------------
$floorProject = Join-Path $PSScriptRoot 'cmdlet-floor/KrJwt.BenchFloor.csproj'
$floorOut = Join-Path $PSScriptRoot 'cmdlet-floor/bin'
if (-not (Test-Path -LiteralPath (Join-Path $repoRoot 'ps-module/KrJwt/bin/KrJwt.Interop.dll'))) {
    throw "ps-module/KrJwt is not built: run '.tools/pwsh -NoProfile -File ./build.ps1 Build' first."
}
Write-Host '==> dotnet build benchmarks/cmdlet-floor' -ForegroundColor Cyan
dotnet build $floorProject -c Release -o $floorOut --nologo -v quiet | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'dotnet build of benchmarks/cmdlet-floor failed' }

Import-Module $manifest
foreach ($dll in 'Microsoft.IdentityModel.Abstractions', 'Microsoft.IdentityModel.Logging', 'Microsoft.IdentityModel.Tokens', 'Microsoft.IdentityModel.JsonWebTokens') {
    Add-Type -LiteralPath (Join-Path $floorOut "$dll.dll")
}
Import-Module (Join-Path $floorOut 'KrJwt.BenchFloor.dll')

$key = [KrJwt.JwtKey]::FromHex($hexKey)
$validation = New-KrJWTValidationParameter -ValidIssuer $issuer -ValidAudience $audience -HexadecimalKey $hexKey
$claims = @{ name = 'Jane Doe'; role = 'admin' }
$prepared = New-BenchToken -Subject 'user-0' -Claims $claims -Key $key
[KrJwt.BenchFloor.Prepared]::Builder = New-KrJWTBuilder
[KrJwt.BenchFloor.Prepared]::Result = $prepared
$tokens = [string[]]@(foreach ($i in 1..1000) { (New-BenchToken -Subject "user-$i" -Claims $claims -Key $key).Token })

$handler = [Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler]::new()
$securityKey = [Microsoft.IdentityModel.Tokens.SymmetricSecurityKey]::new([Convert]::FromHexString($hexKey))
$descriptor = [Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor]::new()
$descriptor.Issuer = $issuer
$descriptor.Audience = $audience
$descriptorClaims = [System.Collections.Generic.Dictionary[string, object]]::new()
foreach ($entry in @{ sub = 'user-0'; name = 'Jane Doe'; role = 'admin' }.GetEnumerator()) { $descriptorClaims[$entry.Key] = $entry.Value }
$descriptor.Claims = $descriptorClaims
$descriptor.Expires = [DateTime]::UtcNow.AddHours(1)
$descriptor.SigningCredentials = [Microsoft.IdentityModel.Tokens.SigningCredentials]::new($securityKey, 'HS256')
$parameters = [Microsoft.IdentityModel.Tokens.TokenValidationParameters]::new()
$parameters.ValidIssuer = $issuer
$parameters.ValidAudience = $audience
$parameters.IssuerSigningKey = $securityKey
$parameters.ValidAlgorithms = [string[]] @('HS256')

# Each row: a script block doing ONE operation for index $i (returning something true); the runner calls it
# $Calls times from a foreach, as a user's script would.
$t0 = $tokens[0]
$rows = [ordered]@{
    'Test-KrJWT -Token $t -ValidationParameter $v'         = { param($i) Test-KrJWT -Token $tokens[$i] -ValidationParameter $validation }
    'Test-EmptyJwt (same parameters, empty)'                = { param($i) Test-EmptyJwt -Token $tokens[$i] -ValidationParameter $validation }
    '.NET ValidateTokenAsync from pwsh'                     = { param($i) $handler.ValidateTokenAsync($tokens[$i], $parameters).GetAwaiter().GetResult().IsValid }
    'guide pipeline, nine cmdlets'                          = { param($i)
        New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $issuer | Add-KrJWTAudience -Audience $audience |
            Protect-KrJWT -HexadecimalKey $hexKey -Algorithm HS256 | Limit-KrJWTValidity -Minutes 30 |
            Add-KrJWTSubject -Subject 'user1' | Add-KrJWTClaim -UserClaimType Name -Value 'user1' | Build-KrJWT | Get-KrJWTToken }
    'nine empty cmdlets, same pipeline'                     = { param($i)
        New-EmptyBuilder | Add-EmptyIssuer -Issuer $issuer | Add-EmptyAudience -Audience $audience |
            Protect-EmptyJwt -HexadecimalKey $hexKey -Algorithm HS256 | Limit-EmptyValidity -Minutes 30 |
            Add-EmptySubject -Subject 'user1' | Add-EmptyClaim -UserClaimType Name -Value 'user1' | Build-EmptyJwt | Get-EmptyToken }
    'New-KrJWT (one call)'                                  = { param($i) (New-KrJWT -Issuer $issuer -Audience $audience -Subject 'user1' -Claims $claims -Key $key).Token }
    'New-EmptyJwt (same parameters, empty)'                 = { param($i) (New-EmptyJwt -Issuer $issuer -Audience $audience -Subject 'user1' -Claims $claims -Key $key).Token }
    '.NET CreateToken from pwsh'                            = { param($i) $handler.CreateToken($descriptor) }
}
if (-not (Get-Command -Name New-KrJWT -ErrorAction SilentlyContinue)) {
    $rows.Remove('New-KrJWT (one call)')
    $rows.Remove('New-EmptyJwt (same parameters, empty)')
}
$batchRows = [ordered]@{
    'Test-KrJWT -Token $tokens (1000, one call), per token' = { @(Test-KrJWT -Token $tokens -ValidationParameter $validation) }
    '.NET ValidateTokenAsync in a pwsh foreach, per token'  = { foreach ($t in $tokens) { $handler.ValidateTokenAsync($t, $parameters).GetAwaiter().GetResult().IsValid } }
}
# The floor of the batch row: the interop's batch call itself (one C ABI call), no cmdlet, no output objects.
if ($validation.PSObject.Methods['ValidateAll']) {
    $batchRows['$v.ValidateAll($tokens) (.NET method, C ABI batch), per token'] = { $validation.ValidateAll($tokens) }
}

# Correctness first: KrJwt and .NET accept each other's tokens.
if (-not $handler.ValidateTokenAsync($t0, $parameters).GetAwaiter().GetResult().IsValid) { throw '.NET refuses a KrJwt token' }
if (-not (Test-KrJWT -Token $handler.CreateToken($descriptor) -ValidationParameter $validation)) { throw 'KrJwt refuses a .NET token' }
if (@(Test-KrJWT -Token $tokens -ValidationParameter $validation) -contains $false) { throw 'a batch token is refused' }

function Measure-Row {
    param([scriptblock] $Action, [int] $N)
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    foreach ($i in 0..($N - 1)) { if (-not (& $Action ($i % 1000))) { throw 'a row returned a false result' } }
    $sw.Elapsed.TotalMilliseconds * 1000 / $N
}

Write-Host "KrJwt native $([KrJwt.KrJwtLibrary]::Version); PowerShell $($PSVersionTable.PSVersion) on .NET $([Environment]::Version); $([Environment]::ProcessorCount) CPUs"
Write-Host '==> warm-up' -ForegroundColor Cyan
foreach ($name in $rows.Keys) { $null = Measure-Row -Action $rows[$name] -N ([Math]::Max(500, $Calls / 2)) }
foreach ($name in $batchRows.Keys) { foreach ($k in 1..10) { $null = & $batchRows[$name] } }

$samples = @{}
foreach ($name in @($rows.Keys) + @($batchRows.Keys)) { $samples[$name] = [System.Collections.Generic.List[double]]::new() }
foreach ($round in 1..$Rounds) {
    Write-Host "==> round $round of $Rounds" -ForegroundColor Cyan
    foreach ($name in $rows.Keys) { $samples[$name].Add((Measure-Row -Action $rows[$name] -N $Calls)) }
    # The batch rows one after the other, ten times per round: each call is one sample (only the call is
    # timed; its result is checked after the stopwatch stops).
    foreach ($k in 1..10) {
        foreach ($name in $batchRows.Keys) {
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $result = & $batchRows[$name]
            $samples[$name].Add($sw.Elapsed.TotalMilliseconds * 1000 / 1000)
            if (@($result).Count -ne 1000 -or @($result) -contains $false) { throw "$name gave a wrong result" }
        }
    }
}
function Get-Median { param([double[]] $Values) $s = @($Values | Sort-Object); $s[[int][Math]::Floor($s.Count / 2)] }
function Get-Range { param([double[]] $Values) $s = @($Values | Sort-Object); '{0:0.0}–{1:0.0}' -f $s[0], $s[-1] }
$m = @{}
foreach ($name in $samples.Keys) { $m[$name] = Get-Median -Values $samples[$name] }
# A ratio is the median of the ratios of samples taken side by side (the same round), so that the machine's
# drift between rounds falls on both sides alike.
function Get-RoundRatio {
    param([string] $Numerator, [string] $Denominator)
    $a = $samples[$Numerator]; $b = $samples[$Denominator]
    Get-Median -Values @(for ($i = 0; $i -lt $a.Count; $i++) { $a[$i] / $b[$i] })
}

Write-Host ''
Write-Host "Per call, µs (median of $Rounds rounds of $Calls calls; range of the rounds; ratios: median of the rounds ratios; batch rows: 10 samples per round):"
Write-Host ''
Write-Host '| operation (HS256) | KrJwt µs | empty compiled cmdlet(s) µs (floor) | KrJwt / floor | .NET handler from pwsh µs | KrJwt / .NET |'
Write-Host '|---|---:|---:|---:|---:|---:|'
$line = { param($label, $kr, $floor, $net)
    Write-Host ('| {0} | {1:0.0} ({2}) | {3:0.0} ({4}) | {5:0.00}× | {6:0.0} ({7}) | {8:0.00}× |' -f $label,
        $m[$kr], (Get-Range $samples[$kr]), $m[$floor], (Get-Range $samples[$floor]), (Get-RoundRatio $kr $floor),
        $m[$net], (Get-Range $samples[$net]), (Get-RoundRatio $kr $net)) }
& $line '`Test-KrJWT -Token $t -ValidationParameter $v`' 'Test-KrJWT -Token $t -ValidationParameter $v' 'Test-EmptyJwt (same parameters, empty)' '.NET ValidateTokenAsync from pwsh'
& $line 'the guide''s nine-cmdlet issuing pipeline' 'guide pipeline, nine cmdlets' 'nine empty cmdlets, same pipeline' '.NET CreateToken from pwsh'
if ($rows.Contains('New-KrJWT (one call)')) {
    & $line '`New-KrJWT -Issuer -Audience -Subject -Claims -Key` (one call)' 'New-KrJWT (one call)' 'New-EmptyJwt (same parameters, empty)' '.NET CreateToken from pwsh'
}
$kb = 'Test-KrJWT -Token $tokens (1000, one call), per token'
$nb = '.NET ValidateTokenAsync in a pwsh foreach, per token'
Write-Host ''
Write-Host '| batch (HS256, 1000 distinct tokens) | µs per token | .NET handler in a pwsh foreach, µs per token | .NET / KrJwt |'
Write-Host '|---|---:|---:|---:|'
Write-Host ('| `Test-KrJWT -Token $tokens` (one call) | {0:0.00} ({1}) | {2:0.00} ({3}) | {4:0.0}× faster |' -f $m[$kb], (Get-Range $samples[$kb]), $m[$nb], (Get-Range $samples[$nb]), (Get-RoundRatio $nb $kb))
$fb = '$v.ValidateAll($tokens) (.NET method, C ABI batch), per token'
if ($m.ContainsKey($fb)) {
    Write-Host ('| floor: `$v.ValidateAll($tokens)`, the C ABI batch from pwsh, no cmdlet | {0:0.00} ({1}) | {2:0.00} | {3:0.0}× faster |' -f $m[$fb], (Get-Range $samples[$fb]), $m[$nb], (Get-RoundRatio $nb $fb))
}

# ---- separate processes -----------------------------------------------------------------------------------
$pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $pwsh = Join-Path $PSHOME 'pwsh' }
function Invoke-Child { param([string] $ChildMode) (& $pwsh -NoProfile -NonInteractive -File $PSCommandPath -Mode $ChildMode -BatchValidations $BatchValidations -ModuleManifest $manifest | Select-Object -Last 1) -split ' ' | ForEach-Object { [double] $_ } }
Write-Host ''
Write-Host "==> Import-Module in $ImportRuns fresh processes each (interleaved with bare ones)" -ForegroundColor Cyan
$bare = [System.Collections.Generic.List[double[]]]::new()
$emptyRuns = [System.Collections.Generic.List[double[]]]::new()
$with = [System.Collections.Generic.List[double[]]]::new()
foreach ($r in 1..$ImportRuns) { $bare.Add((Invoke-Child 'ImportBare')); $emptyRuns.Add((Invoke-Child 'ImportEmpty')); $with.Add((Invoke-Child 'ImportModule')) }
$importMs = Get-Median -Values @($with | ForEach-Object { $_[0] })
$emptyMs = Get-Median -Values @($emptyRuns | ForEach-Object { $_[0] })
$bareWs = Get-Median -Values @($bare | ForEach-Object { $_[1] })
$emptyWs = Get-Median -Values @($emptyRuns | ForEach-Object { $_[1] })
$withWs = Get-Median -Values @($with | ForEach-Object { $_[1] })
Write-Host ''
Write-Host '| in a fresh pwsh (median) | Import-Module time | working set after | over bare pwsh |'
Write-Host '|---|---:|---:|---:|'
Write-Host ('| bare pwsh (no import) | — | {0:0.0} MB | — |' -f $bareWs)
Write-Host ('| a module of one empty function (the floor) | {0:0} ms ({1}) | {2:0.0} MB | +{3:0.0} MB |' -f $emptyMs, (Get-Range -Values @($emptyRuns | ForEach-Object { $_[0] })), $emptyWs, ($emptyWs - $bareWs))
Write-Host ('| KrJwt | {0:0} ms ({1}) | {2:0.0} MB | +{3:0.0} MB |' -f $importMs, (Get-Range -Values @($with | ForEach-Object { $_[0] })), $withWs, ($withWs - $bareWs))

Write-Host ''
Write-Host "==> working set over $BatchValidations batch validations (fresh process)" -ForegroundColor Cyan
$memory = Invoke-Child 'BatchMemory'
Write-Host ''
Write-Host '| working set over validations in batches of 1000 (fresh pwsh, after 100 warm-up batches) | before | after | growth |'
Write-Host '|---|---:|---:|---:|'
Write-Host ('| {0:N0} validations, `Test-KrJWT -Token $tokens` in a pwsh foreach | {1:0.0} MB | {2:0.0} MB | {3:+0.0;-0.0} MB |' -f $BatchValidations, $memory[0], $memory[1], ($memory[1] - $memory[0]))
if (Get-Command -Name New-KrJWT -ErrorAction SilentlyContinue) {
    $floorMemory = Invoke-Child 'BatchMemoryMethod'
    Write-Host ('| floor: the same with `$v.ValidateAll($tokens)` (no cmdlet) | {0:0.0} MB | {1:0.0} MB | {2:+0.0;-0.0} MB |' -f $floorMemory[0], $floorMemory[1], ($floorMemory[1] - $floorMemory[0]))
}
