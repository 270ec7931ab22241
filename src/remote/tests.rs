//! The source's rules, one test each, with a fake clock and a scripted fetcher.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::fakes::*;
use super::*;

fn jwks_config() -> SourceConfig {
    SourceConfig::jwks(JWKS, AUTHORITY)
}

fn unavailable(result: Result<Arc<KeySet<String>>, RemoteError>) -> String {
    match result {
        Err(RemoteError::Unavailable { reason, .. }) => reason,
        Err(e) => panic!("expected Unavailable, got {e}"),
        Ok(_) => panic!("expected Unavailable, got a key set"),
    }
}

fn is_unknown(result: Result<Arc<KeySet<String>>, RemoteError>, kid: &str) -> bool {
    matches!(result, Err(RemoteError::UnknownKid(k)) if k == kid)
}

#[test]
fn discovery_then_jwks_and_the_discovered_issuer_becomes_valid() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a", "b"]);
    assert_eq!(
        fetcher.total(),
        0,
        "nothing is fetched before the first lookup"
    );
    assert!(source.valid_issuers().is_empty());
    let keys = source.keys_for(Some("a")).unwrap();
    assert_eq!(keys.find("a").collect::<Vec<_>>(), ["a"]);
    assert_eq!((fetcher.count(DISCOVERY), fetcher.count(JWKS)), (1, 1));
    let requests = fetcher.requests();
    assert_eq!(requests[0].purpose, FetchPurpose::Metadata);
    assert_eq!(requests[1].purpose, FetchPurpose::Jwks);
    assert!(
        requests
            .iter()
            .all(|r| r.timeout == Duration::from_secs(5) && r.max_bytes == 1024 * 1024)
    );
    assert_eq!(source.valid_issuers(), [AUTHORITY]);
    let status = source.status();
    assert_eq!(status.authority.as_deref(), Some(AUTHORITY));
    assert_eq!(status.metadata_url.as_deref(), Some(DISCOVERY));
    assert_eq!(status.jwks_uri.as_deref(), Some(JWKS));
    assert_eq!(status.issuers, [AUTHORITY]);
    assert_eq!(status.key_ids, ["a", "b"]);
    assert_eq!((status.fetches_ok, status.fetches_failed), (2, 0));
    assert_eq!(status.last_success_ms, Some(T0));
    assert_eq!(status.fresh_until_ms, Some(T0 + 600_000));
    assert_eq!(status.next_refresh_ms, T0 + 600_000);
    source.keys_for(Some("b")).unwrap();
    source.keys_for(None).unwrap();
    assert_eq!(fetcher.total(), 2, "a fresh set answers without fetching");
}

#[test]
fn caller_issuers_override_the_discovered_one() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(DISCOVERY, &discovery_doc(AUTHORITY));
    fetcher.ok(JWKS, &set(&["a"]));
    let mut config = SourceConfig::authority(AUTHORITY);
    config.valid_issuers = vec!["https://tokens.example".into()];
    let source = jwks_source(config, &fetcher, &clock);
    source.keys_for(Some("a")).unwrap();
    assert_eq!(source.valid_issuers(), ["https://tokens.example"]);
}

#[test]
fn discovery_issuer_must_equal_the_authority_one_trailing_slash_aside() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    fetcher.ok(DISCOVERY, &discovery_doc("https://idp.example/other"));
    let reason = unavailable(source.keys_for(Some("a")));
    assert!(
        reason.contains("issuer") && reason.contains("not the expected"),
        "{reason}"
    );
    assert_eq!(
        fetcher.count(JWKS),
        0,
        "the JWKS of a mismatched issuer is not fetched"
    );
    let status = source.status();
    assert_eq!((status.fetches_ok, status.fetches_failed), (0, 1));
    assert!(status.last_error.unwrap().contains("other"));
    assert_eq!(status.last_error_ms, Some(T0));
    assert!(source.valid_issuers().is_empty());

    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    fetcher.ok(DISCOVERY, &discovery_doc(&format!("{AUTHORITY}/")));
    source.keys_for(Some("a")).unwrap();
    assert_eq!(source.valid_issuers(), [format!("{AUTHORITY}/")]);
}

