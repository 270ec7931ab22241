//! Bearer authentication (RFC 6750): reading the token from an `Authorization` header, turning validated
//! claims into a principal, checking claim policies, and the challenge and HTTP status for a failure.

pub mod challenge;
pub mod header;
pub mod principal;

use serde_json::Value;

use crate::audit::Origin;
use crate::base::error::{Error, Result};
use crate::base::time::unix_now;
use crate::jwt::validator::Validator;

pub use challenge::{http_status, www_authenticate};
pub use header::extract_token;
pub use principal::{ClaimPolicy, principal};

/// Authenticates an Authorization header value: the token is read, validated and mapped.
pub fn authenticate(validator: &Validator, authorization: &str) -> Result<Value> {
    authenticate_from(validator, authorization, None, None)
}

/// [`authenticate`] for the scheme `scheme` and a request from `client` (its address), as events and
/// signals name them.
pub fn authenticate_from(
    validator: &Validator,
    authorization: &str,
    scheme: Option<&str>,
    client: Option<&str>,
) -> Result<Value> {
    let origin = Origin::bearer(scheme, client);
    // A request without a usable token is refused too, and counted and reported like any refusal (its
    // event has no token facts; the header itself is never reported).
    let token = extract_token(authorization)
        .inspect_err(|e| validator.audit().observe("", unix_now(), &origin, Err(e)))?;
    let payload = validator.validate_from(token, unix_now(), 0, &origin)?;
    Ok(principal(&payload))
}

/// What a failed authentication answers with: the reason, the HTTP status and the challenge.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub error: Error,
    pub http_status: u16,
    pub challenge: String,
}

impl Refusal {
    pub fn new(error: Error, realm: Option<&str>) -> Refusal {
        Refusal {
            http_status: http_status(Some(&error), false),
            challenge: www_authenticate(Some(&error), realm),
            error,
        }
    }
}
