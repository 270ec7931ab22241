//! KrJwt: build, sign, inspect and validate JSON Web Tokens.
//!
//! The safe Rust API lives in the modules below; `ffi` is only the C boundary over it.

pub mod alg;
pub mod bearer;
pub mod builder;
pub mod claims;
pub mod error;
pub mod ffi;
pub mod json;
pub mod jwe;
pub mod jwk;
mod keyparse;
pub mod keys;
pub mod remote;
pub mod result;
pub mod time;
pub mod token;
pub mod validate;

pub use alg::{Algorithm, Curve, Family};
pub use builder::TokenBuilder;
pub use error::{Error, ErrorKind, Result};
pub use keys::{Key, KeyFormat, VerificationKey};
pub use result::BuildResult;
pub use validate::{ValidationParams, Validator};
