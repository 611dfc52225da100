//! `--format` as Docker's CLI does it, over [`linnet_template`] (Go's `text/template`).
//!
//! Two flavours, as in Docker:
//! - [`Template::parse`], for listings (`ps`, `images`, `network ls`, `stats`...): the format is
//!   trimmed, `\t` and `\n` typed literally become tab and newline, `table ...` prints a header
//!   row (the template run over the header names with Docker's header functions) and aligns
//!   columns as Docker's tabwriter does, `json` is `{{json .}}`, and rows have Docker's
//!   `{{.Label "k"}}` method;
//! - [`Template::parse_inspect`], for `inspect`-style documents: the format is used as typed, and
//!   a parse error exits 64 as `docker inspect` does.
//!
//! Missing fields are errors, as a missing Go struct field is, except inside Docker's map-typed
//! fields (`Labels`, `Options`, ...) where they print `<no value>`.

use linnet_template::{Env, MissingKey, Nil};
use serde_json::Value;

use crate::exit::ExitError;

/// Docker's exit code for an `inspect` template that does not parse.
const CODE_INSPECT_PARSE: u8 = 64;

/// Fields that are Go maps in Docker's types: a missing key in them is `<no value>`, not an error.
const MAP_FIELDS: &[&str] = &[
    "Labels",
    "Options",
    "DriverOpts",
    "Networks",
    "Ports",
    "ExposedPorts",
    "PortBindings",
    "Volumes",
    "Tmpfs",
    "Sysctls",
    "StorageOpt",
    "Annotations",
    "Containers",
    "Status",
    "Data",
    "Aux",
    "Attributes",
];

/// Docker's inspect fields that are Go slices, maps and pointers: their JSON `null` prints as
/// Go prints a typed nil (`[]`, `map[]`, `<nil>`) since Docker runs inspect templates on its
/// typed structs.
const NIL_SLICES: &[&str] = &[
    "Entrypoint",
    "Cmd",
    "Env",
    "Shell",
    "OnBuild",
    "Binds",
    "Links",
    "SecurityOpt",
    "VolumesFrom",
    "ExtraHosts",
    "CapAdd",
    "CapDrop",
    "GroupAdd",
    "Dns",
    "DnsOptions",
    "DnsSearch",
    "Devices",
    "DeviceCgroupRules",
    "DeviceRequests",
    "Aliases",
    "SecondaryIPAddresses",
    "SecondaryIPv6Addresses",
    "RepoTags",
    "RepoDigests",
    "ExecIDs",
    "Layers",
];
const NIL_MAPS: &[&str] = &[
    "Labels",
    "Volumes",
    "ExposedPorts",
    "Options",
    "DriverOpts",
    "Sysctls",
    "Tmpfs",
    "StorageOpt",
    "PortBindings",
    "Annotations",
];
const NIL_POINTERS: &[&str] = &[
    "Health",
    "Healthcheck",
    "Init",
    "IPAMConfig",
    "MemorySwappiness",
    "PidsLimit",
    "OomKillDisable",
];

/// Go's struct field order of Docker's inspect objects, for `{{json .State}}` and the like
/// (the key they are found under → their fields).
const JSON_ORDERS: &[(&str, &[&str])] = &[
    (
        "State",
        &[
            "Status",
            "Running",
            "Paused",
            "Restarting",
            "OOMKilled",
            "Dead",
            "Pid",
            "ExitCode",
            "Error",
            "StartedAt",
            "FinishedAt",
            "Health",
        ],
    ),
    ("Health", &["Status", "FailingStreak", "Log"]),
    (
        "Config",
        &[
            "Hostname",
            "Domainname",
            "User",
            "AttachStdin",
            "AttachStdout",
            "AttachStderr",
            "ExposedPorts",
            "Tty",
            "OpenStdin",
            "StdinOnce",
            "Env",
            "Cmd",
            "Healthcheck",
            "ArgsEscaped",
            "Image",
            "Volumes",
            "WorkingDir",
            "Entrypoint",
            "NetworkDisabled",
            "MacAddress",
            "OnBuild",
            "Labels",
            "StopSignal",
            "StopTimeout",
            "Shell",
        ],
    ),
    (
        "Mounts",
        &[
            "Type",
            "Name",
            "Source",
            "Destination",
            "Driver",
            "Mode",
            "RW",
            "Propagation",
        ],
    ),
    ("RestartPolicy", &["Name", "MaximumRetryCount"]),
    ("LogConfig", &["Type", "Config"]),
];

