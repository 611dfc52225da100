//! The CNI 1.0 protocol, runtime side: a plain exec of `<plugin dir>/<type>` with the spec's
//! environment and the plugin's config on stdin, and the chaining rules of a conflist (ADD in
//! order with `prevResult`, DEL in reverse). Own code rather than a crate because linnet needs
//! exact control of `prevResult` and the capability args on DEL (Debian's 1.1.1 portmap and
//! firewall delete nothing without them).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Map, Value};

use crate::conflist::ConfList;
use crate::error::{Error, PluginError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Check,
    Del,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Add => "ADD",
            Op::Check => "CHECK",
            Op::Del => "DEL",
        }
    }
}

/// The per-invocation runtime values of one attachment.
#[derive(Debug, Clone, Default)]
pub struct RuntimeArgs {
    pub container_id: String,
    pub netns: PathBuf,
    pub ifname: String,
    /// `CNI_ARGS` pairs (`IgnoreUnknown=1` is always sent first).
    pub args: Vec<(String, String)>,
    /// Capability args (`portMappings`, …) given to plugins that declare the capability.
    pub capability_args: Map<String, Value>,
}

impl RuntimeArgs {
    pub fn cni_args(&self) -> String {
        let mut parts = vec!["IgnoreUnknown=1".to_string()];
        parts.extend(self.args.iter().map(|(k, v)| format!("{k}={v}")));
        parts.join(";")
    }
}

/// Finds and runs plugins from a list of directories (`CNI_PATH`).
#[derive(Debug, Clone)]
pub struct Runner {
    pub dirs: Vec<PathBuf>,
    /// `PATH` of the plugins; the caller's when `None`.
    pub path: Option<std::ffi::OsString>,
}

impl Runner {
    pub fn new(dirs: Vec<PathBuf>) -> Self {
        Runner { dirs, path: None }
    }

    fn cni_path(&self) -> String {
        self.dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(":")
    }

    pub fn find(&self, plugin: &str) -> Result<PathBuf> {
        // A type is a file name, never a path.
        if !plugin.contains('/') && !plugin.is_empty() {
            for dir in &self.dirs {
                let p = dir.join(plugin);
                if p.is_file() {
                    return Ok(p);
                }
            }
        }
        Err(Error::PluginMissing {
            plugin: plugin.to_string(),
            dirs: self.cni_path(),
        })
    }

    /// Fails early, before anything is set up, when a plugin of `list` is missing.
    pub fn check_installed(&self, list: &ConfList) -> Result<()> {
        for t in list.plugin_types() {
            self.find(&t)?;
        }
        Ok(())
    }

    /// Runs one plugin. `config` is the complete stdin object. Returns the parsed stdout (ADD),
    /// or `Value::Null` when the plugin printed nothing (DEL, CHECK).
    pub fn exec(&self, op: Op, config: &Value, rt: &RuntimeArgs, network: &str) -> Result<Value> {
        let plugin = config
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let path = self.find(&plugin)?;
        let stdin = serde_json::to_vec(config).map_err(|source| Error::Encode {
            what: "CNI plugin config",
            source,
        })?;
        let mut cmd = Command::new(&path);
        cmd.env_clear()
            .env(
                "PATH",
                self.path
                    .clone()
                    .or_else(|| std::env::var_os("PATH"))
                    .unwrap_or_else(|| "/usr/sbin:/usr/bin:/sbin:/bin".into()),
            )
            .env("CNI_COMMAND", op.as_str())
            .env("CNI_CONTAINERID", &rt.container_id)
            .env("CNI_NETNS", &rt.netns)
            .env("CNI_IFNAME", &rt.ifname)
            .env("CNI_ARGS", rt.cni_args())
            .env("CNI_PATH", self.cni_path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = std::time::Instant::now();
        let mut child = cmd.spawn().map_err(|source| Error::PluginExec {
            path: path.clone(),
            source,
        })?;
        if let Some(mut input) = child.stdin.take() {
            // A plugin that exits early closes the pipe; its exit status tells the story.
            let _ = input.write_all(&stdin);
        }
        let out = child
            .wait_with_output()
            .map_err(|source| Error::PluginExec {
                path: path.clone(),
                source,
            })?;
        tracing::debug!(
            "CNI {} {plugin} on {network}: {:?}",
            op.as_str(),
            started.elapsed()
        );
        if !out.status.success() {
            return Err(Error::Plugin {
                plugin,
                command: op.as_str(),
                network: network.to_string(),
                source: plugin_error(&out.stdout, &out.stderr, out.status.code()),
            });
        }
        if out.stdout.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&out.stdout).map_err(|source| Error::PluginOutput {
            plugin,
            command: op.as_str(),
            source,
        })
    }

