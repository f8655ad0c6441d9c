//! Word 2003 XML (`w:wordDocument`), as LibreOffice saves it: read
//! directly, its photo (inline, in base64) carried over as the photo's own
//! bytes.

use super::{fixture, import, listing, read};
use crate::common::{Project, repo};

#[test]
fn a_word_2003_xml_file_comes_in_with_its_photo() {
    let project = Project::example("forms");
    let run = import(&project, &["libreoffice-word2003.xml"], &["--issue", "5"]).success();
    let stderr = run.stderr();
    assert!(!stderr.contains("图片未带入"), "{stderr}");
    let files = listing(&project, "5");
    let photo = files
        .iter()
        .find(|f| f.starts_with("02-") && f.ends_with("-1.jpg"))
        .unwrap_or_else(|| panic!("no photo among {files:?}\n{stderr}"));
    // The JPEG the example's item names, byte for byte.
    let original =
        std::fs::read(repo().join("examples/forms/bulletins/5/dongmen.jpg")).expect("jpg");
    assert_eq!(project.read(&format!("bulletins/5/{photo}")), original);
    let item = files
        .iter()
        .find(|f| f.starts_with("02-") && f.ends_with(".md"))
        .expect("the item");
    let text = read(&project, &format!("bulletins/5/{item}"));
    assert!(text.contains(&format!("![]({photo})")), "{text}");
    assert!(text.contains("各督导组自查得分如下"), "{text}");
    assert!(fixture("libreoffice-word2003.xml").exists());
}
