//! Validation: RFC 8725 defaults. The allow-list is never empty, the key decides the family, `exp` is
//! required unless switched off, `crit` is refused (no extension is understood), header-supplied key
//! references (`kid` aside, which only selects among configured keys) are never followed.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::audit::{Audit, Origin};
use crate::base::error::{Error, Result, err};
use crate::base::json::parse_object;
use crate::base::json::parse_value;
use crate::base::parallel;
use crate::base::text::printable;
use crate::base::time::{iso8601_utc, unix_now};
use crate::jose::compact::{decode_segment, segment_count, split_jws_parts};
use crate::jose::header;
use crate::jwa::signing::{Algorithm, Family};
use crate::jwe::Decrypter;
use crate::jws::{VerificationKey, verify_among};
use crate::jwt::keysource::{KeySource, source_error};
use crate::key::Key;
use crate::key::jwks::{SkippedKey, signature_keys};

use super::fastparse::{CLAIMS, Claims, HEADER, Header, Member};
use super::params::check_limits;
pub use super::params::{IssuerSource, ValidationParams};

/// Immutable, shareable between threads.
#[derive(Clone)]
pub struct Validator {
    params: ValidationParams,
    algorithms: Vec<Algorithm>,
    keys: Vec<VerificationKey>,
    skew: i64,
    /// Keys for nested (encrypted) tokens; without them a JWE is refused.
    decrypter: Option<Decrypter>,
    /// Where the keys come from instead of `keys` (shared by copies), and what a static `jwks` skipped.
    source: Option<Arc<KeySource>>,
    skipped: Vec<SkippedKey>,
    /// Events, counters and signals, shared by copies (see `jwt/observed.rs`).
    pub(super) audit: Arc<Audit>,
}

impl Validator {
    pub fn new(params: ValidationParams, keys: Vec<VerificationKey>) -> Result<Validator> {
        Validator::new_with_issuer(params, keys, IssuerSource::Configured)
    }

    /// Like [`Validator::new`]; `issuer` says whether the accepted issuer comes from the parameters or
    /// will be discovered (see [`IssuerSource`]).
    pub fn new_with_issuer(
        params: ValidationParams,
        keys: Vec<VerificationKey>,
        issuer: IssuerSource,
    ) -> Result<Validator> {
        if keys.is_empty() {
            return Err(err!(InvalidArgument, "a validator needs at least one key"));
        }
        for key in &keys {
            key.check_size()?;
        }
        params.check_issuer_and_audience(issuer)?;
        check_limits(&params)?;
        let mut algorithms = Vec::new();
        if params.valid_algorithms.is_empty() {
            // The keys decide: every algorithm some configured key can verify.
            algorithms.extend(
                Algorithm::ALL
                    .into_iter()
                    .filter(|a| keys.iter().any(|k| k.accepts(*a))),
            );
        } else {
            for name in &params.valid_algorithms {
                let alg = Algorithm::parse_user(name)?;
                if !keys.iter().any(|k| k.accepts(alg)) {
                    return Err(err!(
                        AlgorithmKeyMismatch,
                        "no configured key can verify {} tokens",
                        alg.name()
                    ));
                }
                algorithms.push(alg);
            }
        }
        if algorithms.is_empty() {
            return Err(err!(
                InvalidArgument,
                "no algorithm is usable with the configured keys"
            ));
        }
        let skew = params.clock_skew_seconds.round() as i64;
        Ok(Validator {
            params,
            algorithms,
            keys,
            skew,
            decrypter: None,
            source: None,
            skipped: Vec::new(),
            audit: Arc::default(),
        })
    }

