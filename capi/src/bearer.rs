//! Bearer authentication: Authorization header, principal, claim policies.

use std::ffi::c_char;

use kr_jwt_core::base::json::parse_value;
use kr_jwt_core::bearer;

use crate::boundary::{FfiError, Out, borrow, borrow_mut, guard, text};
use crate::{KrJwtStatus, KrJwtValidator};

/// Authenticates an `Authorization` header value (`Bearer <token>`, scheme case-insensitive) with
/// `validator`. On success `principal_json_out` receives the principal (name, subject, roles, claims
/// with inbound mapping: `unique_name` → Name, `role` → Role, and `payload`, the validated payload). On
/// failure the status is the reason and, unlike other outputs, `challenge_out` (nullable) receives the
/// RFC 6750 `WWW-Authenticate` value to send back.
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
        match bearer::authenticate(&v.0, header) {
            Ok(principal) => out.put_json(&principal),
            Err(e) => {
                if let Some(c) = challenge {
                    c.put_string(bearer::www_authenticate(Some(&e), None))?;
                }
                Err(e.into())
            }
        }
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
) -> KrJwtStatus {
    guard(|| {
        let satisfied_out = borrow_mut(satisfied_out, "satisfied_out")?;
        let challenge = if challenge_out.is_null() {
            None
        } else {
            Some(Out::new(challenge_out, "challenge_out")?)
        };
        let principal = parse_value(text(principal_json, "principal_json")?, "principal")?;
        let policy: bearer::ClaimPolicy = serde_json::from_str(text(policy_json, "policy_json")?)
            .map_err(|e| FfiError {
            status: KrJwtStatus::InvalidJson,
            message: format!("invalid claim policy: {e}"),
        })?;
        *satisfied_out = policy.is_satisfied_by(&principal);
        if let (false, Some(c)) = (*satisfied_out, challenge) {
            c.put_string(bearer::www_authenticate(None, None))?;
        }
        Ok(())
    })
}