#[test]
fn explicit_metadata_url_in_rfc8414_form() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let url = "https://idp.example/.well-known/oauth-authorization-server/tenant";
    fetcher.ok(url, &discovery_doc(AUTHORITY));
    fetcher.ok(JWKS, &set(&["a"]));
    let source = jwks_source(SourceConfig::metadata(url), &fetcher, &clock);
    source.keys_for(Some("a")).unwrap();
    assert_eq!((fetcher.count(url), fetcher.count(JWKS)), (1, 1));
    assert_eq!(source.valid_issuers(), [AUTHORITY]);
    assert_eq!(source.status().authority, None);
}

#[test]
fn jwks_url_with_an_explicit_issuer_fetches_only_the_set() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(JWKS, &set(&["a"]));
    let source = jwks_source(jwks_config(), &fetcher, &clock);
    source.keys_for(Some("a")).unwrap();
    assert_eq!(fetcher.total(), 1);
    assert_eq!(source.valid_issuers(), [AUTHORITY]);
    assert_eq!(source.status().metadata_url, None);
    assert!(matches!(
        RemoteKeySource::new(
            SourceConfig::jwks("http://idp.example/keys", AUTHORITY),
            fetcher.clone(),
            fake_parser(),
            clock.clone()
        ),
        Err(RemoteError::Config(_))
    ));
}

#[test]
fn fetch_rules_status_redirect_cap_timeout_strict_json() {
    let response = |status: u16, body: &[u8]| FetchResponse {
        status,
        body: body.to_vec(),
        ..Default::default()
    };
    let mut big = set(&["a"]).to_string().into_bytes();
    big.resize(1024 * 1024 + 1, b' ');
    let cases: Vec<(Reply, &str)> = vec![
        (Reply::Ok(response(503, b"{}")), "status 503"),
        (Reply::Ok(response(404, b"{}")), "status 404"),
        (Reply::Ok(response(302, b"")), "redirects are refused"),
        (
            Reply::Ok(FetchResponse {
                redirected: true,
                ..response(200, set(&["a"]).to_string().as_bytes())
            }),
            "redirect",
        ),
        (Reply::Ok(response(200, &big)), "cap"),
        (Reply::Err(FetchError::BodyTooLarge), "size cap"),
        (Reply::Err(FetchError::Timeout), "timed out"),
        (
            Reply::Err(FetchError::Transport("connection reset".into())),
            "connection reset",
        ),
        (
            Reply::Ok(response(200, b"<!doctype html><html>sign in</html>")),
            "not strict JSON",
        ),
        (
            Reply::Ok(response(200, b"{\"keys\":[]} trailing")),
            "not strict JSON",
        ),
        (
            Reply::Ok(response(200, b"{\"keys\":[],\"keys\":[]}")),
            "duplicate",
        ),
        (Reply::Ok(response(200, b"")), "not strict JSON"),
        (Reply::Panic, "panicked"),
    ];
    for (reply, why) in cases {
        let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
        fetcher.reply(JWKS, reply);
        let source = jwks_source(jwks_config(), &fetcher, &clock);
        let reason = unavailable(source.keys_for(Some("a")));
        assert!(
            reason.contains(why) && reason.contains(JWKS),
            "{why}: {reason}"
        );
        assert_eq!(source.status().fetches_failed, 1);
    }
}

