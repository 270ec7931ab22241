//! What a validator needs of a remote key source: the key type it holds, the parser that turns a
//! fetched JWK Set into verification keys (the same lenient import as a static `jwks`), and how the
//! source's errors become statuses.

use std::sync::Arc;

use serde_json::Value;

use crate::base::error::{Error, err};
use crate::jws::VerificationKey;
use crate::key::jwks::signature_keys;
use crate::remote::{JwksParser, ParsedJwks, ParsedKey, RemoteError, RemoteKeySource};

/// The key source a remote validator shares with its copies.
pub type KeySource = RemoteKeySource<VerificationKey>;

/// The fetched set's keys that can verify signatures (see [`signature_keys`]); the rest are skipped
/// with their reasons, and a set without a usable key is refused.
pub fn jwks_parser() -> Arc<dyn JwksParser<VerificationKey>> {
    Arc::new(
        |jwks: &Value| -> std::result::Result<ParsedJwks<VerificationKey>, String> {
            let imported = signature_keys(jwks).map_err(|e| e.message().to_owned())?;
            Ok(ParsedJwks {
                keys: imported
                    .keys
                    .iter()
                    .map(|k| ParsedKey {
                        kid: k.kid().map(str::to_owned),
                        key: VerificationKey::from_key(k),
                    })
                    .collect(),
                skipped: imported.skipped,
            })
        },
    )
}

/// A source error as the validator reports it: no set to serve is `KeySourceUnavailable`, a key id
/// the set lacks is `NoMatchingKey`, a configuration or seed problem is `InvalidArgument`.
pub fn source_error(e: RemoteError) -> Error {
    match &e {
        RemoteError::Unavailable { .. } => err!(KeySourceUnavailable, "{e}"),
        RemoteError::UnknownKid(_) => err!(NoMatchingKey, "{e}"),
        RemoteError::Config(_) | RemoteError::Seed(_) => err!(InvalidArgument, "{e}"),
    }
}
