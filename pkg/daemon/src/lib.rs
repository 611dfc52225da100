//! linnet-daemon
