//! Keys: parsed once, at import, and kept parsed. A `Key` may hold private material; the verification
//! side only ever sees a `jws::VerificationKey` derived from it.
//!
//! `material` (the parsed key, validated by aws-lc-rs) ← `der`, `jwk` (readers), `thumbprint` ← `model`
//! (`Key`, `KeyFormat`) ← `export`, `jwks`, `generate`. This file only declares and re-exports.

mod der;
pub mod export;
pub mod generate;
mod jwk;
pub mod jwks;
pub mod material;
pub mod model;
pub mod thumbprint;

pub use export::{spki_der, thumbprint, to_jwk, to_pem};
pub use generate::{KeySpec, generate, generate_for};
pub use jwks::{parse_jwks, to_jwks};
pub use model::{Key, KeyFormat};
