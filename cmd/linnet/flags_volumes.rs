//! The storage flags of `create`/`run` besides `-v`/`--mount` (`--tmpfs`, `--read-only`), and
//! what the Docker CLI does to `-v`/`--mount` before sending them: a source starting with `.` is
//! made absolute against linnet's working directory.

use clap::Args;

/// `--tmpfs` and `--read-only`.
#[derive(Debug, Clone, Args)]
pub struct StorageOptions {
    /// Mount a tmpfs directory (PATH[:OPTS], e.g. /run:rw,size=64m)
    #[arg(long, value_name = "PATH[:OPTS]")]
    pub tmpfs: Vec<String>,
    /// Mount the container's root filesystem as read only
    #[arg(long = "read-only")]
    pub read_only: bool,
}

/// `-v` specs with `./x`-style sources made absolute.
pub fn absolute_volumes(specs: &[String]) -> Vec<String> {
    match std::env::current_dir() {
        Ok(cwd) => specs
            .iter()
            .map(|s| linnet_spec::absolutize_volume(s, &cwd))
            .collect(),
        Err(_) => specs.to_vec(),
    }
}

/// `--mount` specs with `src=./x`-style sources made absolute.
pub fn absolute_mounts(specs: &[String]) -> Vec<String> {
    match std::env::current_dir() {
        Ok(cwd) => specs
            .iter()
            .map(|s| linnet_spec::absolutize_mount(s, &cwd))
            .collect(),
        Err(_) => specs.to_vec(),
    }
}
