//! Keys are parsed once, at import, and kept parsed. A `Key` may hold private material; the
//! verification side only ever sees a [`VerificationKey`] derived from it.

use std::sync::Arc;

use aws_lc_rs::hmac;
use serde_json::json;
use zeroize::Zeroizing;

use crate::alg::{Algorithm, Family, printable};
use crate::error::{Result, err};
use crate::json::b64url_decode;

/// How key bytes handed to [`Key::import`] are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// ASCII hex text of an HMAC secret.
    Hex,
    /// base64url text of an HMAC secret (padding tolerated).
    Base64Url,
    /// Raw secret bytes (a passphrase's UTF-8, a byte array).
    Secret,
    Pem,
    Der,
    Jwk,
}

pub(crate) enum Material {
    Secret(Zeroizing<Vec<u8>>),
}

/// A parsed key, with an optional key id.
pub struct Key {
    pub(crate) material: Arc<Material>,
    kid: Option<String>,
}

impl Clone for Key {
    fn clone(&self) -> Self {
        Key {
            material: Arc::clone(&self.material),
            kid: self.kid.clone(),
        }
    }
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
    pub fn import(format: KeyFormat, data: &[u8]) -> Result<Key> {
        let material = match format {
            KeyFormat::Hex => Material::Secret(decode_hex(data)?),
            KeyFormat::Base64Url => Material::Secret(decode_b64url(data)?),
            KeyFormat::Secret => {
                if data.is_empty() {
                    return Err(err!(InvalidKey, "the secret is empty"));
                }
                Material::Secret(Zeroizing::new(data.to_vec()))
            }
            KeyFormat::Pem | KeyFormat::Der | KeyFormat::Jwk => {
                return Err(err!(
                    InvalidKey,
                    "{format:?} keys are not supported by this build"
                ));
            }
        };
        Ok(Key {
            material: Arc::new(material),
            kid: None,
        })
    }

    /// An HMAC secret from raw bytes.
    pub fn secret(bytes: &[u8]) -> Result<Key> {
        Key::import(KeyFormat::Secret, bytes)
    }

    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    pub fn with_kid(mut self, kid: Option<String>) -> Result<Key> {
        if let Some(k) = &kid {
            validate_kid(k)?;
        }
        self.kid = kid;
        Ok(self)
    }

    pub fn family(&self) -> Family {
        match &*self.material {
            Material::Secret(_) => Family::Hmac,
        }
    }

    /// JWK `kty`.
    pub fn kty(&self) -> &'static str {
        match self.family() {
            Family::Hmac => "oct",
            Family::Rsa => "RSA",
            Family::Ec(_) => "EC",
            Family::Ed25519 => "OKP",
        }
    }

    pub fn bits(&self) -> usize {
        match &*self.material {
            Material::Secret(s) => s.len() * 8,
        }
    }

    pub fn has_private(&self) -> bool {
        match &*self.material {
            Material::Secret(_) => true,
        }
    }

    /// The algorithm `Auto` resolves to: HMAC by secret length (as Kestrun), the curve for EC keys.
    pub fn auto_algorithm(&self) -> Algorithm {
        match &*self.material {
            Material::Secret(s) if s.len() >= 64 => Algorithm::HS512,
            Material::Secret(s) if s.len() >= 48 => Algorithm::HS384,
            Material::Secret(_) => Algorithm::HS256,
        }
    }

    /// Description without key material.
    pub fn info(&self) -> serde_json::Value {
        json!({
            "kty": self.kty(),
            "bits": self.bits(),
            "has_private": self.has_private(),
            "kid": self.kid,
        })
    }

    /// Checks that this key can sign with `alg` and returns the ready signer.
    pub fn signer(&self, alg: Algorithm, kid: Option<String>) -> Result<Signer> {
        self.check_algorithm(alg)?;
        if let Some(k) = &kid {
            validate_kid(k)?;
        }
        let inner = match &*self.material {
            Material::Secret(s) => SignerInner::Hmac(hmac::Key::new(hmac_algorithm(alg), s)),
        };
        Ok(Signer {
            alg,
            kid: kid.or_else(|| self.kid.clone()),
            inner,
            verification: VerificationKey::from_key(self),
        })
    }

    /// The key's family must be the algorithm's family, and an HMAC secret at least the hash size.
    pub fn check_algorithm(&self, alg: Algorithm) -> Result<()> {
        if alg.family() != self.family() {
            return Err(err!(
                AlgorithmKeyMismatch,
                "algorithm {} does not fit a {} key",
                alg.name(),
                self.describe()
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

enum SignerInner {
    Hmac(hmac::Key),
}

/// A key bound to one algorithm, ready to sign. Shared by builders and their copies.
pub struct Signer {
    alg: Algorithm,
    kid: Option<String>,
    inner: SignerInner,
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
        match &self.inner {
            SignerInner::Hmac(k) => Ok(hmac::sign(k, message).as_ref().to_vec()),
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
        keys: [hmac::Key; 3],
    },
}

/// The public half of a key (or the secret for HMAC), as a validator holds it.
#[derive(Clone)]
pub struct VerificationKey {
    inner: Arc<VerifyInner>,
    family: Family,
    kid: Option<String>,
    bits: usize,
}

impl VerificationKey {
    pub fn from_key(key: &Key) -> VerificationKey {
        let inner = match &*key.material {
            Material::Secret(s) => VerifyInner::Hmac {
                secret_len: s.len(),
                keys: [
                    hmac::Key::new(hmac::HMAC_SHA256, s),
                    hmac::Key::new(hmac::HMAC_SHA384, s),
                    hmac::Key::new(hmac::HMAC_SHA512, s),
                ],
            },
        };
        VerificationKey {
            inner: Arc::new(inner),
            family: key.family(),
            kid: key.kid.clone(),
            bits: key.bits(),
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

    /// Whether this key may verify `alg` at all (family, and HMAC secret length).
    pub fn accepts(&self, alg: Algorithm) -> bool {
        if alg.family() != self.family {
            return false;
        }
        match (&*self.inner, alg.min_hmac_key_len()) {
            (VerifyInner::Hmac { secret_len, .. }, Some(min)) => *secret_len >= min,
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
        }
    }

    /// Description without key material.
    pub fn info(&self) -> serde_json::Value {
        let kty = match self.family {
            Family::Hmac => "oct",
            Family::Rsa => "RSA",
            Family::Ec(_) => "EC",
            Family::Ed25519 => "OKP",
        };
        json!({ "kty": kty, "kid": self.kid, "bits": self.bits })
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
