//! linnet: a Docker-compatible container CLI for containerd.
//!
//! `main` parses the command line, builds the [`context::Context`] shared by all commands, runs the
//! command and turns its outcome into an exit code: the container's or process's own code where a
//! command follows one, 125 when linnet itself fails, and Docker's 126/127 when a command cannot be
//! invoked or found. Every error is printed as one line, `linnet: error: ...`.

mod cli;
mod commands;
mod complete;
mod container_flags;
mod container_view;
mod context;
mod df_view;
mod exit;
mod flags_lifecycle;
mod flags_resources;
mod flags_volumes;
mod info_view;
mod output;
mod sigpipe;
mod tabwriter;
mod template;
mod util;
mod views;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, ContainerCommand, ImageCommand, SystemCommand};
use crate::context::Context;
use crate::exit::ExitError;

fn main() -> ExitCode {
    // Behave like other Unix tools when output goes to a closed pipe (`linnet images | head`).
    sigpipe::install();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(err) => return exit::clap_error(err),
    };
    init_tracing(cli.global.debug);

    // The log driver is started by the shim for every container; keep it off the tokio runtime
    // that commands use, it is a plain blocking copy loop.
    if let Command::LogDriver(args) = &cli.command {
        return match commands::log_driver::run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => exit::report(&err),
        };
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(4)
        .build()
    {
        Ok(rt) => rt,
        Err(err) => return exit::report(&anyhow::Error::new(err).context("cannot start runtime")),
    };
    let outcome = runtime.block_on(dispatch(cli));
    // Do not wait for blocking readers of stdin or FIFOs that may still be parked.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(err) => exit::report(&err),
    }
}

fn init_tracing(debug: bool) {
    let filter = if debug {
        tracing_subscriber::EnvFilter::new(
            "debug,h2=info,hyper=info,hyper_util=info,tower=info,rustls=off",
        )
    } else {
        tracing_subscriber::EnvFilter::try_from_env("LINNET_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,rustls=off"))
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .without_time()
        .try_init();
}

