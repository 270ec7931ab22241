<#
    .SYNOPSIS
        Adds a claim to a JWT token builder.
    .DESCRIPTION
        Appends a claim to the payload. Give the claim name with -ClaimType, or pick a Kestrun user
        identity claim with -UserClaimType (tab-completes); the native library maps it to the JWT name
        Kestrun writes (Name -> unique_name, Role -> role, EmailAddress -> email, ...). Kestrun maps Actor to
        an empty claim name (a defect); here it gets its proper name.
        The value keeps its JSON type: a string stays a string, a number a number, a boolean a boolean,
        an array an array and a hashtable an object (values are serialised with ConvertTo-Json -Compress
        -Depth 20). Adding the same name again makes the claim an array, in insertion order.
        Registered names and unknown claim types are judged by the native library. The builder is changed
        in place and emitted again.
    .PARAMETER Builder
        The builder to change. Accepts pipeline input.
    .PARAMETER ClaimType
        The claim name as it appears in the payload, e.g. 'region'.
    .PARAMETER UserClaimType
        A KrJwt.UserIdentityClaim member (Kestrun's UserIdentityClaim), e.g. Name or Role.
    .PARAMETER Value
        The claim value: string, number, boolean, array or hashtable.
    .OUTPUTS
        KrJwt.JwtBuilder
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTClaim -UserClaimType Name -Value 'user42' | Add-KrJWTClaim -UserClaimType Role -Value 'admin'
        $builder.Claims

        Adds unique_name = user42 and role = admin.
    .EXAMPLE
        New-KrJWTBuilder | Add-KrJWTClaim -ClaimType 'region' -Value 'us-east-1' | Add-KrJWTClaim -ClaimType 'limits' -Value @{ requests = 100; burst = $true }

        Adds a string claim and an object claim.
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTSubject
#>
function Add-KrJWTClaim {
    [CmdletBinding(DefaultParameterSetName = 'ClaimType', PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBuilder])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, ParameterSetName = 'ClaimType')]
        [AllowEmptyString()]
        [string] $ClaimType,

        [Parameter(Mandatory, ParameterSetName = 'UserClaimType')]
        [KrJwt.UserIdentityClaim] $UserClaimType,

        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [AllowEmptyCollection()]
        [object] $Value
    )

    process {
        try {
            $json = ConvertTo-KrJwtJsonText -Value $Value
            if ($PSCmdlet.ParameterSetName -eq 'UserClaimType') {
                $null = $Builder.AddUserClaim($UserClaimType.ToString(), $json)
            } else {
                $null = $Builder.AddClaim($ClaimType, $json)
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        }
        $Builder
    }
}
