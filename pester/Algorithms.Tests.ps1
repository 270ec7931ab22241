BeforeDiscovery {
    $generatedCases = @(
        @{ Alg = 'HS256'; KeyName = 'HMAC256' }
        @{ Alg = 'HS384'; KeyName = 'HMAC384' }
        @{ Alg = 'HS512'; KeyName = 'HMAC512' }
        @{ Alg = 'RS256'; KeyName = 'RSA' }
        @{ Alg = 'RS384'; KeyName = 'RSA' }
        @{ Alg = 'RS512'; KeyName = 'RSA' }
        @{ Alg = 'PS256'; KeyName = 'RSA' }
        @{ Alg = 'PS384'; KeyName = 'RSA' }
        @{ Alg = 'PS512'; KeyName = 'RSA' }
        @{ Alg = 'ES256'; KeyName = 'P256' }
        @{ Alg = 'ES384'; KeyName = 'P384' }
        @{ Alg = 'ES512'; KeyName = 'P521' }
        @{ Alg = 'EdDSA'; KeyName = 'Ed25519' }
    )
    # Keys made by .NET (independently of the library), given as PEM and as JWK.
    $externalCases = @(
        @{ Alg = 'HS256'; KeyName = 'HMAC' }
        @{ Alg = 'RS256'; KeyName = 'RSA' }
        @{ Alg = 'RS512'; KeyName = 'RSA' }
        @{ Alg = 'PS384'; KeyName = 'RSA' }
        @{ Alg = 'ES256'; KeyName = 'P256' }
        @{ Alg = 'ES384'; KeyName = 'P384' }
        @{ Alg = 'ES512'; KeyName = 'P521' }
        @{ Alg = 'ES256K'; KeyName = 'secp256k1' }
        @{ Alg = 'EdDSA'; KeyName = 'Ed25519' }
    )
    $inputForms = @('Pem', 'PemPath', 'JwkJson', 'JwkPath')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    $script:Generated = @{
        HMAC256 = New-KrJWTKey -Type HMAC
        HMAC384 = New-KrJWTKey -Type HMAC -Bits 384
        HMAC512 = New-KrJWTKey -Type HMAC -Size 512
        RSA     = New-KrJWTKey -Type RSA
        P256    = New-KrJWTKey -Type EC
        P384    = New-KrJWTKey -Type EC -Curve P-384
        P521    = New-KrJWTKey -Type EC -Curve P-521
        Ed25519 = New-KrJWTKey -Type Ed25519
    }

    function ConvertTo-TestJwkJson {
        <# A private JWK built by the test from .NET key parameters (not by the library). #>
        param([Parameter(Mandatory)] [object] $DotNetKey, [string] $Kid)
        $b64 = { param($bytes) ConvertTo-TestBase64Url -Data ([byte[]] $bytes) }
        if ($DotNetKey -is [System.Security.Cryptography.RSA]) {
            $p = $DotNetKey.ExportParameters($true)
            $jwk = [ordered]@{ kty = 'RSA'; n = & $b64 $p.Modulus; e = & $b64 $p.Exponent; d = & $b64 $p.D; p = & $b64 $p.P; q = & $b64 $p.Q; dp = & $b64 $p.DP; dq = & $b64 $p.DQ; qi = & $b64 $p.InverseQ }
        } else {
            $p = $DotNetKey.ExportParameters($true)
            $crv = @{ 'nistP256' = 'P-256'; 'ECDSA_P256' = 'P-256'; 'nistP384' = 'P-384'; 'ECDSA_P384' = 'P-384'; 'nistP521' = 'P-521'; 'ECDSA_P521' = 'P-521'; 'secP256k1' = 'secp256k1' }[$p.Curve.Oid.FriendlyName]
            if (-not $crv) {
                $crv = @{ '1.2.840.10045.3.1.7' = 'P-256'; '1.3.132.0.34' = 'P-384'; '1.3.132.0.35' = 'P-521'; '1.3.132.0.10' = 'secp256k1' }[$p.Curve.Oid.Value]
            }
            $jwk = [ordered]@{ kty = 'EC'; crv = $crv; x = & $b64 $p.Q.X; y = & $b64 $p.Q.Y; d = & $b64 $p.D }
        }
        if ($Kid) {
            $jwk.kid = $Kid
        }
        $jwk | ConvertTo-Json -Compress
    }

    # External keys: .NET key pairs for RSA and EC (incl. secp256k1); for Ed25519, which .NET lacks, and
    # for HMAC, PEM / JWK text written by the test itself.
    $hmacBytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $ecKeys = @{
        P256      = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        P384      = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP384)
        P521      = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP521)
        secp256k1 = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve]::CreateFromFriendlyName('secP256k1'))
    }
    # RFC 8037 appendix A.1: an Ed25519 key pair as JWK.
    $rfc8037 = '{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}'
    # The same private key as PKCS#8 PEM (RFC 8410 structure: 302e020100300506032b657004220420 || seed).
    $edSeed = ConvertFrom-TestBase64Url -Text 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A'
    $edPkcs8 = [byte[]] ([Convert]::FromHexString('302e020100300506032b657004220420') + $edSeed)
    $edPublicDer = [byte[]] ([Convert]::FromHexString('302a300506032b6570032100') + (ConvertFrom-TestBase64Url -Text '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'))
    $script:External = @{
        HMAC      = @{ Jwk = (@{ kty = 'oct'; k = (ConvertTo-TestBase64Url -Data $hmacBytes) } | ConvertTo-Json -Compress); Pem = $null; PublicPem = $null; Hex = [Convert]::ToHexString($hmacBytes) }
        RSA       = @{ Jwk = (ConvertTo-TestJwkJson -DotNetKey $rsa); Pem = $rsa.ExportPkcs8PrivateKeyPem(); PublicPem = $rsa.ExportSubjectPublicKeyInfoPem() }
        Ed25519   = @{ Jwk = $rfc8037; Pem = [System.Security.Cryptography.PemEncoding]::WriteString('PRIVATE KEY', $edPkcs8); PublicPem = [System.Security.Cryptography.PemEncoding]::WriteString('PUBLIC KEY', $edPublicDer) }
    }
    foreach ($name in $ecKeys.Keys) {
        $script:External[$name] = @{ Jwk = (ConvertTo-TestJwkJson -DotNetKey $ecKeys[$name]); Pem = $ecKeys[$name].ExportPkcs8PrivateKeyPem(); PublicPem = $ecKeys[$name].ExportSubjectPublicKeyInfoPem() }
    }
    # A PEM form of the HMAC case does not exist; the HMAC rows use -HexadecimalKey for the PEM forms.

    $script:TempDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-alg-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:TempDir

    function New-TestSignedResult {
        <# Builds a token with issuer, audience, subject and a claim; -Protect is a hashtable splatted to Protect-KrJWT. #>
        param([hashtable] $Protect)
        New-KrJWTBuilder |
            Add-KrJWTIssuer -Issuer 'AlgIssuer' |
            Add-KrJWTAudience -Audience 'AlgAudience' |
            Add-KrJWTSubject -Subject 'alice' |
            Add-KrJWTClaim -ClaimType 'scope' -Value 'read' |
            Protect-KrJWT @Protect |
            Build-KrJWT
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:TempDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Every algorithm round-trips with keys from New-KrJWTKey' {
    It '<Alg>: signs, verifies, and refuses the tampered token' -ForEach $generatedCases {
        $key = $script:Generated[$KeyName]
        $built = New-TestSignedResult -Protect @{ Key = $key; Algorithm = $Alg }
        $header = Get-TestTokenPart -Token $built.Token -Part Header
        $header.alg | Should -BeExactly $Alg
        $built.Algorithm | Should -BeExactly $Alg

        # Independent verification of the signature where .NET has the algorithm.
        if ($Alg -like 'HS*') {
            $k = (ConvertTo-KrJwk -Key $key -IncludePrivate | ConvertFrom-Json).k
            $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key (ConvertFrom-TestBase64Url -Text $k) -Algorithm $Alg)
            $header.PSObject.Properties.Name | Should -Not -Contain 'kid'
        } else {
            $header.kid | Should -BeExactly $key.KeyId
            $header.kid | Should -BeExactly $key.GetThumbprint()
            if ($Alg -ne 'EdDSA') {
                Test-TestJwsSignature -Token $built.Token -PublicKeyPem $key.PublicPem | Should -BeTrue
            }
        }

        # The result's own validation parameters (every key type, not only HMAC as in Kestrun).
        $fromResult = $built | Get-KrJWTValidationParameter
        $fromResult.ValidAlgorithms | Should -Be @($Alg)
        Test-KrJWT -Token $built.Token -ValidationParameter $fromResult | Should -BeExactly $true

        # A verifier that only has the public key (or, for HMAC, the secret).
        $verifierKey = if ($Alg -like 'HS*') { @{ SigningKey = $key } } else { @{ Pem = $key.PublicPem } }
        $validation = New-KrJWTValidationParameter -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience' @verifierKey
        $outcome = Test-KrJWT -Token $built.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeTrue
        $outcome.Claims['sub'] | Should -BeExactly 'alice'
        $outcome.Claims['scope'] | Should -BeExactly 'read'

        $tampered = Get-TestTamperedToken -Token $built.Token
        $bad = Test-KrJWT -Token $tampered -ValidationParameter $validation -PassThru
        $bad.IsValid | Should -BeFalse
        $bad.Reason | Should -BeExactly 'InvalidSignature'
        Test-KrJWT -Token $tampered -ValidationParameter $fromResult | Should -BeExactly $false
        $payload = (Get-TestTokenPart -Token $built.Token -Part Payload -Raw).Replace('"sub":"alice"', '"sub":"mallory"')
        $forged = Set-TestTokenPart -Token $built.Token -Index 1 -Segment (ConvertTo-TestBase64Url -Data $payload)
        (Test-KrJWT -Token $forged -ValidationParameter $validation -PassThru).Reason | Should -BeExactly 'InvalidSignature'
    }

    It 'a token of one family is refused by a validator of another (<Alg>)' -ForEach @(
        @{ Alg = 'RS256'; KeyName = 'RSA'; Other = 'P256' }
        @{ Alg = 'ES256'; KeyName = 'P256'; Other = 'Ed25519' }
        @{ Alg = 'EdDSA'; KeyName = 'Ed25519'; Other = 'RSA' }
    ) {
        $built = New-TestSignedResult -Protect @{ Key = $script:Generated[$KeyName]; Algorithm = $Alg }
        $validation = New-KrJWTValidationParameter -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience' -Pem $script:Generated[$Other].PublicPem
        $outcome = Test-KrJWT -Token $built.Token -ValidationParameter $validation -PassThru
        $outcome.IsValid | Should -BeFalse
        $outcome.Reason | Should -BeIn @('AlgorithmNotAllowed', 'NoMatchingKey')
    }

    It 'Auto picks <Expected> for a <KeyName> key' -ForEach @(
        @{ KeyName = 'HMAC256'; Expected = 'HS256' }
        @{ KeyName = 'HMAC384'; Expected = 'HS384' }
        @{ KeyName = 'HMAC512'; Expected = 'HS512' }
        @{ KeyName = 'RSA'; Expected = 'RS256' }
        @{ KeyName = 'P256'; Expected = 'ES256' }
        @{ KeyName = 'P384'; Expected = 'ES384' }
        @{ KeyName = 'P521'; Expected = 'ES512' }
        @{ KeyName = 'Ed25519'; Expected = 'EdDSA' }
    ) {
        $built = New-TestSignedResult -Protect @{ Key = $script:Generated[$KeyName] }
        $built.Algorithm | Should -BeExactly $Expected
        $script:Generated[$KeyName].Algorithm | Should -BeExactly $Expected
        $built | Test-KrJWT -Token $built.Token | Should -BeTrue
    }

    It 'a caller''s -Key stays usable after Protect-KrJWT' {
        $key = $script:Generated['P256']
        $null = New-TestIssuedBuilder | Protect-KrJWT -Key $key
        $key.PublicJwk | Should -Not -BeNullOrEmpty
        $null = New-TestIssuedBuilder | Protect-KrJWT -Key $key
    }
}

