# examples/api.Tests.ps1 (testing your own API with KrJwt's Should operators and hostile tokens) is part of
# the suite: it runs here with Invoke-Pester in a fresh pwsh (Pester does not nest runs), with the same
# Pester as this run, and every one of its tests must pass.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
}

Describe 'examples/api.Tests.ps1' {
    BeforeAll {
        $pesterModule = Get-Module -Name Pester | Sort-Object -Property Version -Descending | Select-Object -First 1
        $pester = (Join-Path -Path $pesterModule.ModuleBase -ChildPath 'Pester.psd1') -replace "'", "''"
        $example = (Join-Path -Path $script:RepoRoot -ChildPath 'examples/api.Tests.ps1') -replace "'", "''"
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name '$pester' -Force
`$run = Invoke-Pester -Path '$example' -PassThru -Output None
[pscustomobject]@{
    Passed = `$run.PassedCount; Failed = `$run.FailedCount; Skipped = `$run.SkippedCount; NotRun = `$run.NotRunCount
    Result = `$run.Result; Tests = @(`$run.Tests | ForEach-Object { '{0} {1}' -f `$_.Result, `$_.ExpandedName })
    Errors = @(`$run.Failed | ForEach-Object { '{0}: {1}' -f `$_.ExpandedName, (`$_.ErrorRecord -join ' ') }) + @(`$run.Containers.ErrorRecord | ForEach-Object { "`$_" })
} | ConvertTo-Json -Compress -Depth 4
"@
        $output = & (Get-TestPwshPath) -NoProfile -NonInteractive -Command $script 2>&1
        $script:Run = ($output | Select-Object -Last 1 | Out-String) | ConvertFrom-Json
    }

    It 'runs with Invoke-Pester and every test passes' {
        $script:Run.Errors | Should -BeNullOrEmpty
        $script:Run.Result | Should -Be 'Passed'
        ($script:Run.Failed, $script:Run.Skipped, $script:Run.NotRun) | Should -Be @(0, 0, 0)
        $script:Run.Passed | Should -Be 17
    }

    It 'checks the issued tokens with the operators and the refusal of all 14 defects' {
        $script:Run.Tests | Should -Contain 'Passed are valid, signed with ES256 and the API key id, for the admin'
        foreach ($refusal in 'Expired with HTTP 401 and the reason TokenExpired', 'AlgNone with HTTP 401 and the reason MalformedToken',
            'AlgConfusion with HTTP 401 and the reason AlgorithmNotAllowed', 'UnknownKid with HTTP 401 and the reason NoMatchingKey',
            'Oversized with HTTP 400 and the reason TokenTooLarge', 'CritUnknown with HTTP 401 and the reason UnsupportedCriticalHeader') {
            $script:Run.Tests | Should -Contain "Passed refuses $refusal"
        }
        @($script:Run.Tests | Where-Object { $_ -like 'Passed refuses *' }).Count | Should -Be 14
    }
}
