# Nested JWTs (sign, then encrypt): Protect-KrJWTPayload, and JWE support in Build-KrJWT, Test-KrJWT,
# Get-KrJWTValidationParameter, New-KrJWTValidationParameter, Get-KrJWTInfo and Update-KrJWT.
# Every rule is the native library's; these tests check that each cmdlet reaches it and shapes its answers.

BeforeDiscovery {
    # Key management x content encryption: all 60 pairs. The key each pair needs is named here and made
    # once in BeforeAll (RSA and EC generation is the slow part).
    $contentKeyBytes = [ordered]@{
        'A128GCM'       = 16
        'A192GCM'       = 24
        'A256GCM'       = 32
        'A128CBC-HS256' = 32
        'A192CBC-HS384' = 48
        'A256CBC-HS512' = 64
    }
    $keyManagement = [ordered]@{
        'dir'            = $null   # the secret is the content key: its size follows enc
        'A128KW'         = 'oct16'
        'A192KW'         = 'oct24'
        'A256KW'         = 'oct32'
        'RSA-OAEP'       = 'RSA'
        'RSA-OAEP-256'   = 'RSA'
        'ECDH-ES'        = 'EC'
        'ECDH-ES+A128KW' = 'EC'
        'ECDH-ES+A192KW' = 'EC'
        'ECDH-ES+A256KW' = 'EC'
    }
    $roundTripCases = foreach ($keyAlg in $keyManagement.Keys) {
        foreach ($encAlg in $contentKeyBytes.Keys) {
            @{
                KeyAlg  = $keyAlg
                EncAlg  = $encAlg
                KeyName = if ($keyAlg -eq 'dir') { 'oct' + $contentKeyBytes[$encAlg] } else { $keyManagement[$keyAlg] }
                Direct  = $keyAlg -in 'dir', 'ECDH-ES'
            }
        }
    }
    $tamperConfigs = @(
        @{ KeyAlg = 'A128KW'; EncAlg = 'A128CBC-HS256'; KeyName = 'oct16' }
        @{ KeyAlg = 'RSA-OAEP'; EncAlg = 'A256GCM'; KeyName = 'RSA' }
        @{ KeyAlg = 'ECDH-ES+A256KW'; EncAlg = 'A192CBC-HS384'; KeyName = 'EC' }
        @{ KeyAlg = 'dir'; EncAlg = 'A256GCM'; KeyName = 'oct32' }
    )
    $tamperCases = foreach ($config in $tamperConfigs) {
        foreach ($segment in 'Header', 'EncryptedKey', 'IV', 'Ciphertext', 'Tag') {
            # dir has no encrypted key to tamper with.
            if ($segment -eq 'EncryptedKey' -and $config.KeyAlg -eq 'dir') {
                continue
            }
            $config + @{ Segment = $segment }
        }
    }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:SigningHex = New-TestHexKey
    $script:Issuer = 'JweIssuer'
    $script:Audience = 'JweAudience'
    # Symmetric keys: 16 and 24 bytes as hex text (New-KrJWTKey makes HMAC keys of 256 bits and more),
    # 32, 48 and 64 bytes from New-KrJWTKey; RSA 2048 and EC P-256 from New-KrJWTKey, once.
    $script:Keys = @{
        oct16 = New-TestHexKey -Bytes 16
        oct24 = New-TestHexKey -Bytes 24
        oct32 = New-KrJWTKey -Type HMAC -Bits 256
        oct48 = New-KrJWTKey -Type HMAC -Bits 384
        oct64 = New-KrJWTKey -Type HMAC -Bits 512
        RSA   = New-KrJWTKey -Type RSA
        EC    = New-KrJWTKey -Type EC
    }
    $script:OtherRsa = New-KrJWTKey -Type RSA
    $script:OtherEc = New-KrJWTKey -Type EC
    $script:TempDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-jwe-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:TempDir

    function Get-TestKeyArgument {
        <# Protect-KrJWTPayload arguments for a named key: hex text for -HexadecimalKey, else -Key. #>
        param([string] $KeyName, [string] $Prefix = '')
        $value = $script:Keys[$KeyName]
        if ($value -is [string]) {
            @{ "${Prefix}HexadecimalKey" = $value }
        } else {
            @{ "${Prefix}Key" = $value }
        }
    }

    function New-TestJweBuilder {
        <# A signing builder (HS256, issuer, audience, subject, a claim) that encrypts with $Protect. #>
        param([hashtable] $Protect = @{}, [string] $SigningHex = $script:SigningHex, [string] $Subject = 'alice')
        New-KrJWTBuilder |
            Add-KrJWTIssuer -Issuer $script:Issuer |
            Add-KrJWTAudience -Audience $script:Audience |
            Add-KrJWTSubject -Subject $Subject |
            Add-KrJWTClaim -ClaimType 'role' -Value 'admin' |
            Protect-KrJWT -HexadecimalKey $SigningHex -Algorithm HS256 |
            Protect-KrJWTPayload @Protect
    }

    function New-TestValidation {
        <# Validation parameters for New-TestJweBuilder's tokens; $Decrypt adds decryption key arguments. #>
        param([hashtable] $Decrypt = @{})
        New-KrJWTValidationParameter -ValidIssuer $script:Issuer -ValidAudience $script:Audience -HexadecimalKey $script:SigningHex @Decrypt
    }

    function Get-TestJweHeader {
        <# The JWE protected header decoded by the test itself (not by the library). #>
        param([Parameter(Mandatory)] [string] $Token)
        $segments = $Token.Split('.')
        $segments.Count | Should -Be 5
        [System.Text.Encoding]::UTF8.GetString((ConvertFrom-TestBase64Url -Text $segments[0])) | ConvertFrom-Json -AsHashtable
    }

    function Edit-TestJweSegment {
        <# The token with one JWE segment changed: the header gets an extra member, other segments one flipped bit. #>
        param([Parameter(Mandatory)] [string] $Token, [Parameter(Mandatory)] [string] $Segment)
        $index = @{ Header = 0; EncryptedKey = 1; IV = 2; Ciphertext = 3; Tag = 4 }[$Segment]
        $segments = $Token.Split('.')
        if ($index -eq 0) {
            $json = [System.Text.Encoding]::UTF8.GetString((ConvertFrom-TestBase64Url -Text $segments[0]))
            $segments[0] = ConvertTo-TestBase64Url -Data ($json.TrimEnd('}') + ',"x":1}')
        } else {
            $bytes = [byte[]] (ConvertFrom-TestBase64Url -Text $segments[$index])
            $bytes[$bytes.Length - 1] = $bytes[$bytes.Length - 1] -bxor 0x01
            $segments[$index] = ConvertTo-TestBase64Url -Data $bytes
        }
        $segments -join '.'
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:TempDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Protect-KrJWTPayload round trips: every key management x content encryption' {
    It '<KeyAlg> + <EncAlg> (<KeyName>) builds a nested JWT that validates' -ForEach $roundTripCases {
        $protect = (Get-TestKeyArgument -KeyName $KeyName) + @{ KeyAlg = $KeyAlg; EncAlg = $EncAlg }
        $builder = New-TestJweBuilder -Protect $protect
        $builder.Encryption.KeyManagement | Should -BeExactly $KeyAlg
        $builder.Encryption.ContentEncryption | Should -BeExactly $EncAlg
        $built = $builder | Build-KrJWT

        $built.Encrypted | Should -BeTrue
        $segments = $built.Token.Split('.')
        $segments.Count | Should -Be 5
        # dir and ECDH-ES agree on the content key itself: the encrypted-key segment is empty.
        ($segments[1].Length -eq 0) | Should -Be $Direct
        $header = Get-TestJweHeader -Token $built.Token
        $header.alg | Should -BeExactly $KeyAlg
        $header.enc | Should -BeExactly $EncAlg
        $header.cty | Should -BeExactly 'JWT'
        $built.OuterHeader.alg | Should -BeExactly $KeyAlg
        $built.OuterHeader.enc | Should -BeExactly $EncAlg
        $built.OuterHeader.cty | Should -BeExactly 'JWT'
        # The result still describes the inner token, which the builder knows.
        $built.Algorithm | Should -BeExactly 'HS256'
        $built.Subject | Should -BeExactly 'alice'
        $built.Claims.role | Should -BeExactly 'admin'

        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
        $outcome = Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt (Get-TestKeyArgument -KeyName $KeyName -Prefix 'Decryption')) -PassThru
        $outcome.IsValid | Should -BeTrue
        $outcome.Claims.sub | Should -BeExactly 'alice'
        $outcome.Claims.role | Should -BeExactly 'admin'
    }
}

