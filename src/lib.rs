//! KrJwt core: build, sign, encrypt, inspect and validate JSON Web Tokens, in safe Rust.
//!
//! The modules are layers; each imports only from the layers below it (`tests/layers.rs` checks it):
//!
//! | layer | modules |
//! |---|---|
//! | 0 | [`base`]: error and status list, strict JSON + base64url, time, text checks |
//! | 1 | [`jwa`]: algorithm and curve facts, defaults and limits |
//! | 2 | [`crypto`]: AES key wrap, Concat KDF, content encryption, aws-lc-rs tables |
//! | 3 | [`key`]: key model, PEM/DER/X.509/JWK import, export, thumbprint, generation |
//! | 4 | [`jose`]: compact splitting, shared header rules (`crit`, …), `kid` selection |
//! | 5 | [`jws`] (sign, verify), [`jwe`] (parse, encrypt, decrypt), [`remote`] (remote JWK Set source: a state machine over an injected clock and fetcher) and [`audit`] (validation events, counters, misuse signals) |
//! | 6 | [`jwt`]: claims, builder, result, validator, renewal, inspection |
//! | 7 | [`bearer`]: RFC 6750 header, principal, policy, challenge |
//! | 8 | [`defaults`]: the library's facts as one JSON document; [`testing`]: hostile tokens for tests |
//!
//! The C ABI is a separate crate (`capi/`), which only converts. See docs/architecture.md.

#![forbid(unsafe_code)]

pub mod audit;
pub mod base;
pub mod bearer;
pub mod crypto;
pub mod defaults;
pub mod jose;
pub mod jwa;
pub mod jwe;
pub mod jws;
pub mod jwt;
pub mod key;
pub mod remote;
pub mod testing;

pub use base::error::{Error, ErrorKind, Result, Status};
pub use jwa::curve::Curve;
pub use jwa::signing::{Algorithm, Family};
pub use jws::{Signer, VerificationKey};
pub use jwt::builder::TokenBuilder;
pub use jwt::result::BuildResult;
pub use jwt::validator::{IssuerSource, ValidationParams, Validator};
pub use key::{Key, KeyFormat};
