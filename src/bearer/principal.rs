//! Principals: validated claims with inbound claim mapping (`unique_name` → Name, `role` → Role, …),
//! and the claim policies checked against them.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::jwt::claims;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
