use crate::error::ErrorKind;

/// Status of every fallible call. `KR_JWT_STATUS_OK` is 0; validation failures are 20 and above.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KrJwtStatus {
    Ok = 0,
    NullArgument = 1,
    InvalidUtf8 = 2,
    InvalidArgument = 3,
    InvalidKey = 4,
    KeyTooShort = 5,
    UnknownAlgorithm = 6,
    AlgorithmKeyMismatch = 7,
    NotProtected = 8,
    InvalidJson = 9,
    UnknownClaimType = 10,
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
    MissingToken = 33,
    Panic = 98,
    Internal = 99,
}

impl KrJwtStatus {
    const ALL: [KrJwtStatus; 27] = [
        KrJwtStatus::Ok,
        KrJwtStatus::NullArgument,
        KrJwtStatus::InvalidUtf8,
        KrJwtStatus::InvalidArgument,
        KrJwtStatus::InvalidKey,
        KrJwtStatus::KeyTooShort,
        KrJwtStatus::UnknownAlgorithm,
        KrJwtStatus::AlgorithmKeyMismatch,
        KrJwtStatus::NotProtected,
        KrJwtStatus::InvalidJson,
        KrJwtStatus::UnknownClaimType,
        KrJwtStatus::MalformedToken,
        KrJwtStatus::TokenTooLarge,
        KrJwtStatus::InvalidSignature,
        KrJwtStatus::AlgorithmNotAllowed,
        KrJwtStatus::TokenExpired,
        KrJwtStatus::TokenNotYetValid,
        KrJwtStatus::InvalidIssuer,
        KrJwtStatus::InvalidAudience,
        KrJwtStatus::MissingClaim,
        KrJwtStatus::InvalidType,
        KrJwtStatus::UnsupportedCriticalHeader,
        KrJwtStatus::NoMatchingKey,
        KrJwtStatus::InvalidClaim,
        KrJwtStatus::MissingToken,
        KrJwtStatus::Panic,
        KrJwtStatus::Internal,
    ];

    pub fn from_code(code: i32) -> Option<KrJwtStatus> {
        Self::ALL.into_iter().find(|s| *s as i32 == code)
    }

    /// Stable name (PowerShell ErrorIds are `KrJwt.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            KrJwtStatus::Ok => "Ok\0",
            KrJwtStatus::NullArgument => "NullArgument\0",
            KrJwtStatus::InvalidUtf8 => "InvalidUtf8\0",
            KrJwtStatus::InvalidArgument => "InvalidArgument\0",
            KrJwtStatus::InvalidKey => "InvalidKey\0",
            KrJwtStatus::KeyTooShort => "KeyTooShort\0",
            KrJwtStatus::UnknownAlgorithm => "UnknownAlgorithm\0",
            KrJwtStatus::AlgorithmKeyMismatch => "AlgorithmKeyMismatch\0",
            KrJwtStatus::NotProtected => "NotProtected\0",
            KrJwtStatus::InvalidJson => "InvalidJson\0",
            KrJwtStatus::UnknownClaimType => "UnknownClaimType\0",
            KrJwtStatus::MalformedToken => "MalformedToken\0",
            KrJwtStatus::TokenTooLarge => "TokenTooLarge\0",
            KrJwtStatus::InvalidSignature => "InvalidSignature\0",
            KrJwtStatus::AlgorithmNotAllowed => "AlgorithmNotAllowed\0",
            KrJwtStatus::TokenExpired => "TokenExpired\0",
            KrJwtStatus::TokenNotYetValid => "TokenNotYetValid\0",
            KrJwtStatus::InvalidIssuer => "InvalidIssuer\0",
            KrJwtStatus::InvalidAudience => "InvalidAudience\0",
            KrJwtStatus::MissingClaim => "MissingClaim\0",
            KrJwtStatus::InvalidType => "InvalidType\0",
            KrJwtStatus::UnsupportedCriticalHeader => "UnsupportedCriticalHeader\0",
            KrJwtStatus::NoMatchingKey => "NoMatchingKey\0",
            KrJwtStatus::InvalidClaim => "InvalidClaim\0",
            KrJwtStatus::MissingToken => "MissingToken\0",
            KrJwtStatus::Panic => "Panic\0",
            KrJwtStatus::Internal => "Internal\0",
        }
    }
}

impl From<ErrorKind> for KrJwtStatus {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::InvalidArgument => KrJwtStatus::InvalidArgument,
            ErrorKind::InvalidKey => KrJwtStatus::InvalidKey,
            ErrorKind::KeyTooShort => KrJwtStatus::KeyTooShort,
            ErrorKind::UnknownAlgorithm => KrJwtStatus::UnknownAlgorithm,
            ErrorKind::AlgorithmKeyMismatch => KrJwtStatus::AlgorithmKeyMismatch,
            ErrorKind::NotProtected => KrJwtStatus::NotProtected,
            ErrorKind::InvalidJson => KrJwtStatus::InvalidJson,
            ErrorKind::UnknownClaimType => KrJwtStatus::UnknownClaimType,
            ErrorKind::MalformedToken => KrJwtStatus::MalformedToken,
            ErrorKind::TokenTooLarge => KrJwtStatus::TokenTooLarge,
            ErrorKind::InvalidSignature => KrJwtStatus::InvalidSignature,
            ErrorKind::AlgorithmNotAllowed => KrJwtStatus::AlgorithmNotAllowed,
            ErrorKind::TokenExpired => KrJwtStatus::TokenExpired,
            ErrorKind::TokenNotYetValid => KrJwtStatus::TokenNotYetValid,
            ErrorKind::InvalidIssuer => KrJwtStatus::InvalidIssuer,
            ErrorKind::InvalidAudience => KrJwtStatus::InvalidAudience,
            ErrorKind::MissingClaim => KrJwtStatus::MissingClaim,
            ErrorKind::InvalidType => KrJwtStatus::InvalidType,
            ErrorKind::UnsupportedCriticalHeader => KrJwtStatus::UnsupportedCriticalHeader,
            ErrorKind::NoMatchingKey => KrJwtStatus::NoMatchingKey,
            ErrorKind::InvalidClaim => KrJwtStatus::InvalidClaim,
            ErrorKind::MissingToken => KrJwtStatus::MissingToken,
            ErrorKind::Internal => KrJwtStatus::Internal,
        }
    }
}
