//! Validators over JWK Sets without a network: the lenient set import (unusable and encryption keys
//! skipped and reported, a set without a usable key refused) for static `jwks` parameters and remote
//! sources alike, and `Validator::remote` over a scripted fetcher (kid selection, discovered issuer,
//! statuses of source errors, status and refresh accessors).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use kr_jwt_core::key::to_jwk;
use kr_jwt_core::remote::{FetchError, FetchRequest, FetchResponse, Fetcher};
use kr_jwt_core::{Algorithm, ErrorKind, Key, TokenBuilder, Validator};
use serde_json::{Value, json};

const ISSUER: &str = "https://idp.example";
const DISCOVERY: &str = "https://idp.example/.well-known/openid-configuration";
const JWKS: &str = "https://idp.example/keys";

fn key(alg: Algorithm) -> Key {
    kr_jwt_core::key::generate_for(alg).unwrap()
}

/// A token whose header has no `kid` (the builder always names one for an asymmetric key).
fn token_without_kid(key: &Key, alg: Algorithm) -> String {
    use base64::Engine;
    let b64 = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string().as_bytes())
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let input = format!(
        "{}.{}",
        b64(&json!({"alg": alg.name(), "typ": "JWT"})),
        b64(&json!({"iss": ISSUER, "aud": "api", "exp": now + 600}))
    );
    let signer = kr_jwt_core::Signer::new(key, alg, None).unwrap();
    let sig = signer.sign(input.as_bytes()).unwrap();
    format!(
        "{input}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig)
    )
}

fn public_jwk(key: &Key, kid: &str, extra: Value) -> Value {
    let mut jwk = to_jwk(key, false).unwrap();
    jwk["kid"] = kid.into();
    for (k, v) in extra.as_object().unwrap() {
        jwk[k] = v.clone();
    }
    jwk
}

fn token(key: &Key, alg: Algorithm, kid: Option<&str>, iss: &str) -> String {
    let mut b = TokenBuilder::new();
    b.set_issuer(iss).unwrap();
    b.add_audience("api").unwrap();
    b.protect(key, Some(alg), kid.map(str::to_owned)).unwrap();
    b.limit_validity(600.0).unwrap();
    b.build().unwrap().token().to_string()
}

/// The keys KrJwt cannot verify with: AKP (ML-DSA), an X25519 OKP key, an unknown kty, a malformed EC key.
fn unusable_keys() -> Vec<Value> {
    vec![
        json!({"kty": "AKP", "kid": "mldsa", "alg": "ML-DSA-44", "pub": "AAAA"}),
        json!({"kty": "OKP", "kid": "x25519", "crv": "X25519", "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}),
        json!({"kty": "XYZ", "kid": "odd"}),
        json!({"kty": "EC", "kid": "bad-ec", "crv": "P-256", "x": "AAAA", "y": "AAAA"}),
        json!("not an object"),
    ]
}

fn static_validator(keys: Vec<Value>) -> kr_jwt_core::Result<Validator> {
    let params =
        json!({"valid_issuers": [ISSUER], "valid_audiences": ["api"], "jwks": {"keys": keys}});
    Validator::from_json(Some(&params.to_string()), Vec::new())
}

#[test]
fn a_set_with_unusable_keys_validates_with_the_usable_one_and_reports_the_skipped() {
    let rs = key(Algorithm::RS256);
    let mut keys = unusable_keys();
    keys.push(public_jwk(&rs, "good", json!({})));
    let v = static_validator(keys).unwrap();
    v.validate(&token(&rs, Algorithm::RS256, Some("good"), ISSUER))
        .unwrap();
    let skipped = v.describe()["skipped_keys"].clone();
    let kids: Vec<Value> = skipped
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kid"].clone())
        .collect();
    assert_eq!(
        kids,
        [
            json!("mldsa"),
            json!("x25519"),
            json!("odd"),
            json!("bad-ec"),
            Value::Null
        ]
    );
    for s in skipped.as_array().unwrap() {
        assert!(!s["reason"].as_str().unwrap().is_empty(), "{s}");
    }
    assert_eq!(skipped[4]["index"], 4);
    assert_eq!(skipped[4]["reason"], "not a JSON object");
}

#[test]
fn a_set_of_only_unusable_keys_is_refused_naming_each() {
    let e = static_validator(unusable_keys()).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
    for kid in ["mldsa", "x25519", "odd", "bad-ec"] {
        assert!(e.message().contains(kid), "{}", e.message());
    }
    assert!(e.message().contains("5 skipped"), "{}", e.message());
    let e = static_validator(Vec::new()).err().unwrap();
    assert!(e.message().contains("no keys"), "{}", e.message());
}

#[test]
fn an_encryption_key_never_verifies_a_signature() {
    let enc = key(Algorithm::RS256);
    let sig = key(Algorithm::RS256);
    let only_enc = static_validator(vec![public_jwk(&enc, "e", json!({"use": "enc"}))]);
    assert_eq!(only_enc.err().unwrap().kind(), ErrorKind::InvalidKey);
    let ops = static_validator(vec![public_jwk(&enc, "e", json!({"key_ops": ["encrypt"]}))]);
    assert_eq!(ops.err().unwrap().kind(), ErrorKind::InvalidKey);

    let v = static_validator(vec![
        public_jwk(&enc, "e", json!({"use": "enc"})),
        public_jwk(&sig, "s", json!({"use": "sig"})),
    ])
    .unwrap();
    assert_eq!(v.describe()["skipped_keys"][0]["kid"], "e");
    v.validate(&token(&sig, Algorithm::RS256, Some("s"), ISSUER))
        .unwrap();
    for (kid, t) in [
        (Some("e"), token(&enc, Algorithm::RS256, Some("e"), ISSUER)),
        (None, token_without_kid(&enc, Algorithm::RS256)),
    ] {
        let e = v.validate(&t).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::NoMatchingKey | ErrorKind::InvalidSignature
            ),
            "{kid:?}: {e}"
        );
    }
}

