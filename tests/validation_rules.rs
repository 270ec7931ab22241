//! Issue 12, items 1, 4 and 11: issuer and audience always validated unless opted out, weak
//! verification keys refused at creation, and the optional maximum token age.

use kr_jwt_core::base::json::b64url_encode;
use kr_jwt_core::jwt::result::ResultValidatorOptions;
use kr_jwt_core::{
    Algorithm, ErrorKind, IssuerSource, Key, KeyFormat, TokenBuilder, ValidationParams, Validator,
    VerificationKey,
};

const NOW: i64 = 1_700_000_000;

fn secret() -> Key {
    Key::secret(&[0x42; 32]).unwrap()
}

fn hs256_keys() -> Vec<VerificationKey> {
    vec![VerificationKey::from_key(&secret())]
}

fn params() -> ValidationParams {
    ValidationParams {
        valid_issuers: vec!["DemoIssuer".into()],
        valid_audiences: vec!["DemoAudience".into()],
        ..ValidationParams::default()
    }
}

/// A token with exactly this payload, signed with [`secret`] (HS256).
fn signed(payload: &str) -> String {
    let input = format!(
        "{}.{}",
        b64url_encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url_encode(payload.as_bytes())
    );
    let mut b = TokenBuilder::new();
    b.protect(&secret(), Some(Algorithm::HS256), None).unwrap();
    let sig = b.signer().unwrap().sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64url_encode(&sig))
}

// ---- item 1: issuer and audience ----

#[test]
fn a_validator_without_valid_issuer_is_refused_unless_opted_out() {
    let no_issuer = ValidationParams {
        valid_issuers: Vec::new(),
        ..params()
    };
    let e = Validator::new(no_issuer.clone(), hs256_keys())
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::MissingValidIssuer);
    assert!(e.message().contains("IDX10204"), "{}", e.message());
    assert!(
        e.message().contains("validate_issuer: false"),
        "{}",
        e.message()
    );

    let opted_out = ValidationParams {
        validate_issuer: false,
        ..no_issuer
    };
    let v = Validator::new(opted_out, hs256_keys()).unwrap();
    let evil = signed(&format!(
        r#"{{"iss":"evil","aud":"DemoAudience","exp":{}}}"#,
        NOW + 60
    ));
    assert!(v.validate_at(&evil, NOW).is_ok());
}

#[test]
fn a_validator_without_valid_audience_is_refused_unless_opted_out() {
    let no_audience = ValidationParams {
        valid_audiences: Vec::new(),
        ..params()
    };
    let e = Validator::new(no_audience.clone(), hs256_keys())
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::MissingValidAudience);
    assert!(e.message().contains("IDX10208"), "{}", e.message());
    assert!(
        e.message().contains("validate_audience: false"),
        "{}",
        e.message()
    );
    let v = Validator::new(
        ValidationParams {
            validate_audience: false,
            ..no_audience
        },
        hs256_keys(),
    )
    .unwrap();
    let any_aud = signed(&format!(
        r#"{{"iss":"DemoIssuer","aud":"whatever","exp":{}}}"#,
        NOW + 60
    ));
    assert!(v.validate_at(&any_aud, NOW).is_ok());
    let wrong_iss = signed(&format!(
        r#"{{"iss":"evil","aud":"whatever","exp":{}}}"#,
        NOW + 60
    ));
    assert_eq!(
        v.validate_at(&wrong_iss, NOW).unwrap_err().kind(),
        ErrorKind::InvalidIssuer
    );
}

