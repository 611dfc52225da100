//! The checked-in completion scripts must match what `linnet completion SHELL` prints, so that
//! packagers can ship `completions/` without building linnet.

use std::path::Path;

use crate::common::Linnet;

const REGENERATE: &str = "regenerate them with:\n  cargo build -p linnet && \
for s in bash zsh fish; do target/debug/linnet completion $s > completions/linnet.$s; done";

fn check(shell: &str) {
    let run = Linnet::new().args(["completion", shell]).run().success();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(format!("linnet.{shell}"));
    let checked_in = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e}; {REGENERATE}", path.display());
    });
    if run.stdout != checked_in {
        let line = run
            .stdout
            .lines()
            .zip(checked_in.lines())
            .position(|(a, b)| a != b)
            .map(|i| i + 1)
            .unwrap_or_else(|| run.stdout.lines().count().min(checked_in.lines().count()) + 1);
        panic!(
            "{} is stale (first difference at line {line}): the CLI changed; {REGENERATE}",
            path.display()
        );
    }
}

#[test]
fn completion_bash_is_up_to_date() {
    check("bash");
}

#[test]
fn completion_zsh_is_up_to_date() {
    check("zsh");
}

#[test]
fn completion_fish_is_up_to_date() {
    check("fish");
}

#[test]
fn completion_rejects_unknown_shell() {
    Linnet::new().args(["completion", "tcsh"]).run().error_125();
}