/// Runs one command. `Ok(code)` is the exit code to return (0 on success).
async fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    let ctx = Context::new(cli.global);
    use commands::*;
    match cli.command {
        Command::Run(a) | Command::Container(ContainerCommand::Run(a)) => run::run(&ctx, a)
            .await
            .map_err(|e| exit::with_default_code(e, exit::CODE_FAILURE)),
        Command::Create(a) | Command::Container(ContainerCommand::Create(a)) => {
            create::run(&ctx, a)
                .await
                .map_err(|e| exit::with_default_code(e, exit::CODE_FAILURE))
        }
        Command::Start(a) | Command::Container(ContainerCommand::Start(a)) => {
            start::run(&ctx, a).await
        }
        Command::Stop(a) | Command::Container(ContainerCommand::Stop(a)) => {
            stop::run(&ctx, a).await
        }
        Command::Restart(a) | Command::Container(ContainerCommand::Restart(a)) => {
            restart::run(&ctx, a).await
        }
        Command::Kill(a) | Command::Container(ContainerCommand::Kill(a)) => {
            kill::run(&ctx, a).await
        }
        Command::Rm(a) | Command::Container(ContainerCommand::Rm(a)) => rm::run(&ctx, a).await,
        Command::Ps(a) | Command::Container(ContainerCommand::Ls(a)) => ps::run(&ctx, a).await,
        Command::Logs(a) | Command::Container(ContainerCommand::Logs(a)) => {
            logs::run(&ctx, a).await
        }
        Command::Exec(a) | Command::Container(ContainerCommand::Exec(a)) => {
            exec::run(&ctx, a).await
        }
        Command::Attach(a) | Command::Container(ContainerCommand::Attach(a)) => {
            attach::run(&ctx, a).await
        }
        Command::Wait(a) | Command::Container(ContainerCommand::Wait(a)) => {
            wait::run(&ctx, a).await
        }
        Command::Inspect(a) | Command::Container(ContainerCommand::Inspect(a)) => {
            inspect::run(&ctx, a).await
        }
        Command::Port(a) | Command::Container(ContainerCommand::Port(a)) => {
            port::run(&ctx, a).await
        }
        Command::Cp(a) | Command::Container(ContainerCommand::Cp(a)) => cp::run(&ctx, a).await,
        Command::Update(a) | Command::Container(ContainerCommand::Update(a)) => {
            update::run(&ctx, a).await
        }
        Command::Pause(a) | Command::Container(ContainerCommand::Pause(a)) => {
            pause::run(&ctx, a).await
        }
        Command::Unpause(a) | Command::Container(ContainerCommand::Unpause(a)) => {
            unpause::run(&ctx, a).await
        }
        Command::Rename(a) | Command::Container(ContainerCommand::Rename(a)) => {
            rename::run(&ctx, a).await
        }
        Command::Top(a) | Command::Container(ContainerCommand::Top(a)) => top::run(&ctx, a).await,
        Command::Stats(a) | Command::Container(ContainerCommand::Stats(a)) => {
            stats::run(&ctx, a).await
        }
        Command::Events(a) => events::run(&ctx, a).await,
        Command::Diff(a) | Command::Container(ContainerCommand::Diff(a)) => {
            diff::run(&ctx, a).await
        }
        Command::Export(a) | Command::Container(ContainerCommand::Export(a)) => {
            export::run(&ctx, a).await
        }
        Command::Commit(a) | Command::Container(ContainerCommand::Commit(a)) => {
            commit::run(&ctx, a).await
        }
        Command::History(a) | Command::Image(ImageCommand::History(a)) => {
            history::run(&ctx, a).await
        }
        Command::Pull(a) | Command::Image(ImageCommand::Pull(a)) => pull::run(&ctx, a).await,
        Command::Push(a) | Command::Image(ImageCommand::Push(a)) => push::run(&ctx, a).await,
        Command::Images(a) | Command::Image(ImageCommand::Ls(a)) => images::run(&ctx, a).await,
        Command::Tag(a) | Command::Image(ImageCommand::Tag(a)) => tag::run(&ctx, a).await,
        Command::Rmi(a) | Command::Image(ImageCommand::Rm(a)) => rmi::run(&ctx, a).await,
        Command::Image(ImageCommand::Inspect(a)) => image_inspect::run(&ctx, a).await,
        Command::Image(ImageCommand::Convert(a)) => image_convert::run(&ctx, a).await,
        Command::Image(ImageCommand::LazyStatus(a)) => lazy_status::run(&ctx, a).await,
        Command::Save(a) | Command::Image(ImageCommand::Save(a)) => save::run(&ctx, a).await,
        Command::Load(a) | Command::Image(ImageCommand::Load(a)) => load::run(&ctx, a).await,
        Command::Import(a) | Command::Image(ImageCommand::Import(a)) => import::run(&ctx, a).await,
        Command::Soci(a) => soci::run(&ctx, a).await,
        Command::Network(a) => network::run(&ctx, a).await,
        Command::Volume(a) => volume::run(&ctx, a).await,
        Command::Login(a) => login::run(&ctx, a).await,
        Command::Logout(a) => logout::run(&ctx, a).await,
        Command::System(SystemCommand::Daemon(a)) => system::run(&ctx, a).await,
        Command::System(SystemCommand::Df(a)) => df::run(&ctx, a).await,
        Command::System(SystemCommand::Prune(a)) => prune::system(&ctx, a).await,
        Command::Info(a) | Command::System(SystemCommand::Info(a)) => info::run(&ctx, a).await,
        Command::Container(ContainerCommand::Prune(a)) => prune::container(&ctx, a).await,
        Command::Image(ImageCommand::Prune(a)) => prune::image(&ctx, a).await,
        Command::Version(a) => version::run(&ctx, a).await,
        Command::Completion(a) => completion::run(a),
        Command::Complete(a) => completion::names(a),
        Command::Monitor(a) => monitor::run(&ctx, a).await,
        Command::IoHolder(a) => io_holder::run(a).await,
        Command::Snapshotter(a) => snapshotter::run(&ctx, a).await,
        Command::LogDriver(_) => Err(ExitError::internal("log driver dispatched twice").into()),
    }
}
