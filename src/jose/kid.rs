//! Key selection by `kid`, for signatures and decryption alike. A token's `kid` selects the configured
//! keys with that kid or, failing those, the keys that have none; a token without a `kid` is tried
//! against every key that fits. A `kid` never leads anywhere but to keys already in memory.

/// Anything a token may select by key id.
pub trait KeyId {
    fn key_id(&self) -> Option<&str>;
}

/// The keys a token with `kid` may be verified or decrypted with, in configuration order. `fitting` is
/// already narrowed to the keys that fit the token's algorithms.
pub fn select<'k, K: KeyId>(fitting: Vec<&'k K>, kid: Option<&str>) -> Vec<&'k K> {
    let Some(kid) = kid else {
        return fitting;
    };
    let by_kid: Vec<&K> = fitting
        .iter()
        .copied()
        .filter(|k| k.key_id() == Some(kid))
        .collect();
    if by_kid.is_empty() {
        fitting
            .into_iter()
            .filter(|k| k.key_id().is_none())
            .collect()
    } else {
        by_kid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct K(Option<&'static str>);
    impl KeyId for K {
        fn key_id(&self) -> Option<&str> {
            self.0
        }
    }

    #[test]
    fn kid_selects_then_falls_back_to_keys_without_one() {
        let keys = [K(Some("a")), K(None), K(Some("b"))];
        let all: Vec<&K> = keys.iter().collect();
        assert_eq!(select(all.clone(), Some("b")).len(), 1);
        let fallback = select(all.clone(), Some("zzz"));
        assert_eq!(fallback.len(), 1);
        assert!(fallback[0].0.is_none());
        assert_eq!(select(all, None).len(), 3);
    }
}
