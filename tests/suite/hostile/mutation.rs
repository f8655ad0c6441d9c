//! A quick mutation run, so that a new panic cannot land unnoticed.

use super::*;

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
