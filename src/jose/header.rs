//! Header rules shared by JWS and JWE: string members, `crit` (no extension is understood, so a token
//! that marks one critical is refused), and the members each kind must not carry (`zip`, `b64`, PBES2).

use serde_json::{Map, Value};

use crate::base::error::{Result, err};

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

/// `crit` names extensions the recipient must understand (RFC 7515 §4.1.11); none is, so it is refused.
fn refuse_crit(header: &Map<String, Value>, token: &str) -> Result<()> {
    if header.contains_key("crit") {
        return Err(err!(
            UnsupportedCriticalHeader,
            "the {token} marks header extensions as critical ('crit'); none is supported"
        ));
    }
    Ok(())
}

/// A signed token's header: no `crit`, no JWE members (`enc`, `zip`), no unencoded payload (`b64`).
pub fn check_jws(header: &Map<String, Value>) -> Result<()> {
    refuse_crit(header, "token")?;
    for name in ["enc", "zip"] {
        if header.contains_key(name) {
            return Err(err!(
                MalformedToken,
                "a signed token must not carry the JWE header '{name}'"
            ));
        }
    }
    if header.get("b64").is_some() {
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
