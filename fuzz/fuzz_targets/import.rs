//! Fuzzes `bulletin import`'s reader: ZIP packages and the XML parts in
//! them (a `.docx`), and Word 2003 XML. Nothing may panic; whatever is
//! read must become an item whose front matter is closed.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = bulletin::pipeline::import_bytes(data) {
        assert!(text.starts_with("---\n"), "no front matter:\n{text}");
        assert!(text[4..].contains("\n---\n"), "front matter not closed:\n{text}");
    }
});
