//! A seeded PRNG and libFuzzer-style mutations, so a run is reproducible from its seed.

/// SplitMix64: small, fast, good enough to drive mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Bytes that parsers treat specially: separators, quotes, template and JSON punctuation.
const TOKENS: &[&[u8]] = &[
    b":",
    b"/",
    b"@",
    b",",
    b"=",
    b"-",
    b".",
    b"{{",
    b"}}",
    b"\"",
    b"\\",
    b"[",
    b"]",
    b"{",
    b"}",
    b"sha256:",
    b"0",
    b"65535",
    b"65536",
    b"-1",
    b"99999999999999999999",
    b"\0",
    b"\xff",
    b"\xc3\xa9",
    b"{{range .}}",
    b"{{end}}",
    b"|",
    b"$x :=",
    b"%",
    b"ustar\x0000",
    b"null",
];

/// Bytes whose values parsers test: boundaries of signed and unsigned widths.
const INTERESTING: &[u8] = &[0, 1, 0x7f, 0x80, 0xff, b'0', b'9', b' ', b'\n'];

/// One to four mutations of `input`, sometimes spliced with another corpus entry; the result
/// stays below `max_len`.
pub fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>], max_len: usize) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(9) {
            0 | 1 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            2 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            3 => {
                let i = rng.below(out.len() + 1);
                out.insert(i, rng.next_u64() as u8);
            }
            4 if !out.is_empty() => {
                let i = rng.below(out.len());
                let n = 1 + rng.below((out.len() - i).min(16));
                out.drain(i..i + n);
            }
            5 => {
                let i = rng.below(out.len() + 1);
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(i..i, token.iter().copied());
            }
            6 if !corpus.is_empty() => {
                // Splice: our head, another entry's tail.
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(out.len() + 1);
                let from = rng.below(other.len() + 1);
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            7 if out.len() > 1 => {
                // Duplicate a chunk (repeated structure: nested templates, repeated options).
                let i = rng.below(out.len());
                let n = 1 + rng.below((out.len() - i).min(32));
                let chunk = out[i..i + n].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, chunk);
            }
            8 if out.len() >= 8 => {
                // Overwrite a little-endian word with a boundary value (lengths, offsets).
                let i = rng.below(out.len() - 7);
                let v: u64 = [
                    0,
                    1,
                    u64::MAX,
                    u32::MAX as u64,
                    i64::MAX as u64,
                    0x8000_0000,
                ][rng.below(6)];
                let width = [1usize, 2, 4, 8][rng.below(4)];
                out[i..i + width].copy_from_slice(&v.to_le_bytes()[..width]);
            }
            _ => {
                let i = rng.below(out.len() + 1);
                out.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
            }
        }
    }
    out.truncate(max_len);
    out
}
