//! The `create`/`run` flags (shared by both commands) and their translation into the container
//! library's plain [`linnet_container::CreateRequest`]. Parsing of the flag values themselves
//! happens in the library, so that `compose` gets the same checks.

use std::path::PathBuf;

use clap::Args;
use linnet_container::network::NetworkFlags;
use linnet_container::CreateRequest;

use crate::exit::{ExitError, CODE_FAILURE};

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
    /// Bind mount a host path or a volume (SRC:DST[:OPTS]), or make an anonymous volume (DST)
    #[arg(short = 'v', long = "volume", value_name = "SRC:DST[:OPTS]")]
    pub volumes: Vec<String>,
    /// Attach a filesystem mount (type=bind|volume|tmpfs,source=...,target=...[,readonly])
    #[arg(long = "mount", value_name = "SPEC")]
    pub mounts: Vec<String>,
    #[command(flatten)]
    pub storage: crate::flags_volumes::StorageOptions,
    /// Connect a container to a network: bridge, host, none, NAME or container:NAME
    #[arg(
        long = "network",
        alias = "net",
        default_value = "bridge",
        value_name = "NETWORK"
    )]
    pub network: String,
    /// IPv4 address on a user network with a subnet of its own
    #[arg(long)]
    pub ip: Option<String>,
    /// Add a network-scoped alias for the container
    #[arg(long = "network-alias", value_name = "ALIAS")]
    pub network_alias: Vec<String>,
    /// Publish a container's port(s) to the host ([IP:][HOST_PORT:]CONTAINER_PORT[/PROTO])
    #[arg(short = 'p', long = "publish", value_name = "PORTS")]
    pub publish: Vec<String>,
    /// Publish all exposed ports to random host ports
    #[arg(short = 'P', long = "publish-all")]
    pub publish_all: bool,
    /// Expose a port or a range of ports
    #[arg(long, value_name = "PORT[/PROTO]")]
    pub expose: Vec<String>,
    /// Add a custom host-to-IP mapping (host:ip, ip may be host-gateway)
    #[arg(long = "add-host", value_name = "HOST:IP")]
    pub add_host: Vec<String>,
    /// Set custom DNS servers
    #[arg(long, value_name = "IP")]
    pub dns: Vec<String>,
    /// Set custom DNS search domains
    #[arg(long = "dns-search", value_name = "DOMAIN")]
    pub dns_search: Vec<String>,
    /// Set DNS options
    #[arg(long = "dns-option", alias = "dns-opt", value_name = "OPT")]
    pub dns_option: Vec<String>,
    /// Security options: seccomp=unconfined|PROFILE.json, no-new-privileges[=true|false],
    /// apparmor=PROFILE, label=..., systempaths=unconfined, writable-cgroups[=true|false]
    #[arg(long = "security-opt", value_name = "OPT")]
    pub security_opt: Vec<String>,
    #[command(flatten)]
    pub resources: crate::flags_resources::ResourceOptions,
    #[command(flatten)]
    pub lifecycle: crate::flags_lifecycle::LifecycleOptions,
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
}

impl ContainerOptions {
    /// The library request. The first positional is the image, the rest the command; an unknown
    /// flag before the image lands in the positionals (they accept hyphens so that the command's
    /// flags pass through untouched) and is a usage error, as in Docker.
    pub fn request(&self, command: &str, auto_remove: bool) -> Result<CreateRequest, ExitError> {
        let mut args = self.args.iter().cloned();
        let image = args.next().unwrap_or_default();
        if image.starts_with('-') {
            return Err(ExitError::new(
                CODE_FAILURE,
                format!("unknown flag: {image} (see 'linnet {command} --help')"),
            ));
        }
        if self.network == "host" && !self.publish.is_empty() {
            eprintln!("WARNING: Published ports are discarded when using host network mode");
        }
        for warning in linnet_spec::security_opt_warnings(&self.security_opt) {
            eprintln!("WARNING: {warning}");
        }
        for warning in self.resources.resources().warnings() {
            eprintln!("WARNING: {warning}");
        }
        Ok(CreateRequest {
            name: self.name.clone(),
            image,
            platform: self.platform.clone(),
            pull: self.pull.clone(),
            command: args.collect(),
            entrypoint: self.entrypoint.clone(),
            env: self.env.clone(),
            env_files: self.env_file.clone(),
            workdir: self.workdir.clone(),
            user: self.user.clone(),
            hostname: self.hostname.clone(),
            volumes: crate::flags_volumes::absolute_volumes(&self.volumes),
            mounts: crate::flags_volumes::absolute_mounts(&self.mounts),
            tmpfs: self.storage.tmpfs.clone(),
            read_only: self.storage.read_only,
            network: self.network.clone(),
            net: NetworkFlags {
                ip: self.ip.clone(),
                aliases: self.network_alias.clone(),
                publish: self.publish.clone(),
                publish_all: self.publish_all,
                expose: self.expose.clone(),
                add_hosts: self.add_host.clone(),
                dns: self.dns.clone(),
                dns_search: self.dns_search.clone(),
                dns_options: self.dns_option.clone(),
            },
            labels: self.labels.clone(),
            security_opt: self.security_opt.clone(),
            tty: self.tty,
            interactive: self.interactive,
            auto_remove,
            resources: self.resources.resources(),
            privileges: self.resources.privileges(),
            lifecycle: self.lifecycle.flags(),
        })
    }
}
