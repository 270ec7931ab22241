//! Signing: a key bound to one algorithm, checked once, kept ready (HMAC key schedule done, RSA/EC
//! key pairs parsed by aws-lc-rs).

use std::sync::{Arc, OnceLock};

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature as sig;

use crate::base::error::{Result, err};
use crate::base::text::validate_kid;
use crate::jwa::signing::Algorithm;
use crate::jws::verify::VerificationKey;
use crate::key::Key;
use crate::key::export::to_pem;
use crate::key::material::Material;

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

/// A key bound to one algorithm, ready to sign. Shared by builders and their copies.
pub struct Signer {
    alg: Algorithm,
    kid: Option<String>,
    hmac: Option<hmac::Key>,
    key: Key,
    /// Made on first use (a result's validator): issuing alone never needs it, and it costs more than
    /// signing an HS256 token (three HMAC key schedules; for RSA, six parsed public keys).
    verification: OnceLock<VerificationKey>,
}

impl Signer {
    /// Checks that `key` can sign with `alg` (family, size, JWK binding, private half) and prepares it.
    pub fn new(key: &Key, alg: Algorithm, kid: Option<String>) -> Result<Signer> {
        key.check_algorithm(alg)?;
        key.check_private()?;
        if let Some(k) = &kid {
            validate_kid(k)?;
        }
        let hmac = match &*key.material {
            Material::Secret(s) => Some(hmac::Key::new(hmac_algorithm(alg), s)),
            _ => None,
        };
        Ok(Signer {
            alg,
            kid: kid.or_else(|| key.kid().map(str::to_owned)),
            hmac,
            key: key.clone(),
            verification: OnceLock::new(),
        })
    }

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
        match &*self.key.material {
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

    /// The public key as PEM (SubjectPublicKeyInfo); an HMAC secret has none (`InvalidArgument`).
    pub fn public_key_pem(&self) -> Result<String> {
        to_pem(&Key::shared(Arc::clone(&self.key.material)), false)
    }

    /// The key that verifies this signer's signatures (the secret itself for HMAC).
    pub fn verification_key(&self) -> &VerificationKey {
        self.verification
            .get_or_init(|| VerificationKey::from_key(&self.key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

    #[test]
    fn short_secrets_and_foreign_algorithms_are_refused() {
        let key = Key::secret(&[1; 32]).unwrap();
        assert!(Signer::new(&key, Algorithm::HS256, None).is_ok());
        assert_eq!(
            Signer::new(&key, Algorithm::HS384, None)
                .err()
                .unwrap()
                .kind(),
            ErrorKind::KeyTooShort
        );
        assert_eq!(
            Signer::new(&key, Algorithm::RS256, None)
                .err()
                .unwrap()
                .kind(),
            ErrorKind::AlgorithmKeyMismatch
        );
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
