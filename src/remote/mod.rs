//! Remote key sources: a JWK Set kept fresh from an OAuth 2.0 / OpenID Connect server (discovery, or an
//! explicit metadata or JWKS URL), with rotation, outages and floods of unknown key ids handled by rule.
//!
//! No I/O of its own: the host supplies a [`Fetcher`] (its HTTP client, called outside every lock and
//! never twice at once for one source) and a [`Clock`]; turning JWKs into usable keys is a
//! [`JwksParser`]. The only other thing this module uses from the crate is `crate::json::parse_strict`.
//! Rules and defaults: `docs/remote-keys.md`.

mod config;
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
pub use fetch::{
    Clock, FetchError, FetchPurpose, FetchRequest, FetchResponse, Fetcher, SystemClock,
};
pub use keyset::{JwksParser, KeySet, PRIVATE_MEMBERS, ParsedJwks, ParsedKey, SkippedKey};
pub use source::{EXPORT_FORMAT, RemoteKeySource};
pub use status::SourceStatus;

/// Why a source could not answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    /// The configuration breaks a rule (checked when the source is created).
    #[error("remote key source configuration: {0}")]
    Config(String),
    /// No set can be served: none was ever fetched, or the last good one is past its stale window.
    /// `retry_at_ms`: the earliest next fetch.
    #[error("remote key set unavailable: {reason}")]
    Unavailable {
        reason: String,
        retry_at_ms: Option<u64>,
    },
    /// The current set has no key with this `kid` (after whatever refresh the rules allowed).
    #[error("no key with kid {0:?} in the remote key set")]
    UnknownKid(String),
    /// An exported set could not be seeded.
    #[error("cannot seed the remote key source: {0}")]
    Seed(String),
}
