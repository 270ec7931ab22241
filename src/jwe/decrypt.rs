//! Decryption: keys prepared once for aws-lc-rs, selected by the token's `kid` and algorithms. Every
//! unwrap, authentication or decryption failure is one error, "decryption failed": a bad RSA or
//! key-wrap result is replaced by a random CEK (RFC 7516 §11.5) so that it fails at the tag check.

use std::sync::Arc;

use aws_lc_rs::agreement;
use aws_lc_rs::encoding::{AsBigEndian, AsDer, Pkcs8V1Der};
use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, PrivateDecryptingKey};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::base::text::printable;
use crate::crypto::content::open_content;
use crate::crypto::ec::ecdh_algorithm;
use crate::crypto::kdf::concat_kdf;
use crate::crypto::keywrap::unwrap_key;
use crate::crypto::{decryption_failed, oaep, random_bytes};
use crate::jose::kid::{self, KeyId};
use crate::jwa::curve::Curve;
use crate::jwa::defaults::MIN_RSA_BITS;
use crate::jwa::encryption::KeyManagement;
use crate::jwa::signing::Family;
use crate::jwe::parse::Compact;
use crate::key::Key;
use crate::key::material::Material;

/// A decryption key, parsed once.
enum Prepared {
    Secret(Zeroizing<Vec<u8>>),
    Rsa(OaepPrivateDecryptingKey),
    Ec {
        curve: Curve,
        private: agreement::PrivateKey,
    },
}

struct DecryptionKey {
    kid: Option<String>,
    /// A JWK's `alg` binding: the key fits only tokens with that key management algorithm.
    bound_alg: Option<String>,
    prepared: Prepared,
}

impl DecryptionKey {
    /// `None` for keys that cannot decrypt any JWE: public keys, RSA under 2048 bits, Ed25519,
    /// secp256k1.
    fn prepare(key: &Key) -> Option<DecryptionKey> {
        if !key.for_encryption() {
            return None;
        }
        let prepared = match &*key.material {
            Material::Secret(s) => Prepared::Secret(s.clone()),
            Material::Rsa {
                private: Some(pair),
                ..
            } if key.bits() >= MIN_RSA_BITS => {
                let pkcs8 = AsDer::<Pkcs8V1Der>::as_der(pair).ok()?;
                let private = PrivateDecryptingKey::from_pkcs8(pkcs8.as_ref()).ok()?;
                Prepared::Rsa(OaepPrivateDecryptingKey::new(private).ok()?)
            }
            Material::Ec {
                curve,
                private: Some(pair),
                ..
            } => {
                let ecdh = ecdh_algorithm(*curve)?;
                let d = pair.private_key().as_be_bytes().ok()?;
                let private = agreement::PrivateKey::from_private_key(ecdh, d.as_ref()).ok()?;
                Prepared::Ec {
                    curve: *curve,
                    private,
                }
            }
            _ => return None,
        };
        Some(DecryptionKey {
            kid: key.kid().map(str::to_owned),
            bound_alg: key.jwe_alg().map(str::to_owned),
            prepared,
        })
    }

    /// Whether this key is of the kind (and size) the token's algorithms need.
    fn fits(&self, jwe: &Compact<'_>) -> bool {
        // A `dir` key may name its content algorithm instead (RFC 7520 §5.6).
        let bound_elsewhere = |b: &str| {
            b != jwe.alg.name() && !(jwe.alg == KeyManagement::Dir && b == jwe.enc.name())
        };
        if self.bound_alg.as_deref().is_some_and(bound_elsewhere) {
            return false;
        }
        match &self.prepared {
            Prepared::Secret(s) => match jwe.alg {
                KeyManagement::Dir => s.len() == jwe.enc.key_len(),
                alg if !alg.is_ecdh() => alg.kw_len() == Some(s.len()),
                _ => false,
            },
            Prepared::Rsa(_) => jwe.alg.is_rsa(),
            Prepared::Ec { curve, .. } => jwe.epk.as_ref().is_some_and(|(c, _)| c == curve),
        }
    }

    /// The content encryption key this key recovers (a random one when unwrapping fails, so that the
    /// failure surfaces at the tag check, RFC 7516 §11.5), or `None` when no attempt was possible.
    fn content_key(&self, jwe: &Compact<'_>) -> Option<Zeroizing<Vec<u8>>> {
        let len = jwe.enc.key_len();
        let or_random = |cek: Option<Zeroizing<Vec<u8>>>| match cek {
            Some(k) if k.len() == len => Some(k),
            _ => random_bytes(len).ok(),
        };
        match (&self.prepared, jwe.alg) {
            (Prepared::Secret(s), KeyManagement::Dir) => Some(s.clone()),
            (Prepared::Secret(kek), _) => or_random(unwrap_key(kek, &jwe.encrypted_key)),
            (Prepared::Rsa(private), alg) => {
                let mut out = Zeroizing::new(vec![0u8; private.min_output_size()]);
                let cek = private
                    .decrypt(oaep(alg), &jwe.encrypted_key, &mut out, None)
                    .ok()
                    .map(|p| Zeroizing::new(p.to_vec()));
                or_random(cek)
            }
            (Prepared::Ec { curve, private }, alg) => {
                let ecdh = ecdh_algorithm(*curve)?;
                let (_, point) = jwe.epk.as_ref()?;
                let (algorithm_id, derived_len) = match alg.kw_len() {
                    Some(kw) => (alg.name(), kw),
                    None => (jwe.enc.name(), len),
                };
                let derived = agreement::agree(
                    private,
                    agreement::UnparsedPublicKey::new(ecdh, point),
                    (),
                    |z| Ok(concat_kdf(z, algorithm_id, &jwe.apu, &jwe.apv, derived_len)),
                )
                .ok()?;
                if alg.kw_len().is_some() {
                    or_random(unwrap_key(&derived, &jwe.encrypted_key))
                } else {
                    Some(derived)
                }
            }
        }
    }
}

