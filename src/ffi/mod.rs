//! The C ABI. Each export converts its arguments, calls the safe core and converts the answer; the
//! pointer, panic and error plumbing lives in `boundary`. See docs/c-abi.md for the ownership rules.

mod boundary;
mod status;

use std::ffi::{c_char, c_double};

use boundary::{
    FfiError, FfiResult, Out, borrow, borrow_mut, bytes, free_box, guard, optional_text, slice,
    slice_mut, text,
};
pub use status::KrJwtStatus;

use crate::alg::Algorithm;
use crate::builder::TokenBuilder;
use crate::json::parse_value;
use crate::keys::{Key, KeyFormat, VerificationKey};
use crate::result::BuildResult;
use crate::validate::Validator;

/// A parsed key (secret, private or public). Immutable; safe to share between threads.
#[derive(Clone)]
pub struct KrJwtKey(Key);
/// A token builder. Used by one thread at a time.
#[derive(Clone)]
pub struct KrJwtBuilder(TokenBuilder);
/// A built token. Immutable; safe to share between threads.
#[derive(Clone)]
pub struct KrJwtResult(BuildResult);
/// Validation parameters with their keys. Immutable; safe to share between threads.
#[derive(Clone)]
pub struct KrJwtValidator(Validator);

/// Key encodings for `kr_jwt_key_import`.
pub const KR_JWT_KEY_FORMAT_HEX: i32 = 0;
pub const KR_JWT_KEY_FORMAT_BASE64_URL: i32 = 1;
pub const KR_JWT_KEY_FORMAT_SECRET: i32 = 2;
pub const KR_JWT_KEY_FORMAT_PEM: i32 = 3;
pub const KR_JWT_KEY_FORMAT_DER: i32 = 4;
pub const KR_JWT_KEY_FORMAT_JWK: i32 = 5;

/// `*_copy`: a new handle holding a clone of `handle`'s contents.
fn copy_handle<T: Clone>(handle: *const T, out: *mut *mut T, what: &str) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(borrow(handle, what)?.clone());
        Ok(())
    })
}

/// A JSON description of a handle, handed out as a string.
fn describe_handle<T>(
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

/// An optional algorithm name: NULL, empty or blank means "the default".
fn named(name: Option<&str>) -> Option<&str> {
    name.map(str::trim).filter(|s| !s.is_empty())
}

/// Reads an array of `count` key handles.
fn key_list(keys: *const *const KrJwtKey, count: usize) -> FfiResult<Vec<Key>> {
    slice(keys, count, "keys")?
        .iter()
        .enumerate()
        .map(|(i, k)| borrow(*k, &format!("keys[{i}]")).map(|k| k.0.clone()))
        .collect()
}

fn key_format(code: i32) -> FfiResult<KeyFormat> {
    Ok(match code {
        KR_JWT_KEY_FORMAT_HEX => KeyFormat::Hex,
        KR_JWT_KEY_FORMAT_BASE64_URL => KeyFormat::Base64Url,
        KR_JWT_KEY_FORMAT_SECRET => KeyFormat::Secret,
        KR_JWT_KEY_FORMAT_PEM => KeyFormat::Pem,
        KR_JWT_KEY_FORMAT_DER => KeyFormat::Der,
        KR_JWT_KEY_FORMAT_JWK => KeyFormat::Jwk,
        other => {
            return Err(FfiError {
                status: KrJwtStatus::InvalidArgument,
                message: format!("unknown key format {other}"),
            });
        }
    })
}

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
        .map_or("Unknown\0", KrJwtStatus::name)
        .as_ptr()
        .cast()
}

/// Frees a string handed out by this library. NULL is a no-op.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_string_free(s: *mut c_char) {
    boundary::free_string(s);
}

// ---- keys ---------------------------------------------------------------------------------------

/// Imports a key. `format` is one of the `KR_JWT_KEY_FORMAT_*` constants.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_import(
    format: i32,
    data: *const u8,
    len: usize,
    out: *mut *mut KrJwtKey,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let data = bytes(data, len, "data")?;
        out.put(KrJwtKey(Key::import(key_format(format)?, data)?));
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_copy(key: *const KrJwtKey, out: *mut *mut KrJwtKey) -> KrJwtStatus {
    copy_handle(key, out, "key")
}

