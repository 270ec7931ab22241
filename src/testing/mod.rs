//! Hostile tokens FOR TESTS: tokens that differ from one a builder would issue by exactly one defect, so
//! that a service's refusal paths can be tested (`New-KrJWTTestToken`, `Get-KrJWTTestTokenSet`). Each is
//! signed with the builder's own key wherever the defect allows, so the defect is the only reason to
//! refuse it. The expected reasons are what a validator made from the builder's result (its issuer,
//! audiences, algorithm and key, the default size cap, `exp` required) reports; `tests/test_tokens.rs`
//! checks each against [`crate::Validator`].

use serde_json::{Map, Value, json};

use crate::base::error::{Error, ErrorKind, Result, err};
use crate::base::json::{b64url_decode, b64url_encode};
use crate::base::text::printable;
use crate::base::time::unix_now;
use crate::bearer::http_status;
use crate::jwa::defaults::{DEFAULT_MAX_TOKEN_BYTES, MAX_CLOCK_SKEW_SECONDS};
use crate::jwa::signing::{Algorithm, Family};
use crate::jws::Signer;
use crate::jwt::builder::TokenBuilder;
use crate::key::{Key, generate_for};

/// How far outside its validity window a time defect puts a token: beyond the largest clock skew a
/// validator may have, by an hour.
pub const TIME_MARGIN_SECONDS: i64 = MAX_CLOCK_SKEW_SECONDS as i64 + 3600;

/// The header member a `CritUnknown` token marks critical (no implementation understands it).
pub const UNKNOWN_CRITICAL: &str = "krjwt-test-unknown-extension";

macro_rules! defects {
    ($($(#[$doc:meta])* $name:ident => $reason:ident),* $(,)?) => {
        /// One defect of a hostile test token, with the reason KrJwt refuses it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Defect {
            $($(#[$doc])* $name,)*
        }

        impl Defect {
            pub const ALL: &'static [Defect] = &[$(Defect::$name,)*];

            pub const fn name(self) -> &'static str {
                match self {
                    $(Defect::$name => stringify!($name),)*
                }
            }

            /// The status a validator made from the builder's result refuses the token with.
            pub const fn expected_reason(self) -> ErrorKind {
                match self {
                    $(Defect::$name => ErrorKind::$reason,)*
                }
            }
        }
    };
}

defects! {
    /// The whole validity window moved into the past: `exp` is [`TIME_MARGIN_SECONDS`] ago.
    Expired => TokenExpired,
    /// `nbf` and `exp` moved [`TIME_MARGIN_SECONDS`] into the future (`iat` stays now).
    NotYetValid => TokenNotYetValid,
    /// `iss` is the builder's issuer with `-wrong` appended.
    WrongIssuer => InvalidIssuer,
    /// Every `aud` value has `-wrong` appended.
    WrongAudience => InvalidAudience,
    /// A valid token whose payload was changed after signing (`sub` gets `-tampered`, or a `tampered`
    /// claim is added when there is no subject); header and signature are the valid token's.
    TamperedPayload => InvalidSignature,
    /// A valid token with one bit of its signature flipped.
    TamperedSignature => InvalidSignature,
    /// `alg: none` and an empty signature (RFC 7519 §6 unsecured JWT).
    AlgNone => MalformedToken,
    /// `alg: HS256` keyed with the PEM text of the builder's public key: the classic key-confusion attack.
    AlgConfusion => AlgorithmNotAllowed,
    /// `kid` is the builder's key id with `-unknown` appended, still signed with the builder's key.
    UnknownKid => NoMatchingKey,
    /// Signed with a freshly generated key of the same algorithm (same header, same `kid`).
    WrongKey => InvalidSignature,
    /// No `exp` claim.
    MissingExp => MissingClaim,
    /// The payload's first member written twice (same value): strict JSON refuses duplicate members.
    DuplicateClaim => MalformedToken,
    /// A `padding` claim that makes the token larger than the default 256 KiB cap.
    Oversized => TokenTooLarge,
    /// `crit` names a header member no implementation understands.
    CritUnknown => UnsupportedCriticalHeader,
}

impl Defect {
    /// Case-insensitive.
    pub fn parse(name: &str) -> Result<Defect> {
        Defect::ALL
            .iter()
            .copied()
            .find(|d| d.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Defect::ALL.iter().map(|d| d.name()).collect();
                err!(
                    InvalidArgument,
                    "unknown test token defect '{}'; expected one of {}",
                    printable(name),
                    names.join(", ")
                )
            })
    }

    /// The HTTP status a bearer service refuses the token with (RFC 6750 §3.1, [`http_status`]).
    pub fn expected_http_status(self) -> u16 {
        http_status(Some(&Error::new(self.expected_reason(), "")), false)
    }
}

/// A hostile token and what refusing it looks like.
#[derive(Debug, Clone)]
pub struct TestToken {
    pub defect: Defect,
    pub token: String,
}

impl TestToken {
    pub fn to_json(&self) -> Value {
        json!({
            "defect": self.defect.name(),
            "token": self.token,
            "expected_reason": self.defect.expected_reason().name(),
            "expected_http_status": self.defect.expected_http_status(),
        })
    }
}

/// Why `defect` cannot be made from `builder` (it would not be a defect for a validator made from the
/// builder's result), or `None` when it can.
pub fn inapplicable(builder: &TokenBuilder, defect: Defect) -> Option<&'static str> {
    let signer = builder.signer()?;
    match defect {
        Defect::WrongIssuer if builder.issuer().is_none() => {
            Some("the builder has no issuer, so no issuer is wrong")
        }
        Defect::WrongAudience if builder.audiences().is_empty() => {
            Some("the builder has no audience, so no audience is wrong")
        }
        Defect::AlgConfusion if signer.algorithm().family() == Family::Hmac => {
            Some("the builder signs with an HMAC secret: key confusion needs a public key")
        }
        Defect::UnknownKid if signer.kid().is_none() => Some(
            "the builder's key has no key id: a validator's key without one is tried for any kid",
        ),
        _ => None,
    }
}

