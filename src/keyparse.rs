//! Reading keys: PEM (PKCS#8, PKCS#1, SEC1, SPKI, X.509), DER of the same, and JWK. Structure is read
//! with the RustCrypto `der`/`pkcs*`/`spki`/`x509-cert` crates; the key itself is always handed to
//! aws-lc-rs, which validates it (points on the curve, consistent RSA components).

use aws_lc_rs::rsa::{KeyPairComponents, PublicKeyComponents};
use aws_lc_rs::signature::{
    self as sig, EcdsaKeyPair, EcdsaSigningAlgorithm, Ed25519KeyPair, KeyPair, ParsedPublicKey,
    RsaKeyPair,
};
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::alg::{Algorithm, Curve};
use crate::error::{Result, err};
use crate::json::b64url_decode;
use crate::keys::Material;

pub(crate) const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");

pub(crate) fn curve_oid(curve: Curve) -> ObjectIdentifier {
    match curve {
        Curve::P256 => OID_P256,
        Curve::P384 => OID_P384,
        Curve::P521 => OID_P521,
        Curve::Secp256k1 => OID_SECP256K1,
    }
}

fn curve_from_oid(oid: Option<ObjectIdentifier>) -> Result<Curve> {
    match oid {
        Some(o) if o == OID_P256 => Ok(Curve::P256),
        Some(o) if o == OID_P384 => Ok(Curve::P384),
        Some(o) if o == OID_P521 => Ok(Curve::P521),
        Some(o) if o == OID_SECP256K1 => Ok(Curve::Secp256k1),
        Some(o) => Err(err!(InvalidKey, "unsupported elliptic curve {o}")),
        None => Err(err!(InvalidKey, "the EC key does not name its curve")),
    }
}

pub(crate) fn curve_from_name(name: &str) -> Result<Curve> {
    [Curve::P256, Curve::P384, Curve::P521, Curve::Secp256k1]
        .into_iter()
        .find(|c| c.name() == name)
        .ok_or_else(|| {
            err!(
                InvalidKey,
                "unsupported curve '{}'",
                crate::alg::printable(name)
            )
        })
}

/// Coordinate size in bytes.
pub(crate) fn coordinate_len(curve: Curve) -> usize {
    match curve {
        Curve::P256 | Curve::Secp256k1 => 32,
        Curve::P384 => 48,
        Curve::P521 => 66,
    }
}

pub(crate) fn ecdsa_signing(curve: Curve) -> &'static EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
        Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
        Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED_SIGNING,
    }
}

pub(crate) fn ecdsa_verification(curve: Curve) -> &'static sig::EcdsaVerificationAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
        Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED,
        Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED,
    }
}

fn rejected(what: &str, e: aws_lc_rs::error::KeyRejected) -> crate::error::Error {
    let reason = e.description_();
    if reason.contains("TooSmall") {
        err!(
            KeyTooShort,
            "the {what} is too small (RSA keys need at least 2048 bits)"
        )
    } else {
        err!(InvalidKey, "the {what} was rejected ({reason})")
    }
}

/// Strips leading zero bytes of a big-endian integer.
fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let start = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    bytes[start..].to_vec()
}

fn rsa_private(pair: RsaKeyPair) -> Material {
    let public = PublicKeyComponents::<Vec<u8>>::from(pair.public_key());
    Material::Rsa {
        n: unsigned(&public.n),
        e: unsigned(&public.e),
        private: Some(pair),
    }
}

fn rsa_public(n: &[u8], e: &[u8]) -> Result<Material> {
    let (n, e) = (unsigned(n), unsigned(e));
    if n.is_empty() || e.is_empty() || n == [0] {
        return Err(err!(
            InvalidKey,
            "the RSA public key has an empty modulus or exponent"
        ));
    }
    // Let aws-lc-rs check the numbers form a usable key.
    PublicKeyComponents { n: &n, e: &e }
        .to_parsed_public_key(&sig::RSA_PKCS1_2048_8192_SHA256)
        .or_else(|_| {
            PublicKeyComponents { n: &n, e: &e }
                .to_parsed_public_key(&sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY)
        })
        .map_err(|e| rejected("RSA public key", e))?;
    Ok(Material::Rsa {
        n,
        e,
        private: None,
    })
}

