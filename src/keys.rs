//! Keys are parsed once, at import, and kept parsed. A `Key` may hold private material; the
//! verification side only ever sees a [`VerificationKey`] derived from it.

use std::sync::Arc;

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::PublicKeyComponents;
use aws_lc_rs::signature::{
    self as sig, EcdsaKeyPair, Ed25519KeyPair, ParsedPublicKey, RsaKeyPair,
};
use serde_json::json;
use zeroize::Zeroizing;

use crate::alg::{Algorithm, Curve, Family, printable};
use crate::error::{Result, err};
use crate::json::b64url_decode;
use crate::keyparse;

/// How key bytes handed to [`Key::import`] are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// ASCII hex text of an HMAC secret.
    Hex,
    /// base64url text of an HMAC secret (padding tolerated).
    Base64Url,
    /// Raw secret bytes (a passphrase's UTF-8, a byte array).
    Secret,
    /// One PEM block: PKCS#8, PKCS#1, SEC1, SPKI public key or X.509 certificate.
    Pem,
    /// DER of the same structures.
    Der,
    /// A JWK (JSON object) of type oct, RSA, EC or OKP.
    Jwk,
}

pub(crate) enum Material {
    Secret(Zeroizing<Vec<u8>>),
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
        private: Option<RsaKeyPair>,
    },
    Ec {
        curve: Curve,
        /// Uncompressed point, 0x04 || x || y.
        point: Vec<u8>,
        private: Option<EcdsaKeyPair>,
    },
    Ed25519 {
        public: Vec<u8>,
        private: Option<Ed25519KeyPair>,
    },
}

impl Material {
    pub(crate) fn family(&self) -> Family {
        match self {
            Material::Secret(_) => Family::Hmac,
            Material::Rsa { .. } => Family::Rsa,
            Material::Ec { curve, .. } => Family::Ec(*curve),
            Material::Ed25519 { .. } => Family::Ed25519,
        }
    }
}

/// A parsed key, with an optional key id and the algorithm it is bound to (a JWK's `alg`).
#[derive(Clone)]
pub struct Key {
    pub(crate) material: Arc<Material>,
    kid: Option<String>,
    bound_alg: Option<Algorithm>,
    /// False for a JWK meant for encryption only (`use: enc`, or `key_ops` without sign/verify).
    for_signatures: bool,
    /// False for a JWK meant for signatures only.
    for_encryption: bool,
    /// The JWE key management algorithm a JWK binds the key to.
    jwe_alg: Option<String>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key bytes.
        f.debug_struct("Key")
            .field("kty", &self.kty())
            .field("bits", &self.bits())
            .field("kid", &self.kid)
            .finish()
    }
}

impl Key {
    /// Parses a key. Asymmetric keys without a `kid` get their RFC 7638 thumbprint as key id.
    pub fn import(format: KeyFormat, data: &[u8]) -> Result<Key> {
        let (mut for_signatures, mut for_encryption, mut jwe_alg) = (true, true, None);
        let (material, kid, bound_alg) = match format {
            KeyFormat::Hex => (Material::Secret(decode_hex(data)?), None, None),
            KeyFormat::Base64Url => (Material::Secret(decode_b64url(data)?), None, None),
            KeyFormat::Secret => {
                if data.is_empty() {
                    return Err(err!(InvalidKey, "the secret is empty"));
                }
                (Material::Secret(Zeroizing::new(data.to_vec())), None, None)
            }
            KeyFormat::Pem => (keyparse::parse_pem(data)?, None, None),
            KeyFormat::Der => (keyparse::parse_der(data)?, None, None),
            KeyFormat::Jwk => {
                let value = crate::json::parse_strict(data)
                    .map_err(|e| err!(InvalidKey, "the JWK is not valid JSON: {e}"))?;
                let serde_json::Value::Object(map) = value else {
                    return Err(err!(InvalidKey, "the JWK is not a JSON object"));
                };
                if map.contains_key("keys") {
                    return Err(err!(
                        InvalidKey,
                        "this is a JWK Set; give a single JWK (validators accept a whole set)"
                    ));
                }
                let parts = keyparse::parse_jwk(&map)?;
                for_signatures = parts.for_signatures;
                for_encryption = parts.for_encryption;
                jwe_alg = parts.jwe_alg;
                (parts.material, parts.kid, parts.alg)
            }
        };
        let key = Key {
            material: Arc::new(material),
            kid: None,
            bound_alg: None,
            for_signatures,
            for_encryption,
            jwe_alg,
        };
        if let Some(alg) = bound_alg {
            if alg.family() != key.family() {
                return Err(err!(
                    AlgorithmKeyMismatch,
                    "the JWK's 'alg' {} does not fit its key type",
                    alg.name()
                ));
            }
        }
        let default_kid = match key.family() {
            Family::Hmac => None,
            _ => Some(crate::jwk::thumbprint(&key)),
        };
        Key { bound_alg, ..key }.with_kid(kid.or(default_kid))
    }

