//! Environment variables the way Docker assembles them: `--env-file` lines, then `-e` flags, merged
//! over the image's environment with "replace or append" semantics. A bare `KEY` is taken from the
//! caller's environment and, when the caller has no such variable, removes `KEY` from the result.

use crate::Error;

/// Default `PATH` for Linux containers whose image sets none (Docker's `DefaultPathEnv`).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Parses the content of an `--env-file`: blank lines and `#` comments are skipped, `KEY=VALUE`
/// is kept verbatim, and a bare `KEY` is looked up with `lookup` (dropped when unset).
pub fn parse_env_file(
    name: &str,
    content: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for (index, raw) in content.lines().enumerate() {
        let raw = if index == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (variable, value) = match line.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (line, None),
        };
        if variable.is_empty() {
            return Err(Error::EnvFile {
                file: name.to_string(),
                reason: format!("no variable name on line '{line}'"),
            });
        }
        if variable.contains(char::is_whitespace) {
            return Err(Error::EnvFile {
                file: name.to_string(),
                reason: format!("variable '{variable}' contains whitespaces"),
            });
        }
        match value {
            Some(value) => out.push(format!("{variable}={value}")),
            None => {
                if let Some(value) = lookup(variable) {
                    out.push(format!("{variable}={value}"));
                }
            }
        }
    }
    Ok(out)
}

/// Resolves `-e` values: `KEY=VALUE` stays, a bare `KEY` takes the caller's value when set and
/// otherwise stays bare (which [`merge_env`] treats as "unset KEY").
pub fn resolve_env_flags(
    flags: &[String],
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>, Error> {
    let mut out = Vec::with_capacity(flags.len());
    for flag in flags {
        match flag.split_once('=') {
            Some(("", _)) => return Err(Error::InvalidEnv(flag.clone())),
            Some(_) => out.push(flag.clone()),
            None if flag.is_empty() => return Err(Error::InvalidEnv(flag.clone())),
            None => match lookup(flag) {
                Some(value) => out.push(format!("{flag}={value}")),
                None => out.push(flag.clone()),
            },
        }
    }
    Ok(out)
}

fn key_of(entry: &str) -> &str {
    entry.split_once('=').map(|(k, _)| k).unwrap_or(entry)
}

/// Docker's `ReplaceOrAppendEnvValues`: each override replaces the entry with the same key in
/// place or is appended; a bare `KEY` override removes that key.
pub fn merge_env(base: &[String], overrides: &[String]) -> Vec<String> {
    let mut env: Vec<String> = base.to_vec();
    for entry in overrides {
        let key = key_of(entry);
        let position = env.iter().position(|e| key_of(e) == key);
        if entry.contains('=') {
            match position {
                Some(i) => env[i] = entry.clone(),
                None => env.push(entry.clone()),
            }
        } else if let Some(i) = position {
            env.remove(i);
        }
    }
    env
}

/// Looks up a variable in an environment list.
pub fn get_env<'a>(env: &'a [String], key: &str) -> Option<&'a str> {
    env.iter()
        .find_map(|e| e.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn env_file_comments_blank_and_lookup() {
        let content = "\u{feff}# comment\n\nA=1\n  B=two words \nC\nD\n";
        let lookup = |k: &str| (k == "C").then(|| "fromhost".to_string());
        let got = parse_env_file("f", content, lookup).unwrap();
        assert_eq!(got, vec!["A=1", "B=two words ", "C=fromhost"]);
    }

    #[test]
    fn env_file_rejects_bad_keys() {
        assert!(parse_env_file("f", "=x\n", none).is_err());
        assert!(parse_env_file("f", "A B=x\n", none).is_err());
    }

    #[test]
    fn env_flags_copy_from_caller() {
        let lookup = |k: &str| (k == "HOME").then(|| "/root".to_string());
        let got = resolve_env_flags(&["A=1".into(), "HOME".into(), "NOPE".into()], lookup).unwrap();
        assert_eq!(got, vec!["A=1", "HOME=/root", "NOPE"]);
        assert!(resolve_env_flags(&["=x".into()], none).is_err());
    }

    #[test]
    fn merge_replaces_appends_and_unsets() {
        let base = vec!["PATH=/bin".to_string(), "A=1".into(), "B=2".into()];
        let got = merge_env(&base, &["A=9".into(), "C=3".into(), "B".into()]);
        assert_eq!(got, vec!["PATH=/bin", "A=9", "C=3"]);
        assert_eq!(get_env(&got, "A"), Some("9"));
        assert_eq!(get_env(&got, "B"), None);
    }
}
