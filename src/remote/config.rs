//! Where a remote key source gets its keys, the limits it applies, and the hand-written URL checks
//! (there is no URL crate here: only the parts the rules need are parsed, and anything unusual is refused).

use std::time::Duration;

use super::error::RemoteError;

/// The OIDC Discovery document's path below an authority (OpenID Connect Discovery 1.0 §4).
pub const OIDC_WELL_KNOWN: &str = "/.well-known/openid-configuration";
/// RFC 8414 §3's well-known path, inserted between the host and the issuer's path.
pub const OAUTH_WELL_KNOWN: &str = "/.well-known/oauth-authorization-server";

const MAX_URL_LEN: usize = 2048;

/// How the source finds its JWK Set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `{authority}/.well-known/openid-configuration`; the document's `issuer` must equal the authority.
    Authority(String),
    /// An explicit OIDC or RFC 8414 metadata URL; the expected issuer is derived from its well-known
    /// path, or must be among the configured valid issuers when the URL has no well-known form.
    Metadata(String),
    /// A JWK Set URL; the valid issuers must then be given.
    Jwks(String),
}

/// A remote key source's configuration. Build one with [`SourceConfig::authority`],
/// [`SourceConfig::metadata`] or [`SourceConfig::jwks`], then adjust the public fields.
#[derive(Clone, Debug)]
pub struct SourceConfig {
    pub endpoint: Endpoint,
    /// Issuers a token may name. Empty: the discovered issuer (required for [`Endpoint::Jwks`]).
    pub valid_issuers: Vec<String>,
    /// `http://` URLs are refused unless this is set (tests against a local provider).
    pub allow_http: bool,
    pub max_body_bytes: usize,
    pub timeout: Duration,
    /// How long a fetched document is used before it is refreshed (`Cache-Control: max-age` may shorten
    /// it, never below `refresh_cooldown`).
    pub cache_max_age: Duration,
    /// The least time between two fetches (an unknown `kid` refreshes at most once per cooldown).
    pub refresh_cooldown: Duration,
    /// How long past its max age the last good set is still served while refreshes fail; zero is strict.
    pub stale_if_error: Duration,
    /// Failure backoff starts at the cooldown and doubles up to this.
    pub max_backoff: Duration,
    /// How many unknown key ids are remembered between refreshes.
    pub negative_cache_capacity: usize,
}