    pub(crate) fn from_material(material: Material) -> Key {
        let key = Key {
            material: Arc::new(material),
            kid: None,
            bound_alg: None,
            for_signatures: true,
            for_encryption: true,
            jwe_alg: None,
        };
        let kid = match key.family() {
            Family::Hmac => None,
            _ => Some(crate::jwk::thumbprint(&key)),
        };
        Key { kid, ..key }
    }

    /// An HMAC secret from raw bytes.
    pub fn secret(bytes: &[u8]) -> Result<Key> {
        Key::import(KeyFormat::Secret, bytes)
    }

    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The signing algorithm a JWK's `alg` binds this key to, if any.
    pub fn bound_algorithm(&self) -> Option<Algorithm> {
        self.bound_alg
    }

    /// Whether the key may sign/verify (a JWK's `use`/`key_ops` can forbid it).
    pub fn for_signatures(&self) -> bool {
        self.for_signatures
    }

    /// Whether the key may encrypt/decrypt (a JWK's `use`/`key_ops` can forbid it).
    pub fn for_encryption(&self) -> bool {
        self.for_encryption
    }

    /// The JWE key management algorithm a JWK's `alg` binds this key to, if any.
    pub fn jwe_alg(&self) -> Option<&str> {
        self.jwe_alg.as_deref()
    }

    pub fn with_kid(mut self, kid: Option<String>) -> Result<Key> {
        if let Some(k) = &kid {
            validate_kid(k)?;
        }
        self.kid = kid;
        Ok(self)
    }

    pub fn family(&self) -> Family {
        self.material.family()
    }

