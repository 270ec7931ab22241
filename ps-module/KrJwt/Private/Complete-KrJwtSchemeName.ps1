function Complete-KrJwtSchemeName {
    <#
    .SYNOPSIS
        Argument completer for -Name of the bearer commands: the scheme names registered in this runspace.
    .DESCRIPTION
        Called with the five arguments PowerShell passes to an ArgumentCompleter (command name, parameter
        name, word to complete, command AST, bound parameters). Names are matched case-insensitively by
        prefix, sorted, and quoted when they contain characters that need it.
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

    $names = (Get-KrJwtBearerRegistry).Values | ForEach-Object { $_.Name }
    ConvertTo-KrJwtCompletionResult -Value $names -WordToComplete $WordToComplete -ToolTip 'bearer scheme'
}
