//! A closed stdout ends linnet quietly, as it ends other Unix tools (`linnet images | head`),
//! without making SIGPIPE fatal for every socket: with the default disposition, a write to a
//! containerd or snapshotter that just died killed linnet mid-recovery (exit -13, seen in
//! `snapshotter::snapshotter_is_supervised_across_restarts`). So SIGPIPE stays ignored and
//! sockets get EPIPE; only when stdout itself is the broken pipe does linnet die by SIGPIPE.

/// Installs the panic hook that turns `println!`'s "failed printing to stdout" on a closed pipe
/// into death by SIGPIPE.
pub fn install() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if stdout_is_closed_pipe() {
            die_by_sigpipe();
        }
        default(info);
    }));
}

/// Whether an error is a write to a closed stdout (then die by SIGPIPE, printing nothing).
pub fn exit_if_stdout_closed(err: &anyhow::Error) {
    let broken_pipe = err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe && stdout_is_closed_pipe() {
        die_by_sigpipe();
    }
}

/// A pipe whose reader is gone polls as POLLERR for its writer.
fn stdout_is_closed_pipe() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: poll reads and writes only the one pollfd we own, with a zero timeout.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready == 1 && fd.revents & libc::POLLERR != 0
}

fn die_by_sigpipe() -> ! {
    // SAFETY: restoring the default disposition and raising the signal; nothing to clean up
    // that the exit status would not already tell.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(libc::SIGPIPE);
    }
    std::process::exit(141)
}
