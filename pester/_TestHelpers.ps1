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

function New-TestIssuedBuilder {
    <# A builder with the test issuer and audience (those of $TestIds), not yet protected. #>
    New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'TestIssuer' | Add-KrJWTAudience -Audience 'TestAudience'
}

# Splat into New-KrJWTValidationParameter / Add-KrJWTBearerAuthentication: the issuer and audience of
# New-TestBuilder and New-TestIssuedBuilder tokens (issuer and audience are always validated).
$TestIds = @{ ValidIssuer = 'TestIssuer'; ValidAudience = 'TestAudience' }

function Test-TestJwsSignature {
    <#
        Verifies the signature of a compact JWS with .NET's own RSA / ECDsa (an implementation independent
        of the library): RS*, PS* and ES* (incl. ES256K) with the public key as PEM. EdDSA has no .NET API.
    #>
    param(
        [Parameter(Mandatory)] [string] $Token,
        [Parameter(Mandatory)] [string] $PublicKeyPem
    )
    $segments = $Token.Split('.')
    $alg = (Get-TestTokenPart -Token $Token -Part Header).alg
    $data = [System.Text.Encoding]::ASCII.GetBytes($segments[0] + '.' + $segments[1])
    $signature = ConvertFrom-TestBase64Url -Text $segments[2]
    $hash = [System.Security.Cryptography.HashAlgorithmName]::new('SHA' + $alg.Substring(2, 3))
    switch -Regex ($alg) {
        '^(RS|PS)' {
            $rsa = [System.Security.Cryptography.RSA]::Create()
            try {
                $rsa.ImportFromPem($PublicKeyPem)
                $padding = if ($alg.StartsWith('PS')) { [System.Security.Cryptography.RSASignaturePadding]::Pss } else { [System.Security.Cryptography.RSASignaturePadding]::Pkcs1 }
                return $rsa.VerifyData($data, $signature, $hash, $padding)
            } finally {
                $rsa.Dispose()
            }
        }
        '^ES' {
            $ecdsa = [System.Security.Cryptography.ECDsa]::Create()
            try {
                $ecdsa.ImportFromPem($PublicKeyPem)
                # JWS ES* signatures are r || s (IEEE P1363), .NET's default format.
                return $ecdsa.VerifyData($data, $signature, $hash)
            } finally {
                $ecdsa.Dispose()
            }
        }
        default { throw "No .NET verifier for $alg." }
    }
}

function New-TestSelfSignedCertificate {
    <# A self-signed certificate with its private key: RSA 2048 or ECDSA P-256. #>
    param(
        [Parameter(Mandatory)] [ValidateSet('RSA', 'ECDsa')] [string] $KeyType,
        [string] $Subject = 'CN=KrJwt test'
    )
    $notBefore = [DateTimeOffset]::UtcNow.AddMinutes(-5)
    $notAfter = [DateTimeOffset]::UtcNow.AddDays(1)
    if ($KeyType -eq 'RSA') {
        $key = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    } else {
        $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
    }
    $request.CreateSelfSigned($notBefore, $notAfter)
}

function Set-TestTokenPart {
    <# Replaces one segment of a compact token (0 header, 1 payload, 2 signature). #>
    param([string] $Token, [int] $Index, [string] $Segment)
    $segments = $Token.Split('.')
    $segments[$Index] = $Segment
    $segments -join '.'
}

function Get-TestTamperedToken {
    <# The token with one bit of its signature flipped. #>
    param([Parameter(Mandatory)] [string] $Token)
    $signature = [byte[]] (ConvertFrom-TestBase64Url -Text $Token.Split('.')[2])
    $signature[0] = $signature[0] -bxor 0x01
    Set-TestTokenPart -Token $Token -Index 2 -Segment (ConvertTo-TestBase64Url -Data $signature)
}

function Get-TestError {
    <# Runs a script block and returns the ErrorRecord it throws; fails the test when nothing is thrown. #>
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock)
    try {
        & $ScriptBlock | Out-Null
    } catch {
        return $_
    }
    throw 'Expected an error, none was thrown.'
}

