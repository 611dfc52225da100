//! The tree a parsed template is: text, actions, blocks, pipelines, commands and arguments,
//! and their Go-style text for error messages (`at <.Config.Nope>`).

use std::fmt;

use serde_json::Value;

#[derive(Debug, Clone)]
pub enum Node {
    Text(String),
    Action(Pipe),
    If(Block),
    Range(Block),
    With(Block),
    Break,
    Continue,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

#[derive(Debug, Clone)]
pub struct Pipe {
    pub pos: usize,
    pub decl: Vec<String>,
    /// `=` (assign to an existing variable) rather than `:=`.
    pub assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug, Clone)]
pub struct Cmd {
    pub pos: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone)]
pub enum Arg {
    Dot,
    Nil,
    Lit(Value),
    /// `.A.B` on dot.
    Field {
        pos: usize,
        names: Vec<String>,
    },
    /// `$x.A.B`.
    Var {
        pos: usize,
        name: String,
        names: Vec<String>,
    },
    /// A function name.
    Ident {
        pos: usize,
        name: String,
    },
    /// `(pipeline).A.B`.
    Chain {
        pos: usize,
        pipe: Box<Pipe>,
        names: Vec<String>,
    },
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chain = |f: &mut fmt::Formatter<'_>, names: &[String]| -> fmt::Result {
            for n in names {
                write!(f, ".{n}")?;
            }
            Ok(())
        };
        match self {
            Arg::Dot => f.write_str("."),
            Arg::Nil => f.write_str("nil"),
            Arg::Lit(Value::String(s)) => write!(f, "{s:?}"),
            Arg::Lit(v) => write!(f, "{v}"),
            Arg::Field { names, .. } => chain(f, names),
            Arg::Var { name, names, .. } => {
                f.write_str(name)?;
                chain(f, names)
            }
            Arg::Ident { name, .. } => f.write_str(name),
            Arg::Chain { pipe, names, .. } => {
                write!(f, "({pipe})")?;
                chain(f, names)
            }
        }
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            write!(
                f,
                "{} {} ",
                self.decl.join(", "),
                if self.assign { "=" } else { ":=" }
            )?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// Collects the first field name of every chain on dot or `$` (for table headers).
pub fn root_fields(nodes: &[Node], out: &mut Vec<String>) {
    fn pipe(p: &Pipe, out: &mut Vec<String>) {
        for c in &p.cmds {
            for a in &c.args {
                match a {
                    Arg::Field { names, .. } => push(names, out),
                    Arg::Var { name, names, .. } if name == "$" => push(names, out),
                    Arg::Chain { pipe: inner, .. } => pipe(inner, out),
                    _ => {}
                }
            }
        }
    }
    fn push(names: &[String], out: &mut Vec<String>) {
        if let Some(n) = names.first() {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
    }
    for n in nodes {
        match n {
            Node::Action(p) => pipe(p, out),
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                pipe(&b.pipe, out);
                root_fields(&b.list, out);
                if let Some(e) = &b.else_list {
                    root_fields(e, out);
                }
            }
            _ => {}
        }
    }
}
