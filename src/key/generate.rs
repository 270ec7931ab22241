//! Key generation from a typed spec ([`KeySpec`]): the kind, and a size or curve where the kind has a
//! choice. The defaults (HMAC 256 bits, RSA 2048, EC P-256) and the curve rules live here only.

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::base::text::printable;
use crate::crypto::ec::ecdsa_signing;
use crate::jwa::curve::{Curve, curve_from_name};
use crate::jwa::signing::{Algorithm, Family};
use crate::key::material::Material;
use crate::key::model::{Key, KeyFormat};

/// What kind of key to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A random secret (HMAC signing, AES key wrap, `dir`).
    Hmac,
    Rsa,
    /// NIST curves P-256, P-384, P-521 (and secp256k1 when named as the curve).
    Ec,
    Secp256k1,
    Ed25519,
}

impl KeyKind {
    pub const ALL: [KeyKind; 5] = [
        KeyKind::Hmac,
        KeyKind::Rsa,
        KeyKind::Ec,
        KeyKind::Secp256k1,
        KeyKind::Ed25519,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Hmac => "HMAC",
            KeyKind::Rsa => "RSA",
            KeyKind::Ec => "EC",
            KeyKind::Secp256k1 => "secp256k1",
            KeyKind::Ed25519 => "Ed25519",
        }
    }

    /// Case-insensitive; `oct` for HMAC and `OKP`/`EdDSA` for Ed25519 too.
    pub fn parse(name: &str) -> Result<KeyKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "hmac" | "oct" => Ok(KeyKind::Hmac),
            "rsa" => Ok(KeyKind::Rsa),
            "ec" => Ok(KeyKind::Ec),
            "secp256k1" => Ok(KeyKind::Secp256k1),
            "ed25519" | "okp" | "eddsa" => Ok(KeyKind::Ed25519),
            _ => Err(err!(
                InvalidArgument,
                "unknown key type '{}'; expected HMAC, RSA, EC, secp256k1 or Ed25519",
                printable(name)
            )),
        }
    }

    /// The size used when the spec names none (bits; 0 where the kind has no choice).
    pub fn default_bits(self) -> u32 {
        match self {
            KeyKind::Hmac => 256,
            KeyKind::Rsa => 2048,
            KeyKind::Ec | KeyKind::Secp256k1 => 256,
            KeyKind::Ed25519 => 0,
        }
    }

    /// The sizes (bits) a spec may name.
    fn sizes(self) -> Value {
        match self {
            KeyKind::Hmac => json!({ "min": 128, "max": 8192, "multiple_of": 8 }),
            KeyKind::Rsa => json!([2048, 3072, 4096]),
            KeyKind::Ec => json!([256, 384, 521]),
            KeyKind::Secp256k1 => json!([256]),
            KeyKind::Ed25519 => json!([]),
        }
    }
}

/// A key to generate: `{"type": "EC", "curve": "P-384"}`, `{"type": "RSA", "bits": 3072}`, … Missing
/// members take the kind's defaults; a curve applies to EC keys only and must agree with the bits.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub bits: Option<u32>,
    #[serde(default)]
    pub curve: Option<String>,
}

impl KeySpec {
    /// Resolves the spec to a kind and an exact size.
    fn resolve(&self) -> Result<(KeyKind, u32)> {
        let kind = KeyKind::parse(&self.kind)?;
        let Some(name) = self.curve.as_deref() else {
            return Ok((kind, self.bits.unwrap_or(kind.default_bits())));
        };
        if kind != KeyKind::Ec {
            return Err(err!(
                InvalidArgument,
                "a curve applies to EC keys only, not to {} keys",
                kind.name()
            ));
        }
        let curve = curve_from_name(name).map_err(|e| err!(InvalidArgument, "{}", e.message()))?;
        let curve_bits = match curve {
            Curve::P256 | Curve::Secp256k1 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        };
        if self.bits.is_some_and(|b| b != curve_bits) {
            return Err(err!(
                InvalidArgument,
                "{} bits do not match curve {}",
                self.bits.unwrap_or_default(),
                curve.name()
            ));
        }
        let kind = if curve == Curve::Secp256k1 {
            KeyKind::Secp256k1
        } else {
            kind
        };
        Ok((kind, curve_bits))
    }

