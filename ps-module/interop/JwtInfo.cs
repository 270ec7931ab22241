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
    private JwtInfo(JsonElement root)
    {
        Header = JsonShape.Member(root, "header") is JsonElement h ? JsonShape.ToDictionary(h) : new OrderedDictionary(StringComparer.Ordinal);
        Payload = JsonShape.Member(root, "payload") is JsonElement p ? JsonShape.ToDictionary(p) : null;
        Issuer = JsonShape.String(root, "issuer");
        Subject = JsonShape.String(root, "subject");
        Audiences = JsonShape.Strings(root, "audiences");
        NotBefore = JsonShape.UnixTime(root, "not_before");
        Expires = JsonShape.UnixTime(root, "expires");
        IssuedAt = JsonShape.UnixTime(root, "issued_at");
        Algorithm = JsonShape.String(root, "algorithm");
        KeyId = JsonShape.String(root, "kid");
        Type = JsonShape.String(root, "type");
        Claims = JsonShape.Member(root, "claims") is JsonElement c ? JsonShape.ToDictionary(c) : new OrderedDictionary(StringComparer.Ordinal);
        Encrypted = JsonShape.Bool(root, "encrypted");
    }

    /// <summary>Decodes a compact token without checking signature, lifetime or anything else.</summary>
    public static JwtInfo Decode(string token)
    {
        Native.Check(NativeMethods.kr_jwt_decode(Native.Utf8Z(token, "Token"), out IntPtr jsonPtr));
        using JsonDocument doc = JsonShape.Parse(Native.TakeString(jsonPtr));
        return new JwtInfo(doc.RootElement);
    }

    /// <summary>The JOSE header.</summary>
    public OrderedDictionary Header { get; }

    /// <summary>The whole payload; null for an encrypted token.</summary>
    public OrderedDictionary? Payload { get; }

    /// <summary><c>iss</c>, or null.</summary>
    public string? Issuer { get; }

    /// <summary><c>sub</c>, or null.</summary>
    public string? Subject { get; }

    /// <summary>Every <c>aud</c> value.</summary>
    public string[] Audiences { get; }

    /// <summary><c>nbf</c> as UTC, or null.</summary>
    public DateTime? NotBefore { get; }

    /// <summary><c>exp</c> as UTC, or null.</summary>
    public DateTime? Expires { get; }

    /// <summary><c>iat</c> as UTC, or null.</summary>
    public DateTime? IssuedAt { get; }

    /// <summary>Header <c>alg</c>.</summary>
    public string? Algorithm { get; }

    /// <summary>Header <c>kid</c>.</summary>
    public string? KeyId { get; }

    /// <summary>Header <c>typ</c>.</summary>
    public string? Type { get; }

    /// <summary>The payload without the registered names.</summary>
    public OrderedDictionary Claims { get; }

    /// <summary>True for a JWE (only the header is readable).</summary>
    public bool Encrypted { get; }

    /// <summary>A short description (unvalidated).</summary>
    public override string ToString() =>
        Encrypted ? $"JWE (unvalidated) alg={Algorithm ?? "-"}" : $"JWT (unvalidated) {Algorithm ?? "-"} iss={Issuer ?? "-"} sub={Subject ?? "-"}";
}