fn ec_private(curve: Curve, pair: EcdsaKeyPair) -> Material {
    Material::Ec {
        curve,
        point: pair.public_key().as_ref().to_vec(),
        private: Some(pair),
    }
}

fn ec_public(curve: Curve, point: &[u8]) -> Result<Material> {
    ParsedPublicKey::new(ecdsa_verification(curve), point).map_err(|_| {
        err!(
            InvalidKey,
            "the EC public key is not a valid point on {}",
            curve.name()
        )
    })?;
    if point.first() != Some(&4) {
        return Err(err!(
            InvalidKey,
            "the EC public key must be an uncompressed point"
        ));
    }
    Ok(Material::Ec {
        curve,
        point: point.to_vec(),
        private: None,
    })
}

fn ed_public(x: &[u8]) -> Result<Material> {
    ParsedPublicKey::new(&sig::ED25519, x)
        .map_err(|_| err!(InvalidKey, "the Ed25519 public key is invalid"))?;
    Ok(Material::Ed25519 {
        public: x.to_vec(),
        private: None,
    })
}

fn ed_private(pair: Ed25519KeyPair) -> Material {
    Material::Ed25519 {
        public: pair.public_key().as_ref().to_vec(),
        private: Some(pair),
    }
}

pub(crate) fn parse_pem(data: &[u8]) -> Result<Material> {
    let text =
        std::str::from_utf8(data).map_err(|_| err!(InvalidKey, "the PEM text is not UTF-8"))?;
    let blocks = text.matches("-----BEGIN ").count();
    if blocks == 0 {
        return Err(err!(
            InvalidKey,
            "no PEM block found (expected '-----BEGIN …-----')"
        ));
    }
    if blocks > 1 {
        return Err(err!(
            InvalidKey,
            "the PEM text holds {blocks} blocks; give exactly one key or certificate"
        ));
    }
    let start = text.find("-----BEGIN ").unwrap_or(0);
    let (label, der) = der::pem::decode_vec(text[start..].trim().as_bytes())
        .map_err(|e| err!(InvalidKey, "the PEM block is malformed ({e})"))?;
    let der = Zeroizing::new(der);
    match label {
        "ENCRYPTED PRIVATE KEY" => Err(encrypted()),
        "PRIVATE KEY" => parse_pkcs8(&der),
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(&der)
            .map(rsa_private)
            .map_err(|e| rejected("RSA private key", e)),
        "EC PRIVATE KEY" => parse_sec1(&der),
        "PUBLIC KEY" => parse_spki(&der),
        "RSA PUBLIC KEY" => parse_pkcs1_public(&der),
        "CERTIFICATE" => parse_certificate(&der),
        other => Err(err!(
            InvalidKey,
            "unsupported PEM label '{}'",
            crate::alg::printable(other)
        )),
    }
}

fn encrypted() -> crate::error::Error {
    err!(
        InvalidKey,
        "encrypted private keys are not supported; decrypt the key first"
    )
}

/// DER of any supported structure, told apart by trying each in turn.
pub(crate) fn parse_der(der: &[u8]) -> Result<Material> {
    if pkcs8::PrivateKeyInfo::try_from(der).is_ok() {
        return parse_pkcs8(der);
    }
    if pkcs1::RsaPrivateKey::try_from(der).is_ok() {
        return RsaKeyPair::from_der(der)
            .map(rsa_private)
            .map_err(|e| rejected("RSA private key", e));
    }
    if sec1::EcPrivateKey::try_from(der).is_ok() {
        return parse_sec1(der);
    }
    if spki::SubjectPublicKeyInfoRef::try_from(der).is_ok() {
        return parse_spki(der);
    }
    if pkcs1::RsaPublicKey::try_from(der).is_ok() {
        return parse_pkcs1_public(der);
    }
    if x509_cert::Certificate::from_der(der).is_ok() {
        return parse_certificate(der);
    }
    Err(err!(
        InvalidKey,
        "the DER data is not a PKCS#8, PKCS#1, SEC1, SPKI or X.509 structure"
    ))
}

