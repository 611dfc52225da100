//! Exit codes and the one-line error report.
//!
//! Docker's convention, which scripts rely on: `run` exits 125 when the CLI or daemon side fails,
//! 126 when the container command cannot be invoked, 127 when it is not found, and otherwise with
//! the container's own exit code; other commands exit 1 on failure; flag errors exit 125, unknown
//! commands and missing or extra arguments 1.
//! Commands signal a code by returning an [`ExitError`] in the error chain.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

/// Exit code of a failed command (Docker CLI's general error).
pub const CODE_ERROR: u8 = 1;
/// Exit code of `run` when linnet itself (or containerd, or a registry) fails, and of usage errors.
pub const CODE_FAILURE: u8 = 125;
/// Exit code when the container command exists but cannot be run.
pub const CODE_CANNOT_INVOKE: u8 = 126;
/// Exit code when the container command is not found.
pub const CODE_NOT_FOUND: u8 = 127;

/// An error that carries its own exit code.
#[derive(Debug)]
pub struct ExitError {
    pub code: u8,
    pub message: String,
}

impl ExitError {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// A failure already reported on stderr (say, one line per failed item): exit with `code`
    /// and print nothing more.
    pub fn silent(code: u8) -> Self {
        Self::new(code, "")
    }

    /// A failure of linnet itself that no user input explains.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(CODE_FAILURE, message)
    }
}

impl fmt::Display for ExitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExitError {}

/// Gives an error without its own exit code the code `code` (`run` failures are 125).
pub fn with_default_code(err: anyhow::Error, code: u8) -> anyhow::Error {
    if err.chain().any(|e| e.downcast_ref::<ExitError>().is_some()) {
        err
    } else {
        let message = one_line(&err);
        ExitError::new(code, message).into()
    }
}

/// Prints `linnet: error: ...` (the whole cause chain on one line) and picks the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    crate::sigpipe::exit_if_stdout_closed(err);
    let code = err
        .chain()
        .find_map(|e| e.downcast_ref::<ExitError>())
        .map(|e| e.code)
        .unwrap_or(CODE_ERROR);
    let message = one_line(err);
    if !message.is_empty() {
        let _ = writeln!(std::io::stderr().lock(), "linnet: error: {message}");
    }
    ExitCode::from(code)
}

