<#
    .SYNOPSIS
        Signs a token from a JWT token builder.
    .DESCRIPTION
        Produces a KrJwt.JwtResult holding the compact token and its decoded parts: Token, Issuer,
        Audiences, Subject, IssuedAt, NotBefore, Expires (UTC), Algorithm, KeyId, Claims, Header and Payload.
        iat is the build time, nbf the configured not-before (default: the build time) and exp = nbf +
        lifetime. A builder without a key is refused (KrJwt.NotProtected): unsigned tokens are never made.
        The builder is not changed, so it can build again.
        After Protect-KrJWTPayload the token is a nested JWT: a JWE (five segments) around the signed
        token. Then Encrypted is True and OuterHeader is the JWE header (alg, enc, cty 'JWT', typ, kid);
        every other member (Issuer, Subject, Claims, Header, Algorithm, KeyId, ...) still describes the
        inner, signed token, which the builder knows. Signed-only results have Encrypted False and no
        OuterHeader.
    .PARAMETER Builder
        The builder to build from. Accepts pipeline input.
    .OUTPUTS
        KrJwt.JwtResult
    .EXAMPLE
        $result = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT
        $result | Format-List Issuer, Algorithm, Expires

        Builds a signed token and shows some of its parts.
    .EXAMPLE
        $result = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey ('ab' * 32) | Protect-KrJWTPayload -Key (New-KrJWTKey -Type RSA) | Build-KrJWT
        $result | Format-List Encrypted, OuterHeader, Issuer, Algorithm

        An encrypted result: the JWE header (RSA-OAEP, A256GCM) and the inner token's issuer and algorithm.
    .LINK
        about_KrJwt
    .LINK
        Get-KrJWTToken
#>
function Build-KrJWT {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtResult])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder
    )

    process {
        try {
            $Builder.Build()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
    }
}
