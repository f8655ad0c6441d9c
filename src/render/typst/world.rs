//! The Typst `World` of one build: the template as the main file, the
//! document as a virtual JSON file, the photos the loader read as virtual
//! files beside it, fonts from [`Fonts`], files confined to the project
//! folder, no packages, and a fixed date.

use std::path::PathBuf;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;

/// Where the template finds the document data.
pub const DATA_PATH: &str = "/.bulletin/data.json";
/// Where the template is, as Typst sees it.
pub const TEMPLATE_PATH: &str = "/templates/bulletin.typ";

/// One compilation's world.
pub struct BulletinWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts,
    root: PathBuf,
    main: FileId,
    template: Source,
    data_id: FileId,
    data: Bytes,
    /// The photos, by the virtual paths the document gives them.
    images: Vec<(FileId, Bytes)>,
    today: Datetime,
}

fn file_id(path: &str) -> FileId {
    // The paths are constants that are valid virtual paths.
    let vpath = VirtualPath::new(path).expect("valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl<'a> BulletinWorld<'a> {
    /// A world for the template text, the JSON data and the photos (each
    /// at its virtual path under `/.bulletin/images/`).
    pub fn new(
        fonts: &'a Fonts,
        root: PathBuf,
        template: String,
        data: Vec<u8>,
        images: Vec<(String, Vec<u8>)>,
        today: Datetime,
    ) -> Self {
        let main = file_id(TEMPLATE_PATH);
        Self {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            root,
            main,
            template: Source::new(main, template),
            data_id: file_id(DATA_PATH),
            data: Bytes::new(data),
            images: images
                .into_iter()
                .filter_map(|(path, bytes)| {
                    let vpath = VirtualPath::new(&path).ok()?;
                    let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
                    Some((id, Bytes::new(bytes)))
                })
                .collect(),
            today,
        }
    }
}

impl World for BulletinWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            return Ok(self.template.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some((_, bytes)) = self.images.iter().find(|(i, _)| *i == id) {
            return Ok(bytes.clone());
        }
        let path = id.get();
        if !matches!(path.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some("packages are not available".into())));
        }
        let real = path
            .vpath()
            .realize(&self.root)
            .map_err(FileError::Realize)?;
        crate::load::read_confined(&self.root, &real)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &real))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