impl SourceConfig {
    // Not `pub`: cbindgen copies public integer constants into the C header. Read them from a new config.
    const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
    const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
    const DEFAULT_CACHE_MAX_AGE: Duration = Duration::from_secs(10 * 60);
    const DEFAULT_REFRESH_COOLDOWN: Duration = Duration::from_secs(30);
    const DEFAULT_STALE_IF_ERROR: Duration = Duration::from_secs(60 * 60);
    const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5 * 60);
    const DEFAULT_NEGATIVE_CACHE_CAPACITY: usize = 1024;

    fn with_endpoint(endpoint: Endpoint, valid_issuers: Vec<String>) -> Self {
        SourceConfig {
            endpoint,
            valid_issuers,
            allow_http: false,
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            timeout: Self::DEFAULT_TIMEOUT,
            cache_max_age: Self::DEFAULT_CACHE_MAX_AGE,
            refresh_cooldown: Self::DEFAULT_REFRESH_COOLDOWN,
            stale_if_error: Self::DEFAULT_STALE_IF_ERROR,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
            negative_cache_capacity: Self::DEFAULT_NEGATIVE_CACHE_CAPACITY,
        }
    }

    pub fn authority(authority: impl Into<String>) -> Self {
        Self::with_endpoint(Endpoint::Authority(authority.into()), Vec::new())
    }

    pub fn metadata(metadata_url: impl Into<String>) -> Self {
        Self::with_endpoint(Endpoint::Metadata(metadata_url.into()), Vec::new())
    }

    pub fn jwks(jwks_url: impl Into<String>, issuer: impl Into<String>) -> Self {
        Self::with_endpoint(Endpoint::Jwks(jwks_url.into()), vec![issuer.into()])
    }

    /// Checks every rule once, when the source is created.
    pub(crate) fn validate(&self) -> Result<Plan, RemoteError> {
        let bad = |m: String| Err(RemoteError::Config(m));
        if self.max_body_bytes == 0 {
            return bad("the body cap must be at least one byte".into());
        }
        if self.timeout.is_zero() {
            return bad("the timeout must be positive".into());
        }
        if self.refresh_cooldown.is_zero() {
            return bad("the refresh cooldown must be positive".into());
        }
        if self.cache_max_age < self.refresh_cooldown {
            return bad("the cache max age must not be shorter than the refresh cooldown".into());
        }
        if self.max_backoff < self.refresh_cooldown {
            return bad("the maximum backoff must not be shorter than the refresh cooldown".into());
        }
        if self.valid_issuers.iter().any(|i| i.is_empty()) {
            return bad("a valid issuer is empty".into());
        }
        let check = |url: &str, what: &str| {
            check_url(url, self.allow_http)
                .map_err(|e| RemoteError::Config(format!("{what} {url:?}: {e}")))
        };
        match &self.endpoint {
            Endpoint::Authority(authority) => {
                let parts = check(authority, "authority")?;
                if parts.has_query {
                    return bad(format!("authority {authority:?}: a query is not allowed"));
                }
                Ok(Plan {
                    metadata_url: Some(format!("{}{OIDC_WELL_KNOWN}", strip_one_slash(authority))),
                    expected_issuer: Some(authority.clone()),
                    jwks_url: None,
                })
            }
            Endpoint::Metadata(url) => {
                let parts = check(url, "metadata URL")?;
                let expected_issuer = issuer_from_metadata_url(url, &parts);
                if expected_issuer.is_none() && self.valid_issuers.is_empty() {
                    return bad(format!(
                        "metadata URL {url:?} has no well-known path, so its issuer must be given"
                    ));
                }
                Ok(Plan {
                    metadata_url: Some(url.clone()),
                    expected_issuer,
                    jwks_url: None,
                })
            }
            Endpoint::Jwks(url) => {
                check(url, "JWKS URL")?;
                if self.valid_issuers.is_empty() {
                    return bad("a JWKS URL needs an explicit issuer".into());
                }
                Ok(Plan {
                    metadata_url: None,
                    expected_issuer: None,
                    jwks_url: Some(url.clone()),
                })
            }
        }
    }
}

/// What a validated configuration fetches.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub metadata_url: Option<String>,
    /// The `issuer` the metadata document must name (`None`: one of the configured valid issuers).
    pub expected_issuer: Option<String>,
    pub jwks_url: Option<String>,
}

/// The parts of an absolute URL the rules look at.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UrlParts {
    /// Scheme and authority (`https://host:port`), as written.
    pub origin_len: usize,
    pub has_query: bool,
}

/// Accepts `https://host[:port][/path][?query]` (and `http://` when allowed); refuses user info,
/// fragments, whitespace and control characters, empty hosts and bad ports.
pub(crate) fn check_url(url: &str, allow_http: bool) -> Result<UrlParts, String> {
    if url.len() > MAX_URL_LEN {
        return Err(format!("longer than {MAX_URL_LEN} bytes"));
    }
    if url.bytes().any(|b| b <= b' ' || b == 0x7f || b >= 0x80) {
        return Err("contains whitespace, control or non-ASCII characters".into());
    }
    let scheme_len = if starts_with_ignore_case(url, "https://") {
        8
    } else if starts_with_ignore_case(url, "http://") {
        if !allow_http {
            return Err("http:// is refused unless insecure HTTP is allowed explicitly".into());
        }
        7
    } else {
        return Err("not an https:// URL".into());
    };
    if url.contains('#') {
        return Err("a fragment is not allowed".into());
    }
    let rest = &url[scheme_len..];
    let authority_len = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    if authority.contains('@') {
        return Err("user information is not allowed".into());
    }
    check_host_port(authority)?;
    Ok(UrlParts {
        origin_len: scheme_len + authority_len,
        has_query: rest[authority_len..].contains('?'),
    })
}

