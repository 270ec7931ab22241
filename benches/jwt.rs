//! KrJwt benchmarks (criterion).
//!
//! Run: `cargo bench --bench jwt` (a few minutes), then `python3 benchmarks/criterion-summary.py` for a
//! table of medians and ratios. Groups:
//!
//! - `sign/<ALG>/kr_jwt`          — `TokenBuilder::build` with a kept (parsed once) signer.
//! - `sign/<ALG>/jsonwebtoken`    — `jsonwebtoken::encode` with an `EncodingKey` made once from the same
//!   key; the crate re-parses the key material on every call, which is what the ratio shows.
//! - `validate/<ALG>/kr_jwt`      — `Validator::validate` (signature, issuer, audience, exp/nbf, typ).
//! - `validate/<ALG>/jsonwebtoken`— `jsonwebtoken::decode` with the same checks (issuer, audience, exp,
//!   nbf, 60 s leeway), into a JSON map like KrJwt returns.
//! - `signature/<ALG>/{kr_jwt_signer,jsonwebtoken_crypto}` — the signature alone over the same signing
//!   input, base64url-encoded: KrJwt's kept `Signer::sign` vs `jsonwebtoken::crypto::sign`, which builds
//!   its signer from the `EncodingKey` on every call. No JSON on either side: the kept-key effect only.
//! - `batch1000/<ALG>/{validate_many,loop}` — 1000 distinct tokens, `Validator::validate_many` (scoped
//!   threads from 64 tokens on, see `base::parallel`) against a plain loop over `Validator::validate`;
//!   `batch100/HS256/…` the same for 100 tokens, just over the threshold.
//!
//! - `floor/<ALG>/{aws_lc_verify,kr_jwt_status,kr_jwt_claims}` — the signature alone with aws-lc-rs and
//!   a key parsed once, against `Validator::validate_status` and `Validator::validate` of that token.
//!   `batch*/…/{validate_many_status,loop_status}` — the batch and the loop without claims maps.
//!
//! - `remote/<ALG>/{static_keys,warm_remote_source}` — `Validator::validate` with the keys given
//!   statically vs the same keys from a warm remote key source (`Validator::remote`, the set fetched
//!   once before measuring from an in-memory fetcher); `source_lookup_only` is the source's per-token
//!   work alone (`keys_for(kid)` on the warm set).
//!
//! - `events/HS256/{unobserved,counters,sink_registered,log_success}` — what observing a validation
//!   costs: the verdict alone (`validate_unobserved`) vs `validate` with the always-on counters, with a
//!   log sink registered (a valid token makes no event by default), and with success events on (one
//!   JSON event per token, handed to a sink that drops it); `observe_success_only` is what observing a
//!   success adds, alone (`Audit::observe`: the counters and rate buckets).
//!
//! jsonwebtoken 11 has no ES512, so ES512 is measured for KrJwt only. Before measuring, each pair is
//! cross-checked: KrJwt validates the jsonwebtoken token and jsonwebtoken decodes the KrJwt token, so both
//! sides do the same work on the same key.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use kr_jwt_core::{Algorithm, Key, TokenBuilder, ValidationParams, Validator, VerificationKey};
use serde::Serialize;
use serde_json::{Map, Value, json};

const ISSUER: &str = "https://issuer.example.com";
const AUDIENCE: &str = "api://orders";
const SUBJECT: &str = "user-4711";
const LIFETIME: i64 = 3600;

/// The payload jsonwebtoken signs: the same members, in the same order, as KrJwt's builder writes.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    name: &'a str,
    role: &'a str,
    tenant: &'a str,
    nbf: u64,
    exp: u64,
    iat: u64,
}

fn claims_now() -> Claims<'static> {
    let now = jsonwebtoken::get_current_timestamp();
    Claims {
        iss: ISSUER,
        sub: SUBJECT,
        aud: AUDIENCE,
        name: "Jane Doe",
        role: "admin",
        tenant: "contoso",
        nbf: now,
        exp: now + LIFETIME as u64,
        iat: now,
    }
}

struct Case {
    alg: Algorithm,
    builder: TokenBuilder,
    validator: Validator,
    token: String,
    /// `None` where jsonwebtoken lacks the algorithm (ES512).
    jwt: Option<JwtSide>,
}

