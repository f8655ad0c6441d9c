//! The server over raw HTTP: every view of a series numbered by year, saves
//! seen from the start, nothing outside the output served, the HTML valid,
//! no client able to stall the server, and only this machine's names
//! answered.

use super::*;

/// A series numbered by year, with a supplement: every view of every issue
/// answers at its percent-encoded address, and the index links there.
#[test]
fn issues_numbered_by_year_and_supplements_are_served() {
    let project = Project::example("yearly");
    let server = Server::start(project.path(), &[]);
    let (status, index) = http("GET", server.port(), "/", None);
    let index = String::from_utf8(index).expect("utf-8");
    assert_eq!(status, 200, "{index}");
    let supplement = "2024-%E5%A2%9E%E5%88%8A1";
    for name in ["2023-24", "2024-1", "2024-2", supplement] {
        // The template writes `/` as `&#x2f;`.
        assert!(
            index.contains(&format!("href=\"&#x2f;{name}.html\"")),
            "{name}: {index}"
        );
        let (status, page) = http("GET", server.port(), &format!("/{name}.html"), None);
        assert_eq!(status, 200, "{name}");
        // The page listens to its own issue's changes.
        let page = String::from_utf8(page).expect("utf-8");
        assert!(page.contains(&format!("/_events?page={name}&v=")), "{page}");
        let (status, _) = http("GET", server.port(), &format!("/{name}-pages.html"), None);
        assert_eq!(status, 200, "{name}-pages.html");
        let (status, pdf) = http("GET", server.port(), &format!("/{name}.pdf"), None);
        assert_eq!(status, 200, "{name}.pdf");
        assert!(pdf.starts_with(b"%PDF"), "{name}.pdf");
    }
    let (_, page) = http("GET", server.port(), &format!("/{supplement}.html"), None);
    assert!(String::from_utf8_lossy(&page).contains("2024年增刊第1期"));
}

#[test]
fn serve_with_poll_sees_changes_too() {
    save_right_after_start_is_seen(&["--poll"]);
}

/// Regression: the folders were watched only after the first build, so a
/// save during it was missed (fixed in 1aeab51). The save lands while the
/// first build is still going: when issue 12 is built, before the eight
/// issues after it are.
#[test]
fn a_save_right_after_start_is_seen() {
    save_right_after_start_is_seen(&[]);
}

fn save_right_after_start_is_seen(args: &[&str]) {
    let project = Project::sample();
    let issue = std::fs::read_to_string(project.path().join("bulletins/12/issue.yaml"))
        .expect("issue.yaml");
    for n in 13..=20 {
        let dir = project.path().join(format!("bulletins/{n}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        for entry in std::fs::read_dir(project.path().join("bulletins/12")).expect("12") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
        }
        std::fs::write(
            dir.join("issue.yaml"),
            issue.replace("number: 12", &format!("number: {n}")),
        )
        .expect("issue.yaml");
    }
    let path = project.path().join(ITEM);
    let original = std::fs::read_to_string(&path).expect("item");
    let mut saved_during_build = false;
    let server = Server::start_watching(project.path(), args, |line| {
        if line.contains("已生成第12期") && !saved_during_build {
            save_by_rename(&path, &original.replace("在座谈会上", "在刚启动时座谈会上"));
            saved_during_build = true;
        }
    });
    assert!(
        saved_during_build,
        "issue 12 was not built before the server listened"
    );
    common::wait_until("the rebuild after the change", RELOAD_TIMEOUT, || {
        let (status, body) = http("GET", server.port(), "/12.html", None);
        assert_eq!(status, 200);
        String::from_utf8_lossy(&body).contains("在刚启动时座谈会上")
    });
}

#[test]
fn serve_refuses_paths_outside_the_output() {
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    for target in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/12/../../bulletin.yaml",
        "/..%2f..%2fetc%2fpasswd",
    ] {
        let (status, body) = http("GET", server.port(), target, None);
        assert_eq!(status, 403, "{target}");
        assert!(
            !String::from_utf8_lossy(&body).contains("root:"),
            "{target}"
        );
    }
    for target in ["/bulletin.yaml", "/bulletins/12/issue.yaml", "/etc/passwd"] {
        let (status, _) = http("GET", server.port(), target, None);
        assert_eq!(status, 404, "{target}");
    }
    let (status, pdf) = http("GET", server.port(), "/12.pdf", None);
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    // Serving writes nothing into the project.
    assert!(!project.path().join("out").exists());
}

