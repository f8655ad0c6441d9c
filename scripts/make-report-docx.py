#!/usr/bin/env python3
"""A long report as a grid office writes it, for scripts/bench-import.sh.

    make-report-docx.py OUT.docx PAGES PHOTOS small|large

About 30 paragraphs of 三号 text make a page of 22 lines by 28 characters
(a paragraph of 60 characters takes 2 to 3 lines), so PAGES × 8 paragraphs,
with a heading every 6 and a table of 10 rows every 10 pages. The photos are
JPEGs of noise (which does not compress): 1600×1200 at quality 85 for
`small`, 2 MiB each for `large`, to reach a document of about 20 MiB.
"""

import io
import random
import sys

from docx import Document
from docx.shared import Mm

try:
    from PIL import Image
except ImportError:  # Pillow is optional: a stored JPEG of noise will do.
    Image = None

out, pages, photos, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(7)
words = "创城工作要以更高的政治站位和更深厚的为民情怀开展多为群众办实事解难题细分网格细化责任确保每个重点部位都要有专人管理"


def jpeg(size):
    """A JPEG of about `size` bytes: a real header and noise after it."""
    if Image is not None and size < 1_000_000:
        img = Image.effect_noise((1600, 1200), 64).convert("RGB")
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
        return buf.getvalue()
    # SOI, JFIF, a frame header of 1600×1200, a scan of noise, EOI.
    jfif = b"\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = bytes([0xFF, 0xC0, 0, 17, 8, 0x04, 0xB0, 0x06, 0x40, 3,
                 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
    sos = bytes([0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0])
    return b"\xFF\xD8" + jfif + sof + sos + rng.randbytes(size) + b"\xFF\xD9"


doc = Document()
doc.add_paragraph("某某街道创城工作情况汇报").alignment = 1
paragraphs = pages * 8
for i in range(paragraphs):
    if i % 6 == 0:
        doc.add_paragraph(f"{'一二三四五六七八九十'[(i // 6) % 10]}、第{i // 6 + 1}部分")
    doc.add_paragraph("　　" + "".join(rng.choice(words) for _ in range(60)) + "。")
    if i % 80 == 40:
        table = doc.add_table(rows=10, cols=4)
        for r in range(10):
            for c in range(4):
                table.cell(r, c).text = f"第{r}行{c}列"
    if photos and i % (paragraphs // photos) == 0:
        stream = io.BytesIO(jpeg(2_000_000 if kind == "large" else 300_000))
        doc.add_picture(stream, width=Mm(120))
doc.save(out)
