//! The order of every element the Word file writes, against the schema.

use super::*;

/// The children of the elements we write, in the order their schema
/// types give (ECMA-376 Part 1, transitional), restricted to what we use;
/// `a|b` may come in any order among themselves (content, or a choice).
const ORDER: &[(&str, &[&str])] = &[
    ("w:document", &["w:body"]),
    ("w:body", &["w:p|w:tbl", "w:sectPr"]),
    // Runs and the bookmarks `bulletin import` finds the items by.
    ("w:p", &["w:pPr", "w:r|w:bookmarkStart|w:bookmarkEnd"]),
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
        ],
    ),
    (
        "w:r",
        &["w:rPr", "w:t|w:br|w:drawing|w:fldChar|w:instrText"],
    ),
    (
        "w:pBdr",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:between",
            "w:bar",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
        ],
    ),
    ("w:tbl", &["w:tblPr", "w:tblGrid", "w:tr"]),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
    ),
    (
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ],
    ),
    ("w:tblCellMar", &["w:top", "w:left", "w:bottom", "w:right"]),
    ("w:tblGrid", &["w:gridCol"]),
    ("w:tr", &["w:trPr", "w:tc"]),
    ("w:trPr", &["w:cantSplit|w:trHeight|w:tblHeader"]),
    ("w:tc", &["w:tcPr", "w:p|w:tbl"]),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    ("w:drawing", &["wp:inline"]),
    (
        "wp:inline",
        &[
            "wp:extent",
            "wp:effectExtent",
            "wp:docPr",
            "wp:cNvGraphicFramePr",
            "a:graphic",
        ],
    ),
    ("pic:pic", &["pic:nvPicPr", "pic:blipFill", "pic:spPr"]),
    (
        "pic:blipFill",
        &["a:blip", "a:srcRect", "a:tile", "a:stretch"],
    ),
    ("pic:spPr", &["a:xfrm", "a:custGeom", "a:prstGeom"]),
    ("a:xfrm", &["a:off", "a:ext"]),
    ("w:ftr", &["w:p|w:tbl"]),
    ("w:styles", &["w:docDefaults", "w:latentStyles", "w:style"]),
    ("w:docDefaults", &["w:rPrDefault", "w:pPrDefault"]),
    (
        "w:style",
        &[
            "w:name",
            "w:aliases",
            "w:basedOn",
            "w:next",
            "w:link",
            "w:autoRedefine",
            "w:hidden",
            "w:uiPriority",
            "w:semiHidden",
            "w:unhideWhenUsed",
            "w:qFormat",
            "w:locked",
            "w:personal",
            "w:personalCompose",
            "w:personalReply",
            "w:rsid",
            "w:pPr",
            "w:rPr",
            "w:tblPr",
            "w:trPr",
            "w:tcPr",
            "w:tblStylePr",
        ],
    ),
    (
        "w:font",
        &[
            "w:altName",
            "w:panose1",
            "w:charset",
            "w:family",
            "w:notTrueType",
            "w:pitch",
            "w:sig",
        ],
    ),
    (
        "w:settings",
        &[
            "w:writeProtection",
            "w:view",
            "w:zoom",
            "w:removePersonalInformation",
            "w:mirrorMargins",
            "w:defaultTabStop",
            "w:autoHyphenation",
            "w:evenAndOddHeaders",
            "w:characterSpacingControl",
            "w:compat",
            "w:rsids",
            "w:themeFontLang",
            "w:clrSchemeMapping",
            "w:decimalSymbol",
            "w:listSeparator",
        ],
    ),
];

/// Asserts that every element named in [`ORDER`] has only the children it
/// lists, in that order; and that elements not listed have no children
/// we would have to order (leaves).
fn assert_schema_order(part: &str, root: &El) {
    let order: BTreeMap<&str, &[&str]> = ORDER.iter().copied().collect();
    let leaves_ok = [
        "w:t",
        "w:instrText",
        "w:tabs",
        "w:rFonts",
        "a:graphic",
        "a:graphicData",
        "wp:cNvGraphicFramePr",
        "pic:nvPicPr",
        "a:stretch",
        "a:prstGeom",
        "w:rPrDefault",
        "w:pPrDefault",
        "w:fonts",
        "w:compat",
        "Types",
        "Relationships",
    ];
    for el in root.all() {
        let Some(allowed) = order.get(el.name.as_str()) else {
            assert!(
                el.children.is_empty() || leaves_ok.contains(&el.name.as_str()),
                "{part}: <{}> has children but no known order",
                el.name
            );
            continue;
        };
        let mut last = 0;
        for child in &el.children {
            let at = allowed
                .iter()
                .position(|n| n.split('|').any(|n| n == child.name))
                .unwrap_or_else(|| {
                    panic!(
                        "{part}: <{}> inside <{}> is not expected",
                        child.name, el.name
                    )
                });
            assert!(
                at >= last,
                "{part}: <{}> comes after <{}> inside <{}>",
                child.name,
                allowed[last],
                el.name
            );
            last = at;
        }
    }
}

#[test]
fn every_part_writes_its_elements_in_schema_order() {
    for package in [sample_docx(), forms_docx()] {
        for name in &package.names {
            if name.ends_with(".xml") && !name.starts_with("docProps/") {
                assert_schema_order(name, &package.xml(name));
            }
        }
        // The section properties come last in the body.
        let body = package.document().children[0].clone();
        assert_eq!(body.children.last().expect("children").name, "w:sectPr");
    }
}

// ---- The page -------------------------------------------------------------
