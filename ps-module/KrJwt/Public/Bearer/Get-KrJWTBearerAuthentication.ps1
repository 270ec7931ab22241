<#
    .SYNOPSIS
        Lists the bearer authentication schemes registered in the module.
    .DESCRIPTION
        Returns the KrJwt.JwtBearerScheme objects registered with Add-KrJWTBearerAuthentication in this
        runspace, sorted by name: each shows its Name, DisplayName, PolicyNames, ClaimPolicies and
        ValidationParameters (issuers, audiences, algorithms, clock skew and key descriptions; never key
        material). -Name filters by name (case-insensitive, wildcards allowed); a name without wildcards
        that is not registered gives a non-terminating error.
    .PARAMETER Name
        Scheme names or wildcard patterns. Default: every scheme. Alias: -AuthenticationScheme.
    .OUTPUTS
        KrJwt.JwtBearerScheme
    .EXAMPLE
        Add-KrJWTBearerAuthentication -Name 'ListDemo' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        Get-KrJWTBearerAuthentication -Name 'List*' | Format-Table Name, DisplayName, PolicyNames

        Registers a scheme and lists the schemes whose name starts with 'List'.
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTBearerAuthentication
#>
function Get-KrJWTBearerAuthentication {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBearerScheme])]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('AuthenticationScheme')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Name = '*'
    )

    begin {
        $registry = Get-KrJwtBearerRegistry
    }

    process {
        foreach ($pattern in $Name) {
            if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($pattern)) {
                $wildcard = [System.Management.Automation.WildcardPattern]::new($pattern, [System.Management.Automation.WildcardOptions]::IgnoreCase)
                $registry.Values | Where-Object { $wildcard.IsMatch($_.Name) } | Sort-Object -Property Name
            } elseif ($registry.ContainsKey($pattern)) {
                $registry[$pattern]
            } else {
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                        [System.Management.Automation.ItemNotFoundException]::new("No bearer scheme named '$pattern' is registered."),
                        'KrJwt.SchemeNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $pattern))
            }
        }
    }
}
