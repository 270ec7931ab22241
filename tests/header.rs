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

#[test]
fn committed_header_is_fresh() {
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