Describe 'Nested JWTs are standard JWE (decrypted here with .NET, not with the library)' {
    It 'dir + A256GCM: AES-GCM over the header as AAD gives the signed token' {
        $hex = New-TestHexKey -Bytes 32
        $built = New-TestJweBuilder -Protect @{ HexadecimalKey = $hex } | Build-KrJWT
        $s = $built.Token.Split('.')
        $ciphertext = [byte[]] (ConvertFrom-TestBase64Url -Text $s[3])
        $plain = [byte[]]::new($ciphertext.Length)
        $gcm = [System.Security.Cryptography.AesGcm]::new([Convert]::FromHexString($hex), 16)
        try {
            $gcm.Decrypt((ConvertFrom-TestBase64Url -Text $s[2]), $ciphertext, (ConvertFrom-TestBase64Url -Text $s[4]), $plain, [System.Text.Encoding]::ASCII.GetBytes($s[0]))
        } finally {
            $gcm.Dispose()
        }
        $inner = [System.Text.Encoding]::ASCII.GetString($plain)
        (Get-TestTokenPart -Token $inner -Part Payload).sub | Should -BeExactly 'alice'
        $inner.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $inner -Key ([Convert]::FromHexString($script:SigningHex)) -Algorithm HS256)
    }

    It 'RSA-OAEP-256 + A128CBC-HS256: RSA-OAEP unwraps the CEK, HMAC-SHA256 authenticates, AES-CBC decrypts' {
        $built = New-TestJweBuilder -Protect @{ Pem = $script:Keys.RSA.PublicPem; KeyAlg = 'RSA-OAEP-256'; EncAlg = 'A128CBC-HS256' } | Build-KrJWT
        $s = $built.Token.Split('.')
        $rsa = [System.Security.Cryptography.RSA]::Create()
        try {
            $rsa.ImportFromPem($script:Keys.RSA.ExportPem($true))
            $cek = $rsa.Decrypt((ConvertFrom-TestBase64Url -Text $s[1]), [System.Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
        } finally {
            $rsa.Dispose()
        }
        $cek.Length | Should -Be 32
        $aad = [System.Text.Encoding]::ASCII.GetBytes($s[0])
        $iv = [byte[]] (ConvertFrom-TestBase64Url -Text $s[2])
        $ciphertext = [byte[]] (ConvertFrom-TestBase64Url -Text $s[3])
        $al = [BitConverter]::GetBytes([uint64] ($aad.Length * 8))
        [Array]::Reverse($al)
        $mac = [System.Security.Cryptography.HMACSHA256]::HashData($cek[0..15], [byte[]] ($aad + $iv + $ciphertext + $al))
        ConvertTo-TestBase64Url -Data ([byte[]] $mac[0..15]) | Should -BeExactly $s[4]
        $aes = [System.Security.Cryptography.Aes]::Create()
        try {
            $aes.Key = [byte[]] $cek[16..31]
            $inner = [System.Text.Encoding]::ASCII.GetString($aes.DecryptCbc($ciphertext, $iv))
        } finally {
            $aes.Dispose()
        }
        (Get-TestTokenPart -Token $inner -Part Payload).sub | Should -BeExactly 'alice'
    }

    It 'RSA-OAEP (SHA-1) + A256GCM: the default for RSA keys' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA } | Build-KrJWT
        $s = $built.Token.Split('.')
        $rsa = [System.Security.Cryptography.RSA]::Create()
        try {
            $rsa.ImportFromPem($script:Keys.RSA.ExportPem($true))
            $cek = $rsa.Decrypt((ConvertFrom-TestBase64Url -Text $s[1]), [System.Security.Cryptography.RSAEncryptionPadding]::OaepSHA1)
        } finally {
            $rsa.Dispose()
        }
        $ciphertext = [byte[]] (ConvertFrom-TestBase64Url -Text $s[3])
        $plain = [byte[]]::new($ciphertext.Length)
        $gcm = [System.Security.Cryptography.AesGcm]::new($cek, 16)
        try {
            $gcm.Decrypt((ConvertFrom-TestBase64Url -Text $s[2]), $ciphertext, (ConvertFrom-TestBase64Url -Text $s[4]), $plain, [System.Text.Encoding]::ASCII.GetBytes($s[0]))
        } finally {
            $gcm.Dispose()
        }
        (Get-TestTokenPart -Token ([System.Text.Encoding]::ASCII.GetString($plain)) -Part Payload).sub | Should -BeExactly 'alice'
    }
}

