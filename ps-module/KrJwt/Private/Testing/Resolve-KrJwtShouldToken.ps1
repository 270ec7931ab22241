function Resolve-KrJwtShouldToken {
    <#
    .SYNOPSIS
        The token a KrJwt Should operator tests: a string, or the Token of an object (a Build-KrJWT result, a
        test token from New-KrJWTTestToken).
    .DESCRIPTION
        Returns an object with Token (the compact token, or $null) and Problem (why there is no token, worded
        to follow "Expected ..., but"; $null when there is one). The operators fail with Problem whatever
        -Not says: a value that is no token is a mistake in the test, not a verdict.
    .PARAMETER ActualValue
        What was piped to Should.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter()]
        [AllowNull()]
        [object] $ActualValue
    )

    $value = $ActualValue
    if ($value -is [array] -and $value.Count -eq 1) {
        $value = $value[0]
    }
    $token = $null
    if ($value -is [string]) {
        $token = $value
    } elseif ($null -ne $value -and $value -isnot [array] -and $null -ne $value.PSObject.Properties['Token'] -and $value.Token -is [string]) {
        $token = $value.Token
    }
    $problem = if ($null -ne $token) {
        $null
    } elseif ($null -eq $value) {
        'got $null (pipe a token string or an object with a Token property, such as a Build-KrJWT result)'
    } elseif ($value -is [array]) {
        "got $($value.Count) values (pipe one token)"
    } else {
        "got a value of type '$($value.GetType().FullName)' (pipe a token string or an object with a Token property, such as a Build-KrJWT result)"
    }
    [pscustomobject]@{ Token = $token; Problem = $problem }
}
