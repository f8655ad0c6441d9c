//! Old `.doc`, Kingsoft `.wps`, RTF and HTML through LibreOffice: when
//! `soffice` is on PATH, the file is converted to `.docx` headless, with a
//! profile folder of its own (parallel runs would share one otherwise) in
//! a scratch folder under the system's temporary folder, and a time limit.
//! The scratch folder is outside the project and removed afterwards, so
//! these writes do not go through `output`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Refused;

/// How long a conversion may take.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What to do without LibreOffice.
pub const INSTALL_HINT: &str = "在 WPS/Word 中另存为 .docx，或安装 LibreOffice";

/// The `soffice` program on PATH, if any.
pub fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        ["soffice", "libreoffice", "soffice.exe"]
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Converts `bytes` (of a file with `extension`) to `.docx` bytes.
pub fn to_docx(bytes: &[u8], extension: &str, what: &str) -> Result<Vec<u8>, Refused> {
    let Some(program) = soffice() else {
        return Err(Refused::new(format!(
            "这是{what}，需要 LibreOffice 才能导入；请{INSTALL_HINT}"
        )));
    };
    let scratch = Scratch::new().map_err(|e| Refused::new(format!("无法建立临时目录（{e}）")))?;
    let input = scratch.0.join(format!("input.{extension}"));
    std::fs::write(&input, bytes).map_err(|e| Refused::new(format!("无法写入临时文件（{e}）")))?;
    let profile = scratch.0.join("profile");
    let out = scratch.0.join("out");
    let mut child = Command::new(program)
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Refused::new(format!("无法运行 LibreOffice（{e}）；请{INSTALL_HINT}")))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Refused::new(format!(
                    "LibreOffice 转换超过 {} 秒，已停止；请{INSTALL_HINT}",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(Refused::new(format!("LibreOffice 运行出错（{e}）"))),
        }
    }
    let converted = out.join("input.docx");
    let limit = super::MAX_INPUT;
    match crate::load::read_bounded(&out, &converted, limit) {
        Ok(crate::load::Contents::Bytes(bytes)) => Ok(bytes),
        _ => Err(Refused::new(format!(
            "LibreOffice 未能转换这个{what}，文件可能已损坏；请{INSTALL_HINT}"
        ))),
    }
}

/// A `file://` address of a folder, as LibreOffice takes its profile.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.starts_with('/') {
        format!("file://{text}")
    } else {
        format!("file:///{text}")
    }
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("bulletin-import-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Self(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