    /// Keys from a remote source: the algorithms are the given ones, else every asymmetric one (a
    /// remote set never holds a secret); each key still decides which it verifies.
    pub(crate) fn with_source(
        params: ValidationParams,
        source: Arc<KeySource>,
    ) -> Result<Validator> {
        // The issuer is checked against the configured or the discovered one; the audience rule holds.
        params.check_issuer_and_audience(IssuerSource::Discovered)?;
        check_limits(&params)?;
        let algorithms = if params.valid_algorithms.is_empty() {
            Algorithm::ALL
                .into_iter()
                .filter(|a| a.family() != Family::Hmac)
                .collect()
        } else {
            params
                .valid_algorithms
                .iter()
                .map(|name| match Algorithm::parse_user(name)? {
                    a if a.family() == Family::Hmac => Err(err!(
                        AlgorithmKeyMismatch,
                        "a remote JWK Set holds no secrets: {} tokens cannot be verified with it",
                        a.name()
                    )),
                    a => Ok(a),
                })
                .collect::<Result<Vec<_>>>()?
        };
        let skew = params.clock_skew_seconds.round() as i64;
        Ok(Validator {
            params,
            algorithms,
            keys: Vec::new(),
            skew,
            decrypter: None,
            source: Some(source),
            skipped: Vec::new(),
            audit: Arc::new(Audit::new(true)),
        })
    }

    /// The remote key source, when the keys come from one.
    pub fn key_source(&self) -> Option<&Arc<KeySource>> {
        self.source.as_ref()
    }

    /// Parameters as JSON (NULL = defaults). A `jwks` member (a JWK Set object) adds its keys to `keys`.
    pub fn from_json(
        params_json: Option<&str>,
        mut keys: Vec<VerificationKey>,
    ) -> Result<Validator> {
        let mut skipped = Vec::new();
        let params = match params_json {
            None => ValidationParams::default(),
            Some(text) => {
                let mut value = parse_value(text, "validation parameters")?;
                if let Some(jwks) = value.as_object_mut().and_then(|m| m.remove("jwks")) {
                    let set = signature_keys(&jwks)?;
                    keys.extend(set.keys.iter().map(VerificationKey::from_key));
                    skipped = set.skipped;
                }
                serde_json::from_value(value).map_err(|e| {
                    err!(InvalidJson, "the validation parameters are not valid: {e}")
                })?
            }
        };
        let mut validator = Validator::new(params, keys)?;
        validator.skipped = skipped;
        Ok(validator)
    }

    /// The same validator, also able to decrypt nested tokens (a JWE around a signed JWT) with `keys`.
    pub fn with_decryption_keys(&self, keys: &[Key]) -> Result<Validator> {
        let mut next = self.clone();
        next.decrypter = Some(Decrypter::new(keys)?);
        Ok(next)
    }

    /// The same keys and parameters with another clock skew.
    pub fn with_clock_skew(&self, seconds: f64) -> Result<Validator> {
        let mut next = self.clone();
        next.params.clock_skew_seconds = seconds;
        check_limits(&next.params)?;
        next.skew = seconds.round() as i64;
        Ok(next)
    }

    pub fn params(&self) -> &ValidationParams {
        &self.params
    }