#[test]
fn html_passes_the_nu_checker() {
    if !common::nu_checker_available() {
        return;
    }
    let project = Project::sample();
    project.run(&["build", "12", "--format", "html"]).success();
    let mut files = vec![project.path().join("out/12.html")];
    // The pages of the preview server too, with their overlay.
    let path = project.path().join(ITEM);
    let server = Server::start(project.path(), &[]);
    for (target, name) in [("/", "index.html"), ("/12-pages.html", "pages.html")] {
        let (_, body) = http("GET", server.port(), target, None);
        let file = project.path().join(name);
        std::fs::write(&file, body).expect("write");
        files.push(file);
    }
    let original = std::fs::read_to_string(&path).expect("item");
    std::fs::write(&path, original.replace("leader: 张旋宇", "leader: <b>")).expect("break");
    let mut failing = String::new();
    common::wait_until("the overlay", RELOAD_TIMEOUT, || {
        let (_, body) = http("GET", server.port(), "/12.html", None);
        failing = String::from_utf8(body).expect("utf-8");
        failing.contains("id=\"bulletin-serve-error\"")
    });
    assert!(
        failing.contains("&lt;b&gt;"),
        "the overlay escapes its text"
    );
    let file = project.path().join("failing.html");
    std::fs::write(&file, failing).expect("write");
    files.push(file);

    common::nu_check(&files);
}

#[test]
fn base64_decodes_with_and_without_padding() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode("YWJj"), b"abc");
}

