//! What an operator sees of a source (a snapshot, serialisable), the counters behind it, and the
//! bounded memory of unknown key ids.

use std::collections::VecDeque;

use serde::Serialize;

use super::keyset::SkippedKey;

/// A snapshot of a source. Times are milliseconds since the Unix epoch, from the source's clock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    pub authority: Option<String>,
    pub metadata_url: Option<String>,
    pub jwks_uri: Option<String>,
    /// The issuers tokens may name: the configured ones, else the discovered one.
    pub issuers: Vec<String>,
    pub key_ids: Vec<String>,
    pub skipped_keys: Vec<SkippedKey>,
    /// HTTP fetches (metadata and JWKS each count) that produced a usable document, or did not.
    pub fetches_ok: u64,
    pub fetches_failed: u64,
    /// Refreshes that failed since the last one that succeeded (drives the backoff).
    pub consecutive_failures: u32,
    pub last_success_ms: Option<u64>,
    pub last_error: Option<String>,
    pub last_error_ms: Option<u64>,
    /// Lookups whose `kid` was not in the current set.
    pub kid_misses: u64,
    /// Refreshes wanted (unknown kid, aged or missing set) but not made because of the cooldown or backoff.
    pub suppressed_refreshes: u64,
    /// Unknown kids answered from the negative cache.
    pub negative_cache_hits: u64,
    /// Lookups answered from a set past its max age because refreshing it failed.
    pub stale_served: u64,
    pub keys_fetched_at_ms: Option<u64>,
    /// When the current set is due for a refresh.
    pub fresh_until_ms: Option<u64>,
    /// The earliest time the next fetch may happen (0: on the next lookup).
    pub next_refresh_ms: u64,
    pub fetch_in_progress: bool,
    /// The current set came from [`super::RemoteKeySource::seed`], not from a fetch.
    pub seeded: bool,
}

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counters {
    pub fetches_ok: u64,
    pub fetches_failed: u64,
    pub kid_misses: u64,
    pub suppressed_refreshes: u64,
    pub negative_cache_hits: u64,
    pub stale_served: u64,
}

/// Longer kids are not remembered (a flood of huge ones is still held off by the cooldown).
const MAX_REMEMBERED_KID_LEN: usize = 256;

/// Unknown key ids, each until an expiry time; the oldest is forgotten when full.
#[derive(Debug)]
pub(crate) struct NegativeCache {
    entries: VecDeque<(String, u64)>,
    capacity: usize,
}

impl NegativeCache {
    pub fn new(capacity: usize) -> Self {
        NegativeCache {
            entries: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
        }
    }

    /// Whether `kid` is remembered as unknown at `now` (an expired entry is dropped).
    pub fn contains(&mut self, kid: &str, now: u64) -> bool {
        match self.entries.iter().position(|(k, _)| k == kid) {
            Some(i) if self.entries[i].1 > now => true,
            Some(i) => {
                self.entries.remove(i);
                false
            }
            None => false,
        }
    }

    pub fn insert(&mut self, kid: &str, expires_at: u64) {
        if self.capacity == 0 || kid.len() > MAX_REMEMBERED_KID_LEN {
            return;
        }
        if let Some(entry) = self.entries.iter_mut().find(|(k, _)| k == kid) {
            entry.1 = expires_at;
            return;
        }
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back((kid.to_string(), expires_at));
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_cache_expires_and_is_bounded() {
        let mut cache = NegativeCache::new(2);
        cache.insert("a", 10);
        assert!(cache.contains("a", 9));
        assert!(!cache.contains("a", 10), "expired at its time");
        assert_eq!(cache.len(), 0);
        cache.insert("a", 10);
        cache.insert("b", 10);
        cache.insert("a", 20);
        assert_eq!(cache.len(), 2, "re-inserting updates");
        assert!(cache.contains("a", 15));
        cache.insert("c", 10);
        assert_eq!(cache.len(), 2);
        assert!(!cache.contains("a", 0), "the oldest was forgotten");
        assert!(cache.contains("b", 0) && cache.contains("c", 0));
        cache.insert(&"k".repeat(MAX_REMEMBERED_KID_LEN + 1), 10);
        assert!(!cache.contains(&"k".repeat(MAX_REMEMBERED_KID_LEN + 1), 0));
        cache.clear();
        assert_eq!(cache.len(), 0);
        let mut none = NegativeCache::new(0);
        none.insert("a", 10);
        assert!(!none.contains("a", 0));
    }

    #[test]
    fn status_serialises_with_snake_case_fields() {
        let status = SourceStatus {
            key_ids: vec!["k1".into()],
            next_refresh_ms: 5,
            ..Default::default()
        };
        let json = serde_json::to_value(&status).unwrap();
        assert_eq!(json["key_ids"][0], "k1");
        assert_eq!(json["next_refresh_ms"], 5);
        assert_eq!(json["stale_served"], 0);
        assert!(json["last_error"].is_null());
    }
}
