//! Executes a parsed template as Go's `text/template` does: dot, variables, field chains with
//! Go's missing-key rules, pipelines with the piped value as the last argument, blocks.

use serde_json::Value;

use crate::ast::{Arg, Block, Cmd, Node, Pipe};
use crate::funcs;
use crate::json;
use crate::printf::{go_type, go_value};
use crate::{Env, Error, MissingKey, Nil, Template};

/// A value as the executor sees it: `None` is Go's invalid value (a missing key, a nil
/// interface), printed `<no value>`.
pub type Val = Option<Value>;

/// Bounds that keep a hostile template from running forever or filling memory.
const MAX_STEPS: u64 = 20_000_000;
const MAX_OUTPUT: usize = 64 << 20;
const MAX_RANGE_INT: i64 = 1 << 20;

#[derive(Clone)]
struct Dot {
    val: Val,
    /// The data itself: methods apply.
    root: bool,
    /// Reached through a field named in [`Env::map_fields`].
    is_map: bool,
}

enum Flow {
    Normal,
    Break,
    Continue,
}

struct State<'a> {
    src: &'a str,
    env: &'a Env,
    root: &'a Value,
    vars: Vec<(String, Val)>,
    out: &'a mut String,
    steps: u64,
    /// What the last field evaluated prints when it is a typed nil ([`Env::nil_fields`]).
    typed_nil: Option<Nil>,
}

type R<T> = Result<T, Error>;

pub fn run(t: &Template, data: &Value, env: &Env, out: &mut String) -> R<()> {
    let mut s = State {
        src: &t.src,
        env,
        root: data,
        vars: vec![("$".to_string(), Some(data.clone()))],
        out,
        steps: 0,
        typed_nil: None,
    };
    let dot = Dot {
        val: Some(data.clone()),
        root: true,
        is_map: false,
    };
    s.list(&t.nodes, &dot).map(|_| ())
}

pub fn truth(v: &Val) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// Go turns a nil interface into an invalid value after each command.
fn norm(v: Val) -> Val {
    match v {
        Some(Value::Null) => None,
        other => other,
    }
}

