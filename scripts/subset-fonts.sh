#!/usr/bin/env bash
# Rebuild assets/fonts/ (the CJK fonts embedded into the `bulletin` binary)
# from Debian packages, deterministically.
#
#   scripts/subset-fonts.sh            # writes into assets/fonts/ of this repo
#   OUT_DIR=/tmp/x scripts/subset-fonts.sh
#
# What it does:
#   1. `apt-get download` texlive-lang-chinese, fonts-noto-cjk and
#      fonts-dejavu-core (pinned versions, see below) and unpack them with
#      `dpkg-deb -x` into a temp dir (nothing gets installed).
#   2. Copies four Fandol fonts unchanged (FandolFang-Regular, FandolSong-Bold,
#      FandolHei-Regular, FandolKai-Regular).
#   3. Computes the GBK code points that none of those four covers
#      (scripts/gbk_fallback_chars.py) and subsets the "Noto Serif CJK SC"
#      face of NotoSerifCJK-Regular.ttc to exactly those code points with
#      fontTools' pyftsubset -> NotoSerifSC-GBK-subset.otf.
#   4. Computes the GBK code points that none of those five fonts covers (at
#      the time of writing only U+2252 ≒) and subsets DejaVu Sans to exactly
#      those -> DejaVuSans-GBK-rest.ttf, the last-resort fallback. Fails if
#      DejaVu Sans lacks any of them.
#   5. Checks that the six fonts together give every GBK code point a glyph
#      with outlines (gbk_fallback_chars.py --check).
#   6. Writes the licence files and SOURCES.txt (package versions, checksums).
#
# Requirements: Debian (bookworm) with apt-get/dpkg-deb, python3; fontTools is
# taken from python3 if it has exactly $FONTTOOLS_VERSION, otherwise it is
# pip-installed into a throw-away venv (needs python3-venv and PyPI access).
# If the package lists are empty, run `apt-get update` first (the script does
# it itself when run as root).
#
# Re-running with the same pinned versions yields byte-identical files:
# pyftsubset does not touch head.created/head.modified (checked below) and the
# Fandol files are copied verbatim.
set -euo pipefail

# ---- pinned inputs (override via environment at your own risk) -------------
TEXLIVE_LANG_CHINESE_VERSION="${TEXLIVE_LANG_CHINESE_VERSION:-2022.20230122-1}"
FONTS_NOTO_CJK_VERSION="${FONTS_NOTO_CJK_VERSION:-1:20220127+repack1-1}"
FONTS_DEJAVU_CORE_VERSION="${FONTS_DEJAVU_CORE_VERSION:-2.37-6}"
FONTTOOLS_VERSION="${FONTTOOLS_VERSION:-4.68.0}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$SCRIPT_DIR")"
OUT_DIR="${OUT_DIR:-$REPO_DIR/assets/fonts}"

FANDOL_FILES=(FandolFang-Regular.otf FandolSong-Bold.otf FandolHei-Regular.otf FandolKai-Regular.otf)
NOTO_TTC=usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
NOTO_FACE_NAME="Noto Serif CJK SC"
NOTO_OUT=NotoSerifSC-GBK-subset.otf
DEJAVU_TTF=usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
DEJAVU_OUT=DejaVuSans-GBK-rest.ttf

