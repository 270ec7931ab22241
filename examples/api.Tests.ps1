# Testing your own API with Pester and KrJwt: starts examples/bearer-server.ps1 (127.0.0.1, a free port,
# signing with a P-256 key made for this run), checks the tokens it issues with KrJwt's Should operators,
# and proves it refuses every hostile token of Get-KrJWTTestTokenSet with the expected HTTP status.
#
#   Import-Module Pester -MinimumVersion 5.0; Invoke-Pester -Path ./examples/api.Tests.ps1 -Output Detailed
#
# pester/ExampleApi.Tests.ps1 runs this file in the test suite.

BeforeDiscovery {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath '../ps-module/KrJwt/KrJwt.psd1') -Force

    # The API's signing key: a P-256 private key in a PEM file that only this run knows. The hostile tokens
    # are made here (Pester's -ForEach needs them at discovery) with a builder like the API's own.
    $pemPath = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-api-' + [guid]::NewGuid().ToString('n') + '.pem')
    $ecdsa = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
    Set-Content -LiteralPath $pemPath -Value $ecdsa.ExportPkcs8PrivateKeyPem() -NoNewline
    $ecdsa.Dispose()
    $env:KRJWT_API_TEST_PEMPATH = $pemPath

    $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'KrJwtDemoIssuer' | Add-KrJWTAudience -Audience 'KrJwtDemoAudience' |
        Protect-KrJWT -PemPath $pemPath
    $hostileTokens = Get-KrJWTTestTokenSet -Builder $builder
}

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath '../ps-module/KrJwt/KrJwt.psd1') -Force

    $script:PemPath = $env:KRJWT_API_TEST_PEMPATH
    $script:Builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'KrJwtDemoIssuer' | Add-KrJWTAudience -Audience 'KrJwtDemoAudience' |
        Protect-KrJWT -PemPath $script:PemPath
    $script:Validation = $script:Builder | Build-KrJWT | Get-KrJWTValidationParameter
    $script:KeyId = $script:Builder.KeyId

    # Start the server in its own pwsh process and wait (bounded) for its 'LISTENING <url>' line.
    $pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $script:Output = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('krjwt-api-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $script:Output
    $env:KRJWT_DEMO_PEMPATH = $script:PemPath
    try {
        $script:Server = Start-Process -FilePath $pwsh -PassThru `
            -RedirectStandardOutput (Join-Path -Path $script:Output -ChildPath 'stdout.txt') `
            -RedirectStandardError (Join-Path -Path $script:Output -ChildPath 'stderr.txt') `
            -ArgumentList @('-NoProfile', '-NonInteractive', '-File', (Join-Path -Path $PSScriptRoot -ChildPath 'bearer-server.ps1'), '-MaxSeconds', '300', '-Workers', '2')
    } finally {
        Remove-Item -Path Env:KRJWT_DEMO_PEMPATH -ErrorAction SilentlyContinue
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $script:Url = $null
    while (-not $script:Url -and [DateTime]::UtcNow -lt $deadline -and -not $script:Server.HasExited) {
        Start-Sleep -Milliseconds 200
        $first = Get-Content -LiteralPath (Join-Path -Path $script:Output -ChildPath 'stdout.txt') -TotalCount 1 -ErrorAction SilentlyContinue
        if ($first -match '^LISTENING (http://127\.0\.0\.1:\d+/)$') {
            $script:Url = $Matches[1]
        }
    }
    if (-not $script:Url) {
        throw "The API did not start: $(Get-Content -LiteralPath (Join-Path -Path $script:Output -ChildPath 'stderr.txt') -Raw -ErrorAction SilentlyContinue)"
    }

    function Invoke-Api {
        <# GET with a bearer token; never throws for an HTTP status; 10 s timeout. #>
        param([string] $Path, [string] $Token)
        $response = Invoke-WebRequest -Uri ($script:Url + $Path) -Headers @{ Authorization = "Bearer $Token" } -TimeoutSec 10 -SkipHttpErrorCheck
        [pscustomobject]@{ StatusCode = [int] $response.StatusCode; Body = [string] $response.Content; Challenge = [string] ($response.Headers['WWW-Authenticate'] | Select-Object -First 1) }
    }

    $basic = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('admin:password'))
    $script:Issued = (Invoke-RestMethod -Uri ($script:Url + 'token/new') -Headers @{ Authorization = "Basic $basic" } -TimeoutSec 10).access_token
}

AfterAll {
    if ($script:Server -and -not $script:Server.HasExited) {
        $null = Invoke-WebRequest -Uri ($script:Url + 'shutdown') -TimeoutSec 10 -SkipHttpErrorCheck -ErrorAction SilentlyContinue
        if (-not $script:Server.WaitForExit(20000)) {
            $script:Server.Kill()
        }
    }
    Remove-Item -LiteralPath $script:Output -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:PemPath -Force -ErrorAction SilentlyContinue
    Remove-Item -Path Env:KRJWT_API_TEST_PEMPATH -ErrorAction SilentlyContinue
}

Describe 'The tokens the API issues' {
    It 'are valid, signed with ES256 and the API key id, for the admin' {
        $script:Issued | Should -BeValidKrJWT -ValidationParameter $script:Validation
        $script:Issued | Should -BeKrJWTSignedWith -Algorithm ES256 -KeyId $script:KeyId
        $script:Issued | Should -HaveKrJWTClaim -Name sub -Value admin
        $script:Issued | Should -HaveKrJWTClaim -Name role -Value admin
        $script:Issued | Should -Not -HaveKrJWTClaim -Name password
    }

    It 'open the secure routes' {
        (Invoke-Api -Path 'secure/hello' -Token $script:Issued).Body | Should -BeExactly 'JWT Hello admin'
        (Invoke-Api -Path 'secure/policy' -Token $script:Issued).StatusCode | Should -Be 200
    }
}

Describe 'The API refuses hostile tokens' {
    # Each item is a KrJwt.JwtTestToken: $_ in the test, <_.Defect> in its name.
    It 'refuses <_.Defect> with HTTP <_.ExpectedHttpStatus> and the reason <_.ExpectedReason>' -ForEach $hostileTokens {
        $_ | Should -Not -BeValidKrJWT -ValidationParameter $script:Validation
        (Test-KrJWT -Token $_.Token -ValidationParameter $script:Validation -PassThru).Reason | Should -Be $_.ExpectedReason
        $answer = Invoke-Api -Path 'secure/hello' -Token $_.Token
        $answer.StatusCode | Should -Be $_.ExpectedHttpStatus
        if ($_.Defect -eq 'Oversized') {
            # HttpListener refuses a request header this large itself (400, no challenge) before the API sees
            # it; the library refuses the token too (TokenTooLarge, checked above).
            return
        }
        # The challenge is the library's (RFC 6750): it refused the token, not the HTTP stack.
        $answer.Challenge | Should -BeLike 'Bearer error="invalid_token", error_description=*'
        $answer.Body | Should -BeExactly "$($_.ExpectedHttpStatus) $($_.ExpectedReason)"
    }

    It 'gets one token per defect: <Count>' -ForEach @(@{ Count = @($hostileTokens).Count }) {
        $Count | Should -Be 14
    }
}
