//! Strict JSON and base64url for untrusted token segments: duplicate member names are an error at any
//! depth (RFC 7515 §5.2 lets us refuse them, and RFC 8725 §3.x asks us to), base64url must be canonical
//! and unpadded.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

use crate::base::error::{Result, err};
use crate::base::text::printable;

pub fn b64url_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// Like [`b64url_decode`], into `buf` when it is large enough (no allocation), else into a new vector.
pub fn b64url_decode_with<'b>(text: &str, buf: &'b mut [u8]) -> Option<std::borrow::Cow<'b, [u8]>> {
    if base64::decoded_len_estimate(text.len()) <= buf.len() {
        let n = URL_SAFE_NO_PAD.decode_slice(text, buf).ok()?;
        return Some(std::borrow::Cow::Borrowed(&buf[..n]));
    }
    b64url_decode(text).map(std::borrow::Cow::Owned)
}

/// Parses a JSON document, refusing duplicate object member names anywhere in it.
pub fn parse_strict(bytes: &[u8]) -> std::result::Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Parses a token segment's JSON, which must be an object.
pub fn parse_object(bytes: &[u8], what: &str) -> Result<Map<String, Value>> {
    match parse_strict(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(err!(MalformedToken, "the {what} is not a JSON object")),
        Err(e) => Err(err!(MalformedToken, "the {what} is not valid JSON: {e}")),
    }
}

/// Parses a JSON value given by a caller (a claim or header value).
pub fn parse_value(text: &str, what: &str) -> Result<Value> {
    parse_strict(text.as_bytes())
        .map_err(|e| err!(InvalidJson, "the {what} is not valid JSON: {e}"))
}

struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> std::result::Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate member name '{}'",
                    printable(&key)
                )));
            }
            let value = access.next_value_seed(StrictValue)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

    #[test]
    fn duplicates_are_refused_at_any_depth() {
        assert!(parse_strict(br#"{"a":1,"a":2}"#).is_err());
        assert!(parse_strict(br#"{"x":[{"b":1,"b":1}]}"#).is_err());
        assert!(parse_strict(br#"{"a":1,"b":{"a":2}}"#).is_ok());
    }

    #[test]
    fn segments_must_be_objects() {
        assert_eq!(
            parse_object(b"[1]", "header").unwrap_err().kind(),
            ErrorKind::MalformedToken
        );
        assert_eq!(
            parse_object(b"{", "header").unwrap_err().kind(),
            ErrorKind::MalformedToken
        );
        assert_eq!(
            parse_object(b"{} x", "header").unwrap_err().kind(),
            ErrorKind::MalformedToken
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(parse_strict(deep.as_bytes()).is_err());
    }

    #[test]
    fn decoding_into_a_buffer_is_as_strict_as_decoding() {
        let mut small = [0u8; 2];
        let mut large = [0u8; 64];
        for text in ["AQAB", "AQAB=", "a+b/", "AR", "", "-_8", "AQABAQAB"] {
            let expected = b64url_decode(text);
            assert_eq!(
                b64url_decode_with(text, &mut large).map(|c| c.to_vec()),
                expected
            );
            assert_eq!(
                b64url_decode_with(text, &mut small).map(|c| c.to_vec()),
                expected
            );
        }
    }

    #[test]
    fn base64url_is_strict() {
        assert_eq!(b64url_decode("AQAB"), Some(vec![1, 0, 1]));
        assert_eq!(b64url_decode("AQAB="), None);
        assert_eq!(b64url_decode("a+b/"), None);
        // non-canonical trailing bits
        assert_eq!(b64url_decode("AR"), None);
        assert_eq!(b64url_encode(&[0xfb, 0xff]), "-_8");
    }
}
