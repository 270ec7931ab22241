using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Security.Claims;
using System.Security.Principal;
using System.Text.Json;
using Newtonsoft.Json;

namespace KrJwt;

/// <summary>
/// The principal of a request whose bearer token the library validated (kr_jwt_authenticate). Its one
/// identity carries every claim with the library's inbound mapping (<c>unique_name</c> → Name URI,
/// <c>role</c> → Role URI, <c>sub</c> → NameIdentifier URI, ...), and its NameClaimType / RoleClaimType are
/// those the library reports, so <c>Identity.Name</c> and <c>IsInRole</c> work. <see cref="PayloadJson"/>
/// is the validated payload, as the library returned it, for re-issuing a token from this principal.
/// Instances are only made from the output of a successful validation.
/// <para>
/// PowerShell's ConvertTo-Json (and the default view) show the small surface: AuthenticationScheme, Name,
/// Subject, Roles, IsAuthenticated and Payload. The .NET claim graph (Claims, Identities, Identity) and the
/// library's JSON texts (PayloadJson, PrincipalJson) are marked [JsonIgnore] and [Hidden]: they stay
/// readable as properties (Get-Member -Force lists them), but they repeat the payload many times over (claim URIs, issuers, identities).
/// </para>
/// </summary>
public sealed class JwtPrincipal : ClaimsPrincipal
{
    private JwtPrincipal(ClaimsIdentity identity, string principalJson, string payloadJson, OrderedDictionary payload, string? subject, string[] roles, string scheme)
        : base(identity)
    {
        PrincipalJson = principalJson;
        PayloadJson = payloadJson;
        Payload = payload;
        Subject = subject;
        Roles = roles;
        AuthenticationScheme = scheme;
    }

    /// <summary>The authentication scheme that validated the token (also the identity's AuthenticationType).</summary>
    public string AuthenticationScheme { get; }

    /// <summary>The name (value of the first claim of the name claim type), or null.</summary>
    public string? Name => Identity?.Name;

    /// <summary>The token's <c>sub</c>, or null.</summary>
    public string? Subject { get; }

    /// <summary>The values of every claim of the role claim type, in token order.</summary>
    public string[] Roles { get; }

    /// <summary>True: a principal is only made from a validated token.</summary>
    public bool IsAuthenticated => Identity?.IsAuthenticated ?? false;

    /// <summary>The validated payload as a dictionary (member order kept).</summary>
    public OrderedDictionary Payload { get; }

    /// <summary>The validated payload as compact JSON text, exactly as the library returned it.</summary>
    [JsonIgnore]
    [Hidden]
    public string PayloadJson { get; }

    /// <summary>The principal as the library described it (name, subject, roles, claim types, claims, payload).</summary>
    [JsonIgnore]
    [Hidden]
    public string PrincipalJson { get; }

    /// <summary>Every claim of the identity (with the library's inbound mapping); not serialized by ConvertTo-Json.</summary>
    [JsonIgnore]
    [Hidden]
    public override IEnumerable<Claim> Claims => base.Claims;

    /// <summary>The one identity; not serialized by ConvertTo-Json.</summary>
    [JsonIgnore]
    [Hidden]
    public override IEnumerable<ClaimsIdentity> Identities => base.Identities;

    /// <summary>The identity (Name, AuthenticationType, IsAuthenticated); not serialized by ConvertTo-Json.</summary>
    [JsonIgnore]
    [Hidden]
    public override IIdentity? Identity => base.Identity;

    /// <summary>
    /// Makes a principal from the principal JSON of kr_jwt_authenticate. Internal: the JSON must come from a
    /// successful validation, never from a caller.
    /// </summary>
    internal static JwtPrincipal FromPrincipalJson(string principalJson, string scheme)
    {
        using JsonDocument doc = JsonShape.Parse(principalJson);
        JsonElement root = doc.RootElement;
        string nameType = JsonShape.String(root, "name_claim_type") ?? ClaimsIdentity.DefaultNameClaimType;
        string roleType = JsonShape.String(root, "role_claim_type") ?? ClaimsIdentity.DefaultRoleClaimType;
        JsonElement? payloadElement = JsonShape.Member(root, "payload");
        // Claims name their issuer as token handlers do: the token's iss when it is a string.
        string issuer = payloadElement is JsonElement pe && JsonShape.Member(pe, "iss") is JsonElement iss && iss.ValueKind == JsonValueKind.String
            ? iss.GetString()!
            : ClaimsIdentity.DefaultIssuer;
        var claims = new List<Claim>();
        if (JsonShape.Member(root, "claims") is JsonElement list && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement c in list.EnumerateArray())
            {
                claims.Add(new Claim(
                    JsonShape.String(c, "type") ?? string.Empty,
                    JsonShape.String(c, "value") ?? string.Empty,
                    ValueType(JsonShape.String(c, "value_type")),
                    issuer,
                    issuer));
            }
        }
        var identity = new ClaimsIdentity(claims, scheme, nameType, roleType);
        return new JwtPrincipal(
            identity,
            principalJson,
            payloadElement is JsonElement p ? p.GetRawText() : "{}",
            JsonShape.Dictionary(root, "payload"),
            JsonShape.String(root, "subject"),
            JsonShape.Strings(root, "roles"),
            scheme);
    }

    // The library's value_type names to the ClaimValueTypes URIs .NET token handlers use.
    private static string ValueType(string? libraryType) => libraryType switch
    {
        "integer" => ClaimValueTypes.Integer64,
        "double" => ClaimValueTypes.Double,
        "boolean" => ClaimValueTypes.Boolean,
        "json" => "JSON",
        "null" => "JSON_NULL",
        _ => ClaimValueTypes.String,
    };

    /// <summary>Scheme, name and roles; never the token.</summary>
    public override string ToString() =>
        $"KrJwt principal {AuthenticationScheme} name={Name ?? "-"} sub={Subject ?? "-"} roles=[{string.Join(",", Roles)}]";
}
