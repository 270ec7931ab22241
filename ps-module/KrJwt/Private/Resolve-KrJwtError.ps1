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
        With -Cmdlet the record is not returned but raised as that cmdlet's terminating error, so its
        FullyQualifiedErrorId names the public cmdlet ('KrJwt.InvalidKey,Protect-KrJWT'); for any other
        exception nothing happens. That is the catch block of every public cmdlet:
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        (the 'throw' rethrows what is not the library's unchanged).
        The caught record is taken out of $Error when a record is made from it, so each failure leaves
        exactly one record there.
    .PARAMETER ErrorRecord
        The record caught in a catch block ($_).
    .PARAMETER TargetObject
        What the failing call was working on. Never key material.
    .PARAMETER Cmdlet
        The public cmdlet ($PSCmdlet) whose terminating error the record becomes.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [System.Management.Automation.ErrorRecord] $ErrorRecord,

        [Parameter()]
        [AllowNull()]
        [object] $TargetObject,

        [Parameter()]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    process {
        $exception = $ErrorRecord.Exception
        while ($null -ne $exception -and $exception -isnot [KrJwt.KrJwtException] -and $exception -isnot [System.ObjectDisposedException]) {
            $exception = $exception.InnerException
        }
        $record = $null
        if ($exception -is [System.ObjectDisposedException]) {
            # A builder, result, key or validation parameter object used after .Dispose().
            $record = [System.Management.Automation.ErrorRecord]::new($exception, 'KrJwt.ObjectDisposed', [System.Management.Automation.ErrorCategory]::InvalidOperation, $TargetObject)
        } elseif ($null -ne $exception) {
            $category = [System.Management.Automation.ErrorCategory]::NotSpecified
            $null = [Enum]::TryParse([System.Management.Automation.ErrorCategory], $exception.Category, [ref] $category)
            $record = [System.Management.Automation.ErrorRecord]::new($exception, $exception.ErrorId, $category, $TargetObject)
            # The library names its JSON members; a PowerShell caller needs the parameters.
            $recommended = @{
                MissingValidIssuer   = 'Give -ValidIssuer (the issuers to accept), or opt out explicitly with -SkipIssuerValidation.'
                MissingValidAudience = 'Give -ValidAudience (the audiences to accept), or opt out explicitly with -SkipAudienceValidation.'
            }[$exception.StatusName]
            if ($recommended) {
                $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($exception.Message)
                $record.ErrorDetails.RecommendedAction = $recommended
            }
        }
        if ($null -ne $record) {
            # PowerShell has already put the exception the catch block caught into $Error; the record made
            # here replaces it, so that one failure leaves one record (not a bare KrJwtException besides).
            Remove-KrJwtCaughtError -ErrorRecord $ErrorRecord
        }
        if ($null -eq $Cmdlet) {
            return $record
        }
        if ($null -ne $record) {
            $Cmdlet.ThrowTerminatingError($record)
        }
    }
}
