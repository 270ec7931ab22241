//! Reading a JWK (RFC 7517): `kty` oct, RSA, EC, OKP; `use`/`key_ops`/`alg` bind the key to signatures
//! or encryption and to one algorithm.

use aws_lc_rs::rsa::{KeyPairComponents, PublicKeyComponents};
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::base::error::{Result, err};
use crate::base::json::b64url_decode;
use crate::base::text::printable;
use crate::crypto::ec::ecdsa_signing;
use crate::jwa::curve::{coordinate_len, curve_from_name};
use crate::jwa::encryption::{ContentEncryption, KeyManagement};
use crate::jwa::signing::Algorithm;
use crate::key::material::{
    Material, ec_private, ec_public, ed_private, ed_public, rejected, rsa_private, rsa_public,
};

/// What a JWK brings besides its key: its `kid` and the `alg` it is bound to.
pub(crate) struct JwkParts {
    pub material: Material,
    pub kid: Option<String>,
    pub alg: Option<Algorithm>,
    /// False when `use` is "enc" or `key_ops` lists neither "sign" nor "verify" (RFC 7517 §4.2, §4.3).
    pub for_signatures: bool,
    /// False when `use` is "sig" or `key_ops` lists no encryption operation.
    pub for_encryption: bool,
    /// The JWE key management algorithm an encryption key is bound to by its `alg`.
    pub jwe_alg: Option<String>,
}

fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(err!(InvalidKey, "the JWK member '{name}' is not a string")),
    }
}

fn b64_member(jwk: &Map<String, Value>, name: &str, kty: &str) -> Result<Zeroizing<Vec<u8>>> {
    let text = member(jwk, name)?
        .ok_or_else(|| err!(InvalidKey, "the {kty} JWK has no '{name}' member"))?;
    b64url_decode(text)
        .map(Zeroizing::new)
        .ok_or_else(|| err!(InvalidKey, "the JWK member '{name}' is not base64url"))
}

pub(crate) fn parse_jwk(jwk: &Map<String, Value>) -> Result<JwkParts> {
    let kty = member(jwk, "kty")?.ok_or_else(|| err!(InvalidKey, "the JWK has no 'kty' member"))?;
    let kid = member(jwk, "kid")?.map(str::to_owned);
    let ops: Option<Vec<&str>> = match jwk.get("key_ops") {
        None => None,
        Some(Value::Array(ops)) => Some(ops.iter().filter_map(Value::as_str).collect()),
        Some(_) => return Err(err!(InvalidKey, "the JWK member 'key_ops' is not an array")),
    };
    let allows = |wanted: &[&str]| {
        ops.as_ref()
            .is_none_or(|ops| ops.iter().any(|o| wanted.contains(o)))
    };
    let usage = member(jwk, "use")?;
    let mut for_signatures = usage.is_none_or(|u| u == "sig") && allows(&["sign", "verify"]);
    let mut for_encryption = usage.is_none_or(|u| u == "enc")
        && allows(&[
            "encrypt",
            "decrypt",
            "wrapKey",
            "unwrapKey",
            "deriveKey",
            "deriveBits",
        ]);
    // `alg` binds the key to one algorithm, and so to its kind: a JWS name to signatures, a JWE name
    // to encryption. An encryption key may name a JWE algorithm KrJwt does not implement (it then fits
    // no token); any other unknown name (`none` included) is refused.
    let (mut alg, mut jwe_alg) = (None, None);
    if let Some(name) = member(jwk, "alg")? {
        let known_jwe =
            KeyManagement::parse(name).is_ok() || ContentEncryption::parse(name).is_ok();
        match Algorithm::from_jws_name(name) {
            Some(a) if for_signatures => {
                alg = Some(a);
                for_encryption = false;
            }
            _ if for_encryption && (known_jwe || usage == Some("enc")) => {
                jwe_alg = Some(name.to_owned());
                for_signatures = false;
            }
            _ => {
                return Err(err!(
                    UnknownAlgorithm,
                    "unknown algorithm '{}'",
                    printable(name)
                ));
            }
        }
    }
    let has_private = jwk.contains_key("d");
    let material = match kty {
        "oct" => {
            let k = b64_member(jwk, "k", "oct")?;
            if k.is_empty() {
                return Err(err!(InvalidKey, "the oct JWK has an empty 'k'"));
            }
            Material::Secret(k)
        }
        "RSA" => {
            let n = b64_member(jwk, "n", "RSA")?;
            let e = b64_member(jwk, "e", "RSA")?;
            if has_private {
                let names = ["d", "p", "q", "dp", "dq", "qi"];
                let parts = names.map(|m| b64_member(jwk, m, "RSA private"));
                let [d, p, q, dp, dq, qi] = parts;
                let (d, p, q, dp, dq, qi) = (d?, p?, q?, dp?, dq?, qi?);
                let components = KeyPairComponents {
                    public_key: PublicKeyComponents {
                        n: &n[..],
                        e: &e[..],
                    },
                    d: &d[..],
                    p: &p[..],
                    q: &q[..],
                    dP: &dp[..],
                    dQ: &dq[..],
                    qInv: &qi[..],
                };
                RsaKeyPair::from_components(&components)
                    .map_err(|e| rejected("RSA private JWK", e))
                    .and_then(rsa_private)?
            } else {
                rsa_public(&n, &e)?
            }
        }
        "EC" => {
            let crv = member(jwk, "crv")?
                .ok_or_else(|| err!(InvalidKey, "the EC JWK has no 'crv' member"))?;
            let curve = curve_from_name(crv)?;
            let (x, y) = (b64_member(jwk, "x", "EC")?, b64_member(jwk, "y", "EC")?);
            let len = coordinate_len(curve);
            if x.len() != len || y.len() != len {
                return Err(err!(
                    InvalidKey,
                    "the {} JWK coordinates must be {len} bytes each",
                    curve.name()
                ));
            }
            let mut point = vec![4u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            if has_private {
                let d = b64_member(jwk, "d", "EC private")?;
                EcdsaKeyPair::from_private_key_and_public_key(ecdsa_signing(curve), &d, &point)
                    .map(|p| ec_private(curve, p))
                    .map_err(|e| rejected("EC private JWK", e))?
            } else {
                ec_public(curve, &point)?
            }
        }
        "OKP" => {
            match member(jwk, "crv")? {
                Some("Ed25519") => {}
                Some(other) => {
                    return Err(err!(
                        InvalidKey,
                        "unsupported OKP curve '{}'",
                        printable(other)
                    ));
                }
                None => return Err(err!(InvalidKey, "the OKP JWK has no 'crv' member")),
            }
            let x = b64_member(jwk, "x", "OKP")?;
            if has_private {
                let d = b64_member(jwk, "d", "OKP private")?;
                Ed25519KeyPair::from_seed_and_public_key(&d, &x)
                    .map(ed_private)
                    .map_err(|e| rejected("Ed25519 private JWK", e))?
            } else {
                ed_public(&x)?
            }
        }
        other => {
            return Err(err!(
                InvalidKey,
                "unsupported JWK key type '{}'",
                printable(other)
            ));
        }
    };
    Ok(JwkParts {
        material,
        kid,
        alg,
        for_signatures,
        for_encryption,
        jwe_alg,
    })
}
