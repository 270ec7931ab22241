//! Checks on text that crosses into the core: messages that echo input, key ids, non-blank values.

use crate::base::error::{Result, err};

/// Echo user input in messages without flooding them (a 10 MB string stays a short message).
pub(crate) fn printable(s: &str) -> String {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        s.escape_debug().to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{}… ({} bytes)", head.escape_debug(), s.len())
    }
}

/// A kid is an opaque label: bounded, printable, and never used to find a key anywhere but in memory.
pub fn validate_kid(kid: &str) -> Result<()> {
    if kid.is_empty() || kid.len() > 256 || kid.chars().any(char::is_control) {
        return Err(err!(
            InvalidArgument,
            "a key id must be 1 to 256 characters without control characters (got '{}')",
            printable(kid)
        ));
    }
    Ok(())
}

/// A value that must not be blank, over 64 KiB or hold a NUL.
pub(crate) fn non_blank(value: &str, what: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(err!(InvalidArgument, "the {what} must not be empty"));
    }
    if value.len() > 64 * 1024 {
        return Err(err!(
            InvalidArgument,
            "the {what} is too long ({} bytes; at most 65536)",
            value.len()
        ));
    }
    if value.chars().any(|c| c == '\0') {
        return Err(err!(
            InvalidArgument,
            "the {what} contains a NUL character: '{}'",
            printable(value)
        ));
    }
    Ok(value.to_owned())
}

/// An optional algorithm choice: absent or `Auto` (any case, surrounding blanks ignored) mean "the
/// default", which the key decides. Anything else is a name to parse (an empty one is an error there).
pub fn chosen(name: Option<&str>) -> Option<&str> {
    name.map(str::trim)
        .filter(|s| !s.eq_ignore_ascii_case("auto"))
}

/// [`chosen`], where an empty name also means the default: the C ABI documents NULL or "" for the JWE
/// algorithms of `kr_jwt_builder_protect_payload`.
pub fn chosen_or_blank(name: Option<&str>) -> Option<&str> {
    chosen(name).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_and_absent_are_the_default() {
        for none in [None, Some("Auto"), Some(" AUTO ")] {
            assert_eq!(chosen(none), None);
            assert_eq!(chosen_or_blank(none), None);
        }
        assert_eq!(chosen(Some(" HS256 ")), Some("HS256"));
        assert_eq!(chosen(Some("")), Some(""));
        assert_eq!(chosen_or_blank(Some("  ")), None);
    }
}
