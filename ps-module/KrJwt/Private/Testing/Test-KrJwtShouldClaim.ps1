function Test-KrJwtShouldClaim {
    <#
    .SYNOPSIS
        The Pester operator Should -HaveKrJWTClaim -Name <claim> [-Value <value>].
    .DESCRIPTION
        Reads the payload WITHOUT validating the token (Get-KrJWTInfo; use -BeValidKrJWT for trust). With
        -Name alone the claim must be present; with -Value it must equal the value, or be an array that
        contains it (a role claim of several roles). Values compare as JSON text (ConvertTo-Json -Compress),
        so 'admin', 42 and $true compare as the token writes them. A token that does not decode fails with
        the library's reason whatever -Not says.
    .PARAMETER ActualValue
        The token, or an object with a Token property.
    .PARAMETER Name
        The claim name as it is in the token (role, sub, unique_name, ...).
    .PARAMETER Value
        The expected value.
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
        [string] $Name,

        [Parameter()]
        [AllowNull()]
        [object] $Value,

        [Parameter()]
        [switch] $Negate,

        [Parameter()]
        [AllowNull()]
        [string] $Because,

        [Parameter()]
        [AllowNull()]
        [object] $CallerSessionState
    )

    if ([string]::IsNullOrEmpty($Name)) {
        throw (New-KrJwtShouldUsageError -Message 'Should -HaveKrJWTClaim needs -Name, the claim to look for (and -Value for its value).')
    }
    $withValue = $PSBoundParameters.ContainsKey('Value')
    $json = { param($v) ConvertTo-Json -InputObject $v -Compress -Depth 16 }
    $expected = switch ($true) {
        ($withValue -and $Negate) { "the token's claim '$Name' not to be $(& $json $Value)"; break }
        $withValue { "the token's claim '$Name' to be $(& $json $Value)"; break }
        $Negate { "the token not to have the claim '$Name'"; break }
        default { "the token to have the claim '$Name'" }
    }
    $resolved = Resolve-KrJwtShouldToken -ActualValue $ActualValue -Expected $expected -Because $Because -Decode
    if ($null -ne $resolved.Failure) {
        return $resolved.Failure
    }
    $payload = $resolved.Info.Payload
    if ($null -eq $payload) {
        return Format-KrJwtShouldResult -Succeeded $false -Expected $expected -Actual 'the token is encrypted (its claims cannot be read without the key)' -Because $Because
    }
    $present = $payload.Contains($Name)
    if (-not $withValue) {
        $actual = if ($present) { "it has it: $(& $json $payload[$Name])" } else { "it has none (its claims: $(@($payload.Keys) -join ', '))" }
        return Format-KrJwtShouldResult -Succeeded ($present -xor $Negate.IsPresent) -Expected $expected -Actual $actual -Because $Because
    }
    if (-not $present) {
        # With -Not a missing claim is not that value: the assertion holds.
        return Format-KrJwtShouldResult -Succeeded $Negate.IsPresent -Expected $expected -Actual "it has no such claim (its claims: $(@($payload.Keys) -join ', '))" -Because $Because
    }
    $claim = $payload[$Name]
    $wanted = & $json $Value
    $isMatch = (& $json $claim) -ceq $wanted -or ($claim -is [array] -and @($claim | Where-Object { (& $json $_) -ceq $wanted }).Count -gt 0)
    Format-KrJwtShouldResult -Succeeded ($isMatch -xor $Negate.IsPresent) -Expected $expected -Actual "it is $(& $json $claim)" -Because $Because
}
