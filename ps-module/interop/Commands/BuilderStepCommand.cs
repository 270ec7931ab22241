using System;
using System.Management.Automation;

namespace KrJwt.Commands;

/// <summary>The cmdlets that change a builder in place and emit it again.</summary>
public abstract class BuilderStepCommand : KrJwtCmdlet
{
    /// <summary>The builder to change. Accepts pipeline input.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public JwtBuilder Builder { get; set; } = null!;

    /// <summary>The change.</summary>
    protected abstract void Apply(JwtBuilder builder);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            Apply(Builder);
        }
        catch (Exception e)
        {
            Fail(e, Builder);
            throw;
        }
        WriteObject(Builder);
    }
}