/// Quotes characters that a terminal would interpret rather than show: C0/C1 controls (escape
/// sequences from a registry's error text or a crafted reference) and the Unicode bidi overrides
/// that reorder what is displayed. Errors echo untrusted text, so they pass through here.
pub fn escape_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            let n = c as u32;
            if n <= 0xff {
                out.push_str(&format!("\\x{n:02x}"));
            } else {
                out.push_str(&format!("\\u{{{n:04x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Joins the cause chain with ": ", dropping causes already contained in the previous message and
/// flattening newlines so that the report stays on one line.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        let text = escape_terminal(&text.split_whitespace().collect::<Vec<_>>().join(" "));
        if text.is_empty() {
            continue;
        }
        if let Some(last) = parts.last() {
            if last.contains(&text) {
                continue;
            }
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// Turns a clap parse error into Docker-style output: help and version go to stdout with code 0 (a command group's help
/// without its subcommand to stderr, also 0);
/// usage errors become one `linnet: error:` line with Docker's code: 125 for a flag it cannot
/// parse (unknown flag, bad or missing value), 1 for an unknown command and for missing or extra
/// arguments.
pub fn clap_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Docker prints a command group's help when no subcommand is given and exits 0
            // (on stderr, where clap puts it too).
            let _ = err.print();
            ExitCode::SUCCESS
        }
        _ => {
            let (code, message) = usage_error(&err);
            let _ = writeln!(
                std::io::stderr().lock(),
                "linnet: error: {}",
                escape_terminal(&message)
            );
            ExitCode::from(code)
        }
    }
}

/// The exit code and one-line message of a usage error.
fn usage_error(err: &clap::Error) -> (u8, String) {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let rendered = err.to_string();
    // clap's value errors carry no usage line, so no command to point at.
    // A command's own usage text may name another spelling (`container cp` shows `cp`'s), so
    // the command is named as typed, as Docker's `CommandPath` does.
    let usage = usage_command(&rendered).map(|u| {
        let argv: Vec<String> = std::env::args().collect();
        typed_command(&argv).unwrap_or(u)
    });
    let hint = usage
        .as_ref()
        .map(|c| format!(" (see '{c} --help')"))
        .unwrap_or_default();
    let command = usage.unwrap_or_else(|| "linnet".to_string());
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    match err.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            (
                CODE_ERROR,
                format!("unknown command: {command} {name}{hint}"),
            )
        }
        ErrorKind::UnknownArgument => match context(ContextKind::InvalidArg) {
            Some(arg) if arg.starts_with('-') && arg != "-" => {
                let flag = arg.split('=').next().unwrap_or(&arg);
                (CODE_FAILURE, format!("unknown flag: {flag}{hint}"))
            }
            Some(arg) => {
                let message = requires(&command)
                    .unwrap_or_else(|| format!("'{command}' does not take the argument {arg:?}"));
                (CODE_ERROR, format!("{message}{hint}"))
            }
            None => (CODE_FAILURE, format!("{}{hint}", clap_message(&rendered))),
        },
        ErrorKind::MissingRequiredArgument => {
            // A missing required flag is not a positional count.
            let message = arity(&command)
                .filter(|&(min, _)| min > 0)
                .map(|(min, max)| arity_message(&command, min, max))
                .unwrap_or_else(|| clap_message(&rendered));
            (CODE_ERROR, format!("{message}{hint}"))
        }
        ErrorKind::MissingSubcommand => (CODE_ERROR, format!("{}{hint}", clap_message(&rendered))),
        _ => (CODE_FAILURE, format!("{}{hint}", clap_message(&rendered))),
    }
}

/// Docker's "'docker exec' requires at least 2 arguments" for `command` (`linnet exec`), from
/// the number of positionals it takes (cobra's `ExactArgs`, `MinimumNArgs`, `MaximumNArgs`,
/// `RangeArgs` and `NoArgs` words).
fn arity(command: &str) -> Option<(usize, Option<usize>)> {
    use clap::CommandFactory;
    let mut root = crate::cli::Cli::command();
    root.build();
    let mut cmd = &root;
    for word in command.split_whitespace().skip(1) {
        cmd = cmd.find_subcommand(word)?;
    }
    let (mut min, mut max) = (0usize, Some(0usize));
    for arg in cmd.get_positionals() {
        let range = arg.get_num_args().unwrap_or_default();
        if arg.is_required_set() {
            min += range.min_values().max(1);
        }
        let open =
            matches!(arg.get_action(), clap::ArgAction::Append) || range.max_values() == usize::MAX;
        max = max.filter(|_| !open).map(|m| m + range.max_values().max(1));
    }
    Some((min, max))
}

fn requires(command: &str) -> Option<String> {
    arity(command).map(|(min, max)| arity_message(command, min, max))
}

fn arity_message(command: &str, min: usize, max: Option<usize>) -> String {
    let noun = |n: usize| if n == 1 { "argument" } else { "arguments" };
    match max {
        Some(0) => format!("'{command}' accepts no arguments"),
        Some(max) if max == min => format!("'{command}' requires {min} {}", noun(min)),
        Some(max) if min == 0 => format!("'{command}' requires at most {max} {}", noun(max)),
        Some(max) => format!(
            "'{command}' requires at least {min} and at most {max} {}",
            noun(max)
        ),
        None => format!("'{command}' requires at least {min} {}", noun(min)),
    }
}

