using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace KrJwt;

/// <summary>
/// Typed validation parameters for <see cref="JwtValidationParameters.FromOptions(JwtValidationOptions, JwtKey[])"/>.
/// A member left null is not sent, so the library's default applies (clock skew 60 s, expiration required,
/// 256 KiB size cap, algorithms = those the keys can verify). This class only writes the parameter JSON the
/// library reads (docs/c-abi.md); every rule is applied by the library.
/// </summary>
public sealed class JwtValidationOptions
{
    /// <summary>Accepted <c>iss</c> values (needed unless <see cref="ValidateIssuer"/> is false).</summary>
    public string[]? ValidIssuers { get; set; }

    /// <summary>Accepted <c>aud</c> values; one match suffices (needed unless <see cref="ValidateAudience"/> is false).</summary>
    public string[]? ValidAudiences { get; set; }

    /// <summary>
    /// False: the explicit opt-out of issuer validation (then <see cref="ValidIssuers"/> must be empty). Null:
    /// the library's default, true, which refuses parameters without valid issuers.
    /// </summary>
    public bool? ValidateIssuer { get; set; }

    /// <summary>False: the explicit opt-out of audience validation (as for the issuer).</summary>
    public bool? ValidateAudience { get; set; }

    /// <summary>When set, iat is required and may be at most this old (and not in the future), with the clock skew.</summary>
    public TimeSpan? MaxTokenAge { get; set; }

    /// <summary>The algorithm allow-list (null or empty: every algorithm the keys can verify).</summary>
    public string[]? ValidAlgorithms { get; set; }

    /// <summary>Tolerance applied to <c>exp</c> and <c>nbf</c> (0 to 24 h).</summary>
    public TimeSpan? ClockSkew { get; set; }

    /// <summary>Whether a token without <c>exp</c> is refused.</summary>
    public bool? RequireExpirationTime { get; set; }

    /// <summary>Accepted <c>typ</c> header values, case-insensitive (null or empty: not checked).</summary>
    public string[]? ValidTypes { get; set; }

    /// <summary>Claims every token must carry.</summary>
    public string[]? RequiredClaims { get; set; }

    /// <summary>Tokens larger than this many bytes are refused before decoding.</summary>
    public long? MaxTokenBytes { get; set; }

    /// <summary>A JWK Set document (JSON text, <c>{"keys":[...]}</c>) whose keys the validator adds; the library parses it.</summary>
    public string? JwksJson { get; set; }

    /// <summary>The parameter JSON for kr_jwt_validator_new (members that are null are left out).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            WriteStrings(writer, "valid_issuers", ValidIssuers);
            WriteStrings(writer, "valid_audiences", ValidAudiences);
            WriteStrings(writer, "valid_algorithms", ValidAlgorithms);
            if (ValidateIssuer is bool validateIssuer)
            {
                writer.WriteBoolean("validate_issuer", validateIssuer);
            }
            if (ValidateAudience is bool validateAudience)
            {
                writer.WriteBoolean("validate_audience", validateAudience);
            }
            if (MaxTokenAge is TimeSpan maxAge)
            {
                writer.WriteNumber("max_token_age_seconds", maxAge.TotalSeconds);
            }
            if (ClockSkew is TimeSpan skew)
            {
                writer.WriteNumber("clock_skew_seconds", skew.TotalSeconds);
            }
            if (RequireExpirationTime is bool require)
            {
                writer.WriteBoolean("require_expiration_time", require);
            }
            WriteStrings(writer, "valid_types", ValidTypes);
            WriteStrings(writer, "required_claims", RequiredClaims);
            if (MaxTokenBytes is long max)
            {
                writer.WriteNumber("max_token_bytes", max);
            }
            if (JwksJson is not null)
            {
                writer.WritePropertyName("jwks");
                try
                {
                    // Embedded as JSON, never as a string; the syntax check only keeps one document one value.
                    writer.WriteRawValue(JwksJson);
                }
                catch (Exception ex) when (ex is JsonException or ArgumentException)
                {
                    throw KrJwtException.Create(KrJwtStatus.InvalidKey, $"The JWK Set is not valid JSON: {ex.Message}");
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }
}
