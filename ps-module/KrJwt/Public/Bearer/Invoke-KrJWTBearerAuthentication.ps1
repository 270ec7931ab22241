<#
    .SYNOPSIS
        Authenticates a request with a registered bearer scheme, optionally checking a claim policy.
    .DESCRIPTION
        Looks the scheme up by name (see Add-KrJWTBearerAuthentication) and hands the Authorization header
        value to the native library, which reads 'Bearer <token>' (scheme name case-insensitive; refuses an
        empty header, a missing token, two tokens, characters outside the RFC 6750 token alphabet and
        headers over 16 KiB), validates the token and maps its claims (unique_name -> Name, role -> Role,
        sub -> NameIdentifier). With -Policy the named claim policy of the scheme is then checked.

        Never throws for a bad request: the answer is an object with
        - Succeeded: $true when the token is valid and the policy (if any) is satisfied;
        - Principal: a KrJwt.JwtPrincipal (a ClaimsPrincipal: Identity.Name, IsInRole('admin'), Claims,
          plus PayloadJson, the validated payload) when the token is valid;
        - StatusCode: 200, 400 (error="invalid_request", e.g. an oversized header), 401 (no token, or
          error="invalid_token": malformed, tampered, expired, wrong issuer or audience...) or 403
          (error="insufficient_scope": valid token, policy not satisfied), or 503 (Reason
          KeySourceUnavailable: the scheme's remote key source has no keys to serve, an outage of the
          identity provider, not the client's fault);
        - Reason: 'Ok', the library's status name (TokenExpired, InvalidSignature, ...) or InsufficientScope;
        - WwwAuthenticate: the RFC 6750 challenge to send back with a 400/401/403 answer;
        - Error: the library's message.
        An unknown scheme or policy name is an error of the caller and is raised (KrJwt.SchemeNotFound,
        KrJwt.InvalidArgument).
    .PARAMETER Name
        The registered scheme name. Alias: -AuthenticationScheme.
    .PARAMETER Authorization
        The Authorization header value, e.g. 'Bearer eyJ...'. Empty or $null means no credentials.
        Accepts pipeline input.
    .PARAMETER Request
        An HttpListenerRequest whose Authorization header is used (several headers are joined with commas
        and therefore refused).
    .PARAMETER Policy
        The name of a claim policy of the scheme to check after authentication.
    .OUTPUTS
        KrJwt.JwtBearerAuthenticationResult
    .EXAMPLE
        $builder = New-KrJWTBuilder | Add-KrJWTIssuer -Issuer 'DemoIssuer' | Add-KrJWTAudience -Audience 'DemoAudience' |
            Protect-KrJWT -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90' -Algorithm HS256
        $built = $builder | Add-KrJWTSubject -Subject 'user1' | Add-KrJWTClaim -UserClaimType Name -Value 'user1' |
            Add-KrJWTClaim -UserClaimType Role -Value 'admin' | Build-KrJWT
        Add-KrJWTBearerAuthentication -Name 'InvokeDemo' -ValidationParameter ($built | Get-KrJWTValidationParameter) `
            -ClaimPolicy @{ AdminOnly = @{ ClaimType = 'role'; AllowedValues = @('admin') } }
        $answer = Invoke-KrJWTBearerAuthentication -Name 'InvokeDemo' -Authorization "Bearer $($built.Token)" -Policy 'AdminOnly'
        $answer.StatusCode, $answer.Principal.Identity.Name, $answer.Principal.IsInRole('admin')
        # Output:
        # 200
        # user1
        # True

        Prints 200, user1 and True.
    .EXAMPLE
        Add-KrJWTBearerAuthentication -Name 'InvokeDemo2' -ValidIssuer 'DemoIssuer' -ValidAudience 'DemoAudience' -HexadecimalKey 'a0b1c2d3e4f5061728394a5b6c7d8e9fa1b2c3d4e5f60718293a4b5c6d7e8f90'
        '', 'Bearer not.a.token' | Invoke-KrJWTBearerAuthentication -Name 'InvokeDemo2' | Format-Table StatusCode, Reason, WwwAuthenticate -Wrap

        No credentials: 401 with a bare 'Bearer' challenge; a malformed token: 401 with error="invalid_token".
    .LINK
        about_KrJwt
    .LINK
        Add-KrJWTBearerAuthentication
#>
function Invoke-KrJWTBearerAuthentication {
    [CmdletBinding(DefaultParameterSetName = 'Authorization', PositionalBinding = $false)]
    [OutputType([KrJwt.JwtBearerAuthenticationResult])]
    param(
        [Parameter(Mandatory)]
        [Alias('AuthenticationScheme')]
        [ValidateNotNullOrEmpty()]
        [string] $Name,

        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'Authorization')]
        [AllowNull()]
        [AllowEmptyString()]
        [string] $Authorization,

        [Parameter(Mandatory, ParameterSetName = 'Request')]
        [System.Net.HttpListenerRequest] $Request,

        [Parameter()]
        [string] $Policy
    )

    begin {
        $scheme = $null
        if (-not (Get-KrJwtBearerRegistry).TryGetValue($Name, [ref] $scheme)) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                    [System.Management.Automation.ItemNotFoundException]::new("No bearer scheme named '$Name' is registered; use Add-KrJWTBearerAuthentication first."),
                    'KrJwt.SchemeNotFound', [System.Management.Automation.ErrorCategory]::ObjectNotFound, $Name))
        }
        # [NullString] because PowerShell turns $null into '' when calling a .NET string parameter.
        $policyName = if ($Policy) { $Policy } else { [NullString]::Value }
    }

    process {
        $header = if ($PSCmdlet.ParameterSetName -eq 'Request') { $Request.Headers['Authorization'] } else { $Authorization }
        # The client's address names the request in events and counts in the per-client signals.
        $client = if ($PSCmdlet.ParameterSetName -eq 'Request' -and $Request.RemoteEndPoint) { $Request.RemoteEndPoint.Address.ToString() } else { [NullString]::Value }
        try {
            $scheme.Authenticate($header, $policyName, $client)
            [KrJwt.JwtEventStream]::Flush($PSCmdlet)
        } catch {
            Resolve-KrJwtError -ErrorRecord $_ -TargetObject $Name -Cmdlet $PSCmdlet
            throw
        }
    }
}
