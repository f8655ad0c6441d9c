//! The boundary around Typst: a panic inside Typst's compilation or one of
//! its exporters (PDF through krilla, PNG, SVG) becomes an error of the
//! issue being built, so that one bad input fails that issue only — `build`
//! exits with 3, `serve` shows the overlay and keeps serving, `archive`
//! writes the rest of the site — instead of killing the process.
//!
//! The panic's default report ("thread 'main' panicked at …") is kept off
//! the terminal while a boundary is open; its location goes into the
//! error instead. A stack overflow aborts and cannot be caught: the
//! template's recursion is bounded before typesetting instead (Markdown
//! nesting is capped when parsing).

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside a boundary.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`; a panic inside it becomes an error that says what was being
/// done (`doing`, e.g. "排版时") and where the panic was.
pub fn guarded<T>(doing: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    boundary(f).map_err(|why| {
        format!(
            "{doing} Typst 内部出错（{why}）。这是软件缺陷，不是稿件的错误；\
             请把这一期的稿件发给维护者 (internal error in Typst)"
        )
    })
}

/// Runs `f`; a panic inside it becomes an error with the panic's message
/// and place, and its default report is kept off the terminal. The same
/// boundary serves other stages that parse untrusted bytes (the Word
/// importer).
pub fn boundary<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let outer = GUARDED.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.set(outer);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        // Panic messages may quote the text they choked on, at any length.
        let message = match message.char_indices().nth(160) {
            Some((cut, _)) => format!("{}…", &message[..cut]),
            None => message,
        };
        let location = LOCATION
            .take()
            .map(|l| format!(", {l}"))
            .unwrap_or_default();
        format!("{message}{location}")
    })
}

/// Installs, once, a panic hook that keeps quiet about panics a boundary
/// on the same thread will catch and reports all others as the default
/// hook does (a panic on one of rayon's threads is still printed before it
/// reaches the boundary: better a line too many than a panic unreported).
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            if GUARDED.get() {
                LOCATION.set(location);
            } else {
                default(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_that_says_where() {
        let result: Result<(), String> = guarded("排版时", || panic!("range end out of bounds"));
        let message = result.unwrap_err();
        assert!(
            message.starts_with(
                "排版时 Typst 内部出错（range end out of bounds, src/render/typst/guard.rs:"
            ),
            "{message}"
        );
        assert_eq!(guarded("排版时", || 7), Ok(7));
    }
}
