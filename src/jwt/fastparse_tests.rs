//! The typed parse against `base::json::parse_strict`: the same documents are refused, and every kept
//! member is classified as its `serde_json::Value` says.

use super::*;
use crate::base::json::parse_strict;
use proptest::prelude::*;

/// Parses `doc` both ways and requires the same outcome.
fn agree(doc: &[u8]) {
    let slow = parse_strict(doc);
    let fast = parse(doc, CLAIMS, "payload");
    match (&slow, &fast) {
        (Ok(Value::Object(map)), Ok(fast)) => {
            for name in CLAIMS {
                let from_map = Members::from_map(map, CLAIMS);
                assert_eq!(
                    fast.get(name),
                    from_map.get(name),
                    "{name} in {}",
                    String::from_utf8_lossy(doc)
                );
            }
            assert_eq!(fast.present.len(), map.len());
            assert!(map.keys().all(|k| fast.has(k)));
        }
        (Ok(_), Err(e)) => assert!(
            e.to_string().contains("not a JSON object"),
            "{e}: {}",
            String::from_utf8_lossy(doc)
        ),
        (Err(_), Err(e)) => assert!(e.to_string().contains("not valid JSON"), "{e}"),
        _ => panic!(
            "slow {:?}, fast ok, for {}",
            slow.map(|_| ()),
            String::from_utf8_lossy(doc)
        ),
    }
}

const SAMPLE: &str = r#"{"iss":"https://issuer.example.com","sub":"user-4711","aud":["api://orders","x\u0041"],"name":"Jane \"D\" Doe","roles":{"admin":true,"n":[1,2.5,-3e2,null]},"nbf":1700000000,"exp":1700003600.75,"iat":18446744073709551615,"jti":"é"}"#;

#[test]
fn a_typical_payload_is_read_as_parse_strict_reads_it() {
    agree(SAMPLE.as_bytes());
    let fast = parse(SAMPLE.as_bytes(), CLAIMS, "payload").unwrap();
    assert_eq!(fast.get("nbf"), Some(&Member::Int(1_700_000_000)));
    assert!(matches!(fast.get("aud"), Some(Member::Strings(a)) if a[1] == "xA"));
    assert!(matches!(
        fast.get("iss"),
        Some(Member::Str(Cow::Borrowed(_)))
    ));
}

#[test]
fn table_of_documents() {
    for doc in [
        r#"{"exp":1,"exp":2}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"a":{"b":1,"b":2}}"#,
        r#"{"x":[{"b":1,"b":1}]}"#,
        r#"{"aud":[{"b":1,"b":1}]}"#,
        r#"{"aud":["a",{"b":1,"b":1}]}"#,
        r#"{"exp":{"b":1,"b":1}}"#,
        r#"{"a\u0041":1,"aA":2}"#,
        r#"{"exp":"1"}"#,
        r#"{"exp":true,"nbf":null,"iat":[1]}"#,
        r#"{"aud":[]}"#,
        r#"{"aud":["a",1]}"#,
        r#"{"aud":{"a":1}}"#,
        r#"{"iss":1,"sub":[],"jti":{}}"#,
        r#"{"exp":1e400}"#,
        r#"{"exp":-0.5,"nbf":1e15,"iat":-9223372036854775808}"#,
        r#"{"exp":1,}"#,
        r#"{"exp":01}"#,
        r#"{'exp':1}"#,
        r#"{"exp":NaN}"#,
        r#"{"exp":1} x"#,
        r#"{"exp":1}{}"#,
        r#"[1,{"a":1,"a":1}]"#,
        r#"[1]"#,
        r#""text""#,
        "3",
        "null",
        "",
        "{",
        " {\"a\" : 1 } ",
        "{\"a\":\"\u{1}\"}",
        "{\"a\":\"\\ud800\"}",
    ] {
        agree(doc.as_bytes());
    }
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
    agree(deep.as_bytes());
    assert!(parse("[".repeat(100_000).as_bytes(), CLAIMS, "payload").is_err());
}

#[test]
fn many_members_still_refuse_a_repeated_name() {
    for n in [SCAN_LIMIT - 1, SCAN_LIMIT, SCAN_LIMIT + 1, 200] {
        let members: Vec<String> = (0..n).map(|i| format!("\"m{i}\":{i}")).collect();
        let ok = format!("{{{}}}", members.join(","));
        agree(ok.as_bytes());
        assert!(parse(ok.as_bytes(), CLAIMS, "payload").is_ok());
        for repeated in [0, n - 1] {
            let bad = format!("{{{},\"m{repeated}\":0}}", members.join(","));
            agree(bad.as_bytes());
            assert!(parse(bad.as_bytes(), CLAIMS, "payload").is_err(), "{n}");
            let nested = format!("{{\"x\":{bad}}}");
            assert!(parse(nested.as_bytes(), CLAIMS, "payload").is_err(), "{n}");
        }
    }
}

/// Bytes that JSON payloads are made of, so that mutations often stay close to valid JSON.
const ALPHABET: &[u8] = br#"{}[]:,"\ 0123456789.eE+-aexpnbfiatudsjtrlu"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Mutated payloads: both parsers accept or refuse alike, and classify the kept members alike.
    #[test]
    fn mutated_payloads_agree(
        edits in proptest::collection::vec((0usize..400, 0usize..ALPHABET.len(), 0u8..3), 1..6)
    ) {
        let mut doc = SAMPLE.as_bytes().to_vec();
        for (at, byte, op) in edits {
            let at = at % (doc.len() + 1);
            match op {
                0 => doc.insert(at, ALPHABET[byte]),
                1 if at < doc.len() => { doc.remove(at); }
                _ if at < doc.len() => doc[at] = ALPHABET[byte],
                _ => {}
            }
        }
        agree(&doc);
    }

    /// Arbitrary JSON values built by serde_json (with repeated names spliced in) agree too.
    #[test]
    fn generated_documents_agree(
        names in proptest::collection::vec(prop_oneof![
            Just("exp"), Just("aud"), Just("iss"), Just("x"), Just("sub")
        ], 0..8),
        values in proptest::collection::vec(prop_oneof![
            Just("1"), Just("-2.5"), Just("\"s\""), Just("[\"a\",\"b\"]"), Just("[1,\"a\"]"),
            Just("{\"k\":1}"), Just("{\"k\":1,\"k\":2}"), Just("true"), Just("null"), Just("[]"),
            Just("18446744073709551616"), Just("1e15")
        ], 8)
    ) {
        let members: Vec<String> = names
            .iter()
            .zip(&values)
            .map(|(n, v)| format!("\"{n}\":{v}"))
            .collect();
        agree(format!("{{{}}}", members.join(",")).as_bytes());
    }
}
