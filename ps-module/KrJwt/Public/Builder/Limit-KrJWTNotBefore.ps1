<#
    .SYNOPSIS
        Sets when tokens from a JWT token builder start to be valid (nbf).
    .DESCRIPTION
        Sets not-before either as an absolute instant (-UtcBefore) or relative to the build time
        (-Seconds and/or -Minutes, added together; the guide's "-Seconds 5" form). A local DateTime given to
        -UtcBefore is converted to UTC first and an unspecified one is taken as UTC (Kestrun compares a
        local time as if it were UTC). The token expires at not-before + lifetime. The builder is changed in
        place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER UtcBefore
        The absolute not-before instant.
    .PARAMETER Seconds
        Seconds after the build time.
    .PARAMETER Minutes
        Minutes after the build time.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Limit-KrJWTValidity -Minutes 15 | Limit-KrJWTNotBefore -Seconds 5
        $builder.NotBefore

        Tokens are not valid for their first 5 seconds.
    .EXAMPLE
        New-KrJWTBuilder | Limit-KrJWTNotBefore -UtcBefore ([DateTime]::UtcNow.AddMinutes(10))

        Tokens become valid ten minutes from now.
    .LINK
        about_KrJwt
    .LINK
        Limit-KrJWTValidity
#>
function Limit-KrJWTNotBefore {
    [CmdletBinding(DefaultParameterSetName = 'UtcBefore', PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, ParameterSetName = 'UtcBefore')]
        [DateTime] $UtcBefore,

        [Parameter(ParameterSetName = 'Relative')]
        [double] $Seconds = 0,

        [Parameter(ParameterSetName = 'Relative')]
        [double] $Minutes = 0
    )

    process {
        try {
            if ($PSCmdlet.ParameterSetName -eq 'UtcBefore') {
                $null = $Builder.LimitNotBeforeAt($UtcBefore)
            } else {
                $null = $Builder.LimitNotBeforeOffset([double] ($Minutes * 60 + $Seconds))
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
