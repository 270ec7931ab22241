using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// A claim policy: "the principal must have a claim of <see cref="ClaimType"/> whose value is one of
/// <see cref="AllowedValues"/>" (no values: the claim's presence suffices). The library evaluates it
/// (kr_jwt_policy_check): type compared case-insensitively, short or long name; values exactly.
/// </summary>
public sealed class JwtClaimPolicy
{
    private const string NoClaims = "{\"claims\":[]}";

    /// <summary>Makes a policy; the library checks its shape now, so a policy that cannot be evaluated fails here.</summary>
    public JwtClaimPolicy(string name, string claimType, params string[]? allowedValues)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, "A claim policy needs a name.");
        }
        if (string.IsNullOrWhiteSpace(claimType))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"Claim policy '{name}' needs a claim type.");
        }
        Name = name;
        ClaimType = claimType;
        AllowedValues = allowedValues is null ? Array.Empty<string>() : (string[])allowedValues.Clone();
        PolicyJson = Serialize(ClaimType, AllowedValues);
        // Let the library read the policy once against a principal without claims.
        Native.Check(NativeMethods.kr_jwt_policy_check(Native.Utf8Z(NoClaims, "Principal"), Native.Utf8Z(PolicyJson, "Claim policy"), out _, out IntPtr challenge, out _));
        Native.TakeString(challenge);
    }

    /// <summary>The policy's name (unique within a scheme, case-insensitive).</summary>
    public string Name { get; }

    /// <summary>The claim type to look for, short (<c>role</c>) or long (the Role URI).</summary>
    public string ClaimType { get; }

    /// <summary>The accepted values (empty: any value).</summary>
    public string[] AllowedValues { get; }

    /// <summary>The policy as the library reads it: <c>{"claim_type":...,"allowed_values":[...]}</c>.</summary>
    public string PolicyJson { get; }

    private static string Serialize(string claimType, string[] values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("claim_type", claimType);
            writer.WriteStartArray("allowed_values");
            foreach (string v in values)
            {
                writer.WriteStringValue(v ?? string.Empty);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Name, claim type and values.</summary>
    public override string ToString() =>
        $"KrJwt claim policy {Name}: {ClaimType}" + (AllowedValues.Length == 0 ? " (any value)" : " in [" + string.Join(", ", AllowedValues) + "]");
}

/// <summary>The outcome of authenticating (and optionally authorizing) one request.</summary>
public sealed class JwtBearerAuthenticationResult
{
    internal JwtBearerAuthenticationResult(string scheme, string? policy, JwtPrincipal? principal, int statusCode, string reason, string? challenge, string? error)
    {
        Scheme = scheme;
        Policy = policy;
        Principal = principal;
        StatusCode = statusCode;
        Reason = reason;
        WwwAuthenticate = challenge;
        Error = error;
    }

    /// <summary>The scheme that handled the request.</summary>
    public string Scheme { get; }

    /// <summary>The claim policy that was checked, if any.</summary>
    public string? Policy { get; }

    /// <summary>True when the token was valid and the policy (if any) was satisfied.</summary>
    public bool Succeeded => StatusCode == 200;

    /// <summary>
    /// The authenticated principal: set when the token was valid, including when a policy then failed (403),
    /// so the caller can tell who was refused.
    /// </summary>
    public JwtPrincipal? Principal { get; }

    /// <summary>The HTTP status to answer with: 200, 400 (invalid_request), 401 (no or invalid token), 403 (insufficient_scope) or 503 (the remote key source has no keys to serve).</summary>
    public int StatusCode { get; }

    /// <summary>The library's status name: <c>Ok</c>, the failure reason (<c>TokenExpired</c>, <c>MalformedToken</c>, ...), or <c>InsufficientScope</c>.</summary>
    public string Reason { get; }

    /// <summary>The RFC 6750 <c>WWW-Authenticate</c> value to send with a 400/401/403 answer; null on success.</summary>
    public string? WwwAuthenticate { get; }

    /// <summary>The library's message for a failure; null on success.</summary>
    public string? Error { get; }

    /// <summary>Status, reason and principal name; never the token.</summary>
    public override string ToString() =>
        "KrJwt bearer result " + (Succeeded ? $"{StatusCode} Ok ({Principal?.Name ?? Principal?.Subject ?? "-"})" : $"{StatusCode} {Reason}");
}

/// <summary>
/// A named bearer scheme: validation parameters (shared, thread-safe) and named claim policies. Reading the
/// header, validating the token, mapping claims, checking a policy and writing the challenge are all done
/// by the library; this class only carries the configuration and turns the library's answer into an HTTP
/// status. Immutable and safe to use from several threads at once.
/// </summary>
public sealed class JwtBearerScheme
{
    private readonly Dictionary<string, JwtClaimPolicy> _policies;

    /// <summary>A scheme without claim policies.</summary>
    public JwtBearerScheme(string name, JwtValidationParameters validationParameters)
        : this(name, validationParameters, null, null)
    {
    }

    /// <summary>A scheme with a display name and claim policies (names must be unique, case-insensitive).</summary>
    public JwtBearerScheme(string name, JwtValidationParameters validationParameters, string? displayName, IEnumerable<JwtClaimPolicy>? claimPolicies)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, "An authentication scheme needs a name.");
        }
        ArgumentNullException.ThrowIfNull(validationParameters);
        Name = name;
        DisplayName = string.IsNullOrEmpty(displayName) ? "JWT Bearer Authentication" : displayName;
        ValidationParameters = validationParameters;
        _policies = new Dictionary<string, JwtClaimPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (JwtClaimPolicy policy in claimPolicies ?? Array.Empty<JwtClaimPolicy>())
        {
            ArgumentNullException.ThrowIfNull(policy, nameof(claimPolicies));
            if (!_policies.TryAdd(policy.Name, policy))
            {
                throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"Claim policy '{policy.Name}' is given twice.");
            }
        }
    }

    /// <summary>The scheme name (also the principal's authentication type).</summary>
    public string Name { get; }

    /// <summary>A human-readable name.</summary>
    public string DisplayName { get; }

    /// <summary>What a valid token is.</summary>
    public JwtValidationParameters ValidationParameters { get; }

    /// <summary>The claim policies by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, JwtClaimPolicy> ClaimPolicies => _policies;

    /// <summary>The names of the claim policies.</summary>
    public string[] PolicyNames
    {
        get
        {
            var names = new List<string>(_policies.Keys);
            names.Sort(StringComparer.OrdinalIgnoreCase);
            return names.ToArray();
        }
    }

    /// <summary>Authenticates an <c>Authorization</c> header value (null or empty: no credentials).</summary>
    public JwtBearerAuthenticationResult Authenticate(string? authorization) => Authenticate(authorization, null);

    /// <summary>
    /// Authenticates an <c>Authorization</c> header value with kr_jwt_authenticate, then, when
    /// <paramref name="policy"/> is given, checks that claim policy with kr_jwt_policy_check.
    /// </summary>
    public JwtBearerAuthenticationResult Authenticate(string? authorization, string? policy) => Authenticate(authorization, policy, null);

    /// <summary>
    /// <see cref="Authenticate(string?, string?)"/> for a request from <paramref name="clientAddress"/> (null:
    /// unknown), with kr_jwt_authenticate_client: the validation event names this scheme and the address, and
    /// the per-client misuse signals count it.
    /// </summary>
    public JwtBearerAuthenticationResult Authenticate(string? authorization, string? policy, string? clientAddress)
    {
        JwtClaimPolicy? claimPolicy = string.IsNullOrEmpty(policy) ? null : FindPolicy(policy);
        // Untrusted input: TokenUtf8Z never throws (NUL and lone surrogates become U+FFFD, which the library refuses).
        int status = NativeMethods.kr_jwt_authenticate_client(ValidationParameters.Handle, Native.TokenUtf8Z(authorization), Native.TokenUtf8Z(Name),
            string.IsNullOrEmpty(clientAddress) ? null : Native.TokenUtf8Z(clientAddress), out IntPtr principalPtr, out IntPtr challengePtr, out int httpStatus);
        if (status != 0)
        {
            // Read the thread-local message before any other kr_jwt call (kr_jwt_string_free included).
            KrJwtException failure = KrJwtException.FromLastError(status);
            string challenge = Native.TakeString(challengePtr);
            Native.TakeString(principalPtr);
            if (challenge.Length == 0)
            {
                // No challenge: not a verdict on the request but a failure of the call itself.
                throw failure;
            }
            return new JwtBearerAuthenticationResult(Name, claimPolicy?.Name, null, httpStatus, failure.StatusName, challenge, failure.Message);
        }
        Native.TakeString(challengePtr);
        JwtPrincipal principal = JwtPrincipal.FromPrincipalJson(Native.TakeString(principalPtr), Name);
        return claimPolicy is null ? Ok(principal, null, httpStatus) : Check(principal, claimPolicy);
    }

    /// <summary>Checks a claim policy of this scheme against a principal this library authenticated.</summary>
    public JwtBearerAuthenticationResult Authorize(JwtPrincipal principal, string policy)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Check(principal, FindPolicy(policy));
    }

    private JwtBearerAuthenticationResult Check(JwtPrincipal principal, JwtClaimPolicy policy)
    {
        Native.Check(NativeMethods.kr_jwt_policy_check(
            Native.Utf8Z(principal.PrincipalJson, "Principal"),
            Native.Utf8Z(policy.PolicyJson, "Claim policy"),
            out bool satisfied,
            out IntPtr challengePtr,
            out int httpStatus));
        string challenge = Native.TakeString(challengePtr);
        if (satisfied)
        {
            return Ok(principal, policy.Name, httpStatus);
        }
        return new JwtBearerAuthenticationResult(Name, policy.Name, principal, httpStatus, "InsufficientScope", challenge,
            $"The principal does not satisfy the claim policy '{policy.Name}' of scheme '{Name}'.");
    }

    private JwtBearerAuthenticationResult Ok(JwtPrincipal principal, string? policy, int httpStatus) =>
        new(Name, policy, principal, httpStatus, KrJwtLibrary.StatusName(0), null, null);

    private JwtClaimPolicy FindPolicy(string policy)
    {
        if (!_policies.TryGetValue(policy ?? string.Empty, out JwtClaimPolicy? found))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"Scheme '{Name}' has no claim policy named '{policy}'.");
        }
        return found;
    }

    /// <summary>Name, display name and policy names.</summary>
    public override string ToString() =>
        $"KrJwt bearer scheme {Name} ({DisplayName})" + (_policies.Count == 0 ? string.Empty : " policies=[" + string.Join(",", PolicyNames) + "]");
}
