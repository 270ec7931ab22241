//! The members validation reads, parsed without building a JSON tree: a token's header and payload are
//! read once, strictly (the same serde_json deserializer as `base::json::parse_strict`, so the same JSON
//! is refused, and duplicate member names are refused at any depth), keeping only the members the checks
//! need, borrowed from the decoded segment where they have no escapes. Everything else is walked and
//! dropped. The claims map a caller asks for is built from the same bytes only after the checks pass.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::base::error::{Result, err};
use crate::base::text::printable;
use crate::jose::header::HeaderMembers;

/// A kept member's value, as far as the checks distinguish them.
#[derive(Debug, Clone, PartialEq)]
pub enum Member<'a> {
    Str(Cow<'a, str>),
    /// A JSON number that fits an `i64`.
    Int(i64),
    /// Any other JSON number (a fraction, or an integer beyond `i64`).
    Float(f64),
    /// An array whose elements are all strings (possibly none).
    Strings(Vec<Cow<'a, str>>),
    /// An array with a member that is not a string.
    Array,
    /// An object, a boolean or null.
    Other,
}

impl<'a> Member<'a> {
    /// The member a parsed JSON value is (what the typed parse gives for the same text).
    pub fn of(value: &'a Value) -> Member<'a> {
        match value {
            Value::String(s) => Member::Str(Cow::Borrowed(s)),
            Value::Number(n) => n.as_i64().map_or_else(
                || Member::Float(n.as_f64().unwrap_or(f64::NAN)),
                Member::Int,
            ),
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map(Cow::Borrowed))
                .collect::<Option<Vec<_>>>()
                .map_or(Member::Array, Member::Strings),
            _ => Member::Other,
        }
    }
}

/// A header or payload: the kept members (in the order of the names asked for) and every member name
/// the object has (for presence checks).
pub struct Members<'a, const N: usize> {
    names: &'static [&'static str; N],
    values: [Option<Member<'a>>; N],
    present: Seen<'a>,
}

impl<'a, const N: usize> Members<'a, N> {
    /// The kept member `name` (which must be one of the names parsed for).
    pub fn get(&self, name: &str) -> Option<&Member<'a>> {
        let i = index_of(self.names, name)?;
        self.values[i].as_ref()
    }

    pub fn str(&self, name: &str) -> Option<std::result::Result<&str, ()>> {
        self.get(name).map(|m| match m {
            Member::Str(s) => Ok(s.as_ref()),
            _ => Err(()),
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.present.contains(name)
    }

    /// The same members read from an already parsed object (when the claims map is built anyway).
    pub fn from_map(map: &'a Map<String, Value>, names: &'static [&'static str; N]) -> Self {
        Members {
            names,
            values: std::array::from_fn(|i| map.get(names[i]).map(Member::of)),
            present: map.keys().fold(Seen::new(), |mut seen, k| {
                let _: std::result::Result<(), serde_json::Error> =
                    seen.insert(Cow::Borrowed(k.as_str()));
                seen
            }),
        }
    }
}

/// The JWS header members validation reads.
pub const HEADER: &[&str; 4] = &["alg", "typ", "kid", "crit"];
/// The payload members validation reads.
pub const CLAIMS: &[&str; 7] = &["exp", "nbf", "iat", "iss", "aud", "sub", "jti"];

pub type Header<'a> = Members<'a, 4>;
pub type Claims<'a> = Members<'a, 7>;

impl HeaderMembers for Header<'_> {
    fn has(&self, name: &str) -> bool {
        Members::has(self, name)
    }
    fn crit(&self) -> Option<Option<Vec<String>>> {
        self.get("crit").map(|m| match m {
            Member::Strings(names) if !names.is_empty() => {
                Some(names.iter().map(|n| n.to_string()).collect())
            }
            _ => None,
        })
    }
}

/// Parses a decoded header or payload segment (`what`: "header", "payload"), keeping `names`. The errors
/// are those of `base::json::parse_object`: `MalformedToken`, the JSON is not valid or not an object.
pub fn parse<'a, const N: usize>(
    bytes: &'a [u8],
    names: &'static [&'static str; N],
    what: &str,
) -> Result<Members<'a, N>> {
    let mut members = Members::new(names);
    members.read(bytes, what)?;
    Ok(members)
}

