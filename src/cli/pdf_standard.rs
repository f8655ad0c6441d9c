//! `--pdf-standard`, shared by `build` and `archive`.

use crate::render::typst::PdfStandard;

/// The values of `--pdf-standard`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum PdfStandardArg {
    /// 普通 PDF 1.7，不声明符合任何标准 (plain PDF)
    None,
    /// PDF/A-2b：长期存档 (archival)
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b：长期存档，可带附件 (archival, attachments allowed)
    #[value(name = "a-3b")]
    A3b,
    /// PDF/UA-1：无障碍，带结构标签 (accessible)
    #[value(name = "ua-1")]
    Ua1,
}

impl From<PdfStandardArg> for PdfStandard {
    fn from(arg: PdfStandardArg) -> Self {
        match arg {
            PdfStandardArg::None => PdfStandard::Plain,
            PdfStandardArg::A2b => PdfStandard::A2b,
            PdfStandardArg::A3b => PdfStandard::A3b,
            PdfStandardArg::Ua1 => PdfStandard::Ua1,
        }
    }
}
