// The host side of a remote key source (issue 13). The library keeps the JWK Set fresh (discovery, cache,
// cooldown, backoff, stale window: src/remote/) and does no I/O; for each HTTP GET it calls the fetch callback
// here, which answers with HttpClient. This file only transports: every rule about what a fetch may return is
// the library's.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace KrJwt;

/// <summary>
/// One remote key source's HTTP client: <see cref="SocketsHttpHandler"/> with automatic redirects off (a 3xx is
/// reported as such, never followed), no cookies, the .NET default proxy and no credentials. Each fetch has the
/// request's timeout and reads at most the request's byte cap.
/// </summary>
internal sealed class HttpJwksFetcher : IDisposable
{
    // Results of the callback (the C ABI contract).
    private const int Filled = 0;
    private const int TimedOut = 1;
    private const int TooLarge = 2;
    private const int TransportError = 3;

    private readonly HttpClient _client;

    internal HttpJwksFetcher()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // A provider that moves (DNS) is found again without restarting the process.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // The per-request CancellationTokenSource is the only timeout.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/jwk-set+json"));
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("KrJwt", "0.1"));
    }

    /// <summary>The callback as the C function pointer kr_jwt_validator_new_remote takes. A static entry point: there is no delegate the GC could collect.</summary>
    internal static unsafe IntPtr Callback => (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int>)&Fetch;

    // Called by the library on the validating thread, never twice at once for one source. Nothing may escape
    // into native code: every exception becomes a transport error with its message.
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int Fetch(IntPtr userdata, IntPtr request, IntPtr response)
    {
        try
        {
            if (userdata == IntPtr.Zero || GCHandle.FromIntPtr(userdata).Target is not HttpJwksFetcher fetcher)
            {
                SetError(response, "the KrJwt fetcher of this key source was released");
                return TransportError;
            }
            string url = Marshal.PtrToStringUTF8(NativeMethods.kr_jwt_fetch_request_url(request)) ?? string.Empty;
            uint timeoutMs = NativeMethods.kr_jwt_fetch_request_timeout_ms(request);
            ulong maxBytes = NativeMethods.kr_jwt_fetch_request_max_bytes(request);
            return fetcher.Get(url, TimeSpan.FromMilliseconds(timeoutMs), maxBytes > long.MaxValue ? long.MaxValue : (long)maxBytes, response);
        }
        catch (Exception ex)
        {
            try
            {
                SetError(response, "the fetch failed: " + ex.Message);
            }
            catch
            {
                // Nothing more can be reported; the nonzero result still fails the fetch.
            }
            return TransportError;
        }
    }

    private sealed class Answer
    {
        internal int Result = Filled;
        internal int Status;
        internal string? CacheControl;
        internal byte[]? Body;
        internal int BodyLength;
        internal string? Error;
    }

    private int Get(string url, TimeSpan timeout, long maxBytes, IntPtr response)
    {
        Answer answer;
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                // Blocking here is what the library asks for (the callback returns the whole answer); the awaits
                // use no synchronization context, so this thread cannot deadlock on them.
                answer = GetAsync(url, maxBytes, cts.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                answer = new Answer { Result = TimedOut, Error = $"no complete answer from {url} within {timeout.TotalSeconds:0.###} s" };
            }
            catch (Exception ex)
            {
                answer = new Answer { Result = TransportError, Error = Describe(ex) };
            }
        }
        // The response is filled on the callback's own thread, after every await.
        if (answer.Result != Filled)
        {
            SetError(response, answer.Error ?? "the fetch failed");
            return answer.Result;
        }
        Check(NativeMethods.kr_jwt_fetch_response_set_status(response, (ushort)answer.Status));
        if (answer.Status is >= 300 and < 400)
        {
            Check(NativeMethods.kr_jwt_fetch_response_set_redirected(response, true));
        }
        if (answer.CacheControl is not null)
        {
            Check(NativeMethods.kr_jwt_fetch_response_set_cache_control(response, Utf8Z(answer.CacheControl)));
        }
        if (answer.Body is not null)
        {
            unsafe
            {
                fixed (byte* body = answer.Body)
                {
                    if (NativeMethods.kr_jwt_fetch_response_set_body(response, body, (nuint)answer.BodyLength) != 0)
                    {
                        // The library refuses a body over the cap it asked for.
                        return TooLarge;
                    }
                }
            }
        }
        return Filled;
    }

    private async Task<Answer> GetAsync(string url, long maxBytes, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using HttpResponseMessage http = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        var answer = new Answer { Status = (int)http.StatusCode };
        if (http.Headers.NonValidated.TryGetValues("Cache-Control", out HeaderStringValues cacheControl))
        {
            answer.CacheControl = cacheControl.ToString();
        }
        // Only a 2xx body can matter (the library accepts exactly 200); a redirect or an error page is not read.
        if (answer.Status is < 200 or >= 300)
        {
            return answer;
        }
        if (http.Content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            return new Answer { Result = TooLarge, Error = $"{url} announces {declared} bytes, over the cap of {maxBytes}" };
        }
        using Stream stream = await http.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        byte[] buffer = new byte[(int)Math.Min(maxBytes + 1, 64 * 1024)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    break;
                }
                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
            }
            int read = await stream.ReadAsync(buffer.AsMemory(length), cancel).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            length += read;
        }
        if (length > maxBytes)
        {
            // Reading stops one byte past the cap; the rest is never downloaded.
            return new Answer { Result = TooLarge, Error = $"the body of {url} is over the cap of {maxBytes} bytes" };
        }
        answer.Body = buffer;
        answer.BodyLength = length;
        return answer;
    }

    private static string Describe(Exception ex)
    {
        var text = new StringBuilder(ex.Message);
        for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.ToString().Contains(inner.Message, StringComparison.Ordinal))
            {
                text.Append(" (").Append(inner.Message).Append(')');
            }
        }
        return text.ToString();
    }

    private static void Check(int status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"the library refused the answer (status {KrJwtLibrary.StatusName(status)})");
        }
    }

    private static void SetError(IntPtr response, string message) =>
        NativeMethods.kr_jwt_fetch_response_set_error(response, Utf8Z(message));

    private static byte[] Utf8Z(string value)
    {
        string text = value.Replace('\0', ' ');
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
        return bytes;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// Owns the <see cref="GCHandle"/> that is the fetch callback's <c>userdata</c>, and the fetcher behind it. Every
/// <see cref="ValidatorHandle"/> whose source calls it holds a reference (<see cref="ValidatorHandle.KeepAlive"/>),
/// so the GCHandle is freed and the HttpClient disposed only after the last native validator is freed.
/// </summary>
internal sealed class FetcherHandle : SafeHandle
{
    private readonly HttpJwksFetcher _fetcher;

    internal FetcherHandle(HttpJwksFetcher fetcher) : base(IntPtr.Zero, ownsHandle: true)
    {
        _fetcher = fetcher;
        SetHandle(GCHandle.ToIntPtr(GCHandle.Alloc(fetcher)));
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GCHandle.FromIntPtr(handle).Free();
        _fetcher.Dispose();
        return true;
    }
}

/// <summary>
/// Where a validator's keys come from when they are fetched (kr_jwt_validator_new_remote): exactly one of
/// <see cref="Authority"/>, <see cref="MetadataAddress"/> or <see cref="JwksUri"/>, and limits left null for the
/// library's defaults (https only, 1 MiB, 5 s, cache 10 min, cooldown 30 s, stale-if-error 1 h). The library
/// checks every value.
/// </summary>
public sealed class JwtKeySourceOptions
{
    /// <summary>An OpenID Connect issuer; its keys come through <c>{authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>An explicit OIDC or RFC 8414 metadata URL.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>A JWK Set URL (the valid issuers must then be given).</summary>
    public string? JwksUri { get; set; }

    /// <summary>Allow <c>http://</c> URLs (a local test provider); never for production.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>How long a fetched document is used before it is refreshed.</summary>
    public TimeSpan? CacheMaxAge { get; set; }

    /// <summary>The least time between two fetches.</summary>
    public TimeSpan? RefreshCooldown { get; set; }

    /// <summary>How long past its max age the last good set is served while refreshes fail (zero: strict).</summary>
    public TimeSpan? StaleIfError { get; set; }

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan? HttpTimeout { get; set; }

    /// <summary>The largest response body accepted.</summary>
    public long? MaxJwksBytes { get; set; }

    /// <summary>The members this adds to the validator's parameter JSON.</summary>
    internal void WriteTo(JsonObject parameters)
    {
        if (Authority is not null)
        {
            parameters["authority"] = Authority;
        }
        if (MetadataAddress is not null)
        {
            parameters["metadata_url"] = MetadataAddress;
        }
        if (JwksUri is not null)
        {
            parameters["jwks_uri"] = JwksUri;
        }
        if (AllowInsecureHttp)
        {
            parameters["allow_http"] = true;
        }
        Seconds(parameters, "jwks_cache_max_age_seconds", CacheMaxAge);
        Seconds(parameters, "jwks_refresh_cooldown_seconds", RefreshCooldown);
        Seconds(parameters, "jwks_stale_if_error_seconds", StaleIfError);
        Seconds(parameters, "http_timeout_seconds", HttpTimeout);
        if (MaxJwksBytes is long max)
        {
            parameters["max_jwks_bytes"] = max;
        }
    }

    private static void Seconds(JsonObject parameters, string name, TimeSpan? value)
    {
        if (value is TimeSpan t)
        {
            double seconds = t.TotalSeconds;
            // Whole seconds as integers, so a library that reads integers takes them as given.
            parameters[name] = seconds == Math.Floor(seconds) && Math.Abs(seconds) < 9e15 ? JsonValue.Create((long)seconds) : JsonValue.Create(seconds);
        }
    }
}

/// <summary>A key of a fetched JWK Set that the library could not use, and why.</summary>
public sealed class JwtSkippedKey
{
    internal JwtSkippedKey(int index, string? keyId, string reason)
    {
        Index = index;
        KeyId = keyId;
        Reason = reason;
    }

    /// <summary>Position in the set's <c>keys</c> array.</summary>
    public int Index { get; }

    /// <summary>The key's <c>kid</c>, if it had one.</summary>
    public string? KeyId { get; }

    /// <summary>Why it was skipped.</summary>
    public string Reason { get; }

    /// <summary>The <c>skipped_keys</c> array of a validator description or key source status.</summary>
    internal static JwtSkippedKey[] ListFrom(JsonElement root)
    {
        var skipped = new List<JwtSkippedKey>();
        if (JsonShape.Member(root, "skipped_keys") is JsonElement s && s.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement key in s.EnumerateArray())
            {
                skipped.Add(new JwtSkippedKey((int)(JsonShape.Number(key, "index") ?? -1), JsonShape.String(key, "kid"), JsonShape.String(key, "reason") ?? string.Empty));
            }
        }
        return skipped.ToArray();
    }

    /// <summary>Index, kid and reason.</summary>
    public override string ToString() => $"KrJwt skipped key #{Index}" + (KeyId is null ? string.Empty : $" kid={KeyId}") + $": {Reason}";
}

