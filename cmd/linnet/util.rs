//! Helpers several commands share (command modules never import each other): Docker's exit-code
//! mapping of library errors, the per-item loops of `start`/`stop`/`kill`/`rm`, platform flags,
//! and the task table of `ps`/`inspect`.

use std::collections::HashMap;
use std::future::Future;

use linnet_containerd::{Client, TaskInfo};
use linnet_image::Platform;

use crate::exit::{ExitError, CODE_CANNOT_INVOKE, CODE_ERROR, CODE_FAILURE, CODE_NOT_FOUND};

/// Docker's `run`/`create` exit with 125 when they fail themselves; errors that already carry a
/// code (126, 127) keep it.
pub fn as_run_failure(err: anyhow::Error) -> anyhow::Error {
    if err.chain().any(|e| e.downcast_ref::<ExitError>().is_some()) {
        err
    } else {
        err.context(ExitError::new(CODE_FAILURE, ""))
    }
}

/// Parses `--detach-keys` (empty: Docker's default); a bad sequence is a usage error (125).
pub fn detach_keys(text: &str) -> anyhow::Result<linnet_container::detach_keys::DetachKeys> {
    linnet_container::detach_keys::DetachKeys::parse(text)
        .map_err(|e| ExitError::new(CODE_FAILURE, e.to_string()).into())
}

/// Maps a container-library error to Docker's exit code where it has one (126/127).
pub fn container_error(err: linnet_container::Error) -> anyhow::Error {
    match &err {
        linnet_container::Error::CommandNotFound(m) => {
            ExitError::new(CODE_NOT_FOUND, m.clone()).into()
        }
        linnet_container::Error::CommandNotInvokable(m) => {
            ExitError::new(CODE_CANNOT_INVOKE, m.clone()).into()
        }
        _ => err.into(),
    }
}

/// Runs `each` for every named item, printing the name on success and one error line on
/// failure, as Docker's `stop`/`kill`/`rm` do; exits 1 when any failed.
pub async fn for_each<'a, F, Fut>(items: &'a [String], mut each: F) -> anyhow::Result<u8>
where
    F: FnMut(&'a str) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let mut failed = false;
    for item in items {
        match each(item).await {
            Ok(()) => println!("{item}"),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {}", crate::exit::one_line(&e));
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

/// Docker CLI's bound on containers handled at once by `stop`/`kill`/`rm`.
const PARALLEL_LIMIT: usize = 50;

/// [`for_each`] with the items handled side by side, as Docker's `stop`/`kill`/`rm` do (their
/// waits for an exit overlap); the names and errors still come out in argument order.
pub async fn for_each_parallel<'a, F, Fut>(items: &'a [String], each: F) -> anyhow::Result<u8>
where
    F: FnMut(&'a str) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    use futures::StreamExt;
    let mut each = each;
    let mut outcomes = futures::stream::iter(items)
        .map(|item| {
            let done = each(item);
            async move { (item, done.await) }
        })
        .buffered(PARALLEL_LIMIT);
    let mut failed = false;
    while let Some((item, outcome)) = outcomes.next().await {
        match outcome {
            Ok(()) => println!("{item}"),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {}", crate::exit::one_line(&e));
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

/// `--platform` values, repeatable or comma-separated.
pub fn parse_platforms(flags: &[String]) -> anyhow::Result<Vec<Platform>> {
    Ok(flags
        .iter()
        .flat_map(|p| p.split(','))
        .map(Platform::parse)
        .collect::<Result<Vec<_>, _>>()?)
}

/// A local image by name, or Docker's "no such image" error.
pub async fn local_image(client: &Client, name: &str) -> anyhow::Result<linnet_containerd::Image> {
    linnet_image::find_image(client, name)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no such image: {name}"))
}

/// Every task of the namespace by container ID.
pub async fn tasks_by_id(client: &Client) -> anyhow::Result<HashMap<String, TaskInfo>> {
    Ok(client
        .task_list()
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect())
}

/// Releases the networks of containers whose task is gone without linnet seeing it (a crash of
/// linnet or containerd, an exit nobody monitored); a failure only warns.
pub async fn reclaim_networks(client: &Client, scope: &linnet_container::Scope) {
    match linnet_container::network::reclaim(client, scope).await {
        Ok(ids) if !ids.is_empty() => tracing::debug!("released stale networks of {ids:?}"),
        Ok(_) => {}
        Err(e) => tracing::warn!("cannot release stale container networks: {e}"),
    }
}

/// Docker's usage error for a filter without `=` (exit 125) naming the flag; other filter
/// errors are the command's failure (exit 1).
pub fn parse_filters(
    args: &[String],
    keys: &[&str],
    flag: &str,
) -> anyhow::Result<linnet_image::filter::Filters> {
    use linnet_image::filter::{FilterError, Filters};
    Filters::parse(args, keys).map_err(|e| match e {
        FilterError::Format(ref arg) => crate::exit::ExitError::new(
            crate::exit::CODE_FAILURE,
            format!("invalid argument {arg:?} for \"{flag}\" flag: {e}"),
        )
        .into(),
        e => e.into(),
    })
}