/// What a decryption yields: the protected header and the plaintext.
pub type Decrypted = (Map<String, Value>, Zeroizing<Vec<u8>>);

/// Decryption keys parsed once (RSA and EC private keys converted for aws-lc-rs), for callers that
/// decrypt many tokens with the same keys. Immutable; share it between threads freely.
#[derive(Clone)]
pub struct Decrypter {
    keys: Arc<[DecryptionKey]>,
}

impl std::fmt::Debug for Decrypter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decrypter")
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl Decrypter {
    /// Keeps the keys that can decrypt some JWE (secrets, RSA ≥ 2048 bits and EC P-256/384/521 private
    /// keys); an error when none can.
    pub fn new(keys: &[Key]) -> Result<Decrypter> {
        let prepared: Vec<DecryptionKey> = keys.iter().filter_map(DecryptionKey::prepare).collect();
        if prepared.is_empty() {
            return Err(err!(
                InvalidArgument,
                "none of the {} keys can decrypt a JWE (a secret, an RSA private key of at least \
                 2048 bits or an EC P-256/P-384/P-521 private key is needed)",
                keys.len()
            ));
        }
        Ok(Decrypter {
            keys: prepared.into(),
        })
    }

    /// See [`decrypt`].
    pub fn decrypt(&self, token: &str, max_bytes: usize) -> Result<Decrypted> {
        let jwe = Compact::parse(token, max_bytes)?;
        let plaintext = jwe.open(self.keys.iter())?;
        Ok((jwe.header, plaintext))
    }
}

/// Decrypts a compact JWE with the first of `keys` that fits: a header `kid` selects the keys with that
/// kid (or, failing those, keys without a kid), like the signature validator; only keys of the family
/// and size the token's `alg`/`enc` need are tried. Returns the protected header and the plaintext.
///
/// Refused: tokens over `max_bytes` (checked first), anything but 5 segments, non-canonical base64url,
/// duplicate header members, unknown or refused algorithms (RSA1_5, PBES2, AES-GCM key wrap), `zip`,
/// `crit`, `p2c`/`p2s`, an `epk` that is not a point on a supported curve, a non-empty encrypted key with
/// `dir`/`ECDH-ES`, a wrong IV length. Any unwrap, authentication or decryption failure is
/// InvalidSignature "decryption failed".
pub fn decrypt(token: &str, keys: &[Key], max_bytes: usize) -> Result<Decrypted> {
    let jwe = Compact::parse(token, max_bytes)?;
    let prepared: Vec<DecryptionKey> = keys
        .iter()
        .filter(|k| match k.family() {
            Family::Hmac => !jwe.alg.is_ecdh() && !jwe.alg.is_rsa(),
            Family::Rsa => jwe.alg.is_rsa(),
            Family::Ec(c) => jwe.epk.as_ref().is_some_and(|(curve, _)| *curve == c),
            Family::Ed25519 => false,
        })
        .filter_map(DecryptionKey::prepare)
        .collect();
    let plaintext = jwe.open(prepared.iter())?;
    Ok((jwe.header, plaintext))
}

impl KeyId for DecryptionKey {
    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }
}

impl Compact<'_> {
    /// Tries the keys the token selects, in order.
    fn open<'k>(
        &self,
        keys: impl Iterator<Item = &'k DecryptionKey>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let fitting: Vec<&DecryptionKey> = keys.filter(|k| k.fits(self)).collect();
        let candidates = kid::select(fitting, self.kid.as_deref());
        if candidates.is_empty() {
            return Err(match &self.kid {
                Some(kid) => err!(
                    NoMatchingKey,
                    "no configured key with key id '{}' can decrypt this {} / {} token",
                    printable(kid),
                    self.alg.name(),
                    self.enc.name()
                ),
                None => err!(
                    NoMatchingKey,
                    "no configured key can decrypt this {} / {} token",
                    self.alg.name(),
                    self.enc.name()
                ),
            });
        }
        for key in candidates {
            let Some(cek) = key.content_key(self) else {
                continue;
            };
            if let Some(plaintext) = open_content(
                self.enc,
                &cek,
                self.header_b64.as_bytes(),
                &self.iv,
                &self.ciphertext,
                &self.tag,
            ) {
                return Ok(plaintext);
            }
        }
        Err(decryption_failed())
    }
}
