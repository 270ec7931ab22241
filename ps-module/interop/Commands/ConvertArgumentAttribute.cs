using System;
using System.Management.Automation;

namespace KrJwt.Commands;

/// <summary>
/// Converts a parameter's argument the way a script function's typed parameter does, so a value that does
/// not convert is a ParameterArgumentTransformationError ("Cannot process argument transformation on
/// parameter ..."), as it was before the command was compiled, rather than a compiled cmdlet's
/// CannotConvertArgumentNoMessage. Only for parameters that take no pipeline input (converting there would
/// change which parameter a pipeline object binds to).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ConvertArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>Converts to <paramref name="type"/>.</summary>
    public ConvertArgumentAttribute(Type type) => Type = type;

    /// <summary>The parameter's type.</summary>
    public Type Type { get; }

    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        try
        {
            return LanguagePrimitives.ConvertTo(inputData, Type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PSInvalidCastException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }
}
