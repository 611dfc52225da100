//! Issue 11: `--format` is Go's `text/template` as Docker has it. A table of templates from
//! Docker's documentation ("Format command and log output" and the `--format` examples of
//! `inspect`, `ps`, `images`, `network`, `volume` and `version`) rendered by the real commands
//! on a real container, network, volume and image, each with its expected output. The expected
//! values come from the plain JSON of `inspect` (no template involved), so a template that
//! renders the wrong field cannot pass.

use serde_json::Value;

use crate::common::TestEnv;

/// What a case's stdout must be.
enum Expect {
    Exact(String),
    /// A property of output that moves with time (e.g. "Up 3 seconds").
    Check(&'static str, fn(&str) -> bool),
}

struct Case {
    args: Vec<String>,
    expect: Expect,
}

fn case(args: &[&str], expected: impl Into<String>) -> Case {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        expect: Expect::Exact(expected.into()),
    }
}

fn check(args: &[&str], what: &'static str, f: fn(&str) -> bool) -> Case {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        expect: Expect::Check(what, f),
    }
}

/// Removes the container before its network (the network belongs to the shared data root).
struct Cleanup<'a> {
    env: &'a TestEnv,
    net: String,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        let _ = self.env.run(&["rm", "-f", "web"]);
        let _ = self.env.run(&["network", "rm", &self.net]);
        let _ = self.env.run(&["volume", "rm", "-f", "tplvol"]);
    }
}

fn json_of(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.ok(args);
    let v: Value =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| out.fail(&format!("not JSON: {e}")));
    match v {
        Value::Array(mut items) if items.len() == 1 => items.remove(0),
        other => other,
    }
}

