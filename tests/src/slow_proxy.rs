//! A TCP proxy on loopback that passes a server's answers on late: a slow SSM made of moto, for tests
//! that need calls to stay in flight. Loopback only, bounded: it stops when dropped, and in any case
//! accepts nothing after [`LIFETIME`].

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a proxy accepts connections at most.
pub const LIFETIME: Duration = Duration::from_secs(120);

/// How often the threads look whether the proxy was stopped.
const POLL: Duration = Duration::from_millis(50);

/// A proxy from `endpoint` to a server on loopback, delaying every chunk of the server's answers.
pub struct SlowProxy {
    /// `http://127.0.0.1:{port}`.
    pub endpoint: String,
    stop: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
    listener: Option<JoinHandle<()>>,
}

impl SlowProxy {
    /// Starts a proxy to `upstream` (`http://127.0.0.1:{port}`) that waits `delay` before passing on each
    /// chunk the server sends.
    pub fn start(upstream: &str, delay: Duration) -> SlowProxy {
        let address: SocketAddr = upstream
            .strip_prefix("http://")
            .and_then(|a| a.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("{upstream} is not http://IP:PORT"));
        assert!(address.ip().is_loopback(), "{upstream}: the proxy only forwards to loopback");
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        listener.set_nonblocking(true).expect("a non-blocking listener");
        let endpoint = format!("http://{}", listener.local_addr().expect("the listener's address"));
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let (flag, count) = (stop.clone(), connections.clone());
        let listener = std::thread::spawn(move || {
            let started = Instant::now();
            while !flag.load(Ordering::SeqCst) && started.elapsed() < LIFETIME {
                match listener.accept() {
                    Ok((client, _)) => {
                        count.fetch_add(1, Ordering::SeqCst);
                        if let Ok(server) = TcpStream::connect(address) {
                            relay(client, server, delay, flag.clone());
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(POLL),
                    Err(_) => break,
                }
            }
        });
        SlowProxy { endpoint, stop, connections, listener: Some(listener) }
    }

    /// The connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for SlowProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(listener) = self.listener.take() {
            let _ = listener.join();
        }
    }
}

/// Pumps both ways until either side closes or the proxy stops: the client's bytes at once, the
/// server's each after `delay`.
fn relay(client: TcpStream, server: TcpStream, delay: Duration, stop: Arc<AtomicBool>) {
    let (Ok(client_reader), Ok(server_reader)) = (client.try_clone(), server.try_clone()) else { return };
    let up = stop.clone();
    std::thread::spawn(move || pump(client_reader, server, Duration::ZERO, up));
    std::thread::spawn(move || pump(server_reader, client, delay, stop));
}

fn pump(mut from: TcpStream, mut to: TcpStream, delay: Duration, stop: Arc<AtomicBool>) {
    if from.set_read_timeout(Some(POLL)).is_err() {
        return;
    }
    let mut buffer = [0u8; 16 * 1024];
    while !stop.load(Ordering::SeqCst) {
        match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                std::thread::sleep(delay);
                if to.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Write);
}
