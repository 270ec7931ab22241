//! Writing keys out: JWK (public members unless private ones are asked for explicitly), PEM (PKCS#8 /
//! SPKI) and SubjectPublicKeyInfo DER.

use aws_lc_rs::encoding::{AsBigEndian, AsDer, Pkcs8V1Der};
use der::Encode;
use der::asn1::{AnyRef, BitStringRef, UintRef};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::base::json::b64url_encode;
use crate::jwa::curve::{OID_EC, OID_ED25519, OID_RSA, curve_oid};
use crate::jwa::signing::Family;
use crate::key::material::Material;
use crate::key::model::Key;
use crate::key::thumbprint::{self, required_members};

/// RFC 7638 JWK thumbprint (SHA-256, base64url).
pub fn thumbprint(key: &Key) -> String {
    thumbprint::of(&key.material)
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
    for (name, value) in required_members(&key.material) {
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

pub(crate) fn sorted(map: Map<String, Value>) -> Map<String, Value> {
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
            let pkcs8 = AsDer::<Pkcs8V1Der>::as_der(pair).map_err(|_| failed())?;
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

/// PEM: PKCS#8 for private keys, SPKI for public ones. Secrets have no PEM form.
pub fn to_pem(key: &Key, include_private: bool) -> Result<String> {
    let failed = || err!(Internal, "the key could not be encoded");
    let (label, der): (&str, Zeroizing<Vec<u8>>) = if include_private {
        let der = match &*key.material {
            Material::Rsa {
                private: Some(pair),
                ..
            } => AsDer::<Pkcs8V1Der>::as_der(pair)
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
