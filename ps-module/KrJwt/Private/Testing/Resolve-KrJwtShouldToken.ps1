function Resolve-KrJwtShouldToken {
    <#
    .SYNOPSIS
        The token a KrJwt Should operator tests: a string, or the Token of an object (a Build-KrJWT result, a
        test token from Get-KrJWTTestTokenSet), decoded WITHOUT validation when asked.
    .DESCRIPTION
        Returns an object with Token (the compact token), Info (with -Decode: Get-KrJWTInfo's object) and
        Failure: $null, or the operator's failing result when there is no token (a value that is no token,
        a token that does not decode). The operators return Failure whatever -Not says: a value that is no
        token is a mistake in the test, not a verdict.
    .PARAMETER ActualValue
        What was piped to Should.
    .PARAMETER Expected
        The operator's expectation, for the failure message.
    .PARAMETER Because
        Should's -Because.
    .PARAMETER Decode
        Decode the token (Get-KrJWTInfo).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter()]
        [AllowNull()]
        [object] $ActualValue,

        [Parameter(Mandatory)]
        [string] $Expected,

        [Parameter()]
        [AllowNull()]
        [string] $Because,

        [Parameter()]
        [switch] $Decode
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
    $info = $null
    if ($null -eq $problem -and $Decode) {
        try {
            $info = Get-KrJWTInfo -Token $token -ErrorAction Stop
        } catch {
            $problem = "the token does not decode: $($_.Exception.Message)"
        }
    }
    $failure = if ($null -ne $problem) { Format-KrJwtShouldResult -Succeeded $false -Expected $Expected -Actual $problem -Because $Because }
    [pscustomobject]@{ Token = $token; Info = $info; Failure = $failure }
}
