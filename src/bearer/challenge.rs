//! The RFC 6750 §3 `WWW-Authenticate` challenge for a failure, and the HTTP status that goes with it.

use crate::base::error::{Error, ErrorKind};

/// The HTTP status for an authentication outcome (RFC 6750 §3.1): 200 when authenticated, 400 for a
/// malformed request (`invalid_request`), 401 for no or an invalid token, 403 for `insufficient_scope`
/// (`failure` None with `policy_failed`), and 503 when the remote key source has no keys to serve (an
/// outage of the identity provider is not the client's fault: retrying with a new token cannot help).
pub fn http_status(failure: Option<&Error>, policy_failed: bool) -> u16 {
    match failure.map(Error::kind) {
        Some(ErrorKind::InvalidArgument | ErrorKind::TokenTooLarge) => 400,
        Some(ErrorKind::KeySourceUnavailable) => 503,
        Some(_) => 401,
        None if policy_failed => 403,
        None => 200,
    }
}

/// The RFC 6750 §3 challenge for a failure (`None` = authenticated but a policy failed).
pub fn www_authenticate(failure: Option<&Error>, realm: Option<&str>) -> String {
    let mut parts = vec![];
    if let Some(realm) = realm {
        parts.push(format!("realm=\"{}\"", quote(realm)));
    }
    match failure.map(Error::kind) {
        // No credentials at all: a bare challenge, no error code (RFC 6750 §3.1). The identity provider
        // unreachable (503): not the token's fault, and the reason (the upstream error, the JWK Set URL)
        // is for the operator's log, never for the client.
        Some(ErrorKind::MissingToken | ErrorKind::KeySourceUnavailable) => {}
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
    use crate::base::error::err;
    use crate::bearer::header::extract_token;

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

    #[test]
    fn an_outage_challenge_tells_the_client_nothing_of_the_provider() {
        let outage = err!(
            KeySourceUnavailable,
            "the JWK Set https://idp.internal/jwks failed: status 503 (connection refused)"
        );
        assert_eq!(
            www_authenticate(Some(&outage), Some("api")),
            "Bearer realm=\"api\""
        );
    }

    #[test]
    fn statuses_follow_the_challenge() {
        let missing = extract_token("").unwrap_err();
        assert_eq!(http_status(Some(&missing), false), 401);
        assert_eq!(
            http_status(Some(&extract_token("Bearer a b").unwrap_err()), false),
            400
        );
        assert_eq!(http_status(Some(&err!(TokenExpired, "x")), false), 401);
        assert_eq!(
            http_status(Some(&err!(KeySourceUnavailable, "status 503")), false),
            503
        );
        assert_eq!(http_status(None, true), 403);
        assert_eq!(http_status(None, false), 200);
    }
}
