//! The subset of Go templates that `--format` users type: `{{.Field}}`, `{{.A.B}}`,
//! `{{json .X}}`, `{{json .}}`, `{{upper .X}}`, `{{lower .X}}`, literal text, `\t` and `\n`, and
//! Docker's `table ...` form which adds a header row and aligns columns.

use anyhow::bail;
use serde_json::Value;

use crate::output::Table;

enum Piece {
    Text(String),
    Field {
        func: Option<String>,
        path: Vec<String>,
    },
}

pub struct Template {
    pieces: Vec<Piece>,
    table: bool,
}

impl Template {
    pub fn parse(source: &str) -> anyhow::Result<Template> {
        let (table, body) = match source.strip_prefix("table") {
            Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                (true, rest.trim_start())
            }
            _ => (false, source),
        };
        let body = body.replace("\\t", "\t").replace("\\n", "\n");
        let mut pieces = Vec::new();
        let mut rest = body.as_str();
        while let Some(start) = rest.find("{{") {
            if start > 0 {
                pieces.push(Piece::Text(rest[..start].to_string()));
            }
            let Some(end) = rest[start..].find("}}") else {
                bail!("template: unclosed action in {source:?}");
            };
            let action = rest[start + 2..start + end].trim().trim_matches('-').trim();
            pieces.push(parse_action(action, source)?);
            rest = &rest[start + end + 2..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(Template {
            pieces,
            table: table && !body.trim().is_empty(),
        })
    }

    pub fn render(&self, value: &Value) -> anyhow::Result<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field { func, path } => {
                    let mut v = value;
                    for key in path {
                        v = match v.get(key) {
                            Some(next) => next,
                            None => bail!("template: can't evaluate field {key}"),
                        };
                    }
                    let text = match func.as_deref() {
                        Some("json") => serde_json::to_string(v)?,
                        Some("upper") => plain(v).to_uppercase(),
                        Some("lower") => plain(v).to_lowercase(),
                        _ => plain(v),
                    };
                    out.push_str(&text);
                }
            }
        }
        Ok(out)
    }

    /// Renders all rows; in table form with a header of the upper-cased field names.
    pub fn render_all(&self, values: &[Value]) -> anyhow::Result<String> {
        if !self.table {
            let mut out = String::new();
            for v in values {
                out.push_str(&self.render(v)?);
                out.push('\n');
            }
            return Ok(out);
        }
        let header: Vec<String> = self
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Field { path, .. } => Some(header_name(path)),
                Piece::Text(_) => None,
            })
            .collect();
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut table = Table::new(&header_refs);
        for v in values {
            let line = self.render(v)?;
            table.row(line.split('\t').map(str::to_string).collect());
        }
        let mut out = Vec::new();
        table.print(&mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

fn parse_action(action: &str, source: &str) -> anyhow::Result<Piece> {
    let mut words = action.split_whitespace();
    let first = words.next().unwrap_or_default();
    let (func, arg) = if first.starts_with('.') {
        (None, first)
    } else {
        (Some(first.to_string()), words.next().unwrap_or_default())
    };
    if let Some(f) = &func {
        if !["json", "upper", "lower"].contains(&f.as_str()) {
            bail!("template: function {f:?} not defined in {source:?}");
        }
    }
    if !arg.starts_with('.') || words.next().is_some() {
        bail!("template: unsupported action {{{{{action}}}}} in {source:?}");
    }
    let path = arg
        .trim_start_matches('.')
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Ok(Piece::Field { func, path })
}

fn header_name(path: &[String]) -> String {
    let last = path.last().map(String::as_str).unwrap_or("");
    match last {
        "ID" => "CONTAINER ID".to_string(),
        other => {
            let mut name = String::new();
            for (i, c) in other.chars().enumerate() {
                if i > 0 && c.is_uppercase() {
                    name.push(' ');
                }
                name.extend(c.to_uppercase());
            }
            name
        }
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<no value>".to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(plain).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(map) => format!(
            "map[{}]",
            map.iter()
                .map(|(k, v)| format!("{k}:{}", plain(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_json_and_nesting() {
        let v = json!({"ID": "abc", "State": {"Status": "running"}, "Labels": {"a": "b"}});
        assert_eq!(
            Template::parse("{{.ID}}").unwrap().render(&v).unwrap(),
            "abc"
        );
        assert_eq!(
            Template::parse("{{ .State.Status }}")
                .unwrap()
                .render(&v)
                .unwrap(),
            "running"
        );
        assert_eq!(
            Template::parse("{{json .Labels}}")
                .unwrap()
                .render(&v)
                .unwrap(),
            "{\"a\":\"b\"}"
        );
        assert_eq!(
            Template::parse("id={{.ID}}\\t!")
                .unwrap()
                .render(&v)
                .unwrap(),
            "id=abc\t!"
        );
        assert!(Template::parse("{{.Nope}}").unwrap().render(&v).is_err());
        assert!(Template::parse("{{index .X}}").is_err());
        assert!(Template::parse("{{.ID").is_err());
    }

    #[test]
    fn table_form_has_header() {
        let t = Template::parse("table {{.Repository}}\\t{{.Tag}}").unwrap();
        let rows = vec![json!({"Repository": "alpine", "Tag": "latest"})];
        assert_eq!(
            t.render_all(&rows).unwrap(),
            "REPOSITORY   TAG\nalpine       latest\n"
        );
    }
}
