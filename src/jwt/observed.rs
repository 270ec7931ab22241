//! The validator's observed paths: every verdict (single, batch, bearer, renewal, remote keys) is
//! reported to the validator's [`Audit`] (counters, signals, events) after it is reached. A batch is
//! observed on the calling thread, in input order, after its threads have joined.

use serde_json::{Map, Value};

use crate::audit::{Audit, Origin};
use crate::base::error::Result;
use crate::base::parallel;
use crate::base::time::unix_now;
use crate::jwt::validator::Validator;

impl Validator {
    /// Validates and observes the verdict as coming from `origin`.
    pub fn validate_from(
        &self,
        token: &str,
        now: i64,
        grace_seconds: i64,
        origin: &Origin<'_>,
    ) -> Result<Map<String, Value>> {
        let result = self.check(token, now, grace_seconds);
        self.audit.observe(token, now, origin, result.as_ref());
        result
    }

    /// Like [`Validator::validate`] when only the outcome matters: the claims map is never built.
    pub fn validate_status(&self, token: &str) -> Result<()> {
        self.validate_status_at(token, unix_now())
    }

    /// Like [`Validator::validate_at`], without building the claims map.
    pub fn validate_status_at(&self, token: &str, now: i64) -> Result<()> {
        self.status_from(token, now, &Origin::SINGLE)
    }

    /// Like [`Validator::validate_many`], without building the claims maps.
    pub fn validate_many_status(&self, tokens: &[&str]) -> Vec<Result<()>> {
        let now = unix_now();
        if self.audit.needs_claims() {
            // Success events or the replay detector read the claims: the batch that builds them.
            let results = parallel::map_in_order(tokens, |t| self.check(t, now, 0));
            self.observe_all(tokens, &results, now, &Origin::BATCH);
            return results.into_iter().map(|r| r.map(drop)).collect();
        }
        let results = parallel::map_in_order(tokens, |t| self.check_status(t, now));
        // The successes are counted once; each failure is observed (counters, signals, events).
        let mut successes = 0;
        for (token, result) in tokens.iter().zip(&results) {
            match result {
                Ok(()) => successes += 1,
                Err(e) => self
                    .audit
                    .observe_status(token, now, &Origin::BATCH, Some(e)),
            }
        }
        self.audit.observe_successes(successes, now);
        results
    }

    /// Validates without building the claims map (unless the audit needs them for a success) and
    /// observes the verdict as coming from `origin`.
    pub(super) fn status_from(&self, token: &str, now: i64, origin: &Origin<'_>) -> Result<()> {
        if self.audit.needs_claims() {
            return self.validate_from(token, now, 0, origin).map(drop);
        }
        let result = self.check_status(token, now);
        self.audit
            .observe_status(token, now, origin, result.as_ref().err());
        result
    }

    pub(super) fn observe_all(
        &self,
        tokens: &[&str],
        results: &[Result<Map<String, Value>>],
        now: i64,
        origin: &Origin<'_>,
    ) {
        for (token, result) in tokens.iter().zip(results) {
            self.audit.observe(token, now, origin, result.as_ref());
        }
    }

    /// The verdict without counting or reporting it: only for measuring what observation costs
    /// (`benches/jwt.rs`, group `events/`). Every validation path of the library observes.
    #[doc(hidden)]
    pub fn validate_unobserved(&self, token: &str) -> Result<Map<String, Value>> {
        self.check(token, crate::base::time::unix_now(), 0)
    }

    /// The statistics document (`Audit::statistics`) now; with a remote key source, also the source's
    /// own counts of what it saw (`key_source`: unknown `kid`s, fetches, stale sets served), the counts
    /// the `unknown_kid` signal shares.
    pub fn statistics(&self) -> Value {
        let mut v = self.audit.statistics(crate::base::time::unix_now());
        if let Some(source) = self.key_source() {
            let s = source.status();
            v["key_source"] = serde_json::json!({
                "kid_misses": s.kid_misses,
                "fetches_ok": s.fetches_ok,
                "fetches_failed": s.fetches_failed,
                "stale_served": s.stale_served,
            });
        }
        v
    }

    /// The events, counters and signals of this validator and its copies.
    pub fn audit(&self) -> &Audit {
        &self.audit
    }
}