/// One request with the given head lines on a new connection, read with a
/// read timeout of `wait`: the status, or 0 when nothing came in time.
fn status_within(port: u16, head: &str, wait: Duration) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(wait)).expect("timeout");
    stream
        .write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes())
        .expect("send");
    let mut status = String::new();
    let _ = BufReader::new(stream).read_line(&mut status);
    status
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The version an issue's page was served with (its event stream's `v`).
fn served_version(port: u16, target: &str) -> String {
    let (status, body) = http("GET", port, target, None);
    assert_eq!(status, 200, "{target}");
    let body = String::from_utf8(body).expect("utf-8");
    let at = body.find("&v=").expect("version") + 3;
    body[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// Regression: tiny_http ran each keep-alive connection on one pool thread
/// for its whole life; open event streams and a client that read nothing
/// left other requests waiting.
#[test]
fn no_client_can_stall_the_server() {
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    let port = server.port();
    let connect = || TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let version = served_version(port, "/12.html");

    // 50 connections that never send anything.
    let idle: Vec<TcpStream> = (0..50).map(|_| connect()).collect();

    // 100 open event streams, each with its head received.
    let streams: Vec<BufReader<TcpStream>> = (0..100)
        .map(|_| {
            let mut stream = connect();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            write!(
                stream,
                "GET /_events?page=12&v={version} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            )
            .expect("send");
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            while !head.ends_with("\r\n\r\n") {
                assert!(reader.read_line(&mut head).expect("event head") > 0);
            }
            assert!(head.contains("text/event-stream"), "{head}");
            reader
        })
        .collect();

    // A client that asks for every page image and the PDF, again and
    // again, and reads nothing.
    let mut hog = connect();
    hog.set_write_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    for _ in 0..20 {
        for target in ["/12-1.svg", "/12-2.svg", "/12-3.svg", "/12.pdf"] {
            let _ = write!(
                hog,
                "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            );
        }
    }

    // A burst of new connections that ask for the PDF and go away.
    for _ in 0..200 {
        let mut stream = connect();
        let _ = write!(
            stream,
            "GET /12.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        );
    }

    // Meanwhile every other request is answered. The deadline only turns
    // a stall into a failure; scripts/bench-serve.py measures the time.
    for target in ["/", "/12.html", "/12-pages.html", "/12-1.svg", "/12.pdf"] {
        let head = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}");
        assert_eq!(
            status_within(port, &head, ANSWER_TIMEOUT),
            200,
            "{target} was not answered"
        );
    }

    // And every open page still hears that its issue changed.
    let path = project.path().join(ITEM);
    let original = std::fs::read_to_string(&path).expect("item");
    std::fs::write(
        &path,
        original.replace("在座谈会上", "在不被阻塞的座谈会上"),
    )
    .expect("edit");
    for mut stream in streams {
        stream
            .get_mut()
            .set_read_timeout(Some(RELOAD_TIMEOUT))
            .expect("timeout");
        let mut events = String::new();
        while !events.contains("event: reload") {
            let mut line = String::new();
            assert!(
                stream.read_line(&mut line).expect("event") > 0,
                "stream closed without reload: {events:?}"
            );
            events.push_str(&line);
        }
    }
    drop((idle, hog));
}

#[test]
fn only_names_of_this_machine_are_answered() {
    let project = Project::sample();
    let server = Server::start(project.path(), &[]);
    let port = server.port();
    let wait = Duration::from_secs(10);
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let head = format!("GET /12.html HTTP/1.1\r\nHost: {host}");
        assert_eq!(status_within(port, &head, wait), 200, "{host}");
    }
    // A DNS-rebinding page sends its own name.
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let head = format!("GET /12.html HTTP/1.1\r\nHost: {host}");
        assert_eq!(status_within(port, &head, wait), 403, "{host}");
    }
    assert_eq!(status_within(port, "GET /12.html HTTP/1.0", wait), 403);
}

/// While an issue's page images are being made after its HTML page, its
/// 版面 view says 正在排版… (never that the issue failed), and a view
/// shown so is told to reload once they are there.
#[test]
fn the_page_view_says_typesetting_until_the_images_come() {
    let project = Project::sample();
    // A long issue, so its page images take a while after the HTML page.
    let path = project.path().join(ITEM);
    let mut text = std::fs::read_to_string(&path).expect("item");
    for _ in 0..60 {
        text.push_str(&format!(
            "\n{}\n",
            "会议要求各单位加强领导，落实责任。".repeat(25)
        ));
    }
    std::fs::write(&path, text).expect("write");
    // A port known before the server says it listens, which it says only
    // after the first build.
    let port = free_port();
    let _server = common::bulletin(project.path())
        .args(["serve", "--port", &port.to_string()])
        .spawn();
    let mut views = Vec::new();
    common::wait_until("the page images", Duration::from_secs(120), || {
        let (status, body) = http("GET", port, "/12-pages.html", None);
        let body = String::from_utf8_lossy(&body).into_owned();
        let ready = status == 200 && body.contains("<img");
        if status == 200 {
            views.push(body);
        }
        ready
    });
    for view in &views {
        assert!(
            view.contains("<img") || view.contains("正在排版…"),
            "the view while typesetting:\n{view}"
        );
    }
    let waiting = views.iter().filter(|v| v.contains("正在排版…")).count();
    eprintln!(
        "{waiting} of {} views were taken while typesetting",
        views.len()
    );
    if let Some(view) = views.iter().find(|v| v.contains("正在排版…")) {
        let at = view.find("&v=").expect("version") + 3;
        let seen: String = view[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(RELOAD_TIMEOUT))
            .expect("timeout");
        write!(
            stream,
            "GET /_events?page=12-pages&v={seen} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .expect("send");
        let mut reader = BufReader::new(stream);
        let mut events = String::new();
        while !events.contains("event: reload") {
            let mut line = String::new();
            assert!(
                reader.read_line(&mut line).expect("event") > 0,
                "stream closed without reload: {events:?}"
            );
            events.push_str(&line);
        }
    }
}
