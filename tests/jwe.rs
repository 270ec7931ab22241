//! JWE (RFC 7516 compact serialization): every key management × content encryption pair round-trips,
//! every kind of tampering and every refused construct fails with the right error kind and without a
//! panic, the RFC 7516 Appendix A examples and RFC 3394 key-wrap vectors give the published results,
//! Wycheproof's `json_web_encryption_test.json` is run case by case, and tokens cross both ways with an
//! independent implementation (Debian's `python3-jwcrypto`).
//!
//! External inputs, each skipped with a message when absent (under CI, `CI=true`, their absence fails):
//! * Wycheproof data from `$KRJWT_TESTDATA/wycheproof/` (default `<crate>/../shared/testdata/wycheproof/`);
//! * `/usr/bin/python3` with `jwcrypto` (`apt-get install -y python3-jwcrypto`).

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use kr_jwt_core::base::json::{b64url_decode, b64url_encode};
use kr_jwt_core::jwe::{self, ContentEncryption, Decrypter, Encrypter, KeyManagement};
use kr_jwt_core::key::{generate, to_jwk};
use kr_jwt_core::{ErrorKind, Family, Key, KeyFormat};
use serde_json::{Map, Value, json};

const MAX: usize = 256 * 1024;

fn random(len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    aws_lc_rs::rand::fill(&mut out).unwrap();
    out
}

struct Keys {
    rsa: Key,
    /// P-256, P-384, P-521.
    ec: [Key; 3],
    /// By length: 16, 24, 32, 48, 64 bytes.
    secrets: BTreeMap<usize, Key>,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        rsa: generate("RSA", 2048).unwrap(),
        ec: [256, 384, 521].map(|bits| generate("EC", bits).unwrap()),
        secrets: [16, 24, 32, 48, 64]
            .into_iter()
            .map(|len| (len, Key::secret(&random(len)).unwrap()))
            .collect(),
    })
}

fn kw_len(alg: KeyManagement) -> Option<usize> {
    match alg {
        KeyManagement::A128KW | KeyManagement::EcdhEsA128KW => Some(16),
        KeyManagement::A192KW | KeyManagement::EcdhEsA192KW => Some(24),
        KeyManagement::A256KW | KeyManagement::EcdhEsA256KW => Some(32),
        _ => None,
    }
}

fn is_ecdh(alg: KeyManagement) -> bool {
    alg.name().starts_with("ECDH-ES")
}

fn is_rsa(alg: KeyManagement) -> bool {
    alg.name().starts_with("RSA")
}

fn is_direct(alg: KeyManagement) -> bool {
    matches!(alg, KeyManagement::Dir | KeyManagement::EcdhEs)
}

fn is_gcm(enc: ContentEncryption) -> bool {
    enc.name().ends_with("GCM")
}

/// The keys a pair is exercised with: one, or one per curve for ECDH-ES.
fn keys_for(alg: KeyManagement, enc: ContentEncryption) -> Vec<Key> {
    let k = keys();
    if is_ecdh(alg) {
        k.ec.to_vec()
    } else if is_rsa(alg) {
        vec![k.rsa.clone()]
    } else {
        let len = kw_len(alg).unwrap_or(enc.key_len());
        vec![k.secrets[&len].clone()]
    }
}

/// The members the lead's builder passes: `kid` when the key has one, `cty` and `typ`.
fn extra(key: &Key) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(kid) = key.kid() {
        m.insert("kid".into(), kid.into());
    }
    m.insert("cty".into(), "JWT".into());
    m.insert("typ".into(), "JWT".into());
    m
}

fn header_of(token: &str) -> Map<String, Value> {
    let first = token.split('.').next().unwrap();
    serde_json::from_slice(&b64url_decode(first).unwrap()).unwrap()
}

fn kind<T>(r: kr_jwt_core::Result<T>) -> ErrorKind {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.kind(),
    }
}

