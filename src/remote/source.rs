//! The remote key source: a state machine over (clock, fetch results). One fetch at a time, made by
//! whichever caller needs it, outside the lock; everyone else waits on a condition variable or keeps
//! using the current set.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::config::{Endpoint, Plan, SourceConfig};
use super::error::RemoteError;
use super::fetch::{
    Clock, FetchPurpose, FetchRequest, Fetcher, cache_control_max_age, check_response,
};
use super::keyset::{JwksParser, KeySet, Metadata, build_key_set, parse_metadata};
use super::status::{Counters, NegativeCache, SourceStatus};

/// The format tag of [`RemoteKeySource::export`]'s document.
pub const EXPORT_FORMAT: &str = "krjwt.remote-key-set.v1";

/// A JWK Set kept fresh from a remote endpoint. Cheap to share (`Arc<RemoteKeySource<K>>`); every
/// method may be called from any thread.
pub struct RemoteKeySource<K> {
    config: SourceConfig,
    plan: Plan,
    fetcher: Arc<dyn Fetcher>,
    parser: Arc<dyn JwksParser<K>>,
    clock: Arc<dyn Clock>,
    state: Mutex<State<K>>,
    fetch_finished: Condvar,
}

struct State<K> {
    keys: Option<Arc<KeySet<K>>>,
    fresh_until: u64,
    metadata: Option<Metadata>,
    metadata_fresh_until: u64,
    in_flight: bool,
    /// Incremented whenever a fetch finishes; waiters wait for it to change.
    generation: u64,
    /// No fetch before this (cooldown after a fetch, backoff after failures), forced refreshes aside.
    retry_at: u64,
    failures_in_row: u32,
    negative: NegativeCache,
    counters: Counters,
    last_error: Option<(u64, String)>,
    last_success: Option<u64>,
    seeded: bool,
}

/// What one call still may do and has already counted.
#[derive(Default)]
struct Call {
    /// This call made or waited for a fetch: it will not start or wait for another.
    attempted: bool,
    miss_counted: bool,
    suppression_counted: bool,
}

enum Step<K> {
    Serve(Arc<KeySet<K>>),
    Fail(RemoteError),
    Fetch(FetchPlan),
    Wait,
}

/// The lock again after a fetch, and the set it produced (or why not).
type Fetched<'a, K> = (MutexGuard<'a, State<K>>, Result<Arc<KeySet<K>>, String>);

struct FetchPlan {
    metadata_url: Option<String>,
    jwks_url: Option<String>,
}

struct Outcome<K> {
    ok: u64,
    failed: u64,
    metadata: Option<(Metadata, Option<Duration>)>,
    keys: Result<(Arc<KeySet<K>>, Option<Duration>), String>,
}

