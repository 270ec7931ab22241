//! Published vectors and round trips for every algorithm.
//!
//! - RFC 7515 Appendix A.2 (RS256), A.3 (ES256), A.4 (ES512) and RFC 8037 Appendix A.4 (EdDSA); A.1 (HS256)
//!   is in `tests/core.rs`. Keys and tokens are the RFCs' (line breaks removed). RS256 and Ed25519 are
//!   deterministic, so signing the RFC's signing input with the RFC's private key must reproduce the RFC's
//!   signature byte for byte; ECDSA is randomized, so A.3/A.4 are verified and round-tripped.
//! - A TokenBuilder → Validator round trip for every algorithm with generated keys, with tampered
//!   signatures and payloads refused.
//! - Cross-family confusion (RFC 8725 §2.1, §3.1): an HS256 token whose HMAC secret is a public key's bytes
//!   (the classic RS256→HS256 attack) is refused by a validator holding that public key, and every token is
//!   refused by validators for every other key family or curve.

use std::sync::OnceLock;

use kr_jwt_core::base::json::{b64url_decode, b64url_encode};
use kr_jwt_core::{
    Algorithm, ErrorKind, Family, Key, KeyFormat, Signer, TokenBuilder, ValidationParams,
    Validator, VerificationKey,
};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------------
// RFC 7515 Appendix A.2: RS256
// ---------------------------------------------------------------------------------------------------

const A2_N: &str = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
const A2_D: &str = "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ";
const A2_P: &str = "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc";
const A2_Q: &str = "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc";
const A2_DP: &str = "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0";
const A2_DQ: &str = "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU";
const A2_QI: &str = "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U";
const A2_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// ---------------------------------------------------------------------------------------------------
// RFC 7515 Appendix A.3: ES256 (P-256)
// ---------------------------------------------------------------------------------------------------

const A3_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const A3_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
const A3_D: &str = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
const A3_TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

// ---------------------------------------------------------------------------------------------------
// RFC 7515 Appendix A.4: ES512 (P-521). Its payload is the text "Payload", not a JWT claims set.
// ---------------------------------------------------------------------------------------------------

const A4_X: &str =
    "AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk";
const A4_Y: &str =
    "ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2";
const A4_D: &str =
    "AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C";
const A4_TOKEN: &str = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

// ---------------------------------------------------------------------------------------------------
// RFC 8037 Appendix A.1 key and A.4 signature: EdDSA (Ed25519). Payload "Example of Ed25519 signing".
// ---------------------------------------------------------------------------------------------------

const ED_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const ED_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const ED_TOKEN: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

/// The RFC 7515 tokens' `exp` is 1300819380; validate ten seconds before.
const RFC_NOW: i64 = 1_300_819_370;

fn jwk(value: Value) -> Key {
    Key::import(KeyFormat::Jwk, value.to_string().as_bytes()).expect("RFC key imports")
}

fn a2_key(private: bool) -> Key {
    let mut v = json!({"kty": "RSA", "n": A2_N, "e": "AQAB"});
    if private {
        for (name, value) in [
            ("d", A2_D),
            ("p", A2_P),
            ("q", A2_Q),
            ("dp", A2_DP),
            ("dq", A2_DQ),
            ("qi", A2_QI),
        ] {
            v[name] = value.into();
        }
    }
    jwk(v)
}

fn ec_key(crv: &str, x: &str, y: &str, d: Option<&str>) -> Key {
    let mut v = json!({"kty": "EC", "crv": crv, "x": x, "y": y});
    if let Some(d) = d {
        v["d"] = d.into();
    }
    jwk(v)
}

fn ed_key(private: bool) -> Key {
    let mut v = json!({"kty": "OKP", "crv": "Ed25519", "x": ED_X});
    if private {
        v["d"] = ED_D.into();
    }
    jwk(v)
}

/// The validator the brief prescribes for the RFC 7515 tokens: issuer "joe", everything else default.
///
/// The RFC tokens carry no `kid`; the key keeps the thumbprint kid it gets at import.
fn joe_validator(key: &Key) -> Validator {
    Validator::new(
        ValidationParams {
            valid_issuers: vec!["joe".into()],
            // The RFC 7515 tokens carry no audience.
            validate_audience: false,
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(key)],
    )
    .unwrap()
}