#[test]
fn default_parameters_and_null_json_are_refused_naming_the_issuer() {
    assert_eq!(
        Validator::new(ValidationParams::default(), hs256_keys())
            .err()
            .unwrap()
            .kind(),
        ErrorKind::MissingValidIssuer
    );
    assert_eq!(
        Validator::from_json(None, hs256_keys())
            .err()
            .unwrap()
            .kind(),
        ErrorKind::MissingValidIssuer
    );
    let only_issuer = Validator::from_json(Some(r#"{"valid_issuers":["a"]}"#), hs256_keys());
    assert_eq!(
        only_issuer.err().unwrap().kind(),
        ErrorKind::MissingValidAudience
    );
    let both_opted_out = Validator::from_json(
        Some(r#"{"validate_issuer":false,"validate_audience":false}"#),
        hs256_keys(),
    );
    assert!(both_opted_out.is_ok());
}

#[test]
fn opting_out_while_giving_valid_values_is_a_usage_error() {
    for (json, named) in [
        (
            r#"{"valid_issuers":["a"],"validate_issuer":false,"valid_audiences":["b"]}"#,
            "validate_issuer",
        ),
        (
            r#"{"valid_issuers":["a"],"valid_audiences":["b"],"validate_audience":false}"#,
            "validate_audience",
        ),
    ] {
        let e = Validator::from_json(Some(json), hs256_keys())
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{json}");
        assert!(e.message().contains(named), "{}", e.message());
    }
}

#[test]
fn an_issuer_to_be_discovered_satisfies_the_issuer_rule() {
    let no_issuer = ValidationParams {
        valid_issuers: Vec::new(),
        ..params()
    };
    assert!(
        no_issuer
            .check_issuer_and_audience(IssuerSource::Discovered)
            .is_ok()
    );
    assert!(
        Validator::new_with_issuer(no_issuer.clone(), hs256_keys(), IssuerSource::Discovered)
            .is_ok()
    );
    // Discovery gives the issuer, not the audience.
    let nothing = ValidationParams::default();
    assert_eq!(
        nothing
            .check_issuer_and_audience(IssuerSource::Discovered)
            .unwrap_err()
            .kind(),
        ErrorKind::MissingValidAudience
    );
}

#[test]
fn a_result_without_issuer_or_audience_needs_the_opt_out_for_its_validator() {
    let mut b = TokenBuilder::new();
    b.protect(&secret(), Some(Algorithm::HS256), None).unwrap();
    let r = b.build_at(NOW).unwrap();
    assert_eq!(
        r.validator(60.0).err().unwrap().kind(),
        ErrorKind::MissingValidIssuer
    );
    let options = ResultValidatorOptions::from_json(Some(
        r#"{"validate_issuer":false,"validate_audience":false,"clock_skew_seconds":5}"#,
    ))
    .unwrap();
    let v = r.validator_with(&options).unwrap();
    assert!(v.validate_at(r.token(), NOW).is_ok());
    assert_eq!(v.params().clock_skew_seconds, 5.0);

    // A result with an issuer: opting out of it is a usage error.
    b.set_issuer("DemoIssuer").unwrap();
    let r = b.build_at(NOW).unwrap();
    assert_eq!(
        r.validator(60.0).err().unwrap().kind(),
        ErrorKind::MissingValidAudience
    );
    assert_eq!(
        r.validator_with(&options).err().unwrap().kind(),
        ErrorKind::InvalidArgument
    );
    assert!(
        ResultValidatorOptions::from_json(Some(r#"{"validate_issuers":false}"#)).is_err(),
        "unknown members are refused"
    );
}

// ---- item 4: weak verification keys ----

/// A 1024-bit RSA public key (openssl genrsa 1024).
const RSA_1024_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDICqjX5BfqGufTcInwCKH7joHi
sqtAqcf9PRAIMTcFybSDsUshQndNA7yDyYaQ6wpllrnadSb0sJLLbOy04HuRUzCm
3BdBjwZPYo3PrW9X2iQEhIxda4C3/5abe6FKxYYNwa6VkKbaU62GzHsU33PYBXw7
0whXWlAKcC2/QKZAKwIDAQAB
-----END PUBLIC KEY-----
";

#[test]
fn a_1024_bit_rsa_verification_key_is_refused_at_creation() {
    let weak = Key::import(KeyFormat::Pem, RSA_1024_PUBLIC.as_bytes()).unwrap();
    assert_eq!(weak.bits(), 1024);
    for algorithms in [Vec::new(), vec!["RS256".to_string()]] {
        let e = Validator::new(
            ValidationParams {
                valid_algorithms: algorithms,
                ..params()
            },
            vec![VerificationKey::from_key(&weak)],
        )
        .err()
        .unwrap();
        assert_eq!(e.kind(), ErrorKind::KeyTooShort);
        assert!(
            e.message().contains("2048") && e.message().contains("1024"),
            "{}",
            e.message()
        );
    }
    // Beside a good key it is refused too, not silently kept.
    let e = Validator::new(
        params(),
        vec![
            VerificationKey::from_key(&secret()),
            VerificationKey::from_key(&weak),
        ],
    )
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::KeyTooShort);
    // The same key in a JWK Set given as parameters.
    let jwk = kr_jwt_core::key::to_jwk(&weak, false).unwrap();
    let json = format!(
        r#"{{"valid_issuers":["DemoIssuer"],"valid_audiences":["DemoAudience"],"jwks":{{"keys":[{jwk}]}}}}"#
    );
    assert_eq!(
        Validator::from_json(Some(&json), Vec::new())
            .err()
            .unwrap()
            .kind(),
        ErrorKind::KeyTooShort
    );
}

#[test]
fn a_2048_bit_rsa_verification_key_is_accepted() {
    let good = kr_jwt_core::key::generate("RSA", 2048).unwrap();
    assert!(Validator::new(params(), vec![VerificationKey::from_key(&good)]).is_ok());
}

// ---- item 11: maximum token age ----

fn aged(max_age: f64) -> Validator {
    Validator::new(
        ValidationParams {
            max_token_age_seconds: Some(max_age),
            ..params()
        },
        hs256_keys(),
    )
    .unwrap()
}

fn token_issued_at(iat: Option<i64>) -> String {
    let iat = iat.map_or(String::new(), |i| format!(r#","iat":{i}"#));
    signed(&format!(
        r#"{{"iss":"DemoIssuer","aud":"DemoAudience","exp":{}{iat}}}"#,
        NOW + 100_000
    ))
}

#[test]
fn max_token_age_refuses_old_tokens_with_iso_times() {
    let v = aged(600.0);
    assert!(
        v.validate_at(&token_issued_at(Some(NOW - 600)), NOW)
            .is_ok()
    );
    // The clock skew (60 s) applies: 660 s is still accepted, 661 s is not.
    assert!(
        v.validate_at(&token_issued_at(Some(NOW - 660)), NOW)
            .is_ok()
    );
    let e = v
        .validate_at(&token_issued_at(Some(NOW - 661)), NOW)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TokenTooOld);
    assert!(
        e.message().contains("2023-11-14T22:02:19Z")
            && e.message().contains("2023-11-14T22:13:20Z"),
        "{}",
        e.message()
    );
    assert!(e.message().contains("600 s"), "{}", e.message());
}

#[test]
fn max_token_age_refuses_tokens_issued_in_the_future_beyond_the_skew() {
    let v = aged(600.0);
    assert!(v.validate_at(&token_issued_at(Some(NOW + 60)), NOW).is_ok());
    let e = v
        .validate_at(&token_issued_at(Some(NOW + 61)), NOW)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TokenNotYetValid);
    assert!(e.message().contains("future"), "{}", e.message());
    assert!(
        e.message().contains("2023-11-14T22:14:21Z"),
        "{}",
        e.message()
    );
}

#[test]
fn max_token_age_requires_iat() {
    let e = aged(600.0)
        .validate_at(&token_issued_at(None), NOW)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingClaim);
    assert!(e.message().contains("'iat'"), "{}", e.message());
    // Without a maximum age, iat stays optional and any age passes.
    let v = Validator::new(params(), hs256_keys()).unwrap();
    assert!(v.validate_at(&token_issued_at(None), NOW).is_ok());
    assert!(
        v.validate_at(&token_issued_at(Some(NOW - 90_000)), NOW)
            .is_ok()
    );
}

#[test]
fn max_token_age_comes_from_json_and_bad_values_are_refused() {
    let json = r#"{"valid_issuers":["DemoIssuer"],"valid_audiences":["DemoAudience"],"max_token_age_seconds":30}"#;
    let v = Validator::from_json(Some(json), hs256_keys()).unwrap();
    assert_eq!(v.params().max_token_age_seconds, Some(30.0));
    assert_eq!(v.describe()["max_token_age_seconds"], 30.0);
    assert_eq!(
        v.validate_at(&token_issued_at(Some(NOW - 91)), NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::TokenTooOld
    );
    for bad in [0.0, -1.0, f64::INFINITY, 1e12] {
        let e = Validator::new(
            ValidationParams {
                max_token_age_seconds: Some(bad),
                ..params()
            },
            hs256_keys(),
        )
        .err()
        .unwrap();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{bad}");
    }
}

#[test]
fn a_result_validator_can_limit_the_token_age() {
    let mut b = TokenBuilder::new();
    b.set_issuer("DemoIssuer").unwrap();
    b.add_audience("DemoAudience").unwrap();
    b.protect(&secret(), Some(Algorithm::HS256), None).unwrap();
    let r = b.build_at(NOW - 1000).unwrap();
    let v = r
        .validator_with(&ResultValidatorOptions {
            max_token_age_seconds: Some(300.0),
            ..ResultValidatorOptions::default()
        })
        .unwrap();
    assert_eq!(
        v.validate_at(r.token(), NOW).unwrap_err().kind(),
        ErrorKind::TokenTooOld
    );
}
