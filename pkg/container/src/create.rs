//! Creating a container from a [`CreateRequest`]: the one path that `create`, `run` and (later)
//! `compose` share.
//!
//! The request is plain data in Docker's own syntax (`-v`, `--mount`, `-e`, `--security-opt`...),
//! so that every front end gets the same parsing and the same errors. [`CreateRequest::validate`]
//! checks all of it before anything is made; [`create`] then pulls the image per policy and makes
//! the snapshot, the `/etc` files, the spec and the containerd record, removing everything again
//! when a step fails. New run options (volumes, resource limits, restart policy, health checks)
//! get a field here, a check in `validate`, and their effect in the spec or the record.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use linnet_containerd::{Client, Container};
use linnet_image::{PullPolicy, ResolvedImage};
use linnet_spec::{EtcFiles, NetworkMode, SecurityOptions, SpecOptions, UserMount};

use crate::network::{NetPlan, NetworkFlags};
use crate::record::{mounts_json, Record};
use crate::{meta, ops, Error};

/// Where containers live for one linnet invocation: namespace, snapshotter and directories.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub namespace: String,
    pub snapshotter: String,
    /// Per-container files (logs, `/etc` copies) of this namespace: `<dir>/<id>/`.
    pub containers_dir: PathBuf,
    /// FIFOs of attached processes: `<dir>/<id>/`.
    pub fifo_root: PathBuf,
    /// Global flags that make another linnet process see the same containerd, namespace and data
    /// root (for the detached `_monitor`).
    pub relaunch_args: Vec<OsString>,
    /// Networking of this data root (`None`: only host and none modes work).
    pub network: Option<linnet_network::ManagerConfig>,
    /// The volume store of this namespace: `<data-root>/volumes/<namespace>`.
    pub volumes_dir: PathBuf,
}

impl Scope {
    pub fn container_dir(&self, id: &str) -> PathBuf {
        self.containers_dir.join(id)
    }

    pub fn fifo_dir(&self, id: &str) -> PathBuf {
        self.fifo_root.join(id)
    }
}

/// A container to create, in Docker's flag syntax.
#[derive(Debug, Clone, Default)]
pub struct CreateRequest {
    /// Name; a random one when empty.
    pub name: Option<String>,
    /// The image as the user typed it.
    pub image: String,
    /// Platform of the image (os/arch[/variant]); this machine's when empty.
    pub platform: Option<String>,
    /// Pull policy: missing, always or never.
    pub pull: String,
    /// Arguments after the image (Docker's `CMD` override).
    pub command: Vec<String>,
    pub entrypoint: Option<String>,
    /// `KEY=VALUE`, or `KEY` to copy it from the caller's environment.
    pub env: Vec<String>,
    pub env_files: Vec<PathBuf>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub hostname: Option<String>,
    /// `-v SRC:DST[:OPTS]`.
    pub volumes: Vec<String>,
    /// `--mount type=...,source=...,target=...`.
    pub mounts: Vec<String>,
    /// `--tmpfs PATH[:OPTS]`.
    pub tmpfs: Vec<String>,
    /// `--read-only`: a read-only root filesystem.
    pub read_only: bool,
    /// `--network`: host, none, bridge (the default when empty), a user network, or
    /// `container:NAME`.
    pub network: String,
    /// `-p`, `-P`, `--ip`, `--add-host`, `--dns`...
    pub net: NetworkFlags,
    /// `KEY=VALUE` user labels.
    pub labels: Vec<String>,
    /// `--security-opt` values.
    pub security_opt: Vec<String>,
    pub tty: bool,
    /// Keep stdin open (`-i`).
    pub interactive: bool,
    /// Remove the container when it exits (`--rm`).
    pub auto_remove: bool,
    /// `-m`, `--cpus`, `--pids-limit`, `--ulimit`, `--device`, `--shm-size`, `--group-add`...
    pub resources: crate::ResourceFlags,
    /// `--privileged`, `--cap-add`, `--cap-drop`.
    pub privileges: crate::PrivilegeFlags,
    /// `--init`, `--restart`, `--stop-signal`, `--stop-timeout`, `--health-*`.
    pub lifecycle: crate::LifecycleFlags,
}