Describe 'A nested JWT from another issuer spells cty as a media type (RFC 7515 §4.1.10)' {
    BeforeAll {
        $script:ContentKeyHex = New-TestHexKey -Bytes 32
        $script:InnerToken = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience |
                Add-KrJWTSubject -Subject 'carol' | Protect-KrJWT -HexadecimalKey $script:SigningHex -Algorithm HS256 | Build-KrJWT).Token

        function New-TestForeignJwe {
            <# dir + A256GCM around the signed token, encrypted here with .NET, with the given cty. #>
            param([Parameter(Mandatory)] [string] $ContentType)
            $header = ConvertTo-TestBase64Url -Data ('{"alg":"dir","enc":"A256GCM","cty":"' + $ContentType + '"}')
            $iv = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(12)
            $plain = [System.Text.Encoding]::ASCII.GetBytes($script:InnerToken)
            $ciphertext = [byte[]]::new($plain.Length)
            $tag = [byte[]]::new(16)
            $gcm = [System.Security.Cryptography.AesGcm]::new([Convert]::FromHexString($script:ContentKeyHex), 16)
            try {
                $gcm.Encrypt($iv, $plain, $ciphertext, $tag, [System.Text.Encoding]::ASCII.GetBytes($header))
            } finally {
                $gcm.Dispose()
            }
            $header + '..' + (ConvertTo-TestBase64Url -Data $iv) + '.' + (ConvertTo-TestBase64Url -Data $ciphertext) + '.' + (ConvertTo-TestBase64Url -Data $tag)
        }
    }

    It 'cty <_> is the JWT media type: the inner token is validated' -ForEach @('JWT', 'jwt', 'application/JWT', 'Application/jwt', 'APPLICATION/JWT') {
        $outcome = Test-KrJWT -Token (New-TestForeignJwe -ContentType $_) -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionHexadecimalKey = $script:ContentKeyHex }) -PassThru
        $outcome.Message | Should -BeNullOrEmpty
        $outcome.IsValid | Should -BeTrue
        $outcome.Claims.sub | Should -BeExactly 'carol'
    }

    It 'cty <_> is refused as MalformedToken, naming the content type' -ForEach @('text/plain', 'application/jose', 'JWE', 'app/JWT') {
        $outcome = Test-KrJWT -Token (New-TestForeignJwe -ContentType $_) -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionHexadecimalKey = $script:ContentKeyHex }) -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'MalformedToken'
        $outcome.Message | Should -BeLike "*content type '$_' is not JWT*"
    }
}

Describe 'Tampered, wrongly keyed and undecryptable nested JWTs' {
    It '<KeyAlg> + <EncAlg>: a changed <Segment> fails' -ForEach $tamperCases {
        $protect = (Get-TestKeyArgument -KeyName $KeyName) + @{ KeyAlg = $KeyAlg; EncAlg = $EncAlg }
        $built = New-TestJweBuilder -Protect $protect | Build-KrJWT
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
        $tampered = Edit-TestJweSegment -Token $built.Token -Segment $Segment
        $tampered | Should -Not -BeExactly $built.Token
        Test-KrJWT -Token $tampered -Result $built | Should -BeFalse
        $outcome = Test-KrJWT -Token $tampered -ValidationParameter (New-TestValidation -Decrypt (Get-TestKeyArgument -KeyName $KeyName -Prefix 'Decryption')) -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -Not -BeExactly 'Ok'
    }

    It 'a wrong decryption key of the right kind fails: <Name>' -ForEach @(
        @{ Name = 'dir secret'; Protect = 'oct32'; Wrong = 'secret' }
        @{ Name = 'RSA-OAEP'; Protect = 'RSA'; Wrong = 'RSA' }
        @{ Name = 'ECDH-ES'; Protect = 'EC'; Wrong = 'EC' }
    ) {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys[$Protect] } | Build-KrJWT
        $wrongKey = switch ($Wrong) {
            'secret' { New-KrJWTKey -Type HMAC -Bits 256 }
            'RSA' { $script:OtherRsa }
            'EC' { $script:OtherEc }
        }
        $validation = New-TestValidation -Decrypt @{ DecryptionKey = $wrongKey }
        $validation.Decrypts | Should -BeTrue
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeFalse
        (Test-KrJWT -Token $built.Token -ValidationParameter $validation -PassThru).Reason | Should -BeIn @('InvalidSignature', 'NoMatchingKey')
        # The right key next to the wrong one is found.
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionKey = $wrongKey, $script:Keys[$Protect] }) | Should -BeTrue
    }

    It 'without a decryption key: $false, reason MalformedToken, message "no decryption key"' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.EC } | Build-KrJWT
        $validation = New-TestValidation
        $validation.Decrypts | Should -BeFalse
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeFalse
        $outcome = Test-KrJWT -Token $built.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeExactly 'MalformedToken'
        $outcome.Message | Should -Match 'no decryption key'
        $verbose = Test-KrJWT -Token $built.Token -ValidationParameter $validation -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match 'MalformedToken.*no decryption key'
    }

    It 'a result encrypted to a public key only cannot decrypt its own tokens: MalformedToken' {
        $built = New-TestJweBuilder -Protect @{ Pem = $script:Keys.RSA.PublicPem } | Build-KrJWT
        ($built | Get-KrJWTValidationParameter).Decrypts | Should -BeFalse
        (Test-KrJWT -Token $built.Token -Result $built -PassThru).Reason | Should -BeExactly 'MalformedToken'
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.RSA }) | Should -BeTrue
    }

    It 'the inner signature still counts: the right decryption key with a foreign signing key fails' {
        $forged = New-TestJweBuilder -Protect @{ Key = $script:Keys.oct32 } -SigningHex (New-TestHexKey) | Build-KrJWT
        $validation = New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.oct32 }
        (Test-KrJWT -Token $forged.Token -ValidationParameter $validation -PassThru).Reason | Should -BeExactly 'InvalidSignature'
    }

    It 'the inner claims are validated after decryption: an expired nested token fails with TokenExpired' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.oct32 } | Limit-KrJWTNotBefore -Seconds -7200 | Limit-KrJWTValidity -Minutes 5 | Build-KrJWT
        (Test-KrJWT -Token $built.Token -Result $built -PassThru).Reason | Should -BeExactly 'TokenExpired'
    }

    It 'a batch mixes encrypted, signed and broken tokens in one call' {
        $jwe = New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA } | Build-KrJWT
        $jws = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience | Add-KrJWTSubject -Subject 'bob' |
            Protect-KrJWT -HexadecimalKey $script:SigningHex | Build-KrJWT
        $validation = New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.RSA }
        $jwe.Token, $jws.Token, 'a.b.c.d.e' | Test-KrJWT -ValidationParameter $validation | Should -Be @($true, $true, $false)
        $outcomes = $jwe.Token, $jws.Token | Test-KrJWT -ValidationParameter $validation -PassThru
        $outcomes[0].Claims.sub | Should -BeExactly 'alice'
        $outcomes[1].Claims.sub | Should -BeExactly 'bob'
    }
}

