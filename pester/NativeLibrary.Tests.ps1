BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:Pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (-not (Test-Path -LiteralPath $script:Pwsh -PathType Leaf)) {
        $script:Pwsh = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
    }
    # bin/<rid>/<file> relative to the module folder (NativeLoader.ResolvePath), so the copy damages the same file.
    $script:NativeRelativePath = [System.IO.Path]::GetRelativePath((Get-Module -Name KrJwt).ModuleBase, [KrJwt.KrJwtLibrary]::NativePath)

    function Import-TestDamagedModule {
        <#
            Copies the built module to a fresh folder, lets -Damage change its native library there, and
            imports that copy in a child pwsh. Returns the exit code, the number of records in the child's
            $Error and the message of the import failure.
        #>
        param([Parameter(Mandatory)] [scriptblock] $Damage)
        $folder = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid().ToString('n'))
        $moduleCopy = Join-Path -Path $folder -ChildPath 'KrJwt'
        $null = New-Item -ItemType Directory -Path $folder
        Copy-Item -LiteralPath (Split-Path -Path $script:ModuleManifest -Parent) -Destination $moduleCopy -Recurse
        $native = Join-Path -Path $moduleCopy -ChildPath $script:NativeRelativePath
        & $Damage $native
        $manifest = (Join-Path -Path $moduleCopy -ChildPath 'KrJwt.psd1') -replace "'", "''"
        $child = @"
`$Error.Clear()
try {
    Import-Module -Name '$manifest' -ErrorAction Stop
    `$outcome = @{ Imported = `$true; Errors = `$Error.Count; Message = '' }
} catch {
    `$outcome = @{ Imported = `$false; Errors = `$Error.Count; Message = `$_.Exception.Message }
}
# A cmdlet must not get as far as a DllNotFoundException either.
`$outcome | ConvertTo-Json -Compress
if (-not `$outcome.Imported) { exit 3 }
"@
        $output = & $script:Pwsh -NoProfile -NonInteractive -Command $child 2>&1
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Outcome  = ($output | Select-Object -Last 1 | ConvertFrom-Json)
            Native   = $native
        }
    }
}

Describe 'A broken native library fails Import-Module at once, with one message' {
    It 'the native library is missing' {
        $run = Import-TestDamagedModule -Damage { param($native) Remove-Item -LiteralPath $native }
        $run.ExitCode | Should -Be 3
        $run.Outcome.Imported | Should -BeFalse
        $run.Outcome.Errors | Should -Be 1
        $run.Outcome.Message | Should -BeLike "*$($run.Native)*"
        $run.Outcome.Message | Should -Match 'missing'
        $run.Outcome.Message | Should -BeLike '*build.ps1 Build*'
    }

    It 'the native library is corrupt (garbage bytes)' {
        $run = Import-TestDamagedModule -Damage { param($native) [System.IO.File]::WriteAllBytes($native, [byte[]] (1..4096 | ForEach-Object { $_ % 251 })) }
        $run.ExitCode | Should -Be 3
        $run.Outcome.Imported | Should -BeFalse
        $run.Outcome.Errors | Should -Be 1
        $run.Outcome.Message | Should -BeLike "*$($run.Native)*"
        $run.Outcome.Message | Should -Match 'not a shared library|invalid|corrupt'
        # Names what this process needs: OS and architecture.
        $run.Outcome.Message | Should -BeLike "*$([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())*"
        $run.Outcome.Message | Should -BeLike '*build.ps1 Build*'
        # One message, not the runtime's advice on strace and LD_DEBUG.
        $run.Outcome.Message | Should -Not -Match 'strace|LD_DEBUG'
        @($run.Outcome.Message -split "`n").Count | Should -Be 1
    }

    It 'the native library is built for another architecture (an aarch64 ELF)' -Skip:(-not $IsLinux -or [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') {
        # The real library with e_machine (offset 18) set to EM_AARCH64 (183): a valid ELF for another CPU,
        # which glibc refuses with a misleading "No such file or directory".
        $run = Import-TestDamagedModule -Damage {
            param($native)
            $bytes = [System.IO.File]::ReadAllBytes($native)
            $bytes[18] = 183
            $bytes[19] = 0
            [System.IO.File]::WriteAllBytes($native, $bytes)
        }
        $run.ExitCode | Should -Be 3
        $run.Outcome.Imported | Should -BeFalse
        $run.Outcome.Errors | Should -Be 1
        $run.Outcome.Message | Should -BeLike "*$($run.Native)*"
        $run.Outcome.Message | Should -BeLike '*aarch64*'
        $run.Outcome.Message | Should -BeLike '*linux-x64*'
        $run.Outcome.Message | Should -BeLike '*build.ps1 Build*'
        $run.Outcome.Message | Should -Not -Match 'No such file|strace|LD_DEBUG'
        @($run.Outcome.Message -split "`n").Count | Should -Be 1
    }

    It 'the native library is truncated (glibc would kill the process with SIGBUS while mapping it)' -Skip:(-not $IsLinux) {
        $run = Import-TestDamagedModule -Damage {
            param($native)
            $bytes = [System.IO.File]::ReadAllBytes($native)
            [System.IO.File]::WriteAllBytes($native, $bytes[0..2999])
        }
        $run.ExitCode | Should -Be 3
        $run.Outcome.Imported | Should -BeFalse
        $run.Outcome.Errors | Should -Be 1
        $run.Outcome.Message | Should -BeLike "*$($run.Native)*"
        $run.Outcome.Message | Should -BeLike '*truncated*'
        $run.Outcome.Message | Should -BeLike '*build.ps1 Build*'
    }

    It 'an intact copy of the module imports (the test harness itself is sound)' {
        $run = Import-TestDamagedModule -Damage { param($native) }
        $run.ExitCode | Should -Be 0
        $run.Outcome.Imported | Should -BeTrue
        $run.Outcome.Errors | Should -Be 0
    }
}
