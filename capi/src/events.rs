//! Validation events: a validator's log callback, its event options, and its statistics (counters,
//! rates, misuse signals) with a reset. The events and counters are the core's (`kr_jwt_core::audit`);
//! this file only hands them across. A validator and its copies share one set.

use std::ffi::{CString, c_char, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use kr_jwt_core::audit::{EventOptions, Level};

use crate::KrJwtStatus;
use crate::KrJwtValidator;
use crate::boundary::{Out, borrow, guard, text};

/// A successful validation (only when the options ask for success events).
pub const KR_JWT_LOG_INFO: i32 = 1;
/// A refused token.
pub const KR_JWT_LOG_WARNING: i32 = 2;
/// A misuse signal that crossed its threshold.
pub const KR_JWT_LOG_ALERT: i32 = 3;

// The levels are the core's.
const _: () = assert!(
    KR_JWT_LOG_INFO == Level::Info as i32
        && KR_JWT_LOG_WARNING == Level::Warning as i32
        && KR_JWT_LOG_ALERT == Level::Alert as i32
);

/// Receives one event: `event_json` is one line of JSON (no newline), valid only during the call;
/// `level` is `KR_JWT_LOG_INFO`, `KR_JWT_LOG_WARNING` or `KR_JWT_LOG_ALERT`. Called on the thread that
/// validates, before the validating call returns (a batch's events come on the calling thread, in
/// input order, after the batch), possibly from several threads at once. Must not unwind into the
/// library and must not change this validator's callback or options.
pub type KrJwtLogCallback =
    Option<unsafe extern "C" fn(userdata: *mut c_void, event_json: *const c_char, level: i32)>;

type Callback = unsafe extern "C" fn(*mut c_void, *const c_char, i32);

struct CallbackSink {
    callback: Callback,
    userdata: *mut c_void,
}

// SAFETY: the contract makes the callback and its userdata usable from any thread at once, for as long
// as the callback is registered on any copy of the validator.
unsafe impl Send for CallbackSink {}
unsafe impl Sync for CallbackSink {}

impl CallbackSink {
    fn call(&self, line: &str, level: Level) {
        let Ok(line) = CString::new(line) else {
            return; // serde_json escapes NUL: cannot happen.
        };
        // SAFETY: the pointer is live for the call; the callback is the host's (C ABI contract). A Rust
        // callback that panics aborts at its own `extern "C"` frame; catching here is for safety.
        let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
            (self.callback)(self.userdata, line.as_ptr(), level as i32)
        }));
    }
}

/// Registers `callback` (NULL removes it) with `userdata` as the log of `validator` and every copy of
/// it (`kr_jwt_validator_copy`, `_with_clock_skew`, `_with_decryption_keys`), replacing any earlier
/// one. Which events come: see `kr_jwt_validator_set_event_options` (failures and signals by default).
/// `userdata` must stay valid until the callback is replaced or every copy is freed.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` NULL); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_set_log_callback(
    validator: *const KrJwtValidator,
    callback: KrJwtLogCallback,
    userdata: *mut c_void,
) -> KrJwtStatus {
    guard(|| {
        let v = borrow(validator, "validator")?;
        v.0.audit().set_sink(callback.map(|callback| {
            let sink = CallbackSink { callback, userdata };
            Arc::new(move |line: &str, level: Level| sink.call(line, level)) as _
        }));
        Ok(())
    })
}

/// Sets what the events of `validator` (and its copies) say and when its misuse signals fire, from a
/// JSON object (missing members take their defaults): `name` (the validator or scheme name, ""),
/// `log_success` (false), `log_subject` (false: `sub` is personal data), the thresholds
/// `invalid_signature_threshold` (10, per kid, issuer and client address), `unknown_kid_threshold`
/// (10), `unexpected_issuer_threshold` (1), `expired_reuse_threshold` (3, per token fingerprint; 0
/// switches a signal off), `burst_window_seconds` (60), `expired_window_seconds` (900), and the replay
/// detector `replay_detection` (false) with `replay_capacity` (10000 `jti` values). See docs/events.md.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `options_json` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_JSON (not JSON, an unknown or mistyped member);
/// KR_JWT_STATUS_INVALID_ARGUMENT (a window outside 1 to 86400 s, a replay capacity outside 1 to
/// 1000000, a name over 200 characters or with control characters); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_set_event_options(
    validator: *const KrJwtValidator,
    options_json: *const c_char,
) -> KrJwtStatus {
    guard(|| {
        let v = borrow(validator, "validator")?;
        let options = EventOptions::from_json(text(options_json, "options_json")?)?;
        v.0.audit().set_options(options)?;
        Ok(())
    })
}

/// The statistics of `validator` and its copies as JSON: `validations`, `succeeded`, `failed`,
/// `failed_by_reason` (status name → count), `rates` (`validations_last_minute`,
/// `failures_last_minute`, `validations_per_minute_15`, `failures_per_minute_15`), `signals`
/// (`raised`: signal → count, `recent`: the last 32 signals), `replay_remembered`, `validator` (the
/// name), `time` and, with a remote key source, `key_source` (`kid_misses`, `fetches_ok`,
/// `fetches_failed`, `stale_served`). Free the string with `kr_jwt_string_free`.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` or `json_out` NULL);
/// KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_statistics(
    validator: *const KrJwtValidator,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(json_out, "json_out")?;
        out.put_json(&borrow(validator, "validator")?.0.statistics())
    })
}

/// Clears the counters, rates and signals of `validator` and its copies (the options, the callback and
/// the replay detector's memory stay).
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`validator` NULL); KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_validator_statistics_reset(
    validator: *const KrJwtValidator,
) -> KrJwtStatus {
    guard(|| {
        borrow(validator, "validator")?.0.audit().reset();
        Ok(())
    })
}
