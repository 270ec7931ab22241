using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;

namespace KrJwt;

/// <summary>Facts about the loaded native library.</summary>
public static class KrJwtLibrary
{
    /// <summary>Version string of the loaded libkr_jwt (kr_jwt_version).</summary>
    public static string Version => Native.PeekString(NativeMethods.kr_jwt_version());

    /// <summary>Full path the interop loads the native library from.</summary>
    public static string NativePath => NativeMethods.NativePath;

    /// <summary>The platform the native library must be built for, as a runtime identifier (e.g. <c>linux-x64</c>).</summary>
    public static string ExpectedPlatform => NativeLoader.ExpectedPlatform;

    /// <summary>
    /// Loads the native library now (the module does so on import). Returns null when it is loaded, else one
    /// line naming the file, what is wrong with it, the platform expected and what to do. Never throws.
    /// </summary>
    public static string? TryLoad()
    {
        try
        {
            _ = NativeLoader.Handle;
            return null;
        }
        catch (DllNotFoundException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The library's stable name for a status code (kr_jwt_status_name), e.g. <c>TokenExpired</c>.</summary>
    public static string StatusName(int status) => Native.PeekString(NativeMethods.kr_jwt_status_name(status));

    /// <summary>The library's stable name for a status.</summary>
    public static string StatusName(KrJwtStatus status) => StatusName((int)status);

    private static readonly Lazy<KrJwtDefaults> LazyDefaults = new(KrJwtDefaults.Load);

    /// <summary>The library's defaults, limits and lists (kr_jwt_defaults), read once.</summary>
    public static KrJwtDefaults Defaults => LazyDefaults.Value;

    /// <summary>
    /// The token to renew from an <c>Authorization</c> header value (kr_jwt_renewal_token, the library's RFC 6750
    /// parser): a header without a bearer token fails with MalformedToken.
    /// </summary>
    public static string RenewalToken(string authorization)
    {
        Native.Check(NativeMethods.kr_jwt_renewal_token(Native.TokenUtf8Z(authorization), out IntPtr token));
        return Native.TakeString(token);
    }
}

/// <summary>
/// What the library states once and the interop and the module read instead of retyping (kr_jwt_defaults):
/// the clock skew and lifetime defaults, size caps, algorithm lists, curves, key formats, key generation
/// choices and every status name with its code.
/// </summary>
public sealed class KrJwtDefaults
{
    private KrJwtDefaults(JsonElement root)
    {
        Json = root.GetRawText();
        ClockSkew = TimeSpan.FromSeconds(JsonShape.Number(root, "clock_skew_seconds") ?? 0);
        MaxClockSkew = TimeSpan.FromSeconds(JsonShape.Number(root, "max_clock_skew_seconds") ?? 0);
        Lifetime = TimeSpan.FromSeconds(JsonShape.Number(root, "lifetime_seconds") ?? 0);
        MaxTokenBytes = (long)(JsonShape.Number(root, "max_token_bytes") ?? 0);
        MaxAuthorizationBytes = (long)(JsonShape.Number(root, "max_authorization_bytes") ?? 0);
        MinRsaBits = (int)(JsonShape.Number(root, "min_rsa_bits") ?? 0);
        SigningAlgorithms = JsonShape.Strings(root, "signing_algorithms");
        KeyManagementAlgorithms = JsonShape.Strings(root, "key_management_algorithms");
        ContentEncryptionAlgorithms = JsonShape.Strings(root, "content_encryption_algorithms");
        Curves = JsonShape.Strings(root, "curves");
        KeyFormats = JsonShape.Strings(root, "key_formats");
        var types = new List<string>();
        foreach (JsonElement kind in root.GetProperty("key_generation").EnumerateArray())
        {
            types.Add(kind.GetProperty("type").GetString() ?? string.Empty);
        }
        KeyTypes = types.ToArray();
        var statuses = new SortedDictionary<int, string>();
        foreach (JsonElement status in root.GetProperty("statuses").EnumerateArray())
        {
            statuses[status.GetProperty("code").GetInt32()] = status.GetProperty("name").GetString() ?? string.Empty;
        }
        Statuses = statuses;
    }

    internal static KrJwtDefaults Load()
    {
        Native.Check(NativeMethods.kr_jwt_defaults(out IntPtr json));
        using JsonDocument doc = JsonShape.Parse(Native.TakeString(json));
        return new KrJwtDefaults(doc.RootElement);
    }

    /// <summary>The document as the library wrote it.</summary>
    public string Json { get; }

    /// <summary>How far <c>exp</c>/<c>nbf</c> may be off unless a validator says otherwise (one minute).</summary>
    public TimeSpan ClockSkew { get; }

    /// <summary>The largest clock skew a validator accepts.</summary>
    public TimeSpan MaxClockSkew { get; }

    /// <summary>A built token's lifetime unless limited.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The default cap on a token's size.</summary>
    public long MaxTokenBytes { get; }

    /// <summary>The cap on an Authorization header's size.</summary>
    public long MaxAuthorizationBytes { get; }

    /// <summary>The smallest RSA key that signs, verifies or encrypts.</summary>
    public int MinRsaBits { get; }

    /// <summary>The JWS algorithms, in the library's order.</summary>
    public string[] SigningAlgorithms { get; }

    /// <summary>The JWE key management algorithms.</summary>
    public string[] KeyManagementAlgorithms { get; }

    /// <summary>The JWE content encryption algorithms.</summary>
    public string[] ContentEncryptionAlgorithms { get; }

    /// <summary>The elliptic curves (JWK <c>crv</c> names).</summary>
    public string[] Curves { get; }

    /// <summary>The key encodings the library imports.</summary>
    public string[] KeyFormats { get; }

    /// <summary>The key types the library generates.</summary>
    public string[] KeyTypes { get; }

    /// <summary>Every status code with its stable name.</summary>
    public IReadOnlyDictionary<int, string> Statuses { get; }
}

/// <summary>
/// Shapes JSON from the library into plain .NET values for PowerShell: objects become
/// <see cref="OrderedDictionary"/> (member order kept, names case-sensitive as in JSON), arrays
/// <c>object?[]</c>, integers <see cref="long"/>, other numbers <see cref="double"/>. No rule is applied here.
/// </summary>
internal static class JsonShape
{
    internal static JsonDocument Parse(string json) => JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });

