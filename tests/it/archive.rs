//! Item 5 (archives): `save` then `load` restores an image, `load` reads OCI archives from a file
//! or stdin and docker-archives, `import` makes an image from a rootfs tarball.

use std::io::Read;

use crate::common::{images, TestEnv};

fn archive_names(path: &std::path::Path) -> Vec<String> {
    let file = std::fs::File::open(path).expect("open archive");
    let mut archive = tar::Archive::new(file);
    archive
        .entries()
        .expect("tar entries")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.path().ok().map(|p| p.to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn save_rmi_load_round_trip() {
    let Some(env) = TestEnv::new("save_load", &[]) else {
        return;
    };
    let image = images::multi_layer("it-save:latest");
    env.load(&image);
    let out = env.path("saved.tar");
    env.ok(&[
        "save",
        "-o",
        out.to_str().expect("utf-8 path"),
        "it-save:latest",
    ]);
    let names = archive_names(&out);
    for required in ["index.json", "oci-layout", "manifest.json"] {
        assert!(
            names.iter().any(|n| n == required),
            "saved archive lacks {required}: {names:?}"
        );
    }
    env.ok(&["rmi", "it-save:latest"]);
    env.ok(&["load", "-i", out.to_str().expect("utf-8 path")])
        .stdout_has("Loaded image");
    env.ok(&["image", "inspect", "-f", "{{.Id}}", "it-save:latest"])
        .stdout_is(image.digest());
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "it-save:latest",
        "cat",
        "/etc/some-file",
    ])
    .stdout_is(images::UPPER_CONTENT);

    // save to stdout writes the same archive, byte for byte, and it loads back.
    let saved = std::fs::read(&out).expect("read saved archive");
    let stdout = env
        .linnet()
        .args(["save", "it-save:latest"])
        .command()
        .output()
        .expect("run save");
    assert!(stdout.status.success(), "save to stdout failed: {stdout:?}");
    assert!(
        stdout.stdout == saved,
        "save to stdout ({} bytes) differs from save -o ({} bytes)",
        stdout.stdout.len(),
        saved.len()
    );
    env.ok(&["rmi", "it-save:latest"]);
    env.linnet()
        .arg("load")
        .stdin(stdout.stdout)
        .run()
        .success();
    env.ok(&["image", "inspect", "-f", "{{.Id}}", "it-save:latest"])
        .stdout_is(image.digest());
}

#[test]
fn load_from_stdin() {
    let Some(env) = TestEnv::new("load_stdin", &[]) else {
        return;
    };
    let image = images::variant("it-stdin:latest", "stdin");
    let path = env.path("stdin.tar");
    image.write_oci_archive(&path).expect("write archive");
    let mut data = Vec::new();
    std::fs::File::open(&path)
        .and_then(|mut f| f.read_to_end(&mut data))
        .expect("read archive");
    env.linnet()
        .arg("load")
        .stdin(data)
        .run()
        .success()
        .stdout_has("Loaded image");
    env.ok(&["run", "--rm", "--pull", "never", "it-stdin", "echo", "ok"])
        .stdout_is("ok");
    env.run(&["load", "-i", "/nonexistent.tar"]).error_1();
}

#[test]
fn load_docker_archive() {
    let Some(env) = TestEnv::new("load_docker_archive", &[]) else {
        return;
    };
    let path = env.path("docker.tar");
    let config_id =
        images::write_docker_archive(&path, "it-docker:latest").expect("docker archive");
    env.ok(&["load", "-i", path.to_str().expect("utf-8 path")])
        .stdout_has("it-docker");
    // A docker-archive has no manifest: linnet writes one around the archive's config.
    env.ok(&[
        "image",
        "inspect",
        "-f",
        "{{.ConfigDigest}}",
        "it-docker:latest",
    ])
    .stdout_is(&config_id);
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "it-docker",
        "cat",
        "/etc/some-file",
    ])
    .stdout_is(images::UPPER_CONTENT);
}

#[test]
fn import_rootfs_tarball() {
    let Some(env) = TestEnv::new("import", &[]) else {
        return;
    };
    let path = env.path("rootfs.tar");
    images::rootfs_tar(&path).expect("write rootfs");
    let path = path.to_str().expect("utf-8 path").to_string();
    env.ok(&["import", &path, "it-imported:v1"]);
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "it-imported:v1",
        "cat",
        "/etc/it-release",
    ])
    .stdout_is("linnet integration test image");

    env.ok(&[
        "import",
        "-c",
        "CMD [\"echo\", \"imported\"]",
        "-c",
        "ENV IT_VAR=set",
        &path,
        "it-imported:v2",
    ]);
    env.ok(&["run", "--rm", "--pull", "never", "it-imported:v2"])
        .stdout_is("imported");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "it-imported:v2",
        "sh",
        "-c",
        "echo $IT_VAR",
    ])
    .stdout_is("set");
    let inspect = env.ok(&["image", "inspect", "it-imported:v2"]);
    assert_eq!(
        inspect.json()[0]["Architecture"],
        images::host_arch(),
        "{inspect}"
    );
}
