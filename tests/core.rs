//! The safe Rust API end to end: build, sign, validate, and every way a token must fail.

use kr_jwt_core::{
    Algorithm, ErrorKind, Key, KeyFormat, TokenBuilder, ValidationParams, Validator,
    VerificationKey,
};
use serde_json::json;

const NOW: i64 = 1_700_000_000;

#[path = "support/forge.rs"]
mod forge;
use forge::{forge, key32};

fn demo_builder() -> TokenBuilder {
    let mut b = TokenBuilder::new();
    b.set_issuer("DemoIssuer").unwrap();
    b.add_audience("DemoAudience").unwrap();
    b.set_subject("user1").unwrap();
    b.add_user_claim("Name", json!("user1")).unwrap();
    b.protect(&key32(), Some(Algorithm::HS256), None).unwrap();
    b.limit_validity(1800.0).unwrap();
    b
}

fn params(iss: &str, aud: &str) -> ValidationParams {
    ValidationParams {
        valid_issuers: vec![iss.into()],
        valid_audiences: vec![aud.into()],
        ..ValidationParams::default()
    }
}

#[test]
fn fixed_hs256_token_matches_an_independent_implementation() {
    // Expected value computed with Python's hmac/hashlib/base64 over the same header and payload.
    let expected = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJEZW1vSXNzdWVyIiwic3ViIjoidXNlcjEiLCJhdWQiOiJEZW1vQXVkaWVuY2UiLCJ1bmlxdWVfbmFtZSI6InVzZXIxIiwibmJmIjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDE4MDAsImlhdCI6MTcwMDAwMDAwMH0.lupCrpLxNoKUdiUGw_mJcomzZ7mwgfX3DTlbJUpoyBQ";
    let result = demo_builder().build_at(NOW).unwrap();
    assert_eq!(result.token(), expected);
    assert_eq!(result.expires(), Some(NOW + 1800));
    assert_eq!(result.claims()["unique_name"], "user1");
}

#[test]
fn rfc7515_a1_hs256_vector_verifies() {
    let k =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let key = Key::import(KeyFormat::Base64Url, k.as_bytes()).unwrap();
    let v = Validator::new(params("joe", "x"), vec![VerificationKey::from_key(&key)]).unwrap();
    // No audience in the vector: with an audience required it fails, opted out of it passes.
    assert_eq!(
        v.validate_at(token, 1_300_819_370).unwrap_err().kind(),
        ErrorKind::InvalidAudience
    );
    let v = Validator::new(
        ValidationParams {
            valid_issuers: vec!["joe".into()],
            validate_audience: false,
            ..Default::default()
        },
        vec![VerificationKey::from_key(&key)],
    )
    .unwrap();
    let claims = v.validate_at(token, 1_300_819_370).unwrap();
    assert_eq!(claims["http://example.com/is_root"], true);
    assert_eq!(
        v.validate_at(token, 1_300_819_380 + 61).unwrap_err().kind(),
        ErrorKind::TokenExpired
    );
}

#[test]
fn every_hmac_algorithm_round_trips() {
    for (alg, len) in [
        (Algorithm::HS256, 32),
        (Algorithm::HS384, 48),
        (Algorithm::HS512, 64),
    ] {
        let key = Key::secret(&vec![0x5a; len]).unwrap();
        let mut b = demo_builder();
        b.protect(&key, None, Some("k1".into())).unwrap();
        let r = b.build().unwrap();
        assert_eq!(r.algorithm(), alg.name(), "Auto picks by key length");
        assert_eq!(r.kid(), Some("k1"));
        let v = r.validator(60.0).unwrap();
        assert_eq!(v.validate(r.token()).unwrap()["sub"], "user1");
    }
}

