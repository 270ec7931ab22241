function ConvertTo-KrJwtEventOption {
    <#
    .SYNOPSIS
        The event options a cmdlet was given (-LogPath, -LogSuccess, -LogSubject, -ReplayDetection, -SignalThreshold).
    .DESCRIPTION
        Shared by New-KrJWTValidationParameter and Add-KrJWTBearerAuthentication. Returns a KrJwt.JwtEventOptions;
        the library checks every value when the options are set (KrJwt.InvalidJson for an unknown signal name,
        KrJwt.InvalidArgument for a value out of range).
    .PARAMETER BoundParameters
        The calling cmdlet's $PSBoundParameters.
    .PARAMETER Name
        The validator's name in its events and statistics (a bearer scheme's name).
    #>
    [CmdletBinding()]
    [OutputType([KrJwt.JwtEventOptions])]
    param(
        [Parameter(Mandatory)]
        [System.Collections.Generic.IDictionary[string, object]] $BoundParameters,

        [Parameter()]
        [string] $Name
    )

    $options = [KrJwt.JwtEventOptions]::new()
    $options.Name = $Name
    foreach ($switch in 'LogSuccess', 'LogSubject', 'ReplayDetection') {
        $options.$switch = $BoundParameters.ContainsKey($switch) -and [bool] $BoundParameters[$switch]
    }
    if ($BoundParameters.ContainsKey('LogPath')) {
        # A PowerShell path (relative to the current location, ~) as the file system path .NET opens.
        $options.LogPath = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath([string] $BoundParameters['LogPath'])
    }
    if ($BoundParameters.ContainsKey('SignalThreshold')) {
        $options.Thresholds = $BoundParameters['SignalThreshold']
    }
    $options
}

# The parameters that configure events, for "were any given?".
$script:KrJwtEventParameters = @('LogPath', 'LogSuccess', 'LogSubject', 'ReplayDetection', 'SignalThreshold')
