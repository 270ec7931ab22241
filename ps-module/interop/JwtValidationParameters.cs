using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace KrJwt;

/// <summary>One signing key a validator holds, described without its material.</summary>
public sealed class JwtKeyDescription
{
    internal JwtKeyDescription(string keyType, string? keyId, string? algorithm, int bits)
    {
        KeyType = keyType;
        KeyId = keyId;
        Algorithm = algorithm;
        Bits = bits;
    }

    /// <summary>JWK key type.</summary>
    public string KeyType { get; }

    /// <summary>The key's <c>kid</c>, if any.</summary>
    public string? KeyId { get; }

    /// <summary>The algorithm the key is bound to, if any.</summary>
    public string? Algorithm { get; }

    /// <summary>Key size in bits.</summary>
    public int Bits { get; }

    /// <summary>Type, size and kid only.</summary>
    public override string ToString() => $"KrJwt key description {KeyType}/{Bits}" + (Algorithm is null ? string.Empty : $" {Algorithm}") + (KeyId is null ? string.Empty : $" kid={KeyId}");
}

/// <summary>The verdict on one token.</summary>
public sealed class JwtValidationOutcome
{
    internal JwtValidationOutcome(string token, int status, OrderedDictionary? claims, string? message = null)
    {
        Token = token;
        StatusCode = status;
        Reason = KrJwtLibrary.StatusName(status);
        Claims = claims;
        Message = string.IsNullOrEmpty(message) ? null : message;
    }

    /// <summary>The token as given.</summary>
    public string Token { get; }

    /// <summary>True when the library accepted the token.</summary>
    public bool IsValid => StatusCode == 0;

    /// <summary>The library's status name: <c>Ok</c>, or the reason, e.g. <c>TokenExpired</c>.</summary>
    public string Reason { get; }

    /// <summary>The raw status code.</summary>
    public int StatusCode { get; }

    /// <summary>The status as an enum value.</summary>
    public KrJwtStatus Status => (KrJwtStatus)StatusCode;

    /// <summary>The validated payload when valid (and claims were requested), else null.</summary>
    public OrderedDictionary? Claims { get; }

    /// <summary>The library's explanation of a failure (kr_jwt_last_error) when the token was validated alone; else null.</summary>
    public string? Message { get; }

    /// <summary>Verdict and reason; the token is not repeated.</summary>
    public override string ToString() => IsValid ? "KrJwt validation outcome Valid" : $"KrJwt validation outcome Invalid ({Reason})";
}

/// <summary>
/// An immutable validator (kr_jwt_validator_*): allowed issuers, audiences, algorithms and keys, clock skew.
/// All rules are applied by the library; this class only carries the handle and shows the parameters.
/// Safe to share between threads.
/// </summary>
public sealed partial class JwtValidationParameters : IDisposable
{
    private readonly ValidatorHandle _handle;