fn check_host_port(authority: &str) -> Result<(), String> {
    let (host, port, literal) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or("unterminated IPv6 literal")?;
        let literal = &v6[..end];
        if literal.is_empty()
            || !literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err("bad IPv6 literal".into());
        }
        match &v6[end + 1..] {
            "" => (literal, None, true),
            p => (
                literal,
                Some(p.strip_prefix(':').ok_or("junk after the IPv6 literal")?),
                true,
            ),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p), false),
            None => (authority, None, false),
        }
    };
    if host.is_empty() {
        return Err("no host".into());
    }
    if !literal
        && !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    {
        return Err("bad host name".into());
    }
    if let Some(port) = port {
        let ok = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !ok || !(1..=65535).contains(&port.parse::<u32>().unwrap_or(0)) {
            return Err("bad port".into());
        }
    }
    Ok(())
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn strip_one_slash(text: &str) -> &str {
    text.strip_suffix('/').unwrap_or(text)
}

/// The issuer a metadata URL implies: `{issuer}/.well-known/openid-configuration` (OIDC; RFC 8414 §5
/// allows the same suffix form for `oauth-authorization-server`) or RFC 8414 §3's
/// `{origin}/.well-known/oauth-authorization-server{issuer path}`.
fn issuer_from_metadata_url(url: &str, parts: &UrlParts) -> Option<String> {
    if parts.has_query {
        return None;
    }
    let (origin, path) = url.split_at(parts.origin_len);
    if let Some(issuer_path) = path.strip_prefix(OAUTH_WELL_KNOWN) {
        if issuer_path.is_empty() || issuer_path.starts_with('/') {
            return Some(format!("{origin}{issuer_path}"));
        }
    }
    for suffix in [OIDC_WELL_KNOWN, OAUTH_WELL_KNOWN] {
        if let Some(issuer_path) = path.strip_suffix(suffix) {
            return Some(format!("{origin}{issuer_path}"));
        }
    }
    None
}

