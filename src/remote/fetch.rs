//! What the source asks of its host: the time, and one HTTP GET at a time. The host owns the transport
//! (its proxies, trust store, TLS); the rules about what a response must look like live here.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, from an injected clock.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> u64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }
}

/// Which document a fetch is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FetchPurpose {
    Metadata,
    Jwks,
}

/// One GET. The host must not follow redirects, must give up after `timeout`, and should stop reading
/// once the body exceeds `max_bytes` (answering [`FetchError::BodyTooLarge`] or returning what it read:
/// a longer body is refused here either way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchRequest {
    pub url: String,
    pub timeout: Duration,
    pub max_bytes: usize,
    pub purpose: FetchPurpose,
}

/// What the host got back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FetchResponse {
    pub status: u16,
    pub body: Vec<u8>,
    /// The `Cache-Control` header, when there was one.
    pub cache_control: Option<String>,
    /// The host's HTTP client followed a redirect to get this response (refused).
    pub redirected: bool,
}

/// Why the host could not produce a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    Timeout,
    BodyTooLarge,
    /// Connection refused or reset, TLS failure, DNS, ...: the host's own description.
    Transport(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Timeout => f.write_str("timed out"),
            FetchError::BodyTooLarge => f.write_str("the body exceeds the size cap"),
            FetchError::Transport(m) => write!(f, "transport error: {m}"),
        }
    }
}

/// The host's HTTP client. Called outside every lock of the source, never twice at once for one
/// source; it may run on any thread that asks the source for keys.
pub trait Fetcher: Send + Sync {
    fn fetch(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError>;
}

impl<F> Fetcher for F
where
    F: Fn(&FetchRequest) -> Result<FetchResponse, FetchError> + Send + Sync,
{
    fn fetch(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        self(request)
    }
}

/// Status exactly 200, no redirect, body within the cap.
pub(crate) fn check_response(response: &FetchResponse, max_bytes: usize) -> Result<(), String> {
    if response.redirected {
        return Err("the response came through a redirect (redirects are refused)".into());
    }
    if (300..400).contains(&response.status) {
        return Err(format!(
            "status {} (redirects are refused)",
            response.status
        ));
    }
    if response.status != 200 {
        return Err(format!("status {} (only 200 is accepted)", response.status));
    }
    if response.body.len() > max_bytes {
        return Err(format!("the body exceeds the {max_bytes}-byte cap"));
    }
    Ok(())
}

/// The freshness lifetime a `Cache-Control` header asks for: `max-age=N` (the first one), or zero for
/// `no-store` / `no-cache`. `None` when the header says nothing usable; the caller clamps the result.
pub(crate) fn cache_control_max_age(header: &str) -> Option<Duration> {
    let mut max_age = None;
    for directive in header.split(',') {
        let directive = directive.trim();
        let (name, value) = match directive.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.trim().trim_matches('"'))),
            None => (directive, None),
        };
        if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
            return Some(Duration::ZERO);
        }
        if name.eq_ignore_ascii_case("max-age") && max_age.is_none() {
            let digits =
                value.filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))?;
            // RFC 9111 §1.2.2: a delta-seconds too large to represent means "a long time".
            max_age = Some(Duration::from_secs(
                digits.parse::<u64>().unwrap_or(u64::MAX / 1000),
            ));
        }
    }
    max_age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &[u8]) -> FetchResponse {
        FetchResponse {
            status,
            body: body.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn only_200_without_redirect_within_the_cap() {
        assert!(check_response(&response(200, b"{}"), 2).is_ok());
        assert!(
            check_response(&response(200, b"{} "), 2)
                .unwrap_err()
                .contains("cap")
        );
        for status in [201, 204, 203, 404, 500, 503] {
            assert!(
                check_response(&response(status, b"{}"), 10)
                    .unwrap_err()
                    .contains("only 200")
            );
        }
        for status in [301, 302, 307, 308] {
            assert!(
                check_response(&response(status, b""), 10)
                    .unwrap_err()
                    .contains("redirect")
            );
        }
        let followed = FetchResponse {
            redirected: true,
            ..response(200, b"{}")
        };
        assert!(
            check_response(&followed, 10)
                .unwrap_err()
                .contains("redirect")
        );
    }

    #[test]
    fn cache_control_max_age_parsing() {
        let s = |n| Some(Duration::from_secs(n));
        assert_eq!(cache_control_max_age("max-age=300"), s(300));
        assert_eq!(
            cache_control_max_age("public, max-age=60, must-revalidate"),
            s(60)
        );
        assert_eq!(cache_control_max_age("Max-Age = \"42\""), s(42));
        assert_eq!(cache_control_max_age("max-age=1, max-age=999"), s(1));
        assert_eq!(cache_control_max_age("no-store"), Some(Duration::ZERO));
        assert_eq!(
            cache_control_max_age("max-age=60, no-cache"),
            Some(Duration::ZERO)
        );
        assert_eq!(
            cache_control_max_age("max-age=99999999999999999999999"),
            s(u64::MAX / 1000)
        );
        assert_eq!(cache_control_max_age("public"), None);
        assert_eq!(cache_control_max_age(""), None);
        assert_eq!(cache_control_max_age("max-age=-1"), None);
        assert_eq!(cache_control_max_age("max-age="), None);
        assert_eq!(cache_control_max_age("max-age=1h"), None);
        assert_eq!(cache_control_max_age("s-maxage=100"), None);
    }

    #[test]
    fn closures_are_fetchers() {
        let fetcher = |r: &FetchRequest| -> Result<FetchResponse, FetchError> {
            if r.url.ends_with("/down") {
                Err(FetchError::Timeout)
            } else {
                Ok(response(200, b"{}"))
            }
        };
        let request = |url: &str| FetchRequest {
            url: url.into(),
            timeout: Duration::from_secs(1),
            max_bytes: 10,
            purpose: FetchPurpose::Jwks,
        };
        assert_eq!(
            fetcher.fetch(&request("https://a/keys")).unwrap().status,
            200
        );
        assert_eq!(
            fetcher
                .fetch(&request("https://a/down"))
                .unwrap_err()
                .to_string(),
            "timed out"
        );
        assert!(SystemClock.now_ms() > 1_600_000_000_000);
    }
}
