//! JWE algorithm names (RFC 7518 §4 key management, §5 content encryption), their sizes, and the
//! algorithms refused by design.

use crate::base::error::{Error, Result, err};
use crate::base::text::{chosen_or_blank, printable};

/// How the content encryption key (CEK) reaches the recipient (JWE `alg`).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyManagement {
    /// The shared secret is the CEK.
    Dir,
    A128KW,
    A192KW,
    A256KW,
    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 (the RFC 7518 default parameters).
    RsaOaep,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256.
    RsaOaep256,
    /// ECDH-ES; the agreed key is the CEK.
    EcdhEs,
    EcdhEsA128KW,
    EcdhEsA192KW,
    EcdhEsA256KW,
}

impl KeyManagement {
    pub const ALL: [Self; 10] = [
        Self::Dir,
        Self::A128KW,
        Self::A192KW,
        Self::A256KW,
        Self::RsaOaep,
        Self::RsaOaep256,
        Self::EcdhEs,
        Self::EcdhEsA128KW,
        Self::EcdhEsA192KW,
        Self::EcdhEsA256KW,
    ];

    /// The JWE `alg` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dir => "dir",
            Self::A128KW => "A128KW",
            Self::A192KW => "A192KW",
            Self::A256KW => "A256KW",
            Self::RsaOaep => "RSA-OAEP",
            Self::RsaOaep256 => "RSA-OAEP-256",
            Self::EcdhEs => "ECDH-ES",
            Self::EcdhEsA128KW => "ECDH-ES+A128KW",
            Self::EcdhEsA192KW => "ECDH-ES+A192KW",
            Self::EcdhEsA256KW => "ECDH-ES+A256KW",
        }
    }

    /// A name typed by a user: the RFC 7518 names, case-insensitive, and Kestrun's `ECDH-ESA128KW`
    /// spelling (no `+`). `RSA1_5` and `PBES2-*` are refused.
    pub fn parse(name: &str) -> Result<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|a| {
                a.name().eq_ignore_ascii_case(name)
                    || (a.name().contains('+')
                        && a.name().replace('+', "").eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| refused_key_management(name))
    }

    /// An optional choice: absent, blank or `Auto` mean "the key decides" (`None`).
    pub fn parse_choice(name: Option<&str>) -> Result<Option<Self>> {
        chosen_or_blank(name).map(Self::parse).transpose()
    }

    /// The exact name found in a token header (case-sensitive, RFC 7516 §4.1.1).
    pub(crate) fn from_header(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| refused_key_management(name))
    }

    /// The AES key-wrap key size in bytes (for `AxxxKW` and `ECDH-ES+AxxxKW`).
    pub(crate) fn kw_len(self) -> Option<usize> {
        match self {
            Self::A128KW | Self::EcdhEsA128KW => Some(16),
            Self::A192KW | Self::EcdhEsA192KW => Some(24),
            Self::A256KW | Self::EcdhEsA256KW => Some(32),
            _ => None,
        }
    }

    pub(crate) fn is_ecdh(self) -> bool {
        matches!(
            self,
            Self::EcdhEs | Self::EcdhEsA128KW | Self::EcdhEsA192KW | Self::EcdhEsA256KW
        )
    }

    pub(crate) fn is_rsa(self) -> bool {
        matches!(self, Self::RsaOaep | Self::RsaOaep256)
    }

    /// The encrypted-key segment is empty (the CEK is the secret or the agreed key).
    pub(crate) fn is_direct(self) -> bool {
        matches!(self, Self::Dir | Self::EcdhEs)
    }

    pub(crate) fn needs(self) -> &'static str {
        match self {
            Self::Dir => "a shared secret (the content encryption key itself)",
            Self::A128KW => "a 16-byte (128-bit) AES key-wrap secret",
            Self::A192KW => "a 24-byte (192-bit) AES key-wrap secret",
            Self::A256KW => "a 32-byte (256-bit) AES key-wrap secret",
            Self::RsaOaep | Self::RsaOaep256 => "an RSA key of at least 2048 bits",
            _ => "an EC key on P-256, P-384 or P-521",
        }
    }
}

fn refused_key_management(name: &str) -> Error {
    let upper = name.to_ascii_uppercase();
    if upper == "RSA1_5" {
        err!(
            UnknownAlgorithm,
            "key management RSA1_5 (RSAES-PKCS1-v1_5) is refused: it is open to padding-oracle attacks \
             (RFC 8725 §3.2); use RSA-OAEP-256 or RSA-OAEP"
        )
    } else if upper.starts_with("PBES2") {
        err!(
            UnknownAlgorithm,
            "password-based key management ({}) is not supported; use a key",
            printable(name)
        )
    } else if upper.ends_with("GCMKW") {
        err!(
            UnknownAlgorithm,
            "AES-GCM key wrapping ({}) is not supported; use A128KW, A192KW or A256KW",
            printable(name)
        )
    } else if upper == "RSA-OAEP-384" || upper == "RSA-OAEP-512" {
        err!(
            UnknownAlgorithm,
            "key management {} is not supported; use RSA-OAEP-256",
            printable(name)
        )
    } else {
        err!(
            UnknownAlgorithm,
            "unknown key management algorithm '{}'; expected one of {}",
            printable(name),
            KeyManagement::ALL.map(KeyManagement::name).join(", ")
        )
    }
}

