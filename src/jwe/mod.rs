//! JWE (RFC 7516) compact serialization: key management and content encryption on aws-lc-rs.
//!
//! Key management: `dir`, AES Key Wrap (`A128KW`/`A192KW`/`A256KW`), `RSA-OAEP`, `RSA-OAEP-256`, and
//! `ECDH-ES` (direct or with AES Key Wrap) on P-256/P-384/P-521 with the Concat KDF of RFC 7518 §4.6.2.
//! Content encryption: AES-GCM and AES-CBC with HMAC-SHA2 (RFC 7518 §5.2). The primitives are in
//! `crypto`, the algorithm names in `jwa::encryption`.
//!
//! Refused by design: `RSA1_5` (padding oracles, RFC 8725 §3.2), password-based `PBES2-*`, compression
//! (`zip`), `crit` (no extension is understood).

pub mod decrypt;
pub mod encrypt;
mod parse;

pub use crate::crypto::keywrap::{aes_key_unwrap, aes_key_wrap};
pub use crate::jwa::encryption::{ContentEncryption, KeyManagement};
pub use decrypt::{Decrypted, Decrypter, decrypt};
pub use encrypt::Encrypter;
