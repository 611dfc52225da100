//! Volumes of containers: where `linnet-volume`'s store meets the container lifecycle.
//!
//! - create: image `VOLUME`s become anonymous volumes, named volumes are made on demand,
//!   anonymous ones get fresh 64-hex names, missing `-v` bind sources are created
//!   ([`prepare`]; undone by [`rollback`] when a later step fails), then the image's content is
//!   copied into empty volumes ([`populate`]);
//! - start: volumes with local-driver options are mounted ([`mount_for_start`]);
//! - rm: anonymous volumes go with `rm -v` and `run --rm`, driver mounts no container needs any
//!   more are undone ([`release`]);
//! - `volume rm`/`prune`: a volume is in use while any container of the namespace, running or
//!   not, records it in its mounts ([`users`]).
//!
//! Which volumes a container uses is read back from its record (`Mounts`, Docker's inspect
//! entries); `HostConfig.Binds`/`Tmpfs`/`ReadonlyRootfs` are kept in one label of their own.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use linnet_containerd::{Client, Container};
use linnet_spec::{MountKind, UserMount};
use linnet_volume::{driver, listing, CreateOptions, Store, Volume};
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use serde::{Deserialize, Serialize};

use crate::record::Record;
use crate::{Error, Scope};

/// Label holding [`HostMounts`].
pub const HOST_MOUNTS_LABEL: &str = "linnet/host-mounts";

/// What inspect shows in `HostConfig` about mounts (and `Config.Volumes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostMounts {
    /// `-v` entries with a source, as given.
    #[serde(default)]
    pub binds: Vec<String>,
    /// `--tmpfs` destination → options.
    #[serde(default)]
    pub tmpfs: BTreeMap<String, String>,
    #[serde(default)]
    pub readonly_rootfs: bool,
    /// Destinations of anonymous volumes (`Config.Volumes`).
    #[serde(default)]
    pub anonymous: Vec<String>,
}

impl HostMounts {
    pub fn encode(&self) -> Result<String, Error> {
        Ok(serde_json::to_string(self)?)
    }

    /// Docker's `Config.Volumes`: `{"/path": {}}` per anonymous volume, null when none.
    pub fn config_volumes(&self) -> serde_json::Value {
        if self.anonymous.is_empty() {
            return serde_json::Value::Null;
        }
        self.anonymous
            .iter()
            .map(|d| (d.clone(), serde_json::json!({})))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }

    /// Docker's `HostConfig.Tmpfs`: null when no `--tmpfs` was given.
    pub fn tmpfs_json(&self) -> serde_json::Value {
        if self.tmpfs.is_empty() {
            return serde_json::Value::Null;
        }
        serde_json::json!(self.tmpfs)
    }

    pub fn decode(labels: &HashMap<String, String>) -> HostMounts {
        labels
            .get(HOST_MOUNTS_LABEL)
            .and_then(|v| serde_json::from_str(v).ok())
            .unwrap_or_default()
    }
}

/// The volume store of this scope's namespace.
pub fn store(scope: &Scope) -> Store {
    Store::new(&scope.volumes_dir)
}

/// Checks what can be checked before anything exists: volume names, driver options and
/// duplicate mount points.
pub fn validate(mounts: &[UserMount]) -> Result<(), Error> {
    for m in mounts.iter().filter(|m| m.kind == MountKind::Volume) {
        let name = match &m.name {
            Some(name) => {
                linnet_volume::store::validate_name(name)?;
                name.clone()
            }
            None => "<anonymous>".to_string(),
        };
        linnet_volume::store::validate_options(&name, None, &m.volume_options)?;
    }
    if let Some(dst) = linnet_spec::duplicate_destination(mounts) {
        return Err(Error::InvalidArgument(format!(
            "Duplicate mount point: {dst}"
        )));
    }
    Ok(())
}

/// [`prepare`] for `create`: the image's `VOLUME`s join the plan's mounts, and the
/// `HostConfig` view of the request goes into the plan's labels.
pub fn prepare_for_create(
    scope: &Scope,
    plan: &mut crate::Validated,
    image: &linnet_image::ResolvedImage,
) -> Result<Vec<String>, Error> {
    let image_volumes: Vec<String> = image
        .config
        .config()
        .as_ref()
        .and_then(|c| c.volumes().clone())
        .unwrap_or_default();
    let request = &plan.request;
    let mut host = host_mounts(
        &request.volumes,
        &request.tmpfs,
        request.read_only,
        &plan.mounts,
    );
    let before = plan.mounts.len();
    let created = prepare(scope, &mut plan.mounts, &image_volumes)?;
    host.anonymous.extend(
        plan.mounts[before.min(plan.mounts.len())..]
            .iter()
            .map(|m| m.destination.clone()),
    );
    match host.encode() {
        Ok(label) => {
            plan.labels.insert(HOST_MOUNTS_LABEL.to_string(), label);
            Ok(created)
        }
        Err(e) => {
            rollback(scope, &created);
            Err(e)
        }
    }
}