/// One scripted answer: (HTTP status, body) or a transport failure.
type Reply = Result<(u16, Value), FetchError>;

/// Answers from a URL → (status, body) table, counting fetches per URL.
#[derive(Default)]
struct Scripted {
    replies: Mutex<HashMap<String, Reply>>,
    counts: Mutex<HashMap<String, u64>>,
    total: AtomicU64,
}

impl Scripted {
    fn set(&self, url: &str, reply: Result<(u16, Value), FetchError>) {
        self.replies.lock().unwrap().insert(url.into(), reply);
    }
    fn count(&self, url: &str) -> u64 {
        *self.counts.lock().unwrap().get(url).unwrap_or(&0)
    }
}

impl Fetcher for Scripted {
    fn fetch(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        self.total.fetch_add(1, Ordering::SeqCst);
        *self
            .counts
            .lock()
            .unwrap()
            .entry(request.url.clone())
            .or_default() += 1;
        let (status, body) = self
            .replies
            .lock()
            .unwrap()
            .get(&request.url)
            .cloned()
            .unwrap_or(Err(FetchError::Transport("connection refused".into())))?;
        Ok(FetchResponse {
            status,
            body: body.to_string().into_bytes(),
            ..Default::default()
        })
    }
}

fn provider(keys: Vec<Value>) -> Arc<Scripted> {
    let s = Arc::new(Scripted::default());
    s.set(
        DISCOVERY,
        Ok((200, json!({"issuer": ISSUER, "jwks_uri": JWKS}))),
    );
    s.set(JWKS, Ok((200, json!({ "keys": keys }))));
    s
}

fn remote(fetcher: &Arc<Scripted>, extra: Value) -> kr_jwt_core::Result<Validator> {
    let mut params = json!({"authority": ISSUER, "valid_audiences": ["api"]});
    for (k, v) in extra.as_object().unwrap() {
        params[k] = v.clone();
    }
    Validator::remote(&params.to_string(), fetcher.clone())
}

