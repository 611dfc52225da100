//! Docker-shaped JSON views that more than one command prints (`inspect` falls back to images,
//! `image inspect` shows only them).

use anyhow::Context as _;
use linnet_reference::Reference;
use serde_json::{json, Value};

use crate::context::Context;

/// Docker-style inspect objects for images; fails on the first name that is not an image.
pub async fn image_inspect_json(ctx: &Context, names: &[String]) -> anyhow::Result<Vec<Value>> {
    let client = ctx.client().await?;
    let all = client.image_list(&[]).await?;
    let mut values = Vec::new();
    for name in names {
        let image = crate::util::local_image(&client, name).await?;
        values.push(image_json(&client, &image, &all, ctx.snapshotter()).await?);
    }
    Ok(values)
}

async fn image_json(
    client: &linnet_containerd::Client,
    image: &linnet_containerd::Image,
    all: &[linnet_containerd::Image],
    snapshotter: &str,
) -> anyhow::Result<Value> {
    let (_, manifest, platform) =
        linnet_image::resolve_present(client, image, &linnet_image::Platform::host()).await?;
    let config_bytes = client.content_read(&manifest.config.digest).await?;
    let config: Value = serde_json::from_slice(&config_bytes)
        .with_context(|| format!("invalid image config {}", manifest.config.digest))?;
    let summary = linnet_image::image_summary(client, image, snapshotter).await?;
    let mut repo_tags = Vec::new();
    let mut repo_digests = Vec::new();
    for other in all
        .iter()
        .filter(|i| i.target.digest == image.target.digest)
    {
        if let Ok(r) = Reference::parse(&other.name) {
            if r.tag().is_some() {
                repo_tags.push(r.familiar_string());
            }
            let digest_ref = format!("{}@{}", r.familiar_name(), image.target.digest);
            if !repo_digests.contains(&digest_ref) {
                repo_digests.push(digest_ref);
            }
        }
    }
    let text = |key: &str| config.get(key).cloned().unwrap_or(json!(""));
    Ok(json!({
        "Id": image.target.digest,
        "RepoTags": repo_tags,
        "RepoDigests": repo_digests,
        "Created": config.get("created").cloned().unwrap_or(Value::Null),
        "Author": config.get("author").cloned().unwrap_or(json!("")),
        "Architecture": platform.architecture,
        "Variant": platform.variant,
        "Os": platform.os,
        "Size": summary.size,
        "VirtualSize": summary.size,
        "Config": docker_config(config.get("config")),
        "Parent": "",
        "Comment": text("comment"),
        "Container": text("container"),
        "ContainerConfig": docker_config(config.get("container_config")),
        "DockerVersion": text("docker_version"),
        "RootFS": {
            "Type": config.pointer("/rootfs/type").cloned().unwrap_or(json!("layers")),
            "Layers": config.pointer("/rootfs/diff_ids").cloned().unwrap_or(json!([])),
        },
        "Metadata": {"LastTagTime": image.updated_at.map(|t| t.to_rfc3339())},
        "Descriptor": {
            "mediaType": image.target.media_type,
            "digest": image.target.digest,
            "size": image.target.size,
        },
        "ConfigDigest": manifest.config.digest,
    }))
}

/// An image config's `config` as Docker shows it: its `container.Config`, whose fields are all
/// there (null or empty) also when the OCI config leaves them out, so that `{{.Config.User}}`
/// prints rather than fails.
fn docker_config(oci: Option<&Value>) -> Value {
    let mut out = json!({
        "Hostname": "",
        "Domainname": "",
        "User": "",
        "AttachStdin": false,
        "AttachStdout": false,
        "AttachStderr": false,
        "Tty": false,
        "OpenStdin": false,
        "StdinOnce": false,
        "Env": null,
        "Cmd": null,
        "Image": "",
        "Volumes": null,
        "WorkingDir": "",
        "Entrypoint": null,
        "OnBuild": null,
        "Labels": null,
    });
    if let (Some(Value::Object(given)), Value::Object(map)) = (oci, &mut out) {
        map.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    out
}

/// Adds Docker's `State.Health` to a container's inspect `State` when it has a health check.
pub fn with_health(
    container_dir: &std::path::Path,
    life: &linnet_container::Lifecycle,
    mut state: Value,
) -> Value {
    if life.active_healthcheck().is_none() {
        return state;
    }
    // Before the first start there is no health yet; a running container starts as `starting`.
    let health = linnet_container::health::read_state(container_dir).or_else(|| {
        (state["Running"] == true).then(linnet_container::health::HealthState::starting)
    });
    if let Some(health) = health {
        state["Health"] = json!(health);
    }
    state
}

/// Adds `Config.Healthcheck`, `Config.StopSignal` and `Config.StopTimeout` where Docker shows
/// them (set by a flag or the image).
pub fn with_lifecycle_config(
    mut config: Value,
    life: &linnet_container::Lifecycle,
    stop_signal: &str,
) -> Value {
    if let Some(h) = &life.healthcheck {
        config["Healthcheck"] = json!(h);
    }
    if life.stop_signal_set && !stop_signal.is_empty() {
        config["StopSignal"] = json!(stop_signal);
    }
    if let Some(t) = life.stop_timeout {
        config["StopTimeout"] = json!(t);
    }
    config
}