/// Adds the image's `VOLUME`s (unless a mount targets them), creates the volumes and missing
/// `-v` bind sources and fills in every volume's source. Returns the volumes this call made
/// (for [`rollback`]); on error nothing it made is left.
pub fn prepare(
    scope: &Scope,
    mounts: &mut Vec<UserMount>,
    image_volumes: &[String],
) -> Result<Vec<String>, Error> {
    for path in image_volumes {
        let taken = mounts
            .iter()
            .any(|m| m.destination.trim_end_matches('/') == path.trim_end_matches('/'));
        if !taken && path.starts_with('/') && !path.trim_end_matches('/').is_empty() {
            mounts.push(UserMount {
                kind: MountKind::Volume,
                destination: path.clone(),
                ..Default::default()
            });
        }
    }
    let store = store(scope);
    let mut created = Vec::new();
    let outcome = (|| {
        for m in mounts.iter_mut() {
            match m.kind {
                MountKind::Volume => {
                    let (volume, made) = store.create(&CreateOptions {
                        name: m.name.clone(),
                        driver: None,
                        labels: m.volume_labels.clone(),
                        options: m.volume_options.clone(),
                        anonymous: m.name.is_none(),
                    })?;
                    if made {
                        created.push(volume.meta.name.clone());
                    }
                    m.name = Some(volume.meta.name.clone());
                    m.source = volume.mountpoint.clone();
                }
                MountKind::Bind if m.create_source && !m.source.exists() => {
                    // Docker's `-v` makes a missing source as root, 0755.
                    std::fs::create_dir_all(&m.source)
                        .map_err(|e| Error::io("create bind source", &m.source, e))?;
                }
                _ => {}
            }
        }
        Ok::<_, Error>(())
    })();
    match outcome {
        Ok(()) => Ok(created),
        Err(e) => {
            rollback(scope, &created);
            Err(e)
        }
    }
}

/// Removes the volumes a failed create made.
pub fn rollback(scope: &Scope, created: &[String]) {
    let store = store(scope);
    for name in created {
        if let Err(e) = store.remove(name) {
            tracing::warn!("cannot remove volume {name}: {e}");
        }
    }
}

/// Copies the image's content at each volume's destination into the volume when it is empty
/// and the image has a directory there (not with `nocopy`). `rootfs` are the container's fresh
/// snapshot mounts, mounted read-only under `dir` for the copy.
pub fn populate(
    scope: &Scope,
    dir: &Path,
    mounts: &[UserMount],
    rootfs: &[linnet_containerd::Mount],
) -> Result<(), Error> {
    let store = store(scope);
    let mut todo: Vec<(Volume, &str)> = Vec::new();
    for m in mounts
        .iter()
        .filter(|m| m.kind == MountKind::Volume && !m.nocopy)
    {
        let Some(name) = &m.name else { continue };
        let volume = store.get(name)?;
        driver::mount_volume(&volume)?;
        if linnet_volume::store::is_empty(&volume)? {
            todo.push((volume, m.destination.as_str()));
        }
    }
    if todo.is_empty() {
        return Ok(());
    }
    let view = RootfsView::mount(dir, rootfs)?;
    let _lock = store.lock()?;
    for (volume, destination) in todo {
        let Some(src) = linnet_volume::copy::resolve_in_root(view.root(), destination) else {
            continue;
        };
        if src.is_dir() && linnet_volume::store::is_empty(&volume)? {
            linnet_volume::copy::copy_tree(&src, &volume.mountpoint)?;
        }
    }
    Ok(())
}

/// A container snapshot mounted read-only for reading, unmounted on drop.
struct RootfsView {
    root: PathBuf,
    mounted: bool,
}

impl RootfsView {
    fn mount(dir: &Path, rootfs: &[linnet_containerd::Mount]) -> Result<RootfsView, Error> {
        // A single bind mount is its directory; anything else is mounted.
        if let [m] = rootfs {
            if m.r#type == "bind" || m.options.iter().any(|o| o == "bind" || o == "rbind") {
                return Ok(RootfsView {
                    root: PathBuf::from(&m.source),
                    mounted: false,
                });
            }
        }
        let [m] = rootfs else {
            return Err(Error::InvalidArgument(format!(
                "cannot read the image for volume copy: {} rootfs mounts",
                rootfs.len()
            )));
        };
        let root = dir.join("volume-copy-rootfs");
        std::fs::create_dir_all(&root).map_err(|e| Error::io("create", &root, e))?;
        let (flags, data) = driver::split_options(&m.options.join(","));
        mount(
            Some(m.source.as_str()),
            &root,
            Some(m.r#type.as_str()),
            flags | MsFlags::MS_RDONLY,
            (!data.is_empty()).then_some(data.as_str()),
        )
        .map_err(|e| {
            let _ = std::fs::remove_dir(&root);
            Error::io("mount the image for volume copy at", &root, e.into())
        })?;
        Ok(RootfsView {
            root,
            mounted: true,
        })
    }

    fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for RootfsView {
    fn drop(&mut self) {
        if self.mounted {
            // A plain unmount: runc mounts the same overlay upper right after.
            if let Err(e) = nix::mount::umount(&self.root) {
                tracing::warn!("cannot unmount {}: {e}", self.root.display());
                let _ = umount2(&self.root, MntFlags::MNT_DETACH);
            }
            let _ = std::fs::remove_dir(&self.root);
        }
    }
}

/// Names of the volumes a container records in its mounts.
pub fn volume_names(c: &Container) -> Vec<String> {
    Record::decode(&c.labels)
        .mounts
        .iter()
        .filter(|m| m["Type"] == "volume")
        .filter_map(|m| m["Name"].as_str().map(str::to_string))
        .collect()
}

/// Names of the volumes that were anonymous for this container (`-v /p`, `--mount` without a
/// source, image `VOLUME`): what `rm -v` removes. As Docker, this is a property of the
/// container's mount, not of the volume.
pub fn anonymous_names(c: &Container) -> Vec<String> {
    let host = HostMounts::decode(&c.labels);
    Record::decode(&c.labels)
        .mounts
        .iter()
        .filter(|m| m["Type"] == "volume")
        .filter(|m| {
            m["Destination"]
                .as_str()
                .is_some_and(|d| host.anonymous.iter().any(|a| a == d))
        })
        .filter_map(|m| m["Name"].as_str().map(str::to_string))
        .collect()
}

/// Volume name → IDs of the containers (any state) that use it.
pub async fn users(client: &Client) -> Result<BTreeMap<String, Vec<String>>, Error> {
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in client.container_list(&[]).await? {
        for name in volume_names(&c) {
            users.entry(name).or_default().push(c.id.clone());
        }
    }
    Ok(users)
}

/// Mounts the local-driver volumes of a container about to start.
pub fn mount_for_start(scope: &Scope, c: &Container) -> Result<(), Error> {
    let store = store(scope);
    for name in volume_names(c) {
        if let Some(volume) = store.find(&name)? {
            driver::mount_volume(&volume)?;
        }
    }
    Ok(())
}

/// After `c` was removed: its anonymous volumes go too when `anonymous` (`rm -v`, `run --rm`)
/// unless another container uses them, and driver mounts nobody uses are undone.
pub async fn release(
    client: &Client,
    scope: &Scope,
    c: &Container,
    anonymous: bool,
) -> Result<(), Error> {
    let names = volume_names(c);
    if names.is_empty() {
        return Ok(());
    }
    let users = users(client).await?;
    let store = store(scope);
    let anonymous_here = anonymous_names(c);
    for name in names {
        if users
            .get(&name)
            .is_some_and(|u| u.iter().any(|id| *id != c.id))
        {
            continue;
        }
        let Some(volume) = store.find(&name)? else {
            continue;
        };
        if anonymous && anonymous_here.contains(&name) {
            store.remove(&name)?;
            crate::events::objects::volume_event(client, "destroy", &name).await;
        } else {
            driver::unmount(&volume)?;
        }
    }
    Ok(())
}

/// `volume rm`: refuses a volume any container uses (Docker: even a stopped one; `-f` does not
/// change that).
pub async fn remove(client: &Client, scope: &Scope, name: &str) -> Result<(), Error> {
    let store = store(scope);
    store.get(name)?;
    if let Some(ids) = users(client).await?.get(name) {
        return Err(linnet_volume::Error::InUse {
            name: name.to_string(),
            users: ids.join(", "),
        }
        .into());
    }
    store.remove(name)?;
    crate::events::objects::volume_event(client, "destroy", name).await;
    Ok(())
}

/// `volume prune`: removes every unused volume that passes `filters` (Docker 20.10 prunes named
/// volumes too). Returns the removed names and the bytes they held.
pub async fn prune(
    client: &Client,
    scope: &Scope,
    filters: &listing::Filters,
) -> Result<(Vec<String>, u64), Error> {
    let store = store(scope);
    let users = users(client).await?;
    let mut removed = Vec::new();
    let mut reclaimed = 0;
    for volume in store.list()? {
        if users.contains_key(volume.name()) || !filters.matches(&volume, false) {
            continue;
        }
        let size = store.usage(&volume);
        match store.remove(volume.name()) {
            Ok(()) => {
                reclaimed += size;
                crate::events::objects::volume_event(client, "destroy", volume.name()).await;
                removed.push(volume.meta.name.clone());
            }
            Err(e) => tracing::warn!("cannot remove volume {}: {e}", volume.name()),
        }
    }
    Ok((removed, reclaimed))
}

/// The `HostConfig` part of a request: `-v` entries with a source, `--tmpfs` and `--read-only`.
pub fn host_mounts(
    volumes: &[String],
    tmpfs: &[String],
    read_only: bool,
    mounts: &[UserMount],
) -> HostMounts {
    HostMounts {
        binds: volumes
            .iter()
            .filter(|v| v.contains(':'))
            .cloned()
            .collect(),
        tmpfs: tmpfs
            .iter()
            .map(|t| {
                let (p, o) = t.split_once(':').unwrap_or((t, ""));
                (p.to_string(), o.to_string())
            })
            .collect(),
        readonly_rootfs: read_only,
        anonymous: mounts
            .iter()
            .filter(|m| m.kind == MountKind::Volume && m.name.is_none())
            .map(|m| m.destination.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(dir: &Path) -> Scope {
        Scope {
            volumes_dir: dir.join("volumes/ns"),
            ..Default::default()
        }
    }

    fn parse(v: &[&str]) -> Vec<UserMount> {
        v.iter()
            .map(|s| linnet_spec::parse_volume(s).unwrap())
            .collect()
    }

    #[test]
    fn validate_refuses_before_anything_exists() {
        assert!(validate(&parse(&["data:/a", "/b"])).is_ok());
        let e = validate(&parse(&["data:/a", "other:/a/"])).unwrap_err();
        assert_eq!(e.to_string(), "Duplicate mount point: /a");
        assert!(validate(&parse(&["bad/name:/a"])).is_err());
        let m = linnet_spec::parse_mount("type=volume,dst=/b,volume-opt=type=tmpfs").unwrap();
        assert!(validate(&[m])
            .unwrap_err()
            .to_string()
            .contains("missing required option: \"device\""));
    }

    #[test]
    fn prepare_makes_volumes_and_sources_and_rollback_undoes_them() {
        let tmp = tempfile::tempdir().unwrap();
        let scope = scope(tmp.path());
        let store = store(&scope);
        store
            .create(&CreateOptions {
                name: Some("existing".into()),
                ..Default::default()
            })
            .unwrap();
        let bind_src = tmp.path().join("made/by/v");
        let mut mounts = parse(&[
            "existing:/e",
            "fresh:/f",
            "/anon",
            &format!("{}:/b", bind_src.display()),
        ]);
        let image = vec!["/anon".to_string(), "/img/".to_string()];
        let created = prepare(&scope, &mut mounts, &image).unwrap();
        // The image's /anon is taken by the flag's; /img/ gets its own anonymous volume.
        assert_eq!(mounts.len(), 5);
        assert_eq!(created.len(), 3, "{created:?}");
        assert!(!created.contains(&"existing".to_string()));
        assert!(bind_src.is_dir());
        for m in mounts.iter().filter(|m| m.kind == MountKind::Volume) {
            let name = m.name.as_ref().unwrap();
            assert_eq!(m.source, store.get(name).unwrap().mountpoint);
        }
        rollback(&scope, &created);
        let left: Vec<String> = store
            .list()
            .unwrap()
            .iter()
            .map(|v| v.name().to_string())
            .collect();
        assert_eq!(left, vec!["existing"]);
    }

    #[test]
    fn host_mounts_for_inspect() {
        let mounts = parse(&["/anon", "v:/v"]);
        let h = host_mounts(
            &["/anon".into(), "v:/v".into(), "/tmp:/t:ro".into()],
            &["/run:size=1m".into(), "/x".into()],
            true,
            &mounts,
        );
        assert_eq!(h.binds, vec!["v:/v", "/tmp:/t:ro"]);
        assert_eq!(h.tmpfs["/run"], "size=1m");
        assert_eq!(h.tmpfs["/x"], "");
        assert_eq!(h.anonymous, vec!["/anon"]);
        assert_eq!(h.config_volumes(), serde_json::json!({"/anon": {}}));
        let mut labels = HashMap::new();
        labels.insert(HOST_MOUNTS_LABEL.to_string(), h.encode().unwrap());
        assert_eq!(HostMounts::decode(&labels), h);
    }
}
