//! Nested JWTs: sign, then encrypt (RFC 7519 §5.2, cty JWT); validators decrypt, then validate the inner
//! token with every usual rule.

use kr_jwt_core::jwe::{ContentEncryption, KeyManagement};
use kr_jwt_core::{Algorithm, ErrorKind, Key, TokenBuilder};

fn builder() -> TokenBuilder {
    let mut b = TokenBuilder::new();
    b.set_issuer("iss").unwrap();
    b.add_audience("aud").unwrap();
    b.set_subject("alice").unwrap();
    b.protect(
        &Key::secret(&[9; 32]).unwrap(),
        Some(Algorithm::HS256),
        None,
    )
    .unwrap();
    b
}

#[test]
fn every_key_family_round_trips_through_a_validator() {
    let rsa = kr_jwt_core::key::generate("RSA", 2048).unwrap();
    let ec = kr_jwt_core::key::generate("EC", 384).unwrap();
    let secret = Key::secret(&[5; 32]).unwrap();
    let kek = Key::secret(&[6; 16]).unwrap();
    type Case<'a> = (
        &'a Key,
        Option<KeyManagement>,
        Option<ContentEncryption>,
        &'a str,
        &'a str,
    );
    let cases: [Case; 5] = [
        (&secret, None, None, "dir", "A256GCM"),
        (
            &kek,
            Some(KeyManagement::A128KW),
            Some(ContentEncryption::A128CbcHs256),
            "A128KW",
            "A128CBC-HS256",
        ),
        (&rsa, None, None, "RSA-OAEP", "A256GCM"),
        (
            &rsa,
            Some(KeyManagement::RsaOaep256),
            Some(ContentEncryption::A256CbcHs512),
            "RSA-OAEP-256",
            "A256CBC-HS512",
        ),
        (
            &ec,
            Some(KeyManagement::EcdhEsA256KW),
            None,
            "ECDH-ES+A256KW",
            "A256GCM",
        ),
    ];
    for (key, alg, enc, alg_name, enc_name) in cases {
        let mut b = builder();
        b.protect_payload(key, alg, enc).unwrap();
        let r = b.build().unwrap();
        assert!(r.is_encrypted());
        assert_eq!(r.token().split('.').count(), 5);
        let info = kr_jwt_core::jwt::inspect::inspect(r.token()).unwrap();
        assert_eq!(info["header"]["alg"], alg_name);
        assert_eq!(info["header"]["enc"], enc_name);
        assert_eq!(info["header"]["cty"], "JWT");
        assert!(info["payload"].is_null(), "the claims are hidden");
        assert_eq!(
            r.kid(),
            None,
            "the inner header has no kid; the outer one carries the key's"
        );
        let v = r.validator(60.0).unwrap();
        let claims = v.validate(r.token()).unwrap();
        assert_eq!(claims["sub"], "alice", "{alg_name}");
        // Without the decryption key, the same checks refuse it clearly.
        let plain = builder().build().unwrap().validator(60.0).unwrap();
        let e = plain.validate(r.token()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedToken);
        assert!(e.message().contains("no decryption key"), "{e}");
    }
}

#[test]
fn tampered_or_wrongly_keyed_nested_tokens_fail() {
    let mut b = builder();
    b.protect_payload(&Key::secret(&[5; 32]).unwrap(), None, None)
        .unwrap();
    let r = b.build().unwrap();
    let v = r.validator(60.0).unwrap();
    let parts: Vec<&str> = r.token().split('.').collect();
    for i in [0usize, 2, 3, 4] {
        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        let c = if p[i].starts_with('A') { "B" } else { "A" };
        p[i].replace_range(0..1, c);
        assert!(v.validate(&p.join(".")).is_err(), "segment {i}");
    }
    let other = builder().build().unwrap().validator(60.0).unwrap();
    let wrong = other
        .with_decryption_keys(&[Key::secret(&[4; 32]).unwrap()])
        .unwrap();
    assert_eq!(
        wrong.validate(r.token()).unwrap_err().kind(),
        ErrorKind::InvalidSignature
    );
    // The inner signature still counts: the right decryption key with another signing key fails.
    let mut forger = builder();
    forger
        .protect(
            &Key::secret(&[1; 32]).unwrap(),
            Some(Algorithm::HS256),
            None,
        )
        .unwrap();
    forger
        .protect_payload(&Key::secret(&[5; 32]).unwrap(), None, None)
        .unwrap();
    assert_eq!(
        v.validate(forger.build().unwrap().token())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSignature
    );
}

