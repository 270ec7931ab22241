// P/Invoke declarations for nested (encrypted) JWTs in include/kr_jwt.h: kr_jwt_builder_protect_payload,
// kr_jwt_validator_with_decryption_keys and kr_jwt_decrypt_decode. Only the typed wrappers (JwtBuilder,
// JwtValidationParameters, JwtInfo) call them.
using System;
using System.Runtime.InteropServices;

namespace KrJwt;

internal static partial class NativeMethods
{
    // ---- JWE (RFC 7516) around the signed token -----------------------------------------------
    [DllImport(LibraryName)] internal static extern int kr_jwt_builder_protect_payload(BuilderHandle builder, KeyHandle key, byte[]? keyAlg, byte[]? encAlg);
    [DllImport(LibraryName)] internal static extern int kr_jwt_validator_with_decryption_keys(ValidatorHandle validator, IntPtr[] keys, nuint count, out ValidatorHandle copy);
    [DllImport(LibraryName)] internal static extern int kr_jwt_decrypt_decode(byte[]? token, IntPtr[] keys, nuint count, out IntPtr infoJson);
}
