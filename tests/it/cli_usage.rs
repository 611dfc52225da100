//! The CLI's own usage answers, checked against Docker 20.10's words and exit codes: argument
//! counts name the command as typed (`linnet container cp`, not `linnet cp`) with cobra's
//! phrasing, and a command group without its subcommand prints its help and exits 0.

use crate::common::TestEnv;

#[test]
fn argument_counts_name_the_command_as_typed() {
    let Some(env) = TestEnv::new("cli_usage_counts", &[]) else {
        return;
    };
    let cases: &[(&[&str], &str)] = &[
        (
            &["container", "cp"],
            "'linnet container cp' requires 2 arguments",
        ),
        (
            &["container", "cp", "a"],
            "'linnet container cp' requires 2 arguments",
        ),
        (
            &["container", "cp", "a", "b", "c"],
            "'linnet container cp' requires 2 arguments",
        ),
        (&["cp", "a"], "'linnet cp' requires 2 arguments"),
        (
            &["container", "rm"],
            "'linnet container rm' requires at least 1 argument",
        ),
        (
            &["container", "port"],
            "'linnet container port' requires at least 1 and at most 2 arguments",
        ),
        (
            &["container", "attach", "a", "b"],
            "'linnet container attach' requires 1 argument",
        ),
        (
            &["container", "ls", "a"],
            "'linnet container ls' accepts no arguments",
        ),
        (
            &["image", "tag", "x"],
            "'linnet image tag' requires 2 arguments",
        ),
        (
            &["image", "ls", "a", "b"],
            "'linnet image ls' requires at most 1 argument",
        ),
        (
            &["network", "connect", "x"],
            "'linnet network connect' requires 2 arguments",
        ),
        (
            &["volume", "create", "a", "b"],
            "'linnet volume create' requires at most 1 argument",
        ),
        (
            &["volume", "rm"],
            "'linnet volume rm' requires at least 1 argument",
        ),
        (
            &["--debug", "image", "push"],
            "'linnet image push' requires 1 argument",
        ),
    ];
    for (args, message) in cases {
        env.run(args).error_1().one_error_line().stderr_has(message);
    }
}

#[test]
fn command_groups_without_subcommand_print_help_and_exit_0() {
    let Some(env) = TestEnv::new("cli_usage_groups", &[]) else {
        return;
    };
    for (group, line) in [
        ("container", "Manage containers"),
        ("image", "Manage images"),
        ("network", "Manage networks"),
        ("volume", "Manage volumes"),
        ("system", "Manage linnet"),
    ] {
        // Docker prints this help on stderr.
        env.run(&[group]).success().stderr_has(line);
    }
}
