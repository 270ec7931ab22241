//! The C ABI of KrJwt (`libkr_jwt`, `include/kr_jwt.h`). Each export converts its arguments, calls the
//! safe core (`kr_jwt_core`) and converts the answer; the pointer, panic and error plumbing lives in
//! `boundary`. One module per handle. See docs/c-abi.md for the ownership rules.

mod boundary;

// cbindgen writes the exports in the order of these declarations: keep it the header's reading order
// (library, keys, builder, result, validator, remote, events, bearer, inspection, test tokens), one group each so rustfmt keeps it.
mod library;

mod key;

mod builder;

mod result;

mod validator;

mod remote;

mod events;

mod bearer;

mod inspect;

mod testing;

use std::ffi::c_char;

use boundary::{FfiResult, Out, borrow, guard, slice};
pub use kr_jwt_core::Status as KrJwtStatus;
use kr_jwt_core::{BuildResult, Key, TokenBuilder, Validator};

/// A parsed key (secret, private or public). Immutable; safe to share between threads.
#[derive(Clone)]
pub struct KrJwtKey(pub(crate) Key);
/// A token builder. Used by one thread at a time.
#[derive(Clone)]
pub struct KrJwtBuilder(pub(crate) TokenBuilder);
/// A built token. Immutable; safe to share between threads.
#[derive(Clone)]
pub struct KrJwtResult(pub(crate) BuildResult);
/// Validation parameters with their keys. Immutable; safe to share between threads.
#[derive(Clone)]
pub struct KrJwtValidator(pub(crate) Validator);

/// `*_copy`: a new handle holding a clone of `handle`'s contents.
pub(crate) fn copy_handle<T: Clone>(handle: *const T, out: *mut *mut T, what: &str) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(borrow(handle, what)?.clone());
        Ok(())
    })
}

/// A JSON description of a handle, handed out as a string.
pub(crate) fn describe_handle<T>(
    handle: *const T,
    json_out: *mut *mut c_char,
    what: &str,
    describe: impl FnOnce(&T) -> serde_json::Value,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(json_out, "json_out")?;
        out.put_json(&describe(borrow(handle, what)?))
    })
}

/// Reads an array of `count` key handles.
pub(crate) fn key_list(keys: *const *const KrJwtKey, count: usize) -> FfiResult<Vec<Key>> {
    slice(keys, count, "keys")?
        .iter()
        .enumerate()
        .map(|(i, k)| borrow(*k, &format!("keys[{i}]")).map(|k| k.0.clone()))
        .collect()
}
