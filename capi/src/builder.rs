//! `KrJwtBuilder`: claims, headers, keys, lifetime, build, renewal.

use std::ffi::{c_char, c_double};

use kr_jwt_core::jwa::encryption::{ContentEncryption, KeyManagement};
use kr_jwt_core::{Algorithm, TokenBuilder, base::json::parse_value};

use crate::boundary::{
    FfiError, FfiResult, Out, borrow, borrow_mut, free_box, guard, optional_text, text,
};
use crate::{
    KrJwtBuilder, KrJwtKey, KrJwtResult, KrJwtStatus, KrJwtValidator, copy_handle, describe_handle,
};

/// A new, empty builder. Defaults (from `src/jwa/defaults.rs`, also in `kr_jwt_defaults()`): a lifetime
/// of 3600 s (`DEFAULT_LIFETIME_SECONDS`, `exp` = `nbf` + lifetime), `nbf` = `iat` = build time, no
/// issuer, audience or subject, and no `jti` unless one is added as a claim (renewal and reissue write
/// a new random `jti`). No key: building needs `kr_jwt_builder_protect` first.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`out` NULL); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_new(out: *mut *mut KrJwtBuilder) -> KrJwtStatus {
    guard(|| {
        Out::new(out, "out")?.put(KrJwtBuilder(TokenBuilder::new()));
        Ok(())
    })
}

/// A deep, independent copy (claims and headers included).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_copy(
    builder: *const KrJwtBuilder,
    out: *mut *mut KrJwtBuilder,
) -> KrJwtStatus {
    copy_handle(builder, out, "builder")
}

/// Frees a builder. NULL is a no-op. Using `builder` afterwards, or freeing it twice, is undefined
/// behaviour.
/// Returns nothing.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_free(builder: *mut KrJwtBuilder) {
    free_box(builder);
}

/// Runs `f` on a builder after reading one string argument.
fn with_builder_text(
    builder: *mut KrJwtBuilder,
    value: *const c_char,
    what: &str,
    f: impl FnOnce(&mut TokenBuilder, &str) -> kr_jwt_core::Result<()>,
) -> KrJwtStatus {
    guard(|| {
        let b = borrow_mut(builder, "builder")?;
        let v = text(value, what)?;
        f(&mut b.0, v).map_err(FfiError::from)
    })
}

/// Runs `f` on a builder after reading a name and a JSON value.
fn with_builder_json(
    builder: *mut KrJwtBuilder,
    name: *const c_char,
    json: *const c_char,
    f: impl FnOnce(&mut TokenBuilder, &str, serde_json::Value) -> kr_jwt_core::Result<()>,
) -> KrJwtStatus {
    guard(|| {
        let b = borrow_mut(builder, "builder")?;
        let name = text(name, "name")?;
        let value = parse_value(text(json, "json")?, "value")?;
        f(&mut b.0, name, value).map_err(FfiError::from)
    })
}

/// Sets the issuer (`iss`); the last call wins.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `issuer` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_ARGUMENT (blank, over 64 KiB or containing NUL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_set_issuer(
    builder: *mut KrJwtBuilder,
    issuer: *const c_char,
) -> KrJwtStatus {
    with_builder_text(builder, issuer, "issuer", TokenBuilder::set_issuer)
}

/// Adds an audience; one audience is written as a string, several as an array.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `audience` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_ARGUMENT (blank, over 64 KiB or containing NUL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_audience(
    builder: *mut KrJwtBuilder,
    audience: *const c_char,
) -> KrJwtStatus {
    with_builder_text(builder, audience, "audience", TokenBuilder::add_audience)
}

/// Sets the subject (`sub`).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `subject` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_ARGUMENT (blank, over 64 KiB or containing NUL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_set_subject(
    builder: *mut KrJwtBuilder,
    subject: *const c_char,
) -> KrJwtStatus {
    with_builder_text(builder, subject, "subject", TokenBuilder::set_subject)
}

/// Appends a claim with a string value. Repeated names become arrays.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder`, `name` or `value` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_ARGUMENT (a blank name, or a name the builder sets
/// itself such as `exp`); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_claim(
    builder: *mut KrJwtBuilder,
    name: *const c_char,
    value: *const c_char,
) -> KrJwtStatus {
    guard(|| {
        let b = borrow_mut(builder, "builder")?;
        let name = text(name, "name")?;
        let value = text(value, "value")?;
        b.0.add_claim(name, value.into()).map_err(FfiError::from)
    })
}

