//! JWE (RFC 7516) compact serialization: key management and content encryption on aws-lc-rs.
//!
//! Key management: `dir`, AES Key Wrap (`A128KW`/`A192KW`/`A256KW`, RFC 3394 implemented here over
//! AES-ECB blocks, because aws-lc-rs offers no 192-bit key wrap), `RSA-OAEP`, `RSA-OAEP-256`, and
//! `ECDH-ES` (direct or with AES Key Wrap) on P-256/P-384/P-521 with the Concat KDF of RFC 7518 §4.6.2.
//! Content encryption: AES-GCM and AES-CBC with HMAC-SHA2 (RFC 7518 §5.2).
//!
//! Refused by design: `RSA1_5` (padding oracles, RFC 8725 §3.2), password-based `PBES2-*`, compression
//! (`zip`), `crit` (no extension is understood). Every failure to unwrap, authenticate or decrypt is one
//! error, "decryption failed": a bad RSA or key-wrap result is replaced by a random CEK (RFC 7516 §11.5)
//! so that it fails at the tag check like any other forgery, and CBC padding is only looked at after the
//! HMAC tag matched (compared in constant time).

use std::sync::Arc;

use aws_lc_rs::encoding::{AsBigEndian, AsDer, Pkcs8V1Der};
use aws_lc_rs::iv::FixedLength;
use aws_lc_rs::rsa::{
    OAEP_SHA1_MGF1SHA1, OAEP_SHA256_MGF1SHA256, OaepAlgorithm, OaepPrivateDecryptingKey,
    OaepPublicEncryptingKey, PrivateDecryptingKey, PublicEncryptingKey,
};
use aws_lc_rs::{aead, agreement, cipher, digest, hmac};
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::alg::{Curve, Family, printable};
use crate::error::{Error, Result, err};
use crate::json::{b64url_decode, b64url_encode, parse_object};
use crate::keyparse::{coordinate_len, curve_from_name};
use crate::keys::{Key, Material};

/// How the content encryption key (CEK) reaches the recipient (JWE `alg`).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyManagement {
    /// The shared secret is the CEK.
    Dir,
    A128KW,
    A192KW,
    A256KW,
    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 (the RFC 7518 default parameters).
    RsaOaep,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256.
    RsaOaep256,
    /// ECDH-ES; the agreed key is the CEK.
    EcdhEs,
    EcdhEsA128KW,
    EcdhEsA192KW,
    EcdhEsA256KW,
}

impl KeyManagement {
    pub const ALL: [Self; 10] = [
        Self::Dir,
        Self::A128KW,
        Self::A192KW,
        Self::A256KW,
        Self::RsaOaep,
        Self::RsaOaep256,
        Self::EcdhEs,
        Self::EcdhEsA128KW,
        Self::EcdhEsA192KW,
        Self::EcdhEsA256KW,
    ];

    /// The JWE `alg` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dir => "dir",
            Self::A128KW => "A128KW",
            Self::A192KW => "A192KW",
            Self::A256KW => "A256KW",
            Self::RsaOaep => "RSA-OAEP",
            Self::RsaOaep256 => "RSA-OAEP-256",
            Self::EcdhEs => "ECDH-ES",
            Self::EcdhEsA128KW => "ECDH-ES+A128KW",
            Self::EcdhEsA192KW => "ECDH-ES+A192KW",
            Self::EcdhEsA256KW => "ECDH-ES+A256KW",
        }
    }

    /// A name typed by a user: the RFC 7518 names, case-insensitive, and Kestrun's `ECDH-ESA128KW`
    /// spelling (no `+`). `RSA1_5` and `PBES2-*` are refused.
    pub fn parse(name: &str) -> Result<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|a| {
                a.name().eq_ignore_ascii_case(name)
                    || (a.name().contains('+')
                        && a.name().replace('+', "").eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| refused_key_management(name))
    }

    /// The exact name found in a token header (case-sensitive, RFC 7516 §4.1.1).
    fn from_header(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| refused_key_management(name))
    }

    /// The AES key-wrap key size in bytes (for `AxxxKW` and `ECDH-ES+AxxxKW`).
    fn kw_len(self) -> Option<usize> {
        match self {
            Self::A128KW | Self::EcdhEsA128KW => Some(16),
            Self::A192KW | Self::EcdhEsA192KW => Some(24),
            Self::A256KW | Self::EcdhEsA256KW => Some(32),
            _ => None,
        }
    }

    fn is_ecdh(self) -> bool {
        matches!(
            self,
            Self::EcdhEs | Self::EcdhEsA128KW | Self::EcdhEsA192KW | Self::EcdhEsA256KW
        )
    }

    fn is_rsa(self) -> bool {
        matches!(self, Self::RsaOaep | Self::RsaOaep256)
    }

    /// The encrypted-key segment is empty (the CEK is the secret or the agreed key).
    fn is_direct(self) -> bool {
        matches!(self, Self::Dir | Self::EcdhEs)
    }

    fn oaep(self) -> &'static OaepAlgorithm {
        match self {
            Self::RsaOaep256 => &OAEP_SHA256_MGF1SHA256,
            _ => &OAEP_SHA1_MGF1SHA1,
        }
    }

    fn needs(self) -> &'static str {
        match self {
            Self::Dir => "a shared secret (the content encryption key itself)",
            Self::A128KW => "a 16-byte (128-bit) AES key-wrap secret",
            Self::A192KW => "a 24-byte (192-bit) AES key-wrap secret",
            Self::A256KW => "a 32-byte (256-bit) AES key-wrap secret",
            Self::RsaOaep | Self::RsaOaep256 => "an RSA key of at least 2048 bits",
            _ => "an EC key on P-256, P-384 or P-521",
        }
    }
}

