//! Key import refuses bad input with clear errors and never panics (issue: garbage PEM, several PEM
//! blocks, encrypted PEM, JWKs with missing members, EC points off the curve, hostile kids).

use kr_jwt_core::{Algorithm, ErrorKind, Key, KeyFormat, TokenBuilder};
use serde_json::json;

fn import_err(format: KeyFormat, data: &str) -> kr_jwt_core::Error {
    Key::import(format, data.as_bytes()).expect_err(data)
}

#[test]
fn garbage_and_ambiguous_pem_is_refused() {
    let ec = kr_jwt_core::key::generate("EC", 256).unwrap();
    let pem = kr_jwt_core::key::to_pem(&ec, true).unwrap();
    let cases = [
        ("no PEM at all".to_string(), "no PEM block"),
        (
            "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n".to_string(),
            "malformed",
        ),
        (format!("{pem}{pem}"), "2 blocks"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n"
                .to_string(),
            "encrypted",
        ),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nMAA=\n-----END OPENSSH PRIVATE KEY-----\n"
                .to_string(),
            "unsupported PEM label",
        ),
        (
            pem.replace("PRIVATE KEY-----\nM", "PRIVATE KEY-----\nN"),
            "invalid PKCS#8",
        ),
    ];
    for (text, expected) in cases {
        let e = import_err(KeyFormat::Pem, &text);
        assert_eq!(e.kind(), ErrorKind::InvalidKey, "{text}");
        assert!(
            e.message().contains(expected),
            "{expected:?} not in {:?}",
            e.message()
        );
    }
    assert_eq!(
        Key::import(KeyFormat::Der, &[0x30, 0x03, 0x02, 0x01])
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        Key::import(KeyFormat::Der, &[]).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
}

