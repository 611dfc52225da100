//! A JSON reader and writer that behave like Go's `encoding/json`.
//!
//! SOCI indexes and converted image manifests are identified by the digest of the bytes Go's
//! `json.Marshal` produces, and the snapshotter re-marshals every index it fetches and stores it
//! under the original digest. serde_json differs from Go in escaping (`<`, `>`, `&`, U+2028/9),
//! in how it treats invalid UTF-8, duplicate and case-folded keys and number literals, so this
//! module reproduces Go's rules directly: the reader keeps object members in order (duplicates
//! included) and number literals verbatim; the writer escapes strings exactly like Go.

use crate::error::Error;

/// Nesting limit; Go allows 10000 but a recursive reader must stay well inside a thread stack.
const MAX_DEPTH: usize = 512;

/// A parsed JSON value that keeps everything Go's decoder looks at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// The number literal exactly as written (Go parses it per target type).
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in document order, duplicates kept (Go applies them in order).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The JSON kind in Go's error wording ("cannot unmarshal <kind> into ...").
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Parses one JSON document (surrounding whitespace allowed, nothing else), like `json.Unmarshal`.
pub(crate) fn parse(input: &[u8]) -> Result<Value, Error> {
    let mut p = Parser { b: input, i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err("invalid character after top-level value"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> Error {
        Error::Syntax {
            offset: self.i,
            message: msg.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn literal(&mut self, word: &[u8], v: Value) -> Result<Value, Error> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err("exceeded max nesting depth"));
        }
        match self.peek() {
            None => Err(self.err("unexpected end of JSON input")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("invalid character looking for beginning of value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(
                    self.err("invalid character looking for beginning of object key string")
                );
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("invalid character after object key"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            members.push((key, v));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(members));
                }
                None => return Err(self.err("unexpected end of JSON input")),
                Some(_) => return Err(self.err("invalid character after object key:value pair")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.err("unexpected end of JSON input")),
                Some(_) => return Err(self.err("invalid character after array element")),
            }
        }
    }

    /// Go's number grammar; the literal is kept as text.
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err("invalid character in numeric literal")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid character after decimal point in numeric literal"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid character in exponent of numeric literal"));
            }
            self.digits();
        }
        // The grammar above only admits ASCII, so this cannot fail; still avoid a panic path.
        let lit = std::str::from_utf8(&self.b[start..self.i])
            .map_err(|_| self.err("invalid numeric literal"))?;
        Ok(Value::Number(lit.to_string()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("invalid character in \\u hexadecimal character escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    /// Decodes a string like Go's `unquote`: invalid UTF-8 bytes and unpaired surrogates
    /// become U+FFFD instead of failing.
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("unexpected end of JSON input"));
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.i += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.err("unexpected end of JSON input"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            out.push(self.surrogate_tail(hi)?);
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid character in string escape code"));
                        }
                    }
                }
                0x00..=0x1f => return Err(self.err("invalid character in string literal")),
                0x20..=0x7f => {
                    out.push(char::from(c));
                    self.i += 1;
                }
                _ => {
                    let (ch, n) = decode_utf8(&self.b[self.i..]);
                    out.push(ch);
                    self.i += n;
                }
            }
        }
    }

    /// Completes a `\uXXXX` escape; pairs surrogates like Go's `utf16.DecodeRune`.
    fn surrogate_tail(&mut self, hi: u32) -> Result<char, Error> {
        if (0xD800..0xDC00).contains(&hi) {
            // Only consume the next escape when it is a valid low surrogate (as Go does).
            if self.b.get(self.i..self.i + 2) == Some(b"\\u") {
                let save = self.i;
                self.i += 2;
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return Ok(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                }
                self.i = save;
            }
            return Ok('\u{FFFD}');
        }
        Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }
}

/// Decodes one UTF-8 sequence at the start of `b` (non-empty, first byte >= 0x80); an invalid
/// sequence yields U+FFFD consuming one byte, matching Go's `utf8.DecodeRune`.
fn decode_utf8(b: &[u8]) -> (char, usize) {
    let want = match b.first() {
        Some(0xC2..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF4) => 4,
        _ => return ('\u{FFFD}', 1),
    };
    match b.get(..want).map(std::str::from_utf8) {
        Some(Ok(s)) => match s.chars().next() {
            Some(c) => (c, want),
            None => ('\u{FFFD}', 1),
        },
        _ => ('\u{FFFD}', 1),
    }
}

