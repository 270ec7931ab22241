//! Property tests over parsing and validation: random bytes and mutated valid tokens never panic and a
//! mutated token is never accepted. CI runs the default case count; for a long run:
//! `PROPTEST_CASES=1000000 cargo test --release --test properties`.

use std::sync::OnceLock;

use kr_jwt_core::{Algorithm, Key, TokenBuilder, Validator};
use proptest::prelude::*;

struct Fixture {
    tokens: Vec<String>,
    validator: Validator,
}

/// One token per algorithm family, all accepted by one validator holding every key.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let keys = [
            (Key::secret(&[0x42; 64]).unwrap(), Algorithm::HS256),
            (
                kr_jwt_core::key::generate("EC", 256).unwrap(),
                Algorithm::ES256,
            ),
            (
                kr_jwt_core::key::generate("Ed25519", 0).unwrap(),
                Algorithm::EdDSA,
            ),
            (
                kr_jwt_core::key::generate("RSA", 2048).unwrap(),
                Algorithm::PS256,
            ),
        ];
        let tokens = keys
            .iter()
            .enumerate()
            .map(|(i, (key, alg))| {
                let mut b = TokenBuilder::new();
                b.add_claim("n", serde_json::json!(i)).unwrap();
                b.set_issuer("iss").unwrap();
                b.add_audience("aud").unwrap();
                b.add_claim("role", serde_json::json!(["a", "b"])).unwrap();
                b.protect(key, Some(*alg), None).unwrap();
                b.build().unwrap().token().to_owned()
            })
            .collect();
        let params = kr_jwt_core::ValidationParams {
            valid_issuers: vec!["iss".into()],
            valid_audiences: vec!["aud".into()],
            ..Default::default()
        };
        let vkeys = keys
            .iter()
            .map(|(k, _)| kr_jwt_core::VerificationKey::from_key(k))
            .collect();
        Fixture {
            tokens,
            validator: Validator::new(params, vkeys).unwrap(),
        }
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

#[test]
fn fixture_tokens_are_valid() {
    let f = fixture();
    for t in &f.tokens {
        f.validator.validate(t).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_are_never_accepted(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(fixture().validator.validate(&text).is_err());
        let _ = kr_jwt_core::jwt::inspect::inspect(&text);
    }

    #[test]
    fn random_dotted_segments_are_never_accepted(a in "[A-Za-z0-9_-]{0,80}", b in "[A-Za-z0-9_-]{0,80}", c in "[A-Za-z0-9_-]{0,90}") {
        let token = format!("{a}.{b}.{c}");
        prop_assert!(fixture().validator.validate(&token).is_err());
    }

    #[test]
    fn bit_flips_are_never_accepted(which in 0usize..4, pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let mut bytes = fixture().tokens[which].clone().into_bytes();
        let i = pos.index(bytes.len());
        bytes[i] ^= 1 << bit;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        prop_assert!(fixture().validator.validate(&text).is_err(), "flipped bit {} of byte {}", bit, i);
    }

    #[test]
    fn truncations_are_never_accepted(which in 0usize..4, cut in any::<prop::sample::Index>()) {
        let t = &fixture().tokens[which];
        let n = cut.index(t.len());
        prop_assert!(fixture().validator.validate(&t[..n]).is_err());
    }

    #[test]
    fn segment_swaps_between_tokens_are_never_accepted(a in 0usize..4, offset in 1usize..4, seg in 0usize..3) {
        let b = (a + offset) % 4;
        let f = fixture();
        let mut x: Vec<&str> = f.tokens[a].split('.').collect();
        let y: Vec<&str> = f.tokens[b].split('.').collect();
        x[seg] = y[seg];
        prop_assert!(f.validator.validate(&x.join(".")).is_err(), "segment {} of token {} into token {}", seg, b, a);
    }

    #[test]
    fn segment_reorderings_are_never_accepted(
        which in 0usize..4,
        order in prop::sample::select(vec![[0usize, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]),
    ) {
        let parts: Vec<&str> = fixture().tokens[which].split('.').collect();
        let token = order.iter().map(|i| parts[*i]).collect::<Vec<_>>().join(".");
        prop_assert!(fixture().validator.validate(&token).is_err());
    }

    #[test]
    fn inserted_characters_are_never_accepted(which in 0usize..4, pos in any::<prop::sample::Index>(), c in any::<char>()) {
        let t = &fixture().tokens[which];
        let mut i = pos.index(t.len());
        while !t.is_char_boundary(i) { i -= 1; }
        let mut s = t.clone();
        s.insert(i, c);
        prop_assert!(fixture().validator.validate(&s).is_err());
    }
}
