//! The PDF standards a bulletin can claim: plain PDF for print, PDF/A for
//! the long-term archive offices must keep, PDF/UA for accessibility. Typst
//! enforces each while it writes the file and fails on what the standard
//! forbids.

use typst_pdf::{PdfStandard as Typst, PdfStandards};

/// A conformance level of the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// PDF 1.7 with no conformance claim.
    #[default]
    Plain,
    /// PDF/A-2b (ISO 19005-2, level b): archival, visual appearance.
    A2b,
    /// PDF/A-3b (ISO 19005-3, level b): as A-2b, attachments allowed.
    A3b,
    /// PDF/UA-1 (ISO 14289-1): tagged and accessible.
    Ua1,
}

impl PdfStandard {
    /// The name on the command line and in messages: `a-2b`.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::Plain => "none",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A3b => "a-3b",
            PdfStandard::Ua1 => "ua-1",
        }
    }

    pub(super) fn typst(self) -> Result<PdfStandards, String> {
        let list: &[Typst] = match self {
            PdfStandard::Plain => &[],
            PdfStandard::A2b => &[Typst::A_2b],
            PdfStandard::A3b => &[Typst::A_3b],
            PdfStandard::Ua1 => &[Typst::Ua_1],
        };
        PdfStandards::new(list).map_err(|e| e.message().to_string())
    }
}
