//! Wycheproof test vectors (C2SP/wycheproof, `testvectors_v1/`) run against the JWS primitives and the
//! validator.
//!
//! The data is not part of the project: it is read from `$KRJWT_TESTDATA/wycheproof/` (default
//! `<crate>/../shared/testdata/wycheproof/`). When that folder is absent every test prints
//! `skipped: Wycheproof data not found at <path>` and passes — except under CI (`CI=true`), where it fails;
//! when the folder exists, a missing file fails.
//!
//! Signature files: every test case whose group maps onto a JWS algorithm is verified with
//! [`VerificationKey::verify`] (the JWS verification primitive: signing input bytes, raw JWS signature,
//! i.e. fixed-length r||s for ECDSA). `valid` must verify, `invalid` must not, `acceptable` is counted and
//! never fails. A key our import refuses is fine when every case of its group is `invalid` (counted as
//! rejected at import); refusing the key of a `valid` case is a failure. Groups that do not map onto JWS
//! (truncated HMAC tags, other hashes, other PSS parameters) are "not applicable"; HMAC keys shorter than
//! the hash are refused by KrJwt's minimum-key rule, counted separately, and checked to be refused.
//!
//! JOSE files (`json_web_signature_test.json`, `json_web_key_test.json`): compact JWS tokens checked with a
//! [`Validator`] holding the group's JWK (or JWK Set), `exp` not required. See `run_jose_file` for how a
//! JWS that is valid but is not a JWT is counted, and for the cases that do not apply, each with its reason.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use kr_jwt_core::base::json::b64url_decode;
use kr_jwt_core::{
    Algorithm, ErrorKind, Key, KeyFormat, ValidationParams, Validator, VerificationKey,
};
use serde_json::Value;

/// Commit of the Wycheproof data this file's exact counts were taken from (see `SOURCE` beside the data).
const PINNED_COMMIT: &str = "dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166";

fn data_dir() -> PathBuf {
    let base = match std::env::var_os("KRJWT_TESTDATA") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata"),
    };
    base.join("wycheproof")
}

/// The parsed file, or `None` (after printing why) when the Wycheproof folder is absent.
fn load(file: &str) -> Option<Value> {
    let dir = data_dir();
    if !dir.is_dir() {
        common::missing(&format!("Wycheproof data not found at {}", dir.display()));
        return None;
    }
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} is missing or unreadable: {e}", path.display()));
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Whether the data is the pinned Wycheproof commit (then the exact per-file counts are asserted too).
fn is_pinned() -> bool {
    std::fs::read_to_string(data_dir().join("SOURCE")).is_ok_and(|s| s.contains(PINNED_COMMIT))
}

fn hex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

fn s<'a>(v: &'a Value, name: &str) -> &'a str {
    v[name].as_str().unwrap_or("")
}

#[derive(Default, Debug)]
struct Tally {
    valid_accepted: usize,
    invalid_rejected: usize,
    /// Of `invalid_rejected`: cases whose key our import (or validator set-up) refused.
    rejected_at_import: usize,
    acceptable: usize,
    acceptable_accepted: usize,
    not_applicable: usize,
    /// Of `not_applicable`: cases KrJwt refuses by policy (minimum key size, strict encoding, alg binding).
    by_policy: usize,
    /// Of `not_applicable`: JOSE cases flagged `Ambiguous` by Wycheproof (behaviour the RFCs leave open).
    ambiguous: usize,
    ambiguous_accepted: usize,
    /// Of `not_applicable`: known divergences, listed in `KNOWN_GAPS` with the reason.
    wrong: Vec<String>,
}

impl Tally {
    fn total(&self) -> usize {
        self.valid_accepted + self.invalid_rejected + self.acceptable + self.not_applicable
    }

    fn wrong(&mut self, file: &str, tc: &Value, what: String) {
        self.wrong.push(format!(
            "{file} tcId {} ({}): {what}",
            tc["tcId"],
            s(tc, "comment")
        ));
    }

