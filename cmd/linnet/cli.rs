//! Command-line surface: clap structs only. Each command's flags live beside its code in
//! `commands/<name>.rs`; this file lists the commands and the global options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;

/// A Docker-compatible container CLI for containerd, with SOCI lazy loading.
#[derive(Debug, Parser)]
#[command(
    name = "linnet",
    version,
    disable_help_subcommand = true,
    max_term_width = 100,
    after_help = "Without --address, linnet starts and uses its own containerd (see `linnet system status`)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options that select the containerd instance and registry behaviour.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// containerd address (a unix socket; `unix://` is accepted). Default: linnet's managed containerd
    #[arg(short = 'a', long, env = "CONTAINERD_ADDRESS", value_name = "ADDRESS")]
    pub address: Option<String>,

    /// containerd namespace
    #[arg(
        short = 'n',
        long,
        env = "CONTAINERD_NAMESPACE",
        default_value = "default",
        value_name = "NAMESPACE"
    )]
    pub namespace: String,

    /// Root of linnet's persistent data (managed containerd, container logs)
    #[arg(long, env = "LINNET_DATA_ROOT", global = true, value_name = "DIR")]
    pub data_root: Option<PathBuf>,

    /// containerd snapshotter used to unpack images and run containers. Default: `linnet` (lazy
    /// loading of SOCI images) with the managed containerd, `overlayfs` with --address
    #[arg(
        long,
        env = "CONTAINERD_SNAPSHOTTER",
        global = true,
        value_name = "NAME"
    )]
    pub snapshotter: Option<String>,

    /// Use plain HTTP (or HTTPS without verification) for this registry host; repeatable
    #[arg(long = "insecure-registry", global = true, value_name = "HOST")]
    pub insecure_registries: Vec<String>,

    /// Directories holding `<host>/ca.crt` registry certificates (containerd's certs.d); repeatable
    #[arg(long = "hosts-dir", global = true, value_name = "DIR")]
    pub hosts_dirs: Vec<PathBuf>,

    /// Print debug logs on stderr
    #[arg(long, global = true)]
    pub debug: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // Containers
    /// Create and run a new container from an image
    Run(commands::run::RunArgs),
    /// Create a new container without starting it
    Create(commands::create::CreateArgs),
    /// Start one or more stopped containers
    Start(commands::start::StartArgs),
    /// Stop one or more running containers
    Stop(commands::stop::StopArgs),
    /// Restart one or more containers
    Restart(commands::restart::RestartArgs),
    /// Kill one or more running containers
    Kill(commands::kill::KillArgs),
    /// Remove one or more containers
    #[command(alias = "remove")]
    Rm(commands::rm::RmArgs),
    /// List containers
    #[command(alias = "list", alias = "ls")]
    Ps(commands::ps::PsArgs),
    /// Fetch the logs of a container
    Logs(commands::logs::LogsArgs),
    /// Execute a command in a running container
    Exec(commands::exec::ExecArgs),
    /// Attach local standard input, output, and error streams to a running container
    Attach(commands::attach::AttachArgs),
    /// Block until containers stop, then print their exit codes
    Wait(commands::wait::WaitArgs),
    /// Display detailed information on containers or images
    Inspect(commands::inspect::InspectArgs),
    /// Update the resource limits of one or more containers
    Update(commands::update::UpdateArgs),
    /// List port mappings or a specific mapping for the container
    Port(commands::port::PortArgs),
    /// Copy files/folders between a container and the local filesystem
    Cp(commands::cp::CpArgs),
    /// Pause all processes within one or more containers
    Pause(commands::pause::PauseArgs),
    /// Unpause all processes within one or more containers
    Unpause(commands::unpause::UnpauseArgs),
    /// Rename a container
    Rename(commands::rename::RenameArgs),
    /// Display the running processes of a container
    Top(commands::top::TopArgs),
    /// Display a live stream of container(s) resource usage statistics
    Stats(commands::stats::StatsArgs),
    /// Get real time events from the server
    Events(commands::events::EventsArgs),
    /// Inspect changes to files or directories on a container's filesystem
    Diff(commands::diff::DiffArgs),
    /// Export a container's filesystem as a tar archive
    Export(commands::export::ExportArgs),
    /// Create a new image from a container's changes
    Commit(commands::commit::CommitArgs),
    /// Manage containers
    #[command(subcommand)]
    Container(ContainerCommand),

    // Images
    /// Download an image from a registry
    Pull(commands::pull::PullArgs),
    /// Upload an image to a registry
    Push(commands::push::PushArgs),
    /// List images
    Images(commands::images::ImagesArgs),
    /// Create a tag TARGET that refers to SOURCE
    Tag(commands::tag::TagArgs),
    /// Remove one or more images
    Rmi(commands::rmi::RmiArgs),
    /// Save images to a tar archive (OCI and docker-archive layout)
    Save(commands::save::SaveArgs),
    /// Load images from a tar archive (OCI archive or docker-archive)
    Load(commands::load::LoadArgs),
    /// Import a root filesystem tarball as a single-layer image
    Import(commands::import::ImportArgs),
    /// Show the history of an image
    History(commands::history::HistoryArgs),
    /// Manage images
    #[command(subcommand)]
    Image(ImageCommand),

    /// Inspect SOCI indexes and ztocs
    #[command(subcommand)]
    Soci(commands::soci::SociCommand),

    /// Manage networks
    #[command(subcommand)]
    Network(commands::network::NetworkCommand),

    /// Manage volumes
    #[command(subcommand)]
    Volume(commands::volume::VolumeCommand),

    // Registries
    /// Log in to a registry
    Login(commands::login::LoginArgs),
    /// Log out from a registry
    Logout(commands::logout::LogoutArgs),

    // linnet itself
    /// Manage linnet's containerd; show disk usage and system-wide information; prune
    #[command(subcommand)]
    System(SystemCommand),
    /// Display system-wide information
    Info(commands::info::InfoArgs),
    /// Show the linnet and containerd versions
    Version(commands::version::VersionArgs),
    /// Print a shell completion script (bash, zsh, fish)
    Completion(commands::completion::CompletionArgs),
    /// Print the container, image, network or volume names that complete these words (called by
    /// the completion scripts)
    #[command(name = "_complete", hide = true)]
    Complete(commands::completion::NamesArgs),

    /// Run as containerd's binary log driver (started by the runtime shim)
    #[command(name = "_log-driver", hide = true)]
    LogDriver(commands::log_driver::LogDriverArgs),
    /// Wait for a detached container and clean up after it (`run -d --rm`)
    #[command(name = "_monitor", hide = true)]
    Monitor(commands::monitor::MonitorArgs),
    /// Hold the FIFOs of a container started with -i (started by run/start)
    #[command(name = "_io-holder", hide = true)]
    IoHolder(commands::io_holder::IoHolderArgs),
    /// Run linnet's containerd snapshotter (started by `linnet system start`)
    #[command(hide = true)]
    Snapshotter(commands::snapshotter::SnapshotterArgs),
}

