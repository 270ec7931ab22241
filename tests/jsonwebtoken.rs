//! Cross-check against jsonwebtoken 11 (on aws-lc-rs, but its own JWS and claim code): for every
//! algorithm it supports (HS256/384/512, RS256/384/512, PS256/384/512, ES256, ES384, EdDSA; it has no
//! ES512 and no ES256K), in both directions:
//! (a) KrJwt builds the token; jsonwebtoken decodes it with the exported public PEM (or the secret),
//!     checking issuer, audience, `exp`/`nbf` and the claims, and refuses a copy with a flipped signature;
//! (b) jsonwebtoken encodes a token with the exported private PEM (or the secret); KrJwt validates it,
//!     and refuses it with another key.

use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use kr_jwt_core::key::{generate_for, to_jwk, to_pem};
use kr_jwt_core::{
    Algorithm, ErrorKind, Family, Key, TokenBuilder, ValidationParams, Validator, VerificationKey,
};
use serde_json::{Map, Value, json};

const ISSUER: &str = "https://issuer.example.com";
const AUDIENCE: &str = "api://orders";

/// Every algorithm both libraries implement, with jsonwebtoken's name for it.
const PAIRS: [(Algorithm, jsonwebtoken::Algorithm); 12] = {
    use jsonwebtoken::Algorithm as J;
    [
        (Algorithm::HS256, J::HS256),
        (Algorithm::HS384, J::HS384),
        (Algorithm::HS512, J::HS512),
        (Algorithm::RS256, J::RS256),
        (Algorithm::RS384, J::RS384),
        (Algorithm::RS512, J::RS512),
        (Algorithm::PS256, J::PS256),
        (Algorithm::PS384, J::PS384),
        (Algorithm::PS512, J::PS512),
        (Algorithm::ES256, J::ES256),
        (Algorithm::ES384, J::ES384),
        (Algorithm::EdDSA, J::EdDSA),
    ]
};

fn secret_of(key: &Key) -> Vec<u8> {
    let jwk = to_jwk(key, true).expect("secret JWK");
    kr_jwt_core::base::json::b64url_decode(jwk["k"].as_str().expect("k")).expect("base64url")
}

/// jsonwebtoken's keys for a KrJwt key, through the exported PEM (the secret for HMAC).
fn their_keys(key: &Key, alg: Algorithm) -> (EncodingKey, DecodingKey) {
    if key.family() == Family::Hmac {
        let secret = secret_of(key);
        return (
            EncodingKey::from_secret(&secret),
            DecodingKey::from_secret(&secret),
        );
    }
    let private = to_pem(key, true).expect("private PEM");
    let public = to_pem(key, false).expect("public PEM");
    let (p, q) = (private.as_bytes(), public.as_bytes());
    match alg.family() {
        Family::Rsa => (
            EncodingKey::from_rsa_pem(p).expect("rsa"),
            DecodingKey::from_rsa_pem(q).expect("rsa"),
        ),
        Family::Ed25519 => (
            EncodingKey::from_ed_pem(p).expect("ed"),
            DecodingKey::from_ed_pem(q).expect("ed"),
        ),
        _ => (
            EncodingKey::from_ec_pem(p).expect("ec"),
            DecodingKey::from_ec_pem(q).expect("ec"),
        ),
    }
}

fn validator(key: &Key, alg: Algorithm) -> Validator {
    Validator::new(
        ValidationParams {
            valid_issuers: vec![ISSUER.into()],
            valid_audiences: vec![AUDIENCE.into()],
            valid_algorithms: vec![alg.name().into()],
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(key)],
    )
    .expect("validator")
}

fn their_validation(alg: jsonwebtoken::Algorithm) -> Validation {
    let mut v = Validation::new(alg);
    v.set_issuer(&[ISSUER]);
    v.set_audience(&[AUDIENCE]);
    v.validate_nbf = true;
    v.leeway = 60;
    v
}

fn flip_signature(token: &str) -> String {
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut chars: Vec<char> = sig.chars().collect();
    // The first character carries six whole signature bits (the last may be padding bits only).
    chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
    format!("{input}.{}", chars.into_iter().collect::<String>())
}

#[test]
fn jsonwebtoken_accepts_kr_jwt_tokens() {
    for (alg, jalg) in PAIRS {
        let key = generate_for(alg).unwrap();
        let mut b = TokenBuilder::new();
        b.set_issuer(ISSUER).unwrap();
        b.add_audience(AUDIENCE).unwrap();
        b.set_subject("user-4711").unwrap();
        b.add_claim("tenant", json!("contoso")).unwrap();
        b.protect(&key, Some(alg), None).unwrap();
        let token = b.build().unwrap().token().to_owned();
        let (_, decoding) = their_keys(&key, alg);
        let decoded =
            jsonwebtoken::decode::<Map<String, Value>>(&token, &decoding, &their_validation(jalg))
                .unwrap_or_else(|e| {
                    panic!("{}: jsonwebtoken refused KrJwt's token: {e}", alg.name())
                });
        assert_eq!(decoded.header.alg, jalg, "{}", alg.name());
        assert_eq!(decoded.claims["sub"], "user-4711", "{}", alg.name());
        assert_eq!(decoded.claims["tenant"], "contoso", "{}", alg.name());
        assert!(
            jsonwebtoken::decode::<Map<String, Value>>(
                &flip_signature(&token),
                &decoding,
                &their_validation(jalg)
            )
            .is_err(),
            "{}: a flipped signature must fail",
            alg.name()
        );
    }
}

#[test]
fn kr_jwt_accepts_jsonwebtoken_tokens() {
    for (alg, jalg) in PAIRS {
        let key = generate_for(alg).unwrap();
        let (encoding, _) = their_keys(&key, alg);
        let now = kr_jwt_core::base::time::unix_now();
        let claims = json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": "user-4711", "tenant": "contoso",
            "iat": now, "nbf": now, "exp": now + 600,
        });
        let mut header = Header::new(jalg);
        // A kid-bearing key only verifies tokens naming that kid; KrJwt gives asymmetric keys their
        // thumbprint as kid.
        header.kid = key.kid().map(str::to_owned);
        let token = jsonwebtoken::encode(&header, &claims, &encoding).expect("encode");
        let validated = validator(&key, alg)
            .validate(&token)
            .unwrap_or_else(|e| panic!("{}: KrJwt refused jsonwebtoken's token: {e}", alg.name()));
        assert_eq!(validated["tenant"], "contoso", "{}", alg.name());
        let other = generate_for(alg)
            .unwrap()
            .with_kid(key.kid().map(str::to_owned))
            .unwrap();
        assert_eq!(
            validator(&other, alg).validate(&token).unwrap_err().kind(),
            ErrorKind::InvalidSignature,
            "{}: another key must not verify",
            alg.name()
        );
    }
}
