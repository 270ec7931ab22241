//! `KrJwtValidator`: parameters and keys, single and batch validation.

use std::ffi::{c_char, c_double};

use kr_jwt_core::{Validator, VerificationKey};
use serde_json::{Map, Value, json};

use crate::boundary::{
    FfiError, FfiResult, Out, borrow, free_box, guard, optional_text, slice, slice_mut, text,
};
use crate::{KrJwtKey, KrJwtStatus, KrJwtValidator, copy_handle, describe_handle, key_list};

/// A validator from JSON parameters (NULL = defaults) and `key_count` keys. A `jwks` member in the
/// parameters (a JWK Set object) adds its keys; at least one key is needed in all.
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
            Some(out) => out.put_json(&Value::Object(claims)),
            None => Ok(()),
        }
    })
}

/// Reads `count` token pointers and validates the readable ones in one core call; a NULL or non-UTF-8
/// element gets its boundary error. Results are in input order.
fn validate_all(
    validator: &KrJwtValidator,
    tokens: *const *const c_char,
    count: usize,
) -> FfiResult<Vec<Result<Map<String, Value>, FfiError>>> {
    let texts: Vec<FfiResult<&str>> = slice(tokens, count, "tokens")?
        .iter()
        .map(|p| text(*p, "token"))
        .collect();
    let readable: Vec<&str> = texts
        .iter()
        .filter_map(|t| t.as_ref().ok().copied())
        .collect();
    let mut results = validator.0.validate_many(&readable).into_iter();
    Ok(texts
        .into_iter()
        .map(|t| match t {
            Err(e) => Err(e),
            Ok(_) => match results.next() {
                Some(r) => r.map_err(FfiError::from),
                None => Err(FfiError {
                    status: KrJwtStatus::Internal,
                    message: "a batch result is missing".into(),
                }),
            },
        })
        .collect())
}

/// Validates `count` tokens in one call; `statuses_out[i]` receives token i's status (a NULL or
/// non-UTF-8 element gets NULL_ARGUMENT / INVALID_UTF8). Returns OK when every token was evaluated.
/// `kr_jwt_validate_many` gives the messages and claims too.
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
        let statuses = slice_mut(statuses_out, count, "statuses_out")?;
        for (slot, r) in statuses.iter_mut().zip(validate_all(v, tokens, count)?) {
            *slot = r.map_or_else(|e| e.status, |_| KrJwtStatus::Ok);
        }
        Ok(())
    })
}

/// Validates `count` tokens in one call and describes every outcome: `results_json_out` receives a JSON
/// array, element i for token i: `{"status": <code>, "name": "<status name>", "message": "<reason>"}`
/// (message "" when valid), plus `"claims": {…}` (the validated payload) for a valid token when
/// `include_claims` is true. Returns OK when every token was evaluated.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validate_many(
    validator: *const KrJwtValidator,
    tokens: *const *const c_char,
    count: usize,
    include_claims: bool,
    results_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(results_json_out, "results_json_out")?;
        let v = borrow(validator, "validator")?;
        let results = if count == 0 {
            Vec::new()
        } else {
            validate_all(v, tokens, count)?
        };
        let described: Vec<Value> = results
            .into_iter()
            .map(|r| match r {
                Ok(claims) => {
                    let mut o = json!({ "status": 0, "name": KrJwtStatus::Ok.name(), "message": "" });
                    if include_claims {
                        o["claims"] = Value::Object(claims);
                    }
                    o
                }
                Err(e) => json!({ "status": e.status.code(), "name": e.status.name(), "message": e.message }),
            })
            .collect();
        out.put_json(&Value::Array(described))
    })
}