/// Appends a claim whose value is any JSON text.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder`, `name` or `json` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON (`json` is not JSON);
/// KR_JWT_STATUS_INVALID_ARGUMENT (as `kr_jwt_builder_add_claim`); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_claim_json(
    builder: *mut KrJwtBuilder,
    name: *const c_char,
    json: *const c_char,
) -> KrJwtStatus {
    with_builder_json(builder, name, json, TokenBuilder::add_claim)
}

/// Appends a claim named by a Kestrun `UserIdentityClaim` member (case-insensitive): `Name` is written
/// as `unique_name`, `Role` as `role`, …; the value is JSON text.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder`, `user_claim_type` or `json` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON; KR_JWT_STATUS_UNKNOWN_CLAIM_TYPE (not a
/// `UserIdentityClaim` member); KR_JWT_STATUS_INVALID_ARGUMENT; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_user_claim(
    builder: *mut KrJwtBuilder,
    user_claim_type: *const c_char,
    json: *const c_char,
) -> KrJwtStatus {
    with_builder_json(builder, user_claim_type, json, TokenBuilder::add_user_claim)
}

/// Adds a JOSE header member (JSON value). `alg`, `crit`, `b64`, `enc` and `zip` are refused.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder`, `name` or `json` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON; KR_JWT_STATUS_INVALID_ARGUMENT (a reserved
/// or blank name, a `kid` that is not a valid key id); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_header(
    builder: *mut KrJwtBuilder,
    name: *const c_char,
    json: *const c_char,
) -> KrJwtStatus {
    with_builder_json(builder, name, json, TokenBuilder::add_header)
}

/// Sets the signing key. `algorithm` NULL or "Auto" picks one from the key; `kid` may be NULL.
/// Key/algorithm mismatches and short keys are reported here, not at build. The builder keeps its own
/// reference to the key: the caller may free `key` right after this returns.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `key` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_UNKNOWN_ALGORITHM; KR_JWT_STATUS_ALGORITHM_KEY_MISMATCH
/// (the key cannot sign with `algorithm`, or the key may not sign); KR_JWT_STATUS_KEY_TOO_SHORT (an
/// HMAC secret shorter than the hash); KR_JWT_STATUS_INVALID_ARGUMENT (`kid` not a valid key id);
/// KR_JWT_STATUS_INVALID_KEY; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_protect(
    builder: *mut KrJwtBuilder,
    key: *const KrJwtKey,
    algorithm: *const c_char,
    kid: *const c_char,
) -> KrJwtStatus {
    guard(|| {
        let b = borrow_mut(builder, "builder")?;
        let key = borrow(key, "key")?;
        let alg = Algorithm::parse_choice(optional_text(algorithm, "algorithm")?)?;
        let kid = optional_text(kid, "kid")?.map(str::to_owned);
        b.0.protect(&key.0, alg, kid).map_err(FfiError::from)
    })
}

/// Encrypts built tokens as a nested JWT: a JWE (RFC 7516) around the signed token, `cty: JWT`, with
/// the key's `kid`. `key_alg` (`dir`, `A128KW`…, `RSA-OAEP`, `RSA-OAEP-256`, `ECDH-ES`,
/// `ECDH-ES+A128KW`…; Kestrun's `ECDH-ESA128KW` spelling too) and `enc_alg` (`A128GCM`…,
/// `A128CBC-HS256`…) may be NULL or "" for the defaults: a secret → `dir` with the content algorithm by
/// key size; RSA → RSA-OAEP + A256GCM; EC → ECDH-ES + A256GCM. `RSA1_5` is refused (RFC 8725). Key
/// problems are reported here.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `key` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_UNKNOWN_ALGORITHM (or a refused one such as `RSA1_5`);
/// KR_JWT_STATUS_ALGORITHM_KEY_MISMATCH; KR_JWT_STATUS_KEY_TOO_SHORT; KR_JWT_STATUS_INVALID_KEY;
/// KR_JWT_STATUS_INVALID_ARGUMENT; KR_JWT_STATUS_PANIC. The key is copied, as for
/// `kr_jwt_builder_protect`.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_protect_payload(
    builder: *mut KrJwtBuilder,
    key: *const KrJwtKey,
    key_alg: *const c_char,
    enc_alg: *const c_char,
) -> KrJwtStatus {
    guard(|| {
        let b = borrow_mut(builder, "builder")?;
        let key = borrow(key, "key")?;
        let alg = KeyManagement::parse_choice(optional_text(key_alg, "key_alg")?)?;
        let enc = ContentEncryption::parse_choice(optional_text(enc_alg, "enc_alg")?)?;
        b.0.protect_payload(&key.0, alg, enc)
            .map_err(FfiError::from)
    })
}

