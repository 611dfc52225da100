//! Go's `text/template` over `serde_json::Value`, for Docker-compatible `--format` flags.
//!
//! Docker's `--format` is Go's `text/template` with a few extra functions; users copy templates
//! from Docker's documentation and scripts, so this crate follows Go's semantics rather than a
//! look-alike: actions, field chains, variables, `if`/`else if`/`range`/`with`/`break`/`continue`,
//! pipelines, parenthesised arguments, trim markers, comments, Go's literals and truthiness, Go's
//! built-in functions (`printf` with Go's verbs, `%v` printing of maps as `map[k:v]`), Docker's
//! functions (`json`, `join`, `split`, `lower`, `upper`, `title`, `pad`, `truncate`), and Go's
//! error messages (`template: :1:9: executing "" at <.Config.Nope>: map has no entry for key
//! "Nope"`).
//!
//! Why not the `gtmpl` crate: it works on its own value type rather than JSON, its last release
//! is from 2021, its `printf` and error messages differ from Go's, and it has no way to model
//! Docker's methods (`{{.Label "k"}}`) or Docker's struct-versus-map missing-key behaviour.
//!
//! The data is JSON, where Go's templates see typed structs; [`Env`] supplies what the types
//! would have told: methods on the root object ([`Env::method`]), whether a missing key is an
//! error ([`MissingKey`]), and which fields hold Go maps (whose missing keys print `<no value>`
//! even when missing struct fields are errors, as in `docker inspect`).

#![forbid(unsafe_code)]

mod ast;
mod exec;
mod funcs;
mod json;
mod lexer;
mod parse;
mod printf;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

pub use json::html_escape_json;
pub use printf::{go_value, sprintf};

/// A template that failed to parse or to execute; the message is Go's.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("template: :{line}: {msg}")]
    Parse { line: usize, msg: String },
    #[error("template: :{line}:{col}: executing \"\" at <{context}>: {msg}")]
    Exec {
        line: usize,
        col: usize,
        context: String,
        msg: String,
    },
}

impl Error {
    pub(crate) fn parse(src: &str, pos: usize, msg: impl Into<String>) -> Error {
        let pos = pos.min(src.len());
        let line = 1 + src.as_bytes()[..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Error::Parse {
            line,
            msg: msg.into(),
        }
    }

    pub(crate) fn exec(src: &str, pos: usize, context: String, msg: impl Into<String>) -> Error {
        let pos = pos.min(src.len());
        let before = &src.as_bytes()[..pos];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let col = match before.iter().rposition(|&b| b == b'\n') {
            Some(nl) => pos - nl - 1,
            None => pos,
        };
        Error::Exec {
            line,
            col,
            context,
            msg: msg.into(),
        }
    }

    /// Whether the template could not be parsed (Docker's exit code differs).
    pub fn is_parse(&self) -> bool {
        matches!(self, Error::Parse { .. })
    }
}

/// A function or method: receives its evaluated arguments (a method gets its receiver first).
pub type Func = Arc<dyn Fn(&[Value]) -> Result<Value, String> + Send + Sync>;

/// What a field missing from an object does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingKey {
    /// Go's default for maps: the value is "missing" and prints `<no value>`.
    #[default]
    NoValue,
    /// Go's `missingkey=error`, and what a missing struct field does: an error.
    Error,
}

/// The Go kind of a typed field, for what its nil (JSON `null`) prints: Docker's inspect runs
/// templates on typed structs first, where a nil `[]string` prints `[]`, a nil map `map[]` and a
/// nil pointer `<nil>`, not `<no value>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nil {
    Slice,
    Map,
    Pointer,
}

impl Nil {
    fn text(self) -> &'static str {
        match self {
            Nil::Slice => "[]",
            Nil::Map => "map[]",
            Nil::Pointer => "<nil>",
        }
    }
}

/// Functions, methods and options a template is parsed and executed with.
#[derive(Clone, Default)]
pub struct Env {
    funcs: HashMap<String, Func>,
    methods: HashMap<String, Func>,
    missing_key: MissingKey,
    map_fields: HashSet<String>,
    root_type: Option<String>,
    root_json_escaped: bool,
    nil_fields: HashMap<String, Nil>,
    json_orders: HashMap<String, Vec<String>>,
}

impl Env {
    /// Go's built-in functions and Docker's template functions.
    pub fn new() -> Env {
        Env::default()
    }

