//! Validation events, counters and misuse signals: what the validator observed, for logs and
//! monitoring. A validator (and its copies) shares one [`Audit`]; every validation path (single, batch,
//! bearer, renewal, remote keys) reports to it after the verdict. The counters always run (a few relaxed
//! atomics); an event is made only when a sink is registered and the outcome is one it wants, and a
//! successful validation does no more than count unless success events or the replay detector are on.

pub mod counters;
pub mod event;
pub mod options;
pub mod signals;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use serde_json::{Map, Value, json};

use crate::base::error::{Error, Status};
use crate::base::time::iso8601_utc;
use counters::Counters;
use event::TokenFacts;
pub use options::EventOptions;
use signals::{Signal, SignalState};

/// How serious an event is, as the C callback receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Level {
    /// A successful validation (only with `log_success`).
    Info = 1,
    /// A refused token.
    Warning = 2,
    /// A misuse signal crossed its threshold.
    Alert = 3,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Alert => "alert",
        }
    }
}

/// Receives each event as one line of JSON (no newline), on the validating thread, before the validating
/// call returns; several threads may call it at once.
pub type Sink = Arc<dyn Fn(&str, Level) + Send + Sync>;

/// How the token reached the validator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    Single,
    Batch,
    Bearer,
    Renewal,
}

impl Path {
    fn name(self) -> &'static str {
        match self {
            Path::Single => "single",
            Path::Batch => "batch",
            Path::Bearer => "bearer",
            Path::Renewal => "renewal",
        }
    }
}

/// Where a validation came from: the path and, when the caller knows them, the bearer scheme and the
/// client's address.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub path: Path,
    pub scheme: Option<&'a str>,
    pub client: Option<&'a str>,
}

impl Origin<'_> {
    pub const SINGLE: Origin<'static> = Origin {
        path: Path::Single,
        scheme: None,
        client: None,
    };
    pub const BATCH: Origin<'static> = Origin {
        path: Path::Batch,
        scheme: None,
        client: None,
    };
    pub const RENEWAL: Origin<'static> = Origin {
        path: Path::Renewal,
        scheme: None,
        client: None,
    };

    pub fn bearer<'a>(scheme: Option<&'a str>, client: Option<&'a str>) -> Origin<'a> {
        Origin {
            path: Path::Bearer,
            scheme: scheme.filter(|s| !s.is_empty()),
            client: client.filter(|c| !c.is_empty()),
        }
    }
}

/// The events, counters and signals of one validator and its copies.
pub struct Audit {
    /// The keys come from a remote key source (said in every event).
    remote: bool,
    counters: Counters,
    options: RwLock<Arc<EventOptions>>,
    sink: RwLock<Option<Sink>>,
    /// A success needs more than counting: a sink wants it, or the replay detector is on.
    watch_success: AtomicBool,
    signals: Mutex<SignalState>,
}

impl Default for Audit {
    fn default() -> Self {
        Audit::new(false)
    }
}

impl Audit {
    pub fn new(remote: bool) -> Audit {
        Audit {
            remote,
            counters: Counters::default(),
            options: RwLock::new(Arc::new(EventOptions::default())),
            sink: RwLock::new(None),
            watch_success: AtomicBool::new(false),
            signals: Mutex::new(SignalState::default()),
        }
    }

