//! linnet-containerd