    /// JWK `kty`.
    pub fn kty(&self) -> &'static str {
        kty_of(self.family())
    }

    pub fn bits(&self) -> usize {
        match &*self.material {
            Material::Secret(s) => s.len() * 8,
            Material::Rsa { n, .. } => n.len() * 8,
            Material::Ec {
                curve: Curve::P521, ..
            } => 521,
            Material::Ec {
                curve: Curve::P384, ..
            } => 384,
            Material::Ec { .. } | Material::Ed25519 { .. } => 256,
        }
    }

    pub fn has_private(&self) -> bool {
        match &*self.material {
            Material::Secret(_) => true,
            Material::Rsa { private, .. } => private.is_some(),
            Material::Ec { private, .. } => private.is_some(),
            Material::Ed25519 { private, .. } => private.is_some(),
        }
    }

    /// The algorithm `Auto` resolves to: a JWK's own `alg`; HMAC by secret length (as Kestrun); RS256
    /// for RSA; the curve's ES algorithm; EdDSA.
    pub fn auto_algorithm(&self) -> Algorithm {
        if let Some(alg) = self.bound_alg {
            return alg;
        }
        match &*self.material {
            Material::Secret(s) if s.len() >= 64 => Algorithm::HS512,
            Material::Secret(s) if s.len() >= 48 => Algorithm::HS384,
            Material::Secret(_) => Algorithm::HS256,
            Material::Rsa { .. } => Algorithm::RS256,
            Material::Ec {
                curve: Curve::P256, ..
            } => Algorithm::ES256,
            Material::Ec {
                curve: Curve::P384, ..
            } => Algorithm::ES384,
            Material::Ec {
                curve: Curve::P521, ..
            } => Algorithm::ES512,
            Material::Ec {
                curve: Curve::Secp256k1,
                ..
            } => Algorithm::ES256K,
            Material::Ed25519 { .. } => Algorithm::EdDSA,
        }
    }

    /// Description without key material.
    pub fn info(&self) -> serde_json::Value {
        let crv = match self.family() {
            Family::Ec(c) => Some(c.name()),
            Family::Ed25519 => Some("Ed25519"),
            _ => None,
        };
        json!({
            "kty": self.kty(),
            "crv": crv,
            "bits": self.bits(),
            "has_private": self.has_private(),
            "kid": self.kid,
            "alg": self.auto_algorithm().name(),
        })
    }

    /// Checks that this key can sign with `alg` and returns the ready signer.
    pub fn signer(&self, alg: Algorithm, kid: Option<String>) -> Result<Signer> {
        self.check_algorithm(alg)?;
        if !self.has_private() {
            return Err(err!(
                InvalidKey,
                "a public {} key cannot sign; give the private key",
                self.describe()
            ));
        }
        if let Some(k) = &kid {
            validate_kid(k)?;
        }
        let hmac = match &*self.material {
            Material::Secret(s) => Some(hmac::Key::new(hmac_algorithm(alg), s)),
            _ => None,
        };
        Ok(Signer {
            alg,
            kid: kid.or_else(|| self.kid.clone()),
            hmac,
            material: Arc::clone(&self.material),
            verification: VerificationKey::from_key(self),
        })
    }

    /// The key's family must be the algorithm's family, an HMAC secret at least the hash size, an RSA
    /// key at least 2048 bits, and a JWK bound to an `alg` used with that one only.
    pub fn check_algorithm(&self, alg: Algorithm) -> Result<()> {
        if !self.for_signatures {
            return Err(err!(
                AlgorithmKeyMismatch,
                "the JWK is meant for encryption ('use'/'key_ops'), not for signatures"
            ));
        }
        if alg.family() != self.family() {
            return Err(err!(
                AlgorithmKeyMismatch,
                "algorithm {} does not fit a {} key",
                alg.name(),
                self.describe()
            ));
        }
        if let Some(bound) = self.bound_alg.filter(|b| *b != alg) {
            return Err(err!(
                AlgorithmKeyMismatch,
                "the key is bound to {} by its JWK 'alg' and cannot be used with {}",
                bound.name(),
                alg.name()
            ));
        }
        if let (Some(min), Material::Secret(s)) = (alg.min_hmac_key_len(), &*self.material) {
            if s.len() < min {
                return Err(err!(
                    KeyTooShort,
                    "{} needs a key of at least {} bytes ({} bits); this key has {} bytes",
                    alg.name(),
                    min,
                    min * 8,
                    s.len()
                ));
            }
        }
        if self.family() == Family::Rsa && self.bits() < 2048 {
            return Err(err!(
                KeyTooShort,
                "RSA keys need at least 2048 bits; this one has {}",
                self.bits()
            ));
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match self.family() {
            Family::Hmac => format!("{}-bit HMAC secret", self.bits()),
            Family::Rsa => format!("{}-bit RSA", self.bits()),
            Family::Ec(c) => format!("EC {}", c.name()),
            Family::Ed25519 => "Ed25519".to_owned(),
        }
    }
}

pub(crate) fn kty_of(family: Family) -> &'static str {
    match family {
        Family::Hmac => "oct",
        Family::Rsa => "RSA",
        Family::Ec(_) => "EC",
        Family::Ed25519 => "OKP",
    }
}

