//! Test doubles shared by the remote source's tests: a settable clock, a scripted fetcher that counts
//! and can hold calls, and a parser whose keys are their kids.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use super::*;

pub(super) const AUTHORITY: &str = "https://idp.example/tenant";
pub(super) const DISCOVERY: &str = "https://idp.example/tenant/.well-known/openid-configuration";
pub(super) const JWKS: &str = "https://idp.example/tenant/keys";
pub(super) const T0: u64 = 1_800_000_000_000;

pub(super) struct FakeClock(AtomicU64);

impl FakeClock {
    pub fn new() -> Arc<Self> {
        Arc::new(FakeClock(AtomicU64::new(T0)))
    }
    pub fn advance_secs(&self, secs: u64) {
        self.0.fetch_add(secs * 1000, Ordering::SeqCst);
    }
    pub fn set_secs(&self, secs_after_t0: u64) {
        self.0.store(T0 + secs_after_t0 * 1000, Ordering::SeqCst);
    }
}

impl Clock for FakeClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Clone)]
pub(super) enum Reply {
    Ok(FetchResponse),
    Err(FetchError),
    Panic,
}

/// Answers per URL from a script; counts every call; can hold fetches until released.
#[derive(Default)]
pub(super) struct FakeFetcher {
    replies: Mutex<HashMap<String, Reply>>,
    calls: Mutex<Vec<FetchRequest>>,
    concurrent: AtomicUsize,
    pub max_concurrent: AtomicUsize,
    pub delay: Mutex<Duration>,
    held: Mutex<bool>,
    held_changed: Condvar,
    pub entered: AtomicUsize,
}

impl FakeFetcher {
    pub fn new() -> Arc<Self> {
        Arc::new(FakeFetcher::default())
    }
    pub fn reply(&self, url: &str, reply: Reply) {
        self.replies.lock().unwrap().insert(url.to_string(), reply);
    }
    pub fn ok(&self, url: &str, body: &Value) {
        self.reply(
            url,
            Reply::Ok(FetchResponse {
                status: 200,
                body: body.to_string().into_bytes(),
                ..Default::default()
            }),
        );
    }
    pub fn status(&self, url: &str, status: u16) {
        self.reply(
            url,
            Reply::Ok(FetchResponse {
                status,
                body: b"{}".to_vec(),
                ..Default::default()
            }),
        );
    }
    pub fn count(&self, url: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.url == url)
            .count()
    }
    pub fn total(&self) -> usize {
        self.calls.lock().unwrap().len()
    }
    pub fn requests(&self) -> Vec<FetchRequest> {
        self.calls.lock().unwrap().clone()
    }
    pub fn hold(&self, held: bool) {
        *self.held.lock().unwrap() = held;
        self.held_changed.notify_all();
    }
}

impl Fetcher for FakeFetcher {
    fn fetch(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        let now = self.concurrent.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_concurrent.fetch_max(now, Ordering::SeqCst);
        self.calls.lock().unwrap().push(request.clone());
        self.entered.fetch_add(1, Ordering::SeqCst);
        let mut held = self.held.lock().unwrap();
        while *held {
            held = self.held_changed.wait(held).unwrap();
        }
        drop(held);
        let delay = *self.delay.lock().unwrap();
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        let reply = self.replies.lock().unwrap().get(&request.url).cloned();
        self.concurrent.fetch_sub(1, Ordering::SeqCst);
        match reply {
            Some(Reply::Ok(r)) => Ok(r),
            Some(Reply::Err(e)) => Err(e),
            Some(Reply::Panic) => panic!("fake fetcher panics as scripted"),
            None => Err(FetchError::Transport(format!(
                "connection refused ({})",
                request.url
            ))),
        }
    }
}

/// Keys are their kid; RSA and EC are usable, anything else is skipped.
pub(super) fn fake_parser() -> Arc<dyn JwksParser<String>> {
    Arc::new(|jwks: &Value| -> Result<ParsedJwks<String>, String> {
        let mut parsed = ParsedJwks {
            keys: Vec::new(),
            skipped: Vec::new(),
        };
        for (index, jwk) in jwks["keys"].as_array().ok_or("no keys")?.iter().enumerate() {
            let kid = jwk["kid"].as_str().map(str::to_string);
            match jwk["kty"].as_str() {
                Some("RSA" | "EC") => parsed.keys.push(ParsedKey {
                    key: kid.clone().unwrap_or_default(),
                    kid,
                }),
                other => parsed.skipped.push(SkippedKey {
                    index,
                    kid,
                    reason: format!("unsupported kty {other:?}"),
                }),
            }
        }
        Ok(parsed)
    })
}

pub(super) fn set(kids: &[&str]) -> Value {
    json!({"keys": kids.iter().map(|k| json!({"kty": "RSA", "kid": k, "n": "AQAB", "e": "AQAB"})).collect::<Vec<_>>()})
}

pub(super) fn discovery_doc(issuer: &str) -> Value {
    json!({"issuer": issuer, "jwks_uri": JWKS, "token_endpoint": "https://idp.example/tenant/token"})
}

pub(super) fn discovery_source(
    fetcher: &Arc<FakeFetcher>,
    clock: &Arc<FakeClock>,
    kids: &[&str],
) -> RemoteKeySource<String> {
    fetcher.ok(DISCOVERY, &discovery_doc(AUTHORITY));
    fetcher.ok(JWKS, &set(kids));
    RemoteKeySource::new(
        SourceConfig::authority(AUTHORITY),
        fetcher.clone(),
        fake_parser(),
        clock.clone(),
    )
    .unwrap()
}

pub(super) fn jwks_source(
    config: SourceConfig,
    fetcher: &Arc<FakeFetcher>,
    clock: &Arc<FakeClock>,
) -> RemoteKeySource<String> {
    RemoteKeySource::new(config, fetcher.clone(), fake_parser(), clock.clone()).unwrap()
}