fn parse_pkcs8(der: &[u8]) -> Result<Material> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|e| err!(InvalidKey, "invalid PKCS#8 key ({e})"))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        RsaKeyPair::from_pkcs8(der)
            .map(rsa_private)
            .map_err(|e| rejected("RSA private key", e))
    } else if oid == OID_EC {
        let curve = curve_from_oid(info.algorithm.parameters_oid().ok())?;
        EcdsaKeyPair::from_pkcs8(ecdsa_signing(curve), der)
            .map(|p| ec_private(curve, p))
            .map_err(|e| rejected("EC private key", e))
    } else if oid == OID_ED25519 {
        Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
            .map(ed_private)
            .map_err(|e| rejected("Ed25519 private key", e))
    } else {
        Err(err!(InvalidKey, "unsupported private key algorithm {oid}"))
    }
}

fn parse_sec1(der: &[u8]) -> Result<Material> {
    let key = sec1::EcPrivateKey::try_from(der)
        .map_err(|e| err!(InvalidKey, "invalid SEC1 EC key ({e})"))?;
    let curve = curve_from_oid(key.parameters.and_then(|p| p.named_curve()))?;
    EcdsaKeyPair::from_private_key_der(ecdsa_signing(curve), der)
        .map(|p| ec_private(curve, p))
        .map_err(|e| rejected("EC private key", e))
}

fn parse_spki(der: &[u8]) -> Result<Material> {
    let info = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|e| err!(InvalidKey, "invalid public key ({e})"))?;
    let bits = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| err!(InvalidKey, "the public key bit string is not byte-aligned"))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        parse_pkcs1_public(bits)
    } else if oid == OID_EC {
        ec_public(curve_from_oid(info.algorithm.parameters_oid().ok())?, bits)
    } else if oid == OID_ED25519 {
        ed_public(bits)
    } else {
        Err(err!(InvalidKey, "unsupported public key algorithm {oid}"))
    }
}

fn parse_pkcs1_public(der: &[u8]) -> Result<Material> {
    let key = pkcs1::RsaPublicKey::try_from(der)
        .map_err(|e| err!(InvalidKey, "invalid RSA public key ({e})"))?;
    rsa_public(key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

fn parse_certificate(der: &[u8]) -> Result<Material> {
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|e| err!(InvalidKey, "invalid X.509 certificate ({e})"))?;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| err!(InvalidKey, "invalid certificate public key ({e})"))?;
    parse_spki(&spki)
}

/// What a JWK brings besides its key: its `kid` and the `alg` it is bound to.
pub(crate) struct JwkParts {
    pub material: Material,
    pub kid: Option<String>,
    pub alg: Option<Algorithm>,
    /// False when `use` is "enc" or `key_ops` lists neither "sign" nor "verify" (RFC 7517 §4.2, §4.3).
    pub for_signatures: bool,
    /// False when `use` is "sig" or `key_ops` lists no encryption operation.
    pub for_encryption: bool,
    /// The JWE key management algorithm an encryption key is bound to by its `alg`.
    pub jwe_alg: Option<String>,
}

fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(err!(InvalidKey, "the JWK member '{name}' is not a string")),
    }
}

fn b64_member(jwk: &Map<String, Value>, name: &str, kty: &str) -> Result<Zeroizing<Vec<u8>>> {
    let text = member(jwk, name)?
        .ok_or_else(|| err!(InvalidKey, "the {kty} JWK has no '{name}' member"))?;
    b64url_decode(text)
        .map(Zeroizing::new)
        .ok_or_else(|| err!(InvalidKey, "the JWK member '{name}' is not base64url"))
}

