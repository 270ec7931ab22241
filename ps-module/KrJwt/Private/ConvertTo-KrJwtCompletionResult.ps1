function ConvertTo-KrJwtCompletionResult {
    <#
    .SYNOPSIS
        The values that start with the word typed so far, as CompletionResults (quoted when needed).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.CompletionResult])]
    param(
        [Parameter()] [AllowNull()] [AllowEmptyCollection()] [string[]] $Value,
        [Parameter()] [AllowNull()] [AllowEmptyString()] [string] $WordToComplete,
        [Parameter()] [string] $ToolTip
    )

    $prefix = ([string] $WordToComplete).Trim('''', '"')
    foreach ($item in @($Value | Where-Object { $_ } | Sort-Object -Unique)) {
        if ($item.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) {
            $text = if ($item -match '^[\w.-]+$') { $item } else { "'" + $item.Replace("'", "''") + "'" }
            [System.Management.Automation.CompletionResult]::new($text, $item, [System.Management.Automation.CompletionResultType]::ParameterValue, "$ToolTip $item")
        }
    }
}
