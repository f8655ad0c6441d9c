//! Hostile projects and hostile input, through the binary: outputs that are
//! all or nothing, no panic reaching the user, limits that bound time and
//! memory, messages that cannot drive the terminal, and a quick mutation
//! run so that a new panic cannot land unnoticed.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::fs;
use std::path::Path;

use common::Project;

/// An item file: front matter lines and a body.
fn item(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// A meeting item of the minimal example's issue with this body.
fn meeting(body: &str) -> String {
    item("title: 会议\ndate: 2024-05-20", body)
}

/// The minimal example with `files` written over it.
fn minimal(files: &[(&str, &str)]) -> Project {
    let project = Project::example("minimal");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

const EXTRA: &str = "bulletins/1/02-meeting.md";

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---- 6: outputs are all or nothing ----

/// Regression: with `out/1.pdf` a folder, the rename failed and left
/// `.1.pdf.<pid>.tmp` behind.
#[test]
fn a_folder_where_the_pdf_goes_fails_the_build_and_leaves_nothing() {
    let p = minimal(&[]);
    fs::create_dir_all(p.path().join("out/1.pdf")).expect("mkdir");
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    assert!(run.stderr().contains("1.pdf"), "{}", run.stderr());
    assert_eq!(names(&p.path().join("out")), ["1.pdf"]);
}

/// Regression: with `12-3.png` a folder, the PDF and pages 1–2 were
/// replaced and five temporary files stayed.
#[test]
fn a_folder_where_a_page_goes_leaves_every_earlier_output_as_it_was() {
    let p = Project::sample();
    p.run(&["build", "12", "--format", "pdf,png", "--dpi", "18"])
        .success();
    let before: Vec<(String, Vec<u8>)> = names(&p.path().join("out"))
        .into_iter()
        .map(|n| {
            let bytes = p.read(&format!("out/{n}"));
            (n, bytes)
        })
        .collect();
    assert!(before.len() > 3, "{before:?}");
    fs::remove_file(p.path().join("out/12-3.png")).expect("rm");
    fs::create_dir(p.path().join("out/12-3.png")).expect("mkdir");
    // Another text, so that every output would change.
    let item = "bulletins/12/02-zhu-jiayun.md";
    let text = String::from_utf8(p.read(item)).expect("utf-8");
    p.write(item, &text.replacen("。", "。又讲话。", 1));
    let run = p.run(&["build", "12", "--format", "pdf,png", "--dpi", "18"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    for (name, bytes) in &before {
        if name != "12-3.png" {
            assert!(p.read(&format!("out/{name}")) == *bytes, "{name} changed");
        }
    }
    let after = names(&p.path().join("out"));
    let before_names: Vec<&String> = before.iter().map(|(n, _)| n).collect();
    assert_eq!(after.iter().collect::<Vec<_>>(), before_names);
}

/// Regression: after the page count shrank, `12-6.svg` … of the earlier
/// build stayed beside the new pages.
#[test]
fn pages_of_an_earlier_longer_build_are_removed() {
    let p = Project::sample();
    p.run(&["build", "12", "--format", "svg"]).success();
    let long = names(&p.path().join("out"));
    for name in [
        "03-sun-lingyun",
        "04-jia-fubin",
        "05-liu-yanjie",
        "06-shirenda-tuijinhui",
    ] {
        fs::remove_file(p.path().join(format!("bulletins/12/{name}.md"))).expect("rm");
    }
    // Files that are not this issue's pages stay.
    p.write("out/12-notes.svg", "keep");
    p.write("out/13-40.svg", "keep");
    p.write("out/12-40.png", "keep: not a format of this build");
    p.run(&["build", "12", "--format", "svg"]).success();
    let short = names(&p.path().join("out"));
    let pages: Vec<&String> = short
        .iter()
        .filter(|n| n.starts_with("12-") && n.ends_with(".svg") && *n != "12-notes.svg")
        .collect();
    assert!(pages.len() + 1 < long.len(), "{long:?} → {short:?}");
    let expected: Vec<String> = (1..=pages.len()).map(|i| format!("12-{i}.svg")).collect();
    let mut pages: Vec<String> = pages.into_iter().cloned().collect();
    pages.sort_by_key(|n| n.len());
    assert_eq!(pages, expected);
    for kept in ["12-notes.svg", "13-40.svg", "12-40.png"] {
        assert!(short.iter().any(|n| n == kept), "{kept} removed: {short:?}");
    }
}

/// Regression: SIGKILL left temporary files that no later run removed.
#[test]
fn temporary_files_of_a_killed_run_are_removed_by_the_next() {
    let p = minimal(&[]);
    // Process ids above 4,194,304 (Linux's limit) are never running;
    // process 1 always is.
    p.write("out/.1.pdf.999999999.tmp", "half a PDF");
    p.write("out/.1.pdf.999999998.old.tmp", "an old PDF");
    p.write("out/.1.pdf.1.tmp", "another build's");
    p.write("out/.notes.tmp", "not ours");
    p.run(&["build", "1"]).success();
    assert_eq!(
        names(&p.path().join("out")),
        [".1.pdf.1.tmp", ".notes.tmp", "1.pdf"]
    );
}

// ---- 3 and 5: no panic, bounded time and memory ----

/// Regression: `a` and 21,845 `，` (one text run over 65,535 bytes)
/// panicked in krilla (`text/group.rs:453`) and `check` passed it.
#[test]
fn a_run_of_text_too_long_to_break_is_refused_at_its_line() {
    let body = format!("第一段。\n\na{}\n", "，".repeat(21_845));
    let p = minimal(&[(EXTRA, &meeting(&body))]);
    for command in ["check", "build"] {
        let run = p.run(&[command, "1"]);
        assert_eq!(run.code(), 1, "{command}: {}", run.stderr());
        assert!(
            run.stderr().contains("error[E-LIMIT-RUN]")
                && run.stderr().contains("bulletins/1/02-meeting.md:7:1"),
            "{command}: {}",
            run.stderr()
        );
    }
    assert!(!p.path().join("out").exists());
}

/// Regression: 1 MiB of `a a a …` in one paragraph took 17.9 s and
/// 3.97 GB to build; now it is refused before typesetting.
#[test]
fn a_paragraph_of_a_mebibyte_is_refused_at_its_line() {
    let front = "title: 会议\ndate: 2024-05-20";
    let body = "a ".repeat((1 << 20) / 2 - 64);
    let p = minimal(&[(EXTRA, &item(front, &body))]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-LIMIT-PARAGRAPH]")
            && run.stderr().contains("bulletins/1/02-meeting.md:5:1"),
        "{}",
        run.stderr()
    );
}

/// A project's own template is code the project trusts, but a panic in
/// Typst or its PDF writer is still an error of the issue (exit 3), not a
/// crash: here the template itself prints a run of 65,536 bytes.
#[test]
fn a_panic_in_typst_is_an_internal_error_of_the_issue() {
    let p = minimal(&[]);
    let template = bulletin::render::typst::BUILTIN_TEMPLATE.to_owned()
        + "\n#if data.issue.number == 1 { \"a\" + \"，\" * 21845 }\n";
    p.write("templates/bulletin.typ", &template);
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("生成 PDF 时 Typst 内部出错") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(!p.path().join("out").exists());

    // `serve` stays up and shows the error in the issue's banner.
    let server = browser::Server::start(p.path(), &[]);
    let (status, page) = browser::http("GET", server.port(), "/1.html", None);
    let page = String::from_utf8(page).expect("utf-8");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("id=\"bulletin-serve-error\"")
            && page.contains("第1期有错误，未能生成")
            && page.contains("Typst 内部出错"),
        "{page}"
    );
    let (status, _) = browser::http("GET", server.port(), "/", None);
    assert_eq!(status, 200);
    drop(server);

    // The archive writes every other issue and the index.
    p.write("bulletins/2/issue.yaml", "number: 2\ndate: 2024-05-28\n");
    p.write(
        "bulletins/2/01.md",
        &item("title: 会议\ndate: 2024-05-27", "会议要求加强领导。"),
    );
    let run = p.run(&["archive"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("内部出错"), "{}", run.stderr());
    let site = names(&p.path().join("site"));
    for name in ["2.pdf", "2.html", "index.html"] {
        assert!(site.iter().any(|n| n == name), "{name} missing: {site:?}");
    }
    assert!(!site.iter().any(|n| n == "1.pdf"), "{site:?}");
}

// ---- 7: terminal safety, offsets, limits ----

/// Regression: every diagnostic on a paragraph of a mebibyte printed the
/// whole line again, megabytes for one `check`. A long line is shown as a
/// window around the place, which keeps its true line and column.
#[test]
fn a_long_line_is_shown_as_a_window_around_the_place() {
    let line = format!(
        "{}王\u{F0001}{}",
        "会议要求加强领导。".repeat(400),
        "各单位要抓好落实。".repeat(400)
    );
    let p = minimal(&[(EXTRA, &meeting(&line))]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(stderr.len() < 4000, "{} bytes:\n{stderr}", stderr.len());
    assert!(
        stderr.contains(&format!(
            "error[E-GLYPH-MISSING]: 字符「\u{F0001}」(U+F0001) 没有可用的字体能够显示\n  ┌─ {EXTRA}:5:3602\n"
        )),
        "{stderr}"
    );
    // The window: the end of the text before, the place, the start of the
    // text after, each cut with an ellipsis.
    let window = format!(
        "5 │ …领导。{}王\u{F0001}{}各单位要…\n",
        "会议要求加强领导。".repeat(4),
        "各单位要抓好落实。".repeat(4)
    );
    assert!(stderr.contains(&window), "{window}\n{stderr}");
}

/// Regression: ESC sequences in an item or a file name reached the terminal
/// raw (window title, clear screen), even with `NO_COLOR`; a newline in a
/// file name split `file:line:col`.
#[test]
fn control_characters_from_files_are_shown_not_obeyed() {
    let p = minimal(&[(
        "bulletins/1/02-\u{1b}]0;owned\u{7}\nx.md",
        &item("title: 会议\nleadr: 某\u{1b}[2J", "正文。"),
    )]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("bulletins/1/02-␛]0;owned␇␊x.md:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("leadr: 某␛[2J"), "{stderr}");
}

/// Regression: after a UTF-8 BOM the byte offset was 3 short and the line
/// and column were always 1:1.
#[test]
fn a_bad_byte_after_a_bom_is_located_where_it_is() {
    let p = minimal(&[]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(meeting("第一段。\n\n第二段").as_bytes());
    bytes.extend_from_slice(b"\xFF\xFE\n");
    fs::write(p.path().join(EXTRA), &bytes).expect("write");
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let offset = bytes.iter().position(|&b| b == 0xFF).expect("bad byte");
    assert!(
        run.stderr()
            .contains(&format!("第 {offset} 字节起无法识别"))
            && run.stderr().contains("bulletins/1/02-meeting.md:8:1"),
        "{}",
        run.stderr()
    );
}

/// Regression: a template error pointed at 1:1, not where Typst found it.
#[test]
fn a_template_error_points_where_its_message_says() {
    let p = minimal(&[(
        "templates/bulletin.typ",
        "#let data = json(\"/.bulletin/data.json\")\n\n\n\n#let x = (1 + \"a\")\n",
    )]);
    let run = p.run(&["build", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    assert!(
        stderr.contains("cannot add integer and string")
            && stderr.contains("templates/bulletin.typ:5:11"),
        "{stderr}"
    );
}

/// Regression: a roster of about 6,250 people hit the YAML node limit,
/// and the hint blamed nesting and aliases.
#[test]
fn a_roster_of_ten_thousand_people_fits() {
    let mut config = String::from(
        "title: 简报\noffice: 办公室\ncampaign: 创城\ndistribution:\n  report: [市委]\nroster:\n  - name: 林晓东\n    titles: [市委副书记]\n    grid: 3\n",
    );
    for i in 0..10_000 {
        config.push_str(&format!(
            "  - name: 人员{i}\n    titles: [职务甲, 职务乙]\n    grid: {}\n",
            i % 30 + 1
        ));
    }
    let p = minimal(&[("bulletin.yaml", &config)]);
    p.run(&["check", "1"]).success();
}

// ---- 8: a quick mutation run ----

/// A small deterministic random source (xorshift), so a failure can be
/// reproduced from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that broke something once, or that the parsers treat specially.
const HOSTILE: &[&str] = &[
    "\u{1b}[2J",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "- 一\n  - 二\n    - 三\n",
    "1. 一\n   1. 二\n",
    "**",
    "*",
    "_",
    "`",
    "\n---\n",
    "#",
    "$",
    "&a [甲]",
    "*a",
    "{{ x }}",
    "<script>",
    "\u{feff}",
    "\t",
    "\r\n",
    "\0",
    ">",
    "\n\n",
    "\\",
    "[x](y)",
    "![](/etc/passwd)",
    "\u{202e}",
    "，，，，",
    "title: ",
    "date: 2024-02-30",
    "grid: 99999",
    "leader: ",
    "sites: [",
    "remarks: |\n  ",
    "\u{fffd}",
    "︰",
    "\u{10ffff}",
    "〇",
    "𠀀",
];

fn mutate(random: &mut Random, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = seeds[random.below(seeds.len())].clone();
    for _ in 0..=random.below(4) {
        let at = random.below(bytes.len() + 1);
        match random.below(6) {
            0 if !bytes.is_empty() => {
                let i = random.below(bytes.len());
                bytes[i] ^= 1 << random.below(8);
            }
            1 => {
                let end = (at + random.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let end = (at + random.below(256)).min(bytes.len());
                let piece = bytes[at..end].repeat(1 + random.below(8));
                bytes.splice(at..at, piece);
            }
            3 => {
                let other = &seeds[random.below(seeds.len())];
                let from = random.below(other.len());
                let end = (from + random.below(512)).min(other.len());
                bytes.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let piece = HOSTILE[random.below(HOSTILE.len())];
                bytes.splice(at..at, piece.bytes());
            }
        }
    }
    bytes
}

/// A few hundred mutated items, each in an issue of its own, through
/// `check --all` and `build --all`: no panic and no internal error, and
/// every issue that `check` passes builds. `BULLETIN_MUTANTS` sets how
/// many (200) and `BULLETIN_MUTANTS_SEED` where the random source starts.
#[test]
fn mutated_items_never_panic_and_check_finds_what_build_refuses() {
    let count: usize = std::env::var("BULLETIN_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("BULLETIN_MUTANTS_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_b011e71);
    let mut seeds = Vec::new();
    for dir in [
        "bulletins/12",
        "examples/minimal/bulletins/1",
        "fuzz/seeds",
        "tests/fuzz",
    ] {
        for entry in fs::read_dir(common::repo().join(dir)).expect("seeds") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                seeds.push(fs::read(path).expect("seed"));
            }
        }
    }
    let p = Project::sample();
    fs::remove_dir_all(p.path().join("bulletins")).expect("rm");
    let mut random = Random(seed);
    for n in 1..=count {
        p.write(
            &format!("bulletins/{n}/issue.yaml"),
            "number: {n}\ndate: 2021-03-17\n"
                .replace("{n}", &n.to_string())
                .as_str(),
        );
        let bytes = mutate(&mut random, &seeds);
        fs::write(p.path().join(format!("bulletins/{n}/01.md")), bytes).expect("write");
    }
    let check = p.run(&[
        "check",
        "--all",
        "--format",
        "json",
        "--ignore-system-fonts",
    ]);
    assert!(matches!(check.code(), 0 | 1), "check: {}", check.stderr());
    let build = p.run(&["build", "--all"]);
    assert!(matches!(build.code(), 0 | 1), "build: {}", build.stderr());
    for (name, run) in [("check", &check), ("build", &build)] {
        let stderr = run.stderr();
        assert!(
            !stderr.contains("panicked") && !stderr.contains("内部出错"),
            "{name} (seed {seed}):\n{stderr}"
        );
    }
    // Every issue without an error in `check` has its PDF.
    let mut failed: Vec<u32> = check
        .stdout()
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .filter_map(|l| {
            let file = l.split("\"file\":\"bulletins/").nth(1)?;
            file.split('/').next()?.parse().ok()
        })
        .collect();
    failed.sort_unstable();
    failed.dedup();
    for n in 1..=count as u32 {
        let built = p.path().join(format!("out/{n}.pdf")).is_file();
        if !failed.contains(&n) && !built {
            let text =
                String::from_utf8_lossy(&p.read(&format!("bulletins/{n}/01.md"))).into_owned();
            panic!(
                "issue {n} passes check but does not build (seed {seed}):\n{text:?}\n{}",
                build.stderr()
            );
        }
    }
}

// ---- 4: check finds what build would refuse ----

/// Regression: a nested list failed in `build` with E-TEMPLATE (its
/// level-2 marker ‣ is in no bundled font), without file or line, while
/// `check` passed it.
#[test]
fn nested_lists_build_with_markers_the_fonts_have() {
    let body = "- 一\n  - 二\n    - 三\n      - 四\n\n1. 甲\n   1. 乙\n";
    let p = minimal(&[(EXTRA, &meeting(body))]);
    p.run(&["check", "1"]).success();
    p.run(&["build", "1"]).success();
    let text = common::pdf_text(&p.path().join("out/1.pdf"));
    for marker in ["•", "○", "–"] {
        assert!(text.contains(marker), "{marker} missing:\n{text}");
    }
}

/// Regression: `&#0;`, `&#xD800;` and `&#x110000;` (read as U+FFFD, which
/// no bundled font has) were reported without file or line.
#[test]
fn references_to_no_character_are_located() {
    let p = minimal(&[(EXTRA, &meeting("第一段。\n\n甲&#xD800;乙"))]);
    let run = p.run(&["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-GLYPH-MISSING]")
            && run.stderr().contains("bulletins/1/02-meeting.md:7:2"),
        "{}",
        run.stderr()
    );
}

// ---- 1: every project read is confined ----

/// Runs the binary, failing the test if it has not finished within a
/// minute (a read of a named pipe used to hang for ever).
fn run_with_deadline(p: &Project, args: &[&str]) -> common::Run {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command
        .args(args)
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("spawn");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("bulletin {args:?} hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    common::Run(child.wait_with_output().expect("output"))
}

/// Regression: an item linked to a file outside the project was printed in
/// the PDF, one linked to `/etc/passwd` shown in a snippet, and an issue
/// folder linked to an outside folder built.
#[test]
fn files_and_folders_linked_outside_the_project_are_refused() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("secret.md"), meeting("机密内容。")).expect("write");
    fs::write(
        outside.path().join("issue.yaml"),
        "number: 2\ndate: 2024-05-28\n",
    )
    .expect("write");
    let p = minimal(&[]);
    std::os::unix::fs::symlink(outside.path().join("secret.md"), p.path().join(EXTRA))
        .expect("symlink");
    std::os::unix::fs::symlink("/etc/passwd", p.path().join("bulletins/1/03-passwd.md"))
        .expect("symlink");
    std::os::unix::fs::symlink("/dev/zero", p.path().join("bulletins/1/04-zero.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), p.path().join("bulletins/2")).expect("symlink");
    // A font linked from outside would be read to typeset.
    fs::create_dir(p.path().join("fonts")).expect("fonts/");
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/DejaVuSans-GBK-rest.ttf");
    fs::copy(&font, outside.path().join("outside.ttf")).expect("copy");
    std::os::unix::fs::symlink(
        outside.path().join("outside.ttf"),
        p.path().join("fonts/x.ttf"),
    )
    .expect("symlink");
    let run = run_with_deadline(&p, &["check", "--all"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let stderr = run.stderr();
    for file in [
        EXTRA,
        "bulletins/1/03-passwd.md",
        "bulletins/1/04-zero.md",
        "bulletins/2/issue.yaml",
    ] {
        assert!(
            stderr.contains(&format!(
                "error[E-FILE-OUTSIDE]: 文件经符号链接指向项目目录之外，未读取\n  ┌─ {file}\n"
            )),
            "{file}: {stderr}"
        );
    }
    assert!(
        stderr.contains(
            "error[E-FILE-OUTSIDE]: 字体文件经符号链接指向项目目录之外，未读取\n  ┌─ fonts/x.ttf\n"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("机密") && !stderr.contains("root:"),
        "{stderr}"
    );
    let run = run_with_deadline(&p, &["build", "1", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(!p.path().join("out").exists());
}

/// Regression, found by the `project` fuzz target: a title of 1,500 short
/// words took hours to typeset (the template balances a title's lines with
/// a search that grows with the cube of its words). A line of more than 60
/// words is now left to Typst's own line breaking.
#[test]
fn a_title_of_many_words_builds_at_once() {
    let title = format!("{}会议", "a ".repeat(1500));
    let p = minimal(&[(
        EXTRA,
        &item(
            &format!("title: {title}\ndate: 2024-05-20"),
            "会议要求加强领导。",
        ),
    )]);
    let run = run_with_deadline(&p, &["build", "1", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let text = common::pdf_text(&p.path().join("out/1.pdf"));
    assert!(text.contains("a a a a a"), "{text}");
}

/// Regression: an item that is a named pipe hung `check`, `serve` and
/// `archive`.
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let p = minimal(&[]);
    let fifo = p.path().join(EXTRA);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let run = run_with_deadline(&p, &["check", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("error[E-FILE-NOT-REGULAR]")
            && run.stderr().contains("┌─ bulletins/1/02-meeting.md\n"),
        "{}",
        run.stderr()
    );
    let run = run_with_deadline(&p, &["archive", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
}

// ---- 2: the archive deletes only what it wrote ----

/// Regression: a manifest listing `../../../outside/precious.txt` under a
/// removed issue made `archive` delete that file.
#[test]
fn a_manifest_naming_files_outside_the_site_is_discarded() {
    let p = minimal(&[]);
    p.write("precious.txt", "keep me");
    p.write(
        "site/.bulletin-manifest.json",
        r#"{"series":null,"issues":{"7":{"fingerprint":"x","files":["../precious.txt","7.pdf"]}}}"#,
    );
    let run = p.run(&["archive"]).success();
    assert!(run.stderr().contains("已弃用该清单"), "{}", run.stderr());
    assert_eq!(p.read("precious.txt"), b"keep me");
    assert!(p.path().join("site/1.pdf").is_file());

    // Told also when the run fails: here the site folder cannot take the
    // index.
    p.write(
        "site/.bulletin-manifest.json",
        r#"{"series":null,"issues":{"7":{"fingerprint":"x","files":["../precious.txt"]}}}"#,
    );
    fs::remove_file(p.path().join("site/index.html")).expect("index");
    fs::create_dir(p.path().join("site/index.html")).expect("a folder where the index goes");
    let run = p.run(&["archive"]);
    assert_ne!(run.code(), 0, "{}", run.stderr());
    assert!(run.stderr().contains("已弃用该清单"), "{}", run.stderr());
    assert_eq!(p.read("precious.txt"), b"keep me");
}
