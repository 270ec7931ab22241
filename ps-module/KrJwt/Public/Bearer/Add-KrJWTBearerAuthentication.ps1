<#
    .SYNOPSIS
        Registers a named JWT bearer authentication scheme in the module.
    .DESCRIPTION
        Adds a bearer scheme (RFC 6750, token read from 'Authorization: Bearer <token>') to the module's
        registry, where Invoke-KrJWTBearerAuthentication finds it by name. The registry lives in the module,
        so each runspace that imports KrJwt has its own; the scheme object itself (and its validation
        parameters) is immutable and may be shared between runspaces and threads.

        What a valid token is comes from one of two parameter sets:
        - -ValidationParameter: validation parameters made earlier, e.g. by Get-KrJWTValidationParameter
          (the guide's form: Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation).
          The object is shared, not copied.
        - items (default): -ValidIssuer(s), -ValidAudience(s) (or -SkipIssuerValidation /
          -SkipAudienceValidation), -ValidAlgorithms, -ClockSkew, -MaxTokenAge and the keys
          (-HexadecimalKey, -Base64Url, -JwkJson, -Jwks, -Pem, -IssuerSigningKey; at least one), passed to
          New-KrJWTValidationParameter. The native library builds the validator now and refuses a
          configuration that cannot work (no key, an allowed algorithm no key can verify, a malformed key).
        - -Authority: the keys of an OpenID Connect provider, found by discovery and kept fresh by the library
          (New-KrJWTValidationParameter -Authority; its issuer is the valid issuer), with -ValidAudience(s),
          -ValidAlgorithms, -ClockSkew and -AllowInsecureHttp (for a local http:// test provider only).
          Get-KrJWTKeySource -ValidationParameter (Get-KrJWTBearerAuthentication -Name ...).ValidationParameters
          shows its fetches.

        -ClaimPolicy adds named claim policies, checked with Invoke-KrJWTBearerAuthentication -Policy: the
        principal needs a claim of ClaimType (case-insensitive; short name such as 'role' or the long URI)
        whose value is one of AllowedValues (exact); no AllowedValues means the claim's presence suffices.
        Validation, claim mapping and policy evaluation are done by the native library.

        Registering a name that is already registered (names are case-insensitive) fails with
        KrJwt.SchemeExists (ResourceExists) and leaves the registered scheme as it was; -Force replaces it
        (so a script that registers its schemes can be run again). Supports -WhatIf and -Confirm: with
        -WhatIf the validator is still built (so a configuration that cannot work is reported) but the
        registry is not changed.
    .PARAMETER Name
        The scheme name, e.g. 'Bearer'. Alias: -AuthenticationScheme.
    .PARAMETER DisplayName
        A human-readable name. Default 'JWT Bearer Authentication'.
    .PARAMETER ValidationParameter
        Validation parameters (KrJwt.JwtValidationParameters), e.g. from Get-KrJWTValidationParameter.
    .PARAMETER Authority
        An OpenID Connect issuer whose keys validate the tokens (discovery, then its jwks_uri).
    .PARAMETER AllowInsecureHttp
        With -Authority: allow an http:// authority (a local test provider only).
    .PARAMETER ValidIssuer
        An accepted issuer (iss). Combined with -ValidIssuers. Needed unless -SkipIssuerValidation.
    .PARAMETER ValidIssuers
        Accepted issuers (iss).
    .PARAMETER ValidAudience
        An accepted audience (aud). Combined with -ValidAudiences. Needed unless -SkipAudienceValidation.
    .PARAMETER SkipIssuerValidation
        Accept any issuer: the explicit opt-out (New-KrJWTValidationParameter -SkipIssuerValidation).
    .PARAMETER SkipAudienceValidation
        Accept any audience: the explicit opt-out (New-KrJWTValidationParameter -SkipAudienceValidation).
    .PARAMETER MaxTokenAge
        The oldest a token may be, by its 'iat' (then required). Default: no limit.
    .PARAMETER ValidAudiences
        Accepted audiences (aud).
    .PARAMETER ValidAlgorithms
        The algorithm allow-list, e.g. HS256, RS256. Default: the algorithms the keys can verify.
    .PARAMETER HexadecimalKey
        HMAC secrets as hexadecimal text.
    .PARAMETER Base64Url
        HMAC secrets as base64url text.
    .PARAMETER JwkJson
        Keys as JWK JSON text (oct, RSA, EC or OKP; public keys are enough for asymmetric algorithms).
    .PARAMETER Jwks
        A JWK Set document (JSON text with a 'keys' array); all its keys are added.
    .PARAMETER Pem
        Keys as PEM text (SPKI public key, X.509 certificate, PKCS#1, PKCS#8 or SEC1).
    .PARAMETER IssuerSigningKey
        Keys already imported (KrJwt.JwtKey). Aliases: -SigningKey, -Key (the names New-KrJWTValidationParameter
        uses).
    .PARAMETER ClockSkew
        Tolerance applied to exp and nbf, e.g. [TimeSpan]::FromSeconds(30). Default one minute.
    .PARAMETER ClaimPolicy
        A hashtable of policy name -> @{ ClaimType = 'role'; AllowedValues = @('admin') }. A value may
        also be a KrJwt.JwtClaimPolicy (its claim type and values are used under the hashtable's name).
    .PARAMETER Force
        Replace a scheme already registered under the same name instead of failing with KrJwt.SchemeExists.
    .PARAMETER LogPath
        A JSON Lines file every validation event of the scheme is appended to (see New-KrJWTValidationParameter
        -LogPath: refused tokens, signals, and accepted tokens with -LogSuccess; never a token). With
        -ValidationParameter, replaces the events those parameters had; without any event parameter, given
        parameters keep theirs.
    .PARAMETER LogSuccess
        Events for accepted tokens too.
    .PARAMETER LogSubject
        Events carry the token's 'sub' (personal data: off by default).
    .PARAMETER ReplayDetection
        Raise a 'replay' signal when an accepted token's 'jti' is presented again before its 'exp'.
    .PARAMETER SignalThreshold
        Signal thresholds by name, e.g. @{ invalid_signature = 5; unknown_kid = 3 } (see
        New-KrJWTValidationParameter -SignalThreshold).
    .PARAMETER PassThru
        Emit the registered scheme (KrJwt.JwtBearerScheme).
    .PARAMETER WhatIf
        Show what would be registered or replaced without changing the registry.
    .PARAMETER Confirm
        Ask before registering or replacing the scheme.
    .OUTPUTS
        None, or KrJwt.JwtBearerScheme with -PassThru.
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' |
            Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -Algorithm HS256 | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        Add-KrJWTBearerAuthentication -Name 'Bearer' -ValidationParameter $validation
        Get-KrJWTBearerAuthentication -Name 'Bearer'

        The guide's form: registers 'Bearer' with the validation parameters of a built token and shows it.
    .EXAMPLE
        $policies = @{ AdminOnly = @{ ClaimType = 'role'; AllowedValues = @('admin') } }
        Add-KrJWTBearerAuthentication -AuthenticationScheme 'Api' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' `
            -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -ValidAlgorithms 'HS256' `
            -ClockSkew ([TimeSpan]::FromSeconds(30)) -ClaimPolicy $policies -PassThru | Format-List Name, PolicyNames, ValidationParameters

        Registers 'Api' from items with an 'AdminOnly' policy (role must be admin) and shows it.
    .EXAMPLE
        Add-KrJWTBearerAuthentication -Name 'Rotating' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        try { Add-KrJWTBearerAuthentication -Name 'Rotating' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff' } catch { $_.FullyQualifiedErrorId }
        Add-KrJWTBearerAuthentication -Name 'Rotating' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff' -Force -WhatIf
        Add-KrJWTBearerAuthentication -Name 'Rotating' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff' -Force -DisplayName 'new key' -PassThru | ForEach-Object DisplayName
        # Output:
        # KrJwt.SchemeExists,Add-KrJWTBearerAuthentication
        # new key

        A name already registered is refused; -WhatIf only tells (on the host: What if: Performing the operation
        "Replace bearer authentication scheme" on target "Rotating"); -Force replaces it.
    .EXAMPLE
        Add-KrJWTBearerAuthentication -Name 'Idp' -Authority 'https://login.example.com' -ValidAudience 'api://orders'
        (Get-KrJWTBearerAuthentication -Name 'Idp').ValidationParameters | Get-KrJWTKeySource | ForEach-Object MetadataAddress
        # Output: https://login.example.com/.well-known/openid-configuration

        A scheme for the access tokens of an OpenID Connect provider; its keys are fetched on the first request.
    .LINK
        about_KrJwt
    .LINK
        Invoke-KrJWTBearerAuthentication
    .LINK
        Get-KrJWTBearerAuthentication
    .LINK
        Remove-KrJWTBearerAuthentication
    .LINK
        New-KrJWTValidationParameter
#>
function Add-KrJWTBearerAuthentication {
    [CmdletBinding(DefaultParameterSetName = 'Items', PositionalBinding = $false, SupportsShouldProcess, ConfirmImpact = 'Low')]
    [OutputType([KrJwt.JwtBearerScheme])]
    param(
        [Parameter(Mandatory, Position = 0)]
        [Alias('AuthenticationScheme')]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter()]
        [string] $DisplayName = 'JWT Bearer Authentication',

        [Parameter(Mandatory, ParameterSetName = 'ValidationParameter')]
        [KrJwt.JwtValidationParameters] $ValidationParameter,

        [Parameter(ParameterSetName = 'Items')]
        [string] $ValidIssuer,

        [Parameter(ParameterSetName = 'Items')]
        [string[]] $ValidIssuers,

        [Parameter(Mandatory, ParameterSetName = 'Authority')]
        [uri] $Authority,

        [Parameter(ParameterSetName = 'Authority')]
        [switch] $AllowInsecureHttp,

        [Parameter(ParameterSetName = 'Items')] [Parameter(ParameterSetName = 'Authority')]
        [string] $ValidAudience,

        [Parameter(ParameterSetName = 'Items')] [Parameter(ParameterSetName = 'Authority')]
        [string[]] $ValidAudiences,

        [Parameter(ParameterSetName = 'Items')] [Parameter(ParameterSetName = 'Authority')]
        [ValidateSet([KrJwt.SigningAlgorithmValues])]
        [string[]] $ValidAlgorithms,

        [Parameter(ParameterSetName = 'Items')]
        [string[]] $HexadecimalKey,

        [Parameter(ParameterSetName = 'Items')]
        [string[]] $Base64Url,

        [Parameter(ParameterSetName = 'Items')]
        [string[]] $JwkJson,

        [Parameter(ParameterSetName = 'Items')]
        [string] $Jwks,

        [Parameter(ParameterSetName = 'Items')]
        [string[]] $Pem,

        [Parameter(ParameterSetName = 'Items')]
        [Alias('SigningKey', 'Key')]
        [KrJwt.JwtKey[]] $IssuerSigningKey,

        [Parameter(ParameterSetName = 'Items')] [Parameter(ParameterSetName = 'Authority')]
        [TimeSpan] $ClockSkew,

        [Parameter(ParameterSetName = 'Items')]
        [switch] $SkipIssuerValidation,

        [Parameter(ParameterSetName = 'Items')]
        [switch] $SkipAudienceValidation,

        [Parameter(ParameterSetName = 'Items')]
        [TimeSpan] $MaxTokenAge,

        [Parameter()]
        [System.Collections.IDictionary] $ClaimPolicy,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string] $LogPath,

        [Parameter()]
        [switch] $LogSuccess,

        [Parameter()]
        [switch] $LogSubject,

        [Parameter()]
        [switch] $ReplayDetection,

        [Parameter()]
        [System.Collections.IDictionary] $SignalThreshold,

        [Parameter()]
        [switch] $Force,

        [Parameter()]
        [switch] $PassThru
    )

    $registry = Get-KrJwtBearerRegistry
    $existing = $null
    if ($registry.TryGetValue($Name, [ref] $existing) -and -not $Force) {
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new("A bearer scheme named '$($existing.Name)' is already registered; use -Force to replace it, or Remove-KrJWTBearerAuthentication first."),
                'KrJwt.SchemeExists', [System.Management.Automation.ErrorCategory]::ResourceExists, $Name))
    }

    try {
        $policies = [System.Collections.Generic.List[KrJwt.JwtClaimPolicy]]::new()
        if ($ClaimPolicy) {
            foreach ($entry in $ClaimPolicy.GetEnumerator()) {
                $policyName = [string] $entry.Key
                $value = $entry.Value
                if ($value -is [KrJwt.JwtClaimPolicy]) {
                    $claimType = $value.ClaimType
                    $allowed = $value.AllowedValues
                } elseif ($value -is [System.Collections.IDictionary]) {
                    $claimType = [string] $value['ClaimType']
                    $allowed = @($value['AllowedValues'] | Where-Object { $null -ne $_ } | ForEach-Object { [string] $_ })
                } else {
                    $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                            [System.ArgumentException]::new("Claim policy '$policyName' must be a hashtable @{ ClaimType = ...; AllowedValues = @(...) } or a KrJwt.JwtClaimPolicy."),
                            'KrJwt.InvalidClaimPolicy', [System.Management.Automation.ErrorCategory]::InvalidArgument, $value))
                }
                $policies.Add([KrJwt.JwtClaimPolicy]::new($policyName, $claimType, [string[]] $allowed))
            }
        }

        $validator = $ValidationParameter
        if ($PSCmdlet.ParameterSetName -ne 'ValidationParameter') {
            # One implementation of "items -> validator": New-KrJWTValidationParameter (the library builds it).
            $items = @{}
            foreach ($item in 'ValidIssuer', 'ValidIssuers', 'ValidAudience', 'ValidAudiences', 'ValidAlgorithms',
                'HexadecimalKey', 'Base64Url', 'JwkJson', 'Jwks', 'Pem', 'ClockSkew',
                'SkipIssuerValidation', 'SkipAudienceValidation', 'MaxTokenAge', 'Authority', 'AllowInsecureHttp',
                'LogPath', 'LogSuccess', 'LogSubject', 'ReplayDetection', 'SignalThreshold') {
                if ($PSBoundParameters.ContainsKey($item)) {
                    $items[$item] = $PSBoundParameters[$item]
                }
            }
            if ($PSBoundParameters.ContainsKey('IssuerSigningKey')) {
                $items['SigningKey'] = $IssuerSigningKey
            }
            $validator = New-KrJWTValidationParameter @items -EventName $Name
        } elseif (-not $validator.EventsEnabled -or ($script:KrJwtEventParameters | Where-Object { $PSBoundParameters.ContainsKey($_) })) {
            # Given validation parameters keep their events unless event parameters are given here.
            $validator.EnableEvents((ConvertTo-KrJwtEventOption -BoundParameters $PSBoundParameters -Name $Name))
        }

        $scheme = [KrJwt.JwtBearerScheme]::new($Name, $validator, $DisplayName, $policies)
    } catch {
        Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Name -Cmdlet $PSCmdlet
        throw
    }

    $action = if ($null -ne $existing) { 'Replace bearer authentication scheme' } else { 'Register bearer authentication scheme' }
    if (-not $PSCmdlet.ShouldProcess($Name, $action)) {
        return
    }
    if ($registry.Remove($Name)) {
        Write-Verbose "Bearer scheme '$Name' replaces the one registered before."
    }
    $registry[$Name] = $scheme
    if ($PassThru) {
        $scheme
    }
}
