//! Bearer authentication: Authorization header, principal, claim policies.

use std::ffi::c_char;

use kr_jwt_core::base::json::parse_value;
use kr_jwt_core::bearer;

use crate::boundary::{
    FfiError, Out, borrow, borrow_mut, guard, optional_mut, optional_out, optional_text, text,
};
use crate::{KrJwtStatus, KrJwtValidator};

/// Authenticates an `Authorization` header value (`Bearer <token>`, scheme case-insensitive) with
/// `validator`. On success `principal_json_out` receives the principal (name, subject, roles, claims
/// with
/// inbound mapping: `unique_name` → Name, `role` → Role, and `payload`, the validated payload). On
/// failure the status is the reason and, unlike other
/// outputs, `challenge_out` (nullable) receives the RFC 6750 `WWW-Authenticate` value to send back.
/// `http_status_out` (nullable) receives the HTTP status to answer with: 200 when authenticated, 400 for
/// a malformed request (`invalid_request`), 401 for no or an invalid token; it is written whenever the
/// arguments were usable, success or not.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator`, `authorization` or
/// `principal_json_out` NULL); KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_MISSING_TOKEN (no bearer
/// token); KR_JWT_STATUS_INVALID_ARGUMENT (a malformed header); KR_JWT_STATUS_TOKEN_TOO_LARGE (a header
/// over 16 KiB); every validation status of `kr_jwt_validate`; KR_JWT_STATUS_INTERNAL;
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_authenticate(
    validator: *const KrJwtValidator,
    authorization: *const c_char,
    principal_json_out: *mut *mut c_char,
    challenge_out: *mut *mut c_char,
    http_status_out: *mut i32,
) -> KrJwtStatus {
    kr_jwt_authenticate_client(
        validator,
        authorization,
        std::ptr::null(),
        std::ptr::null(),
        principal_json_out,
        challenge_out,
        http_status_out,
    )
}

/// `kr_jwt_authenticate` for the bearer scheme `scheme` (nullable) and a request from `client_address`
/// (nullable: unknown), e.g. "192.0.2.7": the validation event names both, and the per-client misuse
/// signals count the address.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator`, `authorization` or
/// `principal_json_out` NULL); KR_JWT_STATUS_INVALID_UTF8 (also `scheme`, `client_address`);
/// KR_JWT_STATUS_MISSING_TOKEN; KR_JWT_STATUS_INVALID_ARGUMENT; KR_JWT_STATUS_TOKEN_TOO_LARGE; every
/// validation status of `kr_jwt_validate`; KR_JWT_STATUS_INTERNAL; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_authenticate_client(
    validator: *const KrJwtValidator,
    authorization: *const c_char,
    scheme: *const c_char,
    client_address: *const c_char,
    principal_json_out: *mut *mut c_char,
    challenge_out: *mut *mut c_char,
    http_status_out: *mut i32,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(principal_json_out, "principal_json_out")?;
        let challenge = optional_out(challenge_out, "challenge_out")?;
        let http_status = optional_mut(http_status_out);
        let v = borrow(validator, "validator")?;
        let header = text(authorization, "authorization")?;
        let scheme = optional_text(scheme, "scheme")?;
        let client = optional_text(client_address, "client_address")?;
        match bearer::authenticate_from(&v.0, header, scheme, client) {
            Ok(principal) => {
                if let Some(h) = http_status {
                    *h = i32::from(bearer::http_status(None, false));
                }
                out.put_json(&principal)
            }
            Err(e) => {
                let refusal = bearer::Refusal::new(e, None);
                if let Some(h) = http_status {
                    *h = i32::from(refusal.http_status);
                }
                if let Some(c) = challenge {
                    c.put_string(refusal.challenge)?;
                }
                Err(refusal.error.into())
            }
        }
    })
}

/// The token of a `Bearer` Authorization header value, for renewal: the core's RFC 6750 parser, where a
/// header without a bearer token (another scheme, a malformed value) is MALFORMED_TOKEN: there is no
/// token to renew. Over-long headers are TOKEN_TOO_LARGE.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`authorization` or `token_out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_MALFORMED_TOKEN; KR_JWT_STATUS_TOKEN_TOO_LARGE; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_renewal_token(
    authorization: *const c_char,
    token_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(token_out, "token_out")?;
        let token = bearer::header::token_to_renew(text(authorization, "authorization")?)?;
        out.put_string(token.to_owned())
    })
}

/// The principal (see `kr_jwt_authenticate`) for claims validated before (`kr_jwt_validate` output).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`claims_json` or `principal_json_out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON (not a JSON object); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_claims_principal(
    claims_json: *const c_char,
    principal_json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(principal_json_out, "principal_json_out")?;
        match parse_value(text(claims_json, "claims_json")?, "claims")? {
            serde_json::Value::Object(claims) => out.put_json(&bearer::principal(&claims)),
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
/// it receives the `insufficient_scope` challenge. `http_status_out` (nullable) receives 200 when the
/// policy is satisfied, 403 when not.
/// it receives the `insufficient_scope` challenge.
/// Returns KR_JWT_STATUS_OK (the check ran; see `*satisfied_out`); KR_JWT_STATUS_NULL_ARGUMENT
/// (`principal_json`, `policy_json` or `satisfied_out` NULL); KR_JWT_STATUS_INVALID_UTF8;
/// KR_JWT_STATUS_INVALID_JSON (not JSON, or not a policy); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_policy_check(
    principal_json: *const c_char,
    policy_json: *const c_char,
    satisfied_out: *mut bool,
    challenge_out: *mut *mut c_char,
    http_status_out: *mut i32,
) -> KrJwtStatus {
    guard(|| {
        let satisfied_out = borrow_mut(satisfied_out, "satisfied_out")?;
        let challenge = optional_out(challenge_out, "challenge_out")?;
        let http_status = optional_mut(http_status_out);
        let principal = parse_value(text(principal_json, "principal_json")?, "principal")?;
        let policy: bearer::ClaimPolicy = serde_json::from_str(text(policy_json, "policy_json")?)
            .map_err(|e| FfiError {
            status: KrJwtStatus::InvalidJson,
            message: format!("invalid claim policy: {e}"),
        })?;
        *satisfied_out = policy.is_satisfied_by(&principal);
        if let Some(h) = http_status {
            *h = i32::from(bearer::http_status(None, !*satisfied_out));
        }
        if let (false, Some(c)) = (*satisfied_out, challenge) {
            c.put_string(bearer::www_authenticate(None, None))?;
        }
        Ok(())
    })
}
