function Assert-KrJwtKeySource {
    <#
    .SYNOPSIS
        Stops the calling cmdlet with KrJwt.NoKeySource when validation parameters have no remote key source.
    .DESCRIPTION
        Get-KrJWTKeySource and Update-KrJWTKeySource apply only to parameters made with -Authority,
        -MetadataAddress or -JwksUri; for static keys this raises a terminating InvalidOperation error that
        says so (the library would refuse too, with a less specific status).
    .PARAMETER ValidationParameter
        The parameters the cmdlet was given.
    .PARAMETER Cmdlet
        The public cmdlet ($PSCmdlet) whose terminating error it is.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory)]
        [KrJwt.JwtValidationParameters] $ValidationParameter,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    try {
        $hasSource = $ValidationParameter.HasKeySource
    } catch {
        Resolve-KrJwtError -ErrorRecord $_ -TargetObject $ValidationParameter -Cmdlet $Cmdlet
        throw
    }
    if (-not $hasSource) {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new('These validation parameters have static keys, not a remote key source: make them with New-KrJWTValidationParameter -Authority, -MetadataAddress or -JwksUri.'),
                'KrJwt.NoKeySource', [System.Management.Automation.ErrorCategory]::InvalidOperation, $ValidationParameter))
    }
}
