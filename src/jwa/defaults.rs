//! Every default and limit, stated once. The library publishes them (`defaults::describe`, the C
//! export `kr_jwt_defaults`), so the interop and the module read them instead of retyping them.

/// How far `exp`/`nbf` may be off (RFC 7519 §4.1.4 "some small leeway").
pub const DEFAULT_CLOCK_SKEW_SECONDS: f64 = 60.0;
/// The largest clock skew a validator accepts.
pub const MAX_CLOCK_SKEW_SECONDS: f64 = 86400.0;
/// A built token's lifetime unless limited (`exp` = `nbf` + lifetime).
pub const DEFAULT_LIFETIME_SECONDS: f64 = 3600.0;
/// The longest lifetime, offset or grace period: 100 years.
pub const MAX_SECONDS: f64 = 100.0 * 365.25 * 86400.0;
/// Default cap on a token's size, checked before any base64 or JSON work.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 256 * 1024;
/// Authorization headers longer than this are refused before any parsing.
pub const MAX_AUTHORIZATION_BYTES: usize = 16 * 1024;
/// RSA keys below this size sign, verify and encrypt nothing (RFC 7518 §3.3, §4.2).
pub const MIN_RSA_BITS: usize = 2048;
