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
        'Export-KrJwks'
        'Get-KrJWTBearerAuthentication'
        'Get-KrJWTInfo'
        'Get-KrJwkThumbprint'
        'Get-KrJWTToken'
        'Get-KrJWTValidationParameter'
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
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @('New-KrJWTTokenBuilder')
    PrivateData          = @{
        PSData = @{
            Tags       = @('JWT', 'JWS', 'JWE', 'JOSE', 'JWK', 'OAuth2', 'OIDC', 'Bearer', 'Authentication', 'Kestrun', 'Security', 'Linux')
            # PLACEHOLDERS: the project has no public home yet. These two lines are the only place the addresses
            # are written; './build.ps1 Package' warns while they point at the reserved .invalid domain.
            ProjectUri = 'https://project-home-not-yet-public.invalid/krjwt'
            LicenseUri = 'https://project-home-not-yet-public.invalid/krjwt/LICENSE'
        }
    }
}
