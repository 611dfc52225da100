//! Issue 9, the rest of Docker's network surface: `network connect/disconnect` (a second
//! interface, names both ways, kept across stop/start, released by rm, Docker's errors),
//! `--network container:X` (X's hostname, hosts and resolv.conf; the conflicting flags refused)
//! and the network fields of `inspect` (PortBindings, ExposedPorts, Networks.*).

use std::time::Duration;

use crate::common::{wait_for, TestEnv};

fn net_name(env: &TestEnv, what: &str) -> String {
    format!("{}-{what}-{}", env.namespace, std::process::id())
}

/// `ping -c 1 TARGET` from inside `from`, retried briefly (hosts files are rewritten on change).
fn pings(env: &TestEnv, from: &str, target: &str) -> bool {
    wait_for(Duration::from_secs(5), || {
        env.run(&["exec", from, "ping", "-c", "1", "-W", "2", target])
            .code
            .eq(&0)
            .then_some(())
    })
    .is_some()
}

/// Host-local leases and iptables lines of this test's namespace.
fn leftovers(env: &TestEnv) -> (usize, usize) {
    let prefix = format!("{}-", env.namespace);
    let mut leases = 0;
    let mut stack = vec![env.daemon.state_dir.join("network").join("ipam")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read_to_string(&p)
                .unwrap_or_default()
                .starts_with(&prefix)
            {
                leases += 1;
            }
        }
    }
    let rules = std::process::Command::new("iptables-save")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(&prefix))
        .count();
    (leases, rules)
}

#[test]
fn network_connect_adds_an_interface_names_resolve_and_it_survives_restart() {
    let Some(env) = TestEnv::new("net_connect", &["iptables-save"]) else {
        return;
    };
    let img = env.busybox();
    let (front, back) = (net_name(&env, "front"), net_name(&env, "back"));
    env.ok(&["network", "create", &front]);
    env.ok(&["network", "create", &back]);
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "app",
        "--network",
        &front,
        &img,
        "sleep",
        "300",
    ]);
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "db",
        "--network",
        &back,
        &img,
        "sleep",
        "300",
    ]);
    assert!(!pings(&env, "app", "db"), "app reaches db before connect");

    env.ok(&["network", "connect", "--alias", "api", &back, "app"]);
    let addrs = env.ok(&["exec", "app", "ip", "-4", "-o", "addr"]);
    assert!(
        addrs.stdout.contains("eth1"),
        "no eth1 after connect\n{addrs}"
    );
    assert!(
        pings(&env, "app", "db"),
        "app cannot resolve db after connect"
    );
    assert!(
        pings(&env, "db", "app"),
        "db cannot resolve app after connect"
    );
    assert!(pings(&env, "db", "api"), "db cannot resolve the alias api");
    let nets = env.ok(&["inspect", "-f", "{{json .NetworkSettings.Networks}}", "app"]);
    let nets = nets.json();
    assert!(nets[&back]["IPAddress"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    assert_eq!(nets[&back]["Aliases"][0], "api");
    let members = env.ok(&["network", "inspect", "-f", "{{json .Containers}}", &back]);
    assert_eq!(
        members.json().as_object().map(|m| m.len()),
        Some(2),
        "{members}"
    );

    // Docker's errors.
    env.run(&["network", "connect", &back, "app"])
        .error_1()
        .stderr_has("already exists in network");
    env.run(&["network", "connect", "host", "app"])
        .error_1()
        .stderr_has("connected to host network");
    env.run(&["network", "connect", "none", "app"])
        .error_1()
        .stderr_has("private (none) mode");
    env.run(&["network", "connect", "it-no-such-net", "app"])
        .error_1()
        .stderr_has("network it-no-such-net not found");
    env.run(&["network", "connect", &back, "it-no-such-container"])
        .error_1()
        .stderr_has("no such container");
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "onhost",
        "--network",
        "host",
        &img,
        "sleep",
        "300",
    ]);
    env.run(&["network", "connect", &back, "onhost"])
        .error_1()
        .stderr_has("sharing network namespace");
    env.run(&["network", "disconnect", &back, "onhost"])
        .error_1()
        .stderr_has("not connected to network");

    // stop/start rejoins both networks.
    env.ok(&["stop", "-t", "1", "app"]);
    env.ok(&["start", "app"]);
    assert!(
        pings(&env, "db", "app"),
        "db cannot resolve app after restart"
    );
    assert!(
        pings(&env, "app", "db"),
        "app cannot resolve db after restart"
    );

    env.ok(&["network", "disconnect", &back, "app"]);
    let addrs = env.ok(&["exec", "app", "ip", "-4", "-o", "addr"]);
    assert!(!addrs.stdout.contains("eth1"), "eth1 left\n{addrs}");
    assert!(!pings(&env, "db", "app"), "db still resolves app");
    env.run(&["network", "disconnect", &back, "app"])
        .error_1()
        .stderr_has("is not connected to network");
    // A stopped container is connected for its next start.
    env.ok(&["stop", "-t", "1", "app"]);
    env.ok(&["network", "connect", &back, "app"]);
    env.ok(&["start", "app"]);
    assert!(
        pings(&env, "db", "app"),
        "connect of a stopped container lost"
    );

    env.ok(&["rm", "-f", "app", "db", "onhost"]);
    assert_eq!(leftovers(&env), (0, 0), "leases, rules left after rm");
    env.ok(&["network", "rm", &front, &back]);
}

