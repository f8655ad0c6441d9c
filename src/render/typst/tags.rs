//! The language of the PDF's tags. The built-in template sets the text
//! after the masthead as zh-TW so that Typst keeps every punctuation mark
//! at full width (see ARCHITECTURE.md, "Full-width punctuation"); Typst
//! takes the language of each tagged span from that same setting, so a
//! screen reader would read the body as Traditional Chinese. The document
//! itself is zh-CN, and its spans are relabelled so here, after export.

/// What Typst writes into a structure element for text set as zh-TW.
const TW: &[u8] = b"/Lang(zh-TW)";
/// The same, as Simplified Chinese: as long, so no offset moves.
const CN: &[u8] = b"/Lang(zh-CN)";

/// Relabels the structure elements of a PDF whose document language is
/// zh-CN from zh-TW to zh-CN. Only structure element dictionaries (one line
/// each, as typst-pdf writes them, uncompressed) are touched, and the
/// replacement has the same length, so the cross-reference table stays
/// right. A PDF in another language is left as it is.
pub(super) fn simplified_chinese(pdf: &mut [u8]) {
    let catalog = lines(pdf).find(|line| line.starts_with(b"<</Type/Catalog"));
    if !catalog.is_some_and(|line| contains(line, CN)) {
        return;
    }
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], TW).map(|i| from + i) {
        let line_start = pdf[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if pdf[line_start..at].starts_with(b"<</Type/StructElem")
            && !contains(&pdf[line_start..at], b">>\nendobj")
        {
            pdf[at..at + CN.len()].copy_from_slice(CN);
        }
        from = at + TW.len();
    }
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split(|&b| b == b'\n')
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_elements_of_a_zh_cn_document_are_relabelled_and_nothing_else() {
        let pdf = b"1 0 obj\n<</Type/Catalog/Lang(zh-CN)/StructTreeRoot 2 0 R>>\nendobj\n\
            3 0 obj\n<</Type/StructElem/S/P/P 2 0 R/Lang(zh-TW)/K[5 6]>>\nendobj\n\
            4 0 obj\n<</Title(/Lang(zh-TW))>>\nendobj\n";
        let mut cn = pdf.to_vec();
        simplified_chinese(&mut cn);
        let text = String::from_utf8(cn.clone()).unwrap();
        assert!(text.contains("/S/P/P 2 0 R/Lang(zh-CN)/K[5 6]"), "{text}");
        assert!(text.contains("<</Title(/Lang(zh-TW))>>"), "{text}");
        assert_eq!(cn.len(), pdf.len());
        // A document in Traditional Chinese keeps its tags.
        let tw = String::from_utf8(pdf.to_vec())
            .unwrap()
            .replace("Catalog/Lang(zh-CN)", "Catalog/Lang(zh-TW)");
        let mut bytes = tw.clone().into_bytes();
        simplified_chinese(&mut bytes);
        assert_eq!(String::from_utf8(bytes).unwrap(), tw);
    }
}
