using System;
using System.Collections;
using System.Management.Automation;

using KrJwt;
using KrJwt.Commands;

// The cmdlet classes are in the global namespace and named Verb_Noun: build.ps1 renames each to its
// cmdlet name, Verb-Noun (tools/name-cmdlet-types.ps1), so that every error PowerShell raises for them,
// parameter binding errors included, has the FullyQualifiedErrorId the script functions had
// ("KrJwt.InvalidKey,Protect-KrJWT"; PowerShell names a compiled cmdlet by its type's full name there).

/// <summary>
/// New-KrJWT: the guide's issuing pipeline in one call (New-KrJWTBuilder | Add-KrJWTIssuer |
/// Add-KrJWTAudience | Protect-KrJWT | Limit-KrJWTValidity | Add-KrJWTSubject | Add-KrJWTClaim ... |
/// Build-KrJWT), making the same interop calls in the same order, so every rule is the library's.
/// Help: ps-module/help/New-KrJWT.help.txt.
/// </summary>
[Cmdlet(VerbsCommon.New, "KrJWT", DefaultParameterSetName = "Key")]
[OutputType(typeof(JwtResult))]
public sealed class New_KrJWT : KrJwt.Commands.SigningCommand
{
    /// <summary>The issuer (iss).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Issuer { get; set; }

    /// <summary>The audiences (aud), in order.</summary>
    [Parameter]
    [AllowEmptyString]
    public string[]? Audience { get; set; }

    /// <summary>The subject (sub).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? Subject { get; set; }

    /// <summary>Custom claims, name = value, added in the dictionary's order.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public IDictionary? Claims { get; set; }

    /// <summary>The lifetime (default: the library's).</summary>
    [Parameter]
    public TimeSpan? Lifetime { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        JwtResult result;
        using var builder = new JwtBuilder();
        try
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Issuer)))
            {
                builder.SetIssuer(Issuer!);
            }
            foreach (string audience in Audience ?? Array.Empty<string>())
            {
                builder.AddAudience(audience);
            }
            ProtectWithKey(builder);
            if (Lifetime is TimeSpan lifetime)
            {
                builder.LimitValidity(lifetime.TotalSeconds);
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Subject)))
            {
                builder.SetSubject(Subject!);
            }
            if (Claims is not null)
            {
                foreach (DictionaryEntry claim in Claims)
                {
                    builder.AddClaim(LanguagePrimitives.ConvertTo<string>(claim.Key), JsonText.FromValue(claim.Value));
                }
            }
            result = builder.Build();
        }
        catch (Exception e)
        {
            Fail(e, null);
            throw;
        }
        WriteObject(result);
    }
}