/// A kid is an opaque label: bounded, printable, and never used to find a key anywhere but in memory.
pub fn validate_kid(kid: &str) -> Result<()> {
    if kid.is_empty() || kid.len() > 256 || kid.chars().any(char::is_control) {
        return Err(err!(
            InvalidArgument,
            "a key id must be 1 to 256 characters without control characters (got '{}')",
            printable(kid)
        ));
    }
    Ok(())
}

fn decode_hex(data: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    if data.is_empty() {
        return Err(err!(InvalidKey, "the hexadecimal key is empty"));
    }
    if data.len() % 2 != 0 {
        return Err(err!(
            InvalidKey,
            "the hexadecimal key has an odd number of digits ({})",
            data.len()
        ));
    }
    hex::decode(data).map(Zeroizing::new).map_err(|_| {
        err!(
            InvalidKey,
            "the hexadecimal key contains characters other than 0-9, a-f, A-F"
        )
    })
}

fn decode_b64url(data: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(data)
        .map_err(|_| err!(InvalidKey, "the base64url key is not text"))?
        .trim_end_matches('=');
    if text.is_empty() {
        return Err(err!(InvalidKey, "the base64url key is empty"));
    }
    b64url_decode(text).map(Zeroizing::new).ok_or_else(|| {
        err!(
            InvalidKey,
            "the key is not valid base64url (alphabet A-Z a-z 0-9 - _)"
        )
    })
}

fn hmac_algorithm(alg: Algorithm) -> hmac::Algorithm {
    match alg {
        Algorithm::HS384 => hmac::HMAC_SHA384,
        Algorithm::HS512 => hmac::HMAC_SHA512,
        _ => hmac::HMAC_SHA256,
    }
}

fn rsa_encoding(alg: Algorithm) -> &'static dyn sig::RsaEncoding {
    match alg {
        Algorithm::RS384 => &sig::RSA_PKCS1_SHA384,
        Algorithm::RS512 => &sig::RSA_PKCS1_SHA512,
        Algorithm::PS256 => &sig::RSA_PSS_SHA256,
        Algorithm::PS384 => &sig::RSA_PSS_SHA384,
        Algorithm::PS512 => &sig::RSA_PSS_SHA512,
        _ => &sig::RSA_PKCS1_SHA256,
    }
}

/// RSA verification parameters, in the order of [`RSA_ALGS`].
const RSA_ALGS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];
const RSA_PARAMS: [&sig::RsaParameters; 6] = [
    &sig::RSA_PKCS1_2048_8192_SHA256,
    &sig::RSA_PKCS1_2048_8192_SHA384,
    &sig::RSA_PKCS1_2048_8192_SHA512,
    &sig::RSA_PSS_2048_8192_SHA256,
    &sig::RSA_PSS_2048_8192_SHA384,
    &sig::RSA_PSS_2048_8192_SHA512,
];

/// A key bound to one algorithm, ready to sign. Shared by builders and their copies.
pub struct Signer {
    alg: Algorithm,
    kid: Option<String>,
    hmac: Option<hmac::Key>,
    material: Arc<Material>,
    verification: VerificationKey,
}

impl Signer {
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let failed = || err!(Internal, "signing with {} failed", self.alg.name());
        if let Some(k) = &self.hmac {
            return Ok(hmac::sign(k, message).as_ref().to_vec());
        }
        match &*self.material {
            Material::Rsa {
                private: Some(pair),
                ..
            } => {
                let mut out = vec![0; pair.public_modulus_len()];
                pair.sign(
                    rsa_encoding(self.alg),
                    &SystemRandom::new(),
                    message,
                    &mut out,
                )
                .map_err(|_| failed())?;
                Ok(out)
            }
            Material::Ec {
                private: Some(pair),
                ..
            } => pair
                .sign(&SystemRandom::new(), message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| failed()),
            Material::Ed25519 {
                private: Some(pair),
                ..
            } => Ok(pair.sign(message).as_ref().to_vec()),
            _ => Err(failed()),
        }
    }

    /// The key that verifies this signer's signatures (the secret itself for HMAC).
    pub fn verification_key(&self) -> &VerificationKey {
        &self.verification
    }
}

