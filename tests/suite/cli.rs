//! The command line as a new writer meets it: `--help` and clap's errors in
//! Chinese, the man pages, the global options (`-C`, `-q`, `-v`,
//! `--color`), `bulletin fonts`, and the conventions shared with cargo,
//! typst and mdBook. Driven through the binary.

use std::time::Duration;

use crate::common::browser::Server;
use crate::common::{self, Project, run_in};

/// Runs the binary with extra environment variables, and none of the
/// colour variables of the test's own environment.
fn run_env(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut command = common::bulletin(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command = command.env(key, value);
    }
    command.run()
}

#[test]
fn help_is_in_chinese_from_its_first_line() {
    let project = Project::empty();
    let help = project.run(&["--help"]).success().stdout();
    let first = help.lines().next().unwrap_or_default();
    assert!(first.starts_with("工作简报编译器"), "{help}");
    assert!(
        help.contains("用法 (Usage): bulletin [选项] <命令>"),
        "{help}"
    );
    assert!(help.contains("命令 (Commands):"), "{help}");
    assert!(help.contains("选项 (Options):"), "{help}");
    assert!(help.contains("-h, --help"), "{help}");
    assert!(help.contains("显示帮助"), "{help}");
    assert!(help.contains("fonts"), "{help}");
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "Print version",
        "[OPTIONS]",
        "[default:",
        "[possible values:",
    ] {
        assert!(!help.contains(english), "{english} in:\n{help}");
    }
}

#[test]
fn every_command_has_chinese_help() {
    let project = Project::empty();
    for command in [
        "build",
        "check",
        "serve",
        "archive",
        "new",
        "add",
        "list",
        "init",
        "fonts",
        "man",
        "completions",
    ] {
        let help = project.run(&[command, "--help"]).success().stdout();
        assert!(
            help.contains(&format!("用法 (Usage): bulletin {command}")),
            "{command}:\n{help}"
        );
        assert!(help.contains("选项 (Options):"), "{command}:\n{help}");
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Print help",
            "[default:",
        ] {
            assert!(!help.contains(english), "{command}: {english} in:\n{help}");
        }
        // `bulletin help build` is the same page.
        let same = project.run(&["help", command]).success().stdout();
        assert_eq!(same, help, "help {command}");
    }
    let build = project.run(&["build", "--help"]).success().stdout();
    assert!(build.contains("参数 (Arguments):"), "{build}");
    assert!(build.contains("[默认：pdf]"), "{build}");
    assert!(build.contains("-o, --out <目录>"), "{build}");
}

#[test]
fn a_bad_issue_number_is_explained_in_chinese() {
    let project = Project::sample();
    let run = project.run(&["build", "第1期"]);
    assert_eq!(run.code(), 2);
    let stderr = run.stderr();
    assert!(
        stderr.starts_with("错误 (error): [期号] 的值“第1期”无效：期号应为数字，如 12"),
        "{stderr}"
    );
    assert!(stderr.contains("用法 (Usage): bulletin build"), "{stderr}");
    assert!(stderr.contains("bulletin build --help"), "{stderr}");
    assert!(!stderr.contains("error:"), "{stderr}");
    assert!(!project.path().join("out").exists());
}

