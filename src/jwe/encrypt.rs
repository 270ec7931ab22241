//! Encryption: a recipient key bound to a key management and a content encryption algorithm, checked
//! once, then any number of compact JWEs.

use std::sync::Arc;

use aws_lc_rs::agreement;
use aws_lc_rs::rsa::{OaepPublicEncryptingKey, PublicEncryptingKey};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::base::json::{b64url_decode, b64url_encode};
use crate::crypto::content::seal_content;
use crate::crypto::ec::ecdh_algorithm;
use crate::crypto::kdf::concat_kdf;
use crate::crypto::keywrap::aes_key_wrap;
use crate::crypto::{internal, oaep, random_bytes};
use crate::jwa::curve::{Curve, coordinate_len};
use crate::jwa::encryption::{ContentEncryption, KeyManagement};
use crate::jwa::signing::Family;
use crate::key::material::Material;
use crate::key::{Key, spki_der};

pub(crate) fn describe(key: &Key) -> String {
    match key.family() {
        Family::Hmac => format!("{}-byte secret", key.bits() / 8),
        Family::Rsa => format!("{}-bit RSA key", key.bits()),
        Family::Ec(c) => format!("EC {} key", c.name()),
        Family::Ed25519 => "Ed25519 key".to_owned(),
    }
}

/// What an [`Encrypter`] keeps of the recipient's key.
enum Recipient {
    /// `dir`: the CEK; `AxxxKW`: the key-encryption key.
    Secret(Zeroizing<Vec<u8>>),
    Rsa(OaepPublicEncryptingKey),
    Ec {
        curve: Curve,
        /// Uncompressed point.
        point: Vec<u8>,
    },
}

/// A recipient key bound to a key management and a content encryption algorithm, checked once.
/// Immutable; share it between threads freely.
#[derive(Clone)]
pub struct Encrypter {
    alg: KeyManagement,
    enc: ContentEncryption,
    recipient: Arc<Recipient>,
}

impl std::fmt::Debug for Encrypter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encrypter")
            .field("alg", &self.alg.name())
            .field("enc", &self.enc.name())
            .finish_non_exhaustive()
    }
}

