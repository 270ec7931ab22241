//! Verifying: the public half of a key (or the secret for HMAC), parsed once per algorithm it can verify.

use std::sync::Arc;

use aws_lc_rs::hmac;
use aws_lc_rs::rsa::PublicKeyComponents;
use aws_lc_rs::signature::{self as sig, ParsedPublicKey};
use serde_json::json;

use crate::base::error::{Result, err};
use crate::base::text::printable;
use crate::crypto::ec::ecdsa_verification;
use crate::jose::kid::{self, KeyId};
use crate::jwa::signing::{Algorithm, Family};
use crate::key::Key;
use crate::key::material::{Material, kty_of};
use crate::key::model::check_rsa_size;

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
                match ParsedPublicKey::new(ecdsa_verification(*curve), point) {
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
            kid: key.kid().map(str::to_owned),
            bits: key.bits(),
            bound_alg: key.bound_algorithm(),
            default_alg: key.auto_algorithm(),
            for_signatures: key.for_signatures(),
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

    /// Refuses a key too weak to verify anything (an RSA key under the minimum size), so that a
    /// validator holding it fails at creation instead of calling every signature invalid.
    pub fn check_size(&self) -> Result<()> {
        check_rsa_size(self.family, self.bits)
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

/// Verifies `sig` over `input` with the keys a token's `kid` selects among `keys` (those that accept
/// `alg`; see `jose::kid`), trying them in order, without collecting them. `NoMatchingKey` when none is
/// selected, `InvalidSignature` when none verifies.
pub fn verify_among<'k>(
    keys: impl Iterator<Item = &'k VerificationKey> + Clone,
    alg: Algorithm,
    kid: Option<&str>,
    input: &[u8],
    sig: &[u8],
) -> Result<()> {
    let mut candidates = kid::selected(keys.filter(move |k| k.accepts(alg)), kid).peekable();
    if candidates.peek().is_none() {
        return Err(match kid {
            Some(kid) => err!(
                NoMatchingKey,
                "no configured key has key id '{}'",
                printable(kid)
            ),
            None => err!(
                NoMatchingKey,
                "no configured key can verify this {} token",
                alg.name()
            ),
        });
    }
    if candidates.any(|k| k.verify(alg, input, sig)) {
        Ok(())
    } else {
        Err(err!(InvalidSignature, "the signature does not match"))
    }
}

impl KeyId for VerificationKey {
    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
}
