<#
    .SYNOPSIS
        Gets validation parameters that accept the tokens of a built JWT.
    .DESCRIPTION
        Returns a KrJwt.JwtValidationParameters made by the native library from a result: the result's
        issuer and audiences as the only valid ones, its algorithm as the only allowed one, its key, the
        given clock skew and required expiration. Use it with Test-KrJWT -ValidationParameter. The object
        shows its parameters and describes its keys by type and size, never by value.
        Works for every key type (Kestrun's works for HMAC only): for RSA, EC and Ed25519 results the
        parameters hold the public key, for HMAC results the secret. To validate tokens without the
        result (another service, keys from a JWK Set), use New-KrJWTValidationParameter.
        For an encrypted result (Protect-KrJWTPayload) the parameters also decrypt (Decrypts = True) when
        the encryption key could: a secret, or a private key (RSA, EC, a certificate with its private
        key). A result encrypted to a public key only cannot give parameters that decrypt: use
        New-KrJWTValidationParameter -DecryptionKey on the recipient's side.
        Issuer and audience are always validated: a result built without issuer (Add-KrJWTIssuer) or
        audience (Add-KrJWTAudience) gives KrJwt.MissingValidIssuer / KrJwt.MissingValidAudience unless
        -SkipIssuerValidation / -SkipAudienceValidation opts out explicitly (refused, KrJwt.InvalidArgument,
        for a result that has them).
    .PARAMETER Result
        The result from Build-KrJWT. Accepts pipeline input.
    .PARAMETER ClockSkew
        Tolerance applied to exp and nbf. Default one minute.
    .PARAMETER SkipIssuerValidation
        Accept any issuer: the explicit opt-out for a result built without issuer.
    .PARAMETER SkipAudienceValidation
        Accept any audience: the explicit opt-out for a result built without audience.
    .PARAMETER MaxTokenAge
        The oldest a token may be, by its 'iat' (then required). Default: no limit.
    .OUTPUTS
        KrJwt.JwtValidationParameters
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter -ClockSkew ([TimeSpan]::FromSeconds(30))
        $validation | Format-List

        Shows ValidIssuers DemoIssuer, ValidAudiences DemoAudience, ValidAlgorithms HS256 and a 30 s clock skew.
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -Key (New-KrJWTKey -Type Ed25519) | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        $validation.Keys
        Test-KrJWT -Token $built.Token -ValidationParameter $validation

        EdDSA: the parameters carry the Ed25519 public key (OKP); prints the key description and True.
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Protect-KrJWT -HexadecimalKey ('ab' * 32) | Build-KrJWT
        try { $built | Get-KrJWTValidationParameter } catch { $_.FullyQualifiedErrorId }
        Test-KrJWT -Token $built.Token -ValidationParameter ($built | Get-KrJWTValidationParameter -SkipAudienceValidation)
        # Output:
        # KrJwt.MissingValidAudience,Get-KrJWTValidationParameter
        # True

        A result built without audience gives no parameters unless audience validation is skipped explicitly.
    .LINK
        about_KrJwt
    .LINK
        Test-KrJWT
#>
function Get-KrJWTValidationParameter {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtValidationParameters])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtResult] $Result,

        [Parameter()]
        [TimeSpan] $ClockSkew = [KrJwt.KrJwtLibrary]::Defaults.ClockSkew,

        [Parameter()]
        [switch] $SkipIssuerValidation,

        [Parameter()]
        [switch] $SkipAudienceValidation,

        [Parameter()]
        [TimeSpan] $MaxTokenAge
    )

    process {
        try {
            $maxAge = if ($PSBoundParameters.ContainsKey('MaxTokenAge')) { [Nullable[TimeSpan]] $MaxTokenAge } else { $null }
            $Result.GetValidationParameters($ClockSkew, -not $SkipIssuerValidation, -not $SkipAudienceValidation, $maxAge)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Result -Cmdlet $PSCmdlet
            throw
        }
    }
}
