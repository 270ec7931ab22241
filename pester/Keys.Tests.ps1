BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')

    # RFC 7638 section 3.1.
    $script:Rfc7638N = '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw'
    $script:Rfc7638Thumbprint = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'

    function Get-TestCanonicalThumbprint {
        <# RFC 7638 computed by the test: SHA-256 of the canonical JSON text given. #>
        param([Parameter(Mandatory)] [string] $CanonicalJson)
        ConvertTo-TestBase64Url -Data ([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($CanonicalJson)))
    }

    $script:Rsa = New-KrJWTKey -Type RSA
    $script:Ec = New-KrJWTKey -Type EC
    $script:Ed = New-KrJWTKey -Type Ed25519
    $script:Hmac = New-KrJWTKey -Type HMAC
}

Describe 'New-KrJWTKey' {
    It 'makes a <Expected> key for <Arguments>' -ForEach @(
        @{ Arguments = @{ Type = 'HMAC' }; Expected = 'oct'; Bits = 256; Curve = $null; Alg = 'HS256' }
        @{ Arguments = @{ Type = 'HMAC'; Bits = 512 }; Expected = 'oct'; Bits = 512; Curve = $null; Alg = 'HS512' }
        @{ Arguments = @{ Type = 'RSA' }; Expected = 'RSA'; Bits = 2048; Curve = $null; Alg = 'RS256' }
        @{ Arguments = @{ Type = 'RSA'; Size = 3072 }; Expected = 'RSA'; Bits = 3072; Curve = $null; Alg = 'RS256' }
        @{ Arguments = @{ Type = 'EC' }; Expected = 'EC'; Bits = 256; Curve = 'P-256'; Alg = 'ES256' }
        @{ Arguments = @{ Type = 'EC'; Curve = 'P-384' }; Expected = 'EC'; Bits = 384; Curve = 'P-384'; Alg = 'ES384' }
        @{ Arguments = @{ Type = 'EC'; Curve = 'P-521' }; Expected = 'EC'; Bits = 521; Curve = 'P-521'; Alg = 'ES512' }
        @{ Arguments = @{ Type = 'EC'; Bits = 384 }; Expected = 'EC'; Bits = 384; Curve = 'P-384'; Alg = 'ES384' }
        @{ Arguments = @{ Type = 'Ed25519' }; Expected = 'OKP'; Bits = 256; Curve = 'Ed25519'; Alg = 'EdDSA' }
    ) {
        $key = New-KrJWTKey @Arguments
        $key | Should -BeOfType ([KrJwt.JwtKey])
        $key.KeyType | Should -BeExactly $Expected
        $key.Bits | Should -Be $Bits
        $key.Curve | Should -Be $Curve
        $key.Algorithm | Should -BeExactly $Alg
        $key.HasPrivate | Should -BeTrue
        if ($Expected -eq 'oct') {
            $key.KeyId | Should -BeNullOrEmpty
            $key.PublicJwk | Should -BeNullOrEmpty
            $key.PublicPem | Should -BeNullOrEmpty
        } else {
            $key.KeyId | Should -BeExactly $key.GetThumbprint()
            $key.PublicPem | Should -Match '^-----BEGIN PUBLIC KEY-----'
            ($key.PublicJwk | ConvertFrom-Json).kty | Should -BeExactly $Expected
        }
    }

    It 'makes a different key every time' {
        (New-KrJWTKey -Type EC).KeyId | Should -Not -Be (New-KrJWTKey -Type EC).KeyId
        $a = New-KrJWTKey -Type HMAC | ConvertTo-KrJwk -IncludePrivate
        $b = New-KrJWTKey -Type HMAC | ConvertTo-KrJwk -IncludePrivate
        $a | Should -Not -Be $b
    }

    It 'refuses <Case> with <ErrorId>' -ForEach @(
        @{ Case = 'a 64-bit HMAC key'; Arguments = @{ Type = 'HMAC'; Bits = 64 }; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTKey' }
        @{ Case = 'an HMAC size that is not whole bytes'; Arguments = @{ Type = 'HMAC'; Bits = 260 }; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTKey' }
        @{ Case = 'a 1024-bit RSA key'; Arguments = @{ Type = 'RSA'; Bits = 1024 }; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTKey' }
        @{ Case = 'an EC size without a curve'; Arguments = @{ Type = 'EC'; Bits = 255 }; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTKey' }
        @{ Case = '-Curve with RSA'; Arguments = @{ Type = 'RSA'; Curve = 'P-256' }; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTKey' }
        @{ Case = '-Bits that contradicts -Curve'; Arguments = @{ Type = 'EC'; Curve = 'P-256'; Bits = 384 }; ErrorId = 'KrJwt.InvalidArgument,New-KrJWTKey' }
        @{ Case = 'an unknown type'; Arguments = @{ Type = 'DSA' }; ErrorId = 'ParameterArgumentValidationError,New-KrJWTKey' }
        @{ Case = 'an unknown curve'; Arguments = @{ Type = 'EC'; Curve = 'P-192' }; ErrorId = 'ParameterArgumentValidationError,New-KrJWTKey' }
    ) {
        $err = Get-TestError { New-KrJWTKey @Arguments }
        $err.FullyQualifiedErrorId | Should -BeExactly $ErrorId
    }

    It 'makes 128-bit secrets for key wrapping, which still cannot sign HS256' {
        $kek = New-KrJWTKey -Type HMAC -Bits 128
        $err = Get-TestError { New-TestIssuedBuilder | Protect-KrJWT -Key $kek -Algorithm HS256 }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.KeyTooShort,Protect-KrJWT'
        $signing = New-KrJWTKey -Type HMAC -Bits 256
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'i' | Add-KrJWTAudience -Audience 'a' | Protect-KrJWT -Key $signing |
            Protect-KrJWTPayload -Key $kek -KeyAlg A128KW -EncAlg A128GCM | Build-KrJWT
        $built.OuterHeader.alg | Should -BeExactly 'A128KW'
        Test-KrJWT -Token $built.Token -ValidationParameter ($built | Get-KrJWTValidationParameter) | Should -BeTrue
    }

    It 'shows type, size and kid, never key material' {
        foreach ($key in $script:Rsa, $script:Ec, $script:Ed, $script:Hmac) {
            $private = ConvertTo-KrJwk -Key $key -IncludePrivate | ConvertFrom-Json
            $secret = if ($key.KeyType -eq 'oct') { $private.k } else { $private.d }
            $text = ($key | Out-String) + ($key | Format-List * | Out-String -Width 4096) + ($key | Format-Table * | Out-String -Width 4096) + $key.ToString()
            $text | Should -Match $key.KeyType
            $text | Should -Not -Match ([regex]::Escape($secret))
            if ($key.KeyType -eq 'oct') {
                $hex = [Convert]::ToHexString((ConvertFrom-TestBase64Url -Text $secret))
                $text | Should -Not -Match $hex
                # Not even a hash of the secret is shown.
                $text | Should -Not -Match ([regex]::Escape($key.GetThumbprint()))
            } else {
                $text | Should -Match ([regex]::Escape($key.KeyId))
            }
        }
    }
}

Describe 'ConvertTo-KrJwk' {
    # A generated key may sign and encrypt, so its JWK binds it to neither (no 'use', no 'alg');
    # a JWK Set published for validation says 'use':'sig' and the algorithm (Export-KrJwks).
    It 'writes the public JWK of a <KeyType> key without private members' -ForEach @(
        @{ KeyType = 'RSA'; Members = @('e', 'kid', 'kty', 'n'); Alg = 'RS256' }
        @{ KeyType = 'EC'; Members = @('crv', 'kid', 'kty', 'x', 'y'); Alg = 'ES256' }
        @{ KeyType = 'OKP'; Members = @('crv', 'kid', 'kty', 'x'); Alg = 'EdDSA' }
    ) {
        $key = @{ RSA = $script:Rsa; EC = $script:Ec; OKP = $script:Ed }[$KeyType]
        $jwk = $key | ConvertTo-KrJwk | ConvertFrom-Json
        @($jwk.PSObject.Properties.Name | Sort-Object) | Should -Be $Members
        $jwk.kid | Should -BeExactly $key.KeyId
        ($key | ConvertTo-KrJwk) | Should -BeExactly $key.PublicJwk
        $published = (Export-KrJwks -Key $key | ConvertFrom-Json).keys[0]
        $published.use | Should -BeExactly 'sig'
        $published.alg | Should -BeExactly $Alg
    }

    It 'with -IncludePrivate writes a JWK that signs, and whose public part verifies (<KeyType>)' -ForEach @(
        @{ KeyType = 'RSA'; Private = @('d', 'dp', 'dq', 'p', 'q', 'qi') }
        @{ KeyType = 'EC'; Private = @('d') }
        @{ KeyType = 'OKP'; Private = @('d') }
    ) {
        $key = @{ RSA = $script:Rsa; EC = $script:Ec; OKP = $script:Ed }[$KeyType]
        $json = $key | ConvertTo-KrJwk -IncludePrivate
        $jwk = $json | ConvertFrom-Json
        foreach ($member in $Private) {
            $jwk.$member | Should -Not -BeNullOrEmpty
        }
        $built = New-TestIssuedBuilder | Add-KrJWTSubject -Subject 's' | Protect-KrJWT -JwkJson $json | Build-KrJWT
        $built.KeyId | Should -BeExactly $key.KeyId
        Test-KrJWT -Token $built.Token -ValidationParameter (New-KrJWTValidationParameter @TestIds -SigningKey $key) | Should -BeTrue
        Test-KrJWT -Token $built.Token -ValidationParameter (New-KrJWTValidationParameter @TestIds -JwkJson $key.PublicJwk) | Should -BeTrue
    }

    It 'exports an HMAC secret only with -IncludePrivate' {
        $err = Get-TestError { $script:Hmac | ConvertTo-KrJwk }
        $err.FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,ConvertTo-KrJwk'
        $jwk = $script:Hmac | ConvertTo-KrJwk -IncludePrivate | ConvertFrom-Json
        $jwk.kty | Should -BeExactly 'oct'
        (ConvertFrom-TestBase64Url -Text $jwk.k).Length | Should -Be 32
        # The exported secret is the signing key: an independent HMAC over a token matches.
        $built = New-TestIssuedBuilder | Protect-KrJWT -Key $script:Hmac | Build-KrJWT
        $built.Token.Split('.')[2] | Should -BeExactly (Get-TestHmacSignature -Token $built.Token -Key (ConvertFrom-TestBase64Url -Text $jwk.k) -Algorithm HS256)
    }

    It '-AsPem writes SPKI, and with -IncludePrivate PKCS#8 that .NET reads and that signs' {
        $public = $script:Ec | ConvertTo-KrJwk -AsPem
        $public | Should -Match '^-----BEGIN PUBLIC KEY-----'
        $public | Should -BeExactly $script:Ec.PublicPem
        $private = $script:Ec | ConvertTo-KrJwk -AsPem -IncludePrivate
        $private | Should -Match '^-----BEGIN PRIVATE KEY-----'
        $dotnet = [System.Security.Cryptography.ECDsa]::Create()
        $dotnet.ImportFromPem($private)
        $dotnet.ExportSubjectPublicKeyInfoPem().Trim() | Should -BeExactly $public.Trim()
        $built = New-TestIssuedBuilder | Protect-KrJWT -Pem $private | Build-KrJWT
        Test-TestJwsSignature -Token $built.Token -PublicKeyPem $public | Should -BeTrue
    }

    It 'an HMAC secret has no PEM form' {
        (Get-TestError { $script:Hmac | ConvertTo-KrJwk -AsPem -IncludePrivate }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,ConvertTo-KrJwk'
    }

    It 'a public key has no private members to export' {
        $public = [KrJwt.JwtKey]::FromPem($script:Rsa.PublicPem)
        $public.HasPrivate | Should -BeFalse
        (Get-TestError { $public | ConvertTo-KrJwk -IncludePrivate }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,ConvertTo-KrJwk'
        ($public | ConvertTo-KrJwk) | Should -BeExactly $script:Rsa.PublicJwk
    }

    It 'converts every piped key' {
        $out = @($script:Rsa, $script:Ec, $script:Ed | ConvertTo-KrJwk)
        $out | Should -HaveCount 3
        ($out | ForEach-Object { ($_ | ConvertFrom-Json).kty }) | Should -Be @('RSA', 'EC', 'OKP')
    }
}

Describe 'Export-KrJwks' {
    It 'is the alias of Export-KrJwkSet (the singular name), which writes the same document' {
        (Get-Command -Name Export-KrJwks).ResolvedCommand.Name | Should -BeExactly 'Export-KrJwkSet'
        $viaAlias = Export-KrJwks -Key $script:Rsa, $script:Ec | ConvertFrom-Json
        $viaName = Export-KrJwkSet -Key $script:Rsa, $script:Ec | ConvertFrom-Json
        $viaName.keys.kid | Should -Be $viaAlias.keys.kid
        $viaName.keys.kid | Should -Be @($script:Rsa.KeyId, $script:Ec.KeyId)
    }

    It 'writes a JWK Set of public keys with their kids' {
        $jwks = Export-KrJwks -Key $script:Rsa, $script:Ec, $script:Ed | ConvertFrom-Json
        $jwks.keys | Should -HaveCount 3
        $jwks.keys.kid | Should -Be @($script:Rsa.KeyId, $script:Ec.KeyId, $script:Ed.KeyId)
        foreach ($jwk in $jwks.keys) {
            $jwk.PSObject.Properties.Name | Should -Not -Contain 'd'
            $jwk.PSObject.Properties.Name | Should -Not -Contain 'p'
        }
    }

    It 'collects keys from the pipeline into one document' {
        $jwks = $script:Rsa, $script:Ec | Export-KrJwks | ConvertFrom-Json
        $jwks.keys | Should -HaveCount 2
    }

    It 'refuses an HMAC secret (KrJwt.InvalidArgument)' {
        (Get-TestError { Export-KrJwks -Key $script:Ec, $script:Hmac }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidArgument,Export-KrJwkSet'
    }

    It 'writes the document to -Path and validates tokens of every key in it' {
        $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-jwks-' + [guid]::NewGuid().ToString('N') + '.json')
        try {
            $file = Export-KrJwks -Key $script:Ec, $script:Ed -Path $path
            $file.FullName | Should -BeExactly $path
            $text = Get-Content -LiteralPath $path -Raw
            ([System.IO.File]::ReadAllBytes($path))[0] | Should -Be ([byte][char]'{')
            $validation = New-KrJWTValidationParameter @TestIds -Jwks $text
            $validation.Keys | Should -HaveCount 2
            foreach ($key in $script:Ec, $script:Ed) {
                $built = New-TestIssuedBuilder | Protect-KrJWT -Key $key | Build-KrJWT
                Test-KrJWT -Token $built.Token -ValidationParameter $validation | Should -BeTrue
            }
        } finally {
            Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        }
    }

    It '-WhatIf writes no file' {
        $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-jwks-' + [guid]::NewGuid().ToString('N') + '.json')
        Export-KrJwks -Key $script:Ec -Path $path -WhatIf
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}

Describe 'Get-KrJwkThumbprint' {
    It 'gives the RFC 7638 section 3.1 thumbprint for the JWK as <Form>' -ForEach @(
        @{ Form = 'hashtable' }
        @{ Form = 'JSON text' }
        @{ Form = 'JSON text with alg, kid and use' }
        @{ Form = 'PSCustomObject' }
    ) {
        $jwk = switch ($Form) {
            'hashtable' { @{ kty = 'RSA'; n = $script:Rfc7638N; e = 'AQAB' } }
            'JSON text' { '{"kty":"RSA","n":"' + $script:Rfc7638N + '","e":"AQAB"}' }
            'JSON text with alg, kid and use' { '{"kty":"RSA","n":"' + $script:Rfc7638N + '","e":"AQAB","alg":"RS256","kid":"2011-04-29","use":"sig"}' }
            'PSCustomObject' { [pscustomobject]@{ kty = 'RSA'; e = 'AQAB'; n = $script:Rfc7638N } }
        }
        Get-KrJwkThumbprint -Jwk $jwk | Should -BeExactly $script:Rfc7638Thumbprint
    }

    It 'takes the JWK positionally and from the pipeline' {
        Get-KrJwkThumbprint @{ kty = 'RSA'; n = $script:Rfc7638N; e = 'AQAB' } | Should -BeExactly $script:Rfc7638Thumbprint
        ('{"kty":"RSA","n":"' + $script:Rfc7638N + '","e":"AQAB"}' | Get-KrJwkThumbprint) | Should -BeExactly $script:Rfc7638Thumbprint
    }

    It 'gives the RFC 8037 appendix A.3 thumbprint for an OKP (Ed25519) key' {
        Get-KrJwkThumbprint -Jwk @{ kty = 'OKP'; crv = 'Ed25519'; x = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } | Should -BeExactly 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k'
    }

    It 'computes EC thumbprints over crv, kty, x, y (checked independently)' {
        $jwk = $script:Ec.PublicJwk | ConvertFrom-Json
        $canonical = '{"crv":"' + $jwk.crv + '","kty":"EC","x":"' + $jwk.x + '","y":"' + $jwk.y + '"}'
        Get-KrJwkThumbprint -Jwk $script:Ec.PublicJwk | Should -BeExactly (Get-TestCanonicalThumbprint -CanonicalJson $canonical)
        Get-KrJwkThumbprint -Jwk $script:Ec.PublicJwk | Should -BeExactly $script:Ec.KeyId
    }

    It 'computes oct thumbprints over k, kty (checked independently)' {
        $k = ConvertTo-TestBase64Url -Data ([byte[]] (1..32))
        Get-KrJwkThumbprint -Jwk @{ kty = 'oct'; k = $k } | Should -BeExactly (Get-TestCanonicalThumbprint -CanonicalJson ('{"k":"' + $k + '","kty":"oct"}'))
    }

    It 'gives a <KeyType> certificate''s public-key thumbprint (checked independently)' -ForEach @(
        @{ KeyType = 'RSA' }
        @{ KeyType = 'ECDsa' }
    ) {
        $cert = New-TestSelfSignedCertificate -KeyType $KeyType
        $canonical = if ($KeyType -eq 'RSA') {
            $p = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPublicKey($cert).ExportParameters($false)
            '{"e":"' + (ConvertTo-TestBase64Url -Data $p.Exponent) + '","kty":"RSA","n":"' + (ConvertTo-TestBase64Url -Data $p.Modulus) + '"}'
        } else {
            $p = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPublicKey($cert).ExportParameters($false)
            '{"crv":"P-256","kty":"EC","x":"' + (ConvertTo-TestBase64Url -Data $p.Q.X) + '","y":"' + (ConvertTo-TestBase64Url -Data $p.Q.Y) + '"}'
        }
        $expected = Get-TestCanonicalThumbprint -CanonicalJson $canonical
        Get-KrJwkThumbprint -Certificate $cert | Should -BeExactly $expected
        Get-KrJwkThumbprint $cert | Should -BeExactly $expected
        ($cert | Get-KrJwkThumbprint) | Should -BeExactly $expected
        # The public-only certificate gives the same.
        Get-KrJwkThumbprint -Certificate ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($cert.RawData)) | Should -BeExactly $expected
    }

    It 'refuses <Case> with KrJwt.InvalidKey' -ForEach @(
        @{ Case = 'malformed JSON'; Jwk = '{"kty":"RSA",' }
        @{ Case = 'an unknown kty'; Jwk = '{"kty":"DSA","y":"AQAB"}' }
        @{ Case = 'RSA without n'; Jwk = '{"kty":"RSA","e":"AQAB"}' }
        @{ Case = 'an EC point not on the curve'; Jwk = '{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}' }
        @{ Case = 'a JWK Set instead of a JWK'; Jwk = '{"keys":[]}' }
        @{ Case = 'an empty string'; Jwk = '' }
    ) {
        (Get-TestError { Get-KrJwkThumbprint -Jwk $Jwk }).FullyQualifiedErrorId | Should -BeExactly 'KrJwt.InvalidKey,Get-KrJwkThumbprint'
    }
}

Describe 'New-KrJWTKey -Curve secp256k1' {
    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath '_TestHelpers.ps1')
    }

    It 'generates a secp256k1 key that Auto signs as ES256K and validates' {
        $key = New-KrJWTKey -Type EC -Curve secp256k1
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'k1' | Add-KrJWTAudience -Audience 'k1-api' | Protect-KrJWT -Key $key | Build-KrJWT
        $built.Algorithm | Should -Be 'ES256K'
        (ConvertTo-KrJwk -Key $key | ConvertFrom-Json).crv | Should -Be 'secp256k1'
        Test-KrJWT -Token $built.Token -ValidationParameter ($built | Get-KrJWTValidationParameter) | Should -BeTrue
        $bad = $built.Token.Substring(0, $built.Token.Length - 8) + 'AAAAAAAA'
        Test-KrJWT -Token $bad -ValidationParameter ($built | Get-KrJWTValidationParameter) | Should -BeFalse
    }
}
