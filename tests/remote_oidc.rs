//! The remote key source against the real servers in `tests/oidc/` (panva's oidc-provider and the fault
//! server), through a minimal loopback HTTP/1.1 client standing in for the host's transport, with the
//! crate's own JWK import and validator. Skipped (with a note; a failure under CI=true) when node or `tests/oidc/node_modules` is
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
use kr_jwt_core::remote::{
    Clock, FetchError, FetchRequest, FetchResponse, JwksParser, ParsedJwks, ParsedKey, RemoteError,
    RemoteKeySource, SkippedKey, SourceConfig,
};
use kr_jwt_core::{Key, KeyFormat, ValidationParams, Validator, VerificationKey};
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

/// The crate's own JWK import; keys it refuses are skipped with its message.
fn parser() -> Arc<dyn JwksParser<VerificationKey>> {
    Arc::new(
        |jwks: &Value| -> Result<ParsedJwks<VerificationKey>, String> {
            let mut parsed = ParsedJwks {
                keys: Vec::new(),
                skipped: Vec::new(),
            };
            for (index, jwk) in jwks["keys"]
                .as_array()
                .ok_or("no keys array")?
                .iter()
                .enumerate()
            {
                let kid = jwk["kid"].as_str().map(str::to_string);
                match Key::import(KeyFormat::Jwk, jwk.to_string().as_bytes()) {
                    Ok(key) => parsed.keys.push(ParsedKey {
                        key: VerificationKey::from_key(&key).with_kid(kid.clone()),
                        kid,
                    }),
                    Err(e) => parsed.skipped.push(SkippedKey {
                        index,
                        kid,
                        reason: e.message().to_string(),
                    }),
                }
            }
            Ok(parsed)
        },
    )
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

fn source(mut config: SourceConfig, clock: &Arc<TestClock>) -> RemoteKeySource<VerificationKey> {
    config.allow_http = true;
    RemoteKeySource::new(config, fetcher(), parser(), clock.clone()).unwrap()
}

/// What a validator holding a source will do: header kid → the source's set → the crate's validator.
fn validate(
    source: &RemoteKeySource<VerificationKey>,
    token: &str,
    audience: &str,
) -> Result<(), String> {
    let header = URL_SAFE_NO_PAD
        .decode(token.split('.').next().unwrap())
        .unwrap();
    let header: Value = serde_json::from_slice(&header).unwrap();
    let kid = header["kid"].as_str();
    let set = source.keys_for(kid).map_err(|e| e.to_string())?;
    let keys: Vec<VerificationKey> = match kid {
        Some(kid) => set.find(kid).cloned().collect(),
        None => set.keys().iter().map(|k| k.key.clone()).collect(),
    };
    let params = ValidationParams {
        valid_issuers: source.valid_issuers(),
        valid_audiences: vec![audience.to_string()],
        valid_types: vec!["at+jwt".into()],
        ..Default::default()
    };
    let validator = Validator::new(params, keys).map_err(|e| e.to_string())?;
    validator
        .validate(token)
        .map(|_| ())
        .map_err(|e| e.to_string())
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

#[test]
fn discovery_validates_rs256_and_es256_and_refuses_wrong_audience_and_issuer() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let remote = source(SourceConfig::authority(provider.url("issuer")), &clock);
    let (rs, rs_aud) = grant(&provider, "RS256");
    let (es, es_aud) = grant(&provider, "ES256");
    validate(&remote, &rs, &rs_aud).unwrap();
    validate(&remote, &es, &es_aud).unwrap();
    assert_eq!(fetches(&provider), (1, 1));
    assert_eq!(remote.status().fetches_ok, 2);
    assert!(validate(&remote, &rs, &es_aud).is_err(), "wrong audience");
    let mut other = SourceConfig::authority(provider.url("issuer"));
    other.valid_issuers = vec!["https://someone-else.example".into()];
    assert!(
        validate(&source(other, &clock), &rs, &rs_aud).is_err(),
        "wrong issuer"
    );
    let tampered = format!("{}AAAA", &rs[..rs.len() - 4]);
    assert!(validate(&remote, &tampered, &rs_aud).is_err());
}

#[test]
fn rotation_add_promote_retire_with_exact_fetch_counts() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let remote = source(SourceConfig::authority(provider.url("issuer")), &clock);
    let (old_token, aud) = grant(&provider, "RS256");
    validate(&remote, &old_token, &aud).unwrap();
    assert_eq!(fetches(&provider), (1, 1), "start");

    let new_kid = control(&provider, "keys/add", json!({"alg": "RS256"}))["kid"]
        .as_str()
        .unwrap()
        .to_string();
    validate(&remote, &grant(&provider, "RS256").0, &aud).unwrap();
    assert_eq!(
        fetches(&provider),
        (1, 1),
        "add: still signed with the old key, no fetch"
    );

    clock.advance_secs(31);
    control(&provider, "keys/promote", json!({"kid": new_kid}));
    let (new_token, _) = grant(&provider, "RS256");
    validate(&remote, &new_token, &aud).unwrap();
    assert_eq!(
        fetches(&provider),
        (1, 2),
        "promote: one JWKS fetch for the new kid"
    );
    validate(&remote, &new_token, &aud).unwrap();

    let old_kid = provider.ready["signing"]["RS256"].as_str().unwrap();
    control(&provider, "keys/retire", json!({"kid": old_kid}));
    validate(&remote, &old_token, &aud).unwrap();
    assert_eq!(
        fetches(&provider),
        (1, 2),
        "retire: the cached set still has the old key"
    );
    clock.advance_secs(601);
    let refused = validate(&remote, &old_token, &aud).unwrap_err();
    assert!(refused.contains(old_kid), "{refused}");
    assert_eq!(
        fetches(&provider),
        (2, 3),
        "the max-age refresh (discovery + JWKS) drops the retired key"
    );
    validate(&remote, &new_token, &aud).unwrap();
    let status = remote.status();
    assert_eq!((status.fetches_ok, status.fetches_failed), (5, 0));
}

