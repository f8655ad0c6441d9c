//! A thin layer over quick-xml's writer: elements with attributes, in the
//! order the caller writes them, text escaped by quick-xml.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// One XML part being written, in memory.
pub struct Xml {
    writer: Writer<Vec<u8>>,
}

/// The WordprocessingML namespace and the others our parts use.
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

impl Xml {
    /// A part with its XML declaration.
    pub fn new() -> Self {
        let mut xml = Xml {
            writer: Writer::new(Vec::with_capacity(16 * 1024)),
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        xml
    }

    // Writing into a `Vec` cannot fail: quick-xml's only error here would
    // come from the `io::Write` underneath.
    fn event(&mut self, event: Event<'_>) {
        self.writer
            .write_event(event)
            .expect("writing XML into memory does not fail");
    }

    fn start_tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for &(key, value) in attrs {
            start.push_attribute((key, value));
        }
        start
    }

    /// `<name attrs…>`.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Self::start_tag(name, attrs)));
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs…/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start_tag(name, attrs)));
    }

    /// `<name attrs…>text</name>`, the text escaped.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    /// `<w:name w:val="value"/>`, the most common shape in WordprocessingML.
    pub fn val(&mut self, name: &str, value: &str) {
        self.empty(name, &[("w:val", value)]);
    }

    /// The part's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}