Describe 'Defaults that work (Kestrun''s own defaults fail in Kestrun)' {
    It 'a <Bytes>-byte secret -> dir + <Enc>' -ForEach @(
        @{ Bytes = 16; Enc = 'A128GCM' }
        @{ Bytes = 24; Enc = 'A192GCM' }
        @{ Bytes = 32; Enc = 'A256GCM' }
        @{ Bytes = 48; Enc = 'A192CBC-HS384' }
        @{ Bytes = 64; Enc = 'A256CBC-HS512' }
    ) {
        $built = New-TestJweBuilder -Protect @{ HexadecimalKey = (New-TestHexKey -Bytes $Bytes) } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'dir'
        $built.OuterHeader.enc | Should -BeExactly $Enc
        $built.OuterHeader.Contains('kid') | Should -BeFalse -Because 'a secret has no key id'
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It 'an RSA key -> RSA-OAEP + A256GCM, with the key''s thumbprint as kid' {
        $builder = New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA }
        $builder.Encryption.KeyManagement | Should -BeExactly 'RSA-OAEP'
        $builder.Encryption.ContentEncryption | Should -BeExactly 'A256GCM'
        $builder.Encryption.KeyId | Should -BeExactly $script:Keys.RSA.KeyId
        $built = $builder | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'RSA-OAEP'
        $built.OuterHeader.enc | Should -BeExactly 'A256GCM'
        $built.OuterHeader.kid | Should -BeExactly $script:Keys.RSA.KeyId
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It 'an EC <Curve> key -> ECDH-ES + A256GCM' -ForEach @(
        @{ Curve = 'P-256' }
        @{ Curve = 'P-384' }
        @{ Curve = 'P-521' }
    ) {
        $ec = if ($Curve -eq 'P-256') { $script:Keys.EC } else { New-KrJWTKey -Type EC -Curve $Curve }
        $built = New-TestJweBuilder -Protect @{ Key = $ec } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'ECDH-ES'
        $built.OuterHeader.enc | Should -BeExactly 'A256GCM'
        $built.OuterHeader.epk.crv | Should -BeExactly $Curve
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It 'an explicit key management without -EncAlg uses A256GCM; empty strings mean the defaults' {
        (New-TestJweBuilder -Protect @{ HexadecimalKey = $script:Keys.oct16; KeyAlg = 'A128KW' }).Encryption.ToString() | Should -BeExactly 'KrJwt encryption A128KW + A256GCM'
        (New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA; KeyAlg = ''; EncAlg = '' }).Encryption.ToString() | Should -BeLike 'KrJwt encryption RSA-OAEP + A256GCM kid=*'
        (New-TestJweBuilder -Protect @{ Key = $script:Keys.EC; EncAlg = 'A128CBC-HS256' }).Encryption.ToString() | Should -BeLike 'KrJwt encryption ECDH-ES + A128CBC-HS256 kid=*'
    }
}

Describe 'Algorithm names: RFC 8725, Kestrun''s spelling, case' {
    It 'RSA1_5 is refused with KrJwt.UnknownAlgorithm and the RFC 8725 reason (<Name>)' -ForEach @(
        @{ Name = 'RSA1_5' }
        @{ Name = 'rsa1_5' }
    ) {
        $err = Get-TestError { New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA; KeyAlg = $Name } }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.UnknownAlgorithm,Protect-KrJWTPayload'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.Exception.Message | Should -Match '8725'
        $err.Exception.Message | Should -Match 'RSA-OAEP'
    }

    It 'other names the library does not support are refused: <KeyAlg>/<EncAlg>' -ForEach @(
        @{ KeyAlg = 'PBES2-HS256+A128KW'; EncAlg = '' }
        @{ KeyAlg = 'A128GCMKW'; EncAlg = '' }
        @{ KeyAlg = 'RSA-OAEP-512'; EncAlg = '' }
        @{ KeyAlg = 'none'; EncAlg = '' }
        @{ KeyAlg = 'RSA-OAEP'; EncAlg = 'A512GCM' }
        @{ KeyAlg = ''; EncAlg = 'HS256' }
    ) {
        $err = Get-TestError { New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA; KeyAlg = $KeyAlg; EncAlg = $EncAlg } }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.UnknownAlgorithm,Protect-KrJWTPayload'
    }

    It 'Kestrun''s spelling <Kestrun> works and is written <Standard>' -ForEach @(
        @{ Kestrun = 'ECDH-ESA128KW'; Standard = 'ECDH-ES+A128KW' }
        @{ Kestrun = 'ECDH-ESA192KW'; Standard = 'ECDH-ES+A192KW' }
        @{ Kestrun = 'ECDH-ESA256KW'; Standard = 'ECDH-ES+A256KW' }
    ) {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.EC; KeyAlg = $Kestrun } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly $Standard
        (Get-TestJweHeader -Token $built.Token).alg | Should -BeExactly $Standard
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It 'names are case-insensitive and written in their RFC form' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA; KeyAlg = 'rsa-oaep-256'; EncAlg = 'a128cbc-hs256' } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'RSA-OAEP-256'
        $built.OuterHeader.enc | Should -BeExactly 'A128CBC-HS256'
    }

    It 'tab completion offers the names (<Parameter> <Typed>)' -ForEach @(
        @{ Parameter = 'KeyAlg'; Typed = 'ECDH'; Expected = @('ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW') }
        @{ Parameter = 'KeyAlg'; Typed = 'RSA'; Expected = @('RSA-OAEP', 'RSA-OAEP-256') }
        @{ Parameter = 'EncAlg'; Typed = 'A256'; Expected = @('A256GCM', 'A256CBC-HS512') }
    ) {
        $line = "Protect-KrJWTPayload -$Parameter $Typed"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Be $Expected
    }
}

