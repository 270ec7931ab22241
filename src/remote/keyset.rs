//! The documents a source fetches: the metadata (discovery) document and the JWK Set. Turning a JWK into
//! a usable key is injected ([`JwksParser`]); the rules every set must meet are here.

use std::sync::Arc;

use serde_json::Value;

use super::config::{check_url, issuers_equal};

/// Members that only a private or symmetric key has (RFC 7518 §6.2.2, §6.3.2, §6.4; `priv` is the
/// private member of the AKP key type). A public JWK Set that carries one is a leak, refused whole.
pub const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "priv"];

/// A key the parser could use, with the `kid` it was published under.
#[derive(Clone, Debug)]
pub struct ParsedKey<K> {
    pub kid: Option<String>,
    pub key: K,
}

/// A JWK the parser could not use, and why: the type the crate's lenient JWK Set import reports.
pub use crate::key::jwks::SkippedKey;

/// What a parser makes of a JWK Set.
#[derive(Clone, Debug)]
pub struct ParsedJwks<K> {
    pub keys: Vec<ParsedKey<K>>,
    pub skipped: Vec<SkippedKey>,
}

/// Turns a JWK Set (already checked: an object with a `keys` array and no private members) into usable
/// keys. An error refuses the whole set; keys it cannot use should be skipped with a reason instead.
pub trait JwksParser<K>: Send + Sync {
    fn parse(&self, jwks: &Value) -> Result<ParsedJwks<K>, String>;
}

impl<K, F> JwksParser<K> for F
where
    F: Fn(&Value) -> Result<ParsedJwks<K>, String> + Send + Sync,
{
    fn parse(&self, jwks: &Value) -> Result<ParsedJwks<K>, String> {
        self(jwks)
    }
}

/// A usable JWK Set, immutable once built; shared with validators as `Arc<KeySet<K>>`.
#[derive(Debug)]
pub struct KeySet<K> {
    keys: Vec<ParsedKey<K>>,
    skipped: Vec<SkippedKey>,
    /// The document as fetched (for export and seeding).
    jwks: Value,
    fetched_at_ms: u64,
}

impl<K> KeySet<K> {
    /// Every usable key, in the set's order.
    pub fn keys(&self) -> &[ParsedKey<K>] {
        &self.keys
    }

    /// The keys published under `kid`.
    pub fn find<'a>(&'a self, kid: &'a str) -> impl Iterator<Item = &'a K> + 'a {
        self.keys
            .iter()
            .filter(move |k| k.kid.as_deref() == Some(kid))
            .map(|k| &k.key)
    }

    pub fn contains_kid(&self, kid: &str) -> bool {
        self.find(kid).next().is_some()
    }

    pub fn key_ids(&self) -> Vec<String> {
        self.keys.iter().filter_map(|k| k.kid.clone()).collect()
    }

    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    pub fn jwks(&self) -> &Value {
        &self.jwks
    }

    pub fn fetched_at_ms(&self) -> u64 {
        self.fetched_at_ms
    }
}

/// Checks a JWK Set document, hands it to the parser, and refuses a set with no usable key.
pub(crate) fn build_key_set<K>(
    jwks: Value,
    parser: &dyn JwksParser<K>,
    fetched_at_ms: u64,
) -> Result<Arc<KeySet<K>>, String> {
    check_public_set(&jwks)?;
    let parsed = parser.parse(&jwks)?;
    if parsed.keys.is_empty() {
        let total = jwks["keys"].as_array().map_or(0, Vec::len);
        let reasons: Vec<String> = parsed
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.kid.as_deref().unwrap_or("(no kid)"), s.reason))
            .collect();
        return Err(if total == 0 {
            "the JWK Set has no keys".into()
        } else {
            format!(
                "the JWK Set has no usable key ({total} skipped: {})",
                reasons.join("; ")
            )
        });
    }
    Ok(Arc::new(KeySet {
        keys: parsed.keys,
        skipped: parsed.skipped,
        jwks,
        fetched_at_ms,
    }))
}

/// An object with a `keys` array; no member of any key is private, and no key is symmetric.
pub(crate) fn check_public_set(jwks: &Value) -> Result<(), String> {
    let keys = jwks
        .as_object()
        .ok_or("the JWK Set is not a JSON object")?
        .get("keys")
        .ok_or("the JWK Set has no \"keys\" member")?
        .as_array()
        .ok_or("the JWK Set's \"keys\" is not an array")?;
    for (index, jwk) in keys.iter().enumerate() {
        let Some(jwk) = jwk.as_object() else { continue };
        let kid = jwk.get("kid").and_then(Value::as_str).unwrap_or("(no kid)");
        if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| jwk.contains_key(**m)) {
            return Err(format!(
                "the JWK Set publishes private key material (member \"{member}\" of key {index}, kid {kid}): refused"
            ));
        }
        if jwk.get("kty").and_then(Value::as_str) == Some("oct") {
            return Err(format!(
                "the JWK Set publishes a symmetric (oct) key (key {index}, kid {kid}): refused"
            ));
        }
    }
    Ok(())
}

/// The two members of a metadata document the source uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Metadata {
    pub issuer: String,
    pub jwks_uri: String,
}

