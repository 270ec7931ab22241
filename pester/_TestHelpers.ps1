# Shared by every *.Tests.ps1: dot-source it in BeforeAll.
# Decoding helpers below exist for the TESTS only (to check what the library wrote); the module itself
# never parses tokens in PowerShell.

$script:RepoRoot = Split-Path -Path $PSScriptRoot -Parent
$script:ModuleManifest = Join-Path -Path $script:RepoRoot -ChildPath 'ps-module/KrJwt/KrJwt.psd1'
Import-Module -Name $script:ModuleManifest -Force -ErrorAction Stop

function New-TestHexKey {
    <# A random HMAC secret as lowercase hex text ($Bytes bytes). #>
    param(
        [int] $Bytes = 32
    )
    [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes($Bytes)).ToLowerInvariant()
}

function ConvertFrom-TestBase64Url {
    <# base64url text (no padding) to bytes. #>
    param(
        [Parameter(Mandatory)] [string] $Text
    )
    $base64 = $Text.Replace('-', '+').Replace('_', '/')
    switch ($base64.Length % 4) {
        2 { $base64 += '==' }
        3 { $base64 += '=' }
    }
    [Convert]::FromBase64String($base64)
}

function ConvertTo-TestBase64Url {
    <# bytes or UTF-8 text to base64url text without padding. #>
    param(
        [Parameter(Mandatory)] [object] $Data
    )
    $bytes = if ($Data -is [string]) { [System.Text.Encoding]::UTF8.GetBytes($Data) } else { [byte[]] $Data }
    [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

function Get-TestTokenPart {
    <# Decodes the header or payload segment of a compact JWS to a PSCustomObject (plus its raw JSON). #>
    param(
        [Parameter(Mandatory)] [string] $Token,
        [Parameter(Mandatory)] [ValidateSet('Header', 'Payload')] [string] $Part,
        [switch] $Raw
    )
    $segments = $Token.Split('.')
    if ($segments.Count -ne 3) {
        throw "Expected a compact JWS with 3 segments, got $($segments.Count)."
    }
    $index = if ($Part -eq 'Header') { 0 } else { 1 }
    $json = [System.Text.Encoding]::UTF8.GetString((ConvertFrom-TestBase64Url -Text $segments[$index]))
    if ($Raw) {
        return $json
    }
    $json | ConvertFrom-Json -NoEnumerate
}

function Get-TestHmacSignature {
    <# The HMAC signature of header.payload computed independently with .NET, as base64url. #>
    param(
        [Parameter(Mandatory)] [string] $Token,
        [Parameter(Mandatory)] [byte[]] $Key,
        [Parameter(Mandatory)] [ValidateSet('HS256', 'HS384', 'HS512')] [string] $Algorithm
    )
    $segments = $Token.Split('.')
    $signingInput = [System.Text.Encoding]::ASCII.GetBytes($segments[0] + '.' + $segments[1])
    $mac = switch ($Algorithm) {
        'HS256' { [System.Security.Cryptography.HMACSHA256]::HashData($Key, $signingInput) }
        'HS384' { [System.Security.Cryptography.HMACSHA384]::HashData($Key, $signingInput) }
        'HS512' { [System.Security.Cryptography.HMACSHA512]::HashData($Key, $signingInput) }
    }
    ConvertTo-TestBase64Url -Data $mac
}

function New-TestBuilder {
    <# A protected builder with issuer and audience, as most tests need. #>
    param(
        [string] $HexKey = (New-TestHexKey),
        [string] $Issuer = 'TestIssuer',
        [string[]] $Audience = @('TestAudience'),
        [string] $Algorithm = 'HS256'
    )
    New-KrJWTBuilder |
        Add-KrJWTIssuer -Issuer $Issuer |
        Add-KrJWTAudience -Audience $Audience |
        Protect-KrJWT -HexadecimalKey $HexKey -Algorithm $Algorithm
}
