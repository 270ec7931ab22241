//! RFC 3394 AES Key Wrap over AES-ECB blocks (aws-lc-rs offers no 192-bit key wrap).

use aws_lc_rs::cipher;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::crypto::{decryption_failed, internal};

pub(crate) fn aes_algorithm(key_len: usize) -> Option<&'static cipher::Algorithm> {
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

pub(crate) fn unwrap_key(kek: &[u8], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

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
