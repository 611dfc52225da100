//! Library integration tests against the real CNI plugins (`/usr/lib/cni`), iptables and
//! network namespaces. They need root, the plugins, iptables, nsenter and busybox; without them
//! they are skipped (recorded in `$LINNET_SKIP_LOG`), or fail under `LINNET_TESTS_REQUIRE=1`.
//!
//! Every test uses its own temporary data root, so its bridge name and subnet are its own;
//! a guard destroys everything the test made, also when it panics. The tests run one at a time
//! (a process-wide mutex) because the leak test counts host-wide iptables rules and veths.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use linnet_network::ports::parse_port_specs;
use linnet_network::{
    AttachRequest, Error, ManagerConfig, NetworkCreate, NetworkManager, NetworkRequest, Timing,
};

static SERIAL: Mutex<()> = Mutex::new(());

fn required() -> bool {
    std::env::var("LINNET_TESTS_REQUIRE").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn skip(test: &str, reason: &str) {
    assert!(
        !required(),
        "{test}: {reason} (LINNET_TESTS_REQUIRE is set, so this is a failure)"
    );
    eprintln!("skipped: {test}: {reason}");
    println!("skipped: {reason}");
    if let Some(log) = std::env::var_os("LINNET_SKIP_LOG") {
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(log)
        {
            let _ = writeln!(f, "linnet-network cni::{test}");
        }
    }
}

fn missing_prerequisite() -> Option<String> {
    if !nix::unistd::geteuid().is_root() {
        return Some("needs root".into());
    }
    for p in ["bridge", "host-local", "portmap", "tuning", "loopback"] {
        if !Path::new("/usr/lib/cni").join(p).is_file() {
            return Some(format!(
                "needs /usr/lib/cni/{p} (containernetworking-plugins)"
            ));
        }
    }
    for tool in ["iptables-save", "nsenter", "busybox", "ip"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Some(format!("needs {tool} on PATH"));
        }
    }
    None
}

/// One test's linnet instance.
struct Env {
    mgr: NetworkManager,
    /// Bridges and subnets of every network the instance has had, for [`host_state`].
    seen: Mutex<Vec<(String, ipnet::Ipv4Net)>>,
    _tmp: tempfile::TempDir,
    _serial: MutexGuard<'static, ()>,
}

impl Env {
    fn new(test: &str) -> Option<Env> {
        let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(reason) = missing_prerequisite() {
            skip(test, &reason);
            return None;
        }
        let tmp = tempfile::Builder::new()
            .prefix("linnet-net-")
            .tempdir()
            .unwrap();
        let mut cfg = ManagerConfig::new(&tmp.path().join("root"), &tmp.path().join("run"), "test");
        cfg.plugin_dirs = vec![PathBuf::from("/usr/lib/cni")];
        let mgr = NetworkManager::new(cfg).unwrap();
        Some(Env {
            mgr,
            seen: Mutex::new(Vec::new()),
            _tmp: tmp,
            _serial: serial,
        })
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Err(e) = self.mgr.destroy() {
            eprintln!("cleanup: {e}");
        }
    }
}

fn on(network: &str) -> Vec<NetworkRequest> {
    vec![NetworkRequest {
        network: network.into(),
        ..Default::default()
    }]
}

fn request(name: &str, network: &str, ports: &[&str]) -> AttachRequest {
    AttachRequest {
        name: name.into(),
        networks: on(network),
        ports: parse_port_specs(ports).unwrap(),
        ..Default::default()
    }
}

/// Runs busybox inside a pinned netns.
fn in_netns(netns: &Path, args: &[&str]) -> std::process::Output {
    Command::new("nsenter")
        .arg(format!("--net={}", netns.display()))
        .arg("busybox")
        .args(args)
        .output()
        .unwrap()
}

/// A busybox server inside a netns, killed when dropped.
struct Server(Child);

