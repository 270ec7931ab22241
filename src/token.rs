//! Splitting and decoding compact tokens. Everything here treats the token as hostile input: the size is
//! checked before any decoding, segments must be canonical base64url, JSON must be strict.

use serde_json::{Map, Value, json};

use crate::error::{Result, err};
use crate::json::{b64url_decode, parse_object};

/// Default cap on a token's size, checked before any base64 or JSON work.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 256 * 1024;

/// A JWS in compact form, split and decoded, not yet verified.
pub struct DecodedJws<'a> {
    pub header: Map<String, Value>,
    /// `BASE64URL(header) "." BASE64URL(payload)`: the bytes the signature covers.
    pub signing_input: &'a str,
    pub payload_segment: &'a str,
    pub signature: Vec<u8>,
}

/// Refuses a token over `max_bytes` before any decoding work.
pub(crate) fn check_size(token: &str, max_bytes: usize) -> Result<()> {
    if token.len() > max_bytes {
        return Err(err!(
            TokenTooLarge,
            "the token is {} bytes, over the {} byte limit",
            token.len(),
            max_bytes
        ));
    }
    Ok(())
}

/// Splits a compact JWS and decodes its header and signature (the payload is decoded after verification).
pub fn split_jws(token: &str, max_bytes: usize) -> Result<DecodedJws<'_>> {
    check_size(token, max_bytes)?;
    let segments = token.split('.').count();
    if segments == 5 {
        return Err(err!(
            MalformedToken,
            "the token is an encrypted JWE; a decryption key is needed to read it"
        ));
    }
    if segments != 3 {
        return Err(err!(
            MalformedToken,
            "a signed token has 3 dot-separated segments; this one has {segments}"
        ));
    }
    let (signing_input, signature_segment) = token.rsplit_once('.').unwrap_or_default();
    let (header_segment, payload_segment) = signing_input.split_once('.').unwrap_or_default();
    if header_segment.is_empty() || payload_segment.is_empty() {
        return Err(err!(
            MalformedToken,
            "the token has an empty header or payload segment"
        ));
    }
    if signature_segment.is_empty() {
        return Err(err!(
            MalformedToken,
            "the token is unsigned (empty signature segment)"
        ));
    }
    let header_bytes = b64url_decode(header_segment)
        .ok_or_else(|| err!(MalformedToken, "the header segment is not base64url"))?;
    let header = parse_object(&header_bytes, "header")?;
    let signature = b64url_decode(signature_segment)
        .ok_or_else(|| err!(MalformedToken, "the signature segment is not base64url"))?;
    Ok(DecodedJws {
        header,
        signing_input,
        payload_segment,
        signature,
    })
}

pub fn decode_payload(segment: &str) -> Result<Map<String, Value>> {
    let bytes = b64url_decode(segment)
        .ok_or_else(|| err!(MalformedToken, "the payload segment is not base64url"))?;
    parse_object(&bytes, "payload")
}

pub(crate) fn string_claim<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str)
}

/// A NumericDate claim as whole seconds (fractions truncated); `None` if absent or not a number.
pub(crate) fn time_claim(map: &Map<String, Value>, name: &str) -> Option<i64> {
    let n = map.get(name)?.as_number()?;
    n.as_i64()
        .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

/// `aud` as a list, whether it is a string or an array of strings.
pub(crate) fn audiences_of(map: &Map<String, Value>) -> Vec<String> {
    match map.get("aud") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Decodes a token without verifying anything (diagnostics: `Get-KrJWTInfo`). A JWE shows its header only.
pub fn inspect(token: &str) -> Result<Value> {
    let token = token.trim();
    check_size(token, DEFAULT_MAX_TOKEN_BYTES)?;
    let segments: Vec<&str> = token.split('.').collect();
    let (header, payload) = match segments.as_slice() {
        [h, p, _] => {
            let hb = b64url_decode(h)
                .ok_or_else(|| err!(MalformedToken, "the header segment is not base64url"))?;
            (parse_object(&hb, "header")?, Some(decode_payload(p)?))
        }
        [h, _, _, _, _] => {
            let hb = b64url_decode(h)
                .ok_or_else(|| err!(MalformedToken, "the header segment is not base64url"))?;
            (parse_object(&hb, "header")?, None)
        }
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
        .filter(|(k, _)| !crate::result::REGISTERED_CLAIMS.contains(&k.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn segment_counts_are_checked() {
        for bad in ["", "a", "a.b", "a.b.c.d", "a.b.c.d.e.f", "..", "eyJ9.e30."] {
            assert_eq!(
                split_jws(bad, 1000).err().unwrap().kind(),
                ErrorKind::MalformedToken,
                "{bad}"
            );
        }
    }

    #[test]
    fn size_cap_comes_first() {
        let big = "a".repeat(2000);
        assert_eq!(
            split_jws(&big, 1000).err().unwrap().kind(),
            ErrorKind::TokenTooLarge
        );
    }

    #[test]
    fn inspect_reads_a_jwe_header_only() {
        // {"alg":"dir","enc":"A128GCM"}
        let info = inspect("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aaaa.bbbb.cccc").unwrap();
        assert_eq!(info["encrypted"], true);
        assert_eq!(info["algorithm"], "dir");
        assert!(info["payload"].is_null());
    }
}