struct JwtSide {
    header: Header,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    token: String,
}

/// A fixed 32-byte HMAC secret (HS256's minimum), shared by both sides.
fn hmac_secret() -> Vec<u8> {
    (0u8..32)
        .map(|b| b.wrapping_mul(37).wrapping_add(11))
        .collect()
}

fn key_for(alg: Algorithm) -> Key {
    match alg {
        Algorithm::HS256 => Key::secret(&hmac_secret()).expect("secret"),
        Algorithm::RS256 | Algorithm::PS256 => {
            kr_jwt_core::key::generate("RSA", 2048).expect("rsa")
        }
        Algorithm::ES256 => kr_jwt_core::key::generate("EC", 256).expect("p256"),
        Algorithm::ES384 => kr_jwt_core::key::generate("EC", 384).expect("p384"),
        Algorithm::ES512 => kr_jwt_core::key::generate("EC", 521).expect("p521"),
        Algorithm::EdDSA => kr_jwt_core::key::generate("Ed25519", 0).expect("ed25519"),
        other => panic!("no bench key for {}", other.name()),
    }
}

fn typical_builder(key: &Key, alg: Algorithm) -> TokenBuilder {
    let mut b = TokenBuilder::new();
    b.set_issuer(ISSUER).unwrap();
    b.add_audience(AUDIENCE).unwrap();
    b.set_subject(SUBJECT).unwrap();
    b.add_claim("name", json!("Jane Doe")).unwrap();
    b.add_claim("role", json!("admin")).unwrap();
    b.add_claim("tenant", json!("contoso")).unwrap();
    b.limit_validity(LIFETIME as f64).unwrap();
    b.protect(key, Some(alg), None).unwrap();
    b
}

fn validator_for(key: &Key, alg: Algorithm) -> Validator {
    Validator::new(
        ValidationParams {
            valid_issuers: vec![ISSUER.into()],
            valid_audiences: vec![AUDIENCE.into()],
            valid_algorithms: vec![alg.name().into()],
            ..ValidationParams::default()
        },
        vec![VerificationKey::from_key(key)],
    )
    .expect("validator")
}

fn jwt_side(key: &Key, alg: Algorithm) -> Option<JwtSide> {
    use jsonwebtoken::Algorithm as J;
    let jalg = match alg {
        Algorithm::HS256 => J::HS256,
        Algorithm::RS256 => J::RS256,
        Algorithm::PS256 => J::PS256,
        Algorithm::ES256 => J::ES256,
        Algorithm::ES384 => J::ES384,
        Algorithm::EdDSA => J::EdDSA,
        _ => return None,
    };
    let (encoding, decoding) = if alg == Algorithm::HS256 {
        let secret = hmac_secret();
        (
            EncodingKey::from_secret(&secret),
            DecodingKey::from_secret(&secret),
        )
    } else {
        let private = kr_jwt_core::key::to_pem(key, true).unwrap();
        let public = kr_jwt_core::key::to_pem(key, false).unwrap();
        let (p, q) = (private.as_bytes(), public.as_bytes());
        match alg {
            Algorithm::RS256 | Algorithm::PS256 => (
                EncodingKey::from_rsa_pem(p).unwrap(),
                DecodingKey::from_rsa_pem(q).unwrap(),
            ),
            Algorithm::EdDSA => (
                EncodingKey::from_ed_pem(p).unwrap(),
                DecodingKey::from_ed_pem(q).unwrap(),
            ),
            _ => (
                EncodingKey::from_ec_pem(p).unwrap(),
                DecodingKey::from_ec_pem(q).unwrap(),
            ),
        }
    };
    let mut header = Header::new(jalg);
    header.typ = Some("JWT".into());
    // KrJwt writes the key's kid (its RFC 7638 thumbprint for asymmetric keys) and its validator only
    // tries a kid-bearing key on tokens naming that kid, so jsonwebtoken's header carries it too.
    header.kid = key.kid().map(str::to_owned);
    let mut validation = Validation::new(jalg);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.validate_nbf = true;
    validation.leeway = 60;
    let token =
        jsonwebtoken::encode(&header, &claims_now(), &encoding).expect("jsonwebtoken encode");
    Some(JwtSide {
        header,
        encoding,
        decoding,
        validation,
        token,
    })
}

