//! What an event may say about a token: its fingerprint and the named header members and claims, read
//! leniently (a refused token is often malformed) and never the token, a signature or key material.

use aws_lc_rs::digest::{SHA256, digest};
use serde_json::{Map, Value};

use crate::base::json::b64url_decode;
use crate::jose::compact::segment_count;
use crate::jwa::defaults::DEFAULT_MAX_TOKEN_BYTES;

/// The longest member value an event repeats; longer ones are cut (they are attacker-chosen).
const MAX_VALUE_CHARS: usize = 200;

/// The first 16 hex digits of the token's SHA-256: repeats of one token can be correlated, the token
/// cannot be recovered.
pub fn fingerprint(token: &str) -> String {
    hex::encode(&digest(&SHA256, token.as_bytes()).as_ref()[..8])
}

/// The members of a token an event carries.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TokenFacts {
    pub fingerprint: String,
    pub alg: Option<String>,
    pub kid: Option<String>,
    pub iss: Option<String>,
    pub aud: Option<Value>,
    pub jti: Option<String>,
    pub exp: Option<i64>,
    pub sub: Option<String>,
}

fn short(value: &str) -> String {
    match value.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

fn string(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.get(name).and_then(Value::as_str).map(short)
}

fn segment(text: &str) -> Option<Map<String, Value>> {
    let bytes = b64url_decode(text)?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

impl TokenFacts {
    /// Reads the header and, for a signed token (or the validated `claims` of any token), the claims.
    /// An encrypted token's claims are unknown unless it validated.
    pub fn read(token: &str, claims: Option<&Map<String, Value>>) -> TokenFacts {
        let mut facts = TokenFacts {
            fingerprint: fingerprint(token),
            ..TokenFacts::default()
        };
        if token.len() > DEFAULT_MAX_TOKEN_BYTES {
            return facts;
        }
        let mut parts = token.split('.');
        if let Some(header) = parts.next().and_then(segment) {
            facts.alg = string(&header, "alg");
            facts.kid = string(&header, "kid");
        }
        let decoded;
        let read = match (claims, segment_count(token)) {
            (Some(c), _) => Some(c),
            (None, 3) => {
                decoded = parts.next().and_then(segment);
                decoded.as_ref()
            }
            _ => None,
        };
        if let Some(c) = read {
            facts.iss = string(c, "iss");
            facts.jti = string(c, "jti");
            facts.sub = string(c, "sub");
            facts.exp = c
                .get("exp")
                .and_then(|v| v.as_i64().or(v.as_f64().map(|f| f as i64)));
            facts.aud = match c.get("aud") {
                Some(Value::String(s)) => Some(Value::String(short(s))),
                Some(Value::Array(items)) => Some(Value::Array(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .take(16)
                        .map(|s| Value::String(short(s)))
                        .collect(),
                )),
                _ => None,
            };
        }
        facts
    }

    /// The members as event fields; `sub` only when `with_subject`.
    pub fn write(&self, event: &mut Map<String, Value>, with_subject: bool) {
        let mut put = |name: &str, value: Option<Value>| {
            if let Some(v) = value {
                event.insert(name.to_owned(), v);
            }
        };
        put("alg", self.alg.clone().map(Value::String));
        put("kid", self.kid.clone().map(Value::String));
        put("iss", self.iss.clone().map(Value::String));
        put("aud", self.aud.clone());
        put("jti", self.jti.clone().map(Value::String));
        put("exp", self.exp.map(Value::from));
        if with_subject {
            put("sub", self.sub.clone().map(Value::String));
        }
        event.insert("fingerprint".into(), self.fingerprint.clone().into());
    }
}