fn err_of<T>(r: kr_jwt_core::Result<T>) -> kr_jwt_core::Error {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

/// Replaces segment `index` by what `f` makes of its decoded bytes.
fn with_segment(token: &str, index: usize, f: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut bytes = b64url_decode(&parts[index]).unwrap();
    f(&mut bytes);
    parts[index] = b64url_encode(&bytes);
    parts.join(".")
}

/// Replaces the protected header by what `f` makes of it.
fn with_header(token: &str, f: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut header = header_of(token);
    f(&mut header);
    let json = serde_json::to_string(&header).unwrap();
    with_segment(token, 0, |b| *b = json.into_bytes())
}

fn flip(bytes: &mut [u8]) {
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
}

#[test]
fn every_pair_round_trips() {
    let plaintext = b"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSIsInJvbGUiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    let (mut pairs, mut runs) = (0, 0);
    for alg in KeyManagement::ALL {
        for enc in ContentEncryption::ALL {
            pairs += 1;
            for key in keys_for(alg, enc) {
                runs += 1;
                let what = format!("{} + {} ({:?})", alg.name(), enc.name(), key);
                let e = Encrypter::new(&key, Some(alg), Some(enc))
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!((e.alg(), e.enc()), (alg, enc), "{what}");
                let token = e.encrypt(plaintext, &extra(&key)).unwrap();
                let parts: Vec<&str> = token.split('.').collect();
                assert_eq!(parts.len(), 5, "{what}");

                let header = header_of(&token);
                let names: Vec<&str> = header.keys().map(String::as_str).collect();
                assert_eq!(&names[..2], ["alg", "enc"], "{what}");
                assert_eq!(header["alg"], alg.name(), "{what}");
                assert_eq!(header["enc"], enc.name(), "{what}");
                assert_eq!(header["cty"], "JWT", "{what}");
                assert_eq!(header["typ"], "JWT", "{what}");
                assert_eq!(header.get("kid").and_then(Value::as_str), key.kid());
                assert!(!header.contains_key("zip"), "{what}");
                assert_eq!(header.contains_key("epk"), is_ecdh(alg), "{what}");
                if let Some(epk) = header.get("epk") {
                    assert_eq!(epk["kty"], "EC");
                    assert_eq!(epk.as_object().unwrap().len(), 4, "{what}: epk members");
                    assert!(epk.get("d").is_none());
                }
                assert_eq!(parts[1].is_empty(), is_direct(alg), "{what}");
                let iv = b64url_decode(parts[2]).unwrap();
                assert_eq!(iv.len(), if is_gcm(enc) { 12 } else { 16 }, "{what}");
                let tag = b64url_decode(parts[4]).unwrap();
                let tag_len = if is_gcm(enc) { 16 } else { enc.key_len() / 2 };
                assert_eq!(tag.len(), tag_len, "{what}");
                if !is_direct(alg) {
                    let ek = b64url_decode(parts[1]).unwrap();
                    let expected = if is_rsa(alg) { 256 } else { enc.key_len() + 8 };
                    assert_eq!(ek.len(), expected, "{what}: encrypted key length");
                }

                let (h, pt) = jwe::decrypt(&token, std::slice::from_ref(&key), MAX)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(&pt[..], &plaintext[..], "{what}");
                assert_eq!(h, header, "{what}");

                // Fresh IV (and CEK / ephemeral key) every time.
                let again = e.encrypt(plaintext, &extra(&key)).unwrap();
                assert_ne!(again, token, "{what}");
                assert_ne!(again.split('.').nth(2), token.split('.').nth(2), "{what}");

                // Empty plaintext, and the prepared-keys path.
                let empty = e.encrypt(b"", &Map::new()).unwrap();
                let decrypter = Decrypter::new(std::slice::from_ref(&key)).unwrap();
                let (_, pt) = decrypter.decrypt(&empty, MAX).unwrap();
                assert!(pt.is_empty(), "{what}");
            }
        }
    }
    println!(
        "JWE round trip: {pairs} alg/enc pairs ({runs} key/pair combinations: ECDH-ES on P-256, P-384 and P-521)"
    );
    assert_eq!(pairs, 60);
    assert_eq!(runs, 36 + 24 * 3);
}

#[test]
fn large_plaintexts_round_trip() {
    let k = keys();
    let big = random(100_000);
    for (key, enc) in [
        (&k.secrets[&32], ContentEncryption::A256GCM),
        (&k.secrets[&64], ContentEncryption::A256CbcHs512),
        (&k.secrets[&32], ContentEncryption::A128CbcHs256),
    ] {
        let e = Encrypter::new(key, None, Some(enc)).unwrap();
        let token = e.encrypt(&big, &Map::new()).unwrap();
        let (_, pt) = jwe::decrypt(&token, std::slice::from_ref(key), MAX).unwrap();
        assert_eq!(&pt[..], &big[..]);
        assert_eq!(
            kind(jwe::decrypt(
                &token,
                std::slice::from_ref(key),
                token.len() - 1
            )),
            ErrorKind::TokenTooLarge
        );
    }
}

#[test]
fn defaults_follow_the_key() {
    let k = keys();
    for (len, enc) in [
        (16, ContentEncryption::A128GCM),
        (24, ContentEncryption::A192GCM),
        (32, ContentEncryption::A256GCM),
        (48, ContentEncryption::A192CbcHs384),
        (64, ContentEncryption::A256CbcHs512),
    ] {
        let e = Encrypter::new(&k.secrets[&len], None, None).unwrap();
        assert_eq!((e.alg(), e.enc()), (KeyManagement::Dir, enc), "{len}");
        let e = Encrypter::new(&k.secrets[&len], Some(KeyManagement::Dir), None).unwrap();
        assert_eq!(e.enc(), enc, "{len}");
    }
    let e = Encrypter::new(&k.rsa, None, None).unwrap();
    assert_eq!(
        (e.alg(), e.enc()),
        (KeyManagement::RsaOaep, ContentEncryption::A256GCM)
    );
    for ec in &k.ec {
        let e = Encrypter::new(ec, None, None).unwrap();
        assert_eq!(
            (e.alg(), e.enc()),
            (KeyManagement::EcdhEs, ContentEncryption::A256GCM)
        );
    }
    // An explicit key management without enc: A256GCM.
    for (key, alg) in [
        (&k.secrets[&16], KeyManagement::A128KW),
        (&k.secrets[&32], KeyManagement::A256KW),
        (&k.rsa, KeyManagement::RsaOaep256),
        (&k.ec[1], KeyManagement::EcdhEsA192KW),
    ] {
        assert_eq!(
            Encrypter::new(key, Some(alg), None).unwrap().enc(),
            ContentEncryption::A256GCM
        );
    }
    // dir with an explicit enc: the secret's length must match it.
    let e = Encrypter::new(&k.secrets[&32], None, Some(ContentEncryption::A128CbcHs256)).unwrap();
    assert_eq!(e.alg(), KeyManagement::Dir);
}

#[test]
fn unfit_keys_are_refused_when_the_encrypter_is_made() {
    let k = keys();
    let mismatches = [
        (&k.secrets[&32], KeyManagement::RsaOaep),
        (&k.secrets[&32], KeyManagement::EcdhEs),
        (&k.rsa, KeyManagement::A128KW),
        (&k.rsa, KeyManagement::Dir),
        (&k.rsa, KeyManagement::EcdhEsA256KW),
        (&k.ec[0], KeyManagement::Dir),
        (&k.ec[0], KeyManagement::RsaOaep256),
        (&k.ec[0], KeyManagement::A256KW),
    ];
    for (key, alg) in mismatches {
        assert_eq!(
            kind(Encrypter::new(key, Some(alg), None)),
            ErrorKind::AlgorithmKeyMismatch,
            "{} with {key:?}",
            alg.name()
        );
    }
    // Key wrap: the key-encryption key is exactly the wrap size (RFC 7518 §4.4), whatever enc is.
    assert!(
        Encrypter::new(
            &k.secrets[&16],
            Some(KeyManagement::A128KW),
            Some(ContentEncryption::A256CbcHs512)
        )
        .is_ok()
    );
    assert_eq!(
        kind(Encrypter::new(
            &k.secrets[&32],
            Some(KeyManagement::A128KW),
            None
        )),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        kind(Encrypter::new(
            &k.secrets[&16],
            Some(KeyManagement::A256KW),
            None
        )),
        ErrorKind::KeyTooShort
    );
    // dir: the secret is the CEK.
    assert_eq!(
        kind(Encrypter::new(
            &k.secrets[&16],
            None,
            Some(ContentEncryption::A256GCM)
        )),
        ErrorKind::KeyTooShort
    );
    assert_eq!(
        kind(Encrypter::new(
            &k.secrets[&64],
            None,
            Some(ContentEncryption::A128GCM)
        )),
        ErrorKind::InvalidKey
    );
    let odd = Key::secret(&[7; 20]).unwrap();
    let e = err_of(Encrypter::new(&odd, None, None));
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
    assert!(e.message().contains("20-byte"), "{e}");

    // RSA under 2048 bits (a 1024-bit public key).
    let small = Key::import(
        KeyFormat::Jwk,
        br#"{"kty":"RSA","e":"AQAB","n":"vNZ-ufnd-JCUyKUhReB9M9pQJ7XZKYpptvV6icquCcCaKuyguFxkwvk2VMpcnMZxfS6ohPFoae6spQsgjqilE7IrZ1ZY1-b1F0fnzqsfJorT5AxSHtl4N_HJx-ojvgF8adgt7-rCVIYeZ7FULjokW3ZdvXqXMMS1RTV9bCXVc2s"}"#,
    )
    .unwrap();
    assert_eq!(small.bits(), 1024);
    assert_eq!(
        kind(Encrypter::new(&small, None, None)),
        ErrorKind::KeyTooShort
    );

    // Keys JWE cannot use at all.
    for kind_name in ["Ed25519", "secp256k1"] {
        let key = generate(kind_name, 0).unwrap();
        assert_eq!(
            kind(Encrypter::new(&key, None, None)),
            ErrorKind::InvalidKey,
            "{kind_name}"
        );
        assert_eq!(
            kind(Encrypter::new(&key, Some(KeyManagement::EcdhEs), None)),
            ErrorKind::InvalidKey,
            "{kind_name}"
        );
        assert_eq!(
            kind(Decrypter::new(std::slice::from_ref(&key))),
            ErrorKind::InvalidArgument
        );
    }

    // Members the encryption owns cannot be given.
    let e = Encrypter::new(&k.secrets[&32], None, None).unwrap();
    for name in ["alg", "enc", "epk", "zip", "crit", "p2c", "apu"] {
        let mut m = Map::new();
        m.insert(name.into(), "x".into());
        assert_eq!(
            kind(e.encrypt(b"x", &m)),
            ErrorKind::InvalidArgument,
            "{name}"
        );
    }
}

#[test]
fn names_parse() {
    assert_eq!(KeyManagement::ALL.len(), 10);
    assert_eq!(ContentEncryption::ALL.len(), 6);
    for alg in KeyManagement::ALL {
        assert_eq!(KeyManagement::parse(alg.name()).unwrap(), alg);
        assert_eq!(
            KeyManagement::parse(&alg.name().to_ascii_lowercase()).unwrap(),
            alg
        );
    }
    for (kestrun, alg) in [
        ("ECDH-ESA128KW", KeyManagement::EcdhEsA128KW),
        ("ECDH-ESA192KW", KeyManagement::EcdhEsA192KW),
        ("ecdh-esa256kw", KeyManagement::EcdhEsA256KW),
    ] {
        assert_eq!(KeyManagement::parse(kestrun).unwrap(), alg);
    }
    for enc in ContentEncryption::ALL {
        assert_eq!(ContentEncryption::parse(enc.name()).unwrap(), enc);
        assert_eq!(
            ContentEncryption::parse(&enc.name().to_ascii_lowercase()).unwrap(),
            enc
        );
    }
    let rsa15 = err_of(KeyManagement::parse("RSA1_5"));
    assert_eq!(rsa15.kind(), ErrorKind::UnknownAlgorithm);
    assert!(rsa15.message().contains("RFC 8725"), "{rsa15}");
    for bad in [
        "PBES2-HS256+A128KW",
        "A128GCMKW",
        "RSA-OAEP-512",
        "none",
        "",
        "HS256",
    ] {
        assert_eq!(
            kind(KeyManagement::parse(bad)),
            ErrorKind::UnknownAlgorithm,
            "{bad}"
        );
    }
    for bad in ["A128CBC", "A512GCM", "", "dir"] {
        assert_eq!(
            kind(ContentEncryption::parse(bad)),
            ErrorKind::UnknownAlgorithm,
            "{bad}"
        );
    }
}

/// One token per family, with the key that opens it and a different key of the same kind.
fn samples() -> Vec<(String, Key, Key)> {
    let k = keys();
    let other_rsa = generate("RSA", 2048).unwrap();
    let other_ec = generate("EC", 384).unwrap();
    let other = |len: usize| Key::secret(&random(len)).unwrap();
    let cases = [
        (
            k.secrets[&16].clone(),
            other(16),
            KeyManagement::Dir,
            ContentEncryption::A128GCM,
        ),
        (
            k.secrets[&32].clone(),
            other(32),
            KeyManagement::Dir,
            ContentEncryption::A128CbcHs256,
        ),
        (
            k.secrets[&24].clone(),
            other(24),
            KeyManagement::A192KW,
            ContentEncryption::A256GCM,
        ),
        (
            k.secrets[&32].clone(),
            other(32),
            KeyManagement::A256KW,
            ContentEncryption::A192CbcHs384,
        ),
        (
            k.rsa.clone(),
            other_rsa.clone(),
            KeyManagement::RsaOaep,
            ContentEncryption::A128CbcHs256,
        ),
        (
            k.rsa.clone(),
            other_rsa,
            KeyManagement::RsaOaep256,
            ContentEncryption::A256GCM,
        ),
        (
            k.ec[1].clone(),
            other_ec.clone(),
            KeyManagement::EcdhEs,
            ContentEncryption::A256CbcHs512,
        ),
        (
            k.ec[1].clone(),
            other_ec,
            KeyManagement::EcdhEsA128KW,
            ContentEncryption::A128GCM,
        ),
    ];
    cases
        .into_iter()
        .map(|(key, wrong, alg, enc)| {
            let token = Encrypter::new(&key, Some(alg), Some(enc))
                .unwrap()
                .encrypt(b"the payload", &extra(&key))
                .unwrap();
            // The wrong key carries the same kid, so it is the one selected.
            let wrong = wrong.with_kid(key.kid().map(str::to_owned)).unwrap();
            (token, key, wrong)
        })
        .collect()
}

#[test]
fn tampering_is_detected() {
    let mut checked = 0;
    for (token, key, _) in samples() {
        let keys = std::slice::from_ref(&key);
        let alg = header_of(&token)["alg"].as_str().unwrap().to_owned();
        let what = format!("{alg}/{}", header_of(&token)["enc"]);
        assert!(jwe::decrypt(&token, keys, MAX).is_ok(), "{what}");
        let fails = |t: &str, expected: ErrorKind, part: &str| {
            let e = err_of(jwe::decrypt(t, keys, MAX));
            assert_eq!(e.kind(), expected, "{what}: {part}: {e}");
            if expected == ErrorKind::InvalidSignature {
                assert!(e.message().starts_with("decryption failed"), "{e}");
            }
        };
        // Protected header (the AAD).
        fails(
            &with_header(&token, |h| {
                h.insert("typ".into(), "JWS".into());
            }),
            ErrorKind::InvalidSignature,
            "header",
        );
        fails(
            &with_header(&token, |h| {
                h.insert("x".into(), 1.into());
            }),
            ErrorKind::InvalidSignature,
            "header member added",
        );
        // Encrypted key.
        if token.split('.').nth(1).unwrap().is_empty() {
            fails(
                &with_segment(&token, 1, |b| b.push(0)),
                ErrorKind::MalformedToken,
                "encrypted key given with a direct algorithm",
            );
        } else {
            fails(
                &with_segment(&token, 1, |b| flip(b)),
                ErrorKind::InvalidSignature,
                "encrypted key",
            );
            fails(
                &with_segment(&token, 1, |b| {
                    b.pop();
                }),
                ErrorKind::InvalidSignature,
                "encrypted key truncated",
            );
            fails(
                &with_segment(&token, 1, Vec::clear),
                ErrorKind::MalformedToken,
                "encrypted key removed",
            );
        }
        // IV, ciphertext, tag.
        fails(
            &with_segment(&token, 2, |b| flip(b)),
            ErrorKind::InvalidSignature,
            "iv",
        );
        fails(
            &with_segment(&token, 2, |b| b.push(0)),
            ErrorKind::MalformedToken,
            "iv length",
        );
        fails(
            &with_segment(&token, 3, |b| flip(b)),
            ErrorKind::InvalidSignature,
            "ciphertext",
        );
        fails(
            &with_segment(&token, 3, |b| b.extend_from_slice(&[0; 16])),
            ErrorKind::InvalidSignature,
            "ciphertext extended",
        );
        fails(
            &with_segment(&token, 3, Vec::clear),
            ErrorKind::InvalidSignature,
            "ciphertext removed",
        );
        fails(
            &with_segment(&token, 4, |b| flip(b)),
            ErrorKind::InvalidSignature,
            "tag",
        );
        fails(
            &with_segment(&token, 4, |b| {
                b.pop();
            }),
            ErrorKind::InvalidSignature,
            "tag truncated",
        );
        fails(
            &with_segment(&token, 4, Vec::clear),
            ErrorKind::InvalidSignature,
            "tag removed",
        );
        // ECDH-ES: another valid ephemeral key.
        if alg.starts_with("ECDH-ES") {
            let other = Encrypter::new(&key, Some(KeyManagement::EcdhEs), None)
                .unwrap()
                .encrypt(b"", &Map::new())
                .unwrap();
            let epk = header_of(&other)["epk"].clone();
            fails(
                &with_header(&token, |h| {
                    h.insert("epk".into(), epk);
                }),
                ErrorKind::InvalidSignature,
                "epk replaced",
            );
        }
        checked += 1;
    }
    println!(
        "tampering: {checked} tokens (dir GCM/CBC, A192KW, A256KW, RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW), every segment"
    );
    assert_eq!(checked, 8);
}

#[test]
fn wrong_keys_and_kid_selection() {
    for (token, key, wrong) in samples() {
        let what = header_of(&token)["alg"].to_string();
        assert_eq!(
            kind(jwe::decrypt(&token, std::slice::from_ref(&wrong), MAX)),
            ErrorKind::InvalidSignature,
            "{what}"
        );
        // The right key after a wrong one of the same kid: both are tried.
        let both = [wrong.clone(), key.clone()];
        assert!(jwe::decrypt(&token, &both, MAX).is_ok(), "{what}");
        assert!(
            Decrypter::new(&both).unwrap().decrypt(&token, MAX).is_ok(),
            "{what}"
        );
    }

    // A header kid selects keys with that kid; failing those, keys without a kid.
    let k = keys();
    let secret = k.secrets[&32]
        .clone()
        .with_kid(Some("right".into()))
        .unwrap();
    let decoy = Key::secret(&random(32))
        .unwrap()
        .with_kid(Some("decoy".into()))
        .unwrap();
    let token = Encrypter::new(&secret, Some(KeyManagement::A256KW), None)
        .unwrap()
        .encrypt(b"x", &extra(&secret))
        .unwrap();
    assert_eq!(header_of(&token)["kid"], "right");
    assert!(jwe::decrypt(&token, &[decoy.clone(), secret.clone()], MAX).is_ok());
    let relabelled = secret.clone().with_kid(Some("other".into())).unwrap();
    assert_eq!(
        kind(jwe::decrypt(&token, &[decoy.clone(), relabelled], MAX)),
        ErrorKind::NoMatchingKey
    );
    let unlabelled = secret.clone().with_kid(None).unwrap();
    assert!(jwe::decrypt(&token, &[decoy.clone(), unlabelled], MAX).is_ok());
    // A token without kid tries every fitting key.
    let token = Encrypter::new(&secret, Some(KeyManagement::A256KW), None)
        .unwrap()
        .encrypt(b"x", &Map::new())
        .unwrap();
    assert!(jwe::decrypt(&token, &[decoy, secret.clone()], MAX).is_ok());

    // Keys of another family or size are never tried.
    let rsa_token = Encrypter::new(&k.rsa, None, None)
        .unwrap()
        .encrypt(b"x", &Map::new())
        .unwrap();
    assert_eq!(
        kind(jwe::decrypt(
            &rsa_token,
            &[secret.clone(), k.ec[0].clone()],
            MAX
        )),
        ErrorKind::NoMatchingKey
    );
    let dir_token = Encrypter::new(&k.secrets[&16], None, None)
        .unwrap()
        .encrypt(b"x", &Map::new())
        .unwrap();
    assert_eq!(
        kind(jwe::decrypt(&dir_token, &[k.secrets[&32].clone()], MAX)),
        ErrorKind::NoMatchingKey
    );
    // ECDH-ES on another curve.
    let ec_token = Encrypter::new(&k.ec[0], None, None)
        .unwrap()
        .encrypt(b"x", &Map::new())
        .unwrap();
    assert_eq!(
        kind(jwe::decrypt(
            &ec_token,
            &[k.ec[1].clone(), k.ec[2].clone()],
            MAX
        )),
        ErrorKind::NoMatchingKey
    );
}

fn public_of(key: &Key) -> Key {
    let jwk = to_jwk(key, false).unwrap();
    Key::import(KeyFormat::Jwk, jwk.to_string().as_bytes()).unwrap()
}

#[test]
fn public_keys_encrypt_and_only_private_keys_decrypt() {
    let k = keys();
    for key in [&k.rsa, &k.ec[0], &k.ec[2]] {
        let public = public_of(key);
        assert!(!public.has_private());
        let token = Encrypter::new(&public, None, None)
            .unwrap()
            .encrypt(b"for the holder of the private key", &extra(&public))
            .unwrap();
        let (_, pt) = jwe::decrypt(&token, std::slice::from_ref(key), MAX).unwrap();
        assert_eq!(&pt[..], b"for the holder of the private key");
        assert_eq!(
            kind(jwe::decrypt(&token, std::slice::from_ref(&public), MAX)),
            ErrorKind::NoMatchingKey
        );
        assert_eq!(
            kind(Decrypter::new(std::slice::from_ref(&public))),
            ErrorKind::InvalidArgument
        );
    }
}

#[test]
fn apu_and_apv_enter_the_key_derivation() {
    let key = &keys().ec[0];
    let mut m = extra(key);
    m.insert("apu".into(), b64url_encode(b"Alice").into());
    m.insert("apv".into(), b64url_encode(b"Bob").into());
    for alg in [KeyManagement::EcdhEs, KeyManagement::EcdhEsA256KW] {
        let token = Encrypter::new(key, Some(alg), None)
            .unwrap()
            .encrypt(b"x", &m)
            .unwrap();
        assert!(jwe::decrypt(&token, std::slice::from_ref(key), MAX).is_ok());
        let changed = with_header(&token, |h| {
            h.insert("apv".into(), b64url_encode(b"Eve").into());
        });
        assert_eq!(
            kind(jwe::decrypt(&changed, std::slice::from_ref(key), MAX)),
            ErrorKind::InvalidSignature
        );
        let bad = with_header(&token, |h| {
            h.insert("apu".into(), "not base64url!".into());
        });
        assert_eq!(
            kind(jwe::decrypt(&bad, std::slice::from_ref(key), MAX)),
            ErrorKind::MalformedToken
        );
    }
}

#[test]
fn refused_constructs_fail_cleanly() {
    let k = keys();
    let key = k.secrets[&16].clone();
    let keys = std::slice::from_ref(&key);
    let token = Encrypter::new(&key, Some(KeyManagement::A128KW), None)
        .unwrap()
        .encrypt(b"x", &Map::new())
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();

    // Segment counts and sizes.
    assert_eq!(
        kind(jwe::decrypt(&parts[..4].join("."), keys, MAX)),
        ErrorKind::MalformedToken
    );
    assert_eq!(
        kind(jwe::decrypt(&format!("{token}.AAAA"), keys, MAX)),
        ErrorKind::MalformedToken
    );
    assert_eq!(
        kind(jwe::decrypt(&format!("{token}."), keys, MAX)),
        ErrorKind::MalformedToken
    );
    assert_eq!(
        kind(jwe::decrypt(&parts[..3].join("."), keys, MAX)),
        ErrorKind::MalformedToken
    );
    for garbage in ["", ".", "....", "a.b.c.d.e", "....."] {
        assert_eq!(
            kind(jwe::decrypt(garbage, keys, MAX)),
            ErrorKind::MalformedToken,
            "{garbage:?}"
        );
    }
    let huge = "A".repeat(MAX + 1);
    assert_eq!(
        kind(jwe::decrypt(&huge, keys, MAX)),
        ErrorKind::TokenTooLarge
    );
    // Strict base64url: padding, other alphabets, non-canonical trailing bits.
    for (i, bad) in [(0, "="), (2, "="), (3, "+"), (4, "/")] {
        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        p[i].push_str(bad);
        assert_eq!(
            kind(jwe::decrypt(&p.join("."), keys, MAX)),
            ErrorKind::MalformedToken,
            "segment {i} + {bad}"
        );
    }
    // Strict JSON header.
    let raw_header = |json: &str| with_segment(&token, 0, |b| *b = json.as_bytes().to_vec());
    for json in [
        r#"{"alg":"A128KW","enc":"A256GCM","enc":"A128GCM"}"#,
        r#"{"alg":"A128KW","enc":"A256GCM""#,
        r#"["A128KW"]"#,
        r#"{"enc":"A256GCM"}"#,
        r#"{"alg":"A128KW"}"#,
        r#"{"alg":1,"enc":"A256GCM"}"#,
        r#"{"alg":"A128KW","enc":"A256GCM","kid":7}"#,
    ] {
        assert_eq!(
            kind(jwe::decrypt(&raw_header(json), keys, MAX)),
            ErrorKind::MalformedToken,
            "{json}"
        );
    }
    // Names are exact in headers.
    for (alg, enc) in [
        ("a128kw", "A256GCM"),
        ("A128KW", "a256gcm"),
        ("A128KW", "A256GCMX"),
    ] {
        assert_eq!(
            kind(jwe::decrypt(
                &with_header(&token, |h| {
                    h.insert("alg".into(), alg.into());
                    h.insert("enc".into(), enc.into());
                }),
                keys,
                MAX
            )),
            ErrorKind::UnknownAlgorithm,
            "{alg}/{enc}"
        );
    }

    // zip, crit, p2c, RSA1_5, PBES2, AES-GCM key wrap.
    let refused = |f: &dyn Fn(&mut Map<String, Value>), expected: ErrorKind, what: &str| {
        let t = with_header(&token, |h| f(h));
        let e = err_of(jwe::decrypt(&t, keys, MAX));
        assert_eq!(e.kind(), expected, "{what}: {e}");
        e
    };
    let e = refused(
        &|h| {
            h.insert("zip".into(), "DEF".into());
        },
        ErrorKind::UnsupportedCriticalHeader,
        "zip",
    );
    assert!(e.message().contains("zip"), "{e}");
    refused(
        &|h| {
            h.insert("crit".into(), json!(["exp"]));
            h.insert("exp".into(), 1.into());
        },
        ErrorKind::UnsupportedCriticalHeader,
        "crit",
    );
    refused(
        &|h| {
            h.insert("p2c".into(), 1000.into());
            h.insert("p2s".into(), "AAAAAAAAAAA".into());
        },
        ErrorKind::MalformedToken,
        "p2c",
    );
    let e = refused(
        &|h| {
            h.insert("alg".into(), "RSA1_5".into());
        },
        ErrorKind::UnknownAlgorithm,
        "RSA1_5",
    );
    assert!(e.message().contains("RFC 8725"), "{e}");
    refused(
        &|h| {
            h.insert("alg".into(), "PBES2-HS256+A128KW".into());
            h.insert("p2c".into(), 1000.into());
        },
        ErrorKind::UnknownAlgorithm,
        "PBES2",
    );
    refused(
        &|h| {
            h.insert("alg".into(), "A128GCMKW".into());
        },
        ErrorKind::UnknownAlgorithm,
        "A128GCMKW",
    );
    refused(
        &|h| {
            h.insert("alg".into(), "none".into());
        },
        ErrorKind::UnknownAlgorithm,
        "none",
    );

    // dir / ECDH-ES with an encrypted key.
    let dir = Encrypter::new(&k.secrets[&16], None, None)
        .unwrap()
        .encrypt(b"x", &Map::new())
        .unwrap();
    assert_eq!(
        kind(jwe::decrypt(
            &with_segment(&dir, 1, |b| b.extend_from_slice(&[1; 24])),
            &[k.secrets[&16].clone()],
            MAX
        )),
        ErrorKind::MalformedToken
    );
}

#[test]
fn bad_ephemeral_keys_are_refused() {
    let k = keys();
    for (i, key) in k.ec.iter().enumerate() {
        let keys = std::slice::from_ref(key);
        for alg in [KeyManagement::EcdhEs, KeyManagement::EcdhEsA128KW] {
            let token = Encrypter::new(key, Some(alg), None)
                .unwrap()
                .encrypt(b"x", &Map::new())
                .unwrap();
            let epk = header_of(&token)["epk"].clone();
            let with_epk = |f: &dyn Fn(&mut Map<String, Value>)| {
                let mut e = epk.as_object().unwrap().clone();
                f(&mut e);
                with_header(&token, |h| {
                    h.insert("epk".into(), Value::Object(e));
                })
            };
            let cases: Vec<(&str, String)> = vec![
                (
                    "y off the curve",
                    with_epk(&|e| {
                        let mut y = b64url_decode(e["y"].as_str().unwrap()).unwrap();
                        let last = y.len() - 1;
                        y[last] ^= 1;
                        e.insert("y".into(), b64url_encode(&y).into());
                    }),
                ),
                (
                    "x = y = 0",
                    with_epk(&|e| {
                        let len = b64url_decode(e["x"].as_str().unwrap()).unwrap().len();
                        e.insert("x".into(), b64url_encode(&vec![0; len]).into());
                        e.insert("y".into(), b64url_encode(&vec![0; len]).into());
                    }),
                ),
                (
                    "short x",
                    with_epk(&|e| {
                        e.insert("x".into(), "AAAA".into());
                    }),
                ),
                (
                    "no y",
                    with_epk(&|e| {
                        e.remove("y");
                    }),
                ),
                (
                    "crv secp256k1",
                    with_epk(&|e| {
                        e.insert("crv".into(), "secp256k1".into());
                    }),
                ),
                (
                    "crv X25519",
                    with_epk(&|e| {
                        e.insert("crv".into(), "X25519".into());
                    }),
                ),
                (
                    "kty OKP",
                    with_epk(&|e| {
                        e.insert("kty".into(), "OKP".into());
                    }),
                ),
                (
                    "another curve",
                    with_epk(&|e| {
                        let other = ["P-384", "P-521", "P-256"][i];
                        e.insert("crv".into(), other.into());
                    }),
                ),
                (
                    "epk missing",
                    with_header(&token, |h| {
                        h.remove("epk");
                    }),
                ),
                (
                    "epk a string",
                    with_header(&token, |h| {
                        h.insert("epk".into(), "x".into());
                    }),
                ),
            ];
            for (what, t) in cases {
                let e = err_of(jwe::decrypt(&t, keys, MAX));
                assert_eq!(
                    e.kind(),
                    ErrorKind::MalformedToken,
                    "{} {}: {what}: {e}",
                    key.info()["crv"],
                    alg.name()
                );
            }
        }
    }
}

/// Random single-byte mutations of valid tokens: always an error, never a panic or a wrong success.
#[test]
fn mutations_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/{}\"";
    let mut tried = 0;
    for (token, key, _) in samples() {
        let keys = std::slice::from_ref(&key);
        let rounds = if header_of(&token)["alg"]
            .as_str()
            .unwrap()
            .starts_with("RSA")
        {
            40
        } else {
            300
        };
        for _ in 0..rounds {
            let mut bytes = token.clone().into_bytes();
            let at = (next() as usize) % bytes.len();
            let with = alphabet[(next() as usize) % alphabet.len()];
            if bytes[at] == with {
                continue;
            }
            bytes[at] = with;
            let mutated = String::from_utf8(bytes).unwrap();
            if let Ok((_, pt)) = jwe::decrypt(&mutated, keys, MAX) {
                // Only a change that decodes to the same bytes (base64url's last character can carry
                // unused bits only when non-canonical, which is refused) could ever succeed.
                panic!("mutated token decrypted: {mutated} → {:?}", &pt[..]);
            }
            tried += 1;
        }
    }
    println!("mutations: {tried} mutated tokens refused");
    assert!(tried > 1000);
}

