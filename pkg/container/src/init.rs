//! `--init`: a real init as the container's PID 1, as Docker's `docker-init`. A static init
//! binary of the host (Debian's `tini-static`, or catatonit) is bind-mounted read-only at
//! `/sbin/docker-init` and runs the container's command after `--`, so that signals reach it
//! (a bare PID 1 ignores the ones it has no handler for) and orphans are reaped. Only static
//! binaries qualify: images may use musl or have no libc at all.

use std::path::{Path, PathBuf};

use oci_spec::runtime::{MountBuilder, Spec};

use crate::Error;

/// Where the init appears inside the container (Docker's path).
pub const INIT_PATH: &str = "/sbin/docker-init";

/// Static init binaries, in order of preference.
const CANDIDATES: &[&str] = &["/usr/bin/tini-static", "/usr/bin/catatonit"];

/// The host's static init binary.
pub fn find() -> Result<PathBuf, Error> {
    CANDIDATES
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Error::InvalidArgument(format!(
                "--init needs a static init binary: none of {} exists (install Debian's tini or catatonit package)",
                CANDIDATES.join(", ")
            ))
        })
}

/// Mounts `binary` at [`INIT_PATH`] and makes it run the container's command.
pub fn apply(spec: &mut Spec, binary: &Path) -> Result<(), Error> {
    let mount = MountBuilder::default()
        .destination(INIT_PATH)
        .typ("bind")
        .source(binary)
        .options(vec!["bind".to_string(), "ro".to_string()])
        .build()
        .map_err(|e| Error::InvalidArgument(format!("cannot mount the init binary: {e}")))?;
    let mut mounts = spec.mounts().clone().unwrap_or_default();
    mounts.push(mount);
    spec.set_mounts(Some(mounts));
    if let Some(process) = spec.process_mut() {
        let mut args = vec![INIT_PATH.to_string(), "--".to_string()];
        args.extend(process.args().clone().unwrap_or_default());
        process.set_args(Some(args));
    }
    Ok(())
}

/// The container's own command of a spec's args, without the init prefix (Docker's `Path` and
/// `Args`, and `ps`'s COMMAND, never show the init).
pub fn user_args(args: &[String]) -> &[String] {
    match args {
        [init, sep, rest @ ..] if init == INIT_PATH && sep == "--" => rest,
        _ => args,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_the_command() {
        let mut spec = Spec::default();
        if let Some(p) = spec.process_mut() {
            p.set_args(Some(vec!["sleep".into(), "5".into()]));
        }
        apply(&mut spec, Path::new("/usr/bin/tini-static")).unwrap();
        let args = spec.process().as_ref().unwrap().args().clone().unwrap();
        assert_eq!(args, vec![INIT_PATH, "--", "sleep", "5"]);
        assert_eq!(user_args(&args), ["sleep", "5"]);
        let last = spec.mounts().as_ref().unwrap().last().unwrap().clone();
        assert_eq!(last.destination(), Path::new(INIT_PATH));
        assert_eq!(
            last.options().clone().unwrap(),
            vec!["bind".to_string(), "ro".to_string()]
        );
        let plain = vec!["sh".to_string()];
        assert_eq!(user_args(&plain), ["sh"]);
    }
}
