//! Algorithm facts: JWS and JWE algorithm names, curves and their OIDs and sizes, and every default and
//! limit (clock skew, lifetime, size caps, minimum key sizes). No cryptography here.

pub mod curve;
pub mod defaults;
pub mod encryption;
pub mod signing;
