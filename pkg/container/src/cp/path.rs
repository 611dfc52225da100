//! Docker's path rules for `cp` (Go's `path/filepath` and moby's `pkg/archive/copy.go`), so that
//! a trailing `/`, a `/.` suffix and symlink rebasing mean exactly what they mean to Docker.

/// Go's `filepath.Clean`.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Split`: everything up to and including the last `/`, and the rest.
pub fn split(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Go's `filepath.Base`.
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_string();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// Go's `filepath.Dir`.
pub fn dir(path: &str) -> String {
    let (d, _) = split(path);
    clean(d)
}

pub fn has_trailing_separator(path: &str) -> bool {
    path.ends_with('/')
}

/// The path names the current directory (`dir/.`, `.`).
pub fn specifies_current_dir(path: &str) -> bool {
    base(path) == "."
}

/// The path says it must be a directory (trailing `/` or `/.`).
pub fn asserts_directory(path: &str) -> bool {
    has_trailing_separator(path) || specifies_current_dir(path)
}

/// moby's `PreserveTrailingDotOrSeparator`: cleaning must not lose a trailing `/` or `/.`.
pub fn preserve_trailing(cleaned: &str, original: &str) -> String {
    let mut out = cleaned.to_string();
    if !specifies_current_dir(&out) && specifies_current_dir(original) {
        if !has_trailing_separator(&out) {
            out.push('/');
        }
        out.push('.');
    }
    if !has_trailing_separator(&out) && has_trailing_separator(original) {
        out.push('/');
    }
    out
}

/// moby's `SplitPathDirEntry`: parent directory and entry name, keeping a `/.` entry as `.`.
pub fn split_dir_entry(path: &str) -> (String, String) {
    let mut cleaned = clean(path);
    if specifies_current_dir(path) {
        cleaned.push_str("/.");
    }
    (dir(&cleaned), base(&cleaned))
}

/// An absolute container path as the daemon sees `path` (relative paths start at `/`).
pub fn container_abs(path: &str) -> String {
    preserve_trailing(&clean(&format!("/{path}")), path)
}

/// moby's `GetRebaseName`: the resolved path keeps the original's trailing `/` or `/.`, and the
/// archive must be renamed back when resolving changed the last element.
pub fn rebase_name(path: &str, resolved: &str) -> (String, Option<String>) {
    let mut resolved = resolved.to_string();
    if specifies_current_dir(path) && !specifies_current_dir(&resolved) {
        resolved.push_str("/.");
    }
    if has_trailing_separator(path) && !has_trailing_separator(&resolved) {
        resolved.push('/');
    }
    let rebase = (base(path) != base(&resolved)).then(|| base(path));
    (resolved, rebase)
}

/// Renames the first element of an archive entry name (`old` → `new`), as moby's
/// `RebaseArchiveEntries` does for names that start with `old`.
pub fn rebase_entry(name: &str, old: &str, new: &str) -> Option<String> {
    if name == old {
        return Some(new.to_string());
    }
    // The container's `/` is archived as `/`, `/bin`...: its entries take the new name too.
    if old == "/" {
        return name.strip_prefix('/').map(|rest| format!("{new}/{rest}"));
    }
    name.strip_prefix(old)
        .filter(|rest| rest.starts_with('/'))
        .map(|rest| format!("{new}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_path_functions() {
        assert_eq!(clean("/a/../../b/./c/"), "/b/c");
        assert_eq!(clean("a/.."), ".");
        assert_eq!(clean("../x"), "../x");
        assert_eq!(split("/tmp/src/"), ("/tmp/src/", ""));
        assert_eq!(split("/tmp/a"), ("/tmp/", "a"));
        assert_eq!(base("/tmp/src/"), "src");
        assert_eq!(base("/"), "/");
        assert_eq!(base("/tmp/src/."), ".");
        assert_eq!(dir("/tmp/a"), "/tmp");
        assert_eq!(dir("/a"), "/");
    }

    #[test]
    fn docker_copy_rules() {
        assert_eq!(container_abs("etc/"), "/etc/");
        assert_eq!(container_abs("/etc/."), "/etc/.");
        assert_eq!(container_abs("/etc/../tmp"), "/tmp");
        assert_eq!(container_abs("/"), "/");
        assert_eq!(
            split_dir_entry("/tmp/src/."),
            ("/tmp/src".to_string(), ".".to_string())
        );
        assert_eq!(
            split_dir_entry("/tmp/a/"),
            ("/tmp".to_string(), "a".to_string())
        );
        assert!(asserts_directory("x/"));
        assert!(asserts_directory("x/."));
        assert!(!asserts_directory("x"));
        assert_eq!(
            rebase_name("/tmp/ldir", "/tmp/src"),
            ("/tmp/src".to_string(), Some("ldir".to_string()))
        );
        assert_eq!(
            rebase_name("/tmp/ldir/.", "/tmp/src"),
            ("/tmp/src/.".to_string(), None)
        );
        assert_eq!(rebase_entry("src/a", "src", "x").as_deref(), Some("x/a"));
        assert_eq!(rebase_entry("./a", ".", "x").as_deref(), Some("x/a"));
        assert_eq!(rebase_entry("srcx/a", "src", "x"), None);
        assert_eq!(
            rebase_entry("/bin/sh", "/", "out").as_deref(),
            Some("out/bin/sh")
        );
    }
}
