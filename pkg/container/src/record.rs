//! What linnet records about a container in its containerd labels, as one typed value.
//!
//! containerd keeps no Docker settings (name, TTY, auto-remove, the image as typed...), so linnet
//! stores them as labels at creation and every later command (start, inspect, the monitor) reads
//! them back. Encoding and decoding live side by side here so that the two cannot drift apart.
//! Exit times and codes change after creation and are written by [`crate::ops`].

use std::collections::HashMap;

use crate::meta::labels;
use crate::Error;

/// Docker settings of a container, kept in its labels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub name: String,
    pub hostname: String,
    pub auto_remove: bool,
    pub log_path: String,
    pub platform: String,
    pub stop_signal: String,
    pub network: String,
    pub tty: bool,
    pub stdin_open: bool,
    /// The image as the user typed it.
    pub image_ref: String,
    /// The image ID (digest of the image record's target).
    pub image_id: String,
    /// Effective entrypoint and command.
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// Docker's `Mounts` entries, for inspect.
    pub mounts: Vec<serde_json::Value>,
    /// `--security-opt` values as given.
    pub security_opt: Vec<String>,
}

impl Record {
    /// The labels that hold this record (user labels are merged beside them by the caller).
    pub fn encode(&self) -> Result<HashMap<String, String>, Error> {
        let pairs = [
            (labels::NAME, self.name.clone()),
            (labels::HOSTNAME, self.hostname.clone()),
            (labels::AUTO_REMOVE, self.auto_remove.to_string()),
            (labels::LOG_PATH, self.log_path.clone()),
            (labels::PLATFORM, self.platform.clone()),
            (labels::STOP_SIGNAL, self.stop_signal.clone()),
            (labels::NETWORK, self.network.clone()),
            (labels::TTY, self.tty.to_string()),
            (labels::STDIN_OPEN, self.stdin_open.to_string()),
            (labels::IMAGE_REF, self.image_ref.clone()),
            (labels::IMAGE_ID, self.image_id.clone()),
            (labels::ENTRYPOINT, serde_json::to_string(&self.entrypoint)?),
            (labels::CMD, serde_json::to_string(&self.cmd)?),
            (labels::MOUNTS, serde_json::to_string(&self.mounts)?),
            (
                labels::SECURITY_OPT,
                serde_json::to_string(&self.security_opt)?,
            ),
        ];
        Ok(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    /// Reads the record back; missing or malformed labels (containers made by older linnet
    /// versions, or by other tools) give the defaults.
    pub fn decode(map: &HashMap<String, String>) -> Record {
        let text = |key: &str| map.get(key).cloned().unwrap_or_default();
        let flag = |key: &str| map.get(key).is_some_and(|v| v == "true");
        fn json<T: serde::de::DeserializeOwned + Default>(
            map: &HashMap<String, String>,
            key: &str,
        ) -> T {
            map.get(key)
                .and_then(|v| serde_json::from_str(v).ok())
                .unwrap_or_default()
        }
        Record {
            name: text(labels::NAME),
            hostname: text(labels::HOSTNAME),
            auto_remove: flag(labels::AUTO_REMOVE),
            log_path: text(labels::LOG_PATH),
            platform: text(labels::PLATFORM),
            stop_signal: text(labels::STOP_SIGNAL),
            network: text(labels::NETWORK),
            tty: flag(labels::TTY),
            stdin_open: flag(labels::STDIN_OPEN),
            image_ref: text(labels::IMAGE_REF),
            image_id: text(labels::IMAGE_ID),
            entrypoint: json(map, labels::ENTRYPOINT),
            cmd: json(map, labels::CMD),
            mounts: json(map, labels::MOUNTS),
            security_opt: json(map, labels::SECURITY_OPT),
        }
    }
}

/// Docker's `Mounts` entries for inspect.
pub fn mounts_json(mounts: &[linnet_spec::UserMount]) -> Vec<serde_json::Value> {
    mounts
        .iter()
        .filter(|m| !m.tmpfs_flag)
        .map(|m| {
            let kind = match m.kind {
                linnet_spec::MountKind::Bind => "bind",
                linnet_spec::MountKind::Volume => {
                    return serde_json::json!({
                        "Type": "volume",
                        "Name": m.name.clone().unwrap_or_default(),
                        "Source": m.source.display().to_string(),
                        "Destination": m.destination,
                        "Driver": "local",
                        "Mode": m.mode,
                        "RW": !m.readonly,
                        "Propagation": "",
                    })
                }
                linnet_spec::MountKind::Tmpfs => "tmpfs",
            };
            let propagation = m.propagation.clone().unwrap_or_else(|| {
                if kind == "bind" {
                    "rprivate".into()
                } else {
                    String::new()
                }
            });
            serde_json::json!({
                "Type": kind,
                "Source": m.source.display().to_string(),
                "Destination": m.destination,
                "Mode": m.mode,
                "RW": !m.readonly,
                "Propagation": propagation,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let record = Record {
            name: "web".into(),
            hostname: "h".into(),
            auto_remove: true,
            log_path: "/l/x-json.log".into(),
            platform: "linux/amd64".into(),
            stop_signal: "SIGQUIT".into(),
            network: "none".into(),
            tty: true,
            stdin_open: false,
            image_ref: "alpine".into(),
            image_id: "sha256:abc".into(),
            entrypoint: vec!["/bin/sh".into(), "-c".into()],
            cmd: vec!["echo \"hi\"".into()],
            mounts: mounts_json(&[linnet_spec::parse_volume("/tmp:/data:ro").unwrap()]),
            security_opt: vec!["no-new-privileges".into()],
        };
        let map = record.encode().unwrap();
        assert!(map.keys().all(|k| k.starts_with(labels::PREFIX)));
        assert_eq!(map[labels::TTY], "true");
        assert_eq!(Record::decode(&map), record);
    }

    #[test]
    fn decode_tolerates_missing_and_bad_labels() {
        let mut map = HashMap::new();
        map.insert(labels::CMD.to_string(), "not json".to_string());
        map.insert(labels::TTY.to_string(), "yes".to_string());
        let r = Record::decode(&map);
        assert_eq!(r, Record::default());
    }

    #[test]
    fn mount_entries() {
        let v = mounts_json(&[linnet_spec::parse_volume("/tmp:/data").unwrap()]);
        assert_eq!(v[0]["Type"], "bind");
        assert_eq!(v[0]["RW"], true);
        assert_eq!(v[0]["Propagation"], "rprivate");
    }
}
