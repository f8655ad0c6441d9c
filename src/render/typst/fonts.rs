//! The fonts a build uses: the official fonts when the system or the
//! project's `fonts/` folder has them, and the freely licensed fonts built
//! into the binary otherwise. Fonts load lazily; only their metadata is read
//! up front.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{OnceLock, RwLock};

use serde::Serialize;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontSource, FontStore};

use crate::compose::FontRole as Role;

/// One font built into the binary.
struct Bundled {
    data: &'static [u8],
}

impl FontSource for Bundled {
    fn load(&self) -> Option<Font> {
        Font::new(Bytes::new(self.data), 0)
    }
}

macro_rules! bundled {
    ($($file:literal),* $(,)?) => {
        [$(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/", $file)).as_slice()),*]
    };
}

/// The bundled fonts, see `assets/fonts/README.md`.
static BUNDLED: [&[u8]; 6] = bundled!(
    "FandolFang-Regular.otf",
    "FandolSong-Bold.otf",
    "FandolHei-Regular.otf",
    "FandolKai-Regular.otf",
    "NotoSerifSC-GBK-subset.otf",
    "DejaVuSans-GBK-rest.ttf",
);

/// Metadata of the bundled fonts, read once per process.
fn bundled_infos() -> &'static [FontInfo] {
    static INFOS: OnceLock<Vec<FontInfo>> = OnceLock::new();
    INFOS.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|data| FontInfo::new(data, 0))
            .collect()
    })
}

/// Family stacks for the four roles of an official document, official font
/// first; the template reads them from the document data.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stacks {
    /// 小标宋: masthead and item titles.
    pub title: Vec<String>,
    /// 仿宋: body text.
    pub body: Vec<String>,
    /// 黑体: subheadings, bold.
    pub hei: Vec<String>,
    /// 楷体: emphasis.
    pub kai: Vec<String>,
}

/// The official fonts per role, by any of their family names.
const OFFICIAL: [(Role, &[&str]); 6] = [
    (
        Role::Title,
        &[
            "FZXiaoBiaoSong-B05S",
            "方正小标宋简体",
            "FZXiaoBiaoSong-B05",
        ],
    ),
    (Role::Body, &["FangSong_GB2312", "仿宋_GB2312"]),
    (Role::Body, &["FangSong", "仿宋", "STFangsong", "华文仿宋"]),
    (Role::Hei, &["SimHei", "黑体"]),
    (Role::Kai, &["KaiTi_GB2312", "楷体_GB2312"]),
    (Role::Kai, &["KaiTi", "楷体", "STKaiti", "华文楷体"]),
];

/// Where to look for fonts.
#[derive(Debug, Clone, Default)]
pub struct FontOptions<'a> {
    /// The project's root, whose `fonts/` folder is read, confined to it
    /// (see [`crate::load::font_files`]).
    pub project: Option<&'a Path>,
    /// Whether to look at the system's fonts.
    pub system: bool,
}

/// The fonts of a build.
pub struct Fonts {
    store: FontStore,
    infos: Vec<FontInfo>,
    /// Answers of `covers` so far: a font's coverage is a list of runs
    /// searched from the start, and a series repeats the same few thousand
    /// characters (checking 500 issues spent 90% of its time there).
    covered: RwLock<HashMap<char, bool>>,
    /// Answers of `preferred_covers` so far, per stack (a number the
    /// caller gives it) and character, for the same reason.
    preferred_covered: RwLock<HashMap<(u8, char), bool>>,
    /// The family stacks per role.
    pub stacks: Stacks,
}

