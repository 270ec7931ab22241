//! RFC 7638 JWK thumbprints: SHA-256 over the required members in lexicographic order.

use aws_lc_rs::digest;
use serde_json::Value;

use crate::base::json::b64url_encode;
use crate::jwa::curve::coordinate_len;
use crate::key::material::Material;

fn json_str(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// The RFC 7638 members of a key, in lexicographic order, as (name, value) pairs.
pub(crate) fn required_members(material: &Material) -> Vec<(&'static str, String)> {
    match material {
        Material::Secret(k) => vec![("k", b64url_encode(k)), ("kty", "oct".into())],
        Material::Rsa { n, e, .. } => vec![
            ("e", b64url_encode(e)),
            ("kty", "RSA".into()),
            ("n", b64url_encode(n)),
        ],
        Material::Ec { curve, point, .. } => {
            let len = coordinate_len(*curve);
            vec![
                ("crv", curve.name().into()),
                ("kty", "EC".into()),
                ("x", b64url_encode(&point[1..1 + len])),
                ("y", b64url_encode(&point[1 + len..])),
            ]
        }
        Material::Ed25519 { public, .. } => vec![
            ("crv", "Ed25519".into()),
            ("kty", "OKP".into()),
            ("x", b64url_encode(public)),
        ],
    }
}

/// The thumbprint of parsed material (a key gets it as its default `kid` while it is being made).
pub(crate) fn of(material: &Material) -> String {
    let canonical = format!(
        "{{{}}}",
        required_members(material)
            .iter()
            .map(|(k, v)| format!("{}:{}", json_str(k), json_str(v)))
            .collect::<Vec<_>>()
            .join(",")
    );
    b64url_encode(digest::digest(&digest::SHA256, canonical.as_bytes()).as_ref())
}