/// Docker's header names of listing fields whose names are not simply upper-cased.
const DEFAULT_HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("RunningFor", "CREATED"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("CreatedBy", "CREATED BY"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("VirtualSize", "SIZE"),
    ("SharedSize", "SHARED SIZE"),
    ("UniqueSize", "UNIQUE SIZE"),
    ("IPv6", "IPV6"),
    ("CPUPerc", "CPU %"),
    ("MemUsage", "MEM USAGE / LIMIT"),
    ("MemPerc", "MEM %"),
    ("NetIO", "NET I/O"),
    ("BlockIO", "BLOCK I/O"),
    ("PIDs", "PIDS"),
    ("TotalCount", "TOTAL"),
];

/// `images` headers.
pub const IMAGES_HEADERS: &[(&str, &str)] = &[("ID", "IMAGE ID")];
/// `network ls` headers.
pub const NETWORK_HEADERS: &[(&str, &str)] = &[("ID", "NETWORK ID")];
/// `volume ls` headers.
pub const VOLUME_HEADERS: &[(&str, &str)] = &[("Name", "VOLUME NAME")];

/// Docker's Go row types of listings, named in "can't evaluate field" errors.
pub const IMAGE_CONTEXT: &str = "*formatter.imageContext";
pub const NETWORK_CONTEXT: &str = "*network.networkContext";
pub const VOLUME_CONTEXT: &str = "*formatter.volumeContext";
pub const STATS_CONTEXT: &str = "*container.statsContext";
pub const HISTORY_CONTEXT: &str = "*image.historyContext";

pub struct Template {
    inner: linnet_template::Template,
    env: Env,
    table: bool,
    headers: Vec<(String, String)>,
}

impl Template {
    /// A listing's `--format`: `table ...`, `json`, or a Go template.
    pub fn parse(source: &str) -> anyhow::Result<Template> {
        let (table, body) = match source.strip_prefix("table") {
            Some(rest) => (true, rest),
            None => (false, source),
        };
        let body = body
            .trim_matches(' ')
            .replace("\\t", "\t")
            .replace("\\n", "\n");
        let body = if body == "json" && !table {
            "{{json .}}".to_string()
        } else {
            body
        };
        let env = Env::new()
            .missing_key(MissingKey::Error)
            .map_fields(MAP_FIELDS)
            .method("Label", label);
        let inner = env.parse(&body)?;
        Ok(Template {
            inner,
            env,
            table: table && !body.trim().is_empty(),
            headers: Vec::new(),
        })
    }

    /// An inspect document's `--format` (no `table`, no escapes); a parse error exits 64.
    pub fn parse_inspect(source: &str) -> anyhow::Result<Template> {
        let env = Env::new()
            .missing_key(MissingKey::Error)
            .map_fields(MAP_FIELDS)
            .nil_fields(Nil::Slice, NIL_SLICES)
            .nil_fields(Nil::Map, NIL_MAPS)
            .nil_fields(Nil::Pointer, NIL_POINTERS);
        let env = JSON_ORDERS
            .iter()
            .fold(env, |env, (key, order)| env.json_key_order(key, order));
        let inner = env
            .parse(source)
            .map_err(|e| anyhow::Error::new(ExitError::new(CODE_INSPECT_PARSE, e.to_string())))?;
        Ok(Template {
            inner,
            env,
            table: false,
            headers: Vec::new(),
        })
    }

    /// Header names for `table` (field name -> header); fields not given get Docker's usual
    /// name, or the upper-cased field name split at its words.
    pub fn headers(mut self, headers: &[(&str, &str)]) -> Template {
        self.headers
            .extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self
    }

    /// The listing's Go row type (`*formatter.ContainerContext`), named in "can't evaluate
    /// field" errors; Docker's row types marshal themselves, so `{{json .}}` escapes HTML.
    pub fn context(mut self, go_type: &str) -> Template {
        self.env = self.env.root_type(go_type).root_json_escaped(true);
        self
    }

    /// Whether the template uses the root field `name` (Docker computes `ps` sizes only then).
    pub fn uses(&self, name: &str) -> bool {
        self.inner.root_fields().iter().any(|f| f == name)
    }

    pub fn render(&self, value: &Value) -> anyhow::Result<String> {
        Ok(self.inner.execute_with(value, &self.env)?)
    }

    /// Renders all rows, each followed by a newline; in table form with a header row and
    /// columns aligned. Nothing is returned when any row fails, as Docker prints nothing then.
    pub fn render_all(&self, values: &[Value]) -> anyhow::Result<String> {
        let mut body = String::new();
        for v in values {
            body.push_str(&self.render(v)?);
            body.push('\n');
        }
        if !self.table {
            return Ok(body);
        }
        Ok(tabwriter(&format!("{}\n{body}", self.header())))
    }

    /// Docker runs the template over a map of header names with functions that pass their
    /// first argument through; an error there keeps what was rendered before it.
    fn header(&self) -> String {
        let mut names = serde_json::Map::new();
        for field in self.inner.root_fields() {
            let name = self
                .headers
                .iter()
                .find(|(k, _)| *k == field)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| header_name(&field));
            names.insert(field, Value::String(name));
        }
        let first = |args: &[Value]| Ok(args.first().cloned().unwrap_or(Value::Null));
        let env = Env::new()
            .func("json", |_| Ok(Value::String(String::new())))
            .func("split", first)
            .func("join", first)
            .func("title", first)
            .func("lower", first)
            .func("upper", first)
            .func("truncate", first)
            .func("pad", first)
            .method("Label", |args| {
                let key = args.get(1).and_then(Value::as_str).unwrap_or_default();
                let last = key.rsplit('.').next().unwrap_or_default();
                Ok(Value::String(last.replace(['-', '_'], " ")))
            });
        let mut out = String::new();
        let _ = self
            .inner
            .execute_into(&Value::Object(names), &env, &mut out);
        out
    }
}

