using System;
using System.Management.Automation;

using KrJwt;
using KrJwt.Commands;

// The cmdlet classes are in the global namespace and named Verb_Noun: build.ps1 renames each to its
// cmdlet name, Verb-Noun (tools/name-cmdlet-types.ps1), so that every error PowerShell raises for them,
// parameter binding errors included, has the FullyQualifiedErrorId the script functions had
// ("KrJwt.InvalidKey,Protect-KrJWT"; PowerShell names a compiled cmdlet by its type's full name there).

// The builder pipeline of the guide, compiled: each cmdlet binds its parameters and makes one interop call.
// Help: ps-module/help/<name>.help.txt, built into en-US/KrJwt.Interop.dll-Help.xml by build.ps1.

/// <summary>New-KrJWTBuilder (alias New-KrJWTTokenBuilder).</summary>
[Cmdlet(VerbsCommon.New, "KrJWTBuilder")]
[Alias("New-KrJWTTokenBuilder")]
[OutputType(typeof(JwtBuilder))]
public sealed class New_KrJWTBuilder : KrJwtCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(new JwtBuilder());
        }
        catch (Exception e)
        {
            Fail(e, null);
            throw;
        }
    }
}

/// <summary>Add-KrJWTIssuer.</summary>
[Cmdlet(VerbsCommon.Add, "KrJWTIssuer")]
[OutputType(typeof(JwtBuilder))]
public sealed class Add_KrJWTIssuer : KrJwt.Commands.BuilderStepCommand
{
    /// <summary>The issuer.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Issuer { get; set; } = null!;

    /// <inheritdoc />
    protected override void Apply(JwtBuilder builder) => builder.SetIssuer(Issuer);
}

/// <summary>Add-KrJWTSubject.</summary>
[Cmdlet(VerbsCommon.Add, "KrJWTSubject")]
[OutputType(typeof(JwtBuilder))]
public sealed class Add_KrJWTSubject : KrJwt.Commands.BuilderStepCommand
{
    /// <summary>The subject.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string Subject { get; set; } = null!;

    /// <inheritdoc />
    protected override void Apply(JwtBuilder builder) => builder.SetSubject(Subject);
}

/// <summary>Add-KrJWTAudience.</summary>
[Cmdlet(VerbsCommon.Add, "KrJWTAudience")]
[OutputType(typeof(JwtBuilder))]
public sealed class Add_KrJWTAudience : KrJwt.Commands.BuilderStepCommand
{
    /// <summary>One or more audiences, in order.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyString]
    public string[] Audience { get; set; } = null!;

    /// <inheritdoc />
    protected override void Apply(JwtBuilder builder)
    {
        foreach (string item in Audience)
        {
            builder.AddAudience(item);
        }
    }
}

/// <summary>Add-KrJWTClaim.</summary>
[Cmdlet(VerbsCommon.Add, "KrJWTClaim", DefaultParameterSetName = "ClaimType")]
[OutputType(typeof(JwtBuilder))]
public sealed class Add_KrJWTClaim : KrJwt.Commands.BuilderStepCommand
{
    /// <summary>The claim name as it appears in the payload.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ClaimType")]
    [AllowEmptyString]
    public string ClaimType { get; set; } = null!;

    /// <summary>A Kestrun user identity claim.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "UserClaimType")]
    [ConvertArgument(typeof(UserIdentityClaim))]
    public UserIdentityClaim UserClaimType { get; set; }

    /// <summary>The claim value.</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public object Value { get; set; } = null!;

    /// <inheritdoc />
    protected override void Apply(JwtBuilder builder)
    {
        string json = JsonText.FromValue(Value);
        if (ParameterSetName == "UserClaimType")
        {
            builder.AddUserClaim(UserClaimType.ToString(), json);
        }
        else
        {
            builder.AddClaim(ClaimType, json);
        }
    }
}

/// <summary>Limit-KrJWTValidity.</summary>
[Cmdlet(VerbsData.Limit, "KrJWTValidity", DefaultParameterSetName = "Lifetime")]
[OutputType(typeof(JwtBuilder))]
public sealed class Limit_KrJWTValidity : KrJwt.Commands.BuilderStepCommand
{
    /// <summary>The lifetime.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Lifetime")]
    public TimeSpan Lifetime { get; set; }

    /// <summary>Hours (added to -Minutes and -Seconds).</summary>
    [Parameter(ParameterSetName = "Parts")]
    public double Hours { get; set; }

    /// <summary>Minutes.</summary>
    [Parameter(ParameterSetName = "Parts")]
    public double Minutes { get; set; }

    /// <summary>Seconds.</summary>
    [Parameter(ParameterSetName = "Parts")]
    public double Seconds { get; set; }

    /// <inheritdoc />
    protected override void Apply(JwtBuilder builder) =>
        builder.LimitValidity(ParameterSetName == "Lifetime" ? Lifetime.TotalSeconds : Hours * 3600 + Minutes * 60 + Seconds);
}

/// <summary>Protect-KrJWT.</summary>
[Cmdlet(VerbsSecurity.Protect, "KrJWT", DefaultParameterSetName = "Base64Url")]
[OutputType(typeof(JwtBuilder))]
public sealed class Protect_KrJWT : KrJwt.Commands.SigningCommand
{
    /// <summary>The builder to change. Accepts pipeline input.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public JwtBuilder Builder { get; set; } = null!;

    /// <summary>An HMAC secret as a SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Passphrase")]
    public System.Security.SecureString Passphrase { get; set; } = null!;

    /// <summary>An HMAC secret as bytes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "KeyBytes")]
    [AllowEmptyCollection]
    public byte[] KeyBytes { get; set; } = null!;

    /// <summary>A PEM key file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "PemPath")]
    public string PemPath { get; set; } = null!;

    /// <summary>A JWK file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "JwkPath")]
    public string JwkPath { get; set; } = null!;

    /// <summary>A certificate with its private key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "X509Certificate")]
    public System.Security.Cryptography.X509Certificates.X509Certificate2 X509Certificate { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            ProtectWithKey(Builder);
        }
        catch (Exception e)
        {
            Fail(e, Builder);
            throw;
        }
        WriteObject(Builder);
    }
}

/// <summary>Build-KrJWT.</summary>
[Cmdlet("Build", "KrJWT")]
[OutputType(typeof(JwtResult))]
public sealed class Build_KrJWT : KrJwtCmdlet
{
    /// <summary>The builder to build from. Accepts pipeline input.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public JwtBuilder Builder { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        JwtResult result;
        try
        {
            result = Builder.Build();
        }
        catch (Exception e)
        {
            Fail(e, Builder);
            throw;
        }
        WriteObject(result);
    }
}

/// <summary>Get-KrJWTToken.</summary>
[Cmdlet(VerbsCommon.Get, "KrJWTToken")]
[OutputType(typeof(string))]
public sealed class Get_KrJWTToken : KrJwtCmdlet
{
    /// <summary>The result from Build-KrJWT. Accepts pipeline input.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public JwtResult Result { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(Result.Token);
}