/// Go's `foldName`: ASCII upper-cased, other runes mapped through lower then upper case.
/// Used for the case-insensitive struct field match Go's decoder falls back to.
pub(crate) fn fold_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_ascii_uppercase()
            } else {
                let lower = single(c.to_lowercase()).unwrap_or(c);
                single(lower.to_uppercase()).unwrap_or(lower)
            }
        })
        .collect()
}

/// Go's `unicode.ToLower/ToUpper` are one-rune mappings; keep multi-rune results unchanged.
fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let c = it.next()?;
    if it.next().is_some() {
        None
    } else {
        Some(c)
    }
}

/// Finds which of `fields` (exact JSON names) a member key selects: exact match first, then
/// case-insensitive, like Go 1.21+.
pub(crate) fn match_field<'f>(key: &str, fields: &[&'f str]) -> Option<&'f str> {
    if let Some(f) = fields.iter().find(|f| **f == key) {
        return Some(f);
    }
    let folded = fold_name(key);
    fields.iter().find(|f| fold_name(f) == folded).copied()
}

// ---------------------------------------------------------------------------------------------
// Writer

/// Appends `s` as a JSON string with Go's escaping (HTML-safe, U+2028/9 escaped).
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' => {
                let b = c as u32 as u8;
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
            '\u{2028}' => out.extend_from_slice(b"\\u2028"),
            '\u{2029}' => out.extend_from_slice(b"\\u2029"),
            _ => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// Incremental writer for one JSON object: handles the commas between members.
pub(crate) struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        ObjectWriter { out, first: true }
    }

    /// Starts a member and returns the buffer to write its value into.
    pub(crate) fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        write_string(self.out, name);
        self.out.push(b':');
        self.out
    }

    pub(crate) fn string(&mut self, name: &str, v: &str) {
        let out = self.key(name);
        write_string(out, v);
    }

    pub(crate) fn int(&mut self, name: &str, v: i64) {
        let out = self.key(name);
        out.extend_from_slice(v.to_string().as_bytes());
    }

    pub(crate) fn end(self) {
        self.out.push(b'}');
    }
}

/// Writes a `map[string]string` (keys sorted bytewise, as Go sorts map keys).
pub(crate) fn write_string_map(
    out: &mut Vec<u8>,
    map: &std::collections::BTreeMap<String, String>,
) {
    let mut w = ObjectWriter::new(out);
    for (k, v) in map {
        w.string(k, v);
    }
    w.end();
}

/// Writes a `[]string`.
pub(crate) fn write_string_slice(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(out, s);
    }
    out.push(b']');
}