fn case(alg: Algorithm) -> Case {
    let key = key_for(alg);
    let builder = typical_builder(&key, alg);
    let validator = validator_for(&key, alg);
    let token = builder.build().unwrap().token().to_owned();
    validator
        .validate(&token)
        .expect("KrJwt validates its own token");
    let jwt = jwt_side(&key, alg);
    if let Some(j) = &jwt {
        // Apples to apples: each side accepts the other's token.
        let theirs = validator
            .validate(&j.token)
            .unwrap_or_else(|e| panic!("{}: KrJwt refused jsonwebtoken's token: {e}", alg.name()));
        assert_eq!(theirs["tenant"], "contoso");
        let ours = jsonwebtoken::decode::<Map<String, Value>>(&token, &j.decoding, &j.validation)
            .unwrap_or_else(|e| panic!("{}: jsonwebtoken refused KrJwt's token: {e}", alg.name()));
        assert_eq!(ours.claims["tenant"], "contoso");
    }
    Case {
        alg,
        builder,
        validator,
        token,
        jwt,
    }
}

const ALGS: [Algorithm; 7] = [
    Algorithm::HS256,
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::ES512,
    Algorithm::EdDSA,
];

fn sign_and_validate(c: &mut Criterion) {
    for alg in ALGS {
        let case = case(alg);
        let name = case.alg.name();

        let mut g = c.benchmark_group(format!("sign/{name}"));
        g.bench_function("kr_jwt", |b| {
            b.iter(|| black_box(case.builder.build().unwrap()))
        });
        if let Some(j) = &case.jwt {
            g.bench_function("jsonwebtoken", |b| {
                b.iter(|| {
                    black_box(jsonwebtoken::encode(&j.header, &claims_now(), &j.encoding).unwrap())
                })
            });
        }
        g.finish();

        let signer = case.builder.signer().expect("protected").clone();
        let input = {
            let t = &case.token;
            t.as_bytes()[..t.rfind('.').unwrap()].to_vec()
        };
        let mut g = c.benchmark_group(format!("signature/{name}"));
        g.bench_function("kr_jwt_signer", |b| {
            b.iter(|| {
                black_box(kr_jwt_core::base::json::b64url_encode(
                    &signer.sign(black_box(&input)).unwrap(),
                ))
            })
        });
        if let Some(j) = &case.jwt {
            g.bench_function("jsonwebtoken_crypto", |b| {
                b.iter(|| {
                    black_box(
                        jsonwebtoken::crypto::sign(black_box(&input), &j.encoding, j.header.alg)
                            .unwrap(),
                    )
                })
            });
        }
        g.finish();

        let mut g = c.benchmark_group(format!("validate/{name}"));
        g.bench_function("kr_jwt", |b| {
            b.iter(|| black_box(case.validator.validate(black_box(&case.token)).unwrap()))
        });
        if let Some(j) = &case.jwt {
            g.bench_function("jsonwebtoken", |b| {
                b.iter(|| {
                    black_box(
                        jsonwebtoken::decode::<Map<String, Value>>(
                            black_box(&j.token),
                            &j.decoding,
                            &j.validation,
                        )
                        .unwrap(),
                    )
                })
            });
        }
        g.finish();
    }
}

