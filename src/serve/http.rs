//! The HTTP/1.1 side of `bulletin serve`, on `std::net` with one thread per
//! connection. Nothing a client does can hold up another: every connection
//! has its own thread (bounded in number, with small stacks), reads and
//! writes have timeouts, a request head has a size and time budget, the
//! site's lock is never held while writing, and an event stream gives its
//! socket to the one broadcaster thread (`events.rs`) instead of keeping a
//! thread.
//!
//! tiny_http served before: its pool ran each keep-alive connection on one
//! worker for its whole life and could leave a new connection queued behind
//! open event streams (the page-image view stalled about 1 time in 20), and
//! one client that read nothing blocked everyone.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::Shared;
use super::events::Broadcaster;
use super::pages::Chrome;
use super::routes::{self, Answer, Hosts, Reply};

/// Connections served at once; beyond this a new one gets 503 at once.
/// Each costs a thread with a small stack; idle ones end after
/// [`IDLE_TIMEOUT`].
const MAX_CONNECTIONS: usize = 1024;
/// How long a kept-alive connection may wait for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a whole request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest request head; ours are a few hundred bytes.
const MAX_HEAD: u64 = 16 * 1024;
/// Enough for the request parsing and the page templates.
const STACK_SIZE: usize = 256 * 1024;

/// What every connection thread shares.
struct Context {
    shared: Arc<Shared>,
    chrome: Chrome,
    hosts: Hosts,
    events: Broadcaster,
    open: AtomicUsize,
}

/// Accepts connections until the process ends.
pub(super) fn run(listener: TcpListener, shared: Arc<Shared>, hosts: Hosts) {
    let context = Arc::new(Context {
        events: Broadcaster::start(Arc::clone(&shared)),
        shared,
        chrome: Chrome::new(),
        hosts,
        open: AtomicUsize::new(0),
    });
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors or a connection reset before it
                // was accepted: let the system breathe, then go on.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if context.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            context.open.fetch_sub(1, Ordering::SeqCst);
            busy(stream);
            continue;
        }
        let slot = Slot(Arc::clone(&context));
        // A failed spawn drops the closure, and with it the slot.
        let _ = std::thread::Builder::new()
            .name("bulletin-serve-conn".into())
            .stack_size(STACK_SIZE)
            .spawn(move || connection(stream, &slot.0));
    }
}

/// One of the [`MAX_CONNECTIONS`], given back when its thread ends.
struct Slot(Arc<Context>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Tells a client over the bound to come back, without ever blocking the
/// accepting thread.
fn busy(stream: TcpStream) {
    let reply = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";
    if stream.set_nonblocking(true).is_ok() {
        let _ = (&stream).write(reply);
    }
}

/// A parsed request head.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    keep_alive: bool,
    /// A body we would have to read (we answer 405 and close instead).
    has_body: bool,
}

/// Why a connection ends without another request.
enum Ended {
    /// Closed, idle too long, or unreadable: close quietly.
    Quietly,
    /// Not HTTP we can parse: answer 400 and close.
    BadRequest,
}

