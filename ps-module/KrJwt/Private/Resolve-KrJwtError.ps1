function Resolve-KrJwtError {
    <#
    .SYNOPSIS
        Turns a caught KrJwtException into an ErrorRecord with a stable ErrorId.
    .DESCRIPTION
        PowerShell wraps exceptions thrown by .NET methods (MethodInvocationException,
        GetValueInvocationException); this unwraps them to the KrJwtException and builds an ErrorRecord
        whose ErrorId is the exception's ("KrJwt.InvalidKey", ...) and whose category is the one the
        interop chose. An ObjectDisposedException (an object used after .Dispose()) becomes
        KrJwt.ObjectDisposed (InvalidOperation). Returns $null for any other exception so the caller can
        rethrow it unchanged.
    .PARAMETER ErrorRecord
        The record caught in a catch block ($_).
    .PARAMETER TargetObject
        What the failing call was working on. Never key material.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.ErrorRecord] $ErrorRecord,

        [Parameter()]
        [AllowNull()]
        [object] $TargetObject
    )

    process {
        $exception = $ErrorRecord.Exception
        while ($null -ne $exception -and $exception -isnot [KrJwt.KrJwtException] -and $exception -isnot [System.ObjectDisposedException]) {
            $exception = $exception.InnerException
        }
        if ($null -eq $exception) {
            return $null
        }
        if ($exception -is [System.ObjectDisposedException]) {
            # A builder, result, key or validation parameter object used after .Dispose().
            return [System.Management.Automation.ErrorRecord]::new($exception, 'KrJwt.ObjectDisposed', [System.Management.Automation.ErrorCategory]::InvalidOperation, $TargetObject)
        }
        $category = [System.Management.Automation.ErrorCategory]::NotSpecified
        $null = [Enum]::TryParse([System.Management.Automation.ErrorCategory], $exception.Category, [ref] $category)
        [System.Management.Automation.ErrorRecord]::new($exception, $exception.ErrorId, $category, $TargetObject)
    }
}