/// Describes a key as JSON `{"kty","bits","has_private","kid"}` (never the key material).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_info(key: *const KrJwtKey, json_out: *mut *mut c_char) -> KrJwtStatus {
    describe_handle(key, json_out, "key", |k| k.0.info())
}

/// Generates a key. `kind`: "HMAC" (a secret: bits 128 to 8192, multiple of 8; signing needs at least the hash size), "RSA" (2048/3072/4096), "EC"
/// (256/384/521), "secp256k1" or "Ed25519" (bits ignored for the last two).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_generate(
    kind: *const c_char,
    bits: u32,
    out: *mut *mut KrJwtKey,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(KrJwtKey(crate::jwk::generate(text(kind, "kind")?, bits)?));
        Ok(())
    })
}

/// Exports a key as `KR_JWT_KEY_FORMAT_PEM` (PKCS#8 / SPKI) or `KR_JWT_KEY_FORMAT_JWK`. Private
/// members are written only when `include_private` is true; a secret is never exported otherwise.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_export(
    key: *const KrJwtKey,
    format: i32,
    include_private: bool,
    text_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(text_out, "text_out")?;
        let key = &borrow(key, "key")?.0;
        match key_format(format)? {
            KeyFormat::Pem => out.put_string(crate::jwk::to_pem(key, include_private)?),
            KeyFormat::Jwk => out.put_json(&crate::jwk::to_jwk(key, include_private)?),
            other => Err(FfiError {
                status: KrJwtStatus::InvalidArgument,
                message: format!("keys export as PEM or JWK, not {other:?}"),
            }),
        }
    })
}

/// The RFC 7638 JWK thumbprint (SHA-256, base64url) of a key.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_thumbprint(
    key: *const KrJwtKey,
    thumbprint_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(thumbprint_out, "thumbprint_out")?;
        out.put_string(crate::jwk::thumbprint(&borrow(key, "key")?.0))
    })
}

/// A JWK Set document with the public parts of `count` keys (secrets are refused).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_jwks_export(
    keys: *const *const KrJwtKey,
    count: usize,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(json_out, "json_out")?;
        out.put_json(&crate::jwk::to_jwks(&key_list(keys, count)?)?)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_free(key: *mut KrJwtKey) {
    free_box(key);
}

// ---- builder ------------------------------------------------------------------------------------

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_new(out: *mut *mut KrJwtBuilder) -> KrJwtStatus {
    guard(|| {
        Out::new(out, "out")?.put(KrJwtBuilder(TokenBuilder::new()));
        Ok(())
    })
}

/// A deep, independent copy (claims and headers included).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_copy(
    builder: *const KrJwtBuilder,
    out: *mut *mut KrJwtBuilder,
) -> KrJwtStatus {
    copy_handle(builder, out, "builder")
}

#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_free(builder: *mut KrJwtBuilder) {
    free_box(builder);
}

/// Runs `f` on a builder after reading one string argument.
fn with_builder_text(
    builder: *mut KrJwtBuilder,
    value: *const c_char,
    what: &str,
    f: impl FnOnce(&mut TokenBuilder, &str) -> crate::Result<()>,
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
    f: impl FnOnce(&mut TokenBuilder, &str, serde_json::Value) -> crate::Result<()>,
) -> KrJwtStatus {
    guard(|| {
        let b = borrow_mut(builder, "builder")?;
        let name = text(name, "name")?;
        let value = parse_value(text(json, "json")?, "value")?;
        f(&mut b.0, name, value).map_err(FfiError::from)
    })
}

/// Sets the issuer (`iss`); the last call wins.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_set_issuer(
    builder: *mut KrJwtBuilder,
    issuer: *const c_char,
) -> KrJwtStatus {
    with_builder_text(builder, issuer, "issuer", TokenBuilder::set_issuer)
}

