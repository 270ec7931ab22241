//! What a validator checks ([`ValidationParams`]), the rule that issuer and audience are always
//! validated unless opted out, and the limits every validator's parameters must respect.

use serde::{Deserialize, Serialize};

use crate::base::error::{Result, err};
use crate::jwa::defaults::{
    DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_MAX_TOKEN_BYTES, MAX_CLOCK_SKEW_SECONDS, MAX_SECONDS,
};

/// What a validator checks. Every member is optional in JSON; missing members take the defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValidationParams {
    /// Accepted `iss` values; needed unless `validate_issuer` is false.
    pub valid_issuers: Vec<String>,
    /// Accepted `aud` values (one match suffices); needed unless `validate_audience` is false.
    pub valid_audiences: Vec<String>,
    /// The issuer is always checked; `false` is the explicit opt-out (then `valid_issuers` must be
    /// empty, and `iss` is not checked, though its type still is).
    pub validate_issuer: bool,
    /// The audience is always checked; `false` is the explicit opt-out (as for the issuer).
    pub validate_audience: bool,
    /// Accepted `alg` values; empty = every algorithm the configured keys can verify.
    pub valid_algorithms: Vec<String>,
    pub clock_skew_seconds: f64,
    pub require_expiration_time: bool,
    /// Accepted `typ` values (case-insensitive); empty = not checked.
    pub valid_types: Vec<String>,
    pub max_token_bytes: usize,
    /// Claims that must be present.
    pub required_claims: Vec<String>,
    /// When set, `iat` is required and may be at most this many seconds old (and not in the future),
    /// both with the clock skew.
    pub max_token_age_seconds: Option<f64>,
}

impl Default for ValidationParams {
    fn default() -> Self {
        ValidationParams {
            valid_issuers: Vec::new(),
            valid_audiences: Vec::new(),
            validate_issuer: true,
            validate_audience: true,
            valid_algorithms: Vec::new(),
            clock_skew_seconds: DEFAULT_CLOCK_SKEW_SECONDS,
            require_expiration_time: true,
            valid_types: Vec::new(),
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            required_claims: Vec::new(),
            max_token_age_seconds: None,
        }
    }
}

/// Where a validator's accepted issuer comes from. A validator whose issuer an OIDC discovery
/// document will give (a remote key source) satisfies the "issuer always validated" rule without
/// `valid_issuers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerSource {
    /// `valid_issuers` in the parameters.
    Configured,
    /// The discovery document's `issuer`, checked like a configured one once known.
    Discovered,
}

impl ValidationParams {
    /// Issuer and audience are always validated unless opted out explicitly (as Microsoft's handler
    /// refuses to start without them: IDX10204, IDX10208); opting out while naming valid values is a
    /// usage mistake.
    pub fn check_issuer_and_audience(&self, issuer: IssuerSource) -> Result<()> {
        match (self.validate_issuer, self.valid_issuers.is_empty()) {
            (true, true) if issuer == IssuerSource::Configured => {
                return Err(err!(
                    MissingValidIssuer,
                    "no valid issuer is configured, so any 'iss' would be accepted (IDX10204): give \
                     the issuers to accept (valid_issuers), or opt out explicitly with \
                     validate_issuer: false"
                ));
            }
            (false, false) => {
                return Err(err!(
                    InvalidArgument,
                    "valid issuers are given together with validate_issuer: false; give either \
                     the issuers to accept or the opt-out, not both"
                ));
            }
            _ => {}
        }
        match (self.validate_audience, self.valid_audiences.is_empty()) {
            (true, true) => Err(err!(
                MissingValidAudience,
                "no valid audience is configured, so any 'aud' would be accepted (IDX10208): give \
                 the audiences to accept (valid_audiences), or opt out explicitly with \
                 validate_audience: false"
            )),
            (false, false) => Err(err!(
                InvalidArgument,
                "valid audiences are given together with validate_audience: false; give either \
                 the audiences to accept or the opt-out, not both"
            )),
            _ => Ok(()),
        }
    }
}

/// The limits every validator's parameters must respect.
pub(crate) fn check_limits(params: &ValidationParams) -> Result<()> {
    if !params.clock_skew_seconds.is_finite()
        || !(0.0..=MAX_CLOCK_SKEW_SECONDS).contains(&params.clock_skew_seconds)
    {
        return Err(err!(
            InvalidArgument,
            "the clock skew must be between 0 and {MAX_CLOCK_SKEW_SECONDS} seconds"
        ));
    }
    if let Some(age) = params.max_token_age_seconds {
        if !age.is_finite() || age <= 0.0 || age > MAX_SECONDS {
            return Err(err!(
                InvalidArgument,
                "the maximum token age must be positive and at most {MAX_SECONDS} seconds"
            ));
        }
    }
    if params.max_token_bytes == 0 {
        return Err(err!(
            InvalidArgument,
            "the token size limit must be positive"
        ));
    }
    Ok(())
}
