#!/usr/bin/env python3
"""List the GBK code points that none of the given fonts covers, or check
that the fonts together cover all of them with real glyphs.

Usage: gbk_fallback_chars.py OUT_UNICODES_FILE FONT [FONT ...]
       gbk_fallback_chars.py --check FONT [FONT ...]

The GBK repertoire is every code point outside the private use area that
Python's 'gb18030' codec decodes from a two-byte sequence (lead 0x81-0xFE,
trail 0x40-0x7E/0x80-0xFE), plus U+20AC EURO SIGN (GB18030 A2E3 / Windows
cp936 0x80).  That is what bulletin's own decoder (encoding_rs) yields for a
file saved as GBK, including the CJK radicals, ideographic description
characters and Ext-A ideographs that GB18030 maps where Python's 'gbk'
codec has private-use code points or nothing.

First form: writes one 'U+XXXX' per line, sorted, to OUT_UNICODES_FILE (the
format pyftsubset's --unicodes-file accepts) and a short summary to stderr.

--check: exits non-zero unless every GBK code point is in the cmap of at
least one font AND one of those fonts maps it to a glyph with outlines (not
an empty glyph).  U+3000 IDEOGRAPHIC SPACE is the one GBK code point that is
meant to be blank; for it a mapped glyph with a non-zero advance suffices.
"""
import sys

from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.ttLib import TTFont

# U+20AC EURO SIGN (cp936 0x80), and the eight ideographs U+9FB4..U+9FBB that
# the WHATWG index (and so encoding_rs) gives for GBK FE59..FE9F where
# Python's gb18030 codec still has private-use code points.
EXTRA = {0x20AC} | set(range(0x9FB4, 0x9FBC))
BLANK = {0x3000}


def gbk_repertoire():
    cps = set()
    trails = list(range(0x40, 0x7F)) + list(range(0x80, 0xFF))
    for lead in range(0x81, 0xFF):
        for trail in trails:
            # GB18030 decodes the two-byte (GBK) range the way bulletin's
            # decoder (encoding_rs, after the WHATWG Encoding Standard)
            # does: including the ~80 codes that Python's 'gbk' codec
            # leaves out or maps to the private use area.
            try:
                s = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            assert len(s) == 1
            if not 0xE000 <= ord(s) <= 0xF8FF:
                cps.add(ord(s))
    return cps | EXTRA


def has_ink(glyphset, name):
    pen = ControlBoundsPen(glyphset)
    glyphset[name].draw(pen)
    return pen.bounds is not None


def check(fonts, gbk):
    """Returns the GBK code points with no inked glyph in any font."""
    todo = set(gbk)
    for path in fonts:
        font = TTFont(path, lazy=True)
        cmap = font.getBestCmap()
        glyphset = font.getGlyphSet()
        real = set()
        for cp in todo & set(cmap):
            name = cmap[cp]
            if cp in BLANK:
                if font["hmtx"][name][0] > 0:
                    real.add(cp)
            elif has_ink(glyphset, name):
                real.add(cp)
        print(f"{path}: real glyphs for {len(real)} of the {len(todo)} "
              "GBK code points not yet covered", file=sys.stderr)
        todo -= real
    return sorted(todo)


def main():
    args = sys.argv[1:]
    gbk = gbk_repertoire()
    if args[:1] == ["--check"]:
        fonts = args[1:]
        if not fonts:
            sys.exit(__doc__)
        missing = check(fonts, gbk)
        if missing:
            sys.exit(f"GBK code points without a real glyph in any font "
                     f"({len(missing)}): "
                     + ", ".join(f"U+{c:04X} {chr(c)}" for c in missing))
        print(f"all {len(gbk)} GBK code points have a real glyph",
              file=sys.stderr)
        return
    if len(args) < 2:
        sys.exit(__doc__)
    out, fonts = args[0], args[1:]
    covered = set()
    for path in fonts:
        cmap = set(TTFont(path, lazy=True).getBestCmap())
        print(f"{path}: {len(cmap & gbk)} of {len(gbk)} GBK code points",
              file=sys.stderr)
        covered |= cmap
    missing = sorted(gbk - covered)
    with open(out, "w", encoding="ascii", newline="\n") as fh:
        for cp in missing:
            fh.write(f"U+{cp:04X}\n")
    print(f"GBK repertoire: {len(gbk)}; covered by the fonts above: "
          f"{len(gbk & covered)}; to take from the fallback font: {len(missing)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
