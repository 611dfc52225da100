//! `network ls` and `network inspect`: Docker's table, `--format` templates and inspect JSON.

use std::io::Write;

use linnet_network::listing::{self, Filters, RowJson, LS_FILTERS};

use super::{manager, InspectArgs, LsArgs};
use crate::context::Context;
use crate::exit::CODE_ERROR;
use crate::output::Table;
use crate::template::{Template, NETWORK_CONTEXT};

pub(super) fn ls(ctx: &Context, a: LsArgs) -> anyhow::Result<u8> {
    let filters = Filters::parse(&a.filter, &LS_FILTERS)?;
    let template = match a.format.as_deref() {
        None | Some("") | Some("table") => None,
        Some("json") => Some(Template::parse("{{json .}}")?.context(NETWORK_CONTEXT)),
        Some(other) => Some(
            Template::parse(other)?
                .headers(crate::template::NETWORK_HEADERS)
                .context(NETWORK_CONTEXT),
        ),
    };
    let rows: Vec<RowJson> = listing::rows(&manager(ctx)?)?
        .iter()
        .filter(|r| filters.matches(r))
        .map(|r| r.json())
        .collect();
    let id = |row: &RowJson| match a.no_trunc {
        true => row.id.clone(),
        false => row.id.chars().take(12).collect::<String>(),
    };
    let mut out = std::io::stdout().lock();
    if a.quiet {
        for row in &rows {
            writeln!(out, "{}", id(row))?;
        }
    } else if let Some(t) = template {
        // Docker's `.ID` is truncated unless --no-trunc, in templates as in the table.
        let values = rows
            .iter()
            .map(|r| {
                serde_json::to_value(RowJson {
                    id: id(r),
                    ..r.clone()
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        write!(out, "{}", t.render_all(&values)?)?;
    } else {
        let mut table = Table::new(&["NETWORK ID", "NAME", "DRIVER", "SCOPE"]);
        for row in &rows {
            let (name, driver, scope) = (&row.name, &row.driver, &row.scope);
            table.row(vec![id(row), name.clone(), driver.clone(), scope.clone()]);
        }
        table.print(&mut out)?;
    }
    Ok(0)
}

pub(super) fn inspect(ctx: &Context, a: InspectArgs) -> anyhow::Result<u8> {
    let template = match a.format.as_deref() {
        Some(f) if !f.is_empty() && f != "json" => Some(Template::parse_inspect(f)?),
        _ => None,
    };
    let mgr = manager(ctx)?;
    let mut values = Vec::new();
    let mut failed = false;
    for key in &a.networks {
        match mgr.inspect_network(key) {
            Ok(v) => values.push(v),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {e}");
            }
        }
    }
    let mut out = std::io::stdout().lock();
    match template {
        Some(t) => {
            for v in &values {
                writeln!(out, "{}", t.render(&serde_json::to_value(v)?)?)?;
            }
        }
        None => {
            // The structs themselves, not a `Value`: Docker's key order.
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
            serde::Serialize::serialize(&values, &mut ser)?;
            writeln!(out)?;
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}