/// Issuer identifiers compare exactly, a single trailing slash aside (OIDC Discovery §4.3).
pub fn issuers_equal(a: &str, b: &str) -> bool {
    strip_one_slash(a) == strip_one_slash(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_accepted_and_refused() {
        for ok in [
            "https://login.example.com",
            "https://a.b:8443/x/y?z=1",
            "https://[::1]:443/p",
            "HTTPS://Host/",
        ] {
            assert!(check_url(ok, false).is_ok(), "{ok}");
        }
        let refused = [
            ("http://127.0.0.1:80/", "http://"),
            ("ftp://x/", "not an https"),
            ("https://", "no host"),
            ("https:///path", "no host"),
            ("https://user:pw@host/", "user information"),
            ("https://host/#frag", "fragment"),
            ("https://ho st/", "whitespace"),
            ("https://host:0/", "bad port"),
            ("https://host:65536/", "bad port"),
            ("https://host:/", "bad port"),
            ("https://host:8a/", "bad port"),
            ("https://[::1/", "unterminated"),
            ("https://[::1]x/", "junk"),
            ("https://h\u{e9}st/", "non-ASCII"),
            ("https://host\\evil/", "bad host"),
        ];
        for (url, why) in refused {
            let e = check_url(url, false).unwrap_err();
            assert!(e.contains(why), "{url}: {e}");
        }
        assert!(check_url("http://127.0.0.1:8080/jwks", true).is_ok());
        assert!(check_url(&format!("https://h/{}", "a".repeat(MAX_URL_LEN)), false).is_err());
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = SourceConfig::authority("https://idp.example");
        assert!(!c.allow_http && c.valid_issuers.is_empty());
        assert_eq!(
            (c.max_body_bytes, c.negative_cache_capacity),
            (1024 * 1024, 1024)
        );
        let secs = |d: Duration| d.as_secs();
        let times = [
            c.timeout,
            c.cache_max_age,
            c.refresh_cooldown,
            c.stale_if_error,
            c.max_backoff,
        ]
        .map(secs);
        assert_eq!(times, [5, 600, 30, 3600, 300]);
    }

    #[test]
    fn authority_gives_the_discovery_url_and_issuer() {
        for (authority, url) in [
            (
                "https://idp.example/tenant",
                "https://idp.example/tenant/.well-known/openid-configuration",
            ),
            (
                "https://idp.example/tenant/",
                "https://idp.example/tenant/.well-known/openid-configuration",
            ),
            (
                "https://idp.example",
                "https://idp.example/.well-known/openid-configuration",
            ),
        ] {
            let plan = SourceConfig::authority(authority).validate().unwrap();
            assert_eq!(plan.metadata_url.as_deref(), Some(url));
            assert_eq!(plan.expected_issuer.as_deref(), Some(authority));
        }
        assert!(
            SourceConfig::authority("https://idp.example/?x=1")
                .validate()
                .is_err()
        );
        assert!(
            SourceConfig::authority("http://127.0.0.1:1")
                .validate()
                .is_err()
        );
        let mut insecure = SourceConfig::authority("http://127.0.0.1:1");
        insecure.allow_http = true;
        assert!(insecure.validate().is_ok());
    }

    #[test]
    fn metadata_url_implies_the_issuer() {
        for (url, issuer) in [
            (
                "https://as.example/.well-known/oauth-authorization-server",
                "https://as.example",
            ),
            (
                "https://as.example/.well-known/oauth-authorization-server/t1",
                "https://as.example/t1",
            ),
            (
                "https://as.example/t1/.well-known/openid-configuration",
                "https://as.example/t1",
            ),
            (
                "https://as.example/t1/.well-known/oauth-authorization-server",
                "https://as.example/t1",
            ),
        ] {
            let plan = SourceConfig::metadata(url).validate().unwrap();
            assert_eq!(plan.expected_issuer.as_deref(), Some(issuer), "{url}");
        }
        let odd = SourceConfig::metadata("https://as.example/meta.json");
        assert!(matches!(odd.validate(), Err(RemoteError::Config(_))));
        let mut given = odd.clone();
        given.valid_issuers = vec!["https://as.example".into()];
        assert_eq!(given.validate().unwrap().expected_issuer, None);
    }

    #[test]
    fn jwks_url_needs_an_issuer_and_limits_are_checked() {
        let plan = SourceConfig::jwks("https://as.example/keys", "https://as.example")
            .validate()
            .unwrap();
        assert_eq!(plan.jwks_url.as_deref(), Some("https://as.example/keys"));
        assert_eq!(plan.metadata_url, None);
        let mut no_issuer = SourceConfig::jwks("https://as.example/keys", "x");
        no_issuer.valid_issuers.clear();
        assert!(no_issuer.validate().is_err());
        let base = SourceConfig::jwks("https://as.example/keys", "https://as.example");
        let mut c = base.clone();
        c.max_body_bytes = 0;
        assert!(c.validate().is_err());
        let mut c = base.clone();
        c.timeout = Duration::ZERO;
        assert!(c.validate().is_err());
        let mut c = base.clone();
        c.refresh_cooldown = Duration::ZERO;
        assert!(c.validate().is_err());
        let mut c = base.clone();
        c.cache_max_age = Duration::from_secs(10);
        assert!(c.validate().is_err(), "max age below the cooldown");
        let mut c = base.clone();
        c.max_backoff = Duration::from_secs(1);
        assert!(c.validate().is_err());
        let mut c = base;
        c.valid_issuers.push(String::new());
        assert!(c.validate().is_err());
    }

    #[test]
    fn issuers_compare_with_one_trailing_slash_aside() {
        assert!(issuers_equal("https://a/", "https://a"));
        assert!(issuers_equal("https://a/t", "https://a/t/"));
        assert!(!issuers_equal("https://a//", "https://a"));
        assert!(!issuers_equal("https://A", "https://a"));
        assert!(!issuers_equal("https://a/t", "https://a/T"));
    }
}
