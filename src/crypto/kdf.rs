//! Concat KDF (NIST SP 800-56A §5.8.1, RFC 7518 §4.6.2), as ECDH-ES derives its keys.

use aws_lc_rs::digest;
use zeroize::Zeroizing;

/// Concat KDF (NIST SP 800-56A §5.8.1, RFC 7518 §4.6.2) with SHA-256.
pub(crate) fn concat_kdf(
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

#[cfg(test)]
mod tests {
    use aws_lc_rs::agreement;

    use super::*;
    use crate::base::json::{b64url_decode, b64url_encode};

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
}
