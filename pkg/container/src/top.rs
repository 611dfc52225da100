//! `top`: Docker runs the host's `ps` with the user's options and keeps the rows of the
//! container's processes (containerd's pid list of the task), so that every `ps` option works
//! and the columns are exactly `ps`'s. This is Docker 20.10's `ContainerTop`, step by step.

use linnet_containerd::{Client, Container};

use crate::ops::{self, Status};
use crate::Error;

/// `ps`'s header and the container's rows, each with as many cells as the header (the cells
/// after the last column are joined by spaces, as commands contain them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Top {
    pub titles: Vec<String>,
    pub processes: Vec<Vec<String>>,
}

/// Docker refuses `-o X=PID...` for any X but `pid`: renaming another column to "PID" would
/// make it pick the wrong column.
pub fn validate_ps_args(ps_args: &str) -> Result<(), Error> {
    // Docker's pattern `\s+([^\s]*)=\s*(PID[^\s]*)`.
    let pattern = regex::Regex::new(r"\s+([^\s]*)=\s*(PID[^\s]*)")
        .map_err(|e| Error::InvalidArgument(e.to_string()))?;
    for group in pattern.captures_iter(ps_args) {
        let (key, value) = (&group[1], &group[2]);
        if key != "pid" {
            return Err(Error::InvalidArgument(format!(
                "specifying \"{key}={value}\" is not allowed"
            )));
        }
    }
    Ok(())
}

/// Go's `strings.Fields` restricted to ASCII whitespace, as Docker splits `ps` output.
fn fields(line: &str) -> Vec<String> {
    line.split([' ', '\t', '\n', '\x0b', '\x0c', '\r'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Keeps the rows of `ps` output whose PID is one of `pids`; a thread row (PID `-`, with the
/// `m` option) goes with the process row above it.
pub fn parse_ps_output(output: &str, pids: &[u32]) -> Result<Top, Error> {
    let mut lines = output.split('\n');
    let titles = fields(lines.next().unwrap_or_default());
    let Some(pid_index) = titles.iter().position(|t| t == "PID") else {
        return Err(Error::Top("couldn't find PID field in ps output".into()));
    };
    let mut processes = Vec::new();
    let mut previous_kept = false;
    for line in lines.filter(|l| !l.is_empty()) {
        let cells = fields(line);
        let Some(pid) = cells.get(pid_index) else {
            previous_kept = false;
            continue;
        };
        if pid == "-" {
            if previous_kept {
                processes.push(merge_tail(cells, titles.len()));
            }
            continue;
        }
        let pid: u32 = pid
            .parse()
            .map_err(|e| Error::Top(format!("unexpected pid '{pid}': {e}")))?;
        previous_kept = pids.contains(&pid);
        if previous_kept {
            processes.push(merge_tail(cells, titles.len()));
        }
    }
    Ok(Top { titles, processes })
}

/// Joins the cells from the last title on with spaces (a command and its arguments).
fn merge_tail(mut cells: Vec<String>, columns: usize) -> Vec<String> {
    let last = columns.saturating_sub(1);
    if cells.len() > last {
        let tail = cells.split_off(last).join(" ");
        cells.push(tail);
    }
    cells
}

/// The container's processes as `ps PS_ARGS` shows them (`-ef` when empty).
pub async fn top(client: &Client, c: &Container, ps_args: &str) -> Result<Top, Error> {
    let ps_args = if ps_args.is_empty() { "-ef" } else { ps_args };
    validate_ps_args(ps_args)?;
    let task = client.task_get(&c.id).await?;
    match ops::state_of(c, task.as_ref()).status {
        Status::Running | Status::Paused => {}
        Status::Restarting => return Err(Error::Restarting(c.id.clone())),
        _ => return Err(Error::NotRunning(c.id.clone())),
    }
    let pids = client.task_pids(&c.id).await?;
    let args: Vec<String> = ps_args.split(' ').map(str::to_string).collect();
    let list = pids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let output = tokio::task::spawn_blocking(move || run_ps(&args, &list))
        .await
        .map_err(Error::Wait)??;
    parse_ps_output(&output, &pids)
}

/// `ps ARGS -q PIDS` (only those processes), else, as some options cannot go with `-q`,
/// `ps ARGS` alone; the first line of `ps`'s complaint is the error.
fn run_ps(args: &[String], pids: &str) -> Result<String, Error> {
    let ps = |extra: &[&str]| {
        std::process::Command::new("ps")
            .args(args)
            .args(extra)
            .stdin(std::process::Stdio::null())
            .output()
    };
    if let Ok(out) = ps(&["-q", pids]) {
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
    }
    let out = ps(&[]).map_err(|e| Error::Top(format!("ps: {e}")))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap_or_default();
    Err(Error::Top(if first.is_empty() {
        format!("ps: {}", out.status)
    } else {
        format!("ps: {first}")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PS: &str = "UID          PID    PPID  C STIME TTY          TIME CMD
root           1       0  0 16:00 ?        00:00:01 /sbin/init
root        8231    8210  3 16:07 ?        00:00:00 sleep 999
root        8245    8231  0 16:07 ?        00:00:00 sh -c sleep  1000
";

    #[test]
    fn keeps_container_rows_and_joins_commands() {
        let top = parse_ps_output(PS, &[8231, 8245]).unwrap();
        assert_eq!(top.titles.len(), 8);
        assert_eq!(top.processes.len(), 2);
        assert_eq!(top.processes[0][1], "8231");
        assert_eq!(top.processes[1][7], "sh -c sleep 1000");
        assert!(parse_ps_output(PS, &[]).unwrap().processes.is_empty());
    }

    #[test]
    fn thread_rows_follow_their_process() {
        let out = "PID TID CMD\n5 - a\n- 5 -\n6 - b\n- 6 -\n";
        let top = parse_ps_output(out, &[5]).unwrap();
        assert_eq!(top.processes.len(), 2);
        assert_eq!(top.processes[1], vec!["-", "5", "-"]);
    }

    #[test]
    fn errors_as_docker() {
        assert_eq!(
            parse_ps_output("COMMAND\nsleep\n", &[1])
                .unwrap_err()
                .to_string(),
            "couldn't find PID field in ps output"
        );
        assert!(parse_ps_output("PID\nx\n", &[1]).is_err());
        assert_eq!(
            validate_ps_args("-o user=PID").unwrap_err().to_string(),
            "specifying \"user=PID\" is not allowed"
        );
        assert!(validate_ps_args("-o pid=PID").is_ok());
        assert!(validate_ps_args("aux").is_ok());
    }
}
