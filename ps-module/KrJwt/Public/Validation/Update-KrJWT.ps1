<#
    .SYNOPSIS
        Renews a JWT: validates it, then issues a new token with the same subject and claims.
    .DESCRIPTION
        Kestrun renews whatever it is given, forged or expired; here the token is validated first, by the
        native library (kr_jwt_builder_renew), and a token that fails is refused with the validation
        reason as ErrorId: KrJwt.InvalidSignature, KrJwt.NoMatchingKey, KrJwt.AlgorithmNotAllowed
        (SecurityError), KrJwt.TokenExpired, KrJwt.InvalidIssuer, KrJwt.InvalidAudience
        (AuthenticationError), KrJwt.MalformedToken (InvalidArgument), ... The new token keeps the old
        subject and custom claims and takes issuer, audiences, headers and key from -Builder, with fresh
        iat/nbf/exp and a new 'jti'. The builder itself is not changed.

        Encrypted tokens (nested JWTs, Protect-KrJWTPayload) are decrypted and their inner token validated
        the same way, by the library; when the builder encrypts, the renewed token is encrypted again
        (a JWE around the new signed token). The parameters derived from the builder decrypt when its
        encryption key can (a secret or a private key); a builder that encrypts to a public key only
        needs -ValidationParameter with -DecryptionKey (else KrJwt.MalformedToken, "no decryption key").

        -Token: the token to renew. -ValidationParameter says what is valid; when it is omitted it is
        derived from the builder (its issuer, audiences, algorithm and key, one minute of clock skew), by
        building a throw-away token with the builder and taking that result's validation parameters, so
        only tokens this builder could have issued are renewed. An unprotected builder without
        -ValidationParameter fails with KrJwt.NotProtected.

        -FromContext: renews the caller of the current request, read from the variable $Context in the
        caller's scope (as in a Kestrun route script block):
        - when $Context.User is a KrJwt.JwtPrincipal (the Principal of Invoke-KrJWTBearerAuthentication:
          only the library's bearer authentication makes one, from a token it validated), its validated
          claims are re-issued (kr_jwt_builder_reissue) without validating again;
        - when $Context.User is anything else that could carry claims (a pscustomobject or hashtable with
          PayloadJson, a ClaimsPrincipal another handler authenticated) the renewal is refused with
          KrJwt.UntrustedPrincipal (SecurityError): a script could have written it, so it is never signed;
        - when there is no User, or it is an anonymous ClaimsPrincipal (no authenticated identity), the token
          of $Context.Request's Authorization header (Headers['Authorization'] or an Authorization property;
          the part after the scheme) is renewed as with -Token, validation first.
        No $Context fails with KrJwt.NoContext (InvalidOperation); a $Context with neither fails with
        KrJwt.NoToken (InvalidOperation). Kestrun returns '' or nothing in those cases, and re-issues
        whatever principal it is given.

        -GracePeriod lets a token that expired at most that long ago be renewed (only when given; default
        none). -Lifetime sets the new token's lifetime (default: the builder's); zero or negative fails
        with KrJwt.InvalidArgument.
        Output: the new token as a string, as in Kestrun; with -PassThru the result object (KrJwt.JwtResult,
        as from Build-KrJWT).
    .PARAMETER Builder
        The builder whose issuer, audiences, headers and key the new token gets. Accepts pipeline input.
    .PARAMETER Token
        The compact token to renew.
    .PARAMETER FromContext
        Renew the current request's principal (a KrJwt.JwtPrincipal only) or bearer token, read from $Context
        in the caller's scope.
    .PARAMETER ValidationParameter
        What a token must satisfy to be renewed (from Get-KrJWTValidationParameter or
        New-KrJWTValidationParameter). Default: derived from -Builder (its issuer, audiences, algorithm and
        key; a builder without issuer or audience gives KrJwt.MissingValidIssuer / MissingValidAudience:
        pass -SkipIssuerValidation / -SkipAudienceValidation, or parameters that opt out explicitly).
    .PARAMETER SkipIssuerValidation
        Without -ValidationParameter: renew tokens of any issuer (the explicit opt-out for a builder without
        issuer). With -ValidationParameter it is refused (KrJwt.InvalidArgument): those parameters decide.
    .PARAMETER SkipAudienceValidation
        Without -ValidationParameter: renew tokens of any audience (the explicit opt-out for a builder without
        audience). With -ValidationParameter it is refused (KrJwt.InvalidArgument): those parameters decide.
    .PARAMETER Lifetime
        Lifetime of the new token. Default: the builder's lifetime.
    .PARAMETER GracePeriod
        How long after its expiry a token may still be renewed. Default zero.
    .PARAMETER PassThru
        Emit the result object (KrJwt.JwtResult) instead of the token string.
    .OUTPUTS
        System.String
        KrJwt.JwtResult
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        $old = Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject 'user1' | Add-KrJWTClaim -ClaimType 'region' -Value 'eu' | Build-KrJWT
        $renewed = $builder | Update-KrJWT -Token $old.Token -Lifetime ([TimeSpan]::FromMinutes(10)) -PassThru
        $renewed | Format-List Subject, Claims, Expires

        Renews a token issued by the same builder: same subject and claims, ten more minutes.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        $forged = (New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey ('ff' * 32) | Build-KrJWT).Token
        try { $builder | Update-KrJWT -Token $forged } catch { $_.FullyQualifiedErrorId }

        A token signed with another key is not renewed: prints KrJwt.InvalidSignature,Update-KrJWT.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        $token = (Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT).Token
        $Context = [pscustomobject]@{ Request = [pscustomobject]@{ Headers = @{ Authorization = "Bearer $token" } } }
        $builder | Update-KrJWT -FromContext

        Inside a route, $Context is the current request: its bearer token is validated and renewed.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        $built = Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
        Add-KrJWTBearerAuthentication -Name 'RenewDemo' -ValidationParameter ($built | Get-KrJWTValidationParameter)
        $answer = Invoke-KrJWTBearerAuthentication -Name 'RenewDemo' -Authorization "Bearer $($built.Token)"
        $Context = [pscustomobject]@{ User = $answer.Principal }
        ($builder | Update-KrJWT -FromContext -PassThru).Subject
        $Context = [pscustomobject]@{ User = [pscustomobject]@{ PayloadJson = '{"sub":"admin","role":"superuser"}' } }
        try { $builder | Update-KrJWT -FromContext } catch { $_.FullyQualifiedErrorId }

        The principal bearer authentication made is re-issued (prints user1); a principal written in script
        is refused: prints KrJwt.UntrustedPrincipal,Update-KrJWT.
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' | Protect-KrJWT -HexadecimalKey ('ab' * 32) |
            Protect-KrJWTPayload -HexadecimalKey ('cd' * 32)
        $old = Copy-KrJWTTokenBuilder -Builder $builder | Add-KrJWTSubject -Subject 'user1' | Build-KrJWT
        $renewed = $builder | Update-KrJWT -Token $old.Token -PassThru
        $renewed | Format-List Encrypted, Subject, OuterHeader

        Renews an encrypted token: it is decrypted and validated, and the new one is encrypted again.
    .LINK
        about_KrJwt
    .LINK
        Build-KrJWT
    .LINK
        Get-KrJWTValidationParameter
