#!/usr/bin/env python3
"""Writes a synthetic bulletin series for benchmarks: the sample's
bulletin.yaml and N weekly issues of 6 items each, with text varied from the
sample's paragraphs.

Usage: synth-series.py OUT_DIR [ISSUES]   (default 500)
"""
import datetime
import pathlib
import re
import shutil
import sys

repo = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 500

out.mkdir(parents=True, exist_ok=True)
shutil.copy(repo / "bulletin.yaml", out / "bulletin.yaml")
leaders = [("zhang-xuanyu", "张旋宇", 1), ("zhu-jiayun", "朱加云", 7), ("sun-lingyun", "孙凌云", 20),
           ("jia-fubin", "贾富彬", 22), ("liu-yanjie", "刘延杰", 23)]
paragraphs = []
for item in sorted((repo / "bulletins" / "12").glob("*.md")):
    body = item.read_text(encoding="utf-8").split("---", 2)[2]
    paragraphs += [p.strip() for p in body.split("\n\n") if p.strip()]
places = ["柳园社区", "向阳社区", "九州国际小区", "湖西街道", "利民社区", "金龙怡心苑", "天津路小学", "憩园"]

start = datetime.date(2015, 1, 7)
for n in range(1, count + 1):
    date = start + datetime.timedelta(weeks=n - 1)
    folder = out / "bulletins" / str(n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "issue.yaml").write_text(f"number: {n}\ndate: {date}\n", encoding="utf-8")
    for i in range(5):
        slug, name, grid = leaders[(n + i) % len(leaders)]
        day = date - datetime.timedelta(days=1 + i % 3)
        sites = [places[(n + i) % len(places)], places[(n * 3 + i) % len(places)]]
        para = paragraphs[(n * 7 + i) % len(paragraphs)]
        para = re.sub(r"\d+月\d+日", f"{day.month}月{day.day}日", para)
        text = (f"---\ngrid: {grid}\nleader: {name}\ndate: {day}\n"
                f"participants: 第{grid}网格创城工作组成员及相关负责人\n"
                f"sites: [{', '.join(sites)}]\n"
                f"remarks: |\n  要以第{n}期督导为契机，持续巩固创城成果，确保各项任务落到实处。\n---\n"
                f"{para}\n\n第{n}期第{i + 1}篇：{paragraphs[(n + i * 11) % len(paragraphs)][:60]}。\n")
        (folder / f"0{i + 1}-{slug}.md").write_text(text, encoding="utf-8")
    meeting = paragraphs[(n * 5) % len(paragraphs)]
    (folder / "06-huiyi.md").write_text(
        f"---\ntitle: 市创城办召开第{n}次工作调度会\ndate: {date - datetime.timedelta(days=1)}\n---\n"
        f"{meeting}\n", encoding="utf-8")
print(f"wrote {count} issues to {out}")