Describe 'Key problems are reported by Protect-KrJWTPayload, with exact ErrorIds' {
    It '<Case> -> <ErrorId>' -ForEach @(
        @{ Case = 'RSA key with A128KW'; Key = 'RSA'; KeyAlg = 'A128KW'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'RSA key with ECDH-ES'; Key = 'RSA'; KeyAlg = 'ECDH-ES'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'RSA key with dir'; Key = 'RSA'; KeyAlg = 'dir'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'EC key with RSA-OAEP'; Key = 'EC'; KeyAlg = 'RSA-OAEP'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'EC key with A256KW'; Key = 'EC'; KeyAlg = 'A256KW'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'secret with RSA-OAEP-256'; Key = 'oct32'; KeyAlg = 'RSA-OAEP-256'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'secret with ECDH-ES+A128KW'; Key = 'oct32'; KeyAlg = 'ECDH-ES+A128KW'; EncAlg = ''; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = '16-byte secret with A256KW'; Key = 'oct16'; KeyAlg = 'A256KW'; EncAlg = ''; ErrorId = 'KrJwt.KeyTooShort' }
        @{ Case = '24-byte secret with dir + A256GCM'; Key = 'oct24'; KeyAlg = 'dir'; EncAlg = 'A256GCM'; ErrorId = 'KrJwt.KeyTooShort' }
        @{ Case = '32-byte secret with dir + A256CBC-HS512'; Key = 'oct32'; KeyAlg = 'dir'; EncAlg = 'A256CBC-HS512'; ErrorId = 'KrJwt.KeyTooShort' }
        @{ Case = '32-byte secret with A128KW (the KEK size counts, not enc)'; Key = 'oct32'; KeyAlg = 'A128KW'; EncAlg = 'A128CBC-HS256'; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = '64-byte secret with dir + A128GCM'; Key = 'oct64'; KeyAlg = 'dir'; EncAlg = 'A128GCM'; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'Ed25519 key'; Key = 'Ed25519'; KeyAlg = ''; EncAlg = ''; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'secp256k1 key'; Key = 'secp256k1'; KeyAlg = ''; EncAlg = ''; ErrorId = 'KrJwt.InvalidKey' }
    ) {
        $jwtKey = switch ($Key) {
            'Ed25519' { New-KrJWTKey -Type Ed25519 }
            'secp256k1' { New-KrJWTKey -Type EC -Curve secp256k1 }
            default { $script:Keys[$Key] }
        }
        $protect = if ($jwtKey -is [string]) { @{ HexadecimalKey = $jwtKey } } else { @{ Key = $jwtKey } }
        $builder = New-TestJweBuilder -Protect @{ Key = $script:Keys.oct32 }
        $err = Get-TestError { $builder | Protect-KrJWTPayload @protect -KeyAlg $KeyAlg -EncAlg $EncAlg }
        $err.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,Protect-KrJWTPayload"
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        [object]::ReferenceEquals($err.TargetObject, $builder) | Should -BeTrue
        # A failed call leaves the earlier encryption settings as they were.
        $builder.Encryption.ToString() | Should -BeExactly 'KrJwt encryption dir + A256GCM'
    }

    It 'a 40-byte secret fits no content encryption for dir: KrJwt.InvalidKey, and the message lists the sizes' {
        $err = Get-TestError { New-TestJweBuilder -Protect @{ HexadecimalKey = (New-TestHexKey -Bytes 40) } }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidKey,Protect-KrJWTPayload'
        $err.Exception.Message | Should -Match '40-byte'
        $err.Exception.Message | Should -Match '64 \(A256CBC-HS512\)'
    }

    It 'malformed key text and empty keys: <Case>' -ForEach @(
        @{ Case = 'odd hex'; Protect = @{ HexadecimalKey = 'abc' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'bad base64url'; Protect = @{ Base64Url = 'not base64url!' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'empty key bytes'; Protect = @{ KeyBytes = [byte[]] @() }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'empty PEM'; Protect = @{ Pem = '' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'JWK that is not JSON'; Protect = @{ JwkJson = '{kty' }; ErrorId = 'KrJwt.InvalidKey' }
        @{ Case = 'missing PEM file'; Protect = @{ PemPath = 'no-such-key.pem' }; ErrorId = 'KrJwt.KeyFileNotFound' }
        @{ Case = 'missing JWK file'; Protect = @{ JwkPath = 'no-such-key.json' }; ErrorId = 'KrJwt.KeyFileNotFound' }
    ) {
        $err = Get-TestError { New-KrJWTBuilder | Protect-KrJWTPayload @Protect }
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
    }

    It 'error messages never contain the key' {
        $hex = New-TestHexKey -Bytes 20
        $err = Get-TestError { New-KrJWTBuilder | Protect-KrJWTPayload -HexadecimalKey $hex -KeyAlg A256KW }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,Protect-KrJWTPayload'
        $err.Exception.Message | Should -Not -Match $hex
    }
}

Describe 'Every key source of Protect-KrJWTPayload' {
    BeforeAll {
        $rsaCertificate = New-TestSelfSignedCertificate -KeyType RSA -Subject 'CN=KrJwt JWE recipient'
        $ecCertificate = New-TestSelfSignedCertificate -KeyType ECDsa -Subject 'CN=KrJwt JWE EC recipient'
        $publicOnlyCertificate = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($rsaCertificate.RawData)
        $ecPemPath = Join-Path -Path $script:TempDir -ChildPath 'ec-private.pem'
        Set-Content -LiteralPath $ecPemPath -Value $script:Keys.EC.ExportPem($true) -NoNewline
        $rsaJwkPath = Join-Path -Path $script:TempDir -ChildPath 'rsa-private.jwk.json'
        Set-Content -LiteralPath $rsaJwkPath -Value $script:Keys.RSA.ExportJwk($true) -NoNewline
    }

    It '-Base64Url (32-byte secret): dir + A256GCM, and the result decrypts' {
        $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
        $built = New-TestJweBuilder -Protect @{ Base64Url = (ConvertTo-TestBase64Url -Data $bytes) } | Build-KrJWT
        "$($built.OuterHeader.alg) $($built.OuterHeader.enc)" | Should -BeExactly 'dir A256GCM'
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionBase64Url = (ConvertTo-TestBase64Url -Data $bytes) }) | Should -BeTrue
    }

    It '-HexadecimalKey (24-byte secret) with A192KW + A128CBC-HS256' {
        $hex = New-TestHexKey -Bytes 24
        $built = New-TestJweBuilder -Protect @{ HexadecimalKey = $hex.ToUpperInvariant(); KeyAlg = 'A192KW'; EncAlg = 'A128CBC-HS256' } | Build-KrJWT
        "$($built.OuterHeader.alg) $($built.OuterHeader.enc)" | Should -BeExactly 'A192KW A128CBC-HS256'
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionHexadecimalKey = $hex }) | Should -BeTrue
    }

    It '-KeyBytes (64 bytes): dir + A256CBC-HS512' {
        $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(64)
        $built = New-TestJweBuilder -Protect @{ KeyBytes = $bytes } | Build-KrJWT
        "$($built.OuterHeader.alg) $($built.OuterHeader.enc)" | Should -BeExactly 'dir A256CBC-HS512'
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It '-Pem with a public key: encrypts; only the recipient''s private key decrypts' {
        $built = New-TestJweBuilder -Protect @{ Pem = $script:Keys.RSA.PublicPem } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'RSA-OAEP'
        $built.OuterHeader.kid | Should -BeExactly $script:Keys.RSA.KeyId
        ($built | Get-KrJWTValidationParameter).Decrypts | Should -BeFalse
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionPem = $script:Keys.RSA.ExportPem($true) }) | Should -BeTrue
    }

    It '-Pem with a private key: the result decrypts its own tokens' {
        $built = New-TestJweBuilder -Protect @{ Pem = $script:Keys.EC.ExportPem($true); KeyAlg = 'ECDH-ES+A128KW' } | Build-KrJWT
        ($built | Get-KrJWTValidationParameter).Decrypts | Should -BeTrue
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It '-PemPath (EC private key file)' {
        $built = New-TestJweBuilder -Protect @{ PemPath = $ecPemPath } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'ECDH-ES'
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionPemPath = $ecPemPath }) | Should -BeTrue
    }

    It '-JwkJson (EC public JWK): the JWK''s kid goes into the JWE header' {
        $jwk = $script:Keys.EC.PublicJwk | ConvertFrom-Json -AsHashtable
        $jwk.kid = 'recipient-2025'
        $built = New-TestJweBuilder -Protect @{ JwkJson = ($jwk | ConvertTo-Json -Compress); KeyAlg = 'ECDH-ES+A256KW' } | Build-KrJWT
        $built.OuterHeader.kid | Should -BeExactly 'recipient-2025'
        # The header's kid selects the decryption key, as it selects signing keys: the recipient's key
        # must carry the same kid (its own would be the thumbprint).
        $private = $script:Keys.EC.ExportJwk($true) | ConvertFrom-Json -AsHashtable
        $private.kid = 'recipient-2025'
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionJwkJson = ($private | ConvertTo-Json -Compress) }) | Should -BeTrue
        $outcome = Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.EC }) -PassThru
        $outcome.Reason | Should -BeExactly 'NoMatchingKey'
        $outcome.Message | Should -Match 'recipient-2025'
    }

    It '-JwkPath (RSA private JWK file)' {
        $built = New-TestJweBuilder -Protect @{ JwkPath = $rsaJwkPath; KeyAlg = 'RSA-OAEP-256' } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'RSA-OAEP-256'
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionJwkPath = $rsaJwkPath }) | Should -BeTrue
    }

    It '-X509Certificate (self-signed RSA with its private key): kid = thumbprint, and the result decrypts' {
        $built = New-TestJweBuilder -Protect @{ X509Certificate = $rsaCertificate } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'RSA-OAEP'
        $built.OuterHeader.kid | Should -BeExactly (Get-KrJwkThumbprint -Certificate $rsaCertificate)
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It '-X509Certificate without private key: its public key encrypts; the certificate with key decrypts' {
        $publicOnlyCertificate.HasPrivateKey | Should -BeFalse
        $built = New-TestJweBuilder -Protect @{ X509Certificate = $publicOnlyCertificate } | Build-KrJWT
        ($built | Get-KrJWTValidationParameter).Decrypts | Should -BeFalse
        Test-KrJWT -Token $built.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionX509Certificate = $rsaCertificate }) | Should -BeTrue
        $err = Get-TestError { New-TestValidation -Decrypt @{ DecryptionX509Certificate = $publicOnlyCertificate } }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidKey,New-KrJWTValidationParameter'
    }

    It '-X509Certificate (ECDSA P-256): ECDH-ES' {
        $built = New-TestJweBuilder -Protect @{ X509Certificate = $ecCertificate } | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'ECDH-ES'
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It '-Key (a JwtKey): the builder keeps its own reference' {
        $key = New-KrJWTKey -Type RSA -Bits 3072
        $builder = New-TestJweBuilder -Protect @{ Key = $key }
        $key.Dispose()
        $built = $builder | Build-KrJWT
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }
}

