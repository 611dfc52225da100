//! `linnet network create|ls|inspect|rm|prune` against a private data root per test (the network
//! commands need no containerd). Each test's data root is its own linnet instance, so its
//! default bridge and subnets are its own; a guard removes the user networks at the end.

use std::path::{Path, PathBuf};

use linnet_network::{AttachRequest, ManagerConfig, NetworkManager, NetworkRequest};

use crate::common::{can_run, Linnet, Run};

struct Root {
    dir: tempfile::TempDir,
}

impl Root {
    fn new(test: &str) -> Option<Root> {
        if !can_run(test, &[]) {
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("linnet-it-net-")
            .tempdir()
            .unwrap();
        Some(Root { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn linnet(&self) -> Linnet {
        Linnet::new()
            .global_os([std::ffi::OsStr::new("--data-root"), self.path().as_os_str()])
            .arg("network")
    }

    fn run(&self, args: &[&str]) -> Run {
        self.linnet().args(args).run()
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        // Removes whatever user networks a failed test left (no bridge was ever made: no
        // container attached), which also releases their subnet claims.
        let _ = self.run(&["prune", "-f"]);
    }
}

fn subnet_of(root: &Root, net: &str) -> String {
    root.run(&["inspect", net, "--format", "{{json .IPAM}}"])
        .success()
        .json()["Config"][0]["Subnet"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn network_create_ls_inspect_rm() {
    let Some(root) = Root::new("network_create_ls_inspect_rm") else {
        return;
    };
    let ls = root.run(&["ls"]).success();
    assert_eq!(
        ls.lines()[0].split_whitespace().collect::<Vec<_>>(),
        ["NETWORK", "ID", "NAME", "DRIVER", "SCOPE"]
    );
    for builtin in ["bridge", "host", "none"] {
        assert!(
            ls.lines()
                .iter()
                .any(|l| l.split_whitespace().nth(1) == Some(builtin)),
            "{builtin} missing:\n{ls}"
        );
    }

    let id = root
        .run(&[
            "create", "--label", "team=web", "--label", "tier", "it-net1",
        ])
        .success()
        .out()
        .to_string();
    assert_eq!(id.len(), 64, "create prints the 64-hex id: {id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));

    root.run(&["ls", "-q"])
        .success()
        .stdout_has(&format!("{}\n", &id[..12]));
    root.run(&["ls", "-q", "--no-trunc", "--filter", "name=it-net"])
        .success()
        .stdout_is(&id);
    root.run(&[
        "ls",
        "--filter",
        "label=team=web",
        "--format",
        "{{.Name}} {{.Labels}}",
    ])
    .success()
    .stdout_is("it-net1 team=web,tier=");
    root.run(&["ls", "--filter", "type=custom", "--format", "{{.Name}}"])
        .success()
        .stdout_is("it-net1");
    root.run(&["ls", "--filter", "type=builtin", "--format", "{{.Name}}"])
        .success()
        .stdout_is("bridge\nhost\nnone");
    let json = root
        .run(&["ls", "--format", "json", "-f", "name=it-net1"])
        .success()
        .json();
    // Docker truncates `.ID` in templates and `--format json` unless --no-trunc.
    assert_eq!(json["ID"], &id[..12]);
    assert_eq!(json["Scope"], "local");
    root.run(&["ls", "--filter", "bogus=1"])
        .error_1()
        .stderr_has("invalid filter 'bogus'");

    let inspect = root.run(&["inspect", "it-net1"]).success().json();
    let net = &inspect[0];
    assert_eq!(net["Name"], "it-net1");
    assert_eq!(net["Id"], id.as_str());
    assert_eq!(net["Driver"], "bridge");
    assert_eq!(net["Labels"]["team"], "web");
    assert_eq!(
        net["Options"]["com.docker.network.bridge.name"],
        format!("br-{}", &id[..12]).as_str()
    );
    assert_eq!(net["Containers"], serde_json::json!({}));
    // Inspect by id prefix, with a template.
    root.run(&["inspect", &id[..8], "-f", "{{.Name}} {{.Internal}}"])
        .success()
        .stdout_is("it-net1 false");

    // A chosen subnet, gateway and range; the id-derived bridge; --internal.
    root.run(&[
        "create",
        "--subnet",
        "10.123.45.0/24",
        "--gateway",
        "10.123.45.254",
        "--ip-range",
        "10.123.45.128/25",
        "--internal",
        "it-net2",
    ])
    .success();
    let ipam = root
        .run(&["inspect", "it-net2", "--format", "{{json .IPAM.Config}}"])
        .success()
        .json();
    assert_eq!(
        ipam,
        serde_json::json!([{"Subnet":"10.123.45.0/24","IPRange":"10.123.45.128/25","Gateway":"10.123.45.254"}])
    );
    root.run(&["create", "it-net1"])
        .error_1()
        .stderr_has("network with name it-net1 already exists");

    root.run(&["rm", "it-net1", "it-net2"])
        .success()
        .stdout_is("it-net1\nit-net2");
    root.run(&["ls", "-q", "-f", "type=custom"])
        .success()
        .stdout_is("");
    root.run(&["inspect", "host", "none", "-f", "{{.Name}} {{.Driver}}"])
        .success()
        .stdout_is("host host\nnone null");
    root.run(&["rm", "bridge"])
        .error_1()
        .stderr_has("bridge is a pre-defined network and cannot be removed");
}

#[test]
fn network_errors_are_one_line() {
    let Some(root) = Root::new("network_errors_are_one_line") else {
        return;
    };
    let default = subnet_of(&root, "bridge");
    root.run(&["create", "--subnet", &default, "it-overlap"])
        .error_1()
        .stderr_has("Pool overlaps with other one on this address space");
    root.run(&["inspect", "it-overlap"])
        .error_1()
        .stderr_has("network it-overlap not found");
    root.run(&["inspect", "nonexist"])
        .error_1()
        .stderr_has("linnet: error: network nonexist not found");
    root.run(&["rm", "nonexist"])
        .error_1()
        .stderr_has("network nonexist not found");
    root.run(&["rm", "-f", "nonexist"]).success().stdout_is("");
    root.run(&["create", "--subnet", "10.99.0.1/24", "it-bad"])
        .error_1()
        .stderr_has("unexpected subnet \"10.99.0.1/24\", maybe you meant \"10.99.0.0/24\"?");
    root.run(&["create", "--gateway", "10.99.0.1", "it-bad"])
        .error_1()
        .stderr_has("every ip-range or gateway must have a corresponding subnet");
    root.run(&["create", "-d", "macvlan", "it-bad"]).error_1();
    root.run(&["create", "-o", "foo=bar", "it-bad"])
        .error_1()
        .stderr_has("unsupported \"bridge\" network option \"foo\"");
    root.run(&["ls", "-q", "-f", "type=custom"])
        .success()
        .stdout_is("");
}

#[test]
fn network_prune_removes_unused_custom_networks() {
    let Some(root) = Root::new("network_prune_removes_unused_custom_networks") else {
        return;
    };
    root.run(&["create", "it-p1"]).success();
    root.run(&["create", "--label", "keep=yes", "it-p2"])
        .success();
    // Without -f it asks; anything but "y" keeps everything.
    root.linnet()
        .args(["prune"])
        .stdin("n\n")
        .run()
        .success()
        .stdout_has(
            "WARNING! This will remove all custom networks not used by at least one container.",
        );
    root.run(&["ls", "-q", "-f", "type=custom"]).success();
    assert_eq!(
        root.run(&["ls", "-q", "-f", "type=custom"]).lines().len(),
        2
    );
    root.run(&["prune", "-f", "--filter", "label=keep=yes"])
        .success()
        .stdout_is("Deleted Networks:\nit-p2");
    root.run(&["prune", "-f"])
        .success()
        .stdout_is("Deleted Networks:\nit-p1");
    root.run(&["prune", "-f"]).success().stdout_is("");
    root.run(&["ls", "--format", "{{.Name}}"])
        .success()
        .stdout_is("bridge\nhost\nnone");
}

#[test]
fn network_two_data_roots_never_share_subnets() {
    let (Some(a), Some(b)) = (
        Root::new("network_two_data_roots_never_share_subnets"),
        Root::new("network_two_data_roots_never_share_subnets"),
    ) else {
        return;
    };
    a.run(&["create", "it-shared"]).success();
    b.run(&["create", "it-shared"]).success();
    let subnets = [
        subnet_of(&a, "bridge"),
        subnet_of(&b, "bridge"),
        subnet_of(&a, "it-shared"),
        subnet_of(&b, "it-shared"),
    ];
    let unique: std::collections::HashSet<&String> = subnets.iter().collect();
    assert_eq!(
        unique.len(),
        4,
        "subnets are shared between data roots: {subnets:?}"
    );
    let bridge = |r: &Root| {
        r.run(&["inspect", "bridge", "-f", "{{json .Options}}"])
            .success()
            .json()["com.docker.network.bridge.name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (ba, bb) = (bridge(&a), bridge(&b));
    assert_ne!(ba, bb);
    assert!(ba.len() <= 15 && bb.len() <= 15);
    // The other instance's subnet is taken for this one too.
    b.run(&["create", "--subnet", &subnets[2], "it-clash"])
        .error_1()
        .stderr_has("Pool overlaps with other one on this address space");
    let conflists: Vec<PathBuf> = std::fs::read_dir(a.path().join("networks"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conflist"))
        .collect();
    assert_eq!(
        conflists.len(),
        2,
        "one conflist per network under <data-root>/networks"
    );
}

/// Stand-in CNI plugins: `bridge` answers ADD with a fixed address in `subnet`, the others do
/// nothing. The attach then touches no host interface or rule, so this test cannot disturb tests
/// that look at the host's interfaces at the same time.
fn stub_plugins(dir: &Path, ip: &str, gateway: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    let result = format!(
        r#"{{"cniVersion":"1.0.0","interfaces":[{{"name":"eth0","mac":"02:42:0a:00:00:02","sandbox":"/x"}}],"ips":[{{"interface":0,"address":"{ip}/24","gateway":"{gateway}"}}]}}"#
    );
    let bridge = format!(
        "#!/bin/sh\ncat >/dev/null\n[ \"$CNI_COMMAND\" = ADD ] && echo '{result}'\nexit 0\n"
    );
    for (name, body) in [
        ("bridge", bridge.as_str()),
        ("loopback", "#!/bin/sh\ncat >/dev/null\nexit 0\n"),
        ("portmap", "#!/bin/sh\ncat >/dev/null\nexit 0\n"),
        ("firewall", "#!/bin/sh\ncat >/dev/null\nexit 0\n"),
        ("tuning", "#!/bin/sh\ncat >/dev/null\nexit 0\n"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// The hook between the library and the command: a container attached through
/// `NetworkManager::attach` (as `run` will) makes `network rm` fail, shows in `inspect`, keeps
/// `prune` away, and `rm` works again after `detach`.
#[test]
fn network_rm_refuses_a_network_with_attached_containers() {
    let test = "network_rm_refuses_a_network_with_attached_containers";
    let Some(root) = Root::new(test) else {
        return;
    };
    root.run(&["create", "--subnet", "10.201.7.0/24", "it-used"])
        .success();
    let plugins = root.path().join("stub-cni");
    stub_plugins(&plugins, "10.201.7.2", "10.201.7.1");
    let mut cfg = ManagerConfig::new(root.path(), &root.path().join("run"), "default");
    cfg.plugin_dirs = vec![plugins];
    let mgr = NetworkManager::new(cfg).unwrap();
    let req = AttachRequest {
        name: "web".into(),
        networks: vec![NetworkRequest {
            network: "it-used".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let att = mgr.attach("c0ffee", &req).unwrap();
    let guard = Detach(&mgr, "c0ffee");
    assert_eq!(att.ips()[0].to_string(), "10.201.7.2");

    root.run(&["rm", "it-used"])
        .error_1()
        .stderr_has("network it-used has active endpoints (web)");
    let inspect = root.run(&["inspect", "it-used"]).success().json();
    let c = &inspect[0]["Containers"]["c0ffee"];
    assert_eq!(c["Name"], "web");
    assert_eq!(c["IPv4Address"], "10.201.7.2/24");
    assert_eq!(c["MacAddress"], "02:42:0a:00:00:02");
    root.run(&["ls", "-q", "-f", "dangling=true", "-f", "type=custom"])
        .success()
        .stdout_is("");
    root.run(&["prune", "-f"]).success().stdout_is("");

    drop(guard);
    assert!(!att.netns_path.exists());
    root.run(&["rm", "it-used"]).success().stdout_is("it-used");
}

/// Detaches (and so unmounts the pinned netns) also when the test fails.
struct Detach<'a>(&'a NetworkManager, &'a str);

impl Drop for Detach<'_> {
    fn drop(&mut self) {
        let _ = self.0.detach(self.1);
    }
}
