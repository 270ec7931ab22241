function Remove-KrJwtCaughtError {
    <#
    .SYNOPSIS
        Takes a caught error out of $Error before the cmdlet raises its own record for the same failure.
    .DESCRIPTION
        An exception caught by try/catch inside a function is still recorded in $Error. When the catch
        block turns it into a KrJwt ErrorRecord and raises that, the caller would find two records for one
        failure. This removes the newest entry of $Error when it is the caught one (same exception object),
        and nothing else: a record of the caller's is never touched.
    .PARAMETER ErrorRecord
        The record caught in the catch block ($_).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.ErrorRecord] $ErrorRecord
    )

    $errors = $global:Error
    if ($errors.Count -eq 0) {
        return
    }
    $newest = $errors[0]
    $newestException = if ($newest -is [System.Management.Automation.ErrorRecord]) { $newest.Exception } else { $newest }
    if ([object]::ReferenceEquals($newestException, $ErrorRecord.Exception)) {
        $errors.RemoveAt(0)
    }
}