fn batch(c: &mut Criterion) {
    // 100 HS256 tokens: the cheapest tokens in a batch just over the threshold, where starting a thread
    // weighs most against the work it takes over.
    for (alg, n) in [
        (Algorithm::HS256, 1000),
        (Algorithm::ES256, 1000),
        (Algorithm::HS256, 100),
    ] {
        let key = key_for(alg);
        let base = typical_builder(&key, alg);
        let validator = validator_for(&key, alg);
        let tokens: Vec<String> = (0..n)
            .map(|i| {
                let mut b = base.clone();
                b.set_subject(&format!("user-{i}")).unwrap();
                b.build().unwrap().token().to_owned()
            })
            .collect();
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        assert!(validator.validate_many(&refs).iter().all(Result::is_ok));

        let mut g = c.benchmark_group(format!("batch{n}/{}", alg.name()));
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::from_parameter("validate_many"), |b| {
            b.iter(|| {
                let out = validator.validate_many(black_box(&refs));
                assert_eq!(out.len(), n);
                black_box(out)
            })
        });
        g.bench_function(BenchmarkId::from_parameter("loop"), |b| {
            b.iter(|| {
                let out: Vec<_> = refs.iter().map(|t| validator.validate(t)).collect();
                assert_eq!(out.len(), n);
                black_box(out)
            })
        });
        g.bench_function(BenchmarkId::from_parameter("validate_many_status"), |b| {
            b.iter(|| {
                let out = validator.validate_many_status(black_box(&refs));
                assert_eq!(out.len(), n);
                black_box(out)
            })
        });
        g.bench_function(BenchmarkId::from_parameter("loop_status"), |b| {
            b.iter(|| {
                let out: Vec<_> = refs.iter().map(|t| validator.validate_status(t)).collect();
                assert_eq!(out.len(), n);
                black_box(out)
            })
        });
        g.finish();
    }
}

/// aws-lc-rs verifying one token's signature over the given signing input.
type FloorVerify = Box<dyn Fn(&[u8]) -> bool>;

/// One algorithm's signature floor: aws-lc-rs verifying a token's signature with a key parsed once
/// (`verify`), and the validator and token KrJwt validates.
struct FloorCase {
    alg: Algorithm,
    validator: Validator,
    token: String,
    verify: FloorVerify,
}

fn floor_cases() -> Vec<FloorCase> {
    use aws_lc_rs::signature::{self as sig, ParsedPublicKey};
    let algs = [
        Algorithm::ES256,
        Algorithm::EdDSA,
        Algorithm::RS256,
        Algorithm::HS256,
    ];
    algs.into_iter()
        .map(|alg| {
            let key = key_for(alg);
            let validator = validator_for(&key, alg);
            let token = typical_builder(&key, alg)
                .build()
                .unwrap()
                .token()
                .to_owned();
            let (input, signature) = token.rsplit_once('.').unwrap();
            let signature = kr_jwt_core::base::json::b64url_decode(signature).unwrap();
            let verify: FloorVerify = if alg == Algorithm::HS256 {
                let hmac = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &hmac_secret());
                Box::new(move |input| aws_lc_rs::hmac::verify(&hmac, input, &signature).is_ok())
            } else {
                let spki = kr_jwt_core::key::spki_der(&key).unwrap();
                let verification: &'static dyn sig::VerificationAlgorithm = match alg {
                    Algorithm::ES256 => &sig::ECDSA_P256_SHA256_FIXED,
                    Algorithm::EdDSA => &sig::ED25519,
                    _ => &sig::RSA_PKCS1_2048_8192_SHA256,
                };
                let parsed = ParsedPublicKey::new(verification, &spki).expect("parsed key");
                Box::new(move |input| parsed.verify_sig(input, &signature).is_ok())
            };
            assert!(verify(input.as_bytes()));
            FloorCase {
                alg,
                validator,
                token,
                verify,
            }
        })
        .collect()
}

/// The signature floor (issue 18): aws-lc-rs verifying the token's signature with a key parsed once,
/// against KrJwt validating the same token, status only (`validate_status`) and with the claims map
/// (`validate`).
fn floor(c: &mut Criterion) {
    for case in floor_cases() {
        let input = case.token.rsplit_once('.').unwrap().0.to_owned();
        let mut g = c.benchmark_group(format!("floor/{}", case.alg.name()));
        g.bench_function("aws_lc_verify", |b| {
            b.iter(|| (case.verify)(black_box(input.as_bytes())))
        });
        g.bench_function("kr_jwt_status", |b| {
            b.iter(|| {
                case.validator
                    .validate_status(black_box(&case.token))
                    .unwrap()
            })
        });
        g.bench_function("kr_jwt_claims", |b| {
            b.iter(|| black_box(case.validator.validate(black_box(&case.token)).unwrap()))
        });
        g.finish();
    }
}

