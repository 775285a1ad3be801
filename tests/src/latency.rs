//! A slow network on loopback: a TCP proxy that delays every chunk it passes on, each way, and records
//! each request/answer exchange, so that a test or a benchmark can count the round trips a client makes
//! one after the other (not only how many it makes).
//!
//! ```no_run
//! use std::time::Duration;
//! use sst_resources_tests::latency::SlowProxy;
//!
//! let proxy = SlowProxy::start("127.0.0.1:4566", Duration::from_millis(20)).unwrap();
//! // Point the client at `proxy.endpoint()` instead of the server, run it, then:
//! println!("{} round trips, {} of them one after the other", proxy.exchanges(), proxy.sequential_round_trips());
//! ```
//!
//! Data is delayed, not throttled: a chunk read at `t` is written at `t + delay`, whatever else is in
//! flight. The TCP handshake with the proxy itself is not delayed (the proxy accepts at once).

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request and its answer on one connection: from the first byte the client sent to the last byte of
/// the answer, before the client sent again.
#[derive(Clone, Copy, Debug)]
pub struct Exchange {
    pub started: Instant,
    pub answered: Instant,
}

/// A delaying proxy in front of one server, on a port of its own on 127.0.0.1. It runs until the process
/// ends.
pub struct SlowProxy {
    address: SocketAddr,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl SlowProxy {
    /// Starts a proxy to `upstream` (a loopback address) that delays each chunk by `delay`, each way.
    pub fn start(upstream: impl ToSocketAddrs, delay: Duration) -> io::Result<SlowProxy> {
        let upstream = upstream
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no upstream address"))?;
        if !upstream.ip().is_loopback() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "the slow proxy only forwards to loopback"));
        }
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let connections_log = Arc::clone(&log);
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let log = Arc::clone(&connections_log);
                thread::spawn(move || {
                    // A connection that fails ends; the client sees it closed, as with a real network fault.
                    let _ = connect(client, upstream, delay, log);
                });
            }
        });
        Ok(SlowProxy { address, log })
    }

    /// `http://127.0.0.1:{port}`: the endpoint to give the client.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Forgets the exchanges so far.
    pub fn reset(&self) {
        self.exchanges_log().clear();
    }

    /// How many request/answer exchanges went through.
    pub fn exchanges(&self) -> usize {
        self.exchanges_log().len()
    }

    /// The longest chain of exchanges each of which started after the previous one was answered: the round
    /// trips the client made one after the other (1 when all were in flight at once, the number of pages
    /// when a paginated read follows its tokens).
    pub fn sequential_round_trips(&self) -> usize {
        let mut exchanges = self.exchanges_log().clone();
        exchanges.sort_by_key(|e| e.started);
        let mut chain: Vec<usize> = Vec::with_capacity(exchanges.len());
        for (i, exchange) in exchanges.iter().enumerate() {
            let before = (0..i).filter(|&j| exchanges[j].answered <= exchange.started).map(|j| chain[j]).max();
            chain.push(before.unwrap_or(0) + 1);
        }
        chain.into_iter().max().unwrap_or(0)
    }

    fn exchanges_log(&self) -> std::sync::MutexGuard<'_, Vec<Exchange>> {
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What each connection's two directions share: the exchange under way, if any.
#[derive(Default)]
struct Conversation {
    current: Option<Exchange>,
}

fn connect(client: TcpStream, upstream: SocketAddr, delay: Duration, log: Arc<Mutex<Vec<Exchange>>>) -> io::Result<()> {
    let server = TcpStream::connect(upstream)?;
    client.set_nodelay(true)?;
    server.set_nodelay(true)?;
    let conversation = Arc::new(Mutex::new(Conversation::default()));
    let requests = {
        let (from, to, conversation, log) =
            (client.try_clone()?, server.try_clone()?, Arc::clone(&conversation), Arc::clone(&log));
        thread::spawn(move || {
            pump(from, to, delay, move |now| {
                let mut c = conversation.lock().unwrap_or_else(|p| p.into_inner());
                // The client sends after an answer: the previous exchange is over, a new one starts.
                if let Some(done) = c.current.take_if(|e| e.answered > e.started) {
                    log.lock().unwrap_or_else(|p| p.into_inner()).push(done);
                }
                c.current.get_or_insert(Exchange { started: now, answered: now });
            })
        })
    };
    let answers = {
        let conversation = Arc::clone(&conversation);
        pump(server, client, delay, move |now| {
            if let Some(e) = conversation.lock().unwrap_or_else(|p| p.into_inner()).current.as_mut() {
                e.answered = now;
            }
        })
    };
    let _ = requests.join();
    let last = conversation.lock().unwrap_or_else(|p| p.into_inner()).current.take();
    if let Some(done) = last.filter(|e| e.answered > e.started) {
        log.lock().unwrap_or_else(|p| p.into_inner()).push(done);
    }
    answers
}

/// Copies `from` to `to`, each chunk written `delay` after it was read; `seen` is told when each chunk
/// arrives (as seen by the receiving end, after the delay).
fn pump(
    mut from: TcpStream,
    to: TcpStream,
    delay: Duration,
    seen: impl Fn(Instant) + Send + 'static,
) -> io::Result<()> {
    let (sender, receiver) = mpsc::channel::<(Instant, Vec<u8>)>();
    let writer = thread::spawn(move || {
        let mut to = to;
        // In the order read: each chunk waits until it is due.
        for (due, chunk) in receiver {
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
            seen(Instant::now());
            if to.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
    let mut buffer = vec![0; 64 * 1024];
    let result = loop {
        match from.read(&mut buffer) {
            Ok(0) => break Ok(()),
            Ok(n) => {
                if sender.send((Instant::now() + delay, buffer[..n].to_vec())).is_err() {
                    break Ok(());
                }
            }
            Err(e) => break Err(e),
        }
    };
    drop(sender);
    let _ = writer.join();
    result
}
