# The README's first snippet runs as written in a fresh pwsh that finds KrJwt by name (as after an install).
BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    $script:Pwsh = Get-TestPwshPath
}

Describe 'README.md' {
    It 'the quickstart snippet runs as written in a fresh pwsh and validates its token' {
        $snippet = Get-TestReadmeBlock -Name 'quickstart'
        $snippet | Should -Match '(?m)^Import-Module KrJwt$'
        $modules = Join-Path -Path $script:RepoRoot -ChildPath 'ps-module'
        $saved = $env:PSModulePath
        try {
            # Only the repository's module folder and the modules PowerShell ships: KrJwt resolves by name.
            $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + (Join-Path -Path $PSHOME -ChildPath 'Modules')
            $output = & $script:Pwsh -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'`n$snippet" 2>&1
        } finally {
            $env:PSModulePath = $saved
        }
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        @($output | ForEach-Object { "$_" }) | Should -Be @('True')
    }
}
