<#
    .SYNOPSIS
        Validates JWTs: signature, algorithm, lifetime, issuer and audience.
    .DESCRIPTION
        Returns $true or $false for each token, in order. All checks are made by the native library:
        signature and algorithm allow-list, exp and nbf with clock skew, iss, aud and the configured typ.
        A malformed, tampered, expired or foreign token gives $false, not an error.
        Encrypted tokens (nested JWTs from Protect-KrJWTPayload) are decrypted by the library, then their
        inner signed token is validated with the same rules; this needs parameters that decrypt
        (Get-KrJWTValidationParameter of a result whose encryption key can decrypt, or
        New-KrJWTValidationParameter -DecryptionKey ...). Without them, or with the wrong key, the token
        gives $false (reason MalformedToken, "no decryption key"; a wrong key fails authentication).
        Two ways to say what is valid:
        - -ValidationParameter (from Get-KrJWTValidationParameter or New-KrJWTValidationParameter) with
          -Token; tokens may come from the pipeline and are all collected, then validated in one native
          call. -ClockSkew, when given, replaces the parameters' own clock skew for this call (the library
          makes a copy with that skew, kr_jwt_validator_with_clock_skew; the object is not changed).
        - -Result (from Build-KrJWT, may come from the pipeline) with -Token and -ClockSkew, as in Kestrun;
          every token is validated against that result in one native call.
        With -PassThru each token gives an object with Token, IsValid, Reason (the library's status name,
        'Ok' or e.g. 'TokenExpired', 'InvalidSignature'), Message (the library's explanation of a failure)
        and Claims (the validated payload, when valid; for an encrypted token the inner token's).
        With -Verbose each token that fails gets a verbose message with its position, the reason and the
        library's explanation (the token itself is not written).
    .PARAMETER Token
        One or more compact tokens. Accepts pipeline input: strings with -ValidationParameter, and by property
        name the Token of any object (a Build-KrJWT result, Import-Csv records with a Token column), with
        -ValidationParameter or -Result. Any other pipeline object is refused with a non-terminating
        KrJwt.InvalidPipelineInput error (InvalidArgument), never validated as its text.
    .PARAMETER ValidationParameter
        Validation parameters from Get-KrJWTValidationParameter or New-KrJWTValidationParameter. They
        carry their own clock skew.
    .PARAMETER Result
        A result from Build-KrJWT whose issuer, audiences, algorithm and key define what is valid.
        Accepts pipeline input.
    .PARAMETER ClockSkew
        Tolerance applied to exp and nbf (0 to 24 hours). With -Result the default is one minute; with
        -ValidationParameter the default is the parameters' own clock skew.
    .PARAMETER SkipIssuerValidation
        With -Result: accept any issuer, the explicit opt-out for a result built without issuer
        (Get-KrJWTValidationParameter -SkipIssuerValidation).
    .PARAMETER SkipAudienceValidation
        With -Result: accept any audience, the explicit opt-out for a result built without audience.
    .PARAMETER PassThru
        Emit an object per token (Token, IsValid, Reason, Message, Claims) instead of a boolean.
    .OUTPUTS
        System.Boolean
        KrJwt.JwtValidationOutcome
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        $built.Token, 'not.a.token' | Test-KrJWT -ValidationParameter $validation
        # Output:
        # True
        # False

        Prints True, then False.
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT
        $built | Test-KrJWT -Token $built.Token -PassThru | Format-List Token, IsValid, Reason, Claims

        Kestrun's form: the result validates its own token; -PassThru shows why and the claims.
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' | Build-KrJWT
        $validation = $built | Get-KrJWTValidationParameter
        $csv = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath 'krjwt-tokens.csv'
        [pscustomobject]@{ User = 'user1'; Token = $built.Token } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $built | Test-KrJWT -ValidationParameter $validation
        Import-Csv -LiteralPath $csv | Test-KrJWT -ValidationParameter $validation
        @{ Token = $built.Token } | Test-KrJWT -ValidationParameter $validation -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId
        Remove-Item -LiteralPath $csv

        A build result and CSV records give their Token property (True, True); a hashtable has no such
        property and is refused: prints KrJwt.InvalidPipelineInput,Test-KrJWT, not False.
    .EXAMPLE
        $key = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        $expired = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey $key | Limit-KrJWTNotBefore -Seconds -150 | Limit-KrJWTValidity -Seconds 60 | Build-KrJWT
        $validation = New-KrJWTValidationParameter -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey $key
        Test-KrJWT -Token $expired.Token -ValidationParameter $validation -Verbose 4>&1
        Test-KrJWT -Token $expired.Token -ValidationParameter $validation -ClockSkew ([TimeSpan]::FromMinutes(5))

        Expired 90 seconds ago: False with the default one-minute skew (the verbose message says why),
        True with five minutes of skew for this call.
    .EXAMPLE
        $built = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Add-KrJWTSubject -Subject 'user42' | Protect-KrJWT -HexadecimalKey ('ab' * 32) |
            Protect-KrJWTPayload -Key (New-KrJWTKey -Type EC) | Build-KrJWT
        Test-KrJWT -Token $built.Token -Result $built -PassThru | Format-List IsValid, Reason, Claims
        Test-KrJWT -Token $built.Token -ValidationParameter (New-KrJWTValidationParameter -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey ('ab' * 32)) -PassThru | Format-List IsValid, Reason, Message

        An encrypted token (ECDH-ES + A256GCM): its result's parameters decrypt it and validate the inner
        token; parameters without a decryption key give MalformedToken ("no decryption key").
    .LINK
        about_KrJwt
    .LINK
        Get-KrJWTValidationParameter
#>
function Test-KrJWT {
    [CmdletBinding(DefaultParameterSetName = 'ValidationParameter', PositionalBinding = $false)]
    [OutputType([bool], [KrJwt.JwtValidationOutcome])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName, Position = 0, ParameterSetName = 'ValidationParameter')]
        [Parameter(Mandatory, ValueFromPipelineByPropertyName, Position = 0, ParameterSetName = 'Result')]
        [AllowEmptyString()]
        [string[]] $Token,

        [Parameter(Mandatory, ParameterSetName = 'ValidationParameter')]
        [KrJwt.JwtValidationParameters] $ValidationParameter,

        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'Result')]
        [KrJwt.JwtResult] $Result,

        [Parameter()]
        [TimeSpan] $ClockSkew = [KrJwt.KrJwtLibrary]::Defaults.ClockSkew,

        [Parameter(ParameterSetName = 'Result')]
        [switch] $SkipIssuerValidation,

        [Parameter(ParameterSetName = 'Result')]
        [switch] $SkipAudienceValidation,

        [Parameter()]
        [switch] $PassThru
    )

    begin {
        # Bound before any pipeline input arrives: -Token given on the command line.
        $tokenFromPipeline = -not $PSBoundParameters.ContainsKey('Token')
        $pending = [System.Collections.Generic.List[string]]::new()
        $verbose = $VerbosePreference -notin 'SilentlyContinue', 'Ignore'
        # A hashtable so the nested function counts across calls (it only reads this scope's variables).
        $counter = @{ Position = 0 }

        function Write-Outcome {
            param([KrJwt.JwtValidationParameters] $Validator, [string[]] $Tokens)
            $outcomes = $Validator.ValidateMany($Tokens, $PassThru.IsPresent)
            [KrJwt.JwtEventStream]::Flush($PSCmdlet)   # the validator's events, to the information stream
            foreach ($outcome in $outcomes) {
                $counter.Position++
                if ($verbose -and -not $outcome.IsValid) {
                    # The batch gives every outcome's message in the same native call.
                    $detail = $outcome.Message
                    Write-Verbose ('Token {0} is not valid: {1}{2}' -f $counter.Position, $outcome.Reason, $(if ($detail) { " ($detail)" } else { '' }))
                }
                if ($PassThru) {
                    $outcome
                } else {
                    $outcome.IsValid
                }
            }
        }
    }

    process {
        if ($tokenFromPipeline -and $MyInvocation.ExpectingInput -and -not (Test-KrJwtTokenInput -InputObject $_ -Cmdlet $PSCmdlet)) {
            return
        }
        try {
            if ($PSCmdlet.ParameterSetName -eq 'ValidationParameter') {
                $pending.AddRange([string[]] $Token)
            } else {
                $validator = $Result.GetValidationParameters($ClockSkew, -not $SkipIssuerValidation, -not $SkipAudienceValidation, $null)
                try {
                    Write-Outcome -Validator $validator -Tokens $Token
                } finally {
                    $validator.Dispose()
                }
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Result -Cmdlet $PSCmdlet
            throw
        }
    }

    end {
        if ($PSCmdlet.ParameterSetName -ne 'ValidationParameter' -or $pending.Count -eq 0) {
            return
        }
        $skewed = $null
        try {
            $validator = $ValidationParameter
            if ($PSBoundParameters.ContainsKey('ClockSkew')) {
                $skewed = $ValidationParameter.WithClockSkew($ClockSkew)
                $validator = $skewed
            }
            Write-Outcome -Validator $validator -Tokens $pending.ToArray()
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $ValidationParameter -Cmdlet $PSCmdlet
            throw
        } finally {
            if ($null -ne $skewed) {
                $skewed.Dispose()
            }
        }
    }
}
