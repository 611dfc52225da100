//! Item 3: `pull` from a plain registry: layers with whiteouts and opaque dirs unpack right,
//! `--platform` picks a manifest of an index, `-q`, plain non-TTY output, cheap re-pulls.

use std::time::{Duration, Instant};

use crate::common::{has_ansi, images, other_platform, Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];

#[test]
fn pull_multi_layer_image_and_run_it() {
    let Some(env) = TestEnv::new("pull_multi_layer", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::multi_layer("it-multilayer:latest");
    let remote = env.seed(&reg, &image, "it/multilayer:v1");
    env.ok(&["rmi", &remote, &image.name]);

    let pull = env.ok(&["pull", &remote]);
    assert!(
        !has_ansi(&pull.stdout) && !has_ansi(&pull.stderr),
        "progress without a TTY must be plain lines\n{pull}"
    );

    let list = env.ok(&["images"]);
    let repo = format!("{}/it/multilayer", reg.host);
    assert!(
        list.lines()
            .iter()
            .any(|l| l.starts_with(&repo) && l.contains("v1")),
        "images should list {repo} v1\n{list}"
    );

    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &remote,
        "cat",
        "/etc/some-file",
    ])
    .stdout_is(images::UPPER_CONTENT);
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &remote,
        "sh",
        "-c",
        "if [ -e /etc/gone ]; then echo present; else echo absent; fi",
    ])
    .stdout_is("absent");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &remote,
        "ls",
        "/data/opaque",
    ])
    .stdout_is("new");
    env.ok(&["run", "--rm", "--pull", "never", &remote, "/app/hello.sh"])
        .stdout_is("hello from layer three");

    // Everything is local: a second pull only checks the manifest.
    let started = Instant::now();
    env.ok(&["pull", &remote]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "re-pull took {:?}",
        started.elapsed()
    );

    let quiet = env.ok(&["pull", "-q", &remote]);
    let lines = quiet.lines();
    if lines.len() != 1 || !lines[0].ends_with(&remote) {
        quiet.fail(&format!(
            "pull -q should print only the image name {remote}"
        ));
    }
}

#[test]
fn pull_platform_picks_manifest_from_index() {
    let Some(env) = TestEnv::new("pull_platform", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::multi_platform("it-multiplatform:latest");
    let remote = env.seed(&reg, &image, "it/multiplatform:v1");
    env.ok(&["rmi", &remote, &image.name]);

    let other = other_platform();
    env.ok(&["pull", "--platform", &other, &remote]);
    let inspect = env.ok(&["image", "inspect", &remote]);
    let json = inspect.json();
    let arch = other.rsplit('/').next().unwrap_or_default();
    if json[0]["Architecture"] != arch {
        inspect.fail(&format!("image inspect should report Architecture {arch}"));
    }
    let list = env.ok(&["images", "--format", "json"]);
    assert!(
        list.stdout.contains(&other),
        "images should show platform {other}\n{list}"
    );
}
