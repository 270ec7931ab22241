<#
    .SYNOPSIS
        Sets how long tokens from a JWT token builder stay valid.
    .DESCRIPTION
        Sets the lifetime: exp = not-before + lifetime. Give a TimeSpan with -Lifetime, or any of -Hours,
        -Minutes and -Seconds, which are added together. A lifetime of zero or less is refused at this call
        (KrJwt.InvalidArgument; Kestrun only fails later, at Build). The default lifetime is one hour. The
        builder is changed in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER Lifetime
        The lifetime as a TimeSpan.
    .PARAMETER Hours
        Hours of lifetime.
    .PARAMETER Minutes
        Minutes of lifetime.
    .PARAMETER Seconds
        Seconds of lifetime.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Limit-KrJWTValidity -Minutes 30
        $builder.Lifetime.ToString()
        # Output: 00:30:00

        The lifetime is a TimeSpan of 30 minutes ($builder.Lifetime alone would list its Days, Hours, Minutes, ... properties).
    .EXAMPLE
        New-KrJWTBuilder | Limit-KrJWTValidity -Lifetime ([TimeSpan]::FromHours(8))

        An eight-hour lifetime.
    .LINK
        about_KrJwt
    .LINK
        Limit-KrJWTNotBefore
#>
function Limit-KrJWTValidity {
    [CmdletBinding(DefaultParameterSetName = 'Lifetime', PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, ParameterSetName = 'Lifetime')]
        [TimeSpan] $Lifetime,

        [Parameter(ParameterSetName = 'Parts')]
        [double] $Hours = 0,

        [Parameter(ParameterSetName = 'Parts')]
        [double] $Minutes = 0,

        [Parameter(ParameterSetName = 'Parts')]
        [double] $Seconds = 0
    )

    process {
        $totalSeconds = if ($PSCmdlet.ParameterSetName -eq 'Lifetime') {
            $Lifetime.TotalSeconds
        } else {
            $Hours * 3600 + $Minutes * 60 + $Seconds
        }
        try {
            $null = $Builder.LimitValidity([double] $totalSeconds)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
