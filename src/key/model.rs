//! The key model: a parsed key with its id, its JWK binding (`alg`, `use`/`key_ops`) and the checks
//! every use of a key goes through. Import dispatches to the PEM/DER and JWK readers.

use std::sync::Arc;

use serde_json::json;
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::base::json::{b64url_decode, parse_strict};
use crate::base::text::validate_kid;
use crate::jwa::curve::Curve;
use crate::jwa::defaults::MIN_RSA_BITS;
use crate::jwa::signing::{Algorithm, Family};
use crate::key::material::{Material, kty_of};
use crate::key::{der, jwk, thumbprint};

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

impl KeyFormat {
    pub const ALL: [KeyFormat; 6] = [
        KeyFormat::Hex,
        KeyFormat::Base64Url,
        KeyFormat::Secret,
        KeyFormat::Pem,
        KeyFormat::Der,
        KeyFormat::Jwk,
    ];

    /// The name the module and the defaults document use.
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Hex => "Hex",
            KeyFormat::Base64Url => "Base64Url",
            KeyFormat::Secret => "Secret",
            KeyFormat::Pem => "Pem",
            KeyFormat::Der => "Der",
            KeyFormat::Jwk => "Jwk",
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
            KeyFormat::Pem => (der::parse_pem(data)?, None, None),
            KeyFormat::Der => (der::parse_der(data)?, None, None),
            KeyFormat::Jwk => {
                let value = parse_strict(data)
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
                let parts = jwk::parse_jwk(&map)?;
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
            _ => Some(thumbprint::of(&key.material)),
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
            _ => Some(thumbprint::of(&key.material)),
        };
        Key { kid, ..key }
    }

    /// A key over material another key already holds (no key id, no binding): what a signer exports.
    pub(crate) fn shared(material: Arc<Material>) -> Key {
        Key {
            material,
            kid: None,
            bound_alg: None,
            for_signatures: true,
            for_encryption: true,
            jwe_alg: None,
        }
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
        self.check_rsa_size()
    }

    /// RSA keys under [`MIN_RSA_BITS`] are refused for signatures and encryption alike.
    pub(crate) fn check_rsa_size(&self) -> Result<()> {
        check_rsa_size(self.family(), self.bits())
    }

    /// Signing needs the private half (a secret always has it).
    pub(crate) fn check_private(&self) -> Result<()> {
        if !self.has_private() {
            return Err(err!(
                InvalidKey,
                "a public {} key cannot sign; give the private key",
                self.describe()
            ));
        }
        Ok(())
    }

    pub(crate) fn describe(&self) -> String {
        match self.family() {
            Family::Hmac => format!("{}-bit HMAC secret", self.bits()),
            Family::Rsa => format!("{}-bit RSA", self.bits()),
            Family::Ec(c) => format!("EC {}", c.name()),
            Family::Ed25519 => "Ed25519".to_owned(),
        }
    }
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
/// The one size rule for RSA keys (signing, verification, encryption, decryption): under
/// [`MIN_RSA_BITS`] they are refused with `KeyTooShort`.
pub(crate) fn check_rsa_size(family: Family, bits: usize) -> Result<()> {
    if family == Family::Rsa && bits < MIN_RSA_BITS {
        return Err(err!(
            KeyTooShort,
            "RSA keys need at least {MIN_RSA_BITS} bits; this one has {bits}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

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
    fn debug_never_shows_the_secret() {
        let key = Key::import(KeyFormat::Hex, b"deadbeefdeadbeef").unwrap();
        assert!(!format!("{key:?}").to_lowercase().contains("deadbeef"));
    }
}
