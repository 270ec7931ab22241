using System;
using System.Collections.Generic;
using System.Management.Automation;

using KrJwt;
using KrJwt.Commands;

// The cmdlet classes are in the global namespace and named Verb_Noun: build.ps1 renames each to its
// cmdlet name, Verb-Noun (tools/name-cmdlet-types.ps1), so that every error PowerShell raises for them,
// parameter binding errors included, has the FullyQualifiedErrorId the script functions had
// ("KrJwt.InvalidKey,Protect-KrJWT"; PowerShell names a compiled cmdlet by its type's full name there).

/// <summary>
/// Test-KrJWT: validates tokens in one native batch per call: statuses only (kr_jwt_validate_batch) when
/// only booleans are wanted; messages (for -Verbose) and, with -PassThru, claims through kr_jwt_validate_many. Help: ps-module/help/Test-KrJWT.help.txt.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "KrJWT", DefaultParameterSetName = "ValidationParameter")]
[OutputType(typeof(bool), typeof(JwtValidationOutcome))]
public sealed class Test_KrJWT : KrJwtCmdlet
{
    private readonly List<string> _pending = new();
    private bool _tokenFromPipeline;
    private int _position;

    /// <summary>The compact token or tokens.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, Position = 0, ParameterSetName = "ValidationParameter")]
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, Position = 0, ParameterSetName = "Result")]
    [AllowEmptyString]
    [TokenInputCapture]
    public string[] Token { get; set; } = null!;

    /// <summary>The validation parameters.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "ValidationParameter")]
    public JwtValidationParameters ValidationParameter { get; set; } = null!;

    /// <summary>A result from Build-KrJWT whose issuer, audiences and key validate.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Result")]
    public JwtResult Result { get; set; } = null!;

    /// <summary>The clock skew.</summary>
    [Parameter]
    public TimeSpan ClockSkew { get; set; } = KrJwtLibrary.Defaults.ClockSkew;

    /// <summary>With -Result: accept any issuer.</summary>
    [Parameter(ParameterSetName = "Result")]
    public SwitchParameter SkipIssuerValidation { get; set; }

    /// <summary>With -Result: accept any audience.</summary>
    [Parameter(ParameterSetName = "Result")]
    public SwitchParameter SkipAudienceValidation { get; set; }

    /// <summary>Emit outcomes instead of booleans.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        // Bound before any pipeline input arrives: -Token given on the command line.
        _tokenFromPipeline = !MyInvocation.BoundParameters.ContainsKey(nameof(Token));
        TokenInputCaptureAttribute.Take();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        object? bound = TokenInputCaptureAttribute.Take();
        if (_tokenFromPipeline && MyInvocation.ExpectingInput && !TokenInput.Check(bound, this))
        {
            return;
        }
        if (ParameterSetName == "ValidationParameter")
        {
            _pending.AddRange(Token);
            return;
        }
        try
        {
            using JwtValidationParameters validator = Result.GetValidationParameters(ClockSkew, !SkipIssuerValidation, !SkipAudienceValidation, null);
            WriteOutcomes(validator, Token);
        }
        catch (Exception e)
        {
            Fail(e, Result);
            throw;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (ParameterSetName != "ValidationParameter" || _pending.Count == 0)
        {
            return;
        }
        JwtValidationParameters? skewed = null;
        try
        {
            JwtValidationParameters validator = ValidationParameter;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ClockSkew)))
            {
                skewed = ValidationParameter.WithClockSkew(ClockSkew);
                validator = skewed;
            }
            WriteOutcomes(validator, _pending.ToArray());
        }
        catch (Exception e)
        {
            Fail(e, ValidationParameter);
            throw;
        }
        finally
        {
            skewed?.Dispose();
        }
    }

    private void WriteOutcomes(JwtValidationParameters validator, string[] tokens)
    {
        bool passThru = PassThru.IsPresent;
        if (!passThru && !VerboseWanted())
        {
            // Only true or false is asked for: the library gives statuses, no messages, claims or JSON.
            bool[] verdicts = validator.ValidateAll(tokens);
            JwtEventStream.Flush(this); // the validator's events, to the information stream
            WriteObject(verdicts, enumerateCollection: true);
            _position += tokens.Length;
            return;
        }
        JwtValidationOutcome[] outcomes = validator.ValidateMany(tokens, passThru);
        JwtEventStream.Flush(this);
        foreach (JwtValidationOutcome outcome in outcomes)
        {
            _position++;
            if (!outcome.IsValid)
            {
                // The batch gives every outcome's message in the same native call.
                string detail = string.IsNullOrEmpty(outcome.Message) ? string.Empty : $" ({outcome.Message})";
                WriteVerbose($"Token {_position} is not valid: {outcome.Reason}{detail}");
            }
            WriteObject(passThru ? outcome : outcome.IsValid);
        }
    }

    // Whether WriteVerbose would show anything: -Verbose given, or else $VerbosePreference.
    private bool VerboseWanted()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out object? given))
        {
            return LanguagePrimitives.IsTrue(given);
        }
        ActionPreference preference = LanguagePrimitives.ConvertTo<ActionPreference>(GetVariableValue("VerbosePreference", ActionPreference.SilentlyContinue));
        return preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }
}
