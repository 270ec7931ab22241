//! `KrJwtKey`: import, generation, export, thumbprints, JWK Sets.

use std::ffi::c_char;

use kr_jwt_core::key::generate::{KeySpec, generate_spec};
use kr_jwt_core::key::{self as core_key, KeyFormat};
use kr_jwt_core::{Key, base::json::parse_value};

use crate::boundary::{FfiError, FfiResult, Out, borrow, bytes, free_box, guard, text};
use crate::{KrJwtKey, KrJwtStatus, copy_handle, describe_handle, key_list};

/// Key encodings for `kr_jwt_key_import`.
pub const KR_JWT_KEY_FORMAT_HEX: i32 = 0;
pub const KR_JWT_KEY_FORMAT_BASE64_URL: i32 = 1;
pub const KR_JWT_KEY_FORMAT_SECRET: i32 = 2;
pub const KR_JWT_KEY_FORMAT_PEM: i32 = 3;
pub const KR_JWT_KEY_FORMAT_DER: i32 = 4;
pub const KR_JWT_KEY_FORMAT_JWK: i32 = 5;

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

/// Imports a key. `format` is one of the `KR_JWT_KEY_FORMAT_*` constants. The `len` bytes at `data` are
/// copied: the caller may overwrite or free them as soon as this returns.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`out` NULL, or `data` NULL with `len` > 0);
/// KR_JWT_STATUS_INVALID_ARGUMENT (unknown `format`, or a JWK `kid` that is not a valid key id);
/// KR_JWT_STATUS_INVALID_KEY (not a key in that format, an empty secret, or a key aws-lc-rs refuses);
/// KR_JWT_STATUS_KEY_TOO_SHORT (an RSA key under 2048 bits); KR_JWT_STATUS_UNKNOWN_ALGORITHM
/// (a JWK `alg` KrJwt does not know); KR_JWT_STATUS_ALGORITHM_KEY_MISMATCH (a JWK `alg` that does not
/// fit its `kty`); KR_JWT_STATUS_PANIC.
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

/// A new handle for the same key (free each with `kr_jwt_key_free`).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`key` or `out` NULL); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_copy(key: *const KrJwtKey, out: *mut *mut KrJwtKey) -> KrJwtStatus {
    copy_handle(key, out, "key")
}

/// Describes a key as JSON `{"kty","bits","has_private","kid"}` (never the key material).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`key` or `json_out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_info(key: *const KrJwtKey, json_out: *mut *mut c_char) -> KrJwtStatus {
    describe_handle(key, json_out, "key", |k| k.0.info())
}

/// Generates a key. `kind`: "HMAC" (a secret: bits 128 to 8192, multiple of 8; signing needs at least
/// the hash size), "RSA" (2048/3072/4096), "EC" (256/384/521), "secp256k1" or "Ed25519" (bits ignored
/// for the last two).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`kind` or `out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8 (`kind`); KR_JWT_STATUS_INVALID_ARGUMENT (unknown `kind`, or `bits` not
/// allowed for it); KR_JWT_STATUS_INTERNAL (the random generator failed); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_generate(
    kind: *const c_char,
    bits: u32,
    out: *mut *mut KrJwtKey,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(KrJwtKey(core_key::generate(text(kind, "kind")?, bits)?));
        Ok(())
    })
}

/// Generates a key from a JSON spec `{"type": "HMAC"|"RSA"|"EC"|"secp256k1"|"Ed25519", "bits"?: n,
/// "curve"?: "P-256"|"P-384"|"P-521"|"secp256k1"}`. Missing members take the core's defaults (HMAC 256
/// bits, RSA 2048, EC P-256); a curve applies to EC keys only and must agree with `bits`.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`spec_json` or `out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON (not JSON, or not a key spec);
/// KR_JWT_STATUS_INVALID_ARGUMENT (a type, size or curve not allowed, or a curve that disagrees with
/// `bits`); KR_JWT_STATUS_INTERNAL (the random generator failed); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_generate_spec(
    spec_json: *const c_char,
    out: *mut *mut KrJwtKey,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let spec: KeySpec =
            serde_json::from_value(parse_value(text(spec_json, "spec_json")?, "key spec")?)
                .map_err(|e| FfiError {
                    status: KrJwtStatus::InvalidJson,
                    message: format!("invalid key spec: {e}"),
                })?;
        out.put(KrJwtKey(generate_spec(&spec)?));
        Ok(())
    })
}

/// Exports a key as `KR_JWT_KEY_FORMAT_PEM` (PKCS#8 / SPKI) or `KR_JWT_KEY_FORMAT_JWK`. Private members
/// are written only when `include_private` is true; a secret is never exported otherwise.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`key` or `text_out` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (a `format` other than PEM or JWK, or a secret or private part
/// without `include_private`); KR_JWT_STATUS_INTERNAL; KR_JWT_STATUS_PANIC.
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
            KeyFormat::Pem => out.put_string(core_key::to_pem(key, include_private)?),
            KeyFormat::Jwk => out.put_json(&core_key::to_jwk(key, include_private)?),
            other => Err(FfiError {
                status: KrJwtStatus::InvalidArgument,
                message: format!("keys export as PEM or JWK, not {other:?}"),
            }),
        }
    })
}

/// The RFC 7638 JWK thumbprint (SHA-256, base64url) of a key.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`key` or `thumbprint_out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_thumbprint(
    key: *const KrJwtKey,
    thumbprint_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(thumbprint_out, "thumbprint_out")?;
        out.put_string(core_key::thumbprint(&borrow(key, "key")?.0))
    })
}

/// A JWK Set document with the public parts of `count` keys (secrets are refused).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`json_out` NULL, `keys` NULL with `count` >
/// 0, or a NULL element); KR_JWT_STATUS_INVALID_ARGUMENT (a secret among the keys);
/// KR_JWT_STATUS_INTERNAL; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_jwks_export(
    keys: *const *const KrJwtKey,
    count: usize,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(json_out, "json_out")?;
        out.put_json(&core_key::to_jwks(&key_list(keys, count)?)?)
    })
}

/// Frees a key handle. NULL is a no-op. Handles made from it (builders, validators) keep their own
/// copy. Using `key` afterwards, or freeing it twice, is undefined behaviour.
/// Returns nothing.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_key_free(key: *mut KrJwtKey) {
    free_box(key);
}
