//! What every command needs: the selected containerd (managed or external), the namespace, the
//! registry client configuration and linnet's own directories.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::GlobalArgs;

pub struct Context {
    pub global: GlobalArgs,
    pub paths: linnet_daemon::Paths,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Self {
        let paths = linnet_daemon::Paths::new(global.data_root.clone());
        Self { global, paths }
    }

    pub fn namespace(&self) -> &str {
        &self.global.namespace
    }

    /// The snapshotter to use: linnet's own (lazy SOCI loading) on the managed containerd, which
    /// declares it; containerd's overlayfs on an external one, which may not.
    pub fn snapshotter(&self) -> &str {
        match self.global.snapshotter.as_deref() {
            Some(name) if !name.is_empty() => name,
            _ if self.external_socket().is_some() => "overlayfs",
            _ => linnet_daemon::SNAPSHOTTER_PLUGIN,
        }
    }

    /// The socket of the external containerd when `--address` was given.
    fn external_socket(&self) -> Option<PathBuf> {
        let address = self.global.address.as_deref()?.trim();
        if address.is_empty() {
            return None;
        }
        let path = address.strip_prefix("unix://").unwrap_or(address);
        Some(PathBuf::from(path))
    }

    /// Connects to containerd, starting linnet's managed instance first when no address was given.
    pub async fn client(&self) -> anyhow::Result<linnet_containerd::Client> {
        let socket = match self.external_socket() {
            Some(socket) => socket,
            None => linnet_daemon::ensure_running(&self.paths)
                .await
                .context("cannot start linnet's containerd")?,
        };
        let client = linnet_containerd::Client::connect(&socket, self.namespace()).await?;
        Ok(client)
    }

    /// A registry client honouring `--insecure-registry`, `--hosts-dir` and `DOCKER_CONFIG`.
    pub fn registry(&self) -> anyhow::Result<linnet_registry::Client> {
        let mut config = linnet_registry::RegistryConfig::from_env();
        config
            .insecure_registries
            .extend(self.global.insecure_registries.iter().cloned());
        if !self.global.hosts_dirs.is_empty() {
            config.hosts_dirs = self.global.hosts_dirs.clone();
        }
        let client =
            linnet_registry::Client::new(config).context("cannot set up registry client")?;
        Ok(client)
    }

    /// Directory that holds linnet's per-container files (logs, hostname, resolv.conf).
    pub fn container_dir(&self, id: &str) -> PathBuf {
        self.paths.containers_dir().join(self.namespace()).join(id)
    }

    /// Where containers live for this invocation, for the container library; `relaunch_args`
    /// make the detached `_monitor` see the same containerd, namespace and data root.
    pub fn scope(&self) -> linnet_container::Scope {
        self.scope_for(self.namespace())
    }

    /// [`Context::scope`] for another namespace (`system start` visits all of them).
    pub fn scope_for(&self, namespace: &str) -> linnet_container::Scope {
        let mut relaunch_args: Vec<std::ffi::OsString> = Vec::new();
        if let Some(address) = &self.global.address {
            relaunch_args.extend(["--address".into(), address.into()]);
        }
        relaunch_args.extend(["--namespace".into(), namespace.into()]);
        if let Some(root) = &self.global.data_root {
            relaunch_args.extend(["--data-root".into(), root.into()]);
        }
        relaunch_args.extend(["--snapshotter".into(), self.snapshotter().into()]);
        linnet_container::Scope {
            namespace: namespace.to_string(),
            snapshotter: self.snapshotter().to_string(),
            containers_dir: self.paths.containers_dir().join(namespace),
            fifo_root: self.paths.state_dir().join("fifo"),
            relaunch_args,
            volumes_dir: self.paths.data_root().join("volumes").join(namespace),
            network: Some(linnet_network::ManagerConfig::new(
                self.paths.data_root(),
                self.paths.state_dir(),
                namespace,
            )),
        }
    }
}
