//! The rule that keeps a green CI honest: a suite whose data or tool is missing prints `skipped: …` and
//! passes on a developer's machine, and fails under `CI=true`. Checked by running this test binary again
//! with each environment and looking at how the child test ends.

mod common;

use std::process::Command;

/// The child: what a suite does when its input is missing. Run only by `missing_input_fails_only_under_ci`.
#[test]
#[ignore = "run as a child process by missing_input_fails_only_under_ci"]
fn child_with_missing_input() {
    common::missing("the input of this child test is missing on purpose");
}

fn run_child(ci: Option<&str>) -> (bool, String) {
    let exe = std::env::current_exe().expect("test binary path");
    let mut command = Command::new(exe);
    command.args([
        "child_with_missing_input",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    match ci {
        Some(value) => command.env("CI", value),
        None => command.env_remove("CI"),
    };
    let out = command.output().expect("run the child test");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn missing_input_fails_only_under_ci() {
    let (ok, text) = run_child(Some("true"));
    assert!(
        !ok,
        "under CI=true a missing input must fail the test:\n{text}"
    );
    assert!(text.contains("CI=true and this suite cannot run"), "{text}");

    for ci in [None, Some("false"), Some("0")] {
        let (ok, text) = run_child(ci);
        assert!(ok, "outside CI ({ci:?}) a missing input is a skip:\n{text}");
        assert!(
            text.contains("skipped: the input of this child test is missing"),
            "{text}"
        );
    }
}
