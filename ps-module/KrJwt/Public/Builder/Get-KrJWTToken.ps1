<#
    .SYNOPSIS
        Gets the compact token string of a built JWT.
    .DESCRIPTION
        Returns the header.payload.signature string of a result from Build-KrJWT, ready for an
        'Authorization: Bearer' header.
    .PARAMETER Result
        The result from Build-KrJWT. Accepts pipeline input.
    .OUTPUTS
        System.String
    .EXAMPLE
        $token = New-KrJWTBuilder | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT | Get-KrJWTToken
        $token.Split('.').Count
        # Output: 3

        Prints 3: a signed compact JWT has three parts.
    .LINK
        about_KrJwt
    .LINK
        Build-KrJWT
#>
function Get-KrJWTToken {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtResult] $Result
    )

    process {
        $Result.Token
    }
}