fn refused_key_management(name: &str) -> Error {
    let upper = name.to_ascii_uppercase();
    if upper == "RSA1_5" {
        err!(
            UnknownAlgorithm,
            "key management RSA1_5 (RSAES-PKCS1-v1_5) is refused: it is open to padding-oracle attacks \
             (RFC 8725 §3.2); use RSA-OAEP-256 or RSA-OAEP"
        )
    } else if upper.starts_with("PBES2") {
        err!(
            UnknownAlgorithm,
            "password-based key management ({}) is not supported; use a key",
            printable(name)
        )
    } else if upper.ends_with("GCMKW") {
        err!(
            UnknownAlgorithm,
            "AES-GCM key wrapping ({}) is not supported; use A128KW, A192KW or A256KW",
            printable(name)
        )
    } else if upper == "RSA-OAEP-384" || upper == "RSA-OAEP-512" {
        err!(
            UnknownAlgorithm,
            "key management {} is not supported; use RSA-OAEP-256",
            printable(name)
        )
    } else {
        err!(
            UnknownAlgorithm,
            "unknown key management algorithm '{}'; expected one of {}",
            printable(name),
            KeyManagement::ALL.map(KeyManagement::name).join(", ")
        )
    }
}

/// How the content is encrypted (JWE `enc`).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentEncryption {
    A128GCM,
    A192GCM,
    A256GCM,
    A128CbcHs256,
    A192CbcHs384,
    A256CbcHs512,
}

impl ContentEncryption {
    pub const ALL: [Self; 6] = [
        Self::A128GCM,
        Self::A192GCM,
        Self::A256GCM,
        Self::A128CbcHs256,
        Self::A192CbcHs384,
        Self::A256CbcHs512,
    ];

    /// The JWE `enc` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::A128GCM => "A128GCM",
            Self::A192GCM => "A192GCM",
            Self::A256GCM => "A256GCM",
            Self::A128CbcHs256 => "A128CBC-HS256",
            Self::A192CbcHs384 => "A192CBC-HS384",
            Self::A256CbcHs512 => "A256CBC-HS512",
        }
    }

    /// A name typed by a user (case-insensitive).
    pub fn parse(name: &str) -> Result<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| unknown_enc(name))
    }

    fn from_header(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .ok_or_else(|| unknown_enc(name))
    }

    /// Content encryption key length in bytes (for CBC-HS: MAC key and AES key together).
    pub fn key_len(self) -> usize {
        match self {
            Self::A128GCM => 16,
            Self::A192GCM => 24,
            Self::A256GCM | Self::A128CbcHs256 => 32,
            Self::A192CbcHs384 => 48,
            Self::A256CbcHs512 => 64,
        }
    }

    fn is_gcm(self) -> bool {
        matches!(self, Self::A128GCM | Self::A192GCM | Self::A256GCM)
    }

    fn iv_len(self) -> usize {
        if self.is_gcm() { 12 } else { 16 }
    }

    /// Authentication tag length: 16 for GCM, half the HMAC output (= half the key) for CBC-HS.
    fn tag_len(self) -> usize {
        if self.is_gcm() {
            16
        } else {
            self.key_len() / 2
        }
    }

    /// `dir` picks the content encryption by secret length.
    fn for_direct_secret(len: usize) -> Option<Self> {
        match len {
            16 => Some(Self::A128GCM),
            24 => Some(Self::A192GCM),
            32 => Some(Self::A256GCM),
            48 => Some(Self::A192CbcHs384),
            64 => Some(Self::A256CbcHs512),
            _ => None,
        }
    }
}

