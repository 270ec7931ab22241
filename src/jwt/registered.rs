//! The registered claims (RFC 7519 §4.1) and how to read them from a payload.

use serde_json::{Map, Value};

/// Registered claim names: set by the builder itself, left out of the custom `claims`.
pub const REGISTERED_CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

pub fn string_claim<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str)
}

/// A NumericDate claim as whole seconds (fractions truncated); `None` if absent or not a number.
pub fn time_claim(map: &Map<String, Value>, name: &str) -> Option<i64> {
    let n = map.get(name)?.as_number()?;
    n.as_i64()
        .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

/// `aud` as a list, whether it is a string or an array of strings.
pub fn audiences_of(map: &Map<String, Value>) -> Vec<String> {
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
