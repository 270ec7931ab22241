<#
    .SYNOPSIS
        KrJwt quickstart: issue a token, look inside it, validate it.
    .DESCRIPTION
        Run after 'pwsh ./build.ps1 Build' (or simply 'pwsh ./build.ps1', which builds and runs this).
        Follows the flow of Kestrun's JWT guide: builder -> issuer/audience -> key -> lifetime -> subject
        and claims -> build -> token -> validation parameters -> validate.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath '../ps-module/KrJwt/KrJwt.psd1') -Force

# A fresh 256-bit secret for this run. In real use, load it from a secret store.
$hexKey = [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))

$builder = New-KrJWTBuilder |
    Add-KrJWTIssuer -Issuer 'DemoIssuer' |
    Add-KrJWTAudience -Audience 'DemoAudience' |
    Protect-KrJWT -HexadecimalKey $hexKey -Algorithm HS256 |
    Limit-KrJWTValidity -Minutes 30

$built = Copy-KrJWTTokenBuilder -Builder $builder |
    Add-KrJWTSubject -Subject 'user1' |
    Add-KrJWTClaim -UserClaimType Name -Value 'user1' |
    Add-KrJWTClaim -UserClaimType Role -Value 'admin' |
    Build-KrJWT
$token = $built | Get-KrJWTToken

Write-Host "KrJwt native library $([KrJwt.KrJwtLibrary]::Version)"
Write-Host ''
Write-Host 'Token:'
Write-Host $token
Write-Host ''

# Decoding does not validate; it only shows what the token says.
$info = Get-KrJWTInfo -Token $token
Write-Host 'Header (decoded, not validated):'
Write-Host (ConvertTo-Json -InputObject $info.Header -Depth 10)
Write-Host 'Payload (decoded, not validated):'
Write-Host (ConvertTo-Json -InputObject $info.Payload -Depth 10)
Write-Host ("Expires (UTC): {0:u}" -f $info.Expires)
Write-Host ''

$validation = $built | Get-KrJWTValidationParameter
$tampered = $token.Substring(0, $token.Length - 2) + $(if ($token.EndsWith('AA')) { 'BB' } else { 'AA' })
Write-Host 'Validation:'
Test-KrJWT -Token $token, $tampered -ValidationParameter $validation -PassThru |
    ForEach-Object {
        $label = if ($_.Token -eq $token) { 'issued token' } else { 'tampered token' }
        Write-Host ('  {0,-15} IsValid={1,-5} Reason={2}' -f $label, $_.IsValid, $_.Reason)
    }