fn unknown_enc(name: &str) -> Error {
    err!(
        UnknownAlgorithm,
        "unknown content encryption algorithm '{}'; expected one of {}",
        printable(name),
        ContentEncryption::ALL
            .map(ContentEncryption::name)
            .join(", ")
    )
}

fn describe(key: &Key) -> String {
    match key.family() {
        Family::Hmac => format!("{}-byte secret", key.bits() / 8),
        Family::Rsa => format!("{}-bit RSA key", key.bits()),
        Family::Ec(c) => format!("EC {} key", c.name()),
        Family::Ed25519 => "Ed25519 key".to_owned(),
    }
}

fn ecdh_algorithm(curve: Curve) -> Option<&'static agreement::Algorithm> {
    match curve {
        Curve::P256 => Some(&agreement::ECDH_P256),
        Curve::P384 => Some(&agreement::ECDH_P384),
        Curve::P521 => Some(&agreement::ECDH_P521),
        Curve::Secp256k1 => None,
    }
}

fn internal(what: &str) -> Error {
    err!(Internal, "JWE encryption failed ({what})")
}

fn random_bytes(len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    aws_lc_rs::rand::fill(&mut out).map_err(|_| internal("random generator"))?;
    Ok(out)
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
                if key.bits() < 2048 {
                    return Err(err!(
                        KeyTooShort,
                        "RSA keys need at least 2048 bits; this one has {}",
                        key.bits()
                    ));
                }
                let spki = crate::jwk::spki_der(key)?;
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
                    .encrypt(alg.oaep(), &cek, &mut out, None)
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

/// Concat KDF (NIST SP 800-56A §5.8.1, RFC 7518 §4.6.2) with SHA-256.
fn concat_kdf(
    z: &[u8],
    algorithm_id: &str,
    apu: &[u8],
    apv: &[u8],
    key_len: usize,
) -> Zeroizing<Vec<u8>> {
    let field = |ctx: &mut digest::Context, bytes: &[u8]| {
        ctx.update(&(bytes.len() as u32).to_be_bytes());
        ctx.update(bytes);
    };
    let mut out = Zeroizing::new(Vec::with_capacity(key_len + 32));
    let mut counter: u32 = 1;
    while out.len() < key_len {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(&counter.to_be_bytes());
        ctx.update(z);
        field(&mut ctx, algorithm_id.as_bytes());
        field(&mut ctx, apu);
        field(&mut ctx, apv);
        ctx.update(&((key_len * 8) as u32).to_be_bytes());
        out.extend_from_slice(ctx.finish().as_ref());
        counter += 1;
    }
    out.truncate(key_len);
    out
}

fn aes_algorithm(key_len: usize) -> Option<&'static cipher::Algorithm> {
    match key_len {
        16 => Some(&cipher::AES_128),
        24 => Some(&cipher::AES_192),
        32 => Some(&cipher::AES_256),
        _ => None,
    }
}

const KW_IV: [u8; 8] = [0xA6; 8];