#[test]
fn encrypters_are_shared_between_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Encrypter>();
    shareable::<Decrypter>();
    let key = keys().ec[0].clone();
    let e = Encrypter::new(&key, Some(KeyManagement::EcdhEsA256KW), None).unwrap();
    let d = Decrypter::new(std::slice::from_ref(&key)).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (e, d) = (e.clone(), &d);
            s.spawn(move || {
                for i in 0..25 {
                    let msg = format!("thread {t} message {i}");
                    let token = e.encrypt(msg.as_bytes(), &Map::new()).unwrap();
                    assert_eq!(&d.decrypt(&token, MAX).unwrap().1[..], msg.as_bytes());
                }
            });
        }
    });
}

// ---------------------------------------------------------------------------------------------------
// Published vectors.

/// RFC 7516 Appendix A.1: RSA-OAEP + A256GCM.
const RFC7516_A1_JWK: &str = concat!(
    r#"{"kty":"RSA","#,
    r#""n":"oahUIoWw0K0usKNuOR6H4wkf4oBUXHTxRvgb48E-BVvxkeDNjbC4he8rUW"#,
    "cJoZmds2h7M70imEVhRU5djINXtqllXI4DFqcI1DgjT9LewND8MW2Krf3S",
    "psk_ZkoFnilakGygTwpZ3uesH-PFABNIUYpOiN15dsQRkgr0vEhxN92i2a",
    "sbOenSZeyaxziK72UwxrrKoExv6kc5twXTq4h-QChLOln0_mtUZwfsRaMS",
    "tPs6mS6XrgxnxbWhojf663tuEQueGC-FCMfra36C9knDFGzKsNa7LZK2dj",
    r#"YgyD3JR_MB_4NUJW_TqOQtwHYbxevoJArm-L5StowjzGy-_bq6Gw","#,
    r#""e":"AQAB","#,
    r#""d":"kLdtIj6GbDks_ApCSTYQtelcNttlKiOyPzMrXHeI-yk1F7-kpDxY4-WY5N"#,
    "WV5KntaEeXS1j82E375xxhWMHXyvjYecPT9fpwR_M9gV8n9Hrh2anTpTD9",
    "3Dt62ypW3yDsJzBnTnrYu1iwWRgBKrEYY46qAZIrA2xAwnm2X7uGR1hghk",
    "qDp0Vqj3kbSCz1XyfCs6_LehBwtxHIyh8Ripy40p24moOAbgxVw3rxT_vl",
    "t3UVe4WO3JkJOzlpUf-KTVI2Ptgm-dARxTEtE-id-4OJr0h-K-VFs3VSnd",
    r#"VTIznSxfyrj8ILL6MG_Uv8YAu7VILSB3lOW085-4qE3DzgrTjgyQ","#,
    r#""p":"1r52Xk46c-LsfB5P442p7atdPUrxQSy4mti_tZI3Mgf2EuFVbUoDBvaRQ-"#,
    "SWxkbkmoEzL7JXroSBjSrK3YIQgYdMgyAEPTPjXv_hI2_1eTSPVZfzL0lf",
    r#"fNn03IXqWF5MDFuoUYE0hzb2vhrlN_rKrbfDIwUbTrjjgieRbwC6Cl0","#,
    r#""q":"wLb35x7hmQWZsWJmB_vle87ihgZ19S8lBEROLIsZG4ayZVe9Hi9gDVCOBm"#,
    "UDdaDYVTSNx_8Fyw1YYa9XGrGnDew00J28cRUoeBB_jKI1oma0Orv1T9aX",
    r#"IWxKwd4gvxFImOWr3QRL9KEBRzk2RatUBnmDZJTIAfwTs0g68UZHvtc","#,
    r#""dp":"ZK-YwE7diUh0qR1tR7w8WHtolDx3MZ_OTowiFvgfeQ3SiresXjm9gZ5KL"#,
    "hMXvo-uz-KUJWDxS5pFQ_M0evdo1dKiRTjVw_x4NyqyXPM5nULPkcpU827",
    r#"rnpZzAJKpdhWAgqrXGKAECQH0Xt4taznjnd_zVpAmZZq60WPMBMfKcuE","#,
    r#""dq":"Dq0gfgJ1DdFGXiLvQEZnuKEN0UUmsJBxkjydc3j4ZYdBiMRAy86x0vHCj"#,
    "ywcMlYYg4yoC4YZa9hNVcsjqA3FeiL19rk8g6Qn29Tt0cj8qqyFpz9vNDB",
    r#"UfCAiJVeESOjJDZPYHdHY8v1b-o-Z2X5tvLx-TCekf7oxyeKDUqKWjis","#,
    r#""qi":"VIMpMYbPf47dT1w_zDUXfPimsSegnMOA1zTaX7aGk_8urY6R8-ZW1FxU7"#,
    "AlWAyLWybqq6t16VFd7hQd0y6flUK4SlOydB61gwanOsXGOAOv82cHq0E3",
    r#"eL4HrtZkUuKvnPrMnsUUFlfUdybVzxyjz9JF_XyaY14ardLSjf4L_FNY"}"#,
);