Describe 'Every algorithm round-trips with PEM and JWK keys made outside the library' {
    It '<Alg> from <Form>' -ForEach @(foreach ($case in $externalCases) { foreach ($form in $inputForms) { $case + @{ Form = $form } } }) {
        $material = $script:External[$KeyName]
        $protect = @{ Algorithm = $Alg }
        switch ($Form) {
            'Pem' { if ($material.Pem) { $protect.Pem = $material.Pem } else { $protect.HexadecimalKey = $material.Hex } }
            'PemPath' {
                if ($material.Pem) {
                    $path = Join-Path -Path $script:TempDir -ChildPath "$KeyName-$Alg.pem"
                    Set-Content -LiteralPath $path -Value $material.Pem -NoNewline
                    $protect.PemPath = $path
                } else {
                    $protect.Base64Url = (ConvertFrom-Json -InputObject $material.Jwk).k
                }
            }
            'JwkJson' { $protect.JwkJson = $material.Jwk }
            'JwkPath' {
                $path = Join-Path -Path $script:TempDir -ChildPath "$KeyName-$Alg.jwk.json"
                Set-Content -LiteralPath $path -Value $material.Jwk -NoNewline
                $protect.JwkPath = $path
            }
        }
        $built = New-TestSignedResult -Protect $protect
        $built.Algorithm | Should -BeExactly $Alg
        (Get-TestTokenPart -Token $built.Token -Part Header).alg | Should -BeExactly $Alg

        if ($material.PublicPem) {
            if ($Alg -ne 'EdDSA') {
                Test-TestJwsSignature -Token $built.Token -PublicKeyPem $material.PublicPem | Should -BeTrue
            }
            $validation = New-KrJWTValidationParameter -Pem $material.PublicPem -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience'
        } else {
            $keyBytes = ConvertFrom-TestBase64Url -Text (ConvertFrom-Json -InputObject $material.Jwk).k
            $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key $keyBytes -Algorithm $Alg)
            $validation = New-KrJWTValidationParameter -JwkJson $material.Jwk -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience'
        }
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeExactly $true
        Test-KrJWT -Token (Get-TestTamperedToken -Token $built.Token) -ValidationParameter $validation | Should -BeExactly $false
        $built | Test-KrJWT -Token $built.Token | Should -BeExactly $true
    }

    It 'the RFC 8037 Ed25519 key signs and its public JWK validates' {
        $built = New-TestSignedResult -Protect @{ JwkJson = $script:External.Ed25519.Jwk }
        $built.Algorithm | Should -BeExactly 'EdDSA'
        # RFC 8037 A.3: the key's thumbprint, used as its kid.
        $built.KeyId | Should -BeExactly 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
        $validation = New-KrJWTValidationParameter -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience' -JwkJson '{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}'
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
    }

    It 'a JWK''s alg binds the key: <Alg> from a JWK saying <Bound> fails' -ForEach @(
        @{ Alg = 'PS256'; Bound = 'RS256' }
        @{ Alg = 'RS512'; Bound = 'RS256' }
    ) {
        $jwk = $script:External.RSA.Jwk | ConvertFrom-Json -AsHashtable
        $jwk.alg = $Bound
        $json = $jwk | ConvertTo-Json -Compress
        { New-TestIssuedBuilder | Protect-KrJWT -JwkJson $json -Algorithm $Alg } | Should -Throw -ErrorId 'KrJwt.AlgorithmKeyMismatch,Protect-KrJWT'
        (New-TestIssuedBuilder | Protect-KrJWT -JwkJson $json | Build-KrJWT).Algorithm | Should -BeExactly $Bound
    }

    It 'a JWK carrying its own kid writes that kid' {
        $json = ConvertTo-TestJwkJson -DotNetKey $ecKeys.P256 -Kid 'ec-2024-01'
        $built = New-TestSignedResult -Protect @{ JwkJson = $json }
        (Get-TestTokenPart -Token $built.Token -Part Header).kid | Should -BeExactly 'ec-2024-01'
    }
}

