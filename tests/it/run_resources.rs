//! Resource flags of issue 10 against real containerd/runc: the limits as the container's own
//! cgroup files show them (cgroup v1 names, with the v2 names as fallback), the kernel enforcing
//! them (OOM kill, fork failures), rlimits, `/dev/shm`, `--device`, `inspect`'s `HostConfig`,
//! `linnet update`, and bad values refused with nothing created.

use std::collections::HashMap;

use crate::common::TestEnv;

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

/// Prints `key=value` for the container's own cgroup limits, whichever hierarchy is mounted
/// (runc shows a container its own cgroup at `/sys/fs/cgroup[/controller]`).
const CGROUP_SCRIPT: &str = r#"
show() { [ -r "$2" ] && echo "$1=$(cat "$2")"; }
show memory /sys/fs/cgroup/memory/memory.limit_in_bytes
show memory /sys/fs/cgroup/memory.max
show memsw /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes
show swap /sys/fs/cgroup/memory.swap.max
show reservation /sys/fs/cgroup/memory/memory.soft_limit_in_bytes
show reservation /sys/fs/cgroup/memory.low
show quota /sys/fs/cgroup/cpu/cpu.cfs_quota_us
show period /sys/fs/cgroup/cpu/cpu.cfs_period_us
show cpumax /sys/fs/cgroup/cpu.max
show shares /sys/fs/cgroup/cpu/cpu.shares
show swappiness /sys/fs/cgroup/memory/memory.swappiness
show pids /sys/fs/cgroup/pids/pids.max
show pids /sys/fs/cgroup/pids.max
show cpuset /sys/fs/cgroup/cpuset/cpuset.cpus
show cpuset /sys/fs/cgroup/cpuset.cpus
true
"#;

fn parse_values(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// (quota, period) from either v1's two files or v2's `cpu.max`.
fn cpu_quota(values: &HashMap<String, String>) -> (String, String) {
    match values.get("cpumax") {
        Some(max) => {
            let mut parts = max.split_whitespace();
            let quota = parts.next().unwrap_or_default().to_string();
            let period = parts.next().unwrap_or_default().to_string();
            (quota, period)
        }
        None => (values["quota"].clone(), values["period"].clone()),
    }
}

fn v1(values: &HashMap<String, String>) -> bool {
    values.contains_key("memsw") || values.contains_key("quota")
}

#[track_caller]
fn assert_value(values: &HashMap<String, String>, key: &str, expected: &str) {
    assert_eq!(
        values.get(key).map(String::as_str),
        Some(expected),
        "{key} in {values:?}"
    );
}

/// The limits land in the container's cgroup with Docker's values (v1 observed with Docker 20.10
/// on this kind of host: memsw = 2 × memory when only `-m` is given).
#[test]
fn limits_reach_the_cgroup() {
    let Some((env, img)) = setup("runres_cgroup") else {
        return;
    };
    let out = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-m",
        "10m",
        "--memory-reservation",
        "8m",
        "--cpus",
        "0.5",
        "--cpu-shares",
        "512",
        "--pids-limit",
        "50",
        "--cpuset-cpus",
        "0",
        "--memory-swappiness",
        "10",
        &img,
        "sh",
        "-c",
        CGROUP_SCRIPT,
    ]);
    let values = parse_values(out.out());
    assert_value(&values, "memory", "10485760");
    assert_value(&values, "reservation", "8388608");
    assert_value(&values, "pids", "50");
    assert_value(&values, "cpuset", "0");
    assert_eq!(cpu_quota(&values), ("50000".into(), "100000".into()));
    if v1(&values) {
        assert_value(&values, "memsw", "20971520");
        assert_value(&values, "shares", "512");
        assert_value(&values, "swappiness", "10");
    } else {
        // v2: swap.max is swap alone (memsw - memory).
        assert_value(&values, "swap", "10485760");
    }

    // --cpu-quota/--cpu-period, unlimited swap and pids.
    let out = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-m",
        "10m",
        "--memory-swap",
        "-1",
        "--cpu-quota",
        "20000",
        "--cpu-period",
        "50000",
        "--pids-limit",
        "-1",
        &img,
        "sh",
        "-c",
        CGROUP_SCRIPT,
    ]);
    let values = parse_values(out.out());
    assert_eq!(cpu_quota(&values), ("20000".into(), "50000".into()));
    assert_value(&values, "pids", "max");
    if v1(&values) {
        assert_value(&values, "memsw", "9223372036854771712");
    } else {
        assert_value(&values, "swap", "max");
    }
}

