using System;
using System.Collections.Specialized;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// A token decoded WITHOUT validation (kr_jwt_decode): for diagnostics only. Nothing here says the token
/// is authentic; use <see cref="JwtValidationParameters.Validate"/> for that. A JWE shows its header only.
/// </summary>
public sealed class JwtInfo
{
    private readonly TokenMembers _members;

    private JwtInfo(JsonElement root)
    {
        _members = new TokenMembers(root);
        Payload = JsonShape.Member(root, "payload") is JsonElement p ? JsonShape.ToDictionary(p) : null;
        Type = JsonShape.String(root, "type");
        Encrypted = _members.Encrypted;
        if (_members.OuterHeader is OrderedDictionary outer)
        {
            // kr_jwt_decrypt_decode: the members describe the inner token; the token given was a JWE.
            OuterHeader = outer;
            Encrypted = true;
            Decrypted = true;
        }
        else if (Encrypted)
        {
            // kr_jwt_decode of a JWE: the only header there is, is the outer one.
            OuterHeader = Header;
        }
    }

    /// <summary>Decodes a compact token without checking signature, lifetime or anything else.</summary>
    public static JwtInfo Decode(string token)
    {
        Native.Check(NativeMethods.kr_jwt_decode(Native.Utf8Z(token, "Token"), out IntPtr jsonPtr));
        using JsonDocument doc = JsonShape.Parse(Native.TakeString(jsonPtr));
        return new JwtInfo(doc.RootElement);
    }

    /// <summary>
    /// Like <see cref="Decode(string)"/>, but an encrypted token (JWE) is first decrypted with one of
    /// <paramref name="decryptionKeys"/> (kr_jwt_decrypt_decode), so the inner token's header and claims are
    /// shown together with the <see cref="OuterHeader"/>. Still nothing is validated: not the inner signature,
    /// not the claims. A signed token, or an empty key list, decodes as with <see cref="Decode(string)"/>; a
    /// JWE no key decrypts is an error.
    /// </summary>
    public static JwtInfo Decode(string token, params JwtKey[] decryptionKeys)
    {
        ArgumentNullException.ThrowIfNull(decryptionKeys);
        JwtInfo plain = Decode(token);
        if (!plain.Encrypted || decryptionKeys.Length == 0)
        {
            return plain;
        }
        byte[]? tokenUtf8 = Native.Utf8Z(token, "Token");
        return JwtKey.WithHandles(decryptionKeys, raw =>
        {
            Native.Check(NativeMethods.kr_jwt_decrypt_decode(tokenUtf8, raw, (nuint)raw.Length, out IntPtr jsonPtr));
            using JsonDocument doc = JsonShape.Parse(Native.TakeString(jsonPtr));
            return new JwtInfo(doc.RootElement);
        });
    }

    /// <summary>The JOSE header (of the inner, signed token when a JWE was decrypted; else of the token as given).</summary>
    public OrderedDictionary Header => _members.Header;

    /// <summary>The whole payload; null for an encrypted token that was not decrypted.</summary>
    public OrderedDictionary? Payload { get; }

    /// <summary><c>iss</c>, or null.</summary>
    public string? Issuer => _members.Issuer;

    /// <summary><c>sub</c>, or null.</summary>
    public string? Subject => _members.Subject;

    /// <summary>Every <c>aud</c> value.</summary>
    public string[] Audiences => _members.Audiences;

    /// <summary><c>nbf</c> as UTC, or null.</summary>
    public DateTime? NotBefore => _members.NotBefore;

    /// <summary><c>exp</c> as UTC, or null.</summary>
    public DateTime? Expires => _members.Expires;

    /// <summary><c>iat</c> as UTC, or null.</summary>
    public DateTime? IssuedAt => _members.IssuedAt;

    /// <summary>Header <c>alg</c>.</summary>
    public string? Algorithm => _members.Algorithm;

    /// <summary>Header <c>kid</c>.</summary>
    public string? KeyId => _members.KeyId;

    /// <summary>Header <c>typ</c>.</summary>
    public string? Type { get; }

    /// <summary>The payload without the registered names.</summary>
    public OrderedDictionary Claims => _members.Claims;

    /// <summary>True for a JWE. Without a decryption key only its header is readable (then Header = OuterHeader).</summary>
    public bool Encrypted { get; }

    /// <summary>True when a JWE was decrypted: the other members describe the inner, signed token.</summary>
    public bool Decrypted { get; }

    /// <summary>The JWE protected header (<c>alg</c>, <c>enc</c>, <c>cty</c>, <c>kid</c>, ...) of an encrypted token; null for a signed token.</summary>
    public OrderedDictionary? OuterHeader { get; }

    /// <summary>A short description (unvalidated).</summary>
    public override string ToString() =>
        "KrJwt info (unvalidated) " + (
        Decrypted ? $"JWE {OuterHeader?["alg"]}/{OuterHeader?["enc"]} around JWT {Algorithm ?? "-"} iss={Issuer ?? "-"} sub={Subject ?? "-"} exp={Display.Utc(Expires)}"
        : Encrypted ? $"JWE alg={Algorithm ?? "-"}"
        : $"JWT {Algorithm ?? "-"} iss={Issuer ?? "-"} sub={Subject ?? "-"} exp={Display.Utc(Expires)}");
}
