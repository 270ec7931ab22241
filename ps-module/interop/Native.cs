// The one place that knows the kr_jwt C ABI: P/Invoke declarations, the library resolver, the
// SafeHandle per native object and the UTF-8 string conventions. Everything else in this assembly
// calls the typed wrappers, never these declarations with raw pointers.
using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace KrJwt;

/// <summary>P/Invoke declarations for include/kr_jwt.h. Every function returning a status returns it as <c>int</c>.</summary>
internal static class NativeMethods
{
    internal const string LibraryName = "kr_jwt";

    // Resolve "kr_jwt" to the copy of libkr_jwt that build.ps1 places under this assembly's folder, so the
    // module works without LD_LIBRARY_PATH and never picks up a stale library from elsewhere.
#pragma warning disable CA2255 // a module initializer is the only hook that runs before the first P/Invoke
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
    }

    internal static string NativeFileName => NativeLoader.FileName(NativeLoader.CurrentOS);

    // bin/<rid>/<file> beside this assembly (NativeLoader.ResolvePath).
    internal static string NativePath => NativeLoader.CurrentPath;

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }
        // Never IntPtr.Zero: that would fall back to the runtime's default probing and could load another copy.
        return NativeLoader.Handle;
    }

    // ---- library ------------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern IntPtr kr_jwt_version();
    [DllImport(LibraryName)] internal static extern IntPtr kr_jwt_last_error();
    [DllImport(LibraryName)] internal static extern IntPtr kr_jwt_status_name(int status);
    [DllImport(LibraryName)] internal static extern void kr_jwt_string_free(IntPtr s);
    [DllImport(LibraryName)] internal static extern int kr_jwt_defaults(out IntPtr json);

    // ---- keys ---------------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern unsafe int kr_jwt_key_import(int format, byte* data, nuint len, out KeyHandle key);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_copy(KeyHandle key, out KeyHandle copy);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_info(KeyHandle key, out IntPtr json);
    [DllImport(LibraryName)] internal static extern void kr_jwt_key_free(IntPtr key);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_generate(byte[]? kind, uint bits, out KeyHandle key);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_generate_spec(byte[]? specJson, out KeyHandle key);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_export(KeyHandle key, int format, [MarshalAs(UnmanagedType.U1)] bool includePrivate, out IntPtr text);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_thumbprint(KeyHandle key, out IntPtr thumbprint);
    [DllImport(LibraryName)] internal static extern int kr_jwt_jwks_export(IntPtr[] keys, nuint count, out IntPtr json);

    // ---- builder ------------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_new(out BuilderHandle builder);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_copy(BuilderHandle builder, out BuilderHandle copy);
    [DllImport(LibraryName)] internal static extern void kr_jwt_builder_free(IntPtr builder);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_set_issuer(BuilderHandle builder, byte[]? issuer);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_add_audience(BuilderHandle builder, byte[]? audience);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_set_subject(BuilderHandle builder, byte[]? subject);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_add_claim(BuilderHandle builder, byte[]? name, byte[]? value);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_add_claim_json(BuilderHandle builder, byte[]? name, byte[]? json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_add_user_claim(BuilderHandle builder, byte[]? userClaimType, byte[]? json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_add_header(BuilderHandle builder, byte[]? name, byte[]? json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_protect(BuilderHandle builder, KeyHandle key, byte[]? algorithm, byte[]? kid);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_limit_validity(BuilderHandle builder, double seconds);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_limit_not_before_at(BuilderHandle builder, long unixSeconds);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_limit_not_before_offset(BuilderHandle builder, double seconds);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_state(BuilderHandle builder, out IntPtr json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_build(BuilderHandle builder, out ResultHandle result);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_protect_payload(BuilderHandle builder, KeyHandle key, byte[]? keyAlg, byte[]? encAlg);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_renew(BuilderHandle builder, ValidatorHandle validator, byte[]? token, double lifetimeSeconds, double graceSeconds, out ResultHandle result);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_reissue(BuilderHandle builder, byte[]? claimsJson, double lifetimeSeconds, out ResultHandle result);

    // ---- result -------------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_result_token(ResultHandle result, out IntPtr token);
    [DllImport(LibraryName)] internal static extern int kr_jwt_result_json(ResultHandle result, out IntPtr json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_result_copy(ResultHandle result, out ResultHandle copy);
    [DllImport(LibraryName)] internal static extern void kr_jwt_result_free(IntPtr result);
    [DllImport(LibraryName)] internal static extern int kr_jwt_result_validator(ResultHandle result, double clockSkewSeconds, out ValidatorHandle validator);
    [DllImport(LibraryName)] internal static extern int kr_jwt_result_validator_with_options(ResultHandle result, byte[]? optionsJson, out ValidatorHandle validator);

    // ---- validator ----------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_new(byte[]? paramsJson, IntPtr[]? keys, nuint keyCount, out ValidatorHandle validator);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_params(ValidatorHandle validator, out IntPtr json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_copy(ValidatorHandle validator, out ValidatorHandle copy);
    [DllImport(LibraryName)] internal static extern void kr_jwt_validator_free(IntPtr validator);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validate(ValidatorHandle validator, byte[]? token, out IntPtr claimsJson);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_with_clock_skew(ValidatorHandle validator, double clockSkewSeconds, out ValidatorHandle copy);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_with_decryption_keys(ValidatorHandle validator, IntPtr[] keys, nuint count, out ValidatorHandle copy);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validate_batch(ValidatorHandle validator, IntPtr[] tokens, nuint count, [Out] int[] statuses);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validate_many(ValidatorHandle validator, IntPtr[] tokens, nuint count, [MarshalAs(UnmanagedType.U1)] bool includeClaims, out IntPtr resultsJson);

    // ---- bearer authentication ----------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_authenticate(ValidatorHandle validator, byte[]? authorization, out IntPtr principalJson, out IntPtr challenge, out int httpStatus);
    [DllImport(LibraryName)] internal static extern int kr_jwt_authenticate_client(ValidatorHandle validator, byte[]? authorization, byte[]? scheme, byte[]? clientAddress, out IntPtr principalJson, out IntPtr challenge, out int httpStatus);

    // ---- events -------------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_set_log_callback(ValidatorHandle validator, IntPtr callback, IntPtr userdata);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_set_event_options(ValidatorHandle validator, byte[]? optionsJson);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_statistics(ValidatorHandle validator, out IntPtr json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_statistics_reset(ValidatorHandle validator);
    [DllImport(LibraryName)] internal static extern int kr_jwt_policy_check(byte[]? principalJson, byte[]? policyJson, [MarshalAs(UnmanagedType.U1)] out bool satisfied, out IntPtr challenge, out int httpStatus);
    [DllImport(LibraryName)] internal static extern int kr_jwt_renewal_token(byte[]? authorization, out IntPtr token);

    // ---- inspection (no validation) -----------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_decode(byte[]? token, out IntPtr infoJson);
    [DllImport(LibraryName)] internal static extern int kr_jwt_decrypt_decode(byte[]? token, IntPtr[] keys, nuint count, out IntPtr infoJson);

    // ---- test tokens (hostile tokens FOR TESTS; JwtTestToken.cs) ------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_test_tokens(BuilderHandle builder, byte[]? defect, out IntPtr json);

    // ---- remote key sources (issue 13; the fetch callback is HttpJwksFetcher.Callback) ---------
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_new_remote(byte[]? paramsJson, IntPtr fetch, IntPtr userdata, out ValidatorHandle validator);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_key_source_status(ValidatorHandle validator, out IntPtr json);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_key_source_refresh(ValidatorHandle validator);
    // Called only inside the fetch callback, with the request and response pointers it was given.
    [DllImport(LibraryName)] internal static extern IntPtr kr_jwt_fetch_request_url(IntPtr request);
    [DllImport(LibraryName)] internal static extern uint kr_jwt_fetch_request_timeout_ms(IntPtr request);
    [DllImport(LibraryName)] internal static extern nuint kr_jwt_fetch_request_max_bytes(IntPtr request);
    [DllImport(LibraryName)] internal static extern int kr_jwt_fetch_response_set_status(IntPtr response, ushort httpStatus);
    [DllImport(LibraryName)] internal static extern unsafe int kr_jwt_fetch_response_set_body(IntPtr response, byte* body, nuint len);
    [DllImport(LibraryName)] internal static extern int kr_jwt_fetch_response_set_cache_control(IntPtr response, byte[] value);
    [DllImport(LibraryName)] internal static extern int kr_jwt_fetch_response_set_redirected(IntPtr response, [MarshalAs(UnmanagedType.U1)] bool redirected);
    [DllImport(LibraryName)] internal static extern int kr_jwt_fetch_response_set_error(IntPtr response, byte[] message);
}

/// <summary>Owns one <c>KrJwtKey*</c>; released with <c>kr_jwt_key_free</c>.</summary>
internal sealed class KeyHandle : SafeHandle
{
    public KeyHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle()
    {
        NativeMethods.kr_jwt_key_free(handle);
        return true;
    }
}

/// <summary>Owns one <c>KrJwtBuilder*</c>; released with <c>kr_jwt_builder_free</c>.</summary>
internal sealed class BuilderHandle : SafeHandle
{
    public BuilderHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle()
    {
        NativeMethods.kr_jwt_builder_free(handle);
        return true;
    }
}

/// <summary>Owns one <c>KrJwtResult*</c>; released with <c>kr_jwt_result_free</c>.</summary>
internal sealed class ResultHandle : SafeHandle
{
    public ResultHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;
    protected override bool ReleaseHandle()
    {
        NativeMethods.kr_jwt_result_free(handle);
        return true;
    }
}

/// <summary>
/// Owns one <c>KrJwtValidator*</c>; released with <c>kr_jwt_validator_free</c>. A validator with a remote key
/// source also holds a reference on the <see cref="FetcherHandle"/> whose state the library calls back into,
/// released only after the native validator is freed (every copy holds its own).
/// </summary>
internal sealed class ValidatorHandle : SafeHandle
{
    private FetcherHandle? _fetcher;

    public ValidatorHandle() : base(IntPtr.Zero, ownsHandle: true) { }
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The fetcher this validator's key source calls, or null for a validator with static keys.</summary>
    internal FetcherHandle? Fetcher => _fetcher;

    /// <summary>The receiver of this validator's events (shared with the validator it was copied from), or null.</summary>
    internal EventSinkHandle? EventSink => _eventSink;

    private EventSinkHandle? _eventSink;

    /// <summary>Keeps <paramref name="sink"/> registered until this validator is freed, releasing one held before.</summary>
    internal void KeepEventSink(EventSinkHandle? sink)
    {
        if (sink is null || ReferenceEquals(sink, _eventSink))
        {
            return;
        }
        bool added = false;
        sink.DangerousAddRef(ref added);
        if (added)
        {
            EventSinkHandle? old = Interlocked.Exchange(ref _eventSink, sink);
            old?.DangerousRelease();
        }
    }

    /// <summary>Keeps what <paramref name="source"/> holds (its fetcher and event receiver) alive for this copy.</summary>
    internal void KeepAliveOf(ValidatorHandle source)
    {
        KeepAlive(source.Fetcher);
        KeepEventSink(source.EventSink);
    }

    /// <summary>Keeps <paramref name="fetcher"/> alive until this validator is freed (nothing for null).</summary>
    internal void KeepAlive(FetcherHandle? fetcher)
    {
        if (fetcher is null || _fetcher is not null)
        {
            return;
        }
        bool added = false;
        fetcher.DangerousAddRef(ref added);
        if (added)
        {
            _fetcher = fetcher;
        }
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.kr_jwt_validator_free(handle);
        // Only now may the fetch state go: no native code of this validator can call it any more.
        _fetcher?.DangerousRelease();
        _eventSink?.DangerousRelease();
        return true;
    }
}

/// <summary>String and status conventions of the ABI.</summary>
internal static class Native
{
    // Strict: a lone surrogate is an error instead of a silent U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws <see cref="KrJwtException"/> built from kr_jwt_last_error when <paramref name="status"/> is not OK.</summary>
    internal static void Check(int status)
    {
        if (status != 0)
        {
            throw KrJwtException.FromLastError(status);
        }
    }

    /// <summary>NUL-terminated UTF-8 for a <c>const char*</c> argument; null stays null (the library answers NullArgument).</summary>
    internal static byte[]? Utf8Z(string? value, string what)
    {
        if (value is null)
        {
            return null;
        }
        // A C string cannot carry NUL: refuse instead of letting the library see a truncated value.
        if (value.Contains('\0'))
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"{what} must not contain a NUL character.");
        }
        try
        {
            byte[] bytes = new byte[StrictUtf8.GetByteCount(value) + 1];
            StrictUtf8.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }
        catch (EncoderFallbackException)
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidUtf8, $"{what} is not valid Unicode text (unpaired surrogate).");
        }
    }

    /// <summary>
    /// NUL-terminated UTF-8 for a token under validation. Tokens are untrusted input, so nothing here
    /// throws: NUL and unpaired surrogates become U+FFFD, a character that can never occur in a compact
    /// JWT, so the library rejects the token instead of validating a truncated prefix.
    /// </summary>
    internal static byte[] TokenUtf8Z(string? token)
    {
        byte[] bytes = new byte[TokenUtf8ZLength(token)];
        WriteTokenUtf8Z(token, bytes);
        return bytes;
    }

    /// <summary>The bytes <see cref="WriteTokenUtf8Z"/> writes for <paramref name="token"/>, its NUL included.</summary>
    internal static int TokenUtf8ZLength(string? token) => Encoding.UTF8.GetByteCount(TokenText(token)) + 1;

    /// <summary>Writes <paramref name="token"/> as <see cref="TokenUtf8Z"/> does into <paramref name="destination"/>,
    /// which holds exactly <see cref="TokenUtf8ZLength"/> bytes.</summary>
    internal static void WriteTokenUtf8Z(string? token, Span<byte> destination)
    {
        int n = Encoding.UTF8.GetBytes(TokenText(token), destination);
        destination[n] = 0;
    }

    // A NUL inside a token would end it early; it becomes U+FFFD, which no valid token contains.
    private static string TokenText(string? token) => (token ?? string.Empty).Replace('\0', '\uFFFD');

    /// <summary>Copies a <c>char*</c> the library handed out and frees it with kr_jwt_string_free.</summary>
    internal static string TakeString(IntPtr p)
    {
        if (p == IntPtr.Zero)
        {
            return string.Empty;
        }
        try
        {
            return Marshal.PtrToStringUTF8(p) ?? string.Empty;
        }
        finally
        {
            NativeMethods.kr_jwt_string_free(p);
        }
    }

    /// <summary>Reads a static or thread-local <c>const char*</c> that the caller must not free.</summary>
    internal static string PeekString(IntPtr p) => p == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(p) ?? string.Empty;
}