impl Fonts {
    /// Finds the fonts.
    pub fn new(options: &FontOptions) -> Self {
        let mut store = FontStore::new();
        let mut infos = Vec::new();
        let mut stacks = Stacks {
            title: Vec::new(),
            body: Vec::new(),
            hei: Vec::new(),
            kai: Vec::new(),
        };
        let mut found = Vec::new();
        if let Some(root) = options.project {
            found.extend(project_fonts(root));
        }
        if options.system {
            found.extend(official_system_fonts());
        }
        for (path, info) in found {
            if let Some(role) = role_of(&info.family) {
                let stack = match role {
                    Role::Title => &mut stacks.title,
                    Role::Body => &mut stacks.body,
                    Role::Hei => &mut stacks.hei,
                    Role::Kai => &mut stacks.kai,
                };
                if !stack.contains(&info.family) {
                    stack.push(info.family.clone());
                }
            }
            infos.push(info.clone());
            store.push((path, info));
        }
        for (data, info) in BUNDLED.iter().zip(bundled_infos()) {
            infos.push(info.clone());
            store.push((Bundled { data }, info.clone()));
        }
        // Bundled families after the official ones. A character the first
        // face lacks is drawn from the face closest to it in style: 仿宋
        // borrows from 楷体 (the same calligraphic strokes) before 宋体,
        // 小标宋 from the serif Noto (a 宋体) before the Fandol faces, and so
        // on; the Noto subset has the GBK characters no Fandol face has, and
        // DejaVu the few symbols that Noto lacks too.
        let family = |i: usize| bundled_infos()[i].family.clone();
        let (fang, song, hei, kai, noto, dejavu) = (0, 1, 2, 3, 4, 5);
        let chains = [
            (&mut stacks.body, [fang, kai, song, noto, hei, dejavu]),
            (&mut stacks.title, [song, noto, fang, kai, hei, dejavu]),
            (&mut stacks.hei, [hei, song, noto, fang, kai, dejavu]),
            (&mut stacks.kai, [kai, fang, song, noto, hei, dejavu]),
        ];
        for (stack, chain) in chains {
            stack.extend(chain.into_iter().map(family));
        }
        Self {
            store,
            infos,
            covered: RwLock::default(),
            preferred_covered: RwLock::default(),
            stacks,
        }
    }

    /// The font book for Typst.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// A font by its index in the book.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        if let Some(&known) = self
            .covered
            .read()
            .ok()
            .and_then(|m| m.get(&c).copied())
            .as_ref()
        {
            return known;
        }
        let covered = self
            .infos
            .iter()
            .any(|info| info.coverage.contains(c as u32));
        if let Ok(mut map) = self.covered.write() {
            map.insert(c, covered);
        }
        covered
    }
}

impl Fonts {
    /// The family that draws `c` in a stack: the first that has it, or, as
    /// Typst's last resort does, any font that has it.
    pub(crate) fn drawn_by<'a>(&'a self, stack: &'a [String], c: char) -> Option<&'a str> {
        stack
            .iter()
            .map(String::as_str)
            .find(|family| self.family_covers(family, c))
            .or_else(|| {
                self.infos
                    .iter()
                    .find(|info| info.coverage.contains(c as u32))
                    .map(|info| info.family.as_str())
            })
    }

    /// Whether one of the faces a stack prefers has `c`; `id` names the
    /// stack in the cache.
    pub(crate) fn preferred_covers(&self, id: u8, stack: &[String], c: char) -> bool {
        let key = (id, c);
        if let Some(known) = self
            .preferred_covered
            .read()
            .ok()
            .and_then(|m| m.get(&key).copied())
        {
            return known;
        }
        let covered = preferred(stack)
            .iter()
            .any(|family| self.family_covers(family, c));
        if let Ok(mut map) = self.preferred_covered.write() {
            map.insert(key, covered);
        }
        covered
    }

    /// Whether a face of `family` has `c`.
    fn family_covers(&self, family: &str, c: char) -> bool {
        self.infos.iter().any(|info| {
            info.family.eq_ignore_ascii_case(family) && info.coverage.contains(c as u32)
        })
    }
}

impl crate::check::Faces for Fonts {
    fn preferred_covers(&self, role: Role, c: char) -> bool {
        Fonts::preferred_covers(self, role as u8, self.stack(role), c)
    }

    fn drawn_by(&self, role: Role, c: char) -> Option<&str> {
        Fonts::drawn_by(self, self.stack(role), c)
    }

