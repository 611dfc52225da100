//! Docker's syntax of the resource flag values (go-units sizes, `--cpus` rationals, `--ulimit`,
//! `--device`, cpuset lists), with the Docker CLI's messages.

use linnet_spec::{DeviceMapping, Ulimit};

use crate::Error;

fn invalid(value: &str, flag: &str, reason: impl std::fmt::Display) -> Error {
    Error::InvalidArgument(format!(
        "invalid argument \"{value}\" for \"{flag}\" flag: {reason}"
    ))
}

pub use linnet_spec::units::parse_size;

pub(super) fn size_flag(value: &Option<String>, flag: &str) -> Result<i64, Error> {
    match value {
        None => Ok(0),
        Some(v) => parse_size(v).ok_or_else(|| invalid(v, flag, format!("invalid size: '{v}'"))),
    }
}

pub(super) fn int_flag(value: &Option<String>, flag: &str) -> Result<Option<i64>, Error> {
    match value {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
            invalid(
                v,
                flag,
                format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"),
            )
        }),
    }
}

/// `--cpus`: a decimal or `a/b` rational, in nano-CPUs (Docker's `NanoCPUs.Set`).
pub(super) fn parse_cpus(value: &str) -> Result<i64, Error> {
    let bad = || {
        invalid(
            value,
            "--cpus",
            format!("failed to parse {value} as a rational number"),
        )
    };
    let ratio = match value.split_once('/') {
        Some((a, b)) => {
            let a: f64 = a.parse().map_err(|_| bad())?;
            let b: f64 = b.parse().map_err(|_| bad())?;
            if b == 0.0 {
                return Err(bad());
            }
            a / b
        }
        None => value.trim().parse::<f64>().map_err(|_| bad())?,
    };
    if !ratio.is_finite() {
        return Err(bad());
    }
    let nano = ratio * 1e9;
    if (nano - nano.round()).abs() > 1e-6 {
        return Err(invalid(value, "--cpus", "value is too precise"));
    }
    Ok(nano.round() as i64)
}

/// `--ulimit name=soft[:hard]` (go-units `ParseUlimit`).
pub fn parse_ulimit(value: &str) -> Result<Ulimit, Error> {
    let bad = |reason: String| invalid(value, "--ulimit", reason);
    let (name, limits) = value
        .split_once('=')
        .ok_or_else(|| bad(format!("invalid ulimit argument: {value}")))?;
    if !linnet_spec::resources::ULIMIT_NAMES
        .iter()
        .any(|(n, _)| *n == name)
    {
        return Err(bad(format!("invalid ulimit type: {name}")));
    }
    let number = |text: &str| {
        text.parse::<i64>().map_err(|_| {
            bad(format!(
                "strconv.ParseInt: parsing \"{text}\": invalid syntax"
            ))
        })
    };
    let (soft, hard) = match limits.split_once(':') {
        Some((s, h)) => (number(s)?, number(h)?),
        None => {
            let v = number(limits)?;
            (v, v)
        }
    };
    if soft > hard && hard >= 0 {
        return Err(bad(format!(
            "ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}"
        )));
    }
    Ok(Ulimit {
        name: name.to_string(),
        hard,
        soft,
    })
}

/// `--device HOST[:CONTAINER][:PERMS]` (the Docker CLI's `ValidateDevice`).
pub fn parse_device(value: &str) -> Result<DeviceMapping, Error> {
    let valid_mode = |m: &str| !m.is_empty() && m.chars().all(|c| matches!(c, 'r' | 'w' | 'm'));
    let parts: Vec<&str> = value.split(':').collect();
    let (src, mut dst, mut perms) = (parts[0], "", "rwm");
    match parts.len() {
        1 => {}
        2 => {
            if valid_mode(parts[1]) {
                perms = parts[1];
            } else {
                dst = parts[1];
            }
        }
        3 => {
            dst = parts[1];
            perms = parts[2];
        }
        _ => {
            return Err(Error::InvalidArgument(format!(
                "bad format for path: {value}"
            )))
        }
    }
    if !valid_mode(perms) {
        return Err(Error::InvalidArgument(format!(
            "bad mode specified: {perms}"
        )));
    }
    if dst.is_empty() {
        dst = src;
    }
    for path in [src, dst] {
        if !path.starts_with('/') {
            return Err(Error::InvalidArgument(format!(
                "{path} is not an absolute path"
            )));
        }
    }
    Ok(DeviceMapping {
        path_on_host: src.to_string(),
        path_in_container: dst.to_string(),
        cgroup_permissions: perms.to_string(),
    })
}

/// The host's online CPUs or memory nodes (`0-1`), from sysfs.
pub(super) fn online(kind: &str) -> String {
    std::fs::read_to_string(format!("/sys/devices/system/{kind}/online"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "0".to_string())
}

/// A cpuset list (`0-2,4`) as a set of numbers.
fn parse_cpuset(list: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in list.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
                if b < a || b - a > 4096 {
                    return None;
                }
                out.extend(a..=b);
            }
            None => out.push(part.parse().ok()?),
        }
    }
    Some(out)
}

pub(super) fn check_cpuset(
    value: &str,
    key: &str,
    what: &str,
    available: &str,
) -> Result<(), Error> {
    if value.is_empty() {
        return Ok(());
    }
    let requested = parse_cpuset(value).ok_or_else(|| {
        Error::InvalidArgument(format!(
            "Invalid value {value} for cpuset {key}: invalid format: {value}"
        ))
    })?;
    let have = parse_cpuset(available).unwrap_or_default();
    if requested.iter().any(|n| !have.contains(n)) {
        return Err(Error::InvalidArgument(format!(
            "Requested {what} are not available - requested {value}, available: {available}"
        )));
    }
    Ok(())
}
