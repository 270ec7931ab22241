//! The errors of a remote key source.

/// Why a source could not answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemoteError {
    /// The configuration breaks a rule (checked when the source is created).
    Config(String),
    /// No set can be served: none was ever fetched, or the last good one is past its stale window.
    /// `retry_at_ms`: the earliest next fetch.
    Unavailable {
        reason: String,
        retry_at_ms: Option<u64>,
    },
    /// The current set has no key with this `kid` (after whatever refresh the rules allowed).
    UnknownKid(String),
    /// An exported set could not be seeded.
    Seed(String),
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemoteError::Config(why) => write!(f, "remote key source configuration: {why}"),
            RemoteError::Unavailable { reason, .. } => {
                write!(f, "remote key set unavailable: {reason}")
            }
            RemoteError::UnknownKid(kid) => {
                write!(f, "no key with kid {kid:?} in the remote key set")
            }
            RemoteError::Seed(why) => write!(f, "cannot seed the remote key source: {why}"),
        }
    }
}

impl std::error::Error for RemoteError {}
