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
        # The ErrorId, category and advice are chosen once, in the interop (KrJwt.Commands.CommandErrors), for
        # the compiled cmdlets and these functions alike.
        $record = [KrJwt.Commands.CommandErrors]::FromException($ErrorRecord.Exception, $TargetObject)
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
