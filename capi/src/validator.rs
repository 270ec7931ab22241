//! `KrJwtValidator`: parameters and keys, single and batch validation.

use std::ffi::{c_char, c_double};

use kr_jwt_core::{Validator, VerificationKey};

use crate::boundary::{
    FfiResult, Out, borrow, free_box, guard, optional_text, slice, slice_mut, text,
};
use crate::{KrJwtKey, KrJwtStatus, KrJwtValidator, copy_handle, describe_handle, key_list};

/// A validator from JSON parameters (NULL = defaults) and `key_count` keys. A `jwks` member in the
/// parameters (a JWK Set object) adds its keys; at least one key is needed in all. Issuer and audience
/// are always validated: without `valid_issuers` (`valid_audiences`) the status is
/// `KR_JWT_STATUS_MISSING_VALID_ISSUER` (`..._AUDIENCE`) unless `"validate_issuer": false`
/// (`"validate_audience": false`) opts out. An RSA key under 2048 bits gives `KR_JWT_STATUS_KEY_TOO_SHORT`.
/// `max_token_age_seconds` requires `iat` and refuses older tokens (`KR_JWT_STATUS_TOKEN_TOO_OLD`).
/// The keys are copied; the caller may free them afterwards.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_new(
    params_json: *const c_char,
    keys: *const *const KrJwtKey,
    key_count: usize,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let params = optional_text(params_json, "params_json")?;
        let keys = key_list(keys, key_count)?
            .iter()
            .map(VerificationKey::from_key)
            .collect();
        out.put(KrJwtValidator(Validator::from_json(params, keys)?));
        Ok(())
    })
}

/// The validator's parameters as JSON, with key descriptions (never key material).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_params(
    validator: *const KrJwtValidator,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    describe_handle(validator, json_out, "validator", |v| v.0.describe())
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_copy(
    validator: *const KrJwtValidator,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    copy_handle(validator, out, "validator")
}

/// A copy of `validator` that also decrypts nested tokens (JWE around a signed JWT) with `count` keys
/// (secrets, RSA or EC private keys; at least one must be able to decrypt).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_with_decryption_keys(
    validator: *const KrJwtValidator,
    keys: *const *const KrJwtKey,
    count: usize,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let v = borrow(validator, "validator")?;
        let keys = key_list(keys, count)?;
        out.put(KrJwtValidator(v.0.with_decryption_keys(&keys)?));
        Ok(())
    })
}

/// A copy of `validator` with another clock skew (0 to 86400 seconds).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_with_clock_skew(
    validator: *const KrJwtValidator,
    clock_skew_seconds: c_double,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(KrJwtValidator(
            borrow(validator, "validator")?
                .0
                .with_clock_skew(clock_skew_seconds)?,
        ));
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_free(validator: *mut KrJwtValidator) {
    free_box(validator);
}

/// Validates one token. Returns `KR_JWT_STATUS_OK` when valid, otherwise the reason. When valid and
/// `claims_json_out` is not NULL, it receives the payload as JSON.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validate(
    validator: *const KrJwtValidator,
    token: *const c_char,
    claims_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = if claims_json_out.is_null() {
            None
        } else {
            Some(Out::new(claims_json_out, "claims_json_out")?)
        };
        let v = borrow(validator, "validator")?;
        let claims = v.0.validate(text(token, "token")?)?;
        match out {
            Some(out) => out.put_json(&serde_json::Value::Object(claims)),
            None => Ok(()),
        }
    })
}

/// Validates `count` tokens in one call; `statuses_out[i]` receives token i's status (a NULL or
/// non-UTF-8 element gets NULL_ARGUMENT / INVALID_UTF8). Returns OK when every token was evaluated.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validate_batch(
    validator: *const KrJwtValidator,
    tokens: *const *const c_char,
    count: usize,
    statuses_out: *mut KrJwtStatus,
) -> KrJwtStatus {
    guard(|| {
        let v = borrow(validator, "validator")?;
        if count == 0 {
            return Ok(());
        }
        let ptrs = slice(tokens, count, "tokens")?;
        let statuses = slice_mut(statuses_out, count, "statuses_out")?;
        let texts: Vec<FfiResult<&str>> = ptrs.iter().map(|p| text(*p, "token")).collect();
        let valid: Vec<&str> = texts
            .iter()
            .filter_map(|t| t.as_ref().ok().copied())
            .collect();
        let mut results = v.0.validate_many(&valid).into_iter();
        for (slot, t) in statuses.iter_mut().zip(&texts) {
            *slot = match t {
                Err(e) => e.status,
                Ok(_) => match results.next() {
                    Some(Ok(_)) => KrJwtStatus::Ok,
                    Some(Err(e)) => KrJwtStatus::from(e.kind()),
                    None => KrJwtStatus::Internal,
                },
            };
        }
        Ok(())
    })
}
