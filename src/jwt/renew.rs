//! Renewal: a validated token re-issued with fresh times and a new `jti`, or already validated claims
//! issued again.

use serde_json::{Map, Value};

use crate::audit::Origin;
use crate::base::error::{Result, err};
use crate::base::time::unix_now;
use crate::jwa::defaults::MAX_SECONDS;
use crate::jwt::builder::{NotBefore, REGISTERED, TokenBuilder};
use crate::jwt::result::BuildResult;
use crate::jwt::validator::Validator;

impl TokenBuilder {
    /// Renews a token: validates it first (signature, issuer, audience, lifetime with skew, plus an
    /// explicit `grace_seconds` for recently expired tokens), then re-issues it with [`Self::reissue`].
    pub fn renew(
        &self,
        validator: &Validator,
        token: &str,
        lifetime_seconds: Option<f64>,
        grace_seconds: f64,
    ) -> Result<BuildResult> {
        if !grace_seconds.is_finite() || !(0.0..=MAX_SECONDS).contains(&grace_seconds) {
            return Err(err!(
                InvalidArgument,
                "the grace period must be a non-negative number of seconds"
            ));
        }
        let grace = grace_seconds.round() as i64;
        let claims = validator.validate_from(token, unix_now(), grace, &Origin::RENEWAL)?;
        self.reissue(&claims, lifetime_seconds)
    }

    /// Issues a new token for already validated claims: their subject and custom claims, this builder's
    /// issuer, audiences, headers and key, fresh `iat`/`nbf`/`exp` and a new `jti`.
    pub fn reissue(
        &self,
        claims: &Map<String, Value>,
        lifetime_seconds: Option<f64>,
    ) -> Result<BuildResult> {
        let mut next = self.clone();
        if let Some(seconds) = lifetime_seconds {
            next.limit_validity(seconds)?;
        }
        next.not_before = NotBefore::BuildTime;
        if let Some(sub) = claims.get("sub").and_then(Value::as_str) {
            next.set_subject(sub)?;
        }
        let carried: Vec<(&String, &Value)> = claims
            .iter()
            .filter(|(name, _)| {
                !REGISTERED.iter().any(|(r, _)| r == name) && name.as_str() != "jti"
            })
            .collect();
        next.claims
            .retain(|(name, _)| !carried.iter().any(|(n, _)| *n == name));
        next.claims
            .extend(carried.into_iter().map(|(n, v)| (n.clone(), v.clone())));
        next.claims.push((
            "jti".into(),
            uuid::Uuid::new_v4().simple().to_string().into(),
        ));
        next.build()
    }
}
