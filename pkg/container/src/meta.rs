//! Container metadata kept in containerd container labels (so that any linnet process, and
//! nothing else, is needed to list, resolve and inspect containers), IDs and names.

use std::collections::HashMap;

use rand::Rng;

use crate::Error;

/// Label keys linnet sets on containers.
pub mod labels {
    pub const NAME: &str = "linnet/name";
    pub const HOSTNAME: &str = "linnet/hostname";
    pub const AUTO_REMOVE: &str = "linnet/auto-remove";
    pub const LOG_PATH: &str = "linnet/log-path";
    pub const PLATFORM: &str = "linnet/platform";
    pub const EXIT_CODE: &str = "linnet/exit-code";
    pub const FINISHED_AT: &str = "linnet/finished-at";
    pub const STARTED_AT: &str = "linnet/started-at";
    pub const STOP_SIGNAL: &str = "linnet/stop-signal";
    pub const NETWORK: &str = "linnet/network";
    pub const TTY: &str = "linnet/tty";
    pub const STDIN_OPEN: &str = "linnet/stdin-open";
    pub const MOUNTS: &str = "linnet/mounts";
    /// `--security-opt` values as given (JSON array), for inspect's `HostConfig.SecurityOpt`.
    pub const SECURITY_OPT: &str = "linnet/security-opt";
    /// The image as the user typed it (Docker's `Config.Image`).
    pub const IMAGE_REF: &str = "linnet/image-ref";
    /// The image ID (digest of the image's target).
    pub const IMAGE_ID: &str = "linnet/image-id";
    /// Effective Entrypoint and Cmd (JSON arrays), for inspect.
    pub const ENTRYPOINT: &str = "linnet/entrypoint";
    pub const CMD: &str = "linnet/cmd";
    /// Prefix of every linnet-internal label; user labels never start with it.
    pub const PREFIX: &str = "linnet/";
}

/// A new 64-hex-digit container ID.
pub fn new_id() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

const ADJECTIVES: &[&str] = &[
    "admiring",
    "affectionate",
    "amazing",
    "awesome",
    "blissful",
    "bold",
    "brave",
    "busy",
    "charming",
    "clever",
    "compassionate",
    "confident",
    "cool",
    "dazzling",
    "determined",
    "dreamy",
    "eager",
    "ecstatic",
    "elastic",
    "elegant",
    "epic",
    "exciting",
    "fervent",
    "festive",
    "focused",
    "friendly",
    "gallant",
    "gifted",
    "goofy",
    "gracious",
    "happy",
    "hopeful",
    "inspiring",
    "intelligent",
    "jolly",
    "keen",
    "kind",
    "laughing",
    "loving",
    "lucid",
    "magical",
    "modest",
    "musing",
    "nice",
    "nifty",
    "nostalgic",
    "optimistic",
    "peaceful",
    "pensive",
    "practical",
    "priceless",
    "quirky",
    "relaxed",
    "reverent",
    "romantic",
    "serene",
    "sharp",
    "silly",
    "sleepy",
    "stoic",
    "sweet",
    "tender",
    "trusting",
    "upbeat",
    "vibrant",
    "vigilant",
    "wizardly",
    "wonderful",
    "xenodochial",
    "youthful",
    "zealous",
    "zen",
];

const NOUNS: &[&str] = &[
    "albattani",
    "archimedes",
    "babbage",
    "bardeen",
    "bell",
    "bohr",
    "brown",
    "curie",
    "darwin",
    "dijkstra",
    "einstein",
    "euclid",
    "euler",
    "fermat",
    "feynman",
    "franklin",
    "galileo",
    "gauss",
    "goldberg",
    "goodall",
    "hamilton",
    "hawking",
    "heisenberg",
    "hopper",
    "hypatia",
    "johnson",
    "kepler",
    "knuth",
    "lamarr",
    "lamport",
    "leakey",
    "liskov",
    "lovelace",
    "mayer",
    "mccarthy",
    "meitner",
    "mendel",
    "morse",
    "napier",
    "newton",
    "noether",
    "pascal",
    "pasteur",
    "planck",
    "ptolemy",
    "ritchie",
    "shannon",
    "sinoussi",
    "stallman",
    "tesla",
    "thompson",
    "torvalds",
    "turing",
    "wiles",
    "wilson",
    "wozniak",
    "wright",
    "yalow",
    "yonath",
];