/// Serves the requests of one connection, one after the other.
fn connection(stream: TcpStream, context: &Context) {
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let Ok(local) = stream.local_addr().map(|a| a.ip()) else {
        return;
    };
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    loop {
        let request = match read_request(&mut reader, &stream) {
            Ok(request) => request,
            Err(Ended::Quietly) => return,
            Err(Ended::BadRequest) => {
                let _ = write_reply(
                    &mut stream,
                    &Reply::text(400, "请求无法识别 (bad request)"),
                    false,
                    false,
                );
                return;
            }
        };
        let head_only = request.method == "HEAD";
        let reply = if !context.hosts.allows(request.host.as_deref(), local) {
            Reply::text(
                403,
                "主机名不被允许：请用 localhost 或本机地址访问 (host not allowed)",
            )
        } else if request.method != "GET" && !head_only {
            Reply::text(405, "只支持 GET (method not allowed)")
        } else {
            let route = routes::route(&request.target);
            let answer = {
                let site = context.shared.lock();
                routes::answer(route, &site, &context.chrome)
            };
            match answer {
                Answer::Reply(reply) => reply,
                Answer::Events { page, seen } => {
                    if write_event_head(&mut stream).is_ok() {
                        context.events.add(stream, page, seen);
                    }
                    return;
                }
            }
        };
        let keep_alive = request.keep_alive && !request.has_body && reply.status < 400;
        if write_reply(&mut stream, &reply, head_only, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

/// Reads one request head within [`MAX_HEAD`] bytes and [`HEAD_TIMEOUT`];
/// waits up to [`IDLE_TIMEOUT`] for it to begin.
fn read_request(reader: &mut BufReader<TcpStream>, stream: &TcpStream) -> Result<Request, Ended> {
    if stream.set_read_timeout(Some(IDLE_TIMEOUT)).is_err() {
        return Err(Ended::Quietly);
    }
    // Wait for the first byte (an idle keep-alive connection ends here).
    match reader.fill_buf() {
        Ok([]) | Err(_) => return Err(Ended::Quietly),
        Ok(_) => {}
    }
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut budget = MAX_HEAD;
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Ended::Quietly);
        }
        let mut line = Vec::new();
        let read = reader
            .by_ref()
            .take(budget)
            .read_until(b'\n', &mut line)
            .map_err(|_| Ended::Quietly)?;
        if read == 0 || !line.ends_with(b"\n") {
            // Closed mid-head or over the size budget.
            return Err(if budget == 0 || read as u64 == budget {
                Ended::BadRequest
            } else {
                Ended::Quietly
            });
        }
        budget -= read as u64;
        let line = String::from_utf8(line).map_err(|_| Ended::BadRequest)?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if lines.is_empty() {
                // Stray blank lines before a request are allowed.
                continue;
            }
            break;
        }
        lines.push(line.to_owned());
    }
    parse_head(&lines).ok_or(Ended::BadRequest)
}

fn parse_head(lines: &[String]) -> Option<Request> {
    let mut words = lines.first()?.split(' ');
    let (method, target, version) = (words.next()?, words.next()?, words.next()?);
    if words.next().is_some() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let mut host = None;
    let mut connection = String::new();
    let mut has_body = false;
    for line in &lines[1..] {
        let (name, value) = line.split_once(':')?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            // Two Host headers: ambiguous, refused.
            "host" if host.replace(value.to_owned()).is_some() => return None,
            "connection" => connection = value.to_ascii_lowercase(),
            "content-length" => has_body |= value != "0",
            "transfer-encoding" => has_body = true,
            _ => {}
        }
    }
    let keep_alive = if version == "HTTP/1.0" {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    Some(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        host,
        keep_alive,
        has_body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: {}\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len(),
        if keep_alive { "keep-alive" } else { "close" },
    );
    if let Some(location) = &reply.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

/// The head of an event stream: no length, the connection stays open.
fn write_event_head(stream: &mut TcpStream) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n",
    )?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Option<Request> {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        parse_head(&lines)
    }

    #[test]
    fn heads_are_parsed_strictly() {
        let request = head("GET /12.html HTTP/1.1\nHost: localhost:3000").expect("parses");
        assert_eq!(request.target, "/12.html");
        assert_eq!(request.host.as_deref(), Some("localhost:3000"));
        assert!(request.keep_alive && !request.has_body);
        assert!(!head("GET / HTTP/1.0").expect("parses").keep_alive);
        assert!(
            !head("GET / HTTP/1.1\nConnection: close")
                .expect("parses")
                .keep_alive
        );
        assert!(head("GET / HTTP/1.1\nHost: a\nHost: b").is_none());
        assert!(head("GET /  HTTP/1.1").is_none());
        assert!(head("GET / SPDY/3").is_none());
        assert!(head("GET / HTTP/1.1\nno colon").is_none());
    }
}