impl State<'_> {
    fn err(&self, pos: usize, context: String, msg: impl Into<String>) -> Error {
        Error::exec(self.src, pos, context, msg)
    }

    fn step(&mut self, pos: usize) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.out.len() > MAX_OUTPUT {
            return Err(self.err(pos, String::new(), "template too expensive to execute"));
        }
        Ok(())
    }

    fn list(&mut self, nodes: &[Node], dot: &Dot) -> R<Flow> {
        for n in nodes {
            match self.node(n, dot)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn node(&mut self, n: &Node, dot: &Dot) -> R<Flow> {
        match n {
            Node::Text(t) => {
                self.step(0)?;
                self.out.push_str(t);
            }
            Node::Action(p) => {
                self.step(p.pos)?;
                self.typed_nil = None;
                let v = self.pipe(p, dot)?;
                if p.decl.is_empty() {
                    match &v {
                        None => match self.typed_nil {
                            Some(nil) => self.out.push_str(nil.text()),
                            None => self.out.push_str("<no value>"),
                        },
                        Some(v) => self.out.push_str(&go_value(v)),
                    }
                }
            }
            Node::If(b) => return self.if_with(b, dot, false),
            Node::With(b) => return self.if_with(b, dot, true),
            Node::Range(b) => return self.range(b, dot),
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn if_with(&mut self, b: &Block, dot: &Dot, with: bool) -> R<Flow> {
        let mark = self.vars.len();
        self.step(b.pipe.pos)?;
        let v = self.pipe(&b.pipe, dot)?;
        let flow = if truth(&v) {
            if with {
                let inner = Dot {
                    val: v,
                    root: false,
                    is_map: self.is_map_pipe(&b.pipe, dot),
                };
                self.list(&b.list, &inner)
            } else {
                self.list(&b.list, dot)
            }
        } else if let Some(e) = &b.else_list {
            self.list(e, dot)
        } else {
            Ok(Flow::Normal)
        };
        self.vars.truncate(mark);
        flow
    }

    fn range(&mut self, b: &Block, dot: &Dot) -> R<Flow> {
        let mark = self.vars.len();
        self.step(b.pipe.pos)?;
        // The range variables are set per element, not to the pipeline's value.
        let decl = b.pipe.decl.clone();
        let pipe = Pipe {
            decl: Vec::new(),
            ..b.pipe.clone()
        };
        let v = self.pipe(&pipe, dot)?;
        let ctx = || pipe.to_string();
        let items: Vec<(Value, Value)> = match v {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .into_iter()
                .enumerate()
                .map(|(i, e)| (Value::from(i), e))
                .collect(),
            Some(Value::Object(o)) => {
                let mut entries: Vec<(String, Value)> = o.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                entries
                    .into_iter()
                    .map(|(k, v)| (Value::String(k), v))
                    .collect()
            }
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => {
                if decl.len() > 1 {
                    return Err(self.err(
                        b.pipe.pos,
                        ctx(),
                        "can't use range over integer with two variables",
                    ));
                }
                let count = n.as_i64().unwrap_or(i64::MAX).max(0);
                // The elements are materialized; keep that small.
                if count > MAX_RANGE_INT {
                    return Err(self.err(b.pipe.pos, ctx(), "template too expensive to execute"));
                }
                (0..count)
                    .map(|i| (Value::from(i), Value::from(i)))
                    .collect()
            }
            Some(other) => {
                return Err(self.err(
                    b.pipe.pos,
                    ctx(),
                    format!("range can't iterate over {}", go_value(&other)),
                ))
            }
        };
        if items.is_empty() {
            let flow = match &b.else_list {
                Some(e) => self.list(e, dot)?,
                None => Flow::Normal,
            };
            self.vars.truncate(mark);
            return Ok(match flow {
                Flow::Normal => Flow::Normal,
                // break/continue in range's else belong to an outer range.
                other => other,
            });
        }
        for (key, elem) in items {
            self.step(b.pipe.pos)?;
            self.vars.truncate(mark);
            match decl.as_slice() {
                [] => {}
                [one] => self.set_var(one, Some(elem.clone()), b.pipe.assign),
                [k, e, ..] => {
                    self.set_var(k, Some(key), b.pipe.assign);
                    self.set_var(e, Some(elem.clone()), b.pipe.assign);
                }
            }
            let inner = Dot {
                val: Some(elem),
                root: false,
                is_map: false,
            };
            let flow = self.list(&b.list, &inner)?;
            if let Flow::Break = flow {
                break;
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Normal)
    }

    /// Declares (`:=`) or assigns (`=`) a variable.
    fn set_var(&mut self, name: &str, v: Val, assign: bool) {
        if assign {
            if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                slot.1 = v;
            }
        } else {
            self.vars.push((name.to_string(), v));
        }
    }

    /// Whether a `with` pipeline ends in a field known to hold a Go map.
    fn is_map_pipe(&self, p: &Pipe, dot: &Dot) -> bool {
        let Some(last) = p.cmds.last() else {
            return false;
        };
        match last.args.first() {
            Some(Arg::Field { names, .. }) | Some(Arg::Var { names, .. })
                if last.args.len() == 1 =>
            {
                names
                    .last()
                    .is_some_and(|n| self.env.map_fields.contains(n))
            }
            Some(Arg::Dot) => dot.is_map,
            _ => false,
        }
    }

    fn pipe(&mut self, p: &Pipe, dot: &Dot) -> R<Val> {
        let mut v: Option<Val> = None;
        for c in &p.cmds {
            let out = self.cmd(c, dot, v.take())?;
            v = Some(norm(out));
        }
        let v = v.unwrap_or(None);
        for name in &p.decl {
            self.set_var(name, v.clone(), p.assign);
        }
        Ok(v)
    }

    /// `fin` is the previous command's value (`Some(None)` = a piped missing value).
    fn cmd(&mut self, c: &Cmd, dot: &Dot, fin: Option<Val>) -> R<Val> {
        let Some(first) = c.args.first() else {
            return Err(self.err(c.pos, c.to_string(), "empty command"));
        };
        let rest = &c.args[1..];
        match first {
            Arg::Field { pos, names } => self.field_chain(
                dot.val.clone(),
                dot.root,
                dot.is_map,
                names,
                rest,
                fin,
                dot,
                *pos,
                first,
            ),
            Arg::Var { pos, name, names } => {
                let (v, root) = self.var(name, *pos, first)?;
                if names.is_empty() {
                    self.not_a_function(c, fin)?;
                    return Ok(v);
                }
                self.field_chain(v, root, false, names, rest, fin, dot, *pos, first)
            }
            Arg::Chain { pos, pipe, names } => {
                let v = self.pipe(pipe, dot)?;
                if names.is_empty() {
                    self.not_a_function(c, fin)?;
                    return Ok(v);
                }
                self.field_chain(v, false, false, names, rest, fin, dot, *pos, first)
            }
            Arg::Ident { pos, name } => self.call(name, *pos, c, rest, fin, dot),
            Arg::Nil => Err(self.err(c.pos, c.to_string(), "nil is not a command")),
            Arg::Dot => {
                self.not_a_function(c, fin)?;
                Ok(dot.val.clone())
            }
            Arg::Lit(v) => {
                self.not_a_function(c, fin)?;
                Ok(Some(v.clone()))
            }
        }
    }

    fn not_a_function(&self, c: &Cmd, fin: Option<Val>) -> R<()> {
        if c.args.len() > 1 || fin.is_some() {
            let first = c.args.first().map(|a| a.to_string()).unwrap_or_default();
            return Err(self.err(
                c.pos,
                c.to_string(),
                format!("can't give argument to non-function {first}"),
            ));
        }
        Ok(())
    }

    fn var(&self, name: &str, pos: usize, node: &Arg) -> R<(Val, bool)> {
        if name == "$" {
            return Ok((Some(self.root.clone()), true));
        }
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok((v.clone(), false)),
            None => Err(self.err(pos, node.to_string(), format!("undefined variable: {name}"))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn field_chain(
        &mut self,
        mut recv: Val,
        root: bool,
        mut is_map: bool,
        names: &[String],
        args: &[Arg],
        fin: Option<Val>,
        dot: &Dot,
        pos: usize,
        node: &Arg,
    ) -> R<Val> {
        let ctx = || node.to_string();
        let last = names.len().saturating_sub(1);
        self.typed_nil = None;
        for (i, name) in names.iter().enumerate() {
            let has_args = i == last && (!args.is_empty() || fin.is_some());
            if i == 0 && root {
                if let Some(m) = self.env.methods.get(name).cloned() {
                    let mut vals = vec![recv.clone().unwrap_or(Value::Null)];
                    if i == last {
                        for a in args {
                            vals.push(self.arg(a, dot)?.unwrap_or(Value::Null));
                        }
                        if let Some(f) = fin.clone() {
                            vals.push(f.unwrap_or(Value::Null));
                        }
                    }
                    let v = m(&vals)
                        .map_err(|e| self.err(pos, ctx(), format!("error calling {name}: {e}")))?;
                    recv = Some(v);
                    is_map = false;
                    continue;
                }
            }
            recv = match recv {
                None => {
                    if self.env.missing_key == MissingKey::Error {
                        return Err(self.err(
                            pos,
                            ctx(),
                            format!("nil data; no entry for key {name:?}"),
                        ));
                    }
                    None
                }
                Some(Value::Null) => {
                    return Err(self.err(
                        pos,
                        ctx(),
                        format!("nil pointer evaluating interface {{}}.{name}"),
                    ))
                }
                Some(Value::Object(mut o)) => {
                    if has_args {
                        return Err(self.err(
                            pos,
                            ctx(),
                            format!("{name} is not a method but has arguments"),
                        ));
                    }
                    let nil = self.env.nil_fields.get(name).copied();
                    match o.remove(name) {
                        Some(Value::Null) if nil.is_some() && i == last => {
                            self.typed_nil = nil;
                            Some(Value::Null)
                        }
                        // A struct field JSON left out (`omitempty`, or an OCI config's absent
                        // key) is still there in Go, nil.
                        None if nil.is_some() && !is_map && i == last => {
                            self.typed_nil = nil;
                            Some(Value::Null)
                        }
                        Some(v) => Some(v),
                        None if is_map || self.env.missing_key == MissingKey::NoValue => None,
                        None => {
                            let msg = match (&self.env.root_type, root && i == 0) {
                                (Some(t), true) => {
                                    format!("can't evaluate field {name} in type {t}")
                                }
                                _ => format!("map has no entry for key {name:?}"),
                            };
                            return Err(self.err(pos, ctx(), msg));
                        }
                    }
                }
                Some(other) => {
                    return Err(self.err(
                        pos,
                        ctx(),
                        // Values inside decoded JSON are Go's interface{}; a listing row's own
                        // fields are typed (`{{.ID.X}}`: "in type string").
                        format!(
                            "can't evaluate field {name} in type {}",
                            value_type(
                                &other,
                                root && (i == 0 || (i == 1 && self.env.root_type.is_some()))
                            )
                        ),
                    ));
                }
            };
            is_map = self.env.map_fields.contains(name);
        }
        Ok(recv)
    }

    /// An argument of a function or method.
    fn arg(&mut self, a: &Arg, dot: &Dot) -> R<Val> {
        match a {
            Arg::Dot => Ok(dot.val.clone()),
            Arg::Nil => Ok(Some(Value::Null)),
            Arg::Lit(v) => Ok(Some(v.clone())),
            Arg::Field { pos, names } => self.field_chain(
                dot.val.clone(),
                dot.root,
                dot.is_map,
                names,
                &[],
                None,
                dot,
                *pos,
                a,
            ),
            Arg::Var { pos, name, names } => {
                let (v, root) = self.var(name, *pos, a)?;
                if names.is_empty() {
                    return Ok(v);
                }
                self.field_chain(v, root, false, names, &[], None, dot, *pos, a)
            }
            Arg::Chain { pos, pipe, names } => {
                let v = self.pipe(pipe, dot)?;
                if names.is_empty() {
                    return Ok(v);
                }
                self.field_chain(v, false, false, names, &[], None, dot, *pos, a)
            }
            Arg::Ident { pos, name } => {
                let cmd = Cmd {
                    pos: *pos,
                    args: vec![a.clone()],
                };
                self.call(name, *pos, &cmd, &[], None, dot)
            }
        }
    }

    fn call(
        &mut self,
        name: &str,
        pos: usize,
        c: &Cmd,
        args: &[Arg],
        fin: Option<Val>,
        dot: &Dot,
    ) -> R<Val> {
        let ctx = || c.to_string();
        // A function's result is not the typed field its arguments came from.
        self.typed_nil = None;
        // and/or evaluate their arguments lazily and return one of them, as Go 1.18+ does.
        if (name == "and" || name == "or") && !self.env.funcs.contains_key(name) {
            let total = args.len() + usize::from(fin.is_some());
            if total == 0 {
                return Err(self.err(
                    pos,
                    ctx(),
                    format!("wrong number of args for {name}: want at least 1 got 0"),
                ));
            }
            let mut last = None;
            for a in args {
                let v = self.arg(a, dot)?;
                if truth(&v) == (name == "or") {
                    return Ok(v);
                }
                last = Some(v);
            }
            if let Some(f) = fin {
                return Ok(f);
            }
            return Ok(last.unwrap_or(None));
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.arg(a, dot)?);
        }
        // The key the argument was found under, for Env::json_key_order.
        let json_key = match args {
            [Arg::Field { names, .. }] | [Arg::Var { names, .. }] | [Arg::Chain { names, .. }]
                if !names.is_empty() =>
            {
                names.last().map(String::as_str)
            }
            [_] if vals[0].as_ref() == Some(self.root) => Some(""),
            _ => None,
        };
        if let Some(f) = fin {
            vals.push(f);
        }
        self.typed_nil = None;
        let result = match self.env.funcs.get(name) {
            Some(f) => {
                let plain: Vec<Value> =
                    vals.into_iter().map(|v| v.unwrap_or(Value::Null)).collect();
                f(&plain).map(Some).map_err(funcs::CallError::Msg)
            }
            None if name == "json" && !self.env.json_orders.is_empty() && vals.len() == 1 => {
                let mut j = String::new();
                let v = vals[0].clone().unwrap_or(Value::Null);
                json::json_ordered(&v, json_key.unwrap_or("\0"), &self.env.json_orders, &mut j);
                if self.env.root_json_escaped && json_key == Some("") {
                    j = json::html_escape_json(&j);
                }
                Ok(Some(Value::String(j)))
            }
            None => {
                let escape = name == "json"
                    && self.env.root_json_escaped
                    && vals.len() == 1
                    && vals[0].as_ref() == Some(self.root);
                let r = funcs::call(name, vals);
                match r {
                    Ok(Some(Value::String(j))) if escape => {
                        Ok(Some(Value::String(json::html_escape_json(&j))))
                    }
                    other => other,
                }
            }
        };
        result.map_err(|e| match e {
            funcs::CallError::Msg(m) => self.err(pos, ctx(), format!("error calling {name}: {m}")),
            funcs::CallError::Args(m) => self.err(pos, ctx(), m),
        })
    }
}

/// The type Go names for a value whose field is asked for: the root's own type, or `interface {}`
/// for a value inside decoded JSON.
fn value_type(v: &Value, is_root: bool) -> String {
    if is_root {
        go_type(v)
    } else {
        "interface {}".to_string()
    }
}
