//! Remote key sources: the host's fetch callback (rustls-ffi style: `userdata` first, an opaque request
//! read through getters, an opaque response filled through setters, an integer result), the validator
//! built over it, and the source's status and forced refresh.

use std::ffi::{CString, c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use kr_jwt_core::Validator;
use kr_jwt_core::remote::{FetchError, FetchRequest, FetchResponse, Fetcher};

use crate::boundary::{FfiError, Out, borrow, borrow_mut, bytes, guard, text};
use crate::{KrJwtStatus, KrJwtValidator};

/// One GET the library asks of the host. Valid only during the callback.
pub struct KrJwtFetchRequest {
    url: CString,
    timeout_ms: u32,
    max_bytes: usize,
}

/// What the host got back, filled through the `kr_jwt_fetch_response_set_*` setters. Valid only
/// during the callback.
pub struct KrJwtFetchResponse {
    max_bytes: usize,
    status: Option<u16>,
    body: Vec<u8>,
    body_over_cap: bool,
    cache_control: Option<String>,
    redirected: bool,
    error: Option<String>,
}

/// The host's HTTP GET. Returns 0 when `resp` was filled (any HTTP status), 1 = timed out, 2 = body
/// over the cap, any other value = transport error (message optional via
/// `kr_jwt_fetch_response_set_error`). Called from any validating thread, never twice at once for one
/// source. Must not unwind or throw into the library, and must not validate with the same validator.
pub type KrJwtFetchCallback = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        req: *const KrJwtFetchRequest,
        resp: *mut KrJwtFetchResponse,
    ) -> i32,
>;

type Callback =
    unsafe extern "C" fn(*mut c_void, *const KrJwtFetchRequest, *mut KrJwtFetchResponse) -> i32;

/// The callback and its userdata as a core `Fetcher`.
struct CallbackFetcher {
    callback: Callback,
    userdata: *mut c_void,
}

// SAFETY: the contract makes the callback and its userdata usable from any thread (never twice at
// once for one source, which the source guarantees), and the userdata outlives every validator copy.
unsafe impl Send for CallbackFetcher {}
unsafe impl Sync for CallbackFetcher {}

const RESULT_FILLED: i32 = 0;
const RESULT_TIMEOUT: i32 = 1;
const RESULT_TOO_LARGE: i32 = 2;

impl Fetcher for CallbackFetcher {
    fn fetch(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        let url = CString::new(request.url.clone())
            .map_err(|_| FetchError::Transport("the URL contains a NUL byte".into()))?;
        let req = KrJwtFetchRequest {
            url,
            timeout_ms: u32::try_from(request.timeout.as_millis()).unwrap_or(u32::MAX),
            max_bytes: request.max_bytes,
        };
        let mut resp = KrJwtFetchResponse {
            max_bytes: request.max_bytes,
            status: None,
            body: Vec::new(),
            body_over_cap: false,
            cache_control: None,
            redirected: false,
            error: None,
        };
        // SAFETY: the pointers are live for the call; the callback is the host's (C ABI contract). A
        // Rust callback that panics aborts at its own `extern "C"` frame; catching here is for safety.
        let code = catch_unwind(AssertUnwindSafe(|| unsafe {
            (self.callback)(self.userdata, &req, &mut resp)
        }))
        .map_err(|_| FetchError::Transport("the fetch callback panicked".into()))?;
        let described = |what: &str| match &resp.error {
            Some(m) => format!("{what}: {m}"),
            None => what.to_string(),
        };
        match code {
            RESULT_FILLED if resp.body_over_cap => Err(FetchError::BodyTooLarge),
            RESULT_FILLED => match resp.status {
                Some(status) => Ok(FetchResponse {
                    status,
                    body: resp.body,
                    cache_control: resp.cache_control,
                    redirected: resp.redirected,
                }),
                None => Err(FetchError::Transport(described(
                    "the fetch callback returned 0 without setting a status",
                ))),
            },
            RESULT_TIMEOUT => Err(FetchError::Timeout),
            RESULT_TOO_LARGE => Err(FetchError::BodyTooLarge),
            other => Err(FetchError::Transport(match &resp.error {
                Some(m) => m.clone(),
                None => format!("the fetch callback failed (result {other})"),
            })),
        }
    }
}

/// The request's URL: NUL-terminated UTF-8, valid during the callback; NULL for a NULL request.
/// Returns the URL, or NULL when `req` is NULL.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_request_url(req: *const KrJwtFetchRequest) -> *const c_char {
    borrow(req, "req").map_or(std::ptr::null(), |r| r.url.as_ptr())
}

/// How long the host may take, in milliseconds (0 for a NULL request).
/// Returns the timeout in milliseconds, or 0 when `req` is NULL.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_request_timeout_ms(req: *const KrJwtFetchRequest) -> u32 {
    borrow(req, "req").map_or(0, |r| r.timeout_ms)
}

/// The body cap in bytes: the host should stop reading past it and return 2 (0 for a NULL request).
/// Returns the cap in bytes, or 0 when `req` is NULL.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_request_max_bytes(req: *const KrJwtFetchRequest) -> usize {
    borrow(req, "req").map_or(0, |r| r.max_bytes)
}

fn fill(
    resp: *mut KrJwtFetchResponse,
    body: impl FnOnce(&mut KrJwtFetchResponse) -> Result<(), FfiError>,
) -> KrJwtStatus {
    guard(|| body(borrow_mut(resp, "resp")?))
}