/// Adds an audience; one audience is written as a string, several as an array.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_audience(
    builder: *mut KrJwtBuilder,
    audience: *const c_char,
) -> KrJwtStatus {
    with_builder_text(builder, audience, "audience", TokenBuilder::add_audience)
}

/// Sets the subject (`sub`).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_set_subject(
    builder: *mut KrJwtBuilder,
    subject: *const c_char,
) -> KrJwtStatus {
    with_builder_text(builder, subject, "subject", TokenBuilder::set_subject)
}

/// Appends a claim with a string value. Repeated names become arrays.
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
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_user_claim(
    builder: *mut KrJwtBuilder,
    user_claim_type: *const c_char,
    json: *const c_char,
) -> KrJwtStatus {
    with_builder_json(builder, user_claim_type, json, TokenBuilder::add_user_claim)
}

/// Adds a JOSE header member (JSON value). `alg`, `crit`, `b64`, `enc` and `zip` are refused.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_add_header(
    builder: *mut KrJwtBuilder,
    name: *const c_char,
    json: *const c_char,
) -> KrJwtStatus {
    with_builder_json(builder, name, json, TokenBuilder::add_header)
}

/// Sets the signing key. `algorithm` NULL or "Auto" picks one from the key; `kid` may be NULL.
/// Key/algorithm mismatches and short keys are reported here, not at build.
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
        let alg = match optional_text(algorithm, "algorithm")? {
            None => None,
            Some(a) if a.trim().eq_ignore_ascii_case("auto") => None,
            Some(a) => Some(Algorithm::parse_user(a)?),
        };
        let kid = optional_text(kid, "kid")?.map(str::to_owned);
        b.0.protect(&key.0, alg, kid).map_err(FfiError::from)
    })
}

/// Encrypts built tokens as a nested JWT: a JWE (RFC 7516) around the signed token, `cty: JWT`, with
/// the key's `kid`. `key_alg` (`dir`, `A128KW`…, `RSA-OAEP`, `RSA-OAEP-256`, `ECDH-ES`, `ECDH-ES+A128KW`…;
/// Kestrun's `ECDH-ESA128KW` spelling too) and `enc_alg` (`A128GCM`…, `A128CBC-HS256`…) may be NULL or ""
/// for the defaults: a secret → `dir` with the content algorithm by key size; RSA → RSA-OAEP + A256GCM;
/// EC → ECDH-ES + A256GCM. `RSA1_5` is refused (RFC 8725). Key problems are reported here.
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
        let alg = named(optional_text(key_alg, "key_alg")?)
            .map(crate::jwe::KeyManagement::parse)
            .transpose()?;
        let enc = named(optional_text(enc_alg, "enc_alg")?)
            .map(crate::jwe::ContentEncryption::parse)
            .transpose()?;
        b.0.protect_payload(&key.0, alg, enc)
            .map_err(FfiError::from)
    })
}

/// Sets the lifetime in seconds (`exp` = `nbf` + lifetime). Must be positive and finite.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_limit_validity(
    builder: *mut KrJwtBuilder,
    seconds: c_double,
) -> KrJwtStatus {
    guard(|| Ok(borrow_mut(builder, "builder")?.0.limit_validity(seconds)?))
}

/// Sets `nbf` to an absolute instant (Unix seconds).
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
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_state(
    builder: *const KrJwtBuilder,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    describe_handle(builder, json_out, "builder", |b| b.0.state())
}

/// Signs a token with the builder's current settings. The builder is not changed.
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

/// Renews `token`: validates it with `validator` (allowing `grace_seconds` past expiry), then issues
/// a new token with its subject and custom claims and this builder's issuer, audiences and key, fresh
/// times and a new `jti`. `lifetime_seconds` 0 = the builder's lifetime. A token that fails validation
/// is refused with the validation status.
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

// ---- result -------------------------------------------------------------------------------------

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

// ---- validation ---------------------------------------------------------------------------------

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

// ---- bearer authentication ---------------------------------------------------------------------

