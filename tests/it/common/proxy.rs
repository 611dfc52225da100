//! TCP proxies in front of a real registry: the accept loop they share ([`Listener`]), and one
//! that counts the bytes each way, so that a test can tell what was really sent (a push that
//! skips existing blobs uploads almost nothing, a lazy run fetches a fraction of a layer) rather
//! than trusting what linnet prints.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

/// A loopback listener on a free port that hands every connection to a handler on a thread of
/// its own, until dropped. The proxies of the tests (counting here, fault-injecting in
/// `pull_faults` and `lazy_compat`) differ only in their handler.
pub struct Listener {
    /// `127.0.0.1:PORT`.
    pub addr: String,
    stop: Arc<AtomicBool>,
}

impl Listener {
    /// Starts accepting. `serve` gets each connection and the stop flag, so that a connection
    /// it holds open (a stall) can end when the listener is dropped.
    pub fn start(serve: impl Fn(TcpStream, &AtomicBool) + Send + Sync + 'static) -> Listener {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address").to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let (serve, halt) = (Arc::new(serve), stop.clone());
        thread::spawn(move || {
            for client in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (serve, halt) = (serve.clone(), halt.clone());
                thread::spawn(move || serve(client, &halt));
            }
        });
        Listener { addr, stop }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(&self.addr);
    }
}

pub struct CountingProxy {
    /// `127.0.0.1:PORT`, to use as the registry host.
    pub host: String,
    to_upstream: Arc<AtomicU64>,
    from_upstream: Arc<AtomicU64>,
    _listener: Listener,
}

impl CountingProxy {
    /// Listens on a free loopback port and forwards every connection to `upstream` (`host:port`).
    pub fn start(upstream: &str) -> CountingProxy {
        let to_upstream = Arc::new(AtomicU64::new(0));
        let from_upstream = Arc::new(AtomicU64::new(0));
        let (up, down) = (to_upstream.clone(), from_upstream.clone());
        let upstream = upstream.to_string();
        let listener = Listener::start(move |client, _| {
            let Ok(server) = TcpStream::connect(&upstream) else {
                return;
            };
            pump(&client, &server, up.clone());
            pump(&server, &client, down.clone());
        });
        CountingProxy {
            host: listener.addr.clone(),
            to_upstream,
            from_upstream,
            _listener: listener,
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