/// Docker's `.Label "k"` on a listing row: the row's `Labels` as a map or as `k=v,k2=v2`.
fn label(args: &[Value]) -> Result<Value, String> {
    let key = match args.get(1) {
        Some(Value::String(k)) => k.as_str(),
        Some(_) => return Err("wrong type for value; expected string".into()),
        None => return Err("wrong number of args for Label: want 1 got 0".into()),
    };
    let found = match args.first().and_then(|row| row.get("Labels")) {
        Some(Value::Object(map)) => map.get(key).and_then(Value::as_str).map(str::to_string),
        Some(Value::String(list)) => list
            .split(',')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string()),
        _ => None,
    };
    Ok(Value::String(found.unwrap_or_default()))
}

fn header_name(field: &str) -> String {
    if let Some((_, h)) = DEFAULT_HEADERS.iter().find(|(k, _)| *k == field) {
        return h.to_string();
    }
    let mut name = String::new();
    let chars: Vec<char> = field.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && prev_lower {
            name.push(' ');
        }
        name.extend(c.to_uppercase());
    }
    name
}

/// Go's `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` as Docker's tables use it: cells end at
/// tabs, a column is as wide as its widest cell plus 3 (at least 10) within each block of
/// consecutive lines that have it, and the last cell of a line is not padded.
pub fn tabwriter(text: &str) -> String {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.len()]).collect();
    column_blocks(&lines, &mut widths, 0, lines.len(), 0);
    let mut out = String::new();
    for (line, w) in lines.iter().zip(&widths) {
        for (i, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < line.len() {
                let len = cell.chars().count();
                out.extend(std::iter::repeat_n(' ', w[i].saturating_sub(len)));
            }
        }
        out.push('\n');
    }
    out
}

fn column_blocks(
    lines: &[Vec<&str>],
    widths: &mut [Vec<usize>],
    from: usize,
    to: usize,
    col: usize,
) {
    let mut i = from;
    while i < to {
        if col + 1 >= lines[i].len() {
            i += 1;
            continue;
        }
        let start = i;
        let mut width = 10;
        while i < to && col + 1 < lines[i].len() {
            width = width.max(lines[i][col].chars().count() + 3);
            i += 1;
        }
        for w in &mut widths[start..i] {
            w[col] = width;
        }
        column_blocks(lines, widths, start, i, col + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_json_and_nesting() {
        let v = json!({"ID": "abc", "State": {"Status": "running"}, "Labels": {"a": "b"}});
        let r = |f: &str| Template::parse(f).unwrap().render(&v).unwrap();
        assert_eq!(r("{{.ID}}"), "abc");
        assert_eq!(r("{{ .State.Status }}"), "running");
        assert_eq!(r("{{json .Labels}}"), "{\"a\":\"b\"}");
        assert_eq!(r("id={{.ID}}\\t!"), "id=abc\t!");
        assert_eq!(r("json"), v.to_string());
        assert_eq!(r("{{.Label \"a\"}}|{{.Labels.x}}"), "b|<no value>");
        assert!(Template::parse("{{.Nope}}").unwrap().render(&v).is_err());
        assert!(Template::parse("{{index .X}}").unwrap().render(&v).is_err());
        assert!(Template::parse("{{.ID").is_err());
        let e = Template::parse_inspect("{{.ID").err().unwrap();
        let code = e
            .chain()
            .find_map(|c| c.downcast_ref::<ExitError>())
            .map(|x| x.code);
        assert_eq!(code, Some(64));
        assert_eq!(e.to_string(), "template: :1: unclosed action");
    }

    #[test]
    fn table_form_has_header() {
        let t = Template::parse("table {{.Repository}}\\t{{.Tag}}").unwrap();
        let rows = vec![json!({"Repository": "alpine", "Tag": "latest"})];
        assert_eq!(
            t.render_all(&rows).unwrap(),
            "REPOSITORY   TAG\nalpine       latest\n"
        );
        let t = Template::parse("table {{.ID}}\\t{{.Names}}\\t{{.Label \"com.x-y\"}}\\t{{json .Names}}|{{upper .Names}}")
            .unwrap()
            .headers(&[("ID", "CONTAINER ID")]);
        let rows = vec![json!({"ID": "c71c3d677b66", "Names": "web", "Labels": "com.x-y=1"})];
        assert_eq!(
            t.render_all(&rows).unwrap(),
            "CONTAINER ID   NAMES     x y       |NAMES\nc71c3d677b66   web       1         \"web\"|WEB\n"
        );
        let t = Template::parse("table {{.Nope}}").unwrap();
        assert!(t.render_all(&rows).is_err());
    }
}
