function Test-KrJwtShouldSignedWith {
    <#
    .SYNOPSIS
        The Pester operator Should -BeKrJWTSignedWith -Algorithm <alg> [-KeyId <kid>].
    .DESCRIPTION
        Reads the header WITHOUT validating the token (Get-KrJWTInfo): its alg must be -Algorithm (exact,
        as JWS names are case-sensitive) and, with -KeyId, its kid that key id. This says what the token
        claims to be signed with; -BeValidKrJWT checks that the signature is right. With -Not the
        assertion fails when the header matches. A token that does not decode fails whatever -Not says.
    .PARAMETER ActualValue
        The token, or an object with a Token property.
    .PARAMETER Algorithm
        The JWS algorithm (HS256, RS256, ES256, EdDSA, ...).
    .PARAMETER KeyId
        The key id the header must name.
    .PARAMETER Negate
        Should's -Not.
    .PARAMETER Because
        Should's -Because.
    .PARAMETER CallerSessionState
        Given by Pester; not used.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter()]
        [AllowNull()]
        [object] $ActualValue,

        [Parameter()]
        [AllowNull()]
        [string] $Algorithm,

        [Parameter()]
        [AllowNull()]
        [string] $KeyId,

        [Parameter()]
        [switch] $Negate,

        [Parameter()]
        [AllowNull()]
        [string] $Because,

        [Parameter()]
        [AllowNull()]
        [object] $CallerSessionState
    )

    if ([string]::IsNullOrEmpty($Algorithm)) {
        throw (New-KrJwtShouldUsageError -Message 'Should -BeKrJWTSignedWith needs -Algorithm, the JWS algorithm the header must name (and -KeyId for its key id).')
    }
    $withKid = $PSBoundParameters.ContainsKey('KeyId')
    $wanted = if ($withKid) { "$Algorithm and key id '$KeyId'" } else { $Algorithm }
    $expected = if ($Negate) { "the token not to be signed with $wanted" } else { "the token to be signed with $wanted" }
    $resolved = Resolve-KrJwtShouldToken -ActualValue $ActualValue -Expected $expected -Because $Because -Decode
    if ($null -ne $resolved.Failure) {
        return $resolved.Failure
    }
    $info = $resolved.Info
    $isMatch = $info.Algorithm -ceq $Algorithm -and (-not $withKid -or $info.KeyId -ceq $KeyId)
    $said = if ($withKid) {
        $kid = if ($null -eq $info.KeyId) { 'no key id' } else { "key id '$($info.KeyId)'" }
        "$($info.Algorithm) and $kid"
    } else {
        $info.Algorithm
    }
    Format-KrJwtShouldResult -Succeeded ($isMatch -xor $Negate.IsPresent) -Expected $expected -Actual "its header says $said" -Because $Because
}
