//! `rename` of a container on a user network: its peers resolve the new name and no longer the
//! old one, as with Docker's embedded DNS; its own hostname stays, as in Docker.

use crate::common::TestEnv;

fn net_name(env: &TestEnv) -> String {
    format!("{}-rn-{}", env.namespace, std::process::id())
}

#[test]
fn rename_updates_name_resolution_on_user_networks() {
    let Some(env) = TestEnv::new("rename_net", &[]) else {
        return;
    };
    let img = env.busybox();
    let net = net_name(&env);
    env.ok(&["network", "create", &net]);
    let run_d = |name: &str| {
        env.ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--name",
            name,
            "--network",
            &net,
            &img,
            "sleep",
            "300",
        ])
    };
    let id = run_d("rn-a").stdout.trim().to_string();
    run_d("rn-peer");
    let ping = |target: &str| env.run(&["exec", "rn-peer", "ping", "-c", "1", "-W", "3", target]);
    ping("rn-a").success();
    env.ok(&["rename", "rn-a", "rn-b"]);
    // A member that was already running sees the change.
    ping("rn-b").success();
    ping("rn-a").failure();
    let hosts = env.ok(&["exec", "rn-peer", "cat", "/etc/hosts"]).stdout;
    assert!(hosts.contains(&format!(" rn-b.{net}")), "{hosts}");
    assert!(!hosts.contains("rn-a"), "{hosts}");
    // A new member too.
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
        "rn-b",
    ]);
    // The renamed container keeps its hostname (Docker does not change it).
    let hostname = env.ok(&["exec", "rn-b", "hostname"]).stdout;
    assert_eq!(hostname.trim(), &id[..12]);
    // And keeps the new name across a restart.
    env.ok(&["restart", "-t", "1", "rn-b"]);
    ping("rn-b").success();
    ping("rn-a").failure();
    env.ok(&["rm", "-f", "rn-b", "rn-peer"]);
    env.ok(&["network", "rm", &net]);
}
