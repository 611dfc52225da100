//! Unit tests of spec generation: command/env/user resolution, confinement, mounts.

use super::*;
use oci_spec::image::ConfigBuilder;

fn image(entrypoint: &[&str], cmd: &[&str]) -> ImageConfig {
    let mut b = ConfigBuilder::default()
        .env(vec![
            "PATH=/custom/bin".to_string(),
            "FOO=image".to_string(),
        ])
        .working_dir("/srv".to_string());
    if !entrypoint.is_empty() {
        b = b.entrypoint(entrypoint.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    }
    if !cmd.is_empty() {
        b = b.cmd(cmd.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    }
    b.build().unwrap()
}

fn opts() -> SpecOptions {
    SpecOptions {
        id: "abc".into(),
        namespace: "default".into(),
        args: vec![],
        entrypoint: None,
        env: vec![],
        workdir: None,
        user: None,
        hostname: "host1".into(),
        tty: false,
        network: NetworkMode::Host,
        mounts: vec![],
        etc_files: EtcFiles::default(),
        userdb: UserDb::default(),
        nofile: DEFAULT_NOFILE,
        security: SecurityOptions::default(),
        resources: Resources::default(),
        host: HostInfo {
            arch: "amd64",
            kernel: seccomp::KernelVersion::from_release("6.1.0"),
            cgroup_v1: true,
            thermal_throttle: vec!["/sys/devices/system/cpu/cpu0/thermal_throttle".into()],
            capabilities: capabilities::ALL_KNOWN_MASK,
        },
    }
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn command_rules() {
    let img = image(&["/entry"], &["a", "b"]);
    assert_eq!(
        resolve_command(Some(&img), None, &[]).unwrap(),
        s(&["/entry", "a", "b"])
    );
    assert_eq!(
        resolve_command(Some(&img), None, &s(&["x"])).unwrap(),
        s(&["/entry", "x"])
    );
    assert_eq!(
        resolve_command(Some(&img), Some("/sh"), &[]).unwrap(),
        s(&["/sh"])
    );
    assert_eq!(
        resolve_command(Some(&img), Some("/sh"), &s(&["-c", "id"])).unwrap(),
        s(&["/sh", "-c", "id"])
    );
    assert_eq!(
        resolve_command(Some(&img), Some(""), &s(&["ls"])).unwrap(),
        s(&["ls"])
    );
    let err = resolve_command(Some(&img), Some(""), &[]).unwrap_err();
    assert_eq!(err.to_string(), "no command specified");
    assert!(resolve_command(None, None, &[]).is_err());
}

#[test]
fn env_order() {
    let img = image(&[], &["sh"]);
    let env = container_env(Some(&img), "h", true, &s(&["FOO=user", "BAR=1"]));
    assert_eq!(
        env,
        s(&[
            "PATH=/custom/bin",
            "HOSTNAME=h",
            "TERM=xterm",
            "FOO=user",
            "BAR=1"
        ])
    );
    let env = container_env(None, "h", false, &[]);
    assert_eq!(
        env,
        vec![format!("PATH={DEFAULT_PATH}"), "HOSTNAME=h".to_string()]
    );
}

#[test]
fn full_spec() {
    let img = image(&[], &["sh"]);
    let mut o = opts();
    o.network = NetworkMode::None;
    o.mounts.push(parse_volume("/tmp:/dev/shm:ro").unwrap());
    o.etc_files.hosts = Some(PathBuf::from("/x/hosts"));
    let spec = generate(Some(&img), &o).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&to_json(&spec).unwrap()).unwrap();
    assert_eq!(json["process"]["args"], serde_json::json!(["sh"]));
    assert_eq!(json["process"]["cwd"], "/srv");
    assert_eq!(json["hostname"], "host1");
    assert_eq!(json["root"]["path"], "rootfs");
    assert_eq!(json["linux"]["cgroupsPath"], "/default/abc");
    let ns: Vec<&str> = json["linux"]["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(ns, vec!["pid", "ipc", "uts", "mount", "network"]);
    let dests: Vec<&str> = json["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["destination"].as_str().unwrap())
        .collect();
    assert_eq!(dests.iter().filter(|d| **d == "/dev/shm").count(), 1);
    assert!(dests.contains(&"/etc/hosts"));
    assert_eq!(json["process"]["rlimits"][0]["type"], "RLIMIT_NOFILE");
    assert_eq!(
        json["process"]["capabilities"]["bounding"]
            .as_array()
            .unwrap()
            .len(),
        DEFAULT_CAPABILITIES.len()
    );
    let back = from_json(&to_json(&spec).unwrap()).unwrap();
    assert_eq!(back, spec);
}

#[test]
fn host_network_has_no_netns_and_user_lookup() {
    let img = image(&[], &["sh"]);
    let mut o = opts();
    o.user = Some("nobody".into());
    assert!(generate(Some(&img), &o).is_err());
    o.user = Some("1000:1000".into());
    let spec = generate(Some(&img), &o).unwrap();
    let user = spec.process().as_ref().unwrap().user();
    assert_eq!((user.uid(), user.gid()), (1000, 1000));
    let ns = spec.linux().as_ref().unwrap().namespaces().clone().unwrap();
    assert!(ns.iter().all(|n| n.typ() != LinuxNamespaceType::Network));
    o.workdir = Some("rel".into());
    assert!(generate(Some(&img), &o).is_err());
}

#[test]
fn exec_inherits_and_overrides() {
    let img = image(&[], &["sh"]);
    let spec = generate(Some(&img), &opts()).unwrap();
    let p = exec_process(
        &spec,
        &ExecOptions {
            args: s(&["id"]),
            env: s(&["FOO=exec"]),
            workdir: Some("/tmp".into()),
            user: Some("5".into()),
            tty: true,
            userdb: UserDb::default(),
        },
    )
    .unwrap();
    assert_eq!(p.args().clone().unwrap(), s(&["id"]));
    assert_eq!(p.cwd(), &PathBuf::from("/tmp"));
    let env = p.env().clone().unwrap();
    assert_eq!(get_env(&env, "FOO"), Some("exec"));
    assert_eq!(get_env(&env, "TERM"), Some("xterm"));
    assert_eq!(p.user().uid(), 5);
    assert!(p.capabilities().is_some());
    assert_eq!(p.terminal(), Some(true));
}

fn caps_json(json: &serde_json::Value, set: &str) -> Vec<String> {
    let mut v: Vec<String> = json["process"]["capabilities"][set]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn capabilities_root_and_non_root() {
    let img = image(&[], &["sh"]);
    let spec = generate(Some(&img), &opts()).unwrap();
    let json = serde_json::to_value(&spec).unwrap();
    let mut docker = s(&[
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_FSETID",
        "CAP_FOWNER",
        "CAP_MKNOD",
        "CAP_NET_RAW",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETFCAP",
        "CAP_SETPCAP",
        "CAP_NET_BIND_SERVICE",
        "CAP_SYS_CHROOT",
        "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ]);
    docker.sort();
    assert_eq!(caps_json(&json, "bounding"), docker);
    assert_eq!(caps_json(&json, "effective"), docker);
    assert_eq!(caps_json(&json, "permitted"), docker);
    let caps = &json["process"]["capabilities"];
    assert!(caps.get("inheritable").is_none(), "{caps}");
    assert!(caps.get("ambient").is_none(), "{caps}");
    // The names used for seccomp conditions are the kernel's.
    let bounding: HashSet<Capability> = DEFAULT_CAPABILITIES.iter().copied().collect();
    assert_eq!(capability_names(&bounding), docker);

    let mut o = opts();
    o.user = Some("1000".into());
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    let caps = &json["process"]["capabilities"];
    assert_eq!(caps_json(&json, "bounding"), docker);
    for set in ["effective", "permitted", "inheritable", "ambient"] {
        assert!(caps.get(set).is_none(), "{set}: {caps}");
    }

    // exec: the exec's user decides, both ways.
    let root_spec = generate(Some(&img), &opts()).unwrap();
    let exec = |spec: &Spec, user: &str| {
        let p = exec_process(
            spec,
            &ExecOptions {
                args: s(&["id"]),
                user: Some(user.into()),
                ..ExecOptions::default()
            },
        )
        .unwrap();
        serde_json::to_value(p.capabilities().clone().unwrap()).unwrap()
    };
    let as_user = exec(&root_spec, "1000");
    assert!(as_user.get("effective").is_none() && as_user["bounding"].is_array());
    let user_spec = generate(Some(&img), &o).unwrap();
    let as_root = exec(&user_spec, "0");
    assert_eq!(as_root["effective"].as_array().unwrap().len(), docker.len());
    assert!(as_root.get("ambient").is_none());
}

#[test]
fn seccomp_default_unconfined_custom() {
    let img = image(&[], &["sh"]);
    let json = serde_json::to_value(generate(Some(&img), &opts()).unwrap()).unwrap();
    let seccomp = &json["linux"]["seccomp"];
    assert_eq!(seccomp["defaultAction"], "SCMP_ACT_ERRNO");
    assert_eq!(
        seccomp["architectures"],
        serde_json::json!(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
    );
    let allowed = |name: &str| {
        seccomp["syscalls"].as_array().unwrap().iter().any(|r| {
            r["action"] == "SCMP_ACT_ALLOW"
                && r["names"].as_array().unwrap().iter().any(|n| n == name)
        })
    };
    assert!(allowed("chroot"), "CAP_SYS_CHROOT is in the default set");
    assert!(!allowed("unshare") && !allowed("mount"));
    assert_eq!(json["process"]["noNewPrivileges"], false);

    let mut o = opts();
    o.security = SecurityOptions::parse(&s(&["seccomp=unconfined", "no-new-privileges"])).unwrap();
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    assert!(json["linux"].get("seccomp").is_none());
    assert_eq!(json["process"]["noNewPrivileges"], true);

    o.security.seccomp = SeccompMode::Custom(Box::new(
        seccomp::Profile::parse(
            r#"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}"#,
        )
        .unwrap(),
    ));
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    assert_eq!(
        json["linux"]["seccomp"],
        serde_json::json!({"defaultAction": "SCMP_ACT_ALLOW",
            "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]})
    );
}

#[test]
fn cgroup_mount_and_masked_paths() {
    let img = image(&[], &["sh"]);
    let json = serde_json::to_value(generate(Some(&img), &opts()).unwrap()).unwrap();
    let cgroup: Vec<&serde_json::Value> = json["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["destination"] == "/sys/fs/cgroup")
        .collect();
    // cgroup v1: the read-only tmpfs placeholder first, then the cgroup mount.
    assert_eq!(cgroup.len(), 2);
    assert_eq!(cgroup[0]["type"], "tmpfs");
    assert_eq!(cgroup[1]["type"], "cgroup");
    for m in &cgroup {
        assert!(m["options"].as_array().unwrap().iter().any(|o| o == "ro"));
    }
    let mut o = opts();
    o.host.cgroup_v1 = false;
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    let n = json["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["destination"] == "/sys/fs/cgroup")
        .count();
    assert_eq!(n, 1);
    let masked = json["linux"]["maskedPaths"].as_array().unwrap();
    for p in [
        "/proc/acpi",
        "/proc/asound",
        "/proc/interrupts",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/sched_debug",
        "/proc/scsi",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/sys/devices/virtual/powercap",
        "/sys/firmware",
        "/sys/devices/system/cpu/cpu0/thermal_throttle",
    ] {
        assert!(masked.iter().any(|m| m == p), "{p} masked");
    }
    assert_eq!(masked.len(), 13);
    assert_eq!(
        json["linux"]["readonlyPaths"],
        serde_json::json!([
            "/proc/bus",
            "/proc/fs",
            "/proc/irq",
            "/proc/sys",
            "/proc/sysrq-trigger"
        ])
    );
    // A user mount over /sys/fs/cgroup replaces both entries.
    o.host.cgroup_v1 = true;
    o.mounts.push(parse_volume("/tmp:/sys/fs/cgroup").unwrap());
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    let cgroup: Vec<&serde_json::Value> = json["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["destination"] == "/sys/fs/cgroup")
        .collect();
    assert_eq!(cgroup.len(), 1);
    assert_eq!(cgroup[0]["type"], "bind");
}

#[test]
fn privileged_and_resources() {
    let img = image(&[], &["sh"]);
    let mut o = opts();
    o.security = SecurityOptions::default()
        .with_privileges(true, &[], &[], capabilities::ALL_KNOWN_MASK)
        .unwrap();
    o.resources.memory = 10 << 20;
    o.resources.shm_size = 1 << 20;
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    assert!(json["linux"].get("seccomp").is_none());
    assert!(json["linux"].get("maskedPaths").is_none());
    assert!(json["linux"].get("readonlyPaths").is_none());
    assert_eq!(
        caps_json(&json, "effective").len(),
        capabilities::KNOWN.len()
    );
    assert_eq!(
        json["linux"]["resources"]["devices"],
        serde_json::json!([{"allow": true, "access": "rwm"}])
    );
    assert!(json["linux"]["devices"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == "/dev/null"));
    assert_eq!(json["linux"]["resources"]["memory"]["limit"], 10 << 20);
    let mounts = json["mounts"].as_array().unwrap();
    let sys = mounts.iter().find(|m| m["destination"] == "/sys").unwrap();
    assert!(!sys["options"].as_array().unwrap().iter().any(|o| o == "ro"));
    let shm = mounts
        .iter()
        .find(|m| m["destination"] == "/dev/shm")
        .unwrap();
    assert!(shm["options"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o == "size=1048576"));
    let cgroups = mounts
        .iter()
        .filter(|m| m["destination"] == "/sys/fs/cgroup")
        .collect::<Vec<_>>();
    assert_eq!(cgroups.len(), 1, "no read-only placeholder: {cgroups:?}");

    // Not privileged: Docker's defaults, plus the added capability.
    o.security = SecurityOptions::default()
        .with_privileges(
            false,
            &["SYS_ADMIN".into()],
            &[],
            capabilities::ALL_KNOWN_MASK,
        )
        .unwrap();
    let json = serde_json::to_value(generate(Some(&img), &o).unwrap()).unwrap();
    assert!(caps_json(&json, "bounding").contains(&"CAP_SYS_ADMIN".to_string()));
    assert_eq!(
        json["linux"]["resources"]["devices"],
        serde_json::json!([{"allow": false, "access": "rwm"}])
    );
    let allowed = |name: &str| {
        json["linux"]["seccomp"]["syscalls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| {
                r["action"] == "SCMP_ACT_ALLOW"
                    && r["names"].as_array().unwrap().iter().any(|n| n == name)
            })
    };
    assert!(
        allowed("unshare") && allowed("mount"),
        "the profile follows CAP_SYS_ADMIN"
    );
}

#[test]
fn network_modes() {
    assert_eq!("host".parse::<NetworkMode>().unwrap(), NetworkMode::Host);
    assert_eq!("none".parse::<NetworkMode>().unwrap(), NetworkMode::None);
    assert!("bridge".parse::<NetworkMode>().is_err());
}
