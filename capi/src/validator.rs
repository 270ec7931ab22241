//! `KrJwtValidator`: parameters and keys, single and batch validation.

use std::ffi::{c_char, c_double};

use kr_jwt_core::{Validator, VerificationKey};
use serde_json::{Map, Value, json};

use crate::boundary::{
    FfiError, FfiResult, Out, borrow, free_box, guard, optional_text, slice, slice_mut, text,
};
use crate::{KrJwtKey, KrJwtStatus, KrJwtValidator, copy_handle, describe_handle, key_list};

/// A validator from JSON parameters (NULL = defaults) and `key_count` keys. A `jwks` member in the
/// parameters (a JWK Set object) adds its keys; at least one key is needed in all. Issuer and audience
/// are always validated: without `valid_issuers` (`valid_audiences`) the status is
/// `KR_JWT_STATUS_MISSING_VALID_ISSUER` (`..._AUDIENCE`) unless `"validate_issuer": false`
/// (`"validate_audience": false`) opts out. An RSA key under 2048 bits gives `KR_JWT_STATUS_KEY_TOO_SHORT`.
/// `max_token_age_seconds` requires `iat` and refuses older tokens (`KR_JWT_STATUS_TOKEN_TOO_OLD`).
/// The keys are copied; the caller may free them afterwards.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`out` NULL, `keys` NULL with `key_count` > 0,
/// or a NULL element); KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON (not JSON, or an unknown
/// or mistyped member); KR_JWT_STATUS_INVALID_ARGUMENT (no key at all, a clock skew outside 0 to 86400
/// s, a zero size limit, no usable algorithm); KR_JWT_STATUS_INVALID_KEY (a bad `jwks` member);
/// KR_JWT_STATUS_UNKNOWN_ALGORITHM; KR_JWT_STATUS_ALGORITHM_KEY_MISMATCH (an allow-listed algorithm no
/// key can verify); KR_JWT_STATUS_PANIC. Defaults for missing members: see `kr_jwt_defaults()` and
/// docs/c-abi.md (clock skew 60 s, `DEFAULT_CLOCK_SKEW_SECONDS` in src/jwa/defaults.rs).
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
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `json_out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_params(
    validator: *const KrJwtValidator,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    describe_handle(validator, json_out, "validator", |v| v.0.describe())
}

/// A new handle for the same validator.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_copy(
    validator: *const KrJwtValidator,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    copy_handle(validator, out, "validator")
}

/// A copy of `validator` that also decrypts nested tokens (JWE around a signed JWT) with `count` keys
/// (secrets, RSA or EC private keys; at least one must be able to decrypt).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `out` NULL, `keys` NULL with
/// `count` > 0, or a NULL element); KR_JWT_STATUS_INVALID_ARGUMENT (no key that can decrypt);
/// KR_JWT_STATUS_INVALID_KEY; KR_JWT_STATUS_PANIC. The keys are copied.
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
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `out` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (outside 0 to 86400 s, or not finite); KR_JWT_STATUS_PANIC.
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

/// Frees a validator. NULL is a no-op. Using `validator` afterwards (also from another thread),
/// or freeing it twice, is undefined behaviour.
/// Returns nothing.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_free(validator: *mut KrJwtValidator) {
    free_box(validator);
}

/// Validates one token. Returns `KR_JWT_STATUS_OK` when valid, otherwise the reason. When valid and
/// `claims_json_out` is not NULL, it receives the payload as JSON.
/// Returns KR_JWT_STATUS_OK (valid); KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `token` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; or why the token is not valid: KR_JWT_STATUS_MALFORMED_TOKEN,
/// KR_JWT_STATUS_TOKEN_TOO_LARGE, KR_JWT_STATUS_INVALID_SIGNATURE, KR_JWT_STATUS_ALGORITHM_NOT_ALLOWED,
/// KR_JWT_STATUS_TOKEN_EXPIRED, KR_JWT_STATUS_TOKEN_NOT_YET_VALID, KR_JWT_STATUS_INVALID_ISSUER,
/// KR_JWT_STATUS_INVALID_AUDIENCE, KR_JWT_STATUS_MISSING_CLAIM, KR_JWT_STATUS_INVALID_TYPE,
/// KR_JWT_STATUS_UNSUPPORTED_CRITICAL_HEADER, KR_JWT_STATUS_NO_MATCHING_KEY,
/// KR_JWT_STATUS_INVALID_CLAIM; KR_JWT_STATUS_INTERNAL; KR_JWT_STATUS_PANIC.
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
        let token = text(token, "token")?;
        match out {
            Some(out) => out.put_json(&Value::Object(v.0.validate(token)?)),
            None => Ok(v.0.validate_status(token)?),
        }
    })
}

/// Reads `count` token pointers and validates the readable ones in one core call (`validate`: with or
/// without claims); a NULL or non-UTF-8 element gets its boundary error. Results are in input order.
fn validate_all<R>(
    tokens: *const *const c_char,
    count: usize,
    validate: impl FnOnce(&[&str]) -> Vec<kr_jwt_core::Result<R>>,
) -> FfiResult<Vec<Result<R, FfiError>>> {
    let texts: Vec<FfiResult<&str>> = slice(tokens, count, "tokens")?
        .iter()
        .map(|p| text(*p, "token"))
        .collect();
    let readable: Vec<&str> = texts
        .iter()
        .filter_map(|t| t.as_ref().ok().copied())
        .collect();
    let mut results = validate(&readable).into_iter();
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

/// Validates `count` tokens in one call, all at the same instant; `statuses_out[i]` receives the
/// status `kr_jwt_validate` would return for token i (a NULL or non-UTF-8 element gets
/// `KR_JWT_STATUS_NULL_ARGUMENT` / `KR_JWT_STATUS_INVALID_UTF8`). `kr_jwt_last_error()` is not set per
/// token. Threads: from 64 tokens on, with more than one processor, the work is shared by the calling
/// thread and up to min(processors, `count` / 32) - 1 threads named `kr-jwt-batch` that this call
/// starts and joins before it returns; otherwise everything runs on the calling thread. No thread
/// outlives the call and there is no pool, so a process may fork() after a batch and validate in the
/// child.
/// `kr_jwt_validate_many` gives the messages and claims too.
/// Returns KR_JWT_STATUS_OK when every token was evaluated, whatever their statuses;
/// KR_JWT_STATUS_NULL_ARGUMENT (`validator` NULL, or `tokens` / `statuses_out` NULL with `count` > 0);
/// KR_JWT_STATUS_PANIC.
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
        let results = validate_all(tokens, count, |t| v.0.validate_many_status(t))?;
        for (slot, r) in statuses.iter_mut().zip(results) {
            *slot = r.map_or_else(|e| e.status, |_| KrJwtStatus::Ok);
        }
        Ok(())
    })
}

/// Validates `count` tokens in one call and describes every outcome: `results_json_out` receives a JSON
/// array, element i for token i: `{"status": <code>, "name": "<status name>", "message": "<reason>"}`
/// (message "" when valid), plus `"claims": {…}` (the validated payload) for a valid token when
/// `include_claims` is true.
/// Returns KR_JWT_STATUS_OK when every token was evaluated, whatever their statuses;
/// KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `results_json_out` NULL, or `tokens` NULL with `count` > 0);
/// KR_JWT_STATUS_PANIC.
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
        } else if include_claims {
            validate_all(tokens, count, |t| v.0.validate_many(t))?
        } else {
            validate_all(tokens, count, |t| {
                let statuses = v.0.validate_many_status(t).into_iter();
                statuses.map(|r| r.map(|()| Map::new())).collect()
            })?
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
