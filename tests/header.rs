//! Fails when include/kr_jwt.h differs from what cbindgen makes of capi/src/ plus the status enum
//! generated from the core's one status list (`kr_jwt_core::Status::ALL`).
//! `KR_JWT_BLESS=1 cargo test --test header` rewrites it.

use std::path::PathBuf;

use kr_jwt_core::Status;

/// `InvalidUtf8` → `INVALID_UTF8`.
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The C enum, in the shape cbindgen gives a `#[repr(i32)]` enum.
fn status_enum() -> String {
    let mut c = String::from(
        "// Status of every fallible call. `KR_JWT_STATUS_OK` is 0; validation failures are 20 and above.\n\
         // Generated from the core's status list (kr_jwt_core::Status).\n\
         enum KrJwtStatus\n\
         #if defined(__cplusplus) || __STDC_VERSION__ >= 202311L\n  : int32_t\n\
         #endif // defined(__cplusplus) || __STDC_VERSION__ >= 202311L\n {\n",
    );
    for s in Status::ALL {
        c.push_str(&format!(
            "  KR_JWT_STATUS_{} = {},\n",
            screaming_snake(s.name()),
            s.code()
        ));
    }
    c.push_str(
        "};\n#ifndef __cplusplus\n#if __STDC_VERSION__ >= 202311L\ntypedef enum KrJwtStatus KrJwtStatus;\n\
         #else\ntypedef int32_t KrJwtStatus;\n#endif // __STDC_VERSION__ >= 202311L\n#endif // __cplusplus\n",
    );
    c
}

/// The version macros, from the crate version (the same one `kr_jwt_version()` returns at run time).
fn version_macros() -> String {
    format!(
        "// The version of this header; `kr_jwt_version()` returns the library's (\"MAJOR.MINOR.PATCH\").\n\
         // The SONAME is libkr_jwt.so.MAJOR (docs/c-abi.md, \"ABI stability\").\n\
         #define KR_JWT_VERSION_MAJOR {}\n#define KR_JWT_VERSION_MINOR {}\n#define KR_JWT_VERSION_PATCH {}\n\
         #define KR_JWT_VERSION_STRING \"{}\"\n",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The header as cbindgen makes it from capi/src/ now.
fn generated_header() -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut config =
        cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    config.after_includes = Some(format!("\n{}\n{}", version_macros(), status_enum()));
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(root.join("capi"))
        .with_config(config)
        .generate()
        .expect("cbindgen could not read capi/src")
        .write(&mut generated);
    generated
}

#[test]
fn committed_header_is_fresh() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generated = generated_header();
    let path = root.join("include/kr_jwt.h");
    if std::env::var_os("KR_JWT_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write include/kr_jwt.h");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/kr_jwt.h is stale: run `KR_JWT_BLESS=1 cargo test --test header` (or `pwsh ./build.ps1 Build`) and commit it"
    );
}

/// The exported functions declared in a header, each with the `//` comment lines right above it.
fn exports_with_docs(header: &str) -> Vec<(String, Vec<String>)> {
    let mut exports = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    for line in header.lines() {
        if let Some(comment) = line.strip_prefix("//") {
            doc.push(comment.trim().to_owned());
            continue;
        }
        let declared = line
            .split('(')
            .next()
            .filter(|_| !line.starts_with(' ') && !line.starts_with('#') && line.contains('('))
            .and_then(|head| head.split([' ', '*']).next_back())
            .filter(|name| name.starts_with("kr_jwt_"));
        if let Some(name) = declared {
            exports.push((name.to_owned(), std::mem::take(&mut doc)));
        } else {
            doc.clear();
        }
    }
    exports
}

/// The C contract stays complete: every export's doc comment (written in capi/src/, copied into the
/// header by cbindgen) has a line starting with `Returns` that says what it returns — for a function
/// returning `KrJwtStatus`, every status it can return, by its `KR_JWT_STATUS_*` name — and every
/// status it names exists.
#[test]
fn every_export_documents_what_it_returns() {
    let header = String::from_utf8(generated_header()).expect("the header is UTF-8");
    let exports = exports_with_docs(&header);
    assert!(exports.len() > 40, "found only {} exports", exports.len());
    let known: Vec<String> = Status::ALL
        .iter()
        .map(|s| format!("KR_JWT_STATUS_{}", screaming_snake(s.name())))
        .collect();
    let mut problems = Vec::new();
    for (name, doc) in &exports {
        let text = doc.join(" ");
        let returns = text.find("Returns ");
        if returns.is_none() {
            problems.push(format!(
                "{name}: no line starting with `Returns` in its doc comment (capi/src/)"
            ));
            continue;
        }
        if !doc.iter().any(|l| l.starts_with("Returns ")) {
            problems.push(format!(
                "{name}: `Returns` must start a line of its doc comment in capi/src/"
            ));
        }
        let returns_status = header
            .lines()
            .any(|l| l.starts_with("KrJwtStatus ") && l.contains(&format!(" {name}(")));
        if returns_status && !text.contains("KR_JWT_STATUS_OK") {
            problems.push(format!(
                "{name}: returns KrJwtStatus but its `Returns` line does not name KR_JWT_STATUS_OK"
            ));
        }
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.starts_with("KR_JWT_STATUS_") && !known.iter().any(|k| k == word) {
                problems.push(format!("{name}: names {word}, which is not a status"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the C contract in include/kr_jwt.h is incomplete:\n  {}\n\
         Every export documents what it returns, in a `///` line of its doc comment in capi/src/ that \
         starts with `Returns`: for a function returning KrJwtStatus, every status it can return by \
         its KR_JWT_STATUS_* name, e.g. `/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT \
         (`out` NULL); KR_JWT_STATUS_INVALID_UTF8; ...; KR_JWT_STATUS_PANIC.`; for any other, what \
         it returns (`/// Returns nothing.`). See docs/c-abi.md, \"Status and errors\".",
        problems.join("\n  ")
    );
}

#[test]
fn the_export_parser_sees_a_missing_returns_line() {
    let header = "// Frees it.\nvoid kr_jwt_x_free(struct X *x);\n\n// Makes one.\n// Returns KR_JWT_STATUS_OK.\nKrJwtStatus kr_jwt_x_new(struct X **out,\n                         int n);\n";
    let exports = exports_with_docs(header);
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[0].0, "kr_jwt_x_free");
    assert!(!exports[0].1.iter().any(|l| l.starts_with("Returns")));
    assert_eq!(exports[1].0, "kr_jwt_x_new");
    assert_eq!(exports[1].1, ["Makes one.", "Returns KR_JWT_STATUS_OK."]);
}

/// The defaults the header states are the core's (src/jwa/defaults.rs).
#[test]
fn the_header_states_the_core_defaults() {
    use kr_jwt_core::jwa::defaults::{
        DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_LIFETIME_SECONDS, DEFAULT_MAX_TOKEN_BYTES,
    };
    let header = String::from_utf8(generated_header()).expect("the header is UTF-8");
    let flat = header.replace("\n * ", " ").replace("\n// ", " ");
    for stated in [
        format!("lifetime {DEFAULT_LIFETIME_SECONDS} s"),
        format!("lifetime of {DEFAULT_LIFETIME_SECONDS} s"),
        format!("clock skew {DEFAULT_CLOCK_SKEW_SECONDS} s"),
        format!("size limit {DEFAULT_MAX_TOKEN_BYTES} bytes"),
    ] {
        assert!(
            flat.contains(&stated),
            "include/kr_jwt.h should state \"{stated}\" (from src/jwa/defaults.rs); a default changed: update the comments in cbindgen.toml / capi/src/"
        );
    }
}
