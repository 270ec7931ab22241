function Register-KrJwtArgumentCompleter {
    <#
    .SYNOPSIS
        Registers tab completion for the values that come from a known set at run time.
    .DESCRIPTION
        Called once by KrJwt.psm1 on import. -Name of the bearer commands completes the scheme names
        registered in this runspace, -Policy of Invoke-KrJWTBearerAuthentication the claim policies of the
        scheme named by -Name. Register-ArgumentCompleter is used (not an [ArgumentCompleter()] attribute)
        because these script blocks are bound to the module, so they read the module's own registry.
        Fixed sets (algorithms, key types, curves, JWE alg/enc) complete from the parameters' ValidateSet
        or ArgumentCompletions attributes.
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param()

    Register-ArgumentCompleter -CommandName 'Add-KrJWTBearerAuthentication', 'Get-KrJWTBearerAuthentication',
        'Invoke-KrJWTBearerAuthentication', 'Remove-KrJWTBearerAuthentication', 'Get-KrJWTValidationStatistic' -ParameterName 'Name' -ScriptBlock {
        Complete-KrJwtSchemeName @args
    }
    Register-ArgumentCompleter -CommandName 'Invoke-KrJWTBearerAuthentication' -ParameterName 'Policy' -ScriptBlock {
        Complete-KrJwtPolicyName @args
    }
}
