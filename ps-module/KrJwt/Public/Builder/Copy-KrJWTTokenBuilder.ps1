<#
    .SYNOPSIS
        Makes an independent copy of a JWT token builder.
    .DESCRIPTION
        Returns a deep copy of the builder: issuer, audiences, subject, claims, extra headers, lifetime,
        not-before and signing key. Changing the copy never changes the original (Kestrun's copy shares
        the header map; this one does not). Use it to derive a per-request token from a configured builder.
    .PARAMETER Builder
        The builder to copy. Accepts pipeline input.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $template = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer'
        $perRequest = Copy-KrJWTTokenBuilder -Builder $template | Add-KrJWTSubject -Subject 'user1'
        $template.Subject -eq $null
        # Output: True

        The copy gets a subject; the template keeps none, so the last line prints True.
    .LINK
        about_KrJwt
    .LINK
        New-KrJWTBuilder
#>
function Copy-KrJWTTokenBuilder {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder
    )

    process {
        try {
            $Builder.Copy()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
    }
}
