//! Issue 9: containers on a private bridge by default, published ports (`-p`, `-P`, `port`, the
//! `ps` PORTS column, `inspect` NetworkSettings), user networks with name and alias resolution,
//! `--network container:X`, cleanup after `run --rm` cycles, and bad input that leaves nothing.
//!
//! Every test shares the one managed containerd and its data root (so the default bridge) with
//! the others; what a test counts (leases, rules, pins, veths) is narrowed to its own namespace
//! or its own user network, so that parallel tests cannot disturb the figures.

use std::net::TcpListener;
use std::time::Duration;

use crate::common::{images, wait_for, TestEnv};

fn setup(name: &str, tools: &[&str]) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, tools)?;
    let image = env.busybox();
    Some((env, image))
}

/// A host port nobody listens on right now.
fn free_port() -> u16 {
    let l = TcpListener::bind("0.0.0.0:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn curl(url: &str) -> Option<String> {
    let out = std::process::Command::new("curl")
        .args(["-fsS", "--max-time", "2", url])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

const HTTPD: &str =
    "mkdir -p /www && echo hello from linnet > /www/index.html && exec httpd -f -p 80 -h /www";

/// A user network name unique to this test run (networks belong to the shared data root).
fn net_name(env: &TestEnv, what: &str) -> String {
    format!("{}-{what}-{}", env.namespace, std::process::id())
}

/// What a namespace holds on the host: host-local leases, iptables lines naming its CNI ids,
/// netns pins.
fn footprint(env: &TestEnv) -> (usize, usize, usize) {
    let prefix = format!("{}-", env.namespace);
    let state = &env.daemon.state_dir;
    let mut leases = 0;
    let mut stack = vec![state.join("network").join("ipam")];
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
    let pins = std::fs::read_dir(state.join("netns"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .count();
    (leases, rules, pins)
}

/// veth devices enslaved to a bridge.
fn veths_on(bridge: &str) -> usize {
    std::process::Command::new("ip")
        .args(["-o", "link", "show", "master", bridge])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().count())
        .unwrap_or(0)
}

fn bridge_of(env: &TestEnv, net: &str) -> String {
    let out = env.ok(&["network", "inspect", net]);
    let v = out.json();
    v[0]["Options"]["com.docker.network.bridge.name"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| out.fail("network inspect shows no bridge name"))
}

fn nothing_left(env: &TestEnv) {
    let ps = env.ok(&["ps", "-aq"]);
    assert!(ps.stdout.trim().is_empty(), "containers left\n{ps}");
    assert_eq!(footprint(env), (0, 0, 0), "leases, rules, pins left");
}

#[test]
fn publish_httpd_answers_curl_port_ps_inspect() {
    let Some((env, img)) = setup("net_publish", &["curl", "iptables-save"]) else {
        return;
    };
    let port = free_port();
    let mapping = format!("{port}:80");
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "web", "-p", &mapping, &img, "sh", "-c", HTTPD,
    ]);
    let url = format!("http://127.0.0.1:{port}/");
    let body = wait_for(Duration::from_secs(15), || curl(&url));
    assert_eq!(body.as_deref(), Some("hello from linnet\n"), "curl {url}");

    env.ok(&["port", "web"])
        .stdout_is(&format!("80/tcp -> 0.0.0.0:{port}"));
    env.ok(&["port", "web", "80"])
        .stdout_is(&format!("0.0.0.0:{port}"));
    env.run(&["port", "web", "81"]).error_1();
    let ps = env.ok(&["ps", "--format", "{{.Ports}}"]);
    ps.clone().stdout_is(&format!("0.0.0.0:{port}->80/tcp"));
    let inspect = env.ok(&["inspect", "web"]).json();
    let ns = &inspect[0]["NetworkSettings"];
    assert_eq!(ns["Ports"]["80/tcp"][0]["HostPort"], port.to_string());
    let ip = ns["Networks"]["bridge"]["IPAddress"]
        .as_str()
        .unwrap_or_default();
    assert!(
        ip.parse::<std::net::Ipv4Addr>().is_ok(),
        "no bridge address in {ns}"
    );
    assert_eq!(inspect[0]["HostConfig"]["NetworkMode"], "bridge");
    // The container's own netns lets non-root bind low ports, as in Docker.
    env.ok(&[
        "exec",
        "web",
        "cat",
        "/proc/sys/net/ipv4/ip_unprivileged_port_start",
    ])
    .stdout_is("0");
    // Hostname defaults to the short id.
    let id = inspect[0]["Id"].as_str().unwrap_or_default().to_string();
    env.ok(&["exec", "web", "hostname"]).stdout_is(&id[..12]);

    // stop releases the port; start maps it again.
    env.ok(&["stop", "-t", "1", "web"]);
    assert_eq!(curl(&url), None, "port still answers after stop");
    env.ok(&["start", "web"]);
    let body = wait_for(Duration::from_secs(15), || curl(&url));
    assert!(body.is_some(), "no answer after start");
    env.ok(&["rm", "-f", "web"]);
    assert_eq!(curl(&url), None, "port still answers after rm");
    nothing_left(&env);

    // -p with the host network: Docker's warning, and the container runs.
    let host = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "host",
        "-p",
        "80:80",
        &img,
        "true",
    ]);
    assert!(
        host.stderr
            .contains("WARNING: Published ports are discarded when using host network mode"),
        "{host}"
    );
}