    fn preferred(&self, role: Role) -> Vec<&str> {
        preferred(self.stack(role))
    }
}

impl Fonts {
    /// The family stack of a role of the template.
    fn stack(&self, role: Role) -> &[String] {
        match role {
            Role::Title => &self.stacks.title,
            Role::Body => &self.stacks.body,
            Role::Hei => &self.stacks.hei,
            Role::Kai => &self.stacks.kai,
        }
    }
}

/// The faces a stack prefers: its official fonts, or else its first
/// (bundled) face. A character drawn from any other face is a fallback.
pub(crate) fn preferred(stack: &[String]) -> Vec<&str> {
    let official: Vec<&str> = stack
        .iter()
        .map(String::as_str)
        .filter(|family| role_of(family).is_some())
        .collect();
    if official.is_empty() {
        stack.iter().take(1).map(String::as_str).collect()
    } else {
        official
    }
}

/// One role of an official document and the font that fills it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleFont {
    /// The role in the words of an office: 标题（小标宋）.
    pub role: &'static str,
    /// The official fonts for the role, by their usual names.
    pub official: Vec<&'static str>,
    /// The family a build uses for the role.
    pub used: String,
    /// Whether `used` is a bundled font standing in for a missing official one.
    pub stand_in: bool,
}

impl Fonts {
    /// For each role, the font a build uses and whether it stands in for
    /// an official font that was not found.
    pub fn roles(&self) -> Vec<RoleFont> {
        let roles = [
            (Role::Title, "标题（小标宋）", &self.stacks.title),
            (Role::Body, "正文（仿宋）", &self.stacks.body),
            (Role::Hei, "小标题（黑体）", &self.stacks.hei),
            (Role::Kai, "强调（楷体）", &self.stacks.kai),
        ];
        roles
            .into_iter()
            .map(|(role, name, stack)| {
                let used = stack.first().cloned().unwrap_or_default();
                RoleFont {
                    role: name,
                    official: OFFICIAL
                        .iter()
                        .filter(|(r, _)| *r == role)
                        // The Chinese name of each entry (its second name).
                        .filter_map(|(_, names)| names.get(1).copied())
                        .collect(),
                    stand_in: role_of(&used).is_none(),
                    used,
                }
            })
            .collect()
    }
}

fn role_of(family: &str) -> Option<Role> {
    OFFICIAL
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(family)))
        .map(|(role, _)| *role)
}

/// The official fonts installed on the system. Only fonts with an official
/// name are read in full, so a machine with many fonts stays fast.
/// The faces of the project's readable font files; `check` reports the
/// files refused. Each file is read once here, bounded, to learn its
/// faces, and again when Typst uses one of them.
fn project_fonts(root: &Path) -> Vec<(FontPath, FontInfo)> {
    let mut found = Vec::new();
    for file in crate::load::font_files(root) {
        let crate::load::FontState::Readable(path) = file.state else {
            continue;
        };
        let Ok(crate::load::Contents::Bytes(bytes)) =
            crate::load::read_bounded(root, &path, crate::load::MAX_FONT_FILE)
        else {
            continue;
        };
        for (index, info) in FontInfo::iter(&bytes).enumerate() {
            let path = path.clone();
            found.push((
                FontPath {
                    path,
                    index: index as u32,
                },
                info,
            ));
        }
    }
    found
}

fn official_system_fonts() -> Vec<(FontPath, FontInfo)> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    db.faces()
        .filter(|face| {
            face.families
                .iter()
                .any(|(name, _)| role_of(name).is_some())
        })
        .filter_map(|face| {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
                fontdb::Source::Binary(_) => return None,
            };
            let info = db.with_face_data(face.id, FontInfo::new)??;
            // Typst knows a font by one family name; make the role table
            // find it under that name too.
            role_of(&info.family)?;
            Some((
                FontPath {
                    path,
                    index: face.index,
                },
                info,
            ))
        })
        .collect()
}
