//! Per-validator counters: validations, successes, failures per status (lock-free atomics), and rolling
//! 1-minute / 15-minute rates in fixed buckets (bounded memory, an approximate count at bucket
//! boundaries when threads race; the totals are exact).

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};

use serde_json::{Map, Value, json};

use crate::base::error::Status;

/// Status codes are below 100 (see `base::error`); one counter per code.
const CODES: usize = 100;

/// `N` buckets of `width` seconds each; a bucket is reused once its period has passed.
struct Rate<const N: usize> {
    width: i64,
    stamps: [AtomicI64; N],
    counts: [AtomicU64; N],
}

impl<const N: usize> Rate<N> {
    fn new(width: i64) -> Self {
        Rate {
            width,
            stamps: std::array::from_fn(|_| AtomicI64::new(i64::MIN)),
            counts: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }

    fn record(&self, now: i64, n: u64) {
        let period = now.div_euclid(self.width);
        let slot = period.rem_euclid(N as i64) as usize;
        if self.stamps[slot].load(Relaxed) != period
            && self.stamps[slot].swap(period, Relaxed) != period
        {
            self.counts[slot].store(0, Relaxed);
        }
        self.counts[slot].fetch_add(n, Relaxed);
    }

    /// The events of the last `periods` periods, the current one included.
    fn sum(&self, now: i64, periods: i64) -> u64 {
        let current = now.div_euclid(self.width);
        (0..N)
            .filter(|&i| {
                let stamp = self.stamps[i].load(Relaxed);
                stamp <= current && stamp > current - periods
            })
            .map(|i| self.counts[i].load(Relaxed))
            .sum()
    }

    fn reset(&self) {
        for (stamp, count) in self.stamps.iter().zip(&self.counts) {
            stamp.store(i64::MIN, Relaxed);
            count.store(0, Relaxed);
        }
    }
}

/// One minute by the second and fifteen by the minute.
struct Rates {
    seconds: Rate<60>,
    minutes: Rate<16>,
}

impl Rates {
    fn new() -> Self {
        Rates {
            seconds: Rate::new(1),
            minutes: Rate::new(60),
        }
    }

    fn record(&self, now: i64, n: u64) {
        self.seconds.record(now, n);
        self.minutes.record(now, n);
    }

    fn last_minute(&self, now: i64) -> u64 {
        self.seconds.sum(now, 60)
    }

    /// The mean per minute over the last 15 minutes (the current, partial one included).
    fn per_minute_15(&self, now: i64) -> f64 {
        self.minutes.sum(now, 15) as f64 / 15.0
    }

    fn reset(&self) {
        self.seconds.reset();
        self.minutes.reset();
    }
}

/// The counters of one validator and its copies.
pub struct Counters {
    succeeded: AtomicU64,
    failed: AtomicU64,
    by_code: [AtomicU64; CODES],
    all: Rates,
    failures: Rates,
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            succeeded: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            by_code: std::array::from_fn(|_| AtomicU64::new(0)),
            all: Rates::new(),
            failures: Rates::new(),
        }
    }
}

impl Counters {
    /// `n` successes at `now` (a batch counts its successes once, not once per token).
    pub fn successes(&self, n: u64, now: i64) {
        if n == 0 {
            return;
        }
        self.succeeded.fetch_add(n, Relaxed);
        self.all.record(now, n);
    }

    pub fn failure(&self, status: Status, now: i64) {
        self.failed.fetch_add(1, Relaxed);
        let code = usize::try_from(status.code()).unwrap_or(CODES - 1);
        self.by_code[code.min(CODES - 1)].fetch_add(1, Relaxed);
        self.all.record(now, 1);
        self.failures.record(now, 1);
    }

    pub fn succeeded(&self) -> u64 {
        self.succeeded.load(Relaxed)
    }

    pub fn failed(&self) -> u64 {
        self.failed.load(Relaxed)
    }

    /// Failures by status name, only the statuses that occurred.
    pub fn failed_by_reason(&self) -> Map<String, Value> {
        Status::ALL
            .iter()
            .filter_map(|s| {
                let n = self.by_code[usize::try_from(s.code()).ok()?.min(CODES - 1)].load(Relaxed);
                (n > 0).then(|| (s.name().to_owned(), Value::from(n)))
            })
            .collect()
    }

    /// `validations` and the rest as the statistics document has them.
    pub fn snapshot(&self, now: i64) -> Value {
        let (succeeded, failed) = (self.succeeded(), self.failed());
        json!({
            "validations": succeeded + failed,
            "succeeded": succeeded,
            "failed": failed,
            "failed_by_reason": self.failed_by_reason(),
            "rates": {
                "validations_last_minute": self.all.last_minute(now),
                "failures_last_minute": self.failures.last_minute(now),
                "validations_per_minute_15": self.all.per_minute_15(now),
                "failures_per_minute_15": self.failures.per_minute_15(now),
            },
        })
    }

    pub fn reset(&self) {
        self.succeeded.store(0, Relaxed);
        self.failed.store(0, Relaxed);
        for c in &self.by_code {
            c.store(0, Relaxed);
        }
        self.all.reset();
        self.failures.reset();
    }
}
