//! Every validation path reports to the validator's audit: single, batch, bearer, renewal and a remote
//! key source; copies share the counters and the sink. (Counters, rates and signals over a fake clock
//! are unit-tested in src/audit/tests.rs.)

use std::sync::{Arc, Mutex};

use kr_jwt_core::audit::{EventOptions, Level};
use kr_jwt_core::remote::{FetchError, FetchRequest, FetchResponse};
use kr_jwt_core::{
    Algorithm, Key, KeyFormat, TokenBuilder, ValidationParams, Validator, VerificationKey, bearer,
};
use serde_json::{Value, json};

const ISSUER: &str = "https://issuer.example";

type Seen = Arc<Mutex<Vec<(Value, Level)>>>;

fn record(validator: &Validator) -> Seen {
    let seen: Seen = Arc::default();
    let sink = seen.clone();
    validator
        .audit()
        .set_sink(Some(Arc::new(move |line: &str, level| {
            sink.lock()
                .unwrap()
                .push((serde_json::from_str(line).unwrap(), level));
        })));
    seen
}

fn secret() -> Key {
    Key::import(KeyFormat::Hex, "ab".repeat(32).as_bytes()).unwrap()
}

fn builder(key: &Key) -> TokenBuilder {
    let mut b = TokenBuilder::new();
    b.set_issuer(ISSUER).unwrap();
    b.add_audience("api").unwrap();
    b.protect(key, Some(Algorithm::HS256), None).unwrap();
    b.limit_validity(600.0).unwrap();
    b
}

fn hs256_validator(key: &Key) -> Validator {
    Validator::new(
        ValidationParams {
            valid_issuers: vec![ISSUER.into()],
            valid_audiences: vec!["api".into()],
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(key)],
    )
    .unwrap()
}

