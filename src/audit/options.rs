//! What a validator's events say and when its misuse signals fire (`kr_jwt_validator_set_event_options`).

use serde::{Deserialize, Serialize};

use crate::base::error::{Result, err};

/// Every member is optional in JSON; missing members take the defaults. A threshold of 0 switches that
/// signal off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventOptions {
    /// The validator's or scheme's name in events and statistics.
    pub name: String,
    /// Events for successful validations too (failures always have one).
    pub log_success: bool,
    /// Events carry `sub` (often personal data: off by default).
    pub log_subject: bool,
    /// Invalid signatures per `kid`, per issuer or per client address within the burst window.
    pub invalid_signature_threshold: u32,
    /// Unknown `kid` values (no matching key) per `kid` within the burst window.
    pub unknown_kid_threshold: u32,
    /// Tokens with an issuer that is not accepted, per issuer within the burst window.
    pub unexpected_issuer_threshold: u32,
    /// Presentations of one expired token (same fingerprint) within the expired window.
    pub expired_reuse_threshold: u32,
    pub burst_window_seconds: u32,
    pub expired_window_seconds: u32,
    /// The replay detector: a `jti` presented again within its lifetime is signalled.
    pub replay_detection: bool,
    /// How many `jti` values the replay detector remembers (the oldest are forgotten first).
    pub replay_capacity: u32,
}

impl Default for EventOptions {
    fn default() -> Self {
        EventOptions {
            name: String::new(),
            log_success: false,
            log_subject: false,
            invalid_signature_threshold: 10,
            unknown_kid_threshold: 10,
            unexpected_issuer_threshold: 1,
            expired_reuse_threshold: 3,
            burst_window_seconds: 60,
            expired_window_seconds: 900,
            replay_detection: false,
            replay_capacity: 10_000,
        }
    }
}

/// Limits that keep the signal state bounded.
pub const MAX_WINDOW_SECONDS: u32 = 86_400;
pub const MAX_REPLAY_CAPACITY: u32 = 1_000_000;
const MAX_NAME_CHARS: usize = 200;

impl EventOptions {
    pub fn from_json(text: &str) -> Result<EventOptions> {
        let value = crate::base::json::parse_value(text, "event options")?;
        let options: EventOptions = serde_json::from_value(value)
            .map_err(|e| err!(InvalidJson, "the event options are not valid: {e}"))?;
        options.check()?;
        Ok(options)
    }

    pub fn check(&self) -> Result<()> {
        for (name, seconds) in [
            ("burst_window_seconds", self.burst_window_seconds),
            ("expired_window_seconds", self.expired_window_seconds),
        ] {
            if !(1..=MAX_WINDOW_SECONDS).contains(&seconds) {
                return Err(err!(
                    InvalidArgument,
                    "'{name}' must be between 1 and {MAX_WINDOW_SECONDS} seconds"
                ));
            }
        }
        if self.replay_detection && !(1..=MAX_REPLAY_CAPACITY).contains(&self.replay_capacity) {
            return Err(err!(
                InvalidArgument,
                "'replay_capacity' must be between 1 and {MAX_REPLAY_CAPACITY}"
            ));
        }
        if self.name.chars().count() > MAX_NAME_CHARS || self.name.chars().any(char::is_control) {
            return Err(err!(
                InvalidArgument,
                "the event name must be at most {MAX_NAME_CHARS} printable characters"
            ));
        }
        Ok(())
    }
}
