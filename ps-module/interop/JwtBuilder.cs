using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// A mutable token builder (kr_jwt_builder_*). Each method changes this builder in place and returns it,
/// so calls chain. The read-only properties are read from kr_jwt_builder_state, which never includes the key.
/// A builder is used by one thread at a time.
/// </summary>
public sealed partial class JwtBuilder : IDisposable
{
    private readonly BuilderHandle _handle;

    /// <summary>A fresh builder: lifetime 1 h, not-before = build time, <c>typ: JWT</c>.</summary>
    public JwtBuilder()
    {
        Native.Check(NativeMethods.kr_jwt_builder_new(out BuilderHandle handle));
        _handle = handle;
    }

    private JwtBuilder(BuilderHandle handle) => _handle = handle;

    private BuilderHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>The issuer (<c>iss</c>), or null when unset.</summary>
    public string? Issuer => State(root => JsonShape.String(root, "issuer"));

    /// <summary>The audiences added so far, in order.</summary>
    public string[] Audiences => State(root => JsonShape.Strings(root, "audiences"));

    /// <summary>The subject (<c>sub</c>), or null when unset.</summary>
    public string? Subject => State(root => JsonShape.String(root, "subject"));

    /// <summary>The lifetime added to not-before to give <c>exp</c>.</summary>
    public TimeSpan Lifetime => State(root => TimeSpan.FromSeconds(JsonShape.Number(root, "lifetime_seconds") ?? 0));

    /// <summary>
    /// The configured not-before: a UTC <see cref="DateTime"/> when absolute (LimitNotBeforeAt), a
    /// <see cref="TimeSpan"/> after build time when relative (LimitNotBeforeOffset), null for the build time itself.
    /// </summary>
    public object? NotBefore => State<object?>(root =>
    {
        if (JsonShape.Member(root, "not_before") is not JsonElement nbf)
        {
            return null;
        }
        if (JsonShape.UnixTime(nbf, "at") is DateTime at)
        {
            return at;
        }
        if (JsonShape.Number(nbf, "offset_seconds") is double offset)
        {
            return TimeSpan.FromSeconds(offset);
        }
        return JsonShape.ToValue(nbf);
    });

    /// <summary>The signing algorithm chosen at Protect time, or null before Protect.</summary>
    public string? Algorithm => State(root => JsonShape.String(root, "algorithm"));

    /// <summary>The <c>kid</c> header configured at Protect time, if any.</summary>
    public string? KeyId => State(root => JsonShape.String(root, "kid"));

    /// <summary>True once a signing key is set.</summary>
    public bool IsProtected => State(root => JsonShape.Bool(root, "protected"));

    /// <summary>
    /// The encryption set with ProtectPayload (key management, content encryption and the outer <c>kid</c>),
    /// or null when tokens are only signed. Never the key.
    /// </summary>
    public JwtEncryptionSettings? Encryption => State(root =>
        JsonShape.Member(root, "encryption") is JsonElement e && e.ValueKind == JsonValueKind.Object
            ? new JwtEncryptionSettings(JsonShape.String(e, "alg") ?? string.Empty, JsonShape.String(e, "enc") ?? string.Empty, JsonShape.String(e, "kid"))
            : null);

    /// <summary>True once ProtectPayload was called: built tokens are nested JWTs (a JWE around the signed token).</summary>
    public bool IsEncrypted => Encryption is not null;