/// A request whose flags all parsed: nothing left that can fail on user input alone.
#[derive(Debug, Clone)]
pub struct Validated {
    pub request: CreateRequest,
    /// What the spec generator is told (see [`NetPlan::spec_mode`]).
    pub network: NetworkMode,
    pub net: NetPlan,
    pub labels: HashMap<String, String>,
    pub env: Vec<String>,
    pub mounts: Vec<UserMount>,
    pub policy: PullPolicy,
    pub security: SecurityOptions,
    pub resources: linnet_spec::Resources,
    pub lifecycle: crate::lifecycle_flags::LifecyclePlan,
}

impl CreateRequest {
    /// Parses and checks every flag; `lookup` resolves `-e KEY` from the caller's environment.
    pub fn validate(&self, lookup: impl Fn(&str) -> Option<String>) -> Result<Validated, Error> {
        let net = crate::network::validate(&self.network, &self.net)?;
        crate::netshare::check_conflicts(&net, &self.net, self.hostname.as_deref())?;
        let network = net.spec_mode();
        if let Some(name) = &self.name {
            meta::validate_name(name)?;
        }
        let labels = meta::parse_labels(&self.labels)?;
        let mut env = Vec::new();
        for file in &self.env_files {
            let content =
                std::fs::read_to_string(file).map_err(|e| Error::io("read env file", file, e))?;
            env.extend(linnet_spec::parse_env_file(
                &file.display().to_string(),
                &content,
                &lookup,
            )?);
        }
        env.extend(linnet_spec::resolve_env_flags(&self.env, &lookup)?);
        let mut mounts = Vec::new();
        for v in &self.volumes {
            mounts.push(linnet_spec::parse_volume(v)?);
        }
        for m in &self.mounts {
            mounts.push(linnet_spec::parse_mount(m)?);
        }
        for t in &self.tmpfs {
            mounts.push(linnet_spec::parse_tmpfs(t)?);
        }
        crate::volumes::validate(&mounts)?;
        let policy: PullPolicy = self.pull.parse().map_err(Error::InvalidArgument)?;
        let security = self
            .privileges
            .apply(SecurityOptions::parse(&self.security_opt)?)?;
        let resources = self.resources.parse()?;
        let lifecycle = self.lifecycle.validate(self.auto_remove)?;
        Ok(Validated {
            request: self.clone(),
            network,
            net,
            labels,
            env,
            mounts,
            policy,
            security,
            resources,
            lifecycle,
        })
    }
}

/// How to get the image when the policy says pull.
pub struct ImageSource<'a> {
    pub registry: &'a linnet_registry::Client,
    pub progress: &'a dyn linnet_image::ProgressSink,
}

/// A created container.
pub struct Created {
    pub id: String,
    pub container: Container,
    pub log_path: PathBuf,
}

