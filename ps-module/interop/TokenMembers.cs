using System;
using System.Collections.Specialized;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// The members the library writes for every token it describes (kr_jwt_decode, kr_jwt_decrypt_decode and
/// kr_jwt_result_json), shaped once for <see cref="JwtInfo"/> and <see cref="JwtResult"/>. Each of those
/// exposes them as its own properties and adds its own rules (a result always names its algorithm; a
/// decoded JWE that was not decrypted shows its only header as the outer header).
/// </summary>
internal sealed class TokenMembers
{
    internal TokenMembers(JsonElement root)
    {
        Header = JsonShape.Dictionary(root, "header");
        Issuer = JsonShape.String(root, "issuer");
        Subject = JsonShape.String(root, "subject");
        Audiences = JsonShape.Strings(root, "audiences");
        NotBefore = JsonShape.UnixTime(root, "not_before");
        Expires = JsonShape.UnixTime(root, "expires");
        IssuedAt = JsonShape.UnixTime(root, "issued_at");
        Algorithm = JsonShape.String(root, "algorithm");
        KeyId = JsonShape.String(root, "kid");
        Claims = JsonShape.Dictionary(root, "claims");
        Encrypted = JsonShape.Bool(root, "encrypted");
        OuterHeader = JsonShape.ObjectOrNull(root, "outer_header");
    }

    /// <summary><c>header</c>: the JOSE header (empty when absent).</summary>
    internal OrderedDictionary Header { get; }

    /// <summary><c>issuer</c>.</summary>
    internal string? Issuer { get; }

    /// <summary><c>subject</c>.</summary>
    internal string? Subject { get; }

    /// <summary><c>audiences</c> (empty when absent).</summary>
    internal string[] Audiences { get; }

    /// <summary><c>not_before</c> as UTC.</summary>
    internal DateTime? NotBefore { get; }

    /// <summary><c>expires</c> as UTC.</summary>
    internal DateTime? Expires { get; }

    /// <summary><c>issued_at</c> as UTC.</summary>
    internal DateTime? IssuedAt { get; }

    /// <summary><c>algorithm</c>.</summary>
    internal string? Algorithm { get; }

    /// <summary><c>kid</c>.</summary>
    internal string? KeyId { get; }

    /// <summary><c>claims</c>: the payload without the registered names (empty when absent).</summary>
    internal OrderedDictionary Claims { get; }

    /// <summary><c>encrypted</c>.</summary>
    internal bool Encrypted { get; }

    /// <summary><c>outer_header</c>: the JWE header, or null when absent.</summary>
    internal OrderedDictionary? OuterHeader { get; }
}
