// Validation events on the .NET side: the log callback bridge (kr_jwt_validator_set_log_callback), the
// JSON Lines file writer, the information-stream helper and the statistics object. The events, counters
// and signals themselves are made by the library (src/audit/); this file only carries them.
using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace KrJwt;

/// <summary>One event from the library: a validation (failure, or success when asked) or a misuse signal.</summary>
public sealed class JwtEvent
{
    internal JwtEvent(string json, int level)
    {
        Json = json;
        Level = level switch { 1 => "info", 2 => "warning", 3 => "alert", _ => "unknown" };
        using JsonDocument doc = JsonShape.Parse(json);
        Fields = JsonShape.ToDictionary(doc.RootElement);
        Kind = JsonShape.String(doc.RootElement, "event") ?? string.Empty;
        Status = JsonShape.String(doc.RootElement, "status");
        Signal = JsonShape.String(doc.RootElement, "signal");
    }

    /// <summary><c>info</c> (a success), <c>warning</c> (a refused token) or <c>alert</c> (a misuse signal).</summary>
    public string Level { get; }

    /// <summary><c>validation</c> or <c>signal</c>.</summary>
    public string Kind { get; }

    /// <summary>The status name of a validation event (<c>Ok</c>, <c>TokenExpired</c>, ...); null for a signal.</summary>
    public string? Status { get; }

    /// <summary>The signal of a signal event (<c>invalid_signature</c>, <c>replay</c>, ...); null for a validation.</summary>
    public string? Signal { get; }

    /// <summary>Every field of the event (time, validator, scheme, path, alg, kid, iss, aud, jti, exp, fingerprint, client, ...).</summary>
    public OrderedDictionary Fields { get; }

    /// <summary>The event as the library wrote it: one line of JSON, also the line of a -LogPath file.</summary>
    public string Json { get; }

    /// <summary>The JSON line.</summary>
    public override string ToString() => Json;
}

/// <summary>
/// Appends lines to a JSON Lines file safely from several threads and processes: each line is one write of
/// the whole line and its newline, made while holding a named mutex derived from the file's full path (and,
/// within a process, a lock), to a file opened for appending and shared with every other writer.
/// </summary>
public sealed class JsonLinesWriter
{
    private static readonly ConcurrentDictionary<string, JsonLinesWriter> Writers = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly object _gate = new();
    private readonly string _mutexName;

    private JsonLinesWriter(string path)
    {
        Path = path;
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(path));
        _mutexName = "KrJwtLog." + Convert.ToHexString(hash, 0, 16);
    }

    /// <summary>The writer of <paramref name="path"/> (one per full path in a process). The folder must exist.</summary>
    public static JsonLinesWriter For(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, "A log path is needed.");
        }
        string full = System.IO.Path.GetFullPath(path);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"The folder of the log file '{full}' does not exist.");
        }
        if (Directory.Exists(full))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"The log path '{full}' is a folder, not a file.");
        }
        JsonLinesWriter writer = Writers.GetOrAdd(full, p => new JsonLinesWriter(p));
        writer.Append(null); // opens (creates) the file now, so an unwritable path fails here
        return writer;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Appends <paramref name="line"/> and a newline as one write (null: only opens the file).</summary>
    public void Append(string? line)
    {
        byte[] bytes = line is null ? Array.Empty<byte>() : Utf8.GetBytes(line.Replace("\r", string.Empty).Replace("\n", string.Empty) + "\n");
        lock (_gate)
        {
            using var mutex = new Mutex(false, _mutexName);
            bool owned = false;
            try
            {
                try
                {
                    owned = mutex.WaitOne();
                }
                catch (AbandonedMutexException)
                {
                    owned = true; // a writer died holding it: the file is still whole lines
                }
                using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                if (bytes.Length > 0)
                {
                    stream.Write(bytes, 0, bytes.Length);
                }
            }
            finally
            {
                if (owned)
                {
                    mutex.ReleaseMutex();
                }
            }
        }
    }
}

/// <summary>What a validator's events say and when its signals fire; the library checks every value.</summary>
public sealed class JwtEventOptions
{
    /// <summary>The validator's name in its events and statistics.</summary>
    public string? Name { get; set; }

    /// <summary>Events for successful validations too.</summary>
    public bool LogSuccess { get; set; }

    /// <summary>Events carry <c>sub</c> (personal data: off by default).</summary>
    public bool LogSubject { get; set; }

    /// <summary>A JSON Lines file every event is appended to; null: none.</summary>
    public string? LogPath { get; set; }

    /// <summary>The replay detector: a <c>jti</c> presented again within its lifetime raises a <c>replay</c> signal.</summary>
    public bool ReplayDetection { get; set; }

    /// <summary>
    /// Signal thresholds by signal name (<c>invalid_signature</c>, <c>unknown_kid</c>, <c>unexpected_issuer</c>,
    /// <c>expired_reuse</c>; 0 switches one off) and the windows (<c>burst_window</c>, <c>expired_window</c>, in
    /// seconds) and <c>replay_capacity</c>; the library refuses unknown names.
    /// </summary>
    public IDictionary? Thresholds { get; set; }

