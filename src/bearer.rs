//! Bearer authentication (RFC 6750): reading the token from an `Authorization` header, turning validated
//! claims into a principal with inbound claim mapping (`unique_name` → Name, `role` → Role, …), checking
//! claim policies, and the `WWW-Authenticate` challenge for a failure.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::claims;
use crate::error::{Error, ErrorKind, Result, err};
use crate::validate::Validator;

/// Authorization headers longer than this are refused before any parsing.
pub const MAX_AUTHORIZATION_BYTES: usize = 16 * 1024;

/// The token of an `Authorization: Bearer <token>` header. The scheme name is case-insensitive;
/// exactly one token made of the RFC 6750 b64token characters must follow. No header or another scheme
/// is `MissingToken`; a malformed Bearer header is `InvalidArgument` (RFC 6750 `invalid_request`).
pub fn extract_token(header: &str) -> Result<&str> {
    if header.len() > MAX_AUTHORIZATION_BYTES {
        return Err(err!(
            TokenTooLarge,
            "the Authorization header is over {MAX_AUTHORIZATION_BYTES} bytes"
        ));
    }
    let header = header.trim_matches([' ', '\t']);
    if header.is_empty() {
        return Err(err!(MissingToken, "no bearer token was presented"));
    }
    let (scheme, rest) = header.split_once([' ', '\t']).unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("Bearer") {
        return Err(err!(
            MissingToken,
            "the Authorization header does not use the Bearer scheme"
        ));
    }
    let token = rest.trim_matches([' ', '\t']);
    if token.is_empty() {
        return Err(err!(
            InvalidArgument,
            "malformed Authorization header: the Bearer scheme is given without a token"
        ));
    }
    if token.contains([' ', '\t']) {
        return Err(err!(
            InvalidArgument,
            "malformed Authorization header: it holds more than one token"
        ));
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
    {
        return Err(err!(
            InvalidArgument,
            "malformed Authorization header: the token has characters outside the RFC 6750 alphabet"
        ));
    }
    Ok(token)
}

/// A principal: the name, roles and every claim with inbound-mapped types, plus the validated payload
/// itself (renewal re-issues from it).
pub fn principal(payload: &Map<String, Value>) -> Value {
    let mut list = Vec::new();
    for (name, value) in payload {
        let claim_type = claims::inbound_type(name);
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for v in values {
            let (text, value_type) = match v {
                Value::String(s) => (s.clone(), "string"),
                Value::Number(n) if n.is_i64() || n.is_u64() => (n.to_string(), "integer"),
                Value::Number(n) => (n.to_string(), "double"),
                Value::Bool(b) => (b.to_string(), "boolean"),
                Value::Null => (String::new(), "null"),
                other => (other.to_string(), "json"),
            };
            list.push(json!({ "type": claim_type, "value": text, "value_type": value_type }));
        }
    }
    let first = |t: &str| {
        list.iter()
            .find(|c| c["type"] == t)
            .map(|c| c["value"].clone())
            .unwrap_or(Value::Null)
    };
    let name = first(&claims::name_claim_type());
    let roles: Vec<Value> = list
        .iter()
        .filter(|c| c["type"] == claims::role_claim_type().as_str())
        .map(|c| c["value"].clone())
        .collect();
    json!({
        "name": name,
        "subject": payload.get("sub").and_then(Value::as_str),
        "roles": roles,
        "name_claim_type": claims::name_claim_type(),
        "role_claim_type": claims::role_claim_type(),
        "claims": list,
        "payload": payload,
    })
}

/// "Principal must have a claim of `claim_type` whose value is one of `allowed_values`" (type
/// case-insensitive, values exact; no allowed values = the claim's presence suffices). The type may be
/// given short (`role`) or long (the Role URI).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimPolicy {
    pub claim_type: String,
    #[serde(default)]
    pub allowed_values: Vec<String>,
}

impl ClaimPolicy {
    pub fn is_satisfied_by(&self, principal: &Value) -> bool {
        let wanted = claims::inbound_type(&self.claim_type);
        principal["claims"].as_array().is_some_and(|list| {
            list.iter().any(|c| {
                c["type"]
                    .as_str()
                    .is_some_and(|t| t.eq_ignore_ascii_case(&wanted))
                    && (self.allowed_values.is_empty()
                        || c["value"]
                            .as_str()
                            .is_some_and(|v| self.allowed_values.iter().any(|a| a == v)))
            })
        })
    }
}

