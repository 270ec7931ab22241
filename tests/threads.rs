//! One validator shared by 8 threads gives exactly the single-thread results.

use std::sync::Arc;

use kr_jwt_core::{Algorithm, Key, TokenBuilder};

#[test]
fn eight_threads_share_one_validator() {
    let key = Key::secret(&[0x11; 32]).unwrap();
    let mut b = TokenBuilder::new();
    b.set_issuer("iss").unwrap();
    b.add_audience("aud").unwrap();
    b.protect(&key, Some(Algorithm::HS256), None).unwrap();
    let good = b.build().unwrap();
    let validator = Arc::new(good.validator(60.0).unwrap());
    // Change the signature's first character (the last one may differ only in padding bits).
    let sig_start = good.token().rfind('.').unwrap() + 1;
    let mut tampered = good.token().to_owned();
    let replacement = if tampered[sig_start..].starts_with('A') {
        "B"
    } else {
        "A"
    };
    tampered.replace_range(sig_start..sig_start + 1, replacement);
    let tokens: Arc<Vec<String>> = Arc::new(vec![
        good.token().to_owned(),
        tampered,
        "x.y.z".into(),
        String::new(),
    ]);
    let expected: Vec<bool> = tokens
        .iter()
        .map(|t| validator.validate(t).is_ok())
        .collect();
    assert_eq!(expected, [true, false, false, false]);

    let per_thread = 100_000;
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let (v, tokens, expected) = (
                Arc::clone(&validator),
                Arc::clone(&tokens),
                expected.clone(),
            );
            std::thread::spawn(move || {
                let mut mismatches = 0usize;
                for i in 0..per_thread {
                    let j = (i + t) % tokens.len();
                    if v.validate(&tokens[j]).is_ok() != expected[j] {
                        mismatches += 1;
                    }
                }
                mismatches
            })
        })
        .collect();
    let mismatches: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(mismatches, 0);
}