fn split(token: &str) -> (&str, Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').unwrap();
    (input, b64url_decode(sig).unwrap())
}

/// The token with its payload segment replaced (signature kept).
fn with_payload(token: &str, payload: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    format!(
        "{}.{}.{}",
        parts[0],
        b64url_encode(payload.as_bytes()),
        parts[2]
    )
}

/// The token with one bit of its signature flipped (still canonical base64url).
fn with_flipped_signature(token: &str) -> String {
    let (input, mut sig) = split(token);
    sig[0] ^= 0x01;
    format!("{input}.{}", b64url_encode(&sig))
}

fn check_rfc7515_claims_token(token: &str, public: &Key) {
    let v = joe_validator(public);
    let claims = v
        .validate_at(token, RFC_NOW)
        .expect("the RFC token validates");
    assert_eq!(claims["iss"], "joe");
    assert_eq!(claims["exp"], 1_300_819_380);
    assert_eq!(claims["http://example.com/is_root"], true);
    assert_eq!(
        v.validate_at(token, 1_300_819_380 + 61).unwrap_err().kind(),
        ErrorKind::TokenExpired
    );
    let forged = with_payload(
        token,
        r#"{"iss":"joe","exp":1300819380,"http://example.com/is_root":false}"#,
    );
    assert_eq!(
        v.validate_at(&forged, RFC_NOW).unwrap_err().kind(),
        ErrorKind::InvalidSignature
    );
    assert_eq!(
        v.validate_at(&with_flipped_signature(token), RFC_NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSignature
    );
    let other_issuer = Validator::new(
        ValidationParams {
            valid_issuers: vec!["jim".into()],
            validate_audience: false,
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(public)],
    )
    .unwrap();
    assert_eq!(
        other_issuer.validate_at(token, RFC_NOW).unwrap_err().kind(),
        ErrorKind::InvalidIssuer
    );
}

/// Builds and validates a fresh token with an RFC private key (the builder's header carries the key's
/// thumbprint kid, which the imported public key shares).
fn builder_round_trip(private: &Key, public: &Key, alg: Algorithm) {
    let mut b = TokenBuilder::new();
    b.set_issuer("joe").unwrap();
    b.add_audience("api://vectors").unwrap();
    b.add_claim("http://example.com/is_root", json!(true))
        .unwrap();
    b.protect(private, Some(alg), None).unwrap();
    let built = b.build().unwrap();
    assert_eq!(built.algorithm(), alg.name());
    let v = Validator::new(
        ValidationParams {
            valid_issuers: vec!["joe".into()],
            valid_audiences: vec!["api://vectors".into()],
            valid_algorithms: vec![alg.name().into()],
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(public)],
    )
    .unwrap();
    let claims = v
        .validate(built.token())
        .expect("round trip with the RFC key");
    assert_eq!(claims["http://example.com/is_root"], true);
}

#[test]
fn rfc7515_a2_rs256() {
    let public = a2_key(false);
    let private = a2_key(true);
    assert_eq!(public.bits(), 2048);
    assert_eq!(
        kr_jwt_core::key::thumbprint(&public),
        kr_jwt_core::key::thumbprint(&private)
    );
    check_rfc7515_claims_token(A2_TOKEN, &public);

    // RSASSA-PKCS1-v1_5 is deterministic: our signature over the RFC signing input is the RFC's, exactly.
    let (input, rfc_sig) = split(A2_TOKEN);
    assert_eq!(rfc_sig.len(), 256);
    let ours = Signer::new(&private, Algorithm::RS256, None)
        .unwrap()
        .sign(input.as_bytes())
        .unwrap();
    assert_eq!(ours, rfc_sig, "RS256 signature differs from RFC 7515 A.2");
    assert!(VerificationKey::from_key(&public).verify(
        Algorithm::RS256,
        input.as_bytes(),
        &rfc_sig
    ));
    // The same key and bytes are not a valid PS256 or RS384 signature.
    assert!(!VerificationKey::from_key(&public).verify(
        Algorithm::PS256,
        input.as_bytes(),
        &rfc_sig
    ));
    assert!(!VerificationKey::from_key(&public).verify(
        Algorithm::RS384,
        input.as_bytes(),
        &rfc_sig
    ));
    builder_round_trip(&private, &public, Algorithm::RS256);
    println!("RFC 7515 A.2 RS256: verified, signature reproduced byte for byte, round trip ok");
}

#[test]
fn rfc7515_a3_es256() {
    let public = ec_key("P-256", A3_X, A3_Y, None);
    let private = ec_key("P-256", A3_X, A3_Y, Some(A3_D));
    check_rfc7515_claims_token(A3_TOKEN, &public);
    let (input, rfc_sig) = split(A3_TOKEN);
    assert_eq!(
        rfc_sig.len(),
        64,
        "JWS ECDSA signatures are r||s, 2 × 32 bytes"
    );
    // ECDSA is randomized: sign the RFC signing input again and verify with the public key.
    let signer = Signer::new(&private, Algorithm::ES256, None).unwrap();
    let ours = signer.sign(input.as_bytes()).unwrap();
    assert_eq!(ours.len(), 64);
    let vk = VerificationKey::from_key(&public);
    assert!(vk.verify(Algorithm::ES256, input.as_bytes(), &ours));
    assert!(vk.verify(Algorithm::ES256, input.as_bytes(), &rfc_sig));
    assert!(!vk.verify(Algorithm::ES256, b"other input", &ours));
    builder_round_trip(&private, &public, Algorithm::ES256);
    println!("RFC 7515 A.3 ES256: verified, re-signed and verified, round trip ok");
}

/// A JWS whose payload is not a JSON object: the primitive verifies it, and the validator gets past the
/// signature and refuses it only because it is not a JWT (KrJwt validates JWTs, RFC 7519 §7.2 step 10).
fn check_non_jwt_vector(token: &str, public: &Key, alg: Algorithm, payload: &str) {
    let (input, sig) = split(token);
    assert_eq!(
        b64url_decode(token.split('.').nth(1).unwrap()).unwrap(),
        payload.as_bytes()
    );
    let vk = VerificationKey::from_key(public);
    assert!(
        vk.verify(alg, input.as_bytes(), &sig),
        "{} vector verifies",
        alg.name()
    );
    let v = Validator::new(
        ValidationParams {
            require_expiration_time: false,
            // Not a JWT: the payload has no claims to check.
            validate_issuer: false,
            validate_audience: false,
            ..ValidationParams::default()
        },
        vec![vk],
    )
    .unwrap();
    let err = v.validate_at(token, RFC_NOW).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedToken, "{err}");
    assert!(err.message().starts_with("the payload is not"), "{err}");
    // The signature is checked before the payload: a bad signature fails as a signature.
    assert_eq!(
        v.validate_at(&with_flipped_signature(token), RFC_NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSignature
    );
}

#[test]
fn rfc7515_a4_es512() {
    let public = ec_key("P-521", A4_X, A4_Y, None);
    let private = ec_key("P-521", A4_X, A4_Y, Some(A4_D));
    assert_eq!(public.bits(), 521);
    check_non_jwt_vector(A4_TOKEN, &public, Algorithm::ES512, "Payload");
    let (input, rfc_sig) = split(A4_TOKEN);
    assert_eq!(rfc_sig.len(), 132, "P-521 r||s is 2 × 66 bytes");
    let ours = Signer::new(&private, Algorithm::ES512, None)
        .unwrap()
        .sign(input.as_bytes())
        .unwrap();
    assert_eq!(ours.len(), 132);
    assert!(VerificationKey::from_key(&public).verify(Algorithm::ES512, input.as_bytes(), &ours));
    builder_round_trip(&private, &public, Algorithm::ES512);
    println!(
        "RFC 7515 A.4 ES512: verified (payload is not a JWT), re-signed and verified, round trip ok"
    );
}

#[test]
fn rfc8037_a4_eddsa() {
    let public = ed_key(false);
    let private = ed_key(true);
    check_non_jwt_vector(
        ED_TOKEN,
        &public,
        Algorithm::EdDSA,
        "Example of Ed25519 signing",
    );
    // Ed25519 is deterministic.
    let (input, rfc_sig) = split(ED_TOKEN);
    let ours = Signer::new(&private, Algorithm::EdDSA, None)
        .unwrap()
        .sign(input.as_bytes())
        .unwrap();
    assert_eq!(ours, rfc_sig, "Ed25519 signature differs from RFC 8037 A.4");
    builder_round_trip(&private, &public, Algorithm::EdDSA);
    println!("RFC 8037 A.4 EdDSA: verified, signature reproduced byte for byte, round trip ok");
}

/// Regression: a token without a `kid` (RFC 7515 A.2/A.3, every PyJWT token by default) must verify with
/// the right key as imported, although import gives every asymmetric key its thumbprint as kid.
#[test]
fn kidless_token_verifies_with_key_imported_without_kid() {
    for (token, key) in [
        (A2_TOKEN, a2_key(false)),
        (A3_TOKEN, ec_key("P-256", A3_X, A3_Y, None)),
    ] {
        let v = Validator::new(
            ValidationParams {
                valid_issuers: vec!["joe".into()],
                validate_audience: false,
                ..ValidationParams::default()
            },
            vec![VerificationKey::from_key(&key)],
        )
        .unwrap();
        if let Err(e) = v.validate_at(token, RFC_NOW) {
            panic!("{:?}: {e}", e.kind());
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Every algorithm, generated keys
// ---------------------------------------------------------------------------------------------------

struct Keys {
    /// (algorithm, signing key, public key as a validator would import it).
    by_alg: Vec<(Algorithm, Key, Key)>,
}

fn public_of(key: &Key) -> Key {
    if key.family() == Family::Hmac {
        return key.clone();
    }
    let pem = kr_jwt_core::key::to_pem(key, false).unwrap();
    let public = Key::import(KeyFormat::Pem, pem.as_bytes()).unwrap();
    assert!(!public.has_private());
    public
}

/// One key per algorithm; one RSA key (slow to generate) shared by RS* and PS*.
fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        let rsa = kr_jwt_core::key::generate("RSA", 2048).unwrap();
        let by_alg = Algorithm::ALL
            .into_iter()
            .map(|alg| {
                let key = match alg.family() {
                    Family::Rsa => rsa.clone(),
                    _ => kr_jwt_core::key::generate_for(alg).unwrap(),
                };
                assert_eq!(key.family(), alg.family(), "{}", alg.name());
                let public = public_of(&key);
                (alg, key, public)
            })
            .collect();
        Keys { by_alg }
    })
}

/// The issuer and audience [`build`] gives its tokens.
fn vector_params() -> ValidationParams {
    ValidationParams {
        valid_issuers: vec!["https://issuer.example".into()],
        valid_audiences: vec!["api://vectors".into()],
        ..ValidationParams::default()
    }
}

fn build(key: &Key, alg: Algorithm) -> String {
    let mut b = TokenBuilder::new();
    b.set_issuer("https://issuer.example").unwrap();
    b.add_audience("api://vectors").unwrap();
    b.set_subject("alice").unwrap();
    b.add_claim("alg_under_test", json!(alg.name())).unwrap();
    b.protect(key, Some(alg), None).unwrap();
    b.build().unwrap().token().to_owned()
}

fn strict_validator(alg: Algorithm, key: &Key) -> Validator {
    Validator::new(
        ValidationParams {
            valid_issuers: vec!["https://issuer.example".into()],
            valid_audiences: vec!["api://vectors".into()],
            valid_algorithms: vec![alg.name().into()],
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(key)],
    )
    .unwrap()
}

#[test]
fn every_algorithm_round_trips_and_tampering_fails() {
    let mut done = Vec::new();
    for (alg, key, public) in &keys().by_alg {
        let token = build(key, *alg);
        let header: Value =
            serde_json::from_slice(&b64url_decode(token.split('.').next().unwrap()).unwrap())
                .unwrap();
        assert_eq!(header["alg"], alg.name());
        let v = strict_validator(*alg, public);
        let claims = v
            .validate(&token)
            .unwrap_or_else(|e| panic!("{}: {e}", alg.name()));
        assert_eq!(claims["sub"], "alice");
        assert_eq!(claims["alg_under_test"], alg.name());

        assert_eq!(
            v.validate(&with_flipped_signature(&token))
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidSignature,
            "{}: flipped signature bit",
            alg.name()
        );
        let exp = kr_jwt_core::base::time::unix_now() + 600;
        let forged = with_payload(
            &token,
            &format!(
                r#"{{"iss":"https://issuer.example","aud":"api://vectors","sub":"mallory","exp":{exp}}}"#
            ),
        );
        assert_eq!(
            v.validate(&forged).unwrap_err().kind(),
            ErrorKind::InvalidSignature,
            "{}: changed payload",
            alg.name()
        );
        // The signature truncated by one byte, and an empty one, are refused.
        let (input, sig) = split(&token);
        let short = format!("{input}.{}", b64url_encode(&sig[..sig.len() - 1]));
        assert_eq!(
            v.validate(&short).unwrap_err().kind(),
            ErrorKind::InvalidSignature
        );
        assert_eq!(
            v.validate(&format!("{input}.")).unwrap_err().kind(),
            ErrorKind::MalformedToken
        );
        done.push(alg.name());
    }
    println!(
        "round trip + tampering: {} algorithms: {}",
        done.len(),
        done.join(", ")
    );
    assert_eq!(done.len(), Algorithm::ALL.len());
}

#[test]
fn cross_family_and_cross_curve_tokens_are_refused() {
    let keys = &keys().by_alg;
    let mut checked = 0;
    for (token_alg, key, _) in keys {
        let token = build(key, *token_alg);
        for (_, _, other) in keys
            .iter()
            .filter(|(a, _, _)| a.family() != token_alg.family())
        {
            // A validator with no algorithm list: the keys decide, and this token's algorithm is not theirs.
            let v =
                Validator::new(vector_params(), vec![VerificationKey::from_key(other)]).unwrap();
            let err = v.validate(&token).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::AlgorithmNotAllowed,
                "{} token against a {:?} key: {err}",
                token_alg.name(),
                other.family()
            );
            checked += 1;
        }
    }
    println!("cross-family/curve: {checked} token/key pairs refused");
    assert!(checked > 100);
}

