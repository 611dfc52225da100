//! Shell completion: clap_complete's static scripts for bash, zsh and fish, without linnet's
//! internal commands, plus a small wrapper per shell that asks `linnet _complete` for the names
//! of containers, images, networks and volumes where a command takes them (clap_complete knows
//! only the static command tree).
//!
//! `linnet _complete -- WORDS...` gets the words typed before the cursor, walks the clap tree
//! the way the parser would (global options, subcommands, flags and their values) and, at a
//! position that takes names, prints them (from `linnet ps -a`, `images`, `network ls`,
//! `volume ls` run with the same global options) and exits 0; anywhere else it exits 1 and the
//! wrapper falls back to the static completion.

use std::process::{Command as Process, Stdio};

use clap::Command;
use clap_complete::Shell;

/// What a positional argument names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Container,
    Image,
    Network,
    Volume,
}

use Kind::{Container as C, Image as I, Network as N, Volume as V};

/// Command path → what its positionals name; `true`: the last kind repeats.
const TAKES_NAMES: &[(&str, &[Kind], bool)] = &[
    ("start", &[C], true),
    ("stop", &[C], true),
    ("restart", &[C], true),
    ("kill", &[C], true),
    ("rm", &[C], true),
    ("wait", &[C], true),
    ("inspect", &[C], true),
    ("update", &[C], true),
    ("pause", &[C], true),
    ("unpause", &[C], true),
    ("stats", &[C], true),
    ("logs", &[C], false),
    ("exec", &[C], false),
    ("attach", &[C], false),
    ("port", &[C], false),
    ("top", &[C], false),
    ("rename", &[C], false),
    ("diff", &[C], false),
    ("export", &[C], false),
    ("commit", &[C], false),
    ("run", &[I], false),
    ("create", &[I], false),
    ("rmi", &[I], true),
    ("push", &[I], false),
    ("tag", &[I], false),
    ("history", &[I], false),
    ("save", &[I], true),
    ("image rm", &[I], true),
    ("image push", &[I], false),
    ("image tag", &[I], false),
    ("image history", &[I], false),
    ("image inspect", &[I], true),
    ("image save", &[I], true),
    ("network rm", &[N], true),
    ("network inspect", &[N], true),
    ("network connect", &[N, C], false),
    ("network disconnect", &[N, C], false),
    ("volume rm", &[V], true),
    ("volume inspect", &[V], true),
];

/// `container X` takes what `X` takes.
fn kinds_of(path: &str) -> Option<(&'static [Kind], bool)> {
    let path = path.strip_prefix("container ").unwrap_or(path);
    TAKES_NAMES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, kinds, repeat)| (*kinds, *repeat))
}

/// The root command as completions show it: without hidden (internal) subcommands, which
/// clap_complete would offer.
pub fn visible(root: &Command) -> Command {
    let mut out = Command::new("linnet")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_subcommand(true)
        .args(root.get_arguments().cloned())
        .subcommands(root.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    if let Some(about) = root.get_about() {
        out = out.about(about.clone());
    }
    out
}

/// The completion script for `shell`.
pub fn script(shell: Shell, root: &Command) -> anyhow::Result<String> {
    let mut cmd = visible(root);
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "linnet", &mut buf);
    let generated = String::from_utf8(buf)?;
    Ok(match shell {
        Shell::Bash => format!("{generated}{BASH_NAMES}"),
        Shell::Fish => format!("{generated}{FISH_NAMES}"),
        Shell::Zsh => zsh_with_names(&generated)?,
        _ => generated,
    })
}

