//! Watching the project's folders for `bulletin serve`, with notify (the
//! library typst-kit's watcher wraps). Ours waits only [`QUIET`] after the
//! last event before a rebuild, where typst-kit's waits 100 ms: an editor's
//! save is a burst of events within a millisecond or two, and the 100 ms
//! were a third of the time from saving to seeing the change.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long the events of one save may trickle in.
const QUIET: Duration = Duration::from_millis(20);
/// The longest a stream of events delays a rebuild.
const STARVE: Duration = Duration::from_millis(300);
/// How often folders that do not exist yet (`templates/`) are looked for.
const MISSING_POLL: Duration = Duration::from_millis(300);

/// Watches folders, not recursively.
pub(super) struct Watcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
    missing: BTreeSet<PathBuf>,
}

impl Watcher {
    pub(super) fn new() -> Result<Self, String> {
        let (send, events) = channel();
        let watcher =
            RecommendedWatcher::new(send, notify::Config::default()).map_err(|e| e.to_string())?;
        Ok(Self {
            watcher,
            events,
            watched: BTreeSet::new(),
            missing: BTreeSet::new(),
        })
    }

    /// Watches exactly these folders from now on.
    pub(super) fn update(&mut self, folders: Vec<PathBuf>) -> Result<(), String> {
        let wanted: BTreeSet<PathBuf> = folders.into_iter().collect();
        for gone in self.watched.difference(&wanted) {
            // A removed folder is no longer watched anyway.
            let _ = self.watcher.unwatch(gone);
        }
        self.watched.retain(|path| wanted.contains(path));
        self.missing.clear();
        for path in wanted {
            if !path.is_dir() {
                self.watched.remove(&path);
                self.missing.insert(path);
            } else if !self.watched.contains(&path) {
                self.watcher
                    .watch(&path, RecursiveMode::NonRecursive)
                    .map_err(|e| format!("{} ({e})", path.display()))?;
                self.watched.insert(path);
            }
        }
        Ok(())
    }

    /// Waits for a change, then for the rest of its burst of events.
    pub(super) fn wait(&mut self) -> Result<(), String> {
        loop {
            let first = if self.missing.is_empty() {
                self.events.recv().map_err(|e| e.to_string())
            } else {
                match self.events.recv_timeout(MISSING_POLL) {
                    Ok(event) => Ok(event),
                    Err(RecvTimeoutError::Timeout) => {
                        if self.missing.iter().any(|path| path.exists()) {
                            return Ok(());
                        }
                        continue;
                    }
                    Err(e) => Err(e.to_string()),
                }
            }?;
            let mut relevant = is_relevant(first)?;
            let start = Instant::now();
            while start.elapsed() < STARVE {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => relevant |= is_relevant(event)?,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(e) => return Err(e.to_string()),
                }
            }
            if relevant {
                return Ok(());
            }
        }
    }
}

fn is_relevant(event: notify::Result<notify::Event>) -> Result<bool, String> {
    let event = event.map_err(|e| e.to_string())?;
    Ok(!matches!(event.kind, EventKind::Access(_)))
}
