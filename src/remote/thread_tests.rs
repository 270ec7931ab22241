//! Concurrency: single flight, floods of unknown kids, refresh while others keep validating.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use super::fakes::{
    DISCOVERY, FakeClock, FakeFetcher, JWKS, T0, discovery_source, fake_parser, set,
};
use super::*;

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn sixty_four_threads_at_cold_start_cause_exactly_one_fetch_of_each_document() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    *fetcher.delay.lock().unwrap() = Duration::from_millis(50);
    let source = Arc::new(discovery_source(&fetcher, &clock, &["a"]));
    let barrier = Arc::new(Barrier::new(64));
    let threads: Vec<_> = (0..64)
        .map(|_| {
            let (source, barrier) = (source.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                source.keys_for(Some("a")).map(|set| set.contains_kid("a"))
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), Ok(true));
    }
    assert_eq!((fetcher.count(DISCOVERY), fetcher.count(JWKS)), (1, 1));
    assert_eq!(fetcher.max_concurrent.load(Ordering::SeqCst), 1);
    assert_eq!(source.status().fetches_ok, 2);
}

#[test]
fn sixty_four_threads_at_cold_start_against_a_dead_provider_cause_one_fetch_and_a_clear_error() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = Arc::new(discovery_source(&fetcher, &clock, &["a"]));
    fetcher.status(DISCOVERY, 503);
    fetcher.hold(true);
    let threads: Vec<_> = (0..64)
        .map(|_| {
            let source = source.clone();
            thread::spawn(move || source.keys_for(Some("a")))
        })
        .collect();
    wait_until("the fetch", || fetcher.entered.load(Ordering::SeqCst) == 1);
    thread::sleep(Duration::from_millis(20));
    fetcher.hold(false);
    for t in threads {
        match t.join().unwrap() {
            Err(RemoteError::Unavailable { reason, .. }) => {
                assert!(reason.contains("503"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(fetcher.total(), 1);
}

#[test]
fn eight_threads_of_unknown_kids_fetch_at_most_once_per_cooldown_and_known_kids_never_fail() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    *fetcher.delay.lock().unwrap() = Duration::from_millis(2);
    let source = Arc::new(discovery_source(&fetcher, &clock, &["good"]));
    source.keys_for(Some("good")).unwrap();
    let barrier = Arc::new(Barrier::new(9));
    let threads: Vec<_> = (0..8u64)
        .map(|t| {
            let (source, barrier) = (source.clone(), barrier.clone());
            thread::spawn(move || {
                barrier.wait();
                let mut unknown = 0;
                for i in 0..125u64 {
                    let kid = format!(
                        "bogus-{:016x}",
                        (t * 1000 + i).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    );
                    match source.keys_for(Some(&kid)) {
                        Err(RemoteError::UnknownKid(k)) if k == kid => unknown += 1,
                        other => panic!("{kid}: {other:?}"),
                    }
                    assert!(source.keys_for(Some("good")).unwrap().contains_kid("good"));
                }
                unknown
            })
        })
        .collect();
    barrier.wait();
    // The clock runs 2 s per millisecond-ish step while the flood lasts: 0..=300 s in all.
    for _ in 0..150 {
        clock.advance_secs(2);
        thread::sleep(Duration::from_micros(300));
    }
    let unknown: u32 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(unknown, 1000);
    let elapsed_s = (clock.now_ms() - T0) / 1000;
    let refreshes = fetcher.count(JWKS) - 1;
    let allowed = elapsed_s as usize / 30 + 1;
    assert!(
        refreshes <= allowed,
        "{refreshes} JWKS fetches in {elapsed_s} s (at most {allowed})"
    );
    assert_eq!(
        fetcher.count(DISCOVERY),
        1,
        "kid refreshes never re-read the metadata (still fresh)"
    );
    assert_eq!(fetcher.max_concurrent.load(Ordering::SeqCst), 1);
    let status = source.status();
    assert_eq!(status.kid_misses, 1000);
    assert_eq!(status.fetches_ok as usize, fetcher.total());
    let answered = status.suppressed_refreshes + status.negative_cache_hits + refreshes as u64;
    assert!(answered >= 1000 - 8 * allowed as u64, "{status:?}");
}

#[test]
fn a_flood_of_unknown_kids_with_a_stopped_clock_causes_at_most_one_fetch() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = Arc::new(discovery_source(&fetcher, &clock, &["good"]));
    source.keys_for(Some("good")).unwrap();
    clock.advance_secs(31);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let source = source.clone();
            thread::spawn(move || {
                for i in 0..125 {
                    assert!(source.keys_for(Some(&format!("kid-{t}-{i}"))).is_err());
                    assert!(source.keys_for(Some("good")).is_ok());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(fetcher.count(JWKS), 2, "the initial fetch and one refresh");
}

#[test]
fn past_max_age_one_caller_refreshes_while_the_others_keep_the_current_set() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = Arc::new(discovery_source(&fetcher, &clock, &["a"]));
    source.keys_for(Some("a")).unwrap();
    clock.set_secs(601);
    fetcher.ok(JWKS, &set(&["a", "b"]));
    fetcher.hold(true);
    let refresher = {
        let source = source.clone();
        thread::spawn(move || source.keys_for(Some("a")).map(|s| s.contains_kid("b")))
    };
    wait_until("the refresh to start", || {
        fetcher.entered.load(Ordering::SeqCst) == 3
    });
    assert!(source.status().fetch_in_progress);
    let others: Vec<_> = (0..8)
        .map(|_| {
            let source = source.clone();
            thread::spawn(move || source.keys_for(Some("a")).map(|s| s.contains_kid("b")))
        })
        .collect();
    for t in others {
        assert_eq!(
            t.join().unwrap(),
            Ok(false),
            "served the current set while the refresh is held"
        );
    }
    let waiting_for_b = {
        let source = source.clone();
        thread::spawn(move || source.keys_for(Some("b")).map(|s| s.contains_kid("b")))
    };
    thread::sleep(Duration::from_millis(20));
    assert!(
        !waiting_for_b.is_finished(),
        "an unknown kid waits for the fetch in progress"
    );
    fetcher.hold(false);
    assert_eq!(refresher.join().unwrap(), Ok(true));
    assert_eq!(waiting_for_b.join().unwrap(), Ok(true));
    assert_eq!(fetcher.total(), 4, "discovery + JWKS twice, nothing more");
    assert_eq!(fetcher.max_concurrent.load(Ordering::SeqCst), 1);
    assert_eq!(
        source.status().stale_served,
        0,
        "waiting on a refresh is not an outage"
    );
}

#[test]
fn a_fetcher_that_never_returns_does_not_hang_waiters_forever() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(JWKS, &set(&["a"]));
    let mut config = SourceConfig::jwks(JWKS, "https://idp.example/tenant");
    config.timeout = Duration::from_millis(100);
    let source = Arc::new(
        RemoteKeySource::new(config, fetcher.clone(), fake_parser(), clock.clone()).unwrap(),
    );
    fetcher.hold(true);
    let stuck = {
        let source = source.clone();
        thread::spawn(move || source.keys_for(Some("a")).is_ok())
    };
    wait_until("the fetch", || fetcher.entered.load(Ordering::SeqCst) == 1);
    let started = Instant::now();
    match source.keys_for(Some("a")) {
        Err(RemoteError::Unavailable { reason, .. }) => {
            assert!(reason.contains("still in progress"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    fetcher.hold(false);
    assert!(stuck.join().unwrap());
}