#[test]
fn jwks_with_missing_or_wrong_members_are_refused() {
    let cases = [
        json!({}),
        json!({"kty": 1}),
        json!({"kty": "XYZ"}),
        json!({"kty": "oct"}),
        json!({"kty": "oct", "k": ""}),
        json!({"kty": "oct", "k": "a+b/"}),
        json!({"kty": "RSA", "e": "AQAB"}),
        json!({"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "AQAB"}),
        json!({"kty": "EC", "x": "AA", "y": "AA"}),
        json!({"kty": "EC", "crv": "P-999", "x": "AA", "y": "AA"}),
        json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}),
        json!({"kty": "OKP", "crv": "X25519", "x": "AA"}),
        json!({"kty": "OKP", "crv": "Ed25519", "x": "AA"}),
        json!({"kty": "oct", "k": "AAAA", "key_ops": "sign"}),
        json!({"kty": "oct", "k": "AAAA", "alg": "RS256"}),
        json!({"kty": "oct", "k": "AAAA", "alg": "none"}),
        json!({"keys": []}),
        json!([1, 2]),
    ];
    for jwk in cases {
        let e = import_err(KeyFormat::Jwk, &jwk.to_string());
        assert!(
            matches!(
                e.kind(),
                ErrorKind::InvalidKey
                    | ErrorKind::AlgorithmKeyMismatch
                    | ErrorKind::UnknownAlgorithm
            ),
            "{jwk}: {e:?}"
        );
    }
    assert_eq!(
        import_err(KeyFormat::Jwk, r#"{"kty":"oct","kty":"oct","k":"AAAA"}"#).kind(),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        import_err(KeyFormat::Jwk, "not json").kind(),
        ErrorKind::InvalidKey
    );
}

#[test]
fn ec_points_off_the_curve_are_refused() {
    let key = kr_jwt_core::key::generate("EC", 256).unwrap();
    let mut jwk = kr_jwt_core::key::to_jwk(&key, false).unwrap();
    // Change one byte of y: the point leaves the curve.
    let y = jwk["y"].as_str().unwrap().to_owned();
    let mut bytes = kr_jwt_core::base::json::b64url_decode(&y).unwrap();
    bytes[31] ^= 1;
    jwk["y"] = kr_jwt_core::base::json::b64url_encode(&bytes).into();
    let e = import_err(KeyFormat::Jwk, &jwk.to_string());
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
    assert!(e.message().contains("not a valid point"), "{e}");
    // The private key with a public point that does not match it.
    let mut private = kr_jwt_core::key::to_jwk(&key, true).unwrap();
    private["y"] = jwk["y"].clone();
    assert_eq!(
        import_err(KeyFormat::Jwk, &private.to_string()).kind(),
        ErrorKind::InvalidKey
    );
}

#[test]
fn hostile_kids_are_refused_or_inert() {
    let key = Key::secret(&[3; 32]).unwrap();
    let mut b = TokenBuilder::new();
    let long = "k".repeat(10 * 1024);
    assert_eq!(
        b.protect(&key, Some(Algorithm::HS256), Some(long.clone()))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.protect(&key, Some(Algorithm::HS256), Some("a\nb".into()))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(
        b.add_header("kid", json!(long)).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    // Path-like kids are labels: accepted, and never read from disk (there is no code path that could).
    b.protect(
        &key,
        Some(Algorithm::HS256),
        Some("../../../etc/passwd".into()),
    )
    .unwrap();
    b.set_issuer("iss").unwrap();
    b.add_audience("aud").unwrap();
    let r = b.build().unwrap();
    assert_eq!(r.kid(), Some("../../../etc/passwd"));
    assert!(r.validator(60.0).unwrap().validate(r.token()).is_ok());
    let jwk = json!({"kty": "oct", "k": "AAAA", "kid": long}).to_string();
    assert_eq!(
        import_err(KeyFormat::Jwk, &jwk).kind(),
        ErrorKind::InvalidArgument
    );
}

#[test]
fn public_keys_cannot_sign_and_small_rsa_is_refused() {
    for (kind, bits, alg) in [
        ("EC", 256, Algorithm::ES256),
        ("Ed25519", 0, Algorithm::EdDSA),
        ("RSA", 2048, Algorithm::RS256),
    ] {
        let key = kr_jwt_core::key::generate(kind, bits).unwrap();
        let public = Key::import(
            KeyFormat::Pem,
            kr_jwt_core::key::to_pem(&key, false).unwrap().as_bytes(),
        )
        .unwrap();
        let e = TokenBuilder::new()
            .protect(&public, Some(alg), None)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey, "{kind}");
        assert!(e.message().contains("cannot sign"), "{e}");
    }
    assert!(kr_jwt_core::key::generate("RSA", 1024).is_err());
}

#[test]
fn algorithm_must_fit_the_key() {
    let ec256 = kr_jwt_core::key::generate("EC", 256).unwrap();
    let rsa = kr_jwt_core::key::generate("RSA", 2048).unwrap();
    let ed = kr_jwt_core::key::generate("Ed25519", 0).unwrap();
    let secret = Key::secret(&[1; 32]).unwrap();
    for (key, alg) in [
        (&ec256, Algorithm::ES384),
        (&ec256, Algorithm::RS256),
        (&rsa, Algorithm::ES256),
        (&rsa, Algorithm::HS256),
        (&ed, Algorithm::ES256),
        (&secret, Algorithm::RS256),
        (&secret, Algorithm::EdDSA),
    ] {
        let e = TokenBuilder::new()
            .protect(key, Some(alg), None)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AlgorithmKeyMismatch, "{alg:?}");
    }
    // Auto picks by key: RS256, ES256 by curve, EdDSA, HS by length.
    for (key, alg) in [
        (&ec256, "ES256"),
        (&rsa, "RS256"),
        (&ed, "EdDSA"),
        (&secret, "HS256"),
    ] {
        let mut b = TokenBuilder::new();
        b.protect(key, None, None).unwrap();
        assert_eq!(b.build().unwrap().algorithm(), alg);
    }
    let p521 = kr_jwt_core::key::generate("EC", 521).unwrap();
    let mut b = TokenBuilder::new();
    b.protect(&p521, None, None).unwrap();
    assert_eq!(b.build().unwrap().algorithm(), "ES512");
}

#[test]
fn jwk_use_key_ops_and_alg_bind_what_a_key_may_do() {
    use kr_jwt_core::jwe::{Encrypter, KeyManagement};
    let import =
        |v: serde_json::Value| Key::import(KeyFormat::Jwk, v.to_string().as_bytes()).unwrap();
    let k = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; // 32 bytes
    let sign = |key: &Key| {
        TokenBuilder::new()
            .protect(key, Some(Algorithm::HS256), None)
            .is_ok()
    };
    let encrypt = |key: &Key, alg: Option<KeyManagement>| Encrypter::new(key, alg, None).is_ok();

    let plain = import(json!({"kty": "oct", "k": k}));
    assert!(sign(&plain) && encrypt(&plain, None));
    let enc_only = import(json!({"kty": "oct", "k": k, "use": "enc"}));
    assert!(!sign(&enc_only) && encrypt(&enc_only, None));
    let sig_only = import(json!({"kty": "oct", "k": k, "key_ops": ["sign", "verify"]}));
    assert!(sign(&sig_only) && !encrypt(&sig_only, None));
    let bound_hs = import(json!({"kty": "oct", "k": k, "alg": "HS256"}));
    assert!(sign(&bound_hs) && !encrypt(&bound_hs, None));
    let bound_kw = import(json!({"kty": "oct", "k": k, "alg": "A256KW"}));
    assert!(!sign(&bound_kw));
    assert!(encrypt(&bound_kw, None) && encrypt(&bound_kw, Some(KeyManagement::A256KW)));
    assert!(!encrypt(&bound_kw, Some(KeyManagement::Dir)));
    // Exported again, the restrictions travel with the key; a plain key claims none.
    assert_eq!(
        kr_jwt_core::key::to_jwk(&bound_kw, true).unwrap()["alg"],
        "A256KW"
    );
    assert!(
        kr_jwt_core::key::to_jwk(&plain, true)
            .unwrap()
            .get("alg")
            .is_none()
    );
    let ec = kr_jwt_core::key::generate("EC", 256).unwrap();
    let published = kr_jwt_core::key::to_jwks(&[ec]).unwrap();
    assert_eq!(published["keys"][0]["use"], "sig");
    assert_eq!(published["keys"][0]["alg"], "ES256");
}
