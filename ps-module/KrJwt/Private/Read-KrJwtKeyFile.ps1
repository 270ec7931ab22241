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

    $resolved = [KrJwt.Commands.KeyInput]::ResolveKeyFile($Path, $Cmdlet.SessionState.Path)
    if ($null -eq $resolved) {
        $Cmdlet.ThrowTerminatingError([KrJwt.Commands.KeyInput]::KeyFileNotFound($Path))
    }
    [System.IO.File]::ReadAllText($resolved, [System.Text.Encoding]::UTF8)
}
