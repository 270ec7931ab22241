// P/Invoke declarations for key generation and export, renewal and validator variants in
// include/kr_jwt.h. Only the typed wrappers (JwtKey, JwtBuilder, JwtValidationParameters) call them.
using System;
using System.Runtime.InteropServices;

namespace KrJwt;

internal static partial class NativeMethods
{
    // ---- keys: generation, export, thumbprints ------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_generate(byte[]? kind, uint bits, out KeyHandle key);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_export(KeyHandle key, int format, [MarshalAs(UnmanagedType.U1)] bool includePrivate, out IntPtr text);
    [DllImport(LibraryName)] internal static extern int kr_jwt_key_thumbprint(KeyHandle key, out IntPtr thumbprint);
    [DllImport(LibraryName)] internal static extern int kr_jwt_jwks_export(IntPtr[] keys, nuint count, out IntPtr json);

    // ---- renewal ------------------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_renew(BuilderHandle builder, ValidatorHandle validator, byte[]? token, double lifetimeSeconds, double graceSeconds, out ResultHandle result);
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_reissue(BuilderHandle builder, byte[]? claimsJson, double lifetimeSeconds, out ResultHandle result);

    // ---- validator variants -------------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_with_clock_skew(ValidatorHandle validator, double clockSkewSeconds, out ValidatorHandle copy);
}
