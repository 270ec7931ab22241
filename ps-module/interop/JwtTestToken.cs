using System;
using System.Collections.Generic;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// A hostile token FOR TESTS (kr_jwt_builder_test_tokens): it differs from a token the builder would issue
/// by exactly one defect. <see cref="ExpectedReason"/> is the status name a validator made from the
/// builder's result refuses it with; <see cref="ExpectedHttpStatus"/> the HTTP status of a bearer refusal.
/// </summary>
public sealed class JwtTestToken
{
    internal JwtTestToken(string defect, string token, string expectedReason, int expectedHttpStatus)
    {
        Defect = defect;
        Token = token;
        ExpectedReason = expectedReason;
        ExpectedHttpStatus = expectedHttpStatus;
    }

    /// <summary>The defect's name (<c>Expired</c>, <c>AlgNone</c>, …).</summary>
    public string Defect { get; }

    /// <summary>The compact token.</summary>
    public string Token { get; }

    /// <summary>The KrJwt status name the token is refused with (<c>TokenExpired</c>, …).</summary>
    public string ExpectedReason { get; }

    /// <summary>The HTTP status a bearer service answers it with (401; 400 for an oversized token).</summary>
    public int ExpectedHttpStatus { get; }

    /// <summary>The defect, never the token.</summary>
    public override string ToString() => $"KrJwt test token {Defect} (expected {ExpectedReason}, HTTP {ExpectedHttpStatus})";
}

/// <summary>The test tokens made from a builder, and the defects that do not apply to it, with why.</summary>
public sealed class JwtTestTokenSet
{
    internal JwtTestTokenSet(JwtTestToken[] tokens, KeyValuePair<string, string>[] skipped)
    {
        Tokens = tokens;
        Skipped = skipped;
    }

    /// <summary>One token per defect, in the library's order.</summary>
    public JwtTestToken[] Tokens { get; }

    /// <summary>Defect name → why it does not apply to the builder (e.g. an HMAC key and AlgConfusion).</summary>
    public KeyValuePair<string, string>[] Skipped { get; }

    internal static JwtTestTokenSet Parse(string json)
    {
        using JsonDocument doc = JsonShape.Parse(json);
        var tokens = new List<JwtTestToken>();
        foreach (JsonElement t in doc.RootElement.GetProperty("tokens").EnumerateArray())
        {
            tokens.Add(new JwtTestToken(
                JsonShape.String(t, "defect") ?? "",
                JsonShape.String(t, "token") ?? "",
                JsonShape.String(t, "expected_reason") ?? "",
                (int)(JsonShape.Number(t, "expected_http_status") ?? 0)));
        }
        var skipped = new List<KeyValuePair<string, string>>();
        foreach (JsonElement s in doc.RootElement.GetProperty("skipped").EnumerateArray())
        {
            skipped.Add(new(JsonShape.String(s, "defect") ?? "", JsonShape.String(s, "reason") ?? ""));
        }
        return new JwtTestTokenSet(tokens.ToArray(), skipped.ToArray());
    }
}

public sealed partial class JwtBuilder
{
    /// <summary>FOR TESTS: the hostile token with <paramref name="defect"/>. The builder is not changed.</summary>
    public JwtTestToken TestToken(string defect)
    {
        ArgumentException.ThrowIfNullOrEmpty(defect);
        return TestTokens(Native.Utf8Z(defect, "Defect")).Tokens[0];
    }

    /// <summary>FOR TESTS: a hostile token for every defect that applies to this builder. The builder is not changed.</summary>
    public JwtTestTokenSet TestTokenSet() => TestTokens(null);

    private JwtTestTokenSet TestTokens(byte[]? defect)
    {
        Native.Check(NativeMethods.kr_jwt_builder_test_tokens(Handle, defect, out IntPtr json));
        return JwtTestTokenSet.Parse(Native.TakeString(json));
    }
}
