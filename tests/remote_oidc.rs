//! The remote key source against the real servers in `tests/oidc/` (panva's oidc-provider and the fault
//! server), through a minimal loopback HTTP/1.1 client standing in for the host's transport, driven
//! through the crate's remote validator (`Validator::remote_with_clock`): the seven scenarios. Skipped (with a note; a failure under CI=true) when node or `tests/oidc/node_modules` is
//! missing: run `npm ci` in `tests/oidc` first.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use kr_jwt_core::remote::{Clock, FetchError, FetchRequest, FetchResponse, SourceStatus};
use kr_jwt_core::{ErrorKind, Validator};
use serde_json::{Value, json};

const OIDC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc");

struct Server {
    child: Child,
    ready: Value,
}

impl Server {
    fn start(script: &str) -> Option<Server> {
        if !Path::new(OIDC_DIR)
            .join("node_modules/oidc-provider")
            .exists()
        {
            common::missing(
                "tests/oidc/node_modules is missing: run `npm ci` in tests/oidc (tools/bootstrap.sh does)",
            );
            return None;
        }
        let Ok(mut child) = Command::new("node")
            .arg(script)
            .current_dir(OIDC_DIR)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
        else {
            common::missing("node is not installed");
            return None;
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ready = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("{script} ready line {line:?}: {e}"));
        Some(Server { child, ready })
    }

    fn url(&self, name: &str) -> String {
        self.ready[name].as_str().unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take()); // the servers exit when their stdin closes
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    cache_control: Option<String>,
    body: Vec<u8>,
}

/// One HTTP/1.1 request to `http://127.0.0.1:<port>/…` (nothing else), `Connection: close`, bounded in
/// time and size: the stand-in for the host's HTTP client.
fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
    max_body: usize,
) -> Result<Reply, FetchError> {
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .ok_or_else(|| FetchError::Transport(format!("not loopback: {url}")))?;
    let (port, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let port: u16 = port
        .parse()
        .map_err(|_| FetchError::Transport("bad port".into()))?;
    let path = if path.is_empty() { "/" } else { path };
    let transport = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => FetchError::Timeout,
        _ => FetchError::Transport(e.to_string()),
    };
    let deadline = Instant::now() + timeout;
    let mut stream = TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), timeout)
        .map_err(transport)?;
    stream.set_write_timeout(Some(timeout)).map_err(transport)?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).map_err(transport)?;
    stream.write_all(body).map_err(transport)?;
    let limit = max_body + 64 * 1024;
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(FetchError::Timeout);
        }
        stream.set_read_timeout(Some(left)).map_err(transport)?;
        let n = stream.read(&mut chunk).map_err(transport)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..n]);
        if raw.len() > limit {
            return Err(FetchError::BodyTooLarge);
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| FetchError::Transport("no header end".into()))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| FetchError::Transport("bad status line".into()))?;
    let mut cache_control = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "cache-control" => cache_control = Some(value.trim().to_string()),
            "transfer-encoding" => chunked = value.trim().eq_ignore_ascii_case("chunked"),
            _ => {}
        }
    }
    let mut body = raw[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or_else(|| FetchError::Transport("bad chunked body".into()))?;
    }
    Ok(Reply {
        status,
        cache_control,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end])
            .ok()?
            .split(';')
            .next()?
            .trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn fetcher() -> Arc<dyn kr_jwt_core::remote::Fetcher> {
    Arc::new(|req: &FetchRequest| -> Result<FetchResponse, FetchError> {
        let reply = http(
            "GET",
            &req.url,
            &[("Accept", "application/json")],
            b"",
            req.timeout,
            req.max_bytes,
        )?;
        Ok(FetchResponse {
            status: reply.status,
            body: reply.body,
            cache_control: reply.cache_control,
            redirected: false,
        })
    })
}

struct TestClock(AtomicU64);

