//! `bulletin check`: one fixture project per rule, each with a snapshot of
//! the human and the JSON output, and the exit codes. The fixtures start
//! from `examples/minimal` (one issue, 第1期, 2024-05-21, one item by 林晓东
//! at grid 3) and change or add the files that make the fault.

mod content;
mod files;
mod options;
mod syntax;

use std::fs;

use crate::common::{self, Project};

/// The human output (standard error) and the JSON lines (standard output)
/// of `check` with `args`, after asserting both runs exit with `code`.
fn check(project: &Project, args: &[&str], code: i32) -> String {
    let mut human_args = vec!["check"];
    human_args.extend_from_slice(args);
    human_args.push("--ignore-system-fonts");
    let human = project.run(&human_args);
    assert_eq!(human.code(), code, "human output:\n{}", human.stderr());
    human_args.extend(["--format", "json"]);
    let json = project.run(&human_args);
    assert_eq!(json.code(), code, "json output:\n{}", json.stderr());
    format!(
        "exit code {code}\n---- human (stderr) ----\n{}---- json (stdout) ----\n{}",
        human.stderr(),
        json.stdout()
    )
}

/// An item file: front matter lines and a body.
fn item(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// The minimal example with `files` written over it.
fn minimal(files: &[(&str, &str)]) -> Project {
    let project = Project::example("minimal");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

const ITEM: &str = "bulletins/1/01-lin-xiaodong.md";
const EXTRA: &str = "bulletins/1/02-meeting.md";

/// Checks one rule's fixture: the exit code, that the rule is reported at
/// `location` (file:line:col), and the snapshot of both outputs.
#[track_caller]
fn rule(code: &str, project: &Project, exit: i32, location: &str) {
    let output = check(project, &["--all"], exit);
    let severity = if code.starts_with("W-") {
        "warning"
    } else {
        "error"
    };
    assert!(
        output.contains(&format!("{severity}[{code}]")),
        "{code} not reported:\n{output}"
    );
    assert!(
        output.contains(&format!("┌─ {location}\n")),
        "{code} not at {location}:\n{output}"
    );
    insta::assert_snapshot!(code, output);
}

#[test]
fn clean_examples_pass() {
    let project = Project::example("minimal");
    let run = project.run(&["check", "1", "--ignore-system-fonts"]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.stderr(), "检查完毕：第1期没有发现问题\n");
    let run = Project::sample().run(&["check", "--all", "--format", "json"]);
    assert_eq!((run.code(), run.stdout()), (0, String::new()));
}

/// The minimal example with `extra` added at the end of its `bulletin.yaml`.
fn with_config(extra: &str) -> Project {
    let p = Project::example("minimal");
    let config = String::from_utf8(p.read("bulletin.yaml")).expect("utf-8");
    p.write("bulletin.yaml", &format!("{config}{extra}"));
    p
}

/// The minimal example, numbered by year (`numbering: yearly`).
fn yearly(files: &[(&str, &str)]) -> Project {
    let project = with_config("numbering: yearly\n");
    for (path, text) in files {
        project.write(path, text);
    }
    project
}

/// The minimal example with a meeting item of this body.
fn body(text: &str) -> Project {
    minimal(&[(EXTRA, &item("title: 会议\ndate: 2024-05-20", text))])
}

/// The front matter an inspection item needs besides its leader and grid.
const INSPECTION: &str = "participants: 第三网格创城工作组成员\nsites: [滨河公园]";

/// The README's rule table is the registry, column by column, in order;
/// and the sources name no code outside it.
/// The registry is covered: every code has a fixture here (a `rule` call
/// in `tests/suite/check/`) and its snapshot, and every snapshot of a rule
/// is of a code the registry has.
#[test]
fn every_registry_code_has_a_fixture_and_a_snapshot() {
    let dir = common::repo().join("tests/suite/check");
    let mut sources = String::new();
    for entry in fs::read_dir(&dir).expect("tests/suite/check") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&fs::read_to_string(&path).expect("source"));
        }
    }
    // `rule(` and the code, however rustfmt wrapped the call.
    let fixtures: Vec<String> = sources
        .split("rule(")
        .skip(1)
        .filter_map(|call| {
            let call = call.trim_start().strip_prefix('"')?;
            let code = &call[..call.find('"')?];
            let is_code = (code.starts_with("E-") || code.starts_with("W-"))
                && code.chars().all(|c| c.is_ascii_uppercase() || c == '-');
            is_code.then(|| code.to_owned())
        })
        .collect();
    let snapshots: Vec<String> = fs::read_dir(dir.join("snapshots"))
        .expect("snapshots")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let codes: Vec<&str> = bulletin::diagnostic::rules::RULES
        .iter()
        .map(|r| r.code)
        .collect();
    let mut missing = Vec::new();
    for code in &codes {
        if !fixtures.iter().any(|f| f == code) {
            missing.push(format!("{code}: no fixture"));
        }
        if !snapshots.contains(&format!("suite__check__{code}.snap")) {
            missing.push(format!("{code}: no snapshot"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    for name in &snapshots {
        if let Some(code) = name
            .strip_prefix("suite__check__")
            .and_then(|n| n.strip_suffix(".snap"))
            .filter(|n| n.starts_with("E-") || n.starts_with("W-"))
        {
            assert!(codes.contains(&code), "{name} is of no registry code");
        }
    }
    for fixture in &fixtures {
        assert!(
            codes.contains(&fixture.as_str()),
            "a fixture of {fixture}, which is no registry code"
        );
    }
}

#[test]
fn readme_rules_table_matches_the_registry_and_the_sources_use_no_other_code() {
    let readme = fs::read_to_string(common::repo().join("README.md")).expect("README");
    let rows: Vec<Vec<String>> = readme
        .lines()
        .filter(|line| line.starts_with("| `E-") || line.starts_with("| `W-"))
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect();
    let registry: Vec<Vec<String>> = bulletin::diagnostic::rules::RULES
        .iter()
        .map(|rule| {
            vec![
                format!("`{}`", rule.code),
                match rule.level {
                    bulletin::diagnostic::Severity::Error => "错误 error".to_owned(),
                    bulletin::diagnostic::Severity::Warning => "警告 warning".to_owned(),
                },
                if rule.adjustable { "是" } else { "否" }.to_owned(),
                rule.what.to_owned(),
            ]
        })
        .collect();
    assert_eq!(
        rows, registry,
        "the README's rules table differs from diagnostic::rules::RULES"
    );
    let codes: Vec<&str> = bulletin::diagnostic::rules::RULES
        .iter()
        .map(|r| r.code)
        .collect();
    let mut used = Vec::new();
    let mut dirs = vec![common::repo().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).expect("source");
            for piece in text.split('"').skip(1).step_by(2) {
                let is_code = (piece.starts_with("E-") || piece.starts_with("W-"))
                    && piece.len() > 3
                    && piece.chars().all(|c| c.is_ascii_uppercase() || c == '-');
                if is_code {
                    used.push((piece.to_owned(), path.display().to_string()));
                }
            }
        }
    }
    assert!(used.len() > 30, "found only {used:?}");
    for (code, file) in used {
        assert!(
            codes.contains(&code.as_str()),
            "{code} in {file} is not in diagnostic::rules::RULES"
        );
    }
}