#[test]
fn private_members_symmetric_keys_and_empty_sets_are_errors_unusable_keys_are_skipped() {
    let private = json!({"keys": [{"kty": "RSA", "kid": "a", "n": "x", "e": "AQAB"}, {"kty": "EC", "kid": "p", "d": "secret"}]});
    let oct =
        json!({"keys": [{"kty": "RSA", "kid": "a"}, {"kty": "oct", "kid": "s", "k": "c2VjcmV0"}]});
    let only_unusable = json!({"keys": [{"kty": "XYZ", "kid": "w"}]});
    for (doc, why) in [
        (private, "private key material"),
        (oct, "symmetric"),
        (json!({"keys": []}), "no keys"),
        (only_unusable, "no usable key"),
        (json!({"nokeys": 1}), "no \"keys\""),
    ] {
        let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
        fetcher.ok(JWKS, &doc);
        let source = jwks_source(jwks_config(), &fetcher, &clock);
        let reason = unavailable(source.keys_for(None));
        assert!(reason.contains(why), "{why}: {reason}");
    }
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(
        JWKS,
        &json!({"keys": [{"kty": "XYZ", "kid": "w"}, {"kty": "EC", "kid": "good"}]}),
    );
    let source = jwks_source(jwks_config(), &fetcher, &clock);
    source.keys_for(Some("good")).unwrap();
    let status = source.status();
    assert_eq!(status.key_ids, ["good"]);
    assert_eq!(status.skipped_keys[0].kid.as_deref(), Some("w"));
    assert!(status.skipped_keys[0].reason.contains("XYZ"));
}

fn cached_for(max_age_header: &str) -> u64 {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.reply(
        JWKS,
        Reply::Ok(FetchResponse {
            status: 200,
            body: set(&["a"]).to_string().into_bytes(),
            cache_control: Some(max_age_header.into()),
            redirected: false,
        }),
    );
    let source = jwks_source(jwks_config(), &fetcher, &clock);
    source.keys_for(Some("a")).unwrap();
    let fresh_for = (source.status().fresh_until_ms.unwrap() - T0) / 1000;
    clock.set_secs(fresh_for - 1);
    source.keys_for(Some("a")).unwrap();
    assert_eq!(
        fetcher.total(),
        1,
        "{max_age_header}: fresh until its lifetime"
    );
    clock.set_secs(fresh_for);
    source.keys_for(Some("a")).unwrap();
    assert_eq!(
        fetcher.total(),
        2,
        "{max_age_header}: refreshed at its lifetime"
    );
    fresh_for
}

#[test]
fn cache_control_max_age_is_honoured_within_cooldown_and_max_age() {
    assert_eq!(cached_for("public, max-age=120"), 120);
    assert_eq!(cached_for("max-age=5"), 30, "never below the cooldown");
    assert_eq!(cached_for("no-store"), 30);
    assert_eq!(cached_for("max-age=86400"), 600, "never above the max age");
    assert_eq!(
        cached_for("private"),
        600,
        "no max-age: the configured max age"
    );
}

#[test]
fn past_max_age_the_metadata_and_the_set_are_refreshed() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    source.keys_for(Some("a")).unwrap();
    clock.set_secs(599);
    source.keys_for(Some("a")).unwrap();
    assert_eq!(fetcher.total(), 2);
    clock.set_secs(600);
    source.keys_for(Some("a")).unwrap();
    assert_eq!((fetcher.count(DISCOVERY), fetcher.count(JWKS)), (2, 2));
    assert_eq!(source.status().fresh_until_ms, Some(T0 + 1_200_000));
}

