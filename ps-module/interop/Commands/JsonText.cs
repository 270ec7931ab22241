using System;
using System.Collections;
using System.Management.Automation;
using System.Numerics;
using Microsoft.PowerShell.Commands;

namespace KrJwt.Commands;

/// <summary>
/// Claim and header values as the compact JSON text the native library takes (Add-KrJWTClaim,
/// Add-KrJWTHeader, New-KrJWT -Claims and every other place a value becomes JSON).
/// </summary>
public static class JsonText
{
    private const int MaxDepth = 20;

    private static readonly Type[] LeafTypes =
    {
        typeof(string), typeof(char), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort),
        typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal),
        typeof(BigInteger), typeof(DateTime), typeof(DateTimeOffset), typeof(Guid), typeof(Uri),
    };

    /// <summary>
    /// Serialises a value as ConvertTo-Json -Compress -Depth 20 does, keeping its JSON type: strings,
    /// numbers, booleans, arrays (one-element arrays too) and hashtables. A PSObject wrapper is removed first
    /// (except around a PSCustomObject) so extended properties are not serialised. A value that is not JSON
    /// data (see <see cref="FindNonJsonValue"/>) throws a <see cref="KrJwtException"/> with status
    /// InvalidArgument instead of being dumped property by property.
    /// </summary>
    public static string FromValue(object? value)
    {
        value = Unwrap(value);
        string? notData = FindNonJsonValue(value, "value", 0);
        if (notData is not null)
        {
            throw KrJwtException.FromStatus(KrJwtStatus.InvalidArgument,
                $"The value is not JSON data: it contains {notData}. Give strings, numbers, booleans, arrays or hashtables.");
        }
        // Strings, the most common claim value, need no trip through the PowerShell serialiser.
        if (value is string text)
        {
            return System.Text.Json.JsonSerializer.Serialize(text);
        }
        var context = new JsonObject.ConvertToJsonContext(MaxDepth, enumsAsStrings: false, compressOutput: true);
        return JsonObject.ConvertToJson(value, in context) ?? "null";
    }

    /// <summary>
    /// The first part of a value that is not JSON data, described ("a System.Management.Automation.ScriptBlock
    /// at value[1]"), or null when the whole value is data. JSON data is: null, strings and characters,
    /// booleans, numbers, DateTime/DateTimeOffset (ISO 8601 text), Guid, Uri and enum values, and arrays,
    /// lists, hashtables, dictionaries and PSCustomObjects made of those, at most 20 levels deep. Anything
    /// else (a ScriptBlock, a FileInfo, a process, ...) would be serialised as a dump of its .NET properties,
    /// which is never what a token should carry.
    /// </summary>
    public static string? FindNonJsonValue(object? value, string where, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"a value nested deeper than {MaxDepth} levels at {where}";
        }
        value = Unwrap(value);
        if (value is null || value is Enum || Array.IndexOf(LeafTypes, value.GetType()) >= 0)
        {
            return null;
        }
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    string? found = FindNonJsonValue(entry.Value, $"{where}[{entry.Key}]", depth + 1);
                    if (found is not null)
                    {
                        return found;
                    }
                }
                return null;
            case PSObject custom:
                foreach (PSPropertyInfo property in custom.Properties)
                {
                    string? found = FindNonJsonValue(property.Value, $"{where}.{property.Name}", depth + 1);
                    if (found is not null)
                    {
                        return found;
                    }
                }
                return null;
            case IEnumerable items:
                int index = 0;
                foreach (object? item in items)
                {
                    string? found = FindNonJsonValue(item, $"{where}[{index}]", depth + 1);
                    if (found is not null)
                    {
                        return found;
                    }
                    index++;
                }
                return null;
            default:
                return $"a {value.GetType().FullName} at {where}";
        }
    }

    // A PSObject around anything but a PSCustomObject is taken off; a PSCustomObject stays a PSObject.
    private static object? Unwrap(object? value) =>
        value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
}
