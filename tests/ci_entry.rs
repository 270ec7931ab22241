//! `.ci/run` fails when any step fails: a failed bootstrap must not end in a green run that tested nothing.
//! The script runs in a scratch copy of the repository's layout whose steps are stand-ins that record
//! that they ran and exit with a chosen status.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str, bootstrap_status: i32, test_status: i32) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("krjwt-ci-entry-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in [".ci", "tools", ".tools"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join(".ci/run"), dir.join(".ci/run")).unwrap();
    std::fs::write(
        dir.join("tools/bootstrap.sh"),
        format!("touch bootstrap.ran\nexit {bootstrap_status}\n"),
    )
    .unwrap();
    let pwsh = dir.join(".tools/pwsh");
    std::fs::write(
        &pwsh,
        format!("#!/bin/sh\necho \"$@\" > tests.ran\nexit {test_status}\n"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pwsh, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn run(dir: &Path) -> i32 {
    Command::new("bash")
        .arg(dir.join(".ci/run"))
        .status()
        .expect("bash runs .ci/run")
        .code()
        .unwrap_or(-1)
}

#[test]
fn a_failed_bootstrap_fails_the_run_and_runs_no_test() {
    let dir = scratch("bootstrap", 3, 0);
    assert_eq!(run(&dir), 3);
    assert!(dir.join("bootstrap.ran").exists());
    assert!(!dir.join("tests.ran").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn failed_tests_fail_the_run() {
    let dir = scratch("tests", 0, 1);
    assert_eq!(run(&dir), 1);
    let args = std::fs::read_to_string(dir.join("tests.ran")).unwrap();
    assert_eq!(args.trim(), "-NoProfile -File ./build.ps1 Test");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_green_run_is_green() {
    let dir = scratch("green", 0, 0);
    assert_eq!(run(&dir), 0);
    assert!(dir.join("tests.ran").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
