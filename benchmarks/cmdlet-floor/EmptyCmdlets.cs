using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using KrJwt;

namespace KrJwt.BenchFloor;

// Each cmdlet declares the parameters of the KrJwt cmdlet it stands for (same names, types, sets and pipeline
// binding) and does nothing but emit its pipeline object (or a prepared one): what is left is PowerShell's
// cost of binding and dispatching a compiled cmdlet, the floor no cmdlet goes below.

/// <summary>Objects the empty cmdlets emit, prepared once by the benchmark script.</summary>
public static class Prepared
{
    /// <summary>Emitted by New-EmptyBuilder.</summary>
    public static JwtBuilder? Builder { get; set; }

    /// <summary>Emitted by Build-EmptyJwt and New-EmptyJwt.</summary>
    public static JwtResult? Result { get; set; }
}

/// <summary>Stands for Test-KrJWT.</summary>
[Cmdlet(VerbsDiagnostic.Test, "EmptyJwt", DefaultParameterSetName = "ValidationParameter")]
public sealed class TestEmptyJwtCommand : PSCmdlet
{
    /// <summary>As Test-KrJWT -Token.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, Position = 0, ParameterSetName = "ValidationParameter")]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, Position = 0, ParameterSetName = "Result")]
    [AllowEmptyString]
    public string[] Token { get; set; } = null!;

    /// <summary>As Test-KrJWT -ValidationParameter.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ValidationParameter")]
    public JwtValidationParameters ValidationParameter { get; set; } = null!;

    /// <summary>As Test-KrJWT -Result.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Result")]
    public JwtResult Result { get; set; } = null!;

    /// <summary>As Test-KrJWT -ClockSkew.</summary>
    [Parameter]
    public TimeSpan ClockSkew { get; set; }

    /// <summary>As Test-KrJWT -PassThru.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string _ in Token)
        {
            WriteObject(true);
        }
    }
}

/// <summary>A builder step: -Builder from the pipeline, emitted again.</summary>
public abstract class EmptyStep : PSCmdlet
{
    /// <summary>As -Builder.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public JwtBuilder Builder { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(Builder);
}

/// <summary>Stands for New-KrJWTBuilder.</summary>
[Cmdlet(VerbsCommon.New, "EmptyBuilder")]
public sealed class NewEmptyBuilderCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(Prepared.Builder);
}

/// <summary>Stands for Add-KrJWTIssuer.</summary>
[Cmdlet(VerbsCommon.Add, "EmptyIssuer")]
public sealed class AddEmptyIssuerCommand : EmptyStep
{
    /// <summary>As -Issuer.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Issuer { get; set; } = null!;
}

/// <summary>Stands for Add-KrJWTAudience.</summary>
[Cmdlet(VerbsCommon.Add, "EmptyAudience")]
public sealed class AddEmptyAudienceCommand : EmptyStep
{
    /// <summary>As -Audience.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string[] Audience { get; set; } = null!;
}

/// <summary>Stands for Protect-KrJWT (two of its key sets).</summary>
[Cmdlet(VerbsSecurity.Protect, "EmptyJwt", DefaultParameterSetName = "Base64Url")]
public sealed class ProtectEmptyJwtCommand : EmptyStep
{
    /// <summary>As -HexadecimalKey.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "HexadecimalKey")]
    public string HexadecimalKey { get; set; } = null!;

    /// <summary>As -Base64Url.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Base64Url")]
    public string Base64Url { get; set; } = null!;

    /// <summary>As -Key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Key")]
    public JwtKey Key { get; set; } = null!;

    /// <summary>As -Algorithm (with its value set).</summary>
    [Parameter]
    [ValidateSet(typeof(SigningAlgorithmOrAutoValues))]
    public string Algorithm { get; set; } = "Auto";

    /// <summary>As -KeyId.</summary>
    [Parameter]
    public string? KeyId { get; set; }
}

/// <summary>Stands for Limit-KrJWTValidity.</summary>
[Cmdlet(VerbsData.Limit, "EmptyValidity", DefaultParameterSetName = "Lifetime")]
public sealed class LimitEmptyValidityCommand : EmptyStep
{
    /// <summary>As -Lifetime.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Lifetime")]
    public TimeSpan Lifetime { get; set; }

    /// <summary>As -Minutes.</summary>
    [Parameter(ParameterSetName = "Parts")]
    public double Minutes { get; set; }
}

/// <summary>Stands for Add-KrJWTSubject.</summary>
[Cmdlet(VerbsCommon.Add, "EmptySubject")]
public sealed class AddEmptySubjectCommand : EmptyStep
{
    /// <summary>As -Subject.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Subject { get; set; } = null!;
}

/// <summary>Stands for Add-KrJWTClaim.</summary>
[Cmdlet(VerbsCommon.Add, "EmptyClaim", DefaultParameterSetName = "ClaimType")]
public sealed class AddEmptyClaimCommand : EmptyStep
{
    /// <summary>As -ClaimType.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ClaimType")]
    public string ClaimType { get; set; } = null!;

    /// <summary>As -UserClaimType.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "UserClaimType")]
    public UserIdentityClaim UserClaimType { get; set; }

    /// <summary>As -Value.</summary>
    [Parameter(Mandatory = true)]
    public object Value { get; set; } = null!;
}

/// <summary>Stands for Build-KrJWT.</summary>
[Cmdlet("Build", "EmptyJwt")]
public sealed class BuildEmptyJwtCommand : PSCmdlet
{
    /// <summary>As -Builder.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public JwtBuilder Builder { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(Prepared.Result);
}

/// <summary>Stands for Get-KrJWTToken.</summary>
[Cmdlet(VerbsCommon.Get, "EmptyToken")]
public sealed class GetEmptyTokenCommand : PSCmdlet
{
    /// <summary>As -Result.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public JwtResult Result { get; set; } = null!;

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(Result.Token);
}

/// <summary>Stands for New-KrJWT.</summary>
[Cmdlet(VerbsCommon.New, "EmptyJwt", DefaultParameterSetName = "Key")]
public sealed class NewEmptyJwtCommand : PSCmdlet
{
    /// <summary>As -Issuer.</summary>
    [Parameter]
    public string? Issuer { get; set; }

    /// <summary>As -Audience.</summary>
    [Parameter]
    public string[]? Audience { get; set; }

    /// <summary>As -Subject.</summary>
    [Parameter]
    public string? Subject { get; set; }

    /// <summary>As -Claims.</summary>
    [Parameter]
    public IDictionary? Claims { get; set; }

    /// <summary>As -Lifetime.</summary>
    [Parameter]
    public TimeSpan? Lifetime { get; set; }

    /// <summary>As -Key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Key")]
    public JwtKey Key { get; set; } = null!;

    /// <summary>As -HexadecimalKey.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "HexadecimalKey")]
    public string HexadecimalKey { get; set; } = null!;

    /// <summary>As -Algorithm (with its value set).</summary>
    [Parameter]
    [ValidateSet(typeof(SigningAlgorithmOrAutoValues))]
    public string Algorithm { get; set; } = "Auto";

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteObject(Prepared.Result);
}