/// Creates a container: image (pulled per policy), snapshot, spec, record, log file. Everything
/// created is removed again when a later step fails.
pub async fn create(
    client: &Client,
    scope: &Scope,
    request: &CreateRequest,
    images: &ImageSource<'_>,
) -> Result<Created, Error> {
    let mut plan = request.validate(|k| std::env::var(k).ok())?;
    let name = match &request.name {
        Some(name) if !name.is_empty() => name.clone(),
        _ => meta::random_name(),
    };
    if let Some(other) = ops::name_in_use(client, &name).await? {
        return Err(Error::NameInUse { name, other });
    }
    let image = linnet_image::ensure_image(
        client,
        images.registry,
        &request.image,
        plan.policy,
        request.platform.as_deref(),
        &scope.snapshotter,
        images.progress,
    )
    .await
    .map_err(|source| Error::Image {
        reference: request.image.clone(),
        source,
    })?;

    let id = meta::new_id();
    let exposed: Vec<String> = image
        .config
        .config()
        .as_ref()
        .and_then(|c| c.exposed_ports().clone())
        .unwrap_or_default();
    let hostname = hostname_for(&plan, &id);
    crate::network::prepare(
        client,
        scope,
        &mut plan.net,
        &id,
        &name,
        &hostname,
        &exposed,
    )
    .await?;
    let dir = scope.container_dir(&id);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create container directory", &dir, e))?;
    // A lease keeps the new snapshot from garbage collection until the record references it.
    let lease = client.lease_create(Some(Duration::from_secs(3600))).await?;
    let leased = client.with_lease(&lease);
    // Volumes are made last before the container and removed again when it fails.
    let outcome = match crate::volumes::prepare_for_create(scope, &mut plan, &image) {
        Ok(made) => {
            crate::events::objects::container_volumes_created(client, &plan.mounts, &made).await;
            let outcome = create_leased(&leased, scope, &plan, &name, &image, &id, &dir).await;
            if outcome.is_err() {
                crate::volumes::rollback(scope, &made);
            }
            outcome
        }
        Err(e) => Err(e),
    };
    let _ = client.lease_delete(&lease).await;
    match outcome {
        Ok(created) => Ok(created),
        Err(err) => {
            let _ = client.container_delete(&id).await;
            let _ = client.snapshot_remove(&scope.snapshotter, &id).await;
            let _ = std::fs::remove_dir_all(&dir);
            Err(err)
        }
    }
}

async fn create_leased(
    client: &Client,
    scope: &Scope,
    plan: &Validated,
    name: &str,
    image: &ResolvedImage,
    id: &str,
    dir: &Path,
) -> Result<Created, Error> {
    let request = &plan.request;
    let mounts = client
        .snapshot_prepare(
            &scope.snapshotter,
            id,
            Some(&image.chain_id),
            &HashMap::new(),
        )
        .await
        .map_err(Error::PrepareRootfs)?;
    let userdb = crate::rootfs::userdb_from_mounts(&mounts)?;
    crate::volumes::populate(scope, dir, &plan.mounts, &mounts)?;
    // `--network container:X` takes X's host name, as Docker.
    let hostname = match crate::netshare::shared_hostname(client, &plan.net).await? {
        Some(h) => h,
        None => hostname_for(plan, id),
    };
    // A container with a netns from `linnet-network` gets its /etc files from there (written at
    // attach); the others get copies of the host's.
    let etc_files = match crate::network::etc_files(client, scope, &plan.net, id).await? {
        Some(files) => files,
        None => write_etc_files(dir, &hostname, plan.network)?,
    };
    let image_config = image.config.config().as_ref();
    let mut options = spec_options(plan, id, &scope.namespace, &hostname, etc_files);
    options.userdb = userdb;
    let mut spec = linnet_spec::generate(image_config, &options)?;
    if request.read_only {
        linnet_spec::apply_read_only(&mut spec, &plan.mounts);
    }
    if let Some(init) = &plan.lifecycle.init {
        crate::init::apply(&mut spec, init)?;
    }

    let log_path = crate::logfile::log_path(dir, id);
    let (entrypoint, cmd) = linnet_spec::split_command(
        image_config,
        request.entrypoint.as_deref(),
        &request.command,
    );
    let record = Record {
        name: name.to_string(),
        hostname,
        auto_remove: request.auto_remove,
        log_path: log_path.display().to_string(),
        platform: image.platform.to_string(),
        stop_signal: plan
            .lifecycle
            .stop_signal
            .clone()
            .or_else(|| image_config.and_then(|c| c.stop_signal().clone()))
            .unwrap_or_else(|| "SIGTERM".to_string()),
        network: plan.net.mode_text(),
        tty: request.tty,
        stdin_open: request.interactive,
        image_ref: request.image.clone(),
        image_id: image.image_digest.clone(),
        entrypoint,
        cmd,
        mounts: mounts_json(&plan.mounts),
        security_opt: plan.security.given.clone(),
    };
    let mut labels = plan.labels.clone();
    labels.extend(record.encode()?);
    let image_stop_signal = image_config.is_some_and(|c| c.stop_signal().is_some());
    labels.extend(
        plan.lifecycle
            .labels(&image.config_json, image_stop_signal)?,
    );
    labels.insert(
        crate::resources::HOST_CONFIG_LABEL.to_string(),
        crate::HostSettings {
            resources: plan.resources.clone(),
            privileged: plan.security.privileged,
            cap_add: plan.security.cap_add.clone(),
            cap_drop: plan.security.cap_drop.clone(),
        }
        .encode()?,
    );
    labels.insert(
        crate::network::NET_LABEL.to_string(),
        plan.net.config.encode()?,
    );
    let spec =
        crate::network::finish_spec(client, scope, &plan.net, id, &linnet_spec::to_json(&spec)?)
            .await?;
    let container = Container {
        id: id.to_string(),
        image: image.name.clone(),
        labels,
        runtime: ops::RUNTIME.to_string(),
        snapshotter: scope.snapshotter.clone(),
        snapshot_key: id.to_string(),
        spec,
        created_at: None,
        updated_at: None,
    };
    client
        .container_create(&container)
        .await
        .map_err(Error::CreateRecord)?;
    crate::LogWriter::open(&log_path)?;
    let container = client.container_get(id).await?.unwrap_or(container);
    Ok(Created {
        id: id.to_string(),
        container,
        log_path,
    })
}

