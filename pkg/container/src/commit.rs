//! `linnet commit`: a new image from a container's changes, as `docker commit`.
//!
//! The container is paused (by default, when it runs) while its writable layer is archived
//! ([`crate::commit_layer`]), and thawed right after, whatever happened. The new image config is
//! Docker's: the `--change` instructions (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER,
//! VOLUME, WORKDIR) on an empty config, then the container's own config merged under them with
//! the rules of the daemon's `merge` (the change wins, lists are unioned, CMD only follows when no
//! ENTRYPOINT was given). The image is stored by `linnet_image::commit`, which leaves nothing
//! recorded when a step fails.

use std::collections::{BTreeMap, BTreeSet};

use linnet_containerd::{Client, Container, TaskStatus};
use linnet_image::import::ImageSettings;
use linnet_image::{Platform, ResolvedImage};
use serde_json::{json, Map, Value};

use crate::record::Record;
use crate::Error;

/// What `commit` was asked for.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// Full image name (`docker.io/library/x:latest`), or `None` for an image without one.
    pub name: Option<String>,
    pub author: Option<String>,
    pub comment: Option<String>,
    /// Dockerfile instructions (`-c`).
    pub changes: Vec<String>,
    /// Pause a running container while its layer is archived.
    pub pause: bool,
}

/// The instructions `docker commit --change` accepts.
const CHANGE_COMMANDS: [&str; 9] = [
    "cmd",
    "entrypoint",
    "env",
    "expose",
    "label",
    "onbuild",
    "user",
    "volume",
    "workdir",
];