/// Docker's `stringutils.Ellipsis`.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    s.chars().take(max - 1).collect::<String>() + "…"
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn docker_documented_templates_render() {
    let Some(env) = TestEnv::new("templates_docs", &[]) else {
        return;
    };
    let img = env.busybox();
    let data = env.path("data");
    std::fs::create_dir_all(&data).expect("mkdir data");
    let data = data.to_string_lossy().into_owned();
    let net = format!("{}-net-{}", env.namespace, std::process::id());
    let _cleanup = Cleanup {
        env: &env,
        net: net.clone(),
    };
    env.ok(&["network", "create", "--label", "env=test", &net]);
    env.ok(&["volume", "create", "--label", "env=test", "tplvol"]);
    let bind = format!("{data}:/data");
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "web",
        "--network",
        &net,
        "-p",
        "127.0.0.1::80",
        "-l",
        "com.example.version=1.0",
        "-l",
        "com.example.vendor=ACME",
        "-e",
        "FOO=bar",
        "-v",
        &bind,
        "--restart",
        "on-failure:3",
        &img,
        "sleep",
        "1000",
    ]);

    // The facts, from plain JSON.
    let c = json_of(&env, &["inspect", "web"]);
    let id = s(&c["Id"]);
    let id12: String = id.chars().take(12).collect();
    let image_id = s(&c["Image"]);
    let net_settings = &c["NetworkSettings"]["Networks"][&net];
    let ip = s(&net_settings["IPAddress"]);
    let mac = s(&net_settings["MacAddress"]);
    assert!(!ip.is_empty() && !mac.is_empty(), "no address in {c}");
    let host_port = s(&c["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]);
    assert!(!host_port.is_empty(), "no published port in {c}");
    let env_json = c["Config"]["Env"].to_string();
    let config_image = s(&c["Config"]["Image"]);
    let log_path = s(&c["LogPath"]);
    let pid = c["State"]["Pid"].as_i64().unwrap_or_default();
    assert!(pid > 0, "no pid in {c}");
    // Go marshals a MountPoint's fields in declaration order.
    let m = &c["Mounts"][0];
    let mounts_json = format!(
        "[{{\"Type\":{},\"Source\":{},\"Destination\":{},\"Mode\":{},\"RW\":{},\"Propagation\":{}}}]",
        m["Type"], m["Source"], m["Destination"], m["Mode"], m["RW"], m["Propagation"]
    );
    let n = json_of(&env, &["network", "inspect", &net]);
    let net_id12: String = s(&n["Id"]).chars().take(12).collect();
    let subnet = s(&n["IPAM"]["Config"][0]["Subnet"]);
    let v = json_of(&env, &["volume", "inspect", "tplvol"]);
    let mountpoint = s(&v["Mountpoint"]);
    let i = json_of(&env, &["image", "inspect", &img]);
    let image_id12: String = s(&i["Id"])
        .trim_start_matches("sha256:")
        .chars()
        .take(12)
        .collect();
    let repo = img.split(':').next().unwrap_or_default().to_string();
    let version = json_of(&env, &["version", "--format", "json"]);
    let client_version = s(&version["Client"]["Version"]);

    let f = |t: &str| format!("{t}\n");
    let cases = vec![
        // docs.docker.com "Format command and log output": the Docker functions.
        case(&["inspect", "--format", "{{join .Args \" , \"}}", "web"], f("1000")),
        case(&["inspect", "--format", "{{json .Mounts}}", "web"], f(&mounts_json)),
        case(&["inspect", "--format", "{{lower .Name}}", "web"], f("/web")),
        case(&["inspect", "--format", "{{split .Image \":\"}}", "web"], f(&format!("[{}]", image_id.replace(':', " ")))),
        case(&["inspect", "--format", "{{title .Name}}", "web"], f("/Web")),
        case(&["inspect", "--format", "{{upper .Name}}", "web"], f("/WEB")),
        case(&["inspect", "--format", "{{range .NetworkSettings.Networks}}{{println .IPAddress}}{{end}}", "web"], format!("{ip}\n\n")),
        case(&["inspect", "--format", "{{json .Config.Env}}", "web"], f(&env_json)),
        case(&["ps", "--format", "{{pad .Names 2 3}}|"], f("  web   |")),
        case(&["images", "--format", "{{truncate .Repository 4}}"], f(&repo[..4])),
        // docker inspect reference.
        case(&["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web"], f(&ip)),
        case(&["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}", "web"], f(&mac)),
        case(&["inspect", "--format", "{{.LogPath}}", "web"], f(&log_path)),
        case(&["inspect", "--format", "{{.Config.Image}}", "web"], f(&config_image)),
        case(&["inspect", "--format", "{{range $p, $conf := .NetworkSettings.Ports}} {{$p}} -> {{(index $conf 0).HostPort}} {{end}}", "web"], f(&format!(" 80/tcp -> {host_port} "))),
        case(&["inspect", "--format", "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}", "web"], f(&host_port)),
        check(&["inspect", "--format", "{{json .Config}}", "web"], "the Config object as JSON", |out| {
            serde_json::from_str::<Value>(out).is_ok_and(|v| v["Labels"]["com.example.vendor"] == "ACME")
        }),
        // The issue's everyday templates.
        case(&["inspect", "--format", "{{.State.Status}}", "web"], f("running")),
        case(&["inspect", "--format", "{{.State.Running}}", "web"], f("true")),
        case(&["inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web"], f(&ip)),
        case(&["inspect", "--format", "{{range .Mounts}}{{.Source}}{{end}}", "web"], f(&data)),
        case(&["inspect", "--format", "{{index .Config.Labels \"com.example.vendor\"}}", "web"], f("ACME")),
        case(&["inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", "web"], f("on-failure")),
        case(&["inspect", "--format", "{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "web"], f("3")),
        case(&["inspect", "--format", "{{.Name}}", "web"], f("/web")),
        case(&["inspect", "--format", "{{.Id}}", "web"], f(&id)),
        case(&["inspect", "--format", "{{.State.Pid}}", "web"], f(&pid.to_string())),
        case(&["inspect", "--format", "{{.Config.Hostname}}", "web"], f(&id12)),
        case(&["inspect", "--format", "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "web"], f("com.example.vendor=ACME;com.example.version=1.0;")),
        case(&["inspect", "--format", "{{if .State.Running}}up{{else}}down{{end}} {{if eq .State.Status \"exited\"}}x{{else if .State.Paused}}p{{else}}r{{end}}", "web"], f("up r")),
        case(&["inspect", "--format", "{{.Config.Labels}}", "web"], f("map[com.example.vendor:ACME com.example.version:1.0]")),
        case(&["inspect", "--format", "{{.Config.Labels.nope}}", "web"], f("<no value>")),
        case(&["inspect", "--format", "{{index .Config.Labels \"nope\"}}|", "web"], f("|")),
        case(&["inspect", "--format", "{{.State.Pid | printf \"%d\"}} {{printf \"%.3s|%-5s|\" .Name \"ab\"}}", "web"], f(&format!("{pid} /we|ab   |"))),
        case(&["inspect", "--format", "{{len .Mounts}} {{with .HostConfig}}{{.NetworkMode}}{{end}}", "web"], f(&format!("1 {net}"))),
        case(&["inspect", "--format", "{{- /* trimmed */ -}}  {{ .State.Status -}}  ", "web"], f("running")),
        // Docker runs inspect templates on its typed structs: nil slices, maps and pointers.
        case(&["inspect", "--format", "{{.Config.Entrypoint}}|{{.HostConfig.Links}}|{{.State.Health}}|{{.HostConfig.Binds}}|{{.Config.WorkingDir}}|", "web"], f(&format!("[]|[]|<nil>|[{bind}]||"))),
        case(&["inspect", "--format", "{{json .Config.Entrypoint}}", "web"], f("null")),
        check(&["inspect", "--format", "{{json .State}}", "web"], "State in Docker's struct order", |out| {
            out.starts_with("{\"Status\":\"running\",\"Running\":true,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,\"Dead\":false,\"Pid\":")
        }),
        // docker ps.
        case(&["ps", "--format", "{{.ID}}: {{.Command}}"], f(&format!("{id12}: \"sleep 1000\""))),
        case(&["ps", "--format", "table {{.ID}}\\t{{.Labels}}"], format!("CONTAINER ID   LABELS\n{id12}   com.example.vendor=ACME,com.example.version=1.0\n")),
        case(&["ps", "--format", "{{.ID}}\\t{{.Names}}"], f(&format!("{id12}\tweb"))),
        case(&["ps", "--format", "{{.Label \"com.example.version\"}}"], f("1.0")),
        case(&["ps", "--format", "table {{.Names}}\\t{{.Label \"com.example.vendor\"}}"], "NAMES     vendor\nweb       ACME\n".to_string()),
        check(&["ps", "--format", "{{.Names}} {{.Status}}"], "web Up ...", |out| out.starts_with("web Up ")),
        // The row fields of Docker's ContainerContext.
        case(&["ps", "--format", "{{.Names}} {{.Networks}} {{.Mounts}} {{.LocalVolumes}} {{.State}}"], f(&format!("web {net} {} 0 running", ellipsis(&data, 15)))),
        case(&["ps", "--no-trunc", "--format", "{{.Mounts}}"], f(&data)),
        case(&["ps", "--format", "{{.Ports}}"], f(&format!("127.0.0.1:{host_port}->80/tcp"))),
        check(&["ps", "--format", "{{.Size}}"], "Docker's size column (a template with .Size turns -s on)", |out| {
            out.trim_end().ends_with("B)") && out.contains("B (virtual ")
        }),
        check(&["ps", "--format", "{{.CreatedAt}}|{{.RunningFor}}"], "creation time and age", |out| {
            out.trim_end().ends_with(" ago") && out.contains(" +0000 UTC|")
        }),
        check(&["ps", "--format", "{{json .}}"], "one JSON object per row", |out| {
            serde_json::from_str::<Value>(out).is_ok_and(|v| v["Names"] == "web" && v["State"] == "running")
        }),
        // docker images.
        case(&["images", "--format", "{{.ID}}: {{.Repository}}"], f(&format!("{image_id12}: {repo}"))),
        case(&["images", "--format", "table {{.ID}}\\t{{.Repository}}\\t{{.Tag}}"], format!("IMAGE ID       REPOSITORY   TAG\n{image_id12}   {repo:<12} latest\n")),
        case(&["images", "--format", "{{.Repository}}:{{.Tag}}"], f(&img)),
        case(&["images", "--format", "{{.Containers}} {{.SharedSize}} {{.UniqueSize}}"], f("N/A N/A N/A")),
        check(&["images", "--format", "{{.VirtualSize}}"], "go-units HumanSize (1.984MB)", |out| {
            out.trim_end().ends_with("MB") && !out.contains("iB")
        }),
        case(&["image", "inspect", "--format", "{{json .RepoTags}}", &img], f(&format!("[\"{img}\"]"))),
        case(&["image", "inspect", "--format", "{{.Os}}", &img], f("linux")),
        case(&["image", "inspect", "--format", "{{.Config.Entrypoint}}|{{.Config.Volumes}}|{{.Config.OnBuild}}|{{.Config.User}}|{{.Config.ExposedPorts}}|{{.Parent}}|{{.ContainerConfig.Cmd}}", &img], f("[]|map[]|[]||map[]||[]")),
        // docker network.
        case(&["network", "ls", "--filter", &format!("name={net}"), "--format", "{{.ID}}: {{.Driver}}"], f(&format!("{net_id12}: bridge"))),
        case(&["network", "ls", "--filter", &format!("name={net}"), "--format", "table {{.Name}}\\t{{.Driver}}"], format!("NAME{}DRIVER\n{net}   bridge\n", " ".repeat(net.len() + 3 - 4))),
        case(&["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", &net], f(&subnet)),
        case(&["network", "inspect", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels}}", &net], f(&format!("{net} bridge local map[env:test]"))),
        // docker volume.
        case(&["volume", "ls", "--format", "{{.Name}}: {{.Driver}}"], f("tplvol: local")),
        case(&["volume", "ls", "--format", "table {{.Name}}\\t{{.Driver}}\\t{{.Label \"env\"}}"], "VOLUME NAME   DRIVER    env\ntplvol        local     test\n".to_string()),
        case(&["volume", "inspect", "--format", "{{ .Mountpoint }}", "tplvol"], f(&mountpoint)),
        case(&["volume", "inspect", "--format", "{{.Labels.env}}", "tplvol"], f("test")),
        // docker version.
        case(&["version", "--format", "{{.Server.Version}}"], f(&client_version)),
        check(&["version", "--format", "{{json .}}"], "the version document", |out| {
            serde_json::from_str::<Value>(out).is_ok_and(|v| v["Client"]["Version"].is_string() && v["Server"]["Components"].is_array())
        }),
    ];
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let run = env.run(&args);
        let ok = run.code == 0
            && match &c.expect {
                Expect::Exact(want) => run.stdout == *want,
                Expect::Check(_, f) => f(&run.stdout),
            };
        if !ok {
            let want = match &c.expect {
                Expect::Exact(w) => format!("{w:?}"),
                Expect::Check(what, _) => what.to_string(),
            };
            failures.push(format!(
                "{args:?}\n  want {want}\n  got  {:?} (exit {}, stderr {:?})",
                run.stdout, run.code, run.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} templates failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Bad templates: Go's messages on one line, `inspect`-style parse errors exit 64 as Docker's
/// CLI does, listing and execution errors exit 1, and nothing is printed for a failed listing.
#[test]
fn bad_templates_fail_like_docker() {
    let Some(env) = TestEnv::new("templates_errors", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "bad", &img, "sleep", "1000",
    ]);
    let run = env
        .run(&["inspect", "--format", "{{.Name", "bad"])
        .code(64)
        .one_error_line();
    assert!(
        run.stderr
            .contains("linnet: error: template: :1: unclosed action"),
        "{run}"
    );
    let run = env
        .run(&["inspect", "--format", "{{.Config.Nope}}", "bad"])
        .error_1();
    assert!(
        run.stderr
            .contains("executing \"\" at <.Config.Nope>: map has no entry for key \"Nope\""),
        "{run}"
    );
    let run = env
        .run(&["ps", "--format", "{{.Names}} {{.Nope}}"])
        .error_1();
    assert!(
        run.stderr.contains(
            "executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext"
        ),
        "{run}"
    );
    let run = env.run(&["ps", "--format", "{{.Labels.x}}"]).error_1();
    assert!(
        run.stderr
            .contains("at <.Labels.x>: can't evaluate field x in type string"),
        "{run}"
    );
    let run = env.run(&["images", "--format", "{{.Nope}}"]).error_1();
    assert!(
        run.stderr
            .contains("can't evaluate field Nope in type *formatter.imageContext"),
        "{run}"
    );
    let run = env.run(&["ps", "--format", "{{nofunc .Names}}"]).error_1();
    assert!(
        run.stderr.contains("function \"nofunc\" not defined"),
        "{run}"
    );
    let run = env
        .run(&["ps", "--format", "table {{.Names}}\\t{{.Nope}}"])
        .error_1();
    assert!(run.stdout.is_empty(), "{run}");
    env.run(&["version", "--format", "{{.Server.Version"])
        .code(64);
    env.run(&["image", "inspect", "--format", "{{if}}", &img])
        .code(64);
    let _ = env.run(&["rm", "-f", "bad"]);
}

/// Docker's listing rows marshal themselves with Go's `json.Marshal`, which escapes `<`, `>` and
/// `&`; its `json` template function on any other value, and `inspect`, do not.
#[test]
fn json_escapes_html_like_docker() {
    let Some(env) = TestEnv::new("templates_json_html", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "create", "--pull", "never", "--name", "esc", "-l", "x=<a&b>", &img, "true",
    ]);
    let escaped = "\"Labels\":\"x=\\u003ca\\u0026b\\u003e\"";
    for format in ["{{json .}}", "json"] {
        let run = env.ok(&["ps", "-a", "--format", format]);
        assert!(run.stdout.contains(escaped), "{format}: {run}");
    }
    let run = env.ok(&["ps", "-a", "--format", "{{json .Labels}}"]);
    assert_eq!(run.stdout, "\"x=<a&b>\"\n", "{run}");
    let run = env.ok(&["inspect", "--format", "{{json .Config.Labels}}", "esc"]);
    assert_eq!(run.stdout, "{\"x\":\"<a&b>\"}\n", "{run}");
    let _ = env.run(&["rm", "-f", "esc"]);
}
