<#
    .SYNOPSIS
        Adds one or more audiences (aud) to a JWT token builder.
    .DESCRIPTION
        Adds the given audiences to those already on the builder (Kestrun replaces instead; the guide
        promises several). A token with one audience carries "aud": "x"; with several, "aud": ["x", "y"].
        The builder is changed in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER Audience
        One or more audiences to add, in order.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTAudience -Audience 'ClientA' | Add-KrJWTAudience -Audience 'ClientB'
        $builder.Audiences
        # Output:
        # ClientA
        # ClientB

        Prints ClientA and ClientB: both audiences are kept.
    .EXAMPLE
        New-KrJWTBuilder | Add-KrJWTAudience -Audience 'ClientA', 'ClientB' | Select-Object -ExpandProperty Audiences

        Adds two audiences in one call.
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTIssuer
#>
function Add-KrJWTAudience {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, Position = 0)]
        [AllowEmptyString()]
        [string[]] $Audience
    )

    process {
        try {
            foreach ($item in $Audience) {
                $null = $Builder.AddAudience($item)
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