/// The same floor measured alternately (`KRJWT_FLOOR_AB=1 cargo bench --bench jwt`): per sample, a
/// block of aws-lc-rs verifications then a block of `validate_status` of the same token (the order
/// swapped every sample), 41 samples; the median of the per-sample ratios is printed. Criterion runs
/// its benchmarks one after the other, which on a shared machine puts the drift between them into the
/// ratio.
fn floor_alternating() {
    const SAMPLES: usize = 41;
    let cases = floor_cases();
    for case in &cases {
        let input = case.token.rsplit_once('.').unwrap().0.to_owned();
        let block = if case.alg == Algorithm::HS256 {
            20_000
        } else {
            400
        };
        let time = |f: &dyn Fn()| {
            let start = std::time::Instant::now();
            for _ in 0..block {
                f();
            }
            start.elapsed().as_nanos() as f64 / block as f64
        };
        let floor = || assert!((case.verify)(black_box(input.as_bytes())));
        let status = || {
            case.validator
                .validate_status(black_box(&case.token))
                .unwrap()
        };
        let (mut floors, mut ours, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for s in 0..SAMPLES {
            let (f, o) = if s % 2 == 0 {
                let f = time(&floor);
                (f, time(&status))
            } else {
                let o = time(&status);
                (time(&floor), o)
            };
            floors.push(f);
            ours.push(o);
            ratios.push(o / f);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        println!(
            "floor/{:6} aws-lc-rs verify {:9.0} ns  validate_status {:9.0} ns  validate_status / floor {:.3}",
            case.alg.name(),
            median(&mut floors),
            median(&mut ours),
            median(&mut ratios)
        );
    }
    rsa_next_to_validation(&cases, SAMPLES);
}

/// Whether RSA verification slows down next to the rest of a validation: per sample, blocks of (a) the
/// RS256 floor, (b) HS256 `validate_status` (a validation's own work plus a 0.4 µs HMAC), (c) both in one
/// loop, one of each per iteration, and (d) RS256 `validate_status`. If (c) costs more than (a) + (b),
/// the two slow each other down (caches, branch predictors); (d) against (a) + (b) − the HMAC floor is
/// what the HS256 fixed cost predicts for RS256.
fn rsa_next_to_validation(cases: &[FloorCase], samples: usize) {
    let find = |alg| cases.iter().find(|c| c.alg == alg).expect("case");
    let (rsa, hs) = (find(Algorithm::RS256), find(Algorithm::HS256));
    let rsa_input = rsa.token.rsplit_once('.').unwrap().0.to_owned();
    let hs_input = hs.token.rsplit_once('.').unwrap().0.to_owned();
    const BLOCK: usize = 400;
    let time = |f: &dyn Fn()| {
        let start = std::time::Instant::now();
        for _ in 0..BLOCK {
            f();
        }
        start.elapsed().as_nanos() as f64 / BLOCK as f64
    };
    let floor = || assert!((rsa.verify)(black_box(rsa_input.as_bytes())));
    let hmac = || assert!((hs.verify)(black_box(hs_input.as_bytes())));
    let hs_status = || hs.validator.validate_status(black_box(&hs.token)).unwrap();
    let both = || {
        floor();
        hs_status();
    };
    let rs_status = || {
        rsa.validator
            .validate_status(black_box(&rsa.token))
            .unwrap()
    };
    let rows: [&dyn Fn(); 5] = [&floor, &hs_status, &both, &rs_status, &hmac];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); rows.len()];
    for s in 0..samples {
        for k in 0..rows.len() {
            let i = (k + s) % rows.len();
            times[i].push(time(rows[i]));
        }
    }
    let m: Vec<f64> = times
        .iter_mut()
        .map(|v| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        })
        .collect();
    println!(
        "floor/RS256 next to a validation: RSA verify {:.0} ns, HS256 validate_status {:.0} ns (HMAC {:.0} ns), \
         both in one loop {:.0} ns (sum {:.0}: {:+.0} ns); RS256 validate_status {:.0} ns, predicted from the \
         HS256 fixed cost {:.0} ns ({:+.0} ns)",
        m[0],
        m[1],
        m[4],
        m[2],
        m[0] + m[1],
        m[2] - m[0] - m[1],
        m[3],
        m[0] + m[1] - m[4],
        m[3] - (m[0] + m[1] - m[4])
    );
}

