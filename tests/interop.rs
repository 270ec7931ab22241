//! Interoperability with an independent implementation: Debian's PyJWT (`python3-jwt`) on
//! `python3-cryptography` (OpenSSL), driven through `/usr/bin/python3` (not a `python3` from PATH, which may
//! be a pyenv interpreter without these modules). CI installs them with
//! `apt-get install -y python3-jwt python3-cryptography`; without them the test prints why and passes.
//!
//! For every algorithm PyJWT supports (all of KrJwt's, ES256K included when PyJWT has it):
//! (a) KrJwt generates the key, builds a token; PyJWT verifies it with the exported public PEM (or the
//!     secret), checking issuer, audience, lifetime and claims, and refuses a copy with one signature bit
//!     flipped;
//! (b) PyJWT signs a token with the exported private PEM (or the secret); KrJwt validates it. PyJWT puts no
//!     `kid` in the header by default; a second token carries the key's thumbprint as `kid`.
//!
//! All data goes to Python as JSON on stdin; Python answers with JSON on stdout. One Python process.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use kr_jwt_core::base::json::{b64url_decode, b64url_encode};
use kr_jwt_core::{
    Algorithm, ErrorKind, Family, Key, KeyFormat, TokenBuilder, ValidationParams, Validator,
    VerificationKey,
};
use serde_json::{Value, json};

const PYTHON: &str = "/usr/bin/python3";

const SCRIPT: &str = r#"
import json, sys
import jwt
import cryptography
from jwt.algorithms import get_default_algorithms

inp = json.load(sys.stdin)
now = inp["now"]
out = {
    "pyjwt": jwt.__version__,
    "cryptography": cryptography.__version__,
    "supported": sorted(get_default_algorithms()),
    "results": [],
}
for c in inp["cases"]:
    alg = c["alg"]
    r = {"alg": alg}
    if "secret_hex" in c:
        verify_key = sign_key = bytes.fromhex(c["secret_hex"])
    else:
        verify_key, sign_key = c["public_pem"], c["private_pem"]
    try:
        claims = jwt.decode(c["token"], verify_key, algorithms=[alg], audience="pyjwt", issuer="krjwt")
        header = jwt.get_unverified_header(c["token"])
        r["verified"] = claims.get("sub") == "alice" and claims.get("n") == 42 and header.get("alg") == alg
        r["claims"] = claims
    except Exception as e:
        r["verified"] = False
        r["error"] = "%s: %s" % (type(e).__name__, e)
    try:
        jwt.decode(c["tampered"], verify_key, algorithms=[alg], audience="pyjwt", issuer="krjwt")
        r["tampered_rejected"] = False
    except jwt.InvalidSignatureError:
        r["tampered_rejected"] = True
    except Exception as e:
        r["tampered_rejected"] = False
        r["tampered_error"] = "%s: %s" % (type(e).__name__, e)
    payload = {"iss": "pyjwt", "aud": "krjwt", "sub": "bob", "iat": now, "nbf": now, "exp": now + 600, "n": 7}
    try:
        r["token"] = jwt.encode(payload, sign_key, algorithm=alg)
        if c.get("kid"):
            r["token_kid"] = jwt.encode(payload, sign_key, algorithm=alg, headers={"kid": c["kid"]})
    except Exception as e:
        r["sign_error"] = "%s: %s" % (type(e).__name__, e)
    out["results"].append(r)
json.dump(out, sys.stdout)
"#;

