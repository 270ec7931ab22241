BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
}

Describe 'Bad input gives a stable ErrorId at the call that received it' {
    It 'odd-length hex -> KrJwt.InvalidKey at Protect-KrJWT' {
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'abc' } | Should -Throw -ErrorId 'KrJwt.InvalidKey*'
        $err = Get-TestError { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey ((New-TestHexKey) + 'a') }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidKey,Protect-KrJWT'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.Exception | Should -BeOfType ([KrJwt.KrJwtException])
        $err.Exception.Status | Should -Be ([KrJwt.KrJwtStatus]::InvalidKey)
        $err.Exception.Message | Should -Not -BeNullOrEmpty
    }

    It 'non-hex characters -> KrJwt.InvalidKey' {
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey ('zz' * 32) } | Should -Throw -ErrorId 'KrJwt.InvalidKey*'
    }

    It 'empty hex key -> KrJwt.InvalidKey' {
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey '' } | Should -Throw -ErrorId 'KrJwt.InvalidKey*'
    }

    It 'bad base64url -> KrJwt.InvalidKey' {
        { New-KrJWTBuilder | Protect-KrJWT -Base64Url 'not*base64url' } | Should -Throw -ErrorId 'KrJwt.InvalidKey*'
    }

    It 'a 16-byte key with HS256 -> KrJwt.KeyTooShort at Protect-KrJWT, not at Build' {
        $err = Get-TestError { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey -Bytes 16) -Algorithm HS256 }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,Protect-KrJWT'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }

    It 'a 16-byte key with Auto -> KrJwt.KeyTooShort' {
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey -Bytes 16) } | Should -Throw -ErrorId 'KrJwt.KeyTooShort*'
    }

    It 'a 32-byte key with HS512 -> KrJwt.KeyTooShort' {
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey -Bytes 32) -Algorithm HS512 } | Should -Throw -ErrorId 'KrJwt.KeyTooShort*'
    }

    It 'a short passphrase -> KrJwt.KeyTooShort' {
        $secure = ConvertTo-SecureString -String 'mysecret' -AsPlainText -Force
        { New-KrJWTBuilder | Protect-KrJWT -Passphrase $secure } | Should -Throw -ErrorId 'KrJwt.KeyTooShort*'
    }

    It 'an algorithm outside the set is refused at binding' {
        { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey (New-TestHexKey) -Algorithm 'none' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'Build without Protect -> KrJwt.NotProtected (InvalidOperation) at Build-KrJWT' {
        $err = Get-TestError { New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'I' | Build-KrJWT }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.NotProtected,Build-KrJWT'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidOperation)
    }

    It 'empty issuer -> KrJwt.InvalidArgument at Add-KrJWTIssuer' {
        { New-KrJWTBuilder | Add-KrJWTIssuer -Issuer '' } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTIssuer'
    }

    It 'empty audience -> KrJwt.InvalidArgument at Add-KrJWTAudience' {
        { New-KrJWTBuilder | Add-KrJWTAudience -Audience '' } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTAudience'
    }

    It 'empty claim type -> KrJwt.InvalidArgument at Add-KrJWTClaim' {
        { New-KrJWTBuilder | Add-KrJWTClaim -ClaimType '' -Value 'v' } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTClaim'
    }

    It 'an issuer with a NUL character is refused instead of truncated' {
        { New-KrJWTBuilder | Add-KrJWTIssuer -Issuer "a`0b" } | Should -Throw -ErrorId 'KrJwt.InvalidArgument,Add-KrJWTIssuer'
    }

    It 'Limit-KrJWTValidity -Seconds 0 -> KrJwt.InvalidArgument at the call' {
        $err = Get-TestError { New-KrJWTBuilder | Limit-KrJWTValidity -Seconds 0 }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,Limit-KrJWTValidity'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
    }

    It 'Limit-KrJWTValidity with a negative lifetime -> KrJwt.InvalidArgument' {
        { New-KrJWTBuilder | Limit-KrJWTValidity -Lifetime ([TimeSpan]::FromMinutes(-5)) } | Should -Throw -ErrorId 'KrJwt.InvalidArgument*'
        { New-KrJWTBuilder | Limit-KrJWTValidity -Minutes -1 } | Should -Throw -ErrorId 'KrJwt.InvalidArgument*'
    }

    It 'a failed call leaves the builder as it was' {
        $builder = New-KrJWTBuilder | Limit-KrJWTValidity -Minutes 10
        { $builder | Limit-KrJWTValidity -Seconds 0 } | Should -Throw
        $builder.Lifetime | Should -Be ([TimeSpan]::FromMinutes(10))
    }

    It 'Get-KrJWTInfo on garbage -> KrJwt.MalformedToken' {
        { Get-KrJWTInfo -Token 'garbage' } | Should -Throw -ErrorId 'KrJwt.MalformedToken,Get-KrJWTInfo'
    }

    It 'error messages never contain the key' {
        $hexKey = New-TestHexKey -Bytes 16
        $err = Get-TestError { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey $hexKey -Algorithm HS256 }
        $err.Exception.Message | Should -Not -Match $hexKey
        ($err | Out-String) | Should -Not -Match $hexKey
        $err.TargetObject | Should -BeOfType ([KrJwt.JwtBuilder])
    }

    It 'every KrJwt ErrorId comes from the library status name' {
        foreach ($status in [Enum]::GetValues([KrJwt.KrJwtStatus])) {
            [KrJwt.KrJwtLibrary]::StatusName($status) | Should -BeExactly $status.ToString()
        }
    }
}

Describe 'Every KrJwt error leaves exactly one record in $Error' {
    BeforeAll {
        $script:ErrHex = New-TestHexKey
        $script:ErrBuilder = New-TestBuilder -HexKey $script:ErrHex -Issuer 'ErrIssuer' -Audience 'ErrAudience'
        $script:ErrForged = (New-TestBuilder -Issuer 'ErrIssuer' -Audience 'ErrAudience' | Build-KrJWT).Token
        $script:ErrValidation = $script:ErrBuilder | Build-KrJWT | Get-KrJWTValidationParameter
    }

    It '<Cmdlet> (terminating: <ErrorId>), with -ErrorAction <Action>' -ForEach @(
        @{ Cmdlet = 'Protect-KrJWT'; ErrorId = 'KrJwt.InvalidKey'; Action = 'Stop'; Call = { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'abc' -ErrorAction $Action } }
        @{ Cmdlet = 'Protect-KrJWT'; ErrorId = 'KrJwt.InvalidKey'; Action = 'Continue'; Call = { New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'abc' -ErrorAction $Action } }
        @{ Cmdlet = 'Build-KrJWT'; ErrorId = 'KrJwt.NotProtected'; Action = 'Stop'; Call = { New-KrJWTBuilder | Build-KrJWT -ErrorAction $Action } }
        @{ Cmdlet = 'Add-KrJWTIssuer'; ErrorId = 'KrJwt.InvalidArgument'; Action = 'SilentlyContinue'; Call = { New-KrJWTBuilder | Add-KrJWTIssuer -Issuer '' -ErrorAction $Action } }
        @{ Cmdlet = 'Get-KrJWTInfo'; ErrorId = 'KrJwt.MalformedToken'; Action = 'Stop'; Call = { Get-KrJWTInfo -Token 'garbage' -ErrorAction $Action } }
        @{ Cmdlet = 'New-KrJWTValidationParameter'; ErrorId = 'KrJwt.InvalidKey'; Action = 'Stop'; Call = { New-KrJWTValidationParameter -HexadecimalKey 'zz' -ErrorAction $Action } }
        @{ Cmdlet = 'Update-KrJWT'; ErrorId = 'KrJwt.InvalidSignature'; Action = 'Stop'; Call = { $script:ErrBuilder | Update-KrJWT -Token $script:ErrForged -ErrorAction $Action } }
        @{ Cmdlet = 'Update-KrJWT'; ErrorId = 'KrJwt.UntrustedPrincipal'; Action = 'Stop'; Call = { $Context = [pscustomobject]@{ User = @{ PayloadJson = '{}' } }; $script:ErrBuilder | Update-KrJWT -FromContext -ErrorAction $Action } }
        @{ Cmdlet = 'Update-KrJWT'; ErrorId = 'KrJwt.NoToken'; Action = 'Stop'; Call = { $Context = [pscustomobject]@{ Request = [pscustomobject]@{ Headers = @{} } }; $script:ErrBuilder | Update-KrJWT -FromContext -ErrorAction $Action } }
        @{ Cmdlet = 'Invoke-KrJWTBearerAuthentication'; ErrorId = 'KrJwt.SchemeNotFound'; Action = 'Stop'; Call = { Invoke-KrJWTBearerAuthentication -Name 'NoSuchScheme' -Authorization '' -ErrorAction $Action } }
        @{ Cmdlet = 'Export-KrJwkSet'; ErrorId = 'KrJwt.PathNotFound'; Action = 'Stop'; Call = { New-KrJWTKey -Type EC | Export-KrJwks -Path (Join-Path -Path $TestDrive -ChildPath 'missing/jwks.json') -ErrorAction $Action } }
        @{ Cmdlet = 'Add-KrJWTBearerAuthentication'; ErrorId = 'KrJwt.SchemeExists'; Action = 'Stop'; Call = {
                Add-KrJWTBearerAuthentication -Name 'ErrTwice' -ValidationParameter $script:ErrValidation -Force
                Add-KrJWTBearerAuthentication -Name 'ErrTwice' -ValidationParameter $script:ErrValidation -ErrorAction $Action
            }
        }
    ) {
        $Error.Clear()
        try {
            & $Call
        } catch {
            $null = $_
        }
        @($Error | ForEach-Object { $_.FullyQualifiedErrorId }) | Should -Be @("$ErrorId,$Cmdlet")
    }

    It '<Cmdlet> (non-terminating: <ErrorId>), with -ErrorAction <Action>' -ForEach @(
        @{ Cmdlet = 'Remove-KrJWTBearerAuthentication'; ErrorId = 'KrJwt.SchemeNotFound'; Action = 'SilentlyContinue'; Call = { Remove-KrJWTBearerAuthentication -Name 'NoSuchScheme' -ErrorAction $Action } }
        @{ Cmdlet = 'Remove-KrJWTBearerAuthentication'; ErrorId = 'KrJwt.SchemeNotFound'; Action = 'Stop'; Call = { Remove-KrJWTBearerAuthentication -Name 'NoSuchScheme' -ErrorAction $Action } }
        @{ Cmdlet = 'Test-KrJWT'; ErrorId = 'KrJwt.InvalidPipelineInput'; Action = 'SilentlyContinue'; Call = { @{ Token = 'x' } | Test-KrJWT -ValidationParameter $script:ErrValidation -ErrorAction $Action } }
        @{ Cmdlet = 'Test-KrJWT'; ErrorId = 'KrJwt.InvalidPipelineInput'; Action = 'Stop'; Call = { @{ Token = 'x' } | Test-KrJWT -ValidationParameter $script:ErrValidation -ErrorAction $Action } }
    ) {
        $Error.Clear()
        try {
            $null = & $Call
        } catch {
            $null = $_
        }
        @($Error | ForEach-Object { $_.FullyQualifiedErrorId }) | Should -Be @("$ErrorId,$Cmdlet")
    }
}

Describe 'Export-KrJwks to a folder that does not exist' {
    It 'gives KrJwt.PathNotFound (ObjectNotFound) naming the folder, not a raw .NET exception' {
        $target = Join-Path -Path $TestDrive -ChildPath 'no-such-folder/jwks.json'
        $err = { New-KrJWTKey -Type EC | Export-KrJwks -Path $target } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.PathNotFound,Export-KrJwkSet'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $err.Exception.Message | Should -BeLike "*$(Split-Path -Path $target -Parent)*"
        $err.TargetObject | Should -BeExactly $target
        Test-Path -LiteralPath $target | Should -BeFalse
    }
}

Describe 'Export-KrJwks to a path that cannot be written' {
    It 'gives a KrJwt ErrorRecord naming the path, and one record in $Error' {
        $Error.Clear()
        $err = { New-KrJWTKey -Type EC | Export-KrJwks -Path $TestDrive } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'KrJwt.*,Export-KrJwkSet'
        $err.CategoryInfo.Category | Should -BeIn @([System.Management.Automation.ErrorCategory]::WriteError, [System.Management.Automation.ErrorCategory]::PermissionDenied)
        $err.Exception.Message | Should -BeLike "*$TestDrive*"
        $Error.Count | Should -Be 1
    }
}