/// How the content is encrypted (JWE `enc`).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentEncryption {
    A128GCM,
    A192GCM,
    A256GCM,
    A128CbcHs256,
    A192CbcHs384,
    A256CbcHs512,
}

impl ContentEncryption {
    pub const ALL: [Self; 6] = [
        Self::A128GCM,
        Self::A192GCM,
        Self::A256GCM,
        Self::A128CbcHs256,
        Self::A192CbcHs384,
        Self::A256CbcHs512,
    ];

    /// The JWE `enc` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::A128GCM => "A128GCM",
            Self::A192GCM => "A192GCM",
            Self::A256GCM => "A256GCM",
            Self::A128CbcHs256 => "A128CBC-HS256",
            Self::A192CbcHs384 => "A192CBC-HS384",
            Self::A256CbcHs512 => "A256CBC-HS512",
        }
    }

    /// A name typed by a user (case-insensitive).
    pub fn parse(name: &str) -> Result<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| unknown_enc(name))
    }

    /// An optional choice: absent, blank or `Auto` mean "by the key" (`None`).
    pub fn parse_choice(name: Option<&str>) -> Result<Option<Self>> {
        chosen_or_blank(name).map(Self::parse).transpose()
    }

    pub(crate) fn from_header(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.name() == name)
            .ok_or_else(|| unknown_enc(name))
    }

    /// Content encryption key length in bytes (for CBC-HS: MAC key and AES key together).
    pub fn key_len(self) -> usize {
        match self {
            Self::A128GCM => 16,
            Self::A192GCM => 24,
            Self::A256GCM | Self::A128CbcHs256 => 32,
            Self::A192CbcHs384 => 48,
            Self::A256CbcHs512 => 64,
        }
    }

    pub(crate) fn is_gcm(self) -> bool {
        matches!(self, Self::A128GCM | Self::A192GCM | Self::A256GCM)
    }

    pub(crate) fn iv_len(self) -> usize {
        if self.is_gcm() { 12 } else { 16 }
    }

    /// Authentication tag length: 16 for GCM, half the HMAC output (= half the key) for CBC-HS.
    pub(crate) fn tag_len(self) -> usize {
        if self.is_gcm() {
            16
        } else {
            self.key_len() / 2
        }
    }

    /// `dir` picks the content encryption by secret length.
    pub(crate) fn for_direct_secret(len: usize) -> Option<Self> {
        match len {
            16 => Some(Self::A128GCM),
            24 => Some(Self::A192GCM),
            32 => Some(Self::A256GCM),
            48 => Some(Self::A192CbcHs384),
            64 => Some(Self::A256CbcHs512),
            _ => None,
        }
    }
}

fn unknown_enc(name: &str) -> Error {
    err!(
        UnknownAlgorithm,
        "unknown content encryption algorithm '{}'; expected one of {}",
        printable(name),
        ContentEncryption::ALL
            .map(ContentEncryption::name)
            .join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

    #[test]
    fn names_parse_case_insensitively_with_kestrun_spelling() {
        for alg in KeyManagement::ALL {
            assert_eq!(KeyManagement::parse(alg.name()).unwrap(), alg);
            assert_eq!(
                KeyManagement::parse(&alg.name().to_lowercase()).unwrap(),
                alg
            );
            assert_eq!(KeyManagement::from_header(alg.name()).unwrap(), alg);
        }
        assert_eq!(
            KeyManagement::parse("ECDH-ESA256KW").unwrap(),
            KeyManagement::EcdhEsA256KW
        );
        assert!(KeyManagement::from_header("ECDH-ESA256KW").is_err());
        assert!(KeyManagement::from_header("a128kw").is_err());
        for e in ContentEncryption::ALL {
            assert_eq!(
                ContentEncryption::parse(&e.name().to_lowercase()).unwrap(),
                e
            );
        }
        let rsa15 = KeyManagement::parse("rsa1_5").unwrap_err();
        assert_eq!(rsa15.kind(), ErrorKind::UnknownAlgorithm);
        assert!(rsa15.message().contains("RFC 8725"));
        assert!(
            KeyManagement::parse("PBES2-HS256+A128KW")
                .unwrap_err()
                .message()
                .contains("password")
        );
    }
}
