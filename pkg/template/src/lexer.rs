//! Go's `text/template` lexer: splits a template into text and the tokens of `{{ }}` actions,
//! with the trim markers (`{{- ` and ` -}}`) and comments applied as Go does.

use crate::Error;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Text(String),
    LeftDelim,
    RightDelim,
    Space,
    /// `.Name` (one element of a field chain).
    Field(String),
    /// `$` or `$name`.
    Variable(String),
    Ident(String),
    Dot,
    Nil,
    Bool(bool),
    /// The literal as written (parsed by the parser).
    Number(String),
    Char(char),
    Str(String),
    Pipe,
    LeftParen,
    RightParen,
    Declare,
    Assign,
    Comma,
    Eof,
}

/// A token and the byte offset where it starts (for Go's `line:col` error positions).
#[derive(Debug, Clone)]
pub struct Item {
    pub tok: Tok,
    pub pos: usize,
}

pub fn lex(src: &str) -> Result<Vec<Item>, Error> {
    let mut l = Lexer {
        src,
        pos: 0,
        items: Vec::new(),
    };
    l.run()?;
    Ok(l.items)
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    items: Vec<Item>,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn push(&mut self, tok: Tok, pos: usize) {
        self.items.push(Item { tok, pos });
    }

    fn err(&self, msg: impl Into<String>) -> Error {
        Error::parse(self.src, self.pos, msg)
    }

    fn run(&mut self) -> Result<(), Error> {
        let mut trim_next_text = false;
        loop {
            let start = self.pos;
            let (text_end, found) = match self.rest().find("{{") {
                Some(i) => (self.pos + i, true),
                None => (self.src.len(), false),
            };
            let mut text = &self.src[start..text_end];
            if trim_next_text {
                text = text.trim_start_matches(is_space);
            }
            // A left trim marker is `{{-` followed by a space.
            let left_trim = found && {
                let after = &self.src[text_end + 2..];
                after.starts_with('-') && after[1..].starts_with(is_space)
            };
            if left_trim {
                text = text.trim_end_matches(is_space);
            }
            if !text.is_empty() {
                self.push(Tok::Text(text.to_string()), start);
            }
            if !found {
                self.push(Tok::Eof, self.src.len());
                return Ok(());
            }
            self.pos = text_end + 2;
            if left_trim {
                self.pos += 2;
            }
            trim_next_text = self.action(text_end)?;
        }
    }

    /// Lexes one action after `{{`; returns whether it ended with a right trim marker.
    fn action(&mut self, delim_pos: usize) -> Result<bool, Error> {
        // Comments: `{{/*` ... `*/}}`, nothing else in the action.
        if self.rest().starts_with("/*") {
            let Some(end) = self.rest().find("*/") else {
                return Err(self.err("unclosed comment"));
            };
            self.pos += end + 2;
            if self.rest().starts_with("}}") {
                self.pos += 2;
                return Ok(false);
            }
            if self.rest().starts_with(" -}}") {
                self.pos += 4;
                return Ok(true);
            }
            return Err(self.err("comment ends before closing delimiter"));
        }
        self.push(Tok::LeftDelim, delim_pos);
        let mut parens = 0usize;
        loop {
            let rest = self.rest();
            if rest.starts_with("}}") || (rest.starts_with(" -}}") || rest.starts_with("\t-}}")) {
                let trim = !rest.starts_with("}}");
                if parens > 0 {
                    return Err(self.err("unclosed left paren"));
                }
                let at = self.pos + if trim { 2 } else { 0 };
                self.push(Tok::RightDelim, at);
                self.pos = at + 2;
                return Ok(trim);
            }
            let start = self.pos;
            let Some(c) = self.bump() else {
                return Err(self.err("unclosed action"));
            };
            match c {
                c if is_space(c) => {
                    while self.peek().is_some_and(is_space) && !self.at_right_trim() {
                        self.bump();
                    }
                    self.push(Tok::Space, start);
                }
                '=' => self.push(Tok::Assign, start),
                ':' => {
                    if self.peek() != Some('=') {
                        return Err(self.err("expected :="));
                    }
                    self.bump();
                    self.push(Tok::Declare, start);
                }
                '|' => self.push(Tok::Pipe, start),
                ',' => self.push(Tok::Comma, start),
                '(' => {
                    parens += 1;
                    self.push(Tok::LeftParen, start);
                }
                ')' => {
                    if parens == 0 {
                        return Err(self.err("unexpected right paren"));
                    }
                    parens -= 1;
                    self.push(Tok::RightParen, start);
                }
                '"' => self.quoted(start)?,
                '`' => {
                    let Some(end) = self.rest().find('`') else {
                        return Err(self.err("unterminated raw quoted string"));
                    };
                    let s = self.rest()[..end].to_string();
                    self.pos += end + 1;
                    self.push(Tok::Str(s), start);
                }
                '\'' => self.char_const(start)?,
                '$' => {
                    let name = self.word();
                    self.push(Tok::Variable(format!("${name}")), start);
                }
                '.' => {
                    if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.pos = start;
                        self.number(start)?;
                    } else if self.peek().is_some_and(is_alnum) {
                        let name = self.word();
                        self.push(Tok::Field(name), start);
                    } else {
                        self.push(Tok::Dot, start);
                    }
                }
                '+' | '-' | '0'..='9' => {
                    self.pos = start;
                    self.number(start)?;
                }
                c if is_alnum(c) => {
                    self.pos = start;
                    let word = self.word();
                    let tok = match word.as_str() {
                        "true" => Tok::Bool(true),
                        "false" => Tok::Bool(false),
                        "nil" => Tok::Nil,
                        _ => Tok::Ident(word),
                    };
                    self.push(tok, start);
                }
                c => return Err(self.err(format!("unrecognized character in action: {c:?}"))),
            }
            // Go requires a separator after a word, e.g. `.X.Y` is fine but `.X"a"` is not.
            if let Some(Tok::Field(_) | Tok::Variable(_) | Tok::Ident(_)) =
                self.items.last().map(|i| &i.tok)
            {
                if let Some(c) = self.peek() {
                    if !is_space(c)
                        && !matches!(c, '.' | ',' | '|' | ':' | ')' | '(' | '=')
                        && !self.rest().starts_with("}}")
                    {
                        return Err(self.err(format!("bad character U+{:04X} {c:?}", c as u32)));
                    }
                }
            }
        }
    }

    fn at_right_trim(&self) -> bool {
        self.rest().starts_with(" -}}") || self.rest().starts_with("\t-}}")
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_alnum) {
            self.bump();
        }
        self.src[start..self.pos].to_string()
    }

    fn number(&mut self, start: usize) -> Result<(), Error> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.bump();
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            let c = self.bump();
            // An exponent sign: 1e-5, 0x1p+3.
            if matches!(c, Some('e' | 'E' | 'p' | 'P')) && matches!(self.peek(), Some('+' | '-')) {
                let hex = self.src[start..self.pos].contains(['x', 'X']);
                if !hex || matches!(c, Some('p' | 'P')) {
                    self.bump();
                }
            }
        }
        let text = &self.src[start..self.pos];
        if text == "+" || text == "-" {
            return Err(self.err(format!("bad number syntax: {text:?}")));
        }
        self.push(Tok::Number(text.to_string()), start);
        Ok(())
    }

    fn quoted(&mut self, start: usize) -> Result<(), Error> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => return Err(self.err("unterminated quoted string")),
                Some('"') => break,
                Some('\\') => out.push(self.escape('"')?),
                Some(c) => out.push(c),
            }
        }
        self.push(Tok::Str(out), start);
        Ok(())
    }

    fn char_const(&mut self, start: usize) -> Result<(), Error> {
        let c = match self.bump() {
            None | Some('\n') | Some('\'') => {
                return Err(self.err("unterminated character constant"))
            }
            Some('\\') => self.escape('\'')?,
            Some(c) => c,
        };
        if self.peek() != Some('\'') {
            // Go reads up to the closing quote, then finds more than one character.
            match self.rest().find(['\'', '\n']) {
                Some(end) if self.rest()[end..].starts_with('\'') => {
                    self.pos += end + 1;
                    let text = &self.src[start..self.pos];
                    return Err(self.err(format!("malformed character constant: {text}")));
                }
                _ => return Err(self.err("unterminated character constant")),
            }
        }
        self.bump();
        self.push(Tok::Char(c), start);
        Ok(())
    }

    /// Go's escapes after a backslash: `\n \t \\ \" \x41 \u00e9 \U0001F600 \101`.
    fn escape(&mut self, quote: char) -> Result<char, Error> {
        let c = self
            .bump()
            .ok_or_else(|| self.err("unterminated quoted string"))?;
        let hex = |l: &mut Self, n: usize| -> Result<char, Error> {
            let digits: String = l.rest().chars().take(n).collect();
            if digits.len() != n || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(l.err("invalid syntax"));
            }
            l.pos += n;
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| l.err("invalid syntax"))
        };
        Ok(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '\\' => '\\',
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'U' => hex(self, 8)?,
            '0'..='7' => {
                // Exactly three octal digits, at most \377, as Go's strconv.
                let digits: String = std::iter::once(c)
                    .chain(self.rest().chars().take(2))
                    .collect();
                if digits.len() != 3 || !digits.chars().all(|d| ('0'..='7').contains(&d)) {
                    return Err(self.err("invalid syntax"));
                }
                let v = u32::from_str_radix(&digits, 8).map_err(|_| self.err("invalid syntax"))?;
                if v > 255 {
                    return Err(self.err("invalid syntax"));
                }
                self.pos += 2;
                char::from_u32(v).ok_or_else(|| self.err("invalid syntax"))?
            }
            c if c == quote => c,
            _ => return Err(self.err("invalid syntax")),
        })
    }
}
