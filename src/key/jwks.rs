//! JWK Sets (RFC 7517 §5): import of every key, export of the public parts for publication.

use serde_json::{Value, json};

use crate::base::error::{Result, err};
use crate::base::json::parse_strict;
use crate::key::export::{sorted, to_jwk};
use crate::key::model::{Key, KeyFormat};

/// A JWK Set of the given keys' public parts (secrets are refused), published for signature
/// validation: each signing key says `"use":"sig"` and the algorithm it signs with.
pub fn to_jwks(keys: &[Key]) -> Result<Value> {
    let list = keys
        .iter()
        .map(|k| {
            let mut jwk = to_jwk(k, false)?;
            if let (true, Value::Object(map)) = (k.for_signatures(), &mut jwk) {
                map.entry("use").or_insert_with(|| "sig".into());
                map.entry("alg")
                    .or_insert_with(|| k.auto_algorithm().name().into());
                *map = sorted(std::mem::take(map));
            }
            Ok(jwk)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(json!({ "keys": list }))
}

/// The keys of a JWK Set, each parsed as a JWK.
pub fn parse_jwks(text: &[u8]) -> Result<Vec<Key>> {
    let value =
        parse_strict(text).map_err(|e| err!(InvalidKey, "the JWK Set is not valid JSON: {e}"))?;
    let keys = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| err!(InvalidKey, "a JWK Set is an object with a 'keys' array"))?;
    if keys.is_empty() {
        return Err(err!(InvalidKey, "the JWK Set has no keys"));
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            Key::import(KeyFormat::Jwk, k.to_string().as_bytes())
                .map_err(|e| err!(InvalidKey, "key {i} of the JWK Set: {}", e.message()))
        })
        .collect()
}
