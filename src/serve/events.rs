//! The event streams of `bulletin serve`: every open page holds one, and
//! one broadcaster thread feeds them all. A stream costs a socket, not a
//! thread, so any number of open pages leave the request threads free.
//! Writes are non-blocking: a message is a few bytes, and a page whose
//! socket cannot take them is dropped (it reconnects by itself).

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{Page, Shared};

/// How often an idle stream gets a comment, so proxies keep it open and a
/// closed tab is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// How often closed streams are looked for between heartbeats.
const SWEEP: Duration = Duration::from_secs(2);

/// One open page waiting for its version to change.
struct Stream {
    socket: TcpStream,
    page: Page,
    seen: u64,
}

/// Hands event streams to the broadcaster thread.
pub(super) struct Broadcaster {
    shared: Arc<Shared>,
    new: Arc<Mutex<Vec<Stream>>>,
}

impl Broadcaster {
    /// Starts the broadcaster thread.
    pub(super) fn start(shared: Arc<Shared>) -> Self {
        let new = Arc::new(Mutex::new(Vec::new()));
        let thread_shared = Arc::clone(&shared);
        let thread_new = Arc::clone(&new);
        // Without this thread pages do not reload, but everything else is
        // served, so a failed spawn is not fatal.
        let _ = std::thread::Builder::new()
            .name("bulletin-serve-events".into())
            .spawn(move || broadcast(&thread_shared, &thread_new));
        Self { shared, new }
    }

    /// Adds a stream whose head is written; it gets `reload` once the
    /// page's version differs from `seen`.
    pub(super) fn add(&self, socket: TcpStream, page: Page, seen: u64) {
        if socket.set_nonblocking(true).is_err() {
            return;
        }
        self.new
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Stream { socket, page, seen });
        // Taken and notified under the site's lock: the broadcaster either
        // has not yet looked at the new streams or is waiting, so the
        // wake-up cannot be lost.
        let _site = self.shared.lock();
        self.shared.changed.notify_all();
    }
}

fn broadcast(shared: &Shared, new: &Mutex<Vec<Stream>>) {
    let mut streams: Vec<Stream> = Vec::new();
    let mut next_heartbeat = Instant::now() + HEARTBEAT;
    let mut next_sweep = Instant::now() + SWEEP;
    let mut site = shared.lock();
    loop {
        streams.extend(new.lock().unwrap_or_else(PoisonError::into_inner).drain(..));
        let now = Instant::now();
        let heartbeat = now >= next_heartbeat;
        let sweep = now >= next_sweep;
        streams.retain_mut(|stream| {
            if site.version(stream.page) != Some(stream.seen) {
                // Changed or gone: the page reloads; the stream is done.
                let _ = send(&mut stream.socket, b"event: reload\ndata:\n\n");
                return false;
            }
            if heartbeat {
                return send(&mut stream.socket, b": still here\n\n");
            }
            !sweep || is_open(&stream.socket)
        });
        if heartbeat {
            next_heartbeat = now + HEARTBEAT;
        }
        if sweep {
            next_sweep = now + SWEEP;
        }
        let wait = next_heartbeat
            .min(next_sweep)
            .saturating_duration_since(now);
        site = shared
            .changed
            .wait_timeout(site, wait)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
}

/// Writes a whole message without blocking; false when the stream is done.
fn send(socket: &mut TcpStream, message: &[u8]) -> bool {
    matches!(socket.write(message), Ok(n) if n == message.len())
}

/// Whether the page is still there: a closed socket reads as end of file.
fn is_open(socket: &TcpStream) -> bool {
    let mut byte = [0; 1];
    match socket.peek(&mut byte) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => e.kind() == ErrorKind::WouldBlock,
    }
}