    /// The parameters as JSON, with the effective algorithm list and key descriptions (no secrets).
    pub fn describe(&self) -> Value {
        let mut v = serde_json::to_value(&self.params).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            map.insert(
                "valid_algorithms".into(),
                json!(self.algorithms.iter().map(|a| a.name()).collect::<Vec<_>>()),
            );
            map.insert(
                "keys".into(),
                Value::Array(self.keys.iter().map(VerificationKey::info).collect()),
            );
            map.insert("decrypts".into(), self.decrypter.is_some().into());
            let status = self.source.as_ref().map(|s| s.status());
            let skipped = status.as_ref().map_or(&self.skipped, |s| &s.skipped_keys);
            map.insert("skipped_keys".into(), json!(skipped));
            if let Some(status) = status {
                map.insert("key_source".into(), json!(status));
            }
        }
        v
    }

    pub fn validate(&self, token: &str) -> Result<Map<String, Value>> {
        self.validate_at(token, unix_now())
    }

    /// Validates many tokens at one instant; the results are in input order. Large batches use scoped
    /// threads that end before this returns (see `base::parallel`: nothing is left running, fork-safe).
    pub fn validate_many(&self, tokens: &[&str]) -> Vec<Result<Map<String, Value>>> {
        let now = unix_now();
        let results = parallel::map_in_order(tokens, |t| self.check(t, now, 0));
        self.observe_all(tokens, &results, now, &Origin::BATCH);
        results
    }

    /// The status verdict alone, not observed (the public paths observe it, see `jwt/observed.rs`).
    pub(super) fn check_status(&self, token: &str, now: i64) -> Result<()> {
        if token.len() <= self.params.max_token_bytes && segment_count(token) == 5 {
            let inner = self.decrypt_nested(token)?;
            return self.checked_jws(&inner, now, 0, false).map(drop);
        }
        self.checked_jws(token, now, 0, false).map(drop)
    }

    pub fn validate_at(&self, token: &str, now: i64) -> Result<Map<String, Value>> {
        self.validate_with_grace(token, now, 0)
    }

    /// Like [`Validator::validate_at`], but a token that expired less than `grace_seconds` ago (beyond
    /// the clock skew) still passes. Only renewal offers this, and only when asked explicitly.
    pub fn validate_with_grace(
        &self,
        token: &str,
        now: i64,
        grace_seconds: i64,
    ) -> Result<Map<String, Value>> {
        self.validate_from(token, now, grace_seconds, &Origin::SINGLE)
    }

    /// The verdict alone, not observed (every public path observes it, see `jwt/observed.rs`).
    pub(super) fn check(
        &self,
        token: &str,
        now: i64,
        grace_seconds: i64,
    ) -> Result<Map<String, Value>> {
        if token.len() <= self.params.max_token_bytes && segment_count(token) == 5 {
            let inner = self.decrypt_nested(token)?;
            return self.validate_jws(&inner, now, grace_seconds);
        }
        self.validate_jws(token, now, grace_seconds)
    }

    /// A nested JWT: the JWE must carry a signed JWT (`cty` JWT when present), never another JWE.
    fn decrypt_nested(&self, token: &str) -> Result<String> {
        let decrypter = self.decrypter.as_ref().ok_or_else(|| {
            err!(
                MalformedToken,
                "the token is an encrypted JWE and no decryption key is configured"
            )
        })?;
        let (header, plaintext) = decrypter.decrypt(token, self.params.max_token_bytes)?;
        match header.get("cty") {
            None => {}
            Some(Value::String(cty)) if header::same_media_type(cty, "JWT") => {}
            Some(Value::String(cty)) => {
                return Err(err!(
                    MalformedToken,
                    "the JWE's content type '{}' is not JWT",
                    printable(cty)
                ));
            }
            Some(_) => return Err(err!(MalformedToken, "the JWE's 'cty' is not a string")),
        }
        let inner = String::from_utf8(plaintext.to_vec())
            .map_err(|_| err!(MalformedToken, "the decrypted content is not text"))?;
        if segment_count(&inner) != 3 {
            return Err(err!(
                MalformedToken,
                "the JWE must contain a signed JWT (nested encryption is refused)"
            ));
        }
        Ok(inner)
    }

    fn validate_jws(
        &self,
        token: &str,
        now: i64,
        grace_seconds: i64,
    ) -> Result<Map<String, Value>> {
        self.checked_jws(token, now, grace_seconds, true)
            .map(Option::unwrap_or_default)
    }

    /// Validates a signed token from its typed members (`fastparse`); the payload's claims map is built
    /// only when `claims` asks for it (the checks then read the members from it).
    fn checked_jws(
        &self,
        token: &str,
        now: i64,
        grace_seconds: i64,
        claims: bool,
    ) -> Result<Option<Map<String, Value>>> {
        let jws = split_jws_parts(token, self.params.max_token_bytes)?;
        // On the stack when they fit: a typical signature (RSA up to 4096 bits), header and payload
        // decode without allocating.
        let mut signature = [0u8; 512];
        let signature = decode_segment(jws.signature_segment, &mut signature, "signature")?;
        let mut buffer = [0u8; 384];
        let header_bytes = decode_segment(jws.header_segment, &mut buffer, "header")?;
        let mut header = Header::new(HEADER);
        header.read(&header_bytes, "header")?;

        let alg_name = header
            .str("alg")
            .ok_or_else(|| err!(MalformedToken, "the header has no 'alg'"))?
            .map_err(|()| err!(MalformedToken, "the header 'alg' is not a string"))?;
        let alg = Algorithm::from_jws_name(alg_name)
            .filter(|a| self.algorithms.contains(a))
            .ok_or_else(|| {
                err!(
                    AlgorithmNotAllowed,
                    "algorithm '{}' is not allowed",
                    printable(alg_name)
                )
            })?;

        header::check_jws(&header)?;
        self.check_type(&header)?;

        let kid = header_string(&header, "kid")?;
        self.verify_signature(alg, kid, jws.signing_input.as_bytes(), &signature)?;

        let mut buffer = [0u8; 1024];
        let payload = decode_segment(jws.payload_segment, &mut buffer, "payload")?;
        let grace = grace_seconds.max(0);
        if claims {
            let map = parse_object(&payload, "payload")?;
            self.check_claims(&Claims::from_map(&map, CLAIMS), now, grace)?;
            return Ok(Some(map));
        }
        let mut claims = Claims::new(CLAIMS);
        claims.read(&payload, "payload")?;
        self.check_claims(&claims, now, grace)?;
        Ok(None)
    }

    fn check_type(&self, header: &Header) -> Result<()> {
        let typ = header_string(header, "typ")?;
        if self.params.valid_types.is_empty() {
            return Ok(());
        }
        match typ {
            Some(t)
                if self
                    .params
                    .valid_types
                    .iter()
                    .any(|v| header::same_media_type(v, t)) =>
            {
                Ok(())
            }
            Some(t) => Err(err!(
                InvalidType,
                "token type '{}' is not accepted",
                printable(t)
            )),
            None => Err(err!(InvalidType, "the token has no 'typ' header")),
        }
    }

    /// A token's `kid` selects the configured keys with that kid (or, failing those, keys that have no
    /// kid); a token without a `kid` is tried against every key of its algorithm's family.
    fn verify_signature(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        input: &[u8],
        sig: &[u8],
    ) -> Result<()> {
        let set = match &self.source {
            Some(source) => Some(source.keys_for(kid).map_err(source_error)?),
            None => None,
        };
        match &set {
            None => verify_among(self.keys.iter(), alg, kid, input, sig),
            Some(s) => verify_among(s.keys().iter().map(|k| &k.key), alg, kid, input, sig),
        }
    }

    fn check_claims(&self, claims: &Claims, now: i64, grace: i64) -> Result<()> {
        let exp = numeric_date(claims, "exp")?;
        let nbf = numeric_date(claims, "nbf")?;
        let iat = numeric_date(claims, "iat")?;
        for name in ["sub", "jti"] {
            if claims.str(name).is_some_and(|s| s.is_err()) {
                return Err(err!(InvalidClaim, "the '{name}' claim is not a string"));
            }
        }
        match exp {
            Some(exp) if (exp as i128) <= (now as i128) - (self.skew as i128) - (grace as i128) => {
                return Err(err!(
                    TokenExpired,
                    "the token expired at {} (now {}, clock skew {} s)",
                    iso8601_utc(exp),
                    iso8601_utc(now),
                    self.skew
                ));
            }
            None if self.params.require_expiration_time => {
                return Err(err!(MissingClaim, "the token has no 'exp' claim"));
            }
            _ => {}
        }
        if let Some(nbf) = nbf {
            if (nbf as i128) > (now as i128) + (self.skew as i128) {
                return Err(err!(
                    TokenNotYetValid,
                    "the token is not valid before {} (now {}, clock skew {} s)",
                    iso8601_utc(nbf),
                    iso8601_utc(now),
                    self.skew
                ));
            }
        }
        if let Some(max_age) = self.params.max_token_age_seconds {
            self.check_token_age(iat, max_age, now)?;
        }

        let iss = match claims.str("iss") {
            None => None,
            Some(Ok(s)) => Some(s),
            Some(Err(())) => return Err(err!(InvalidClaim, "the 'iss' claim is not a string")),
        };
        // A remote source's issuers (the configured ones, else the discovered one) are always checked.
        let issuers = match &self.source {
            Some(source) => std::borrow::Cow::Owned(source.valid_issuers()),
            None => std::borrow::Cow::Borrowed(&self.params.valid_issuers),
        };
        if !issuers.is_empty() || self.source.is_some() {
            match iss {
                Some(i) if issuers.iter().any(|v| v == i) => {}
                Some(i) => {
                    return Err(err!(
                        InvalidIssuer,
                        "issuer '{}' is not accepted",
                        printable(i)
                    ));
                }
                None => return Err(err!(InvalidIssuer, "the token has no issuer")),
            }
        }

        let audiences: Vec<&str> = match claims.get("aud") {
            None => Vec::new(),
            Some(Member::Str(s)) => vec![s.as_ref()],
            Some(Member::Strings(items)) => items.iter().map(|s| s.as_ref()).collect(),
            Some(Member::Array) => {
                return Err(err!(
                    InvalidClaim,
                    "the 'aud' claim has a member that is not a string"
                ));
            }
            Some(_) => {
                return Err(err!(
                    InvalidClaim,
                    "the 'aud' claim is neither a string nor an array of strings"
                ));
            }
        };
        if !self.params.valid_audiences.is_empty()
            && !audiences
                .iter()
                .any(|a| self.params.valid_audiences.iter().any(|v| v == a))
        {
            return Err(if audiences.is_empty() {
                err!(InvalidAudience, "the token has no audience")
            } else {
                err!(InvalidAudience, "none of the token's audiences is accepted")
            });
        }

        for name in &self.params.required_claims {
            if !claims.has(name) {
                return Err(err!(
                    MissingClaim,
                    "the required claim '{}' is missing",
                    printable(name)
                ));
            }
        }
        Ok(())
    }
}

