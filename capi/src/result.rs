//! `KrJwtResult`: a built token and what can be read from it.

use std::ffi::{c_char, c_double};

use kr_jwt_core::jwt::result::ResultValidatorOptions;

use crate::boundary::{Out, borrow, free_box, guard, optional_text};
use crate::{KrJwtResult, KrJwtStatus, KrJwtValidator, copy_handle, describe_handle};

/// The compact token.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`result` or `token_out` NULL);
/// KR_JWT_STATUS_PANIC.
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
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`result` or `json_out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_json(
    result: *const KrJwtResult,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    describe_handle(result, json_out, "result", |r| r.0.to_json())
}

/// A new handle for the same built token.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`result` or `out` NULL); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_copy(
    result: *const KrJwtResult,
    out: *mut *mut KrJwtResult,
) -> KrJwtStatus {
    copy_handle(result, out, "result")
}

/// Frees a result. NULL is a no-op. Using `result` afterwards, or freeing it twice, is undefined
/// behaviour.
/// Returns nothing.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_free(result: *mut KrJwtResult) {
    free_box(result);
}

/// A validator accepting this result's issuer, audiences, algorithm and key. A result without issuer
/// (or audience) gives `KR_JWT_STATUS_MISSING_VALID_ISSUER` (`..._AUDIENCE`): see
/// `kr_jwt_result_validator_with_options` for the explicit opt-out.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`result` or `out` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (a clock skew outside 0 to 86400 s);
/// KR_JWT_STATUS_MISSING_VALID_ISSUER; KR_JWT_STATUS_MISSING_VALID_AUDIENCE; KR_JWT_STATUS_PANIC.
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

/// Like `kr_jwt_result_validator`, with options as JSON (NULL = defaults): `clock_skew_seconds`
/// (default 60), `validate_issuer` / `validate_audience` (default true; `false` is the explicit opt-out
/// for a result without issuer / audience, refused when the result has one), `max_token_age_seconds`.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`result` or `out` NULL); KR_JWT_STATUS_INVALID_UTF8;
/// KR_JWT_STATUS_INVALID_JSON; KR_JWT_STATUS_INVALID_ARGUMENT (a bad option or opt-out); KR_JWT_STATUS_MISSING_VALID_ISSUER;
/// KR_JWT_STATUS_MISSING_VALID_AUDIENCE; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_result_validator_with_options(
    result: *const KrJwtResult,
    options_json: *const c_char,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let options =
            ResultValidatorOptions::from_json(optional_text(options_json, "options_json")?)?;
        out.put(KrJwtValidator(
            borrow(result, "result")?.0.validator_with(&options)?,
        ));
        Ok(())
    })
}
