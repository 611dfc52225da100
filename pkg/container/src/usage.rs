//! Disk usage of containers as Docker reports it (`ps -s`): the writable layer (`SizeRw`, the
//! usage of the container's active snapshot) and the whole root filesystem (`SizeRootFs`, that
//! plus the image's unpacked layers).

use std::collections::HashMap;

use linnet_containerd::{Client, Container};

/// `SizeRw` and `SizeRootFs` of one container, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub rw: u64,
    pub root_fs: u64,
}

/// Computes sizes, reading each image's layer usage once however many containers share it.
#[derive(Debug, Default)]
pub struct SizeCounter {
    images: HashMap<(String, String), u64>,
}

impl SizeCounter {
    pub fn new() -> SizeCounter {
        SizeCounter::default()
    }

    /// The sizes of `c`; parts that cannot be read (snapshot gone, image removed) count as 0.
    pub async fn size(&mut self, client: &Client, c: &Container) -> Size {
        let rw = if c.snapshot_key.is_empty() {
            0
        } else {
            client
                .snapshot_usage(&c.snapshotter, &c.snapshot_key)
                .await
                .map(|(bytes, _)| bytes.max(0) as u64)
                .unwrap_or(0)
        };
        let key = (c.image.clone(), c.snapshotter.clone());
        let image = match self.images.get(&key) {
            Some(size) => *size,
            None => {
                let size = match client.image_get(&c.image).await {
                    Ok(Some(image)) => linnet_image::image_summary(client, &image, &c.snapshotter)
                        .await
                        .map(|s| s.size)
                        .unwrap_or(0),
                    _ => 0,
                };
                self.images.insert(key, size);
                size
            }
        };
        Size {
            rw,
            root_fs: rw + image,
        }
    }
}

impl Size {
    /// Docker's `ps -s` column: `12B (virtual 1.98MB)`.
    pub fn column(&self) -> String {
        format!(
            "{} (virtual {})",
            human_size_3(self.rw),
            human_size_3(self.root_fs)
        )
    }
}

/// go-units `HumanSizeWithPrecision(size, 3)`.
pub fn human_size_3(bytes: u64) -> String {
    linnet_spec::units::human_size3(bytes as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_precision() {
        assert_eq!(human_size_3(0), "0B");
        assert_eq!(human_size_3(12), "12B");
        assert_eq!(human_size_3(1_982_000), "1.98MB");
        assert_eq!(human_size_3(1_200_000), "1.2MB");
        assert_eq!(human_size_3(4_096), "4.1kB");
        let s = Size {
            rw: 9,
            root_fs: 1_982_009,
        };
        assert_eq!(s.column(), "9B (virtual 1.98MB)");
    }
}
