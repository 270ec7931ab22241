# Validation events, counters and misuse signals: end to end on examples/bearer-server.ps1 (JSON Lines log,
# /metrics read by Debian's python3-prometheus-client), and in-process (Get-KrJWTValidationStatistic, the
# information stream, the replay detector, the log file written by 8 threads and a second process at once).

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:Issuer = 'KrJwtDemoIssuer'
    $script:Audience = 'KrJwtDemoAudience'

    function New-TestEventToken {
        <# A token of the server's key; -Jti makes it distinct, -Expired / -Audience make it fail. #>
        param(
            [Parameter(Mandatory)] [string] $HexKey,
            [Parameter(Mandatory)] [string] $Jti,
            [string] $Audience = $script:Audience,
            [switch] $Expired
        )
        $builder = New-TestBuilder -HexKey $HexKey -Issuer $script:Issuer -Audience $Audience |
            Add-KrJWTSubject -Subject 'alice' | Add-KrJWTClaim -ClaimType jti -Value $Jti
        if ($Expired) {
            $builder = $builder | Limit-KrJWTNotBefore -UtcBefore ([DateTime]::UtcNow.AddHours(-2)) | Limit-KrJWTValidity -Minutes 5
        }
        ($builder | Build-KrJWT).Token
    }

    function Read-TestPrometheus {
        <# /metrics parsed by prometheus_client's own text parser: sample name -> list of (labels, value). #>
        param([Parameter(Mandatory)] [string] $Text)
        $parser = @'
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append({"name": s.name, "labels": s.labels, "value": s.value, "type": family.type})
print(json.dumps(out))
'@
        # Debian's interpreter, whose dist-packages hold the package (a python3 earlier on PATH may not).
        $json = $Text | /usr/bin/python3 -c $parser
        if ($LASTEXITCODE -ne 0) {
            throw "/usr/bin/python3 -c (prometheus_client.parser) failed with exit code $LASTEXITCODE"
        }
        @($json | ConvertFrom-Json)
    }

    function Get-TestSample {
        param($Samples, [string] $Name, [hashtable] $Labels)
        $found = @($Samples | Where-Object {
                $sample = $_
                $sample.name -eq $Name -and -not ($Labels.GetEnumerator() | Where-Object { $sample.labels.($_.Key) -ne $_.Value })
            })
        if ($found.Count -ne 1) {
            throw "expected one sample $Name $($Labels | ConvertTo-Json -Compress), found $($found.Count)"
        }
        $found[0].value
    }

    function Get-TestWindowSet {
        <# Every 16-character substring of the given lines. #>
        param([string[]] $Lines)
        $set = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
        foreach ($line in $Lines) {
            for ($i = 0; $i + 16 -le $line.Length; $i++) {
                $null = $set.Add($line.Substring($i, 16))
            }
        }
        , $set
    }
}