#[test]
fn tampering_any_segment_fails() {
    let r = demo_builder().build().unwrap();
    let v = r.validator(60.0).unwrap();
    let parts: Vec<&str> = r.token().split('.').collect();
    let flip = |s: &str| {
        let mut c: Vec<char> = s.chars().collect();
        let i = c.len() / 2;
        c[i] = if c[i] == 'A' { 'B' } else { 'A' };
        c.into_iter().collect::<String>()
    };
    for i in 0..3 {
        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        p[i] = flip(&p[i]);
        let err = v.validate(&p.join(".")).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::InvalidSignature | ErrorKind::MalformedToken
            ),
            "segment {i}: {err}"
        );
    }
    // A payload re-signed with another key fails as a signature error.
    let mut other = demo_builder();
    other
        .protect(&Key::secret(&[9; 32]).unwrap(), None, None)
        .unwrap();
    assert_eq!(
        v.validate(other.build().unwrap().token())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSignature
    );
}

#[test]
fn claims_are_checked() {
    let r = demo_builder().build_at(NOW).unwrap();
    let key = VerificationKey::from_key(&key32());
    let check = |p: ValidationParams, now: i64| {
        Validator::new(p, vec![key.clone()])
            .unwrap()
            .validate_at(r.token(), now)
    };
    assert!(check(params("DemoIssuer", "DemoAudience"), NOW).is_ok());
    assert_eq!(
        check(params("Other", "DemoAudience"), NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidIssuer
    );
    assert_eq!(
        check(params("DemoIssuer", "Other"), NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidAudience
    );
    // exp = NOW + 1800; skew 60
    assert!(check(params("DemoIssuer", "DemoAudience"), NOW + 1800 + 59).is_ok());
    assert_eq!(
        check(params("DemoIssuer", "DemoAudience"), NOW + 1800 + 60)
            .unwrap_err()
            .kind(),
        ErrorKind::TokenExpired
    );
    assert_eq!(
        check(params("DemoIssuer", "DemoAudience"), NOW - 61)
            .unwrap_err()
            .kind(),
        ErrorKind::TokenNotYetValid
    );
    let no_skew = ValidationParams {
        clock_skew_seconds: 0.0,
        ..params("DemoIssuer", "DemoAudience")
    };
    assert_eq!(
        check(no_skew, NOW + 1800).unwrap_err().kind(),
        ErrorKind::TokenExpired
    );
    let typed = ValidationParams {
        valid_types: vec!["at+jwt".into()],
        ..params("DemoIssuer", "DemoAudience")
    };
    assert_eq!(
        check(typed, NOW).unwrap_err().kind(),
        ErrorKind::InvalidType
    );
    let required = ValidationParams {
        required_claims: vec!["tid".into()],
        ..params("DemoIssuer", "DemoAudience")
    };
    assert_eq!(
        check(required, NOW).unwrap_err().kind(),
        ErrorKind::MissingClaim
    );
    let wrong_alg = ValidationParams {
        valid_algorithms: vec!["HS512".into()],
        ..params("DemoIssuer", "DemoAudience")
    };
    // A 32-byte key cannot verify HS512, so such a validator is refused outright.
    assert_eq!(
        Validator::new(wrong_alg, vec![key.clone()])
            .err()
            .unwrap()
            .kind(),
        ErrorKind::AlgorithmKeyMismatch
    );
}

#[test]
fn hostile_tokens_are_rejected() {
    let v = Validator::new(
        params("DemoIssuer", "DemoAudience"),
        vec![VerificationKey::from_key(&key32())],
    )
    .unwrap();
    let exp = kr_jwt_core::base::time::unix_now() + 600;
    let ok = format!(r#"{{"exp":{exp},"iss":"DemoIssuer","aud":"DemoAudience"}}"#);
    assert!(v.validate(&forge(r#"{"alg":"HS256"}"#, &ok)).is_ok());
    let cases = [
        (
            r#"{"alg":"none"}"#,
            ok.clone(),
            ErrorKind::AlgorithmNotAllowed,
        ),
        (
            r#"{"alg":"NONE"}"#,
            ok.clone(),
            ErrorKind::AlgorithmNotAllowed,
        ),
        (
            r#"{"alg":"hs256"}"#,
            ok.clone(),
            ErrorKind::AlgorithmNotAllowed,
        ),
        (
            r#"{"alg":"RS256"}"#,
            ok.clone(),
            ErrorKind::AlgorithmNotAllowed,
        ),
        (r#"{"typ":"JWT"}"#, ok.clone(), ErrorKind::MalformedToken),
        (
            r#"{"alg":"HS256","alg":"HS256"}"#,
            ok.clone(),
            ErrorKind::MalformedToken,
        ),
        (
            r#"{"alg":"HS256","crit":["exp"]}"#,
            ok.clone(),
            ErrorKind::UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","crit":[]}"#,
            ok.clone(),
            ErrorKind::UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","kid":7}"#,
            ok.clone(),
            ErrorKind::MalformedToken,
        ),
        (
            r#"{"alg":"HS256"}"#,
            r#"{}"#.to_string(),
            ErrorKind::MissingClaim,
        ),
        (
            r#"{"alg":"HS256"}"#,
            format!(r#"{{"exp":"{exp}"}}"#),
            ErrorKind::InvalidClaim,
        ),
        (
            r#"{"alg":"HS256"}"#,
            format!(r#"{{"exp":{exp},"nbf":"0"}}"#),
            ErrorKind::InvalidClaim,
        ),
        (
            r#"{"alg":"HS256"}"#,
            format!(r#"{{"exp":{exp},"iss":5}}"#),
            ErrorKind::InvalidClaim,
        ),
        (
            r#"{"alg":"HS256"}"#,
            format!(r#"{{"exp":{exp},"iss":"DemoIssuer","aud":[["a"]]}}"#),
            ErrorKind::InvalidClaim,
        ),
        (
            r#"{"alg":"HS256"}"#,
            format!(r#"{{"exp":{exp},"iss":"DemoIssuer","aud":{{}}}}"#),
            ErrorKind::InvalidClaim,
        ),
        (
            r#"{"alg":"HS256"}"#,
            format!(r#"{{"exp":{exp},"exp":{exp}}}"#),
            ErrorKind::MalformedToken,
        ),
        (
            r#"{"alg":"HS256"}"#,
            "[1]".to_string(),
            ErrorKind::MalformedToken,
        ),
    ];
    // A kid is only a label among configured keys: never a path, URL or lookup. A kid-less key takes any kid;
    // keys with kids take only their own.
    let traversal = forge(r#"{"alg":"HS256","kid":"../../etc/passwd"}"#, &ok);
    assert!(v.validate(&traversal).is_ok());
    let with_kid = Validator::new(
        params("DemoIssuer", "DemoAudience"),
        vec![VerificationKey::from_key(
            &key32().with_kid(Some("k1".into())).unwrap(),
        )],
    )
    .unwrap();
    assert_eq!(
        with_kid.validate(&traversal).unwrap_err().kind(),
        ErrorKind::NoMatchingKey
    );
    assert!(
        with_kid
            .validate(&forge(r#"{"alg":"HS256","kid":"k1"}"#, &ok))
            .is_ok()
    );
    let huge_kid = format!(r#"{{"alg":"HS256","kid":"{}"}}"#, "k".repeat(10_000));
    assert_eq!(
        with_kid
            .validate(&forge(&huge_kid, &ok))
            .unwrap_err()
            .kind(),
        ErrorKind::NoMatchingKey
    );
    for (header, payload, kind) in cases {
        let err = v.validate(&forge(header, &payload)).unwrap_err();
        assert_eq!(err.kind(), kind, "{header} {payload}: {err}");
    }
}

#[test]
fn bad_builder_input_is_refused_at_the_call() {
    let mut b = TokenBuilder::new();
    assert_eq!(
        b.set_issuer("").unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.set_issuer("   ").unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.limit_validity(0.0).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.limit_validity(-5.0).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.limit_validity(f64::NAN).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.add_claim("exp", json!(1)).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.add_header("alg", json!("none")).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.add_header("crit", json!(["x"])).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.add_user_claim("Nope", json!(1)).unwrap_err().kind(),
        ErrorKind::UnknownClaimType
    );
    assert_eq!(b.build().err().unwrap().kind(), ErrorKind::NotProtected);
    assert_eq!(
        b.protect(
            &Key::secret(&[1; 16]).unwrap(),
            Some(Algorithm::HS256),
            None
        )
        .unwrap_err()
        .kind(),
        ErrorKind::KeyTooShort
    );
}

#[test]
fn audiences_repeated_claims_and_copies() {
    let mut b = demo_builder();
    b.add_audience("Second").unwrap();
    b.add_claim("role", json!("admin")).unwrap();
    b.add_claim("role", json!("ops")).unwrap();
    b.add_claim("tags", json!(["a", "b"])).unwrap();
    b.add_claim("level", json!(3)).unwrap();
    b.add_header("cty", json!("x")).unwrap();
    let mut copy = b.clone();
    copy.set_issuer("CopyIssuer").unwrap();
    copy.add_header("x-copy", json!(true)).unwrap();
    let r = b.build().unwrap();
    assert_eq!(r.payload()["aud"], json!(["DemoAudience", "Second"]));
    assert_eq!(r.payload()["role"], json!(["admin", "ops"]));
    assert_eq!(r.payload()["tags"], json!(["a", "b"]));
    assert_eq!(r.payload()["level"], json!(3));
    assert_eq!(r.issuer(), Some("DemoIssuer"));
    assert!(
        r.header().get("x-copy").is_none(),
        "headers are not shared with copies"
    );
    let rc = copy.build().unwrap();
    assert_eq!(rc.issuer(), Some("CopyIssuer"));
    assert_eq!(rc.header()["x-copy"], true);
}

#[test]
fn batch_validation_keeps_order() {
    let good = demo_builder().build().unwrap();
    let v = good.validator(60.0).unwrap();
    let tokens: Vec<String> = (0..200)
        .map(|i| {
            if i % 3 == 0 {
                "garbage".to_string()
            } else {
                good.token().to_string()
            }
        })
        .collect();
    let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let results = v.validate_many(&refs);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_ok(), i % 3 != 0, "token {i}");
    }
}

#[test]
fn renewal_validates_first_and_reissues() {
    let mut b = demo_builder();
    b.add_claim("region", json!("eu")).unwrap();
    let first = b.build().unwrap();
    let v = first.validator(60.0).unwrap();

    let mut issuer = demo_builder();
    issuer.set_subject("someone-else").unwrap();
    let renewed = issuer.renew(&v, first.token(), Some(600.0), 0.0).unwrap();
    assert_ne!(renewed.token(), first.token());
    assert_eq!(
        renewed.subject(),
        Some("user1"),
        "the subject comes from the renewed token"
    );
    assert_eq!(renewed.payload()["region"], "eu");
    assert_eq!(
        renewed.payload()["unique_name"],
        "user1",
        "claims are carried, not duplicated"
    );
    assert!(
        renewed.payload()["jti"]
            .as_str()
            .is_some_and(|j| j.len() == 32)
    );
    assert_eq!(
        renewed.expires().unwrap() - renewed.not_before().unwrap(),
        600
    );
    assert!(v.validate(renewed.token()).is_ok());

    // Forged, tampered and expired tokens are refused.
    let mut forger = demo_builder();
    forger
        .protect(&Key::secret(&[7; 32]).unwrap(), None, None)
        .unwrap();
    let forged = forger.build().unwrap();
    assert_eq!(
        issuer
            .renew(&v, forged.token(), None, 0.0)
            .err()
            .unwrap()
            .kind(),
        ErrorKind::InvalidSignature
    );
    let mut old = demo_builder();
    old.limit_not_before_at(kr_jwt_core::base::time::unix_now() - 7200)
        .unwrap();
    old.limit_validity(60.0).unwrap();
    let expired = old.build().unwrap();
    assert_eq!(
        issuer
            .renew(&v, expired.token(), None, 0.0)
            .err()
            .unwrap()
            .kind(),
        ErrorKind::TokenExpired
    );
    // An explicit grace window admits a recently expired token, and only that.
    assert!(issuer.renew(&v, expired.token(), None, 7200.0).is_ok());
    assert_eq!(
        issuer
            .renew(&v, expired.token(), None, 600.0)
            .err()
            .unwrap()
            .kind(),
        ErrorKind::TokenExpired
    );
    assert_eq!(
        issuer
            .renew(&v, first.token(), Some(-1.0), 0.0)
            .err()
            .unwrap()
            .kind(),
        ErrorKind::InvalidArgument
    );
}

#[test]
fn the_last_call_naming_a_kid_wins() {
    let mut b = demo_builder();
    b.add_header("kid", json!("from-header")).unwrap();
    assert_eq!(b.build().unwrap().kid(), Some("from-header"));
    b.protect(&key32(), None, Some("from-protect".into()))
        .unwrap();
    let r = b.build().unwrap();
    assert_eq!(r.kid(), Some("from-protect"));
    assert!(r.validator(60.0).unwrap().validate(r.token()).is_ok());
    b.add_header("kid", json!("again-header")).unwrap();
    assert_eq!(b.build().unwrap().kid(), Some("again-header"));
}

#[test]
fn a_validator_can_be_copied_with_another_clock_skew() {
    let mut old = demo_builder();
    old.limit_not_before_at(kr_jwt_core::base::time::unix_now() - 1000)
        .unwrap();
    old.limit_validity(900.0).unwrap(); // expired 100 s ago
    let r = old.build().unwrap();
    let strict = r.validator(0.0).unwrap();
    assert_eq!(
        strict.validate(r.token()).unwrap_err().kind(),
        ErrorKind::TokenExpired
    );
    assert!(
        strict
            .with_clock_skew(300.0)
            .unwrap()
            .validate(r.token())
            .is_ok()
    );
    assert!(strict.with_clock_skew(-1.0).is_err());
}

#[test]
fn expiry_and_not_before_reasons_show_utc_times() {
    // NOW = 2023-11-14T22:13:20Z; the demo token is valid from NOW for 1800 s.
    let r = demo_builder().build_at(NOW).unwrap();
    let v = Validator::new(
        params("DemoIssuer", "DemoAudience"),
        vec![VerificationKey::from_key(&key32())],
    )
    .unwrap();
    let expired = v.validate_at(r.token(), NOW + 1800 + 75).unwrap_err();
    assert_eq!(expired.kind(), ErrorKind::TokenExpired);
    assert_eq!(
        expired.message(),
        "the token expired at 2023-11-14T22:43:20Z (now 2023-11-14T22:44:35Z, clock skew 60 s)"
    );
    let early = v.validate_at(r.token(), NOW - 3661).unwrap_err();
    assert_eq!(early.kind(), ErrorKind::TokenNotYetValid);
    assert_eq!(
        early.message(),
        "the token is not valid before 2023-11-14T22:13:20Z (now 2023-11-14T21:12:19Z, clock skew 60 s)"
    );
}

#[test]
fn the_crit_refusal_names_crit_and_its_members() {
    // The forged tokens carry neither iss nor aud: the rules they test come before those checks.
    let v = Validator::new(
        ValidationParams {
            validate_issuer: false,
            validate_audience: false,
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(&key32())],
    )
    .unwrap();
    let exp = kr_jwt_core::base::time::unix_now() + 600;
    let payload = format!(r#"{{"exp":{exp}}}"#);
    let refusal = |header: &str| {
        let e = v.validate(&forge(header, &payload)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnsupportedCriticalHeader, "{header}");
        e.message().to_owned()
    };
    assert_eq!(
        refusal(r#"{"alg":"HS256","crit":["exp"]}"#),
        r#"the crit header names "exp", which KrJwt does not understand"#
    );
    assert_eq!(
        refusal(r#"{"alg":"HS256","crit":["exp","x-tenant"],"exp":1,"x-tenant":"a"}"#),
        r#"the crit header names "exp", "x-tenant", which KrJwt does not understand"#
    );
    for malformed in [
        r#"{"alg":"HS256","crit":[]}"#,
        r#"{"alg":"HS256","crit":"exp"}"#,
        r#"{"alg":"HS256","crit":[7]}"#,
    ] {
        let message = refusal(malformed);
        assert!(
            message.starts_with("the crit header is not a non-empty array of names"),
            "{malformed}: {message}"
        );
    }
}