    /// The generation defaults and choices, for the library's defaults document.
    pub fn describe() -> Value {
        Value::Array(
            KeyKind::ALL
                .iter()
                .map(|k| {
                    json!({
                        "type": k.name(),
                        "default_bits": k.default_bits(),
                        "bits": k.sizes(),
                        "curves": if *k == KeyKind::Ec {
                            Curve::ALL.iter().map(|c| c.name()).collect::<Vec<_>>()
                        } else {
                            Vec::new()
                        },
                    })
                })
                .collect(),
        )
    }
}

/// Generates the key a spec describes.
pub fn generate_spec(spec: &KeySpec) -> Result<Key> {
    let (kind, bits) = spec.resolve()?;
    generate_exact(kind, bits)
}

/// Generates a key: `kind` is HMAC (a secret of 128 to 8192 bits, multiple of 8), RSA (2048/3072/4096),
/// EC (256/384/521), secp256k1 or Ed25519 (bits ignored for the last two).
pub fn generate(kind: &str, bits: u32) -> Result<Key> {
    generate_exact(KeyKind::parse(kind)?, bits)
}

/// Generates exactly this kind and size.
fn generate_exact(kind: KeyKind, bits: u32) -> Result<Key> {
    let failed = || err!(Internal, "key generation failed");
    let material = match kind {
        KeyKind::Hmac => {
            // 128 and 192 bits serve A128KW/A192KW and dir with A128GCM/A192GCM; signing still needs
            // at least the hash size, checked when the key is used.
            if bits < 128 || bits % 8 != 0 || bits > 8192 {
                return Err(err!(
                    InvalidArgument,
                    "a secret key must be 128 to 8192 bits, a multiple of 8 (got {bits})"
                ));
            }
            let mut secret = Zeroizing::new(vec![0u8; bits as usize / 8]);
            SystemRandom::new()
                .fill(&mut secret)
                .map_err(|_| failed())?;
            Material::Secret(secret)
        }
        KeyKind::Rsa => {
            let size = match bits {
                2048 => KeySize::Rsa2048,
                3072 => KeySize::Rsa3072,
                4096 => KeySize::Rsa4096,
                other => {
                    return Err(err!(
                        InvalidArgument,
                        "RSA keys are 2048, 3072 or 4096 bits (got {other})"
                    ));
                }
            };
            let pair = RsaKeyPair::generate(size).map_err(|_| failed())?;
            return Key::import(
                KeyFormat::Der,
                AsDer::<Pkcs8V1Der>::as_der(&pair)
                    .map_err(|_| failed())?
                    .as_ref(),
            );
        }
        KeyKind::Ec => {
            let curve = match bits {
                256 => Curve::P256,
                384 => Curve::P384,
                521 => Curve::P521,
                other => {
                    return Err(err!(
                        InvalidArgument,
                        "EC keys are P-256, P-384 or P-521 (got {other} bits)"
                    ));
                }
            };
            let pair = EcdsaKeyPair::generate(ecdsa_signing(curve)).map_err(|_| failed())?;
            return Key::import(
                KeyFormat::Der,
                pair.to_pkcs8v1().map_err(|_| failed())?.as_ref(),
            );
        }
        KeyKind::Secp256k1 => {
            let pair =
                EcdsaKeyPair::generate(ecdsa_signing(Curve::Secp256k1)).map_err(|_| failed())?;
            return Key::import(
                KeyFormat::Der,
                pair.to_pkcs8v1().map_err(|_| failed())?.as_ref(),
            );
        }
        KeyKind::Ed25519 => {
            let pair = Ed25519KeyPair::generate().map_err(|_| failed())?;
            return Key::import(
                KeyFormat::Der,
                pair.to_pkcs8v1().map_err(|_| failed())?.as_ref(),
            );
        }
    };
    Ok(Key::from_material(material))
}