Describe 'Builder and result objects' {
    It 'changes the builder in place, emits it, and the last call wins' {
        $builder = New-TestJweBuilder -Protect @{ Key = $script:Keys.oct32 }
        $emitted = $builder | Protect-KrJWTPayload -Key $script:Keys.RSA -EncAlg A128GCM
        [object]::ReferenceEquals($emitted, $builder) | Should -BeTrue
        $builder.IsEncrypted | Should -BeTrue
        $builder.Encryption.KeyManagement | Should -BeExactly 'RSA-OAEP'
        $builder.Encryption.ContentEncryption | Should -BeExactly 'A128GCM'
        ($builder | Build-KrJWT).OuterHeader.enc | Should -BeExactly 'A128GCM'
    }

    It 'a fresh builder does not encrypt; a copy keeps the encryption' {
        $plain = New-KrJWTBuilder
        $plain.Encryption | Should -BeNullOrEmpty
        $plain.IsEncrypted | Should -BeFalse
        $copy = New-TestJweBuilder -Protect @{ Key = $script:Keys.EC } | Copy-KrJWTTokenBuilder
        $copy.Encryption.KeyManagement | Should -BeExactly 'ECDH-ES'
        $built = $copy | Build-KrJWT
        Test-KrJWT -Token $built.Token -Result $built | Should -BeTrue
    }

    It 'the builder shows its encryption settings, never the key' {
        $hex = New-TestHexKey -Bytes 32
        $builder = New-TestJweBuilder -Protect @{ HexadecimalKey = $hex }
        $text = ($builder | Out-String) + ($builder | Format-List * | Out-String) + $builder.ToString() + $builder.GetStateJson()
        $text | Should -Match 'dir \+ A256GCM'
        $builder.ToString() | Should -Match 'jwe=dir/A256GCM'
        $keyBase64Url = ConvertTo-TestBase64Url -Data ([Convert]::FromHexString($hex))
        foreach ($form in $hex, $hex.ToUpperInvariant(), $keyBase64Url) {
            $text | Should -Not -Match ([regex]::Escape($form))
        }
        ($builder.GetStateJson() | ConvertFrom-Json).encryption.alg | Should -BeExactly 'dir'
    }

    It 'the result shows Encrypted and OuterHeader; the guide''s members are the inner token''s' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA } | Build-KrJWT
        $built.Encrypted | Should -BeTrue
        $built.OuterHeader | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        $built.OuterHeader.typ | Should -BeExactly 'JWT'
        $built.Issuer | Should -BeExactly $script:Issuer
        $built.Audiences | Should -Be @($script:Audience)
        $built.Subject | Should -BeExactly 'alice'
        $built.Header.alg | Should -BeExactly 'HS256'
        $built.Payload.sub | Should -BeExactly 'alice'
        $built.Expires | Should -BeGreaterThan ([DateTime]::UtcNow)
        ($built | Get-KrJWTToken) | Should -BeExactly $built.Token
        $view = $built | Out-String -Width 4096
        $view | Should -Match 'Encrypted\s+: True'
        $view | Should -Match '"alg":"RSA-OAEP"'
        $built.ToString() | Should -Match '^KrJwt result JWE\(RSA-OAEP/A256GCM\) JWT HS256'
        $plain = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey $script:SigningHex | Build-KrJWT
        $plain.Encrypted | Should -BeFalse
        $plain.OuterHeader | Should -BeNullOrEmpty
    }

    It 'Get-KrJWTValidationParameter on an encrypted result decrypts out of the box (<Key>)' -ForEach @(
        @{ Key = 'oct32' }
        @{ Key = 'RSA' }
        @{ Key = 'EC' }
    ) {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys[$Key] } | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        $validation.Decrypts | Should -BeTrue
        ($validation | Out-String) | Should -Match 'Decrypts\s+: True'
        $validation.ToString() | Should -Match 'decrypts'
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
    }
}