/// `linnet container cp` from the command line: the subcommand words (their primary names, as
/// Docker prints aliases), skipping flags and their values before a leaf command.
fn typed_command(argv: &[String]) -> Option<String> {
    use clap::CommandFactory;
    let mut root = crate::cli::Cli::command();
    root.build();
    let mut cmd = &root;
    let mut path = vec!["linnet".to_string()];
    for word in argv.iter().skip(1) {
        if word == "--" || !cmd.has_subcommands() {
            break;
        }
        if word.starts_with('-') {
            continue;
        }
        // Otherwise a global flag's value, or an unknown command that clap reports itself.
        if let Some(sub) = cmd.find_subcommand(word) {
            path.push(sub.get_name().to_string());
            cmd = sub;
        }
    }
    (path.len() > 1).then(|| path.join(" "))
}

/// clap's first line without its prefix, with the missing arguments it lists below it.
fn clap_message(rendered: &str) -> String {
    let mut lines = rendered.lines().filter(|l| !l.trim().is_empty());
    let mut message = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .trim_end_matches(':')
        .to_string();
    // "the following required arguments were not provided:" lists them indented.
    let missing: Vec<&str> = rendered
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  ") && !l.trim_start().starts_with("tip:"))
        .map(str::trim)
        .collect();
    if !missing.is_empty() {
        message = format!("{message}: {}", missing.join(" "));
    }
    message
}

/// `linnet logs` from clap's "Usage: linnet logs [OPTIONS] <CONTAINER>" line (whatever the
/// binary is called).
fn usage_command(rendered: &str) -> Option<String> {
    let usage = rendered.lines().find_map(|l| l.strip_prefix("Usage: "))?;
    let words: Vec<&str> = usage
        .split_whitespace()
        .skip(1)
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    Some(
        std::iter::once("linnet")
            .chain(words)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_command_names_subcommands_as_typed() {
        let argv = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            typed_command(&argv("linnet container cp")).as_deref(),
            Some("linnet container cp")
        );
        assert_eq!(
            typed_command(&argv("linnet -n ns cp a")).as_deref(),
            Some("linnet cp")
        );
        assert_eq!(
            typed_command(&argv("linnet --debug image tag x")).as_deref(),
            Some("linnet image tag")
        );
        assert_eq!(typed_command(&argv("linnet")), None);
    }

    #[test]
    fn arity_follows_cobras_words() {
        assert_eq!(arity_message("c", 0, Some(0)), "'c' accepts no arguments");
        assert_eq!(arity_message("c", 2, Some(2)), "'c' requires 2 arguments");
        assert_eq!(arity_message("c", 1, Some(1)), "'c' requires 1 argument");
        assert_eq!(
            arity_message("c", 0, Some(1)),
            "'c' requires at most 1 argument"
        );
        assert_eq!(
            arity_message("c", 1, Some(2)),
            "'c' requires at least 1 and at most 2 arguments"
        );
        assert_eq!(
            arity_message("c", 1, None),
            "'c' requires at least 1 argument"
        );
        assert_eq!(
            requires("linnet container cp").as_deref(),
            Some("'linnet container cp' requires 2 arguments")
        );
    }

    #[test]
    fn terminal_controls_are_quoted() {
        assert_eq!(escape_terminal("plain: text"), "plain: text");
        assert_eq!(escape_terminal("x\u{1b}[31mred\u{7}"), "x\\x1b[31mred\\x07");
        assert_eq!(escape_terminal("a\u{9b}b"), "a\\x9bb");
        assert_eq!(escape_terminal("\u{202e}txt"), "\\u{202e}txt");
        assert_eq!(escape_terminal("ünïcode ok"), "ünïcode ok");
    }

    #[test]
    fn one_line_quotes_every_cause() {
        let err = anyhow::anyhow!("registry said \u{1b}]0;owned\u{7}").context("pull x");
        assert_eq!(one_line(&err), "pull x: registry said \\x1b]0;owned\\x07");
    }
}