#[test]
fn user_network_resolves_names_and_aliases_default_bridge_does_not() {
    let Some((env, img)) = setup("net_names", &[]) else {
        return;
    };
    let net = net_name(&env, "names");
    env.ok(&["network", "create", &net]);
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "alpha",
        "--network",
        &net,
        "--network-alias",
        "db",
        &img,
        "sleep",
        "300",
    ]);
    for target in ["alpha", "db"] {
        env.ok(&[
            "run",
            "--rm",
            "--pull",
            "never",
            "--network",
            &net,
            &img,
            "ping",
            "-c",
            "1",
            "-W",
            "3",
            target,
        ]);
    }
    // In use: network rm refuses.
    env.run(&["network", "rm", &net]).error_1();
    // A restart keeps the name working.
    env.ok(&["stop", "-t", "1", "alpha"]);
    env.ok(&["start", "alpha"]);
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        &net,
        &img,
        "ping",
        "-c",
        "1",
        "-W",
        "3",
        "alpha",
    ]);
    env.ok(&["rm", "-f", "alpha"]);

    // The default bridge: no name resolution between containers.
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "beta", &img, "sleep", "300",
    ]);
    env.run(&[
        "run", "--rm", "--pull", "never", &img, "ping", "-c", "1", "-W", "2", "beta",
    ])
    .failure();
    env.ok(&["rm", "-f", "beta"]);
    env.ok(&["network", "rm", &net]);
    nothing_left(&env);
}

#[test]
fn network_container_shares_the_namespace() {
    let Some((env, img)) = setup("net_container", &[]) else {
        return;
    };
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "owner", &img, "sleep", "300",
    ]);
    let own = env.ok(&["exec", "owner", "ip", "addr"]);
    let shared = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "container:owner",
        &img,
        "ip",
        "addr",
    ]);
    assert_eq!(own.stdout, shared.stdout);
    assert!(own.stdout.contains("eth0"), "{own}");
    env.ok(&["rm", "-f", "owner"]);
    nothing_left(&env);
}