#[test]
fn unknown_kid_refreshes_at_most_once_per_cooldown_then_the_negative_cache_answers() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    source.keys_for(Some("a")).unwrap();
    clock.set_secs(40);
    assert!(is_unknown(source.keys_for(Some("x")), "x"));
    assert_eq!(
        (fetcher.count(DISCOVERY), fetcher.count(JWKS)),
        (1, 2),
        "an unknown kid refreshes the set only"
    );
    assert!(is_unknown(source.keys_for(Some("y")), "y"));
    assert!(is_unknown(source.keys_for(Some("x")), "x"));
    assert!(is_unknown(source.keys_for(Some("x")), "x"));
    source.keys_for(Some("a")).unwrap();
    assert_eq!(fetcher.count(JWKS), 2, "no fetch within the cooldown");
    let status = source.status();
    assert_eq!(status.kid_misses, 4);
    assert_eq!(status.suppressed_refreshes, 1, "y");
    assert_eq!(status.negative_cache_hits, 2, "x twice");
    clock.set_secs(69);
    assert!(is_unknown(source.keys_for(Some("z")), "z"));
    assert_eq!(fetcher.count(JWKS), 2);
    clock.set_secs(70);
    fetcher.ok(JWKS, &set(&["a", "z"]));
    assert!(
        source.keys_for(Some("z")).unwrap().contains_kid("z"),
        "a rotated-in key is found after the cooldown"
    );
    assert_eq!(fetcher.count(JWKS), 3);
}

#[test]
fn the_first_unknown_kid_right_after_a_fetch_waits_for_the_cooldown() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    source.keys_for(Some("a")).unwrap();
    assert!(is_unknown(source.keys_for(Some("b")), "b"));
    assert_eq!(fetcher.total(), 2, "the set was fetched 0 s ago");
    assert_eq!(source.status().suppressed_refreshes, 1);
}

#[test]
fn rotation_add_promote_retire_costs_the_expected_fetches() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["old"]);
    source.keys_for(Some("old")).unwrap();
    assert_eq!(fetcher.total(), 2, "start: discovery + JWKS");
    clock.set_secs(60);
    fetcher.ok(JWKS, &set(&["old", "new"]));
    source.keys_for(Some("old")).unwrap();
    assert_eq!(
        fetcher.total(),
        2,
        "add: tokens still signed with the old key cost nothing"
    );
    assert!(source.keys_for(Some("new")).unwrap().contains_kid("new"));
    assert_eq!(
        fetcher.total(),
        3,
        "promote: the first token with the new kid costs one JWKS fetch"
    );
    source.keys_for(Some("new")).unwrap();
    fetcher.ok(JWKS, &set(&["new"]));
    source.keys_for(Some("old")).unwrap();
    assert_eq!(
        fetcher.total(),
        3,
        "retire: the old key is still accepted until the next refresh"
    );
    clock.set_secs(60 + 600);
    assert!(is_unknown(source.keys_for(Some("old")), "old"));
    assert_eq!(
        fetcher.total(),
        5,
        "the max-age refresh (discovery + JWKS) drops the retired key"
    );
    source.keys_for(Some("new")).unwrap();
}

#[test]
fn a_failed_fetch_keeps_the_set_within_the_stale_window_then_refuses() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(JWKS, &set(&["a"]));
    let source = jwks_source(jwks_config(), &fetcher, &clock);
    source.keys_for(Some("a")).unwrap();
    fetcher.status(JWKS, 503);
    clock.set_secs(40);
    assert!(
        is_unknown(source.keys_for(Some("x")), "x"),
        "a failed kid refresh keeps the set"
    );
    source.keys_for(Some("a")).unwrap();
    assert_eq!(source.status().stale_served, 0, "the set is still fresh");
    clock.set_secs(600);
    source.keys_for(Some("a")).unwrap();
    let status = source.status();
    assert_eq!((status.fetches_ok, status.fetches_failed), (1, 2));
    assert_eq!(status.stale_served, 1);
    assert_eq!(status.consecutive_failures, 2);
    assert_eq!(
        status.next_refresh_ms,
        T0 + 600_000 + 60_000,
        "second failure: twice the cooldown"
    );
    source.keys_for(Some("a")).unwrap();
    assert_eq!(fetcher.total(), 3, "no fetch during the backoff");
    assert_eq!(source.status().stale_served, 2);
    clock.set_secs(600 + 3599);
    source.keys_for(Some("a")).unwrap();
    clock.set_secs(600 + 3600);
    let reason = unavailable(source.keys_for(Some("a")));
    assert!(
        reason.contains("stale-if-error") && reason.contains("status 503"),
        "{reason}"
    );
    assert!(
        source.status().key_ids == ["a"],
        "the set is kept for when the provider is back"
    );
    fetcher.ok(JWKS, &set(&["a"]));
    clock.set_secs(600 + 3600 + 300);
    source.keys_for(Some("a")).unwrap();
    let status = source.status();
    assert_eq!(
        (status.consecutive_failures, status.last_success_ms),
        (0, Some(T0 + 4_500_000))
    );
    let stale = status.stale_served;
    source.keys_for(Some("a")).unwrap();
    assert_eq!(
        source.status().stale_served,
        stale,
        "fresh again: nothing stale"
    );
}