/// RFC 3394 AES Key Wrap (default IV A6A6A6A6A6A6A6A6) with a 16-, 24- or 32-byte key-encryption key.
/// The key to wrap must be at least 16 bytes, a multiple of 8.
pub fn aes_key_wrap(kek: &[u8], key: &[u8]) -> Result<Vec<u8>> {
    let alg = aes_algorithm(kek.len()).ok_or_else(|| {
        err!(
            InvalidKey,
            "an AES key-encryption key is 16, 24 or 32 bytes (got {})",
            kek.len()
        )
    })?;
    if key.len() < 16 || key.len() % 8 != 0 {
        return Err(err!(
            InvalidArgument,
            "AES Key Wrap needs at least 16 bytes, a multiple of 8 (got {})",
            key.len()
        ));
    }
    let aes = cipher::UnboundCipherKey::new(alg, kek)
        .and_then(cipher::EncryptingKey::ecb)
        .map_err(|_| internal("AES key"))?;
    let n = key.len() / 8;
    let mut a = KW_IV;
    let mut r = Zeroizing::new(key.to_vec());
    let mut block = Zeroizing::new([0u8; 16]);
    for j in 0..6 {
        for i in 0..n {
            block[..8].copy_from_slice(&a);
            block[8..].copy_from_slice(&r[i * 8..i * 8 + 8]);
            aes.encrypt(&mut block[..])
                .map_err(|_| internal("AES block"))?;
            let t = ((n * j + i + 1) as u64).to_be_bytes();
            for k in 0..8 {
                a[k] = block[k] ^ t[k];
            }
            r[i * 8..i * 8 + 8].copy_from_slice(&block[8..]);
        }
    }
    let mut out = Vec::with_capacity(key.len() + 8);
    out.extend_from_slice(&a);
    out.extend_from_slice(&r);
    Ok(out)
}

/// RFC 3394 AES Key Unwrap; the integrity check value is compared in constant time. Any failure is
/// InvalidSignature "decryption failed".
pub fn aes_key_unwrap(kek: &[u8], wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    unwrap_key(kek, wrapped).ok_or_else(decryption_failed)
}

fn unwrap_key(kek: &[u8], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let alg = aes_algorithm(kek.len())?;
    if wrapped.len() < 24 || wrapped.len() % 8 != 0 {
        return None;
    }
    let aes = cipher::UnboundCipherKey::new(alg, kek)
        .and_then(cipher::DecryptingKey::ecb)
        .ok()?;
    let n = wrapped.len() / 8 - 1;
    let mut a = [0u8; 8];
    a.copy_from_slice(&wrapped[..8]);
    let mut r = Zeroizing::new(wrapped[8..].to_vec());
    let mut block = Zeroizing::new([0u8; 16]);
    for j in (0..6).rev() {
        for i in (0..n).rev() {
            let t = ((n * j + i + 1) as u64).to_be_bytes();
            for k in 0..8 {
                block[k] = a[k] ^ t[k];
            }
            block[8..].copy_from_slice(&r[i * 8..i * 8 + 8]);
            aes.decrypt(&mut block[..], cipher::DecryptionContext::None)
                .ok()?;
            a.copy_from_slice(&block[..8]);
            r[i * 8..i * 8 + 8].copy_from_slice(&block[8..]);
        }
    }
    if bool::from(a.ct_eq(&KW_IV)) {
        Some(r)
    } else {
        None
    }
}

fn decryption_failed() -> Error {
    err!(InvalidSignature, "decryption failed")
}

fn gcm_algorithm(enc: ContentEncryption) -> &'static aead::Algorithm {
    match enc {
        ContentEncryption::A128GCM => &aead::AES_128_GCM,
        ContentEncryption::A192GCM => &aead::AES_192_GCM,
        _ => &aead::AES_256_GCM,
    }
}

