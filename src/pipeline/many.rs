//! Building many issues at once, the one way `build --all`, `archive` and
//! `serve` do it: on a pool of worker threads with the stack typesetting
//! needs, forgetting after each issue what Typst memoized for it.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::typst as typesetter;

/// Issues built by one pool of worker threads. A fresh pool per batch:
/// what the threads hold (their allocator arenas) goes with them, so memory
/// stays flat however many issues there are.
const BATCH: usize = 16;

/// Stack of each worker thread, where issues are typeset and exported.
/// Measured on a release build: the deepest text the limits let through,
/// 24 nested block quotes (`quotes-at-limits` of
/// `scripts/bench-adversarial.sh`), overflows 320 KiB and builds in
/// 384 KiB, in every format and as PDF/A-2b and PDF/UA-1; the sample issue
/// builds in 128 KiB. 8 MiB, the main thread's stack on Linux, leaves
/// twenty times that for unoptimized builds and deeper Typst versions, and
/// costs nothing until used: a stack is reserved, not committed.
const WORKER_STACK: usize = 8 << 20;

/// Runs `build` for each of `issues`, `jobs` at a time (one per core when
/// `None`), and returns what each returned, in order. Only starting the
/// threads can fail.
pub fn build_many<T: Sync, R: Send>(
    issues: &[T],
    jobs: Option<usize>,
    build: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>> {
    let mut results = Vec::with_capacity(issues.len());
    for batch in issues.chunks(BATCH) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("bulletin-build-{i}"))
            .build()
            .map_err(|e| Error::Internal(format!("无法启动工作线程 ({e})")))?;
        results.extend(pool.install(|| {
            batch
                .par_iter()
                .map(|issue| {
                    let built = build(issue);
                    // Issues share no text: what one compilation memoized
                    // will not help the next, but an issue rebuilt (by
                    // `serve`) finds its own last compilation's.
                    typesetter::forget_layouts();
                    built
                })
                .collect::<Vec<R>>()
        }));
    }
    Ok(results)
}
