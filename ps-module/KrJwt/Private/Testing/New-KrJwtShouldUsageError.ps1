function New-KrJwtShouldUsageError {
    <#
    .SYNOPSIS
        The error a KrJwt Should operator throws when it is used wrongly (a missing or wrong argument):
        KrJwt.ShouldUsage (InvalidArgument), so the mistake is not mistaken for a verdict.
    .PARAMETER Message
        What is missing or wrong, and what to give.
    .PARAMETER TargetObject
        The wrong value, if any.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [string] $Message,

        [Parameter()]
        [AllowNull()]
        [object] $TargetObject
    )

    [System.Management.Automation.ErrorRecord]::new([System.ArgumentException]::new($Message), 'KrJwt.ShouldUsage',
        [System.Management.Automation.ErrorCategory]::InvalidArgument, $TargetObject)
}