enum VerifyInner {
    /// One prepared HMAC key per hash, so verification does no key schedule.
    Hmac {
        secret_len: usize,
        keys: Box<[hmac::Key; 3]>,
    },
    /// One parsed key per RSA algorithm (`None` where the key is too small for it).
    Rsa {
        parsed: Vec<Option<ParsedPublicKey>>,
    },
    Ec {
        parsed: ParsedPublicKey,
    },
    Ed25519 {
        parsed: ParsedPublicKey,
    },
    /// A key aws-lc-rs would not parse for verification: it verifies nothing.
    Unusable,
}

/// The public half of a key (or the secret for HMAC), as a validator holds it.
#[derive(Clone)]
pub struct VerificationKey {
    inner: Arc<VerifyInner>,
    family: Family,
    kid: Option<String>,
    bits: usize,
    bound_alg: Option<Algorithm>,
    /// What `Auto` would sign with (described, not enforced; `bound_alg` is enforced).
    default_alg: Algorithm,
    for_signatures: bool,
}

impl VerificationKey {
    pub fn from_key(key: &Key) -> VerificationKey {
        let inner = match &*key.material {
            Material::Secret(s) => VerifyInner::Hmac {
                secret_len: s.len(),
                keys: Box::new([
                    hmac::Key::new(hmac::HMAC_SHA256, s),
                    hmac::Key::new(hmac::HMAC_SHA384, s),
                    hmac::Key::new(hmac::HMAC_SHA512, s),
                ]),
            },
            Material::Rsa { n, e, .. } => VerifyInner::Rsa {
                parsed: RSA_PARAMS
                    .iter()
                    .map(|p| {
                        PublicKeyComponents {
                            n: &n[..],
                            e: &e[..],
                        }
                        .to_parsed_public_key(p)
                        .ok()
                    })
                    .collect(),
            },
            // Points were validated at import, so parsing again should not fail; if it did, the key
            // verifies nothing rather than panicking.
            Material::Ec { curve, point, .. } => {
                match ParsedPublicKey::new(keyparse::ecdsa_verification(*curve), point) {
                    Ok(parsed) => VerifyInner::Ec { parsed },
                    Err(_) => VerifyInner::Rsa { parsed: Vec::new() },
                }
            }
            Material::Ed25519 { public, .. } => match ParsedPublicKey::new(&sig::ED25519, public) {
                Ok(parsed) => VerifyInner::Ed25519 { parsed },
                Err(_) => VerifyInner::Unusable,
            },
        };
        VerificationKey {
            inner: Arc::new(inner),
            family: key.family(),
            kid: key.kid.clone(),
            bits: key.bits(),
            bound_alg: key.bound_alg,
            default_alg: key.auto_algorithm(),
            for_signatures: key.for_signatures,
        }
    }

    pub fn with_kid(mut self, kid: Option<String>) -> Self {
        self.kid = kid;
        self
    }

    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    pub fn family(&self) -> Family {
        self.family
    }

    /// Whether this key may verify `alg` at all (family, JWK binding, minimum sizes).
    pub fn accepts(&self, alg: Algorithm) -> bool {
        if !self.for_signatures
            || alg.family() != self.family
            || self.bound_alg.is_some_and(|b| b != alg)
        {
            return false;
        }
        match (&*self.inner, alg.min_hmac_key_len()) {
            (VerifyInner::Hmac { secret_len, .. }, Some(min)) => *secret_len >= min,
            (VerifyInner::Rsa { parsed }, _) => RSA_ALGS
                .iter()
                .position(|a| *a == alg)
                .and_then(|i| parsed.get(i))
                .is_some_and(Option::is_some),
            _ => true,
        }
    }

