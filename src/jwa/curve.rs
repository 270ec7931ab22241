//! Elliptic curves: names, OIDs and sizes.

use der::asn1::ObjectIdentifier;

use crate::base::error::{Result, err};
use crate::base::text::printable;

/// Elliptic curves KrJwt signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
}

impl Curve {
    /// JWK `crv` name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
        }
    }
}

impl Curve {
    pub const ALL: [Curve; 4] = [Curve::P256, Curve::P384, Curve::P521, Curve::Secp256k1];
}

pub(crate) const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");

pub(crate) fn curve_oid(curve: Curve) -> ObjectIdentifier {
    match curve {
        Curve::P256 => OID_P256,
        Curve::P384 => OID_P384,
        Curve::P521 => OID_P521,
        Curve::Secp256k1 => OID_SECP256K1,
    }
}

pub(crate) fn curve_from_oid(oid: Option<ObjectIdentifier>) -> Result<Curve> {
    match oid {
        Some(o) if o == OID_P256 => Ok(Curve::P256),
        Some(o) if o == OID_P384 => Ok(Curve::P384),
        Some(o) if o == OID_P521 => Ok(Curve::P521),
        Some(o) if o == OID_SECP256K1 => Ok(Curve::Secp256k1),
        Some(o) => Err(err!(InvalidKey, "unsupported elliptic curve {o}")),
        None => Err(err!(InvalidKey, "the EC key does not name its curve")),
    }
}

pub(crate) fn curve_from_name(name: &str) -> Result<Curve> {
    Curve::ALL
        .into_iter()
        .find(|c| c.name() == name)
        .ok_or_else(|| err!(InvalidKey, "unsupported curve '{}'", printable(name)))
}

/// Coordinate size in bytes.
pub(crate) fn coordinate_len(curve: Curve) -> usize {
    match curve {
        Curve::P256 | Curve::Secp256k1 => 32,
        Curve::P384 => 48,
        Curve::P521 => 66,
    }
}
