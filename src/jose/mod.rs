//! What JWS and JWE share: the compact form (size cap first, strict segments), the header rules
//! (`crit`, reserved members) and key selection by `kid`.

pub mod compact;
pub mod header;
pub mod kid;
