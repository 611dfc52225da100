//! Exercises the whole client against a running containerd, as a usage example and a manual
//! check: `cargo run -p linnet-containerd --example probe -- SOCKET LAYER.tar SPEC.json`.
//! LAYER.tar is an uncompressed rootfs tar with busybox `sh` and `sleep`; SPEC.json an OCI
//! runtime spec (e.g. from `runc spec`, terminal off) with `root.path` = "rootfs".

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use linnet_containerd::{Client, Container, Descriptor, Event, ExecCreate, Image, TaskCreate};
use sha2::{Digest, Sha256};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        return Err("usage: probe SOCKET LAYER.tar SPEC.json".into());
    }
    let client = Client::connect(&PathBuf::from(&args[1]), "linnet-probe").await?;
    println!("version {:?}", client.version().await?);
    let layer = std::fs::read(&args[2])?;
    let spec = std::fs::read(&args[3])?;
    let digest = format!("sha256:{}", hex::encode(Sha256::digest(&layer)));

    let lease = client.lease_create(Some(Duration::from_secs(3600))).await?;
    let leased = client.with_lease(&lease);
    println!("lease {lease}");

    // Content: write half, drop, resume, commit.
    let reference = format!("probe-{digest}");
    let half = layer.len() / 2;
    if let Some(mut w) = leased
        .content_writer(&reference, &digest, layer.len() as u64)
        .await?
    {
        println!("writer opened at offset {}", w.offset());
        if w.offset() == 0 {
            w.write(Bytes::copy_from_slice(&layer[..half])).await?;
        }
        drop(w);
        let mut w = leased
            .content_writer(&reference, &digest, layer.len() as u64)
            .await?
            .ok_or("resumed writer missing")?;
        println!("resumed at offset {}", w.offset());
        assert_eq!(w.offset(), half as u64);
        w.write(Bytes::copy_from_slice(&layer[half..])).await?;
        let mut labels = HashMap::new();
        labels.insert("probe".to_string(), "1".to_string());
        w.commit(labels).await?;
    }
    assert!(leased
        .content_writer(&reference, &digest, layer.len() as u64)
        .await?
        .is_none());
    let info = client
        .content_info(&digest)
        .await?
        .ok_or("content missing")?;
    println!(
        "content {} size {} labels {:?}",
        info.digest, info.size, info.labels
    );
    assert_eq!(client.content_read(&digest).await?, layer);
    let mut part = Vec::new();
    let mut s = client.content_read_stream(&digest, 10, 20);
    while let Some(chunk) = s.next().await {
        part.extend_from_slice(&chunk?);
    }
    assert_eq!(&part[..], &layer[10..30]);
    let mut labels = HashMap::new();
    labels.insert("probe".to_string(), String::new());
    labels.insert("other".to_string(), "x".to_string());
    client.content_update_labels(&digest, &labels).await?;
    let info = client
        .content_info(&digest)
        .await?
        .ok_or("content missing")?;
    println!("labels after merge {:?}", info.labels);
    println!("content count {}", client.content_list().await?.len());
    let missing = format!("sha256:{}", "0".repeat(64));
    assert!(client.content_info(&missing).await?.is_none());

    // Images.
    let desc = Descriptor::new(
        "application/vnd.oci.image.layer.v1.tar",
        &digest,
        layer.len() as u64,
    );
    let mut image = Image {
        name: "probe.local/img:1".to_string(),
        target: desc.clone(),
        labels: HashMap::new(),
        created_at: None,
        updated_at: None,
    };
    client.image_put(&image).await?;
    image.labels.insert("k".to_string(), "v".to_string());
    client.image_put(&image).await?;
    let got = client
        .image_get(&image.name)
        .await?
        .ok_or("image missing")?;
    println!(
        "image {} labels {:?} created {:?}",
        got.name, got.labels, got.created_at
    );
    println!(
        "images named: {}",
        client
            .image_list(&[format!("name=={}", image.name)])
            .await?
            .len()
    );
    assert!(client.image_get("probe.local/none:1").await?.is_none());

    // Snapshots + diff.
    let sn = "overlayfs";
    let key = format!("probe-extract-{}", std::process::id());
    let mounts = leased
        .snapshot_prepare(sn, &key, None, &HashMap::new())
        .await?;
    println!("prepare mounts {mounts:?}");
    let applied = leased.diff_apply(&desc, mounts).await?;
    println!("applied {}", applied.digest);
    let chain = applied.digest.clone();
    match leased
        .snapshot_commit(sn, &chain, &key, &HashMap::new())
        .await
    {
        Ok(()) => {}
        Err(e) if e.is_already_exists() => leased.snapshot_remove(sn, &key).await?,
        Err(e) => return Err(e.into()),
    }
    let st = client
        .snapshot_stat(sn, &chain)
        .await?
        .ok_or("snapshot missing")?;
    println!(
        "snapshot {} kind {:?} usage {:?}",
        st.name,
        st.kind,
        client.snapshot_usage(sn, &chain).await?
    );
    println!("snapshots {}", client.snapshot_list(sn).await?.len());

    // Containers + tasks.
    let mut events = client
        .events_subscribe(&["topic==\"/tasks/exit\"".to_string()])
        .await?;
    let id = format!("probe-{}", std::process::id());
    let rootfs = client
        .snapshot_prepare(sn, &id, Some(&chain), &HashMap::new())
        .await?;
    let c = Container {
        id: id.clone(),
        image: image.name.clone(),
        runtime: "io.containerd.runc.v2".to_string(),
        snapshotter: sn.to_string(),
        snapshot_key: id.clone(),
        spec: spec.clone(),
        ..Default::default()
    };
    client.container_create(&c).await?;
    assert!(client
        .container_create(&c)
        .await
        .is_err_and(|e| e.is_already_exists()));
    let mut l = HashMap::new();
    l.insert("name".to_string(), "probe".to_string());
    client.container_update_labels(&id, &l).await?;
    let got = client
        .container_get(&id)
        .await?
        .ok_or("container missing")?;
    println!(
        "container {} labels {:?} spec bytes {}",
        got.id,
        got.labels,
        got.spec.len()
    );
    let out = format!("/tmp/{id}.out");
    let pid = client
        .task_create(TaskCreate {
            container_id: id.clone(),
            rootfs: rootfs.clone(),
            stdout: format!("file://{out}"),
            stderr: format!("file://{out}"),
            ..Default::default()
        })
        .await?;
    println!("task created pid {pid} {:?}", client.task_get(&id).await?);
    let wait = tokio::spawn({
        let client = client.clone();
        let id = id.clone();
        async move { client.task_wait(&id, None).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    client.task_start(&id, None).await?;
    let exit = wait.await??;
    println!(
        "exit {exit:?}, stdout {:?}",
        std::fs::read_to_string(&out).unwrap_or_default()
    );
    assert_eq!(exit.exit_status, 3);
    println!(
        "event {:?}",
        tokio::time::timeout(Duration::from_secs(5), events.next()).await?
    );
    println!("delete {:?}", client.task_delete(&id).await?);
    assert!(client.task_delete(&id).await?.is_none());

    // Exec into a long-running task.
    let mut spec_json: serde_json::Value = serde_json::from_slice(&spec)?;
    spec_json["process"]["args"] = serde_json::json!(["sleep", "30"]);
    let process = spec_json["process"].clone();
    client.container_delete(&id).await?;
    let c = Container {
        spec: serde_json::to_vec(&spec_json)?,
        ..c
    };
    client.container_create(&c).await?;
    client
        .task_create(TaskCreate {
            container_id: id.clone(),
            rootfs,
            ..Default::default()
        })
        .await?;
    client.task_start(&id, None).await?;
    let mut exec_process = process;
    exec_process["args"] = serde_json::json!(["sh", "-c", "exit 5"]);
    client
        .task_exec(ExecCreate {
            container_id: id.clone(),
            exec_id: "e1".to_string(),
            process_spec: serde_json::to_vec(&exec_process)?,
            ..Default::default()
        })
        .await?;
    let wait = tokio::spawn({
        let client = client.clone();
        let id = id.clone();
        async move { client.task_wait(&id, Some("e1")).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    client.task_start(&id, Some("e1")).await?;
    let exit = wait.await??;
    println!("exec exit {exit:?}");
    assert_eq!(exit.exit_status, 5);
    println!("pids {:?}", client.task_pids(&id).await?);
    println!(
        "delete exec {:?}",
        client.task_delete_process(&id, "e1").await?
    );
    println!("tasks {:?}", client.task_list().await?);
    client.task_kill(&id, None, 9, false).await?;
    println!("killed: {:?}", client.task_wait(&id, None).await?);
    while let Ok(Some(ev)) = tokio::time::timeout(Duration::from_secs(1), events.next()).await {
        if let Ok(Event::TaskExit {
            id, exit_status, ..
        }) = ev
        {
            println!("exit event {id} {exit_status}");
        }
    }
    client.task_delete(&id).await?;
    client.container_delete(&id).await?;
    client.snapshot_remove(sn, &id).await?;
    assert!(client.container_get(&id).await?.is_none());

    client.image_delete(&image.name, false).await?;
    client.lease_delete(&lease).await?;
    println!("namespaces {:?}", client.namespaces().await?);
    println!("ok");
    Ok(())
}
