//! Library-wide exports: version, last error, status names, strings, defaults.

use std::ffi::c_char;

use crate::KrJwtStatus;
use crate::boundary::{self, Out, guard};

/// The library version, a static NUL-terminated string (never freed).
/// Returns the version text; never fails, never touches `kr_jwt_last_error()`.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The message of the last call on this thread that returned a `KrJwtStatus`: "" when that call
/// succeeded, the reason when it failed. Every function returning `KrJwtStatus` replaces it when it
/// starts (with "") and when it fails (with its message); the functions that return no status
/// (`kr_jwt_version`, `kr_jwt_last_error`, `kr_jwt_status_name`, `kr_jwt_string_free`, `*_free`) leave
/// it as it is. Each thread has its own: another thread's calls never change it. The pointer stays
/// valid until the next status-returning `kr_jwt_*` call on this thread or until the thread exits; copy
/// the text to keep it. Never free it.
/// Returns a NUL-terminated UTF-8 string owned by the library; never NULL, never fails.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_last_error() -> *const c_char {
    boundary::last_error_ptr()
}

/// The stable name of a status code ("Ok", "InvalidKey", "TokenExpired", …; "Unknown" otherwise).
/// Returns a static NUL-terminated name (never freed, never NULL); never fails.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_status_name(status: i32) -> *const c_char {
    KrJwtStatus::from_code(status)
        .map_or("Unknown\0", KrJwtStatus::c_name)
        .as_ptr()
        .cast()
}

/// Frees a string handed out by this library (any `char **` output). NULL is a no-op. Freeing the same
/// string twice, or a string this library did not hand out, is undefined behaviour.
/// Returns nothing.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_string_free(s: *mut c_char) {
    boundary::free_string(s);
}

/// The library's defaults and lists as JSON: clock skew, lifetime, size caps, the algorithm lists, key
/// formats, key generation choices, every status name with its code. Free with `kr_jwt_string_free`.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`json_out` NULL); KR_JWT_STATUS_PANIC (a bug,
/// see the top of this header).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_defaults(json_out: *mut *mut c_char) -> KrJwtStatus {
    guard(|| Out::new(json_out, "json_out")?.put_json(&kr_jwt_core::defaults::describe()))
}
