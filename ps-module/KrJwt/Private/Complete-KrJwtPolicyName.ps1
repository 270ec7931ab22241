function Complete-KrJwtPolicyName {
    <#
    .SYNOPSIS
        Argument completer for -Policy of Invoke-KrJWTBearerAuthentication: the claim policies of the scheme
        named by -Name (of every registered scheme when -Name is not given yet).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.CompletionResult])]
    param(
        [Parameter(Position = 0)] [string] $CommandName,
        [Parameter(Position = 1)] [string] $ParameterName,
        [Parameter(Position = 2)] [string] $WordToComplete,
        [Parameter(Position = 3)] $CommandAst,
        [Parameter(Position = 4)] [System.Collections.IDictionary] $FakeBoundParameters
    )

    $registry = Get-KrJwtBearerRegistry
    $schemes = if ($FakeBoundParameters -and $FakeBoundParameters.Contains('Name') -and $registry.ContainsKey([string] $FakeBoundParameters['Name'])) {
        $registry[[string] $FakeBoundParameters['Name']]
    } else {
        $registry.Values
    }
    $names = $schemes | ForEach-Object { $_.PolicyNames } | Sort-Object -Unique
    ConvertTo-KrJwtCompletionResult -Value $names -WordToComplete $WordToComplete -ToolTip 'claim policy'
}
