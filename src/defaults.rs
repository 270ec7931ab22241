//! The library's facts in one JSON document, for callers that must not retype them (the C export
//! `kr_jwt_defaults`, the C# interop, the PowerShell module): defaults and limits, algorithm lists, key
//! formats and generation choices, and every status name with its code.

use serde_json::{Value, json};

use crate::base::error::Status;
use crate::jwa::curve::Curve;
use crate::jwa::defaults::{
    DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_LIFETIME_SECONDS, DEFAULT_MAX_TOKEN_BYTES,
    MAX_AUTHORIZATION_BYTES, MAX_CLOCK_SKEW_SECONDS, MAX_SECONDS, MIN_RSA_BITS,
};
use crate::jwa::encryption::{ContentEncryption, KeyManagement};
use crate::jwa::signing::Algorithm;
use crate::key::KeyFormat;
use crate::key::generate::KeySpec;

pub fn describe() -> Value {
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "clock_skew_seconds": DEFAULT_CLOCK_SKEW_SECONDS,
        "max_clock_skew_seconds": MAX_CLOCK_SKEW_SECONDS,
        "lifetime_seconds": DEFAULT_LIFETIME_SECONDS,
        "max_seconds": MAX_SECONDS,
        "max_token_bytes": DEFAULT_MAX_TOKEN_BYTES,
        "max_authorization_bytes": MAX_AUTHORIZATION_BYTES,
        "min_rsa_bits": MIN_RSA_BITS,
        "signing_algorithms": Algorithm::ALL.map(Algorithm::name),
        "key_management_algorithms": KeyManagement::ALL.map(KeyManagement::name),
        "content_encryption_algorithms": ContentEncryption::ALL.map(ContentEncryption::name),
        "curves": Curve::ALL.map(Curve::name),
        "key_formats": KeyFormat::ALL.map(KeyFormat::name),
        "key_generation": KeySpec::describe(),
        "statuses": Status::ALL
            .iter()
            .map(|s| json!({ "name": s.name(), "code": s.code() }))
            .collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_states_the_one_minute_skew_and_every_status() {
        let d = super::describe();
        assert_eq!(d["clock_skew_seconds"], 60.0);
        assert_eq!(d["statuses"].as_array().unwrap().len(), 31);
        assert_eq!(d["signing_algorithms"][0], "HS256");
    }
}
