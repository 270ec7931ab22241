//! The status-only path (`Validator::validate_status_at`: typed members, no claims map) refuses exactly
//! what the claims path (`Validator::validate_at`: the payload parsed into a map) refuses, with the same
//! status: a table of hostile tokens with the expected status, then many mutated tokens compared
//! between the two paths.

#[path = "support/forge.rs"]
mod forge;
use forge::{forge, key32};
use kr_jwt_core::{ErrorKind, ValidationParams, Validator, VerificationKey};
use proptest::prelude::*;

const NOW: i64 = 1_700_000_000;

fn validator(params: ValidationParams) -> Validator {
    let key = VerificationKey::from_key(&key32()).with_kid(Some("k1".into()));
    Validator::new(params, vec![key]).unwrap()
}

fn strict() -> ValidationParams {
    ValidationParams {
        valid_issuers: vec!["iss1".into()],
        valid_audiences: vec!["aud1".into()],
        valid_types: vec!["JWT".into()],
        required_claims: vec!["tid".into()],
        max_token_age_seconds: Some(3600.0),
        ..ValidationParams::default()
    }
}

/// Both paths' outcome for `token`: `None` when valid, else the status. They must agree.
fn status(v: &Validator, token: &str) -> Option<ErrorKind> {
    let fast = v.validate_status_at(token, NOW).err().map(|e| e.kind());
    let full = v.validate_at(token, NOW).err().map(|e| e.kind());
    assert_eq!(fast, full, "the two paths disagree on {token}");
    fast
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#;
const PAYLOAD: &str = r#"{"iss":"iss1","aud":["x","aud1"],"sub":"s","jti":"j","tid":"t","exp":1700000600,"nbf":1699999000,"iat":1699999900,"more":{"a":[1,{"b":null}]}}"#;

#[test]
fn hostile_headers_and_payloads_get_the_same_status_on_both_paths() {
    use ErrorKind::*;
    let v = validator(strict());
    assert_eq!(status(&v, &forge(HEADER, PAYLOAD)), None);
    let header_cases: &[(&str, ErrorKind)] = &[
        (
            r#"{"alg":"HS256","alg":"HS256","typ":"JWT"}"#,
            MalformedToken,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","kid":"k1","kid":"k1"}"#,
            MalformedToken,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","x":{"a":1,"a":1}}"#,
            MalformedToken,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","x":[{"a":1,"a":1}]}"#,
            MalformedToken,
        ),
        (r#"{"alg":"HS256","typ":"JWT","x":1,"x":2}"#, MalformedToken),
        (r#"{"alg":"HS256","typ":"JWT",}"#, MalformedToken),
        (r#"{"alg":"HS256","typ":"JWT"} x"#, MalformedToken),
        (r#"["HS256"]"#, MalformedToken),
        (r#"{"typ":"JWT"}"#, MalformedToken),
        (r#"{"alg":256,"typ":"JWT"}"#, MalformedToken),
        (r#"{"alg":"none","typ":"JWT"}"#, AlgorithmNotAllowed),
        (r#"{"alg":"HS512","typ":"JWT"}"#, AlgorithmNotAllowed),
        (
            r#"{"alg":"HS256","typ":"JWT","crit":["exp"]}"#,
            UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","crit":[]}"#,
            UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","crit":null}"#,
            UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","crit":[1]}"#,
            UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","b64":false}"#,
            UnsupportedCriticalHeader,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","enc":"A128GCM"}"#,
            MalformedToken,
        ),
        (r#"{"alg":"HS256","typ":"JWT","zip":"DEF"}"#, MalformedToken),
        (r#"{"alg":"HS256","typ":"at+jwt"}"#, InvalidType),
        (r#"{"alg":"HS256"}"#, InvalidType),
        (r#"{"alg":"HS256","typ":["JWT"]}"#, MalformedToken),
        (r#"{"alg":"HS256","typ":"application/jwt"}"#, TokenExpired),
        (r#"{"alg":"HS256","typ":"JWT","kid":7}"#, MalformedToken),
        (
            r#"{"alg":"HS256","typ":"JWT","kid":"other"}"#,
            NoMatchingKey,
        ),
        (
            r#"{"alg":"HS256","typ":"JWT","kid":"k\u0031"}"#,
            TokenExpired,
        ),
    ];
    // `exp` in the past for the cases that pass the header checks, so that each status is distinct
    // from success.
    let expired = PAYLOAD.replace("1700000600", "1600000000");
    for (header, expected) in header_cases {
        assert_eq!(
            status(&v, &forge(header, &expired)),
            Some(*expected),
            "{header}"
        );
    }
    let p = |from: &str, to: &str| PAYLOAD.replacen(from, to, 1);
    let payload_cases: Vec<(String, ErrorKind)> = vec![
        (
            p(
                r#""exp":1700000600"#,
                r#""exp":1700000600,"exp":1700000600"#,
            ),
            MalformedToken,
        ),
        (p(r#""tid":"t""#, r#""tid":"t","tid":"t""#), MalformedToken),
        (p(r#""b":null"#, r#""b":null,"b":null"#), MalformedToken),
        (p(r#""more""#, r#""m\u006fre":1,"more""#), MalformedToken),
        (p("}", "},"), MalformedToken),
        (format!("{PAYLOAD}x"), MalformedToken),
        ("[]".into(), MalformedToken),
        ("\"s\"".into(), MalformedToken),
        (p("1700000600", "\"1700000600\""), InvalidClaim),
        (p("1700000600", "true"), InvalidClaim),
        (p("1700000600", "1e300"), InvalidClaim),
        (p("1700000600", "18446744073709551615"), InvalidClaim),
        (p("1700000600", "1700000600.9"), ErrorKind::Internal),
        (p("1699999000", "null"), InvalidClaim),
        (p("1699999900", "[1699999900]"), InvalidClaim),
        (p(r#""iss1""#, "1"), InvalidClaim),
        (p(r#""iss1""#, r#"["iss1"]"#), InvalidClaim),
        (p(r#""iss1""#, r#""iss2""#), InvalidIssuer),
        (p(r#"["x","aud1"]"#, r#"["x",1]"#), InvalidClaim),
        (p(r#"["x","aud1"]"#, r#"{"aud1":1}"#), InvalidClaim),
        (p(r#"["x","aud1"]"#, "[]"), InvalidAudience),
        (p(r#"["x","aud1"]"#, r#""aud1""#), ErrorKind::Internal),
        (p(r#""sub":"s""#, r#""sub":1"#), InvalidClaim),
        (p(r#""jti":"j""#, r#""jti":{}"#), InvalidClaim),
        (p(r#""tid":"t","#, ""), MissingClaim),
        (p(r#""exp":1700000600,"#, ""), MissingClaim),
        (p("1700000600", "1690000000"), TokenExpired),
        (p("1699999000", "1700009000"), TokenNotYetValid),
        (p("1699999900", "1690000000"), TokenTooOld),
        (p(r#""iat":1699999900,"#, ""), MissingClaim),
    ];
    for (payload, expected) in payload_cases {
        // `Internal` marks the cases that are valid.
        let expected = (expected != ErrorKind::Internal).then_some(expected);
        assert_eq!(status(&v, &forge(HEADER, &payload)), expected, "{payload}");
    }
}

#[test]
fn many_required_claims_and_members_are_found_on_both_paths() {
    let members: Vec<String> = (0..100).map(|i| format!(r#""c{i}":{i}"#)).collect();
    let payload = PAYLOAD.replacen('{', &format!("{{{},", members.join(",")), 1);
    let mut params = strict();
    params.required_claims = vec!["c0".into(), "c99".into(), "tid".into()];
    assert_eq!(
        status(&validator(params.clone()), &forge(HEADER, &payload)),
        None
    );
    params.required_claims.push("c100".into());
    assert_eq!(
        status(&validator(params), &forge(HEADER, &payload)),
        Some(ErrorKind::MissingClaim)
    );
    let repeated = payload.replacen("\"c99\":99", "\"c99\":99,\"c5\":5", 1);
    assert_eq!(
        status(&validator(strict()), &forge(HEADER, &repeated)),
        Some(ErrorKind::MalformedToken)
    );
}

/// What mutations insert: JSON punctuation, and pieces of member names and values.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    " ",
    "1",
    "-",
    ".",
    "e",
    "null",
    "true",
    "\"exp\":",
    "\"aud\":",
    "\"iss\":",
    "\"iat\":",
    "\"nbf\":",
    "\"sub\":",
    "\"jti\":",
    "\"tid\":",
    "\"typ\":",
    "\"kid\":",
    "\"crit\":",
    "\"alg\":",
    "\"HS256\"",
    "\"JWT\"",
    "\"aud1\"",
    "\"iss1\"",
    "1699999999",
    "\\u0041",
    "\u{e9}",
];

fn mutate(text: &str, edits: &[(usize, usize, u8)]) -> String {
    let mut s = text.to_owned();
    for &(at, piece, op) in edits {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match op {
            0 => s.insert_str(at, PIECES[piece % PIECES.len()]),
            _ if at < s.len() => {
                let end = (at + 1..=s.len()).find(|i| s.is_char_boundary(*i)).unwrap();
                if op == 1 {
                    s.replace_range(at..end, "");
                } else {
                    s.replace_range(at..end, PIECES[piece % PIECES.len()]);
                }
            }
            _ => {}
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Mutated headers and payloads, signed so that the signature passes: both paths give one status.
    #[test]
    fn mutated_tokens_get_one_status(
        in_header in any::<bool>(),
        edits in proptest::collection::vec((0usize..300, 0usize..64, 0u8..3), 1..5),
        relaxed in any::<bool>(),
    ) {
        let (header, payload) = if in_header {
            (mutate(HEADER, &edits), PAYLOAD.to_owned())
        } else {
            (HEADER.to_owned(), mutate(PAYLOAD, &edits))
        };
        let params = if relaxed {
            ValidationParams { validate_issuer: false, validate_audience: false, ..ValidationParams::default() }
        } else {
            strict()
        };
        status(&validator(params), &forge(&header, &payload));
    }
}