#[test]
fn provider_down_at_start_backs_off_recovers_and_later_outages_are_served_stale_then_refused() {
    let Some(provider) = Server::start("provider.mjs") else {
        return;
    };
    let clock = TestClock::new();
    let remote = source(SourceConfig::authority(provider.url("issuer")), &clock);
    let (token, aud) = grant(&provider, "ES256");
    control(&provider, "down", json!({"mode": "503"}));
    let e = validate(&remote, &token, &aud).unwrap_err();
    assert!(e.contains("status 503"), "{e}");
    for _ in 0..10 {
        assert!(validate(&remote, &token, &aud).is_err());
    }
    assert_eq!(
        fetches(&provider),
        (1, 0),
        "backoff: one fetch, however many tokens"
    );
    clock.advance_secs(30);
    assert!(validate(&remote, &token, &aud).is_err());
    assert_eq!(fetches(&provider), (2, 0));
    let status = remote.status();
    assert_eq!(
        (status.fetches_failed, status.suppressed_refreshes),
        (2, 10)
    );
    control(&provider, "up", Value::Null);
    clock.advance_secs(60);
    validate(&remote, &token, &aud).unwrap();
    assert_eq!(fetches(&provider), (3, 1), "recovered");

    control(&provider, "down", json!({"mode": "drop"}));
    clock.advance_secs(601);
    validate(&remote, &token, &aud).unwrap();
    assert_eq!(remote.status().stale_served, 1);
    clock.advance_secs(3600);
    let e = validate(&remote, &token, &aud).unwrap_err();
    assert!(e.contains("stale-if-error"), "{e}");
}

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
    let from = |name: &str, timeout: Duration| {
        let mut config = SourceConfig::jwks(route(name), issuer.clone());
        config.timeout = timeout;
        source(config, &clock)
    };
    validate(&from("jwks", T), &token, &aud).unwrap();

    let hang = from("hang", Duration::from_millis(300));
    let started = Instant::now();
    let e = validate(&hang, &token, &aud).unwrap_err();
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
        let e = validate(&from(name, T), &token, &aud).unwrap_err();
        assert!(e.contains(why), "{name}: {e}");
    }

    let odd = from("unknownKty", T);
    validate(&odd, &token, &aud).unwrap();
    let skipped = odd.status().skipped_keys;
    assert_eq!(
        (skipped.len(), skipped[0].kid.as_deref()),
        (1, Some("unknown-kty"))
    );

    let mut bad = SourceConfig::authority(route("badIssuerAuthority"));
    bad.allow_http = true;
    match RemoteKeySource::new(bad, fetcher(), parser(), clock.clone())
        .unwrap()
        .keys_for(None)
    {
        Err(RemoteError::Unavailable { reason, .. }) => {
            assert!(reason.contains("not the expected"), "{reason}")
        }
        other => panic!("{:?}", other.map(|s| s.key_ids())),
    }
    let mut good = SourceConfig::authority(route("goodAuthority"));
    good.allow_http = true;
    let good = RemoteKeySource::new(good, fetcher(), parser(), clock.clone()).unwrap();
    assert!(good.keys_for(None).is_ok());

    let cached = from("maxAge", T);
    validate(&cached, &token, &aud).unwrap();
    let status = cached.status();
    assert_eq!(
        status.fresh_until_ms.unwrap() - status.keys_fetched_at_ms.unwrap(),
        120_000,
        "max-age=120 honoured"
    );
}
