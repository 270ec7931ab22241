@{
    RootModule           = 'KrJwt.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '3f0b7f7e-4c1a-4f57-9d0e-5a3c2b8e91d4'
    Author               = 'KrJwt contributors'
    Description          = 'Kestrun-style JWT cmdlets over the kr_jwt native library (Rust, C ABI): build, sign, decode and validate JSON Web Tokens.'
    # The interop (bin/KrJwt.Interop.dll) targets net10.0, which only PowerShell 7.6 and later run on.
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('KrJwt.Format.ps1xml')
    FunctionsToExport    = @(
        'Add-KrJWTAudience'
        'Add-KrJWTBearerAuthentication'
        'Add-KrJWTClaim'
        'Add-KrJWTHeader'
        'Add-KrJWTIssuer'
        'Add-KrJWTSubject'
        'Build-KrJWT'
        'ConvertTo-KrJwk'
        'Copy-KrJWTTokenBuilder'
        'Export-KrJwkSet'
        'Get-KrJWTBearerAuthentication'
        'Get-KrJWTInfo'
        'Get-KrJwkThumbprint'
        'Get-KrJWTKeySource'
        'Get-KrJWTToken'
        'Get-KrJWTValidationParameter'
        'Get-KrJWTValidationStatistic'
        'Invoke-KrJWTBearerAuthentication'
        'Limit-KrJWTNotBefore'
        'Limit-KrJWTValidity'
        'New-KrJWTBuilder'
        'New-KrJWTKey'
        'New-KrJWTValidationParameter'
        'Protect-KrJWT'
        'Protect-KrJWTPayload'
        'Remove-KrJWTBearerAuthentication'
        'Test-KrJWT'
        'Update-KrJWT'
        'Update-KrJWTKeySource'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Export-KrJwks', 'New-KrJWTTokenBuilder')
    PrivateData          = @{
        PSData = @{
            Tags       = @('JWT', 'JWS', 'JWE', 'JOSE', 'JWK', 'OAuth2', 'OIDC', 'Bearer', 'Authentication', 'Kestrun', 'Security', 'Linux')
            # PLACEHOLDERS: the project has no public home yet. These two lines are the only place the addresses
            # are written; './build.ps1 Package' warns while they point at the reserved .invalid domain.
            ProjectUri = 'https://project-home-not-yet-public.invalid/krjwt'
            LicenseUri = 'https://project-home-not-yet-public.invalid/krjwt/LICENSE'
            # The top section of CHANGELOG.md, word for word (pester/Conventions.Tests.ps1 checks it).
            ReleaseNotes = @'
## [Unreleased]

### Added
- Validation events, counters and misuse signals (docs/events.md): every validation (single, batch, bearer, renewal, remote keys) is counted per validator (validations, successes, failures by reason, 1- and 15-minute rates), and every refused token becomes a JSON event (time, reason, `alg`, `kid`, `iss`, `aud`, `jti`, `exp`, a fingerprint of the token, the client address; `sub` only when asked; never the token). Misuse signals with thresholds: invalid-signature bursts per `kid`, issuer or client, unknown-`kid` bursts, unexpected issuers, an expired token presented again and again, and an optional `jti` replay detector.
- C ABI: `kr_jwt_validator_set_log_callback`, `kr_jwt_validator_set_event_options`, `kr_jwt_validator_statistics`, `kr_jwt_validator_statistics_reset`, `kr_jwt_authenticate_client` (the scheme and client address for events), `KR_JWT_LOG_INFO` / `_WARNING` / `_ALERT`.
- `-LogPath`, `-LogSuccess`, `-LogSubject`, `-ReplayDetection` and `-SignalThreshold` on `New-KrJWTValidationParameter` and `Add-KrJWTBearerAuthentication` (JSON Lines, safe from several threads and processes); events also on the information stream with tag `KrJwt`; `Get-KrJWTValidationStatistic [-Reset]`; `examples/bearer-server.ps1` serves `/metrics` (Prometheus text format).
- `Add-KrJWTBearerAuthentication -Force` replaces a registered scheme; `-WhatIf` and `-Confirm` on `Add-` (ConfirmImpact Low) and `Remove-KrJWTBearerAuthentication`.
- Tab completion of registered scheme names for `-Name` of the bearer commands and of claim policy names for `Invoke-KrJWTBearerAuthentication -Policy`.
- Conceptual help: `Get-Help about_KrJwt`; every command's help links to it.
- `Export-KrJwkSet`, the singular name of `Export-KrJwks` (which stays as an alias).
- Parameter aliases for consistent names: `-Key` and `-SigningKey` on `Add-KrJWTBearerAuthentication -IssuerSigningKey`, `-X509Certificate` on `Get-KrJwkThumbprint -Certificate`.
- Help examples state their output with `# Output:` comments, and the tests compare it with what they print.
- This changelog.

### Changed
- Registering a bearer scheme name that is already registered fails with `KrJwt.SchemeExists` (ResourceExists) unless `-Force` is given; it used to replace the scheme silently.
- Default views show every date as UTC with its zone (`2026-12-01 18:30:00Z`).
- `ToString()` of every KrJwt object starts with what it is (`KrJwt result HS256 iss=... sub=user1 exp=2026-12-01 18:30:00Z`, `KrJwt key EC 256 bits kid=...`), never a secret or a signature.
- A principal's `ConvertTo-Json` and `Get-Member` show AuthenticationScheme, Name, Subject, Roles, IsAuthenticated and Payload only; Claims, Identity, Identities, PayloadJson and PrincipalJson are hidden members (still readable).
- Expiry and not-before reasons show ISO 8601 UTC times (`the token expired at 2026-12-01T18:30:00Z (now 2026-12-01T18:45:12Z, clock skew 60 s)`), not Unix seconds; the `crit` refusal names the members (`the crit header names "exp", which KrJwt does not understand`).
- `include/kr_jwt.h` states the whole C contract: the statuses each function can return, undefined behaviour (double free, use after free), how long `kr_jwt_last_error()` text lives, what is copied, the defaults and every thread the library starts.

### Fixed
- The help of `ConvertTo-KrJwk` (example 1 and description: a single JWK has no `alg` or `use`) and of `Limit-KrJWTValidity` (example 1 printed a TimeSpan's property list, not `00:30:00`).
- A process that forks after a batch validation (`kr_jwt_validate_batch`, `Test-KrJWT` with 64 tokens or more) no longer hangs in the child: batches use threads that end with the call instead of a thread pool.
- A nested token whose `cty` is `application/JWT`, `Application/jwt` or any other spelling of the JWT media type is accepted (RFC 7515 section 4.1.10); `typ` compares the same way.
'@
        }
    }
}
