//! `linnet version`: client and server versions, laid out like `docker version` / `nerdctl
//! version` (text, `--format json`, or a Go-style template).

use anyhow::Context as _;
use clap::Args;
use serde_json::{json, Value};

use crate::context::Context;

#[derive(Debug, Args)]
pub struct VersionArgs {
    /// Format output: json or a template
    #[arg(short = 'f', long)]
    pub format: Option<String>,
}

pub async fn run(ctx: &Context, args: VersionArgs) -> anyhow::Result<u8> {
    let client = client_info();
    // The client half is printed even when containerd cannot be reached, as docker does.
    let server = server_info(ctx).await;
    let mut doc = json!({ "Client": client });
    if let Ok(server) = &server {
        doc["Server"] = server.clone();
    }
    match args.format.as_deref() {
        None | Some("") => print_text(&doc),
        Some(format) => println!("{}", render_format(format, &doc)?),
    }
    server?;
    Ok(0)
}

fn client_info() -> Value {
    let mut client = json!({
        "Version": env!("CARGO_PKG_VERSION"),
        "Os": go_os(),
        "Arch": go_arch(),
    });
    if let Some(commit) = option_env!("LINNET_GIT_COMMIT") {
        client["GitCommit"] = json!(commit);
    }
    client
}

async fn server_info(ctx: &Context) -> anyhow::Result<Value> {
    let client = ctx.client().await?;
    let (version, revision) = client
        .version()
        .await
        .context("cannot get containerd's version")?;
    let mut components = vec![json!({
        "Name": "containerd",
        "Version": version,
        "Details": { "GitCommit": revision },
    })];
    if let Some((version, commit)) = runc_version().await {
        components.push(json!({
            "Name": "runc",
            "Version": version,
            "Details": { "GitCommit": commit },
        }));
    }
    // Docker's Server object: linnet plays the engine's part.
    let engine = json!({
        "Name": "Engine",
        "Version": env!("CARGO_PKG_VERSION"),
        "Details": {
            "GitCommit": option_env!("LINNET_GIT_COMMIT").unwrap_or_default(),
            "Os": go_os(),
            "Arch": go_arch(),
            "KernelVersion": kernel_version(),
        },
    });
    components.insert(0, engine);
    Ok(json!({
        "Platform": { "Name": "linnet" },
        "Components": components,
        "Version": env!("CARGO_PKG_VERSION"),
        "Os": go_os(),
        "Arch": go_arch(),
        "KernelVersion": kernel_version(),
    }))
}

fn kernel_version() -> String {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// `runc --version`: "runc version X" and "commit: Y"; `None` when runc is missing.
async fn runc_version() -> Option<(String, String)> {
    let output = tokio::process::Command::new("runc")
        .arg("--version")
        .output()
        .await
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Some(parse_runc_version(&text))
}

fn parse_runc_version(text: &str) -> (String, String) {
    let mut version = String::new();
    let mut commit = String::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("runc version ") {
            version = v.trim().to_string();
        } else if let Some(c) = line.strip_prefix("commit:") {
            commit = c.trim().to_string();
        }
    }
    if version.is_empty() {
        version = text.lines().next().unwrap_or_default().trim().to_string();
    }
    (version, commit)
}

fn print_text(doc: &Value) {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let client = &doc["Client"];
    println!("Client:");
    println!(" Version:\t{}", text(client, "Version"));
    println!(" OS/Arch:\t{}/{}", text(client, "Os"), text(client, "Arch"));
    if client.get("GitCommit").is_some() {
        println!(" Git commit:\t{}", text(client, "GitCommit"));
    }
    if let Some(components) = doc["Server"]["Components"].as_array() {
        println!();
        println!("Server:");
        for c in components {
            println!(" {}:", text(c, "Name"));
            println!("  Version:\t{}", text(c, "Version"));
            println!("  GitCommit:\t{}", text(&c["Details"], "GitCommit"));
        }
    }
}

/// `json` prints the document; anything else is a Go-style template over it.
fn render_format(format: &str, doc: &Value) -> anyhow::Result<String> {
    if format.trim() == "json" {
        return Ok(serde_json::to_string(doc)?);
    }
    crate::template::Template::parse_inspect(format)?.render(doc)
}

/// Go's GOOS/GOARCH names, which docker tooling expects.
fn go_os() -> &'static str {
    std::env::consts::OS
}

fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64le",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runc_output_is_parsed() {
        let out = "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n";
        assert_eq!(
            parse_runc_version(out),
            ("1.1.5+ds1".to_string(), "1.1.5+ds1-1+deb12u1".to_string())
        );
    }

    #[test]
    fn json_format_prints_the_document() {
        let doc = json!({"Client": {"Version": "0.1.0"}});
        assert_eq!(
            render_format("json", &doc).unwrap_or_default(),
            "{\"Client\":{\"Version\":\"0.1.0\"}}"
        );
        assert_eq!(
            render_format("{{.Client.Version}}", &doc).unwrap_or_default(),
            "0.1.0"
        );
    }
}