Describe 'New-KrJWTValidationParameter decryption keys' {
    It 'signed tokens are still accepted by parameters that decrypt' {
        $jws = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience | Protect-KrJWT -HexadecimalKey $script:SigningHex | Build-KrJWT
        Test-KrJWT -Token $jws.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.RSA }) | Should -BeTrue
    }

    It '-TokenDecryptionKey is an alias; several keys and forms combine' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.EC } | Build-KrJWT
        $validation = New-TestValidation -Decrypt @{ TokenDecryptionKey = $script:Keys.RSA; DecryptionHexadecimalKey = (New-TestHexKey); DecryptionJwkJson = $script:Keys.EC.ExportJwk($true) }
        $validation.Decrypts | Should -BeTrue
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
    }

    It 'public keys cannot decrypt: KrJwt.InvalidArgument' {
        $err = Get-TestError { New-TestValidation -Decrypt @{ DecryptionPem = $script:Keys.RSA.PublicPem } }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,New-KrJWTValidationParameter'
        $err.Exception.Message | Should -Match 'decrypt'
    }

    It 'decryption keys alone are not signing keys' {
        $err = Get-TestError { New-KrJWTValidationParameter -DecryptionKey $script:Keys.RSA }
        $err.FullyQualifiedErrorId | Should -BeLike 'KrJwt.*,New-KrJWTValidationParameter'
    }

    It 'bearer authentication accepts nested JWTs with parameters that decrypt' {
        $built = New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA } | Build-KrJWT
        try {
            Add-KrJWTBearerAuthentication -Name 'JweBearer' -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.RSA })
            $answer = Invoke-KrJWTBearerAuthentication -Name 'JweBearer' -Authorization "Bearer $($built.Token)"
            $answer.StatusCode | Should -Be 200
            $answer.Principal.Subject | Should -BeExactly 'alice'
            Add-KrJWTBearerAuthentication -Name 'JwsOnly' -ValidationParameter (New-TestValidation)
            $refused = Invoke-KrJWTBearerAuthentication -Name 'JwsOnly' -Authorization "Bearer $($built.Token)"
            $refused.StatusCode | Should -Be 401
            $refused.Reason | Should -BeExactly 'MalformedToken'
        } finally {
            Get-KrJWTBearerAuthentication | Where-Object { $_.Name -in 'JweBearer', 'JwsOnly' } | Remove-KrJWTBearerAuthentication
        }
    }
}

Describe 'Get-KrJWTInfo on nested JWTs' {
    BeforeAll {
        $dirHex = New-TestHexKey -Bytes 32
        $dirToken = (New-TestJweBuilder -Protect @{ HexadecimalKey = $dirHex } | Build-KrJWT).Token
        $rsaToken = (New-TestJweBuilder -Protect @{ Key = $script:Keys.RSA; KeyAlg = 'RSA-OAEP-256' } | Build-KrJWT).Token
        $ecToken = (New-TestJweBuilder -Protect @{ Key = $script:Keys.EC } | Build-KrJWT).Token
    }

    It 'without a decryption key: the outer header only' {
        $info = Get-KrJWTInfo -Token $rsaToken
        $info.Encrypted | Should -BeTrue
        $info.Decrypted | Should -BeFalse
        $info.Header.alg | Should -BeExactly 'RSA-OAEP-256'
        $info.Header.enc | Should -BeExactly 'A256GCM'
        $info.Header.cty | Should -BeExactly 'JWT'
        $info.OuterHeader.alg | Should -BeExactly 'RSA-OAEP-256'
        $info.Algorithm | Should -BeExactly 'RSA-OAEP-256'
        $info.KeyId | Should -BeExactly $script:Keys.RSA.KeyId
        $info.Subject | Should -BeNullOrEmpty
        $info.Issuer | Should -BeNullOrEmpty
        $info.Payload | Should -BeNullOrEmpty
        $info.Claims.Count | Should -Be 0
        $info.Expires | Should -BeNullOrEmpty
        $info.ToString() | Should -Match '^KrJwt info \(unvalidated\) JWE'
    }

    It 'with -DecryptionKey: the inner token''s parts and the outer header' {
        $info = Get-KrJWTInfo -Token $rsaToken -DecryptionKey $script:Keys.RSA
        $info.Encrypted | Should -BeTrue
        $info.Decrypted | Should -BeTrue
        $info.Header.alg | Should -BeExactly 'HS256'
        $info.Algorithm | Should -BeExactly 'HS256'
        $info.Type | Should -BeExactly 'JWT'
        $info.Issuer | Should -BeExactly $script:Issuer
        $info.Audiences | Should -Be @($script:Audience)
        $info.Subject | Should -BeExactly 'alice'
        $info.Claims.role | Should -BeExactly 'admin'
        $info.Payload.sub | Should -BeExactly 'alice'
        $info.Expires | Should -BeGreaterThan ([DateTime]::UtcNow)
        $info.OuterHeader.alg | Should -BeExactly 'RSA-OAEP-256'
        $info.OuterHeader.enc | Should -BeExactly 'A256GCM'
        $view = $info | Out-String -Width 4096
        $view | Should -Match 'Decrypted\s+: True'
        $view | Should -Match '"alg":"RSA-OAEP-256"'
    }

    It 'with <Form>' -ForEach @(
        @{ Form = '-DecryptionHexadecimalKey'; Token = 'dir'; Argument = 'DecryptionHexadecimalKey' }
        @{ Form = '-DecryptionBase64Url'; Token = 'dir'; Argument = 'DecryptionBase64Url' }
        @{ Form = '-DecryptionPem'; Token = 'rsa'; Argument = 'DecryptionPem' }
        @{ Form = '-DecryptionJwkJson'; Token = 'ec'; Argument = 'DecryptionJwkJson' }
    ) {
        $value = switch ($Argument) {
            'DecryptionHexadecimalKey' { $dirHex }
            'DecryptionBase64Url' { ConvertTo-TestBase64Url -Data ([Convert]::FromHexString($dirHex)) }
            'DecryptionPem' { $script:Keys.RSA.ExportPem($true) }
            'DecryptionJwkJson' { $script:Keys.EC.ExportJwk($true) }
        }
        $jwe = @{ dir = $dirToken; rsa = $rsaToken; ec = $ecToken }[$Token]
        $arguments = @{ Token = $jwe; $Argument = $value }
        $info = Get-KrJWTInfo @arguments
        $info.Decrypted | Should -BeTrue
        $info.Subject | Should -BeExactly 'alice'
    }

    It 'tokens from the pipeline: signed ones ignore the keys, encrypted ones are decrypted' {
        $jws = (New-KrJWTBuilder | Add-KrJWTSubject -Subject 'bob' | Protect-KrJWT -HexadecimalKey $script:SigningHex | Build-KrJWT).Token
        $infos = $jws, $rsaToken, $ecToken | Get-KrJWTInfo -DecryptionKey $script:Keys.RSA, $script:Keys.EC
        $infos.Subject | Should -Be @('bob', 'alice', 'alice')
        $infos.Encrypted | Should -Be @($false, $true, $true)
        $infos[0].OuterHeader | Should -BeNullOrEmpty
    }

    It 'a key that does not decrypt is an error: <Case>' -ForEach @(
        @{ Case = 'wrong secret of the right size'; Argument = 'wrong'; ErrorId = 'KrJwt.InvalidSignature' }
        @{ Case = 'a key of another kind'; Argument = 'rsa'; ErrorId = 'KrJwt.NoMatchingKey' }
    ) {
        $key = if ($Argument -eq 'wrong') { New-KrJWTKey -Type HMAC -Bits 256 } else { $script:Keys.RSA }
        $err = Get-TestError { Get-KrJWTInfo -Token $dirToken -DecryptionKey $key }
        $err.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,Get-KrJWTInfo"
    }

    It 'nothing is validated: an expired nested token with a foreign signature still decodes' {
        $token = (New-TestJweBuilder -Protect @{ HexadecimalKey = $dirHex } -SigningHex (New-TestHexKey) | Limit-KrJWTNotBefore -Seconds -7200 | Limit-KrJWTValidity -Minutes 5 | Build-KrJWT).Token
        $info = Get-KrJWTInfo -Token $token -DecryptionHexadecimalKey $dirHex
        $info.Subject | Should -BeExactly 'alice'
        $info.Expires | Should -BeLessThan ([DateTime]::UtcNow)
    }
}

