//! JWS (RFC 7515): signing with a kept signer, verifying with kept verification keys. Splitting the
//! compact form and the header rules are in `jose`; the claims are `jwt`'s.

pub mod sign;
pub mod verify;

pub use sign::Signer;
pub use verify::{VerificationKey, verify_among};