/// The full HMAC of RFC 7518 §5.2.2.1 step 5 (the tag is its first half).
fn cbc_hmac(
    enc: ContentEncryption,
    mac_key: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> hmac::Tag {
    let alg = match enc {
        ContentEncryption::A192CbcHs384 => hmac::HMAC_SHA384,
        ContentEncryption::A256CbcHs512 => hmac::HMAC_SHA512,
        _ => hmac::HMAC_SHA256,
    };
    let mut ctx = hmac::Context::with_key(&hmac::Key::new(alg, mac_key));
    ctx.update(aad);
    ctx.update(iv);
    ctx.update(ciphertext);
    ctx.update(&((aad.len() as u64) * 8).to_be_bytes());
    ctx.sign()
}

/// Encrypts the content: (IV, ciphertext, tag).
fn seal_content(
    enc: ContentEncryption,
    cek: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let failed = || internal("content encryption");
    let iv = random_bytes(enc.iv_len())?.to_vec();
    let mut buffer = plaintext.to_vec();
    if enc.is_gcm() {
        let key = aead::LessSafeKey::new(
            aead::UnboundKey::new(gcm_algorithm(enc), cek).map_err(|_| failed())?,
        );
        let nonce = aead::Nonce::try_assume_unique_for_key(&iv).map_err(|_| failed())?;
        let tag = key
            .seal_in_place_separate_tag(nonce, aead::Aad::from(aad), &mut buffer)
            .map_err(|_| failed())?;
        return Ok((iv, buffer, tag.as_ref().to_vec()));
    }
    let (mac_key, enc_key) = cek.split_at(cek.len() / 2);
    let aes = aes_algorithm(enc_key.len()).ok_or_else(failed)?;
    let key = cipher::UnboundCipherKey::new(aes, enc_key)
        .and_then(cipher::PaddedBlockEncryptingKey::cbc_pkcs7)
        .map_err(|_| failed())?;
    let iv16: [u8; 16] = iv.as_slice().try_into().map_err(|_| failed())?;
    key.less_safe_encrypt(
        &mut buffer,
        cipher::EncryptionContext::Iv128(FixedLength::from(iv16)),
    )
    .map_err(|_| failed())?;
    let full = cbc_hmac(enc, mac_key, aad, &iv, &buffer);
    let tag = full.as_ref()[..enc.tag_len()].to_vec();
    Ok((iv, buffer, tag))
}

/// Decrypts the content; `None` on any failure (tag mismatch, bad padding, bad sizes alike).
fn open_content(
    enc: ContentEncryption,
    cek: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if cek.len() != enc.key_len() || iv.len() != enc.iv_len() || tag.len() != enc.tag_len() {
        return None;
    }
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let len = if enc.is_gcm() {
        let key = aead::LessSafeKey::new(aead::UnboundKey::new(gcm_algorithm(enc), cek).ok()?);
        let nonce = aead::Nonce::try_assume_unique_for_key(iv).ok()?;
        key.open_in_place_separate_tag(nonce, aead::Aad::from(aad), tag, &mut buffer)
            .ok()?
            .len()
    } else {
        let (mac_key, enc_key) = cek.split_at(cek.len() / 2);
        let full = cbc_hmac(enc, mac_key, aad, iv, ciphertext);
        if !bool::from(full.as_ref()[..enc.tag_len()].ct_eq(tag)) {
            return None;
        }
        let key = cipher::UnboundCipherKey::new(aes_algorithm(enc_key.len())?, enc_key)
            .and_then(cipher::PaddedBlockDecryptingKey::cbc_pkcs7)
            .ok()?;
        let iv16: [u8; 16] = iv.try_into().ok()?;
        key.decrypt(
            &mut buffer,
            cipher::DecryptionContext::Iv128(FixedLength::from(iv16)),
        )
        .ok()?
        .len()
    };
    buffer.truncate(len);
    Some(buffer)
}

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
            } if key.bits() >= 2048 => {
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
                    .decrypt(alg.oaep(), &jwe.encrypted_key, &mut out, None)
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

/// A compact JWE, split, decoded and checked, not yet decrypted.
struct Compact<'a> {
    header: Map<String, Value>,
    /// The AAD: ASCII(BASE64URL(protected header)).
    header_b64: &'a str,
    alg: KeyManagement,
    enc: ContentEncryption,
    kid: Option<String>,
    /// ECDH-ES: the ephemeral key's curve and uncompressed point, validated.
    epk: Option<(Curve, Vec<u8>)>,
    apu: Vec<u8>,
    apv: Vec<u8>,
    encrypted_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
}

fn segment(text: &str, what: &str) -> Result<Vec<u8>> {
    b64url_decode(text).ok_or_else(|| err!(MalformedToken, "the JWE {what} is not base64url"))
}

fn header_string<'h>(header: &'h Map<String, Value>, name: &str) -> Result<Option<&'h str>> {
    match header.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(err!(
            MalformedToken,
            "the JWE header '{name}' is not a string"
        )),
    }
}