/// The kernel enforces the memory limit: allocating past it is an OOM kill, exit 137. And the
/// pids limit makes fork fail.
#[test]
fn memory_and_pids_limits_are_enforced() {
    let Some((env, img)) = setup("runres_enforced") else {
        return;
    };
    // dd allocates its 64 MiB block and touches it while reading.
    let dd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"];
    let mut args = vec![
        "run",
        "--name",
        "runres-oom",
        "--pull",
        "never",
        "-m",
        "10m",
        &img,
    ];
    args.extend_from_slice(&dd);
    env.run(&args).code(137);
    let state = env.ok(&["inspect", "runres-oom"]).json()[0]["State"].clone();
    assert_eq!(state["OOMKilled"], true, "{state}");
    assert_eq!(state["ExitCode"], 137, "{state}");
    // A SIGKILL that is not the OOM killer's: 137 as well, but not OOMKilled.
    let kill = "sleep 100 & kill -9 $!; wait $!; exit $?";
    env.run(&[
        "run",
        "--name",
        "runres-kill",
        "--pull",
        "never",
        "-m",
        "10m",
        &img,
        "sh",
        "-c",
        kill,
    ])
    .code(137);
    let state = env.ok(&["inspect", "runres-kill"]).json()[0]["State"].clone();
    assert_eq!(state["OOMKilled"], false, "{state}");
    env.ok(&["rm", "runres-oom", "runres-kill"]);
    // Without the limit the same allocation succeeds (the 137 above is the limit's doing).
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "dd",
        "if=/dev/zero",
        "of=/dev/null",
        "bs=64M",
        "count=1",
    ]);
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--pids-limit",
        "10",
        &img,
        "sh",
        "-c",
        "for i in $(seq 1 20); do sleep 2 & done; wait; echo all-forked",
    ])
    .failure()
    .stderr_has("can't fork")
    .stdout_lacks("all-forked");
}

/// `--ulimit`, `--shm-size`, `--device` and `--group-add` inside the container.
#[test]
fn ulimits_shm_devices_groups() {
    let Some((env, img)) = setup("runres_misc") else {
        return;
    };
    let out = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--ulimit",
        "nofile=100:200",
        "--ulimit",
        "nproc=50",
        "--shm-size",
        "1m",
        "--group-add",
        "1234",
        "--group-add",
        "77",
        &img,
        "sh",
        "-c",
        "ulimit -n; ulimit -Hn; ulimit -u; df -k /dev/shm | tail -1; id -G",
    ]);
    let lines = out.lines();
    assert_eq!(&lines[..3], &["100", "200", "50"], "{lines:?}");
    let df: Vec<&str> = lines[3].split_whitespace().collect();
    assert_eq!(df[1], "1024", "/dev/shm size in KiB: {lines:?}");
    let groups: Vec<&str> = lines[4].split_whitespace().collect();
    assert!(groups.contains(&"1234"), "{lines:?}");
    // (group names are resolved in the image's /etc/group: unit-tested in linnet-spec)
    assert!(groups.contains(&"77"), "{lines:?}");

    // Default /dev/shm: 64 MiB.
    let out = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "sh",
        "-c",
        "df -k /dev/shm | tail -1",
    ]);
    assert_eq!(out.out().split_whitespace().nth(1), Some("65536"));

    // A device under another name; writable with rw, not with r.
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--device",
        "/dev/null:/dev/mynull",
        &img,
        "sh",
        "-c",
        "echo hi > /dev/mynull && ls -l /dev/mynull",
    ])
    .stdout_has("1,   3");
    // The permissions reach the device cgroup. (/dev/null itself is in runc's default allow
    // list, so a device outside it is needed.)
    let Some(host) = ["/dev/fuse", "/dev/loop-control"]
        .into_iter()
        .find(|d| std::path::Path::new(d).exists())
    else {
        return;
    };
    let open_for_write = |perms: &str| {
        env.run(&[
            "run",
            "--rm",
            "--pull",
            "never",
            "--device",
            &format!("{host}:/dev/mydev:{perms}"),
            &img,
            "sh",
            "-c",
            ": > /dev/mydev && echo opened",
        ])
    };
    open_for_write("r")
        .failure()
        .stderr_has("Operation not permitted");
    open_for_write("rw").success().stdout_has("opened");
}