#>
function Update-KrJWT {
    [CmdletBinding(DefaultParameterSetName = 'Token', PositionalBinding = $false)]
    [OutputType([string], [KrJwt.JwtResult])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [KrJwt.JwtBuilder] $Builder,

        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Token')]
        [AllowEmptyString()]
        [string] $Token,

        [Parameter(Mandatory, ParameterSetName = 'FromContext')]
        [switch] $FromContext,

        [Parameter()]
        [KrJwt.JwtValidationParameters] $ValidationParameter,

        [Parameter()]
        [switch] $SkipIssuerValidation,

        [Parameter()]
        [switch] $SkipAudienceValidation,

        [Parameter()]
        [TimeSpan] $Lifetime,

        [Parameter()]
        [TimeSpan] $GracePeriod = [TimeSpan]::Zero,

        [Parameter()]
        [switch] $PassThru
    )

    process {
        $derived = $null
        $result = $null
        try {
            $lifetimeValue = if ($PSBoundParameters.ContainsKey('Lifetime')) { [Nullable[TimeSpan]] $Lifetime } else { [Nullable[TimeSpan]] $null }
            $tokenToRenew = $Token
            $validatedPrincipal = $null
            if ($PSCmdlet.ParameterSetName -eq 'FromContext') {
                $requestContext = $PSCmdlet.SessionState.PSVariable.GetValue('Context')
                if ($null -eq $requestContext) {
                    $exception = [System.InvalidOperationException]::new('Update-KrJWT -FromContext needs $Context (the current request, as in a route script block); none is in scope. Use -Token outside a request.')
                    $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                            $exception, 'KrJwt.NoContext', [System.Management.Automation.ErrorCategory]::InvalidOperation, $null))
                }
                $user = $requestContext.User
                if ($user -is [KrJwt.JwtPrincipal]) {
                    # Only the library's bearer authentication makes a JwtPrincipal (sealed, no public
                    # constructor); the interop reads its validated payload from the object itself.
                    $validatedPrincipal = [KrJwt.JwtPrincipal] $user.PSObject.BaseObject
                } elseif ($null -ne $user -and -not ($user -is [System.Security.Claims.ClaimsPrincipal] -and -not @($user.Identities | Where-Object { $_.IsAuthenticated }))) {
                    # Anything else claiming to be a principal (a pscustomobject or hashtable with PayloadJson,
                    # a ClaimsPrincipal another handler made) may have been written by a script: never signed.
                    # Only an anonymous ClaimsPrincipal (nobody authenticated) falls through to the header.
                    $exception = [System.Security.SecurityException]::new(('Update-KrJWT -FromContext refuses $Context.User: it is a {0}, not a principal KrJwt validated (a KrJwt.JwtPrincipal from Invoke-KrJWTBearerAuthentication), so its claims are not re-issued. Put the Principal of Invoke-KrJWTBearerAuthentication in $Context.User, or leave User empty so that the bearer token of $Context.Request is validated and renewed.' -f $user.GetType().FullName))
                    $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                            $exception, 'KrJwt.UntrustedPrincipal', [System.Management.Automation.ErrorCategory]::SecurityError, $null))
                } else {
                    $authorization = $null
                    $request = $requestContext.Request
                    if ($null -ne $request) {
                        $headers = $request.Headers
                        if ($null -ne $headers) {
                            $authorization = $headers['Authorization']
                        }
                        if ([string]::IsNullOrEmpty($authorization) -and $null -ne $request.PSObject.Properties['Authorization']) {
                            $authorization = $request.Authorization
                        }
                    }
                    $authorization = [string] (@($authorization) | Select-Object -First 1)
                    if ([string]::IsNullOrWhiteSpace($authorization)) {
                        $exception = [System.InvalidOperationException]::new('$Context has no principal KrJwt validated (User) and its request no Authorization header; there is nothing to renew.')
                        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                                $exception, 'KrJwt.NoToken', [System.Management.Automation.ErrorCategory]::InvalidOperation, $null))
                    }
                    # The library's RFC 6750 parser reads the token; a header without one is MalformedToken.
                    $tokenToRenew = [KrJwt.KrJwtLibrary]::RenewalToken($authorization)
                }
            }

            if ($null -ne $validatedPrincipal) {
                $result = $Builder.Reissue($validatedPrincipal, $lifetimeValue)
            } else {
                $validator = $ValidationParameter
                if ($null -ne $validator -and ($SkipIssuerValidation -or $SkipAudienceValidation)) {
                    throw [KrJwt.KrJwtException]::FromStatus([KrJwt.KrJwtStatus]::InvalidArgument,
                        'Update-KrJWT: -SkipIssuerValidation and -SkipAudienceValidation apply only to the parameters derived from -Builder; -ValidationParameter already says what is validated.')
                }
                if ($null -eq $validator) {
                    # Build-KrJWT does not change the builder; the throw-away result only lends its
                    # issuer, audiences, algorithm and key to the validator.
                    $probe = $Builder.Build()
                    try {
                        $derived = $probe.GetValidationParameters([KrJwt.KrJwtLibrary]::Defaults.ClockSkew, -not $SkipIssuerValidation, -not $SkipAudienceValidation, $null)
                    } finally {
                        $probe.Dispose()
                    }
                    $validator = $derived
                }
                $result = $Builder.Renew($validator, $tokenToRenew, $lifetimeValue, $GracePeriod)
            }
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Builder -Cmdlet $PSCmdlet
            throw
        } finally {
            [KrJwt.JwtEventStream]::Flush($PSCmdlet)   # the renewal's validation events
            if ($null -ne $derived) {
                $derived.Dispose()
            }
        }
        if ($PassThru) {
            $result
        } else {
            $result.Token
            $result.Dispose()
        }
    }
}
