//! Go's built-in template functions and Docker's (`json`, `join`, `split`, `lower`, `upper`,
//! `title`, `pad`, `truncate`), with Go's argument checks and error messages.

use std::cmp::Ordering;

use serde_json::Value;

use crate::exec::{truth, Val};
use crate::printf::{go_type, go_value, sprint, sprintf, sprintln};

const BUILTINS: &[&str] = &[
    "and", "or", "not", "len", "index", "slice", "eq", "ne", "lt", "le", "gt", "ge", "print",
    "printf", "println", "html", "js", "urlquery", "json", "join", "split", "lower", "upper",
    "title", "pad", "truncate",
];

pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

pub enum CallError {
    /// Reported as "error calling NAME: ..." (the function returned an error).
    Msg(String),
    /// Reported as is (Go's argument checks before the call).
    Args(String),
}

type Res = Result<Val, CallError>;

fn msg(m: impl Into<String>) -> CallError {
    CallError::Msg(m.into())
}

fn want(name: &str, n: usize, args: &[Val]) -> Result<(), CallError> {
    if args.len() != n {
        return Err(CallError::Args(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        )));
    }
    Ok(())
}

fn want_at_least(name: &str, n: usize, args: &[Val]) -> Result<(), CallError> {
    if args.len() < n {
        return Err(CallError::Args(format!(
            "wrong number of args for {name}: want at least {n} got {}",
            args.len()
        )));
    }
    Ok(())
}

fn string_arg(v: &Val) -> Result<String, CallError> {
    match v {
        Some(Value::String(s)) => Ok(s.clone()),
        None => Err(CallError::Args("invalid value; expected string".into())),
        Some(other) => Err(CallError::Args(format!(
            "wrong type for value; expected string; got {}",
            go_type(other)
        ))),
    }
}

fn int_arg(v: &Val) -> Result<i64, CallError> {
    match v {
        Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
        None => Err(CallError::Args("invalid value; expected int".into())),
        Some(other) => Err(CallError::Args(format!(
            "wrong type for value; expected int; got {}",
            go_type(other)
        ))),
    }
}

fn plain(args: Vec<Val>) -> Vec<Value> {
    args.into_iter().map(|v| v.unwrap_or(Value::Null)).collect()
}

