//! Generates the server side of containerd's Snapshots service. The message types come from
//! containerd-client (extern_path), so the CLI and the snapshotter share one set of types.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto = "proto/github.com/containerd/containerd/api/services/snapshots/v1/snapshots.proto";
    println!("cargo:rerun-if-changed=proto");
    let mut config = tonic_prost_build::Config::new();
    config.protoc_arg("--experimental_allow_proto3_optional");
    tonic_prost_build::configure()
        .build_client(false)
        .build_server(true)
        .extern_path(".containerd.types", "::containerd_client::types")
        .extern_path(
            ".containerd.services.snapshots.v1",
            "::containerd_client::services::v1::snapshots",
        )
        .compile_with_config(config, &[proto], &["proto/"])?;
    Ok(())
}