const RFC7516_A1_JWE: &str = concat!(
    "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.",
    "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe",
    "ipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDb",
    "Sv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaV",
    "mqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je8",
    "1860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi",
    "6UklfCpIMfIjf7iGdXKHzg.",
    "48V1_ALb6US04U3b.",
    "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji",
    "SdiwkIr3ajwQzaBtQD_A.",
    "XFBoMYUZodetZdvTiFvSkQ",
);

/// RFC 7516 Appendix A.2: RSAES-PKCS1-v1_5 + A128CBC-HS256 (refused: RFC 8725 §3.2).
const RFC7516_A2_JWE: &str = concat!(
    "eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.",
    "UGhIOguC7IuEvf_NPVaXsGMoLOmwvc1GyqlIKOK1nN94nHPoltGRhWhw7Zx0-kFm",
    "1NJn8LE9XShH59_i8J0PH5ZZyNfGy2xGdULU7sHNF6Gp2vPLgNZ__deLKxGHZ7Pc",
    "HALUzoOegEI-8E66jX2E4zyJKx-YxzZIItRzC5hlRirb6Y5Cl_p-ko3YvkkysZIF",
    "NPccxRU7qve1WYPxqbb2Yw8kZqa2rMWI5ng8OtvzlV7elprCbuPhcCdZ6XDP0_F8",
    "rkXds2vE4X-ncOIM8hAYHHi29NX0mcKiRaD0-D-ljQTP-cFPgwCp6X-nZZd9OHBv",
    "-B3oWh2TbqmScqXMR4gp_A.",
    "AxY8DCtDaGlsbGljb3RoZQ.",
    "KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.",
    "9hH0vgRfYgPnAHOd8stkvw",
);

