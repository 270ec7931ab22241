//! One error type for the whole core: a kind (stable, maps to a C status and a PowerShell ErrorId) plus a
//! human message. Messages never carry key material.

use std::fmt;

/// Why an operation failed. Builder/key kinds come first, then validation reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    InvalidArgument,
    InvalidKey,
    KeyTooShort,
    UnknownAlgorithm,
    AlgorithmKeyMismatch,
    NotProtected,
    InvalidJson,
    UnknownClaimType,
    MalformedToken,
    TokenTooLarge,
    InvalidSignature,
    AlgorithmNotAllowed,
    TokenExpired,
    TokenNotYetValid,
    InvalidIssuer,
    InvalidAudience,
    MissingClaim,
    InvalidType,
    UnsupportedCriticalHeader,
    NoMatchingKey,
    InvalidClaim,
    /// No bearer token was presented (no Authorization header, or another scheme).
    MissingToken,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand constructors, so call sites read as the reason they report.
macro_rules! err {
    ($kind:ident, $($fmt:tt)+) => {
        $crate::error::Error::new($crate::error::ErrorKind::$kind, format!($($fmt)+))
    };
}
pub(crate) use err;
