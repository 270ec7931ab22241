// P/Invoke declarations for the bearer-authentication part of include/kr_jwt.h (kr_jwt_authenticate,
// kr_jwt_policy_check). Only JwtBearerScheme calls them.
using System;
using System.Runtime.InteropServices;

namespace KrJwt;

internal static partial class NativeMethods
{
    // ---- bearer authentication ----------------------------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_authenticate(ValidatorHandle validator, byte[]? authorization, out IntPtr principalJson, out IntPtr challenge);
    [DllImport(LibraryName)] internal static extern int kr_jwt_policy_check(byte[]? principalJson, byte[]? policyJson, [MarshalAs(UnmanagedType.U1)] out bool satisfied, out IntPtr challenge);
}