/// Authenticates an `Authorization` header value (`Bearer <token>`, scheme case-insensitive) with
/// `validator`. On success `principal_json_out` receives the principal (name, subject, roles, claims with
/// inbound mapping: `unique_name` → Name, `role` → Role, and `payload`, the validated payload). On failure the status is the reason and, unlike other
/// outputs, `challenge_out` (nullable) receives the RFC 6750 `WWW-Authenticate` value to send back.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_authenticate(
    validator: *const KrJwtValidator,
    authorization: *const c_char,
    principal_json_out: *mut *mut c_char,
    challenge_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(principal_json_out, "principal_json_out")?;
        let challenge = if challenge_out.is_null() {
            None
        } else {
            Some(Out::new(challenge_out, "challenge_out")?)
        };
        let v = borrow(validator, "validator")?;
        let header = text(authorization, "authorization")?;
        match crate::bearer::authenticate(&v.0, header) {
            Ok(principal) => out.put_json(&principal),
            Err(e) => {
                if let Some(c) = challenge {
                    c.put_string(crate::bearer::www_authenticate(Some(&e), None))?;
                }
                Err(e.into())
            }
        }
    })
}

/// The principal (see `kr_jwt_authenticate`) for claims validated before (`kr_jwt_validate` output).
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_claims_principal(
    claims_json: *const c_char,
    principal_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(principal_json_out, "principal_json_out")?;
        match parse_value(text(claims_json, "claims_json")?, "claims")? {
            serde_json::Value::Object(claims) => out.put_json(&crate::bearer::principal(&claims)),
            _ => Err(FfiError {
                status: KrJwtStatus::InvalidJson,
                message: "the claims must be a JSON object".into(),
            }),
        }
    })
}

/// Checks a claim policy `{"claim_type": "...", "allowed_values": [..]}` against a principal: the
/// principal needs a claim of that type (case-insensitive, short or long name) with one of the values
/// (exact), or just the claim when no values are listed. When it fails and `challenge_out` is not NULL,
/// it receives the `insufficient_scope` challenge.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_policy_check(
    principal_json: *const c_char,
    policy_json: *const c_char,
    satisfied_out: *mut bool,
    challenge_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let satisfied_out = borrow_mut(satisfied_out, "satisfied_out")?;
        let challenge = if challenge_out.is_null() {
            None
        } else {
            Some(Out::new(challenge_out, "challenge_out")?)
        };
        let principal = parse_value(text(principal_json, "principal_json")?, "principal")?;
        let policy: crate::bearer::ClaimPolicy =
            serde_json::from_str(text(policy_json, "policy_json")?).map_err(|e| FfiError {
                status: KrJwtStatus::InvalidJson,
                message: format!("invalid claim policy: {e}"),
            })?;
        *satisfied_out = policy.is_satisfied_by(&principal);
        if let (false, Some(c)) = (*satisfied_out, challenge) {
            c.put_string(crate::bearer::www_authenticate(None, None))?;
        }
        Ok(())
    })
}

/// Decrypts a JWE with `count` keys and decodes what it holds WITHOUT validating the signature or the
/// claims (diagnostics): `kr_jwt_decode`'s JSON for the inner token plus `outer_header`.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_decrypt_decode(
    token: *const c_char,
    keys: *const *const KrJwtKey,
    count: usize,
    info_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(info_json_out, "info_json_out")?;
        let token = text(token, "token")?;
        let keys = key_list(keys, count)?;
        let (outer, plaintext) =
            crate::jwe::decrypt(token.trim(), &keys, crate::token::DEFAULT_MAX_TOKEN_BYTES)?;
        let inner = std::str::from_utf8(&plaintext).map_err(|_| FfiError {
            status: KrJwtStatus::MalformedToken,
            message: "the decrypted content is not text".into(),
        })?;
        let mut info = crate::token::inspect(inner)?;
        if let serde_json::Value::Object(map) = &mut info {
            map.insert("outer_header".into(), serde_json::Value::Object(outer));
        }
        out.put_json(&info)
    })
}

/// Decodes a token WITHOUT validating it (diagnostics). A JWE shows its header only.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_decode(
    token: *const c_char,
    info_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(info_json_out, "info_json_out")?;
        out.put_json(&crate::token::inspect(text(token, "token")?)?)
    })
}
