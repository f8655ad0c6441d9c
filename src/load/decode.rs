//! Decoding source files: UTF-8 with or without a BOM, CRLF line ends,
//! files that Windows tools saved as GBK/GB18030, and UTF-16 with a BOM
//! (what Notepad calls "Unicode").

use std::path::Path;

/// Decoded text and, when the file was not UTF-8, the encoding it was in.
#[derive(Debug, PartialEq)]
pub struct Decoded {
    /// The text with `\n` line ends and no BOM.
    pub text: String,
    /// The legacy encoding the file was saved in, if not UTF-8.
    pub legacy: Option<&'static str>,
}

/// Why bytes are not text.
#[derive(Debug, PartialEq)]
pub struct NotText {
    /// Offset in the file (a BOM included) of the first byte that is not
    /// text.
    pub offset: usize,
    /// The text before that byte, decoded as far as it goes, with `\n`
    /// line ends: where the line and column of the byte are counted.
    pub before: String,
}

/// Decodes a file's bytes to text.
pub fn decode(_path: &Path, bytes: &[u8]) -> Result<Decoded, NotText> {
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, "UTF-16"),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, "UTF-16"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors || text.contains('\0') {
                break;
            }
            return Ok(Decoded {
                text: normalize_newlines(&text),
                legacy: Some(name),
            });
        }
    }
    let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    let not_text = |offset: usize| NotText {
        offset: bom + offset,
        before: normalize_newlines(&String::from_utf8_lossy(&bytes[..offset])),
    };
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(not_text(offset));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: normalize_newlines(text),
            legacy: None,
        }),
        Err(utf8_error) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            let is_chinese = encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030;
            if is_chinese {
                let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
                if !had_errors {
                    return Ok(Decoded {
                        text: normalize_newlines(&text),
                        legacy: Some("GBK"),
                    });
                }
            }
            Err(not_text(utf8_error.valid_up_to()))
        }
    }
}

fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let decoded = decode(Path::new("a"), b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n").unwrap();
        assert_eq!(decoded.text, "a: 1\nb: 2\n");
        assert_eq!(decoded.legacy, None);
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("张旋宇到第一网格督导创城工作，要求各级各部门加强沟通。\n");
        let decoded = decode(Path::new("a"), &bytes).unwrap();
        assert_eq!(
            decoded.text,
            "张旋宇到第一网格督导创城工作，要求各级各部门加强沟通。\n"
        );
        assert_eq!(decoded.legacy, Some("GBK"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "日期: 1\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let decoded = decode(Path::new("a"), &bytes).unwrap();
        assert_eq!(decoded.text, "日期: 1\n");
        assert_eq!(decoded.legacy, Some("UTF-16"));
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "正文".encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(Path::new("a"), &bytes).unwrap().text, "正文");
    }

    #[test]
    fn binary_is_refused_with_offset() {
        let not_text = decode(Path::new("a"), b"abc\0def").unwrap_err();
        assert_eq!(not_text.offset, 3);
        // After a BOM the offset still counts the file's bytes, and the
        // text before it gives the line and column.
        let not_text = decode(Path::new("a"), b"\xEF\xBB\xBFa: 1\r\nb\xFF").unwrap_err();
        assert_eq!(not_text.offset, 10);
        assert_eq!(not_text.before, "a: 1\nb");
    }
}