#[test]
fn strict_mode_refuses_an_aged_set_as_soon_as_a_refresh_fails() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(JWKS, &set(&["a"]));
    let mut config = jwks_config();
    config.stale_if_error = Duration::ZERO;
    let source = jwks_source(config, &fetcher, &clock);
    source.keys_for(Some("a")).unwrap();
    fetcher.reply(JWKS, Reply::Err(FetchError::Timeout));
    clock.set_secs(600);
    assert!(unavailable(source.keys_for(Some("a"))).contains("timed out"));
    assert_eq!(source.status().stale_served, 0);
}

#[test]
fn a_dead_provider_at_start_is_retried_with_doubling_backoff_capped_at_5_min() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    fetcher.status(DISCOVERY, 503);
    let mut at = 0;
    let mut gaps = Vec::new();
    for _ in 0..7 {
        let reason = unavailable(source.keys_for(Some("a")));
        assert!(
            reason.contains("no key set") && reason.contains("status 503"),
            "{reason}"
        );
        let next = (source.status().next_refresh_ms - T0) / 1000;
        gaps.push(next - at);
        clock.set_secs(next - 1);
        unavailable(source.keys_for(Some("a")));
        at = next;
        clock.set_secs(at);
    }
    assert_eq!(gaps, [30, 60, 120, 240, 300, 300, 300]);
    let status = source.status();
    assert_eq!((status.fetches_failed, status.suppressed_refreshes), (7, 7));
    assert_eq!(fetcher.count(JWKS), 0);
    fetcher.ok(DISCOVERY, &discovery_doc(AUTHORITY));
    source.keys_for(Some("a")).unwrap();
    assert_eq!(source.status().consecutive_failures, 0, "recovered");
}

#[test]
fn refresh_now_ignores_the_cooldown_and_keeps_the_set_on_failure() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    source.keys_for(Some("a")).unwrap();
    fetcher.ok(JWKS, &set(&["a", "b"]));
    assert!(source.refresh_now().unwrap().contains_kid("b"));
    assert_eq!(
        (fetcher.count(DISCOVERY), fetcher.count(JWKS)),
        (2, 2),
        "a forced refresh re-reads the metadata"
    );
    fetcher.status(JWKS, 500);
    assert!(matches!(
        source.refresh_now(),
        Err(RemoteError::Unavailable { .. })
    ));
    assert!(source.keys_for(Some("b")).is_ok());
    assert_eq!(fetcher.total(), 6);
}