const RFC7516_A2_JWK: &str = concat!(
    r#"{"kty":"RSA","#,
    r#""n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1Wl"#,
    "UzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDpre",
    "cbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_",
    "7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBI",
    "Y2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU",
    r#"7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","#,
    r#""e":"AQAB","#,
    r#""d":"VFCWOqXr8nvZNyaaJLXdnNPXZKRaWCjkU5Q2egQQpTBMwhprMzWzpR8Sxq"#,
    "1OPThh_J6MUD8Z35wky9b8eEO0pwNS8xlh1lOFRRBoNqDIKVOku0aZb-ry",
    "nq8cxjDTLZQ6Fz7jSjR1Klop-YKaUHc9GsEofQqYruPhzSA-QgajZGPbE_",
    "0ZaVDJHfyd7UUBUKunFMScbflYAAOYJqVIVwaYR5zWEEceUjNnTNo_CVSj",
    "-VvXLO5VZfCUAVLgW4dpf1SrtZjSt34YLsRarSb127reG_DUwg9Ch-Kyvj",
    r#"T1SkHgUWRVGcyly7uvVGRSDwsXypdrNinPA4jlhoNdizK2zF2CWQ","#,
    r#""p":"9gY2w6I6S6L0juEKsbeDAwpd9WMfgqFoeA9vEyEUuk4kLwBKcoe1x4HG68"#,
    "ik918hdDSE9vDQSccA3xXHOAFOPJ8R9EeIAbTi1VwBYnbTp87X-xcPWlEP",
    r#"krdoUKW60tgs1aNd_Nnc9LEVVPMS390zbFxt8TN_biaBgelNgbC95sM","#,
    r#""q":"uKlCKvKv_ZJMVcdIs5vVSU_6cPtYI1ljWytExV_skstvRSNi9r66jdd9-y"#,
    "BhVfuG4shsp2j7rGnIio901RBeHo6TPKWVVykPu1iYhQXw1jIABfw-MVsN",
    r#"-3bQ76WLdt2SDxsHs7q7zPyUyHXmps7ycZ5c72wGkUwNOjYelmkiNS0","#,
    r#""dp":"w0kZbV63cVRvVX6yk3C8cMxo2qCM4Y8nsq1lmMSYhG4EcL6FWbX5h9yuv"#,
    "ngs4iLEFk6eALoUS4vIWEwcL4txw9LsWH_zKI-hwoReoP77cOdSL4AVcra",
    r#"Hawlkpyd2TWjE5evgbhWtOxnZee3cXJBkAi64Ik6jZxbvk-RR3pEhnCs","#,
    r#""dq":"o_8V14SezckO6CNLKs_btPdFiO9_kC1DsuUTd2LAfIIVeMZ7jn1Gus_Ff"#,
    "7B7IVx3p5KuBGOVF8L-qifLb6nQnLysgHDh132NDioZkhH7mI7hPG-PYE_",
    r#"odApKdnqECHWw0J-F0JWnUd6D2B_1TvF9mXA2Qx-iGYn8OVV1Bsmp6qU","#,
    r#""qi":"eNho5yRBEBxhGBtQRww9QirZsB66TrfFReG_CcteI1aCneT0ELGhYlRlC"#,
    "tUkTRclIfuEPmNsNDPbLoLqqCVznFbvdB7x-Tl-m0l_eFTj2KiqwGqE9PZ",
    r#"B9nNTwMVvH3VRRSLWACvPnSiwP8N5Usy-WRXS-V7TbpxIhvepTfE0NNo"}"#,
);

