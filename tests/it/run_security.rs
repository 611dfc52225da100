//! `--privileged`, `--cap-add`/`--cap-drop` and the `--security-opt` keys of issue 10, checked
//! from inside real containers: the kernel's view of the process (`/proc/self/status`), syscalls
//! the default profile blocks, host devices and the `/sys` mount.

use std::collections::HashMap;

use crate::common::TestEnv;

const DOCKER_CAPS: u64 = 0xa80425fb;
const CAP_SYS_ADMIN: u64 = 1 << 21;
const CAP_NET_ADMIN: u64 = 1 << 12;

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

/// `Seccomp`, `NoNewPrivs` and the capability masks of a container's process.
fn status(env: &TestEnv, flags: &[&str], img: &str) -> HashMap<String, String> {
    let mut args = vec!["run", "--rm", "--pull", "never"];
    args.extend_from_slice(flags);
    args.extend_from_slice(&[img, "cat", "/proc/self/status"]);
    env.ok(&args)
        .lines()
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

fn mask(status: &HashMap<String, String>, key: &str) -> u64 {
    let text = status
        .get(key)
        .unwrap_or_else(|| panic!("{key} in {status:?}"));
    u64::from_str_radix(text, 16).unwrap_or_else(|_| panic!("{key}: {text}"))
}

/// The capabilities linnet (and so a privileged container) can have on this host.
fn host_caps() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let bnd = status
        .lines()
        .find_map(|l| l.strip_prefix("CapBnd:"))
        .unwrap()
        .trim();
    let last_cap: u32 = std::fs::read_to_string("/proc/sys/kernel/cap_last_cap")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(40)
        .min(40);
    u64::from_str_radix(bnd, 16).unwrap() & ((1u64 << (last_cap + 1)) - 1)
}

/// Seccomp mode and CapEff for each flag combination, as Docker gives them.
#[test]
fn seccomp_and_capabilities_per_flag() {
    let Some((env, img)) = setup("runsec_caps") else {
        return;
    };
    let cases: Vec<(&[&str], &str, u64)> = vec![
        (&[], "2", DOCKER_CAPS),
        (&["--security-opt", "seccomp=unconfined"], "0", DOCKER_CAPS),
        (
            &["--cap-add", "SYS_ADMIN"],
            "2",
            DOCKER_CAPS | CAP_SYS_ADMIN,
        ),
        (
            &["--cap-add", "cap_sys_admin"],
            "2",
            DOCKER_CAPS | CAP_SYS_ADMIN,
        ),
        (&["--cap-drop", "ALL"], "2", 0),
        (
            &["--cap-drop", "all", "--cap-add", "net_admin"],
            "2",
            CAP_NET_ADMIN,
        ),
        (&["--cap-drop", "CHOWN"], "2", DOCKER_CAPS & !1),
        (&["--privileged"], "0", host_caps()),
        (&["--privileged", "--cap-drop", "ALL"], "0", host_caps()),
    ];
    for (flags, seccomp, caps) in cases {
        let st = status(&env, flags, &img);
        assert_eq!(
            st.get("Seccomp").map(String::as_str),
            Some(seccomp),
            "{flags:?}"
        );
        assert_eq!(mask(&st, "CapEff"), caps, "CapEff with {flags:?}");
        assert_eq!(mask(&st, "CapBnd"), caps, "CapBnd with {flags:?}");
        assert_eq!(
            st.get("NoNewPrivs").map(String::as_str),
            Some("0"),
            "{flags:?}"
        );
    }
}

