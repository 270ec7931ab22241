//! The `Authorization` request header (RFC 6750 §2.1): the scheme, one b64token, a size cap first.

use crate::base::error::{Error, ErrorKind, Result, err};
use crate::jwa::defaults::MAX_AUTHORIZATION_BYTES;

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

/// The token of a Bearer header for renewal: as [`extract_token`], but a header that holds no bearer
/// token (another scheme, none, a malformed value) is `MalformedToken` — there is no token to renew.
pub fn token_to_renew(header: &str) -> Result<&str> {
    extract_token(header).map_err(|e| match e.kind() {
        ErrorKind::MissingToken | ErrorKind::InvalidArgument => {
            Error::new(ErrorKind::MalformedToken, e.message())
        }
        _ => e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_wants_a_bearer_token() {
        assert_eq!(token_to_renew("Bearer a.b.c").unwrap(), "a.b.c");
        for bad in ["Basic dXNlcjpwYXNz", "Bearer a b", ""] {
            assert_eq!(
                token_to_renew(bad).unwrap_err().kind(),
                ErrorKind::MalformedToken
            );
        }
    }

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
}
