//! Splits an item file into its YAML front matter and Markdown body.

use std::ops::Range;

/// Where the parts of an item file are.
#[derive(Debug, PartialEq)]
pub struct Parts {
    /// Byte range of the YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// Byte range of the Markdown body after the closing `---`.
    pub body: Range<usize>,
}

/// Why a file has no usable front matter.
#[derive(Debug, PartialEq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Finds the front matter, which must open on the first line.
pub fn split(text: &str) -> Result<Parts, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Parts {
                yaml: yaml_start..offset,
                body: offset + line.len()..text.len(),
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ndate: 2021-03-16\n---\n正文\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.yaml.clone()], "date: 2021-03-16\n");
        assert_eq!(&text[parts.body.clone()], "正文\n");
    }

    #[test]
    fn empty_body_and_missing_or_unclosed_front_matter() {
        let text = "---\ndate: 2021-03-16\n---";
        assert_eq!(split(text).unwrap().body, text.len()..text.len());
        assert_eq!(split("正文"), Err(SplitError::Missing));
        assert_eq!(split("---\ndate: 1\n"), Err(SplitError::Unclosed));
    }
}
