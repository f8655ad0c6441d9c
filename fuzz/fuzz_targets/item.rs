//! Fuzzes loading an item file — decoding, front matter, YAML, Markdown —
//! and every rule and the composition that follow. Nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bulletin::checked::item_bytes(data);
});
