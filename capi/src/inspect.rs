//! Inspection WITHOUT validation (diagnostics), of a token or of a decrypted JWE.

use std::ffi::c_char;

use kr_jwt_core::jwt::inspect;

use crate::boundary::{Out, guard, text};
use crate::{KrJwtKey, KrJwtStatus, key_list};

/// Decrypts a JWE with `count` keys and decodes what it holds WITHOUT validating the signature or the
/// claims (diagnostics): `kr_jwt_decode`'s JSON for the inner token plus `outer_header`.
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