/// Generates a key `alg` can sign with: an HMAC secret of the hash size, RSA 2048, the algorithm's curve,
/// or Ed25519.
pub fn generate_for(alg: Algorithm) -> Result<Key> {
    let spec = |kind: &str, bits: u32| KeySpec {
        kind: kind.into(),
        bits: Some(bits),
        curve: None,
    };
    generate_spec(&match alg.family() {
        Family::Hmac => spec("HMAC", 8 * alg.min_hmac_key_len().unwrap_or(32) as u32),
        Family::Rsa => spec("RSA", KeyKind::Rsa.default_bits()),
        Family::Ec(curve) => KeySpec {
            kind: "EC".into(),
            bits: None,
            curve: Some(curve.name().into()),
        },
        Family::Ed25519 => spec("Ed25519", 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::export::{thumbprint, to_jwk, to_pem};
    use crate::key::jwks::to_jwks;

    #[test]
    fn rfc7638_section_3_1_example() {
        let jwk = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
        let key = Key::import(KeyFormat::Jwk, jwk.as_bytes()).unwrap();
        assert_eq!(
            thumbprint(&key),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(key.kid(), Some("2011-04-29"));
    }

    #[test]
    fn generated_keys_export_and_reimport() {
        for (kind, bits) in [
            ("EC", 256),
            ("EC", 384),
            ("EC", 521),
            ("Ed25519", 0),
            ("RSA", 2048),
        ] {
            let key = generate(kind, bits).unwrap();
            assert!(key.has_private());
            let public = to_jwk(&key, false).unwrap();
            assert!(
                public.get("d").is_none(),
                "{kind}: public JWK must not carry 'd'"
            );
            let private = to_jwk(&key, true).unwrap();
            let again = Key::import(KeyFormat::Jwk, private.to_string().as_bytes()).unwrap();
            assert_eq!(thumbprint(&again), thumbprint(&key), "{kind}");
            let pem = to_pem(&key, true).unwrap();
            assert_eq!(
                thumbprint(&Key::import(KeyFormat::Pem, pem.as_bytes()).unwrap()),
                thumbprint(&key)
            );
            let spki = to_pem(&key, false).unwrap();
            let public_key = Key::import(KeyFormat::Pem, spki.as_bytes()).unwrap();
            assert!(!public_key.has_private());
            assert_eq!(thumbprint(&public_key), thumbprint(&key), "{kind}");
        }
    }

    #[test]
    fn generate_for_fits_every_algorithm() {
        for alg in Algorithm::ALL {
            let key = generate_for(alg).unwrap();
            assert!(key.check_algorithm(alg).is_ok(), "{}", alg.name());
        }
    }

    #[test]
    fn secrets_are_not_exported_by_default() {
        let key = generate("HMAC", 256).unwrap();
        assert!(to_jwk(&key, false).is_err());
        assert_eq!(to_jwk(&key, true).unwrap()["kty"], "oct");
        assert!(to_jwks(&[key]).is_err());
    }

    #[test]
    fn specs_take_the_defaults_and_check_curves() {
        let spec = |kind: &str, bits: Option<u32>, curve: Option<&str>| KeySpec {
            kind: kind.into(),
            bits,
            curve: curve.map(str::to_owned),
        };
        assert_eq!(
            generate_spec(&spec("HMAC", None, None)).unwrap().bits(),
            256
        );
        assert_eq!(
            generate_spec(&spec("EC", None, Some("P-384")))
                .unwrap()
                .bits(),
            384
        );
        let k1 = generate_spec(&spec("EC", None, Some("secp256k1"))).unwrap();
        assert_eq!(k1.auto_algorithm(), Algorithm::ES256K);
        for bad in [
            spec("RSA", None, Some("P-256")),
            spec("EC", Some(384), Some("P-256")),
            spec("EC", Some(255), None),
            spec("EC", None, Some("P-192")),
            spec("DSA", None, None),
        ] {
            assert_eq!(
                generate_spec(&bad).unwrap_err().kind(),
                crate::base::error::ErrorKind::InvalidArgument,
                "{bad:?}"
            );
        }
    }
}