#[test]
fn clap_errors_are_in_chinese() {
    let project = Project::sample();
    let cases: [(&[&str], &str); 6] = [
        (&["biuld", "12"], "没有“biuld”这个命令"),
        (&["biuld", "12"], "是否应为“build”？"),
        (&["build"], "缺少 <期号>"),
        (&["build", "12", "--formt", "pdf"], "没有选项“--formt”"),
        (
            &["build", "12", "--format", "doc"],
            "“doc”不是 --format <格式> 可用的值，可用：pdf、png、svg、html、long",
        ),
        (&["build", "12", "--all"], "不能与"),
    ];
    for (args, expected) in cases {
        let run = project.run(args);
        assert_eq!(run.code(), 2, "{args:?}");
        let stderr = run.stderr();
        assert!(stderr.starts_with("错误 (error): "), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    // No command at all: the help on standard error, or, when an option
    // came from the environment, that the command is missing.
    let run = project.run(&[]);
    assert_eq!(run.code(), 2);
    let stderr = run.stderr();
    assert!(
        stderr.contains("命令 (Commands):") || stderr.starts_with("错误 (error): 缺少命令"),
        "{stderr}"
    );
}

#[test]
fn format_values_ignore_case_and_check_takes_diagnostic_format() {
    let project = Project::sample();
    let run = project.run(&["list", "--format", "JSON"]).success();
    assert!(
        run.stdout().trim_start().starts_with('['),
        "{}",
        run.stdout()
    );
    let new = project
        .run(&["check", "12", "--diagnostic-format", "Json"])
        .success();
    let old = project.run(&["check", "12", "--format", "json"]).success();
    assert_eq!(new.stdout(), old.stdout());
}

#[test]
fn man_pages_one_per_command_with_exit_status_environment_and_files() {
    let project = Project::empty();
    project.run(&["man", "--dir", "man"]).success();
    let mut names: Vec<String> = std::fs::read_dir(project.path().join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in [
        "bulletin.1",
        "bulletin-build.1",
        "bulletin-check.1",
        "bulletin-serve.1",
        "bulletin-archive.1",
        "bulletin-fonts.1",
    ] {
        assert!(names.contains(&name.to_owned()), "{name} not in {names:?}");
    }
    let build = String::from_utf8(project.read("man/bulletin-build.1")).unwrap();
    for section in [
        ".TH bulletin-build 1",
        ".SH \"名称 (NAME)\"",
        ".SH \"退出状态 (EXIT STATUS)\"",
        ".SH \"环境变量 (ENVIRONMENT)\"",
        ".SH \"文件 (FILES)\"",
        "SOURCE_DATE_EPOCH",
        "bulletin build",
    ] {
        assert!(build.contains(section), "{section} not in:\n{build}");
    }
    let run = project.run(&["man", "check"]).success();
    assert_eq!(
        run.stdout().as_bytes(),
        project.read("man/bulletin-check.1")
    );
    let run = project.run(&["man", "nothing"]);
    assert_eq!(run.code(), 2);
}

#[test]
fn fonts_says_what_stands_in_for_the_official_fonts() {
    let project = Project::sample();
    let run = project
        .run(&["fonts", "--ignore-system-fonts"])
        .success()
        .stdout();
    assert!(
        run.contains("标题（小标宋）：未找到 方正小标宋简体，以内置的 FandolSong 代用"),
        "{run}"
    );
    assert!(
        run.contains("正文（仿宋）：未找到 仿宋_GB2312 或 仿宋，以内置的 FandolFang R 代用"),
        "{run}"
    );
    assert!(run.contains("fonts/"), "{run}");
}

#[test]
fn project_option_runs_on_a_project_from_elsewhere() {
    let project = Project::sample();
    let elsewhere = Project::empty();
    let path = project.path().to_str().unwrap();
    let run = run_in(elsewhere.path(), &["-C", path, "list"]).success();
    assert!(run.stdout().contains("12"), "{}", run.stdout());
    let run = run_in(elsewhere.path(), &["list", "--project", path]).success();
    assert!(run.stdout().contains("12"), "{}", run.stdout());
    let run = run_in(elsewhere.path(), &["-C", "/no/such/folder", "list"]);
    assert_eq!(run.code(), 3, "{}", run.stderr());
    assert!(run.stderr().contains("/no/such/folder"), "{}", run.stderr());
}

#[test]
fn color_follows_the_option_and_the_environment() {
    let project = Project::sample();
    project.write("bulletins/12/99-bad.md", "---\nleadr: 张旋宇\n---\n");
    let escape = "\u{1b}[";
    let plain = run_env(project.path(), &["check", "12"], &[]);
    assert!(!plain.stderr().contains(escape), "{}", plain.stderr());
    let forced = run_env(project.path(), &["check", "12"], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stderr().contains(escape), "{}", forced.stderr());
    let always = run_env(project.path(), &["check", "12", "--color", "always"], &[]);
    assert!(always.stderr().contains(escape));
    let never = run_env(
        project.path(),
        &["--color", "never", "check", "12"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!never.stderr().contains(escape), "{}", never.stderr());
    // clap's own errors follow --color too.
    let usage = run_env(project.path(), &["--color=always", "build"], &[]);
    assert!(usage.stderr().contains(escape), "{}", usage.stderr());
}

#[test]
fn quiet_prints_only_problems() {
    let project = Project::empty();
    let run = project.run(&["-q", "init", "series"]).success();
    assert_eq!(run.stderr(), "");
    let run = project.run(&["init", "other"]).success();
    assert!(run.stderr().contains("已新建"), "{}", run.stderr());
    let run = project.run(&["-q", "-v", "list"]);
    assert_eq!(run.code(), 2);
}

#[test]
fn init_ignores_the_site_folder_too() {
    let project = Project::empty();
    project.run(&["init", "series"]).success();
    let ignore = String::from_utf8(project.read("series/.gitignore")).unwrap();
    assert_eq!(ignore, "out/\nsite/\n");
}

#[test]
fn add_names_files_after_surnames_read_as_surnames() {
    let project = Project::empty();
    project.run(&["init", "series"]).success();
    let dir = project.path().join("series");
    let config = std::fs::read_to_string(dir.join("bulletin.yaml")).unwrap();
    let config = config.replace(
        "    grid: 1\n",
        "    grid: 1\n  - name: 单雄信\n    grid: 1\n  - name: 曾国藩\n    grid: 2\n  - name: 欧阳修\n    grid: 3\n",
    );
    std::fs::write(dir.join("bulletin.yaml"), config).unwrap();
    for name in ["单雄信", "曾国藩", "欧阳修"] {
        run_in(
            &dir,
            &["add", "1", "--leader", name, "--date", "2024-05-21"],
        )
        .success();
    }
    for file in [
        "02-shan-xiongxin.md",
        "03-zeng-guofan.md",
        "04-ouyang-xiu.md",
    ] {
        assert!(dir.join("bulletins/1").join(file).is_file(), "{file}");
    }
    // 李四 is not "close" to 张三: no suggestion of a different person.
    let run = run_in(&dir, &["add", "1", "--leader", "李四"]);
    assert_eq!(run.code(), 2);
    assert!(!run.stderr().contains("是否应为"), "{}", run.stderr());
}

/// Width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn out_is_relative_to_the_current_folder_and_long_is_one_tall_image() {
    let project = Project::sample();
    std::fs::create_dir(project.path().join("bulletins/12/sub")).unwrap();
    let dir = project.path().join("bulletins/12/sub");
    let run = run_in(&dir, &["build", "12", "-o", "here", "--format", "PDF,long"]).success();
    let stderr = run.stderr();
    assert!(dir.join("here/12.pdf").is_file(), "{stderr}");
    assert!(!project.path().join("out").exists());
    assert!(stderr.contains("12-long.png（长图，共 6 页）"), "{stderr}");
    // The bundled fonts stand in, and build says so in one line.
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("代用")).collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(notes[0].contains("方正小标宋简体"), "{stderr}");
    let (width, height) = png_size(&std::fs::read(dir.join("here/12-long.png")).unwrap());
    assert_eq!(width, 1080);
    // Six A4 pages at 1080 px wide, and five gaps between them.
    let page = 1080.0 * 297.0 / 210.0;
    assert!(
        (f64::from(height) - 6.0 * page).abs() < 6.0 * 2.0 + 5.0 * 25.0,
        "{height}"
    );
    // -q keeps the warnings and errors only.
    let run = run_in(&dir, &["-q", "build", "12", "-o", "quiet"]).success();
    assert_eq!(run.stderr(), "");
}

#[test]
fn png_pages_sort_by_name_from_ten_pages() {
    let project = Project::sample();
    // Issue 12 twice over: 7 pages become 13 or more.
    let dir = project.path().join("bulletins/12");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_str().unwrap();
        std::fs::copy(file, dir.join(format!("{:02}-{}", 20 + i, &name[3..]))).unwrap();
    }
    let run = project.run(&["build", "12", "--format", "png", "--dpi", "18"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let mut names: Vec<String> = std::fs::read_dir(project.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    assert_eq!(names[0], "12-01.png");
    assert_eq!(names[9], "12-10.png");
}

#[test]
fn build_all_takes_jobs_and_list_json_has_iso_date() {
    let project = Project::example("other-series");
    let run = project.run(&["build", "--all", "-j", "2"]).success();
    assert!(run.stderr().contains("out/3.pdf"), "{}", run.stderr());
    assert!(project.path().join("out/4.pdf").is_file());
    let run = project.run(&["build", "--all", "-j", "0"]);
    assert_eq!(run.code(), 2);
    let run = project.run(&["list", "--format", "json"]).success();
    let rows: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(rows[0]["iso_date"], "2024-04-12");
    assert_eq!(rows[1]["iso_date"], "2024-04-26");
}

#[test]
fn serve_on_all_addresses_shows_addresses_a_browser_can_open() {
    let project = Project::sample();
    let server = Server::start(project.path(), &["--host", "0.0.0.0"]);
    let line = &server.line;
    assert!(line.contains("http://127.0.0.1:"), "{line}");
    assert!(!line.contains("0.0.0.0"), "{line}");
}

#[test]
fn serve_open_starts_the_browser_with_the_address() {
    let project = Project::sample();
    let bin = Project::empty();
    let log = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    // The opener writes its log under another name and renames it, so the
    // log is there only once it is complete.
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\necho \"$1\" > {log}.part && mv {log}.part {log}\n",
            log = log.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::launch(
        common::bulletin(project.path())
            .args(["serve", "--port", "0", "--open"])
            .env("PATH", &path),
        |_| {},
    );
    // The opener runs beside the server.
    common::wait_until("the opener's log", Duration::from_secs(60), || log.exists());
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().trim(),
        format!("{}/", server.base)
    );
}
