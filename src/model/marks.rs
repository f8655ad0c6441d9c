//! The marks our Word file carries for `bulletin import`: a bookmark of no
//! extent where each item's title starts, and one where the 版记 starts.
//! Word, WPS and LibreOffice keep bookmarks through an edit, and a name
//! that starts with `_` is a hidden bookmark, which Word does not list.
//! Importing the file again then gives back the items, one file each,
//! without the masthead, headline list and 版记 that the series makes.

/// The paragraph styles and the label our Word file prints an item's
/// fields with, which `bulletin import` reads back as those fields: one
/// definition for the writer and the reader.
pub mod word {
    /// The subtitle's paragraph style.
    pub const SUBTITLE: &str = "Subtitle";
    /// A photo's caption's paragraph style.
    pub const CAPTION: &str = "Caption";
    /// The style of the notes under an item, and of the rule above them.
    pub const NOTE: &str = "BulletinNote";
    /// What an editor's note starts with.
    pub const EDITOR_NOTE: &str = "编者按：";
    /// A note as printed: 注1：….
    pub fn note_label(number: u32) -> String {
        format!("注{number}：")
    }
}

/// A place in the Word file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The start of the `n`th item's title (from 0).
    Item(usize),
    /// The start of the 版记: the items end here.
    End,
}

/// How an item's bookmark is named: `_BulletinItem1`, `_BulletinItem2`…
const ITEM: &str = "_BulletinItem";
/// The 版记's bookmark.
const END: &str = "_BulletinEnd";

impl Mark {
    /// The bookmark's `w:id` (unique among the file's bookmarks) and name.
    pub fn id_and_name(self) -> (String, String) {
        match self {
            Mark::Item(n) => ((n + 1).to_string(), format!("{ITEM}{}", n + 1)),
            Mark::End => ("0".into(), END.into()),
        }
    }

    /// The mark a bookmark's name is, if it is one of ours.
    pub fn from_name(name: &str) -> Option<Mark> {
        if name == END {
            return Some(Mark::End);
        }
        let n: usize = name.strip_prefix(ITEM)?.parse().ok()?;
        n.checked_sub(1).map(Mark::Item)
    }
}

#[cfg(test)]
mod tests {
    use super::Mark;

    #[test]
    fn names_read_back() {
        for mark in [Mark::Item(0), Mark::Item(11), Mark::End] {
            let (_, name) = mark.id_and_name();
            assert_eq!(Mark::from_name(&name), Some(mark));
        }
        assert_eq!(Mark::from_name("_BulletinItem0"), None);
        assert_eq!(Mark::from_name("_BulletinItemx"), None);
        assert_eq!(Mark::from_name("_Toc1"), None);
    }
}