/// Authenticates an Authorization header value: the token is read, validated and mapped.
pub fn authenticate(validator: &Validator, authorization: &str) -> Result<Value> {
    let token = extract_token(authorization)?;
    let payload = validator.validate(token)?;
    Ok(principal(&payload))
}

/// The RFC 6750 §3 challenge for a failure (`None` = authenticated but a policy failed).
pub fn www_authenticate(failure: Option<&Error>, realm: Option<&str>) -> String {
    let mut parts = vec![];
    if let Some(realm) = realm {
        parts.push(format!("realm=\"{}\"", quote(realm)));
    }
    match failure.map(Error::kind) {
        // No credentials at all: a bare challenge, no error code (RFC 6750 §3.1).
        Some(ErrorKind::MissingToken) => {}
        // A malformed request (RFC 6750 §3.1 invalid_request, HTTP 400).
        Some(ErrorKind::InvalidArgument | ErrorKind::TokenTooLarge) => {
            parts.push("error=\"invalid_request\"".into());
            parts.push(format!(
                "error_description=\"{}\"",
                quote(failure.map_or("", Error::message))
            ));
        }
        Some(_) => {
            parts.push("error=\"invalid_token\"".into());
            parts.push(format!(
                "error_description=\"{}\"",
                quote(failure.map_or("", Error::message))
            ));
        }
        None => {
            parts.push("error=\"insufficient_scope\"".into());
            parts.push(
                "error_description=\"the token does not satisfy the required claim policy\"".into(),
            );
        }
    }
    if parts.is_empty() {
        "Bearer".to_owned()
    } else {
        format!("Bearer {}", parts.join(", "))
    }
}

/// Quoted-string content: printable ASCII without `"` and `\` (RFC 6750 §3 error_description charset).
fn quote(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (' '..='~').contains(&c) && c != '"' && c != '\\' {
                c
            } else {
                '\''
            }
        })
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_headers() {
        assert_eq!(extract_token("Bearer abc.def.ghi").unwrap(), "abc.def.ghi");
        assert_eq!(
            extract_token("bearer   abc.def.ghi  ").unwrap(),
            "abc.def.ghi"
        );
        assert_eq!(extract_token("BEARER\tabc").unwrap(), "abc");
        for bad in [
            "",
            "   ",
            "Bearer",
            "Bearer ",
            "Basic abc",
            "Bearer a b",
            "Bearer é",
            "Bearerabc",
        ] {
            assert!(extract_token(bad).is_err(), "{bad:?}");
        }
        let huge = format!("Bearer {}", "a".repeat(1 << 20));
        assert_eq!(
            extract_token(&huge).unwrap_err().kind(),
            ErrorKind::TokenTooLarge
        );
    }

    #[test]
    fn principals_map_inbound_and_expand_arrays() {
        let payload = json!({"sub":"u1","unique_name":"alice","role":["admin","ops"],"level":3,"region":"eu"});
        let p = principal(payload.as_object().unwrap());
        assert_eq!(p["name"], "alice");
        assert_eq!(p["roles"], json!(["admin", "ops"]));
        let types: Vec<&str> = p["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["type"].as_str().unwrap())
            .collect();
        assert!(
            types.contains(&"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier")
        );
        assert!(types.contains(&"region"));
        let admin = ClaimPolicy {
            claim_type: "role".into(),
            allowed_values: vec!["admin".into()],
        };
        assert!(admin.is_satisfied_by(&p));
        let root = ClaimPolicy {
            claim_type: "ROLE".into(),
            allowed_values: vec!["root".into()],
        };
        assert!(!root.is_satisfied_by(&p));
        let has_region = ClaimPolicy {
            claim_type: "region".into(),
            allowed_values: vec![],
        };
        assert!(has_region.is_satisfied_by(&p));
        assert_eq!(p["payload"]["unique_name"], "alice");
    }

    #[test]
    fn challenges() {
        assert_eq!(
            www_authenticate(Some(&extract_token("").unwrap_err()), None),
            "Bearer"
        );
        let expired = err!(TokenExpired, "the token expired at 5");
        assert_eq!(
            www_authenticate(Some(&expired), Some("api")),
            "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"the token expired at 5\""
        );
        assert!(www_authenticate(None, None).contains("insufficient_scope"));
        let two = extract_token("Bearer a b").unwrap_err();
        assert!(www_authenticate(Some(&two), None).starts_with("Bearer error=\"invalid_request\""));
        assert!(
            !www_authenticate(Some(&err!(MalformedToken, "bad \"q\" \u{7f}")), None).contains("\\")
        );
    }
}
