<#
    .SYNOPSIS
        Creates a new JWT token builder.
    .DESCRIPTION
        Returns a fresh, mutable KrJwt.JwtBuilder with the defaults of Kestrun's builder: a lifetime of one
        hour, not-before equal to the build time and a "typ": "JWT" header. Pipe it through the other
        builder cmdlets (Add-KrJWTIssuer, Protect-KrJWT, ...), which change it in place, then Build-KrJWT.
        New-KrJWTTokenBuilder is an alias (the guide calls it the legacy name; Kestrun itself lacks it).
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer'
        $builder.Issuer
        # Output: DemoIssuer

        Creates a builder and sets its issuer; the second line prints DemoIssuer.
    .EXAMPLE
        New-KrJWTTokenBuilder | Format-List

        The alias gives the same fresh builder.
    .LINK
        about_KrJwt
    .LINK
        Build-KrJWT
#>
function New-KrJWTBuilder {
    [CmdletBinding()]
    [Alias('New-KrJWTTokenBuilder')]
    [OutputType([KrJwt.JwtBuilder])]
    param()

    process {
        try {
            [KrJwt.JwtBuilder]::new()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $null -Cmdlet $PSCmdlet
            throw
        }
    }
}
