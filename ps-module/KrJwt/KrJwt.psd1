@{
    RootModule           = 'KrJwt.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '3f0b7f7e-4c1a-4f57-9d0e-5a3c2b8e91d4'
    Author               = 'KrJwt contributors'
    Description          = 'Kestrun-style JWT cmdlets over the kr_jwt native library (Rust, C ABI): build, sign, decode and validate JSON Web Tokens.'
    PowerShellVersion    = '7.2'
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
    AliasesToExport      = @('Export-KrJwks', 'New-KrJWTTokenBuilder')
    PrivateData          = @{
        PSData = @{
            Tags = @('JWT', 'JWS', 'Kestrun', 'Authentication')
        }
    }
}
