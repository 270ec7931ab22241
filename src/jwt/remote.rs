//! Validators whose keys come from a remote JWK Set ([`crate::remote::RemoteKeySource`]): the JSON
//! members that configure the source, the constructor, and the status and refresh accessors. The
//! parser and the error mapping the validator itself uses are in `keysource.rs`.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::base::error::{Result, err};
use crate::base::json::parse_value;
use crate::jwt::keysource::{KeySource, jwks_parser, source_error};
use crate::jwt::validator::{ValidationParams, Validator};
use crate::remote::{Clock, Fetcher, RemoteKeySource, SourceConfig, SystemClock};

/// Where the keys come from: exactly one of these members.
const ENDPOINTS: [&str; 3] = ["authority", "metadata_url", "jwks_uri"];

fn take_string(map: &mut Map<String, Value>, name: &str) -> Result<Option<String>> {
    match map.remove(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(err!(InvalidArgument, "'{name}' must be a string")),
    }
}

fn take_seconds(map: &mut Map<String, Value>, name: &str) -> Result<Option<Duration>> {
    let Some(value) = map.remove(name) else {
        return Ok(None);
    };
    match value.as_f64() {
        Some(s) if s.is_finite() && (0.0..=1e9).contains(&s) => {
            Ok(Some(Duration::from_secs_f64(s)))
        }
        _ => Err(err!(
            InvalidArgument,
            "'{name}' must be a number of seconds between 0 and 1e9"
        )),
    }
}

/// Removes the source's members from the parameter object and builds its configuration.
fn source_config(map: &mut Map<String, Value>, valid_issuers: &[String]) -> Result<SourceConfig> {
    let mut given = Vec::new();
    for name in ENDPOINTS {
        if let Some(url) = take_string(map, name)? {
            given.push((name, url));
        }
    }
    let (name, url) = match given.len() {
        1 => given.remove(0),
        0 => {
            return Err(err!(
                InvalidArgument,
                "a remote validator needs one of 'authority', 'metadata_url' or 'jwks_uri'"
            ));
        }
        _ => {
            return Err(err!(
                InvalidArgument,
                "give only one of 'authority', 'metadata_url' or 'jwks_uri'"
            ));
        }
    };
    let mut config = match name {
        "authority" => SourceConfig::authority(url),
        "metadata_url" => SourceConfig::metadata(url),
        _ => {
            let issuer = valid_issuers.first().ok_or_else(|| {
                err!(
                    InvalidArgument,
                    "a 'jwks_uri' source needs 'valid_issuers' (a JWK Set names no issuer)"
                )
            })?;
            SourceConfig::jwks(url, issuer.clone())
        }
    };
    config.valid_issuers = valid_issuers.to_vec();
    match map.remove("allow_http") {
        None => {}
        Some(Value::Bool(b)) => config.allow_http = b,
        Some(_) => return Err(err!(InvalidArgument, "'allow_http' must be true or false")),
    }
    if let Some(d) = take_seconds(map, "jwks_cache_max_age_seconds")? {
        config.cache_max_age = d;
    }
    if let Some(d) = take_seconds(map, "jwks_refresh_cooldown_seconds")? {
        config.refresh_cooldown = d;
        // The backoff cap may not be below the cooldown; a longer cooldown lifts it.
        config.max_backoff = config.max_backoff.max(d);
    }
    if let Some(d) = take_seconds(map, "jwks_stale_if_error_seconds")? {
        config.stale_if_error = d;
    }
    if let Some(d) = take_seconds(map, "http_timeout_seconds")? {
        config.timeout = d;
    }
    match map.remove("max_jwks_bytes") {
        None => {}
        Some(v) => {
            config.max_body_bytes = v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    err!(
                        InvalidArgument,
                        "'max_jwks_bytes' must be a positive integer"
                    )
                })?;
        }
    }
    Ok(config)
}

impl Validator {
    /// A validator whose keys come from a remote JWK Set fetched through `fetcher` (the host's HTTP
    /// client; see docs/remote-keys.md). `params_json` holds the validation parameters plus exactly one
    /// of `authority`, `metadata_url`, `jwks_uri` and the source's options. Nothing is fetched here.
    pub fn remote(params_json: &str, fetcher: Arc<dyn Fetcher>) -> Result<Validator> {
        Validator::remote_with_clock(params_json, fetcher, Arc::new(SystemClock))
    }

    /// [`Validator::remote`] with the source driven by `clock` (tests).
    pub fn remote_with_clock(
        params_json: &str,
        fetcher: Arc<dyn Fetcher>,
        clock: Arc<dyn Clock>,
    ) -> Result<Validator> {
        let mut value = parse_value(params_json, "validation parameters")?;
        let map = value.as_object_mut().ok_or_else(|| {
            err!(
                InvalidJson,
                "the validation parameters are not a JSON object"
            )
        })?;
        if map.contains_key("jwks") {
            return Err(err!(
                InvalidArgument,
                "a remote validator takes its keys from its source: 'jwks' is not allowed with it"
            ));
        }
        let issuers: Vec<String> = match map.get("valid_issuers") {
            Some(v) => serde_json::from_value(v.clone())
                .map_err(|e| err!(InvalidJson, "the validation parameters are not valid: {e}"))?,
            None => Vec::new(),
        };
        let config = source_config(map, &issuers)?;
        let params: ValidationParams = serde_json::from_value(value)
            .map_err(|e| err!(InvalidJson, "the validation parameters are not valid: {e}"))?;
        let source =
            RemoteKeySource::new(config, fetcher, jwks_parser(), clock).map_err(source_error)?;
        Validator::with_source(params, Arc::new(source))
    }

    /// The status of the remote key source; an error for a validator with static keys.
    pub fn key_source_status(&self) -> Result<crate::remote::SourceStatus> {
        Ok(self.require_source()?.status())
    }

    /// Fetches the key set now (cooldown and backoff notwithstanding); the fetch's failure is the error.
    pub fn refresh_key_source(&self) -> Result<()> {
        self.require_source()?
            .refresh_now()
            .map(drop)
            .map_err(source_error)
    }

    fn require_source(&self) -> Result<&Arc<KeySource>> {
        self.key_source().ok_or_else(|| {
            err!(
                InvalidArgument,
                "this validator has static keys, not a remote key source"
            )
        })
    }
}
