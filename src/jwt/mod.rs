//! JWT (RFC 7519) over JWS and JWE: the claim-name mapping, the builder, what a build returns, the
//! validator, renewal, and inspection (decoding without validating).

pub mod builder;
pub mod claims;
pub mod fastparse;
pub mod inspect;
pub mod keysource;
mod observed;
pub mod params;
pub mod registered;
pub mod remote;
mod renew;
pub mod result;
pub mod validator;
