function Test-KrJwtShouldValid {
    <#
    .SYNOPSIS
        The Pester operator Should -BeValidKrJWT -ValidationParameter $v.
    .DESCRIPTION
        Validates the token with Test-KrJWT -PassThru (the native library decides); a refusal fails with the
        library's status name and message, which name the claim or time involved ("the token expired at
        2026-12-01T18:30:00Z (now ..., clock skew 60 s)"). With -Not a valid token fails. A missing or
        wrong -ValidationParameter is a usage error (KrJwt.ShouldUsage), not a verdict.
    .PARAMETER ActualValue
        The token, or an object with a Token property.
    .PARAMETER ValidationParameter
        Validation parameters (New-KrJWTValidationParameter, Get-KrJWTValidationParameter).
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
        [object] $ValidationParameter,

        [Parameter()]
        [switch] $Negate,

        [Parameter()]
        [AllowNull()]
        [string] $Because,

        [Parameter()]
        [AllowNull()]
        [object] $CallerSessionState
    )

    if ($ValidationParameter -isnot [KrJwt.JwtValidationParameters]) {
        $given = if ($null -eq $ValidationParameter) { 'none was given' } else { "got a value of type '$($ValidationParameter.GetType().FullName)'" }
        throw (New-KrJwtShouldUsageError -Message "Should -BeValidKrJWT needs -ValidationParameter with validation parameters from New-KrJWTValidationParameter or Get-KrJWTValidationParameter; $given." -TargetObject $ValidationParameter)
    }
    $expected = if ($Negate) { 'the token to be refused' } else { 'the token to be valid' }
    $resolved = Resolve-KrJwtShouldToken -ActualValue $ActualValue -Expected $expected -Because $Because
    if ($null -ne $resolved.Failure) {
        return $resolved.Failure
    }
    $outcome = Test-KrJWT -Token $resolved.Token -ValidationParameter $ValidationParameter -PassThru
    if ($Negate) {
        return Format-KrJwtShouldResult -Succeeded (-not $outcome.IsValid) -Expected $expected -Actual 'it is valid' -Because $Because
    }
    Format-KrJwtShouldResult -Succeeded $outcome.IsValid -Expected $expected -Actual "it was refused with $($outcome.Reason): $($outcome.Message)" -Because $Because
}
