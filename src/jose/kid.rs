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
    selected(fitting.into_iter(), kid).collect()
}

/// [`select`] without collecting: `fitting` is read once to see whether a key has the token's `kid`,
/// then filtered (no allocation, for the validation of every token).
pub fn selected<'k, K: KeyId + 'k>(
    fitting: impl Iterator<Item = &'k K> + Clone,
    kid: Option<&str>,
) -> impl Iterator<Item = &'k K> {
    let by_kid = kid.is_some_and(|kid| fitting.clone().any(|k| k.key_id() == Some(kid)));
    fitting.filter(move |k| match kid {
        None => true,
        Some(kid) if by_kid => k.key_id() == Some(kid),
        Some(_) => k.key_id().is_none(),
    })
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
