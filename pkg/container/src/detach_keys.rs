//! Docker's detach keys: a key sequence typed on an attached stdin (Ctrl-P Ctrl-Q by default)
//! that leaves the container running and ends the attachment. Parsing follows Docker's
//! `--detach-keys` syntax; [`Detector`] finds the sequence in the input stream and passes
//! everything else through, including the start of a sequence that the next key breaks.

use crate::Error;

/// The most keys a sequence may have (Docker sets no limit; this keeps the type `Copy`).
const MAX_KEYS: usize = 16;

/// Docker's default, `ctrl-p,ctrl-q`.
pub const DEFAULT: &str = "ctrl-p,ctrl-q";

/// A parsed detach sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetachKeys {
    bytes: [u8; MAX_KEYS],
    len: u8,
}

impl Default for DetachKeys {
    fn default() -> Self {
        DetachKeys::from_bytes(&[0x10, 0x11])
    }
}

impl DetachKeys {
    fn from_bytes(keys: &[u8]) -> DetachKeys {
        let mut bytes = [0u8; MAX_KEYS];
        bytes[..keys.len()].copy_from_slice(keys);
        DetachKeys {
            bytes,
            len: keys.len() as u8,
        }
    }

    /// Parses Docker's syntax: comma-separated keys, each a single character or `ctrl-X` with X
    /// one of `a`-`z`, `@`, `[`, `\`, `]`, `^`, `_`. An empty string is the default.
    pub fn parse(text: &str) -> Result<DetachKeys, Error> {
        if text.is_empty() {
            return Ok(DetachKeys::default());
        }
        let invalid =
            |why: String| Error::InvalidArgument(format!("invalid detach keys ({text}): {why}"));
        let mut keys = Vec::new();
        for key in text.split(',') {
            let code = match key.as_bytes() {
                [single] => *single,
                _ => ctrl_code(key).ok_or_else(|| invalid(format!("unknown key {key:?}")))?,
            };
            keys.push(code);
        }
        if keys.len() > MAX_KEYS {
            return Err(invalid(format!("more than {MAX_KEYS} keys")));
        }
        Ok(DetachKeys::from_bytes(&keys))
    }

    /// The key codes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

/// The control code of `ctrl-X` (case-insensitive prefix).
fn ctrl_code(key: &str) -> Option<u8> {
    let lower = key.to_ascii_lowercase();
    let rest = lower.strip_prefix("ctrl-")?;
    match rest.as_bytes() {
        [c @ b'a'..=b'z'] => Some(c - b'a' + 1),
        [b'@'] => Some(0),
        [c @ (b'[' | b'\\' | b']' | b'^' | b'_')] => Some(c - b'@'),
        _ => None,
    }
}

/// What one chunk of input turned into.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Bytes to forward to the container.
    pub forward: Vec<u8>,
    /// The sequence was completed: detach (nothing after it is forwarded).
    pub detach: bool,
}

/// Finds the detach sequence in a stream of input chunks (a sequence may span chunks).
#[derive(Debug, Clone)]
pub struct Detector {
    keys: DetachKeys,
    /// How many keys of the sequence the input ended with (held back, not yet forwarded).
    matched: usize,
}

impl Detector {
    pub fn new(keys: DetachKeys) -> Detector {
        Detector { keys, matched: 0 }
    }

    /// Scans the next chunk of input.
    pub fn scan(&mut self, input: &[u8]) -> Scanned {
        let keys = self.keys.as_bytes();
        let mut out = Scanned::default();
        if keys.is_empty() {
            out.forward.extend_from_slice(input);
            return out;
        }
        for &b in input {
            if b == keys[self.matched] {
                self.matched += 1;
                if self.matched == keys.len() {
                    self.matched = 0;
                    out.detach = true;
                    return out;
                }
                continue;
            }
            // A broken sequence: the held keys were plain input after all. The current byte may
            // itself start a new sequence.
            out.forward.extend_from_slice(&keys[..self.matched]);
            self.matched = 0;
            if b == keys[0] {
                self.matched = 1;
                if keys.len() == 1 {
                    self.matched = 0;
                    out.detach = true;
                    return out;
                }
            } else {
                out.forward.push(b);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<u8> {
        DetachKeys::parse(text).unwrap().as_bytes().to_vec()
    }

    #[test]
    fn parses_docker_syntax() {
        assert_eq!(keys(""), vec![0x10, 0x11]);
        assert_eq!(keys(DEFAULT), vec![0x10, 0x11]);
        assert_eq!(keys("ctrl-a,a"), vec![1, b'a']);
        assert_eq!(keys("CTRL-Z"), vec![26]);
        assert_eq!(
            keys("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_"),
            vec![0, 27, 28, 29, 30, 31]
        );
        assert_eq!(keys("x"), vec![b'x']);
        for bad in ["ctrl-1", "foo", "a,,b", "ctrl-", "ctrl-ab", ","] {
            let err = DetachKeys::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("invalid detach keys"), "{bad}: {err}");
        }
        let long = vec!["a"; MAX_KEYS + 1].join(",");
        assert!(DetachKeys::parse(&long).is_err());
    }

    #[test]
    fn detects_the_default_sequence() {
        let mut d = Detector::new(DetachKeys::default());
        let s = d.scan(b"ls\r\x10\x11after");
        assert_eq!(s.forward, b"ls\r");
        assert!(s.detach);
    }

    #[test]
    fn sequence_across_chunks() {
        let mut d = Detector::new(DetachKeys::default());
        let s = d.scan(b"abc\x10");
        assert_eq!((s.forward.as_slice(), s.detach), (&b"abc"[..], false));
        let s = d.scan(b"\x11");
        assert_eq!((s.forward.as_slice(), s.detach), (&b""[..], true));
    }

    #[test]
    fn broken_sequence_is_passed_through() {
        let mut d = Detector::new(DetachKeys::default());
        let s = d.scan(b"\x10");
        assert!(s.forward.is_empty() && !s.detach);
        // Ctrl-P then 'a': both reach the container (Ctrl-P is shell history in Docker too).
        let s = d.scan(b"a");
        assert_eq!((s.forward.as_slice(), s.detach), (&b"\x10a"[..], false));
        // Ctrl-P Ctrl-P Ctrl-Q: the first Ctrl-P is input, the next two detach.
        let s = d.scan(b"\x10\x10\x11");
        assert_eq!((s.forward.as_slice(), s.detach), (&b"\x10"[..], true));
    }

    #[test]
    fn custom_and_single_key_sequences() {
        let mut d = Detector::new(DetachKeys::parse("ctrl-a,a").unwrap());
        let s = d.scan(b"\x01b\x01a");
        assert_eq!((s.forward.as_slice(), s.detach), (&b"\x01b"[..], true));
        let mut d = Detector::new(DetachKeys::parse("ctrl-x").unwrap());
        let s = d.scan(b"q\x18w");
        assert_eq!((s.forward.as_slice(), s.detach), (&b"q"[..], true));
        // Three-key sequence broken in the middle by a byte that restarts it.
        let mut d = Detector::new(DetachKeys::parse("a,b,c").unwrap());
        let s = d.scan(b"aabxabc");
        assert_eq!((s.forward.as_slice(), s.detach), (&b"aabx"[..], true));
    }
}