impl Validator {
    /// jose's `maxTokenAge`: `iat` required, not older than the maximum age, not in the future (each
    /// beyond the clock skew).
    fn check_token_age(&self, iat: Option<i64>, max_age: f64, now: i64) -> Result<()> {
        let Some(iat) = iat else {
            return Err(err!(
                MissingClaim,
                "the token has no 'iat' claim, which a maximum token age requires"
            ));
        };
        let (iat_wide, now_wide, skew) = (iat as i128, now as i128, self.skew as i128);
        if iat_wide - skew > now_wide {
            return Err(err!(
                TokenNotYetValid,
                "the token was issued in the future, at {} (now {}, clock skew {}s)",
                iso8601_utc(iat),
                iso8601_utc(now),
                self.skew
            ));
        }
        let max = max_age.round() as i128;
        if now_wide - iat_wide - skew > max {
            return Err(err!(
                TokenTooOld,
                "the token was issued at {}, {} s ago, more than the maximum token age of {} s \
                 (now {}, clock skew {}s)",
                iso8601_utc(iat),
                now_wide - iat_wide,
                max,
                iso8601_utc(now),
                self.skew
            ));
        }
        Ok(())
    }
}

/// NumericDate claims must be JSON numbers (RFC 7519 §2); fractions are truncated.
fn numeric_date(claims: &Claims, name: &str) -> Result<Option<i64>> {
    match claims.get(name) {
        None => Ok(None),
        Some(Member::Int(i)) => Ok(Some(*i)),
        Some(Member::Float(f)) if f.is_finite() && f.abs() < 1e15 => Ok(Some(*f as i64)),
        Some(_) => Err(invalid_date(name)),
    }
}

/// A header member that must be a string when present.
fn header_string<'h>(header: &'h Header, name: &str) -> Result<Option<&'h str>> {
    header
        .str(name)
        .transpose()
        .map_err(|()| err!(MalformedToken, "the header '{name}' is not a string"))
}

fn invalid_date(name: &str) -> Error {
    err!(
        InvalidClaim,
        "the '{name}' claim is not a NumericDate (a JSON number of seconds)"
    )
}