/// The container's host name: the flag, else the host's (host network) or the short ID.
fn hostname_for(plan: &Validated, id: &str) -> String {
    let short = || id.get(..12).unwrap_or(id).to_string();
    match (&plan.request.hostname, plan.network) {
        (Some(h), _) => h.clone(),
        (None, NetworkMode::Host) => nix::unistd::gethostname()
            .ok()
            .and_then(|h| h.into_string().ok())
            .unwrap_or_else(short),
        (None, NetworkMode::None) => short(),
    }
}

/// The spec generator's input for a validated request (the user database comes from the
/// rootfs and is filled in by the caller).
pub fn spec_options(
    plan: &Validated,
    id: &str,
    namespace: &str,
    hostname: &str,
    etc_files: EtcFiles,
) -> SpecOptions {
    let request = &plan.request;
    SpecOptions {
        id: id.to_string(),
        namespace: namespace.to_string(),
        args: request.command.clone(),
        entrypoint: request.entrypoint.clone(),
        env: plan.env.clone(),
        workdir: request.workdir.clone(),
        user: request.user.clone(),
        hostname: hostname.to_string(),
        tty: request.tty,
        network: plan.network,
        mounts: plan.mounts.clone(),
        etc_files,
        userdb: Default::default(),
        nofile: linnet_spec::nofile_limit(),
        security: plan.security.clone(),
        resources: plan.resources.clone(),
        host: linnet_spec::HostInfo::detect(),
    }
}