/// RFC 7516 Appendix A.3: A128KW + A128CBC-HS256.
const RFC7516_A3_JWK: &str = r#"{"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"}"#;
const RFC7516_A3_JWE: &str = concat!(
    "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.",
    "6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.",
    "AxY8DCtDaGlsbGljb3RoZQ.",
    "KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.",
    "U0m_YmjN04DJvceFICbCVQ",
);

#[test]
fn rfc7516_appendix_a() {
    // A.1
    let key = Key::import(KeyFormat::Jwk, RFC7516_A1_JWK.as_bytes()).unwrap();
    let (header, pt) = jwe::decrypt(RFC7516_A1_JWE, std::slice::from_ref(&key), MAX).unwrap();
    assert_eq!(
        std::str::from_utf8(&pt).unwrap(),
        "The true sign of intelligence is not knowledge but imagination."
    );
    assert_eq!(
        Value::Object(header),
        json!({"alg":"RSA-OAEP","enc":"A256GCM"})
    );
    // Any change to the RFC's token fails.
    let tampered = with_segment(RFC7516_A1_JWE, 3, |b| flip(b));
    assert_eq!(
        kind(jwe::decrypt(&tampered, std::slice::from_ref(&key), MAX)),
        ErrorKind::InvalidSignature
    );

    // A.2: RSA1_5 is refused even with the right key.
    let key2 = Key::import(KeyFormat::Jwk, RFC7516_A2_JWK.as_bytes()).unwrap();
    let e = err_of(jwe::decrypt(RFC7516_A2_JWE, &[key2], MAX));
    assert_eq!(e.kind(), ErrorKind::UnknownAlgorithm);
    assert!(
        e.message().contains("RSA1_5") && e.message().contains("RFC 8725"),
        "{e}"
    );

    // A.3 (its plaintext is "Live long and prosper.", as in A.2).
    let key3 = Key::import(KeyFormat::Jwk, RFC7516_A3_JWK.as_bytes()).unwrap();
    let (header, pt) = jwe::decrypt(RFC7516_A3_JWE, std::slice::from_ref(&key3), MAX).unwrap();
    assert_eq!(std::str::from_utf8(&pt).unwrap(), "Live long and prosper.");
    assert_eq!(header["alg"], "A128KW");
    // The A.3 CEK as published: unwrap the encrypted key with the KEK.
    let cek = jwe::aes_key_unwrap(
        &b64url_decode("GawgguFyGrWKav7AX4VKUg").unwrap(),
        &b64url_decode("6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ").unwrap(),
    )
    .unwrap();
    assert_eq!(
        &cek[..],
        &[
            4, 211, 31, 197, 84, 157, 252, 254, 11, 100, 157, 250, 63, 170, 106, 206, 107, 124,
            212, 45, 111, 107, 9, 219, 200, 177, 0, 240, 143, 156, 44, 207
        ]
    );
    println!(
        "RFC 7516: A.1 (RSA-OAEP + A256GCM) and A.3 (A128KW + A128CBC-HS256) decrypted; A.2 (RSA1_5) refused"
    );
}

