//! Unit tests of the resource flags: Docker's messages, defaults and update rules.

use super::parse::{parse_device, parse_size};
use super::*;

fn flags() -> ResourceFlags {
    ResourceFlags::default()
}

fn err(f: ResourceFlags) -> String {
    f.parse().unwrap_err().to_string()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn sizes() {
    assert_eq!(parse_size("10m"), Some(10 << 20));
    assert_eq!(parse_size("1.5k"), Some(1536));
    assert_eq!(parse_size("4MB"), Some(4 << 20));
    assert_eq!(parse_size("2GiB"), Some(2 << 30));
    assert_eq!(parse_size("100"), Some(100));
    assert_eq!(parse_size("1b"), Some(1));
    for bad in ["abc", "-1", "", "m", "1x", "1.m"] {
        assert_eq!(parse_size(bad), None, "{bad}");
    }
}

#[test]
fn parses_a_full_set() {
    let r = ResourceFlags {
        memory: some("10m"),
        memory_reservation: some("8m"),
        cpus: some("0.5"),
        cpu_shares: some("512"),
        pids_limit: some("50"),
        cpuset_cpus: some("0"),
        ulimits: vec!["nofile=100:200".into(), "nproc=50".into()],
        shm_size: some("1m"),
        devices: vec!["/dev/null:/dev/mynull:rw".into()],
        group_add: vec!["10".into()],
        oom_kill_disable: true,
        ..flags()
    }
    .parse()
    .unwrap();
    assert_eq!(r.memory, 10 << 20);
    assert_eq!(r.memory_swap, 20 << 20, "swap defaults to twice the memory");
    assert_eq!(r.memory_reservation, 8 << 20);
    assert_eq!(r.nano_cpus, 500_000_000);
    assert_eq!(r.cpu_shares, 512);
    assert_eq!(r.pids_limit, Some(50));
    assert_eq!(r.ulimits[0].soft, 100);
    assert_eq!(r.ulimits[1].hard, 50);
    assert_eq!(r.shm_size, 1 << 20);
    assert_eq!(r.devices[0].path_in_container, "/dev/mynull");
    assert!(r.oom_kill_disable);
    let swap = ResourceFlags {
        memory: some("10m"),
        memory_swap: some("-1"),
        shm_size: some("0"),
        ..flags()
    }
    .parse()
    .unwrap();
    assert_eq!(swap.memory_swap, -1);
    assert_eq!(swap.shm_size, 64 << 20);
    assert_eq!(flags().parse().unwrap(), Resources::default());
}

#[test]
fn docker_messages() {
    let cases: Vec<(ResourceFlags, &str)> = vec![
        (ResourceFlags { memory: some("4m"), ..flags() }, "Minimum memory limit allowed is 6MB"),
        (ResourceFlags { memory: some("abc"), ..flags() }, "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'"),
        (ResourceFlags { memory: some("-1"), ..flags() }, "invalid argument \"-1\" for \"-m, --memory\" flag: invalid size: '-1'"),
        (ResourceFlags { memory: some("10m"), memory_swap: some("5m"), ..flags() }, "Minimum memoryswap limit should be larger than memory limit, see usage"),
        (ResourceFlags { memory_swap: some("20m"), ..flags() }, "You should always set the Memory limit when using Memoryswap limit, see usage"),
        (ResourceFlags { memory: some("10m"), memory_reservation: some("20m"), ..flags() }, "Minimum memory limit can not be less than memory reservation limit, see usage"),
        (ResourceFlags { memory_reservation: some("2m"), ..flags() }, "Minimum memory reservation allowed is 6MB"),
        (ResourceFlags { cpus: some("abc"), ..flags() }, "invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number"),
        (ResourceFlags { cpus: some("1"), cpu_period: some("50000"), ..flags() }, "Conflicting options: Nano CPUs and CPU Period cannot both be set"),
        (ResourceFlags { cpu_period: some("10"), ..flags() }, "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)"),
        (ResourceFlags { cpu_quota: some("10"), ..flags() }, "CPU cfs quota can not be less than 1ms (i.e. 1000)"),
        (ResourceFlags { cpuset_cpus: some("abc"), ..flags() }, "Invalid value abc for cpuset cpus: invalid format: abc"),
        (ResourceFlags { pids_limit: some("abc"), ..flags() }, "invalid argument \"abc\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"),
        (ResourceFlags { ulimits: vec!["foo=1".into()], ..flags() }, "invalid argument \"foo=1\" for \"--ulimit\" flag: invalid ulimit type: foo"),
        (ResourceFlags { ulimits: vec!["nofile".into()], ..flags() }, "invalid argument \"nofile\" for \"--ulimit\" flag: invalid ulimit argument: nofile"),
        (ResourceFlags { ulimits: vec!["nofile=10:5".into()], ..flags() }, "invalid argument \"nofile=10:5\" for \"--ulimit\" flag: ulimit soft limit must be less than or equal to hard limit: 10 > 5"),
        (ResourceFlags { shm_size: some("-1"), ..flags() }, "invalid argument \"-1\" for \"--shm-size\" flag: invalid size: '-1'"),
        (ResourceFlags { devices: vec!["rel".into()], ..flags() }, "rel is not an absolute path"),
        (ResourceFlags { devices: vec!["/dev/null:/dev/x:rwz".into()], ..flags() }, "bad mode specified: rwz"),
        (ResourceFlags { devices: vec!["/dev/linnet-nonexistent".into()], ..flags() }, "error gathering device information while adding custom device \"/dev/linnet-nonexistent\": no such file or directory"),
        (ResourceFlags { memory_swappiness: some("200"), ..flags() }, "invalid value: 200. Valid memory swappiness range is 0-100"),
        (ResourceFlags { oom_score_adj: some("2000"), ..flags() }, "Invalid value 2000, range for oom score adj is [-1000, 1000]"),
        (ResourceFlags { device_cgroup_rules: vec!["c 1:3".into()], ..flags() }, "invalid argument \"c 1:3\" for \"--device-cgroup-rule\" flag: invalid device cgroup format 'c 1:3'"),
    ];
    for (f, message) in cases {
        assert_eq!(err(f), message);
    }
    let n = std::thread::available_parallelism().unwrap().get();
    assert_eq!(
        err(ResourceFlags {
            cpus: some("999"),
            ..flags()
        }),
        format!("Range of CPUs is from 0.01 to {n}.00, as there are only {n} CPUs available")
    );
    assert!(err(ResourceFlags {
        cpuset_cpus: some("0-999"),
        ..flags()
    })
    .starts_with("Requested CPUs are not available - requested 0-999, available: "));
}

#[test]
fn warns_about_oom_kill_disable_without_memory() {
    let unlimited = ResourceFlags {
        oom_kill_disable: true,
        ..flags()
    };
    assert!(unlimited.warnings()[0].starts_with("OOM killer is disabled"));
    let limited = ResourceFlags {
        memory: some("10m"),
        ..unlimited
    };
    assert!(limited.warnings().is_empty());
}

#[test]
fn devices() {
    let d = parse_device("/dev/null").unwrap();
    assert_eq!(
        (d.path_in_container.as_str(), d.cgroup_permissions.as_str()),
        ("/dev/null", "rwm")
    );
    let d = parse_device("/dev/null:r").unwrap();
    assert_eq!(
        (d.path_in_container.as_str(), d.cgroup_permissions.as_str()),
        ("/dev/null", "r")
    );
    let d = parse_device("/dev/null:/dev/x").unwrap();
    assert_eq!(
        (d.path_in_container.as_str(), d.cgroup_permissions.as_str()),
        ("/dev/x", "rwm")
    );
    assert!(parse_device("/a:/b:r:x").is_err());
}

#[test]
fn updates() {
    let old = ResourceFlags {
        memory: some("10m"),
        ..flags()
    }
    .parse()
    .unwrap();
    let r = ResourceFlags {
        memory: some("15m"),
        ..flags()
    }
    .apply_update(&old)
    .unwrap();
    assert_eq!((r.memory, r.memory_swap), (15 << 20, 20 << 20));
    let e = ResourceFlags {
        memory: some("30m"),
        ..flags()
    }
    .apply_update(&old)
    .unwrap_err();
    assert!(
        e.to_string().starts_with("Memory limit should be smaller"),
        "{e}"
    );
    let r = ResourceFlags {
        memory: some("30m"),
        memory_swap: some("40m"),
        ..flags()
    }
    .apply_update(&old)
    .unwrap();
    assert_eq!((r.memory, r.memory_swap), (30 << 20, 40 << 20));
    let r = ResourceFlags {
        pids_limit: some("20"),
        cpus: some("0.5"),
        ..flags()
    }
    .apply_update(&Resources::default())
    .unwrap();
    assert_eq!((r.pids_limit, r.nano_cpus), (Some(20), 500_000_000));
    assert!(ResourceFlags {
        memory: some("1m"),
        ..flags()
    }
    .apply_update(&old)
    .is_err());
}

#[test]
fn label_round_trip_and_inspect_shape() {
    let s = HostSettings {
        resources: ResourceFlags {
            memory: some("10m"),
            ..flags()
        }
        .parse()
        .unwrap(),
        privileged: true,
        cap_add: vec!["CAP_SYS_ADMIN".into()],
        cap_drop: vec![],
    };
    let mut labels = HashMap::new();
    labels.insert(HOST_CONFIG_LABEL.to_string(), s.encode().unwrap());
    assert_eq!(HostSettings::decode(&labels), s);
    let fields = s.inspect_fields();
    assert_eq!(fields["Memory"], 10 << 20);
    assert_eq!(fields["Privileged"], true);
    assert_eq!(fields["CapAdd"], serde_json::json!(["CAP_SYS_ADMIN"]));
    assert_eq!(fields["CapDrop"], serde_json::Value::Null);
    assert_eq!(fields["GroupAdd"], serde_json::Value::Null);
    assert_eq!(fields["Ulimits"], serde_json::json!([]));
    assert_eq!(
        HostSettings::decode(&HashMap::new()),
        HostSettings::default()
    );
}