/// Writes `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf` for the container.
fn write_etc_files(dir: &Path, hostname: &str, network: NetworkMode) -> Result<EtcFiles, Error> {
    let write = |name: &str, content: String| {
        let path = dir.join(name);
        std::fs::write(&path, content).map_err(|e| Error::io("write", &path, e))?;
        Ok::<_, Error>(path)
    };
    let hosts = match network {
        NetworkMode::Host => std::fs::read_to_string("/etc/hosts").unwrap_or_default(),
        NetworkMode::None => format!(
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.1\t{hostname}\n"
        ),
    };
    let resolv = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    Ok(EtcFiles {
        hostname: Some(write("hostname", format!("{hostname}\n"))?),
        hosts: Some(write("hosts", hosts)?),
        resolv_conf: Some(write("resolv.conf", resolv)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CreateRequest {
        CreateRequest {
            image: "alpine".into(),
            pull: "missing".into(),
            network: "none".into(),
            ..Default::default()
        }
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn validates_a_full_request() {
        let req = CreateRequest {
            name: Some("web-1".into()),
            env: vec!["A=1".into(), "B".into()],
            volumes: vec!["/tmp:/data:ro".into()],
            mounts: vec!["type=tmpfs,target=/run".into()],
            labels: vec!["tier=front".into()],
            security_opt: vec!["no-new-privileges".into()],
            ..request()
        };
        let plan = req
            .validate(|k| (k == "B").then(|| "2".to_string()))
            .unwrap();
        assert_eq!(plan.network, NetworkMode::None);
        assert_eq!(plan.env, vec!["A=1", "B=2"]);
        assert_eq!(plan.mounts.len(), 2);
        assert!(plan.mounts[0].readonly);
        assert_eq!(plan.labels["tier"], "front");
        assert_eq!(plan.policy, PullPolicy::Missing);
        assert!(plan.security.no_new_privileges);
    }

    #[test]
    fn rejects_bad_flags() {
        let bad = [
            CreateRequest {
                network: "container:".into(),
                ..request()
            },
            CreateRequest {
                name: Some("-bad".into()),
                ..request()
            },
            CreateRequest {
                pull: "sometimes".into(),
                ..request()
            },
            CreateRequest {
                volumes: vec!["bad/name:/x".into()],
                ..request()
            },
            CreateRequest {
                volumes: vec!["/tmp:relative".into()],
                ..request()
            },
            CreateRequest {
                volumes: vec!["v1:/data".into()],
                tmpfs: vec!["/data".into()],
                ..request()
            },
            CreateRequest {
                security_opt: vec!["label=bogus".into()],
                ..request()
            },
            CreateRequest {
                privileges: crate::PrivilegeFlags {
                    cap_add: vec!["CAP_NOPE".into()],
                    ..Default::default()
                },
                ..request()
            },
            CreateRequest {
                resources: crate::ResourceFlags {
                    memory: Some("4m".into()),
                    ..Default::default()
                },
                ..request()
            },
            CreateRequest {
                env_files: vec!["/nonexistent/linnet-env".into()],
                ..request()
            },
        ];
        for req in bad {
            assert!(req.validate(no_env).is_err(), "{req:?} accepted");
        }
    }

    #[test]
    fn missing_env_file_names_the_file() {
        let req = CreateRequest {
            env_files: vec!["/nonexistent/linnet-env".into()],
            ..request()
        };
        let err = req.validate(no_env).unwrap_err().to_string();
        assert!(
            err.starts_with("cannot read env file /nonexistent/linnet-env"),
            "{err}"
        );
    }

    #[test]
    fn builds_the_spec_from_a_request() {
        let req = CreateRequest {
            command: vec!["echo".into(), "hi".into()],
            env: vec!["A=1".into()],
            workdir: Some("/srv".into()),
            hostname: Some("box".into()),
            security_opt: vec!["no-new-privileges".into()],
            tty: true,
            ..request()
        };
        let plan = req.validate(no_env).unwrap();
        let id = "0123456789abcdef".repeat(4);
        assert_eq!(hostname_for(&plan, &id), "box");
        let options = spec_options(&plan, &id, "default", "box", EtcFiles::default());
        let spec = linnet_spec::generate(None, &options).unwrap();
        let process = spec.process().as_ref().unwrap();
        assert_eq!(process.args().as_ref().unwrap(), &vec!["echo", "hi"]);
        assert!(process.env().as_ref().unwrap().iter().any(|e| e == "A=1"));
        assert_eq!(process.cwd(), &PathBuf::from("/srv"));
        assert!(process.terminal().unwrap_or(false));
        assert_eq!(process.no_new_privileges(), Some(true));
        assert_eq!(spec.hostname().as_deref(), Some("box"));
    }

    #[test]
    fn hostname_defaults_to_the_short_id_without_network() {
        let plan = request().validate(no_env).unwrap();
        let id = "0123456789abcdef".repeat(4);
        assert_eq!(hostname_for(&plan, &id), "0123456789ab");
    }
}