/// <summary>
/// A snapshot of a remote key source (kr_jwt_validator_key_source_status): where it fetches, the keys it holds,
/// and the counters an operator needs. Times are UTC.
/// </summary>
public sealed class JwtKeySourceStatus
{
    private JwtKeySourceStatus(JsonElement root, string json)
    {
        StatusJson = json;
        Authority = JsonShape.String(root, "authority");
        MetadataAddress = JsonShape.String(root, "metadata_url");
        JwksUri = JsonShape.String(root, "jwks_uri");
        Issuers = JsonShape.Strings(root, "issuers");
        KeyIds = JsonShape.Strings(root, "key_ids");
        SkippedKeys = JwtSkippedKey.ListFrom(root);
        SuccessCount = Count(root, "fetches_ok");
        FailureCount = Count(root, "fetches_failed");
        ConsecutiveFailures = Count(root, "consecutive_failures");
        KidMissCount = Count(root, "kid_misses");
        SuppressedRefreshCount = Count(root, "suppressed_refreshes");
        NegativeCacheHitCount = Count(root, "negative_cache_hits");
        StaleServedCount = Count(root, "stale_served");
        LastSuccess = Time(root, "last_success_ms");
        LastError = JsonShape.String(root, "last_error");
        LastErrorTime = Time(root, "last_error_ms");
        KeysFetchedAt = Time(root, "keys_fetched_at_ms");
        FreshUntil = Time(root, "fresh_until_ms");
        NextRefresh = Time(root, "next_refresh_ms");
        FetchInProgress = JsonShape.Bool(root, "fetch_in_progress");
        Seeded = JsonShape.Bool(root, "seeded");
    }