/// `--device-cgroup-rule` opens a device made with mknod; `--oom-score-adj` reaches the process.
#[test]
fn device_cgroup_rule_and_oom_score_adj() {
    let Some((env, img)) = setup("runres_rule") else {
        return;
    };
    // 10:229 (fuse) is outside runc's default allow list; mknod itself is always allowed.
    let script = "mknod /dev/x c 10 229 && : > /dev/x && echo opened; cat /proc/self/oom_score_adj";
    env.run(&["run", "--rm", "--pull", "never", &img, "sh", "-c", script])
        .stderr_has("Operation not permitted")
        .stdout_lacks("opened");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--device-cgroup-rule",
        "c 10:* rwm",
        "--oom-score-adj",
        "500",
        &img,
        "sh",
        "-c",
        script,
    ])
    .stdout_has("opened")
    .stdout_has("500");
}

/// `inspect` shows the settings in Docker's `HostConfig` names and units.
#[test]
fn inspect_host_config() {
    let Some((env, img)) = setup("runres_inspect") else {
        return;
    };
    let id = env
        .ok(&[
            "create",
            "--pull",
            "never",
            "-m",
            "10m",
            "--memory-reservation",
            "8m",
            "--cpus",
            "0.5",
            "-c",
            "512",
            "--pids-limit",
            "50",
            "--cpuset-cpus",
            "0",
            "--memory-swappiness",
            "-1",
            "--ulimit",
            "nofile=100:200",
            "--shm-size",
            "1m",
            "--device",
            "/dev/null:/dev/mynull:rw",
            "--group-add",
            "10",
            "--oom-kill-disable",
            "--oom-score-adj",
            "-10",
            "--device-cgroup-rule",
            "c 1:3 rwm",
            &img,
            "true",
        ])
        .out()
        .to_string();
    let hc = env.ok(&["inspect", &id]).json()[0]["HostConfig"].clone();
    let expected = serde_json::json!({
        "Memory": 10485760,
        "MemorySwap": 20971520,
        "MemoryReservation": 8388608,
        "NanoCpus": 500000000,
        "CpuShares": 512,
        "CpuQuota": 0,
        "CpuPeriod": 0,
        "CpusetCpus": "0",
        "CpusetMems": "",
        "MemorySwappiness": null,
        "PidsLimit": 50,
        "Ulimits": [{"Name": "nofile", "Hard": 200, "Soft": 100}],
        "ShmSize": 1048576,
        "Devices": [{"PathOnHost": "/dev/null", "PathInContainer": "/dev/mynull",
                     "CgroupPermissions": "rw"}],
        "GroupAdd": ["10"],
        "OomKillDisable": true,
        "Privileged": false,
        "CapAdd": null,
        "CapDrop": null,
        "OomScoreAdj": -10,
        "DeviceCgroupRules": ["c 1:3 rwm"],
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&hc[key], value, "HostConfig.{key}: {hc}");
    }
    let id2 = env
        .ok(&["create", "--pull", "never", &img, "true"])
        .out()
        .to_string();
    let hc = env.ok(&["inspect", &id2]).json()[0]["HostConfig"].clone();
    assert_eq!(hc["Memory"], 0);
    assert_eq!(hc["ShmSize"], 67108864);
    assert_eq!(hc["PidsLimit"], serde_json::Value::Null);
    assert_eq!(hc["Ulimits"], serde_json::json!([]));
    assert_eq!(hc["DeviceCgroupRules"], serde_json::Value::Null);
    // Docker's warning for a disabled OOM killer without a memory limit.
    let id3 = env
        .ok(&[
            "create",
            "--pull",
            "never",
            "--oom-kill-disable",
            &img,
            "true",
        ])
        .stderr_has("WARNING: OOM killer is disabled for the container, but no memory limit is set")
        .out()
        .to_string();
    env.ok(&["rm", &id, &id2, &id3]);
}