impl<'a, const N: usize> Members<'a, N> {
    /// No members yet: [`Members::read`] fills them in place (the validator keeps them on its stack,
    /// so they are never moved out of a `Result`).
    pub fn new(names: &'static [&'static str; N]) -> Self {
        Members {
            names,
            values: std::array::from_fn(|_| None),
            present: Seen::new(),
        }
    }

    /// [`parse`] into `self`, which must be new.
    pub fn read(&mut self, bytes: &'a [u8], what: &str) -> Result<()> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let parsed = de
            .deserialize_any(TopLevel { members: self })
            .and_then(|object| de.end().map(|()| object));
        match parsed {
            Ok(true) => Ok(()),
            Ok(false) => Err(err!(MalformedToken, "the {what} is not a JSON object")),
            Err(e) => Err(err!(MalformedToken, "the {what} is not valid JSON: {e}")),
        }
    }
}

/// Byte-wise equality, inlined: member names are short, and most have three letters.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

fn index_of(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| same(n, name))
}

/// Member names seen in one object, refusing a repeated one: the first [`SCAN_LIMIT`] names borrowed
/// from the input in place (a linear scan; no allocation, nothing to drop), names with escapes (owned)
/// and the names past the limit in a set.
struct Seen<'a> {
    first: [&'a str; SCAN_LIMIT],
    len: usize,
    rest: Option<HashSet<Cow<'a, str>>>,
}

const SCAN_LIMIT: usize = 16;

impl<'a> Seen<'a> {
    fn new() -> Self {
        Seen {
            first: [""; SCAN_LIMIT],
            len: 0,
            rest: None,
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.first[..self.len].iter().any(|n| same(n, name))
            || self.rest.as_ref().is_some_and(|r| r.contains(name))
    }

    /// How many names.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.len + self.rest.as_ref().map_or(0, HashSet::len)
    }

    fn insert<E: de::Error>(&mut self, name: Cow<'a, str>) -> std::result::Result<(), E> {
        if self.contains(&name) {
            return Err(de::Error::custom(format_args!(
                "duplicate member name '{}'",
                printable(&name)
            )));
        }
        match name {
            Cow::Borrowed(borrowed) if self.len < SCAN_LIMIT => {
                self.first[self.len] = borrowed;
                self.len += 1;
            }
            name => {
                self.rest.get_or_insert_with(HashSet::new).insert(name);
            }
        }
        Ok(())
    }
}

/// A member name (or string), borrowed from the input when it has no escapes.
struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The whole document: `true` for an object (its members read into `members`), `false` for any other
/// (strictly read) value.
struct TopLevel<'m, 'de, const N: usize> {
    members: &'m mut Members<'de, N>,
}

impl<'de, const N: usize> Visitor<'de> for TopLevel<'_, 'de, N> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> std::result::Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<bool, A::Error> {
        Skip.visit_seq(seq).map(|()| false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<bool, A::Error> {
        while let Some(name) = map.next_key_seed(Text)? {
            let slot = index_of(self.members.names, &name);
            self.members.present.insert(name)?;
            match slot {
                Some(i) => self.members.values[i] = Some(map.next_value_seed(Kept)?),
                None => map.next_value_seed(Skip)?,
            }
        }
        Ok(true)
    }
}

/// A kept member's value.
struct Kept;

impl<'de> DeserializeSeed<'de> for Kept {
    type Value = Member<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Kept {
    type Value = Member<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E> {
        Ok(Member::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(Member::Float(v as f64), Member::Int))
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Self::Value, E> {
        Ok(Member::Float(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(Member::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Member::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Self::Value, E> {
        Ok(Member::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut strings = Some(Vec::new());
        while let Some(item) = seq.next_element_seed(Element)? {
            match (item, &mut strings) {
                (Some(s), Some(list)) => list.push(s),
                (None, _) => strings = None,
                _ => {}
            }
        }
        Ok(strings.map_or(Member::Array, Member::Strings))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Self::Value, A::Error> {
        Skip.visit_map(map).map(|()| Member::Other)
    }
}

/// An element of a kept array: the string, or `None` for anything else (read strictly and dropped).
struct Element;

impl<'de> DeserializeSeed<'de> for Element {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        Ok(match Kept.deserialize(d)? {
            Member::Str(s) => Some(s),
            _ => None,
        })
    }
}

/// A value nobody reads: walked strictly (duplicate names refused in its objects), nothing kept.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = Seen::new();
        while let Some(name) = map.next_key_seed(Text)? {
            seen.insert(name)?;
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "fastparse_tests.rs"]
mod tests;