    pub fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        if !self.accepts(alg) {
            return false;
        }
        match &*self.inner {
            VerifyInner::Hmac { keys, .. } => {
                let key = match alg {
                    Algorithm::HS256 => &keys[0],
                    Algorithm::HS384 => &keys[1],
                    _ => &keys[2],
                };
                hmac::verify(key, message, signature).is_ok()
            }
            VerifyInner::Rsa { parsed } => RSA_ALGS
                .iter()
                .position(|a| *a == alg)
                .and_then(|i| parsed.get(i))
                .and_then(Option::as_ref)
                .is_some_and(|k| k.verify_sig(message, signature).is_ok()),
            VerifyInner::Ec { parsed } | VerifyInner::Ed25519 { parsed } => {
                parsed.verify_sig(message, signature).is_ok()
            }
            VerifyInner::Unusable => false,
        }
    }

    /// Description without key material.
    pub fn info(&self) -> serde_json::Value {
        json!({ "kty": kty_of(self.family), "kid": self.kid, "alg": self.default_alg.name(), "bits": self.bits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn hex_keys_are_checked() {
        assert_eq!(
            Key::import(KeyFormat::Hex, b"abc").unwrap_err().kind(),
            ErrorKind::InvalidKey
        );
        assert_eq!(
            Key::import(KeyFormat::Hex, b"zz").unwrap_err().kind(),
            ErrorKind::InvalidKey
        );
        assert_eq!(
            Key::import(KeyFormat::Hex, b"").unwrap_err().kind(),
            ErrorKind::InvalidKey
        );
        assert_eq!(Key::import(KeyFormat::Hex, b"0aFF").unwrap().bits(), 16);
    }

    #[test]
    fn base64url_keys_are_checked() {
        assert_eq!(
            Key::import(KeyFormat::Base64Url, b"AQAB").unwrap().bits(),
            24
        );
        assert_eq!(
            Key::import(KeyFormat::Base64Url, b"AQAB=").unwrap().bits(),
            24
        );
        assert_eq!(
            Key::import(KeyFormat::Base64Url, b"a+b/")
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidKey
        );
    }

    #[test]
    fn auto_picks_hmac_by_length_like_kestrun() {
        for (len, alg) in [
            (16, Algorithm::HS256),
            (47, Algorithm::HS256),
            (48, Algorithm::HS384),
            (64, Algorithm::HS512),
        ] {
            assert_eq!(Key::secret(&vec![7; len]).unwrap().auto_algorithm(), alg);
        }
    }

    #[test]
    fn short_secrets_and_foreign_algorithms_are_refused() {
        let key = Key::secret(&[1; 32]).unwrap();
        assert!(key.signer(Algorithm::HS256, None).is_ok());
        assert_eq!(
            key.signer(Algorithm::HS384, None).err().unwrap().kind(),
            ErrorKind::KeyTooShort
        );
        assert_eq!(
            key.signer(Algorithm::RS256, None).err().unwrap().kind(),
            ErrorKind::AlgorithmKeyMismatch
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let key = Key::import(KeyFormat::Hex, b"deadbeefdeadbeef").unwrap();
        assert!(!format!("{key:?}").to_lowercase().contains("deadbeef"));
    }

    #[test]
    fn rfc4231_case_2_hmac_sha256() {
        // RFC 4231 test case 2 (key "Jefe"), through the verification path.
        let key = Key::secret(b"Jefe").unwrap();
        let vk = VerificationKey::from_key(&key);
        let tag = hex::decode("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
            .unwrap();
        // A 4-byte secret is below HS256's minimum, so the validator refuses it whatever the tag.
        assert!(!vk.verify(Algorithm::HS256, b"what do ya want for nothing?", &tag));
        let raw = hmac::Key::new(hmac::HMAC_SHA256, b"Jefe");
        assert_eq!(
            hmac::sign(&raw, b"what do ya want for nothing?").as_ref(),
            &tag[..]
        );
    }
}