pub(crate) fn parse_jwk(jwk: &Map<String, Value>) -> Result<JwkParts> {
    let kty = member(jwk, "kty")?.ok_or_else(|| err!(InvalidKey, "the JWK has no 'kty' member"))?;
    let kid = member(jwk, "kid")?.map(str::to_owned);
    let ops: Option<Vec<&str>> = match jwk.get("key_ops") {
        None => None,
        Some(Value::Array(ops)) => Some(ops.iter().filter_map(Value::as_str).collect()),
        Some(_) => return Err(err!(InvalidKey, "the JWK member 'key_ops' is not an array")),
    };
    let allows = |wanted: &[&str]| {
        ops.as_ref()
            .is_none_or(|ops| ops.iter().any(|o| wanted.contains(o)))
    };
    let usage = member(jwk, "use")?;
    let mut for_signatures = usage.is_none_or(|u| u == "sig") && allows(&["sign", "verify"]);
    let mut for_encryption = usage.is_none_or(|u| u == "enc")
        && allows(&[
            "encrypt",
            "decrypt",
            "wrapKey",
            "unwrapKey",
            "deriveKey",
            "deriveBits",
        ]);
    // `alg` binds the key to one algorithm, and so to its kind: a JWS name to signatures, a JWE name
    // to encryption. An encryption key may name a JWE algorithm KrJwt does not implement (it then fits
    // no token); any other unknown name (`none` included) is refused.
    let (mut alg, mut jwe_alg) = (None, None);
    if let Some(name) = member(jwk, "alg")? {
        let known_jwe = crate::jwe::KeyManagement::parse(name).is_ok()
            || crate::jwe::ContentEncryption::parse(name).is_ok();
        match Algorithm::from_jws_name(name) {
            Some(a) if for_signatures => {
                alg = Some(a);
                for_encryption = false;
            }
            _ if for_encryption && (known_jwe || usage == Some("enc")) => {
                jwe_alg = Some(name.to_owned());
                for_signatures = false;
            }
            _ => {
                return Err(err!(
                    UnknownAlgorithm,
                    "unknown algorithm '{}'",
                    crate::alg::printable(name)
                ));
            }
        }
    }
    let has_private = jwk.contains_key("d");
    let material = match kty {
        "oct" => {
            let k = b64_member(jwk, "k", "oct")?;
            if k.is_empty() {
                return Err(err!(InvalidKey, "the oct JWK has an empty 'k'"));
            }
            Material::Secret(k)
        }
        "RSA" => {
            let n = b64_member(jwk, "n", "RSA")?;
            let e = b64_member(jwk, "e", "RSA")?;
            if has_private {
                let names = ["d", "p", "q", "dp", "dq", "qi"];
                let parts = names.map(|m| b64_member(jwk, m, "RSA private"));
                let [d, p, q, dp, dq, qi] = parts;
                let (d, p, q, dp, dq, qi) = (d?, p?, q?, dp?, dq?, qi?);
                let components = KeyPairComponents {
                    public_key: PublicKeyComponents {
                        n: &n[..],
                        e: &e[..],
                    },
                    d: &d[..],
                    p: &p[..],
                    q: &q[..],
                    dP: &dp[..],
                    dQ: &dq[..],
                    qInv: &qi[..],
                };
                RsaKeyPair::from_components(&components)
                    .map(rsa_private)
                    .map_err(|e| rejected("RSA private JWK", e))?
            } else {
                rsa_public(&n, &e)?
            }
        }
        "EC" => {
            let crv = member(jwk, "crv")?
                .ok_or_else(|| err!(InvalidKey, "the EC JWK has no 'crv' member"))?;
            let curve = curve_from_name(crv)?;
            let (x, y) = (b64_member(jwk, "x", "EC")?, b64_member(jwk, "y", "EC")?);
            let len = coordinate_len(curve);
            if x.len() != len || y.len() != len {
                return Err(err!(
                    InvalidKey,
                    "the {} JWK coordinates must be {len} bytes each",
                    curve.name()
                ));
            }
            let mut point = vec![4u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            if has_private {
                let d = b64_member(jwk, "d", "EC private")?;
                EcdsaKeyPair::from_private_key_and_public_key(ecdsa_signing(curve), &d, &point)
                    .map(|p| ec_private(curve, p))
                    .map_err(|e| rejected("EC private JWK", e))?
            } else {
                ec_public(curve, &point)?
            }
        }
        "OKP" => {
            match member(jwk, "crv")? {
                Some("Ed25519") => {}
                Some(other) => {
                    return Err(err!(
                        InvalidKey,
                        "unsupported OKP curve '{}'",
                        crate::alg::printable(other)
                    ));
                }
                None => return Err(err!(InvalidKey, "the OKP JWK has no 'crv' member")),
            }
            let x = b64_member(jwk, "x", "OKP")?;
            if has_private {
                let d = b64_member(jwk, "d", "OKP private")?;
                Ed25519KeyPair::from_seed_and_public_key(&d, &x)
                    .map(ed_private)
                    .map_err(|e| rejected("Ed25519 private JWK", e))?
            } else {
                ed_public(&x)?
            }
        }
        other => {
            return Err(err!(
                InvalidKey,
                "unsupported JWK key type '{}'",
                crate::alg::printable(other)
            ));
        }
    };
    Ok(JwkParts {
        material,
        kid,
        alg,
        for_signatures,
        for_encryption,
        jwe_alg,
    })
}
