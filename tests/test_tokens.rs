//! Hostile test tokens (`kr_jwt_core::testing`): every defect is refused by KrJwt's own validation with
//! exactly its expected reason, and differs from the valid token built at the same instant only where the
//! defect says.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use kr_jwt_core::key::generate_for;
use kr_jwt_core::testing::{
    Defect, TIME_MARGIN_SECONDS, UNKNOWN_CRITICAL, test_token_at, test_token_set,
};
use kr_jwt_core::{Algorithm, ErrorKind, TokenBuilder};
use serde_json::{Map, Value, json};

const NOW: i64 = 1_800_000_000;

fn builder(alg: Algorithm, kid: Option<&str>) -> TokenBuilder {
    let mut b = TokenBuilder::new();
    b.set_issuer("https://issuer.example").unwrap();
    b.add_audience("api://orders").unwrap();
    b.set_subject("user1").unwrap();
    b.add_claim("role", json!("reader")).unwrap();
    b.protect(
        &generate_for(alg).unwrap(),
        Some(alg),
        kid.map(str::to_owned),
    )
    .unwrap();
    b
}

/// Decodes a segment leniently (a duplicate member keeps the last value), as a test's eyes see it.
fn segment(token: &str, index: usize) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(token.split('.').nth(index).unwrap())
        .unwrap()
}

fn object(token: &str, index: usize) -> Map<String, Value> {
    serde_json::from_slice(&segment(token, index)).unwrap()
}