fn python_available() -> Result<(), String> {
    match Command::new(PYTHON)
        .args(["-c", "import jwt, cryptography"])
        .stdin(Stdio::null())
        .output()
    {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(String::from_utf8_lossy(&o.stderr).trim().to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

/// One generated key per algorithm (one RSA key shared by RS* and PS*).
fn keys() -> Vec<(Algorithm, Key)> {
    let rsa = kr_jwt_core::key::generate("RSA", 2048).unwrap();
    Algorithm::ALL
        .into_iter()
        .map(|alg| {
            let key = match alg.family() {
                Family::Rsa => rsa.clone(),
                _ => kr_jwt_core::key::generate_for(alg).unwrap(),
            };
            (alg, key)
        })
        .collect()
}

fn flip_signature_bit(token: &str) -> String {
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut sig = b64url_decode(sig).unwrap();
    sig[0] ^= 0x01;
    format!("{input}.{}", b64url_encode(&sig))
}

/// The key as Python gets it: the secret (hex, from the private JWK export) or PKCS#8 / SPKI PEM.
fn python_case(alg: Algorithm, key: &Key, token: &str) -> Value {
    let mut case = json!({
        "alg": alg.name(),
        "token": token,
        "tampered": flip_signature_bit(token),
    });
    if key.family() == Family::Hmac {
        let jwk = kr_jwt_core::key::to_jwk(key, true).unwrap();
        let secret = b64url_decode(jwk["k"].as_str().unwrap()).unwrap();
        case["secret_hex"] = hex::encode(secret).into();
    } else {
        case["private_pem"] = kr_jwt_core::key::to_pem(key, true).unwrap().into();
        case["public_pem"] = kr_jwt_core::key::to_pem(key, false).unwrap().into();
        case["kid"] = key.kid().into();
    }
    case
}

fn run_python(input: &Value) -> Value {
    let mut child = Command::new(PYTHON)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start /usr/bin/python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the PyJWT script failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "PyJWT output is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn python_validator(alg: Algorithm, key: VerificationKey) -> Validator {
    Validator::new(
        ValidationParams {
            valid_issuers: vec!["pyjwt".into()],
            valid_audiences: vec!["krjwt".into()],
            valid_algorithms: vec![alg.name().into()],
            clock_skew_seconds: 5.0,
            ..ValidationParams::default()
        },
        vec![key],
    )
    .unwrap()
}

fn check_python_claims(alg: Algorithm, claims: &serde_json::Map<String, Value>) {
    assert_eq!(claims["sub"], "bob", "{}", alg.name());
    assert_eq!(claims["n"], 7, "{}", alg.name());
}

#[test]
fn pyjwt_interop_both_ways() {
    if let Err(why) = python_available() {
        common::missing(&format!(
            "{PYTHON} cannot import jwt and cryptography ({why}); \
             install with: apt-get install -y python3-jwt python3-cryptography"
        ));
        return;
    }
    let now = kr_jwt_core::base::time::unix_now();
    let keys = keys();
    let mut cases = Vec::new();
    for (alg, key) in &keys {
        let mut b = TokenBuilder::new();
        b.set_issuer("krjwt").unwrap();
        b.add_audience("pyjwt").unwrap();
        b.set_subject("alice").unwrap();
        b.add_claim("n", json!(42)).unwrap();
        b.protect(key, Some(*alg), None).unwrap();
        let token = b.build().unwrap().token().to_owned();
        cases.push(python_case(*alg, key, &token));
    }
    let answer = run_python(&json!({ "now": now, "cases": cases }));
    println!(
        "PyJWT {} on cryptography {}",
        answer["pyjwt"], answer["cryptography"]
    );
    let supported: Vec<&str> = answer["supported"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();

    let mut both_ways = Vec::new();
    let mut not_supported = Vec::new();
    for ((alg, key), result) in keys.iter().zip(answer["results"].as_array().unwrap()) {
        assert_eq!(result["alg"], alg.name());
        if !supported.contains(&alg.name()) {
            not_supported.push(alg.name());
            continue;
        }
        // (a) KrJwt → PyJWT.
        assert_eq!(
            result["verified"],
            true,
            "{}: PyJWT did not verify our token: {}",
            alg.name(),
            result["error"]
        );
        assert_eq!(
            result["tampered_rejected"],
            true,
            "{}: PyJWT did not refuse a flipped signature bit: {}",
            alg.name(),
            result["tampered_error"]
        );

        // (b) PyJWT → KrJwt.
        let token = result["token"].as_str().unwrap_or_else(|| {
            panic!(
                "{}: PyJWT could not sign: {}",
                alg.name(),
                result["sign_error"]
            )
        });
        let public = if key.family() == Family::Hmac {
            key.clone()
        } else {
            let pem = kr_jwt_core::key::to_pem(key, false).unwrap();
            Key::import(KeyFormat::Pem, pem.as_bytes()).unwrap()
        };
        // A kid-less token, validated with the public key exactly as imported (thumbprint kid).
        let v = python_validator(*alg, VerificationKey::from_key(&public));
        let claims = v
            .validate(token)
            .unwrap_or_else(|e| panic!("{}: we refused PyJWT's token: {e}", alg.name()));
        check_python_claims(*alg, &claims);
        assert_eq!(
            v.validate(&flip_signature_bit(token)).unwrap_err().kind(),
            ErrorKind::InvalidSignature,
            "{}",
            alg.name()
        );
        // The same with PyJWT putting our key's thumbprint in `kid`: the key as imported matches it.
        if key.family() != Family::Hmac {
            let token_kid = result["token_kid"].as_str().unwrap();
            let v = python_validator(*alg, VerificationKey::from_key(&public));
            let claims = v.validate(token_kid).unwrap_or_else(|e| {
                panic!("{}: we refused PyJWT's token with kid: {e}", alg.name())
            });
            check_python_claims(*alg, &claims);
        }
        both_ways.push(alg.name());
    }
    println!(
        "interop both ways with PyJWT: {} algorithms: {}",
        both_ways.len(),
        both_ways.join(", ")
    );
    if !not_supported.is_empty() {
        println!("not supported by this PyJWT: {}", not_supported.join(", "));
    }
    // Everything but ES256K must run with any PyJWT 2.x; ES256K too when PyJWT has it.
    let required: Vec<&str> = Algorithm::ALL
        .iter()
        .map(|a| a.name())
        .filter(|a| *a != "ES256K" || supported.contains(a))
        .collect();
    assert_eq!(both_ways, required);
    assert!(both_ways.len() >= 13);
}