Describe 'Validation events on bearer-server.ps1' {
    BeforeAll {
        $script:HexKey = New-TestHexKey
        $script:LogDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-events-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $script:LogDir
        $script:Log = Join-Path -Path $script:LogDir -ChildPath 'events.jsonl'
        $script:Server = Start-TestServer -HexKey $script:HexKey -Workers 4 -ExtraArguments @('-LogPath', $script:Log, '-ReplayDetection')

        $tampered = foreach ($i in 1..50) { Get-TestTamperedToken -Token (New-TestEventToken -HexKey $script:HexKey -Jti "tampered-$i") }
        # 30 expired: three tokens, each presented ten times (a leaked old token, again and again).
        $expiredTokens = foreach ($i in 1..3) { New-TestEventToken -HexKey $script:HexKey -Jti "expired-$i" -Expired }
        $expired = foreach ($i in 1..30) { $expiredTokens[$i % 3] }
        $foreign = foreach ($i in 1..20) { New-TestEventToken -HexKey $script:HexKey -Jti "foreign-$i" -Audience 'SomeoneElse' }
        $script:Valid = foreach ($i in 1..10) { New-TestEventToken -HexKey $script:HexKey -Jti "valid-$i" }
        $script:Tokens = @($tampered) + @($expired) + @($foreign) + @($script:Valid)

        # Sent by 8 client threads at once, so the server's workers log concurrently.
        $url = $script:Server.Url + 'secure/hello'
        $script:Answers = @($script:Tokens | ForEach-Object -ThrottleLimit 8 -Parallel {
                $r = Invoke-WebRequest -Uri $using:url -Headers @{ Authorization = "Bearer $_" } -TimeoutSec 20 -SkipHttpErrorCheck
                [int] $r.StatusCode
            })
        $metrics = Invoke-WebRequest -Uri ($script:Server.Url + 'metrics') -TimeoutSec 20
        $script:MetricsType = [string] $metrics.Headers['Content-Type']
        $script:Samples = Read-TestPrometheus -Text ([string] $metrics.Content)
        $script:Lines = @(Get-Content -LiteralPath $script:Log)
        $script:Events = @($script:Lines | ForEach-Object { $_ | ConvertFrom-Json -AsHashtable -DateKind String })
    }

    AfterAll {
        if ($script:Server) {
            Stop-TestServer -Server $script:Server
        }
        Remove-Item -LiteralPath $script:LogDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'answers 100 refusals and 10 successes' {
        @($script:Answers | Where-Object { $_ -eq 401 }).Count | Should -Be 100
        @($script:Answers | Where-Object { $_ -eq 200 }).Count | Should -Be 10
    }

    It 'serves /metrics that an independent Prometheus parser reads, with the exact counters' {
        $script:MetricsType | Should -Match '^text/plain; version=0\.0\.4'
        $s = $script:Samples
        Get-TestSample $s 'krjwt_validations_total' @{ scheme = 'Bearer'; outcome = 'success' } | Should -Be 10
        Get-TestSample $s 'krjwt_validations_total' @{ scheme = 'Bearer'; outcome = 'failure' } | Should -Be 100
        Get-TestSample $s 'krjwt_validation_failures_total' @{ scheme = 'Bearer'; reason = 'InvalidSignature' } | Should -Be 50
        Get-TestSample $s 'krjwt_validation_failures_total' @{ scheme = 'Bearer'; reason = 'TokenExpired' } | Should -Be 30
        Get-TestSample $s 'krjwt_validation_failures_total' @{ scheme = 'Bearer'; reason = 'InvalidAudience' } | Should -Be 20
        @($s | Where-Object name -EQ 'krjwt_validation_failures_total').Count | Should -Be 3
        # 50 invalid signatures from one issuer and one client: each burst raised once; each expired token thrice = once.
        Get-TestSample $s 'krjwt_signals_total' @{ scheme = 'Bearer'; signal = 'invalid_signature' } | Should -Be 2
        Get-TestSample $s 'krjwt_signals_total' @{ scheme = 'Bearer'; signal = 'expired_reuse' } | Should -Be 3
        (Get-TestSample $s 'krjwt_validations_last_minute' @{ scheme = 'Bearer' }) | Should -BeGreaterOrEqual 110
        @($s | Where-Object name -EQ 'krjwt_validations_total')[0].type | Should -Be 'counter'
    }

    It 'logs exactly 100 failure lines, all JSON with the named fields' {
        $failures = @($script:Events | Where-Object { $_.event -eq 'validation' })
        $failures.Count | Should -Be 100
        @($failures | Where-Object { $_.outcome -ne 'failure' -or $_.level -ne 'warning' }).Count | Should -Be 0
        @($failures | Where-Object status -EQ 'InvalidSignature').Count | Should -Be 50
        @($failures | Where-Object status -EQ 'TokenExpired').Count | Should -Be 30
        @($failures | Where-Object status -EQ 'InvalidAudience').Count | Should -Be 20
        foreach ($e in $failures) {
            $e.time | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
            $e.validator | Should -Be 'Bearer'
            $e.scheme | Should -Be 'Bearer'
            $e.path | Should -Be 'bearer'
            $e.client | Should -Be '127.0.0.1'
            $e.alg | Should -Be 'HS256'
            $e.iss | Should -Be $script:Issuer
            $e.jti | Should -Match '^(tampered|expired|foreign)-\d+$'
            $e.exp | Should -BeOfType [long]
            $e.fingerprint | Should -Match '^[0-9a-f]{16}$'
            $e.ContainsKey('aud') | Should -BeTrue
            $e.ContainsKey('sub') | Should -BeFalse   # not without -LogSubject
        }
        # The fingerprint is the first 16 hex digits of the token's SHA-256: repeats correlate.
        $first = $script:Tokens[0]
        $hash = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::ASCII.GetBytes($first))).Substring(0, 16).ToLowerInvariant()
        @($failures | Where-Object fingerprint -EQ $hash).Count | Should -Be 1
        @($failures | Where-Object status -EQ 'TokenExpired' | Select-Object -ExpandProperty fingerprint -Unique).Count | Should -Be 3
    }

    It 'logs the signals as alert lines' {
        $signals = @($script:Events | Where-Object { $_.event -eq 'signal' })
        @($signals | ForEach-Object { '{0}:{1}' -f $_.signal, $_.scope } | Sort-Object) |
            Should -Be @('expired_reuse:fingerprint', 'expired_reuse:fingerprint', 'expired_reuse:fingerprint', 'invalid_signature:client', 'invalid_signature:iss')
        @($signals | Where-Object level -NE 'alert').Count | Should -Be 0
        $script:Lines.Count | Should -Be 105
    }

    It 'never writes any 16-character piece of a token' {
        $windows = Get-TestWindowSet -Lines $script:Lines
        $leaks = foreach ($token in $script:Tokens) {
            for ($i = 0; $i + 16 -le $token.Length; $i++) {
                if ($windows.Contains($token.Substring($i, 16))) {
                    $token.Substring($i, 16)
                }
            }
        }
        @($leaks).Count | Should -Be 0
    }

    It 'flags a reused jti and not a fresh one (replay detector)' {
        $url = $script:Server.Url + 'secure/hello'
        $fresh = New-TestEventToken -HexKey $script:HexKey -Jti 'valid-fresh'
        (Invoke-WebRequest -Uri $url -Headers @{ Authorization = "Bearer $fresh" } -TimeoutSec 20 -SkipHttpErrorCheck).StatusCode | Should -Be 200
        $before = Read-TestPrometheus -Text ([string] (Invoke-WebRequest -Uri ($script:Server.Url + 'metrics') -TimeoutSec 20).Content)
        @($before | Where-Object { $_.name -eq 'krjwt_signals_total' -and $_.labels.signal -eq 'replay' }).Count | Should -Be 0
        (Invoke-WebRequest -Uri $url -Headers @{ Authorization = "Bearer $($script:Valid[0])" } -TimeoutSec 20 -SkipHttpErrorCheck).StatusCode | Should -Be 200
        $after = Read-TestPrometheus -Text ([string] (Invoke-WebRequest -Uri ($script:Server.Url + 'metrics') -TimeoutSec 20).Content)
        Get-TestSample $after 'krjwt_signals_total' @{ scheme = 'Bearer'; signal = 'replay' } | Should -Be 1
        $replay = @(Get-Content -LiteralPath $script:Log | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object { $_.event -eq 'signal' -and $_.signal -eq 'replay' })
        $replay.Count | Should -Be 1
        $replay[0].value | Should -Be 'valid-1'
    }
}

