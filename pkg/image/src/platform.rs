//! Platforms (`os/arch[/variant]`), defined in `linnet-oci`.

pub use linnet_oci::{platform_list as list, Platform};
