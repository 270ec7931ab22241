//! Writing keys out: RFC 7638 thumbprints, JWK and JWK Set export (public members unless private ones
//! are asked for explicitly), PEM export, JWK Set import, and key generation.

use aws_lc_rs::digest;
use aws_lc_rs::encoding::{AsBigEndian, AsDer};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};
use der::Encode;
use der::asn1::{AnyRef, BitStringRef, UintRef};
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use crate::alg::{Algorithm, Curve, Family};
use crate::error::{Result, err};
use crate::json::b64url_encode;
use crate::keyparse::{OID_EC, OID_ED25519, OID_RSA, coordinate_len, curve_oid, ecdsa_signing};
use crate::keys::{Key, KeyFormat, Material};

fn json_str(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// The RFC 7638 members of a key, in lexicographic order, as (name, value) pairs.
fn required_members(key: &Key) -> Vec<(&'static str, String)> {
    match &*key.material {
        Material::Secret(k) => vec![("k", b64url_encode(k)), ("kty", "oct".into())],
        Material::Rsa { n, e, .. } => vec![
            ("e", b64url_encode(e)),
            ("kty", "RSA".into()),
            ("n", b64url_encode(n)),
        ],
        Material::Ec { curve, point, .. } => {
            let len = coordinate_len(*curve);
            vec![
                ("crv", curve.name().into()),
                ("kty", "EC".into()),
                ("x", b64url_encode(&point[1..1 + len])),
                ("y", b64url_encode(&point[1 + len..])),
            ]
        }
        Material::Ed25519 { public, .. } => vec![
            ("crv", "Ed25519".into()),
            ("kty", "OKP".into()),
            ("x", b64url_encode(public)),
        ],
    }
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url).
pub fn thumbprint(key: &Key) -> String {
    let canonical = format!(
        "{{{}}}",
        required_members(key)
            .iter()
            .map(|(k, v)| format!("{}:{}", json_str(k), json_str(v)))
            .collect::<Vec<_>>()
            .join(",")
    );
    b64url_encode(digest::digest(&digest::SHA256, canonical.as_bytes()).as_ref())
}

/// The key as a JWK. Private members only with `include_private`; a secret has no public form.
pub fn to_jwk(key: &Key, include_private: bool) -> Result<Value> {
    if key.family() == Family::Hmac && !include_private {
        return Err(err!(
            InvalidArgument,
            "an HMAC secret has no public part; export it only by asking for private members explicitly"
        ));
    }
    let mut jwk = Map::new();
    for (name, value) in required_members(key) {
        jwk.insert(name.into(), value.into());
    }
    if let Some(kid) = key.kid() {
        jwk.insert("kid".into(), kid.into());
    }
    // `use` and `alg` only where the key is restricted or bound: writing them for a plain key would bind
    // whoever imports the JWK to one algorithm.
    match (key.for_signatures(), key.for_encryption()) {
        (true, false) => {
            jwk.insert("use".into(), "sig".into());
        }
        (false, true) => {
            jwk.insert("use".into(), "enc".into());
        }
        _ => {}
    }
    if let Some(alg) = key.bound_algorithm() {
        jwk.insert("alg".into(), alg.name().into());
    } else if let Some(alg) = key.jwe_alg() {
        jwk.insert("alg".into(), alg.into());
    }
    if include_private {
        for (name, value) in private_members(key)? {
            jwk.insert(name.into(), b64url_encode(&value).into());
        }
    }
    Ok(Value::Object(sorted(jwk)))
}

fn sorted(map: Map<String, Value>) -> Map<String, Value> {
    let mut entries: Vec<_> = map.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().collect()
}

/// JWK private member name → big-endian bytes.
type PrivateMembers = Vec<(&'static str, Zeroizing<Vec<u8>>)>;

fn private_members(key: &Key) -> Result<PrivateMembers> {
    let failed = || err!(Internal, "the private key could not be exported");
    Ok(match &*key.material {
        Material::Secret(_) => Vec::new(),
        Material::Rsa {
            private: Some(pair),
            ..
        } => {
            let pkcs8 =
                AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(pair).map_err(|_| failed())?;
            let info = pkcs8::PrivateKeyInfo::try_from(pkcs8.as_ref()).map_err(|_| failed())?;
            let rsa = pkcs1::RsaPrivateKey::try_from(info.private_key).map_err(|_| failed())?;
            let z = |u: UintRef<'_>| Zeroizing::new(u.as_bytes().to_vec());
            vec![
                ("d", z(rsa.private_exponent)),
                ("p", z(rsa.prime1)),
                ("q", z(rsa.prime2)),
                ("dp", z(rsa.exponent1)),
                ("dq", z(rsa.exponent2)),
                ("qi", z(rsa.coefficient)),
            ]
        }
        Material::Ec {
            private: Some(pair),
            ..
        } => {
            let d = pair.private_key().as_be_bytes().map_err(|_| failed())?;
            vec![("d", Zeroizing::new(d.as_ref().to_vec()))]
        }
        Material::Ed25519 {
            private: Some(pair),
            ..
        } => {
            let seed = pair
                .seed()
                .and_then(|s| s.as_be_bytes())
                .map_err(|_| failed())?;
            vec![("d", Zeroizing::new(seed.as_ref().to_vec()))]
        }
        _ => {
            return Err(err!(
                InvalidArgument,
                "this is a public key; it has no private members"
            ));
        }
    })
}

/// A JWK Set of the given keys' public parts (secrets are refused), published for signature
/// validation: each signing key says `"use":"sig"` and the algorithm it signs with.
pub fn to_jwks(keys: &[Key]) -> Result<Value> {
    let list = keys
        .iter()
        .map(|k| {
            let mut jwk = to_jwk(k, false)?;
            if let (true, Value::Object(map)) = (k.for_signatures(), &mut jwk) {
                map.entry("use").or_insert_with(|| "sig".into());
                map.entry("alg")
                    .or_insert_with(|| k.auto_algorithm().name().into());
                *map = sorted(std::mem::take(map));
            }
            Ok(jwk)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(json!({ "keys": list }))
}

/// The keys of a JWK Set, each parsed as a JWK.
pub fn parse_jwks(text: &[u8]) -> Result<Vec<Key>> {
    let value = crate::json::parse_strict(text)
        .map_err(|e| err!(InvalidKey, "the JWK Set is not valid JSON: {e}"))?;
    let keys = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| err!(InvalidKey, "a JWK Set is an object with a 'keys' array"))?;
    if keys.is_empty() {
        return Err(err!(InvalidKey, "the JWK Set has no keys"));
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            Key::import(KeyFormat::Jwk, k.to_string().as_bytes())
                .map_err(|e| err!(InvalidKey, "key {i} of the JWK Set: {}", e.message()))
        })
        .collect()
}

/// PEM: PKCS#8 for private keys, SPKI for public ones. Secrets have no PEM form.
pub fn to_pem(key: &Key, include_private: bool) -> Result<String> {
    let failed = || err!(Internal, "the key could not be encoded");
    let (label, der): (&str, Zeroizing<Vec<u8>>) = if include_private {
        let der = match &*key.material {
            Material::Rsa {
                private: Some(pair),
                ..
            } => AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(pair)
                .map(|d| d.as_ref().to_vec())
                .map_err(|_| failed())?,
            Material::Ec {
                private: Some(pair),
                ..
            } => pair
                .to_pkcs8v1()
                .map(|d| d.as_ref().to_vec())
                .map_err(|_| failed())?,
            Material::Ed25519 {
                private: Some(pair),
                ..
            } => pair
                .to_pkcs8v1()
                .map(|d| d.as_ref().to_vec())
                .map_err(|_| failed())?,
            Material::Secret(_) => {
                return Err(err!(
                    InvalidArgument,
                    "an HMAC secret has no PEM form; export it as a JWK"
                ));
            }
            _ => {
                return Err(err!(
                    InvalidArgument,
                    "this is a public key; it has no private PEM form"
                ));
            }
        };
        ("PRIVATE KEY", Zeroizing::new(der))
    } else {
        ("PUBLIC KEY", Zeroizing::new(spki_der(key)?))
    };
    der::pem::encode_string(label, der::pem::LineEnding::LF, &der).map_err(|_| failed())
}

/// SubjectPublicKeyInfo DER of a key's public part.
pub fn spki_der(key: &Key) -> Result<Vec<u8>> {
    let failed = || err!(Internal, "the public key could not be encoded");
    let (oid, params, bits): (_, Option<der::asn1::ObjectIdentifier>, Vec<u8>) =
        match &*key.material {
            Material::Secret(_) => {
                return Err(err!(InvalidArgument, "an HMAC secret has no public key"));
            }
            Material::Rsa { n, e, .. } => {
                let pk = pkcs1::RsaPublicKey {
                    modulus: UintRef::new(n).map_err(|_| failed())?,
                    public_exponent: UintRef::new(e).map_err(|_| failed())?,
                };
                (OID_RSA, None, pk.to_der().map_err(|_| failed())?)
            }
            Material::Ec { curve, point, .. } => (OID_EC, Some(curve_oid(*curve)), point.clone()),
            Material::Ed25519 { public, .. } => (OID_ED25519, None, public.clone()),
        };
    let params_any = params.as_ref().map(AnyRef::from);
    let null = AnyRef::NULL;
    let info = spki::SubjectPublicKeyInfo {
        algorithm: spki::AlgorithmIdentifier {
            oid,
            parameters: if oid == OID_RSA {
                Some(null)
            } else {
                params_any
            },
        },
        subject_public_key: BitStringRef::from_bytes(&bits).map_err(|_| failed())?,
    };
    info.to_der().map_err(|_| failed())
}

/// Generates a key: `kind` is HMAC (a secret of 128 to 8192 bits, multiple of 8), RSA (2048/3072/4096), EC (256/384/521),
/// secp256k1 or Ed25519 (bits ignored for the last two).
pub fn generate(kind: &str, bits: u32) -> Result<Key> {
    let failed = || err!(Internal, "key generation failed");
    let material = match kind.to_ascii_lowercase().as_str() {
        "hmac" | "oct" => {
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
        "rsa" => {
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
                AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair)
                    .map_err(|_| failed())?
                    .as_ref(),
            );
        }
        "ec" => {
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
        "secp256k1" => {
            let pair =
                EcdsaKeyPair::generate(ecdsa_signing(Curve::Secp256k1)).map_err(|_| failed())?;
            return Key::import(
                KeyFormat::Der,
                pair.to_pkcs8v1().map_err(|_| failed())?.as_ref(),
            );
        }
        "ed25519" | "okp" | "eddsa" => {
            let pair = Ed25519KeyPair::generate().map_err(|_| failed())?;
            return Key::import(
                KeyFormat::Der,
                pair.to_pkcs8v1().map_err(|_| failed())?.as_ref(),
            );
        }
        other => {
            return Err(err!(
                InvalidArgument,
                "unknown key type '{}'; expected HMAC, RSA, EC, secp256k1 or Ed25519",
                crate::alg::printable(other)
            ));
        }
    };
    Ok(Key::from_material(material))
}

/// Generates a key `alg` can sign with: an HMAC secret of the hash size, RSA 2048, the algorithm's curve,
/// or Ed25519.
pub fn generate_for(alg: Algorithm) -> Result<Key> {
    match alg.family() {
        Family::Hmac => generate("HMAC", 8 * alg.min_hmac_key_len().unwrap_or(32) as u32),
        Family::Rsa => generate("RSA", 2048),
        Family::Ec(Curve::P256) => generate("EC", 256),
        Family::Ec(Curve::P384) => generate("EC", 384),
        Family::Ec(Curve::P521) => generate("EC", 521),
        Family::Ec(Curve::Secp256k1) => generate("secp256k1", 0),
        Family::Ed25519 => generate("Ed25519", 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
