//! Fuzzes loading an item file — decoding, front matter, YAML, Markdown —
//! and every rule and the composition that follow. Nothing may panic, and
//! every diagnostic must point at a range of its file that the printer can
//! show (inside the text, on character boundaries).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = bulletin::pipeline::item_bytes(data);
    for d in &report.diagnostics {
        if let Some(span) = &d.span {
            let text = &report.sources.get(span.file).text;
            assert!(
                text.get(span.range.clone()).is_some(),
                "{} at {:?} is not a range of its text",
                d.code,
                span.range
            );
        }
    }
});