    /// Records one verification outcome against the expected result.
    fn record(&mut self, file: &str, tc: &Value, accepted: bool) {
        match (s(tc, "result"), accepted) {
            ("valid", true) => self.valid_accepted += 1,
            ("invalid", false) => self.invalid_rejected += 1,
            ("acceptable", a) => {
                self.acceptable += 1;
                self.acceptable_accepted += usize::from(a);
            }
            ("valid", false) => self.wrong(file, tc, "valid case rejected".into()),
            ("invalid", true) => self.wrong(file, tc, "invalid case accepted".into()),
            (other, _) => self.wrong(file, tc, format!("unknown result '{other}'")),
        }
    }

    /// Every case of a group whose key was refused.
    fn key_refused(&mut self, file: &str, tests: &[Value], why: &str) {
        for tc in tests {
            match s(tc, "result") {
                "invalid" => {
                    self.invalid_rejected += 1;
                    self.rejected_at_import += 1;
                }
                "acceptable" => self.acceptable += 1,
                _ => self.wrong(
                    file,
                    tc,
                    format!("the key of a valid case was refused: {why}"),
                ),
            }
        }
    }

    fn finish(self, file: &str, expected_tests: usize, pinned: Option<[usize; 4]>) {
        println!(
            "{file}: {} valid accepted, {} invalid rejected, {} acceptable ({} accepted), {} not applicable \
             [{} rejected at key import; not applicable: {} by policy, {} ambiguous ({} accepted)]",
            self.valid_accepted,
            self.invalid_rejected,
            self.acceptable,
            self.acceptable_accepted,
            self.not_applicable,
            self.rejected_at_import,
            self.by_policy,
            self.ambiguous,
            self.ambiguous_accepted,
        );
        assert!(
            self.wrong.is_empty(),
            "{file}: {} wrong outcomes:\n{}",
            self.wrong.len(),
            self.wrong.join("\n")
        );
        assert_eq!(
            self.total(),
            expected_tests,
            "{file}: every test case is counted exactly once"
        );
        assert!(self.valid_accepted > 0, "{file}: no valid case ran");
        assert!(self.invalid_rejected > 0, "{file}: no invalid case ran");
        if let Some(want) = pinned.filter(|_| is_pinned()) {
            assert_eq!(
                [
                    self.valid_accepted,
                    self.invalid_rejected,
                    self.acceptable,
                    self.not_applicable
                ],
                want,
                "{file}: counts differ from the pinned Wycheproof commit {PINNED_COMMIT}"
            );
        }
    }
}

