//! Header rules shared by JWS and JWE: string members, `crit` (no extension is understood, so a token
//! that marks one critical is refused), and the members each kind must not carry (`zip`, `b64`, PBES2).

use serde_json::{Map, Value};

use crate::base::error::{Result, err};
use crate::base::text::printable;

/// A header member that must be a string when present. `what` names the header in the message
/// ("header", "JWE header").
pub fn string_member<'h>(
    header: &'h Map<String, Value>,
    name: &str,
    what: &str,
) -> Result<Option<&'h str>> {
    match header.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(err!(MalformedToken, "the {what} '{name}' is not a string")),
    }
}

/// `typ` and `cty` values are media types (RFC 7515 §4.1.9, §4.1.10): compared case-insensitively, and
/// `application/` may be left out, so `JWT`, `jwt` and `Application/JWT` are the same type.
pub fn same_media_type(a: &str, b: &str) -> bool {
    fn short(t: &str) -> &str {
        match t.get(..12) {
            Some(prefix) if prefix.eq_ignore_ascii_case("application/") => &t[12..],
            _ => t,
        }
    }
    short(a).eq_ignore_ascii_case(short(b))
}

/// What the header checks read: which members are present, and `crit`.
pub trait HeaderMembers {
    fn has(&self, name: &str) -> bool;
    /// `None` without `crit`; `Some(None)` when it is not a non-empty array of strings; else the names.
    fn crit(&self) -> Option<Option<Vec<String>>>;
}

impl HeaderMembers for Map<String, Value> {
    fn has(&self, name: &str) -> bool {
        self.contains_key(name)
    }
    fn crit(&self) -> Option<Option<Vec<String>>> {
        self.get("crit").map(|crit| {
            crit.as_array()
                .filter(|a| !a.is_empty())
                .and_then(|a| a.iter().map(|n| n.as_str().map(str::to_owned)).collect())
        })
    }
}

/// `crit` names extensions the recipient must understand (RFC 7515 §4.1.11); none is, so it is refused,
/// naming what it lists.
fn refuse_crit(header: &impl HeaderMembers, token: &str) -> Result<()> {
    let Some(names) = header.crit() else {
        return Ok(());
    };
    let names: Option<Vec<String>> =
        names.map(|n| n.iter().map(|n| format!("\"{}\"", printable(n))).collect());
    let which = if token == "JWE" { "the JWE's" } else { "the" };
    Err(match names {
        Some(names) => err!(
            UnsupportedCriticalHeader,
            "{which} crit header names {}, which KrJwt does not understand",
            names.join(", ")
        ),
        None => err!(
            UnsupportedCriticalHeader,
            "{which} crit header is not a non-empty array of names (RFC 7515 §4.1.11); KrJwt \
             understands no critical extension"
        ),
    })
}

/// A signed token's header: no `crit`, no JWE members (`enc`, `zip`), no unencoded payload (`b64`).
pub fn check_jws(header: &impl HeaderMembers) -> Result<()> {
    refuse_crit(header, "token")?;
    for name in ["enc", "zip"] {
        if header.has(name) {
            return Err(err!(
                MalformedToken,
                "a signed token must not carry the JWE header '{name}'"
            ));
        }
    }
    if header.has("b64") {
        return Err(err!(
            UnsupportedCriticalHeader,
            "unencoded payloads ('b64') are not supported"
        ));
    }
    Ok(())
}

/// An encrypted token's header: no compression (`zip`), no `crit`, no PBES2 parameters.
pub fn check_jwe(header: &Map<String, Value>) -> Result<()> {
    if header.contains_key("zip") {
        return Err(err!(
            UnsupportedCriticalHeader,
            "compressed JWE ('zip') is refused: compression before encryption leaks information \
             about the plaintext"
        ));
    }
    refuse_crit(header, "JWE")?;
    if header.contains_key("p2c") || header.contains_key("p2s") {
        return Err(err!(
            MalformedToken,
            "the JWE header carries PBES2 parameters ('p2c'/'p2s'); password-based key \
             management is not supported"
        ));
    }
    Ok(())
}

/// Header members a token's creator may not set by hand: they would desynchronise or redefine the
/// signature or the encryption (`alg`, `crit`, `b64`, `enc`, `zip`).
pub const RESERVED: &[&str] = &["alg", "crit", "b64", "enc", "zip"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_without_case_and_with_or_without_application() {
        for (a, b) in [
            ("JWT", "JWT"),
            ("JWT", "jwt"),
            ("JWT", "application/JWT"),
            ("Application/jwt", "JWT"),
            ("at+jwt", "APPLICATION/AT+JWT"),
            ("application/jwt", "application/JWT"),
        ] {
            assert!(same_media_type(a, b), "{a} = {b}");
        }
        for (a, b) in [
            ("JWT", "JWE"),
            ("JWT", "text/JWT"),
            ("JWT", "application/"),
            ("JWT", "application/application/JWT"),
            ("JWT", "applicationJWT"),
            ("é", "application/é"),
        ] {
            assert_eq!(same_media_type(a, b), a == "é", "{a} / {b}");
        }
    }
}
