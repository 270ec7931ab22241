//! JWS algorithm names and the key family each one needs.

use crate::base::error::{Result, err};
use crate::base::text::{chosen, printable};
use crate::jwa::curve::Curve;

/// What kind of key an algorithm needs; the key decides the family, never the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Hmac,
    Rsa,
    Ec(Curve),
    Ed25519,
}

#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    ES256K,
    EdDSA,
}

impl Algorithm {
    pub const ALL: [Algorithm; 14] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::ES256K,
        Algorithm::EdDSA,
    ];

    /// The JWS `alg` value.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::ES256K => "ES256K",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// Exact JWS name, as found in a token header (case-sensitive, RFC 7515 §4.1.1).
    pub fn from_jws_name(name: &str) -> Option<Algorithm> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Exact JWS name, or an error naming it.
    pub fn from_jws_name_or_err(name: &str) -> Result<Algorithm> {
        Self::from_jws_name(name)
            .ok_or_else(|| err!(UnknownAlgorithm, "unknown algorithm '{}'", printable(name)))
    }

    /// A name typed by a user (case-insensitive). `none` in any spelling is refused.
    pub fn parse_user(name: &str) -> Result<Algorithm> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                err!(
                    UnknownAlgorithm,
                    "unknown signing algorithm '{}'; expected one of {}",
                    printable(name),
                    Self::ALL.map(Algorithm::name).join(", ")
                )
            })
    }

    /// An optional choice typed by a user: absent or `Auto` mean "the key decides" (`None`).
    pub fn parse_choice(name: Option<&str>) -> Result<Option<Algorithm>> {
        chosen(name).map(Algorithm::parse_user).transpose()
    }

    pub fn family(self) -> Family {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => Family::Hmac,
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => Family::Rsa,
            Algorithm::ES256 => Family::Ec(Curve::P256),
            Algorithm::ES384 => Family::Ec(Curve::P384),
            Algorithm::ES512 => Family::Ec(Curve::P521),
            Algorithm::ES256K => Family::Ec(Curve::Secp256k1),
            Algorithm::EdDSA => Family::Ed25519,
        }
    }

    /// Minimum HMAC secret length in bytes (the hash output size, RFC 7518 §3.2).
    pub fn min_hmac_key_len(self) -> Option<usize> {
        match self {
            Algorithm::HS256 => Some(32),
            Algorithm::HS384 => Some(48),
            Algorithm::HS512 => Some(64),
            _ => None,
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

    #[test]
    fn names_round_trip_exactly() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_jws_name(alg.name()), Some(alg));
        }
        assert_eq!(Algorithm::from_jws_name("hs256"), None);
    }

    #[test]
    fn user_names_are_case_insensitive_and_none_is_refused() {
        assert_eq!(Algorithm::parse_user("hs512").unwrap(), Algorithm::HS512);
        assert_eq!(Algorithm::parse_user("eddsa").unwrap(), Algorithm::EdDSA);
        for bad in ["none", "None", "NONE", "", "HS999"] {
            assert_eq!(
                Algorithm::parse_user(bad).unwrap_err().kind(),
                ErrorKind::UnknownAlgorithm
            );
        }
    }

    #[test]
    fn long_input_is_truncated_in_messages() {
        let msg = Algorithm::parse_user(&"A".repeat(100_000))
            .unwrap_err()
            .to_string();
        assert!(msg.len() < 400, "{}", msg.len());
    }
}