    /// Adds or replaces a function (replacing a built-in is allowed, as Go's `Funcs` does).
    pub fn func(
        mut self,
        name: &str,
        f: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Env {
        self.funcs.insert(name.to_string(), Arc::new(f));
        self
    }

    /// Adds a method of the root object: `{{.Name arg...}}` on the data itself (not on values
    /// reached from it) calls `f(&[root, arg...])`. A method takes precedence over a key of the
    /// same name, as a Go method does over a field.
    pub fn method(
        mut self,
        name: &str,
        f: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Env {
        self.methods.insert(name.to_string(), Arc::new(f));
        self
    }

    pub fn missing_key(mut self, mode: MissingKey) -> Env {
        self.missing_key = mode;
        self
    }

    /// Fields whose values are Go maps: a missing key in them is `<no value>` in either mode.
    pub fn map_fields(mut self, names: &[&str]) -> Env {
        self.map_fields.extend(names.iter().map(|s| s.to_string()));
        self
    }

    /// The Go type named in "can't evaluate field X in type T" for a field missing from the
    /// root object (Docker: `*formatter.ContainerContext`); without it the message is Go's
    /// map message.
    pub fn root_type(mut self, name: &str) -> Env {
        self.root_type = Some(name.to_string());
        self
    }

    /// `{{json .}}` of the root escapes `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`: Docker's
    /// listing rows have a `MarshalJSON` (Go's `json.Marshal` escapes HTML), while its `json`
    /// function does not escape other values.
    pub fn root_json_escaped(mut self, on: bool) -> Env {
        self.root_json_escaped = on;
        self
    }

    /// Fields of Go kind `kind`: a null there, or the key absent from an object that is not a
    /// map field, prints as Go prints that kind's nil when it is what an action prints
    /// (`{{.Config.Entrypoint}}` → `[]`, `{{.State.Health}}` → `<nil>`).
    pub fn nil_fields(mut self, kind: Nil, names: &[&str]) -> Env {
        self.nil_fields
            .extend(names.iter().map(|s| (s.to_string(), kind)));
        self
    }

    /// The Go struct field order of objects found under `key` ("" for the data itself; an
    /// array's items take its key) for the `json` function: Go marshals struct fields in
    /// declaration order (`{{json .State}}`: `Status`, `Running`...), where JSON objects here
    /// are sorted. Keys not listed follow in sorted order.
    pub fn json_key_order(mut self, key: &str, order: &[&str]) -> Env {
        self.json_orders.insert(
            key.to_string(),
            order.iter().map(|s| s.to_string()).collect(),
        );
        self
    }

    fn has_func(&self, name: &str) -> bool {
        self.funcs.contains_key(name) || funcs::is_builtin(name)
    }

    pub fn parse(&self, src: &str) -> Result<Template, Error> {
        Template::parse_with(src, self)
    }
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    src: String,
    nodes: Vec<ast::Node>,
}

impl Template {
    /// Parses with the built-in and Docker functions only.
    pub fn parse(src: &str) -> Result<Template, Error> {
        Template::parse_with(src, &Env::new())
    }

    /// Parses; function names are checked against `env` as Go checks them at parse time.
    pub fn parse_with(src: &str, env: &Env) -> Result<Template, Error> {
        let items = lexer::lex(src)?;
        let nodes = parse::parse(src, items, &|name| env.has_func(name))?;
        Ok(Template {
            src: src.to_string(),
            nodes,
        })
    }

    /// Renders `data` with the built-in functions.
    pub fn execute(&self, data: &Value) -> Result<String, Error> {
        self.execute_with(data, &Env::new())
    }

    pub fn execute_with(&self, data: &Value, env: &Env) -> Result<String, Error> {
        let mut out = String::new();
        self.execute_into(data, env, &mut out)?;
        Ok(out)
    }

    /// Renders into `out`; on error `out` keeps what was rendered before it, as Go's writer
    /// does (Docker prints a table header rendered that way).
    pub fn execute_into(&self, data: &Value, env: &Env, out: &mut String) -> Result<(), Error> {
        exec::run(self, data, env, out)
    }

    /// The names of the root's fields the template uses first in a chain (`.A` of `.A.B`),
    /// in order of appearance.
    pub fn root_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        ast::root_fields(&self.nodes, &mut out);
        out
    }
}

#[cfg(test)]
mod tests;