/// `linnet update` changes the cgroup of a running container, and the stored settings, so that
/// inspect and the next start agree.
#[test]
fn update_changes_a_running_container() {
    let Some((env, img)) = setup("runres_update") else {
        return;
    };
    let name = "runres-update";
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", name, "-m", "10m", &img, "sleep", "300",
    ]);
    let read = || parse_values(env.ok(&["exec", name, "sh", "-c", CGROUP_SCRIPT]).out());
    assert_value(&read(), "memory", "10485760");
    env.ok(&[
        "update",
        "--memory",
        "15m",
        "--pids-limit",
        "30",
        "--cpus",
        "0.5",
        name,
    ])
    .stdout_is(name);
    let values = read();
    assert_value(&values, "memory", "15728640");
    assert_value(&values, "pids", "30");
    assert_eq!(cpu_quota(&values), ("50000".into(), "100000".into()));
    let hc = env.ok(&["inspect", name]).json()[0]["HostConfig"].clone();
    assert_eq!(hc["Memory"], 15728640);
    assert_eq!(hc["PidsLimit"], 30);
    assert_eq!(hc["NanoCpus"], 500000000);

    // Past the swap limit without raising it: Docker's refusal, nothing changed.
    env.run(&["update", "--memory", "30m", name])
        .error_1()
        .stderr_has("Memory limit should be smaller than already set memoryswap limit");
    assert_value(&read(), "memory", "15728640");
    env.run(&["update", name])
        .error_1()
        .stderr_has("you must provide one or more flags");
    env.run(&["update", "-m", "20m", "runres-nosuch"]).error_1();

    // A stopped container: the next start uses the new limits.
    env.ok(&["stop", "-t", "0", name]);
    env.ok(&["update", "-m", "20m", "--memory-swap", "40m", name]);
    env.ok(&["start", name]);
    let values = read();
    assert_value(&values, "memory", "20971520");
    assert_value(&values, "pids", "30");
    if v1(&values) {
        assert_value(&values, "memsw", "41943040");
    }
    env.ok(&["rm", "-f", name]);
}

/// Bad values: one error line, exit 125, and no container left behind.
#[test]
fn bad_values_create_nothing() {
    let Some((env, img)) = setup("runres_bad") else {
        return;
    };
    let not_json = env.path("profile.json");
    std::fs::write(&not_json, "{not json").unwrap();
    let seccomp = format!("seccomp={}", not_json.display());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-m", "abc"], "invalid size: 'abc'"),
        (vec!["-m", "4m"], "Minimum memory limit allowed is 6MB"),
        (
            vec!["-m", "10m", "--memory-swap", "5m"],
            "Minimum memoryswap limit",
        ),
        (vec!["--shm-size", "-1"], "invalid size: '-1'"),
        (
            vec!["--cpus", "abc"],
            "failed to parse abc as a rational number",
        ),
        (vec!["--cpus", "1000"], "Range of CPUs"),
        (vec!["--pids-limit", "x"], "strconv.ParseInt"),
        (vec!["--ulimit", "foo=1"], "invalid ulimit type: foo"),
        (vec!["--cap-add", "FOO"], "unknown capability: \"CAP_FOO\""),
        (
            vec!["--cap-drop", "nope"],
            "unknown capability: \"CAP_NOPE\"",
        ),
        (vec!["--security-opt", &seccomp], "seccomp profile"),
        (
            vec!["--device", "/dev/linnet-missing"],
            "error gathering device information",
        ),
        (
            vec!["--device", "/dev/null:/dev/x:rwz"],
            "bad mode specified: rwz",
        ),
        (vec!["--group-add", "nosuchgroup"], "nosuchgroup"),
        (vec!["--oom-score-adj", "2000"], "range for oom score adj"),
        (
            vec!["--memory-swappiness", "101"],
            "Valid memory swappiness range is 0-100",
        ),
        (
            vec!["--device-cgroup-rule", "c 1:3"],
            "invalid device cgroup format",
        ),
    ];
    for (flags, message) in cases {
        let mut args = vec!["run", "--rm", "--pull", "never"];
        args.extend_from_slice(&flags);
        args.extend_from_slice(&[&img, "true"]);
        env.run(&args).error_125().stderr_has(message);
        let mut args = vec!["create", "--pull", "never"];
        args.extend_from_slice(&flags);
        args.extend_from_slice(&[&img, "true"]);
        env.run(&args).error_125();
    }
    assert_eq!(env.ok(&["ps", "-aq"]).out(), "", "nothing created");
}
