//! Go's `text/template` parser: the token stream becomes a tree of text, actions and the
//! `if`/`range`/`with` blocks, with Go's error messages for malformed templates.

use serde_json::Value;

use crate::ast::{Arg, Block, Cmd, Node, Pipe};
use crate::lexer::{Item, Tok};
use crate::Error;

const MAX_DEPTH: usize = 100;

pub struct Parser<'a> {
    src: &'a str,
    items: Vec<Item>,
    i: usize,
    vars: Vec<String>,
    range_depth: usize,
    /// Nesting of blocks and parentheses, bounded so a hostile template cannot overflow the stack.
    depth: usize,
    is_func: &'a dyn Fn(&str) -> bool,
}

pub fn parse(
    src: &str,
    items: Vec<Item>,
    is_func: &dyn Fn(&str) -> bool,
) -> Result<Vec<Node>, Error> {
    let mut p = Parser {
        src,
        items,
        i: 0,
        vars: vec!["$".to_string()],
        range_depth: 0,
        depth: 0,
        is_func,
    };
    let (list, end) = p.list()?;
    match end {
        Stop::Eof => Ok(list),
        Stop::End(pos) => Err(p.err_at(pos, "unexpected {{end}}")),
        Stop::Else(pos, _) => Err(p.err_at(pos, "unexpected {{else}}")),
    }
}

