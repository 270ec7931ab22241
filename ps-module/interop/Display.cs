using System;
using System.Globalization;

namespace KrJwt;

/// <summary>How the interop's ToString() and the module's views write values a person reads.</summary>
public static class Display
{
    /// <summary>
    /// A date as UTC with its zone, <c>2026-12-01 18:30:00Z</c> (a local time is converted first; an
    /// unspecified one is taken as UTC, as the library's times are); <c>-</c> for null.
    /// </summary>
    public static string Utc(DateTime? value)
    {
        if (value is not DateTime d)
        {
            return "-";
        }
        DateTime utc = d.Kind switch
        {
            DateTimeKind.Local => d.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            _ => d,
        };
        return utc.ToString("yyyy'-'MM'-'dd HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A date given as object (a builder's not-before may also be a TimeSpan): dates as <see cref="Utc(DateTime?)"/>.</summary>
    public static string Value(object? value) => value switch
    {
        null => string.Empty,
        DateTime d => Utc(d),
        TimeSpan t => "+" + t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
