//! Reading a compact JWE: five segments, a strict header (no `zip`, `crit` or PBES2), known algorithms,
//! a valid `epk` for ECDH-ES, segment sizes that fit the algorithms. Nothing is decrypted here.

use aws_lc_rs::agreement;
use serde_json::{Map, Value};

use crate::base::error::{Result, err};
use crate::base::json::{b64url_decode, parse_object};
use crate::base::text::printable;
use crate::crypto::ec::ecdh_algorithm;
use crate::jose::compact::{check_size, segment_count};
use crate::jose::header::{check_jwe, string_member};
use crate::jwa::curve::{Curve, coordinate_len, curve_from_name};
use crate::jwa::encryption::{ContentEncryption, KeyManagement};

/// A compact JWE, split, decoded and checked, not yet decrypted.
pub(crate) struct Compact<'a> {
    pub(crate) header: Map<String, Value>,
    /// The AAD: ASCII(BASE64URL(protected header)).
    pub(crate) header_b64: &'a str,
    pub(crate) alg: KeyManagement,
    pub(crate) enc: ContentEncryption,
    pub(crate) kid: Option<String>,
    /// ECDH-ES: the ephemeral key's curve and uncompressed point, validated.
    pub(crate) epk: Option<(Curve, Vec<u8>)>,
    pub(crate) apu: Vec<u8>,
    pub(crate) apv: Vec<u8>,
    pub(crate) encrypted_key: Vec<u8>,
    pub(crate) iv: Vec<u8>,
    pub(crate) ciphertext: Vec<u8>,
    pub(crate) tag: Vec<u8>,
}

fn segment(text: &str, what: &str) -> Result<Vec<u8>> {
    b64url_decode(text).ok_or_else(|| err!(MalformedToken, "the JWE {what} is not base64url"))
}

fn header_string<'h>(header: &'h Map<String, Value>, name: &str) -> Result<Option<&'h str>> {
    string_member(header, name, "JWE header")
}

impl<'a> Compact<'a> {
    pub(crate) fn parse(token: &'a str, max_bytes: usize) -> Result<Compact<'a>> {
        check_size(token, max_bytes)?;
        let count = segment_count(token);
        if count != 5 {
            return Err(if count == 3 {
                err!(
                    MalformedToken,
                    "the token is a signed JWS (3 segments), not an encrypted JWE (5 segments)"
                )
            } else {
                err!(
                    MalformedToken,
                    "an encrypted JWE has 5 dot-separated segments; this one has {count}"
                )
            });
        }
        let parts: Vec<&str> = token.split('.').collect();
        let header_b64 = parts[0];
        if header_b64.is_empty() {
            return Err(err!(MalformedToken, "the JWE header segment is empty"));
        }
        let header = parse_object(&segment(header_b64, "header")?, "JWE header")?;

        let alg = KeyManagement::from_header(
            header_string(&header, "alg")?
                .ok_or_else(|| err!(MalformedToken, "the JWE header has no 'alg'"))?,
        )?;
        let enc = ContentEncryption::from_header(
            header_string(&header, "enc")?
                .ok_or_else(|| err!(MalformedToken, "the JWE header has no 'enc'"))?,
        )?;
        check_jwe(&header)?;
        let kid = header_string(&header, "kid")?.map(str::to_owned);

        let (epk, apu, apv) = if alg.is_ecdh() {
            let party = |name: &str| -> Result<Vec<u8>> {
                match header_string(&header, name)? {
                    None => Ok(Vec::new()),
                    Some(s) => segment(s, &format!("header '{name}'")),
                }
            };
            (
                Some(parse_epk(header.get("epk"))?),
                party("apu")?,
                party("apv")?,
            )
        } else {
            (None, Vec::new(), Vec::new())
        };

        let encrypted_key = segment(parts[1], "encrypted key")?;
        if alg.is_direct() && !encrypted_key.is_empty() {
            return Err(err!(
                MalformedToken,
                "with {} the JWE encrypted key segment must be empty",
                alg.name()
            ));
        }
        if !alg.is_direct() && encrypted_key.is_empty() {
            return Err(err!(
                MalformedToken,
                "the JWE encrypted key segment is empty (needed with {})",
                alg.name()
            ));
        }
        let iv = segment(parts[2], "initialization vector")?;
        if iv.len() != enc.iv_len() {
            return Err(err!(
                MalformedToken,
                "the JWE initialization vector is {} bytes; {} needs {}",
                iv.len(),
                enc.name(),
                enc.iv_len()
            ));
        }
        let ciphertext = segment(parts[3], "ciphertext")?;
        let tag = segment(parts[4], "authentication tag")?;
        if tag.len() != enc.tag_len() {
            return Err(err!(
                InvalidSignature,
                "decryption failed (the authentication tag is {} bytes; {} uses {})",
                tag.len(),
                enc.name(),
                enc.tag_len()
            ));
        }
        Ok(Compact {
            header,
            header_b64,
            alg,
            enc,
            kid,
            epk,
            apu,
            apv,
            encrypted_key,
            iv,
            ciphertext,
            tag,
        })
    }
}

/// The `epk` header member: an EC public JWK on a supported curve whose point aws-lc-rs accepts.
fn parse_epk(epk: Option<&Value>) -> Result<(Curve, Vec<u8>)> {
    let bad = |why: &str| err!(MalformedToken, "the JWE header 'epk' {why}");
    let epk = match epk {
        None => return Err(bad("is missing (ECDH-ES needs the sender's ephemeral key)")),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(bad("is not a JSON object")),
    };
    let member = |name: &str| epk.get(name).and_then(Value::as_str);
    if member("kty") != Some("EC") {
        return Err(bad("must be an EC key (kty \"EC\")"));
    }
    let crv = member("crv").ok_or_else(|| bad("has no 'crv'"))?;
    let curve = curve_from_name(crv)
        .ok()
        .filter(|c| ecdh_algorithm(*c).is_some())
        .ok_or_else(|| {
            err!(
                MalformedToken,
                "the JWE header 'epk' is on unsupported curve '{}' (P-256, P-384, P-521)",
                printable(crv)
            )
        })?;
    let len = coordinate_len(curve);
    let coordinate = |name: &str| {
        member(name)
            .and_then(b64url_decode)
            .filter(|c| c.len() == len)
            .ok_or_else(|| {
                err!(
                    MalformedToken,
                    "the JWE header 'epk' member '{name}' must be {len} base64url bytes"
                )
            })
    };
    let mut point = Vec::with_capacity(1 + 2 * len);
    point.push(4);
    point.extend_from_slice(&coordinate("x")?);
    point.extend_from_slice(&coordinate("y")?);
    let ecdh = ecdh_algorithm(curve).ok_or_else(|| bad("is on an unsupported curve"))?;
    agreement::ParsedPublicKey::try_from(&agreement::UnparsedPublicKey::new(ecdh, &point))
        .map_err(|_| {
            err!(
                MalformedToken,
                "the JWE header 'epk' is not a valid point on {}",
                curve.name()
            )
        })?;
    Ok((curve, point))
}