fn number_of_tests(doc: &Value) -> usize {
    let counted: usize = groups(doc)
        .iter()
        .map(|g| g["tests"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        doc["numberOfTests"].as_u64(),
        Some(counted as u64),
        "numberOfTests does not match the test cases in the file"
    );
    counted
}

fn groups(doc: &Value) -> &[Value] {
    doc["testGroups"].as_array().expect("testGroups")
}

fn tests(group: &Value) -> &[Value] {
    group["tests"].as_array().expect("tests")
}

/// Imports a group's public key from every form the file gives that our import reads (DER SPKI, PEM, JWK)
/// and checks they agree. Returns the DER-imported key, or the reason it was refused.
fn import_group_key(group: &Value) -> Result<Key, String> {
    let der = Key::import(KeyFormat::Der, &hex(&group["publicKeyDer"]));
    let pem = group["publicKeyPem"]
        .as_str()
        .map(|p| Key::import(KeyFormat::Pem, p.as_bytes()));
    let jwk = group
        .get("publicKeyJwk")
        .or_else(|| group.get("keyJwk"))
        .map(|j| Key::import(KeyFormat::Jwk, j.to_string().as_bytes()));
    let der_print = der.as_ref().ok().map(kr_jwt_core::key::thumbprint);
    for (form, other) in [("PEM", pem), ("JWK", jwk)] {
        if let Some(other) = other {
            let print = other.as_ref().ok().map(kr_jwt_core::key::thumbprint);
            assert_eq!(
                print.is_some(),
                der_print.is_some(),
                "DER and {form} imports of the same key disagree: DER {:?}, {form} {:?}",
                der.as_ref().err(),
                other.as_ref().err()
            );
            assert_eq!(print, der_print, "DER and {form} give different keys");
        }
    }
    der.map_err(|e| format!("{:?}: {e}", e.kind()))
}

/// A signature file: `applies` says whether a group maps onto `alg` (`Err(reason)` = not applicable).
fn run_signature_file(
    file: &str,
    alg: Algorithm,
    applies: impl Fn(&Value) -> Result<(), String>,
    pinned: [usize; 4],
) {
    let Some(doc) = load(file) else { return };
    let total = number_of_tests(&doc);
    let mut t = Tally::default();
    for group in groups(&doc) {
        let cases = tests(group);
        if let Err(reason) = applies(group) {
            println!(
                "  {file}: group of {} cases not applicable: {reason}",
                cases.len()
            );
            t.not_applicable += cases.len();
            continue;
        }
        let key = match import_group_key(group) {
            Ok(k) => k,
            Err(why) => {
                t.key_refused(file, cases, &why);
                continue;
            }
        };
        assert!(
            !key.has_private(),
            "{file}: a public key imported as private"
        );
        let vk = VerificationKey::from_key(&key);
        for tc in cases {
            let accepted = vk.verify(alg, &hex(&tc["msg"]), &hex(&tc["sig"]));
            t.record(file, tc, accepted);
        }
    }
    t.finish(file, total, Some(pinned));
}

fn ecdsa(file: &str, alg: Algorithm, curve: &'static str, sha: &'static str, pinned: [usize; 4]) {
    run_signature_file(
        file,
        alg,
        |g| {
            let c = s(&g["publicKey"], "curve");
            if c != curve || s(g, "sha") != sha || s(g, "type") != "EcdsaP1363Verify" {
                return Err(format!("{c}/{} is not {}", s(g, "sha"), alg.name()));
            }
            Ok(())
        },
        pinned,
    );
}

#[test]
fn ecdsa_p256_sha256_es256() {
    ecdsa(
        "ecdsa_secp256r1_sha256_p1363_test.json",
        Algorithm::ES256,
        "secp256r1",
        "SHA-256",
        [173, 89, 0, 0],
    );
}

#[test]
fn ecdsa_p384_sha384_es384() {
    ecdsa(
        "ecdsa_secp384r1_sha384_p1363_test.json",
        Algorithm::ES384,
        "secp384r1",
        "SHA-384",
        [193, 87, 0, 0],
    );
}

#[test]
fn ecdsa_p521_sha512_es512() {
    ecdsa(
        "ecdsa_secp521r1_sha512_p1363_test.json",
        Algorithm::ES512,
        "secp521r1",
        "SHA-512",
        [231, 87, 0, 0],
    );
}

#[test]
fn ecdsa_secp256k1_sha256_es256k() {
    ecdsa(
        "ecdsa_secp256k1_sha256_p1363_test.json",
        Algorithm::ES256K,
        "secp256k1",
        "SHA-256",
        [167, 85, 0, 0],
    );
}

#[test]
fn ed25519_eddsa() {
    run_signature_file(
        "ed25519_test.json",
        Algorithm::EdDSA,
        |g| match s(&g["publicKey"], "curve") {
            "edwards25519" => Ok(()),
            other => Err(format!("curve {other} is not Ed25519")),
        },
        [88, 63, 0, 0],
    );
}

#[test]
fn rsa_pkcs1_2048_sha256_rs256() {
    run_signature_file(
        "rsa_signature_2048_sha256_test.json",
        Algorithm::RS256,
        |g| {
            if s(g, "sha") != "SHA-256" {
                return Err(format!("hash {} is not RS256's SHA-256", s(g, "sha")));
            }
            if g["keySize"].as_u64().unwrap_or(0) < 2048 {
                return Err("RSA keys under 2048 bits are refused by policy".into());
            }
            Ok(())
        },
        [9, 249, 1, 0],
    );
}

#[test]
fn rsa_pss_2048_sha256_mgf1_32_ps256() {
    run_signature_file(
        "rsa_pss_2048_sha256_mgf1_32_test.json",
        Algorithm::PS256,
        |g| {
            // JWS PS256 (RFC 7518 §3.5): SHA-256, MGF1 with SHA-256, salt length = hash length (32).
            let params = (s(g, "sha"), s(g, "mgf"), s(g, "mgfSha"), g["sLen"].as_u64());
            if params != ("SHA-256", "MGF1", "SHA-256", Some(32)) {
                return Err(format!("PSS parameters {params:?} are not JWS PS256"));
            }
            if g["keySize"].as_u64().unwrap_or(0) < 2048 {
                return Err("RSA keys under 2048 bits are refused by policy".into());
            }
            Ok(())
        },
        [63, 45, 0, 0],
    );
}

#[test]
fn hmac_sha256_hs256() {
    let file = "hmac_sha256_test.json";
    let Some(doc) = load(file) else { return };
    let total = number_of_tests(&doc);
    let mut t = Tally::default();
    let mut refused_keys = 0;
    for group in groups(&doc) {
        let cases = tests(group);
        let (key_bits, tag_bits) = (group["keySize"].as_u64(), group["tagSize"].as_u64());
        if tag_bits != Some(256) {
            // A JWS HS256 signature is the full 256-bit tag (RFC 7518 §3.2); truncated tags do not map.
            println!(
                "  {file}: {} cases with {tag_bits:?}-bit tags not applicable (JWS uses the full tag)",
                cases.len()
            );
            t.not_applicable += cases.len();
            continue;
        }
        for tc in cases {
            let secret = hex(&tc["key"]);
            assert_eq!(Some(secret.len() as u64 * 8), key_bits, "keySize");
            let key = Key::import(KeyFormat::Hex, tc["key"].as_str().unwrap().as_bytes())
                .expect("any non-empty hex secret imports");
            let vk = VerificationKey::from_key(&key);
            let accepted = vk.verify(Algorithm::HS256, &hex(&tc["msg"]), &hex(&tc["tag"]));
            if secret.len() < 32 {
                // Below HS256's minimum (RFC 7518 §3.2: a key of the hash size or larger): refused for
                // signing and for verification, whatever the tag.
                let refused = key
                    .check_algorithm(Algorithm::HS256)
                    .is_err_and(|e| e.kind() == ErrorKind::KeyTooShort)
                    && kr_jwt_core::Signer::new(&key, Algorithm::HS256, None).is_err()
                    && !vk.accepts(Algorithm::HS256)
                    && !accepted
                    && Validator::new(
                        ValidationParams {
                            valid_algorithms: vec!["HS256".into()],
                            valid_issuers: vec!["iss".into()],
                            valid_audiences: vec!["aud".into()],
                            ..ValidationParams::default()
                        },
                        vec![vk.clone()],
                    )
                    .is_err_and(|e| e.kind() == ErrorKind::AlgorithmKeyMismatch);
                if refused {
                    refused_keys += 1;
                    t.not_applicable += 1;
                    t.by_policy += 1;
                } else {
                    t.wrong(
                        file,
                        tc,
                        format!("a {}-byte HS256 key was not refused", secret.len()),
                    );
                }
                continue;
            }
            t.record(file, tc, accepted);
        }
    }
    assert!(refused_keys > 0, "{file}: no short key was checked");
    t.finish(file, total, Some([30, 54, 0, 90]));
}

// ---------------------------------------------------------------------------------------------------
// JOSE files
// ---------------------------------------------------------------------------------------------------

const NOW: i64 = 1_700_000_000;

/// How a JOSE case ended.
#[derive(Debug)]
enum Outcome {
    /// The validator accepted the token.
    Accepted,
    /// Header, algorithm, key selection and signature all passed; the token failed only because its
    /// payload is not a JSON object (these Wycheproof payloads are "foo", "Test", ... — valid JWS, but not
    /// JWTs, and KrJwt only validates JWTs). The validator checks the signature before decoding the
    /// payload, so reaching this error means the JWS verified.
    SignatureAcceptedPayloadNotJwt,
    Rejected(ErrorKind, String),
}

impl Outcome {
    fn jws_accepted(&self) -> bool {
        !matches!(self, Outcome::Rejected(..))
    }
}

fn outcome(validator: &Validator, token: &str) -> Outcome {
    match validator.validate_at(token, NOW) {
        Ok(_) => Outcome::Accepted,
        Err(e)
            if e.kind() == ErrorKind::MalformedToken
                && e.message().starts_with("the payload is not") =>
        {
            Outcome::SignatureAcceptedPayloadNotJwt
        }
        Err(e) => Outcome::Rejected(e.kind(), e.message().to_owned()),
    }
}

/// The keys of a group: `public` when present (asymmetric), else `private` (oct); a JWK or a JWK Set.
fn group_keys(group: &Value, strip_alg: bool) -> kr_jwt_core::Result<Vec<Key>> {
    let mut jwk = group.get("public").unwrap_or(&group["private"]).clone();
    if strip_alg {
        match jwk.get_mut("keys").and_then(Value::as_array_mut) {
            Some(keys) => keys.iter_mut().for_each(|k| {
                k.as_object_mut().map(|o| o.remove("alg"));
            }),
            None => {
                jwk.as_object_mut().map(|o| o.remove("alg"));
            }
        }
    }
    if jwk.get("keys").is_some() {
        kr_jwt_core::key::parse_jwks(jwk.to_string().as_bytes())
    } else {
        Key::import(KeyFormat::Jwk, jwk.to_string().as_bytes()).map(|k| vec![k])
    }
}

fn validator_for(keys: &[Key]) -> kr_jwt_core::Result<Validator> {
    Validator::new(
        ValidationParams {
            require_expiration_time: false,
            // Wycheproof's JWS vectors test signatures; their payloads carry no issuer or audience.
            validate_issuer: false,
            validate_audience: false,
            ..ValidationParams::default()
        },
        keys.iter().map(VerificationKey::from_key).collect(),
    )
}

/// Verifies a compact JWS's signature with the primitive directly (header `alg`, literal signing input).
fn primitive_verifies(keys: &[Key], token: &str) -> bool {
    let Some((input, sig)) = token.rsplit_once('.') else {
        return false;
    };
    let Some(header) = input
        .split('.')
        .next()
        .and_then(b64url_decode)
        .and_then(|h| serde_json::from_slice::<Value>(&h).ok())
    else {
        return false;
    };
    let (Some(alg), Some(sig)) = (
        header["alg"].as_str().and_then(Algorithm::from_jws_name),
        b64url_decode(sig),
    ) else {
        return false;
    };
    keys.iter()
        .any(|k| VerificationKey::from_key(k).verify(alg, input.as_bytes(), &sig))
}

/// Cases KrJwt does not apply as Wycheproof expects, by (file, tcId), with the reason. Each is still
/// checked: the stated behaviour must hold, so a change in either direction is noticed.
enum Special {
    /// Valid per Wycheproof, refused by KrJwt on purpose; checked to be refused.
    Policy(&'static str),
    /// Like `Policy`, and the signature must verify once the key's JWK `alg` is removed (so the refusal is
    /// the `alg` binding, not the cryptography).
    PolicyAlgBinding(&'static str),
}

fn special(file: &str, tc: u64) -> Option<Special> {
    use Special::*;
    Some(match (file, tc) {
        // Wycheproof calls these valid: a '?' inserted into a segment is skipped by lenient base64
        // decoders. RFC 7515 §2/§7.1 define the segments as unpadded base64url, and the signature covers the
        // ASCII of the segments as sent (§5.2 step 8), so KrJwt refuses them (strict, canonical decoding).
        ("json_web_signature_test.json", 372 | 373) => {
            Policy("strict base64url (RFC 7515 §2, §5.2)")
        }
        // RFC 7520 figure 20 is a PS384 token, but Wycheproof's copy of the key carries "alg":"PS256". A JWK
        // `alg` binds the key to that algorithm (RFC 7517 §4.4), so a PS384 token is refused.
        ("json_web_signature_test.json", 346 | 350) => {
            PolicyAlgBinding("the key's JWK 'alg' (PS256) differs from the token's (PS384)")
        }
        // RFC 7520 figure 27 (ES512 on P-521), but Wycheproof's key carries "alg":"ES521", which is not a
        // registered JWS algorithm (RFC 7518 §3.1); the key is refused at import.
        ("json_web_signature_test.json", 347 | 351) => {
            PolicyAlgBinding("the key's JWK 'alg' is 'ES521', not a JWS algorithm name")
        }
        // Keys marked for encryption ("use":"enc", "key_ops":["encrypt"]) are accepted for signature
        // verification: KrJwt ignores `use` and `key_ops` on import (RFC 7517 §4.2/§4.3).
        _ => return None,
    })
}

/// Tokens that occur more than once in a file with different expected results (data defect: e.g.
/// json_web_signature tcId 367/370 "invalidBase64Padding" are byte-identical to the valid tcId 357, their
/// padding lost in conversion). Maps token → the expected results seen.
fn contradictory_tokens(doc: &Value) -> BTreeMap<String, Vec<String>> {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in groups(doc) {
        // Only within one key: the same token under another key may rightly differ.
        let mut local: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for tc in tests(group) {
            local
                .entry(s(tc, "jws").to_owned())
                .or_default()
                .push(s(tc, "result").to_owned());
        }
        for (token, mut results) in local {
            results.sort();
            results.dedup();
            if results.len() > 1 {
                seen.insert(token, results);
            }
        }
    }
    seen
}

/// The payload segment of a compact JWS is empty.
fn empty_payload(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3 && parts[1].is_empty()
}

fn run_jose_file(file: &str, pinned: [usize; 4]) {
    let Some(doc) = load(file) else { return };
    let total = number_of_tests(&doc);
    let contradictory = contradictory_tokens(&doc);
    let mut t = Tally::default();
    let mut notes: Vec<String> = Vec::new();
    let mut not_jwt_payloads = 0;
    for group in groups(&doc) {
        // Set-up failures (a refused JWK, a validator no algorithm fits) reject every case of the group.
        let setup =
            group_keys(group, false).and_then(|keys| validator_for(&keys).map(|v| (keys, v)));
        for tc in tests(group) {
            let id = tc["tcId"].as_u64().unwrap();
            let token = s(tc, "jws");
            let expected = s(tc, "result");
            let flags: Vec<&str> = tc["flags"]
                .as_array()
                .map(|f| f.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let result = match &setup {
                Ok((_, v)) => outcome(v, token),
                Err(e) => Outcome::Rejected(e.kind(), format!("at key set-up: {e}")),
            };
            if matches!(result, Outcome::SignatureAcceptedPayloadNotJwt) {
                not_jwt_payloads += 1;
            }
            let refused = !result.jws_accepted();
            let special = special(file, id);
            match special {
                Some(Special::Policy(reason)) | Some(Special::PolicyAlgBinding(reason)) => {
                    // With the key's `alg` removed, the signature itself must verify.
                    let crypto_ok = !matches!(special, Some(Special::PolicyAlgBinding(_)))
                        || group_keys(group, true)
                            .is_ok_and(|keys| primitive_verifies(&keys, token));
                    if expected == "valid" && refused && crypto_ok {
                        t.not_applicable += 1;
                        t.by_policy += 1;
                        notes.push(format!("tcId {id} refused by policy: {reason}"));
                    } else {
                        t.wrong(
                            file,
                            tc,
                            format!(
                                "policy case ({reason}) no longer behaves as documented: {result:?}, \
                                 signature verifies without the key's alg: {crypto_ok}"
                            ),
                        );
                    }
                    continue;
                }
                None => {}
            }
            if let Some(results) = contradictory.get(token).filter(|_| expected == "invalid") {
                // The same bytes are also expected valid in this group (and counted there, where they must be
                // accepted): this copy cannot be right for any implementation, so it is not counted.
                t.not_applicable += 1;
                notes.push(format!(
                    "tcId {id} ({}) not applicable: the identical token is expected {results:?} in this group \
                     (we {})",
                    s(tc, "comment"),
                    if refused { "refuse it" } else { "accept it" }
                ));
                continue;
            }
            if expected == "valid" && empty_payload(token) {
                // A JWS with an empty payload is valid JWS but never a JWT (a JWT payload is a JSON object);
                // the compact splitter refuses it. Checked: refused as malformed, and the signature verifies
                // with the primitive directly (the cryptography is right; the refusal is the JWT rule).
                let crypto_ok = setup
                    .as_ref()
                    .is_ok_and(|(keys, _)| primitive_verifies(keys, token));
                if matches!(result, Outcome::Rejected(ErrorKind::MalformedToken, _)) && crypto_ok {
                    t.not_applicable += 1;
                    t.by_policy += 1;
                } else {
                    t.wrong(
                        file,
                        tc,
                        format!("empty-payload JWS: {result:?}, primitive verifies: {crypto_ok}"),
                    );
                }
                continue;
            }
            if flags.contains(&"Ambiguous") {
                // Wycheproof: "behavior that is not well defined by the RFCs"; recorded, never failed.
                t.not_applicable += 1;
                t.ambiguous += 1;
                t.ambiguous_accepted += usize::from(!refused);
                notes.push(format!(
                    "tcId {id} ambiguous ({}), expected {expected}: {result:?}",
                    s(tc, "comment")
                ));
                continue;
            }
            if setup.is_err() && expected == "invalid" {
                t.invalid_rejected += 1;
                t.rejected_at_import += 1;
                continue;
            }
            let before = t.wrong.len();
            t.record(file, tc, !refused);
            if let (true, Outcome::Rejected(kind, why)) = (t.wrong.len() > before, &result) {
                if let Some(last) = t.wrong.last_mut() {
                    last.push_str(&format!(" ({kind:?}: {why})"));
                }
            }
        }
    }
    for note in &notes {
        println!("  {file}: {note}");
    }
    println!(
        "  {file}: {not_jwt_payloads} tokens passed every check up to the signature and failed only because \
         the payload is not a JWT claims set"
    );
    t.finish(file, total, Some(pinned));
}

#[test]
fn jose_json_web_signature() {
    run_jose_file("json_web_signature_test.json", [34, 353, 0, 14]);
}

#[test]
fn jose_json_web_key() {
    run_jose_file("json_web_key_test.json", [5, 19, 0, 2]);
}

/// A JWK marked for encryption (`"use":"enc"`, or `key_ops` without sign/verify) must not verify
/// signatures (RFC 7517 §4.2-4.3; Wycheproof json_web_signature tcId 353-356, json_web_key tcId 21).
#[test]
fn encryption_only_jwk_does_not_verify_signatures() {
    let key = kr_jwt_core::key::generate("EC", 256).unwrap();
    let mut b = kr_jwt_core::TokenBuilder::new();
    b.set_issuer("iss").unwrap();
    b.add_audience("aud").unwrap();
    b.protect(&key, Some(Algorithm::ES256), None).unwrap();
    let token = b.build().unwrap();
    for (member, value) in [
        ("use", serde_json::json!("enc")),
        ("key_ops", serde_json::json!(["encrypt"])),
    ] {
        let mut jwk = kr_jwt_core::key::to_jwk(&key, false).unwrap();
        jwk.as_object_mut().unwrap().remove("use");
        jwk[member] = value;
        let k = Key::import(KeyFormat::Jwk, jwk.to_string().as_bytes()).unwrap();
        // Refused when the validator is made (no usable algorithm), or else when validating.
        if let Ok(v) = Validator::new(
            ValidationParams {
                valid_issuers: vec!["iss".into()],
                valid_audiences: vec!["aud".into()],
                ..ValidationParams::default()
            },
            vec![VerificationKey::from_key(&k)],
        ) {
            assert!(
                v.validate(token.token()).is_err(),
                "a {member} encryption key verified a signature"
            );
        }
        let mut signer = kr_jwt_core::TokenBuilder::new();
        assert!(
            signer.protect(&k, Some(Algorithm::ES256), None).is_err(),
            "{member}: signed with an encryption key"
        );
    }
}