/// The members whose values differ between two objects (present in one only counts).
fn changed(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<String> {
    let mut names: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_defect_is_refused_with_its_expected_reason() {
    for (alg, kid) in [
        (Algorithm::ES256, Some("ec-1")),
        (Algorithm::RS256, Some("rsa-1")),
        (Algorithm::EdDSA, Some("ed-1")),
        (Algorithm::HS256, Some("hs-1")),
    ] {
        let b = builder(alg, kid);
        let valid = b.build_at(NOW).unwrap();
        let validator = valid.validator(60.0).unwrap();
        assert!(validator.validate_at(valid.token(), NOW).is_ok());
        for &defect in Defect::ALL {
            if defect == Defect::AlgConfusion && alg == Algorithm::HS256 {
                continue;
            }
            let hostile = test_token_at(&b, defect, NOW).unwrap();
            let error = validator
                .validate_at(&hostile.token, NOW)
                .expect_err(defect.name());
            assert_eq!(
                error.kind(),
                defect.expected_reason(),
                "{} {}: {}",
                alg.name(),
                defect.name(),
                error.message()
            );
        }
    }
}

#[test]
fn expected_reasons_and_http_statuses() {
    let table: Vec<(&str, &str, u16)> = Defect::ALL
        .iter()
        .map(|d| {
            (
                d.name(),
                d.expected_reason().name(),
                d.expected_http_status(),
            )
        })
        .collect();
    assert_eq!(
        table,
        [
            ("Expired", "TokenExpired", 401),
            ("NotYetValid", "TokenNotYetValid", 401),
            ("WrongIssuer", "InvalidIssuer", 401),
            ("WrongAudience", "InvalidAudience", 401),
            ("TamperedPayload", "InvalidSignature", 401),
            ("TamperedSignature", "InvalidSignature", 401),
            ("AlgNone", "MalformedToken", 401),
            ("AlgConfusion", "AlgorithmNotAllowed", 401),
            ("UnknownKid", "NoMatchingKey", 401),
            ("WrongKey", "InvalidSignature", 401),
            ("MissingExp", "MissingClaim", 401),
            ("DuplicateClaim", "MalformedToken", 401),
            ("Oversized", "TokenTooLarge", 400),
            ("CritUnknown", "UnsupportedCriticalHeader", 401),
        ]
    );
    assert_eq!(Defect::parse(" algnone ").unwrap(), Defect::AlgNone);
    let unknown = Defect::parse("Nope").unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::InvalidArgument);
    assert!(
        unknown
            .message()
            .starts_with("unknown test token defect 'Nope'; expected one of Expired, NotYetValid,"),
        "{}",
        unknown.message()
    );
}

#[test]
fn each_token_differs_from_the_valid_one_by_its_defect_only() {
    let b = builder(Algorithm::ES256, Some("ec-1"));
    let valid = b.build_at(NOW).unwrap().token().to_owned();
    let (vh, vp) = (object(&valid, 0), object(&valid, 1));
    let mint = |d| test_token_at(&b, d, NOW).unwrap().token;
    // (defect, header members changed, payload members changed)
    let cases: [(Defect, &[&str], &[&str]); 12] = [
        (Defect::Expired, &[], &["exp", "iat", "nbf"]),
        (Defect::NotYetValid, &[], &["exp", "nbf"]),
        (Defect::WrongIssuer, &[], &["iss"]),
        (Defect::WrongAudience, &[], &["aud"]),
        (Defect::TamperedPayload, &[], &["sub"]),
        (Defect::TamperedSignature, &[], &[]),
        (Defect::AlgNone, &["alg"], &[]),
        (Defect::AlgConfusion, &["alg"], &[]),
        (Defect::UnknownKid, &["kid"], &[]),
        (Defect::WrongKey, &[], &[]),
        (Defect::MissingExp, &[], &["exp"]),
        (Defect::CritUnknown, &["crit", UNKNOWN_CRITICAL], &[]),
    ];
    for (defect, header, payload) in cases {
        let token = mint(defect);
        assert_eq!(
            changed(&vh, &object(&token, 0)),
            header,
            "{defect:?} header"
        );
        assert_eq!(
            changed(&vp, &object(&token, 1)),
            payload,
            "{defect:?} payload"
        );
    }
    let expired = object(&mint(Defect::Expired), 1);
    assert_eq!(expired["exp"], json!(NOW - TIME_MARGIN_SECONDS));
    assert_eq!(
        expired["exp"].as_i64().unwrap() - expired["nbf"].as_i64().unwrap(),
        3600,
        "the window keeps its length"
    );
    let early = object(&mint(Defect::NotYetValid), 1);
    assert_eq!(early["nbf"], json!(NOW + TIME_MARGIN_SECONDS));
    assert_eq!(early["iat"], json!(NOW));
    assert_eq!(
        object(&mint(Defect::WrongIssuer), 1)["iss"],
        "https://issuer.example-wrong"
    );
    assert_eq!(
        object(&mint(Defect::WrongAudience), 1)["aud"],
        "api://orders-wrong"
    );
    assert_eq!(object(&mint(Defect::UnknownKid), 0)["kid"], "ec-1-unknown");
    assert_eq!(object(&mint(Defect::AlgConfusion), 0)["alg"], "HS256");
    assert_eq!(object(&mint(Defect::AlgNone), 0)["alg"], "none");
    assert!(mint(Defect::AlgNone).ends_with('.'));

    // Tampering keeps the valid token's other segments byte for byte (Ed25519 signs deterministically,
    // so the valid token built here is the one tampered with).
    let b = builder(Algorithm::EdDSA, Some("ed-1"));
    let mint = |d| test_token_at(&b, d, NOW).unwrap().token;
    let valid = b.build_at(NOW).unwrap().token().to_owned();
    let valid_parts: Vec<&str> = valid.split('.').collect();
    let tampered = mint(Defect::TamperedPayload);
    let parts: Vec<&str> = tampered.split('.').collect();
    assert_eq!((parts[0], parts[2]), (valid_parts[0], valid_parts[2]));
    let flipped = mint(Defect::TamperedSignature);
    let parts: Vec<&str> = flipped.split('.').collect();
    assert_eq!((parts[0], parts[1]), (valid_parts[0], valid_parts[1]));
    let (a, b2) = (segment(&valid, 2), segment(&flipped, 2));
    let bits: u32 = a.iter().zip(&b2).map(|(x, y)| (x ^ y).count_ones()).sum();
    assert_eq!((a.len(), bits), (b2.len(), 1));
    // The wrong key signs the valid token's exact header and payload.
    let other = mint(Defect::WrongKey);
    assert_eq!(
        other.rsplit_once('.').unwrap().0,
        valid.rsplit_once('.').unwrap().0
    );

    // The duplicate is the first member again, same value, appended: nothing else changes.
    let duplicate = String::from_utf8(segment(&mint(Defect::DuplicateClaim), 1)).unwrap();
    let valid_payload = String::from_utf8(segment(&valid, 1)).unwrap();
    assert_eq!(
        duplicate,
        format!(
            "{},\"iss\":\"https://issuer.example\"}}",
            valid_payload.trim_end_matches('}')
        )
    );
    // Oversized: only a padding claim added, and just over the cap.
    let big = mint(Defect::Oversized);
    assert!(
        big.len() > 256 * 1024 && big.len() < 256 * 1024 * 11 / 10,
        "{}",
        big.len()
    );
    assert_eq!(changed(&vp, &object(&big, 1)), ["padding"]);
}

#[test]
fn a_builder_without_subject_gets_a_tampered_claim() {
    let mut b = TokenBuilder::new();
    b.set_issuer("i").unwrap();
    b.add_audience("a").unwrap();
    b.protect(&generate_for(Algorithm::HS256).unwrap(), None, None)
        .unwrap();
    let token = test_token_at(&b, Defect::TamperedPayload, NOW)
        .unwrap()
        .token;
    assert_eq!(object(&token, 1)["tampered"], json!(true));
}

#[test]
fn defects_that_do_not_apply_are_refused_or_skipped() {
    let mut b = TokenBuilder::new();
    b.protect(&generate_for(Algorithm::HS256).unwrap(), None, None)
        .unwrap();
    let message = |d| test_token_at(&b, d, NOW).unwrap_err().message().to_owned();
    assert_eq!(
        message(Defect::WrongIssuer),
        "a WrongIssuer test token cannot be made: the builder has no issuer, so no issuer is wrong"
    );
    assert_eq!(
        message(Defect::AlgConfusion),
        "a AlgConfusion test token cannot be made: the builder signs with an HMAC secret: key \
         confusion needs a public key"
    );
    let (tokens, skipped) = test_token_set(&b).unwrap();
    let skipped: Vec<&str> = skipped.iter().map(|(d, _)| d.name()).collect();
    assert_eq!(
        skipped,
        ["WrongIssuer", "WrongAudience", "AlgConfusion", "UnknownKid"]
    );
    assert_eq!(tokens.len(), Defect::ALL.len() - 4);

    let unprotected = TokenBuilder::new();
    assert_eq!(
        test_token_at(&unprotected, Defect::Expired, NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::NotProtected
    );
    let mut encrypted = builder(Algorithm::HS256, None);
    encrypted
        .protect_payload(&generate_for(Algorithm::HS256).unwrap(), None, None)
        .unwrap();
    assert_eq!(
        test_token_at(&encrypted, Defect::Expired, NOW)
            .unwrap_err()
            .message(),
        "test tokens are signed tokens: make them from a builder without payload encryption"
    );
}

#[test]
fn a_full_set_from_an_ec_builder_with_issuer_audience_and_kid() {
    let b = builder(Algorithm::ES256, Some("ec-1"));
    let (tokens, skipped) = test_token_set(&b).unwrap();
    assert!(skipped.is_empty());
    let names: Vec<&str> = tokens.iter().map(|t| t.defect.name()).collect();
    let all: Vec<&str> = Defect::ALL.iter().map(|d| d.name()).collect();
    assert_eq!(names, all);
    let validator = b.build().unwrap().validator(60.0).unwrap();
    for t in &tokens {
        assert_eq!(
            t.to_json()["expected_reason"],
            t.defect.expected_reason().name()
        );
        assert_eq!(
            validator.validate(&t.token).unwrap_err().kind(),
            t.defect.expected_reason()
        );
    }
}