/// What stopped a list.
enum Stop {
    Eof,
    End(usize),
    /// `{{else}}`, or `{{else if ...}}`/`{{else with ...}}` with the keyword.
    Else(usize, Option<String>),
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        self.items.get(self.i).map(|i| &i.tok).unwrap_or(&Tok::Eof)
    }

    fn pos(&self) -> usize {
        self.items
            .get(self.i)
            .map(|i| i.pos)
            .unwrap_or(self.src.len())
    }

    fn next(&mut self) -> (Tok, usize) {
        let pos = self.pos();
        let tok = self.peek().clone();
        if self.i < self.items.len() {
            self.i += 1;
        }
        (tok, pos)
    }

    fn skip_space(&mut self) {
        while *self.peek() == Tok::Space {
            self.i += 1;
        }
    }

    fn err_at(&self, pos: usize, msg: impl Into<String>) -> Error {
        Error::parse(self.src, pos, msg)
    }

    fn list(&mut self) -> Result<(Vec<Node>, Stop), Error> {
        let mut out = Vec::new();
        loop {
            let (tok, pos) = self.next();
            match tok {
                Tok::Eof => return Ok((out, Stop::Eof)),
                Tok::Text(t) => out.push(Node::Text(t)),
                Tok::LeftDelim => {
                    self.skip_space();
                    let kw_pos = self.pos();
                    let kw = match self.peek() {
                        Tok::Ident(w) => w.clone(),
                        _ => String::new(),
                    };
                    match kw.as_str() {
                        "end" => {
                            self.i += 1;
                            self.close()?;
                            return Ok((out, Stop::End(kw_pos)));
                        }
                        "else" => {
                            self.i += 1;
                            self.skip_space();
                            if let Tok::Ident(w) = self.peek() {
                                if w == "if" || w == "with" {
                                    let w = w.clone();
                                    self.i += 1;
                                    return Ok((out, Stop::Else(kw_pos, Some(w))));
                                }
                            }
                            self.close()?;
                            return Ok((out, Stop::Else(kw_pos, None)));
                        }
                        "if" | "range" | "with" => {
                            self.i += 1;
                            out.push(self.block(&kw)?);
                        }
                        "break" | "continue" => {
                            self.i += 1;
                            if self.range_depth == 0 {
                                return Err(self.err_at(
                                    kw_pos,
                                    format!("{{{{{kw}}}}} outside {{{{range}}}}"),
                                ));
                            }
                            self.close()?;
                            out.push(if kw == "break" {
                                Node::Break
                            } else {
                                Node::Continue
                            });
                        }
                        "define" | "template" | "block" => {
                            return Err(
                                self.err_at(kw_pos, format!("{{{{{kw}}}}} is not supported"))
                            );
                        }
                        _ => {
                            let pipe = self.pipeline("command", false)?;
                            out.push(Node::Action(pipe));
                        }
                    }
                }
                other => return Err(self.err_at(pos, format!("unexpected {}", describe(&other)))),
            }
        }
    }

    /// Expects the closing `}}` of an action.
    fn close(&mut self) -> Result<(), Error> {
        self.skip_space();
        let (tok, pos) = self.next();
        match tok {
            Tok::RightDelim => Ok(()),
            other => Err(self.err_at(pos, format!("unexpected {} in end", describe(&other)))),
        }
    }

    /// `if`, `range`, `with` after the keyword: pipeline, list, optional else, end.
    fn block(&mut self, kw: &str) -> Result<Node, Error> {
        self.enter()?;
        let node = self.block_inner(kw);
        self.depth -= 1;
        node
    }

    fn enter(&mut self) -> Result<(), Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err_at(self.pos(), "max nesting depth exceeded"));
        }
        self.depth += 1;
        Ok(())
    }

    fn block_inner(&mut self, kw: &str) -> Result<Node, Error> {
        let vars = self.vars.len();
        let pipe = self.pipeline(kw, kw == "range")?;
        if kw == "range" {
            self.range_depth += 1;
        }
        let listed = self.list();
        if kw == "range" {
            self.range_depth -= 1;
        }
        let (list, end) = listed?;
        let else_list = match end {
            Stop::Eof => return Err(self.err_at(self.src.len(), "unexpected EOF")),
            Stop::End(_) => None,
            Stop::Else(_, None) => {
                let (l, end) = self.list()?;
                match end {
                    Stop::End(_) => Some(l),
                    Stop::Eof => return Err(self.err_at(self.src.len(), "unexpected EOF")),
                    Stop::Else(pos, _) => {
                        return Err(self.err_at(pos, "expected end; found {{else}}"))
                    }
                }
            }
            // `{{else if x}}` is `{{else}}{{if x}}...{{end}}` sharing this block's `{{end}}`.
            Stop::Else(pos, Some(inner)) => {
                if inner != kw {
                    return Err(
                        self.err_at(pos, format!("expected end; found {{{{else {inner}}}}}"))
                    );
                }
                Some(vec![self.block(&inner)?])
            }
        };
        self.vars.truncate(vars);
        let block = Block {
            pipe,
            list,
            else_list,
        };
        Ok(match kw {
            "if" => Node::If(block),
            "range" => Node::Range(block),
            _ => Node::With(block),
        })
    }

    fn pipeline(&mut self, context: &str, range: bool) -> Result<Pipe, Error> {
        self.skip_space();
        let pos = self.pos();
        let mut decl = Vec::new();
        let mut assign = false;
        let save = self.i;
        if let Tok::Variable(v) = self.peek().clone() {
            self.i += 1;
            self.skip_space();
            match self.peek().clone() {
                Tok::Declare | Tok::Assign => {
                    assign = *self.peek() == Tok::Assign;
                    self.i += 1;
                    decl.push(v);
                }
                Tok::Comma if range => {
                    self.i += 1;
                    self.skip_space();
                    let (tok, p) = self.next();
                    let Tok::Variable(second) = tok else {
                        return Err(self.err_at(p, "range can only initialize variables"));
                    };
                    self.skip_space();
                    let (tok, p) = self.next();
                    if !matches!(tok, Tok::Declare | Tok::Assign) {
                        return Err(self.err_at(p, "range can only initialize variables"));
                    }
                    assign = tok == Tok::Assign;
                    decl = vec![v, second];
                }
                _ => self.i = save,
            }
        }
        for v in &decl {
            if assign {
                if !self.vars.contains(v) {
                    return Err(self.err_at(pos, format!("undefined variable \"{v}\"")));
                }
            } else {
                self.vars.push(v.clone());
            }
        }
        let mut cmds = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Tok::RightDelim | Tok::RightParen => {
                    if cmds.is_empty() {
                        return Err(self.err_at(self.pos(), format!("missing value for {context}")));
                    }
                    if *self.peek() == Tok::RightDelim {
                        self.i += 1;
                    }
                    return Ok(Pipe {
                        pos,
                        decl,
                        assign,
                        cmds,
                    });
                }
                Tok::Eof => return Err(self.err_at(self.pos(), "unclosed action")),
                _ => {
                    let cmd = self.command()?;
                    // Only the first command of a pipeline may be a plain value.
                    if !cmds.is_empty()
                        && matches!(cmd.args.first(), Some(Arg::Dot | Arg::Nil | Arg::Lit(_)))
                    {
                        return Err(self.err_at(
                            cmd.pos,
                            format!(
                                "non executable command in pipeline stage {}",
                                cmds.len() + 1
                            ),
                        ));
                    }
                    cmds.push(cmd);
                }
            }
        }
    }

    fn command(&mut self) -> Result<Cmd, Error> {
        let pos = self.pos();
        let mut args = Vec::new();
        loop {
            self.skip_space();
            if let Some(arg) = self.operand()? {
                args.push(arg);
            }
            let (tok, p) = self.next();
            match tok {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => self.i -= 1,
                Tok::Pipe => {}
                other => {
                    return Err(
                        self.err_at(p, format!("unexpected {} in operand", describe(&other)))
                    )
                }
            }
            break;
        }
        if args.is_empty() {
            return Err(self.err_at(pos, "empty command"));
        }
        Ok(Cmd { pos, args })
    }

    /// A term followed by an optional field chain.
    fn operand(&mut self) -> Result<Option<Arg>, Error> {
        let Some(term) = self.term()? else {
            return Ok(None);
        };
        let mut names = Vec::new();
        // Go reports a chain at its second element.
        let last = self.pos();
        while let Tok::Field(f) = self.peek().clone() {
            names.push(f);
            self.i += 1;
        }
        if names.is_empty() {
            return Ok(Some(term));
        }
        Ok(Some(match term {
            Arg::Field {
                names: mut first, ..
            } => {
                first.extend(names);
                Arg::Field {
                    pos: last,
                    names: first,
                }
            }
            Arg::Var {
                name,
                names: mut first,
                ..
            } => {
                first.extend(names);
                Arg::Var {
                    pos: last,
                    name,
                    names: first,
                }
            }
            Arg::Chain { pipe, .. } => Arg::Chain {
                pos: last,
                pipe,
                names,
            },
            Arg::Dot => return Err(self.err_at(last, "unexpected . after term \".\"")),
            other => {
                return Err(self.err_at(
                    last,
                    format!("unexpected . after term {:?}", other.to_string()),
                ))
            }
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>, Error> {
        let pos = self.pos();
        let tok = self.peek().clone();
        let arg = match tok {
            Tok::Ident(name) => {
                if !(self.is_func)(&name) {
                    return Err(self.err_at(pos, format!("function {name:?} not defined")));
                }
                Arg::Ident { pos, name }
            }
            Tok::Dot => Arg::Dot,
            Tok::Nil => Arg::Nil,
            Tok::Variable(name) => {
                if !self.vars.contains(&name) {
                    return Err(self.err_at(pos, format!("undefined variable {name:?}")));
                }
                Arg::Var {
                    pos,
                    name,
                    names: Vec::new(),
                }
            }
            Tok::Field(f) => Arg::Field {
                pos,
                names: vec![f],
            },
            Tok::Bool(b) => Arg::Lit(Value::Bool(b)),
            Tok::Str(s) => Arg::Lit(Value::String(s)),
            Tok::Char(c) => Arg::Lit(Value::from(c as u32)),
            Tok::Number(n) => Arg::Lit(parse_number(&n).map_err(|m| self.err_at(pos, m))?),
            Tok::LeftParen => {
                self.i += 1;
                self.enter()?;
                let pipe = self.pipeline("parenthesized pipeline", false);
                self.depth -= 1;
                let pipe = pipe?;
                let (tok, p) = self.next();
                if tok != Tok::RightParen {
                    return Err(self.err_at(
                        p,
                        format!("unexpected {} in parenthesized pipeline", describe(&tok)),
                    ));
                }
                return Ok(Some(Arg::Chain {
                    pos,
                    pipe: Box::new(pipe),
                    names: Vec::new(),
                }));
            }
            _ => return Ok(None),
        };
        self.i += 1;
        Ok(Some(arg))
    }
}

/// Go's number literals: decimal, hex/octal/binary integers, `_` separators, floats.
fn parse_number(text: &str) -> Result<Value, String> {
    let bad = || format!("bad number syntax: {text:?}");
    let clean = text.replace('_', "");
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let lower = body.to_ascii_lowercase();
    let radix = |digits: &str, r: u32| i64::from_str_radix(digits, r).ok();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        radix(h, 16)
    } else if let Some(b) = lower.strip_prefix("0b") {
        radix(b, 2)
    } else if let Some(o) = lower.strip_prefix("0o") {
        radix(o, 8)
    } else if lower.len() > 1 && lower.starts_with('0') && lower.chars().all(|c| c.is_ascii_digit())
    {
        radix(&lower[1..], 8)
    } else if lower.chars().all(|c| c.is_ascii_digit()) {
        lower.parse::<i64>().ok()
    } else {
        None
    };
    if int.is_none() && !lower.is_empty() && lower.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("integer overflow: {text:?}"));
    }
    if let Some(i) = int {
        return Ok(Value::from(if neg { -i } else { i }));
    }
    if lower.starts_with("0x") || lower.is_empty() {
        return Err(bad());
    }
    let f: f64 = lower.parse().map_err(|_| bad())?;
    if !f.is_finite() || lower.contains("inf") || lower.contains("nan") {
        return Err(bad());
    }
    // Go treats an integral float constant like 1.0 as usable as an int; JSON keeps it a float.
    serde_json::Number::from_f64(if neg { -f } else { f })
        .map(Value::Number)
        .ok_or_else(bad)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Eof => "EOF".into(),
        Tok::RightDelim => "\"}}\"".into(),
        Tok::LeftDelim => "\"{{\"".into(),
        Tok::RightParen => "\")\"".into(),
        Tok::LeftParen => "\"(\"".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::Comma => "\",\"".into(),
        Tok::Declare => "\":=\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Text(t) => format!("text {t:?}"),
        Tok::Ident(t) => format!("identifier {t:?}"),
        Tok::Field(f) => format!("field \".{f}\""),
        Tok::Variable(v) => format!("variable {v:?}"),
        Tok::Str(s) => format!("string {s:?}"),
        Tok::Number(n) => format!("number {n:?}"),
        other => format!("{other:?}").to_lowercase(),
    }
}