function Get-TestReadmeBlock {
    <# The fenced code block README.md marks with '<!-- readme-block: NAME ... -->' on the line before it. #>
    param(
        [Parameter(Mandatory)] [string] $Name
    )
    $lines = Get-Content -LiteralPath (Join-Path -Path $script:RepoRoot -ChildPath 'README.md')
    $marker = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line -match "^<!-- readme-block: $([regex]::Escape($Name))\b" })
    if ($marker -lt 0 -or $marker + 1 -ge $lines.Count -or $lines[$marker + 1] -notmatch '^```') {
        throw "README.md has no code block marked 'readme-block: $Name'."
    }
    $end = [array]::FindIndex($lines, $marker + 2, [Predicate[string]] { param($line) $line -match '^```\s*$' })
    if ($end -lt 0) {
        throw "README.md's block '$Name' is not closed."
    }
    $lines[($marker + 2)..($end - 1)] -join "`n"
}

function Get-TestPwshPath {
    <# The pwsh running these tests, to start fresh sessions with. #>
    $path = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        $path = (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
    }
    $path
}

# examples/bearer-server.ps1 in its own pwsh process (Bearer.Tests.ps1, Events.Tests.ps1).
function Start-TestServer {
    <#
        Starts the example server in its own pwsh process with a test-controlled HMAC key (environment
        variable, never on the command line) and waits (bounded) for its LISTENING line.
    #>
    param(
        [Parameter(Mandatory)] [string] $HexKey,
        [int] $MaxSeconds = 240,
        [int] $Workers = 4,
        [string[]] $ExtraArguments = @()
    )
    $dir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-bearer-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir
    $stdout = Join-Path -Path $dir -ChildPath 'stdout.txt'
    $stderr = Join-Path -Path $dir -ChildPath 'stderr.txt'
    $env:KRJWT_DEMO_HEXKEY = $HexKey
    try {
        $process = Start-Process -FilePath (Get-TestPwshPath) -PassThru -RedirectStandardOutput $stdout -RedirectStandardError $stderr `
            -ArgumentList (@('-NoProfile', '-NonInteractive', '-File', (Join-Path -Path $script:RepoRoot -ChildPath 'examples/bearer-server.ps1'), '-MaxSeconds', $MaxSeconds, '-Workers', $Workers) + $ExtraArguments)
    } finally {
        Remove-Item -Path Env:KRJWT_DEMO_HEXKEY -ErrorAction SilentlyContinue
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        Start-Sleep -Milliseconds 200
        $first = Get-Content -LiteralPath $stdout -TotalCount 1 -ErrorAction SilentlyContinue
        if ($first -match '^LISTENING (http://127\.0\.0\.1:(\d+)/)$') {
            $url = $Matches[1]
            $port = [int] $Matches[2]
        }
    }
    if (-not $url) {
        $errText = Get-Content -LiteralPath $stderr -Raw -ErrorAction SilentlyContinue
        if (-not $process.HasExited) {
            $process.Kill()
        }
        throw "The bearer server did not start: $errText"
    }
    [pscustomobject]@{ Process = $process; Url = $url; Port = $port; StdOut = $stdout; StdErr = $stderr; Directory = $dir }
}

function Stop-TestServer {
    <# Asks the server to stop; kills only this process if it does not exit in time. #>
    param([Parameter(Mandatory)] $Server)
    if (-not $Server.Process.HasExited) {
        try {
            $null = Invoke-WebRequest -Uri ($Server.Url + 'shutdown') -TimeoutSec 10 -SkipHttpErrorCheck
        } catch {
            $null = $_
        }
        if (-not $Server.Process.WaitForExit(20000)) {
            $Server.Process.Kill()
            $null = $Server.Process.WaitForExit(5000)
        }
    }
    Remove-Item -LiteralPath $Server.Directory -Recurse -Force -ErrorAction SilentlyContinue
}