pub fn call(name: &str, args: Vec<Val>) -> Res {
    let s = |v: String| Ok(Some(Value::String(v)));
    match name {
        "not" => {
            want(name, 1, &args)?;
            Ok(Some(Value::Bool(!truth(&args[0]))))
        }
        "len" => {
            want(name, 1, &args)?;
            match &args[0] {
                Some(Value::String(v)) => Ok(Some(Value::from(v.len()))),
                Some(Value::Array(a)) => Ok(Some(Value::from(a.len()))),
                Some(Value::Object(o)) => Ok(Some(Value::from(o.len()))),
                None | Some(Value::Null) => Err(msg("len of nil pointer")),
                Some(other) => Err(msg(format!("len of type {}", go_type(other)))),
            }
        }
        "index" => {
            want_at_least(name, 1, &args)?;
            let mut it = args.into_iter();
            let mut item = it.next().unwrap_or(None);
            for idx in it {
                item = index(item, idx)?;
            }
            Ok(item)
        }
        "slice" => {
            want_at_least(name, 1, &args)?;
            slice(args)
        }
        "eq" => {
            want_at_least(name, 1, &args)?;
            if args.len() < 2 {
                return Err(msg("missing argument for comparison"));
            }
            for other in &args[1..] {
                if equal(&args[0], other)? {
                    return Ok(Some(Value::Bool(true)));
                }
            }
            Ok(Some(Value::Bool(false)))
        }
        "ne" => {
            want(name, 2, &args)?;
            Ok(Some(Value::Bool(!equal(&args[0], &args[1])?)))
        }
        "lt" | "le" | "gt" | "ge" => {
            want(name, 2, &args)?;
            let ord = compare(&args[0], &args[1])?;
            let r = match name {
                "lt" => ord == Ordering::Less,
                "le" => ord != Ordering::Greater,
                "gt" => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            };
            Ok(Some(Value::Bool(r)))
        }
        "print" => s(sprint(&plain(args))),
        "println" => s(sprintln(&plain(args))),
        "printf" => {
            want_at_least(name, 1, &args)?;
            let format = string_arg(&args[0])?;
            s(sprintf(&format, &plain(args[1..].to_vec())))
        }
        "html" => s(html_escape(&eval_args(args))),
        "js" => s(js_escape(&eval_args(args))),
        "urlquery" => s(query_escape(&eval_args(args))),
        "json" => {
            want(name, 1, &args)?;
            let v = args.into_iter().next().flatten().unwrap_or(Value::Null);
            serde_json::to_string(&v)
                .map_err(|e| msg(e.to_string()))
                .and_then(s)
        }
        "join" => {
            want(name, 2, &args)?;
            let items = match &args[0] {
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|v| match v {
                        Value::String(x) => Some(x.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<String>>>(),
                None | Some(Value::Null) => Some(Vec::new()),
                _ => None,
            };
            match items {
                Some(items) => s(items.join(&string_arg(&args[1])?)),
                None => Err(CallError::Args(format!(
                    "wrong type for value; expected []string; got {}",
                    args[0].as_ref().map(go_type).unwrap_or("<nil>".into())
                ))),
            }
        }
        "split" => {
            want(name, 2, &args)?;
            let (text, sep) = (string_arg(&args[0])?, string_arg(&args[1])?);
            let parts: Vec<Value> = if sep.is_empty() {
                text.chars().map(|c| Value::String(c.to_string())).collect()
            } else {
                text.split(sep.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect()
            };
            Ok(Some(Value::Array(parts)))
        }
        "lower" => {
            want(name, 1, &args)?;
            s(map_runes(&string_arg(&args[0])?, char::to_lowercase))
        }
        "upper" => {
            want(name, 1, &args)?;
            s(map_runes(&string_arg(&args[0])?, char::to_uppercase))
        }
        "title" => {
            want(name, 1, &args)?;
            s(title(&string_arg(&args[0])?))
        }
        "pad" => {
            want(name, 3, &args)?;
            let text = string_arg(&args[0])?;
            let (pre, post) = (int_arg(&args[1])?, int_arg(&args[2])?);
            if text.is_empty() {
                return s(text);
            }
            let spaces = |n: i64| " ".repeat(n.clamp(0, 1 << 16) as usize);
            s(format!("{}{text}{}", spaces(pre), spaces(post)))
        }
        "truncate" => {
            want(name, 2, &args)?;
            let text = string_arg(&args[0])?;
            let n = int_arg(&args[1])?;
            if n < 0 {
                return Err(msg(format!("slice bounds out of range [:{n}]")));
            }
            let n = n as usize;
            if text.len() < n {
                return s(text);
            }
            // Go cuts bytes, even inside a UTF-8 sequence.
            s(String::from_utf8_lossy(&text.as_bytes()[..n]).into_owned())
        }
        _ => Err(msg(format!("function {name:?} not defined"))),
    }
}

/// Go's `evalArgs` for html/js/urlquery: one string argument as is, else `fmt.Sprint`.
fn eval_args(args: Vec<Val>) -> String {
    if let [Some(Value::String(one))] = args.as_slice() {
        return one.clone();
    }
    sprint(&plain(args))
}

fn index(item: Val, idx: Val) -> Res {
    match item {
        // Go indexes a string's bytes.
        Some(Value::String(text)) => {
            let i = match &idx {
                Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or(-1),
                Some(other) => {
                    return Err(msg(format!(
                        "cannot index slice/array with type {}",
                        go_type(other)
                    )))
                }
                None => return Err(msg("cannot index slice/array with nil")),
            };
            match usize::try_from(i).ok().and_then(|i| text.as_bytes().get(i)) {
                Some(b) => Ok(Some(Value::from(*b))),
                None => Err(msg(format!("index out of range: {i}"))),
            }
        }
        Some(Value::Array(a)) => {
            let i = match &idx {
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => {
                    n.as_i64().unwrap_or(i64::MAX)
                }
                Some(other) => {
                    return Err(msg(format!(
                        "cannot index slice/array with type {}",
                        go_type(other)
                    )))
                }
                None => return Err(msg("cannot index slice/array with nil")),
            };
            if i < 0 || i as usize >= a.len() {
                return Err(msg(format!("index out of range: {i}")));
            }
            Ok(a.into_iter().nth(i as usize))
        }
        Some(Value::Object(mut o)) => {
            let key = match &idx {
                Some(Value::String(k)) => k.clone(),
                Some(other) => {
                    return Err(msg(format!(
                        "value has type {}; should be string",
                        go_type(other)
                    )))
                }
                None => return Err(msg("value is nil; should be of type string")),
            };
            match o.remove(&key) {
                Some(v) => Ok(Some(v)),
                // Go gives the zero value of the map's element type: "" for Docker's
                // map[string]string (labels, options), nil otherwise.
                None if o.values().all(Value::is_string) => Ok(Some(Value::String(String::new()))),
                None => Ok(None),
            }
        }
        None | Some(Value::Null) => Err(msg("index of untyped nil")),
        Some(other) => Err(msg(format!("can't index item of type {}", go_type(&other)))),
    }
}

fn slice(args: Vec<Val>) -> Res {
    let mut it = args.into_iter();
    let item = it.next().flatten();
    let idx: Vec<i64> = it
        .map(|v| match v {
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
            Some(other) => Err(msg(format!(
                "cannot index slice/array with type {}",
                go_type(&other)
            ))),
            None => Err(msg("cannot index slice/array with nil")),
        })
        .collect::<Result<_, _>>()?;
    let len = match &item {
        Some(Value::String(s)) => s.len(),
        Some(Value::Array(a)) => a.len(),
        None | Some(Value::Null) => return Err(msg("slice of untyped nil")),
        Some(other) => return Err(msg(format!("can't slice item of type {}", go_type(other)))),
    };
    if idx.len() > 3 || (idx.len() == 3 && item.as_ref().is_some_and(Value::is_string)) {
        return Err(msg(format!("too many slice indexes: {}", idx.len())));
    }
    let mut bounds = [0usize, len, len];
    for (k, &i) in idx.iter().enumerate() {
        if i < 0 || i as usize > len {
            return Err(msg(format!("index out of range: {i}")));
        }
        bounds[k] = i as usize;
    }
    if bounds[0] > bounds[1] {
        return Err(msg(format!(
            "invalid slice index: {} > {}",
            bounds[0], bounds[1]
        )));
    }
    if idx.len() == 3 && bounds[1] > bounds[2] {
        return Err(msg(format!(
            "invalid slice index: {} > {}",
            bounds[1], bounds[2]
        )));
    }
    match item {
        Some(Value::String(s)) => match s.get(bounds[0]..bounds[1]) {
            Some(sub) => Ok(Some(Value::String(sub.to_string()))),
            // Go slices bytes; a cut inside a UTF-8 sequence is kept lossily.
            None => Ok(Some(Value::String(
                String::from_utf8_lossy(&s.as_bytes()[bounds[0]..bounds[1]]).into_owned(),
            ))),
        },
        Some(Value::Array(a)) => Ok(Some(Value::Array(a[bounds[0]..bounds[1]].to_vec()))),
        _ => Err(msg("slice of untyped nil")),
    }
}

#[derive(PartialEq)]
enum Kind {
    Bool,
    Int,
    Float,
    Str,
    Nil,
    Other,
}

fn kind(v: &Val) -> Kind {
    match v {
        None | Some(Value::Null) => Kind::Nil,
        Some(Value::Bool(_)) => Kind::Bool,
        Some(Value::Number(n)) if n.is_f64() => Kind::Float,
        Some(Value::Number(_)) => Kind::Int,
        Some(Value::String(_)) => Kind::Str,
        Some(_) => Kind::Other,
    }
}

fn equal(a: &Val, b: &Val) -> Result<bool, CallError> {
    let (ka, kb) = (kind(a), kind(b));
    if ka == Kind::Nil || kb == Kind::Nil {
        return Ok(ka == kb);
    }
    if ka == Kind::Other || kb == Kind::Other {
        let other = if ka == Kind::Other { a } else { b };
        let v = other.clone().unwrap_or(Value::Null);
        return Err(msg(format!(
            "non-comparable type {}: {}",
            go_value(&v),
            go_type(&v)
        )));
    }
    if ka != kb {
        return Err(msg("incompatible types for comparison"));
    }
    Ok(match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => num_cmp(x, y) == Ordering::Equal,
        (x, y) => x == y,
    })
}

fn num_cmp(x: &serde_json::Number, y: &serde_json::Number) -> Ordering {
    if let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) {
        return a.cmp(&b);
    }
    if let (Some(a), Some(b)) = (x.as_u64(), y.as_u64()) {
        return a.cmp(&b);
    }
    // One is a u64 above i64::MAX and the other negative, or both are floats.
    let (a, b) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

fn compare(a: &Val, b: &Val) -> Result<Ordering, CallError> {
    let (ka, kb) = (kind(a), kind(b));
    if !matches!(ka, Kind::Int | Kind::Float | Kind::Str)
        || !matches!(kb, Kind::Int | Kind::Float | Kind::Str)
    {
        return Err(msg("invalid type for comparison"));
    }
    if ka != kb {
        return Err(msg("incompatible types for comparison"));
    }
    Ok(match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => num_cmp(x, y),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        _ => Ordering::Equal,
    })
}

/// Go's `strings.ToUpper`/`ToLower`: a rune without a one-rune case mapping stays (`ß`).
fn map_runes<I: Iterator<Item = char>>(s: &str, f: fn(char) -> I) -> String {
    s.chars()
        .map(|c| {
            let mut m = f(c);
            match (m.next(), m.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        })
        .collect()
}

/// Go's `strings.Title`: upper-cases the first letter of each word.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_sep = true;
    for c in s.chars() {
        if prev_sep {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_sep = !(c.is_alphanumeric() || c == '_');
    }
    out
}

/// Go's `template.HTMLEscapeString`.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
pub fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 || (!c.is_ascii() && c.is_control()) => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
