//! `linnet login`: check credentials against a registry and store them as Docker does, so that
//! `docker login` and `linnet login` share `~/.docker/config.json` and its credential helpers.

use std::io::{BufRead, Read, Write};

use anyhow::{bail, Context as _};
use clap::Args;
use linnet_registry::credentials;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Username
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Password
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// Take the password from STDIN
    #[arg(long)]
    pub password_stdin: bool,
    /// Registry server (default: Docker Hub)
    pub server: Option<String>,
}

pub async fn run(ctx: &Context, args: LoginArgs) -> anyhow::Result<u8> {
    if args.password.is_some() && args.password_stdin {
        bail!("--password and --password-stdin are mutually exclusive");
    }
    if args.password_stdin && args.username.is_none() {
        bail!("must provide --username with --password-stdin");
    }
    if args.password.is_some() {
        eprintln!("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    let server = args
        .server
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| credentials::DOCKER_HUB_KEY.to_string());
    let key = credentials::server_key(&server);
    let client = ctx.registry()?;
    let config_dir = client.config().docker_config_dir.clone();

    // Like Docker: with no credentials on the command line, try the stored ones first.
    if args.username.is_none() && args.password.is_none() && !args.password_stdin {
        let host = if credentials::is_docker_hub(&server) {
            linnet_reference::DOCKER_HUB_REGISTRY_HOST.to_string()
        } else {
            credentials::hostname(&server)
        };
        let dir = config_dir.clone();
        let stored = tokio::task::spawn_blocking(move || credentials::lookup(&dir, &host))
            .await
            .context("credential lookup failed")?;
        if let Ok(Some(linnet_registry::Credential::UserPass { username, password })) = stored {
            println!("Authenticating with existing credentials...");
            match client.login(&server, &username, &password).await {
                Ok(()) => {
                    println!("Login Succeeded");
                    return Ok(0);
                }
                Err(e) => eprintln!("Login did not succeed, error: {e}"),
            }
        }
    }

    let password_stdin = args.password_stdin;
    let (username, password) = {
        let username = args.username.clone();
        let password = args.password.clone();
        tokio::task::spawn_blocking(move || read_credentials(username, password, password_stdin))
            .await
            .context("reading credentials failed")??
    };
    if username.contains(':') {
        bail!("username must not contain a colon (\":\")");
    }

    client
        .login(&server, &username, &password)
        .await
        .with_context(|| format!("cannot log in to {key}"))?;

    let helper = credentials::helper(&config_dir, &server)?;
    let (dir, srv, user, pass) = (config_dir.clone(), server.clone(), username, password);
    tokio::task::spawn_blocking(move || credentials::store(&dir, &srv, &user, &pass))
        .await
        .context("storing credentials failed")?
        .context("cannot store credentials")?;
    if helper.is_none() {
        eprintln!(
            "WARNING: Your password will be stored unencrypted in {}.\n\
             Configure a credential helper to remove this warning. See\n\
             https://docs.docker.com/engine/reference/commandline/login/#credentials-store\n",
            credentials::config_file(&config_dir).display()
        );
    }
    println!("Login Succeeded");
    Ok(0)
}

/// Completes username and password from stdin or terminal prompts, as Docker does.
fn read_credentials(
    username: Option<String>,
    password: Option<String>,
    password_stdin: bool,
) -> anyhow::Result<(String, String)> {
    if password_stdin {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .context("cannot read password from stdin")?;
        let input = input.strip_suffix('\n').unwrap_or(&input);
        let input = input.strip_suffix('\r').unwrap_or(input);
        let username = username.unwrap_or_default();
        if input.is_empty() {
            bail!("password required");
        }
        return Ok((username, input.to_string()));
    }
    let tty = nix::unistd::isatty(std::io::stdin()).unwrap_or(false);
    let username = match username {
        Some(u) => u,
        None => {
            if !tty {
                bail!(non_tty_hint());
            }
            prompt_line("Username: ")?
        }
    };
    if username.trim().is_empty() {
        bail!("username required");
    }
    let password = match password {
        Some(p) => p,
        None => {
            if !tty {
                bail!(non_tty_hint());
            }
            prompt_password("Password: ")?
        }
    };
    if password.is_empty() {
        bail!("password required");
    }
    Ok((username.trim().to_string(), password))
}

fn non_tty_hint() -> String {
    "cannot perform an interactive login from a non TTY device \
     (hint: use linnet login --username=USERNAME --password-stdin)"
        .to_string()
}

fn prompt_line(prompt: &str) -> anyhow::Result<String> {
    let mut out = std::io::stdout().lock();
    out.write_all(prompt.as_bytes())?;
    out.flush()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read from the terminal")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Restores the terminal settings when dropped, even if reading fails.
struct EchoGuard {
    saved: nix::sys::termios::Termios,
}

impl Drop for EchoGuard {
    fn drop(&mut self) {
        let _ = nix::sys::termios::tcsetattr(
            std::io::stdin(),
            nix::sys::termios::SetArg::TCSANOW,
            &self.saved,
        );
    }
}

fn prompt_password(prompt: &str) -> anyhow::Result<String> {
    use nix::sys::termios::{tcgetattr, tcsetattr, LocalFlags, SetArg};
    let saved = tcgetattr(std::io::stdin()).context("cannot read terminal settings")?;
    let mut silent = saved.clone();
    silent.local_flags.remove(LocalFlags::ECHO);
    // Keep the newline visible so the cursor moves on after Enter.
    silent.local_flags.insert(LocalFlags::ECHONL);
    let guard = EchoGuard { saved };
    tcsetattr(std::io::stdin(), SetArg::TCSANOW, &silent)
        .context("cannot turn off terminal echo")?;
    let line = prompt_line(prompt);
    drop(guard);
    line
}