#[test]
fn publish_all_maps_exposed_ports() {
    let Some(env) = TestEnv::new("net_publish_all", &[]) else {
        return;
    };
    let tar = env.path("rootfs.tar");
    images::rootfs_tar(&tar).expect("rootfs tar");
    let tar = tar.to_string_lossy().into_owned();
    env.ok(&[
        "import",
        "-c",
        "EXPOSE 8080/tcp 9090/udp",
        "-c",
        "CMD [\"sh\"]",
        &tar,
        "it-exposed:v1",
    ]);
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "exp",
        "-P",
        "--expose",
        "7070",
        "it-exposed:v1",
        "sleep",
        "300",
    ]);
    let lines = env.ok(&["port", "exp"]);
    let listed = lines.lines();
    assert_eq!(listed.len(), 3, "{lines}");
    for (port, proto) in [(7070, "tcp"), (8080, "tcp"), (9090, "udp")] {
        let filter = format!("{port}/{proto}");
        let addr = env.ok(&["port", "exp", &filter]);
        let host_port: u16 = addr
            .stdout
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| addr.fail("no host port"));
        assert!(host_port > 0);
    }
    env.ok(&["rm", "-f", "exp"]);
    nothing_left(&env);
}

/// What one user network holds on the host: iptables rules (nat and filter, as `iptables-save`
/// prints them without counters) that name the network's bridge, an address of its subnet or a
/// CNI id of the test's namespace; veth devices on its bridge; host-local leases of its
/// namespace; netns pins. Only this test's containers touch any of them.
#[derive(Debug, PartialEq, Eq)]
struct NetFootprint {
    rules: Vec<String>,
    veths: usize,
    leases: usize,
    pins: usize,
}

fn net_footprint(env: &TestEnv, bridge: &str, subnet: &str) -> NetFootprint {
    let (leases, _, pins) = footprint(env);
    let (net, prefix_len) = subnet.split_once('/').expect("a CIDR subnet");
    let net: u32 = net.parse::<std::net::Ipv4Addr>().expect("IPv4").into();
    let mask = u32::MAX
        .checked_shl(32 - prefix_len.parse::<u32>().expect("prefix"))
        .unwrap_or(0);
    let in_subnet = |word: &str| {
        let addr = word.split(['/', ':']).next().unwrap_or_default();
        addr.parse::<std::net::Ipv4Addr>()
            .is_ok_and(|a| u32::from(a) & mask == net & mask)
    };
    let cni_ids = format!("\"{}-", env.namespace);
    let mut rules = Vec::new();
    for table in ["nat", "filter"] {
        let out = std::process::Command::new("iptables-save")
            .args(["-t", table])
            .output()
            .expect("iptables-save");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let ours = line.split_whitespace().any(|w| {
                w == bridge || w.trim_matches('"').ends_with(&format!(":{bridge}")) || in_subnet(w)
            }) || line.contains(&cni_ids);
            if line.starts_with("-A ") && ours {
                rules.push(format!("{table} {line}"));
            }
        }
    }
    rules.sort();
    NetFootprint {
        rules,
        veths: veths_on(bridge),
        leases,
        pins,
    }
}

