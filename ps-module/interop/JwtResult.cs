using System;
using System.Collections.Specialized;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// A built token (kr_jwt_builder_build). Immutable. The compact token is read when the result is made
/// (kr_jwt_result_token); its decoded parts are read from kr_jwt_result_json the first time one of them is
/// asked for (most callers only want the token), and before the handle is released, so they stay readable
/// after <see cref="Dispose"/>. The handle keeps the signing key inside the library so validation
/// parameters can be derived from it; the key itself is never readable from .NET.
/// </summary>
public sealed class JwtResult : IDisposable
{
    private readonly ResultHandle _handle;
    private Parts? _parts;

    private JwtResult(ResultHandle handle)
    {
        _handle = handle;
        Native.Check(NativeMethods.kr_jwt_result_token(handle, out IntPtr tokenPtr));
        Token = Native.TakeString(tokenPtr);
    }

    /// <summary>What kr_jwt_result_json describes, shaped once.</summary>
    private sealed class Parts
    {
        internal Parts(ResultHandle handle)
        {
            Native.Check(NativeMethods.kr_jwt_result_json(handle, out IntPtr jsonPtr));
            using JsonDocument doc = JsonShape.Parse(Native.TakeString(jsonPtr));
            JsonElement root = doc.RootElement;
            Members = new TokenMembers(root);
            Payload = JsonShape.Dictionary(root, "payload");
        }

        internal TokenMembers Members { get; }

        internal OrderedDictionary Payload { get; }
    }

    private TokenMembers Members => Described.Members;

    private Parts Described
    {
        get
        {
            if (_parts is null)
            {
                lock (_handle)
                {
                    _parts ??= new Parts(Handle);
                }
            }
            return _parts;
        }
    }

    internal static JwtResult Wrap(ResultHandle handle)
    {
        try
        {
            return new JwtResult(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private ResultHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>The compact token.</summary>
    public string Token { get; }

    /// <summary><c>iss</c>, or null.</summary>
    public string? Issuer => Members.Issuer;

    /// <summary>Every <c>aud</c> value (empty when none).</summary>
    public string[] Audiences => Members.Audiences;

    /// <summary><c>sub</c>, or null.</summary>
    public string? Subject => Members.Subject;

    /// <summary><c>iat</c> as UTC.</summary>
    public DateTime? IssuedAt => Members.IssuedAt;

    /// <summary><c>nbf</c> as UTC.</summary>
    public DateTime? NotBefore => Members.NotBefore;

    /// <summary><c>exp</c> as UTC.</summary>
    public DateTime? Expires => Members.Expires;

    /// <summary>The JWS <c>alg</c> used.</summary>
    public string Algorithm => Members.Algorithm ?? string.Empty;

    /// <summary>The <c>kid</c> header, or null.</summary>
    public string? KeyId => Members.KeyId;

    /// <summary>The payload without the registered names iss/sub/aud/exp/nbf/iat/jti.</summary>
    public OrderedDictionary Claims => Members.Claims;

    /// <summary>The JOSE header of the signed token (for an encrypted token: the inner JWS header).</summary>
    public OrderedDictionary Header => Members.Header;

    /// <summary>The whole payload (for an encrypted token: the inner token's, known to the builder).</summary>
    public OrderedDictionary Payload => Described.Payload;

    /// <summary>
    /// True when <see cref="Token"/> is a nested JWT: a JWE (RFC 7516) around the signed token. Every other
    /// member then describes the inner, signed token; <see cref="OuterHeader"/> is the JWE header.
    /// </summary>
    public bool Encrypted => Members.Encrypted;

    /// <summary>The JWE protected header (<c>alg</c>, <c>enc</c>, <c>cty</c>, <c>kid</c>, ...) of an encrypted token; null otherwise.</summary>
    public OrderedDictionary? OuterHeader => Members.OuterHeader;

    /// <summary>
    /// Validation parameters that accept this result's tokens (issuer, audiences, algorithm and key of the build).
    /// For an encrypted result they also decrypt when the encryption key could (a secret or a private key).
    /// </summary>
    public JwtValidationParameters GetValidationParameters(TimeSpan clockSkew)
    {
        Native.Check(NativeMethods.kr_jwt_result_validator(Handle, clockSkew.TotalSeconds, out ValidatorHandle validator));
        return JwtValidationParameters.Wrap(validator);
    }

    /// <summary>
    /// Validation parameters for this result with the caller's choices (kr_jwt_result_validator_with_options):
    /// <paramref name="validateIssuer"/> / <paramref name="validateAudience"/> false is the explicit opt-out for
    /// a result built without issuer / audience (the library refuses it for a result that has one);
    /// <paramref name="maxTokenAge"/> (null: none) requires iat and refuses older tokens.
    /// </summary>
    public JwtValidationParameters GetValidationParameters(TimeSpan clockSkew, bool validateIssuer, bool validateAudience, TimeSpan? maxTokenAge)
    {
        var options = new System.Text.Json.Nodes.JsonObject
        {
            ["clock_skew_seconds"] = clockSkew.TotalSeconds,
            ["validate_issuer"] = validateIssuer,
            ["validate_audience"] = validateAudience,
        };
        if (maxTokenAge is TimeSpan age)
        {
            options["max_token_age_seconds"] = age.TotalSeconds;
        }
        Native.Check(NativeMethods.kr_jwt_result_validator_with_options(Handle, Native.Utf8Z(options.ToJsonString(), "Validation options"), out ValidatorHandle validator));
        return JwtValidationParameters.Wrap(validator);
    }

    /// <summary>An independent handle to the same result (kr_jwt_result_copy).</summary>
    public JwtResult Copy()
    {
        Native.Check(NativeMethods.kr_jwt_result_copy(Handle, out ResultHandle copy));
        return Wrap(copy);
    }

    /// <summary>Releases the native result now instead of at finalization.</summary>
    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            _ = Described;
        }
        _handle.Dispose();
    }

    /// <summary>A short description; use <see cref="Token"/> for the token itself.</summary>
    public override string ToString() =>
        "KrJwt result " +
        (Encrypted ? $"JWE({OuterValue("alg")}/{OuterValue("enc")}) JWT " : string.Empty) +
        $"{Algorithm} iss={Issuer ?? "-"} sub={Subject ?? "-"} exp={Display.Utc(Expires)}";

    private string OuterValue(string name) => OuterHeader?[name] as string ?? "-";
}