/// Namespace creation and mounting: refused by the default profile (EPERM), allowed by
/// `--privileged`; `--cap-add SYS_ADMIN` lets the default profile allow them too (Docker's
/// profile adjusts to the added capability).
#[test]
fn blocked_syscalls_work_when_privileged() {
    let Some((env, img)) = setup("runsec_syscalls") else {
        return;
    };
    let run = |flags: &[&str], script: &str| {
        let mut args = vec!["run", "--rm", "--pull", "never", "--network", "none"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[&img, "sh", "-c", script]);
        env.run(&args)
    };
    let mount = "mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted";
    // (busybox mount reports EPERM as "permission denied (are you root?)")
    run(&[], mount).failure().stderr_has("permission denied");
    run(&[], "unshare -n true")
        .failure()
        .stderr_has("Operation not permitted");
    run(&["--privileged"], mount)
        .success()
        .stdout_has("mounted");
    run(&["--privileged"], "unshare -n true && echo unshared")
        .success()
        .stdout_has("unshared");
    run(
        &["--cap-add", "SYS_ADMIN"],
        "unshare -n true && echo unshared",
    )
    .success()
    .stdout_has("unshared");
    // Unconfined seccomp alone is not enough: the capability is still missing.
    run(&["--security-opt", "seccomp=unconfined"], "unshare -n true")
        .failure()
        .stderr_has("Operation not permitted");
}

/// `--privileged` sees the host's devices, a writable `/sys` and unmasked `/proc` paths; a
/// default container sees none of that.
#[test]
fn privileged_sees_host_devices_and_writable_sys() {
    let Some((env, img)) = setup("runsec_privileged") else {
        return;
    };
    let host_device = ["/dev/loop-control", "/dev/fuse", "/dev/kmsg"]
        .into_iter()
        .find(|d| std::path::Path::new(d).exists());
    let script = "grep -E ' /sys (sysfs|cgroup|tmpfs) ' /proc/mounts; \
                  grep -c ' /proc/keys ' /proc/mounts; ls /dev";
    let out = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--privileged",
        &img,
        "sh",
        "-c",
        script,
    ]);
    let text = out.out().to_string();
    assert!(
        text.lines()
            .any(|l| l.contains(" /sys sysfs rw,") || l.starts_with("sysfs /sys sysfs rw")),
        "/sys is writable: {text}"
    );
    assert!(
        text.lines().any(|l| l.trim() == "0"),
        "/proc/keys unmasked: {text}"
    );
    if let Some(device) = host_device {
        let name = device.trim_start_matches("/dev/");
        assert!(text.lines().any(|l| l.trim() == name), "{device} in {text}");
    }

    let out = env.ok(&["run", "--rm", "--pull", "never", &img, "sh", "-c", script]);
    let text = out.out().to_string();
    assert!(
        text.lines().any(|l| l.contains(" /sys sysfs ro,")),
        "/sys read-only by default: {text}"
    );
    assert!(
        text.lines().any(|l| l.trim() == "1"),
        "/proc/keys masked: {text}"
    );
    if let Some(device) = host_device {
        let name = device.trim_start_matches("/dev/");
        assert!(
            !text.lines().any(|l| l.trim() == name),
            "{device} hidden: {text}"
        );
    }

    // inspect reports the flags.
    let id = env
        .ok(&[
            "create",
            "--pull",
            "never",
            "--privileged",
            "--cap-add",
            "sys_admin",
            "--cap-drop",
            "NET_RAW",
            &img,
            "true",
        ])
        .out()
        .to_string();
    let hc = env.ok(&["inspect", &id]).json()[0]["HostConfig"].clone();
    assert_eq!(hc["Privileged"], true);
    assert_eq!(hc["CapAdd"], serde_json::json!(["CAP_SYS_ADMIN"]));
    assert_eq!(hc["CapDrop"], serde_json::json!(["CAP_NET_RAW"]));
    env.ok(&["rm", &id]);
}

/// AppArmor and SELinux options are accepted; on a host without them they only warn.
#[test]
fn apparmor_and_label_are_accepted() {
    let Some((env, img)) = setup("runsec_apparmor") else {
        return;
    };
    let run = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--security-opt",
        "apparmor=unconfined",
        "--security-opt",
        "label=disable",
        &img,
        "echo",
        "ran",
    ]);
    let run = run.stdout_has("ran");
    if !std::path::Path::new("/sys/module/apparmor").exists() {
        run.stderr_has("WARNING: --security-opt apparmor=unconfined ignored");
    }
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--security-opt",
        "label=bogus",
        &img,
        "true",
    ])
    .error_125()
    .stderr_has("invalid --security-opt 2: \"label=bogus\"");
}