Describe 'Key/algorithm mismatches fail at Protect-KrJWT with an exact ErrorId' {
    It '<Case> -> <ErrorId>' -ForEach @(
        @{ Case = 'RSA key + ES256'; KeyName = 'RSA'; Alg = 'ES256'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'EC P-256 key + ES384'; KeyName = 'P256'; Alg = 'ES384'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'EC P-384 key + ES256'; KeyName = 'P384'; Alg = 'ES256'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'EC P-256 key + ES256K'; KeyName = 'P256'; Alg = 'ES256K'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'HMAC 32-byte + HS512'; KeyName = 'HMAC256'; Alg = 'HS512'; ErrorId = 'KrJwt.KeyTooShort' }
        @{ Case = 'HMAC 32-byte + HS384'; KeyName = 'HMAC256'; Alg = 'HS384'; ErrorId = 'KrJwt.KeyTooShort' }
        @{ Case = 'HMAC + RS256'; KeyName = 'HMAC512'; Alg = 'RS256'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'Ed25519 + ES256'; KeyName = 'Ed25519'; Alg = 'ES256'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'RSA + EdDSA'; KeyName = 'RSA'; Alg = 'EdDSA'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
        @{ Case = 'EC + HS256'; KeyName = 'P256'; Alg = 'HS256'; ErrorId = 'KrJwt.AlgorithmKeyMismatch' }
    ) {
        $builder = New-KrJWTBuilder
        $err = $null
        try {
            $null = $builder | Protect-KrJWT -Key $script:Generated[$KeyName] -Algorithm $Alg
        } catch {
            $err = $_
        }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,Protect-KrJWT"
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $builder.IsProtected | Should -BeFalse
    }

    It 'a public key cannot sign: <Form> -> KrJwt.InvalidKey' -ForEach @(
        @{ Form = 'SPKI PEM' }
        @{ Form = 'public JWK' }
    ) {
        $protect = if ($Form -eq 'SPKI PEM') { @{ Pem = $script:Generated.RSA.PublicPem } } else { @{ JwkJson = $script:Generated.P256.PublicJwk } }
        { New-TestIssuedBuilder | Protect-KrJWT @protect } | Should -Throw -ErrorId 'KrJwt.InvalidKey,Protect-KrJWT'
    }

    It 'an RSA key under 2048 bits -> KrJwt.KeyTooShort' {
        $small = [System.Security.Cryptography.RSA]::Create(1024)
        { New-TestIssuedBuilder | Protect-KrJWT -Pem $small.ExportPkcs8PrivateKeyPem() -Algorithm RS256 } | Should -Throw -ErrorId 'KrJwt.KeyTooShort,Protect-KrJWT'
    }

    It 'a JWK of the wrong type for the algorithm -> KrJwt.AlgorithmKeyMismatch' {
        { New-TestIssuedBuilder | Protect-KrJWT -JwkJson $script:External.P256.Jwk -Algorithm RS256 } | Should -Throw -ErrorId 'KrJwt.AlgorithmKeyMismatch,Protect-KrJWT'
        { New-TestIssuedBuilder | Protect-KrJWT -JwkJson $script:External.HMAC.Jwk -Algorithm EdDSA } | Should -Throw -ErrorId 'KrJwt.AlgorithmKeyMismatch,Protect-KrJWT'
    }

    It 'a key file that does not exist -> KrJwt.KeyFileNotFound (<Parameter>)' -ForEach @(
        @{ Parameter = 'PemPath' }
        @{ Parameter = 'JwkPath' }
    ) {
        $missing = Join-Path -Path $script:TempDir -ChildPath 'no-such-key.pem'
        $protect = @{ $Parameter = $missing }
        $err = $null
        try {
            New-TestIssuedBuilder | Protect-KrJWT @protect
        } catch {
            $err = $_
        }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyFileNotFound,Protect-KrJWT'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $err.Exception.Message | Should -Match ([regex]::Escape($missing))
    }

    It 'a key file path is resolved against the current location' {
        $path = Join-Path -Path $script:TempDir -ChildPath 'relative.pem'
        Set-Content -LiteralPath $path -Value $script:External.P384.Pem -NoNewline
        Push-Location -LiteralPath $script:TempDir
        try {
            (New-TestIssuedBuilder | Protect-KrJWT -PemPath './relative.pem' | Build-KrJWT).Algorithm | Should -BeExactly 'ES384'
        } finally {
            Pop-Location
        }
    }

    It 'error messages never contain the key' {
        $err = $null
        try {
            New-TestIssuedBuilder | Protect-KrJWT -JwkJson $script:External.HMAC.Jwk -Algorithm HS512
        } catch {
            $err = $_
        }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,Protect-KrJWT'
        $k = (ConvertFrom-Json -InputObject $script:External.HMAC.Jwk).k
        ($err | Out-String) | Should -Not -Match ([regex]::Escape($k))
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($script:External.HMAC.Hex))
    }
}

