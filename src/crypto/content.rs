//! JWE content encryption (RFC 7518 §5): AES-GCM and AES-CBC with HMAC-SHA2, the tag compared in
//! constant time before any padding is looked at.

use aws_lc_rs::iv::FixedLength;
use aws_lc_rs::{aead, cipher, hmac};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::base::error::Result;
use crate::crypto::keywrap::aes_algorithm;
use crate::crypto::{internal, random_bytes};
use crate::jwa::encryption::ContentEncryption;

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
pub(crate) fn seal_content(
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
pub(crate) fn open_content(
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