Describe 'Get-KrJWTValidationStatistic and the information stream' {
    BeforeAll {
        $script:Key = New-TestHexKey
        $script:Built = New-TestBuilder -HexKey $script:Key | Add-KrJWTSubject -Subject 'bob' | Build-KrJWT
    }

    It 'counts every outcome by reason, and -Reset clears the counters' {
        $v = New-KrJWTValidationParameter -HexadecimalKey $script:Key -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience'
        $null = Test-KrJWT -Token $script:Built.Token, $script:Built.Token, 'x.y.z', (Get-TestTamperedToken -Token $script:Built.Token) -ValidationParameter $v
        $s = Get-KrJWTValidationStatistic -ValidationParameter $v -Reset
        $s.Validations | Should -Be 4
        $s.Succeeded | Should -Be 2
        $s.Failed | Should -Be 2
        $s.FailedByReason['MalformedToken'] | Should -Be 1
        $s.FailedByReason['InvalidSignature'] | Should -Be 1
        $s.FailedByReason.Count | Should -Be 2
        $s.PerMinute | Should -Be 4
        $s.Signals | Should -BeOfType [hashtable]
        (Get-KrJWTValidationStatistic -ValidationParameter $v).Validations | Should -Be 0
    }

    It 'names the scheme and counts bearer requests; an unknown scheme is an error' {
        Add-KrJWTBearerAuthentication -Name 'EventsTest' -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience' -HexadecimalKey $script:Key -Force
        try {
            $null = Invoke-KrJWTBearerAuthentication -Name 'EventsTest' -Authorization "Bearer $($script:Built.Token)"
            $null = Invoke-KrJWTBearerAuthentication -Name 'EventsTest' -Authorization 'Bearer a.b.c' -InformationVariable info
            $s = Get-KrJWTValidationStatistic -Name 'EventsTest'
            $s.Scheme | Should -Be 'EventsTest'
            $s.Validator | Should -Be 'EventsTest'
            $s.Succeeded | Should -Be 1
            $s.Failed | Should -Be 1
            @($info).Count | Should -Be 1
            $info[0].Tags | Should -Contain 'KrJwt'
            $info[0].MessageData.Status | Should -Be 'MalformedToken'
            $info[0].MessageData.Fields['scheme'] | Should -Be 'EventsTest'
        } finally {
            Remove-KrJWTBearerAuthentication -Name 'EventsTest'
        }
        { Get-KrJWTValidationStatistic -Name 'NoSuchScheme' } | Should -Throw -ErrorId 'KrJwt.SchemeNotFound,Get-KrJWTValidationStatistic'
    }

    It 'sends failures to the information stream with tag KrJwt, successes and sub only when asked' {
        $quiet = New-KrJWTValidationParameter -HexadecimalKey $script:Key -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience'
        $null = Test-KrJWT -Token $script:Built.Token -ValidationParameter $quiet -InformationVariable none
        @($none).Count | Should -Be 0
        $loud = New-KrJWTValidationParameter -HexadecimalKey $script:Key -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience' -LogSuccess -LogSubject
        $null = Test-KrJWT -Token $script:Built.Token -ValidationParameter $loud -InformationVariable some
        @($some).Count | Should -Be 1
        $some[0].MessageData.Level | Should -Be 'info'
        $some[0].MessageData.Fields['sub'] | Should -Be 'bob'
        $some[0].MessageData.Fields['outcome'] | Should -Be 'success'
    }

    It 'flags a reused jti and not a fresh one' {
        $v = New-KrJWTValidationParameter -HexadecimalKey $script:Key -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience' -ReplayDetection
        $once = New-TestBuilder -HexKey $script:Key | Add-KrJWTClaim -ClaimType jti -Value 'once' | Build-KrJWT
        $other = New-TestBuilder -HexKey $script:Key | Add-KrJWTClaim -ClaimType jti -Value 'other' | Build-KrJWT
        Test-KrJWT -Token $once.Token -ValidationParameter $v -InformationVariable first | Should -BeTrue
        Test-KrJWT -Token $other.Token -ValidationParameter $v -InformationVariable second | Should -BeTrue
        @($first).Count + @($second).Count | Should -Be 0
        Test-KrJWT -Token $once.Token -ValidationParameter $v -InformationVariable third | Should -BeTrue
        @($third).Count | Should -Be 1
        $third[0].MessageData.Signal | Should -Be 'replay'
        $third[0].MessageData.Fields['value'] | Should -Be 'once'
        (Get-KrJWTValidationStatistic -ValidationParameter $v).Signals['replay'] | Should -Be 1
    }

    It 'refuses bad event settings with a clear error' {
        $common = @{ HexadecimalKey = $script:Key; ValidIssuer = 'TestIssuer'; ValidAudience = 'TestAudience' }
        { New-KrJWTValidationParameter @common -SignalThreshold @{ no_such_signal = 1 } } | Should -Throw -ErrorId 'KrJwt.InvalidJson,New-KrJWTValidationParameter'
        { New-KrJWTValidationParameter @common -SignalThreshold @{ burst_window = 0 } } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'
        { New-KrJWTValidationParameter @common -SignalThreshold @{ invalid_signature = 'many' } } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'
        { New-KrJWTValidationParameter @common -LogPath (Join-Path -Path $TestDrive -ChildPath 'missing/events.jsonl') } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'
    }
}

