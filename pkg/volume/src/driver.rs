//! The `local` driver's options (`-o type=tmpfs -o device=tmpfs -o o=size=10m`, `-o type=none
//! -o o=bind -o device=/srv/d`, nfs...): `mount(device, _data, type, o)`, as Docker's
//! `volume/local`. Docker mounts on first use and unmounts when the last user is gone; linnet has
//! no daemon to count users, so the container library mounts before a container starts (when not
//! mounted yet) and unmounts when no container that uses the volume is left.

use std::path::Path;

use nix::mount::{mount, umount2, MntFlags, MsFlags};

use crate::{Error, Volume};

/// True when the volume has driver options, i.e. its `_data` is a mount point while in use.
pub fn needs_mount(volume: &Volume) -> bool {
    volume.meta.options.contains_key("type") || volume.meta.options.contains_key("device")
}

/// Splits mount(8)-style options into flags and the filesystem's data string.
pub fn split_options(options: &str) -> (MsFlags, String) {
    let mut flags = MsFlags::empty();
    let mut data = Vec::new();
    for opt in options.split(',').filter(|o| !o.is_empty()) {
        let (set, clear) = match opt {
            "ro" => (MsFlags::MS_RDONLY, MsFlags::empty()),
            "rw" => (MsFlags::empty(), MsFlags::MS_RDONLY),
            "bind" => (MsFlags::MS_BIND, MsFlags::empty()),
            "rbind" => (MsFlags::MS_BIND | MsFlags::MS_REC, MsFlags::empty()),
            "nosuid" => (MsFlags::MS_NOSUID, MsFlags::empty()),
            "suid" => (MsFlags::empty(), MsFlags::MS_NOSUID),
            "nodev" => (MsFlags::MS_NODEV, MsFlags::empty()),
            "dev" => (MsFlags::empty(), MsFlags::MS_NODEV),
            "noexec" => (MsFlags::MS_NOEXEC, MsFlags::empty()),
            "exec" => (MsFlags::empty(), MsFlags::MS_NOEXEC),
            "sync" => (MsFlags::MS_SYNCHRONOUS, MsFlags::empty()),
            "async" => (MsFlags::empty(), MsFlags::MS_SYNCHRONOUS),
            "dirsync" => (MsFlags::MS_DIRSYNC, MsFlags::empty()),
            "noatime" => (MsFlags::MS_NOATIME, MsFlags::empty()),
            "nodiratime" => (MsFlags::MS_NODIRATIME, MsFlags::empty()),
            "relatime" => (MsFlags::MS_RELATIME, MsFlags::empty()),
            "strictatime" => (MsFlags::MS_STRICTATIME, MsFlags::empty()),
            "defaults" => (MsFlags::empty(), MsFlags::empty()),
            other => {
                data.push(other);
                continue;
            }
        };
        flags.insert(set);
        flags.remove(clear);
    }
    (flags, data.join(","))
}

/// True when `path` is a mount point (listed in this process's mountinfo).
pub fn is_mounted(path: &Path) -> bool {
    let Ok(info) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let wanted = path.to_string_lossy();
    info.lines()
        .filter_map(|l| l.split(' ').nth(4))
        .any(|p| unescape(p) == wanted)
}

/// mountinfo escapes space, tab, newline and backslash as `\ooo`.
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 3 < bytes.len() {
            let digits = std::str::from_utf8(&bytes[i + 1..i + 4]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(digits, 8) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Mounts the volume's device on its `_data` unless it has no options or is mounted already.
pub fn mount_volume(volume: &Volume) -> Result<(), Error> {
    if !needs_mount(volume) || is_mounted(&volume.mountpoint) {
        return Ok(());
    }
    let options = &volume.meta.options;
    let kind = options.get("type").cloned().unwrap_or_default();
    let device = options.get("device").cloned().unwrap_or_default();
    let (flags, data) = split_options(options.get("o").map(String::as_str).unwrap_or(""));
    let fstype = (!kind.is_empty() && kind != "none").then_some(kind.as_str());
    mount(
        Some(device.as_str()),
        &volume.mountpoint,
        fstype,
        flags,
        (!data.is_empty()).then_some(data.as_str()),
    )
    .map_err(|source| Error::Mount {
        name: volume.meta.name.clone(),
        kind: kind.clone(),
        device: device.clone(),
        source,
    })
}

/// Undoes [`mount_volume`] (a no-op when nothing is mounted there).
pub fn unmount(volume: &Volume) -> Result<(), Error> {
    if !is_mounted(&volume.mountpoint) {
        return Ok(());
    }
    umount2(&volume.mountpoint, MntFlags::MNT_DETACH).map_err(|source| Error::Unmount {
        name: volume.meta.name.clone(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_split_into_flags_and_data() {
        let (flags, data) = split_options("size=10m,ro,noexec,mode=700");
        assert!(flags.contains(MsFlags::MS_RDONLY | MsFlags::MS_NOEXEC));
        assert_eq!(data, "size=10m,mode=700");
        let (flags, data) = split_options("bind");
        assert_eq!(flags, MsFlags::MS_BIND);
        assert!(data.is_empty());
    }

    #[test]
    fn mountinfo_escapes() {
        assert_eq!(unescape("/a\\040b"), "/a b");
        assert_eq!(unescape("/plain"), "/plain");
        assert_eq!(unescape("/end\\"), "/end\\");
    }

    #[test]
    fn root_is_mounted() {
        assert!(is_mounted(Path::new("/")));
    }
}
