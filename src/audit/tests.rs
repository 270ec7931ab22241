//! Counters, rates and signals over an explicit clock (the `now` each observation is given).

use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::*;
use crate::base::error::ErrorKind;

fn token(header: Value, claims: Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let c = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{h}.{c}.c2lnbmF0dXJl")
}

fn fail(kind: ErrorKind) -> Error {
    Error::new(kind, "test")
}

fn recording(audit: &Audit) -> Arc<Mutex<Vec<(Value, Level)>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    audit.set_sink(Some(Arc::new(move |line: &str, level| {
        sink.lock()
            .unwrap()
            .push((serde_json::from_str(line).unwrap(), level));
    })));
    seen
}

const T0: i64 = 1_800_000_000;

#[test]
fn counters_are_exact_and_by_reason() {
    let audit = Audit::default();
    let claims = Map::new();
    let t = token(json!({"alg": "HS256"}), json!({}));
    for i in 0..7 {
        audit.observe(&t, T0 + i, &Origin::SINGLE, Ok(&claims));
    }
    for _ in 0..5 {
        audit.observe(&t, T0, &Origin::BATCH, Err(&fail(ErrorKind::TokenExpired)));
    }
    audit.observe(
        &t,
        T0,
        &Origin::SINGLE,
        Err(&fail(ErrorKind::InvalidSignature)),
    );
    let s = audit.statistics(T0 + 10);
    assert_eq!(s["validations"], 13);
    assert_eq!(s["succeeded"], 7);
    assert_eq!(s["failed"], 6);
    assert_eq!(
        s["failed_by_reason"],
        json!({"InvalidSignature": 1, "TokenExpired": 5})
    );
    assert_eq!(s["rates"]["validations_last_minute"], 13);
    assert_eq!(s["rates"]["failures_last_minute"], 6);
    audit.reset();
    let s = audit.statistics(T0 + 10);
    assert_eq!(s["validations"], 0);
    assert_eq!(s["failed_by_reason"], json!({}));
}

#[test]
fn rates_roll_over_with_the_clock() {
    let audit = Audit::default();
    let claims = Map::new();
    for i in 0..120 {
        // one validation a second for two minutes
        audit.observe("a.b.c", T0 + i, &Origin::SINGLE, Ok(&claims));
    }
    let s = audit.statistics(T0 + 119);
    assert_eq!(s["rates"]["validations_last_minute"], 60);
    assert_eq!(s["validations"], 120);
    // 16 minutes later nothing is recent any more, the totals stay.
    let s = audit.statistics(T0 + 119 + 16 * 60);
    assert_eq!(s["rates"]["validations_last_minute"], 0);
    assert_eq!(s["rates"]["validations_per_minute_15"], 0.0);
    assert_eq!(s["validations"], 120);
}

#[test]
fn failures_make_events_with_the_named_fields_only() {
    let audit = Audit::default();
    audit
        .set_options(EventOptions {
            name: "api".into(),
            ..EventOptions::default()
        })
        .unwrap();
    let seen = recording(&audit);
    let t = token(
        json!({"alg": "HS256", "kid": "k1"}),
        json!({"iss": "me", "aud": ["a", "b"], "jti": "j1", "exp": T0, "sub": "alice", "secret": "x"}),
    );
    audit.observe(
        &t,
        T0,
        &Origin::bearer(Some("Bearer"), Some("10.0.0.1")),
        Err(&fail(ErrorKind::TokenExpired)),
    );
    audit.observe(&t, T0, &Origin::SINGLE, Ok(&Map::new()));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "successes are not logged by default");
    let (e, level) = &seen[0];
    assert_eq!(*level, Level::Warning);
    assert_eq!(e["status"], "TokenExpired");
    assert_eq!(e["outcome"], "failure");
    assert_eq!(e["validator"], "api");
    assert_eq!(e["path"], "bearer");
    assert_eq!(e["client"], "10.0.0.1");
    assert_eq!(e["scheme"], "Bearer");
    assert_eq!(e["kid"], "k1");
    assert_eq!(e["iss"], "me");
    assert_eq!(e["aud"], json!(["a", "b"]));
    assert_eq!(e["jti"], "j1");
    assert_eq!(e["exp"], T0);
    assert_eq!(e["fingerprint"], event::fingerprint(&t));
    assert_eq!(e["fingerprint"].as_str().unwrap().len(), 16);
    assert_eq!(e["time"], iso8601_utc(T0));
    assert!(e.get("sub").is_none() && e.get("secret").is_none());
}

