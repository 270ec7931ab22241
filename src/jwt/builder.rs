//! The token builder: collects issuer, audiences, subject, claims, headers, lifetime and a signer, then
//! builds a signed compact JWS. Copying a builder copies everything (headers included); the signer is
//! shared because it is immutable.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use crate::base::error::{Error, Result, err};
use crate::base::json::b64url_encode;
use crate::base::text::{non_blank, validate_kid};
use crate::base::time::unix_now;
use crate::jose::header::RESERVED;
use crate::jwa::defaults::{DEFAULT_LIFETIME_SECONDS, MAX_SECONDS};
use crate::jwa::encryption::{ContentEncryption, KeyManagement};
use crate::jwa::signing::Algorithm;
use crate::jwe::Encrypter;
use crate::jws::Signer;
use crate::jwt::claims;
use crate::jwt::inspect::inspect;
use crate::jwt::result::BuildResult;
use crate::key::Key;

/// Claim names the builder owns: set through dedicated calls, never as free-form claims.
pub(super) const REGISTERED: &[(&str, &str)] = &[
    ("iss", "set it as the issuer"),
    ("sub", "set it as the subject"),
    ("aud", "add it as an audience"),
    ("exp", "it comes from the lifetime"),
    ("nbf", "it comes from the not-before setting"),
    ("iat", "it is the build time"),
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NotBefore {
    /// `nbf` = build time (the default).
    BuildTime,
    /// An absolute instant, Unix seconds.
    At(i64),
    /// Seconds after build time.
    Offset(f64),
}

#[derive(Clone)]
pub struct TokenBuilder {
    issuer: Option<String>,
    audiences: Vec<String>,
    subject: Option<String>,
    pub(super) claims: Vec<(String, Value)>,
    headers: Map<String, Value>,
    lifetime_seconds: f64,
    pub(super) not_before: NotBefore,
    signer: Option<Arc<Signer>>,
    /// Sign-then-encrypt (nested JWT): the recipient key and algorithms, checked once.
    encryption: Option<Encryption>,
}

/// The JWE layer of a builder.
#[derive(Clone)]
struct Encryption {
    encrypter: Arc<Encrypter>,
    kid: Option<String>,
    /// The key, when it can also decrypt (a secret or a private key): validators made from a result get it.
    decryption_key: Option<Key>,
}

impl Default for TokenBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenBuilder {
    pub fn new() -> Self {
        TokenBuilder {
            issuer: None,
            audiences: Vec::new(),
            subject: None,
            claims: Vec::new(),
            headers: Map::new(),
            lifetime_seconds: DEFAULT_LIFETIME_SECONDS,
            not_before: NotBefore::BuildTime,
            signer: None,
            encryption: None,
        }
    }

    pub fn set_issuer(&mut self, issuer: &str) -> Result<()> {
        self.issuer = Some(non_blank(issuer, "issuer")?);
        Ok(())
    }

    /// Adds an audience; adding one already present is a no-op.
    pub fn add_audience(&mut self, audience: &str) -> Result<()> {
        let audience = non_blank(audience, "audience")?;
        if !self.audiences.contains(&audience) {
            self.audiences.push(audience);
        }
        Ok(())
    }

    pub fn set_subject(&mut self, subject: &str) -> Result<()> {
        self.subject = Some(non_blank(subject, "subject")?);
        Ok(())
    }

    /// Appends a claim; the name goes through the outbound claim map. Repeated names become arrays.
    pub fn add_claim(&mut self, claim_type: &str, value: Value) -> Result<()> {
        let name = claims::outbound_name(&non_blank(claim_type, "claim type")?);
        if let Some((_, hint)) = REGISTERED.iter().find(|(n, _)| *n == name) {
            return Err(err!(
                InvalidArgument,
                "'{name}' is a registered claim the builder sets itself; {hint}"
            ));
        }
        self.claims.push((name, value));
        Ok(())
    }

    /// Appends a claim named by a `UserIdentityClaim` member (`Name` → `unique_name`, …).
    pub fn add_user_claim(&mut self, member: &str, value: Value) -> Result<()> {
        let name = claims::user_claim_name(member)?;
        self.add_claim(&name, value)
    }

    pub fn add_header(&mut self, name: &str, value: Value) -> Result<()> {
        let name = non_blank(name, "header name")?;
        if RESERVED.contains(&name.as_str()) {
            return Err(err!(
                InvalidArgument,
                "the '{name}' header cannot be set: it is derived from the signing configuration"
            ));
        }
        if name == "kid" {
            let kid = value
                .as_str()
                .ok_or_else(|| err!(InvalidArgument, "the 'kid' header must be a string"))?;
            validate_kid(kid)?;
        }
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sets the signing key and algorithm (`None` = Auto). Every key/algorithm problem is raised here.
    pub fn protect(
        &mut self,
        key: &Key,
        algorithm: Option<Algorithm>,
        kid: Option<String>,
    ) -> Result<()> {
        let alg = algorithm.unwrap_or_else(|| key.auto_algorithm());
        let explicit_kid = kid.is_some();
        self.signer = Some(Arc::new(Signer::new(key, alg, kid)?));
        // The last call that names a kid wins: an explicit key id replaces a `kid` header set earlier.
        if explicit_kid {
            self.headers.remove("kid");
        }
        Ok(())
    }

    /// Encrypts built tokens as a nested JWT (RFC 7516 JWE around the signed JWS, `cty: JWT`). `None`
    /// algorithms take the defaults of [`Encrypter::new`]; every key/algorithm problem is raised here.
    pub fn protect_payload(
        &mut self,
        key: &Key,
        alg: Option<KeyManagement>,
        enc: Option<ContentEncryption>,
    ) -> Result<()> {
        let encrypter = Encrypter::new(key, alg, enc)?;
        self.encryption = Some(Encryption {
            encrypter: Arc::new(encrypter),
            kid: key.kid().map(str::to_owned),
            decryption_key: key.has_private().then(|| key.clone()),
        });
        Ok(())
    }

    pub fn limit_validity(&mut self, seconds: f64) -> Result<()> {
        self.lifetime_seconds = positive_seconds(seconds, "lifetime")?;
        Ok(())
    }

    pub fn limit_not_before_at(&mut self, unix_seconds: i64) -> Result<()> {
        self.not_before = NotBefore::At(unix_seconds);
        Ok(())
    }

    pub fn limit_not_before_offset(&mut self, seconds: f64) -> Result<()> {
        if !seconds.is_finite() || seconds.abs() > MAX_SECONDS {
            return Err(err!(
                InvalidArgument,
                "the not-before offset must be a finite number of seconds"
            ));
        }
        self.not_before = NotBefore::Offset(seconds);
        Ok(())
    }

    pub fn signer(&self) -> Option<&Arc<Signer>> {
        self.signer.as_ref()
    }

    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }

    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// The builder's settings as JSON, without any key material.
    pub fn state(&self) -> Value {
        let not_before = match self.not_before {
            NotBefore::BuildTime => Value::Null,
            NotBefore::At(t) => json!({ "at": t }),
            NotBefore::Offset(s) => json!({ "offset_seconds": s }),
        };
        json!({
            "issuer": self.issuer,
            "audiences": self.audiences,
            "subject": self.subject,
            "lifetime_seconds": self.lifetime_seconds,
            "not_before": not_before,
            "algorithm": self.signer.as_ref().map(|s| s.algorithm().name()),
            "kid": self.signer.as_ref().and_then(|s| s.kid()),
            "claims": self.claims.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "headers": self.headers,
            "protected": self.signer.is_some(),
            "encryption": self.encryption.as_ref().map(|e| json!({
                "alg": e.encrypter.alg().name(),
                "enc": e.encrypter.enc().name(),
                "kid": e.kid,
            })),
        })
    }

    pub fn build(&self) -> Result<BuildResult> {
        self.build_at(unix_now())
    }

    /// Builds with `now` as the build time (deterministic for tests and fixed vectors).
    pub fn build_at(&self, now: i64) -> Result<BuildResult> {
        let signer = self.signer.as_ref().ok_or_else(|| {
            err!(
                NotProtected,
                "no signing key configured: protect the builder with a key before building"
            )
        })?;
        let nbf = match self.not_before {
            NotBefore::BuildTime => now,
            NotBefore::At(t) => t,
            NotBefore::Offset(s) => now.saturating_add(s.round() as i64),
        };
        let exp = nbf.saturating_add(self.lifetime_seconds.ceil() as i64);

        let header = self.header_json(signer)?;
        let payload = self.payload_json(nbf, exp, now)?;
        let mut jws = String::with_capacity(4 * (header.len() + payload.len() + 200) / 3);
        jws.push_str(&b64url_encode(&header));
        jws.push('.');
        jws.push_str(&b64url_encode(&payload));
        let signature = signer.sign(jws.as_bytes())?;
        jws.push('.');
        jws.push_str(&b64url_encode(&signature));
        let Some(encryption) = &self.encryption else {
            return Ok(BuildResult::new(jws, header, payload, Arc::clone(signer)));
        };
        let mut extra = Map::new();
        if let Some(kid) = &encryption.kid {
            extra.insert("kid".into(), kid.as_str().into());
        }
        extra.insert("cty".into(), "JWT".into());
        extra.insert("typ".into(), "JWT".into());
        let token = encryption.encrypter.encrypt(jws.as_bytes(), &extra)?;
        let outer = inspect(&token)?["header"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        Ok(BuildResult::new(token, header, payload, Arc::clone(signer))
            .encrypted(outer, encryption.decryption_key.clone()))
    }

    /// `{"alg","kid"?,"typ":"JWT"}` then the custom headers; a custom `kid`/`typ` takes the place of the
    /// built-in one. Written directly, without an intermediate map.
    fn header_json(&self, signer: &Signer) -> Result<Vec<u8>> {
        let mut w = ObjectWriter::new();
        w.member("alg", signer.algorithm().name())?;
        let custom_kid = self.headers.get("kid");
        if let Some(kid) = signer.kid() {
            match custom_kid {
                Some(v) => w.member("kid", v)?,
                None => w.member("kid", kid)?,
            }
        }
        match self.headers.get("typ") {
            Some(v) => w.member("typ", v)?,
            None => w.member("typ", "JWT")?,
        }
        for (name, value) in &self.headers {
            if name == "typ" || (name == "kid" && signer.kid().is_some()) {
                continue;
            }
            w.member(name, value)?;
        }
        Ok(w.finish())
    }

    /// `iss`, `sub`, `aud`, the claims (repeated names grouped into arrays, first-seen order), `nbf`,
    /// `exp`, `iat`. Claim names never collide with these: `add_claim` refuses registered names.
    fn payload_json(&self, nbf: i64, exp: i64, iat: i64) -> Result<Vec<u8>> {
        let mut w = ObjectWriter::new();
        if let Some(iss) = &self.issuer {
            w.member("iss", iss)?;
        }
        if let Some(sub) = &self.subject {
            w.member("sub", sub)?;
        }
        match self.audiences.as_slice() {
            [] => {}
            [one] => w.member("aud", one)?,
            many => w.member("aud", many)?,
        }
        let mut grouped: Vec<(&str, Vec<&Value>)> = Vec::new();
        for (name, value) in &self.claims {
            match grouped.iter_mut().find(|(n, _)| *n == name.as_str()) {
                Some((_, values)) => values.push(value),
                None => grouped.push((name, vec![value])),
            }
        }
        for (name, values) in grouped {
            match values.as_slice() {
                [one] => w.member(name, one)?,
                many => w.member(name, many)?,
            }
        }
        w.member("nbf", &nbf)?;
        w.member("exp", &exp)?;
        w.member("iat", &iat)?;
        Ok(w.finish())
    }
}

/// Writes a JSON object member by member.
struct ObjectWriter {
    buf: Vec<u8>,
}

impl ObjectWriter {
    fn new() -> Self {
        let mut buf = Vec::with_capacity(256);
        buf.push(b'{');
        ObjectWriter { buf }
    }

    fn member<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<()> {
        if self.buf.len() > 1 {
            self.buf.push(b',');
        }
        serde_json::to_writer(&mut self.buf, name).map_err(internal)?;
        self.buf.push(b':');
        serde_json::to_writer(&mut self.buf, value).map_err(internal)
    }

    fn finish(mut self) -> Vec<u8> {
        self.buf.push(b'}');
        self.buf
    }
}

pub(super) fn positive_seconds(seconds: f64, what: &str) -> Result<f64> {
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err(err!(
            InvalidArgument,
            "the {what} must be a positive number of seconds (got {seconds})"
        ));
    }
    if seconds > MAX_SECONDS {
        return Err(err!(
            InvalidArgument,
            "the {what} must be at most 100 years"
        ));
    }
    Ok(seconds)
}

fn internal(e: serde_json::Error) -> Error {
    err!(Internal, "JSON serialisation failed: {e}")
}