#[test]
fn rfc3394_key_wrap_vectors() {
    let data = hex::decode("00112233445566778899AABBCCDDEEFF").unwrap();
    let kek = |len: usize| (0..len as u8).collect::<Vec<u8>>();
    for (len, expected) in [
        (16, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"),
        (24, "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"),
        (32, "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"),
    ] {
        let wrapped = jwe::aes_key_wrap(&kek(len), &data).unwrap();
        assert_eq!(hex::encode_upper(&wrapped), expected, "{len}-byte KEK");
        assert_eq!(
            &jwe::aes_key_unwrap(&kek(len), &wrapped).unwrap()[..],
            &data[..]
        );
        let mut bad = wrapped.clone();
        bad[0] ^= 0x80;
        assert_eq!(
            kind(jwe::aes_key_unwrap(&kek(len), &bad)),
            ErrorKind::InvalidSignature
        );
    }
    // RFC 3394 §4.6: 256-bit key data with a 256-bit KEK.
    let data256 =
        hex::decode("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F").unwrap();
    assert_eq!(
        hex::encode_upper(jwe::aes_key_wrap(&kek(32), &data256).unwrap()),
        "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"
    );

    // Against aws-lc-rs's AES-128/256 key wrap on random data.
    use aws_lc_rs::key_wrap::{AES_128, AES_256, AesKek, KeyWrap};
    let mut compared = 0;
    for _ in 0..50 {
        for (len, cipher) in [(16usize, &AES_128), (32, &AES_256)] {
            let key = random(len);
            let n = 2 + (random(1)[0] as usize % 7);
            let data = random(8 * n);
            let mut out = vec![0u8; data.len() + 8];
            let theirs = AesKek::new(cipher, &key)
                .unwrap()
                .wrap(&data, &mut out)
                .unwrap()
                .to_vec();
            assert_eq!(jwe::aes_key_wrap(&key, &data).unwrap(), theirs);
            assert_eq!(&jwe::aes_key_unwrap(&key, &theirs).unwrap()[..], &data[..]);
            compared += 1;
        }
    }
    assert_eq!(compared, 100);
}

// ---------------------------------------------------------------------------------------------------
// Wycheproof.

/// Commit of the Wycheproof data whose exact counts are asserted (see `SOURCE` beside the data).
const PINNED_COMMIT: &str = "dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166";

fn wycheproof_dir() -> PathBuf {
    let base = match std::env::var_os("KRJWT_TESTDATA") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata"),
    };
    base.join("wycheproof")
}

/// JWE `alg` values that name something other than the key management the header asks for.
fn compact_header(jwe: &str) -> Option<Map<String, Value>> {
    let first = jwe.split('.').next()?;
    if jwe.split('.').count() != 5 {
        return None;
    }
    serde_json::from_slice(&b64url_decode(first)?).ok()
}

