//! `linnet create`: create a container (snapshot, spec, containerd record) without starting it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use linnet_container::{labels, ops};
use linnet_image::PullPolicy;
use linnet_spec::{EtcFiles, NetworkMode, SpecOptions};

use crate::context::Context;
use crate::exit::{ExitError, CODE_CANNOT_INVOKE, CODE_FAILURE, CODE_NOT_FOUND};
use crate::output::{progress_for, Stream};

/// Options shared by `create` and `run`.
#[derive(Debug, Clone, Args)]
pub struct ContainerOptions {
    /// Assign a name to the container
    #[arg(long)]
    pub name: Option<String>,
    /// Keep STDIN open
    #[arg(short = 'i', long)]
    pub interactive: bool,
    /// Allocate a pseudo-TTY
    #[arg(short = 't', long)]
    pub tty: bool,
    /// Set environment variables (KEY=VALUE, or KEY to copy it from this environment)
    #[arg(short = 'e', long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Read environment variables from a file
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_file: Vec<PathBuf>,
    /// Working directory inside the container
    #[arg(short = 'w', long)]
    pub workdir: Option<String>,
    /// Username or UID (format: <name|uid>[:<group|gid>])
    #[arg(short = 'u', long)]
    pub user: Option<String>,
    /// Overwrite the default ENTRYPOINT of the image
    #[arg(long)]
    pub entrypoint: Option<String>,
    /// Container host name
    #[arg(short = 'h', long)]
    pub hostname: Option<String>,
    /// Bind mount a volume (SRC:DST[:ro|rw])
    #[arg(short = 'v', long = "volume", value_name = "SRC:DST[:OPTS]")]
    pub volumes: Vec<String>,
    /// Attach a filesystem mount (type=bind,source=...,target=...[,readonly])
    #[arg(long = "mount", value_name = "SPEC")]
    pub mounts: Vec<String>,
    /// Connect the container to a network: host or none
    #[arg(
        long = "network",
        alias = "net",
        default_value = "host",
        value_name = "MODE"
    )]
    pub network: String,
    /// Security options: seccomp=unconfined|PROFILE.json, no-new-privileges[=true|false]
    #[arg(long = "security-opt", value_name = "OPT")]
    pub security_opt: Vec<String>,
    /// Pull the image before creating: missing, always or never
    #[arg(long, default_value = "missing", value_name = "POLICY")]
    pub pull: String,
    /// Platform of the image (os/arch[/variant])
    #[arg(long)]
    pub platform: Option<String>,
    /// Set metadata on the container (KEY=VALUE)
    #[arg(short = 'l', long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,
    /// Suppress the pull output
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Image to run, then the command and its arguments. Everything after the image belongs to
    /// the command, as in Docker (`run IMAGE ls -l`).
    #[arg(
        value_name = "IMAGE [COMMAND] [ARG...]",
        required = true,
        num_args = 1..,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
    /// The image (first of `args`), set by [`ContainerOptions::split_args`].
    #[arg(skip)]
    pub image: String,
    /// The command (rest of `args`), set by [`ContainerOptions::split_args`].
    #[arg(skip)]
    pub command: Vec<String>,
}