    internal static JwtKeySourceStatus FromJson(string json)
    {
        using JsonDocument doc = JsonShape.Parse(json);
        return new JwtKeySourceStatus(doc.RootElement, json);
    }

    private static long Count(JsonElement root, string name) => (long)(JsonShape.Number(root, name) ?? 0);

    // Unix milliseconds; null (never) and 0 (no time set: e.g. the next refresh may happen on the next lookup) are null.
    private static DateTime? Time(JsonElement root, string name) =>
        JsonShape.Member(root, name) is JsonElement v && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long ms) && ms > 0
            ? DateTime.UnixEpoch.AddMilliseconds(ms)
            : null;

    /// <summary>The authority the source discovers from, if configured with one.</summary>
    public string? Authority { get; }

    /// <summary>The metadata document's URL (derived from the authority, or given).</summary>
    public string? MetadataAddress { get; }

    /// <summary>The issuer tokens must name: the configured one, else the discovered one (null before discovery).</summary>
    public string? Issuer => Issuers.Length > 0 ? Issuers[0] : null;

    /// <summary>Every issuer tokens may name.</summary>
    public string[] Issuers { get; }

    /// <summary>The JWK Set URL (configured, or from the metadata's <c>jwks_uri</c>).</summary>
    public string? JwksUri { get; }

    /// <summary>The <c>kid</c> of every key in the current set.</summary>
    public string[] KeyIds { get; }

    /// <summary>Keys of the current set that could not be used, with the reason.</summary>
    public JwtSkippedKey[] SkippedKeys { get; }

    /// <summary>Every HTTP fetch made (metadata and JWK Set each count), successful or not.</summary>
    public long FetchCount => SuccessCount + FailureCount;

    /// <summary>Fetches that gave a usable document.</summary>
    public long SuccessCount { get; }

    /// <summary>Fetches that failed (transport, status, size, JSON, no usable key, ...).</summary>
    public long FailureCount { get; }

    /// <summary>Refreshes that failed since the last success (drives the backoff).</summary>
    public long ConsecutiveFailures { get; }

    /// <summary>Lookups whose <c>kid</c> was not in the current set.</summary>
    public long KidMissCount { get; }

    /// <summary>Refreshes wanted but not made because of the cooldown or the backoff.</summary>
    public long SuppressedRefreshCount { get; }

    /// <summary>Unknown kids answered from the negative cache, without fetching.</summary>
    public long NegativeCacheHitCount { get; }

    /// <summary>Lookups answered from a set past its max age because refreshing it failed.</summary>
    public long StaleServedCount { get; }

    /// <summary>When a fetch last succeeded.</summary>
    public DateTime? LastSuccess { get; }

    /// <summary>The last failure's message.</summary>
    public string? LastError { get; }

    /// <summary>When the last failure happened.</summary>
    public DateTime? LastErrorTime { get; }

    /// <summary>When the current set was fetched.</summary>
    public DateTime? KeysFetchedAt { get; }

    /// <summary>When the current set is due for a refresh.</summary>
    public DateTime? FreshUntil { get; }

    /// <summary>The earliest time the next fetch may happen; null: on the next lookup.</summary>
    public DateTime? NextRefresh { get; }

    /// <summary>True while a fetch runs.</summary>
    public bool FetchInProgress { get; }

    /// <summary>True when the current set was seeded, not fetched.</summary>
    public bool Seeded { get; }

    /// <summary>The status as the library reports it.</summary>
    public string StatusJson { get; }

    /// <summary>Where it fetches, how many keys, fetches and failures.</summary>
    public override string ToString() =>
        $"KrJwt key source {Authority ?? MetadataAddress ?? JwksUri} keys={KeyIds.Length} fetches={FetchCount} failures={FailureCount}";
}