#[test]
fn subject_and_successes_only_when_asked() {
    let audit = Audit::default();
    audit
        .set_options(EventOptions {
            log_success: true,
            log_subject: true,
            ..EventOptions::default()
        })
        .unwrap();
    let seen = recording(&audit);
    let claims = json!({"sub": "alice"}).as_object().unwrap().clone();
    audit.observe(
        &token(json!({"alg": "HS256"}), json!({"sub": "alice"})),
        T0,
        &Origin::SINGLE,
        Ok(&claims),
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].1, Level::Info);
    assert_eq!(seen[0].0["sub"], "alice");
    assert_eq!(seen[0].0["status"], "Ok");
}

#[test]
fn invalid_signature_bursts_raise_once_per_window_per_kid_issuer_and_client() {
    let audit = Audit::default();
    audit
        .set_options(EventOptions {
            invalid_signature_threshold: 3,
            ..EventOptions::default()
        })
        .unwrap();
    let seen = recording(&audit);
    let t = token(json!({"alg": "HS256", "kid": "k1"}), json!({"iss": "me"}));
    let bad = fail(ErrorKind::InvalidSignature);
    for i in 0..5 {
        audit.observe(
            &t,
            T0 + i,
            &Origin::bearer(Some("Bearer"), Some("1.2.3.4")),
            Err(&bad),
        );
    }
    let alerts = |seen: &Vec<(Value, Level)>| {
        seen.iter()
            .filter(|(_, l)| *l == Level::Alert)
            .map(|(e, _)| {
                format!(
                    "{}:{}={}",
                    e["signal"].as_str().unwrap(),
                    e["scope"].as_str().unwrap(),
                    e["value"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        alerts(&seen.lock().unwrap()),
        [
            "invalid_signature:kid=k1",
            "invalid_signature:iss=me",
            "invalid_signature:client=1.2.3.4"
        ]
    );
    // A new window: two more are below the threshold, the third raises again.
    for i in 0..3 {
        audit.observe(&t, T0 + 60 + i, &Origin::SINGLE, Err(&bad));
    }
    assert_eq!(alerts(&seen.lock().unwrap()).len(), 5);
    assert_eq!(
        audit.statistics(T0 + 70)["signals"]["raised"]["invalid_signature"],
        5
    );
}

#[test]
fn expired_reuse_unknown_kid_and_unexpected_issuer() {
    let audit = Audit::default();
    let t = token(
        json!({"alg": "HS256", "kid": "gone"}),
        json!({"iss": "evil"}),
    );
    for _ in 0..2 {
        audit.observe(&t, T0, &Origin::SINGLE, Err(&fail(ErrorKind::TokenExpired)));
    }
    assert!(
        audit.statistics(T0)["signals"]["raised"]
            .get("expired_reuse")
            .is_none()
    );
    audit.observe(
        &t,
        T0 + 800,
        &Origin::SINGLE,
        Err(&fail(ErrorKind::TokenExpired)),
    );
    for _ in 0..10 {
        audit.observe(
            &t,
            T0,
            &Origin::SINGLE,
            Err(&fail(ErrorKind::NoMatchingKey)),
        );
    }
    audit.observe(
        &t,
        T0,
        &Origin::SINGLE,
        Err(&fail(ErrorKind::InvalidIssuer)),
    );
    let s = audit.statistics(T0);
    assert_eq!(
        s["signals"]["raised"],
        json!({"expired_reuse": 1, "unknown_kid": 1, "unexpected_issuer": 1})
    );
    let recent = s["signals"]["recent"].as_array().unwrap();
    assert_eq!(recent[0]["value"], event::fingerprint(&t));
}

#[test]
fn a_zero_threshold_switches_a_signal_off() {
    let audit = Audit::default();
    audit
        .set_options(EventOptions {
            unexpected_issuer_threshold: 0,
            ..EventOptions::default()
        })
        .unwrap();
    let t = token(json!({"alg": "HS256"}), json!({"iss": "evil"}));
    audit.observe(
        &t,
        T0,
        &Origin::SINGLE,
        Err(&fail(ErrorKind::InvalidIssuer)),
    );
    assert_eq!(audit.statistics(T0)["signals"]["raised"], json!({}));
}

#[test]
fn the_replay_detector_flags_a_reused_jti_within_its_lifetime_only() {
    let audit = Audit::default();
    let claims = |jti: &str, exp: i64| json!({"jti": jti, "exp": exp}).as_object().unwrap().clone();
    // Off by default: nothing is remembered.
    audit.observe("a.b.c", T0, &Origin::SINGLE, Ok(&claims("j", T0 + 100)));
    audit.observe("a.b.c", T0, &Origin::SINGLE, Ok(&claims("j", T0 + 100)));
    assert_eq!(audit.statistics(T0)["replay_remembered"], 0);
    audit
        .set_options(EventOptions {
            replay_detection: true,
            replay_capacity: 2,
            ..EventOptions::default()
        })
        .unwrap();
    let seen = recording(&audit);
    audit.observe("a.b.c", T0, &Origin::SINGLE, Ok(&claims("one", T0 + 100)));
    audit.observe("a.b.c", T0, &Origin::SINGLE, Ok(&claims("two", T0 + 100)));
    assert!(
        seen.lock().unwrap().is_empty(),
        "fresh jti values are not flagged"
    );
    audit.observe(
        "a.b.c",
        T0 + 5,
        &Origin::SINGLE,
        Ok(&claims("one", T0 + 100)),
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(seen.lock().unwrap()[0].0["signal"], "replay");
    assert_eq!(seen.lock().unwrap()[0].0["value"], "one");
    // After its lifetime the same jti is no replay; capacity 2 forgets the oldest.
    audit.observe(
        "a.b.c",
        T0 + 200,
        &Origin::SINGLE,
        Ok(&claims("two", T0 + 300)),
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
    audit.observe(
        "a.b.c",
        T0 + 200,
        &Origin::SINGLE,
        Ok(&claims("three", T0 + 300)),
    );
    audit.observe(
        "a.b.c",
        T0 + 200,
        &Origin::SINGLE,
        Ok(&claims("four", T0 + 300)),
    );
    assert_eq!(audit.statistics(T0)["replay_remembered"], 2);
}

#[test]
fn options_are_checked() {
    for bad in [
        r#"{"burst_window_seconds": 0}"#,
        r#"{"replay_detection": true, "replay_capacity": 0}"#,
        r#"{"name": "a\nb"}"#,
    ] {
        assert_eq!(
            EventOptions::from_json(bad).unwrap_err().kind(),
            ErrorKind::InvalidArgument,
            "{bad}"
        );
    }
    assert_eq!(
        EventOptions::from_json(r#"{"nope": 1}"#)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidJson
    );
    assert!(
        EventOptions::from_json(r#"{"name": "Bearer", "log_success": true}"#)
            .unwrap()
            .log_success
    );
}

#[test]
fn malformed_tokens_still_get_a_fingerprint() {
    let facts = event::TokenFacts::read("not a token", None);
    assert_eq!(facts.fingerprint, event::fingerprint("not a token"));
    assert_eq!(facts.alg, None);
    let long = "x".repeat(300);
    let facts = event::TokenFacts::read(&token(json!({"alg": long}), json!({})), None);
    assert_eq!(facts.alg.unwrap().chars().count(), 201);
}
