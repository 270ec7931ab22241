@{
    RootModule           = 'KrJwt.psm1'
    NestedModules        = @('bin/KrJwt.Interop.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '3f0b7f7e-4c1a-4f57-9d0e-5a3c2b8e91d4'
    Author               = 'KrJwt contributors'
    Description          = 'Kestrun-style JWT cmdlets over the kr_jwt native library (Rust, C ABI): build, sign, decode and validate JSON Web Tokens.'
    # The interop (bin/KrJwt.Interop.dll) targets net10.0, which only PowerShell 7.6 and later run on.
    PowerShellVersion    = '7.6'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('KrJwt.Format.ps1xml')
    FunctionsToExport    = @(
        'Add-KrJWTBearerAuthentication'
        'Add-KrJWTHeader'
        'Add-KrJWTShouldOperator'
        'ConvertTo-KrJwk'
        'Copy-KrJWTTokenBuilder'
        'Export-KrJwkSet'
        'Get-KrJWTBearerAuthentication'
        'Get-KrJWTInfo'
        'Get-KrJwkThumbprint'
        'Get-KrJWTKeySource'
        'Get-KrJWTTestTokenSet'
        'Get-KrJWTValidationParameter'
        'Get-KrJWTValidationStatistic'
        'Invoke-KrJWTBearerAuthentication'
        'Limit-KrJWTNotBefore'
        'New-KrJWTKey'
        'New-KrJWTTestToken'
        'New-KrJWTValidationParameter'
        'Protect-KrJWTPayload'
        'Remove-KrJWTBearerAuthentication'
        'Update-KrJWT'
        'Update-KrJWTKeySource'
    )
    # Compiled in the interop (ps-module/interop/Commands) for speed; help from ps-module/help/.
    CmdletsToExport      = @(
        'Add-KrJWTAudience'
        'Add-KrJWTClaim'
        'Add-KrJWTIssuer'
        'Add-KrJWTSubject'
        'Build-KrJWT'
        'Get-KrJWTToken'
        'Limit-KrJWTValidity'
        'New-KrJWT'
        'New-KrJWTBuilder'
        'Protect-KrJWT'
        'Test-KrJWT'
    )
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
- Remote key sources (OAuth2 / OpenID Connect): `New-KrJWTValidationParameter -Authority`, `-MetadataAddress` or `-JwksUri` with `-ValidIssuer`; `Add-KrJWTBearerAuthentication -Authority`; `Get-KrJWTKeySource` and `Update-KrJWTKeySource`. Discovery checks the document's `issuer`; fetches are 200-only, never redirected, https unless `-AllowInsecureHttp`, capped (1 MiB) and timed (5 s); keys are cached (10 min, `Cache-Control: max-age` honoured within [cooldown, max age]); an unknown `kid` refreshes at most once per cooldown (30 s); an outage serves the last good set for a bounded stale window (1 h) with backoff. C: `kr_jwt_validator_new_remote` with a host fetch callback; the interop fetches with `HttpClient`.
- `-MaxTokenAge` (C: `max_token_age_seconds`) refuses tokens whose `iat` is older, or in the future beyond the clock skew.
- `Update-KrJWT -SkipIssuerValidation` / `-SkipAudienceValidation` for parameters derived from the builder.
- The C library installs: `./build.ps1 Install -Prefix <dir>` puts a stripped `libkr_jwt.so.0.1.0` (SONAME `libkr_jwt.so.0`, debug symbols in `lib/debug/`), a static `libkr_jwt.a`, `kr_jwt.pc` and a CMake package (`find_package(KrJwt)`) under the prefix; `KR_JWT_VERSION_MAJOR/MINOR/PATCH` in the header; `docs/c-abi.md` states the ABI stability rule and the minimum glibc.
- KrJwt for Pester: the Should operators `-BeValidKrJWT -ValidationParameter` (fails with the library's reason and the claim or time involved), `-HaveKrJWTClaim -Name [-Value]` and `-BeKrJWTSignedWith -Algorithm [-KeyId]`, with `-Not` and `-Because` (registered at import when Pester 5 is loaded, or by `Add-KrJWTShouldOperator`); hostile tokens FOR TESTS with exactly one defect each (`New-KrJWTTestToken -Defect Expired`, `AlgNone`, `AlgConfusion`, ... 14 kinds) and `Get-KrJWTTestTokenSet` with the expected reason and HTTP status of each, for Pester's `-ForEach` (core `src/testing`, C `kr_jwt_builder_test_tokens`); `examples/api.Tests.ps1` tests the example server with them.
- `New-KrJWT -Issuer … -Audience … -Subject … -Claims @{…} -Key …`: the guide's issuing pipeline in one call (same library calls, same result and errors).
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
- Issuer and audience are always validated: parameters without a valid issuer or audience are refused (`KrJwt.MissingValidIssuer` / `KrJwt.MissingValidAudience`; C: `KR_JWT_STATUS_MISSING_VALID_ISSUER` / `..._AUDIENCE`) unless `-SkipIssuerValidation` / `-SkipAudienceValidation` (C JSON: `"validate_issuer": false` / `"validate_audience": false`) opts out by name.
- RSA verification keys under 2048 bits are refused when the parameters are made (`KrJwt.KeyTooShort`), not by every token later.
- A JWK Set with keys KrJwt cannot use (an unknown `kty`, X25519, AKP/ML-DSA, a malformed key) starts with the usable ones; each skipped key is named with its reason (a warning in PowerShell, `SkippedKeys`, `skipped_keys` in C); a set with no usable key is refused; a `use: enc` key never verifies a signature.
- `Test-KrJWT` and `Get-KrJWTInfo` bind `Token` by property name (a build result, a CSV row with a `Token` column); an object without a token is an error, never `False`.
- Importing the module fails at once, with one message naming the file and the platform expected, when the native library is missing, corrupt or built for another architecture.
- `Test-KrJWT` and the builder pipeline of the guide (`New-KrJWTBuilder`, `Add-KrJWTIssuer`, `Add-KrJWTSubject`, `Add-KrJWTAudience`, `Add-KrJWTClaim`, `Limit-KrJWTValidity`, `Protect-KrJWT`, `Build-KrJWT`, `Get-KrJWTToken`) are compiled cmdlets, with the same parameters, pipeline input, error ids and help; `Test-KrJWT` without `-PassThru` asks the library for statuses only; a build result decodes its parts on first use; `Import-Module` loads the script functions from one generated file (BENCHMARKS.md, "The PowerShell layer against its floor").
- Faster validation and import (BENCHMARKS.md, sections 6 and 6b): status-only HS256 validation through the C ABI is 2.0–2.1× faster than before (builds f34e69d and 6270812, measured in one process with it); batches encode their tokens into unmanaged memory (no large-object-heap collections competing with the batch thread) and count their successes once; issuing no longer prepares a verification key until a result's validator is asked for; `Import-Module` loads the interop assembly as the manifest's nested module and relies on the manifest's export lists (no `Export-ModuleMember`). Without the interop assembly, the import now fails with PowerShell's own error naming `bin/KrJwt.Interop.dll`.
- Registering a bearer scheme name that is already registered fails with `KrJwt.SchemeExists` (ResourceExists) unless `-Force` is given; it used to replace the scheme silently.
- Default views show every date as UTC with its zone (`2026-12-01 18:30:00Z`).
- `ToString()` of every KrJwt object starts with what it is (`KrJwt result HS256 iss=... sub=user1 exp=2026-12-01 18:30:00Z`, `KrJwt key EC 256 bits kid=...`), never a secret or a signature.
- A principal's `ConvertTo-Json` and `Get-Member` show AuthenticationScheme, Name, Subject, Roles, IsAuthenticated and Payload only; Claims, Identity, Identities, PayloadJson and PrincipalJson are hidden members (still readable).
- Expiry and not-before reasons show ISO 8601 UTC times (`the token expired at 2026-12-01T18:30:00Z (now 2026-12-01T18:45:12Z, clock skew 60 s)`), not Unix seconds; the `crit` refusal names the members (`the crit header names "exp", which KrJwt does not understand`).
- `include/kr_jwt.h` states the whole C contract: the statuses each function can return, undefined behaviour (double free, use after free), how long `kr_jwt_last_error()` text lives, what is copied, the defaults and every thread the library starts.

### Fixed
- `Test-KrJWT -PassThru` with `-MaxTokenBytes` above the default validates a large token once, under the caller's cap (it threw "over the 262144 byte limit").
- A key source's `FreshUntil` counts from the instant the set was fetched (`KeysFetchedAt`), so their difference is the cache lifetime exactly.
- The help of `ConvertTo-KrJwk` (example 1 and description: a single JWK has no `alg` or `use`) and of `Limit-KrJWTValidity` (example 1 printed a TimeSpan's property list, not `00:30:00`).
- A process that forks after a batch validation (`kr_jwt_validate_batch`, `Test-KrJWT` with 64 tokens or more) no longer hangs in the child: batches use threads that end with the call instead of a thread pool.
- A nested token whose `cty` is `application/JWT`, `Application/jwt` or any other spelling of the JWT media type is accepted (RFC 7515 section 4.1.10); `typ` compares the same way.

### Security
- `Update-KrJWT -FromContext` re-issues only a principal KrJwt validated (`KrJwt.JwtPrincipal`); any other `$Context.User` is refused (`KrJwt.UntrustedPrincipal`), and without one the request's bearer token is validated again.
- The 503 challenge sent while the identity provider is unreachable carries no upstream error or URL (the reason stays in the result's `Error`).
'@
        }
    }
}
