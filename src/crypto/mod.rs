//! Primitives over aws-lc-rs that JOSE needs and aws-lc-rs does not offer as such: AES Key Wrap
//! (RFC 3394), the Concat KDF (NIST SP 800-56A), JWE content encryption (AES-GCM, AES-CBC-HMAC-SHA2),
//! the curve → aws-lc-rs algorithm tables, randomness. Works on bytes and JWA names, never on keys.

pub mod content;
pub mod ec;
pub mod kdf;
pub mod keywrap;

use aws_lc_rs::rsa::{OAEP_SHA1_MGF1SHA1, OAEP_SHA256_MGF1SHA256, OaepAlgorithm};
use zeroize::Zeroizing;

use crate::base::error::{Error, Result, err};
use crate::jwa::encryption::KeyManagement;

pub(crate) fn internal(what: &str) -> Error {
    err!(Internal, "JWE encryption failed ({what})")
}

/// The one error every unwrap, authentication or decryption failure becomes.
pub(crate) fn decryption_failed() -> Error {
    err!(InvalidSignature, "decryption failed")
}

pub(crate) fn random_bytes(len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    aws_lc_rs::rand::fill(&mut out).map_err(|_| internal("random generator"))?;
    Ok(out)
}

/// The RSAES-OAEP parameters of an `RSA-OAEP*` key management algorithm.
pub(crate) fn oaep(alg: KeyManagement) -> &'static OaepAlgorithm {
    match alg {
        KeyManagement::RsaOaep256 => &OAEP_SHA256_MGF1SHA256,
        _ => &OAEP_SHA1_MGF1SHA1,
    }
}
