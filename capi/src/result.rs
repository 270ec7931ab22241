//! `KrJwtResult`: a built token and what can be read from it.

use std::ffi::{c_char, c_double};

use crate::boundary::{Out, borrow, free_box, guard};
use crate::{KrJwtResult, KrJwtStatus, KrJwtValidator, copy_handle, describe_handle};

/// The compact token.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_token(
    result: *const KrJwtResult,
    token_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(token_out, "token_out")?;
        out.put_string(borrow(result, "result")?.0.token().to_owned())
    })
}

/// Everything about the built token as JSON (see docs/c-abi.md).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_json(
    result: *const KrJwtResult,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    describe_handle(result, json_out, "result", |r| r.0.to_json())
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_copy(
    result: *const KrJwtResult,
    out: *mut *mut KrJwtResult,
) -> KrJwtStatus {
    copy_handle(result, out, "result")
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_free(result: *mut KrJwtResult) {
    free_box(result);
}

/// A validator accepting this result's issuer, audiences, algorithm and key.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_validator(
    result: *const KrJwtResult,
    clock_skew_seconds: c_double,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(KrJwtValidator(
            borrow(result, "result")?.0.validator(clock_skew_seconds)?,
        ));
        Ok(())
    })
}
