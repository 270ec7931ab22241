//! Fails when include/kr_jwt.h differs from what cbindgen makes of src/ffi/.
//! `KR_JWT_BLESS=1 cargo test --test header` rewrites it.

use std::path::PathBuf;

#[test]
fn committed_header_is_fresh() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not read src/ffi")
        .write(&mut generated);
    let path = crate_dir.join("include/kr_jwt.h");
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