    private JwtValidationParameters(ValidatorHandle handle)
    {
        _handle = handle;
        Native.Check(NativeMethods.kr_jwt_validator_params(handle, out IntPtr jsonPtr));
        ParametersJson = Native.TakeString(jsonPtr);
        using JsonDocument doc = JsonShape.Parse(ParametersJson);
        JsonElement root = doc.RootElement;
        ValidIssuers = JsonShape.Strings(root, "valid_issuers");
        ValidAudiences = JsonShape.Strings(root, "valid_audiences");
        ValidAlgorithms = JsonShape.Strings(root, "valid_algorithms");
        ValidateIssuer = JsonShape.Bool(root, "validate_issuer", fallback: true);
        ValidateAudience = JsonShape.Bool(root, "validate_audience", fallback: true);
        MaxTokenAge = JsonShape.Number(root, "max_token_age_seconds") is double age ? TimeSpan.FromSeconds(age) : null;
        ClockSkew = TimeSpan.FromSeconds(JsonShape.Number(root, "clock_skew_seconds") ?? 0);
        RequireExpirationTime = JsonShape.Bool(root, "require_expiration_time", fallback: true);
        ValidTypes = JsonShape.Strings(root, "valid_types");
        MaxTokenBytes = (long)(JsonShape.Number(root, "max_token_bytes") ?? 0);
        RequiredClaims = JsonShape.Strings(root, "required_claims");
        Decrypts = JsonShape.Bool(root, "decrypts");
        var keys = new List<JwtKeyDescription>();
        if (JsonShape.Member(root, "keys") is JsonElement k && k.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement key in k.EnumerateArray())
            {
                keys.Add(new JwtKeyDescription(
                    JsonShape.String(key, "kty") ?? string.Empty,
                    JsonShape.String(key, "kid"),
                    JsonShape.String(key, "alg"),
                    (int)(JsonShape.Number(key, "bits") ?? 0)));
            }
        }
        Keys = keys.ToArray();
        SkippedKeys = JwtSkippedKey.ListFrom(root);
        if (JsonShape.Member(root, "key_source") is JsonElement source && source.ValueKind == JsonValueKind.Object)
        {
            KeySource = JsonShape.String(source, "authority") ?? JsonShape.String(source, "metadata_url") ?? JsonShape.String(source, "jwks_uri");
        }
    }

    internal static JwtValidationParameters Wrap(ValidatorHandle handle)
    {
        try
        {
            return new JwtValidationParameters(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A validator with the library's default parameters for the given keys.</summary>
    public static JwtValidationParameters Create(params JwtKey[] keys) => Create(null, keys);

    /// <summary>
    /// A validator from parameter JSON (members as in kr_jwt_validator_params; missing ones take the
    /// library defaults, null = all defaults) and the keys that may have signed the tokens.
    /// </summary>
    public static JwtValidationParameters Create(string? parametersJson, params JwtKey[] keys) =>
        JwtKey.WithHandles(keys, raw =>
        {
            Native.Check(NativeMethods.kr_jwt_validator_new(Native.Utf8Z(parametersJson, "Validation parameters"), raw, (nuint)raw.Length, out ValidatorHandle validator));
            return Wrap(validator);
        });

    internal ValidatorHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Accepted <c>iss</c> values (empty only when <see cref="ValidateIssuer"/> is false).</summary>
    public string[] ValidIssuers { get; }

    /// <summary>Accepted <c>aud</c> values (empty only when <see cref="ValidateAudience"/> is false).</summary>
    public string[] ValidAudiences { get; }

    /// <summary>False when issuer validation was opted out of explicitly (-SkipIssuerValidation).</summary>
    public bool ValidateIssuer { get; }

    /// <summary>False when audience validation was opted out of explicitly (-SkipAudienceValidation).</summary>
    public bool ValidateAudience { get; }

    /// <summary>The maximum token age (iat then required), or null when none is set.</summary>
    public TimeSpan? MaxTokenAge { get; }

    /// <summary>The algorithm allow-list.</summary>
    public string[] ValidAlgorithms { get; }

    /// <summary>Tolerance applied to <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; }

    /// <summary>True when a token without <c>exp</c> is refused.</summary>
    public bool RequireExpirationTime { get; }

    /// <summary>Accepted <c>typ</c> header values (empty = any).</summary>
    public string[] ValidTypes { get; }

    /// <summary>Tokens larger than this are refused before decoding.</summary>
    public long MaxTokenBytes { get; }

    /// <summary>Claims a token must carry.</summary>
    public string[] RequiredClaims { get; }

    /// <summary>
    /// True when the validator holds decryption keys, so it accepts nested JWTs (a JWE around a signed token,
    /// decrypted, then validated like any signed token). Without them a JWE fails with MalformedToken.
    /// </summary>
    public bool Decrypts { get; }

    /// <summary>The keys the validator tries, without their material.</summary>
    public JwtKeyDescription[] Keys { get; }

    /// <summary>Keys of the -Jwks set that cannot be used, and why (for a key source: as of creation; its status has the current list).</summary>
    public JwtSkippedKey[] SkippedKeys { get; }

    /// <summary>Where a remote key source fetches the keys (its authority, metadata URL or JWK Set URL); null for static keys.</summary>
    public string? KeySource { get; }

    /// <summary>The <c>kid</c> of every key that has one.</summary>
    public string[] KeyIds => Array.FindAll(Array.ConvertAll(Keys, k => k.KeyId ?? string.Empty), id => id.Length > 0);

    /// <summary>The parameters as the library reports them (kr_jwt_validator_params); never key material.</summary>
    public string ParametersJson { get; }

    /// <summary>Validates one token (kr_jwt_validate); a valid outcome carries the validated payload.</summary>
    public JwtValidationOutcome Validate(string token)
    {
        int status = NativeMethods.kr_jwt_validate(Handle, Native.TokenUtf8Z(token), out IntPtr claimsPtr);
        if (status != 0)
        {
            // Read the thread-local message before any other kr_jwt call resets it.
            string message = Native.PeekString(NativeMethods.kr_jwt_last_error());
            return new JwtValidationOutcome(token ?? string.Empty, status, null, message);
        }
        using JsonDocument doc = JsonShape.Parse(Native.TakeString(claimsPtr));
        return new JwtValidationOutcome(token ?? string.Empty, status, JsonShape.ToDictionary(doc.RootElement));
    }

    /// <summary>Validates every token in one native call (kr_jwt_validate_many). Outcomes carry the library's messages, no claims.</summary>
    public JwtValidationOutcome[] ValidateMany(string[] tokens) => ValidateMany(tokens, includeClaims: false);

    /// <summary>
    /// Validates every token in one native call (kr_jwt_validate_many): each outcome carries its status and
    /// the library's message and, with <paramref name="includeClaims"/>, a valid outcome its validated payload
    /// (a nested token's inner payload too). No further native call is made per token.
    /// </summary>
    public JwtValidationOutcome[] ValidateMany(string[] tokens, bool includeClaims)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var outcomes = new JwtValidationOutcome[tokens.Length];
        if (tokens.Length == 0)
        {
            return outcomes;
        }
        string json = WithPinnedTokens(tokens, pointers =>
        {
            Native.Check(NativeMethods.kr_jwt_validate_many(Handle, pointers, (nuint)tokens.Length, includeClaims, out IntPtr results));
            return Native.TakeString(results);
        });
        using JsonDocument doc = JsonShape.Parse(json);
        int n = 0;
        foreach (JsonElement result in doc.RootElement.EnumerateArray())
        {
            int status = result.GetProperty("status").GetInt32();
            OrderedDictionary? claims = JsonShape.ObjectOrNull(result, "claims");
            outcomes[n] = new JwtValidationOutcome(tokens[n] ?? string.Empty, status, claims, JsonShape.String(result, "message"));
            n++;
        }
        return outcomes;
    }

    /// <summary>A new validator with the same keys and parameters and another clock skew (kr_jwt_validator_with_clock_skew; 0 to 24 h).</summary>
    public JwtValidationParameters WithClockSkew(TimeSpan clockSkew)
    {
        Native.Check(NativeMethods.kr_jwt_validator_with_clock_skew(Handle, clockSkew.TotalSeconds, out ValidatorHandle copy));
        copy.KeepAliveOf(Handle);
        return Wrap(copy);
    }

    /// <summary>
    /// A new validator with the same keys and parameters that also decrypts nested JWTs (a JWE around a signed
    /// token) with <paramref name="decryptionKeys"/> (kr_jwt_validator_with_decryption_keys): secrets, RSA or
    /// EC private keys; the library refuses a list in which no key can decrypt. They replace any decryption
    /// keys this validator had.
    /// </summary>
    public JwtValidationParameters WithDecryptionKeys(params JwtKey[] decryptionKeys) =>
        JwtKey.WithHandles(decryptionKeys, raw =>
        {
            Native.Check(NativeMethods.kr_jwt_validator_with_decryption_keys(Handle, raw, (nuint)raw.Length, out ValidatorHandle copy));
            copy.KeepAliveOf(Handle);
            return Wrap(copy);
        });

    /// <summary>
    /// A validator from typed options and signing keys (<see cref="FromOptions(JwtValidationOptions, JwtKey[])"/>)
    /// that also decrypts nested JWTs with <paramref name="decryptionKeys"/> (none: signed tokens only).
    /// </summary>
    public static JwtValidationParameters FromOptions(JwtValidationOptions options, JwtKey[] signingKeys, JwtKey[] decryptionKeys)
    {
        ArgumentNullException.ThrowIfNull(decryptionKeys);
        JwtValidationParameters plain = FromOptions(options, signingKeys);
        if (decryptionKeys.Length == 0)
        {
            return plain;
        }
        using (plain)
        {
            return plain.WithDecryptionKeys(decryptionKeys);
        }
    }

    /// <summary>A validator from typed options (serialised to the library's parameter JSON) and keys.</summary>
    public static JwtValidationParameters FromOptions(JwtValidationOptions options, params JwtKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options.ToJson(), keys);
    }

    /// <summary>An independent handle to the same validator (kr_jwt_validator_copy).</summary>
    public JwtValidationParameters Copy()
    {
        Native.Check(NativeMethods.kr_jwt_validator_copy(Handle, out ValidatorHandle copy));
        copy.KeepAliveOf(Handle);
        return Wrap(copy);
    }

    /// <summary>Releases the native validator now instead of at finalization.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Issuers, audiences and algorithms; never keys.</summary>
    public override string ToString() =>
        $"KrJwt validation parameters iss=[{string.Join(",", ValidIssuers)}] aud=[{string.Join(",", ValidAudiences)}] alg=[{string.Join(",", ValidAlgorithms)}] skew={ClockSkew}" +
        (Decrypts ? " decrypts" : string.Empty) + (KeySource is null ? string.Empty : $" keys from {KeySource}");
}
