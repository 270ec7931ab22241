//! Hostile-token helpers shared by test files (`#[path = "support/forge.rs"] mod forge;`).

use kr_jwt_core::base::json::b64url_encode;
use kr_jwt_core::{Algorithm, Key, TokenBuilder};

/// The 32-byte demo secret (0, 1, …, 31).
pub fn key32() -> Key {
    Key::secret(&(0u8..32).collect::<Vec<_>>()).unwrap()
}

/// Signs arbitrary header/payload JSON with the demo key (HS256), for hostile-token tests.
pub fn forge(header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        b64url_encode(header.as_bytes()),
        b64url_encode(payload.as_bytes())
    );
    let mut b = TokenBuilder::new();
    b.protect(&key32(), Some(Algorithm::HS256), None).unwrap();
    let signer = b.signer().unwrap().clone();
    format!(
        "{input}.{}",
        b64url_encode(&signer.sign(input.as_bytes()).unwrap())
    )
}