#[test]
fn remote_validator_selects_by_kid_checks_the_discovered_issuer_and_reports_status() {
    let rs = key(Algorithm::RS256);
    let es = key(Algorithm::ES256);
    let mut keys = unusable_keys();
    keys.push(public_jwk(&rs, "rs", json!({})));
    keys.push(public_jwk(&es, "es", json!({})));
    let idp = provider(keys);
    let v = remote(&idp, json!({})).unwrap();
    assert_eq!(idp.total.load(Ordering::SeqCst), 0, "nothing at creation");

    v.validate(&token(&rs, Algorithm::RS256, Some("rs"), ISSUER))
        .unwrap();
    v.validate(&token(&es, Algorithm::ES256, Some("es"), ISSUER))
        .unwrap();
    let no_kid = token_without_kid(&es, Algorithm::ES256);
    v.validate(&no_kid).unwrap();
    assert_eq!((idp.count(DISCOVERY), idp.count(JWKS)), (1, 1));
    let copy = v.with_clock_skew(0.0).unwrap();
    copy.validate(&token(&rs, Algorithm::RS256, Some("rs"), ISSUER))
        .unwrap();
    assert_eq!(
        idp.total.load(Ordering::SeqCst),
        2,
        "copies share the source"
    );

    let e = v
        .validate(&token(
            &rs,
            Algorithm::RS256,
            Some("rs"),
            "https://evil.example",
        ))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidIssuer);
    let e = v
        .validate(&token(&rs, Algorithm::RS256, Some("nope"), ISSUER))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NoMatchingKey);
    let e = v
        .validate(&token(&rs, Algorithm::RS256, Some("es"), ISSUER))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::NoMatchingKey,
        "es key cannot verify RS256"
    );

    let status = v.key_source_status().unwrap();
    assert_eq!(status.key_ids, ["rs", "es"]);
    assert_eq!(status.skipped_keys.len(), 5);
    assert_eq!(status.issuers, [ISSUER]);
    assert_eq!(
        (
            status.fetches_ok,
            status.kid_misses,
            status.suppressed_refreshes
        ),
        (2, 1, 1),
        "the unknown kid came within the cooldown: no fetch"
    );
    let described = v.describe();
    assert_eq!(described["skipped_keys"].as_array().unwrap().len(), 5);
    assert_eq!(described["key_source"]["jwks_uri"], JWKS);

    v.refresh_key_source().unwrap();
    assert_eq!((idp.count(DISCOVERY), idp.count(JWKS)), (2, 2));
}

#[test]
fn remote_validator_errors_map_onto_statuses() {
    let rs = key(Algorithm::RS256);
    let dead = Arc::new(Scripted::default());
    let v = remote(&dead, json!({})).unwrap();
    let e = v
        .validate(&token(&rs, Algorithm::RS256, Some("rs"), ISSUER))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeySourceUnavailable, "{e}");
    assert!(e.message().contains("connection refused"), "{e}");
    assert_eq!(
        v.refresh_key_source().unwrap_err().kind(),
        ErrorKind::KeySourceUnavailable
    );

    let only_bad = provider(unusable_keys());
    let v = remote(&only_bad, json!({})).unwrap();
    let e = v
        .validate(&token(&rs, Algorithm::RS256, None, ISSUER))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeySourceUnavailable);
    assert!(e.message().contains("no key that can verify"), "{e}");

    let statik = static_validator(vec![public_jwk(&rs, "rs", json!({}))]).unwrap();
    assert_eq!(
        statik.key_source_status().unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        statik.refresh_key_source().unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert!(statik.describe().get("key_source").is_none());
}

#[test]
fn remote_parameters_are_checked() {
    let idp = provider(Vec::new());
    for (extra, why) in [
        (json!({"authority": null}), "must be a string"),
        (json!({"jwks_uri": JWKS}), "only one of"),
        (json!({"authority": "http://idp.example"}), "http"),
        (json!({"jwks": {"keys": []}}), "'jwks' is not allowed"),
        (json!({"valid_algorithms": ["HS256"]}), "no secrets"),
        (
            json!({"jwks_refresh_cooldown_seconds": -1}),
            "between 0 and",
        ),
        (json!({"max_jwks_bytes": 0}), "body cap"),
        (json!({"allow_http": "yes"}), "true or false"),
        (
            json!({"jwks_cache_max_age_seconds": 1}),
            "shorter than the refresh cooldown",
        ),
        (json!({"no_such_member": 1}), "unknown field"),
    ] {
        let e = remote(&idp, extra.clone())
            .err()
            .unwrap_or_else(|| panic!("{extra}"));
        assert!(e.message().contains(why), "{extra}: {e}");
    }
    let e = Validator::remote(r#"{"valid_audiences":["api"]}"#, idp.clone())
        .err()
        .unwrap();
    assert!(e.message().contains("needs one of"), "{e}");
    let e = Validator::remote(r#"{"jwks_uri":"https://idp.example/keys"}"#, idp.clone())
        .err()
        .unwrap();
    assert!(e.message().contains("needs 'valid_issuers'"), "{e}");
    let ok = Validator::remote(
        r#"{"jwks_uri":"http://127.0.0.1:1/keys","valid_issuers":["x"],"valid_audiences":["api"],"allow_http":true,"jwks_refresh_cooldown_seconds":1,"jwks_cache_max_age_seconds":2,"http_timeout_seconds":0.5,"max_jwks_bytes":1000,"jwks_stale_if_error_seconds":0}"#,
        idp.clone(),
    )
    .unwrap();
    let status = ok.key_source_status().unwrap();
    assert_eq!(status.issuers, ["x"]);
    assert_eq!(ok.key_source().unwrap().config().max_body_bytes, 1000);
}