    /// <summary>The claims added so far as (name, value) pairs, in order; names are the mapped JWT names.</summary>
    public KeyValuePair<string, object?>[] Claims => State(root =>
    {
        var list = new List<KeyValuePair<string, object?>>();
        if (JsonShape.Member(root, "claims") is JsonElement claims && claims.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement pair in claims.EnumerateArray())
            {
                if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2)
                {
                    list.Add(new KeyValuePair<string, object?>(pair[0].GetString() ?? string.Empty, JsonShape.ToValue(pair[1])));
                }
            }
        }
        return list.ToArray();
    });

    /// <summary>Extra JOSE header members added with AddHeader.</summary>
    public OrderedDictionary Headers => State(root => JsonShape.Dictionary(root, "headers"));

    /// <summary>Sets the single issuer (last call wins).</summary>
    public JwtBuilder SetIssuer(string issuer)
    {
        Native.Check(NativeMethods.kr_jwt_builder_set_issuer(Handle, Native.Utf8Z(issuer, "Issuer")));
        return this;
    }

    /// <summary>Adds one audience (several give an <c>aud</c> array, one a string).</summary>
    public JwtBuilder AddAudience(string audience)
    {
        Native.Check(NativeMethods.kr_jwt_builder_add_audience(Handle, Native.Utf8Z(audience, "Audience")));
        return this;
    }

    /// <summary>Sets <c>sub</c>.</summary>
    public JwtBuilder SetSubject(string subject)
    {
        Native.Check(NativeMethods.kr_jwt_builder_set_subject(Handle, Native.Utf8Z(subject, "Subject")));
        return this;
    }

    /// <summary>Appends a claim whose value is given as JSON text; repeated names become arrays.</summary>
    public JwtBuilder AddClaim(string name, string json)
    {
        Native.Check(NativeMethods.kr_jwt_builder_add_claim_json(Handle, Native.Utf8Z(name, "Claim name"), Native.Utf8Z(json, "Claim value")));
        return this;
    }

    /// <summary>Appends a claim whose value is a plain string.</summary>
    public JwtBuilder AddStringClaim(string name, string value)
    {
        Native.Check(NativeMethods.kr_jwt_builder_add_claim(Handle, Native.Utf8Z(name, "Claim name"), Native.Utf8Z(value, "Claim value")));
        return this;
    }

    /// <summary>Appends a claim named by a Kestrun UserIdentityClaim member; the library maps it (Name → unique_name, ...).</summary>
    public JwtBuilder AddUserClaim(string userClaimType, string json)
    {
        Native.Check(NativeMethods.kr_jwt_builder_add_user_claim(Handle, Native.Utf8Z(userClaimType, "User claim type"), Native.Utf8Z(json, "Claim value")));
        return this;
    }

    /// <summary>Appends a claim named by a <see cref="UserIdentityClaim"/> member.</summary>
    public JwtBuilder AddUserClaim(UserIdentityClaim userClaimType, string json) => AddUserClaim(userClaimType.ToString(), json);

    /// <summary>Adds an extra JOSE header member whose value is given as JSON text.</summary>
    public JwtBuilder AddHeader(string name, string json)
    {
        Native.Check(NativeMethods.kr_jwt_builder_add_header(Handle, Native.Utf8Z(name, "Header name"), Native.Utf8Z(json, "Header value")));
        return this;
    }

    /// <summary>Sets the signing key; <paramref name="algorithm"/> null or <c>Auto</c> lets the library choose. The builder keeps its own reference to the key.</summary>
    public JwtBuilder Protect(JwtKey key, string? algorithm, string? kid)
    {
        ArgumentNullException.ThrowIfNull(key);
        Native.Check(NativeMethods.kr_jwt_builder_protect(Handle, key.Handle, Native.Utf8Z(algorithm, "Algorithm"), Native.Utf8Z(kid, "KeyId")));
        return this;
    }

    /// <summary>
    /// Encrypts built tokens (kr_jwt_builder_protect_payload): a JWE (RFC 7516) around the signed token,
    /// <c>cty: JWT</c>. <paramref name="keyAlg"/> and <paramref name="encAlg"/> null or empty take the library's
    /// defaults for the key; every name and key check is the library's, and problems are reported here. The
    /// builder keeps its own reference to the key. Replaces any earlier encryption settings.
    /// </summary>
    public JwtBuilder ProtectPayload(JwtKey key, string? keyAlg, string? encAlg)
    {
        ArgumentNullException.ThrowIfNull(key);
        Native.Check(NativeMethods.kr_jwt_builder_protect_payload(Handle, key.Handle,
            Native.Utf8Z(keyAlg, "Key management algorithm"), Native.Utf8Z(encAlg, "Content encryption algorithm")));
        return this;
    }

    /// <summary>Sets the lifetime in seconds (the library refuses &lt;= 0, NaN and infinity).</summary>
    public JwtBuilder LimitValidity(double seconds)
    {
        Native.Check(NativeMethods.kr_jwt_builder_limit_validity(Handle, seconds));
        return this;
    }

    /// <summary>Sets the lifetime.</summary>
    public JwtBuilder LimitValidity(TimeSpan lifetime) => LimitValidity(lifetime.TotalSeconds);

    /// <summary>
    /// Sets an absolute not-before. A <see cref="DateTimeKind.Local"/> time is converted to UTC first; an
    /// unspecified kind is taken as UTC.
    /// </summary>
    public JwtBuilder LimitNotBeforeAt(DateTime utc)
    {
        DateTime value = utc.Kind switch
        {
            DateTimeKind.Local => utc.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(utc, DateTimeKind.Utc),
            _ => utc,
        };
        Native.Check(NativeMethods.kr_jwt_builder_limit_not_before_at(Handle, new DateTimeOffset(value).ToUnixTimeSeconds()));
        return this;
    }

    /// <summary>Sets not-before relative to build time, in seconds.</summary>
    public JwtBuilder LimitNotBeforeOffset(double seconds)
    {
        Native.Check(NativeMethods.kr_jwt_builder_limit_not_before_offset(Handle, seconds));
        return this;
    }

    /// <summary>A deep, independent copy (claims and headers included).</summary>
    public JwtBuilder Copy()
    {
        Native.Check(NativeMethods.kr_jwt_builder_copy(Handle, out BuilderHandle copy));
        return new JwtBuilder(copy);
    }

    /// <summary>Signs a token from the current state. The builder itself is not changed.</summary>
    public JwtResult Build()
    {
        Native.Check(NativeMethods.kr_jwt_builder_build(Handle, out ResultHandle result));
        return JwtResult.Wrap(result);
    }

    /// <summary>
    /// Renews a token (kr_jwt_builder_renew): the library validates it with <paramref name="validator"/>
    /// first, allowing <paramref name="gracePeriod"/> past its expiry, and refuses it with the validation
    /// status (e.g. InvalidSignature, TokenExpired); then it issues a new token with the old subject and
    /// custom claims and this builder's issuer, audiences, headers and key, fresh times and a new <c>jti</c>.
    /// <paramref name="lifetime"/> null = the builder's lifetime. The builder is not changed.
    /// </summary>
    public JwtResult Renew(JwtValidationParameters validator, string token, TimeSpan? lifetime, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(validator);
        Native.Check(NativeMethods.kr_jwt_builder_renew(Handle, validator.Handle, Native.Utf8Z(token, "Token"),
            LifetimeSeconds(lifetime), gracePeriod.TotalSeconds, out ResultHandle result));
        return JwtResult.Wrap(result);
    }

    /// <summary>
    /// Issues a new token for the principal of a request this library authenticated
    /// (<see cref="JwtBearerScheme.Authenticate(string?, string?)"/>): like <see cref="Renew"/> without
    /// validating again, since a <see cref="JwtPrincipal"/> can only be made from a successful validation
    /// (sealed, no public constructor). Its payload is read here, from the object itself, so a property
    /// added from script (a PSObject note named PayloadJson) is never what gets signed. The builder is not changed.
    /// </summary>
    public JwtResult Reissue(JwtPrincipal principal, TimeSpan? lifetime)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Reissue(principal.PayloadJson, lifetime);
    }

    // kr_jwt_builder_reissue signs whatever claims it is given: internal, so only the payload of a
    // JwtPrincipal (validated by the library) reaches it.
    private JwtResult Reissue(string validatedClaimsJson, TimeSpan? lifetime)
    {
        Native.Check(NativeMethods.kr_jwt_builder_reissue(Handle, Native.Utf8Z(validatedClaimsJson, "Claims"),
            LifetimeSeconds(lifetime), out ResultHandle result));
        return JwtResult.Wrap(result);
    }

    // The ABI reads 0 as "the builder's lifetime", so an explicit zero must be refused here.
    private static double LifetimeSeconds(TimeSpan? lifetime)
    {
        if (lifetime is not TimeSpan value)
        {
            return 0;
        }
        if (value <= TimeSpan.Zero)
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"The lifetime must be positive (got {value}).");
        }
        return value.TotalSeconds;
    }

    /// <summary>The raw state JSON (kr_jwt_builder_state); never contains key material.</summary>
    public string GetStateJson()
    {
        Native.Check(NativeMethods.kr_jwt_builder_state(Handle, out IntPtr json));
        return Native.TakeString(json);
    }

    /// <summary>Releases the native builder now instead of at finalization.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>A one-line summary without key material.</summary>
    public override string ToString()
    {
        if (_handle.IsClosed)
        {
            return "KrJwt builder (disposed)";
        }
        return State(root =>
        {
            string alg = JsonShape.Bool(root, "protected") ? JsonShape.String(root, "algorithm") ?? "?" : "unprotected";
            string iss = JsonShape.String(root, "issuer") ?? "-";
            string aud = string.Join(",", JsonShape.Strings(root, "audiences"));
            string jwe = JsonShape.Member(root, "encryption") is JsonElement e && e.ValueKind == JsonValueKind.Object
                ? $" jwe={JsonShape.String(e, "alg")}/{JsonShape.String(e, "enc")}"
                : string.Empty;
            return $"KrJwt builder {alg} iss={iss} aud={(aud.Length == 0 ? "-" : aud)}{jwe}";
        });
    }

    private T State<T>(Func<JsonElement, T> read)
    {
        using JsonDocument doc = JsonShape.Parse(GetStateJson());
        return read(doc.RootElement);
    }
}

/// <summary>How a builder encrypts its tokens (from kr_jwt_builder_state); never the key.</summary>
public sealed class JwtEncryptionSettings
{
    internal JwtEncryptionSettings(string keyManagement, string contentEncryption, string? keyId)
    {
        KeyManagement = keyManagement;
        ContentEncryption = contentEncryption;
        KeyId = keyId;
    }

    /// <summary>The JWE <c>alg</c>: <c>dir</c>, <c>A128KW</c>, <c>RSA-OAEP</c>, <c>ECDH-ES</c>, ...</summary>
    public string KeyManagement { get; }

    /// <summary>The JWE <c>enc</c>: <c>A256GCM</c>, <c>A128CBC-HS256</c>, ...</summary>
    public string ContentEncryption { get; }

    /// <summary>The <c>kid</c> written in the JWE header (the key's own id), or null.</summary>
    public string? KeyId { get; }

    /// <summary><c>alg + enc</c> and the kid; never key material.</summary>
    public override string ToString() => $"KrJwt encryption {KeyManagement} + {ContentEncryption}" + (KeyId is null ? string.Empty : $" kid={KeyId}");
}
