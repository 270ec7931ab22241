function Test-KrJwtTokenInput {
    <#
    .SYNOPSIS
        Whether a pipeline object can give a token: a string (or strings) or an object with a Token property.
    .DESCRIPTION
        -Token of Test-KrJWT and Get-KrJWTInfo binds strings from the pipeline and, by property name, the Token
        of any object (a Build-KrJWT result, an Import-Csv record with a Token column). PowerShell would
        otherwise turn any other object into its ToString() text, which validates as $false or fails to
        decode: a usage mistake hidden as a verdict. For such an object this writes KrJwt.InvalidPipelineInput
        (InvalidArgument) as -Cmdlet's non-terminating error, naming the object's type, and returns $false so
        the caller skips it. $null is left to PowerShell's own binding rules.
    .PARAMETER InputObject
        The current pipeline object ($_ in the process block).
    .PARAMETER Cmdlet
        The public cmdlet ($PSCmdlet) that writes the error.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter()]
        [AllowNull()]
        [object] $InputObject,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    # The rule is the interop's (KrJwt.Commands.TokenInput), shared with the compiled Test-KrJWT.
    [KrJwt.Commands.TokenInput]::Check($InputObject, $Cmdlet)
}
