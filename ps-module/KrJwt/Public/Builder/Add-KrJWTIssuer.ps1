<#
    .SYNOPSIS
        Sets the issuer (iss) of a JWT token builder.
    .DESCRIPTION
        Sets the single issuer of the tokens the builder produces; a later call replaces it. The builder
        is changed in place and emitted again, so the call chains in a pipeline. An empty issuer is refused
        by the native library with the error id KrJwt.InvalidArgument.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER Issuer
        The issuer, e.g. 'DemoIssuer' or 'https://login.example.com'.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder
        $builder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Out-Null
        $builder.Issuer
        # Output: DemoIssuer

        The builder in $builder itself is changed; the last line prints DemoIssuer.
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTAudience
#>
function Add-KrJWTIssuer {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, Position = 0)]
        [AllowEmptyString()]
        [string] $Issuer
    )

    process {
        try {
            $null = $Builder.SetIssuer($Issuer)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
