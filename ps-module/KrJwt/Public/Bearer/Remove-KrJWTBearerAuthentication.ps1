<#
    .SYNOPSIS
        Removes a bearer authentication scheme from the module's registry.
    .DESCRIPTION
        Unregisters the named schemes (case-insensitive); Invoke-KrJWTBearerAuthentication no longer finds
        them. Validation parameters given with -ValidationParameter are not disposed (they belong to the
        caller); the scheme objects themselves stay usable by whoever still holds them. A name that is not
        registered gives a non-terminating error. Supports -WhatIf and -Confirm.
    .PARAMETER Name
        The scheme names. Accepts pipeline input, including scheme objects from
        Get-KrJWTBearerAuthentication. Alias: -AuthenticationScheme.
    .PARAMETER PassThru
        Emit each removed scheme.
    .OUTPUTS
        None, or KrJwt.JwtBearerScheme with -PassThru.
    .EXAMPLE
        Add-KrJWTBearerAuthentication -Name 'Temporary' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        Remove-KrJWTBearerAuthentication -Name 'Temporary' -PassThru
        @(Get-KrJWTBearerAuthentication -Name 'Temporary' -ErrorAction SilentlyContinue).Count

        Registers, removes (and shows) a scheme; the last line prints 0.
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTBearerAuthentication
#>
function Remove-KrJWTBearerAuthentication {
    [CmdletBinding(SupportsShouldProcess, PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBearerScheme])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('AuthenticationScheme')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name,

        [Parameter()]
        [switch] $PassThru
    )

    begin {
        $registry = Get-KrJwtBearerRegistry
    }

    process {
        foreach ($schemeName in $Name) {
            $scheme = $null
            if (-not $registry.TryGetValue($schemeName, [ref] $scheme)) {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.Management.Automation.ItemNotFoundException]::new("No bearer scheme named '$schemeName' is registered."),
                        'KrJwt.SchemeNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $schemeName))
                continue
            }
            if ($PSCmdlet.ShouldProcess($scheme.Name, 'Remove bearer authentication scheme')) {
                $null = $registry.Remove($schemeName)
                if ($PassThru) {
                    $scheme
                }
            }
        }
    }
}
