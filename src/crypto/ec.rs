//! Curve → aws-lc-rs algorithm tables (ECDSA signing and verification, ECDH).

use aws_lc_rs::agreement;
use aws_lc_rs::signature::{self as sig, EcdsaSigningAlgorithm};

use crate::jwa::curve::Curve;

pub(crate) fn ecdsa_signing(curve: Curve) -> &'static EcdsaSigningAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
        Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
        Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED_SIGNING,
    }
}

pub(crate) fn ecdsa_verification(curve: Curve) -> &'static sig::EcdsaVerificationAlgorithm {
    match curve {
        Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
        Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
        Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED,
        Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED,
    }
}

pub(crate) fn ecdh_algorithm(curve: Curve) -> Option<&'static agreement::Algorithm> {
    match curve {
        Curve::P256 => Some(&agreement::ECDH_P256),
        Curve::P384 => Some(&agreement::ECDH_P384),
        Curve::P521 => Some(&agreement::ECDH_P521),
        Curve::Secp256k1 => None,
    }
}
