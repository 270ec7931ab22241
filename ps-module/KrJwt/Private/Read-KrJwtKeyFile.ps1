function Read-KrJwtKeyFile {
    <#
    .SYNOPSIS
        Reads a key file (PEM or JWK text) given by a PowerShell path.
    .DESCRIPTION
        Resolves the path against the caller's current location and drives ('~', relative paths and
        PSDrives work; no wildcards), then reads the whole file as UTF-8 text. A path that is not an
        existing file stops the calling cmdlet with ErrorId KrJwt.KeyFileNotFound (ObjectNotFound); the
        error names the path, never the content.
    .PARAMETER Path
        The path as the user gave it.
    .PARAMETER Cmdlet
        The calling cmdlet ($PSCmdlet): its session state resolves the path and its error is raised.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string] $Path,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $resolved = $null
    if (-not [string]::IsNullOrWhiteSpace($Path)) {
        try {
            $resolved = $Cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        } catch {
            $resolved = $null
        }
    }
    if ($null -eq $resolved -or -not [System.IO.File]::Exists($resolved)) {
        $exception = [System.Management.Automation.ItemNotFoundException]::new("The key file '$Path' does not exist or is not a file.")
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                $exception, 'KrJwt.KeyFileNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Path))
    }
    [System.IO.File]::ReadAllText($resolved, [System.Text.Encoding]::UTF8)
}