#[test]
fn wycheproof_json_web_encryption() {
    let dir = wycheproof_dir();
    if !dir.is_dir() {
        common::missing(&format!("Wycheproof data not found at {}", dir.display()));
        return;
    }
    let path = dir.join("json_web_encryption_test.json");
    let data: Value = serde_json::from_str(
        &std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} is missing or unreadable: {e}", path.display())),
    )
    .unwrap();

    let (mut valid, mut invalid, mut invalid_by_policy) = (0usize, 0usize, 0usize);
    let mut not_applicable: BTreeMap<&str, usize> = BTreeMap::new();
    let mut wrong: Vec<String> = Vec::new();
    let mut total = 0;
    for group in data["testGroups"].as_array().unwrap() {
        let jwk = &group["private"];
        let key = Key::import(KeyFormat::Jwk, jwk.to_string().as_bytes());
        for tc in group["tests"].as_array().unwrap() {
            total += 1;
            let id = format!(
                "tcId {} ({})",
                tc["tcId"],
                tc["comment"].as_str().unwrap_or("")
            );
            let token = tc["jwe"].as_str().unwrap_or("");
            let expected_valid = tc["result"] == "valid";
            let header = compact_header(token);
            let alg = header
                .as_ref()
                .and_then(|h| h.get("alg"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            // Algorithms and constructs KrJwt refuses by design.
            let policy = if alg == "RSA1_5" {
                Some("RSA1_5 refused (RFC 8725)")
            } else if alg.ends_with("GCMKW") {
                Some("AES-GCM key wrap (AxxxGCMKW) not supported")
            } else if alg.starts_with("PBES2") {
                Some("PBES2 not supported")
            } else if header.as_ref().is_some_and(|h| h.contains_key("zip")) {
                Some("compressed plaintext (zip) refused")
            } else {
                None
            };
            let key = match &key {
                Ok(k) => k,
                Err(e) => {
                    wrong.push(format!("{id}: key import failed: {e}"));
                    continue;
                }
            };
            let outcome = jwe::decrypt(token, std::slice::from_ref(key), MAX);
            if let Some(reason) = policy {
                match (&outcome, expected_valid) {
                    (Ok(_), _) => wrong.push(format!("{id}: {reason}, but it decrypted")),
                    (Err(_), false) => {
                        invalid += 1;
                        invalid_by_policy += 1;
                    }
                    (Err(_), true) => *not_applicable.entry(reason).or_default() += 1,
                }
                continue;
            }
            match (outcome, expected_valid) {
                (Ok((_, pt)), true) => {
                    let expected = hex::decode(tc["pt"].as_str().unwrap()).unwrap();
                    if pt[..] == expected[..] {
                        valid += 1;
                    } else {
                        wrong.push(format!("{id}: wrong plaintext"));
                    }
                }
                (Err(_), false) => invalid += 1,
                (Err(e), true) => wrong.push(format!("{id}: valid case refused: {e}")),
                (Ok(_), false) => wrong.push(format!("{id}: invalid case decrypted")),
            }
        }
    }
    let na: usize = not_applicable.values().sum();
    println!(
        "Wycheproof json_web_encryption_test.json: {valid} valid decrypted, {invalid} invalid rejected \
         ({invalid_by_policy} of them by policy: RSA1_5 / AES-GCM key wrap), {na} not applicable: {not_applicable:?}"
    );
    assert!(wrong.is_empty(), "wrong outcomes:\n{}", wrong.join("\n"));
    assert_eq!(total, data["numberOfTests"].as_u64().unwrap() as usize);
    assert_eq!(valid + invalid + na, total);
    let pinned =
        std::fs::read_to_string(dir.join("SOURCE")).is_ok_and(|s| s.contains(PINNED_COMMIT));
    if pinned {
        assert_eq!(
            (valid, invalid, invalid_by_policy, na),
            (50, 74, 28, 15),
            "counts differ from the pinned Wycheproof commit {PINNED_COMMIT}"
        );
    }
}

// ---------------------------------------------------------------------------------------------------
// Interoperability with jwcrypto (Debian python3-jwcrypto).

const JWCRYPTO_SCRIPT: &str = r#"
import json, sys
from jwcrypto import jwk, jwe
from jwcrypto.common import json_encode

out = []
for c in json.load(sys.stdin):
    r = {}
    algs = [c["alg"], c["enc"]]
    try:
        t = jwe.JWE(algs=algs)
        t.deserialize(c["ours"], key=jwk.JWK(**c["private"]))
        r["decrypted"] = t.payload.hex()
    except Exception as e:
        r["decrypt_error"] = repr(e)
    try:
        header = {"alg": c["alg"], "enc": c["enc"]}
        header.update(c.get("extra", {}))
        t = jwe.JWE(bytes.fromhex(c["theirs_plaintext"]), protected=json_encode(header), algs=algs)
        t.add_recipient(jwk.JWK(**c["public"]))
        r["theirs"] = t.serialize(compact=True)
    except Exception as e:
        r["encrypt_error"] = repr(e)
    out.append(r)
json.dump(out, sys.stdout)
"#;

/// A JWK jwcrypto will use for encryption: our export marks keys `use: sig` with a JWS `alg`.
fn jwk_for_jwcrypto(key: &Key, private: bool) -> Value {
    let mut jwk = to_jwk(key, private || key.family() == Family::Hmac).unwrap();
    let m = jwk.as_object_mut().unwrap();
    m.remove("alg");
    m.remove("use");
    jwk
}

#[test]
fn interop_with_jwcrypto() {
    let python = "/usr/bin/python3";
    let available = Command::new(python)
        .args(["-c", "import jwcrypto.jwe"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        common::missing(&format!(
            "{python} cannot import jwcrypto (apt-get install -y python3-jwcrypto)"
        ));
        return;
    }

    let mut cases = Vec::new();
    let mut meta = Vec::new();
    for alg in KeyManagement::ALL {
        for enc in ContentEncryption::ALL {
            for key in keys_for(alg, enc) {
                let mut extra = extra(&key);
                // apu/apv on the P-384 ECDH cases, in both directions.
                if is_ecdh(alg) && key.info()["crv"] == "P-384" {
                    extra.insert("apu".into(), b64url_encode(b"Alice").into());
                    extra.insert("apv".into(), b64url_encode(b"Bob").into());
                }
                let ours_pt = format!("ours {} {}", alg.name(), enc.name()).into_bytes();
                let theirs_pt = random(1 + (cases.len() * 7) % 90);
                let ours = Encrypter::new(&key, Some(alg), Some(enc))
                    .unwrap()
                    .encrypt(&ours_pt, &extra)
                    .unwrap();
                extra.remove("typ");
                cases.push(json!({
                    "alg": alg.name(),
                    "enc": enc.name(),
                    "private": jwk_for_jwcrypto(&key, true),
                    "public": jwk_for_jwcrypto(&key, false),
                    "ours": ours,
                    "extra": extra,
                    "theirs_plaintext": hex::encode(&theirs_pt),
                }));
                meta.push((alg, enc, key, ours_pt, theirs_pt));
            }
        }
    }

    let mut child = Command::new(python)
        .args(["-c", JWCRYPTO_SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::Array(cases).to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "jwcrypto script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results.len(), meta.len());

    let mut failures = Vec::new();
    let (mut ours_ok, mut theirs_ok) = (0, 0);
    let mut pairs_both_ways = std::collections::BTreeSet::new();
    for (r, (alg, enc, key, ours_pt, theirs_pt)) in results.iter().zip(&meta) {
        let what = format!("{} + {} ({})", alg.name(), enc.name(), key.info()["crv"]);
        let ours_decrypted = match r.get("decrypted").and_then(Value::as_str) {
            Some(hex_pt) if hex::decode(hex_pt).unwrap() == *ours_pt => true,
            Some(_) => {
                failures.push(format!(
                    "{what}: jwcrypto decrypted our token to other bytes"
                ));
                false
            }
            None => {
                failures.push(format!(
                    "{what}: jwcrypto refused our token: {}",
                    r["decrypt_error"]
                ));
                false
            }
        };
        let theirs_decrypted = match r.get("theirs").and_then(Value::as_str) {
            Some(token) => match jwe::decrypt(token, std::slice::from_ref(key), MAX) {
                Ok((header, pt)) if pt[..] == theirs_pt[..] => {
                    assert_eq!(header["alg"], alg.name());
                    true
                }
                Ok(_) => {
                    failures.push(format!("{what}: their token decrypted to other bytes"));
                    false
                }
                Err(e) => {
                    failures.push(format!(
                        "{what}: we refused jwcrypto's token: {e} ({token})"
                    ));
                    false
                }
            },
            None => {
                failures.push(format!(
                    "{what}: jwcrypto could not encrypt: {}",
                    r["encrypt_error"]
                ));
                false
            }
        };
        ours_ok += usize::from(ours_decrypted);
        theirs_ok += usize::from(theirs_decrypted);
        if ours_decrypted && theirs_decrypted {
            pairs_both_ways.insert((alg.name(), enc.name()));
        }
    }
    println!(
        "jwcrypto interop: {} alg/enc pairs both ways ({ours_ok} of our tokens decrypted by jwcrypto, \
         {theirs_ok} jwcrypto tokens decrypted by us, over {} key/pair combinations)",
        pairs_both_ways.len(),
        meta.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(pairs_both_ways.len(), 60);
    assert_eq!((ours_ok, theirs_ok), (meta.len(), meta.len()));
}