/// Issue 9: nothing leaks across 50 `run --rm -p` cycles, nor across `run -d` + `rm -f`, nor
/// when a detached container exits on its own (its monitor releases the network).
#[test]
fn run_rm_cycles_leave_no_rules_veths_or_leases() {
    let Some((env, img)) = setup("net_leak", &["iptables-save", "ip"]) else {
        return;
    };
    let net = net_name(&env, "leak");
    env.ok(&["network", "create", &net]);
    let bridge = bridge_of(&env, &net);
    let inspect = env.ok(&["network", "inspect", &net]).json();
    let subnet = inspect[0]["IPAM"]["Config"][0]["Subnet"]
        .as_str()
        .expect("network inspect shows the subnet")
        .to_string();
    let run = |extra: &[&str], cmd: &[&str]| {
        let mut args = vec!["run", "--pull", "never", "--network", net.as_str()];
        args.extend_from_slice(extra);
        args.push(img.as_str());
        args.extend_from_slice(cmd);
        env.ok(&args)
    };
    // The first container brings up the bridge and the network's own rules (masquerade,
    // forwarding, isolation), which stay until `network rm`.
    run(&["--rm", "-p", "0:80"], &["true"]);
    let before = net_footprint(&env, &bridge, &subnet);
    assert_eq!(
        (before.veths, before.leases, before.pins),
        (0, 0, 0),
        "{before:?}"
    );
    assert!(
        !before.rules.is_empty(),
        "the network's rules name its bridge"
    );

    for i in 0..50 {
        // TCP on an ephemeral port every time, plus a fixed UDP port now and then.
        let udp = format!("{}:53/udp", free_port());
        let mut extra = vec!["--rm", "-p", "0:80"];
        if i % 10 == 0 {
            extra.extend(["-p", udp.as_str()]);
        }
        run(&extra, &["true"]);
    }
    let after = net_footprint(&env, &bridge, &subnet);
    assert_eq!(before, after, "after 50 run --rm -p cycles");

    // Detached, removed by force while running.
    for _ in 0..3 {
        let id = run(&["-d", "-p", "0:80"], &["sleep", "60"])
            .stdout
            .trim()
            .to_string();
        let during = net_footprint(&env, &bridge, &subnet);
        assert_eq!((during.veths, during.leases), (1, 1), "{during:?}");
        env.ok(&["rm", "-f", &id]);
        assert_eq!(net_footprint(&env, &bridge, &subnet), before, "after rm -f");
    }
    // Detached, exiting on its own: the monitor releases the network (and removes a --rm one).
    let kept = run(&["-d", "-p", "0:80"], &["true"])
        .stdout
        .trim()
        .to_string();
    run(&["-d", "--rm", "-p", "0:80"], &["true"]);
    let released = wait_for(Duration::from_secs(60), || {
        let now = net_footprint(&env, &bridge, &subnet);
        let gone = env.ok(&["ps", "-aq"]).stdout.trim() == &kept[..12];
        (now == before && gone).then_some(())
    });
    assert!(
        released.is_some(),
        "detached containers that exited left {:?} (before {before:?})",
        net_footprint(&env, &bridge, &subnet)
    );
    env.ok(&["rm", &kept]);

    env.ok(&["network", "rm", &net]);
    let gone = net_footprint(&env, &bridge, &subnet);
    assert!(gone.rules.is_empty(), "network rm left {:?}", gone.rules);
}

#[test]
fn bad_network_input_exits_125_and_leaves_nothing() {
    let Some((env, img)) = setup("net_bad_input", &["iptables-save"]) else {
        return;
    };
    let taken = TcpListener::bind("0.0.0.0:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let mapping = format!("{port}:80");
    let cases: Vec<Vec<&str>> = vec![
        vec!["-p", &mapping],
        vec!["-p", "99999:80"],
        vec!["-p", "abc"],
        vec!["-p", "80:80/sctp-nope"],
        vec!["--network", "it-no-such-network"],
        vec!["--ip", "10.99.0.5"],
        vec!["--network-alias", "x"],
    ];
    for flags in &cases {
        for command in ["run", "create"] {
            let mut args = vec![command, "--pull", "never", "--name", "bad"];
            if command == "run" {
                args.push("--rm");
            }
            args.extend(flags.iter().copied());
            args.extend([img.as_str(), "true"]);
            let run = env.run(&args);
            // create does not bind ports: a taken port is only found at start.
            if command == "create" && flags[0] == "-p" && flags[1] == mapping {
                run.success();
                env.ok(&["rm", "bad"]);
                continue;
            }
            run.error_125();
            nothing_left(&env);
        }
    }
    // A taken port at start: start fails, and the created container keeps nothing attached.
    env.ok(&[
        "create", "--pull", "never", "--name", "later", "-p", &mapping, &img, "true",
    ]);
    env.run(&["start", "later"]).error_1();
    env.ok(&["rm", "later"]);
    nothing_left(&env);
    drop(taken);
}