#[test]
fn a_jwe_must_hold_a_signed_jwt() {
    let key = Key::secret(&[5; 32]).unwrap();
    let enc = kr_jwt_core::jwe::Encrypter::new(&key, None, None).unwrap();
    let v = builder()
        .build()
        .unwrap()
        .validator(60.0)
        .unwrap()
        .with_decryption_keys(&[key])
        .unwrap();
    let mut cty = serde_json::Map::new();
    cty.insert("cty".into(), "JWT".into());
    let not_jws = enc.encrypt(b"just text", &cty).unwrap();
    assert_eq!(
        v.validate(&not_jws).unwrap_err().kind(),
        ErrorKind::MalformedToken
    );
    let nested_twice = enc.encrypt(not_jws.as_bytes(), &cty).unwrap();
    assert_eq!(
        v.validate(&nested_twice).unwrap_err().kind(),
        ErrorKind::MalformedToken
    );
    let mut other = serde_json::Map::new();
    other.insert("cty".into(), "text/plain".into());
    let jws = builder().build().unwrap();
    let wrong_cty = enc.encrypt(jws.token().as_bytes(), &other).unwrap();
    assert_eq!(
        v.validate(&wrong_cty).unwrap_err().kind(),
        ErrorKind::MalformedToken
    );
}

/// RFC 7515 §4.1.10: `cty` is a media type, case-insensitive, and `application/` may be left out.
#[test]
fn cty_jwt_is_accepted_in_every_spelling_of_the_media_type() {
    let key = Key::secret(&[5; 32]).unwrap();
    let enc = kr_jwt_core::jwe::Encrypter::new(&key, None, None).unwrap();
    let v = builder()
        .build()
        .unwrap()
        .validator(60.0)
        .unwrap()
        .with_decryption_keys(&[key])
        .unwrap();
    let jws = builder().build().unwrap();
    let nested = |cty: serde_json::Value| {
        let mut header = serde_json::Map::new();
        header.insert("cty".into(), cty);
        enc.encrypt(jws.token().as_bytes(), &header).unwrap()
    };
    for cty in [
        "JWT",
        "jwt",
        "Jwt",
        "application/JWT",
        "application/jwt",
        "Application/jwt",
        "APPLICATION/JWT",
    ] {
        let claims = v
            .validate(&nested(cty.into()))
            .unwrap_or_else(|e| panic!("cty {cty:?} refused: {}", e.message()));
        assert_eq!(claims["sub"], "alice", "{cty}");
    }
    for cty in [
        "text/plain",
        "application/jose",
        "JWE",
        "JWT2",
        "application/",
        "application/application/JWT",
        "app/JWT",
        " JWT",
    ] {
        let e = v.validate(&nested(cty.into())).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MalformedToken, "{cty}");
        assert!(
            e.message().contains("content type"),
            "{cty}: {}",
            e.message()
        );
    }
    assert_eq!(
        v.validate(&nested(serde_json::json!(["JWT"])))
            .unwrap_err()
            .kind(),
        ErrorKind::MalformedToken
    );
}

#[test]
fn renewal_decrypts_validates_and_encrypts_again() {
    let mut b = builder();
    b.protect_payload(&Key::secret(&[5; 32]).unwrap(), None, None)
        .unwrap();
    let first = b.build().unwrap();
    let v = first.validator(60.0).unwrap();
    let renewed = b.renew(&v, first.token(), None, 0.0).unwrap();
    assert!(renewed.is_encrypted());
    assert_ne!(renewed.token(), first.token());
    assert_eq!(v.validate(renewed.token()).unwrap()["sub"], "alice");
}

#[test]
fn bad_encryption_settings_are_refused_at_protect_time() {
    let mut b = builder();
    let rsa = kr_jwt_core::key::generate("RSA", 2048).unwrap();
    let ed = kr_jwt_core::key::generate("Ed25519", 0).unwrap();
    let short = Key::secret(&[1; 10]).unwrap();
    assert!(
        b.protect_payload(&rsa, Some(KeyManagement::A128KW), None)
            .is_err()
    );
    assert!(b.protect_payload(&ed, None, None).is_err());
    assert!(b.protect_payload(&short, None, None).is_err());
    assert!(
        KeyManagement::parse("RSA1_5")
            .unwrap_err()
            .message()
            .contains("8725")
    );
    assert_eq!(
        KeyManagement::parse("ECDH-ESA128KW").unwrap(),
        KeyManagement::EcdhEsA128KW
    );
}