// ---------------------------------------------------------------------------------------------
// base64 as Go's `[]byte` fields use it (StdEncoding, padded).

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(crate) fn base64_encode(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                s.push(char::from(B64[((n >> shift) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// Decodes like Go's `base64.StdEncoding.DecodeString`: padding required, `\r`/`\n` ignored,
/// non-zero trailing bits tolerated.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    if clean.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let quads = clean.len() / 4;
    for (qi, q) in clean.chunks(4).enumerate() {
        let mut n = 0u32;
        let mut pad = 0;
        for (i, &c) in q.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                // Padding only in the last quad, only in the last two places, contiguous.
                b'=' if qi + 1 == quads && i >= 2 => {
                    pad += 1;
                    0
                }
                _ => return None,
            };
            if pad > 0 && c != b'=' {
                return None;
            }
            n = (n << 6) | u32::from(v);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// json.Indent

/// Re-indents compact or loose JSON like Go's `json.Indent(dst, src, prefix, indent)`:
/// strings are copied verbatim, empty objects/arrays stay `{}`/`[]`. Invalid input is an error.
pub fn indent(src: &[u8], prefix: &str, indent: &str) -> Result<Vec<u8>, Error> {
    // Validate first so a broken document is never half-printed.
    parse(src)?;
    let mut out = Vec::with_capacity(src.len() * 2);
    let mut depth = 0usize;
    let mut need_indent = false;
    let mut i = 0;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend_from_slice(prefix.as_bytes());
        for _ in 0..depth {
            out.extend_from_slice(indent.as_bytes());
        }
    };
    while i < src.len() {
        let c = src[i];
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
            continue;
        }
        if need_indent && c != b']' && c != b'}' {
            need_indent = false;
            depth += 1;
            newline(&mut out, depth);
        }
        match c {
            b'"' => {
                let start = i;
                i += 1;
                while i < src.len() {
                    match src[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                out.extend_from_slice(&src[start..i.min(src.len())]);
                continue;
            }
            b'{' | b'[' => {
                out.push(c);
                need_indent = true;
            }
            b',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            b':' => {
                out.push(c);
                out.push(b' ');
            }
            b'}' | b']' => {
                if need_indent {
                    // Empty container: keep it on one line.
                    need_indent = false;
                } else {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        let mut v = Vec::new();
        write_string(&mut v, s);
        String::from_utf8(v).unwrap_or_default()
    }

    #[test]
    fn escapes_like_go() {
        assert_eq!(enc("a<b>&c"), r#""a\u003cb\u003e\u0026c""#);
        assert_eq!(enc("\u{1}\u{1f}\u{7f}"), "\"\\u0001\\u001f\u{7f}\"");
        assert_eq!(enc("\u{8}\u{c}\n\r\t\"\\/"), r#""\b\f\n\r\t\"\\/""#);
        assert_eq!(enc("x\u{2028}y\u{2029}é"), "\"x\\u2028y\\u2029é\"");
    }

    #[test]
    fn parses_strings_like_go() {
        let v = parse(b"\"a\\u00e9\\ud83d\\ude00\\ud800x\xff\xe2\x82\"").ok();
        assert_eq!(
            v,
            Some(Value::String(
                "a\u{e9}\u{1F600}\u{FFFD}x\u{FFFD}\u{FFFD}\u{FFFD}".into()
            ))
        );
        // A high surrogate followed by a non-low escape keeps that escape.
        let v = parse(br#""\ud800\u0041""#).ok();
        assert_eq!(v, Some(Value::String("\u{FFFD}A".into())));
    }

    #[test]
    fn rejects_bad_syntax() {
        for bad in [
            &b""[..],
            b"{",
            b"{\"a\" 1}",
            b"[1,]",
            b"01",
            b"1.",
            b"1e",
            b"-",
            b"\"\x01\"",
            b"\"\\x\"",
            b"{} x",
            b"nul",
            b"\"abc",
            b"\"\\u12\"",
        ] {
            assert!(parse(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let deep = "[".repeat(MAX_DEPTH + 5);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn keeps_numbers_and_duplicates() {
        let v = parse(br#" {"a":1.50,"a":-0,"b":[true,false,null]} "#).ok();
        assert_eq!(
            v,
            Some(Value::Object(vec![
                ("a".into(), Value::Number("1.50".into())),
                ("a".into(), Value::Number("-0".into())),
                (
                    "b".into(),
                    Value::Array(vec![Value::Bool(true), Value::Bool(false), Value::Null])
                ),
            ]))
        );
    }

    #[test]
    fn folds_names() {
        assert_eq!(match_field("MEDIATYPE", &["mediaType"]), Some("mediaType"));
        assert_eq!(match_field("\u{17f}ize", &["size"]), Some("size"));
        assert_eq!(match_field("\u{212a}", &["k"]), Some("k"));
        assert_eq!(match_field("sizes", &["size"]), None);
    }

    #[test]
    fn base64_roundtrip() {
        for data in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            let e = base64_encode(data);
            assert_eq!(base64_decode(&e).as_deref(), Some(data));
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_decode("Zm9v\r\nYg=="), Some(b"foob".to_vec()));
        assert_eq!(base64_decode("Zg"), None);
        assert_eq!(base64_decode("Z=g="), None);
        assert_eq!(base64_decode("Zg==Zg=="), None);
        assert_eq!(base64_decode("Zh=="), Some(b"f".to_vec()));
    }

    #[test]
    fn indents_like_go() {
        let src = br#"{"a":[],"b":{},"c":[1,{"d":"x\"y"}]}"#;
        let got = indent(src, "", "  ").unwrap_or_default();
        let want = "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x\\\"y\"\n    }\n  ]\n}";
        assert_eq!(String::from_utf8_lossy(&got), want);
        assert!(indent(b"{", "", "  ").is_err());
    }
}