public sealed partial class JwtValidationParameters
{
    /// <summary>
    /// A validator whose keys come from a remote source (kr_jwt_validator_new_remote): the parameters of
    /// <paramref name="options"/> (issuers, audiences, algorithms, ...; no keys) plus where to fetch them. Nothing is
    /// fetched now: the first validation fetches. Copies (<see cref="Copy"/>, <see cref="WithClockSkew"/>, ...) share
    /// the source.
    /// </summary>
    public static JwtValidationParameters FromKeySource(JwtValidationOptions options, JwtKeySourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        if (options.JwksJson is not null)
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, "A validator with a remote key source takes its keys from the source; do not give a JWK Set too.");
        }
        JsonObject parameters = JsonNode.Parse(options.ToJson())!.AsObject();
        source.WriteTo(parameters);
        var fetcher = new FetcherHandle(new HttpJwksFetcher());
        try
        {
            Native.Check(NativeMethods.kr_jwt_validator_new_remote(
                Native.Utf8Z(parameters.ToJsonString(), "Validation parameters"), HttpJwksFetcher.Callback, fetcher.DangerousGetHandle(), out ValidatorHandle validator));
            validator.KeepAlive(fetcher);
            return Wrap(validator);
        }
        finally
        {
            // Drops this method's reference; the validator holds its own until it is freed.
            fetcher.Dispose();
        }
    }

    /// <summary>A remote key source validator (<see cref="FromKeySource(JwtValidationOptions, JwtKeySourceOptions)"/>) that also decrypts with <paramref name="decryptionKeys"/>.</summary>
    public static JwtValidationParameters FromKeySource(JwtValidationOptions options, JwtKeySourceOptions source, JwtKey[] decryptionKeys)
    {
        ArgumentNullException.ThrowIfNull(decryptionKeys);
        JwtValidationParameters plain = FromKeySource(options, source);
        if (decryptionKeys.Length == 0)
        {
            return plain;
        }
        using (plain)
        {
            return plain.WithDecryptionKeys(decryptionKeys);
        }
    }

    /// <summary>True when the keys come from a remote key source (then <see cref="GetKeySourceStatus"/> and <see cref="RefreshKeySource"/> apply).</summary>
    public bool HasKeySource => _handle.Fetcher is not null;

    /// <summary>The remote key source's status (kr_jwt_validator_key_source_status); the library refuses a validator without one.</summary>
    public JwtKeySourceStatus GetKeySourceStatus()
    {
        Native.Check(NativeMethods.kr_jwt_validator_key_source_status(Handle, out IntPtr json));
        return JwtKeySourceStatus.FromJson(Native.TakeString(json));
    }

    /// <summary>Fetches the key source now, ignoring the cooldown (kr_jwt_validator_key_source_refresh); a failed fetch throws with its reason.</summary>
    public void RefreshKeySource() => Native.Check(NativeMethods.kr_jwt_validator_key_source_refresh(Handle));
}
