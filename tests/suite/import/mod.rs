//! `bulletin import` (issue 20): Word and WPS files become items. Each
//! fixture (see `tests/fixtures/import/README.md`) is imported through the
//! binary into a copy of an example series; the tests read the item file
//! written, what the command reported, and, for the WPS-style report, the
//! PDF the imported item builds into. Hostile files are refused with their
//! reason, and nothing is written for them.

use std::fs;
use std::path::PathBuf;

use crate::common::{self, Project, Run, pdf_text, repo, squash, tool_present};

mod word2003;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// Imports `files` (fixture names) into the project, with `more` arguments.
fn import(project: &Project, files: &[&str], more: &[&str]) -> Run {
    let paths: Vec<String> = files
        .iter()
        .map(|f| fixture(f).display().to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    args.extend_from_slice(more);
    project.run(&args)
}

/// The files of an issue folder, sorted.
fn listing(project: &Project, issue: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(project.path().join("bulletins").join(issue))
        .expect("issue folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(project: &Project, relative: &str) -> String {
    String::from_utf8(project.read(relative)).expect("utf-8")
}

/// Asserts that `needles` occur in `text` in this order.
#[track_caller]
fn in_order(text: &str, needles: &[&str]) {
    let mut at = 0;
    for needle in needles {
        match text[at..].find(needle) {
            Some(found) => at += found + needle.len(),
            None => panic!("{needle:?} missing, or out of order, in:\n{text}"),
        }
    }
}

#[test]
fn a_wps_style_report_becomes_an_item_that_builds() {
    let project = Project::example("minimal");
    let run = import(&project, &["wps-style.docx"], &[]).success();
    let stderr = run.stderr();
    assert_eq!(
        listing(&project, "1"),
        [
            "01-lin-xiaodong.md",
            "02-liuyuanjiedaochuangcheng-1.png",
            "02-liuyuanjiedaochuangcheng.md",
            "issue.yaml"
        ]
    );
    let item = read(&project, "bulletins/1/02-liuyuanjiedaochuangcheng.md");
    in_order(
        &item,
        &[
            "---\ntitle: \"柳园街道创城工作推进会召开\"\ndate: 2024-03-18\n---\n",
            "3月18日，柳园街道召开创城工作推进会，部署下一阶段重点任务。\n\n",
            "# 一、基本情况\n\n",
            "**注意：**本周完成楼道小广告清理。\\\n第二行紧接上一行。\n\n",
            "## （一）主要做法\n\n",
            "各社区细化网格，责任到人。\n\n",
            "- 垃圾分类\n- 车辆乱停\n\n",
            "1\\.建立台账\n\n2\\.销号管理\n\n",
            "| 社区 | 问题 | 整改 |\n| --- | --- | --- |\n| 德馨园 | 小广告 | 已完成 |\n| 银座 | 乱停车 |  |\n\n",
            "![](02-liuyuanjiedaochuangcheng-1.png)\n\n",
            "整改全部完成。\n\n",
            "联系人：王明（第1页）\n\n",
            "请各社区于月底前报送进展。\n\n",
            "> 文本框中的说明文字\n\n",
            "编号 #1 的\\*星号\\*与 \\[方括号\\] 和 \\<标记\\>。\n",
        ],
    );
    assert!(!item.contains('未'), "a deletion was kept:\n{item}");
    in_order(
        &stderr,
        &[
            "已导入 ",
            "wps-style.docx → bulletins/1/02-liuyuanjiedaochuangcheng.md\n",
            "  照片 1 张：bulletins/1/02-liuyuanjiedaochuangcheng-1.png\n",
            "  未能照原样带入的内容 (not carried over as it was)：\n",
            "  - 第 10 段之后的表格：表格中有合并的单元格：已拆开，合并处留空，请核对\n",
            "  - 第 13 段「请各社区于月底前报送进展……」：批注未带入：「报送时间请再确认」\n",
            "  - 第 13 段之后：文本框：其中的文字已带入，作为引用段落放在本段之后，请核对位置\n",
            "  - 修订：保留了 1 处插入，删去了 1 处删除（按接受全部修订处理）\n",
            "  - 页眉未带入：「柳园街道办事处」\n",
            "编辑后运行 bulletin check 1 检查\n",
        ],
    );
    let photo = project.read("bulletins/1/02-liuyuanjiedaochuangcheng-1.png");
    assert!(photo.starts_with(b"\x89PNG"));

    // The item checks without errors and builds; the PDF has its text in
    // order, Markdown's punctuation printed as typed.
    let check = project.run(&["check", "1"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    project.run(&["build", "1"]).success();
    let text = squash(&pdf_text(&project.path().join("out/1.pdf")));
    in_order(
        &text,
        &[
            "柳园街道创城工作推进会召开",
            "一、基本情况",
            "注意：本周完成楼道小广告清理。第二行紧接上一行。",
            "（一）主要做法",
            "建立台账",
            "德馨园小广告已完成",
            "整改全部完成。",
            "文本框中的说明文字",
            "编号#1的*星号*与[方括号]和<标记>。",
        ],
    );
}

#[test]
fn importing_twice_never_overwrites() {
    let project = Project::example("minimal");
    let run = import(
        &project,
        &["wps-style.docx", "wps-style.docx"],
        &["--issue", "1"],
    );
    run.success();
    let names = listing(&project, "1");
    for name in [
        "02-liuyuanjiedaochuangcheng.md",
        "02-liuyuanjiedaochuangcheng-1.png",
        "03-liuyuanjiedaochuangcheng.md",
        "03-liuyuanjiedaochuangcheng-1.png",
    ] {
        assert!(
            names.contains(&name.to_owned()),
            "{name} missing: {names:?}"
        );
    }
    assert!(
        read(&project, "bulletins/1/03-liuyuanjiedaochuangcheng.md")
            .contains("03-liuyuanjiedaochuangcheng-1.png")
    );
}

/// A supervision item whose lead matches the series' pattern: the fields
/// come from it, the lead leaves the body, and W-LEAD-REPEATED stays quiet.
#[test]
fn a_supervision_item_gets_its_fields_from_the_lead() {
    let project = Project::sample();
    let run = import(&project, &["supervision.docx"], &["--issue", "12"]).success();
    assert!(run.stderr().contains("识别为督导稿件"), "{}", run.stderr());
    let item = read(&project, "bulletins/12/07-zhang-xuanyu.md");
    // The title is what the series' `title` phrase makes of the fields,
    // so the item leaves it to the series.
    assert_eq!(
        item,
        "---\ngrid: 1\nleader: \"张旋宇\"\ndate: 2021-03-16\n\
         participants: \"第一网格创城工作组成员及东昌府区相关负责人\"\n\
         sites: [\"柳园社区德馨园小区\", \"利民社区银座商城\"]\n---\n\
         在座谈会上，张旋宇听取了柳园街道及部分社区创城工作开展情况。\n\n\
         会后，张旋宇一行先后到柳园社区德馨园小区、利民社区银座商城等地，实地查看创城宣传氛围等情况。\n"
    );
    let check = project.run(&["check", "12"]);
    assert!(
        !check.stderr().contains("W-LEAD-REPEATED"),
        "{}",
        check.stderr()
    );
    assert!(!check.stderr().contains("error["), "{}", check.stderr());
}

#[test]
fn invisible_characters_in_a_word_file_are_dropped_and_reported() {
    let project = Project::example("minimal");
    let run = import(&project, &["invisible.docx"], &[]).success();
    assert!(
        run.stderr().contains("删去了 6 个不可见字符"),
        "{}",
        run.stderr()
    );
    let item = read(&project, "bulletins/1/02-wangyefuzhidegaojian.md");
    assert!(item.contains("title: \"网页复制的稿件\""), "{item}");
    assert!(
        item.contains("3月18日，会议要求加强领导，全面推进。"),
        "{item}"
    );
    let check = project.run(&["check", "1"]);
    assert_eq!(check.code(), 0, "{}", check.stderr());
    assert!(
        !check.stderr().contains("W-INVISIBLE-CHAR"),
        "{}",
        check.stderr()
    );
}

/// Each hostile file is refused with its reason, exit 1, nothing written.
#[test]
fn hostile_files_are_refused_and_nothing_is_written() {
    let truncated = tempfile::tempdir().expect("temp");
    let cut = truncated.path().join("cut.docx");
    let whole = fs::read(fixture("wps-style.docx")).expect("fixture");
    fs::write(&cut, &whole[..whole.len() / 2]).expect("write");
    let cases: [(PathBuf, &str); 6] = [
        (fixture("entity-bomb.docx"), "含有 DOCTYPE 声明"),
        (fixture("deep.docx"), "的嵌套超过 256 层，未导入"),
        (
            fixture("ratio-bomb.docx"),
            "“word/padding.xml”压缩比超过 200 倍，疑为“压缩炸弹”，未导入",
        ),
        (
            fixture("escape.docx"),
            "压缩包中的路径“../../outside.txt”指向包外，未导入",
        ),
        (
            fixture("not-word.docx"),
            "不是 Word 或 WPS 文件，无法识别其格式",
        ),
        (cut, "文件已损坏，不是完整的 .docx"),
    ];
    for (path, reason) in cases {
        let project = Project::example("minimal");
        let before = listing(&project, "1");
        let run = project.run(&["import", &path.display().to_string()]);
        let stderr = run.stderr();
        assert_eq!(run.code(), 1, "{path:?}: {stderr}");
        assert!(stderr.contains(reason), "{path:?}: {stderr}");
        assert!(stderr.contains("1 个文件中有 1 个未能导入"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(listing(&project, "1"), before, "{path:?} wrote something");
    }
}

/// Without LibreOffice, an old or disguised file is refused with the fix.
#[test]
fn a_file_that_needs_libreoffice_is_refused_with_the_fix_without_it() {
    let project = Project::example("minimal");
    let empty = tempfile::tempdir().expect("temp");
    let run = common::bulletin(project.path())
        .args(["import", &fixture("web-page.doc").display().to_string()])
        .env("PATH", empty.path())
        .run();
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "{stderr}");
    assert!(
        stderr.contains("web-page.doc：这是网页（HTML）文件，需要 LibreOffice 才能导入；请在 WPS/Word 中另存为 .docx，或安装 LibreOffice"),
        "{stderr}"
    );
}

/// An old `.doc`, made from the WPS-style fixture by LibreOffice, comes in
/// through LibreOffice with its text.
#[test]
fn an_old_doc_comes_in_through_libreoffice() {
    let present = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok();
    if !tool_present("soffice", present, "LibreOffice (soffice)") {
        return;
    }
    let scratch = tempfile::tempdir().expect("temp");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        scratch.path().join("p").display()
    );
    common::program("soffice")
        .args([&profile, "--headless", "--convert-to", "doc", "--outdir"])
        .arg(scratch.path())
        .arg(fixture("wps-style.docx"))
        .run()
        .success();
    let doc = scratch.path().join("wps-style.doc");
    assert!(
        fs::read(&doc)
            .expect("doc")
            .starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
    );
    let project = Project::example("minimal");
    let run = project.run(&["import", &doc.display().to_string()]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let item = read(&project, "bulletins/1/02-liuyuanjiedaochuangcheng.md");
    in_order(
        &item,
        &[
            "title: \"柳园街道创城工作推进会召开\"",
            "一、基本情况",
            "**注意：**本周完成",
            "| 社区 | 问题 | 整改 |",
            "![](02-liuyuanjiedaochuangcheng-1.png)",
        ],
    );
}

/// Files written by Word, from mammoth's and pandoc's test data: each
/// imports without a panic, with its text in order and what is reported.
#[test]
fn real_word_files_import_with_their_text_and_findings() {
    let cases: &[(&str, &[&str], &[&str])] = CORPUS;
    for (file, texts, findings) in cases {
        let project = Project::example("minimal");
        let run = import(&project, &[file], &[]);
        let stderr = run.stderr();
        assert_eq!(run.code(), 0, "{file}: {stderr}");
        let written = stderr
            .lines()
            .find_map(|l| l.split_once(" → ").map(|(_, p)| p.to_owned()))
            .unwrap_or_else(|| panic!("{file}: nothing written: {stderr}"));
        let item = read(&project, &written);
        in_order(&item, texts);
        in_order(&stderr, findings);
        let check = project.run(&["check", "1"]);
        assert!(
            !check.stderr().contains("error["),
            "{file}:\n{item}\n{}",
            check.stderr()
        );
    }
}

/// Per file: the text of the item in order, and the findings in order.
const CORPUS: &[(&str, &[&str], &[&str])] = &[
    (
        "mammoth/comments.docx",
        &["title: \"comments\"\ndate: 2024-05-21\n---\nOuch.\n"],
        &[
            "  - 第 1 段「Ouch.」：批注未带入：「A tachyon walks into a bar.」\n",
            "  - 第 1 段「Ouch.」：批注未带入：「Fin.」\n",
            "  - 没有找到标题",
            "  - 正文开头没有写日期，date 暂取本期日期 2024-05-21，请核对\n",
        ],
    ),
    (
        "mammoth/footnotes.docx",
        &["---\nOuch[^1].[^2]\n\n[^1]: A tachyon walks into a bar.\n\n[^2]: Fin.\n"],
        &["没有找到标题"],
    ),
    (
        "mammoth/endnotes.docx",
        &["---\nOuch[^1].[^2]\n\n[^1]: A tachyon walks into a bar.\n\n[^2]: Fin.\n"],
        &["没有找到标题"],
    ),
    (
        "mammoth/external-picture.docx",
        &["title: \"external-picture\"\ndate: 2024-05-21\n---\n"],
        &[
            "  - 文件开头：链接（未嵌入）的图片未带入：请在 Word 中把图片嵌入文档，或单独提供图片文件\n",
        ],
    ),
    (
        "mammoth/simple-list.docx",
        &["---\n- Apple\n- Banana\n"],
        &[],
    ),
    ("mammoth/strict-format.docx", &["---\nTest\n"], &[]),
    (
        "mammoth/tables.docx",
        &[
            "---\nAbove\n\n| Top left | Top right |\n| --- | --- |\n| Bottom left | Bottom right |\n\nBelow\n",
        ],
        &[],
    ),
    (
        "mammoth/text-box.docx",
        &["---\n> Datum plane\n"],
        &["  - 文件开头：文本框：其中的文字已带入，作为引用段落放在本段之后，请核对位置\n"],
    ),
    (
        "mammoth/tiny-picture.docx",
        &["---\n![](02-tiny-picture-1.png)\n"],
        &["  照片 1 张：bulletins/1/02-tiny-picture-1.png\n"],
    ),
    (
        "mammoth/utf8-bom.docx",
        &["---\nThis XML has a byte order mark.\n"],
        &[],
    ),
    (
        "pandoc/diagram.docx",
        &["---\n# Diagram after:\n"],
        &["  - 第 1 段之后：SmartArt 图形未带入\n"],
    ),
    (
        "pandoc/image_vml.docx",
        &[
            "title: \"VML Image\"\n",
            "---\nIt should follow below:\n\n![](02-vml-image-1.jpg)\n",
        ],
        // Its footer is a page number, which the series prints itself:
        // not reported.
        &["  照片 1 张：bulletins/1/02-vml-image-1.jpg\n"],
    ),
    (
        "pandoc/sdt_elements.docx",
        &[
            "---\n| **col1Header** | **col2Header** | **col3Header** |\n| --- | --- | --- |\n| col1 content | Body copy | col3 content |\n",
        ],
        &[],
    ),
    (
        "pandoc/track_changes_deletion.docx",
        &["---\nThis is a text with a deletion.\n"],
        &["  - 修订：保留了 0 处插入，删去了 1 处删除（按接受全部修订处理）\n"],
    ),
    (
        "pandoc/track_changes_insertion.docx",
        &["---\nThis is a text with two exciting insertions.\n"],
        &["  - 修订：保留了 1 处插入，删去了 0 处删除（按接受全部修订处理）\n"],
    ),
];

/// The fuzz target's entry point (`fuzz/fuzz_targets/import.rs`) on every
/// fixture, with the target's own assertion, and on each fixture cut short
/// at a few places: no panic, and an item whose front matter is closed.
#[test]
fn the_fuzz_entry_point_takes_every_fixture() {
    let mut files = Vec::new();
    for dir in ["", "mammoth", "pandoc"] {
        for entry in fs::read_dir(fixture(dir)).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "docx") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 20, "{files:?}");
    for path in files {
        let bytes = fs::read(&path).expect("fixture");
        for cut in [bytes.len(), bytes.len() * 3 / 4, bytes.len() / 2, 100, 4] {
            let cut = cut.min(bytes.len());
            if let Ok(text) = bulletin::pipeline::import_bytes(&bytes[..cut]) {
                assert!(text.starts_with("---\n"), "{path:?}");
                assert!(text[4..].contains("\n---\n"), "{path:?}");
            }
        }
    }
}