    /// ADD of a whole list, in order, each plugin getting the previous result. `last` keeps the
    /// last good result, also on failure, so that the caller can DEL with it.
    pub fn add_list(
        &self,
        list: &ConfList,
        rt: &RuntimeArgs,
        last: &mut Option<Value>,
    ) -> Result<Value> {
        for p in list.plugins.iter().filter(|p| has_work(p, rt)) {
            let conf = plugin_config(list, p, rt, last.as_ref());
            match self.exec(Op::Add, &conf, rt, &list.name)? {
                Value::Null => {}
                result => *last = Some(result),
            }
        }
        last.clone()
            .ok_or_else(|| Error::NoAddress(list.name.clone()))
    }

    /// CHECK of a whole list against its cached ADD result.
    pub fn check_list(&self, list: &ConfList, rt: &RuntimeArgs, result: &Value) -> Result<()> {
        if list.disable_check {
            return Ok(());
        }
        for p in list.plugins.iter().filter(|p| has_work(p, rt)) {
            let conf = plugin_config(list, p, rt, Some(result));
            self.exec(Op::Check, &conf, rt, &list.name)?;
        }
        Ok(())
    }

    /// DEL of a whole list in reverse. Every plugin is tried even after a failure (a partial DEL
    /// leaks less than a stopped one); the first error is returned.
    pub fn del_list(
        &self,
        list: &ConfList,
        rt: &RuntimeArgs,
        result: Option<&Value>,
    ) -> Result<()> {
        let mut first = None;
        for p in list.plugins.iter().rev().filter(|p| has_work(p, rt)) {
            let conf = plugin_config(list, p, rt, result);
            if let Err(e) = self.exec(Op::Del, &conf, rt, &list.name) {
                tracing::debug!("CNI DEL: {e}");
                first.get_or_insert(e);
            }
        }
        match first {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A directory holding only the IPv4 iptables tools (links to the ones on `PATH`), made under
/// `dir`, to be the plugins' `PATH`. linnet's networks are IPv4-only, yet Debian's portmap
/// tears down IPv6 chains on every DEL when it finds `ip6tables` (eight of its sixteen iptables
/// calls); without it on `PATH` it skips them. `None` (use the caller's `PATH`) when the tools
/// are not found or the links cannot be made.
pub fn ipv4_tools_path(dir: &Path) -> Option<std::ffi::OsString> {
    const TOOLS: [&str; 3] = ["iptables", "iptables-save", "iptables-restore"];
    if TOOLS.iter().all(|t| dir.join(t).exists()) {
        return Some(dir.as_os_str().to_os_string());
    }
    let path = std::env::var_os("PATH")?;
    std::fs::create_dir_all(dir).ok()?;
    for tool in TOOLS {
        let link = dir.join(tool);
        if link.exists() {
            continue;
        }
        let found = std::env::split_paths(&path)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())?;
        // A dangling link (the tool moved) goes; a concurrent linnet may make it meanwhile.
        let _ = std::fs::remove_file(&link);
        if let Err(e) = std::os::unix::fs::symlink(&found, &link) {
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                return None;
            }
        }
    }
    Some(dir.as_os_str().to_os_string())
}

/// Whether a plugin of a chain has anything to do for this container. Two of the chain's
/// plugins act only on what a container asks for, and each exec costs a few milliseconds on
/// every ADD and DEL: `portmap` without `portMappings` passes its input through (and its DEL
/// deletes nothing), and a bare `tuning` (no sysctl, MTU, promisc or allmulti in its config) acts
/// only on a `MAC` in `CNI_ARGS` or a `mac` capability arg. DEL decides from the same cached
/// arguments as the ADD, so a skipped ADD is never followed by a DEL and vice versa.
pub fn has_work(plugin: &Value, rt: &RuntimeArgs) -> bool {
    let Some(obj) = plugin.as_object() else {
        return true;
    };
    match obj.get("type").and_then(Value::as_str) {
        Some("portmap") => rt
            .capability_args
            .get("portMappings")
            .and_then(Value::as_array)
            .is_some_and(|m| !m.is_empty()),
        Some("tuning") => {
            let bare = obj
                .keys()
                .all(|k| matches!(k.as_str(), "type" | "capabilities"));
            !bare
                || rt.args.iter().any(|(k, _)| k == "MAC")
                || rt.capability_args.contains_key("mac")
        }
        _ => true,
    }
}

/// The stdin object of one plugin of a list: `cniVersion` and `name` from the list, the
/// declared capabilities as `runtimeConfig`, and `prevResult`.
pub fn plugin_config(
    list: &ConfList,
    plugin: &Value,
    rt: &RuntimeArgs,
    prev: Option<&Value>,
) -> Value {
    let mut conf = match plugin {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    conf.insert("cniVersion".into(), Value::String(list.cni_version.clone()));
    conf.insert("name".into(), Value::String(list.name.clone()));
    if let Some(Value::Object(caps)) = plugin.get("capabilities") {
        let mut runtime = Map::new();
        for (cap, on) in caps {
            if on.as_bool() == Some(true) {
                if let Some(v) = rt.capability_args.get(cap) {
                    runtime.insert(cap.clone(), v.clone());
                }
            }
        }
        if !runtime.is_empty() {
            conf.insert("runtimeConfig".into(), Value::Object(runtime));
        }
    }
    if let Some(prev) = prev {
        conf.insert("prevResult".into(), prev.clone());
    }
    Value::Object(conf)
}

/// The plugin's `{"code","msg","details"}`, or its stderr when stdout is not that object.
fn plugin_error(stdout: &[u8], stderr: &[u8], status: Option<i32>) -> PluginError {
    if let Ok(v) = serde_json::from_slice::<Value>(stdout) {
        if let Some(msg) = v.get("msg").and_then(Value::as_str) {
            return PluginError {
                code: v.get("code").and_then(Value::as_u64).unwrap_or(0),
                msg: msg.to_string(),
                details: v
                    .get("details")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            };
        }
    }
    let text = String::from_utf8_lossy(if stderr.is_empty() { stdout } else { stderr });
    PluginError {
        code: 0,
        msg: format!(
            "exit status {}: {}",
            status
                .map(|c| c.to_string())
                .unwrap_or_else(|| "signal".into()),
            text.trim()
        ),
        details: String::new(),
    }
}

/// The container side of an ADD result: its IPv4 address, prefix, gateway and MAC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerAddress {
    pub ip: std::net::Ipv4Addr,
    pub prefix_len: u8,
    pub gateway: Option<std::net::Ipv4Addr>,
    pub mac: String,
}

/// Reads a CNI 1.0 result: `ips[].interface` indexes `interfaces`; the container's interface is
/// the one with `sandbox` set.
pub fn container_address(result: &Value) -> Option<ContainerAddress> {
    let interfaces = result.get("interfaces").and_then(Value::as_array);
    let ips = result.get("ips")?.as_array()?;
    for ip in ips {
        let Some(addr) = ip.get("address").and_then(Value::as_str) else {
            continue;
        };
        let Ok(net) = addr.parse::<ipnet::Ipv4Net>() else {
            continue;
        };
        let iface = ip
            .get("interface")
            .and_then(Value::as_u64)
            .and_then(|i| interfaces.and_then(|ifs| ifs.get(i as usize)));
        let mac = iface
            .or_else(|| interfaces.and_then(|ifs| ifs.iter().find(|i| i.get("sandbox").is_some())))
            .and_then(|i| i.get("mac"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        return Some(ContainerAddress {
            ip: net.addr(),
            prefix_len: net.prefix_len(),
            gateway: ip
                .get("gateway")
                .and_then(Value::as_str)
                .and_then(|g| g.parse().ok()),
            mac,
        });
    }
    None
}

/// A plugin directory list from the first existing defaults (nerdctl's order) or `CNI_PATH`.
pub fn default_dirs(candidates: &[&str]) -> Vec<PathBuf> {
    if let Some(env) = std::env::var_os("CNI_PATH") {
        let dirs: Vec<PathBuf> = std::env::split_paths(&env)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if !dirs.is_empty() {
            return dirs;
        }
    }
    candidates
        .iter()
        .map(Path::new)
        .filter(|p| p.is_dir())
        .map(Path::to_path_buf)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list() -> ConfList {
        let meta = serde_json::from_value(json!({
            "id": "ab".repeat(32), "name": "n", "created": "", "driver": "bridge",
            "bridge": "b0", "subnet": "10.9.0.0/24", "gateway": "10.9.0.1"
        }))
        .unwrap();
        crate::conflist::build(&meta, Path::new("/x"))
    }

    #[test]
    fn plugin_stdin_gets_runtime_config_and_prev_result() {
        let l = list();
        let mut rt = RuntimeArgs::default();
        rt.capability_args
            .insert("portMappings".into(), json!([{"hostPort": 1}]));
        rt.capability_args.insert("mac".into(), json!("x"));
        let prev = json!({"cniVersion": "1.0.0"});
        let c = plugin_config(&l, &l.plugins[1], &rt, Some(&prev));
        assert_eq!(c["type"], "portmap");
        assert_eq!(c["name"], "n");
        assert_eq!(c["cniVersion"], "1.0.0");
        assert_eq!(
            c["runtimeConfig"],
            json!({"portMappings": [{"hostPort": 1}]})
        );
        assert_eq!(c["prevResult"], prev);
        let c = plugin_config(&l, &l.plugins[0], &rt, None);
        assert!(c.get("runtimeConfig").is_none());
        assert!(c.get("prevResult").is_none());
        rt.args.push(("IP".into(), "10.9.0.5".into()));
        assert_eq!(rt.cni_args(), "IgnoreUnknown=1;IP=10.9.0.5");
    }

    #[test]
    fn plugins_without_work_are_skipped() {
        let mut rt = RuntimeArgs::default();
        let portmap = json!({"type": "portmap", "capabilities": {"portMappings": true}});
        let tuning = json!({"type": "tuning"});
        assert!(!has_work(&portmap, &rt));
        assert!(!has_work(&tuning, &rt));
        assert!(has_work(&json!({"type": "bridge"}), &rt));
        assert!(has_work(
            &json!({"type": "tuning", "sysctl": {"net.core.somaxconn": "500"}}),
            &rt
        ));
        rt.args.push(("MAC".into(), "02:42:ac:11:00:02".into()));
        assert!(has_work(&tuning, &rt));
        rt.capability_args.insert("portMappings".into(), json!([]));
        assert!(!has_work(&portmap, &rt));
        rt.capability_args
            .insert("portMappings".into(), json!([{"hostPort": 1}]));
        assert!(has_work(&portmap, &rt));
    }

    #[test]
    fn result_parsing() {
        let r = json!({"cniVersion":"1.0.0",
            "interfaces":[{"name":"lntest0","mac":"de:bd:48:53:34:2a"},{"name":"veth80e83a0f","mac":"3a:27:6b:58:1f:e3"},
                          {"name":"eth0","mac":"26:15:11:f7:b7:f6","sandbox":"/run/netns/lntest"}],
            "ips":[{"interface":2,"address":"10.213.77.2/24","gateway":"10.213.77.1"}],
            "routes":[{"dst":"0.0.0.0/0"}],"dns":{}});
        let a = container_address(&r).unwrap();
        assert_eq!(a.ip, std::net::Ipv4Addr::new(10, 213, 77, 2));
        assert_eq!(a.prefix_len, 24);
        assert_eq!(a.gateway, Some(std::net::Ipv4Addr::new(10, 213, 77, 1)));
        assert_eq!(a.mac, "26:15:11:f7:b7:f6");
        assert!(container_address(&json!({})).is_none());
    }

    #[test]
    fn plugin_error_is_one_line() {
        let e = plugin_error(
            br#"{"code":999,"msg":"invalid range set 0: Network 10.213.77.0/31 too small to allocate from","details":"x\ny"}"#,
            b"",
            Some(1),
        );
        assert_eq!(
            e.to_string(),
            "invalid range set 0: Network 10.213.77.0/31 too small to allocate from (x y) [cni error code 999]"
        );
        let e = plugin_error(b"", b"panic: boom\n", Some(2));
        assert_eq!(
            e.to_string(),
            "exit status 2: panic: boom [cni error code 0]"
        );
    }
}