/// Static keys vs the same keys through a warm remote key source, same parameters and token.
fn remote_vs_static(c: &mut Criterion) {
    use kr_jwt_core::remote::{FetchError, FetchRequest, FetchResponse};
    for alg in [Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA] {
        let key = key_for(alg);
        let token = typical_builder(&key, alg)
            .build()
            .unwrap()
            .token()
            .to_string();
        let statik = validator_for(&key, alg);
        let body = kr_jwt_core::key::to_jwks(std::slice::from_ref(&key))
            .unwrap()
            .to_string()
            .into_bytes();
        let fetcher = move |_: &FetchRequest| -> Result<FetchResponse, FetchError> {
            Ok(FetchResponse {
                status: 200,
                body: body.clone(),
                ..Default::default()
            })
        };
        let params = json!({
            "jwks_uri": "https://keys.example/jwks",
            "valid_issuers": [ISSUER],
            "valid_audiences": [AUDIENCE],
            "valid_algorithms": [alg.name()],
            "jwks_cache_max_age_seconds": 86400,
        });
        let remote = Validator::remote(&params.to_string(), std::sync::Arc::new(fetcher)).unwrap();
        remote
            .validate(&token)
            .expect("remote validates (and is warm)");
        statik.validate(&token).expect("static validates");
        let mut g = c.benchmark_group(format!("remote/{}", alg.name()));
        g.bench_function("static_keys", |b| {
            b.iter(|| black_box(statik.validate(black_box(&token)).unwrap()))
        });
        g.bench_function("warm_remote_source", |b| {
            b.iter(|| black_box(remote.validate(black_box(&token)).unwrap()))
        });
        // What the remote source adds per token, alone: the lookup of the current set by kid.
        let source = remote.key_source().unwrap();
        let kid = key.kid().unwrap().to_string();
        g.bench_function("source_lookup_only", |b| {
            b.iter(|| black_box(source.keys_for(Some(black_box(&kid))).unwrap()))
        });
        g.finish();
        assert_eq!(
            remote.key_source_status().unwrap().fetches_ok,
            1,
            "stayed warm"
        );
    }
}

fn events(c: &mut Criterion) {
    use kr_jwt_core::audit::EventOptions;
    let alg = Algorithm::HS256;
    let key = key_for(alg);
    let token = typical_builder(&key, alg)
        .build()
        .unwrap()
        .token()
        .to_owned();
    let counting = validator_for(&key, alg);
    let drop_event = || -> kr_jwt_core::audit::Sink {
        std::sync::Arc::new(|line: &str, _| {
            black_box(line);
        })
    };
    let with_sink = validator_for(&key, alg);
    with_sink.audit().set_sink(Some(drop_event()));
    let logging = validator_for(&key, alg);
    logging.audit().set_sink(Some(drop_event()));
    logging
        .audit()
        .set_options(EventOptions {
            log_success: true,
            ..EventOptions::default()
        })
        .unwrap();
    let mut g = c.benchmark_group(format!("events/{}", alg.name()));
    g.bench_function("unobserved", |b| {
        b.iter(|| black_box(counting.validate_unobserved(black_box(&token)).unwrap()))
    });
    g.bench_function("counters", |b| {
        b.iter(|| black_box(counting.validate(black_box(&token)).unwrap()))
    });
    g.bench_function("sink_registered", |b| {
        b.iter(|| black_box(with_sink.validate(black_box(&token)).unwrap()))
    });
    g.bench_function("log_success", |b| {
        b.iter(|| black_box(logging.validate(black_box(&token)).unwrap()))
    });
    // What observing a success adds, alone: the counters and rate buckets (no sink, no replay).
    let claims = counting.validate(&token).unwrap();
    let now = 1_800_000_000;
    g.bench_function("observe_success_only", |b| {
        b.iter(|| {
            counting.audit().observe(
                black_box(&token),
                now,
                &kr_jwt_core::audit::Origin::SINGLE,
                Ok(black_box(&claims)),
            )
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(700))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = sign_and_validate, batch, remote_vs_static, events, floor
}
fn main() {
    if std::env::var_os("KRJWT_FLOOR_AB").is_some() {
        floor_alternating();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