impl<'a> Compact<'a> {
    fn parse(token: &'a str, max_bytes: usize) -> Result<Compact<'a>> {
        crate::token::check_size(token, max_bytes)?;
        let count = token.split('.').count();
        if count != 5 {
            return Err(if count == 3 {
                err!(
                    MalformedToken,
                    "the token is a signed JWS (3 segments), not an encrypted JWE (5 segments)"
                )
            } else {
                err!(
                    MalformedToken,
                    "an encrypted JWE has 5 dot-separated segments; this one has {count}"
                )
            });
        }
        let parts: Vec<&str> = token.split('.').collect();
        let header_b64 = parts[0];
        if header_b64.is_empty() {
            return Err(err!(MalformedToken, "the JWE header segment is empty"));
        }
        let header = parse_object(&segment(header_b64, "header")?, "JWE header")?;

        let alg = KeyManagement::from_header(
            header_string(&header, "alg")?
                .ok_or_else(|| err!(MalformedToken, "the JWE header has no 'alg'"))?,
        )?;
        let enc = ContentEncryption::from_header(
            header_string(&header, "enc")?
                .ok_or_else(|| err!(MalformedToken, "the JWE header has no 'enc'"))?,
        )?;
        if header.contains_key("zip") {
            return Err(err!(
                UnsupportedCriticalHeader,
                "compressed JWE ('zip') is refused: compression before encryption leaks information \
                 about the plaintext"
            ));
        }
        if header.contains_key("crit") {
            return Err(err!(
                UnsupportedCriticalHeader,
                "the JWE marks header extensions as critical ('crit'); none is supported"
            ));
        }
        if header.contains_key("p2c") || header.contains_key("p2s") {
            return Err(err!(
                MalformedToken,
                "the JWE header carries PBES2 parameters ('p2c'/'p2s'); password-based key \
                 management is not supported"
            ));
        }
        let kid = header_string(&header, "kid")?.map(str::to_owned);

        let (epk, apu, apv) = if alg.is_ecdh() {
            let party = |name: &str| -> Result<Vec<u8>> {
                match header_string(&header, name)? {
                    None => Ok(Vec::new()),
                    Some(s) => segment(s, &format!("header '{name}'")),
                }
            };
            (
                Some(parse_epk(header.get("epk"))?),
                party("apu")?,
                party("apv")?,
            )
        } else {
            (None, Vec::new(), Vec::new())
        };

        let encrypted_key = segment(parts[1], "encrypted key")?;
        if alg.is_direct() && !encrypted_key.is_empty() {
            return Err(err!(
                MalformedToken,
                "with {} the JWE encrypted key segment must be empty",
                alg.name()
            ));
        }
        if !alg.is_direct() && encrypted_key.is_empty() {
            return Err(err!(
                MalformedToken,
                "the JWE encrypted key segment is empty (needed with {})",
                alg.name()
            ));
        }
        let iv = segment(parts[2], "initialization vector")?;
        if iv.len() != enc.iv_len() {
            return Err(err!(
                MalformedToken,
                "the JWE initialization vector is {} bytes; {} needs {}",
                iv.len(),
                enc.name(),
                enc.iv_len()
            ));
        }
        let ciphertext = segment(parts[3], "ciphertext")?;
        let tag = segment(parts[4], "authentication tag")?;
        if tag.len() != enc.tag_len() {
            return Err(err!(
                InvalidSignature,
                "decryption failed (the authentication tag is {} bytes; {} uses {})",
                tag.len(),
                enc.name(),
                enc.tag_len()
            ));
        }
        Ok(Compact {
            header,
            header_b64,
            alg,
            enc,
            kid,
            epk,
            apu,
            apv,
            encrypted_key,
            iv,
            ciphertext,
            tag,
        })
    }

    /// Tries the keys the token selects, in order.
    fn open<'k>(
        &self,
        keys: impl Iterator<Item = &'k DecryptionKey>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let fitting: Vec<&DecryptionKey> = keys.filter(|k| k.fits(self)).collect();
        let candidates: Vec<&DecryptionKey> = match &self.kid {
            None => fitting,
            Some(kid) => {
                let by_kid: Vec<&DecryptionKey> = fitting
                    .iter()
                    .copied()
                    .filter(|k| k.kid.as_deref() == Some(kid.as_str()))
                    .collect();
                if by_kid.is_empty() {
                    fitting.into_iter().filter(|k| k.kid.is_none()).collect()
                } else {
                    by_kid
                }
            }
        };
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

/// The `epk` header member: an EC public JWK on a supported curve whose point aws-lc-rs accepts.
fn parse_epk(epk: Option<&Value>) -> Result<(Curve, Vec<u8>)> {
    let bad = |why: &str| err!(MalformedToken, "the JWE header 'epk' {why}");
    let epk = match epk {
        None => return Err(bad("is missing (ECDH-ES needs the sender's ephemeral key)")),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(bad("is not a JSON object")),
    };
    let member = |name: &str| epk.get(name).and_then(Value::as_str);
    if member("kty") != Some("EC") {
        return Err(bad("must be an EC key (kty \"EC\")"));
    }
    let crv = member("crv").ok_or_else(|| bad("has no 'crv'"))?;
    let curve = curve_from_name(crv)
        .ok()
        .filter(|c| ecdh_algorithm(*c).is_some())
        .ok_or_else(|| {
            err!(
                MalformedToken,
                "the JWE header 'epk' is on unsupported curve '{}' (P-256, P-384, P-521)",
                printable(crv)
            )
        })?;
    let len = coordinate_len(curve);
    let coordinate = |name: &str| {
        member(name)
            .and_then(b64url_decode)
            .filter(|c| c.len() == len)
            .ok_or_else(|| {
                err!(
                    MalformedToken,
                    "the JWE header 'epk' member '{name}' must be {len} base64url bytes"
                )
            })
    };
    let mut point = Vec::with_capacity(1 + 2 * len);
    point.push(4);
    point.extend_from_slice(&coordinate("x")?);
    point.extend_from_slice(&coordinate("y")?);
    let ecdh = ecdh_algorithm(curve).ok_or_else(|| bad("is on an unsupported curve"))?;
    agreement::ParsedPublicKey::try_from(&agreement::UnparsedPublicKey::new(ecdh, &point))
        .map_err(|_| {
            err!(
                MalformedToken,
                "the JWE header 'epk' is not a valid point on {}",
                curve.name()
            )
        })?;
    Ok((curve, point))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn names_parse_case_insensitively_with_kestrun_spelling() {
        for alg in KeyManagement::ALL {
            assert_eq!(KeyManagement::parse(alg.name()).unwrap(), alg);
            assert_eq!(
                KeyManagement::parse(&alg.name().to_lowercase()).unwrap(),
                alg
            );
            assert_eq!(KeyManagement::from_header(alg.name()).unwrap(), alg);
        }
        assert_eq!(
            KeyManagement::parse("ECDH-ESA256KW").unwrap(),
            KeyManagement::EcdhEsA256KW
        );
        assert!(KeyManagement::from_header("ECDH-ESA256KW").is_err());
        assert!(KeyManagement::from_header("a128kw").is_err());
        for e in ContentEncryption::ALL {
            assert_eq!(
                ContentEncryption::parse(&e.name().to_lowercase()).unwrap(),
                e
            );
        }
        let rsa15 = KeyManagement::parse("rsa1_5").unwrap_err();
        assert_eq!(rsa15.kind(), ErrorKind::UnknownAlgorithm);
        assert!(rsa15.message().contains("RFC 8725"));
        assert!(
            KeyManagement::parse("PBES2-HS256+A128KW")
                .unwrap_err()
                .message()
                .contains("password")
        );
    }

    /// RFC 7518 Appendix C: ECDH-ES key agreement and Concat KDF (A128GCM, apu "Alice", apv "Bob").
    #[test]
    fn rfc7518_appendix_c_concat_kdf() {
        let d = b64url_decode("VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw").unwrap();
        let bob = agreement::PrivateKey::from_private_key(&agreement::ECDH_P256, &d).unwrap();
        let mut alice = vec![4u8];
        alice.extend(b64url_decode("gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0").unwrap());
        alice.extend(b64url_decode("SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps").unwrap());
        let key = agreement::agree(
            &bob,
            agreement::UnparsedPublicKey::new(&agreement::ECDH_P256, &alice),
            (),
            |z| Ok(concat_kdf(z, "A128GCM", b"Alice", b"Bob", 16)),
        )
        .unwrap();
        assert_eq!(b64url_encode(&key), "VqqN6vgjbSBcIijNcacQGg");
    }

    #[test]
    fn key_wrap_rejects_bad_sizes_and_checks_the_iv() {
        assert!(aes_key_wrap(&[0; 20], &[0; 16]).is_err());
        assert!(aes_key_wrap(&[0; 16], &[0; 12]).is_err());
        let wrapped = aes_key_wrap(&[1; 24], &[2; 32]).unwrap();
        assert_eq!(&*aes_key_unwrap(&[1; 24], &wrapped).unwrap(), &[2; 32]);
        let mut bad = wrapped.clone();
        bad[3] ^= 1;
        assert_eq!(
            aes_key_unwrap(&[1; 24], &bad).unwrap_err().kind(),
            ErrorKind::InvalidSignature
        );
        assert!(aes_key_unwrap(&[1; 24], &wrapped[..16]).is_err());
    }
}