fn paths(seen: &Seen) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|(e, _)| {
            format!(
                "{}:{}",
                e["path"].as_str().unwrap(),
                e["status"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn single_batch_bearer_and_renewal_each_report() {
    let key = secret();
    let b = builder(&key);
    let good = b.build().unwrap().token().to_owned();
    let bad = format!("{good}x");
    let v = hs256_validator(&key);
    let seen = record(&v);

    v.validate(&good).unwrap();
    assert!(v.validate(&bad).is_err());
    let results = v.validate_many(&[bad.as_str(), good.as_str(), "a.b.c"]);
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(
        bearer::authenticate_from(&v, &format!("Bearer {bad}"), Some("api"), Some("10.1.2.3"))
            .is_err()
    );
    assert!(b.renew(&v, &bad, None, 0.0).is_err());
    assert!(b.renew(&v, &good, None, 0.0).is_ok());

    assert_eq!(
        paths(&seen),
        [
            "single:InvalidSignature",
            "batch:InvalidSignature",
            "batch:MalformedToken",
            "bearer:InvalidSignature",
            "renewal:InvalidSignature",
        ]
    );
    let events = seen.lock().unwrap();
    assert_eq!(events[3].0["client"], "10.1.2.3");
    assert_eq!(events[3].0["scheme"], "api");
    assert!(
        events
            .iter()
            .all(|(e, l)| *l == Level::Warning && e["keys"] == "static")
    );
    let s = v.statistics();
    assert_eq!(s["validations"], 8);
    assert_eq!(s["succeeded"], 3);
    assert_eq!(
        s["failed_by_reason"],
        json!({"InvalidSignature": 4, "MalformedToken": 1})
    );
}

#[test]
fn a_bearer_request_without_a_usable_token_is_counted_and_reported() {
    let key = secret();
    let v = hs256_validator(&key);
    let seen = record(&v);
    assert!(bearer::authenticate_from(&v, "", Some("api"), Some("10.9.8.7")).is_err());
    assert!(bearer::authenticate_from(&v, "Bearer a b", Some("api"), None).is_err());
    assert!(bearer::authenticate_from(&v, "Basic dXNlcjpwYXNz", Some("api"), None).is_err());
    let statuses: Vec<String> = paths(&seen);
    assert_eq!(statuses.len(), 3);
    assert!(statuses.iter().all(|p| p.starts_with("bearer:")));
    assert_eq!(statuses[0], "bearer:MissingToken");
    let events = seen.lock().unwrap();
    assert_eq!(events[0].0["client"], "10.9.8.7");
    assert!(
        events
            .iter()
            .all(|(e, _)| !e.to_string().contains("dXNlcjpwYXNz"))
    );
    let s = v.statistics();
    assert_eq!(s["validations"], 3);
    assert_eq!(s["failed"], 3);
}

#[test]
fn a_status_only_batch_counts_its_successes_once_and_exactly() {
    // The batch adds its successes in one step (not one per token): totals and rates stay exact,
    // every failure is still observed on its own.
    let key = secret();
    let good = builder(&key).build().unwrap().token().to_owned();
    let bad = format!("{good}x");
    let v = hs256_validator(&key);
    let seen = record(&v);
    let tokens: Vec<&str> = (0..250)
        .map(|i| {
            if i % 5 == 0 {
                bad.as_str()
            } else {
                good.as_str()
            }
        })
        .collect();
    let results = v.validate_many_status(&tokens);
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 200);
    let s = v.statistics();
    assert_eq!(
        (
            s["validations"].as_u64(),
            s["succeeded"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(250), Some(200), Some(50))
    );
    // Within the minute of the batch (the statistics are read a moment later), all 250 count.
    assert_eq!(
        s["rates"]["validations_last_minute"].as_u64(),
        Some(250),
        "{s}"
    );
    assert_eq!(s["rates"]["failures_last_minute"].as_u64(), Some(50), "{s}");
    let events = seen.lock().unwrap();
    let refusals = events.iter().filter(|(e, _)| e["outcome"] == "failure");
    assert_eq!(refusals.count(), 50, "one event per refused token");
}

#[test]
fn the_status_only_paths_report_too() {
    // kr_jwt_validate without claims, kr_jwt_validate_batch and Test-KrJWT without -PassThru take these.
    let key = secret();
    let good = builder(&key).build().unwrap().token().to_owned();
    let bad = format!("{good}x");
    let v = hs256_validator(&key);
    let seen = record(&v);
    v.validate_status(&good).unwrap();
    assert!(v.validate_status(&bad).is_err());
    let results = v.validate_many_status(&[bad.as_str(), good.as_str(), "a.b.c"]);
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(
        paths(&seen),
        [
            "single:InvalidSignature",
            "batch:InvalidSignature",
            "batch:MalformedToken"
        ]
    );
    let s = v.statistics();
    assert_eq!(
        (s["validations"].as_u64(), s["succeeded"].as_u64()),
        (Some(5), Some(2))
    );
    // Success events need the claims: the status paths then build them, and report each success.
    v.audit()
        .set_options(EventOptions {
            log_success: true,
            log_subject: true,
            ..EventOptions::default()
        })
        .unwrap();
    v.validate_status(&good).unwrap();
    assert!(v.validate_many_status(&[good.as_str()])[0].is_ok());
    let events = seen.lock().unwrap();
    assert_eq!(events.len(), 5);
    assert!(
        events[3..]
            .iter()
            .all(|(e, l)| *l == Level::Info && e["outcome"] == "success" && e["iss"] == ISSUER)
    );
}

#[test]
fn copies_share_counters_options_and_sink() {
    let key = secret();
    let token = builder(&key).build().unwrap().token().to_owned();
    let v = hs256_validator(&key);
    let seen = record(&v);
    v.audit()
        .set_options(EventOptions {
            name: "shared".into(),
            log_success: true,
            ..EventOptions::default()
        })
        .unwrap();
    let skewed = v.with_clock_skew(5.0).unwrap();
    let copy = v.clone();
    skewed.validate(&token).unwrap();
    copy.validate(&token).unwrap();
    assert_eq!(v.statistics()["succeeded"], 2);
    let events = seen.lock().unwrap();
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|(e, l)| *l == Level::Info
        && e["validator"] == "shared"
        && e["outcome"] == "success"));
    // A validator made anew has its own.
    assert_eq!(hs256_validator(&key).statistics()["validations"], 0);
}

#[test]
fn a_remote_key_source_reports_and_shares_its_unknown_kid_counts() {
    let key = kr_jwt_core::key::generate_for(Algorithm::ES256).unwrap();
    let mut jwk = kr_jwt_core::key::to_jwk(&key, false).unwrap();
    jwk["kid"] = "k1".into();
    let body = json!({"keys": [jwk]}).to_string().into_bytes();
    let fetcher = move |_: &FetchRequest| -> Result<FetchResponse, FetchError> {
        Ok(FetchResponse {
            status: 200,
            body: body.clone(),
            ..Default::default()
        })
    };
    let params = json!({"jwks_uri": "https://issuer.example/keys", "valid_issuers": [ISSUER], "valid_audiences": ["api"]});
    let v = Validator::remote(&params.to_string(), Arc::new(fetcher)).unwrap();
    v.audit()
        .set_options(EventOptions {
            unknown_kid_threshold: 2,
            ..EventOptions::default()
        })
        .unwrap();
    let seen = record(&v);
    let sign = |kid: &str| {
        let mut b = TokenBuilder::new();
        b.set_issuer(ISSUER).unwrap();
        b.add_audience("api").unwrap();
        b.protect(&key, Some(Algorithm::ES256), Some(kid.into()))
            .unwrap();
        b.limit_validity(600.0).unwrap();
        b.build().unwrap().token().to_owned()
    };
    v.validate(&sign("k1")).unwrap();
    for _ in 0..2 {
        assert!(v.validate(&sign("gone")).is_err());
    }
    let events = seen.lock().unwrap();
    assert_eq!(events.len(), 3);
    assert!(
        events[..2]
            .iter()
            .all(|(e, _)| e["status"] == "NoMatchingKey"
                && e["keys"] == "remote"
                && e["kid"] == "gone")
    );
    assert_eq!(events[2].1, Level::Alert);
    assert_eq!(events[2].0["signal"], "unknown_kid");
    let s = v.statistics();
    assert_eq!(s["failed_by_reason"]["NoMatchingKey"], 2);
    assert_eq!(s["signals"]["raised"]["unknown_kid"], 1);
    assert_eq!(s["key_source"]["kid_misses"], 2);
}