/// Sets the lifetime in seconds (`exp` = `nbf` + lifetime). Must be positive and finite.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (zero, negative, not finite or over 100 years); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_limit_validity(
    builder: *mut KrJwtBuilder,
    seconds: c_double,
) -> KrJwtStatus {
    guard(|| Ok(borrow_mut(builder, "builder")?.0.limit_validity(seconds)?))
}

/// Sets `nbf` to an absolute instant (Unix seconds).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (out of range); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_limit_not_before_at(
    builder: *mut KrJwtBuilder,
    unix_seconds: i64,
) -> KrJwtStatus {
    guard(|| {
        Ok(borrow_mut(builder, "builder")?
            .0
            .limit_not_before_at(unix_seconds)?)
    })
}

/// Sets `nbf` to build time plus `seconds`.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (not finite or over 100 years); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_limit_not_before_offset(
    builder: *mut KrJwtBuilder,
    seconds: c_double,
) -> KrJwtStatus {
    guard(|| {
        Ok(borrow_mut(builder, "builder")?
            .0
            .limit_not_before_offset(seconds)?)
    })
}

/// The builder's settings as JSON (never the key).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `json_out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_state(
    builder: *const KrJwtBuilder,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    describe_handle(builder, json_out, "builder", |b| b.0.state())
}

/// Signs a token with the builder's current settings. The builder is not changed.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `out` NULL);
/// KR_JWT_STATUS_NOT_PROTECTED (no signing key); KR_JWT_STATUS_INVALID_ARGUMENT (times out of range);
/// KR_JWT_STATUS_INTERNAL (signing or encryption failed); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_build(
    builder: *const KrJwtBuilder,
    out: *mut *mut KrJwtResult,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(KrJwtResult(borrow(builder, "builder")?.0.build()?));
        Ok(())
    })
}

/// `lifetime_seconds` of 0 means "the builder's lifetime"; negative or non-finite is an error.
fn lifetime_override(seconds: c_double) -> FfiResult<Option<f64>> {
    if seconds == 0.0 {
        Ok(None)
    } else if seconds.is_finite() && seconds > 0.0 {
        Ok(Some(seconds))
    } else {
        Err(FfiError {
            status: KrJwtStatus::InvalidArgument,
            message: format!("the lifetime must be a positive number of seconds (got {seconds})"),
        })
    }
}

/// Renews `token`: validates it with `validator` (allowing `grace_seconds` past expiry), then issues a
/// new token with its subject and custom claims and this builder's issuer, audiences and key, fresh
/// times and a new `jti`. `lifetime_seconds` 0 = the builder's lifetime. A token that fails validation
/// is refused with the validation status.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder`, `validator`, `token` or `out`
/// NULL); KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_ARGUMENT (a negative or non-finite lifetime
/// or grace); KR_JWT_STATUS_NOT_PROTECTED; KR_JWT_STATUS_INTERNAL; every validation status of
/// `kr_jwt_validate` (20 and above) when the token fails validation; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_renew(
    builder: *const KrJwtBuilder,
    validator: *const KrJwtValidator,
    token: *const c_char,
    lifetime_seconds: c_double,
    grace_seconds: c_double,
    out: *mut *mut KrJwtResult,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let b = borrow(builder, "builder")?;
        let v = borrow(validator, "validator")?;
        let token = text(token, "token")?;
        out.put(KrJwtResult(b.0.renew(
            &v.0,
            token,
            lifetime_override(lifetime_seconds)?,
            grace_seconds,
        )?));
        Ok(())
    })
}

/// Issues a new token for claims that were validated before (a principal's claims, as the JSON object
/// `kr_jwt_validate` returned), like `kr_jwt_builder_renew` without the validation step.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder`, `claims_json` or `out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON (not a JSON object);
/// KR_JWT_STATUS_INVALID_ARGUMENT; KR_JWT_STATUS_NOT_PROTECTED; KR_JWT_STATUS_INTERNAL;
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_reissue(
    builder: *const KrJwtBuilder,
    claims_json: *const c_char,
    lifetime_seconds: c_double,
    out: *mut *mut KrJwtResult,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let b = borrow(builder, "builder")?;
        let serde_json::Value::Object(claims) =
            parse_value(text(claims_json, "claims_json")?, "claims")?
        else {
            return Err(FfiError {
                status: KrJwtStatus::InvalidJson,
                message: "the claims must be a JSON object".into(),
            });
        };
        out.put(KrJwtResult(
            b.0.reissue(&claims, lifetime_override(lifetime_seconds)?)?,
        ));
        Ok(())
    })
}