#[derive(Debug, Subcommand)]
pub enum ContainerCommand {
    /// Create and run a new container from an image
    Run(commands::run::RunArgs),
    /// Create a new container without starting it
    Create(commands::create::CreateArgs),
    /// Start one or more stopped containers
    Start(commands::start::StartArgs),
    /// Stop one or more running containers
    Stop(commands::stop::StopArgs),
    /// Restart one or more containers
    Restart(commands::restart::RestartArgs),
    /// Kill one or more running containers
    Kill(commands::kill::KillArgs),
    /// Remove one or more containers
    #[command(alias = "remove")]
    Rm(commands::rm::RmArgs),
    /// List containers
    #[command(alias = "list", alias = "ps")]
    Ls(commands::ps::PsArgs),
    /// Fetch the logs of a container
    Logs(commands::logs::LogsArgs),
    /// Execute a command in a running container
    Exec(commands::exec::ExecArgs),
    /// Attach local standard input, output, and error streams to a running container
    Attach(commands::attach::AttachArgs),
    /// Block until containers stop, then print their exit codes
    Wait(commands::wait::WaitArgs),
    /// Display detailed information on containers
    Inspect(commands::inspect::InspectArgs),
    /// Update the resource limits of one or more containers
    Update(commands::update::UpdateArgs),
    /// List port mappings or a specific mapping for the container
    Port(commands::port::PortArgs),
    /// Copy files/folders between a container and the local filesystem
    Cp(commands::cp::CpArgs),
    /// Pause all processes within one or more containers
    Pause(commands::pause::PauseArgs),
    /// Unpause all processes within one or more containers
    Unpause(commands::unpause::UnpauseArgs),
    /// Rename a container
    Rename(commands::rename::RenameArgs),
    /// Display the running processes of a container
    Top(commands::top::TopArgs),
    /// Display a live stream of container(s) resource usage statistics
    Stats(commands::stats::StatsArgs),
    /// Remove all stopped containers
    Prune(commands::prune::ContainerPruneArgs),
    /// Inspect changes to files or directories on a container's filesystem
    Diff(commands::diff::DiffArgs),
    /// Export a container's filesystem as a tar archive
    Export(commands::export::ExportArgs),
    /// Create a new image from a container's changes
    Commit(commands::commit::CommitArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// Download an image from a registry
    Pull(commands::pull::PullArgs),
    /// Upload an image to a registry
    Push(commands::push::PushArgs),
    /// List images
    #[command(alias = "list")]
    Ls(commands::images::ImagesArgs),
    /// Create a tag TARGET that refers to SOURCE
    Tag(commands::tag::TagArgs),
    /// Remove one or more images
    #[command(alias = "remove")]
    Rm(commands::rmi::RmiArgs),
    /// Display detailed information on images
    Inspect(commands::image_inspect::ImageInspectArgs),
    /// Save images to a tar archive
    Save(commands::save::SaveArgs),
    /// Load images from a tar archive
    Load(commands::load::LoadArgs),
    /// Import a root filesystem tarball as an image
    Import(commands::import::ImportArgs),
    /// Convert an image (`--soci`: add a SOCI index for lazy loading)
    Convert(commands::image_convert::ImageConvertArgs),
    /// Show the history of an image
    History(commands::history::HistoryArgs),
    /// Show which layers are loaded lazily and how much of them has been fetched
    LazyStatus(commands::lazy_status::LazyStatusArgs),
    /// Remove unused images
    Prune(commands::prune::ImagePruneArgs),
}

/// `linnet system …`: the managed containerd's own commands, then Docker's `system` commands.
#[derive(Debug, Subcommand)]
pub enum SystemCommand {
    #[command(flatten)]
    Daemon(commands::system::SystemCommand),
    /// Show linnet disk usage
    Df(commands::df::DfArgs),
    /// Remove unused data
    Prune(commands::prune::SystemPruneArgs),
    /// Display system-wide information
    Info(commands::info::InfoArgs),
}