    /// <summary>The library's event options JSON (kr_jwt_validator_set_event_options).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("name", Name ?? string.Empty);
            w.WriteBoolean("log_success", LogSuccess);
            w.WriteBoolean("log_subject", LogSubject);
            w.WriteBoolean("replay_detection", ReplayDetection);
            if (Thresholds is not null)
            {
                foreach (DictionaryEntry entry in Thresholds)
                {
                    string key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    string member = key switch
                    {
                        "burst_window" or "expired_window" => key + "_seconds",
                        "replay_capacity" => key,
                        _ => key + "_threshold",
                    };
                    long value;
                    try
                    {
                        value = Convert.ToInt64(entry.Value, System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
                    {
                        throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"The signal setting '{key}' must be a whole number.");
                    }
                    w.WriteNumber(member, value);
                }
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>
/// The receiver of one validator's events (kr_jwt_validator_set_log_callback). Its userdata is a number looked
/// up in a table, never a pointer, so a late callback after release finds nothing instead of freed memory;
/// exceptions never cross into the library.
/// </summary>
internal sealed class JwtEventSink
{
    private static readonly ConcurrentDictionary<long, JwtEventSink> Live = new();
    private static long s_next;
    private const int MaxPending = 256;

    [ThreadStatic]
    private static List<JwtEvent>? t_pending;

    private JwtEventSink(JsonLinesWriter? writer)
    {
        Writer = writer;
        Id = Interlocked.Increment(ref s_next);
        Live[Id] = this;
    }

    internal long Id { get; }

    internal JsonLinesWriter? Writer { get; }

    /// <summary>Events that could not be written (the file failed), counted instead of thrown into the library.</summary>
    internal long WriteFailures;

    internal static JwtEventSink Create(JsonLinesWriter? writer) => new(writer);

    internal void Release() => Live.TryRemove(Id, out _);

    internal static unsafe IntPtr Callback => (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, void>)&OnEvent;

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnEvent(IntPtr userdata, IntPtr json, int level)
    {
        try
        {
            if (!Live.TryGetValue((long)userdata, out JwtEventSink? sink))
            {
                return;
            }
            string line = Marshal.PtrToStringUTF8(json) ?? string.Empty;
            try
            {
                sink.Writer?.Append(line);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref sink.WriteFailures);
            }
            List<JwtEvent> pending = t_pending ??= new List<JwtEvent>();
            if (pending.Count >= MaxPending)
            {
                pending.RemoveAt(0);
            }
            pending.Add(new JwtEvent(line, level));
        }
        catch
        {
            // Never into native code.
        }
    }

    /// <summary>The events this thread received since the last call (at most the last 256).</summary>
    internal static JwtEvent[] TakePending()
    {
        List<JwtEvent>? pending = t_pending;
        if (pending is null || pending.Count == 0)
        {
            return Array.Empty<JwtEvent>();
        }
        JwtEvent[] taken = pending.ToArray();
        pending.Clear();
        return taken;
    }
}

/// <summary>Keeps a validator's event sink registered until the last validator handle holding it is freed.</summary>
internal sealed class EventSinkHandle : SafeHandle
{
    internal EventSinkHandle(JwtEventSink sink) : base(IntPtr.Zero, ownsHandle: true)
    {
        Sink = sink;
        SetHandle((IntPtr)sink.Id);
    }

    internal JwtEventSink Sink { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Sink.Release();
        return true;
    }
}

/// <summary>Writes the events the calling thread received to a cmdlet's information stream, tagged <c>KrJwt</c>.</summary>
public static class JwtEventStream
{
    /// <summary>The tag of every event record.</summary>
    public const string Tag = "KrJwt";

    /// <summary>Takes this thread's pending events and writes each to <paramref name="cmdlet"/>'s information stream.</summary>
    public static void Flush(Cmdlet cmdlet)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        foreach (JwtEvent e in JwtEventSink.TakePending())
        {
            cmdlet.WriteInformation(e, new[] { Tag, e.Level });
        }
    }

    /// <summary>Takes this thread's pending events (what <see cref="Flush"/> would write).</summary>
    public static JwtEvent[] TakePending() => JwtEventSink.TakePending();
}

/// <summary>A validator's counters, rates and signals (kr_jwt_validator_statistics).</summary>
public sealed class JwtValidationStatistic
{
    internal JwtValidationStatistic(string json, string? scheme)
    {
        Json = json;
        Scheme = scheme;
        using JsonDocument doc = JsonShape.Parse(json);
        JsonElement root = doc.RootElement;
        Validator = JsonShape.String(root, "validator") ?? string.Empty;
        Validations = (long)(JsonShape.Number(root, "validations") ?? 0);
        Succeeded = (long)(JsonShape.Number(root, "succeeded") ?? 0);
        Failed = (long)(JsonShape.Number(root, "failed") ?? 0);
        FailedByReason = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in JsonShape.Dictionary(root, "failed_by_reason"))
        {
            FailedByReason[e.Key] = Convert.ToInt64(e.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (JsonShape.Member(root, "rates") is JsonElement rates)
        {
            PerMinute = (long)(JsonShape.Number(rates, "validations_last_minute") ?? 0);
            FailuresPerMinute = (long)(JsonShape.Number(rates, "failures_last_minute") ?? 0);
            PerMinute15 = JsonShape.Number(rates, "validations_per_minute_15") ?? 0;
            FailuresPerMinute15 = JsonShape.Number(rates, "failures_per_minute_15") ?? 0;
        }
        Signals = new Hashtable(StringComparer.OrdinalIgnoreCase);
        var recent = new List<OrderedDictionary>();
        if (JsonShape.Member(root, "signals") is JsonElement signals)
        {
            foreach (DictionaryEntry e in JsonShape.Dictionary(signals, "raised"))
            {
                Signals[e.Key] = Convert.ToInt64(e.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (JsonShape.Member(signals, "recent") is JsonElement list && list.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement s in list.EnumerateArray())
                {
                    recent.Add(JsonShape.ToDictionary(s));
                }
            }
        }
        RecentSignals = recent.ToArray();
    }

    /// <summary>The bearer scheme asked about, if any.</summary>
    public string? Scheme { get; }

    /// <summary>The validator's event name.</summary>
    public string Validator { get; }

    /// <summary>Validations counted (successes and failures).</summary>
    public long Validations { get; }

    /// <summary>Successful validations.</summary>
    public long Succeeded { get; }

    /// <summary>Refused tokens.</summary>
    public long Failed { get; }

    /// <summary>Refused tokens by reason (status name → count), only the reasons that occurred.</summary>
    public Hashtable FailedByReason { get; }

    /// <summary>Validations in the last 60 seconds.</summary>
    public long PerMinute { get; }

    /// <summary>Refused tokens in the last 60 seconds.</summary>
    public long FailuresPerMinute { get; }

    /// <summary>Validations per minute, averaged over the last 15 minutes.</summary>
    public double PerMinute15 { get; }

    /// <summary>Refused tokens per minute, averaged over the last 15 minutes.</summary>
    public double FailuresPerMinute15 { get; }

    /// <summary>Misuse signals raised, by signal name (<c>invalid_signature</c>, <c>replay</c>, ...).</summary>
    public Hashtable Signals { get; }

    /// <summary>The last signals raised (at most 32), each with signal, scope, value, count, threshold, time.</summary>
    public OrderedDictionary[] RecentSignals { get; }

    /// <summary>The statistics as the library wrote them.</summary>
    public string Json { get; }

    /// <summary>The counts.</summary>
    public override string ToString() => $"KrJwt validation statistic {Validations} validations, {Succeeded} succeeded, {Failed} failed";
}

public sealed partial class JwtValidationParameters
{
    /// <summary>True once <see cref="EnableEvents"/> registered an event receiver on this validator (or the one it was copied from).</summary>
    public bool EventsEnabled => Handle.EventSink is not null;

    /// <summary>The JSON Lines file the events go to, if any.</summary>
    public string? LogPath => Handle.EventSink?.Sink.Writer?.Path;

    /// <summary>
    /// Sets the event options (kr_jwt_validator_set_event_options) and registers this assembly's receiver as the
    /// log callback of this validator and every copy sharing its events: each event is appended to
    /// <see cref="JwtEventOptions.LogPath"/> when given and kept for the thread's <see cref="JwtEventStream"/>.
    /// Replaces earlier options and receiver.
    /// </summary>
    public void EnableEvents(JwtEventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JsonLinesWriter? writer = string.IsNullOrEmpty(options.LogPath) ? null : JsonLinesWriter.For(options.LogPath);
        Native.Check(NativeMethods.kr_jwt_validator_set_event_options(Handle, Native.Utf8Z(options.ToJson(), "Event options")));
        var sink = new EventSinkHandle(JwtEventSink.Create(writer));
        Native.Check(NativeMethods.kr_jwt_validator_set_log_callback(Handle, JwtEventSink.Callback, (IntPtr)sink.Sink.Id));
        Handle.KeepEventSink(sink);
    }

    /// <summary>The counters, rates and signals of this validator and its copies (kr_jwt_validator_statistics).</summary>
    public JwtValidationStatistic GetStatistics() => GetStatistics(null);

    /// <summary>The statistics, naming the bearer scheme they were asked for.</summary>
    public JwtValidationStatistic GetStatistics(string? scheme)
    {
        Native.Check(NativeMethods.kr_jwt_validator_statistics(Handle, out IntPtr json));
        return new JwtValidationStatistic(Native.TakeString(json), scheme);
    }

    /// <summary>Clears the counters, rates and signals (kr_jwt_validator_statistics_reset).</summary>
    public void ResetStatistics() => Native.Check(NativeMethods.kr_jwt_validator_statistics_reset(Handle));
}