    pub fn options(&self) -> Arc<EventOptions> {
        self.options
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the options (checked first: nothing changes when they are refused).
    pub fn set_options(&self, options: EventOptions) -> crate::base::error::Result<()> {
        options.check()?;
        *self.options.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(options);
        self.update_watch();
        Ok(())
    }

    /// Registers the sink (`None` removes it).
    pub fn set_sink(&self, sink: Option<Sink>) {
        *self.sink.write().unwrap_or_else(PoisonError::into_inner) = sink;
        self.update_watch();
    }

    fn sink(&self) -> Option<Sink> {
        self.sink
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn update_watch(&self) {
        let o = self.options();
        let has_sink = self.sink().is_some();
        self.watch_success
            .store(o.replay_detection || (has_sink && o.log_success), Relaxed);
    }

    fn state(&self) -> std::sync::MutexGuard<'_, SignalState> {
        self.signals.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a success needs its claims (success events, the replay detector): a caller that would
    /// validate without building them must build them.
    pub fn needs_claims(&self) -> bool {
        self.watch_success.load(Relaxed)
    }

    /// Records a verdict reached without the claims map (`None` = valid). For a success this only counts:
    /// callers check [`Audit::needs_claims`] first and use [`Audit::observe`] when it is true.
    pub fn observe_status(
        &self,
        token: &str,
        now: i64,
        origin: &Origin<'_>,
        error: Option<&Error>,
    ) {
        match error {
            None => self.counters.successes(1, now),
            Some(e) => {
                self.counters.failure(e.status(), now);
                self.observe_failure(token, now, origin, e.status());
            }
        }
    }

    /// Records `n` successful status-only verdicts of one batch at once (what `n` calls of
    /// [`Audit::observe_status`] without an error would record).
    pub fn observe_successes(&self, n: u64, now: i64) {
        self.counters.successes(n, now);
    }

    /// Records one verdict: counts it, updates the signals and hands the events to the sink.
    pub fn observe(
        &self,
        token: &str,
        now: i64,
        origin: &Origin<'_>,
        outcome: Result<&Map<String, Value>, &Error>,
    ) {
        match outcome {
            Ok(claims) => {
                self.counters.successes(1, now);
                if self.watch_success.load(Relaxed) {
                    self.observe_success(token, now, origin, claims);
                }
            }
            Err(e) => {
                self.counters.failure(e.status(), now);
                self.observe_failure(token, now, origin, e.status());
            }
        }
    }

    fn observe_success(
        &self,
        token: &str,
        now: i64,
        origin: &Origin<'_>,
        claims: &Map<String, Value>,
    ) {
        let options = self.options();
        let facts = TokenFacts::read(token, Some(claims));
        let signal = self.state().success(&options, &facts, now);
        if let Some(sink) = self.sink() {
            if options.log_success {
                let e = self.validation_event(&options, &facts, origin, now, Status::Ok);
                sink(&e, Level::Info);
            }
            if let Some(s) = signal {
                sink(
                    &self.signal_event(&options, &s, &facts, origin),
                    Level::Alert,
                );
            }
        }
    }

    fn observe_failure(&self, token: &str, now: i64, origin: &Origin<'_>, status: Status) {
        let options = self.options();
        let facts = TokenFacts::read(token, None);
        let raised = self
            .state()
            .failure(&options, status, &facts, origin.client, now);
        if let Some(sink) = self.sink() {
            sink(
                &self.validation_event(&options, &facts, origin, now, status),
                Level::Warning,
            );
            for s in &raised {
                sink(
                    &self.signal_event(&options, s, &facts, origin),
                    Level::Alert,
                );
            }
        }
    }

    fn common(
        &self,
        options: &EventOptions,
        origin: &Origin<'_>,
        kind: &str,
        level: Level,
        now: i64,
    ) -> Map<String, Value> {
        let mut e = Map::new();
        e.insert("time".into(), iso8601_utc(now).into());
        e.insert("event".into(), kind.into());
        e.insert("level".into(), level.name().into());
        e.insert("validator".into(), options.name.clone().into());
        e.insert("path".into(), origin.path.name().into());
        e.insert(
            "keys".into(),
            if self.remote { "remote" } else { "static" }.into(),
        );
        if let Some(scheme) = origin.scheme {
            e.insert("scheme".into(), event_text(scheme).into());
        }
        if let Some(client) = origin.client {
            e.insert("client".into(), event_text(client).into());
        }
        e
    }

    fn validation_event(
        &self,
        options: &EventOptions,
        facts: &TokenFacts,
        origin: &Origin<'_>,
        now: i64,
        status: Status,
    ) -> String {
        let level = if status == Status::Ok {
            Level::Info
        } else {
            Level::Warning
        };
        let mut e = self.common(options, origin, "validation", level, now);
        let outcome = if status == Status::Ok {
            "success"
        } else {
            "failure"
        };
        e.insert("outcome".into(), outcome.into());
        e.insert("status".into(), status.name().into());
        facts.write(&mut e, options.log_subject);
        Value::Object(e).to_string()
    }

    fn signal_event(
        &self,
        options: &EventOptions,
        signal: &Signal,
        facts: &TokenFacts,
        origin: &Origin<'_>,
    ) -> String {
        let mut e = self.common(options, origin, "signal", Level::Alert, signal.time);
        for (k, v) in signal.to_json() {
            if k != "time" {
                e.insert(k, v);
            }
        }
        e.insert("fingerprint".into(), facts.fingerprint.clone().into());
        Value::Object(e).to_string()
    }

    /// The counters, rates and signals as one JSON document.
    pub fn statistics(&self, now: i64) -> Value {
        let mut v = self.counters.snapshot(now);
        let state = self.state();
        v["validator"] = self.options().name.clone().into();
        v["signals"] = state.snapshot();
        v["replay_remembered"] = json!(state.replay_remembered());
        v["time"] = iso8601_utc(now).into();
        v
    }

    /// Clears the counters and signals (not the options, the sink or the replay detector's memory).
    pub fn reset(&self) {
        self.counters.reset();
        self.state().reset();
    }
}

/// A caller-supplied value (a client address) as an event repeats it: cut, without control characters.
fn event_text(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect()
}
