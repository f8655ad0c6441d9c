//! The bundled fonts alone draw every character of GBK.

use bulletin::render::typst::{FontOptions, Fonts};

#[test]
fn bundled_fonts_cover_every_gbk_character() {
    let fonts = Fonts::new(&FontOptions::default());
    let mut missing = String::new();
    let mut count = 0;
    for lead in 0x81u8..=0xFE {
        for trail in (0x40u8..=0xFE).filter(|&b| b != 0x7F) {
            let bytes = [lead, trail];
            let (text, _, had_errors) = encoding_rs::GBK.decode(&bytes);
            let mut chars = text.chars();
            let (Some(c), None, false) = (chars.next(), chars.next(), had_errors) else {
                continue;
            };
            // Unassigned GBK codes decode to the private use area.
            if ('\u{E000}'..='\u{F8FF}').contains(&c) {
                continue;
            }
            count += 1;
            if !fonts.covers(c) {
                missing.push(c);
            }
        }
    }
    assert!(count > 21_000, "only {count} GBK characters enumerated");
    assert!(missing.is_empty(), "no glyph for: {missing}");
}

#[test]
fn bundled_fonts_fill_every_role() {
    let fonts = Fonts::new(&FontOptions::default());
    let stacks = &fonts.stacks;
    assert_eq!(stacks.body[0], "FandolFang R");
    assert_eq!(stacks.title[0], "FandolSong");
    assert_eq!(stacks.hei[0], "FandolHei");
    assert_eq!(stacks.kai[0], "FandolKai");
    // A character the first face lacks comes from the face closest in
    // style: 仿宋 borrows from 楷体, then 宋体; 小标宋 from the serif Noto.
    assert_eq!(
        stacks.body[1..],
        [
            "FandolKai",
            "FandolSong",
            "Noto Serif CJK SC",
            "FandolHei",
            "DejaVu Sans"
        ]
    );
    assert_eq!(stacks.title[1], "Noto Serif CJK SC");
    assert_eq!(stacks.kai[1], "FandolFang R");
}