impl TestClock {
    fn new() -> Arc<TestClock> {
        Arc::new(TestClock(AtomicU64::new(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_millis() as u64,
        )))
    }
    fn advance_secs(&self, secs: u64) {
        self.0.fetch_add(secs * 1000, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A remote validator over the stand-in fetcher and `clock`; `params` adds to `allow_http` and `typ`.
fn remote(params: Value, clock: &Arc<TestClock>) -> Validator {
    let mut all = json!({"allow_http": true, "valid_types": ["at+jwt"]});
    for (k, v) in params.as_object().unwrap() {
        all[k] = v.clone();
    }
    Validator::remote_with_clock(&all.to_string(), fetcher(), clock.clone()).unwrap()
}

fn validate(v: &Validator, token: &str) -> Result<(), String> {
    v.validate(token).map(drop).map_err(|e| e.to_string())
}

fn status(v: &Validator) -> SourceStatus {
    v.key_source_status().unwrap()
}

const T: Duration = Duration::from_secs(10);

fn grant(provider: &Server, alg: &str) -> (String, String) {
    let resource = provider.ready["resources"][alg]
        .as_str()
        .unwrap()
        .to_string();
    let basic = STANDARD.encode(format!(
        "{}:{}",
        provider.url("client_id"),
        provider.url("client_secret")
    ));
    let form = format!(
        "grant_type=client_credentials&scope=api%3Aread&resource={}",
        resource.replace(':', "%3A")
    );
    let auth = format!("Basic {basic}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let reply = http(
        "POST",
        &provider.url("token_endpoint"),
        &headers,
        form.as_bytes(),
        T,
        1 << 20,
    )
    .unwrap();
    let body: Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(reply.status, 200, "{body}");
    (body["access_token"].as_str().unwrap().to_string(), resource)
}

fn control(provider: &Server, path: &str, body: Value) -> Value {
    let url = format!("{}/{path}", provider.url("control"));
    let (method, body) = if path == "counters" {
        ("GET", String::new())
    } else {
        ("POST", body.to_string())
    };
    let reply = http(
        method,
        &url,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
        T,
        1 << 20,
    )
    .unwrap();
    assert_eq!(
        reply.status,
        200,
        "{path}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    serde_json::from_slice(&reply.body).unwrap()
}

fn fetches(provider: &Server) -> (u64, u64) {
    let c = control(provider, "counters", Value::Null);
    (
        c["discovery"].as_u64().unwrap(),
        c["jwks"].as_u64().unwrap(),
    )
}

fn authority(provider: &Server, audience: &str) -> Value {
    json!({"authority": provider.url("issuer"), "valid_audiences": [audience]})
}

/// A copy of `token` whose header names another `kid` (its signature no longer matters: the kid is
/// looked up first).
fn with_kid(token: &str, kid: &str) -> String {
    let mut parts = token.splitn(2, '.');
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap()).unwrap();
    let mut header = header;
    header["kid"] = kid.into();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        parts.next().unwrap()
    )
}

/// Scenario 1.
#[test]
fn discovery_validates_rs256_and_es256_and_refuses_wrong_audience_and_issuer() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let Some(faults) = Server::start("faults.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let (rs, rs_aud) = grant(&provider, "RS256");
    let (es, es_aud) = grant(&provider, "ES256");
    let mut params = authority(&provider, &rs_aud);
    params["valid_audiences"] = json!([rs_aud, es_aud]);
    let v = remote(params, &clock);
    validate(&v, &rs).unwrap();
    validate(&v, &es).unwrap();
    assert_eq!(fetches(&provider), (1, 1));
    assert_eq!(status(&v).fetches_ok, 2);
    assert_eq!(status(&v).issuers, [provider.url("issuer")]);
    let tampered = format!("{}AAAA", &rs[..rs.len() - 4]);
    assert_eq!(
        v.validate(&tampered).unwrap_err().kind(),
        ErrorKind::InvalidSignature
    );

    let only_es = remote(authority(&provider, &es_aud), &clock);
    assert_eq!(
        only_es.validate(&rs).unwrap_err().kind(),
        ErrorKind::InvalidAudience
    );
    let mut other = authority(&provider, &rs_aud);
    other["valid_issuers"] = json!(["https://someone-else.example"]);
    assert_eq!(
        remote(other, &clock).validate(&rs).unwrap_err().kind(),
        ErrorKind::InvalidIssuer
    );
    let route = |name: &str| faults.ready["routes"][name].as_str().unwrap().to_string();
    let bad = remote(
        json!({"authority": route("badIssuerAuthority"), "valid_audiences": [rs_aud]}),
        &clock,
    );
    let e = bad.validate(&rs).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeySourceUnavailable);
    assert!(e.message().contains("not the expected"), "{e}");
}

/// Scenario 2.
#[test]
fn rotation_add_promote_retire_with_exact_fetch_counts() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let (old_token, aud) = grant(&provider, "RS256");
    let v = remote(authority(&provider, &aud), &clock);
    validate(&v, &old_token).unwrap();
    assert_eq!(fetches(&provider), (1, 1), "start");

