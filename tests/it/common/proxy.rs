//! A TCP proxy in front of a real registry that counts the bytes each way, so that a test can
//! tell what was really sent (a push that skips existing blobs uploads almost nothing) rather
//! than trusting what linnet prints.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

pub struct CountingProxy {
    /// `127.0.0.1:PORT`, to use as the registry host.
    pub host: String,
    to_upstream: Arc<AtomicU64>,
    from_upstream: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl CountingProxy {
    /// Listens on a free loopback port and forwards every connection to `upstream` (`host:port`).
    pub fn start(upstream: &str) -> CountingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let host = listener.local_addr().expect("proxy address").to_string();
        let to_upstream = Arc::new(AtomicU64::new(0));
        let from_upstream = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (up, down, halt) = (to_upstream.clone(), from_upstream.clone(), stop.clone());
        let upstream = upstream.to_string();
        thread::spawn(move || {
            for client in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                pump(&client, &server, up.clone());
                pump(&server, &client, down.clone());
            }
        });
        CountingProxy {
            host,
            to_upstream,
            from_upstream,
            stop,
        }
    }

    /// Bytes the clients sent to the registry so far.
    pub fn sent(&self) -> u64 {
        self.to_upstream.load(Ordering::SeqCst)
    }

    /// Bytes the registry sent back so far.
    pub fn received(&self) -> u64 {
        self.from_upstream.load(Ordering::SeqCst)
    }

    /// Starts counting again from zero.
    pub fn reset(&self) {
        self.to_upstream.store(0, Ordering::SeqCst);
        self.from_upstream.store(0, Ordering::SeqCst);
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(&self.host);
    }
}

/// Copies `from` to `to` on a thread, adding every byte to `counter`.
fn pump(from: &TcpStream, to: &TcpStream, counter: Arc<AtomicU64>) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else {
        return;
    };
    thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    counter.fetch_add(n as u64, Ordering::SeqCst);
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