log() { printf '[subset-fonts] %s\n' "$*" >&2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK" # lets apt's _apt sandbox user write the .deb files

# ---- 1. fetch and unpack the Debian packages --------------------------------
pkgs=("texlive-lang-chinese=$TEXLIVE_LANG_CHINESE_VERSION" "fonts-noto-cjk=$FONTS_NOTO_CJK_VERSION"
      "fonts-dejavu-core=$FONTS_DEJAVU_CORE_VERSION")
if ! apt-cache show "${pkgs[@]}" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        log "package lists lack the pinned versions; running apt-get update"
        apt-get update -qq
    else
        log "apt-cache does not know ${pkgs[*]}; run 'sudo apt-get update' (or set the *_VERSION variables)"
        exit 1
    fi
fi
log "downloading ${pkgs[*]}"
(cd "$WORK" && apt-get download -q "${pkgs[@]}" >&2)
mkdir "$WORK/root"
for deb in "$WORK"/*.deb; do
    dpkg-deb -x "$deb" "$WORK/root"
done
FANDOL_DIR="$WORK/root/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
FANDOL_DOC="$WORK/root/usr/share/doc/texlive-doc/fonts/fandol"
NOTO_COPYRIGHT="$WORK/root/usr/share/doc/fonts-noto-cjk/copyright"

# ---- 2. python + fontTools --------------------------------------------------
PY=python3
if ! "$PY" -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
    log "installing fonttools==$FONTTOOLS_VERSION into a temporary venv"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q --disable-pip-version-check "fonttools==$FONTTOOLS_VERSION" >&2
    PY="$WORK/venv/bin/python"
fi

# ---- 3. fonts ---------------------------------------------------------------
mkdir -p "$OUT_DIR"
for f in "${FANDOL_FILES[@]}"; do
    install -m 0644 "$FANDOL_DIR/$f" "$OUT_DIR/$f"
done

fandol_paths=()
for f in "${FANDOL_FILES[@]}"; do fandol_paths+=("$OUT_DIR/$f"); done
"$PY" "$SCRIPT_DIR/gbk_fallback_chars.py" "$WORK/unicodes.txt" "${fandol_paths[@]}"

# Find the SC face inside the collection instead of trusting a fixed index.
NOTO_INDEX="$("$PY" - "$WORK/root/$NOTO_TTC" "$NOTO_FACE_NAME" <<'PYEOF'
import sys
from fontTools.ttLib import TTCollection
path, want = sys.argv[1], sys.argv[2]
for i, font in enumerate(TTCollection(path, lazy=True).fonts):
    if font["name"].getDebugName(1) == want:
        print(i)
        break
else:
    sys.exit(f"no face named {want!r} in {path}")
PYEOF
)"
log "subsetting face #$NOTO_INDEX ($NOTO_FACE_NAME) of $(basename "$NOTO_TTC") (takes ~30 s)"
# --layout-features= : horizontal text only, no GSUB/GPOS features needed
#                      (this also drops vert/vrt2) ...
# --drop-tables+=... : ... and the then empty GSUB/GPOS shells go too, as do
#                      BASE and the vertical metrics (no vertical layout)
# --no-hinting       : strip CFF hints
# --name-IDs='*'     : keep every English (Windows, 0x409) name record, so the
#                      family "Noto Serif CJK SC", copyright and licence
#                      (nameID 13/14) stay in the font
"$PY" -m fontTools.subset "$WORK/root/$NOTO_TTC" \
    --font-number="$NOTO_INDEX" \
    --unicodes-file="$WORK/unicodes.txt" \
    --layout-features= \
    --no-hinting \
    --drop-tables+=GSUB,GPOS,BASE,vhea,vmtx,VORG \
    --name-IDs='*' \
    --name-languages=0x0409 \
    --output-file="$WORK/$NOTO_OUT"

# Sanity checks: expected coverage, untouched timestamps (=> reproducible).
"$PY" - "$WORK/root/$NOTO_TTC" "$NOTO_INDEX" "$WORK/$NOTO_OUT" "$WORK/unicodes.txt" <<'PYEOF'
import sys
from fontTools.ttLib import TTCollection, TTFont
src = TTCollection(sys.argv[1], lazy=True).fonts[int(sys.argv[2])]
out = TTFont(sys.argv[3])
want = {int(l.strip()[2:], 16) for l in open(sys.argv[4]) if l.strip()}
have = set(out.getBestCmap())
assert have <= want, "subset has unexpected code points"
absent = sorted(want - set(src.getBestCmap()))
assert have == want - set(absent), "subset lacks code points the source has"
for attr in ("created", "modified"):
    assert getattr(out["head"], attr) == getattr(src["head"], attr), f"head.{attr} changed"
gone = [t for t in ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG") if t in out]
assert not gone, f"tables not dropped: {gone}"
print(f"[subset-fonts] subset: {len(have)} code points, {len(out.getGlyphOrder())} glyphs; "
      "not in the source font either: " + (", ".join(f"U+{c:04X} {chr(c)}" for c in absent) or "none"),
      file=sys.stderr)
PYEOF
install -m 0644 "$WORK/$NOTO_OUT" "$OUT_DIR/$NOTO_OUT"

# ---- 3b. last-resort fallback for what the five fonts still lack -----------
"$PY" "$SCRIPT_DIR/gbk_fallback_chars.py" "$WORK/rest.txt" "${fandol_paths[@]}" "$OUT_DIR/$NOTO_OUT"
log "subsetting $(basename "$DEJAVU_TTF") to: $(paste -sd' ' "$WORK/rest.txt")"
# Same options as for Noto; the extra tables dropped are DejaVu's kern and
# MATH (isolated symbols need no layout) and FontForge's FFTM timestamps.
# --no-bidi-closure: otherwise pyftsubset adds each character's bidi mirror
# (U+2252 ≒ -> U+2253 ≓, not GBK); bulletins have no right-to-left text.
"$PY" -m fontTools.subset "$WORK/root/$DEJAVU_TTF" \
    --unicodes-file="$WORK/rest.txt" \
    --no-bidi-closure \
    --layout-features= \
    --no-hinting \
    --drop-tables+=GSUB,GPOS,GDEF,kern,MATH,FFTM \
    --name-IDs='*' \
    --name-languages=0x0409 \
    --output-file="$WORK/$DEJAVU_OUT"
"$PY" - "$WORK/root/$DEJAVU_TTF" "$WORK/$DEJAVU_OUT" "$WORK/rest.txt" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
src, out = TTFont(sys.argv[1]), TTFont(sys.argv[2])
want = {int(l.strip()[2:], 16) for l in open(sys.argv[3]) if l.strip()}
have = set(out.getBestCmap())
absent = sorted(want - set(src.getBestCmap()))
if absent:
    sys.exit("[subset-fonts] not in DejaVu Sans either (look at DejaVu Serif/Mono "
             "in the same package): " + ", ".join(f"U+{c:04X} {chr(c)}" for c in absent))
assert have == want, "DejaVu subset does not have exactly the requested code points"
for attr in ("created", "modified"):
    assert getattr(out["head"], attr) == getattr(src["head"], attr), f"head.{attr} changed"
gone = [t for t in ("GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM", "fpgm", "prep") if t in out]
assert not gone, f"tables not dropped: {gone}"
print(f"[subset-fonts] DejaVu subset: {len(have)} code points, "
      f"{len(out.getGlyphOrder())} glyphs incl. .notdef", file=sys.stderr)
PYEOF
install -m 0644 "$WORK/$DEJAVU_OUT" "$OUT_DIR/$DEJAVU_OUT"

# ---- 3c. every GBK code point has a glyph with outlines in one of the six ---
"$PY" "$SCRIPT_DIR/gbk_fallback_chars.py" --check \
    "${fandol_paths[@]}" "$OUT_DIR/$NOTO_OUT" "$OUT_DIR/$DEJAVU_OUT"

# ---- 4. licences ------------------------------------------------------------
gzip -dc "$FANDOL_DOC/COPYING.gz" >"$OUT_DIR/LICENSE-Fandol-GPL-3.0.txt"
install -m 0644 "$FANDOL_DOC/README" "$OUT_DIR/README-Fandol.txt"
cat >"$OUT_DIR/LICENSE-Fandol-font-exception.txt" <<'EOF'
Fandol fonts (FandolFang, FandolSong, FandolHei, FandolKai)
Copyright (c) 2012-2013, the Fandol team (Clerk Ma & Jie Su).

The Fandol README states: "These fonts's licensing is GPL + GPL font
exception." TeX Live lists them as GPL and ships the GPL version 3 text
(LICENSE-Fandol-GPL-3.0.txt); the fonts' name table points to
http://www.gnu.org/licenses/licenses.html. The exception wording itself is not
included in the Debian package; it is the standard GPL font exception
published by the FSF (https://www.gnu.org/licenses/gpl-faq.html#FontException):

  As a special exception, if you create a document which uses this font, and
  embed this font or unaltered portions of this font into the document, this
  font does not by itself cause the resulting document to be covered by the
  GNU General Public License. This exception does not however invalidate any
  other reasons why the document might be covered by the GNU General Public
  License. If you modify this font, you may extend this exception to your
  version of the font, but you are not obligated to do so. If you do not wish
  to do so, delete this exception statement from your version.

Upstream: https://ctan.org/pkg/fandol
EOF
# OFL text from the Debian copyright file (the "License: SIL-1.1" stanza,
# de-indented), prefixed with the font's own copyright/licence name records.
"$PY" - "$NOTO_COPYRIGHT" "$WORK/$NOTO_OUT" >"$OUT_DIR/LICENSE-NotoSerifCJK-OFL-1.1.txt" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
# the standalone stanza, not the "License:" field of the "Files: *" stanza
start = next(i for i, l in enumerate(lines)
             if l == "License: SIL-1.1" and lines[i + 1].startswith(" "))
body = []
for line in lines[start + 1:]:
    if not line.startswith(" "):
        break
    body.append("" if line == " ." else line[1:])
name = TTFont(sys.argv[2])["name"]
print("Noto Serif CJK SC (subset: NotoSerifSC-GBK-subset.otf)")
print(name.getDebugName(0))
print(name.getDebugName(7))
print("Upstream: https://github.com/notofonts/noto-cjk (Debian package fonts-noto-cjk).")
print("The same design is published by Adobe as Source Han Serif, where 'Source'")
print("is a Reserved Font Name; this subset keeps the name Noto Serif CJK SC.")
print()
print("The SIL Open Font License 1.1 as recorded in Debian's copyright file:")
print()
print("\n".join(body).rstrip("\n"))
PYEOF
# DejaVu: the font's own licence record (nameID 13: Bitstream Vera and Arev
# terms, DejaVu changes public domain), which the subset keeps. Debian's
# copyright file records the same Bitstream Vera terms.
"$PY" - "$WORK/$DEJAVU_OUT" >"$OUT_DIR/LICENSE-DejaVu.txt" <<'PYEOF'
import sys
from fontTools.ttLib import TTFont
name = TTFont(sys.argv[1])["name"]
print("DejaVu Sans 2.37 (subset: DejaVuSans-GBK-rest.ttf)")
print(name.getDebugName(0).rstrip("\n"))
print("Upstream: https://dejavu-fonts.github.io/ (Debian package fonts-dejavu-core).")
print('The subset keeps the name DejaVu Sans, which contains none of the names')
print('the licences reserve ("Bitstream", "Vera", "Tavmjong Bah", "Arev").')
print()
print("The licence as recorded in the font (name table, nameID 13):")
print()
print(name.getDebugName(13).rstrip("\n"))
PYEOF

# ---- 5. provenance ----------------------------------------------------------
{
    echo "# Generated by scripts/subset-fonts.sh -- do not edit."
    echo "debian-package texlive-lang-chinese $TEXLIVE_LANG_CHINESE_VERSION"
    echo "debian-package fonts-noto-cjk $FONTS_NOTO_CJK_VERSION"
    echo "debian-package fonts-dejavu-core $FONTS_DEJAVU_CORE_VERSION"
    echo "fonttools $FONTTOOLS_VERSION"
    echo "noto-source $(basename "$NOTO_TTC") face $NOTO_INDEX ($NOTO_FACE_NAME)"
    echo "noto-subset-codepoints $(wc -l <"$WORK/unicodes.txt" | tr -d ' ') requested"
    echo "dejavu-source $(basename "$DEJAVU_TTF")"
    echo "dejavu-subset-codepoints $(paste -sd' ' "$WORK/rest.txt")"
    echo "# sha256 of the downloaded packages"
    (cd "$WORK" && sha256sum -- *.deb)
    echo "# sha256 of the generated files"
    (cd "$OUT_DIR" && sha256sum -- "${FANDOL_FILES[@]}" "$NOTO_OUT" "$DEJAVU_OUT" LICENSE-*.txt README-Fandol.txt)
} >"$OUT_DIR/SOURCES.txt"

log "done:"
(cd "$OUT_DIR" && ls -l -- "${FANDOL_FILES[@]}" "$NOTO_OUT" "$DEJAVU_OUT") >&2
