function Get-KrJwtBearerRegistry {
    <#
    .SYNOPSIS
        The module-scoped registry of bearer schemes (name -> KrJwt.JwtBearerScheme).
    .DESCRIPTION
        One dictionary per module instance (so per runspace), created on first use. Scheme names are
        compared case-insensitively. Used by Add-, Get-, Remove- and Invoke-KrJWTBearerAuthentication.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Generic.Dictionary[string, KrJwt.JwtBearerScheme]])]
    param()

    if ($null -eq $script:KrJwtBearerSchemes) {
        $script:KrJwtBearerSchemes = [System.Collections.Generic.Dictionary[string, KrJwt.JwtBearerScheme]]::new([System.StringComparer]::OrdinalIgnoreCase)
    }
    # The comma keeps PowerShell from enumerating the dictionary on output.
    , $script:KrJwtBearerSchemes
}
