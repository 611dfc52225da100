//! linnet-registry