/// A Docker-style random name such as `focused_turing`.
pub fn random_name() -> String {
    let mut rng = rand::rng();
    let adjective = ADJECTIVES[rng.random_range(0..ADJECTIVES.len())];
    let noun = NOUNS[rng.random_range(0..NOUNS.len())];
    format!("{adjective}_{noun}")
}

/// Docker's rule for container names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn validate_name(name: &str) -> Result<(), Error> {
    let name_ok = name.len() >= 2
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if name_ok {
        Ok(())
    } else {
        Err(Error::InvalidName(name.to_string()))
    }
}

/// Parses `-l KEY=VALUE` flags (a bare key gets an empty value); linnet's own keys are refused.
pub fn parse_labels(flags: &[String]) -> Result<HashMap<String, String>, Error> {
    let mut out = HashMap::new();
    for flag in flags {
        let (key, value) = flag.split_once('=').unwrap_or((flag.as_str(), ""));
        if key.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "invalid label {flag:?}: empty key"
            )));
        }
        if key.starts_with(labels::PREFIX) {
            return Err(Error::InvalidArgument(format!(
                "invalid label {flag:?}: the {} prefix is reserved",
                labels::PREFIX
            )));
        }
        out.insert(key.to_string(), value.to_string());
    }
    Ok(out)
}

/// What a name-or-ID argument can match.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

/// Resolves a user's reference to one container ID: exact ID, exact name, then unique ID prefix.
pub fn resolve<'a>(reference: &str, candidates: &[Candidate<'a>]) -> Result<&'a str, Error> {
    if reference.is_empty() {
        return Err(Error::NoSuchContainer(reference.to_string()));
    }
    if let Some(c) = candidates.iter().find(|c| c.id == reference) {
        return Ok(c.id);
    }
    if let Some(c) = candidates.iter().find(|c| c.name == Some(reference)) {
        return Ok(c.id);
    }
    let matches: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.id.starts_with(reference))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Error::NoSuchContainer(reference.to_string())),
        _ => Err(Error::AmbiguousContainer(reference.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names() {
        let id = new_id();
        assert_eq!(id.len(), 64);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(id, new_id());
        let name = random_name();
        assert!(validate_name(&name).is_ok());
        assert!(validate_name("a").is_err());
        assert!(validate_name("-ab").is_err());
        assert!(validate_name("a b").is_err());
        assert!(validate_name("web-1.x_y").is_ok());
    }

    #[test]
    fn labels_parse() {
        let got = parse_labels(&["a=1".into(), "b".into(), "c=x=y".into()]).unwrap();
        assert_eq!(got["a"], "1");
        assert_eq!(got["b"], "");
        assert_eq!(got["c"], "x=y");
        assert!(parse_labels(&["linnet/name=x".into()]).is_err());
        assert!(parse_labels(&["=x".into()]).is_err());
    }

    #[test]
    fn resolution() {
        let c = vec![
            Candidate {
                id: "abc123",
                name: Some("web"),
            },
            Candidate {
                id: "abd456",
                name: Some("abc"),
            },
            Candidate {
                id: "ffff",
                name: None,
            },
        ];
        assert_eq!(resolve("abc123", &c).unwrap(), "abc123");
        // A name beats an ID prefix.
        assert_eq!(resolve("abc", &c).unwrap(), "abd456");
        assert_eq!(resolve("web", &c).unwrap(), "abc123");
        assert_eq!(resolve("ff", &c).unwrap(), "ffff");
        assert!(matches!(
            resolve("ab", &c),
            Err(Error::AmbiguousContainer(_))
        ));
        assert!(matches!(resolve("zz", &c), Err(Error::NoSuchContainer(_))));
    }
}
