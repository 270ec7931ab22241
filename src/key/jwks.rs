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

/// A JWK of a set that was not imported, and why (reported to the operator, never fatal on its own).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SkippedKey {
    /// Position in the set's `keys` array.
    pub index: usize,
    pub kid: Option<String>,
    pub reason: String,
}

/// What a lenient import makes of a JWK Set: the keys that can verify signatures, and the rest.
#[derive(Clone, Debug, Default)]
pub struct SignatureKeys {
    pub keys: Vec<Key>,
    pub skipped: Vec<SkippedKey>,
}

/// The keys of a JWK Set that can verify signatures. A key KrJwt cannot use (an unknown `kty` such as
/// AKP, an OKP curve it does not verify with, a malformed key, `use: "enc"` or `key_ops` without
/// `verify`) is skipped with its reason; a set with no usable key is an error, naming each skip.
pub fn signature_keys(set: &Value) -> Result<SignatureKeys> {
    let keys = set
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| err!(InvalidKey, "a JWK Set is an object with a 'keys' array"))?;
    if keys.is_empty() {
        return Err(err!(InvalidKey, "the JWK Set has no keys"));
    }
    let mut out = SignatureKeys::default();
    for (index, jwk) in keys.iter().enumerate() {
        let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_owned);
        let skip = |reason: String| SkippedKey {
            index,
            kid: kid.clone(),
            reason,
        };
        if !jwk.is_object() {
            out.skipped.push(skip("not a JSON object".into()));
            continue;
        }
        match Key::import(KeyFormat::Jwk, jwk.to_string().as_bytes()) {
            Ok(key) if key.for_signatures() => out.keys.push(key),
            Ok(_) => out.skipped.push(skip(
                "an encryption key (its 'use' or 'key_ops' forbids verifying signatures)".into(),
            )),
            Err(e) => out.skipped.push(skip(e.message().to_owned())),
        }
    }
    if out.keys.is_empty() {
        let reasons: Vec<String> = out
            .skipped
            .iter()
            .map(|s| {
                format!(
                    "key {} ({}): {}",
                    s.index,
                    s.kid.as_deref().unwrap_or("no kid"),
                    s.reason
                )
            })
            .collect();
        return Err(err!(
            InvalidKey,
            "the JWK Set has no key that can verify signatures ({} skipped: {})",
            out.skipped.len(),
            reasons.join("; ")
        ));
    }
    Ok(out)
}