impl Encrypter {
    /// `alg` None / `enc` None = defaults: a secret → `dir` with `enc` chosen by the secret's length
    /// (16 → A128GCM, 24 → A192GCM, 32 → A256GCM, 48 → A192CBC-HS384, 64 → A256CBC-HS512); an RSA key
    /// → RSA-OAEP + A256GCM; an EC key (P-256/384/521) → ECDH-ES + A256GCM. An explicit `alg` without
    /// `enc` gets A256GCM, except `dir` (by key length). Every key check happens here.
    pub fn new(
        key: &Key,
        alg: Option<KeyManagement>,
        enc: Option<ContentEncryption>,
    ) -> Result<Encrypter> {
        if !key.for_encryption() {
            return Err(err!(
                AlgorithmKeyMismatch,
                "the JWK is meant for signatures ('use'/'key_ops'), not for encryption"
            ));
        }
        // A JWK's `alg` is the default, and the only algorithm allowed; a `dir` key may name its content
        // algorithm instead (RFC 7520 §5.6).
        let (bound, enc) = match key.jwe_alg() {
            None => (None, enc),
            Some(name) => match ContentEncryption::parse(name) {
                Ok(content) if enc.is_none_or(|e| e == content) => {
                    (Some(KeyManagement::Dir), Some(content))
                }
                Ok(content) => {
                    return Err(err!(
                        AlgorithmKeyMismatch,
                        "the key is bound to {} by its JWK 'alg'",
                        content.name()
                    ));
                }
                Err(_) => (Some(KeyManagement::parse(name)?), enc),
            },
        };
        if let (Some(b), Some(a)) = (bound, alg) {
            if a != b {
                return Err(err!(
                    AlgorithmKeyMismatch,
                    "the key is bound to {} by its JWK 'alg' and cannot be used with {}",
                    b.name(),
                    a.name()
                ));
            }
        }
        let alg = alg.or(bound);
        let family = key.family();
        match family {
            Family::Ed25519 => {
                return Err(err!(
                    InvalidKey,
                    "an Ed25519 key cannot encrypt (X25519 ECDH-ES is not supported); JWE needs a \
                     secret, an RSA key or an EC P-256/P-384/P-521 key"
                ));
            }
            Family::Ec(Curve::Secp256k1) => {
                return Err(err!(
                    InvalidKey,
                    "a secp256k1 key cannot encrypt; ECDH-ES needs an EC P-256, P-384 or P-521 key"
                ));
            }
            _ => {}
        }
        let alg = alg.unwrap_or(match family {
            Family::Hmac => KeyManagement::Dir,
            Family::Rsa => KeyManagement::RsaOaep,
            _ => KeyManagement::EcdhEs,
        });
        let fits = match family {
            Family::Hmac => alg == KeyManagement::Dir || (alg.kw_len().is_some() && !alg.is_ecdh()),
            Family::Rsa => alg.is_rsa(),
            _ => alg.is_ecdh(),
        };
        if !fits {
            return Err(err!(
                AlgorithmKeyMismatch,
                "key management {} needs {}; this is a {}",
                alg.name(),
                alg.needs(),
                describe(key)
            ));
        }
        let enc = match (alg, enc, &*key.material) {
            (_, Some(enc), _) => enc,
            (KeyManagement::Dir, None, Material::Secret(s)) => {
                ContentEncryption::for_direct_secret(s.len()).ok_or_else(|| {
                    err!(
                        InvalidKey,
                        "a {}-byte secret fits no content encryption for 'dir'; use 16 (A128GCM), \
                         24 (A192GCM), 32 (A256GCM), 48 (A192CBC-HS384) or 64 (A256CBC-HS512) bytes",
                        s.len()
                    )
                })?
            }
            _ => ContentEncryption::A256GCM,
        };
        let recipient = match &*key.material {
            Material::Secret(s) => {
                let (needed, what) = match alg.kw_len() {
                    Some(kw) => (kw, alg.name().to_owned()),
                    None => (enc.key_len(), format!("dir with {}", enc.name())),
                };
                if s.len() != needed {
                    return Err(if s.len() < needed {
                        err!(
                            KeyTooShort,
                            "{what} needs a {needed}-byte ({}-bit) secret; this one has {} bytes",
                            needed * 8,
                            s.len()
                        )
                    } else {
                        err!(
                            InvalidKey,
                            "{what} needs a secret of exactly {needed} bytes ({} bits); this one has {} bytes",
                            needed * 8,
                            s.len()
                        )
                    });
                }
                Recipient::Secret(s.clone())
            }
            Material::Rsa { .. } => {
                key.check_rsa_size()?;
                let spki = spki_der(key)?;
                let public = PublicEncryptingKey::from_der(&spki)
                    .map_err(|e| err!(InvalidKey, "the RSA key cannot encrypt ({e})"))?;
                Recipient::Rsa(
                    OaepPublicEncryptingKey::new(public)
                        .map_err(|_| err!(InvalidKey, "the RSA key cannot encrypt"))?,
                )
            }
            Material::Ec { curve, point, .. } => Recipient::Ec {
                curve: *curve,
                point: point.clone(),
            },
            Material::Ed25519 { .. } => {
                return Err(err!(InvalidKey, "an Ed25519 key cannot encrypt"));
            }
        };
        Ok(Encrypter {
            alg,
            enc,
            recipient: Arc::new(recipient),
        })
    }

    pub fn alg(&self) -> KeyManagement {
        self.alg
    }

    pub fn enc(&self) -> ContentEncryption {
        self.enc
    }

