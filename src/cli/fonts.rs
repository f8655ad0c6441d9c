//! `bulletin fonts`: which official fonts a build finds, and which bundled
//! fonts stand in for the missing ones.

use crate::error::Result;
use crate::render::typst::Fonts;

/// Arguments of `bulletin fonts`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `bulletin fonts`: one line per role on standard output.
pub fn run(_args: Args, global: &super::Global) -> Result<()> {
    // Outside a project the system's fonts are still worth listing.
    let fonts = match super::project() {
        Ok(project) => global.fonts(&project),
        Err(_) => Fonts::new(&crate::render::typst::FontOptions {
            project: None,
            system: !global.ignore_system_fonts,
        }),
    };
    let mut text = String::new();
    for role in fonts.roles() {
        let wanted = role.official.join(" 或 ");
        if role.stand_in {
            text.push_str(&format!(
                "{}：未找到 {wanted}，以内置的 {} 代用\n",
                role.role, role.used
            ));
        } else {
            text.push_str(&format!("{}：{}\n", role.role, role.used));
        }
    }
    if fonts.roles().iter().any(|r| r.stand_in) {
        text.push_str("提示：把公文字体文件放进项目的 fonts/ 目录或安装到系统，即可代替内置字体\n");
    }
    super::print_stdout(&text)
}

/// One line for `build` when a bundled font stands in for an official one,
/// or `None` when every official font was found. `system` says whether
/// the system's fonts were searched.
pub fn stand_in_line(fonts: &Fonts, system: bool) -> Option<String> {
    let missing: Vec<String> = fonts
        .roles()
        .into_iter()
        .filter(|r| r.stand_in)
        .map(|r| r.official.join("/"))
        .collect();
    let how = if system {
        "未找到"
    } else {
        "未使用系统字体，项目中也没有"
    };
    (!missing.is_empty()).then(|| {
        format!(
            "注意：{how}公文字体 {}，已用内置字体代用（运行 bulletin fonts 查看）",
            missing.join("、")
        )
    })
}