const BASH_NAMES: &str = r#"
# Names of containers, images, networks and volumes come from linnet itself.
_linnet_names() {
    # The words as typed: COMP_WORDS splits image names at ':' (a COMP_WORDBREAKS character).
    local line="${COMP_LINE:0:COMP_POINT}" words cur="" names
    read -ra words <<< "$line"
    if [[ "$line" != *[[:space:]] && ${#words[@]} -gt 0 ]]; then
        cur="${words[${#words[@]}-1]}"
        unset "words[${#words[@]}-1]"
    fi
    if [[ "$cur" != -* && ${#words[@]} -gt 0 ]] &&
        names=$("${words[0]}" _complete -- "${words[@]:1}" 2>/dev/null); then
        compopt +o default +o bashdefault 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$names" -- "$cur"))
        # bash replaces only what follows the last ':' of the word.
        if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
            local prefix="${cur%"${cur##*:}"}"
            COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
        fi
        return 0
    fi
    _linnet "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _linnet_names -o nosort -o bashdefault -o default linnet
else
    complete -F _linnet_names -o bashdefault -o default linnet
fi
"#;

const FISH_NAMES: &str = r#"
# Names of containers, images, networks and volumes come from linnet itself.
function __fish_linnet_names
    set -l words (commandline -opc)
    $words[1] _complete -- $words[2..-1] 2>/dev/null
end
complete -c linnet -f -n '__fish_linnet_names >/dev/null' -a '(__fish_linnet_names)'
"#;

const ZSH_NAMES: &str = r#"
# Names of containers, images, networks and volumes come from linnet itself.
_linnet() {
    local out
    if [[ $PREFIX != -* ]] &&
        out=$(${words[1]} _complete -- ${words[2,CURRENT-1]} 2>/dev/null); then
        local -a names
        names=(${(f)out})
        compadd -a names
        return
    fi
    _linnet_static "$@"
}
"#;

/// The generated `_linnet` becomes `_linnet_static`, called by the wrapper when no names apply.
fn zsh_with_names(generated: &str) -> anyhow::Result<String> {
    const MAIN: &str = "\n_linnet() {\n";
    const TAIL: &str = "\nif [ \"$funcstack[1]\" = \"_linnet\" ]; then";
    let (Some(main), Some(tail)) = (generated.find(MAIN), generated.rfind(TAIL)) else {
        anyhow::bail!("unexpected zsh script from clap_complete: no _linnet function");
    };
    if tail < main {
        anyhow::bail!("unexpected zsh script from clap_complete: _linnet after its call");
    }
    Ok(format!(
        "{}\n_linnet_static() {{\n{}{ZSH_NAMES}{}",
        &generated[..main],
        &generated[main + MAIN.len()..tail],
        &generated[tail..]
    ))
}

/// Where the cursor stands after `words`: the global options typed before the command and what
/// the next positional names, if it names anything.
pub fn position(root: &Command, words: &[String]) -> Option<(Vec<String>, Kind)> {
    let mut root = root.clone();
    // Propagates the global options into every subcommand.
    root.build();
    let mut cmd = &root;
    let mut path: Vec<&str> = Vec::new();
    let mut globals = Vec::new();
    let mut positionals = 0usize;
    let mut only_positionals = false;
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        if !only_positionals && word == "--" {
            only_positionals = true;
            continue;
        }
        if !only_positionals && word.starts_with('-') && word.len() > 1 {
            if path.is_empty() {
                globals.push(word.clone());
            }
            if takes_value(cmd, word) {
                // The cursor is on this flag's value: not a name.
                let value = rest.next()?;
                if path.is_empty() {
                    globals.push(value.clone());
                }
            }
            continue;
        }
        if cmd.has_subcommands() {
            cmd = cmd.find_subcommand(word)?;
            path.push(cmd.get_name());
            continue;
        }
        positionals += 1;
    }
    let (kinds, repeat) = kinds_of(&path.join(" "))?;
    let kind = match kinds.get(positionals) {
        Some(kind) => *kind,
        None if repeat => *kinds.last()?,
        None => return None,
    };
    Some((globals, kind))
}

/// Whether flag `word` of `cmd` takes the next word as its value.
fn takes_value(cmd: &Command, word: &str) -> bool {
    let takes = |arg: &clap::Arg| arg.get_action().takes_values();
    if let Some(long) = word.strip_prefix("--") {
        if long.contains('=') {
            return false;
        }
        return cmd
            .get_arguments()
            .find(|a| {
                a.get_long() == Some(long)
                    || a.get_all_aliases()
                        .is_some_and(|aliases| aliases.contains(&long))
            })
            .is_some_and(takes);
    }
    // `-it`, `-uroot`, `-t 2`: a short flag with a value takes the rest of the word, or the
    // next word when it is the last letter.
    let letters: Vec<char> = word.chars().skip(1).collect();
    for (i, letter) in letters.iter().enumerate() {
        let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == Some(*letter)) else {
            return false;
        };
        if takes(arg) {
            return i + 1 == letters.len();
        }
    }
    false
}

/// The names of `kind`, listed by linnet itself with the same global options.
pub fn names(globals: &[String], kind: Kind) -> Vec<String> {
    let list: &[&str] = match kind {
        Kind::Container => &["ps", "-a", "--format", "{{.Names}}"],
        Kind::Image => &["images", "--format", "{{.Repository}}:{{.Tag}}"],
        Kind::Network => &["network", "ls", "--format", "{{.Name}}"],
        Kind::Volume => &["volume", "ls", "-q"],
    };
    let Ok(exe) = std::env::current_exe() else {
        return Vec::new();
    };
    let output = Process::new(exe)
        .args(globals)
        .args(list)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let Ok(output) = output else {
        return Vec::new();
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains("<none>"))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn at(words: &[&str]) -> Option<(Vec<String>, Kind)> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        position(&crate::cli::Cli::command(), &words)
    }

    #[test]
    fn positions_that_take_names() {
        assert_eq!(at(&["stop"]), Some((vec![], Kind::Container)));
        assert_eq!(
            at(&["stop", "-t", "2", "a"]).map(|p| p.1),
            Some(Kind::Container)
        );
        assert_eq!(at(&["stop", "-t"]), None, "the value of -t");
        assert_eq!(
            at(&["-n", "ns", "--data-root", "/d", "container", "rm", "-f"]),
            Some((
                ["-n", "ns", "--data-root", "/d"].map(String::from).to_vec(),
                Kind::Container
            ))
        );
        assert_eq!(at(&["exec", "-it"]).map(|p| p.1), Some(Kind::Container));
        assert_eq!(at(&["exec", "-it", "box"]), None, "the command");
        assert_eq!(
            at(&["run", "--rm", "-e", "A=1"]).map(|p| p.1),
            Some(Kind::Image)
        );
        assert_eq!(at(&["run", "--rm", "img"]), None);
        assert_eq!(
            at(&["network", "connect"]).map(|p| p.1),
            Some(Kind::Network)
        );
        assert_eq!(
            at(&["network", "connect", "n"]).map(|p| p.1),
            Some(Kind::Container)
        );
        assert_eq!(at(&["volume", "rm", "a"]).map(|p| p.1), Some(Kind::Volume));
        assert_eq!(at(&["ps"]), None);
        assert_eq!(at(&[]), None);
        assert_eq!(at(&["no-such-command"]), None);
    }

    #[test]
    fn internal_commands_are_not_offered() {
        let root = crate::cli::Cli::command();
        let shown = visible(&root);
        for internal in [
            "_log-driver",
            "_monitor",
            "_io-holder",
            "snapshotter",
            "_complete",
        ] {
            assert!(shown.find_subcommand(internal).is_none(), "{internal}");
        }
        assert!(shown.find_subcommand("stop").is_some());
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let text = script(shell, &root).expect("script");
            for internal in [
                "_log-driver",
                "_monitor",
                "_io-holder",
                "linnet,snapshotter",
            ] {
                assert!(!text.contains(internal), "{shell:?} offers {internal}");
            }
            assert!(text.contains("_complete --"), "{shell:?} asks for names");
        }
    }
}