    let new_kid = control(&provider, "keys/add", json!({"alg": "RS256"}))["kid"]
        .as_str()
        .unwrap()
        .to_string();
    validate(&v, &grant(&provider, "RS256").0).unwrap();
    assert_eq!(
        fetches(&provider),
        (1, 1),
        "add: still signed with the old key, no fetch"
    );

    clock.advance_secs(31);
    control(&provider, "keys/promote", json!({"kid": new_kid}));
    let (new_token, _) = grant(&provider, "RS256");
    validate(&v, &new_token).unwrap();
    assert_eq!(
        fetches(&provider),
        (1, 2),
        "promote: one JWKS fetch for the new kid"
    );
    validate(&v, &new_token).unwrap();

    let old_kid = provider.ready["signing"]["RS256"].as_str().unwrap();
    control(&provider, "keys/retire", json!({"kid": old_kid}));
    validate(&v, &old_token).unwrap();
    assert_eq!(
        fetches(&provider),
        (1, 2),
        "retire: the cached set still has the old key"
    );
    clock.advance_secs(601);
    let refused = v.validate(&old_token).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NoMatchingKey);
    assert!(refused.message().contains(old_kid), "{refused}");
    assert_eq!(
        fetches(&provider),
        (2, 3),
        "the max-age refresh (discovery + JWKS) drops the retired key"
    );
    validate(&v, &new_token).unwrap();
    let s = status(&v);
    assert_eq!((s.fetches_ok, s.fetches_failed), (5, 0));
    assert!(s.key_ids.contains(&new_kid) && !s.key_ids.iter().any(|k| k == old_kid));
}

/// Scenarios 3 and 4.
#[test]
fn provider_down_at_start_backs_off_recovers_and_later_outages_are_served_stale_then_refused() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let (token, aud) = grant(&provider, "ES256");
    let v = remote(authority(&provider, &aud), &clock);
    control(&provider, "down", json!({"mode": "503"}));
    let e = v.validate(&token).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeySourceUnavailable);
    assert!(e.message().contains("status 503"), "{e}");
    for _ in 0..10 {
        assert_eq!(
            v.validate(&token).unwrap_err().kind(),
            ErrorKind::KeySourceUnavailable
        );
    }
    assert_eq!(
        fetches(&provider),
        (1, 0),
        "backoff: one fetch, however many tokens"
    );
    clock.advance_secs(30);
    assert!(validate(&v, &token).is_err());
    assert_eq!(fetches(&provider), (2, 0));
    let s = status(&v);
    assert_eq!((s.fetches_failed, s.suppressed_refreshes), (2, 10));
    assert_eq!(s.consecutive_failures, 2);
    assert!(
        s.next_refresh_ms >= clock.now_ms() + 60_000,
        "backoff doubled"
    );
    control(&provider, "up", Value::Null);
    clock.advance_secs(60);
    validate(&v, &token).unwrap();
    assert_eq!(fetches(&provider), (3, 1), "recovered");

    control(&provider, "down", json!({"mode": "drop"}));
    clock.advance_secs(601);
    validate(&v, &token).unwrap();
    assert_eq!(status(&v).stale_served, 1);
    clock.advance_secs(3600);
    let e = v.validate(&token).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeySourceUnavailable);
    assert!(e.message().contains("stale-if-error"), "{e}");
}

