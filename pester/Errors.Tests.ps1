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
