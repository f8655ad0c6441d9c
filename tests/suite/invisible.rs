//! Invisible characters (issue 20, part 4): zero-width spaces and joiners,
//! a BOM inside the text, direction marks, the word joiner, the soft
//! hyphen, C0 controls and DEL are reported where they are written
//! (`W-INVISIBLE-CHAR`) and never printed, in `check` and `build` alike;
//! none of them is ever `E-GLYPH-MISSING`. The no-break space and the
//! full-width space print as spaces.

use crate::common::{Project, pdf_text};

const EXTRA: &str = "bulletins/1/02-meeting.md";

/// Every invisible character, each between two characters of the body,
/// with the name the warning gives it.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{200B}', "零宽空格"),
    ('\u{200C}', "零宽不连字"),
    ('\u{200D}', "零宽连字"),
    ('\u{FEFF}', "字节顺序标记（BOM）"),
    ('\u{200E}', "文字方向控制符"),
    ('\u{200F}', "文字方向控制符"),
    ('\u{202E}', "文字方向控制符"),
    ('\u{2060}', "字词连接符"),
    ('\u{00AD}', "软连字符"),
    ('\u{0001}', "控制字符"),
    ('\u{0008}', "控制字符"),
    ('\u{001B}', "控制字符"),
    ('\u{007F}', "删除符（DEL）"),
];

fn project_with(body: &str, title: &str) -> Project {
    let project = Project::example("minimal");
    project.write(
        EXTRA,
        &format!("---\ntitle: {title}\ndate: 2024-05-20\n---\n{body}\n"),
    );
    project
}

/// Each character alone: `check` warns at its line and column and passes,
/// `build` passes too, and the PDF's text has the words joined with
/// nothing between them.
#[test]
fn each_invisible_character_is_warned_at_its_place_and_not_printed() {
    for &(c, name) in INVISIBLE {
        let body = format!("会议要求加强{c}领导。");
        let project = project_with(&body, "推进会");
        let check = project.run(&["check", "1", "--ignore-system-fonts"]);
        let stderr = check.stderr();
        let code = format!("U+{:04X}", c as u32);
        assert_eq!(check.code(), 0, "{code}:\n{stderr}");
        assert!(
            stderr.contains("warning[W-INVISIBLE-CHAR]")
                && stderr.contains(&format!("有不可见的{name}（{code}）"))
                && stderr.contains("┌─ bulletins/1/02-meeting.md:5:7\n"),
            "{code}:\n{stderr}"
        );
        assert!(!stderr.contains("E-GLYPH-MISSING"), "{code}:\n{stderr}");
        let build = project.run(&["build", "1", "--ignore-system-fonts"]);
        assert_eq!(build.code(), 0, "{code}:\n{}", build.stderr());
        let text = pdf_text(&project.path().join("out/1.pdf"));
        assert!(text.contains("会议要求加强领导。"), "{code}:\n{text}");
        assert!(!text.contains(c), "{code} reached the PDF:\n{text}");
    }
}

/// Regression: DEL passed `check`, then `build` failed with an unlocated
/// E-TEMPLATE; a zero-width space in a title was E-GLYPH-MISSING.
#[test]
fn del_and_zero_width_space_in_the_title_build() {
    let project = project_with("会议\u{7F}要求。", "推进\u{200B}会");
    let check = project.run(&["check", "1", "--ignore-system-fonts"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    assert!(
        check
            .stderr()
            .contains("┌─ bulletins/1/02-meeting.md:2:10\n")
    );
    let build = project.run(&["build", "1", "--ignore-system-fonts"]);
    assert_eq!(build.code(), 0, "{}", build.stderr());
    let text = pdf_text(&project.path().join("out/1.pdf"));
    assert!(text.contains("推进会"), "{text}");
    assert!(text.contains("会议要求。"), "{text}");
}

/// The no-break space and the full-width space are not invisible: no
/// warning, and they print as spaces.
#[test]
fn no_break_and_full_width_spaces_print_as_spaces() {
    let project = project_with("编号\u{A0}A1，会议\u{3000}要求。", "推进会");
    let check = project.run(&["check", "1", "--ignore-system-fonts"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    assert!(
        !check.stderr().contains("W-INVISIBLE-CHAR"),
        "{}",
        check.stderr()
    );
    let build = project.run(&["build", "1", "--ignore-system-fonts"]);
    assert_eq!(build.code(), 0, "{}", build.stderr());
    let text = pdf_text(&project.path().join("out/1.pdf"));
    assert!(!text.contains("编号A1") && text.contains("A1"), "{text}");
    assert!(!text.contains("会议要求"), "{text}");
}

/// Several of one kind in a file: one warning with the count.
#[test]
fn many_of_one_kind_are_one_warning_with_a_count() {
    let project = project_with("一\u{200B}二\u{200B}三\u{200B}。", "推进会");
    let run = project.run(&["check", "1", "--ignore-system-fonts"]);
    let stderr = run.stderr();
    assert_eq!(stderr.matches("W-INVISIBLE-CHAR").count(), 1, "{stderr}");
    assert!(stderr.contains("本文件共 3 处"), "{stderr}");
}
