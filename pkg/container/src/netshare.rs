//! `--network container:X`: what a container that joins another's network namespace may ask for,
//! and the host name it gets.
//!
//! Why: Docker gives such a container X's hostname and X's `/etc/hosts` and `/etc/resolv.conf`
//! (the files are X's already, see [`crate::network::etc_files`]), and refuses the flags that
//! would change a network the container does not own, with its own texts (checked against
//! Docker 20.10).

use linnet_containerd::Client;

use crate::network::{Mode, NetPlan, NetworkFlags};
use crate::{Error, Record};

/// Docker's `validateNetContainerMode`, in its order.
pub fn check_conflicts(
    plan: &NetPlan,
    flags: &NetworkFlags,
    hostname: Option<&str>,
) -> Result<(), Error> {
    if !matches!(plan.mode, Mode::Container(_)) {
        return Ok(());
    }
    let conflict = if hostname.is_some_and(|h| !h.is_empty()) {
        Some("conflicting options: hostname and the network mode")
    } else if !flags.dns.is_empty() {
        Some("conflicting options: dns and the network mode")
    } else if !flags.add_hosts.is_empty() {
        Some("conflicting options: custom host-to-IP mapping and the network mode")
    } else if !flags.publish.is_empty() || flags.publish_all {
        Some("conflicting options: port publishing and the container type network mode")
    } else if !flags.expose.is_empty() {
        Some("conflicting options: port exposing and the container type network mode")
    } else {
        None
    };
    match conflict {
        Some(msg) => Err(Error::InvalidArgument(msg.into())),
        None => Ok(()),
    }
}

/// The host name of the container whose netns `plan` joins (`None` for other modes): Docker
/// gives the joining container the same one.
pub async fn shared_hostname(client: &Client, plan: &NetPlan) -> Result<Option<String>, Error> {
    if !matches!(plan.mode, Mode::Container(_)) || plan.config.container.is_empty() {
        return Ok(None);
    }
    let Some(target) = client.container_get(&plan.config.container).await? else {
        return Err(Error::NoSuchContainer(plan.config.container.clone()));
    };
    let hostname = Record::decode(&target.labels).hostname;
    Ok((!hostname.is_empty()).then_some(hostname))
}

/// Before a `container:X` container's task is created: X's network namespace must exist, or
/// runc fails with a path error. Docker's words instead.
pub fn check_target_running(c: &linnet_containerd::Container) -> Result<(), Error> {
    let Some(target) = crate::network::NetConfig::decode(&c.labels)
        .map(|n| n.container)
        .filter(|t| !t.is_empty())
    else {
        return Ok(());
    };
    let spec: serde_json::Value = serde_json::from_slice(&c.spec)?;
    let path = spec
        .pointer("/linux/namespaces")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .find(|ns| ns.get("type").and_then(serde_json::Value::as_str) == Some("network"))
        .and_then(|ns| ns.get("path"))
        .and_then(serde_json::Value::as_str);
    match path {
        Some(p) if !std::path::Path::new(p).exists() => Err(Error::InvalidArgument(format!(
            "cannot join network of a non running container: {target}"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_mode_refuses_network_flags_like_docker() {
        let plan = crate::network::validate("container:web", &NetworkFlags::default()).unwrap();
        assert!(check_conflicts(&plan, &NetworkFlags::default(), None).is_ok());
        let err = check_conflicts(&plan, &NetworkFlags::default(), Some("box")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "conflicting options: hostname and the network mode"
        );
        let flags = NetworkFlags {
            publish_all: true,
            ..Default::default()
        };
        assert_eq!(
            check_conflicts(&plan, &flags, None)
                .unwrap_err()
                .to_string(),
            "conflicting options: port publishing and the container type network mode"
        );
        let flags = NetworkFlags {
            expose: vec!["80".into()],
            ..Default::default()
        };
        assert!(check_conflicts(&plan, &flags, None).is_err());
        // Other modes are not concerned.
        let bridge = crate::network::validate("bridge", &NetworkFlags::default()).unwrap();
        assert!(check_conflicts(&bridge, &flags, Some("box")).is_ok());
    }
}
