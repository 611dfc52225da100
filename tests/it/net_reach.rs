//! Issue 9, reachability of published ports: from the host at 127.0.0.1 and at the host's own
//! non-loopback address, from another container on the same network (through the host address,
//! and directly at the container's address and name), from the publishing container itself
//! (hairpin), and again after quick stop/start cycles (the detached exit monitor releasing the
//! old attachment must not take the new one with it).
//!
//! HTTP from inside containers is spoken with busybox `nc`: the static busybox `wget` of the test
//! image dies with SIGSEGV in a container (its NSS lookups), which would test busybox, not linnet.

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use crate::common::{wait_for, TestEnv};

const BODY: &str = "hello from linnet";
const HTTPD: &str =
    "mkdir -p /www && echo hello from linnet > /www/index.html && exec httpd -f -p 80 -h /www";

fn free_port() -> u16 {
    let l = TcpListener::bind("0.0.0.0:0").expect("bind");
    l.local_addr().expect("addr").port()
}

fn curl(url: &str) -> Option<String> {
    let out = Command::new("curl")
        .args(["-fsS", "--max-time", "3", url])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The host's own non-loopback IPv4 address: the source of the default route, else the first
/// global address of an interface that is not a container bridge.
fn host_address() -> String {
    let route = Command::new("ip")
        .args(["-4", "route", "get", "1.1.1.1"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let words: Vec<&str> = route.split_whitespace().collect();
    if let Some(w) = words.windows(2).find(|w| w[0] == "src") {
        return w[1].to_string();
    }
    let addrs = Command::new("ip")
        .args(["-4", "-o", "addr", "show", "scope", "global"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    for line in addrs.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let dev = w.get(1).copied().unwrap_or_default();
        let bridge = ["ln", "cni", "docker", "br-", "veth"]
            .iter()
            .any(|p| dev.starts_with(p));
        if let (false, Some(i)) = (bridge, w.iter().position(|x| *x == "inet")) {
            if let Some(cidr) = w.get(i + 1) {
                return cidr.split('/').next().unwrap_or_default().to_string();
            }
        }
    }
    panic!("no non-loopback IPv4 address on this host\n{route}\n{addrs}");
}

/// A shell line that fetches `http://HOST:PORT/` with busybox nc and prints the response.
fn nc_get(host: &str, port: u16) -> String {
    format!("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 {host} {port}")
}

/// Fetches from inside `container` (exec), retrying while the server or the rules settle.
fn fetch_in(env: &TestEnv, container: &str, host: &str, port: u16) -> Option<String> {
    let cmd = nc_get(host, port);
    wait_for(Duration::from_secs(15), || {
        let run = env.run(&["exec", container, "sh", "-c", &cmd]);
        run.stdout.contains(BODY).then_some(run.stdout)
    })
}

fn ip_of(env: &TestEnv, container: &str, net: &str) -> String {
    let out = env.ok(&[
        "inspect",
        "-f",
        "{{json .NetworkSettings.Networks}}",
        container,
    ]);
    let ip = out.json()[net]["IPAddress"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if ip.parse::<std::net::Ipv4Addr>().is_err() {
        out.fail(&format!("no address on {net}"));
    }
    ip
}

#[test]
fn published_port_answers_host_loopback_host_address_and_containers() {
    let Some(env) = TestEnv::new("net_reach", &["curl", "ip"]) else {
        return;
    };
    let img = env.busybox();
    let net = format!("{}-reach-{}", env.namespace, std::process::id());
    env.ok(&["network", "create", &net]);
    let host_ip = host_address();
    let (port, local_port) = (free_port(), free_port());
    let all = format!("{port}:80");
    let local = format!("127.0.0.1:{local_port}:80");
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
        &all,
        "-p",
        &local,
        &img,
        "sh",
        "-c",
        HTTPD,
    ]);
    let loopback = format!("http://127.0.0.1:{port}/");
    let body = wait_for(Duration::from_secs(15), || curl(&loopback));
    assert_eq!(
        body.as_deref(),
        Some("hello from linnet\n"),
        "curl {loopback}"
    );
    let external = format!("http://{host_ip}:{port}/");
    assert_eq!(
        curl(&external).as_deref(),
        Some("hello from linnet\n"),
        "curl {external} (the host's own address)"
    );
    // A mapping published on 127.0.0.1 answers there and nowhere else.
    let local_url = format!("http://127.0.0.1:{local_port}/");
    assert!(curl(&local_url).is_some(), "curl {local_url}");
    let local_ext = format!("http://{host_ip}:{local_port}/");
    assert_eq!(curl(&local_ext), None, "{local_ext} answers");

    // Another container on the same network: through the host, directly, and by name.
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "client",
        "--network",
        &net,
        &img,
        "sleep",
        "300",
    ]);
    let web_ip = ip_of(&env, "web", &net);
    for (host, p, what) in [
        (host_ip.as_str(), port, "the host address"),
        (web_ip.as_str(), 80, "the container address"),
        ("web", 80, "the container name"),
    ] {
        assert!(
            fetch_in(&env, "client", host, p).is_some(),
            "client cannot reach web through {what} ({host}:{p})"
        );
    }
    // Hairpin: the publishing container reaches itself through the host's published port.
    assert!(
        fetch_in(&env, "web", &host_ip, port).is_some(),
        "web cannot reach itself at {host_ip}:{port}"
    );
    // A container on the default bridge reaches the published port through the host address.
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "other", &img, "sleep", "300",
    ]);
    assert!(
        fetch_in(&env, "other", &host_ip, port).is_some(),
        "a container on the default bridge cannot reach {host_ip}:{port}"
    );

    env.ok(&["rm", "-f", "web", "client", "other"]);
    assert_eq!(curl(&loopback), None, "port still answers after rm");
    env.ok(&["network", "rm", &net]);
}

#[test]
fn quick_stop_start_cycles_keep_the_published_port() {
    let Some(env) = TestEnv::new("net_restart_loop", &["curl"]) else {
        return;
    };
    let img = env.busybox();
    let port = free_port();
    let mapping = format!("{port}:80");
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "loop", "-p", &mapping, &img, "sh", "-c", HTTPD,
    ]);
    let url = format!("http://127.0.0.1:{port}/");
    assert!(
        wait_for(Duration::from_secs(15), || curl(&url)).is_some(),
        "no answer before the cycles"
    );
    for round in 1..=10 {
        env.ok(&["stop", "-t", "1", "loop"]);
        env.ok(&["start", "loop"]);
        // The exit monitor of the stopped task may still be releasing its network now; the new
        // attachment must survive it.
        let body = wait_for(Duration::from_secs(15), || curl(&url));
        assert_eq!(
            body.as_deref(),
            Some("hello from linnet\n"),
            "round {round}: {url} does not answer after start"
        );
        let ports = env.ok(&["port", "loop", "80"]);
        assert!(
            ports.stdout.contains(&format!(":{port}")),
            "round {round}: port mapping lost\n{ports}"
        );
    }
    // Once more after a pause: a late release would have struck by now.
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        curl(&url).is_some(),
        "{url} stopped answering after the cycles"
    );
    env.ok(&["rm", "-f", "loop"]);
    assert_eq!(curl(&url), None, "port still answers after rm");
}
