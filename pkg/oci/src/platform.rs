//! Platforms (`os/arch[/variant]`), normalized the way containerd's `platforms` package does, so
//! that `x86_64` matches `amd64` and `aarch64` matches `arm64/v8`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Platform {
    #[serde(default)]
    pub os: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub variant: String,
    #[serde(
        rename = "os.version",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    pub os_version: String,
}

impl Platform {
    /// The platform of this machine.
    pub fn host() -> Platform {
        let arch = normalize_arch(std::env::consts::ARCH, "");
        Platform {
            os: "linux".to_string(),
            architecture: arch.0,
            variant: arch.1,
            os_version: String::new(),
        }
    }

    /// Parses `os`, `os/arch`, `os/arch/variant` or a bare `arch` (taken as linux).
    pub fn parse(s: &str) -> Result<Platform, Error> {
        let parts: Vec<&str> = s.trim().split('/').collect();
        if parts.iter().any(|p| p.is_empty()) || parts.len() > 3 {
            return Err(Error::InvalidPlatform(s.to_string()));
        }
        let known_os = ["linux", "windows", "darwin", "freebsd"];
        let (os, arch, variant) = match parts.as_slice() {
            [one] if known_os.contains(&one.to_ascii_lowercase().as_str()) => {
                let host = Platform::host();
                (one.to_string(), host.architecture, host.variant)
            }
            [one] => ("linux".to_string(), one.to_string(), String::new()),
            [os, arch] => (os.to_string(), arch.to_string(), String::new()),
            [os, arch, variant] => (os.to_string(), arch.to_string(), variant.to_string()),
            _ => return Err(Error::InvalidPlatform(s.to_string())),
        };
        let os = os.to_ascii_lowercase();
        if !os.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::InvalidPlatform(s.to_string()));
        }
        let (architecture, variant) =
            normalize_arch(&arch.to_ascii_lowercase(), &variant.to_ascii_lowercase());
        Ok(Platform {
            os,
            architecture,
            variant,
            os_version: String::new(),
        })
    }

    /// Normalized copy (for platforms read from manifests).
    pub fn normalized(&self) -> Platform {
        let (architecture, variant) = normalize_arch(
            &self.architecture.to_ascii_lowercase(),
            &self.variant.to_ascii_lowercase(),
        );
        Platform {
            os: self.os.to_ascii_lowercase(),
            architecture,
            variant,
            os_version: self.os_version.clone(),
        }
    }

    /// Whether an image for `other` can be used where `self` is wanted. An empty variant on either
    /// side matches any variant, as containerd's matcher does for the common cases.
    pub fn matches(&self, other: &Platform) -> bool {
        let a = self.normalized();
        let b = other.normalized();
        a.os == b.os
            && a.architecture == b.architecture
            && (a.variant.is_empty() || b.variant.is_empty() || a.variant == b.variant)
    }
}

/// `linux/amd64, linux/arm64`: platforms as error messages list them.
pub fn list(platforms: &[Platform]) -> String {
    platforms
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if !self.variant.is_empty() {
            write!(f, "/{}", self.variant)?;
        }
        Ok(())
    }
}

fn normalize_arch(arch: &str, variant: &str) -> (String, String) {
    let (arch, variant) = match arch {
        "i386" | "386" => ("386", variant),
        "x86_64" | "x86-64" | "amd64" => ("amd64", if variant == "v1" { "" } else { variant }),
        "aarch64" | "arm64" => (
            "arm64",
            if variant == "8" || variant == "v8" {
                ""
            } else {
                variant
            },
        ),
        "armhf" => ("arm", "v7"),
        "armel" => ("arm", "v6"),
        "arm" => ("arm", if variant.is_empty() { "v7" } else { variant }),
        other => (other, variant),
    };
    let variant = match variant {
        "5" | "6" | "7" | "8" => format!("v{variant}"),
        v => v.to_string(),
    };
    (arch.to_string(), variant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes() {
        assert_eq!(
            Platform::parse("linux/amd64").unwrap().to_string(),
            "linux/amd64"
        );
        assert_eq!(
            Platform::parse("linux/x86_64").unwrap().to_string(),
            "linux/amd64"
        );
        assert_eq!(
            Platform::parse("linux/aarch64").unwrap().to_string(),
            "linux/arm64"
        );
        assert_eq!(
            Platform::parse("linux/arm64/v8").unwrap().to_string(),
            "linux/arm64"
        );
        assert_eq!(
            Platform::parse("linux/arm").unwrap().to_string(),
            "linux/arm/v7"
        );
        assert_eq!(Platform::parse("arm64").unwrap().to_string(), "linux/arm64");
        assert!(Platform::parse("linux//amd64").is_err());
        assert!(Platform::parse("").is_err());
        assert!(Platform::parse("a/b/c/d").is_err());
    }

    #[test]
    fn matching_ignores_missing_variant() {
        let want = Platform::parse("linux/arm64").unwrap();
        let have = Platform {
            os: "linux".into(),
            architecture: "arm64".into(),
            variant: "v8".into(),
            os_version: String::new(),
        };
        assert!(want.matches(&have));
        assert!(!Platform::parse("linux/amd64").unwrap().matches(&have));
    }
}