/// `issuer` must equal the expected one (or be among `valid_issuers` when none is implied by the URL);
/// `jwks_uri` must be a URL the source may fetch.
pub(crate) fn parse_metadata(
    doc: &Value,
    expected_issuer: Option<&str>,
    valid_issuers: &[String],
    allow_http: bool,
) -> Result<Metadata, String> {
    let doc = doc
        .as_object()
        .ok_or("the metadata document is not a JSON object")?;
    let issuer = doc
        .get("issuer")
        .and_then(Value::as_str)
        .ok_or("the metadata document has no \"issuer\" string")?;
    let issuer_ok = match expected_issuer {
        Some(expected) => issuers_equal(issuer, expected),
        None => valid_issuers.iter().any(|v| issuers_equal(issuer, v)),
    };
    if !issuer_ok {
        let expected = expected_issuer.map_or_else(|| valid_issuers.join(", "), str::to_string);
        return Err(format!(
            "the metadata document's issuer {issuer:?} is not the expected {expected:?}"
        ));
    }
    let jwks_uri = doc
        .get("jwks_uri")
        .and_then(Value::as_str)
        .ok_or("the metadata document has no \"jwks_uri\" string")?;
    check_url(jwks_uri, allow_http)
        .map_err(|e| format!("the metadata document's jwks_uri {jwks_uri:?}: {e}"))?;
    Ok(Metadata {
        issuer: issuer.to_string(),
        jwks_uri: jwks_uri.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kid_parser(jwks: &Value) -> Result<ParsedJwks<String>, String> {
        let mut parsed = ParsedJwks {
            keys: Vec::new(),
            skipped: Vec::new(),
        };
        for (index, jwk) in jwks["keys"].as_array().unwrap().iter().enumerate() {
            let kid = jwk["kid"].as_str().map(str::to_string);
            if jwk["kty"] == "RSA" {
                parsed.keys.push(ParsedKey {
                    key: kid.clone().unwrap_or_default(),
                    kid,
                });
            } else {
                parsed.skipped.push(SkippedKey {
                    index,
                    kid,
                    reason: "unsupported kty".into(),
                });
            }
        }
        Ok(parsed)
    }

    #[test]
    fn private_and_symmetric_members_refuse_the_set() {
        for member in PRIVATE_MEMBERS {
            let set = json!({"keys": [{"kty": "RSA", "kid": "a", "n": "x", "e": "AQAB"}, {"kty": "RSA", "kid": "b", member: "x"}]});
            let e = build_key_set(set, &kid_parser, 0).unwrap_err();
            assert!(
                e.contains("private") && e.contains(&format!("\"{member}\"")),
                "{e}"
            );
        }
        let set = json!({"keys": [{"kty": "oct", "kid": "s", "k": "c2VjcmV0"}]});
        assert!(
            build_key_set(set, &kid_parser, 0)
                .unwrap_err()
                .contains("symmetric")
        );
    }

    #[test]
    fn set_shape_is_checked() {
        for (set, why) in [
            (json!([]), "not a JSON object"),
            (json!({}), "no \"keys\""),
            (json!({"keys": {}}), "not an array"),
            (json!({"keys": []}), "no keys"),
            (
                json!({"keys": [{"kty": "XYZ", "kid": "w"}]}),
                "no usable key (1 skipped: w: unsupported kty)",
            ),
        ] {
            let e = build_key_set(set, &kid_parser, 0).unwrap_err();
            assert!(e.contains(why), "{e}");
        }
    }

    #[test]
    fn usable_and_skipped_keys_are_kept() {
        let set = json!({"keys": [{"kty": "XYZ", "kid": "w"}, {"kty": "RSA", "kid": "a"}, {"kty": "RSA", "kid": "a"}, "junk"]});
        let ks = build_key_set(set.clone(), &kid_parser, 7).unwrap();
        assert_eq!(ks.key_ids(), ["a", "a"]);
        assert_eq!(ks.find("a").count(), 2);
        assert!(ks.contains_kid("a") && !ks.contains_kid("w"));
        assert_eq!(ks.skipped().len(), 2);
        assert_eq!(
            ks.skipped()[0],
            SkippedKey {
                index: 0,
                kid: Some("w".into()),
                reason: "unsupported kty".into()
            }
        );
        assert_eq!(ks.jwks(), &set);
        assert_eq!(ks.fetched_at_ms(), 7);
        let failing =
            |_: &Value| -> Result<ParsedJwks<String>, String> { Err("parser says no".into()) };
        assert_eq!(
            build_key_set(set, &failing, 0).unwrap_err(),
            "parser says no"
        );
    }

    #[test]
    fn metadata_issuer_and_jwks_uri() {
        let doc = json!({"issuer": "https://as.example/", "jwks_uri": "https://keys.example/jwks"});
        let m = parse_metadata(&doc, Some("https://as.example"), &[], false).unwrap();
        assert_eq!(
            m,
            Metadata {
                issuer: "https://as.example/".into(),
                jwks_uri: "https://keys.example/jwks".into()
            }
        );
        let e = parse_metadata(&doc, Some("https://other.example"), &[], false).unwrap_err();
        assert!(e.contains("not the expected"), "{e}");
        assert!(parse_metadata(&doc, None, &["https://as.example".into()], false).is_ok());
        assert!(parse_metadata(&doc, None, &["https://x".into()], false).is_err());
        for bad in [
            json!("x"),
            json!({"jwks_uri": "https://k/"}),
            json!({"issuer": 1, "jwks_uri": "https://k/"}),
            json!({"issuer": "https://as.example"}),
            json!({"issuer": "https://as.example", "jwks_uri": "http://k/"}),
            json!({"issuer": "https://as.example", "jwks_uri": "https://k/#f"}),
        ] {
            assert!(
                parse_metadata(&bad, Some("https://as.example"), &[], false).is_err(),
                "{bad}"
            );
        }
        let http = json!({"issuer": "http://127.0.0.1:1", "jwks_uri": "http://127.0.0.1:1/jwks"});
        assert!(parse_metadata(&http, Some("http://127.0.0.1:1"), &[], true).is_ok());
    }
}
