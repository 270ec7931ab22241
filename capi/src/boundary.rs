//! The one place that deals with raw pointers, panics, status codes and the thread's last error.
//! Every export runs its body through [`guard`].

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use kr_jwt_core::Error;

use crate::KrJwtStatus;

/// An error as it crosses the boundary.
pub struct FfiError {
    pub status: KrJwtStatus,
    pub message: String,
}

impl From<Error> for FfiError {
    fn from(e: Error) -> Self {
        FfiError {
            status: e.status(),
            message: e.message().to_owned(),
        }
    }
}

pub type FfiResult<T> = Result<T, FfiError>;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

pub fn set_last_error(message: &str) {
    if message.is_empty() {
        // Clearing is done by every call: no allocation when there is nothing to clear.
        LAST_ERROR.with(|slot| {
            let mut slot = slot.borrow_mut();
            if !slot.is_empty() {
                *slot = CString::default();
            }
        });
        return;
    }
    let text = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    LAST_ERROR.with(|slot| *slot.borrow_mut() = text);
}

pub fn last_error_ptr() -> *const c_char {
    LAST_ERROR.with(|slot| slot.borrow().as_ptr())
}

/// Runs an export's body: clears the last error, catches panics, records failures.
pub fn guard(body: impl FnOnce() -> FfiResult<()>) -> KrJwtStatus {
    set_last_error("");
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => KrJwtStatus::Ok,
        Ok(Err(e)) => {
            set_last_error(&e.message);
            e.status
        }
        Err(_) => {
            set_last_error("internal error: a panic was caught at the library boundary");
            KrJwtStatus::Panic
        }
    }
}

fn null(what: &str) -> FfiError {
    FfiError {
        status: KrJwtStatus::NullArgument,
        message: format!("'{what}' is NULL"),
    }
}

/// Borrows a handle. The caller guarantees a non-NULL pointer came from the matching constructor.
pub fn borrow<'a, T>(ptr: *const T, what: &str) -> FfiResult<&'a T> {
    // SAFETY: non-NULL handles are live boxes handed out by this library (C ABI contract).
    unsafe { ptr.as_ref() }.ok_or_else(|| null(what))
}

pub fn borrow_mut<'a, T>(ptr: *mut T, what: &str) -> FfiResult<&'a mut T> {
    // SAFETY: as `borrow`; a builder is used by one thread at a time (C ABI contract).
    unsafe { ptr.as_mut() }.ok_or_else(|| null(what))
}

/// Reads a NUL-terminated UTF-8 string.
pub fn text<'a>(ptr: *const c_char, what: &str) -> FfiResult<&'a str> {
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-NULL, NUL-terminated (C ABI contract).
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| FfiError {
        status: KrJwtStatus::InvalidUtf8,
        message: format!(
            "'{what}' is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ),
    })
}

/// Like [`text`], but NULL reads as `None`.
pub fn optional_text<'a>(ptr: *const c_char, what: &str) -> FfiResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        text(ptr, what).map(Some)
    }
}

/// Reads `len` bytes; NULL is allowed only when `len` is 0.
pub fn bytes<'a>(ptr: *const u8, len: usize, what: &str) -> FfiResult<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-NULL and `len` readable bytes (C ABI contract).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An output slot: checked for NULL and cleared before the body runs, written only on success.
pub struct Out<T>(*mut *mut T);

impl<T> Out<T> {
    pub fn new(ptr: *mut *mut T, what: &str) -> FfiResult<Out<T>> {
        if ptr.is_null() {
            return Err(null(what));
        }
        // SAFETY: non-NULL, writable (C ABI contract).
        unsafe { *ptr = std::ptr::null_mut() };
        Ok(Out(ptr))
    }

    pub fn put(self, value: T) {
        // SAFETY: checked non-NULL in `new`.
        unsafe { *self.0 = Box::into_raw(Box::new(value)) };
    }
}

impl Out<c_char> {
    pub fn put_string(self, value: String) -> FfiResult<()> {
        let c = CString::new(value).map_err(|_| FfiError {
            status: KrJwtStatus::Internal,
            message: "an output string contained a NUL byte".into(),
        })?;
        // SAFETY: checked non-NULL in `new`.
        unsafe { *self.0 = c.into_raw() };
        Ok(())
    }

    pub fn put_json(self, value: &serde_json::Value) -> FfiResult<()> {
        self.put_string(value.to_string())
    }
}

/// An optional output slot: NULL means the caller does not want it.
pub fn optional_out<T>(ptr: *mut *mut T, what: &str) -> FfiResult<Option<Out<T>>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        Out::new(ptr, what).map(Some)
    }
}

/// An optional plain output (a number, a flag): NULL means the caller does not want it.
pub fn optional_mut<'a, T>(ptr: *mut T) -> Option<&'a mut T> {
    // SAFETY: NULL or writable (C ABI contract).
    unsafe { ptr.as_mut() }
}

/// Frees a box handed out by [`Out::put`]; NULL is a no-op.
pub fn free_box<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // Dropping cannot unwind out of the C frame: drop impls here do not panic, but guard anyway.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: `ptr` came from Box::into_raw in this library and is freed once (C ABI contract).
            drop(unsafe { Box::from_raw(ptr) })
        }));
    }
}

/// Reads an array of `len` elements; NULL is allowed only when `len` is 0.
pub fn slice<'a, T>(ptr: *const T, len: usize, what: &str) -> FfiResult<&'a [T]> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-NULL and `len` readable elements (C ABI contract).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A writable array of `len` elements; NULL is allowed only when `len` is 0.
pub fn slice_mut<'a, T>(ptr: *mut T, len: usize, what: &str) -> FfiResult<&'a mut [T]> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-NULL and `len` writable elements (C ABI contract).
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// Frees a string handed out by [`Out::put_string`]; NULL is a no-op.
pub fn free_string(ptr: *mut c_char) {
    if !ptr.is_null() {
        // SAFETY: `ptr` came from CString::into_raw in this library and is freed once (C ABI contract).
        drop(unsafe { CString::from_raw(ptr) });
    }
}