    internal static object? ToValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => ToDictionary(e),
        JsonValueKind.Array => ToArray(e),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => ToNumber(e),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    internal static OrderedDictionary ToDictionary(JsonElement e)
    {
        var d = new OrderedDictionary(StringComparer.Ordinal);
        if (e.ValueKind != JsonValueKind.Object)
        {
            return d;
        }
        foreach (JsonProperty p in e.EnumerateObject())
        {
            d[p.Name] = ToValue(p.Value);
        }
        return d;
    }

    internal static object?[] ToArray(JsonElement e)
    {
        var list = new List<object?>();
        foreach (JsonElement item in e.EnumerateArray())
        {
            list.Add(ToValue(item));
        }
        return list.ToArray();
    }

    private static object ToNumber(JsonElement e)
    {
        if (e.TryGetInt64(out long l))
        {
            return l;
        }
        if (e.TryGetUInt64(out ulong ul))
        {
            return ul;
        }
        return e.TryGetDouble(out double d) ? d : e.GetRawText();
    }

    internal static JsonElement? Member(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement v) && v.ValueKind != JsonValueKind.Null
            ? v
            : null;

    /// <summary>An object member as a dictionary; empty when it is absent or null.</summary>
    internal static OrderedDictionary Dictionary(JsonElement obj, string name) =>
        Member(obj, name) is JsonElement v ? ToDictionary(v) : new OrderedDictionary(StringComparer.Ordinal);

    /// <summary>An object member as a dictionary; null when it is absent or not an object.</summary>
    internal static OrderedDictionary? ObjectOrNull(JsonElement obj, string name) =>
        Member(obj, name) is JsonElement v && v.ValueKind == JsonValueKind.Object ? ToDictionary(v) : null;

    internal static string? String(JsonElement obj, string name) =>
        Member(obj, name) is JsonElement v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    internal static bool Bool(JsonElement obj, string name, bool fallback = false) =>
        Member(obj, name) is JsonElement v && (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False)
            ? v.GetBoolean()
            : fallback;

    internal static double? Number(JsonElement obj, string name) =>
        Member(obj, name) is JsonElement v && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A string or an array of strings (the two shapes of <c>aud</c>) as a string array.</summary>
    internal static string[] Strings(JsonElement obj, string name)
    {
        if (Member(obj, name) is not JsonElement v)
        {
            return Array.Empty<string>();
        }
        if (v.ValueKind == JsonValueKind.String)
        {
            return new[] { v.GetString()! };
        }
        var list = new List<string>();
        if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in v.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
            }
        }
        return list.ToArray();
    }

    /// <summary>Integer Unix seconds (UTC) as a UTC <see cref="DateTime"/>; null when absent or out of range.</summary>
    internal static DateTime? UnixTime(JsonElement obj, string name)
    {
        if (Member(obj, name) is not JsonElement v || v.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        try
        {
            if (v.TryGetInt64(out long seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
            }
            return DateTimeOffset.FromUnixTimeMilliseconds(checked((long)(v.GetDouble() * 1000))).UtcDateTime;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Short, single-line rendering of a value for ToString (never used for secrets).</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s,
        IDictionary => "{...}",
        IEnumerable items => "[" + string.Join(", ", Enumerate(items)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static IEnumerable<string> Enumerate(IEnumerable items)
    {
        foreach (object? item in items)
        {
            yield return Describe(item);
        }
    }
}