impl Server {
    fn start(netns: &Path, args: &[&str]) -> Server {
        let child = Command::new("nsenter")
            .arg(format!("--net={}", netns.display()))
            .arg("busybox")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(addr: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect_timeout(&addr.parse().unwrap(), Duration::from_secs(3))?;
    s.set_read_timeout(Some(Duration::from_secs(3)))?;
    s.write_all(b"GET /index.html HTTP/1.0\r\nHost: x\r\n\r\n")?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

/// Retries while the server in the netns starts.
fn http_get_retry(addr: &str) -> std::io::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match http_get(addr) {
            Ok(body) if body.contains("hello from linnet") => return Ok(body),
            other if Instant::now() > deadline => return other,
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

fn host_address() -> Ipv4Addr {
    let out = Command::new("ip")
        .args(["-4", "-o", "addr", "show", "scope", "global"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let cidr = text
        .split_whitespace()
        .skip_while(|w| *w != "inet")
        .nth(1)
        .expect("a global IPv4 address on the host");
    cidr.split('/').next().unwrap().parse().unwrap()
}

/// Counts that must not change across attach/detach cycles: only what this test's instance can
/// have made (rules that name its bridges, its subnets' addresses or its CNI ids; veths on its
/// bridges), so that other tests on the machine cannot move them.
#[derive(Debug, PartialEq, Eq)]
struct HostState {
    iptables_lines: usize,
    veths: usize,
    leases: usize,
    netns_pins: usize,
    cni_rules_for_test: usize,
}

fn host_state(env: &Env) -> HostState {
    // Every network this instance has had (a removed one's rules must be gone too).
    let nets = {
        let mut seen = env.seen.lock().unwrap_or_else(|e| e.into_inner());
        for n in env.mgr.store().list().unwrap() {
            let entry = (n.meta().bridge.clone(), n.meta().subnet);
            if !seen.contains(&entry) {
                seen.push(entry);
            }
        }
        seen.clone()
    };
    let mentions_ours = |line: &str| {
        line.split_whitespace().any(|w| {
            let w = w.trim_matches('"');
            let addr = w.split(['/', ':']).next().unwrap_or_default();
            nets.iter().any(|(bridge, subnet)| {
                w == bridge
                    || w.strip_prefix("linnet:") == Some(bridge.as_str())
                    || addr.parse::<Ipv4Addr>().is_ok_and(|a| subnet.contains(&a))
            })
        }) || line.contains("\"test-")
    };
    let out = Command::new("iptables-save").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let veths = nets
        .iter()
        .map(|(bridge, _)| {
            let links = Command::new("ip")
                .args(["-o", "link", "show", "master", bridge])
                .output()
                .unwrap();
            String::from_utf8_lossy(&links.stdout).lines().count()
        })
        .sum();
    let ipam = env._tmp.path().join("run/network/ipam");
    let mut leases = 0;
    if let Ok(rd) = std::fs::read_dir(&ipam) {
        for net in rd.flatten() {
            if let Ok(files) = std::fs::read_dir(net.path()) {
                leases += files
                    .flatten()
                    .filter(|f| f.file_name().to_string_lossy().parse::<Ipv4Addr>().is_ok())
                    .count();
            }
        }
    }
    let netns_pins = std::fs::read_dir(env._tmp.path().join("run/netns"))
        .map(|rd| rd.count())
        .unwrap_or(0);
    HostState {
        iptables_lines: text
            .lines()
            .filter(|l| l.starts_with("-A ") && mentions_ours(l))
            .count(),
        veths,
        leases,
        netns_pins,
        cni_rules_for_test: text.lines().filter(|l| l.contains("test-")).count(),
    }
}

#[test]
fn two_netns_on_a_user_network_reach_each_other_by_name() {
    let Some(env) = Env::new("two_netns_on_a_user_network_reach_each_other_by_name") else {
        return;
    };
    let net = env
        .mgr
        .store()
        .create(&NetworkCreate {
            name: "it-user".into(),
            ..Default::default()
        })
        .unwrap();
    let a = env
        .mgr
        .attach("aaaaaaaaaaaa1", &request("web", "it-user", &[]))
        .unwrap();
    let mut req = request("client", "it-user", &[]);
    req.networks[0].aliases = vec!["cli".into()];
    let b = env.mgr.attach("bbbbbbbbbbbb2", &req).unwrap();
    assert_ne!(a.ips(), b.ips());
    assert!(net.meta().subnet.contains(&a.ips()[0]));

    // Both hosts files name the other member (a's file was rewritten when b joined).
    let hosts_a = std::fs::read_to_string(&a.hosts_path).unwrap();
    let hosts_b = std::fs::read_to_string(&b.hosts_path).unwrap();
    assert!(
        hosts_a.contains(&format!(
            "{}\tbbbbbbbbbbbb client cli client.it-user",
            b.ips()[0]
        )),
        "{hosts_a}"
    );
    assert!(
        hosts_b.contains(&format!("{}\taaaaaaaaaaaa web web.it-user", a.ips()[0])),
        "{hosts_b}"
    );
    assert_eq!(
        std::fs::read_to_string(&a.hostname_path).unwrap(),
        "aaaaaaaaaaaa\n"
    );

    // ICMP and TCP between the namespaces.
    let ping = in_netns(
        &b.netns_path,
        &["ping", "-c", "1", "-W", "3", &a.ips()[0].to_string()],
    );
    assert!(
        ping.status.success(),
        "{}",
        String::from_utf8_lossy(&ping.stdout)
    );
    let _srv = Server::start(
        &a.netns_path,
        &["nc", "-l", "-p", "7000", "-e", "echo", "pong"],
    );
    let mut got = String::new();
    for _ in 0..30 {
        let out = in_netns(
            &b.netns_path,
            &["nc", "-w", "2", &a.ips()[0].to_string(), "7000"],
        );
        got = String::from_utf8_lossy(&out.stdout).into_owned();
        if got.contains("pong") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(got.contains("pong"), "nc got {got:?}");

    // The network is in use; removing it fails until both containers leave.
    let err = env.mgr.remove_network("it-user").unwrap_err();
    assert!(matches!(err, Error::NetworkInUse { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "network it-user has active endpoints (web, client)"
    );
    env.mgr.check("aaaaaaaaaaaa1").unwrap();
    env.mgr.detach("bbbbbbbbbbbb2").unwrap();
    let hosts_a = std::fs::read_to_string(&a.hosts_path).unwrap();
    assert!(!hosts_a.contains("client"), "{hosts_a}");
    env.mgr.detach("aaaaaaaaaaaa1").unwrap();
    // Detach is idempotent.
    env.mgr.detach("aaaaaaaaaaaa1").unwrap();
    let bridge = net.meta().bridge.clone();
    assert!(Path::new("/sys/class/net").join(&bridge).exists());
    env.mgr.remove_network("it-user").unwrap();
    assert!(!Path::new("/sys/class/net").join(&bridge).exists());
}

#[test]
fn published_port_reaches_a_server_from_the_host() {
    let Some(env) = Env::new("published_port_reaches_a_server_from_the_host") else {
        return;
    };
    let a = env
        .mgr
        .attach(
            "cccccccccccc3",
            &request("srv", "bridge", &["80", "127.0.0.1::81"]),
        )
        .unwrap();
    assert_eq!(a.ports.len(), 2);
    let (hp_all, hp_local) = (a.ports[0].host_port, a.ports[1].host_port);
    let (lo, hi) =
        linnet_network::ports::ephemeral_range(Path::new("/proc/sys/net/ipv4/ip_local_port_range"));
    assert!((lo..=hi).contains(&hp_all) && (lo..=hi).contains(&hp_local));

    let www = env._tmp.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("index.html"), "hello from linnet\n").unwrap();
    let www = www.display().to_string();
    let _s80 = Server::start(&a.netns_path, &["httpd", "-f", "-p", "80", "-h", &www]);
    let _s81 = Server::start(&a.netns_path, &["httpd", "-f", "-p", "81", "-h", &www]);

    let host = host_address();
    http_get_retry(&format!("127.0.0.1:{hp_all}")).expect("127.0.0.1 reaches the published port");
    http_get_retry(&format!("{host}:{hp_all}"))
        .expect("the host's address reaches the published port");
    http_get_retry(&format!("127.0.0.1:{hp_local}")).expect("127.0.0.1 mapping works");
    // A mapping published on 127.0.0.1 is not reachable on the host's other addresses.
    assert!(http_get(&format!("{host}:{hp_local}")).is_err());
    // Hairpin: the container reaches itself through the host's address.
    // (busybox-static's wget crashes in its resolver; nc speaks the request instead.)
    let request =
        format!("printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 {host} {hp_all}");
    let out = in_netns(&a.netns_path, &["sh", "-c", &request]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("hello from linnet"),
        "hairpin: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );

    // The holder keeps the ports: the host cannot bind them while the container is attached.
    assert!(TcpListener::bind(("0.0.0.0", hp_all)).is_err());
    env.mgr.detach("cccccccccccc3").unwrap();
    assert!(http_get(&format!("127.0.0.1:{hp_all}")).is_err());
    TcpListener::bind(("0.0.0.0", hp_all)).expect("the port is free after detach");
}

#[test]
fn fifty_cycles_with_ports_leak_nothing() {
    let Some(env) = Env::new("fifty_cycles_with_ports_leak_nothing") else {
        return;
    };
    let ports = ["80", "127.0.0.1::53/udp"];
    // One warm-up cycle: the plugins create their persistent top-level chains and the bridge.
    env.mgr
        .attach("warmup", &request("w", "bridge", &ports))
        .unwrap();
    env.mgr.detach("warmup").unwrap();
    let before = host_state(&env);
    assert_eq!(before.leases, 0);
    assert_eq!(before.netns_pins, 0);
    assert_eq!(
        before.cni_rules_for_test, 0,
        "no rule names a test container"
    );
    let mut times = Vec::new();
    for i in 0..50 {
        let id = format!("cycle{i}");
        let start = Instant::now();
        let a = env
            .mgr
            .attach(&id, &request(&id, "bridge", &ports))
            .unwrap();
        assert_eq!(a.ports.len(), 2);
        if i == 0 {
            let during = host_state(&env);
            assert_eq!(during.leases, 1);
            assert!(
                during.cni_rules_for_test > 0,
                "portmap rules exist while attached"
            );
            assert!(during.iptables_lines > before.iptables_lines);
        }
        env.mgr.detach(&id).unwrap();
        times.push(start.elapsed());
    }
    let after = host_state(&env);
    assert_eq!(before, after, "attach/detach cycles left state behind");
    times.sort();
    eprintln!(
        "attach+detach with 2 ports on the default bridge: median {:?}, max {:?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

#[test]
fn bad_input_fails_cleanly() {
    let Some(env) = Env::new("bad_input_fails_cleanly") else {
        return;
    };
    env.mgr
        .attach("warm", &request("w", "bridge", &["80"]))
        .unwrap();
    env.mgr.detach("warm").unwrap();
    let before = host_state(&env);

    // A taken host port.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let spec = format!("127.0.0.1:{port}:80");
    let err = env
        .mgr
        .attach("taken", &request("t", "bridge", &[&spec]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("Bind for 127.0.0.1:{port} failed: port is already allocated")
    );
    assert_eq!(host_state(&env), before);

    // Another container's port is taken too (the holder keeps it).
    let a = env
        .mgr
        .attach("first", &request("f", "bridge", &["0.0.0.0::80"]))
        .unwrap();
    let hp = a.ports[0].host_port;
    let err = env
        .mgr
        .attach("second", &request("s", "bridge", &[&format!("{hp}:80")]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("Bind for 0.0.0.0:{hp} failed: port is already allocated")
    );
    env.mgr.detach("first").unwrap();
    assert_eq!(host_state(&env), before);

    // An overlapping subnet: nothing is created.
    let default_subnet = env.mgr.store().default_network().unwrap().meta().subnet;
    let err = env
        .mgr
        .store()
        .create(&NetworkCreate {
            name: "overlap".into(),
            subnet: Some(default_subnet.to_string()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Pool overlaps with other one on this address space"),
        "{err}"
    );
    assert!(env.mgr.store().get("overlap").is_err());

    // IPv6 host addresses cannot be published (the networks are IPv4-only).
    let err = env
        .mgr
        .attach("v6", &request("v6", "bridge", &["[::1]:8080:80"]))
        .unwrap_err();
    assert!(matches!(err, Error::Ipv6Publish(_)), "{err}");
    assert_eq!(host_state(&env), before);

    // An invalid -p is refused by the parser.
    let err = parse_port_specs(&["8080-8081:80-82"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid ranges specified for container and host Ports: 80-82 and 8080-8081"
    );

    // A failing ADD in the middle of the chain (the address is taken) is rolled back: the
    // bridge plugin had already made the veth.
    env.mgr
        .store()
        .create(&NetworkCreate {
            name: "fixed".into(),
            subnet: Some("10.4.250.0/24".into()),
            ..Default::default()
        })
        .unwrap();
    let mut req = request("x", "fixed", &["80"]);
    req.networks[0].ip = Some("10.4.250.10".into());
    let x = env.mgr.attach("x", &req).unwrap();
    assert_eq!(x.ips(), vec![Ipv4Addr::new(10, 4, 250, 10)]);
    let during = host_state(&env);
    let err = env.mgr.attach("y", &req).unwrap_err();
    assert!(
        matches!(err, Error::Plugin { .. } | Error::PortAllocated { .. }),
        "{err}"
    );
    let mut req2 = request("y", "fixed", &[]);
    req2.networks[0].ip = Some("10.4.250.10".into());
    let err = env.mgr.attach("y", &req2).unwrap_err();
    assert!(matches!(err, Error::Plugin { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("CNI plugin bridge ADD on network fixed failed"),
        "{msg}"
    );
    let source = std::error::Error::source(&err).unwrap().to_string();
    assert!(source.contains("10.4.250.10"), "{source}");
    assert!(!source.contains('\n'));
    assert_eq!(
        host_state(&env),
        during,
        "the failed attach left state behind"
    );
    // Docker's rules on --ip and aliases.
    let mut req3 = request("z", "bridge", &[]);
    req3.networks[0].ip = Some("10.4.0.9".into());
    assert_eq!(
        env.mgr.attach("z", &req3).unwrap_err().to_string(),
        "user specified IP address is supported on user defined networks only"
    );
    req3.networks[0].ip = Some("1.2.3".into());
    assert_eq!(
        env.mgr.attach("z", &req3).unwrap_err().to_string(),
        "invalid IPv4 address: 1.2.3"
    );
    let mut req4 = request("z", "bridge", &[]);
    req4.networks[0].aliases = vec!["a".into()];
    assert_eq!(
        env.mgr.attach("z", &req4).unwrap_err().to_string(),
        "network-scoped aliases are only supported for user-defined networks"
    );
    assert_eq!(
        env.mgr
            .attach("z", &request("z", "nonexistent", &[]))
            .unwrap_err()
            .to_string(),
        "network nonexistent not found"
    );
    env.mgr.detach("x").unwrap();
    // network rm also removes the network's masquerade, forwarding and isolation rules.
    env.mgr.remove_network("fixed").unwrap();
    assert_eq!(host_state(&env), before);
}

#[test]
fn reclaim_cleans_up_after_a_crash() {
    let Some(env) = Env::new("reclaim_cleans_up_after_a_crash") else {
        return;
    };
    env.mgr
        .attach("warm", &request("w", "bridge", &["80"]))
        .unwrap();
    env.mgr.detach("warm").unwrap();
    let before = host_state(&env);
    let live = env
        .mgr
        .attach("alive", &request("alive", "bridge", &[]))
        .unwrap();
    let dead = env
        .mgr
        .attach("dead", &request("dead", "bridge", &["0.0.0.0::80"]))
        .unwrap();
    let hp = dead.ports[0].host_port;
    // linnet "crashed": nothing detached "dead". reclaim with the live set cleans it up.
    let reclaimed = env
        .mgr
        .reclaim(&HashSet::from(["alive".to_string()]))
        .unwrap();
    assert_eq!(reclaimed, vec!["dead".to_string()]);
    assert!(env.mgr.attachment("dead").unwrap().is_none());
    assert!(env.mgr.attachment("alive").unwrap().is_some());
    assert!(!dead.netns_path.exists());
    assert!(live.netns_path.exists());
    TcpListener::bind(("0.0.0.0", hp)).expect("the dead container's port is free again");

    // A crash that also lost the result cache and the attachment record: the DELs run without
    // prevResult and portMappings (Debian's portmap then deletes nothing), the
    // sweep removes their rules, and the orphaned port holder exits once its netns is gone.
    let lost = env
        .mgr
        .attach("lost", &request("lost", "bridge", &["0.0.0.0::80"]))
        .unwrap();
    let hp = lost.ports[0].host_port;
    let run = env._tmp.path().join("run/network");
    for entry in std::fs::read_dir(run.join("results")).unwrap().flatten() {
        if entry.file_name().to_string_lossy().contains("test-lost") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    std::fs::remove_file(run.join("containers/test-lost/attachment.json")).unwrap();
    assert!(host_state(&env).cni_rules_for_test > 0);
    let reclaimed = env
        .mgr
        .reclaim(&HashSet::from(["alive".to_string()]))
        .unwrap();
    assert_eq!(reclaimed, vec!["lost".to_string()]);
    let deadline =
        Instant::now() + Duration::from_secs(3 * linnet_network::holder::POLL_SECONDS as u64);
    while TcpListener::bind(("0.0.0.0", hp)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the orphaned holder still holds {hp}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // The same id attached again after a crash: the leftovers are torn down first.
    env.mgr
        .attach("again", &request("again", "bridge", &[]))
        .unwrap();
    let run = env._tmp.path().join("run/network");
    std::fs::remove_file(run.join("containers/test-again/attachment.json")).unwrap();
    let second = env
        .mgr
        .attach("again", &request("again", "bridge", &[]))
        .unwrap();
    assert_eq!(
        host_state(&env).leases,
        2,
        "alive and the second attach of again"
    );
    env.mgr.detach("again").unwrap();
    assert!(!second.netns_path.exists());

    env.mgr.detach("alive").unwrap();
    assert_eq!(host_state(&env), before);
}

#[test]
fn files_follow_the_request() {
    let Some(env) = Env::new("files_follow_the_request") else {
        return;
    };
    let gw = env.mgr.store().default_network().unwrap().meta().gateway;
    let req = AttachRequest {
        name: "f".into(),
        hostname: Some("myhost".into()),
        domainname: Some("example.org".into()),
        networks: on("bridge"),
        extra_hosts: vec!["foo:1.2.3.4".into(), "gw:host-gateway".into()],
        dns: linnet_network::files::DnsOptions {
            servers: vec!["9.9.9.9".into()],
            search: vec!["example.com".into()],
            options: vec!["ndots:2".into()],
        },
        ..Default::default()
    };
    let a = env.mgr.attach("filesid", &req).unwrap();
    let hosts = std::fs::read_to_string(&a.hosts_path).unwrap();
    assert!(hosts.starts_with("127.0.0.1\tlocalhost\n"));
    assert!(
        hosts.contains(&format!(
            "1.2.3.4\tfoo\n{gw}\tgw\n{}\tmyhost.example.org myhost\n",
            a.ips()[0]
        )),
        "{hosts}"
    );
    let resolv = std::fs::read_to_string(&a.resolv_conf_path).unwrap();
    assert!(
        resolv.contains("\nnameserver 9.9.9.9\nsearch example.com\noptions ndots:2\n"),
        "{resolv}"
    );
    assert_eq!(
        std::fs::read_to_string(&a.hostname_path).unwrap(),
        "myhost\n"
    );
    let s =
        serde_json::to_value(linnet_network::settings::network_settings(Some(&a), &[])).unwrap();
    assert_eq!(s["IPAddress"], a.ips()[0].to_string());
    assert_eq!(s["Gateway"], gw.to_string());
    assert_eq!(s["Networks"]["bridge"]["IPAddress"], a.ips()[0].to_string());
    assert_eq!(s["MacAddress"], a.endpoints[0].mac);
    assert_eq!(s["IPPrefixLen"], 24);
    env.mgr.detach("filesid").unwrap();
    assert!(!a.hosts_path.exists());
}

#[test]
fn attach_detach_time() {
    let Some(env) = Env::new("attach_detach_time") else {
        return;
    };
    for (what, ports) in [
        ("no ports", vec![]),
        ("-p 80", parse_port_specs(&["80"]).unwrap()),
    ] {
        let samples = env.mgr.measure_attach_detach("bridge", &ports, 21).unwrap();
        let m = Timing::medians(&samples);
        eprintln!(
            "attach+detach on the default bridge, {what}: median attach {:?}, detach {:?}, total {:?} (21 cycles)",
            m.attach,
            m.detach,
            m.total()
        );
        println!(
            "BENCH {what}: attach_ms={} detach_ms={}",
            m.attach.as_millis(),
            m.detach.as_millis()
        );
        assert!(m.total() < Duration::from_secs(2), "{what}: {m:?}");
    }
}
