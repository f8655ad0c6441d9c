//! A small tree of one XML part, built from quick-xml's events with limits:
//! a document type declaration is refused (quick-xml does not expand custom
//! entities, and a declaration in a Word part is never legitimate: it is how
//! entity-expansion bombs start), nesting is bounded, and only the five
//! predefined entities and character references are resolved.

use quick_xml::events::Event;

/// Deepest nesting accepted. Word nests tables in tables and text boxes in
/// shapes, but nothing real comes near this.
pub const MAX_DEPTH: usize = 256;

/// An element: its qualified name, attributes and children.
#[derive(Debug, Default)]
pub struct Element {
    /// The name as written, with its prefix (`w:p`).
    pub name: String,
    /// Attributes as written, qualified names and unescaped values.
    pub attrs: Vec<(String, String)>,
    /// Child elements and text, in order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data.
    Text(String),
}

/// Why a part could not be read as XML.
#[derive(Debug, PartialEq)]
pub enum XmlError {
    /// Not well-formed.
    Syntax(String),
    /// It declares a document type.
    DocType,
    /// It nests deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl Element {
    /// The name without its prefix (`p` for `w:p`).
    pub fn local(&self) -> &str {
        local(&self.name)
    }

    /// The value of the attribute whose local name is `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| local(k) == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with local name `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.local() == name)
    }

    /// The first element with local name `name` at any depth below.
    pub fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|e| {
            if e.local() == name {
                Some(e)
            } else {
                e.find(name)
            }
        })
    }

    /// Every element with local name `name` at any depth below, in order.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.local() == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// The `w:val` (any prefix) of the child `name`.
    pub fn val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("val"))
    }

    /// All character data below, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    /// The text a reader sees: the runs' `t` elements below, not field
    /// codes or deleted text.
    pub fn visible_text(&self) -> String {
        let mut found = Vec::new();
        self.find_all("t", &mut found);
        found.iter().map(|t| t.text()).collect()
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// The part of a qualified name after its prefix.
pub fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// Parses a whole part into a tree whose root is a synthetic element that
/// holds the document element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = decode(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    let syntax = |e: &dyn std::fmt::Display| XmlError::Syntax(e.to_string());
    loop {
        match reader.read_event().map_err(|e| syntax(&e))? {
            Event::DocType(_) => return Err(XmlError::DocType),
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let e = element(&start)?;
                push(&mut stack, Node::Element(e));
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(XmlError::Syntax("unmatched end tag".into()));
                }
                if let Some(done) = stack.pop() {
                    push(&mut stack, Node::Element(done));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.into_inner()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => s.to_owned(),
                        None => return Err(XmlError::Syntax(format!("unknown entity &{name};"))),
                    },
                    Err(e) => return Err(syntax(&e)),
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(XmlError::Syntax("unclosed element".into()));
    }
    Ok(stack.pop().unwrap_or_default())
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlError> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| XmlError::Syntax(e.to_string()))?;
        let key = attr.key.as_ref().to_owned();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| XmlError::Syntax(e.to_string()))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element {
        name: start.name().as_ref().to_owned(),
        attrs,
        children: Vec::new(),
    })
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(last)) = top.children.last_mut() {
            last.push_str(text);
        } else {
            top.children.push(Node::Text(text.to_owned()));
        }
    }
}

/// The text of a part: UTF-8 (a BOM dropped), or UTF-16 with a BOM.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_resolve_and_doctype_is_refused() {
        let root = parse(b"<w:p a=\"&lt;x\"><w:t>a&amp;b&#x4E2D;</w:t><w:br/></w:p>").unwrap();
        let p = root.child("p").unwrap();
        assert_eq!(p.attr("a"), Some("<x"));
        assert_eq!(p.text(), "a&b中");
        assert_eq!(p.elements().count(), 2);
        let bomb = b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>";
        assert_eq!(parse(bomb).unwrap_err(), XmlError::DocType);
        let deep = "<a>".repeat(MAX_DEPTH + 2) + &"</a>".repeat(MAX_DEPTH + 2);
        assert_eq!(parse(deep.as_bytes()).unwrap_err(), XmlError::TooDeep);
        assert!(parse(b"<a><b></a>").is_err());
    }
}