/// The hostile token for one defect, built at the current time.
pub fn test_token(builder: &TokenBuilder, defect: Defect) -> Result<TestToken> {
    test_token_at(builder, defect, unix_now())
}

/// [`test_token`] with `now` as the build time (deterministic tests).
pub fn test_token_at(builder: &TokenBuilder, defect: Defect, now: i64) -> Result<TestToken> {
    let valid = builder.build_at(now)?;
    if valid.is_encrypted() {
        return Err(err!(
            InvalidArgument,
            "test tokens are signed tokens: make them from a builder without payload encryption"
        ));
    }
    if let Some(why) = inapplicable(builder, defect) {
        return Err(err!(
            InvalidArgument,
            "a {} test token cannot be made: {why}",
            defect.name()
        ));
    }
    let signer = builder
        .signer()
        .ok_or_else(|| err!(NotProtected, "no key"))?;
    let mut header = valid.header().clone();
    let mut payload = valid.payload().clone();
    let token = match defect {
        Defect::Expired => {
            let shift = time(&payload, "exp") - now + TIME_MARGIN_SECONDS;
            for name in ["nbf", "exp", "iat"] {
                payload.insert(name.into(), (time(&payload, name) - shift).into());
            }
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::NotYetValid => {
            let shift = now - time(&payload, "nbf") + TIME_MARGIN_SECONDS;
            for name in ["nbf", "exp"] {
                payload.insert(name.into(), (time(&payload, name) + shift).into());
            }
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::WrongIssuer => {
            let iss = format!("{}-wrong", builder.issuer().unwrap_or_default());
            payload.insert("iss".into(), iss.into());
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::WrongAudience => {
            let wrong =
                |a: &Value| Value::from(format!("{}-wrong", a.as_str().unwrap_or_default()));
            let aud = match &payload["aud"] {
                Value::Array(items) => Value::Array(items.iter().map(wrong).collect()),
                one => wrong(one),
            };
            payload.insert("aud".into(), aud);
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::TamperedPayload => {
            match payload.get("sub").and_then(Value::as_str) {
                Some(sub) => payload.insert("sub".into(), format!("{sub}-tampered").into()),
                None => payload.insert("tampered".into(), true.into()),
            };
            let (head, rest) = valid.token().split_once('.').unwrap_or_default();
            let signature = rest.rsplit_once('.').map_or("", |(_, s)| s);
            format!(
                "{head}.{}.{signature}",
                b64url_encode(&json_bytes(&payload))
            )
        }
        Defect::TamperedSignature => {
            let (input, signature) = valid.token().rsplit_once('.').unwrap_or_default();
            let mut bytes = b64url_decode(signature).unwrap_or_default();
            if let Some(first) = bytes.first_mut() {
                *first ^= 0x01;
            }
            format!("{input}.{}", b64url_encode(&bytes))
        }
        Defect::AlgNone => {
            header.insert("alg".into(), "none".into());
            format!("{}.", signing_input(&header, &json_bytes(&payload)))
        }
        Defect::AlgConfusion => {
            let secret = Key::secret(signer.public_key_pem()?.as_bytes())?;
            let confused = Signer::new(&secret, Algorithm::HS256, None)?;
            header.insert("alg".into(), "HS256".into());
            sign(&confused, &header, &json_bytes(&payload))?
        }
        Defect::UnknownKid => {
            let kid = format!("{}-unknown", signer.kid().unwrap_or_default());
            header.insert("kid".into(), kid.into());
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::WrongKey => {
            let other = Signer::new(&generate_for(signer.algorithm())?, signer.algorithm(), None)?;
            sign(&other, &header, &json_bytes(&payload))?
        }
        Defect::MissingExp => {
            payload.remove("exp");
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::DuplicateClaim => {
            let (name, value) = payload
                .iter()
                .next()
                .ok_or_else(|| err!(Internal, "the payload is empty"))?;
            let mut bytes = json_bytes(&payload);
            bytes.pop();
            bytes
                .extend_from_slice(format!(",{}:{value}}}", Value::from(name.as_str())).as_bytes());
            sign(signer, &header, &bytes)?
        }
        Defect::Oversized => {
            let padding = "A".repeat(DEFAULT_MAX_TOKEN_BYTES * 3 / 4 + 1);
            payload.insert("padding".into(), padding.into());
            sign(signer, &header, &json_bytes(&payload))?
        }
        Defect::CritUnknown => {
            header.insert("crit".into(), json!([UNKNOWN_CRITICAL]));
            header.insert(UNKNOWN_CRITICAL.into(), true.into());
            sign(signer, &header, &json_bytes(&payload))?
        }
    };
    Ok(TestToken { defect, token })
}

/// The defects a builder cannot have, each with why.
pub type Skipped = Vec<(Defect, &'static str)>;

/// Every defect that applies to `builder`, at the current time, and the defects left out with why.
pub fn test_token_set(builder: &TokenBuilder) -> Result<(Vec<TestToken>, Skipped)> {
    let now = unix_now();
    let mut tokens = Vec::new();
    let mut skipped = Vec::new();
    for &defect in Defect::ALL {
        match inapplicable(builder, defect) {
            Some(why) => skipped.push((defect, why)),
            None => tokens.push(test_token_at(builder, defect, now)?),
        }
    }
    Ok((tokens, skipped))
}

/// [`test_token_set`] as JSON: `{"tokens":[{defect, token, expected_reason, expected_http_status}],
/// "skipped":[{defect, reason}]}`.
pub fn test_token_set_json(builder: &TokenBuilder) -> Result<Value> {
    let (tokens, skipped) = test_token_set(builder)?;
    Ok(json!({
        "tokens": tokens.iter().map(TestToken::to_json).collect::<Vec<_>>(),
        "skipped": skipped
            .iter()
            .map(|(d, why)| json!({ "defect": d.name(), "reason": why }))
            .collect::<Vec<_>>(),
    }))
}

/// A NumericDate the builder wrote (always an integer).
fn time(payload: &Map<String, Value>, name: &str) -> i64 {
    payload
        .get(name)
        .and_then(Value::as_i64)
        .unwrap_or_default()
}

fn json_bytes(map: &Map<String, Value>) -> Vec<u8> {
    serde_json::to_vec(map).unwrap_or_default()
}

fn signing_input(header: &Map<String, Value>, payload: &[u8]) -> String {
    format!(
        "{}.{}",
        b64url_encode(&json_bytes(header)),
        b64url_encode(payload)
    )
}

fn sign(signer: &Signer, header: &Map<String, Value>, payload: &[u8]) -> Result<String> {
    let input = signing_input(header, payload);
    let signature = signer.sign(input.as_bytes())?;
    Ok(format!("{input}.{}", b64url_encode(&signature)))
}
