//! Splitting compact tokens. Everything here treats the token as hostile input: the size is checked
//! before any decoding, segments must be canonical base64url, JSON must be strict.

use serde_json::{Map, Value};

use crate::base::error::{Result, err};
use std::borrow::Cow;

use crate::base::json::{b64url_decode_with, parse_object};

/// A JWS in compact form, split and decoded, not yet verified.
pub struct DecodedJws<'a> {
    pub header: Map<String, Value>,
    /// `BASE64URL(header) "." BASE64URL(payload)`: the bytes the signature covers.
    pub signing_input: &'a str,
    pub payload_segment: &'a str,
    pub signature: Vec<u8>,
}

/// Refuses a token over `max_bytes` before any decoding work.
pub fn check_size(token: &str, max_bytes: usize) -> Result<()> {
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

/// A JWS in compact form, split, its signature decoded; header and payload still base64url.
pub struct JwsParts<'a> {
    pub header_segment: &'a str,
    /// `BASE64URL(header) "." BASE64URL(payload)`: the bytes the signature covers.
    pub signing_input: &'a str,
    pub payload_segment: &'a str,
    /// The signature segment, still base64url: the caller decodes it ([`decode_segment`], "signature")
    /// into its own buffer, before anything else.
    pub signature_segment: &'a str,
}

/// How many dot-separated segments `token` has (`token.split('.').count()`, counted byte-wise). The
/// dots are counted in blocks of at most 255 bytes into a byte-wide counter, which the compiler turns
/// into wide vector compares: a `usize` counter per byte compared two bytes at a time, and was a tenth of
/// an HS256 validation.
pub fn segment_count(token: &str) -> usize {
    let dots: usize = token
        .as_bytes()
        .chunks(255)
        .map(|block| usize::from(block.iter().fold(0u8, |n, b| n + u8::from(*b == b'.'))))
        .sum();
    dots + 1
}

/// Splits a compact JWS and decodes its header and signature (the payload is decoded after verification).
pub fn split_jws(token: &str, max_bytes: usize) -> Result<DecodedJws<'_>> {
    let parts = split_jws_parts(token, max_bytes)?;
    let signature = decode_segment(parts.signature_segment, &mut [], "signature")?.into_owned();
    Ok(DecodedJws {
        header: decode_header(parts.header_segment)?,
        signing_input: parts.signing_input,
        payload_segment: parts.payload_segment,
        signature,
    })
}

/// Splits a compact JWS (size first, then the segments); nothing is decoded yet.
pub fn split_jws_parts(token: &str, max_bytes: usize) -> Result<JwsParts<'_>> {
    check_size(token, max_bytes)?;
    let segments = segment_count(token);
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
    Ok(JwsParts {
        header_segment,
        signing_input,
        payload_segment,
        signature_segment,
    })
}

/// A segment's bytes (`what`: "header", "payload", "signature"), decoded into `buf` when they fit.
pub fn decode_segment<'b>(segment: &str, buf: &'b mut [u8], what: &str) -> Result<Cow<'b, [u8]>> {
    b64url_decode_with(segment, buf)
        .ok_or_else(|| err!(MalformedToken, "the {what} segment is not base64url"))
}

pub fn decode_payload(segment: &str) -> Result<Map<String, Value>> {
    parse_object(&decode_segment(segment, &mut [], "payload")?, "payload")
}

/// A JWS or JWE header segment, decoded and parsed strictly.
pub fn decode_header(segment: &str) -> Result<Map<String, Value>> {
    parse_object(&decode_segment(segment, &mut [], "header")?, "header")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

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
    fn segment_count_is_the_split_count_for_every_length() {
        // Across the 255-byte blocks, with blocks of dots only (a block's count must not wrap).
        for len in [0, 1, 2, 254, 255, 256, 509, 510, 511, 1000, 4096] {
            for dot_every in [1, 2, 3, 7, 255, 256, 10_000] {
                let text: String = (0..len)
                    .map(|i| if i % dot_every == 0 { '.' } else { 'a' })
                    .collect();
                assert_eq!(
                    segment_count(&text),
                    text.split('.').count(),
                    "len {len}, a dot every {dot_every}"
                );
            }
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
}