#[test]
fn hmac_secret_from_public_key_bytes_is_refused() {
    // The classic confusion attack: the attacker knows the public key, uses its bytes (SPKI DER, or the PEM
    // text) as an HMAC secret, and sets alg HS256. A validator holding that public key must refuse it.
    let mut attacks = 0;
    let targets = keys().by_alg.iter().filter(|(alg, _, _)| {
        matches!(
            alg,
            Algorithm::RS256 | Algorithm::ES256 | Algorithm::ES256K | Algorithm::EdDSA
        )
    });
    for (alg, key, public) in targets {
        let der = kr_jwt_core::key::spki_der(public).unwrap();
        let pem = kr_jwt_core::key::to_pem(public, false).unwrap();
        for secret in [der.clone(), pem.into_bytes()] {
            assert!(secret.len() >= 32, "long enough to pass HS256's minimum");
            let forged = build(&Key::secret(&secret).unwrap(), Algorithm::HS256);

            let by_keys =
                Validator::new(vector_params(), vec![VerificationKey::from_key(public)]).unwrap();
            assert_eq!(
                by_keys.validate(&forged).unwrap_err().kind(),
                ErrorKind::AlgorithmNotAllowed,
                "{}: HS256 with the public key as secret",
                alg.name()
            );
            // Asking for HS256 explicitly with only the public key is refused when the validator is made.
            assert_eq!(
                Validator::new(
                    ValidationParams {
                        valid_algorithms: vec!["HS256".into(), alg.name().into()],
                        ..vector_params()
                    },
                    vec![VerificationKey::from_key(public)],
                )
                .err()
                .unwrap()
                .kind(),
                ErrorKind::AlgorithmKeyMismatch
            );
            // Next to a real (different) HMAC secret, the public key is still never used as one.
            let mixed = Validator::new(
                vector_params(),
                vec![
                    VerificationKey::from_key(public),
                    VerificationKey::from_key(&Key::secret(&[0x33; 32]).unwrap()),
                ],
            )
            .unwrap();
            assert_eq!(
                mixed.validate(&forged).unwrap_err().kind(),
                ErrorKind::InvalidSignature
            );
            // The primitive agrees: the public key does not verify an HMAC.
            let (input, sig) = split(&forged);
            assert!(!VerificationKey::from_key(public).verify(
                Algorithm::HS256,
                input.as_bytes(),
                &sig
            ));
            attacks += 1;
        }
        // And the genuine token of that key still passes the same validator.
        let genuine = build(key, *alg);
        assert!(
            Validator::new(vector_params(), vec![VerificationKey::from_key(public)])
                .unwrap()
                .validate(&genuine)
                .is_ok()
        );
    }
    println!("alg confusion: {attacks} forged HS256 tokens refused");
    assert_eq!(attacks, 8);
}