impl ContainerOptions {
    /// Splits the positional arguments into the image and the command. An unknown flag before
    /// the image lands here (the positional accepts hyphens so that the command's flags pass
    /// through untouched) and is a usage error, as in Docker.
    pub fn split_args(&mut self, command: &str) -> Result<(), crate::exit::ExitError> {
        let mut args = std::mem::take(&mut self.args).into_iter();
        self.image = args.next().unwrap_or_default();
        self.command = args.collect();
        if self.image.starts_with('-') {
            return Err(crate::exit::ExitError::new(
                crate::exit::CODE_FAILURE,
                format!(
                    "unknown flag: {}\nSee 'linnet {command} --help'.",
                    self.image
                ),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct CreateArgs {
    /// Print help (`-h` is `--hostname`, as in Docker)
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    #[command(flatten)]
    pub options: ContainerOptions,
}

pub async fn run(ctx: &Context, mut args: CreateArgs) -> anyhow::Result<u8> {
    args.options.split_args("create")?;
    let outcome = async {
        let client = ctx.client().await?;
        let created = create_container(ctx, &client, &args.options, false).await?;
        println!("{}", created.id);
        anyhow::Ok(0)
    }
    .await;
    outcome.map_err(as_run_failure)
}

/// Docker's `run`/`create` exit with 125 when they fail themselves; errors that already carry a
/// code (126, 127) keep it.
pub fn as_run_failure(err: anyhow::Error) -> anyhow::Error {
    if err.chain().any(|e| e.downcast_ref::<ExitError>().is_some()) {
        err
    } else {
        err.context(ExitError::new(CODE_FAILURE, ""))
    }
}

/// Maps a container-crate error to Docker's exit code where it has one (126/127).
pub fn container_error(err: linnet_container::Error) -> anyhow::Error {
    match &err {
        linnet_container::Error::CommandNotFound(m) => {
            ExitError::new(CODE_NOT_FOUND, m.clone()).into()
        }
        linnet_container::Error::CommandNotInvokable(m) => {
            ExitError::new(CODE_CANNOT_INVOKE, m.clone()).into()
        }
        _ => err.into(),
    }
}

/// Validated inputs that do not need containerd.
struct Prepared {
    network: NetworkMode,
    name: String,
    labels: HashMap<String, String>,
    env: Vec<String>,
    mounts: Vec<linnet_spec::UserMount>,
    policy: PullPolicy,
    security: linnet_spec::SecurityOptions,
}

fn prepare(opts: &ContainerOptions) -> anyhow::Result<Prepared> {
    let network: NetworkMode = opts.network.parse()?;
    if let Some(name) = &opts.name {
        linnet_container::meta::validate_name(name)?;
    }
    let labels = linnet_container::meta::parse_labels(&opts.labels)?;
    let lookup = |k: &str| std::env::var(k).ok();
    let mut env = Vec::new();
    for file in &opts.env_file {
        let content = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read env file {}", file.display()))?;
        env.extend(linnet_spec::parse_env_file(
            &file.display().to_string(),
            &content,
            lookup,
        )?);
    }
    env.extend(linnet_spec::resolve_env_flags(&opts.env, lookup)?);
    let mut mounts = Vec::new();
    for v in &opts.volumes {
        mounts.push(linnet_spec::parse_volume(v)?);
    }
    for m in &opts.mounts {
        mounts.push(linnet_spec::parse_mount(m)?);
    }
    let policy: PullPolicy = opts.pull.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let security = linnet_spec::SecurityOptions::parse(&opts.security_opt)?;
    Ok(Prepared {
        network,
        name: opts.name.clone().unwrap_or_default(),
        labels,
        env,
        mounts,
        policy,
        security,
    })
}

/// A created container and what `run` needs to start it.
pub struct Created {
    pub id: String,
    pub container: linnet_containerd::Container,
    pub log_path: PathBuf,
}

/// Writes `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf` for the container.
fn write_etc_files(dir: &Path, hostname: &str, network: NetworkMode) -> anyhow::Result<EtcFiles> {
    let hostname_path = dir.join("hostname");
    std::fs::write(&hostname_path, format!("{hostname}\n"))
        .with_context(|| format!("cannot write {}", hostname_path.display()))?;
    let hosts_path = dir.join("hosts");
    let hosts = match network {
        NetworkMode::Host => std::fs::read_to_string("/etc/hosts").unwrap_or_default(),
        NetworkMode::None => format!(
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.1\t{hostname}\n"
        ),
    };
    std::fs::write(&hosts_path, hosts)
        .with_context(|| format!("cannot write {}", hosts_path.display()))?;
    let resolv_path = dir.join("resolv.conf");
    let resolv = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
    std::fs::write(&resolv_path, resolv)
        .with_context(|| format!("cannot write {}", resolv_path.display()))?;
    Ok(EtcFiles {
        hostname: Some(hostname_path),
        hosts: Some(hosts_path),
        resolv_conf: Some(resolv_path),
    })
}

/// Creates a container: image (pulled per policy), snapshot, spec, record, log file. Everything
/// created is removed again when a later step fails.
pub async fn create_container(
    ctx: &Context,
    client: &linnet_containerd::Client,
    opts: &ContainerOptions,
    auto_remove: bool,
) -> anyhow::Result<Created> {
    let prepared = prepare(opts)?;
    let name = if prepared.name.is_empty() {
        linnet_container::meta::random_name()
    } else {
        prepared.name.clone()
    };
    if let Some(other) = ops::name_in_use(client, &name).await? {
        anyhow::bail!(
            "the container name \"/{name}\" is already in use by container \"{other}\"; remove (or rename) that container to be able to reuse that name"
        );
    }
    let registry = ctx.registry()?;
    let progress = progress_for(opts.quiet, Stream::Stderr);
    let image = linnet_image::ensure_image(
        client,
        &registry,
        &opts.image,
        prepared.policy,
        opts.platform.as_deref(),
        ctx.snapshotter(),
        progress.as_ref(),
    )
    .await
    .with_context(|| format!("cannot get image {}", opts.image))?;

    let id = linnet_container::meta::new_id();
    let dir = ctx.container_dir(&id);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create container directory {}", dir.display()))?;
    // A lease keeps the new snapshot from garbage collection until the record references it.
    let lease = client.lease_create(Some(Duration::from_secs(3600))).await?;
    let leased = client.with_lease(&lease);
    let outcome = create_inner(
        ctx,
        &leased,
        opts,
        &prepared,
        &name,
        &image,
        &id,
        &dir,
        auto_remove,
    )
    .await;
    let _ = client.lease_delete(&lease).await;
    match outcome {
        Ok(created) => Ok(created),
        Err(err) => {
            let _ = client.container_delete(&id).await;
            let _ = client.snapshot_remove(ctx.snapshotter(), &id).await;
            let _ = std::fs::remove_dir_all(&dir);
            Err(err)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn create_inner(
    ctx: &Context,
    client: &linnet_containerd::Client,
    opts: &ContainerOptions,
    prepared: &Prepared,
    name: &str,
    image: &linnet_image::ResolvedImage,
    id: &str,
    dir: &Path,
    auto_remove: bool,
) -> anyhow::Result<Created> {
    let mounts = client
        .snapshot_prepare(
            ctx.snapshotter(),
            id,
            Some(&image.chain_id),
            &HashMap::new(),
        )
        .await
        .context("cannot prepare the container's root filesystem")?;
    let userdb = linnet_container::rootfs::userdb_from_mounts(&mounts)?;
    let hostname = match (&opts.hostname, prepared.network) {
        (Some(h), _) => h.clone(),
        (None, NetworkMode::Host) => nix::unistd::gethostname()
            .ok()
            .and_then(|h| h.into_string().ok())
            .unwrap_or_else(|| id[..12].to_string()),
        (None, NetworkMode::None) => id[..12].to_string(),
    };
    let etc_files = write_etc_files(dir, &hostname, prepared.network)?;
    let image_config = image.config.config().as_ref();
    let spec_options = SpecOptions {
        id: id.to_string(),
        namespace: ctx.namespace().to_string(),
        args: opts.command.clone(),
        entrypoint: opts.entrypoint.clone(),
        env: prepared.env.clone(),
        workdir: opts.workdir.clone(),
        user: opts.user.clone(),
        hostname: hostname.clone(),
        tty: opts.tty,
        network: prepared.network,
        mounts: prepared.mounts.clone(),
        etc_files,
        userdb,
        nofile: linnet_spec::nofile_limit(),
        security: prepared.security.clone(),
        host: linnet_spec::HostInfo::detect(),
    };
    let spec = linnet_spec::generate(image_config, &spec_options)?;
    let spec_json = linnet_spec::to_json(&spec)?;

    let log_path = linnet_container::logfile::log_path(dir, id);
    let (entrypoint, cmd) =
        linnet_spec::split_command(image_config, opts.entrypoint.as_deref(), &opts.command);
    let stop_signal = image_config
        .and_then(|c| c.stop_signal().clone())
        .unwrap_or_else(|| "SIGTERM".to_string());
    let mut labels_map = prepared.labels.clone();
    let ours = [
        (labels::NAME, name.to_string()),
        (labels::HOSTNAME, hostname),
        (labels::AUTO_REMOVE, auto_remove.to_string()),
        (labels::LOG_PATH, log_path.display().to_string()),
        (labels::PLATFORM, image.platform.to_string()),
        (labels::STOP_SIGNAL, stop_signal),
        (labels::NETWORK, prepared.network.as_str().to_string()),
        (labels::TTY, opts.tty.to_string()),
        (labels::STDIN_OPEN, opts.interactive.to_string()),
        (labels::IMAGE_REF, opts.image.clone()),
        (labels::IMAGE_ID, image.image_digest.clone()),
        (labels::ENTRYPOINT, serde_json::to_string(&entrypoint)?),
        (labels::CMD, serde_json::to_string(&cmd)?),
        (
            labels::MOUNTS,
            serde_json::to_string(&mounts_json(&prepared.mounts))?,
        ),
        (
            labels::SECURITY_OPT,
            serde_json::to_string(&prepared.security.given)?,
        ),
    ];
    for (k, v) in ours {
        labels_map.insert(k.to_string(), v);
    }
    let record = linnet_containerd::Container {
        id: id.to_string(),
        image: image.name.clone(),
        labels: labels_map,
        runtime: ops::RUNTIME.to_string(),
        snapshotter: ctx.snapshotter().to_string(),
        snapshot_key: id.to_string(),
        spec: spec_json,
        created_at: None,
        updated_at: None,
    };
    client
        .container_create(&record)
        .await
        .context("cannot create container")?;
    linnet_container::LogWriter::open(&log_path)?;
    let container = client.container_get(id).await?.unwrap_or(record);
    Ok(Created {
        id: id.to_string(),
        container,
        log_path,
    })
}

/// Docker's `Mounts` entries for inspect, kept in a label.
fn mounts_json(mounts: &[linnet_spec::UserMount]) -> Vec<serde_json::Value> {
    mounts
        .iter()
        .map(|m| {
            let kind = match m.kind {
                linnet_spec::MountKind::Bind => "bind",
                linnet_spec::MountKind::Tmpfs => "tmpfs",
            };
            serde_json::json!({
                "Type": kind,
                "Source": m.source.display().to_string(),
                "Destination": m.destination,
                "Mode": if m.readonly { "ro" } else { "" },
                "RW": !m.readonly,
                "Propagation": m.propagation.clone().unwrap_or_else(|| if kind == "bind" { "rprivate".into() } else { String::new() }),
            })
        })
        .collect()
}
