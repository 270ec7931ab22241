//! Inspection WITHOUT validation (diagnostics), of a token or of a decrypted JWE.

use std::ffi::c_char;

use kr_jwt_core::jwt::inspect;

use crate::boundary::{Out, guard, text};
use crate::{KrJwtKey, KrJwtStatus, key_list};

/// Decrypts a JWE with `count` keys and decodes what it holds WITHOUT validating the signature or the
/// claims (diagnostics): `kr_jwt_decode`'s JSON for the inner token plus `outer_header`.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`token` or `info_json_out` NULL, `keys` NULL
/// with `count` > 0, or a NULL element); KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_MALFORMED_TOKEN;
/// KR_JWT_STATUS_TOKEN_TOO_LARGE; KR_JWT_STATUS_UNKNOWN_ALGORITHM;
/// KR_JWT_STATUS_UNSUPPORTED_CRITICAL_HEADER; KR_JWT_STATUS_NO_MATCHING_KEY;
/// KR_JWT_STATUS_INVALID_SIGNATURE (decryption failed); KR_JWT_STATUS_INVALID_ARGUMENT (no key that can
/// decrypt); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_decrypt_decode(
    token: *const c_char,
    keys: *const *const KrJwtKey,
    count: usize,
    info_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(info_json_out, "info_json_out")?;
        let token = text(token, "token")?;
        let keys = key_list(keys, count)?;
        out.put_json(&inspect::decrypt_inspect(token, &keys)?)
    })
}

/// Decodes a token WITHOUT validating it (diagnostics). A JWE shows its header only.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`token` or `info_json_out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_MALFORMED_TOKEN; KR_JWT_STATUS_TOKEN_TOO_LARGE;
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_decode(
    token: *const c_char,
    info_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(info_json_out, "info_json_out")?;
        out.put_json(&inspect::inspect(text(token, "token")?)?)
    })
}