Describe 'X509Certificate2 keys' {
    BeforeAll {
        $certs = @{
            RSA   = New-TestSelfSignedCertificate -KeyType RSA
            ECDsa = New-TestSelfSignedCertificate -KeyType ECDsa
        }
    }

    It 'a <KeyType> certificate with its private key signs <Expected>; its public key validates' -ForEach @(
        @{ KeyType = 'RSA'; Expected = 'RS256' }
        @{ KeyType = 'ECDsa'; Expected = 'ES256' }
    ) {
        $cert = $certs[$KeyType]
        $cert.HasPrivateKey | Should -BeTrue
        $built = New-TestSignedResult -Protect @{ X509Certificate = $cert }
        $built.Algorithm | Should -BeExactly $Expected
        # Independent check with the certificate's own public key.
        $publicPem = [System.Security.Cryptography.PemEncoding]::WriteString('PUBLIC KEY', $cert.PublicKey.ExportSubjectPublicKeyInfo())
        Test-TestJwsSignature -Token $built.Token -PublicKeyPem $publicPem | Should -BeTrue
        # kid = RFC 7638 thumbprint of the certificate's public key.
        $built.KeyId | Should -BeExactly (Get-KrJwkThumbprint -Certificate $cert)

        $publicOnly = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($cert.RawData)
        $publicOnly.HasPrivateKey | Should -BeFalse
        $validation = New-KrJWTValidationParameter -X509Certificate $publicOnly -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience'
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
        Test-KrJWT -Token (Get-TestTamperedToken -Token $built.Token) -ValidationParameter $validation | Should -BeFalse
        Test-KrJWT -Token $built.Token -ValidationParameter ($built | Get-KrJWTValidationParameter) | Should -BeTrue
    }

    It 'RSA certificates also sign RS384, RS512 and PS256' {
        foreach ($alg in 'RS384', 'RS512', 'PS256') {
            $built = New-TestSignedResult -Protect @{ X509Certificate = $certs.RSA; Algorithm = $alg }
            $built.Algorithm | Should -BeExactly $alg
            $built | Test-KrJWT -Token $built.Token | Should -BeTrue
        }
    }

    It 'a <KeyType> certificate without private key -> KrJwt.InvalidKey (InvalidArgument)' -ForEach @(
        @{ KeyType = 'RSA' }
        @{ KeyType = 'ECDsa' }
    ) {
        $publicOnly = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certs[$KeyType].RawData)
        $err = $null
        try {
            New-TestIssuedBuilder | Protect-KrJWT -X509Certificate $publicOnly
        } catch {
            $err = $_
        }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidKey,Protect-KrJWT'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.Exception.Message | Should -Match 'no private key'
    }

    It 'an Ed25519 certificate (made with openssl) validates EdDSA tokens; it cannot sign, and says why' {
        $openssl = Get-Command -Name openssl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $openssl) {
            Set-ItResult -Skipped -Because 'openssl is not installed (.NET cannot make Ed25519 certificates)'
            return
        }
        $keyPath = Join-Path -Path $script:TempDir -ChildPath 'ed25519.key'
        $certPath = Join-Path -Path $script:TempDir -ChildPath 'ed25519.crt'
        & $openssl.Source req -x509 -newkey ed25519 -keyout $keyPath -out $certPath -nodes -subj '/CN=ed25519' -days 1 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 0
        $cert = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificateFromFile($certPath)
        $built = New-TestSignedResult -Protect @{ PemPath = $keyPath }
        $built.Algorithm | Should -BeExactly 'EdDSA'
        $built.KeyId | Should -BeExactly (Get-KrJwkThumbprint -Certificate $cert)
        $validation = New-KrJWTValidationParameter -ValidIssuer 'AlgIssuer' -ValidAudience 'AlgAudience' -X509Certificate $cert
        Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
        Test-KrJWT -Token (Get-TestTamperedToken -Token $built.Token) -ValidationParameter $validation | Should -BeFalse
        $err = $null
        try {
            New-TestIssuedBuilder | Protect-KrJWT -X509Certificate $cert
        } catch {
            $err = $_
        }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidKey,Protect-KrJWT'
        $err.Exception.Message | Should -Match 'Ed25519'
    }

    It 'an ECDSA certificate cannot sign RS256' {
        { New-TestIssuedBuilder | Protect-KrJWT -X509Certificate $certs.ECDsa -Algorithm RS256 } | Should -Throw -ErrorId 'KrJwt.AlgorithmKeyMismatch,Protect-KrJWT'
    }
}
