// The few kr_jwt C ABI functions the benchmark needs, declared here so the measurement goes straight
// to libkr_jwt.so with no wrapper in between (not even the module's KrJwt.Interop assembly).
using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace KrJwt.Bench;

internal static class Native
{
    private const string Lib = "kr_jwt";

    internal const int KeyFormatSecret = 2; // KR_JWT_KEY_FORMAT_SECRET
    internal const int KeyFormatDer = 4;    // KR_JWT_KEY_FORMAT_DER

    /// <summary>The library file that was loaded (set by the resolver).</summary>
    internal static string? LoadedPath { get; private set; }

    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Lib)
        {
            return IntPtr.Zero;
        }
        string path = FindLibrary();
        IntPtr handle = NativeLibrary.Load(path);
        LoadedPath = path;
        return handle;
    }

    /// <summary>
    /// KRJWT_NATIVE_LIB if set; otherwise ../../target/release/libkr_jwt.so seen from this project, found by
    /// walking up from the app's folder (bin/Release/net10.0/ under benchmarks/dotnet/).
    /// </summary>
    internal static string FindLibrary()
    {
        string? env = Environment.GetEnvironmentVariable("KRJWT_NATIVE_LIB");
        if (!string.IsNullOrEmpty(env))
        {
            return Path.GetFullPath(env);
        }
        string file = OperatingSystem.IsWindows() ? "kr_jwt.dll"
            : OperatingSystem.IsMacOS() ? "libkr_jwt.dylib"
            : "libkr_jwt.so";
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "target", "release", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(
            $"{file} not found in target/release above {AppContext.BaseDirectory}; run 'cargo build --release' " +
            "(benchmarks/run-dotnet.sh does) or set KRJWT_NATIVE_LIB.");
    }

    [DllImport(Lib)] internal static extern IntPtr kr_jwt_version();
    [DllImport(Lib)] internal static extern IntPtr kr_jwt_last_error();
    [DllImport(Lib)] internal static extern void kr_jwt_string_free(IntPtr s);

    [DllImport(Lib)] internal static extern unsafe int kr_jwt_key_import(int format, byte* data, nuint len, out IntPtr key);
    [DllImport(Lib)] internal static extern int kr_jwt_key_thumbprint(IntPtr key, out IntPtr thumbprint);
    [DllImport(Lib)] internal static extern void kr_jwt_key_free(IntPtr key);

    [DllImport(Lib)] internal static extern int kr_jwt_builder_new(out IntPtr builder);
    [DllImport(Lib)] internal static extern void kr_jwt_builder_free(IntPtr builder);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_set_issuer(IntPtr builder, [MarshalAs(UnmanagedType.LPUTF8Str)] string issuer);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_add_audience(IntPtr builder, [MarshalAs(UnmanagedType.LPUTF8Str)] string audience);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_set_subject(IntPtr builder, [MarshalAs(UnmanagedType.LPUTF8Str)] string subject);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_add_claim(IntPtr builder, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_protect(IntPtr builder, IntPtr key, [MarshalAs(UnmanagedType.LPUTF8Str)] string algorithm, IntPtr kid);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_limit_validity(IntPtr builder, double seconds);
    [DllImport(Lib)] internal static extern int kr_jwt_builder_build(IntPtr builder, out IntPtr result);

    [DllImport(Lib)] internal static extern int kr_jwt_result_token(IntPtr result, out IntPtr token);
    [DllImport(Lib)] internal static extern void kr_jwt_result_free(IntPtr result);

    [DllImport(Lib)] internal static extern int kr_jwt_validator_new([MarshalAs(UnmanagedType.LPUTF8Str)] string paramsJson, IntPtr[] keys, nuint keyCount, out IntPtr validator);
    [DllImport(Lib)] internal static extern void kr_jwt_validator_free(IntPtr validator);

    /// <summary>kr_jwt_validate with claims_json_out = NULL: the status only.</summary>
    [DllImport(Lib, EntryPoint = "kr_jwt_validate")]
    internal static extern int kr_jwt_validate_status(IntPtr validator, [MarshalAs(UnmanagedType.LPUTF8Str)] string token, IntPtr claimsJsonOutNull);

    /// <summary>kr_jwt_validate returning the validated payload as JSON.</summary>
    [DllImport(Lib, EntryPoint = "kr_jwt_validate")]
    internal static extern int kr_jwt_validate_claims(IntPtr validator, [MarshalAs(UnmanagedType.LPUTF8Str)] string token, out IntPtr claimsJson);

    internal static void Check(int status, string what)
    {
        if (status != 0)
        {
            string message = Marshal.PtrToStringUTF8(kr_jwt_last_error()) ?? "";
            throw new InvalidOperationException($"{what} failed with status {status}: {message}");
        }
    }

    /// <summary>Copies a string the library handed out, then frees it.</summary>
    internal static string Take(IntPtr p)
    {
        try
        {
            return Marshal.PtrToStringUTF8(p) ?? "";
        }
        finally
        {
            kr_jwt_string_free(p);
        }
    }

    internal static unsafe IntPtr ImportKey(int format, byte[] data)
    {
        fixed (byte* p = data)
        {
            Check(kr_jwt_key_import(format, p, (nuint)data.Length, out IntPtr key), "kr_jwt_key_import");
            return key;
        }
    }
}