Describe 'Update-KrJWT renews nested JWTs' {
    It 'decrypts, validates and issues a new nested JWT that validates' {
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience |
            Protect-KrJWT -HexadecimalKey $script:SigningHex | Protect-KrJWTPayload -Key $script:Keys.oct32
        $old = Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject 'user1' | Add-KrJWTClaim -ClaimType 'region' -Value 'eu' | Build-KrJWT
        $renewed = $builder | Update-KrJWT -Token $old.Token -Lifetime ([TimeSpan]::FromMinutes(10)) -PassThru
        $renewed.Encrypted | Should -BeTrue
        $renewed.Token | Should -Not -BeExactly $old.Token
        $renewed.Token.Split('.').Count | Should -Be 5
        $renewed.OuterHeader.alg | Should -BeExactly 'dir'
        $renewed.Subject | Should -BeExactly 'user1'
        $renewed.Claims.region | Should -BeExactly 'eu'
        $renewed.Payload.jti | Should -Not -BeExactly $old.Payload.jti
        Test-KrJWT -Token $renewed.Token -Result $renewed | Should -BeTrue
        Test-KrJWT -Token $renewed.Token -Result $old | Should -BeTrue
        $info = Get-KrJWTInfo -Token $renewed.Token -DecryptionKey $script:Keys.oct32
        $info.Subject | Should -BeExactly 'user1'
        # Without -PassThru the renewed token string, again a nested JWT.
        $token = $builder | Update-KrJWT -Token $renewed.Token
        (Get-KrJWTInfo -Token $token).Encrypted | Should -BeTrue
        Test-KrJWT -Token $token -Result $old | Should -BeTrue
    }

    It 'a builder encrypting to a public key needs -ValidationParameter with a decryption key' {
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience |
            Protect-KrJWT -HexadecimalKey $script:SigningHex | Protect-KrJWTPayload -Pem $script:Keys.RSA.PublicPem
        $old = Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject 'user2' | Build-KrJWT
        $err = Get-TestError { $builder | Update-KrJWT -Token $old.Token }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.MalformedToken,Update-KrJWT'
        $err.Exception.Message | Should -Match 'no decryption key'
        $validation = New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.RSA }
        $renewed = $builder | Update-KrJWT -Token $old.Token -ValidationParameter $validation -PassThru
        $renewed.Encrypted | Should -BeTrue
        $renewed.Subject | Should -BeExactly 'user2'
        Test-KrJWT -Token $renewed.Token -ValidationParameter $validation | Should -BeTrue
    }

    It 'refuses a nested JWT with a foreign inner signature: KrJwt.InvalidSignature' {
        $builder = New-TestJweBuilder -Protect @{ Key = $script:Keys.oct32 }
        $forged = New-TestJweBuilder -Protect @{ Key = $script:Keys.oct32 } -SigningHex (New-TestHexKey) | Build-KrJWT
        $err = Get-TestError { $builder | Update-KrJWT -Token $forged.Token }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidSignature,Update-KrJWT'
    }

    It 'a signing-only builder renews a nested JWT as a signed one when its parameters decrypt' {
        $jwe = New-TestJweBuilder -Protect @{ Key = $script:Keys.EC } | Build-KrJWT
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer $script:Issuer | Add-KrJWTAudience -Audience $script:Audience | Protect-KrJWT -HexadecimalKey $script:SigningHex
        $renewed = $builder | Update-KrJWT -Token $jwe.Token -ValidationParameter (New-TestValidation -Decrypt @{ DecryptionKey = $script:Keys.EC }) -PassThru
        $renewed.Encrypted | Should -BeFalse
        $renewed.Subject | Should -BeExactly 'alice'
    }
}
