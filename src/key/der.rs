//! Reading keys from PEM (PKCS#8, PKCS#1, SEC1, SPKI, X.509) and DER of the same. Structure is read
//! with the RustCrypto `der`/`pkcs*`/`spki`/`x509-cert` crates; the key itself is always handed to
//! aws-lc-rs, which validates it (points on the curve, consistent RSA components).

use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};
use der::{Decode, Encode};
use zeroize::Zeroizing;

use crate::base::error::{Error, Result, err};
use crate::base::text::printable;
use crate::crypto::ec::ecdsa_signing;
use crate::jwa::curve::{OID_EC, OID_ED25519, OID_RSA, curve_from_oid};
use crate::key::material::{
    Material, ec_private, ec_public, ed_private, ed_public, rejected, rsa_private, rsa_public,
};

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
            .map_err(|e| rejected("RSA private key", e))
            .and_then(rsa_private),
        "EC PRIVATE KEY" => parse_sec1(&der),
        "PUBLIC KEY" => parse_spki(&der),
        "RSA PUBLIC KEY" => parse_pkcs1_public(&der),
        "CERTIFICATE" => parse_certificate(&der),
        other => Err(err!(
            InvalidKey,
            "unsupported PEM label '{}'",
            printable(other)
        )),
    }
}

fn encrypted() -> Error {
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
            .map_err(|e| rejected("RSA private key", e))
            .and_then(rsa_private);
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
            .map_err(|e| rejected("RSA private key", e))
            .and_then(rsa_private)
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