#[test]
fn export_and_seed_restart_during_an_outage() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    let source = discovery_source(&fetcher, &clock, &["a"]);
    assert_eq!(source.export(), None);
    source.keys_for(Some("a")).unwrap();
    let exported = source.export().unwrap();

    let (down, clock2) = (FakeFetcher::new(), FakeClock::new());
    clock2.set_secs(100);
    let restarted = jwks_source(SourceConfig::authority(AUTHORITY), &down, &clock2);
    assert!(restarted.seed(&exported).unwrap());
    assert!(restarted.keys_for(Some("a")).is_ok());
    assert_eq!(down.total(), 0, "a seeded fresh set needs no fetch");
    assert_eq!(restarted.valid_issuers(), [AUTHORITY]);
    assert!(restarted.status().seeded);
    clock2.set_secs(600);
    assert!(
        restarted.keys_for(Some("a")).is_ok(),
        "past its max age the seeded set is served stale"
    );
    assert_eq!((down.total(), restarted.status().stale_served), (1, 1));
    clock2.set_secs(600 + 3600);
    unavailable(restarted.keys_for(Some("a")));
    assert!(
        !restarted.seed(&exported).unwrap(),
        "an older export does not replace the current set"
    );

    let seed_error = |text: &str| {
        let fresh = jwks_source(
            SourceConfig::authority(AUTHORITY),
            &FakeFetcher::new(),
            &FakeClock::new(),
        );
        matches!(fresh.seed(text), Err(RemoteError::Seed(_)))
    };
    let mut doc: Value = serde_json::from_str(&exported).unwrap();
    assert!(seed_error("not json"));
    assert!(seed_error(&json!({"format": "other"}).to_string()));
    doc["metadata"]["issuer"] = json!("https://evil.example");
    assert!(
        seed_error(&doc.to_string()),
        "the seeded issuer must be the authority"
    );
    doc["metadata"]["issuer"] = json!(AUTHORITY);
    doc["jwks"]["keys"][0]["d"] = json!("private");
    assert!(
        seed_error(&doc.to_string()),
        "a seeded set is checked like a fetched one"
    );
    doc["jwks"] = set(&["a"]);
    doc["metadata"] = Value::Null;
    assert!(
        seed_error(&doc.to_string()),
        "a discovery source needs the metadata"
    );
}

#[test]
fn a_panicking_fetcher_is_a_failed_fetch_and_the_source_recovers() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.reply(JWKS, Reply::Panic);
    let source = jwks_source(jwks_config(), &fetcher, &clock);
    assert!(unavailable(source.keys_for(None)).contains("panicked"));
    assert!(!source.status().fetch_in_progress);
    fetcher.ok(JWKS, &set(&["a"]));
    clock.set_secs(30);
    assert!(source.keys_for(Some("a")).is_ok());
}

#[test]
fn a_panicking_parser_is_a_failed_fetch_and_leaves_nothing_in_flight() {
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(JWKS, &set(&["a"]));
    let panicking: Arc<dyn JwksParser<String>> =
        Arc::new(|_: &Value| -> Result<ParsedJwks<String>, String> { panic!("parser bug") });
    let source =
        RemoteKeySource::new(jwks_config(), fetcher.clone(), panicking, clock.clone()).unwrap();
    assert!(unavailable(source.keys_for(Some("a"))).contains("parser panicked"));
    let status = source.status();
    assert!(!status.fetch_in_progress);
    assert_eq!((status.fetches_failed, status.consecutive_failures), (1, 1));
    clock.set_secs(30);
    unavailable(source.keys_for(Some("a")));
    assert_eq!(
        fetcher.total(),
        2,
        "the source keeps retrying after the backoff"
    );
}

#[test]
fn the_lifetime_counts_from_the_instant_the_set_was_fetched() {
    // A parser that takes a second (the clock moves while the set is read): fresh_until is the fetch
    // instant plus the lifetime, not the later instant the outcome was applied.
    let (fetcher, clock) = (FakeFetcher::new(), FakeClock::new());
    fetcher.ok(JWKS, &set(&["a"]));
    let slow_clock = clock.clone();
    let inner = fake_parser();
    let parser: Arc<dyn JwksParser<String>> = Arc::new(move |jwks: &Value| {
        slow_clock.advance_secs(1);
        inner.parse(jwks)
    });
    let source =
        RemoteKeySource::new(jwks_config(), fetcher.clone(), parser, clock.clone()).unwrap();
    source.keys_for(Some("a")).unwrap();
    let status = source.status();
    let fetched_at = status.keys_fetched_at_ms.unwrap();
    assert_eq!(status.fresh_until_ms, Some(fetched_at + 600_000));
}
