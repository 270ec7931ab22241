//! Reading a token WITHOUT validating anything (diagnostics: `Get-KrJWTInfo`). The name says it: the
//! result is what the token claims, not what was verified. A JWE shows its header only, unless keys are
//! given to decrypt it first.

use serde_json::{Map, Value, json};

use crate::base::error::{Result, err};
use crate::jose::compact::{check_size, decode_header, decode_payload};
use crate::jwa::defaults::DEFAULT_MAX_TOKEN_BYTES;
use crate::jwe;
use crate::jwt::registered::{REGISTERED_CLAIMS, audiences_of, string_claim, time_claim};
use crate::key::Key;

/// Decodes a token without verifying anything (diagnostics: `Get-KrJWTInfo`). A JWE shows its header only.
pub fn inspect(token: &str) -> Result<Value> {
    let token = token.trim();
    check_size(token, DEFAULT_MAX_TOKEN_BYTES)?;
    let segments: Vec<&str> = token.split('.').collect();
    let (header, payload) = match segments.as_slice() {
        [h, p, _] => (decode_header(h)?, Some(decode_payload(p)?)),
        [h, _, _, _, _] => (decode_header(h)?, None),
        other => {
            return Err(err!(
                MalformedToken,
                "a token has 3 (signed) or 5 (encrypted) dot-separated segments; this one has {}",
                other.len()
            ));
        }
    };
    let empty = Map::new();
    let p = payload.as_ref().unwrap_or(&empty);
    let claims: Map<String, Value> = p
        .iter()
        .filter(|(k, _)| !REGISTERED_CLAIMS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(json!({
        "header": header,
        "payload": payload,
        "issuer": string_claim(p, "iss"),
        "subject": string_claim(p, "sub"),
        "audiences": audiences_of(p),
        "not_before": time_claim(p, "nbf"),
        "expires": time_claim(p, "exp"),
        "issued_at": time_claim(p, "iat"),
        "algorithm": string_claim(&header, "alg"),
        "kid": string_claim(&header, "kid"),
        "type": string_claim(&header, "typ"),
        "claims": claims,
        "encrypted": payload.is_none(),
    }))
}

/// Decrypts a JWE with `keys`, then inspects what it holds WITHOUT validating the inner token: the
/// inner token's [`inspect`] plus `outer_header`, the JWE's protected header.
pub fn decrypt_inspect(token: &str, keys: &[Key]) -> Result<Value> {
    let (outer, plaintext) = jwe::decrypt(token.trim(), keys, DEFAULT_MAX_TOKEN_BYTES)?;
    let inner = std::str::from_utf8(&plaintext)
        .map_err(|_| err!(MalformedToken, "the decrypted content is not text"))?;
    let mut info = inspect(inner)?;
    if let Value::Object(map) = &mut info {
        map.insert("outer_header".into(), Value::Object(outer));
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspect_reads_a_jwe_header_only() {
        // {"alg":"dir","enc":"A128GCM"}
        let info = inspect("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aaaa.bbbb.cccc").unwrap();
        assert_eq!(info["encrypted"], true);
        assert_eq!(info["algorithm"], "dir");
        assert!(info["payload"].is_null());
    }
}
