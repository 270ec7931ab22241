using System;
using System.Management.Automation;

namespace KrJwt.Commands;

/// <summary>
/// Turns what a KrJwt call throws into the ErrorRecord every KrJwt command raises, for the compiled cmdlets
/// and (through Resolve-KrJwtError) the script functions alike, so the ErrorIds, categories and advice are
/// written once.
/// </summary>
public static class CommandErrors
{
    /// <summary>
    /// The ErrorRecord for a caught exception: a <see cref="KrJwtException"/> anywhere in the chain of inner
    /// exceptions gives ErrorId <c>KrJwt.&lt;Status&gt;</c> and the category the interop chose (with the
    /// PowerShell parameters to give as the recommended action for the issuer and audience rules); an
    /// <see cref="ObjectDisposedException"/> gives <c>KrJwt.ObjectDisposed</c> (InvalidOperation). Null for
    /// any other exception, which the caller rethrows unchanged.
    /// </summary>
    public static ErrorRecord? FromException(Exception? exception, object? target)
    {
        while (exception is not null and not KrJwtException and not ObjectDisposedException)
        {
            exception = exception.InnerException;
        }
        if (exception is ObjectDisposedException disposed)
        {
            // A builder, result, key or validation parameter object used after .Dispose().
            return new ErrorRecord(disposed, "KrJwt.ObjectDisposed", ErrorCategory.InvalidOperation, target);
        }
        if (exception is not KrJwtException library)
        {
            return null;
        }
        if (!Enum.TryParse(library.Category, out ErrorCategory category))
        {
            category = ErrorCategory.NotSpecified;
        }
        var record = new ErrorRecord(library, library.ErrorId, category, target);
        // The library names its JSON members; a PowerShell caller needs the parameters.
        string? recommended = library.StatusName switch
        {
            "MissingValidIssuer" => "Give -ValidIssuer (the issuers to accept), or opt out explicitly with -SkipIssuerValidation.",
            "MissingValidAudience" => "Give -ValidAudience (the audiences to accept), or opt out explicitly with -SkipAudienceValidation.",
            _ => null,
        };
        if (recommended is not null)
        {
            record.ErrorDetails = new ErrorDetails(library.Message) { RecommendedAction = recommended };
        }
        return record;
    }
}

/// <summary>The base of KrJwt's compiled cmdlets: their errors are the script functions' (same ErrorIds and categories).</summary>
public abstract class KrJwtCmdlet : PSCmdlet
{
    /// <summary>
    /// Stops the cmdlet with the KrJwt record for <paramref name="exception"/> (see
    /// <see cref="CommandErrors.FromException"/>); returns for an exception that is not the library's, which
    /// the caller's catch block then rethrows unchanged (<c>catch (Exception e) { Fail(e, target); throw; }</c>).
    /// </summary>
    protected void Fail(Exception exception, object? target)
    {
        if (exception is PipelineStoppedException)
        {
            return;
        }
        ErrorRecord? record = CommandErrors.FromException(exception, target);
        if (record is not null)
        {
            ThrowTerminatingError(record);
        }
    }
}
