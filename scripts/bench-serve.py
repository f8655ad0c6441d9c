#!/usr/bin/env python3
"""Benchmark of `bulletin serve`: the time from saving an item to the open
page in a real (headless) Chromium showing the change, over N saves (half
written in place, half written as a new file renamed over the old, as many
editors do), and where that time goes: the server's own log gives, per
save, when the change was seen, how long the rebuild to the HTML page took and when the
open pages were told. Then N more saves with the browser on the page-image
view (版面): the time until it shows the new page images, every image
loaded. Also the size of issue 12's HTML.

Usage: scripts/bench-serve.py [SAVES] [--binary PATH]    (default 20 saves;
needs chromium and chromium-driver; builds the release binary first unless
--binary names one, such as an earlier build to compare with)
"""
import json
import os
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

repo = pathlib.Path(__file__).resolve().parent.parent
args = sys.argv[1:]
binary = None
if "--binary" in args:
    at = args.index("--binary")
    binary = pathlib.Path(args[at + 1]).resolve()
    del args[at:at + 2]
saves = int(args[0]) if args else 20
ITEM = "bulletins/12/01-zhang-xuanyu.md"

if binary is None:
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=repo, check=True)
    binary = repo / "target/release/bulletin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux), or None."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def call(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, method=method,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.load(reply)["value"]


work = pathlib.Path(tempfile.mkdtemp())
try:
    project = work / "project"
    project.mkdir()
    for name in ["bulletin.yaml", "bulletins"]:
        source = repo / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    subprocess.run([binary, "build", "12", "--format", "html", "--ignore-system-fonts"],
                   cwd=project, check=True, capture_output=True)
    html_size = (project / "out/12.html").stat().st_size

    # The server logs, with a time stamp per line, what it did.
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--ignore-system-fonts"], cwd=project,
        env={**os.environ, "NO_COLOR": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log = []
    base = None
    started = threading.Event()

    def read_log():
        global base
        for line in server.stderr:
            log.append((time.monotonic(), line.rstrip()))
            match = re.search(r"http://[^ /]+", line)
            if match and base is None:
                base = match.group(0)
                started.set()

    threading.Thread(target=read_log, daemon=True).start()
    if not started.wait(60):
        sys.exit("bulletin serve did not start:\n" + "\n".join(l for _, l in log))

    driver_port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                if call(driver_port, "GET", "/status")["ready"]:
                    break
            except OSError:
                time.sleep(0.05)
        session = call(driver_port, "POST", "/session", {"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": {"args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-dev-shm-usage", f"--user-data-dir={work / 'chromium'}"]}}}})["sessionId"]

        def script(source):
            return call(driver_port, "POST", f"/session/{session}/execute/sync",
                        {"script": source, "args": []})

        call(driver_port, "POST", f"/session/{session}/url", {"url": f"{base}/12.html"})
        path = project / ITEM
        original = path.read_text(encoding="utf-8")
        times = []
        for i in range(saves):
            marker = f"第{i}次保存"
            text = original.replace("在座谈会上", marker)
            time.sleep(0.5)  # as between a writer's saves
            mark = len(log)
            start = time.monotonic()
            if i % 2 == 0:
                path.write_text(text, encoding="utf-8")
            else:
                temp = path.with_suffix(".md.tmp-save")
                temp.write_text(text, encoding="utf-8")
                temp.rename(path)
            while True:
                try:
                    shown = script("return document.body ? document.body.innerText : ''")
                except OSError:
                    shown = ""
                if marker in shown:
                    break
                if time.monotonic() - start > 10:
                    sys.exit(f"save {i}: the page never showed the change")
                time.sleep(0.005)
            total = time.monotonic() - start
            # The server says when it built the issue, how long that took
            # and when in that time the HTML page was published (the open
            # page is told then; the page images and the PDF follow).
            seen = html = told = None
            # The line comes once the page images are exported too.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not any(
                    "已生成第12期" in line for _, line in log[mark:]):
                time.sleep(0.01)
            for at, line in log[mark:]:
                match = re.search(
                    r"已生成第12期（共 \d+ 页，([\d.]+) 秒；网页 ([\d.]+) 秒(?:、版面 [\d.]+ 秒)?时已更新）", line)
                if match:
                    took, html = float(match.group(1)), float(match.group(2))
                    seen = at - start - took
                    told = seen + html
                    break
            times.append((total, seen, html, told))
        # The page-image view: after each save, the time until it has put
        # in the new version and every image on it has loaded.
        call(driver_port, "POST", f"/session/{session}/url", {"url": f"{base}/12-pages.html"})
        shown_version = """
            const tag = document.querySelector('meta[name="bulletin-serve-version"]');
            const images = [...document.images];
            const loaded = images.length > 0
                && images.every((i) => i.complete && i.naturalWidth > 0);
            return tag && loaded ? tag.content : null;"""
        image_times = []
        cpu_before = cpu_seconds(server.pid)
        for i in range(saves):
            marker = f"第{saves + i}次保存"
            text = original.replace("在座谈会上", marker)
            time.sleep(0.5)
            before = None
            while before is None:
                before = script(shown_version)
            mark = len(log)
            start = time.monotonic()
            path.write_text(text, encoding="utf-8")
            while True:
                try:
                    version = script(shown_version)
                except OSError:
                    version = None
                if version is not None and version != before:
                    break
                if time.monotonic() - start > 20:
                    sys.exit(f"save {saves + i}: the page images never changed")
                time.sleep(0.005)
            shown = time.monotonic() - start
            # The server's line for this save comes once its page images
            # and PDF are ready.
            ready = None
            deadline = time.monotonic() + 10
            while ready is None and time.monotonic() < deadline:
                ready = next((at - start for at, line in log[mark:] if "已生成第12期" in line), None)
                time.sleep(0.01)
            image_times.append((shown, ready))
        cpu_after = cpu_seconds(server.pid)
        call(driver_port, "DELETE", f"/session/{session}")
    finally:
        driver.kill()
        server.kill()

    ms = lambda s: "?" if s is None else f"{s * 1000:.0f}"
    totals = sorted(t for t, *_ in times)
    print(f"bulletin serve: save → page shows the change, {saves} saves, {os.cpu_count()} cores")
    print(f"  median {ms(statistics.median(totals))} ms, min {ms(totals[0])} ms, max {ms(totals[-1])} ms")
    print("  per save (ms): total = change seen (watcher) + rebuild to the HTML page "
          "+ page told → browser shows it")
    for i, (total, seen, html, told) in enumerate(times):
        browser = None if told is None else total - told
        print(f"    {i:2}: {ms(total):>4} = seen {ms(seen):>4}, HTML {ms(html):>4}, "
              f"told at {ms(told):>4}, browser {ms(browser):>4}")
    images = sorted(shown for shown, _ in image_times)
    print(f"bulletin serve: save → page-image view (版面) shows every new page image, {saves} saves")
    print(f"  median {ms(statistics.median(images))} ms, min {ms(images[0])} ms, max {ms(images[-1])} ms")
    ready = sorted(ready for _, ready in image_times if ready is not None)
    if ready:
        print(f"  the server's log line (page images and PDF ready): median {ms(statistics.median(ready))} ms")
    if cpu_before is not None and cpu_after is not None:
        # Steadier than the times on a busy machine: the server's own work.
        print(f"  the server's CPU time per save: {ms((cpu_after - cpu_before) / saves)} ms")
    print(f"  HTML of issue 12: {html_size} bytes")
finally:
    shutil.rmtree(work, ignore_errors=True)
