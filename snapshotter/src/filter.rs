//! containerd's filter syntax for `List` (`filters/parser.go`): a filter is comma-separated
//! selectors that must all match (`name==x`, `labels."a.b"!=y`, `parent`); several filters
//! match when any does. Fields are those of containerd's snapshot adaptor: name, parent, kind
//! and labels. Regular-expression selectors (`~=`) are refused as invalid.

use crate::store::Info;
use crate::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Present,
    Equal(String),
    NotEqual(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Selector {
    path: Vec<String>,
    op: Op,
}

/// Parsed filters; matches everything when built from none.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    any_of: Vec<Vec<Selector>>,
}

impl Filters {
    pub fn parse(filters: &[String]) -> Result<Filters, Error> {
        let any_of = filters
            .iter()
            .filter(|f| !f.trim().is_empty())
            .map(|f| parse_one(f))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Filters { any_of })
    }

    pub fn matches(&self, info: &Info) -> bool {
        self.any_of.is_empty()
            || self
                .any_of
                .iter()
                .any(|all| all.iter().all(|s| selector_matches(s, info)))
    }
}

fn field<'a>(info: &'a Info, path: &[String]) -> Option<&'a str> {
    let (first, rest) = path.split_first()?;
    // As containerd's snapshot adaptor: name and parent are always present (an empty parent
    // matches `parent==""`, which containerd's remote-snapshot lookup sends for a bottom layer).
    match (first.as_str(), rest.is_empty()) {
        ("name", true) => Some(info.name.as_str()),
        ("parent", true) => Some(info.parent.as_str()),
        ("kind", true) => Some(info.kind.as_str()),
        ("labels", false) => info.labels.get(&rest.join(".")).map(String::as_str),
        _ => None,
    }
}

fn selector_matches(selector: &Selector, info: &Info) -> bool {
    let value = field(info, &selector.path);
    match &selector.op {
        Op::Present => value.is_some(),
        Op::Equal(want) => value == Some(want.as_str()),
        Op::NotEqual(want) => value.unwrap_or("") != want,
    }
}

struct Parser<'a> {
    input: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

fn parse_one(input: &str) -> Result<Vec<Selector>, Error> {
    let mut p = Parser {
        input,
        chars: input.char_indices().peekable(),
    };
    let mut selectors = Vec::new();
    loop {
        p.skip_ws();
        let mut path = vec![p.field()?];
        while p.eat('.') {
            path.push(p.field()?);
        }
        p.skip_ws();
        let op = if p.eat('=') {
            p.expect('=')?;
            Op::Equal(p.value()?)
        } else if p.eat('!') {
            p.expect('=')?;
            Op::NotEqual(p.value()?)
        } else if p.eat('~') {
            return Err(p.error("regular expression filters are not supported"));
        } else {
            Op::Present
        };
        selectors.push(Selector { path, op });
        p.skip_ws();
        match p.chars.next() {
            None => return Ok(selectors),
            Some((_, ',')) => continue,
            Some((_, c)) => return Err(p.error(&format!("unexpected {c:?}"))),
        }
    }
}

impl Parser<'_> {
    fn error(&self, what: &str) -> Error {
        Error::InvalidArgument(format!("invalid filter {:?}: {what}", self.input))
    }

    fn skip_ws(&mut self) {
        while self.chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            self.chars.next();
        }
    }

    fn eat(&mut self, want: char) -> bool {
        if self.chars.peek().is_some_and(|(_, c)| *c == want) {
            self.chars.next();
            return true;
        }
        false
    }

    fn expect(&mut self, want: char) -> Result<(), Error> {
        if self.eat(want) {
            Ok(())
        } else {
            Err(self.error(&format!("expected {want:?}")))
        }
    }

    fn quoted(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        loop {
            match self.chars.next() {
                None => return Err(self.error("unterminated quote")),
                Some((_, '"')) => return Ok(out),
                Some((_, '\\')) => match self.chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, c)) => out.push(c),
                    None => return Err(self.error("unterminated quote")),
                },
                Some((_, c)) => out.push(c),
            }
        }
    }

    fn field(&mut self) -> Result<String, Error> {
        if self.eat('"') {
            return self.quoted();
        }
        let mut out = String::new();
        while let Some((_, c)) = self
            .chars
            .peek()
            .copied()
            .filter(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '-')
        {
            out.push(c);
            self.chars.next();
        }
        if out.is_empty() {
            return Err(self.error("expected a field name"));
        }
        Ok(out)
    }

    fn value(&mut self) -> Result<String, Error> {
        self.skip_ws();
        if self.eat('"') {
            return self.quoted();
        }
        let mut out = String::new();
        while let Some((_, c)) = self
            .chars
            .peek()
            .copied()
            .filter(|(_, c)| *c != ',' && !c.is_whitespace())
        {
            out.push(c);
            self.chars.next();
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Kind, Usage};

    fn info(name: &str, parent: &str, kind: Kind, labels: &[(&str, &str)]) -> Info {
        Info {
            name: name.into(),
            id: 1,
            kind,
            parent: parent.into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            created: chrono::Utc::now(),
            updated: chrono::Utc::now(),
            usage: Usage::default(),
        }
    }

    fn f(filters: &[&str]) -> Filters {
        let owned: Vec<String> = filters.iter().map(|s| s.to_string()).collect();
        Filters::parse(&owned).unwrap_or_else(|e| panic!("parse {filters:?}: {e}"))
    }

    #[test]
    fn selectors() {
        let a = info("ns/1/a", "", Kind::Committed, &[("containerd.io/x", "1")]);
        let b = info("ns/2/b", "ns/1/a", Kind::Active, &[]);
        assert!(f(&[]).matches(&a));
        assert!(f(&["name==ns/1/a"]).matches(&a));
        assert!(!f(&["name==ns/1/a"]).matches(&b));
        assert!(f(&["parent"]).matches(&b) && f(&["parent"]).matches(&a));
        assert!(f(&[r#"parent=="""#]).matches(&a) && !f(&[r#"parent=="""#]).matches(&b));
        let chain = r#"labels."containerd.io/snapshot.ref"==sha256:ab12,parent=="ns/1/a""#;
        let c = info(
            "sha256:ab12",
            "ns/1/a",
            Kind::Committed,
            &[("containerd.io/snapshot.ref", "sha256:ab12")],
        );
        assert!(f(&[chain]).matches(&c) && !f(&[chain]).matches(&b));
        assert!(f(&["kind==active"]).matches(&b));
        assert!(f(&[r#"labels."containerd.io/x"==1"#]).matches(&a));
        assert!(f(&[r#"labels."containerd.io/x""#]).matches(&a));
        assert!(!f(&[r#"labels."containerd.io/x""#]).matches(&b));
        assert!(f(&["kind!=active"]).matches(&a));
        assert!(!f(&["kind==active,parent"]).matches(&a));
        assert!(f(&["kind==view", "name==ns/2/b"]).matches(&b));
        assert!(f(&["name == \"ns/2/b\" , kind==active"]).matches(&b));
    }

    #[test]
    fn bad_filters_are_invalid_arguments() {
        for bad in ["name~=x", "==x", "name=x", "labels.\"open", "name==a b"] {
            assert!(
                matches!(
                    Filters::parse(&[bad.to_string()]),
                    Err(Error::InvalidArgument(_))
                ),
                "{bad}"
            );
        }
    }
}
