//! One error type for the whole core: a kind (stable, maps to a C status and a PowerShell ErrorId) plus a
//! human message. Messages never carry key material.
//!
//! The status list below is the only place a status name or code is written: it generates
//! [`ErrorKind`] (the reasons the core reports), [`Status`] (those plus the boundary's own: `Ok`,
//! `NullArgument`, `InvalidUtf8`, `Panic`), their names and codes. The C header's `KrJwtStatus` enum and
//! the C# enum are generated from / checked against [`Status::ALL`].

use std::fmt;

macro_rules! statuses {
    (
        boundary { $($b:ident = $bc:literal),* $(,)? }
        errors { $($(#[$doc:meta])* $e:ident = $ec:literal),* $(,)? }
    ) => {
        /// Why an operation failed. Builder/key kinds come first, then validation reasons.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorKind {
            $($(#[$doc])* $e,)*
        }

        impl ErrorKind {
            /// The stable name (PowerShell ErrorIds are `KrJwt.<name>`).
            pub const fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$e => stringify!($e),)*
                }
            }
        }

        /// Status of every fallible C call: `Ok` (0), the boundary's own failures, and every
        /// [`ErrorKind`]. Validation failures are 20 and above.
        #[repr(i32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Status {
            $($b = $bc,)*
            $($e = $ec,)*
        }

        impl Status {
            /// Every status, in code order.
            pub const ALL: &'static [Status] = &{
                let mut all = [$(Status::$b,)* $(Status::$e,)*];
                // Sorted by code at compile time (insertion sort; the list is short).
                let mut i = 1;
                while i < all.len() {
                    let mut j = i;
                    while j > 0 && (all[j - 1] as i32) > (all[j] as i32) {
                        let t = all[j - 1];
                        all[j - 1] = all[j];
                        all[j] = t;
                        j -= 1;
                    }
                    i += 1;
                }
                all
            };

            pub const fn code(self) -> i32 {
                self as i32
            }

            /// The stable name ("Ok", "InvalidKey", "TokenExpired", …).
            pub const fn name(self) -> &'static str {
                match self {
                    $(Status::$b => stringify!($b),)*
                    $(Status::$e => stringify!($e),)*
                }
            }

            /// The same name, NUL-terminated for C callers.
            pub const fn c_name(self) -> &'static str {
                match self {
                    $(Status::$b => concat!(stringify!($b), "\0"),)*
                    $(Status::$e => concat!(stringify!($e), "\0"),)*
                }
            }

            pub fn from_code(code: i32) -> Option<Status> {
                Self::ALL.iter().copied().find(|s| s.code() == code)
            }
        }

        impl From<ErrorKind> for Status {
            fn from(kind: ErrorKind) -> Status {
                match kind {
                    $(ErrorKind::$e => Status::$e,)*
                }
            }
        }
    };
}

statuses! {
    boundary {
        Ok = 0,
        NullArgument = 1,
        InvalidUtf8 = 2,
        Panic = 98,
    }
    errors {
        InvalidArgument = 3,
        InvalidKey = 4,
        KeyTooShort = 5,
        UnknownAlgorithm = 6,
        AlgorithmKeyMismatch = 7,
        NotProtected = 8,
        InvalidJson = 9,
        UnknownClaimType = 10,
        /// A validator without valid issuers that did not opt out (`validate_issuer: false`).
        MissingValidIssuer = 11,
        /// A validator without valid audiences that did not opt out (`validate_audience: false`).
        MissingValidAudience = 12,
        MalformedToken = 20,
        TokenTooLarge = 21,
        InvalidSignature = 22,
        AlgorithmNotAllowed = 23,
        TokenExpired = 24,
        TokenNotYetValid = 25,
        InvalidIssuer = 26,
        InvalidAudience = 27,
        MissingClaim = 28,
        InvalidType = 29,
        UnsupportedCriticalHeader = 30,
        NoMatchingKey = 31,
        InvalidClaim = 32,
        /// No bearer token was presented (no Authorization header, or another scheme).
        MissingToken = 33,
        /// The token's `iat` is older than the validator's maximum token age.
        TokenTooOld = 34,
        /// The remote key source has no set to serve (never fetched, or its last good set is past the
        /// stale window); the message names the last fetch error.
        KeySourceUnavailable = 35,
        Internal = 99,
    }
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

    /// The status this error crosses the C boundary with.
    pub fn status(&self) -> Status {
        Status::from(self.kind)
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
        $crate::base::error::Error::new($crate::base::error::ErrorKind::$kind, format!($($fmt)+))
    };
}
pub(crate) use err;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_sorted_unique_and_named() {
        assert_eq!(Status::ALL.len(), 31);
        assert!(Status::ALL.windows(2).all(|w| w[0].code() < w[1].code()));
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(*s));
            assert_eq!(s.c_name().trim_end_matches('\0'), s.name());
        }
        assert_eq!(Status::from(ErrorKind::TokenExpired).code(), 24);
        assert_eq!(ErrorKind::MissingToken.name(), "MissingToken");
        assert_eq!(Status::from_code(50), None);
    }
}
