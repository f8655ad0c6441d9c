//! The layers the build keeps: every `crate::` path in a top-level module
//! must name a module that ARCHITECTURE.md's table says it may use, and
//! the table itself must have no cycle. A new module, or a new arrow, is
//! a change to that table first.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The modules each module may use, from ARCHITECTURE.md's table: the
/// first column names the module (`load/`, `page.rs`, `serve.rs`,
/// `serve/`), the last lists the modules it may use in backticks.
fn allowed(architecture: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut table = BTreeMap::new();
    for line in architecture.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let names = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(|name| {
                    name.trim_end_matches('/')
                        .trim_end_matches(".rs")
                        .to_owned()
                })
                .collect()
        };
        let may_use: BTreeSet<String> = names(cells[cells.len() - 2]).into_iter().collect();
        for module in names(cells[1]) {
            table
                .entry(module)
                .or_insert_with(BTreeSet::new)
                .extend(may_use.iter().cloned());
        }
    }
    table
}

/// The top-level modules each file of `src/` names through `crate::`.
fn used(src: &Path) -> BTreeMap<String, BTreeSet<(String, PathBuf)>> {
    let mut found: BTreeMap<String, BTreeSet<(String, PathBuf)>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let first = relative.components().next().unwrap();
            let module = first.as_os_str().to_str().unwrap().trim_end_matches(".rs");
            if matches!(module, "lib" | "main" | "layers") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for target in crate_paths(&text) {
                if target != module {
                    found
                        .entry(module.to_owned())
                        .or_default()
                        .insert((target, relative.to_owned()));
                }
            }
        }
    }
    found
}

/// The first segment of every `crate::` path, also inside `crate::{a, b}`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first name of each part at the top level of the braces.
            let mut depth = 0;
            let mut starts = vec![0];
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => starts.push(i + 1),
                    _ => {}
                }
            }
            for start in starts {
                let name = ident(group[start..].trim_start());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_arrow_between_modules_is_one_the_architecture_allows() {
    let architecture = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let table = allowed(&architecture);
    let mut wrong = Vec::new();
    for (module, targets) in used(&root().join("src")) {
        let Some(may_use) = table.get(&module) else {
            wrong.push(format!("{module} is not in ARCHITECTURE.md's table"));
            continue;
        };
        for (target, file) in targets {
            if !may_use.contains(&target) {
                wrong.push(format!("{} uses {target}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows the table does not allow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_architecture_table_has_no_cycle() {
    let architecture = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let table = allowed(&architecture);
    // Depth-first search for a path back to where it started.
    fn reaches(
        table: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        table
            .get(from)
            .into_iter()
            .flatten()
            .any(|next| next == to || (seen.insert(next.clone()) && reaches(table, next, to, seen)))
    }
    for module in table.keys() {
        assert!(
            !reaches(&table, module, module, &mut BTreeSet::new()),
            "ARCHITECTURE.md lets {module} use itself through other modules"
        );
    }
}

#[test]
fn every_top_level_module_is_in_the_table() {
    let architecture = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let table = allowed(&architecture);
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        let Some(name) = line
            .trim()
            .strip_suffix(';')
            .and_then(|l| l.rsplit(' ').next())
            .filter(|_| line.contains("mod "))
        else {
            continue;
        };
        if name != "layers" {
            assert!(
                table.contains_key(name),
                "{name} is not in ARCHITECTURE.md's table"
            );
        }
    }
}

#[test]
fn paths_inside_braces_are_found() {
    let found = crate_paths(
        "use crate::{output, pipeline::{self, Format}};\nlet x = crate::zh::numeral(1);",
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["output", "pipeline", "zh"]
    );
}
