using System;
using System.Management.Automation;

namespace KrJwt.Commands;

/// <summary>
/// Whether a pipeline object can give a token: a string (or strings) or an object with a Token property.
/// -Token of Test-KrJWT and Get-KrJWTInfo binds strings from the pipeline and, by property name, the Token of
/// any object (a Build-KrJWT result, an Import-Csv record with a Token column). PowerShell would otherwise
/// turn any other object into its ToString() text, which validates as $false or fails to decode: a usage
/// mistake hidden as a verdict.
/// </summary>
public static class TokenInput
{
    /// <summary>
    /// True when <paramref name="input"/> can give a token ($null is left to PowerShell's own binding rules).
    /// Otherwise writes KrJwt.InvalidPipelineInput (InvalidArgument) as <paramref name="cmdlet"/>'s
    /// non-terminating error, naming the object's type, and returns false so the caller skips it.
    /// </summary>
    public static bool Check(object? input, PSCmdlet cmdlet)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (value is null || value is string || PSObject.AsPSObject(input!).Properties["Token"] is not null)
        {
            return true;
        }
        if (value is Array items && AllStrings(items))
        {
            return true;
        }
        string name = cmdlet.MyInvocation.MyCommand.Name;
        string hint = value is System.Collections.IDictionary
            ? " A hashtable's keys are not properties: pipe [pscustomobject]@{ Token = ... } instead."
            : string.Empty;
        string message = $"{name} cannot take a token from a pipeline object of type '{value.GetType().FullName}': pipe token strings, " +
            $"or objects with a Token property (a Build-KrJWT result, Import-Csv records with a Token column).{hint}";
        var record = new ErrorRecord(new PSArgumentException(message, "Token"), "KrJwt.InvalidPipelineInput", ErrorCategory.InvalidArgument, input);
        cmdlet.WriteError(record);
        return false;
    }

    private static bool AllStrings(Array items)
    {
        foreach (object? item in items)
        {
            if ((item is PSObject p ? p.BaseObject : item) is not string)
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>
/// Remembers the object PowerShell binds to a compiled cmdlet's -Token, before it is converted to strings,
/// so the cmdlet can apply <see cref="TokenInput.Check"/> to pipeline input as the script functions did
/// with <c>$_</c>. Binding and the cmdlet's ProcessRecord run on the same thread, one after the other.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class TokenInputCaptureAttribute : ArgumentTransformationAttribute
{
    [ThreadStatic]
    private static object? _bound;

    /// <summary>The object last bound to -Token on this thread, then forgotten.</summary>
    internal static object? Take()
    {
        object? bound = _bound;
        _bound = null;
        return bound;
    }

    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        _bound = inputData;
        return inputData;
    }
}
