//! Gives the shared library its SONAME on Linux: `libkr_jwt.so.<major>`, the major taken from the crate
//! version (0 for every 0.x release; docs/c-abi.md, "ABI stability"). The installed file is
//! `libkr_jwt.so.<major>.<minor>.<patch>` (`build.ps1 Install`); `target/release/libkr_jwt.so` stays the
//! file cargo writes.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libkr_jwt.so.{major}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
