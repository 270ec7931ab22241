//! What `build` returns: the token plus everything a caller may want to read back, and the means to make
//! a validator for it.

use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::base::error::{Result, err};
use crate::jwa::defaults::DEFAULT_CLOCK_SKEW_SECONDS;
use crate::jws::Signer;
use crate::jwt::registered::{REGISTERED_CLAIMS, audiences_of, string_claim, time_claim};
use crate::jwt::validator::{ValidationParams, Validator};
use crate::key::Key;

/// What a caller chooses for a result's validator; issuer, audiences, algorithm and key come from the
/// result. A result without issuer (or audience) needs the explicit opt-out.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ResultValidatorOptions {
    pub clock_skew_seconds: f64,
    pub validate_issuer: bool,
    pub validate_audience: bool,
    pub max_token_age_seconds: Option<f64>,
}

impl Default for ResultValidatorOptions {
    fn default() -> Self {
        ResultValidatorOptions {
            clock_skew_seconds: DEFAULT_CLOCK_SKEW_SECONDS,
            validate_issuer: true,
            validate_audience: true,
            max_token_age_seconds: None,
        }
    }
}

impl ResultValidatorOptions {
    /// The options as JSON (the C export's `options_json`; NULL = defaults).
    pub fn from_json(options_json: Option<&str>) -> Result<ResultValidatorOptions> {
        match options_json {
            None => Ok(ResultValidatorOptions::default()),
            Some(text) => serde_json::from_str(text).map_err(|e| {
                err!(
                    InvalidJson,
                    "the result validator options are not valid: {e}"
                )
            }),
        }
    }
}

#[derive(Clone)]
pub struct BuildResult {
    token: String,
    /// The header and payload JSON as signed; parsed into maps only when a caller reads them, so that
    /// building a token costs no map work.
    header_json: Arc<[u8]>,
    payload_json: Arc<[u8]>,
    header: OnceLock<Map<String, Value>>,
    payload: OnceLock<Map<String, Value>>,
    signer: Arc<Signer>,
    /// For an encrypted (nested) token: the JWE protected header.
    outer_header: Option<Map<String, Value>>,
    /// For an encrypted token: the key that decrypts it, when the builder had one.
    decryption_key: Option<Key>,
}

impl BuildResult {
    pub(crate) fn new(
        token: String,
        header_json: Vec<u8>,
        payload_json: Vec<u8>,
        signer: Arc<Signer>,
    ) -> Self {
        BuildResult {
            token,
            header_json: header_json.into(),
            payload_json: payload_json.into(),
            header: OnceLock::new(),
            payload: OnceLock::new(),
            signer,
            outer_header: None,
            decryption_key: None,
        }
    }

    pub(crate) fn encrypted(
        mut self,
        outer_header: Map<String, Value>,
        decryption_key: Option<Key>,
    ) -> Self {
        self.outer_header = Some(outer_header);
        self.decryption_key = decryption_key;
        self
    }

    /// Whether the token is a JWE around the signed token.
    pub fn is_encrypted(&self) -> bool {
        self.outer_header.is_some()
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn header(&self) -> &Map<String, Value> {
        self.header.get_or_init(|| parse_own(&self.header_json))
    }

    pub fn payload(&self) -> &Map<String, Value> {
        self.payload.get_or_init(|| parse_own(&self.payload_json))
    }

    pub fn issuer(&self) -> Option<&str> {
        string_claim(self.payload(), "iss")
    }

    pub fn subject(&self) -> Option<&str> {
        string_claim(self.payload(), "sub")
    }

    pub fn audiences(&self) -> Vec<String> {
        audiences_of(self.payload())
    }

    pub fn expires(&self) -> Option<i64> {
        time_claim(self.payload(), "exp")
    }

    pub fn not_before(&self) -> Option<i64> {
        time_claim(self.payload(), "nbf")
    }

    pub fn issued_at(&self) -> Option<i64> {
        time_claim(self.payload(), "iat")
    }

    pub fn algorithm(&self) -> &'static str {
        self.signer.algorithm().name()
    }

    pub fn kid(&self) -> Option<&str> {
        self.header().get("kid").and_then(Value::as_str)
    }

    /// The payload without registered claims.
    pub fn claims(&self) -> Map<String, Value> {
        self.payload()
            .iter()
            .filter(|(k, _)| !REGISTERED_CLAIMS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    pub fn to_json(&self) -> Value {
        json!({
            "token": self.token,
            "issuer": self.issuer(),
            "audiences": self.audiences(),
            "subject": self.subject(),
            "issued_at": self.issued_at(),
            "not_before": self.not_before(),
            "expires": self.expires(),
            "algorithm": self.algorithm(),
            "kid": self.kid(),
            "claims": self.claims(),
            "header": self.header(),
            "payload": self.payload(),
            "encrypted": self.is_encrypted(),
            "outer_header": self.outer_header,
        })
    }

    /// A validator that accepts exactly this issuer, these audiences, this algorithm and this key.
    pub fn validator(&self, clock_skew_seconds: f64) -> Result<Validator> {
        self.validator_with(&ResultValidatorOptions {
            clock_skew_seconds,
            ..ResultValidatorOptions::default()
        })
    }

    /// [`BuildResult::validator`] with the caller's options (clock skew, opt-outs, maximum age).
    pub fn validator_with(&self, options: &ResultValidatorOptions) -> Result<Validator> {
        let params = ValidationParams {
            valid_issuers: self.issuer().map(str::to_owned).into_iter().collect(),
            valid_audiences: self.audiences(),
            validate_issuer: options.validate_issuer,
            validate_audience: options.validate_audience,
            valid_algorithms: vec![self.algorithm().to_owned()],
            clock_skew_seconds: options.clock_skew_seconds,
            max_token_age_seconds: options.max_token_age_seconds,
            ..ValidationParams::default()
        };
        let key = self
            .signer
            .verification_key()
            .clone()
            .with_kid(self.kid().map(str::to_owned));
        let validator = Validator::new(params, vec![key])?;
        match &self.decryption_key {
            Some(k) => validator.with_decryption_keys(std::slice::from_ref(k)),
            None => Ok(validator),
        }
    }
}

/// Parses JSON this crate wrote itself from a map-free writer; it is always an object.
fn parse_own(json: &[u8]) -> Map<String, Value> {
    serde_json::from_slice(json).unwrap_or_default()
}