    /// A compact JWE of `plaintext`. The protected header is `alg`, `enc`, `epk` (ECDH-ES only), then
    /// the `extra` members in their order (e.g. `kid`, `cty`, `typ`). `apu`/`apv` given in `extra`
    /// (base64url strings) enter the ECDH-ES key derivation. Never compressed.
    pub fn encrypt(&self, plaintext: &[u8], extra: &Map<String, Value>) -> Result<String> {
        let mut party = [Vec::new(), Vec::new()];
        for (name, value) in extra {
            match name.as_str() {
                "alg" | "enc" | "epk" | "iv" | "tag" => {
                    return Err(err!(
                        InvalidArgument,
                        "the JWE header member '{name}' is set by the encryption itself"
                    ));
                }
                "zip" => {
                    return Err(err!(
                        InvalidArgument,
                        "compressed JWE ('zip') is not produced: compressing before encrypting leaks \
                         information about the plaintext"
                    ));
                }
                "crit" | "p2s" | "p2c" => {
                    return Err(err!(
                        InvalidArgument,
                        "the JWE header member '{name}' is not supported"
                    ));
                }
                "apu" | "apv" => {
                    if !self.alg.is_ecdh() {
                        return Err(err!(
                            InvalidArgument,
                            "'{name}' only applies to ECDH-ES key management"
                        ));
                    }
                    let bytes = value.as_str().and_then(b64url_decode).ok_or_else(|| {
                        err!(
                            InvalidArgument,
                            "the JWE header member '{name}' must be a base64url string"
                        )
                    })?;
                    party[usize::from(name == "apv")] = bytes;
                }
                _ => {}
            }
        }

        let enc = self.enc;
        let mut epk = None;
        let (cek, encrypted_key) = match (&*self.recipient, self.alg) {
            (Recipient::Secret(s), KeyManagement::Dir) => (s.clone(), Vec::new()),
            (Recipient::Secret(kek), _) => {
                let cek = random_bytes(enc.key_len())?;
                let wrapped = aes_key_wrap(kek, &cek)?;
                (cek, wrapped)
            }
            (Recipient::Rsa(public), alg) => {
                let cek = random_bytes(enc.key_len())?;
                let mut out = vec![0u8; public.ciphertext_size()];
                let len = public
                    .encrypt(oaep(alg), &cek, &mut out, None)
                    .map_err(|_| internal("RSA-OAEP"))?
                    .len();
                out.truncate(len);
                (cek, out)
            }
            (Recipient::Ec { curve, point }, alg) => {
                let ecdh = ecdh_algorithm(*curve).ok_or_else(|| internal("curve"))?;
                let ephemeral =
                    agreement::PrivateKey::generate(ecdh).map_err(|_| internal("ECDH key"))?;
                let public = ephemeral
                    .compute_public_key()
                    .map_err(|_| internal("ECDH key"))?;
                let (algorithm_id, len) = match alg.kw_len() {
                    Some(kw) => (alg.name(), kw),
                    None => (enc.name(), enc.key_len()),
                };
                let derived = agreement::agree(
                    &ephemeral,
                    agreement::UnparsedPublicKey::new(ecdh, point),
                    internal("ECDH agreement"),
                    |z| Ok(concat_kdf(z, algorithm_id, &party[0], &party[1], len)),
                )?;
                epk = Some(epk_json(*curve, public.as_ref()));
                if alg.kw_len().is_some() {
                    let cek = random_bytes(enc.key_len())?;
                    let wrapped = aes_key_wrap(&derived, &cek)?;
                    (cek, wrapped)
                } else {
                    (derived, Vec::new())
                }
            }
        };

        let mut header = Map::new();
        header.insert("alg".into(), self.alg.name().into());
        header.insert("enc".into(), enc.name().into());
        if let Some(epk) = epk {
            header.insert("epk".into(), epk);
        }
        for (name, value) in extra {
            header.insert(name.clone(), value.clone());
        }
        let header_b64 = b64url_encode(
            serde_json::to_string(&header)
                .map_err(|_| internal("header"))?
                .as_bytes(),
        );
        let (iv, ciphertext, tag) = seal_content(enc, &cek, header_b64.as_bytes(), plaintext)?;
        Ok(format!(
            "{header_b64}.{}.{}.{}.{}",
            b64url_encode(&encrypted_key),
            b64url_encode(&iv),
            b64url_encode(&ciphertext),
            b64url_encode(&tag)
        ))
    }
}

fn epk_json(curve: Curve, point: &[u8]) -> Value {
    let len = coordinate_len(curve);
    let mut epk = Map::new();
    epk.insert("kty".into(), "EC".into());
    epk.insert("crv".into(), curve.name().into());
    epk.insert("x".into(), b64url_encode(&point[1..1 + len]).into());
    epk.insert("y".into(), b64url_encode(&point[1 + len..]).into());
    Value::Object(epk)
}
