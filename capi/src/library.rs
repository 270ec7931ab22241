//! Library-wide exports: version, last error, status names, strings, defaults.

use std::ffi::c_char;

use crate::KrJwtStatus;
use crate::boundary::{self, Out, guard};

/// The library version, a static NUL-terminated string.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The message of the last failed call on this thread ("" after a success). Valid until the next
/// `kr_jwt_*` call on the same thread; never freed by the caller.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_last_error() -> *const c_char {
    boundary::last_error_ptr()
}

/// The stable name of a status code ("Ok", "InvalidKey", "TokenExpired", …; "Unknown" otherwise).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_status_name(status: i32) -> *const c_char {
    KrJwtStatus::from_code(status)
        .map_or("Unknown\0", KrJwtStatus::c_name)
        .as_ptr()
        .cast()
}

/// Frees a string handed out by this library. NULL is a no-op.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_string_free(s: *mut c_char) {
    boundary::free_string(s);
}

/// The library's defaults and lists as JSON: clock skew, lifetime, size caps, the algorithm lists, key
/// formats, key generation choices, every status name with its code. Free with `kr_jwt_string_free`.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_defaults(json_out: *mut *mut c_char) -> KrJwtStatus {
    guard(|| Out::new(json_out, "json_out")?.put_json(&kr_jwt_core::defaults::describe()))
}