/// Scenario 5: a flood of unknown kids costs at most one fetch per cooldown; valid tokens pass.
#[test]
fn a_thousand_unknown_kids_from_eight_threads_cost_at_most_one_fetch_per_cooldown() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let (token, aud) = grant(&provider, "RS256");
    let v = Arc::new(remote(authority(&provider, &aud), &clock));
    validate(&v, &token).unwrap();
    assert_eq!(fetches(&provider), (1, 1));
    for round in 1..=2u64 {
        clock.advance_secs(31); // one refresh allowed again
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let (v, token) = (v.clone(), token.clone());
                std::thread::spawn(move || {
                    for i in 0..125 {
                        let bogus = with_kid(&token, &format!("bogus-{round}-{t}-{}", i % 40));
                        assert_eq!(
                            v.validate(&bogus).unwrap_err().kind(),
                            ErrorKind::NoMatchingKey
                        );
                        v.validate(&token).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(
            fetches(&provider),
            (1, 1 + round),
            "round {round}: 1,000 unknown kids, one JWKS fetch"
        );
    }
    let s = status(&v);
    assert_eq!(s.kid_misses, 2000);
    assert!(
        s.negative_cache_hits > 0 && s.suppressed_refreshes > 0,
        "{s:?}"
    );
}

/// Scenario 6.
#[test]
fn sixty_four_threads_at_cold_start_cause_one_discovery_and_one_jwks_fetch() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let (token, aud) = grant(&provider, "ES256");
    let v = Arc::new(remote(authority(&provider, &aud), &clock));
    let barrier = Arc::new(std::sync::Barrier::new(64));
    let threads: Vec<_> = (0..64)
        .map(|_| {
            let (v, token, barrier) = (v.clone(), token.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                v.validate(&token).map(drop)
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    assert_eq!(fetches(&provider), (1, 1));
    assert_eq!(status(&v).fetches_ok, 2);
}

/// Scenario 7.
#[test]
fn fault_server_routes() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let Some(faults) = Server::start("faults.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let issuer = provider.url("issuer");
    // The fault server serves the provider's public keys, so the provider's tokens validate against it.
    let jwks = http("GET", &provider.url("jwks_uri"), &[], b"", T, 1 << 20).unwrap();
    let set_url = faults.ready["routes"]["set"].as_str().unwrap();
    assert_eq!(
        http("POST", set_url, &[], &jwks.body, T, 1 << 20)
            .unwrap()
            .status,
        200
    );
    let (token, aud) = grant(&provider, "RS256");
    let route = |name: &str| faults.ready["routes"][name].as_str().unwrap().to_string();
    let from = |name: &str, timeout: f64| {
        remote(
            json!({"jwks_uri": route(name), "valid_issuers": [issuer], "valid_audiences": [aud],
                   "http_timeout_seconds": timeout}),
            &clock,
        )
    };
    validate(&from("jwks", 10.0), &token).unwrap();

    let hang = from("hang", 0.3);
    let started = Instant::now();
    let e = validate(&hang, &token).unwrap_err();
    assert!(
        e.contains("timed out") && started.elapsed() < Duration::from_secs(3),
        "{e}"
    );

    for (name, why) in [
        ("big", "size cap"),
        ("redirect", "status 302 (redirects are refused)"),
        ("html", "not strict JSON"),
        ("unavailable", "status 503"),
        ("private", "private key material"),
        ("empty", "no keys"),
    ] {
        let v = from(name, 10.0);
        let e = v.validate(&token).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::KeySourceUnavailable, "{name}");
        assert!(e.message().contains(why), "{name}: {e}");
        assert_eq!(status(&v).fetches_failed, 1, "{name}");
    }

    let odd = from("unknownKty", 10.0);
    validate(&odd, &token).unwrap();
    let skipped = status(&odd).skipped_keys;
    assert_eq!(
        (skipped.len(), skipped[0].kid.as_deref()),
        (1, Some("unknown-kty"))
    );
    assert_eq!(odd.describe()["skipped_keys"][0]["kid"], "unknown-kty");

    let good = remote(
        json!({"authority": route("goodAuthority"), "valid_audiences": [aud],
               "valid_issuers": [issuer]}),
        &clock,
    );
    validate(&good, &token).unwrap();

    // 503 after a good fetch: the old set is kept (and served within the stale window).
    let flaky = remote(authority(&provider, &aud), &clock);
    validate(&flaky, &token).unwrap();
    control(&provider, "down", json!({"mode": "503"}));
    assert_eq!(
        flaky.refresh_key_source().unwrap_err().kind(),
        ErrorKind::KeySourceUnavailable
    );
    validate(&flaky, &token).unwrap();
    control(&provider, "up", Value::Null);

    let cached = from("maxAge", 10.0);
    validate(&cached, &token).unwrap();
    let s = status(&cached);
    assert_eq!(
        s.fresh_until_ms.unwrap() - s.keys_fetched_at_ms.unwrap(),
        120_000,
        "max-age=120 honoured"
    );
}