fn invalid(message: String) -> FfiError {
    FfiError {
        status: KrJwtStatus::InvalidArgument,
        message,
    }
}

/// The HTTP status code (100 to 999).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`resp` NULL); KR_JWT_STATUS_INVALID_ARGUMENT (a status outside 100 to 999); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_response_set_status(
    resp: *mut KrJwtFetchResponse,
    http_status: u16,
) -> KrJwtStatus {
    fill(resp, |r| {
        if !(100..=999).contains(&http_status) {
            return Err(invalid(format!(
                "HTTP status {http_status} is not a status code"
            )));
        }
        r.status = Some(http_status);
        Ok(())
    })
}

/// The body (copied, replacing any earlier one). Longer than the request's max bytes: an error
/// status, and the fetch fails as "body over the cap" whatever the callback returns.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`resp` NULL), or `body` NULL with `len` > 0); KR_JWT_STATUS_TOKEN_TOO_LARGE or KR_JWT_STATUS_INVALID_ARGUMENT (a body over the request's max bytes); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_response_set_body(
    resp: *mut KrJwtFetchResponse,
    body: *const u8,
    len: usize,
) -> KrJwtStatus {
    fill(resp, |r| {
        if len > r.max_bytes {
            r.body_over_cap = true;
            r.body.clear();
            return Err(invalid(format!(
                "the body ({len} bytes) exceeds the {}-byte cap",
                r.max_bytes
            )));
        }
        r.body = bytes(body, len, "body")?.to_vec();
        Ok(())
    })
}

/// The response's `Cache-Control` header, when it had one (NUL-terminated UTF-8).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`resp` NULL) or `value` NULL; KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_response_set_cache_control(
    resp: *mut KrJwtFetchResponse,
    value: *const c_char,
) -> KrJwtStatus {
    fill(resp, |r| {
        r.cache_control = Some(text(value, "value")?.to_owned());
        Ok(())
    })
}

/// The server answered with a redirect (3xx) or the host's client followed one: the fetch is refused.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`resp` NULL); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_response_set_redirected(
    resp: *mut KrJwtFetchResponse,
    redirected: bool,
) -> KrJwtStatus {
    fill(resp, |r| {
        r.redirected = redirected;
        Ok(())
    })
}

/// Why the fetch failed (used with a non-zero result; non-UTF-8 bytes are replaced).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`resp` NULL) or `message` NULL; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_fetch_response_set_error(
    resp: *mut KrJwtFetchResponse,
    message: *const c_char,
) -> KrJwtStatus {
    fill(resp, |r| {
        let message = match text(message, "message") {
            Ok(m) => m.to_owned(),
            Err(e) if e.status == KrJwtStatus::InvalidUtf8 => {
                // SAFETY: non-NULL (text checked it) and NUL-terminated (C ABI contract).
                unsafe { std::ffi::CStr::from_ptr(message) }
                    .to_string_lossy()
                    .into_owned()
            }
            Err(e) => return Err(e),
        };
        r.error = Some(message.chars().take(1024).collect());
        Ok(())
    })
}

/// A validator whose keys come from a remote JWK Set fetched through `fetch`. `params_json`: the
/// object `kr_jwt_validator_new` takes plus exactly one of `authority`, `metadata_url`, `jwks_uri`
/// (which needs `valid_issuers`) and optional `allow_http`, `jwks_cache_max_age_seconds`,
/// `jwks_refresh_cooldown_seconds`, `jwks_stale_if_error_seconds`, `http_timeout_seconds`,
/// `max_jwks_bytes`. `userdata` must outlive the validator and every copy of it (copies share the
/// source). Nothing is fetched here: the first validation fetches.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`params_json`, `fetch` or `out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON; KR_JWT_STATUS_INVALID_ARGUMENT (a URL or limit
/// the rules refuse, no or several sources, keys given); KR_JWT_STATUS_ALGORITHM_KEY_MISMATCH (an HMAC
/// algorithm); KR_JWT_STATUS_MISSING_VALID_AUDIENCE; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_new_remote(
    params_json: *const c_char,
    fetch: KrJwtFetchCallback,
    userdata: *mut c_void,
    out: *mut *mut KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let params = text(params_json, "params_json")?;
        let callback = fetch.ok_or_else(|| FfiError {
            status: KrJwtStatus::NullArgument,
            message: "'fetch' is NULL".into(),
        })?;
        let fetcher = Arc::new(CallbackFetcher { callback, userdata });
        out.put(KrJwtValidator(Validator::remote(params, fetcher)?));
        Ok(())
    })
}

/// The remote key source's status as JSON (see docs/c-abi.md); `INVALID_ARGUMENT` for a validator
/// with static keys.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `json_out` NULL);
/// KR_JWT_STATUS_INVALID_ARGUMENT (no remote source); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_key_source_status(
    validator: *const KrJwtValidator,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(json_out, "json_out")?;
        let status = borrow(validator, "validator")?.0.key_source_status()?;
        out.put_json(&serde_json::to_value(status).unwrap_or_default())
    })
}

/// Fetches the key set now, cooldown and backoff notwithstanding (waits for a fetch in progress);
/// the fetch's failure is the status (`KEY_SOURCE_UNAVAILABLE`), and the last good set is kept.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` NULL); KR_JWT_STATUS_INVALID_ARGUMENT
/// (no remote source); KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE (the fetch failed); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_key_source_refresh(
    validator: *const KrJwtValidator,
) -> KrJwtStatus {
    guard(|| Ok(borrow(validator, "validator")?.0.refresh_key_source()?))
}
