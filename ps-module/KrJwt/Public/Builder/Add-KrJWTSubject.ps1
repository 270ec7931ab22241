<#
    .SYNOPSIS
        Sets the subject (sub) of a JWT token builder.
    .DESCRIPTION
        Sets the single sub claim; a later call replaces it (Kestrun appends a second sub claim, which
        turns sub into an array). The builder is changed in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER Subject
        The subject, usually the user's identifier.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTSubject -Subject 'user42'
        $builder.Subject
        # Output: user42

        Prints user42.
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTClaim
#>
function Add-KrJWTSubject {
    [CmdletBinding()]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, Position = 0)]
        [AllowEmptyString()]
        [string] $Subject
    )

    process {
        try {
            $null = $Builder.SetSubject($Subject)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