/// The instructions in `-c` form: the settings they give and the ONBUILD triggers. Checked
/// before anything else happens.
pub fn parse_changes(changes: &[String]) -> Result<(ImageSettings, Vec<String>), Error> {
    let mut plain = Vec::new();
    let mut on_build = Vec::new();
    for change in changes {
        let trimmed = change.trim();
        let (keyword, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let keyword = keyword.to_ascii_lowercase();
        if !CHANGE_COMMANDS.contains(&keyword.as_str()) {
            return Err(Error::InvalidArgument(format!(
                "{keyword} is not a valid change command"
            )));
        }
        if keyword == "onbuild" {
            let trigger = rest.trim();
            if trigger.is_empty() {
                return Err(Error::InvalidArgument(
                    "ONBUILD requires at least one argument".to_string(),
                ));
            }
            on_build.push(trigger.to_string());
        } else {
            plain.push(change.clone());
        }
    }
    let settings =
        ImageSettings::from_changes(&plain).map_err(|e| Error::InvalidArgument(e.to_string()))?;
    Ok((settings, on_build))
}

/// Commits container `reference`; returns the new image ID (`sha256:...`).
pub async fn commit(
    client: &Client,
    reference: &str,
    opts: &CommitOptions,
) -> Result<String, Error> {
    let (settings, on_build) = parse_changes(&opts.changes)?;
    let c = crate::ops::resolve(client, reference).await?;
    let record = Record::decode(&c.labels);
    let parent = parent_image(client, &c, &record).await?;
    let mounts = client
        .snapshot_mounts(&c.snapshotter, &c.snapshot_key)
        .await?;
    let layers = crate::overlay::Layers::from_mounts(&mounts)?;

    let paused = opts.pause && pause_if_running(client, &c.id).await?;
    let written = tokio::task::spawn_blocking(move || {
        let writer = linnet_image::commit::LayerWriter::new().map_err(image_err)?;
        let writer = crate::commit_layer::write_layer(&layers, writer)?;
        writer.finish().map_err(image_err)
    })
    .await;
    if paused {
        if let Err(e) = client.task_resume(&c.id).await {
            tracing::warn!("cannot unpause container {}: {e}", c.id);
        }
    }
    let layer = written.map_err(Error::Wait)??;

    let container_config = container_config(&c, &record, &parent);
    let config = merge(&settings, on_build, &container_config);
    let created_by = record.cmd.join(" ");
    let req = linnet_image::commit::CommitRequest {
        parent_manifest: &parent.manifest,
        parent_manifest_media_type: parent
            .manifest
            .media_type
            .as_deref()
            .unwrap_or(linnet_image::media::OCI_MANIFEST),
        parent_config: &parent.config_json,
        parent_id: &parent.image_digest,
        config,
        container_config,
        container_id: &c.id,
        author: opts.author.as_deref(),
        comment: opts.comment.as_deref(),
        created_by,
        name: opts.name.as_deref(),
        snapshotter: &c.snapshotter,
    };
    linnet_image::commit::commit_image(client, layer, req)
        .await
        .map_err(image_err)
}

fn image_err(source: linnet_image::Error) -> Error {
    Error::Image {
        reference: "commit".to_string(),
        source,
    }
}

/// Pauses the container's task when it runs; returns whether it did.
async fn pause_if_running(client: &Client, id: &str) -> Result<bool, Error> {
    let Some(task) = client.task_get(id).await? else {
        return Ok(false);
    };
    if task.status != TaskStatus::Running {
        return Ok(false);
    }
    client.task_pause(id).await?;
    Ok(true)
}

/// The image the container was created from, for the platform it runs; its top layer must be
/// the parent of the container's snapshot.
async fn parent_image(
    client: &Client,
    c: &Container,
    record: &Record,
) -> Result<ResolvedImage, Error> {
    let missing = || {
        Error::InvalidArgument(format!(
            "the image of container {} ({}) is no longer present",
            c.id,
            if record.image_ref.is_empty() {
                &c.image
            } else {
                &record.image_ref
            }
        ))
    };
    let images = client.image_list(&[]).await?;
    let image = images
        .iter()
        .find(|i| !record.image_id.is_empty() && i.target.digest == record.image_id)
        .or_else(|| images.iter().find(|i| i.name == c.image))
        .ok_or_else(missing)?;
    let platform = Platform::parse(&record.platform).unwrap_or_else(|_| Platform::host());
    let (_, manifest, found) = linnet_image::resolve_local(client, image, &platform)
        .await
        .map_err(image_err)?;
    let config_json = client.content_read(&manifest.config.digest).await?;
    let config: oci_spec::image::ImageConfiguration = serde_json::from_slice(&config_json)?;
    let diff_ids = config.rootfs().diff_ids().clone();
    let chain_id = linnet_image::chain_ids(&diff_ids)
        .last()
        .cloned()
        .unwrap_or_default();
    let snapshot = client
        .snapshot_stat(&c.snapshotter, &c.snapshot_key)
        .await?
        .ok_or_else(|| {
            Error::InvalidArgument(format!("the snapshot of container {} is missing", c.id))
        })?;
    if snapshot.parent.as_deref().unwrap_or_default() != chain_id {
        return Err(Error::InvalidArgument(format!(
            "the snapshot of container {} does not sit on its image's layers",
            c.id
        )));
    }
    Ok(ResolvedImage {
        name: image.name.clone(),
        image_digest: image.target.digest.clone(),
        manifest_digest: String::new(),
        manifest,
        config_digest: String::new(),
        config,
        config_json,
        chain_id,
        platform: found,
    })
}

/// Docker's container `Config` of `c`: the image config with the container's own settings.
fn container_config(c: &Container, record: &Record, parent: &ResolvedImage) -> Value {
    let image: Value = serde_json::from_slice(&parent.config_json).unwrap_or(Value::Null);
    let image_config = image.get("config").cloned().unwrap_or(json!({}));
    let image_env: Vec<String> = image_config
        .get("Env")
        .and_then(|e| serde_json::from_value(e.clone()).ok())
        .unwrap_or_default();
    let has = |key: &str| image_env.iter().any(|e| e.split('=').next() == Some(key));
    let spec = linnet_spec::from_json(&c.spec).ok();
    let process = spec.as_ref().and_then(|s| s.process().clone());
    // HOSTNAME, and PATH and TERM when linnet added them, are runtime additions in Docker.
    let env: Vec<String> = process
        .as_ref()
        .and_then(|p| p.env().clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|e| {
            let key = e.split('=').next().unwrap_or_default();
            !(key == "HOSTNAME"
                || (key == "TERM" && record.tty && !has("TERM"))
                || (key == "PATH"
                    && !has("PATH")
                    && e.len() > 5
                    && e[5..] == *linnet_spec::DEFAULT_PATH))
        })
        .collect();
    let image_str = |key: &str| {
        image_config
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let cwd = process
        .as_ref()
        .map(|p| p.cwd().display().to_string())
        .unwrap_or_default();
    let working_dir = if cwd == "/" && image_str("WorkingDir").is_empty() {
        String::new()
    } else {
        cwd
    };
    let user = match process.as_ref().map(|p| (p.user().uid(), p.user().gid())) {
        Some((uid, gid)) if image_str("User").is_empty() && (uid, gid) != (0, 0) => {
            format!("{uid}:{gid}")
        }
        _ => image_str("User"),
    };
    let mut labels: BTreeMap<String, Value> = image_config
        .get("Labels")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    for (k, v) in &c.labels {
        if !k.starts_with(crate::labels::PREFIX) && !k.starts_with("nerdctl/") {
            labels.insert(k.clone(), json!(v));
        }
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            Value::Null
        } else {
            json!(items)
        }
    };
    let mut config = json!({
        "Hostname": record.hostname,
        "Domainname": "",
        "User": user,
        "AttachStdin": false,
        "AttachStdout": false,
        "AttachStderr": false,
        "Tty": record.tty,
        "OpenStdin": record.stdin_open,
        "StdinOnce": false,
        "Env": list(&env),
        "Cmd": list(&record.cmd),
        "Image": if record.image_ref.is_empty() { c.image.clone() } else { record.image_ref.clone() },
        "Volumes": image_config.get("Volumes").cloned().unwrap_or(Value::Null),
        "WorkingDir": working_dir,
        "Entrypoint": list(&record.entrypoint),
        "OnBuild": Value::Null,
        "Labels": labels,
    });
    for key in ["ExposedPorts", "Healthcheck", "StopSignal"] {
        if let Some(v) = image_config.get(key).filter(|v| !v.is_null()) {
            config[key] = v.clone();
        }
    }
    config
}

/// Docker's `merge`: the `--change` settings, with the container's config under them.
fn merge(settings: &ImageSettings, on_build: Vec<String>, container: &Value) -> Value {
    let strings = |key: &str| -> Vec<String> {
        container
            .get(key)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    };
    let keys = |key: &str| -> BTreeSet<String> {
        container
            .get(key)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let text = |key: &str| {
        container
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let mut out = Map::new();
    let user = settings.user.as_deref().unwrap_or(text("User"));
    if !user.is_empty() {
        out.insert("User".into(), json!(user));
    }
    let ports: BTreeSet<String> = settings
        .exposed_ports
        .iter()
        .cloned()
        .chain(keys("ExposedPorts"))
        .collect();
    if !ports.is_empty() {
        let m: Map<String, Value> = ports.into_iter().map(|p| (p, json!({}))).collect();
        out.insert("ExposedPorts".into(), Value::Object(m));
    }
    let mut env = settings.env.clone();
    for e in strings("Env") {
        let key = e.split('=').next().unwrap_or_default();
        if !env.iter().any(|u| u.split('=').next() == Some(key)) {
            env.push(e);
        }
    }
    if !env.is_empty() {
        out.insert("Env".into(), json!(env));
    }
    let mut cmd = settings.cmd.clone();
    let mut entrypoint = settings.entrypoint.clone();
    if entrypoint.as_ref().is_none_or(|e| e.is_empty()) {
        if cmd.as_ref().is_none_or(|c| c.is_empty()) {
            cmd = Some(strings("Cmd"));
        }
        if entrypoint.is_none() {
            entrypoint = Some(strings("Entrypoint"));
        }
    }
    if let Some(cmd) = cmd.filter(|c| !c.is_empty()) {
        out.insert("Cmd".into(), json!(cmd));
    }
    if let Some(h) = container.get("Healthcheck").filter(|v| !v.is_null()) {
        out.insert("Healthcheck".into(), h.clone());
    }
    let volumes: BTreeSet<String> = settings
        .volumes
        .iter()
        .cloned()
        .chain(keys("Volumes"))
        .collect();
    if !volumes.is_empty() {
        let m: Map<String, Value> = volumes.into_iter().map(|v| (v, json!({}))).collect();
        out.insert("Volumes".into(), Value::Object(m));
    }
    let working_dir = settings
        .working_dir
        .as_deref()
        .unwrap_or(text("WorkingDir"));
    if !working_dir.is_empty() {
        out.insert("WorkingDir".into(), json!(working_dir));
    }
    if let Some(entrypoint) = entrypoint.filter(|e| !e.is_empty()) {
        out.insert("Entrypoint".into(), json!(entrypoint));
    }
    if !on_build.is_empty() {
        out.insert("OnBuild".into(), json!(on_build));
    }
    let mut labels: Map<String, Value> = settings
        .labels
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    if let Some(Value::Object(m)) = container.get("Labels") {
        for (k, v) in m {
            labels.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if !labels.is_empty() {
        out.insert("Labels".into(), Value::Object(labels));
    }
    if let Some(s) = container.get("StopSignal").and_then(Value::as_str) {
        out.insert("StopSignal".into(), json!(s));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(list: &[&str]) -> Result<(ImageSettings, Vec<String>), Error> {
        parse_changes(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn only_docker_change_commands() {
        let err = changes(&["RUN x"]).unwrap_err().to_string();
        assert_eq!(err, "run is not a valid change command");
        let err = changes(&["STOPSIGNAL 9"]).unwrap_err().to_string();
        assert_eq!(err, "stopsignal is not a valid change command");
        let (s, on_build) = changes(&["onbuild run echo hi", "ENV A=1"]).unwrap();
        assert_eq!(on_build, vec!["run echo hi"]);
        assert_eq!(s.env, vec!["A=1"]);
    }

    #[test]
    fn merge_as_the_daemon() {
        let container = json!({
            "User": "app", "Env": ["PATH=/bin", "A=0"], "Cmd": ["sh", "-c", "x"],
            "Entrypoint": null, "WorkingDir": "/srv", "Labels": {"a": "1", "b": "2"},
            "ExposedPorts": {"80/tcp": {}},
        });
        let (s, ob) = changes(&[
            r#"CMD ["cat","/x"]"#,
            "ENV A=1",
            "LABEL b=3",
            "EXPOSE 53/udp",
        ])
        .unwrap();
        let m = merge(&s, ob, &container);
        assert_eq!(m["Cmd"], json!(["cat", "/x"]));
        assert_eq!(m["Env"], json!(["A=1", "PATH=/bin"]));
        assert_eq!(m["Labels"], json!({"a": "1", "b": "3"}));
        assert_eq!(m["User"], "app");
        assert_eq!(m["WorkingDir"], "/srv");
        assert!(m["ExposedPorts"]["53/udp"].is_object() && m["ExposedPorts"]["80/tcp"].is_object());
        assert!(m.get("Entrypoint").is_none());

        // No change: the container's command becomes the image's.
        let (s, ob) = changes(&[]).unwrap();
        assert_eq!(merge(&s, ob, &container)["Cmd"], json!(["sh", "-c", "x"]));
        // An ENTRYPOINT change drops the container's CMD.
        let (s, ob) = changes(&[r#"ENTRYPOINT ["/run"]"#]).unwrap();
        let m = merge(&s, ob, &container);
        assert_eq!(m["Entrypoint"], json!(["/run"]));
        assert!(m.get("Cmd").is_none());
    }
}
