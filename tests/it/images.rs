//! Item 5: `images` columns and formats, `tag`, `rmi` (refused while a container uses the image
//! unless forced) and `image inspect`.

use crate::common::{images, TestEnv};

fn short_id(digest: &str) -> String {
    digest.trim_start_matches("sha256:")[..12].to_string()
}

#[test]
fn images_table_quiet_digests_no_trunc_and_json() {
    let Some(env) = TestEnv::new("images_list", &[]) else {
        return;
    };
    let image = images::variant("it-list:latest", "list");
    env.load(&image);
    let id = short_id(image.digest());

    let table = env.ok(&["images"]);
    let header = table
        .lines()
        .first()
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "));
    if header.as_deref() != Some("REPOSITORY TAG IMAGE ID CREATED PLATFORM SIZE BLOB SIZE") {
        table.fail("header should be REPOSITORY TAG IMAGE ID CREATED PLATFORM SIZE BLOB SIZE");
    }
    let row = table
        .lines()
        .into_iter()
        .find(|l| l.starts_with("it-list "))
        .unwrap_or_else(|| table.fail("no row for it-list"))
        .to_string();
    let cols: Vec<&str> = row.split_whitespace().collect();
    if cols.get(1) != Some(&"latest") || cols.get(2) != Some(&id.as_str()) {
        table.fail(&format!("row should be it-list latest {id} ...: {row}"));
    }
    if !row.contains(&crate::common::host_platform()) {
        table.fail("row should show the platform");
    }

    let quiet = env.ok(&["images", "-q"]);
    if quiet.lines() != vec![id.as_str()] {
        quiet.fail(&format!("images -q should print only {id}"));
    }

    env.ok(&["images", "--no-trunc"]).stdout_has(image.digest());

    let digests = env.ok(&["images", "--digests"]);
    if !digests
        .lines()
        .first()
        .is_some_and(|h| h.contains("DIGEST"))
    {
        digests.fail("--digests should add a DIGEST column");
    }
    digests.stdout_has(image.digest());

    let json = env.ok(&["images", "--format", "json"]);
    let rows: Vec<serde_json::Value> = json
        .lines()
        .iter()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| json.fail(&format!("bad JSON line {l:?}: {e}")))
        })
        .collect();
    let row = rows
        .iter()
        .find(|r| r["Repository"] == "it-list")
        .unwrap_or_else(|| json.fail("no JSON row with Repository it-list"));
    for key in [
        "Repository",
        "Tag",
        "ID",
        "CreatedAt",
        "Digest",
        "Size",
        "BlobSize",
        "Platform",
    ] {
        if row.get(key).is_none() {
            json.fail(&format!("JSON row lacks key {key}"));
        }
    }
    assert_eq!(row["Tag"], "latest");

    env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"])
        .stdout_is("it-list:latest");
    env.ok(&["images", "it-list"]).stdout_has("it-list");
    let none = env.ok(&["images", "-q", "no-such-repo"]);
    assert!(
        none.lines().is_empty(),
        "filter should match nothing\n{none}"
    );
}

#[test]
fn tag_and_rmi() {
    let Some(env) = TestEnv::new("tag_rmi", &[]) else {
        return;
    };
    let image = images::variant("it-tag:latest", "tag");
    env.load(&image);
    env.ok(&["tag", "it-tag:latest", "it-tag:v2"]);
    env.ok(&["tag", "it-tag", "example.com/other/name:v3"]);
    let names = env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]);
    for name in ["it-tag:latest", "it-tag:v2", "example.com/other/name:v3"] {
        if !names
            .lines()
            .iter()
            .any(|l| l.starts_with(&format!("{name} ")))
        {
            names.fail(&format!("images should list {name}"));
        }
    }
    env.ok(&["rmi", "it-tag:v2", "example.com/other/name:v3"]);
    let left = env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert_eq!(left.lines(), vec!["it-tag:latest"], "\n{left}");

    env.run(&["tag", "no-such-image:1", "x:1"])
        .failure()
        .one_error_line();
    env.run(&["rmi", "no-such-image:1"])
        .failure()
        .one_error_line();

    // An image used by a container is only removed with -f.
    env.ok(&[
        "create",
        "--pull",
        "never",
        "--name",
        "user",
        "it-tag:latest",
        "true",
    ]);
    env.run(&["rmi", "it-tag:latest"])
        .failure()
        .one_error_line();
    env.ok(&["images"]).stdout_has("it-tag");
    env.ok(&["rmi", "-f", "it-tag:latest"]);
    env.ok(&["rm", "user"]);
}

#[test]
fn image_inspect_json_and_format() {
    let Some(env) = TestEnv::new("image_inspect", &[]) else {
        return;
    };
    let image = images::variant("it-inspect:latest", "inspect");
    env.load(&image);
    let run = env.ok(&["image", "inspect", "it-inspect"]);
    let json = run.json();
    let first = &json[0];
    if first["Id"] != image.digest() {
        run.fail(&format!("Id should be {}", image.digest()));
    }
    if !first["RepoTags"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "it-inspect:latest"))
    {
        run.fail("RepoTags should contain it-inspect:latest");
    }
    assert_eq!(first["Os"], "linux", "{run}");
    assert_eq!(first["Architecture"], images::host_arch(), "{run}");
    assert_eq!(first["Config"]["Cmd"], serde_json::json!(["sh"]), "{run}");

    env.ok(&["image", "inspect", "-f", "{{.Id}}", "it-inspect:latest"])
        .stdout_is(image.digest());
    // Plain `inspect` resolves image names too.
    env.ok(&["inspect", "--type", "image", "-f", "{{.Id}}", "it-inspect"])
        .stdout_is(image.digest());
    env.run(&["image", "inspect", "nope:1"])
        .failure()
        .one_error_line();
}
