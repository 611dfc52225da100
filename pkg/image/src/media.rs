//! The OCI media types, re-exported from `linnet-oci` where they are defined.

pub use linnet_oci::media::*;
