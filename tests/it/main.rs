//! Integration tests: the real `linnet` binary against real containerd, runc and docker-registry.
//! One test binary (`cargo test --test it`) keeps link time low; `common` is the harness.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

mod common;

mod archive;
mod attach;
mod cli_usage;
mod commit;
mod completions;
mod container_ops;
mod containers;
mod cp;
mod errors;
mod events;
mod everyday_bugs;
mod exec;
mod harness;
mod images;
mod lazy;
mod lazy_compat;
mod lazy_integrity;
mod lifecycle_flags;
mod login;
mod logs;
mod net_connect;
mod net_reach;
mod network;
mod networking;
mod prune;
mod ps_filters;
mod pull;
mod pull_faults;
mod push;
mod rename_network;
mod run_resources;
mod run_security;
mod security;
mod snapshotter;
mod soci;
mod soci_v1;
mod system;
mod templates;
mod volumes;