fn count_suppressed<K>(st: &mut State<K>, call: &mut Call) {
    if !call.suppression_counted {
        call.suppression_counted = true;
        st.counters.suppressed_refreshes += 1;
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl<K: Send + Sync + 'static> RemoteKeySource<K> {
    /// Checks the configuration; fetches nothing until the first lookup.
    pub fn new(
        config: SourceConfig,
        fetcher: Arc<dyn Fetcher>,
        parser: Arc<dyn JwksParser<K>>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, RemoteError> {
        let plan = config.validate()?;
        let negative = NegativeCache::new(config.negative_cache_capacity);
        Ok(RemoteKeySource {
            config,
            plan,
            fetcher,
            parser,
            clock,
            state: Mutex::new(State {
                keys: None,
                fresh_until: 0,
                metadata: None,
                metadata_fresh_until: 0,
                in_flight: false,
                generation: 0,
                retry_at: 0,
                failures_in_row: 0,
                negative,
                counters: Counters::default(),
                last_error: None,
                last_success: None,
                seeded: false,
            }),
            fetch_finished: Condvar::new(),
        })
    }

    pub fn config(&self) -> &SourceConfig {
        &self.config
    }

    /// The set to verify a token with `kid` (or without one) against, fetching or refreshing it first
    /// when the rules say so. A `kid` the set does not have is [`RemoteError::UnknownKid`].
    pub fn keys_for(&self, kid: Option<&str>) -> Result<Arc<KeySet<K>>, RemoteError> {
        let mut call = Call::default();
        let mut st = self.lock();
        loop {
            let now = self.clock.now_ms();
            match self.decide(&mut st, now, kid, &mut call) {
                Step::Serve(set) => return Ok(set),
                Step::Fail(e) => return Err(e),
                Step::Fetch(plan) => {
                    st = self.fetch_unlocked(st, plan).0;
                    call.attempted = true;
                }
                Step::Wait => {
                    st = self.wait_for_fetch(st)?;
                    call.attempted = true;
                }
            }
        }
    }

    /// Fetches now, cooldown and backoff notwithstanding (metadata too, for a discovery source); waits
    /// first for a fetch already in progress. The set is kept when this fetch fails.
    pub fn refresh_now(&self) -> Result<Arc<KeySet<K>>, RemoteError> {
        let mut st = self.lock();
        while st.in_flight {
            st = self.wait_for_fetch(st)?;
        }
        let plan = FetchPlan {
            metadata_url: self.plan.metadata_url.clone(),
            jwks_url: self.jwks_url(&st),
        };
        let (st, result) = self.fetch_unlocked(st, plan);
        result.map_err(|reason| RemoteError::Unavailable {
            reason,
            retry_at_ms: Some(st.retry_at),
        })
    }

    /// The issuers a token from this source may name: the configured ones, else the discovered one
    /// (empty until the metadata has been fetched or seeded).
    pub fn valid_issuers(&self) -> Vec<String> {
        self.issuers(&self.lock())
    }

    fn issuers(&self, st: &State<K>) -> Vec<String> {
        if !self.config.valid_issuers.is_empty() {
            return self.config.valid_issuers.clone();
        }
        st.metadata.iter().map(|m| m.issuer.clone()).collect()
    }

    pub fn status(&self) -> SourceStatus {
        let st = self.lock();
        let c = st.counters;
        let keys = st.keys.as_ref();
        let next_refresh_ms = match keys {
            Some(_) if st.failures_in_row == 0 => st.fresh_until.max(st.retry_at),
            _ => st.retry_at,
        };
        SourceStatus {
            authority: match &self.config.endpoint {
                Endpoint::Authority(a) => Some(a.clone()),
                _ => None,
            },
            metadata_url: self.plan.metadata_url.clone(),
            jwks_uri: self.jwks_url(&st),
            issuers: self.issuers(&st),
            key_ids: keys.map(|k| k.key_ids()).unwrap_or_default(),
            skipped_keys: keys.map(|k| k.skipped().to_vec()).unwrap_or_default(),
            fetches_ok: c.fetches_ok,
            fetches_failed: c.fetches_failed,
            consecutive_failures: st.failures_in_row,
            last_success_ms: st.last_success,
            last_error: st.last_error.as_ref().map(|(_, e)| e.clone()),
            last_error_ms: st.last_error.as_ref().map(|(t, _)| *t),
            kid_misses: c.kid_misses,
            suppressed_refreshes: c.suppressed_refreshes,
            negative_cache_hits: c.negative_cache_hits,
            stale_served: c.stale_served,
            keys_fetched_at_ms: keys.map(|k| k.fetched_at_ms()),
            fresh_until_ms: keys.map(|_| st.fresh_until),
            next_refresh_ms,
            fetch_in_progress: st.in_flight,
            seeded: st.seeded,
        }
    }

    /// The last good set (and metadata) as a JSON document for [`Self::seed`], or `None` before one.
    pub fn export(&self) -> Option<String> {
        let st = self.lock();
        let keys = st.keys.as_ref()?;
        let metadata = st
            .metadata
            .as_ref()
            .map(|m| json!({"issuer": m.issuer, "jwks_uri": m.jwks_uri}));
        let doc = json!({
            "format": EXPORT_FORMAT,
            "fetched_at_ms": keys.fetched_at_ms(),
            "fresh_until_ms": st.fresh_until,
            "metadata": metadata,
            "jwks": keys.jwks(),
        });
        Some(doc.to_string())
    }

    /// Starts from an exported set (a restart during an outage), checked like a fetched one. Its age
    /// counts from when it was fetched. Answers `false` when the source already has a newer set.
    pub fn seed(&self, exported: &str) -> Result<bool, RemoteError> {
        let seed_err = |m: String| RemoteError::Seed(m);
        let doc = crate::base::json::parse_strict(exported.as_bytes())
            .map_err(|e| seed_err(format!("not JSON: {e}")))?;
        if doc["format"] != EXPORT_FORMAT {
            return Err(seed_err(format!("not a {EXPORT_FORMAT} document")));
        }
        let now = self.clock.now_ms();
        let number = |name: &str| {
            doc[name]
                .as_u64()
                .ok_or_else(|| seed_err(format!("no \"{name}\" number")))
        };
        let fetched_at = number("fetched_at_ms")?.min(now);
        let cap = fetched_at.saturating_add(ms(self.config.cache_max_age));
        let fresh_until = number("fresh_until_ms")?.min(cap);
        let metadata = match (&doc["metadata"], &self.plan.metadata_url) {
            (_, None) => None,
            (Value::Null, Some(_)) => {
                return Err(seed_err(
                    "a discovery source needs the exported metadata".into(),
                ));
            }
            (m, Some(_)) => Some(
                parse_metadata(
                    m,
                    self.plan.expected_issuer.as_deref(),
                    &self.config.valid_issuers,
                    self.config.allow_http,
                )
                .map_err(seed_err)?,
            ),
        };
        let keys = build_key_set(doc["jwks"].clone(), self.parser.as_ref(), fetched_at)
            .map_err(seed_err)?;
        let mut st = self.lock();
        if st
            .keys
            .as_ref()
            .is_some_and(|k| k.fetched_at_ms() >= fetched_at)
        {
            return Ok(false);
        }
        st.keys = Some(keys);
        st.fresh_until = fresh_until;
        if metadata.is_some() {
            st.metadata = metadata;
            st.metadata_fresh_until = fresh_until;
        }
        st.seeded = true;
        st.negative.clear();
        Ok(true)
    }

    fn lock(&self) -> MutexGuard<'_, State<K>> {
        // The lock is never held across a fetch or a parser call, so poisoning can only come from a
        // bug in this file; the state is still consistent between statements.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn jwks_url(&self, st: &State<K>) -> Option<String> {
        self.plan
            .jwks_url
            .clone()
            .or_else(|| st.metadata.as_ref().map(|m| m.jwks_uri.clone()))
    }

    /// One step of a lookup; counters are bumped here, once per call.
    fn decide(&self, st: &mut State<K>, now: u64, kid: Option<&str>, call: &mut Call) -> Step<K> {
        let fresh = st.keys.is_some() && now < st.fresh_until;
        let gate_open = now >= st.retry_at;
        if !fresh && !st.in_flight && !call.attempted {
            if gate_open {
                return Step::Fetch(self.fetch_plan(st, now));
            }
            count_suppressed(st, call);
        }
        let stale_window_end = st
            .fresh_until
            .saturating_add(ms(self.config.stale_if_error));
        let servable = match &st.keys {
            Some(set) if fresh || st.failures_in_row == 0 || now < stale_window_end => {
                Some(set.clone())
            }
            _ => None,
        };
        let Some(set) = servable else {
            if st.in_flight && !call.attempted {
                return Step::Wait;
            }
            return Step::Fail(self.unavailable(st, now));
        };
        let serve = |st: &mut State<K>, set: Arc<KeySet<K>>| {
            if !fresh && st.failures_in_row > 0 {
                st.counters.stale_served += 1;
            }
            Step::Serve(set)
        };
        let Some(kid) = kid else {
            return serve(st, set);
        };
        if set.contains_kid(kid) {
            return serve(st, set);
        }
        if !call.miss_counted {
            call.miss_counted = true;
            st.counters.kid_misses += 1;
        }
        let unknown = || Step::Fail(RemoteError::UnknownKid(kid.to_string()));
        if st.negative.contains(kid, now) {
            st.counters.negative_cache_hits += 1;
            return unknown();
        }
        if st.in_flight && !call.attempted {
            return Step::Wait;
        }
        if call.attempted || !gate_open {
            if !call.attempted {
                count_suppressed(st, call);
            }
            // Remembered until the next fetch may happen: until then the answer cannot change.
            let until = st.retry_at;
            st.negative.insert(kid, until);
            return unknown();
        }
        Step::Fetch(self.fetch_plan(st, now))
    }

    fn fetch_plan(&self, st: &State<K>, now: u64) -> FetchPlan {
        let metadata_due = st.metadata.is_none() || now >= st.metadata_fresh_until;
        FetchPlan {
            metadata_url: self.plan.metadata_url.clone().filter(|_| metadata_due),
            jwks_url: self.jwks_url(st),
        }
    }

    fn unavailable(&self, st: &State<K>, now: u64) -> RemoteError {
        let last = st
            .last_error
            .as_ref()
            .map_or("no fetch has succeeded yet", |(_, e)| e.as_str());
        let reason = match &st.keys {
            None => format!("no key set: {last}"),
            Some(_) => format!(
                "the last good key set is {} s past its max age and the stale-if-error window; last error: {last}",
                now.saturating_sub(st.fresh_until) / 1000
            ),
        };
        RemoteError::Unavailable {
            reason,
            retry_at_ms: Some(st.retry_at),
        }
    }

    /// Waits (bounded in real time, in case a host's fetcher ignores its timeout) for the fetch in
    /// progress to finish.
    fn wait_for_fetch<'a>(
        &'a self,
        st: MutexGuard<'a, State<K>>,
    ) -> Result<MutexGuard<'a, State<K>>, RemoteError> {
        let generation = st.generation;
        let limit = self
            .config
            .timeout
            .saturating_mul(2)
            .saturating_add(Duration::from_secs(1));
        let deadline = Instant::now() + limit;
        let mut st = st;
        while st.in_flight && st.generation == generation {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(RemoteError::Unavailable {
                    reason: format!(
                        "a key set fetch is still in progress after {} ms",
                        limit.as_millis()
                    ),
                    retry_at_ms: None,
                });
            }
            st = self
                .fetch_finished
                .wait_timeout(st, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        Ok(st)
    }

    /// Marks the fetch in flight, runs it without the lock, applies the outcome and wakes the waiters.
    fn fetch_unlocked<'a>(
        &'a self,
        mut st: MutexGuard<'a, State<K>>,
        plan: FetchPlan,
    ) -> Fetched<'a, K> {
        st.in_flight = true;
        drop(st);
        // The parser is the host's code too: a panic in it must not leave the fetch marked in flight.
        let outcome =
            catch_unwind(AssertUnwindSafe(|| self.run(plan))).unwrap_or_else(|_| Outcome {
                ok: 0,
                failed: 1,
                metadata: None,
                keys: Err("the JWK Set parser panicked".into()),
            });
        let now = self.clock.now_ms();
        let mut st = self.lock();
        let result = self.apply(&mut st, outcome, now);
        st.in_flight = false;
        st.generation = st.generation.wrapping_add(1);
        self.fetch_finished.notify_all();
        (st, result)
    }

    fn run(&self, plan: FetchPlan) -> Outcome<K> {
        let mut outcome = Outcome {
            ok: 0,
            failed: 0,
            metadata: None,
            keys: Err(String::new()),
        };
        let jwks_url = match plan.metadata_url {
            Some(url) => {
                let metadata =
                    self.fetch_json(&url, FetchPurpose::Metadata)
                        .and_then(|(doc, max_age)| {
                            let expected = self.plan.expected_issuer.as_deref();
                            parse_metadata(
                                &doc,
                                expected,
                                &self.config.valid_issuers,
                                self.config.allow_http,
                            )
                            .map(|m| (m, max_age))
                            .map_err(|e| format!("metadata {url}: {e}"))
                        });
                match metadata {
                    Ok((m, max_age)) => {
                        outcome.ok += 1;
                        let jwks_uri = m.jwks_uri.clone();
                        outcome.metadata = Some((m, max_age));
                        jwks_uri
                    }
                    Err(e) => {
                        outcome.failed += 1;
                        outcome.keys = Err(e);
                        return outcome;
                    }
                }
            }
            None => match plan.jwks_url {
                Some(url) => url,
                None => {
                    outcome.keys =
                        Err("no JWKS URL is known (the metadata has not been fetched)".into());
                    return outcome;
                }
            },
        };
        let keys = self
            .fetch_json(&jwks_url, FetchPurpose::Jwks)
            .and_then(|(doc, max_age)| {
                build_key_set(doc, self.parser.as_ref(), self.clock.now_ms())
                    .map(|set| (set, max_age))
                    .map_err(|e| format!("JWKS {jwks_url}: {e}"))
            });
        match &keys {
            Ok(_) => outcome.ok += 1,
            Err(_) => outcome.failed += 1,
        }
        outcome.keys = keys;
        outcome
    }

    /// One GET through the host's fetcher, checked and parsed as strict JSON.
    fn fetch_json(
        &self,
        url: &str,
        purpose: FetchPurpose,
    ) -> Result<(Value, Option<Duration>), String> {
        let request = FetchRequest {
            url: url.to_string(),
            timeout: self.config.timeout,
            max_bytes: self.config.max_body_bytes,
            purpose,
        };
        let what = match purpose {
            FetchPurpose::Metadata => "metadata",
            FetchPurpose::Jwks => "JWKS",
        };
        let response = catch_unwind(AssertUnwindSafe(|| self.fetcher.fetch(&request)))
            .map_err(|_| format!("{what} {url}: the fetcher panicked"))?
            .map_err(|e| format!("{what} {url}: {e}"))?;
        check_response(&response, self.config.max_body_bytes)
            .map_err(|e| format!("{what} {url}: {e}"))?;
        let doc = crate::base::json::parse_strict(&response.body)
            .map_err(|e| format!("{what} {url}: the body is not strict JSON: {e}"))?;
        Ok((
            doc,
            response
                .cache_control
                .as_deref()
                .and_then(cache_control_max_age),
        ))
    }

    /// The lifetime a fetched document gets: its `Cache-Control: max-age` within [cooldown, max age].
    fn lifetime(&self, max_age: Option<Duration>) -> u64 {
        let lifetime = max_age
            .unwrap_or(self.config.cache_max_age)
            .clamp(self.config.refresh_cooldown, self.config.cache_max_age);
        ms(lifetime)
    }

    fn apply(
        &self,
        st: &mut State<K>,
        outcome: Outcome<K>,
        now: u64,
    ) -> Result<Arc<KeySet<K>>, String> {
        st.counters.fetches_ok += outcome.ok;
        st.counters.fetches_failed += outcome.failed;
        if let Some((metadata, max_age)) = outcome.metadata {
            st.metadata = Some(metadata);
            st.metadata_fresh_until = now.saturating_add(self.lifetime(max_age));
        }
        match outcome.keys {
            Ok((set, max_age)) => {
                st.keys = Some(set.clone());
                // From the instant the set was fetched (the one the status shows), so that the status's
                // fresh_until minus fetched_at is the lifetime exactly.
                st.fresh_until = set.fetched_at_ms().saturating_add(self.lifetime(max_age));
                st.failures_in_row = 0;
                st.retry_at = now.saturating_add(ms(self.config.refresh_cooldown));
                st.negative.clear();
                st.last_success = Some(now);
                st.seeded = false;
                Ok(set)
            }
            Err(error) => {
                st.failures_in_row = st.failures_in_row.saturating_add(1);
                let doublings = (st.failures_in_row - 1).min(20);
                let backoff = self
                    .config
                    .refresh_cooldown
                    .saturating_mul(1 << doublings)
                    .min(self.config.max_backoff);
                st.retry_at = now.saturating_add(ms(backoff));
                st.last_error = Some((now, error.clone()));
                Err(error)
            }
        }
    }
}
