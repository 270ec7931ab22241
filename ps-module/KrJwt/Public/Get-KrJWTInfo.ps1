<#
    .SYNOPSIS
        Decodes a JWT WITHOUT validating it.
    .DESCRIPTION
        Shows what a token says, for diagnostics: Header, Payload, Issuer, Subject, Audiences, NotBefore,
        Expires, IssuedAt (UTC), Algorithm, KeyId, Type and Claims (the payload without registered names).
        Nothing is verified: a forged or expired token decodes just the same; use Test-KrJWT to decide
        whether to trust it. An encrypted token (JWE) shows its header only (Encrypted = True). A malformed
        token is an error (KrJwt.MalformedToken).
    .PARAMETER Token
        The compact token. Accepts pipeline input.
    .OUTPUTS
        KrJwt.JwtInfo
    .EXAMPLE
        $token = New-KrJWTBuilder | Add-KrJWTSubject -Subject 'user42' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT | Get-KrJWTToken
        Get-KrJWTInfo -Token $token | Format-List *

        Shows every decoded part; Subject is user42.
    .EXAMPLE
        $token = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT | Get-KrJWTToken
        ($token | Get-KrJWTInfo).Header

        Tokens can be piped in.
    .LINK
        Test-KrJWT
#>
function Get-KrJWTInfo {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtInfo])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, Position = 0)]
        [AllowEmptyString()]
        [string] $Token
    )

    process {
        try {
            [KrJwt.JwtInfo]::Decode($Token)
        } catch {
            $record = Resolve-KrJwtError -ErrorRecord $_ -TargetObject $null
            if ($record) {
                $PSCmdlet.ThrowTerminatingError($record)
            }
            throw
        }
    }
}
