//! Remote key sources: a JWK Set kept fresh from an OAuth 2.0 / OpenID Connect server (discovery, or an
//! explicit metadata or JWKS URL), with rotation, outages and floods of unknown key ids handled by rule.
//!
//! No I/O of its own: the host supplies a [`Fetcher`] (its HTTP client, called outside every lock and
//! never twice at once for one source) and a [`Clock`]; turning JWKs into usable keys is a
//! [`JwksParser`]. The only other thing this module uses from the crate is `crate::base::json::parse_strict`.
//! Rules and defaults: `docs/remote-keys.md`.

mod config;
mod error;
mod fetch;
mod keyset;
mod source;
mod status;

#[cfg(test)]
mod fakes;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod thread_tests;

pub use config::{Endpoint, OAUTH_WELL_KNOWN, OIDC_WELL_KNOWN, SourceConfig, issuers_equal};
pub use error::RemoteError;
pub use fetch::{
    Clock, FetchError, FetchPurpose, FetchRequest, FetchResponse, Fetcher, SystemClock,
};
pub use keyset::{JwksParser, KeySet, PRIVATE_MEMBERS, ParsedJwks, ParsedKey, SkippedKey};
pub use source::{EXPORT_FORMAT, RemoteKeySource};
pub use status::SourceStatus;
