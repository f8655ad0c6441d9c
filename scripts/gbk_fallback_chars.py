#!/usr/bin/env python3
"""List the GBK code points that none of the given fonts covers, or check
that the fonts together cover all of them with real glyphs.

Usage: gbk_fallback_chars.py OUT_UNICODES_FILE FONT [FONT ...]
       gbk_fallback_chars.py --check FONT [FONT ...]

The GBK repertoire is every code point that Python's 'gbk' codec decodes
from a valid two-byte sequence (lead 0x81-0xFE, trail 0x40-0x7E/0x80-0xFE),
plus U+20AC EURO SIGN (GB18030 A2E3 / Windows cp936 0x80; Python's gbk codec
does not map it).  The other GB18030-only two-byte additions (ideographic
description characters, CJK radicals and 2005 Ext-A additions in FExx) are
deliberately left out.

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

EXTRA = {0x20AC}
BLANK = {0x3000}


def gbk_repertoire():
    cps = set()
    trails = list(range(0x40, 0x7F)) + list(range(0x80, 0xFF))
    for lead in range(0x81, 0xFF):
        for trail in trails:
            try:
                s = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            assert len(s) == 1
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
