function Format-KrJwtShouldResult {
    <#
    .SYNOPSIS
        The object a Pester Should operator returns: Succeeded and FailureMessage.
    .DESCRIPTION
        The failure message is "Expected <Expected>,<because> but <Actual>." with Pester's wording for
        -Because (" because <reason>," with a leading "because" dropped), so KrJwt's operators read like
        Pester's own. With -Succeeded there is no message.
    .PARAMETER Succeeded
        Whether the assertion (after -Not) holds.
    .PARAMETER Expected
        What was expected, e.g. "the token to be valid".
    .PARAMETER Actual
        What was found, following "but", e.g. "it was refused with TokenExpired: ...".
    .PARAMETER Because
        Should's -Because.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [bool] $Succeeded,

        [Parameter()]
        [string] $Expected,

        [Parameter()]
        [string] $Actual,

        [Parameter()]
        [AllowNull()]
        [string] $Because
    )

    if ($Succeeded) {
        return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null }
    }
    $reason = if ([string]::IsNullOrWhiteSpace($Because)) {
        ''
    } else {
        " because $($Because.Trim() -replace '^because\s+'),"
    }
    [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected $Expected,$reason but $($Actual.TrimEnd('.'))." }
}