Describe 'The JSON Lines log under concurrent writers' {
    It 'loses no line and interleaves none with 8 threads and a second process writing at once' {
        $log = Join-Path -Path $TestDrive -ChildPath 'shared.jsonl'
        $manifest = $script:ModuleManifest
        $key = New-TestHexKey
        $writer = {
            param($Manifest, $Log, $Key, $Name)
            Import-Module -Name $Manifest
            $v = New-KrJWTValidationParameter -HexadecimalKey $Key -ValidIssuer 'TestIssuer' -ValidAudience 'TestAudience' -LogPath $Log -EventName $Name
            foreach ($round in 1..4) {
                $null = Test-KrJWT -Token (1..50 | ForEach-Object { "not.a.token$round$_" }) -ValidationParameter $v
            }
        }
        $script = Join-Path -Path $TestDrive -ChildPath 'writer.ps1'
        Set-Content -LiteralPath $script -Value $writer.ToString()   # the block's body, param() first, as a script
        $process = Start-Process -FilePath (Get-TestPwshPath) -PassThru -ArgumentList @('-NoProfile', '-NonInteractive', '-File', $script, $manifest, $log, $key, 'process')
        1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            $path = $using:script
            & $path $using:manifest $using:log $using:key "thread-$_"
        }
        $process.WaitForExit(120000) | Should -BeTrue
        $process.ExitCode | Should -Be 0
        $lines = @(Get-Content -LiteralPath $log)
        $lines.Count | Should -Be (9 * 200)
        $events = @($lines | ForEach-Object { $_ | ConvertFrom-Json })
        foreach ($name in @('process') + (1..8 | ForEach-Object { "thread-$_" })) {
            @($events | Where-Object { $_.validator -eq $name -and $_.status -eq 'MalformedToken' }).Count | Should -Be 200 -Because $name
        }
    }
}
