<#
    .SYNOPSIS
        Adds an extra member to the JOSE header of a JWT token builder.
    .DESCRIPTION
        Adds a header member such as 'cty' or an application-specific name. The value keeps its JSON type
        (serialised with ConvertTo-Json -Compress -Depth 20). Members that would desynchronise the header
        from the signature are refused by the native library (for example 'alg'; Kestrun lets 'alg' be
        overwritten), as is a 'crit' it cannot honour. The builder is changed in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER Name
        The header member name.
    .PARAMETER Value
        The header member value: string, number, boolean, array or hashtable.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTHeader -Name 'x-tenant' -Value 'contoso'
        $builder.Headers

        The built token's header will carry "x-tenant": "contoso".
    .LINK
        about_KrJwt
    .LINK
        Protect-KrJWT
#>
function Add-KrJWTHeader {
    [CmdletBinding(PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string] $Name,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [AllowEmptyCollection()]
        [object] $Value
    )

    process {
        try {
            $null = $Builder.AddHeader($Name, (ConvertTo-KrJwtJsonText -Value $Value))
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