#[test]
fn network_container_takes_the_hostname_and_files_and_refuses_network_flags() {
    let Some(env) = TestEnv::new("net_share", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "owner",
        "-h",
        "ownerhost",
        &img,
        "sleep",
        "300",
    ]);
    let mine = env.ok(&[
        "exec",
        "owner",
        "sh",
        "-c",
        "cat /etc/hosts /etc/resolv.conf; ip -4 -o addr",
    ]);
    let joined = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "container:owner",
        &img,
        "sh",
        "-c",
        "hostname; cat /etc/hosts /etc/resolv.conf; ip -4 -o addr",
    ]);
    assert_eq!(
        joined.lines().first().copied(),
        Some("ownerhost"),
        "{joined}"
    );
    assert_eq!(
        joined.stdout.split_once('\n').map(|(_, rest)| rest),
        Some(mine.stdout.as_str()),
        "hosts, resolv.conf or addresses differ"
    );
    for flags in [
        vec!["-h", "other"],
        vec!["-p", "80"],
        vec!["-P"],
        vec!["--dns", "192.0.2.53"],
        vec!["--add-host", "a:192.0.2.9"],
        vec!["--expose", "80"],
    ] {
        let mut args = vec![
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            "container:owner",
        ];
        args.extend(flags.iter().copied());
        args.extend([img.as_str(), "true"]);
        env.run(&args)
            .error_125()
            .one_error_line()
            .stderr_has("conflicting options");
    }
    // The owner stopped: Docker's error at start, not runc's.
    env.ok(&[
        "create",
        "--pull",
        "never",
        "--name",
        "joiner",
        "--network",
        "container:owner",
        &img,
        "sleep",
        "300",
    ]);
    env.ok(&["stop", "-t", "1", "owner"]);
    env.run(&["start", "joiner"])
        .error_1()
        .stderr_has("cannot join network of a non running container");
    env.ok(&["start", "owner"]);
    env.ok(&["start", "joiner"]);
    env.ok(&["exec", "joiner", "hostname"])
        .stdout_is("ownerhost");
    env.ok(&["rm", "-f", "joiner", "owner"]);
}

#[test]
fn inspect_shows_port_bindings_exposed_ports_and_endpoints_as_docker() {
    let Some(env) = TestEnv::new("net_inspect", &[]) else {
        return;
    };
    let img = env.busybox();
    let net = net_name(&env, "insp");
    env.ok(&["network", "create", &net]);
    env.ok(&[
        "create",
        "--pull",
        "never",
        "--name",
        "shape",
        "--network",
        &net,
        "--network-alias",
        "db",
        "-p",
        "18080:80",
        "-p",
        "127.0.0.1::81/udp",
        "--expose",
        "90",
        &img,
        "sleep",
        "300",
    ]);
    let v = env.ok(&["inspect", "shape"]).json();
    let c = &v[0];
    let id = c["Id"].as_str().unwrap_or_default().to_string();
    assert_eq!(
        c["HostConfig"]["PortBindings"],
        serde_json::json!({
            "80/tcp": [{"HostIp": "", "HostPort": "18080"}],
            "81/udp": [{"HostIp": "127.0.0.1", "HostPort": ""}],
        })
    );
    assert_eq!(c["HostConfig"]["NetworkMode"], net.as_str());
    assert_eq!(
        c["Config"]["ExposedPorts"],
        serde_json::json!({"80/tcp": {}, "81/udp": {}, "90/tcp": {}})
    );
    // Not started: the network is listed with its id and aliases, without addresses.
    let ep = &c["NetworkSettings"]["Networks"][&net];
    let net_id = env.ok(&["network", "inspect", "-f", "{{.Id}}", &net]);
    assert_eq!(ep["NetworkID"], net_id.stdout.trim());
    assert_eq!(ep["Aliases"], serde_json::json!(["db", &id[..12]]));
    assert_eq!(ep["EndpointID"], "");
    assert_eq!(ep["IPAddress"], "");

    env.ok(&["start", "shape"]);
    let v = env.ok(&["inspect", "shape"]).json();
    let ep = &v[0]["NetworkSettings"]["Networks"][&net];
    assert_eq!(ep["Aliases"], serde_json::json!(["db", &id[..12]]));
    assert_eq!(ep["NetworkID"], net_id.stdout.trim());
    let endpoint = ep["EndpointID"].as_str().unwrap_or_default();
    assert!(
        endpoint.len() == 64 && endpoint.bytes().all(|b| b.is_ascii_hexdigit()),
        "EndpointID {endpoint:?}"
    );
    let mac = ep["MacAddress"].as_str().unwrap_or_default();
    assert_eq!(mac.split(':').count(), 6, "MacAddress {mac:?}");
    assert!(ep["IPPrefixLen"].is_u64() && ep["IPAMConfig"].is_null());
    env.ok(&["rm", "-f", "shape"]);

    // The default bridge: no aliases, as Docker.
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "plain", &img, "sleep", "300",
    ]);
    let v = env.ok(&["inspect", "plain"]).json();
    assert!(v[0]["NetworkSettings"]["Networks"]["bridge"]["Aliases"].is_null());
    assert_eq!(v[0]["HostConfig"]["PortBindings"], serde_json::json!({}));
    assert!(v[0]["Config"]["ExposedPorts"].is_null());
    env.ok(&["rm", "-f", "plain"]);
    env.ok(&["network", "rm", &net]);
}
