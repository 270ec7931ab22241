//! Misuse signals: bursts of invalid signatures (per `kid`, issuer, client address), unknown `kid`s,
//! unexpected issuers, an expired token presented again and again, and (optionally) a `jti` replayed
//! within its lifetime. Each counts in a fixed window and raises once per window when its threshold is
//! reached. Memory is bounded: at most `MAX_TRACKED` windows and `replay_capacity` remembered `jti`s.

use std::collections::{HashMap, VecDeque};

use serde_json::{Map, Value, json};

use super::event::TokenFacts;
use super::options::EventOptions;
use crate::base::error::Status;
use crate::base::time::iso8601_utc;

const MAX_TRACKED: usize = 4096;
const RECENT: usize = 32;
/// How long a `jti` without `exp` is remembered.
const REPLAY_DEFAULT_LIFETIME: i64 = 3600;

/// A signal that was raised: what, for which value, how often in its window.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub kind: &'static str,
    pub scope: &'static str,
    pub value: String,
    pub count: u32,
    pub threshold: u32,
    pub window_seconds: u32,
    pub time: i64,
}

impl Signal {
    pub fn to_json(&self) -> Map<String, Value> {
        let Value::Object(map) = json!({
            "signal": self.kind,
            "scope": self.scope,
            "value": self.value,
            "count": self.count,
            "threshold": self.threshold,
            "window_seconds": self.window_seconds,
            "time": iso8601_utc(self.time),
        }) else {
            unreachable!("a json! object")
        };
        map
    }
}

struct Window {
    start: i64,
    count: u32,
    raised: bool,
}

#[derive(Default)]
pub struct SignalState {
    windows: HashMap<(&'static str, &'static str, String), Window>,
    raised: HashMap<&'static str, u64>,
    recent: VecDeque<Signal>,
    replay_seen: HashMap<String, i64>,
    replay_order: VecDeque<String>,
}

impl SignalState {
    /// Counts one occurrence; the signal when this one reaches the threshold.
    #[allow(clippy::too_many_arguments)]
    fn count(
        &mut self,
        kind: &'static str,
        scope: &'static str,
        value: &str,
        threshold: u32,
        window: u32,
        now: i64,
    ) -> Option<Signal> {
        if threshold == 0 || value.is_empty() {
            return None;
        }
        let key = (kind, scope, value.to_owned());
        if !self.windows.contains_key(&key) && self.windows.len() >= MAX_TRACKED {
            self.windows
                .retain(|_, w| now.saturating_sub(w.start) < i64::from(window));
            if self.windows.len() >= MAX_TRACKED {
                return None;
            }
        }
        let w = self.windows.entry(key).or_insert(Window {
            start: now,
            count: 0,
            raised: false,
        });
        if now.saturating_sub(w.start) >= i64::from(window) || now < w.start {
            *w = Window {
                start: now,
                count: 0,
                raised: false,
            };
        }
        w.count = w.count.saturating_add(1);
        if w.raised || w.count < threshold {
            return None;
        }
        w.raised = true;
        let count = w.count;
        Some(self.raise(Signal {
            kind,
            scope,
            value: value.to_owned(),
            count,
            threshold,
            window_seconds: window,
            time: now,
        }))
    }

    fn raise(&mut self, signal: Signal) -> Signal {
        *self.raised.entry(signal.kind).or_default() += 1;
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(signal.clone());
        signal
    }

    /// The signals a failure raises.
    pub fn failure(
        &mut self,
        o: &EventOptions,
        status: Status,
        facts: &TokenFacts,
        client: Option<&str>,
        now: i64,
    ) -> Vec<Signal> {
        let burst = o.burst_window_seconds;
        let mut out = Vec::new();
        let mut add = |s: Option<Signal>| out.extend(s);
        match status {
            Status::InvalidSignature => {
                let t = o.invalid_signature_threshold;
                let kind = "invalid_signature";
                if let Some(kid) = &facts.kid {
                    add(self.count(kind, "kid", kid, t, burst, now));
                }
                if let Some(iss) = &facts.iss {
                    add(self.count(kind, "iss", iss, t, burst, now));
                }
                if let Some(client) = client {
                    add(self.count(kind, "client", client, t, burst, now));
                }
            }
            Status::NoMatchingKey => {
                if let Some(kid) = &facts.kid {
                    let t = o.unknown_kid_threshold;
                    add(self.count("unknown_kid", "kid", kid, t, burst, now));
                }
            }
            Status::InvalidIssuer => {
                if let Some(iss) = &facts.iss {
                    let t = o.unexpected_issuer_threshold;
                    add(self.count("unexpected_issuer", "iss", iss, t, burst, now));
                }
            }
            Status::TokenExpired => {
                let (t, w) = (o.expired_reuse_threshold, o.expired_window_seconds);
                add(self.count(
                    "expired_reuse",
                    "fingerprint",
                    &facts.fingerprint,
                    t,
                    w,
                    now,
                ));
            }
            _ => {}
        }
        out
    }

    /// The replay detector, for a token that validated: its `jti` seen before, within its lifetime.
    pub fn success(&mut self, o: &EventOptions, facts: &TokenFacts, now: i64) -> Option<Signal> {
        if !o.replay_detection {
            return None;
        }
        let jti = facts.jti.as_ref()?;
        let until = facts
            .exp
            .unwrap_or_else(|| now.saturating_add(REPLAY_DEFAULT_LIFETIME));
        if let Some(&lifetime_end) = self.replay_seen.get(jti) {
            if lifetime_end > now {
                return Some(self.raise(Signal {
                    kind: "replay",
                    scope: "jti",
                    value: jti.clone(),
                    count: 2,
                    threshold: 2,
                    window_seconds: 0,
                    time: now,
                }));
            }
        }
        let capacity = o.replay_capacity as usize;
        while self.replay_order.len() >= capacity {
            match self.replay_order.pop_front() {
                Some(old) => {
                    self.replay_seen.remove(&old);
                }
                None => break,
            }
        }
        if self.replay_seen.insert(jti.clone(), until).is_none() {
            self.replay_order.push_back(jti.clone());
        }
        None
    }

    pub fn snapshot(&self) -> Value {
        json!({
            "raised": self.raised.iter().map(|(k, n)| ((*k).to_owned(), Value::from(*n))).collect::<Map<_, _>>(),
            "recent": self.recent.iter().map(|s| Value::Object(s.to_json())).collect::<Vec<_>>(),
        })
    }

    /// Clears the counts and the signals raised; the replay detector keeps what it remembers (a reset
    /// of the statistics must not make a replay pass unnoticed).
    pub fn reset(&mut self) {
        self.windows.clear();
        self.raised.clear();
        self.recent.clear();
    }

    pub fn replay_remembered(&self) -> usize {
        self.replay_seen.len()
    }
}
