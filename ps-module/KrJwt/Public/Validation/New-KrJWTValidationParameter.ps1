<#
    .SYNOPSIS
        Creates validation parameters from explicit issuers, audiences, algorithms and keys.
    .DESCRIPTION
        Builds the same KrJwt.JwtValidationParameters object Get-KrJWTValidationParameter returns, for a
        service that validates tokens it did not build itself: the native library makes the validator
        (kr_jwt_validator_new) and applies every rule when tokens are validated (Test-KrJWT,
        Update-KrJWT, bearer authentication).
        Keys: any combination of -SigningKey, -HexadecimalKey, -Base64Url, -Passphrase, -Pem, -PemPath,
        -JwkJson, -JwkPath, -Jwks (a JWK Set) and -X509Certificate (its public key); at least one key is
        needed. Several keys live side by side, which is how key rotation works: a token's 'kid' selects
        the keys with that id (else the keys without an id are tried), and the 'kid' is never used to
        fetch anything. Public keys are enough for RSA, EC and Ed25519 tokens; HMAC needs the secret.
        Algorithms: without -ValidAlgorithms, every algorithm the keys can verify (never 'none'); an HMAC
        key never accepts RS/PS/ES/EdDSA tokens and the reverse. An -ValidAlgorithms entry that no key can
        verify fails now with KrJwt.AlgorithmKeyMismatch.
        Issuer and audience are always validated: without -ValidIssuer(s) the call fails with
        KrJwt.MissingValidIssuer, without -ValidAudience(s) with KrJwt.MissingValidAudience (as Microsoft's
        handler refuses, IDX10204/IDX10208), unless -SkipIssuerValidation / -SkipAudienceValidation opts
        out explicitly; opting out while giving valid values is KrJwt.InvalidArgument.
        -MaxTokenAge requires 'iat' and refuses tokens issued longer ago (reason TokenTooOld) or in the
        future (TokenNotYetValid), each beyond the clock skew; a token without 'iat' gets MissingClaim.
        exp is required unless -RequireExpirationTime $false; exp and nbf get -ClockSkew of tolerance
        (default one minute). -ValidTypes checks the 'typ' header, -RequiredClaims the presence of claims,
        -MaxTokenBytes caps the token size (library default 256 KiB).
        Encrypted tokens (nested JWTs from Protect-KrJWTPayload: a JWE around a signed token) are accepted
        only with decryption keys: -DecryptionKey, -DecryptionHexadecimalKey, -DecryptionBase64Url, -DecryptionPassphrase,
        -DecryptionPem, -DecryptionPemPath, -DecryptionJwkJson, -DecryptionJwkPath or
        -DecryptionX509Certificate (secrets, RSA or EC private keys; the library,
        kr_jwt_validator_with_decryption_keys, refuses a set in which no key can decrypt, e.g. only public
        keys: KrJwt.InvalidArgument). The token is decrypted, then its inner signed token is validated with
        every rule above; a signed token that is not encrypted is still accepted. Without decryption keys an
        encrypted token fails with reason MalformedToken ("no decryption key"). The Decrypts property
        says whether the parameters decrypt.
        Bad keys fail here: KrJwt.InvalidKey (malformed PEM/JWK/JWK Set), KrJwt.KeyFileNotFound (a path
        that is not a file), KrJwt.KeyTooShort (an RSA key under 2048 bits), KrJwt.InvalidArgument (no key
        at all, a clock skew outside 0 to 24 hours).
        Keys from your identity provider instead: -Authority (OpenID Connect discovery,
        {authority}/.well-known/openid-configuration, whose issuer must equal the authority and becomes the
        valid issuer), -MetadataAddress (an OIDC or RFC 8414 metadata URL) or -JwksUri with -ValidIssuer (a
        JWK Set URL). The library fetches the JWK Set on the first validation, not here, and keeps it fresh:
        cached for -JwksCacheMaxAge (default 10 minutes; a Cache-Control max-age is honoured within
        [-JwksRefreshCooldown, -JwksCacheMaxAge]); a token with an unknown kid refreshes it at most once per
        -JwksRefreshCooldown (default 30 s) and repeated unknown kids never fetch; while the provider is down
        the last good set is served for -JwksStaleIfError more (default 1 hour; zero is strict) and retries
        back off up to 5 minutes. Fetches are HTTPS only (-AllowInsecureHttp for a local test provider),
        never follow redirects, need status 200, time out after -HttpTimeout (default 5 s) and refuse bodies
        over -MaxJwksBytes (default 1 MiB). Get-KrJWTKeySource shows the keys and the counters,
        Update-KrJWTKeySource fetches now. Such a source takes no keys (KrJwt.InvalidArgument when keys are
        given too); a URL the library refuses (not https without -AllowInsecureHttp, not absolute, user info,
        ...) or -JwksUri without -ValidIssuer fails here with KrJwt.InvalidArgument.
    .PARAMETER ValidIssuer
        An accepted issuer ('iss'). Combined with -ValidIssuers.
    .PARAMETER ValidIssuers
        Accepted issuers.
    .PARAMETER ValidAudience
        An accepted audience ('aud'). Combined with -ValidAudiences; a token needs one of them.
    .PARAMETER ValidAudiences
        Accepted audiences.
    .PARAMETER SkipIssuerValidation
        Accept any issuer: the explicit opt-out, refused together with -ValidIssuer(s).
    .PARAMETER SkipAudienceValidation
        Accept any audience: the explicit opt-out, refused together with -ValidAudience(s).
    .PARAMETER MaxTokenAge
        The oldest a token may be, by its 'iat' (then required). Default: no limit.
    .PARAMETER ValidAlgorithms
        The algorithm allow-list (HS256 ... EdDSA). Default: every algorithm the keys can verify.
    .PARAMETER ClockSkew
        Tolerance applied to exp and nbf, 0 to 24 hours. Default one minute.
    .PARAMETER RequireExpirationTime
        Whether a token without 'exp' is refused. Default $true.
    .PARAMETER ValidTypes
        Accepted 'typ' header values (case-insensitive), e.g. 'JWT' or 'at+jwt'. Default: not checked.
    .PARAMETER RequiredClaims
        Claims every token must carry, e.g. 'sub'.
    .PARAMETER MaxTokenBytes
        Tokens larger than this many bytes are refused before decoding. Default 262144 (256 KiB).
    .PARAMETER SigningKey
        Key objects (KrJwt.JwtKey) from New-KrJWTKey or [KrJwt.JwtKey]::FromPem(), ...; only their public
        part is used for RSA, EC and Ed25519 keys. Aliases: -Key, -IssuerSigningKey. Accepts pipeline input.
    .PARAMETER HexadecimalKey
        HMAC secrets as hexadecimal text.
    .PARAMETER Base64Url
        HMAC secrets as base64url text.
    .PARAMETER Passphrase
        An HMAC secret given as a passphrase (its UTF-8 bytes).
    .PARAMETER Pem
        Keys as PEM text: a public key (SPKI 'PUBLIC KEY', 'RSA PUBLIC KEY'), a certificate, or a private
        key (its public part is used).
    .PARAMETER PemPath
        Paths of PEM files.
    .PARAMETER JwkJson
        Keys as single JWKs (JSON text).
    .PARAMETER JwkPath
        Paths of files holding a single JWK.
    .PARAMETER Jwks
        A JWK Set document (JSON text, {"keys":[...]}), e.g. from Export-KrJwkSet or an issuer's jwks_uri
        (fetched by you; the library never fetches keys). Keys the library cannot use (an unknown kty, X25519,
        a "use":"enc" key, a malformed key) are skipped with one warning each, naming the key and why, and are
        listed in the result's SkippedKeys; a set with no usable key is refused.
    .PARAMETER X509Certificate
        Certificates (RSA, ECDSA or Ed25519) whose public keys verify the tokens; no private key needed.
    .PARAMETER DecryptionKey
        Key objects (KrJwt.JwtKey) that decrypt encrypted tokens: secrets (dir, A128KW ...), RSA private keys
        (RSA-OAEP, RSA-OAEP-256) or EC private keys (ECDH-ES ...). Alias: -TokenDecryptionKey.
    .PARAMETER DecryptionHexadecimalKey
        Decryption secrets as hexadecimal text.
    .PARAMETER DecryptionBase64Url
        Decryption secrets as base64url text.
    .PARAMETER DecryptionPassphrase
        A decryption secret as a passphrase; its UTF-8 bytes are the key.
    .PARAMETER DecryptionPem
        Decryption private keys as PEM text (PKCS#8, PKCS#1 or SEC1).
    .PARAMETER DecryptionPemPath
        Paths of PEM files holding decryption private keys.
    .PARAMETER DecryptionJwkJson
        Decryption keys as single JWKs (JSON text, with their private members).
    .PARAMETER DecryptionJwkPath
        Paths of files holding a single decryption JWK.
    .PARAMETER DecryptionX509Certificate
        Certificates with their (exportable RSA or ECDSA) private keys that decrypt; a certificate without
        private key fails with KrJwt.InvalidKey.
    .PARAMETER Authority
        An OpenID Connect issuer, e.g. 'https://login.example.com/tenant'; its keys are found through
        discovery and its issuer becomes the valid issuer (unless -ValidIssuer(s) are given).
    .PARAMETER MetadataAddress
        An explicit metadata URL: OIDC (.../.well-known/openid-configuration) or RFC 8414
        (.../.well-known/oauth-authorization-server[/path]).
    .PARAMETER JwksUri
        A JWK Set URL; needs -ValidIssuer (or -ValidIssuers).
    .PARAMETER AllowInsecureHttp
        Allow http:// URLs, for a local test provider only.
    .PARAMETER JwksCacheMaxAge
        How long a fetched document is used before it is refreshed. Default 10 minutes.
    .PARAMETER JwksRefreshCooldown
        The least time between two fetches (an unknown kid refreshes at most once per cooldown). Default 30 s.
    .PARAMETER JwksStaleIfError
        How long past its max age the last good key set is served while the provider fails. Default 1 hour;
        [TimeSpan]::Zero is strict.
    .PARAMETER HttpTimeout
        Timeout of one HTTP request. Default 5 seconds.
    .PARAMETER MaxJwksBytes
        The largest response accepted, in bytes. Default 1048576 (1 MiB).
    .PARAMETER LogPath
        A JSON Lines file every validation event is appended to, one JSON object per line: the refused
        tokens (and, with -LogSuccess, the accepted ones) and the misuse signals. Safe to share between
        threads and processes. An event never holds the token, a signature or key material: time (ISO 8601
        UTC), event, level, validator, scheme, path (single, batch, bearer, renewal), keys (static, remote),
        outcome, status, alg, kid, iss, aud, jti, exp, fingerprint (the first 16 hex digits of the token's
        SHA-256), client (bearer requests), sub (only with -LogSubject). The folder must exist.
    .PARAMETER LogSuccess
        Events for accepted tokens too (level info); by default only refused tokens and signals have one.
    .PARAMETER LogSubject
        Events carry the token's 'sub' (often personal data, so off by default).
    .PARAMETER ReplayDetection
        Remember each accepted token's 'jti' until its 'exp' (at most 10000 values, the oldest forgotten
        first) and raise a 'replay' signal when one is presented again. The token is still accepted: the
        signal is for monitoring.
    .PARAMETER SignalThreshold
        Signal thresholds by name (0 switches one off): invalid_signature (default 10 per kid, issuer or
        client address within the burst window), unknown_kid (10), unexpected_issuer (1), expired_reuse (3
        presentations of one expired token within the expired window); the windows burst_window (60 s) and
        expired_window (900 s); replay_capacity (10000). Unknown names fail with KrJwt.InvalidJson.
    .PARAMETER EventName
        The validator's name in its events and statistics (Add-KrJWTBearerAuthentication gives the scheme name).
    .OUTPUTS
        KrJwt.JwtValidationParameters
    .EXAMPLE
        $key = New-KrJWTKey -Type EC
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'https://issuer.example' | Add-KrJWTAudience -Audience 'api' | Protect-KrJWT -Key $key | Build-KrJWT
        $validation = New-KrJWTValidationParameter -ValidIssuer 'https://issuer.example' -ValidAudience 'api' -Pem $key.PublicPem
        Test-KrJWT -Token $built.Token -ValidationParameter $validation

        A verifier that only knows the public key; prints True.
    .EXAMPLE
        $old = New-KrJWTKey -Type RSA
        $new = New-KrJWTKey -Type RSA
        $validation = New-KrJWTValidationParameter -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -Jwks (Export-KrJwkSet -Key $old, $new) -ValidAlgorithms RS256
        $validation | Format-List

        During a key rotation: both keys' tokens are accepted, each selected by its kid.
    .EXAMPLE
        New-KrJWTValidationParameter -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -ClockSkew ([TimeSpan]::FromSeconds(30))

        Validation parameters for HS256 tokens of a shared secret, with 30 seconds of clock skew.
    .EXAMPLE
        try { New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) } catch { $_.FullyQualifiedErrorId }
        $any = New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -SkipAudienceValidation -MaxTokenAge ([TimeSpan]::FromMinutes(10))
        '{0} {1}' -f $any.ValidateAudience, $any.MaxTokenAge
        # Output:
        # KrJwt.MissingValidIssuer,New-KrJWTValidationParameter
        # False 00:10:00

        Without a valid issuer the parameters are refused; audience validation is skipped only when asked, and
        tokens older than ten minutes (by 'iat') are refused.
    .EXAMPLE
        $signing = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        $recipient = New-KrJWTKey -Type RSA
        $token = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey $signing |
            Protect-KrJWTPayload -Pem $recipient.PublicPem | Build-KrJWT).Token
        $validation = New-KrJWTValidationParameter -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey $signing -DecryptionKey $recipient
        $validation.Decrypts
        Test-KrJWT -Token $token -ValidationParameter $validation

        A recipient that decrypts with its RSA private key and verifies the HS256 signature; prints True twice.
    .EXAMPLE
        $validation = New-KrJWTValidationParameter -Authority 'https://login.example.com' -ValidAudience 'api://orders' -ValidTypes 'at+jwt'
        $validation.HasKeySource
        (Get-KrJWTKeySource -ValidationParameter $validation).FetchCount
        # Output:
        # True
        # 0

        Validation parameters for the access tokens of an OpenID Connect provider: nothing is fetched until
        the first token is validated (Test-KrJWT -Token $token -ValidationParameter $validation).
    .EXAMPLE
        try { New-KrJWTValidationParameter -JwksUri 'http://127.0.0.1:8080/jwks' -ValidIssuer 'http://127.0.0.1:8080' -ValidAudience 'api' } catch { $_.FullyQualifiedErrorId }
        $local = New-KrJWTValidationParameter -JwksUri 'http://127.0.0.1:8080/jwks' -ValidIssuer 'http://127.0.0.1:8080' -ValidAudience 'api' -AllowInsecureHttp `
            -JwksCacheMaxAge ([TimeSpan]::FromMinutes(1)) -JwksRefreshCooldown ([TimeSpan]::FromSeconds(5)) -HttpTimeout ([TimeSpan]::FromSeconds(2))
        (Get-KrJWTKeySource -ValidationParameter $local).JwksUri
        # Output:
        # KrJwt.InvalidArgument,New-KrJWTValidationParameter
        # http://127.0.0.1:8080/jwks

        A JWK Set URL with its issuer: http:// is refused unless -AllowInsecureHttp (a local test provider).
    .EXAMPLE
        $log = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "krjwt-example-$PID.jsonl"
        $validation = New-KrJWTValidationParameter -HexadecimalKey ('ab' * 32) -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -LogPath $log
        Test-KrJWT -Token 'not.a.token' -ValidationParameter $validation
        (Get-Content -LiteralPath $log | ConvertFrom-Json).status
        Remove-Item -LiteralPath $log
        # Output:
        # False
        # MalformedToken

        Every refused token is one line of JSON in the log file (never the token itself).
    .LINK
        about_KrJwt
    .LINK
        Get-KrJWTValidationStatistic
    .LINK
        Get-KrJWTValidationParameter
    .LINK
        Test-KrJWT
#>
function New-KrJWTValidationParameter {
    [CmdletBinding(PositionalBinding = $false, DefaultParameterSetName = 'Keys')]
    [OutputType([KrJwt.JwtValidationParameters])]
    param(
        [Parameter()]
        [string] $ValidIssuer,

        [Parameter()]
        [string[]] $ValidIssuers,

        [Parameter()]
        [string] $ValidAudience,

        [Parameter()]
        [string[]] $ValidAudiences,

        [Parameter()]
        [switch] $SkipIssuerValidation,

        [Parameter()]
        [switch] $SkipAudienceValidation,

        [Parameter()]
        [TimeSpan] $MaxTokenAge,

        [Parameter()]
        [ValidateSet([KrJwt.SigningAlgorithmValues])]
        [string[]] $ValidAlgorithms,

        [Parameter()]
        [TimeSpan] $ClockSkew = [KrJwt.KrJwtLibrary]::Defaults.ClockSkew,

        [Parameter()]
        [bool] $RequireExpirationTime = $true,

        [Parameter()]
        [string[]] $ValidTypes,

        [Parameter()]
        [string[]] $RequiredClaims,

        [Parameter()]
        [long] $MaxTokenBytes,

        [Parameter(ValueFromPipeline)]
        [Alias('Key', 'IssuerSigningKey')]
        [KrJwt.JwtKey[]] $SigningKey,

        [Parameter()]
        [string[]] $HexadecimalKey,

        [Parameter()]
        [string[]] $Base64Url,

        [Parameter()]
        [securestring] $Passphrase,

        [Parameter()]
        [string[]] $Pem,

        [Parameter()]
        [string[]] $PemPath,

        [Parameter()]
        [string[]] $JwkJson,

        [Parameter()]
        [string[]] $JwkPath,

        [Parameter()]
        [string] $Jwks,

        [Parameter()]
        [System.Security.Cryptography.X509Certificates.X509Certificate2[]] $X509Certificate,

        [Parameter()]
        [Alias('TokenDecryptionKey')]
        [KrJwt.JwtKey[]] $DecryptionKey,

        [Parameter()]
        [string[]] $DecryptionHexadecimalKey,

        [Parameter()]
        [string[]] $DecryptionBase64Url,

        [Parameter()]
        [securestring] $DecryptionPassphrase,

        [Parameter()]
        [string[]] $DecryptionPem,

        [Parameter()]
        [string[]] $DecryptionPemPath,

        [Parameter()]
        [string[]] $DecryptionJwkJson,

        [Parameter()]
        [string[]] $DecryptionJwkPath,

        [Parameter()]
        [System.Security.Cryptography.X509Certificates.X509Certificate2[]] $DecryptionX509Certificate,

        # A remote key source instead of keys (ConvertTo-KrJwtKeySourceOption).
        [Parameter(Mandatory, ParameterSetName = 'Authority')]
        [uri] $Authority,

        [Parameter(Mandatory, ParameterSetName = 'MetadataAddress')]
        [uri] $MetadataAddress,

        [Parameter(Mandatory, ParameterSetName = 'JwksUri')]
        [uri] $JwksUri,

        [Parameter(ParameterSetName = 'Authority')] [Parameter(ParameterSetName = 'MetadataAddress')] [Parameter(ParameterSetName = 'JwksUri')]
        [switch] $AllowInsecureHttp,

        [Parameter(ParameterSetName = 'Authority')] [Parameter(ParameterSetName = 'MetadataAddress')] [Parameter(ParameterSetName = 'JwksUri')]
        [TimeSpan] $JwksCacheMaxAge,

        [Parameter(ParameterSetName = 'Authority')] [Parameter(ParameterSetName = 'MetadataAddress')] [Parameter(ParameterSetName = 'JwksUri')]
        [TimeSpan] $JwksRefreshCooldown,

        [Parameter(ParameterSetName = 'Authority')] [Parameter(ParameterSetName = 'MetadataAddress')] [Parameter(ParameterSetName = 'JwksUri')]
        [TimeSpan] $JwksStaleIfError,

        [Parameter(ParameterSetName = 'Authority')] [Parameter(ParameterSetName = 'MetadataAddress')] [Parameter(ParameterSetName = 'JwksUri')]
        [TimeSpan] $HttpTimeout,

        [Parameter(ParameterSetName = 'Authority')] [Parameter(ParameterSetName = 'MetadataAddress')] [Parameter(ParameterSetName = 'JwksUri')]
        [long] $MaxJwksBytes,
        # Events (ConvertTo-KrJwtEventOption).
        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string] $LogPath,
        [Parameter()]
        [switch] $LogSuccess,
        [Parameter()]
        [switch] $LogSubject,
        [Parameter()]
        [switch] $ReplayDetection,
        [Parameter()]
        [System.Collections.IDictionary] $SignalThreshold,
        [Parameter(DontShow)]
        [string] $EventName
    )

    begin {
        $givenKeys = [System.Collections.Generic.List[KrJwt.JwtKey]]::new()
    }

    process {
        foreach ($item in $SigningKey) {
            if ($null -ne $item) {
                $givenKeys.Add($item)
            }
        }
    }

    end {
        $ownedKeys = [System.Collections.Generic.List[KrJwt.JwtKey]]::new()
        try {
            $allKeys = ConvertFrom-KrJwtKeyParameter -BoundParameters $PSBoundParameters -Purpose Verify -Given $givenKeys -Owned $ownedKeys -Cmdlet $PSCmdlet
            # Decryption keys: the same key forms, but a certificate must give its private key.
            $decryptionKeys = ConvertFrom-KrJwtKeyParameter -BoundParameters $PSBoundParameters -Prefix Decryption -Purpose Decrypt -Given $DecryptionKey -Owned $ownedKeys -Cmdlet $PSCmdlet
            $options = [KrJwt.JwtValidationOptions]::new()
            $issuers = [System.Collections.Generic.List[string]]::new()
            if ($PSBoundParameters.ContainsKey('ValidIssuer')) {
                $issuers.Add($ValidIssuer)
            }
            if ($ValidIssuers) {
                $issuers.AddRange([string[]] $ValidIssuers)
            }
            $audiences = [System.Collections.Generic.List[string]]::new()
            if ($PSBoundParameters.ContainsKey('ValidAudience')) {
                $audiences.Add($ValidAudience)
            }
            if ($ValidAudiences) {
                $audiences.AddRange([string[]] $ValidAudiences)
            }
            $options.ValidIssuers = $issuers.ToArray()
            $options.ValidAudiences = $audiences.ToArray()
            if ($SkipIssuerValidation) {
                $options.ValidateIssuer = $false
            }
            if ($SkipAudienceValidation) {
                $options.ValidateAudience = $false
            }
            if ($PSBoundParameters.ContainsKey('MaxTokenAge')) {
                $options.MaxTokenAge = $MaxTokenAge
            }
            $options.ValidAlgorithms = $ValidAlgorithms
            $options.ClockSkew = $ClockSkew
            $options.RequireExpirationTime = $RequireExpirationTime
            $options.ValidTypes = $ValidTypes
            $options.RequiredClaims = $RequiredClaims
            if ($PSBoundParameters.ContainsKey('MaxTokenBytes')) {
                $options.MaxTokenBytes = $MaxTokenBytes
            }
            if ($PSBoundParameters.ContainsKey('Jwks')) {
                $options.JwksJson = $Jwks
            }
            $validation = if ($PSCmdlet.ParameterSetName -eq 'Keys') {
                [KrJwt.JwtValidationParameters]::FromOptions($options, $allKeys, $decryptionKeys)
            } else {
                $source = ConvertTo-KrJwtKeySourceOption -BoundParameters $PSBoundParameters -KeyCount $allKeys.Count
                [KrJwt.JwtValidationParameters]::FromKeySource($options, $source, $decryptionKeys)
            }
            if ($PSCmdlet.ParameterSetName -eq 'Keys') {
                Write-KrJwtSkippedKeyWarning -SkippedKey $validation.SkippedKeys -Source 'The JWK Set (-Jwks)' -Cmdlet $PSCmdlet
            }
            try {
                $validation.EnableEvents((ConvertTo-KrJwtEventOption -BoundParameters $PSBoundParameters -Name $EventName))
            } catch {
                $validation.Dispose()
                throw
            }
            $validation
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -Cmdlet $PSCmdlet
            throw
        } finally {
            # The validator copies the keys; the caller's -SigningKey and -DecryptionKey objects stay theirs.
            foreach ($owned in $ownedKeys) {
                $owned.Dispose()
            }
        }
    }
}
