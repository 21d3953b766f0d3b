#!/usr/bin/env python3
"""Check a FairHAC report.html in headless Chromium.

Usage:
    scripts/check_report_browser.py report.html [--expect-heading TEXT ...] [--min-svgs N]
                                                [--screenshot OUT.png] [--chromium PATH]

Checks, in order (the first failure exits non-zero with a message saying what is wrong):
  1. the file is self-contained: UTF-8, no <script>, no external URL (http:, https:, //host)
     in src/href attributes or CSS url(...), no <link>, <iframe>, <object> or <embed>;
  2. Chromium loads it: the DOM it dumps (--dump-dom) has an <h1>, at least --min-svgs <svg>
     elements with a viewBox, and every --expect-heading among its <h2> headings;
  3. the page logged nothing to the console (the report has no scripts, so any console message,
     such as an uncaught error or a refused resource, is a fault). Chromium's other stderr
     noise (D-Bus, GPU, sandbox warnings) is ignored;
  4. a screenshot is not blank: enough pixels that are not the white/near-white background and
     enough distinct colours (decoded with a small pure-Python PNG reader; no pip packages).

Chromium: the Debian package `chromium` (binary `chromium`); `chromium-browser`,
`google-chrome` and `headless_shell` are tried too, or pass --chromium.
"""

import argparse
import html.parser
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path


def fail(message):
    print(f"check_report_browser: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def info(message):
    print(f"check_report_browser: {message}")


# --- 1. static checks -------------------------------------------------------------------------

EXTERNAL = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


class StaticScan(html.parser.HTMLParser):
    """Collects forbidden elements and external references."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "link", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if value is None:
                continue
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
                if EXTERNAL.match(value) and not value.strip().startswith("data:"):
                    self.problems.append(f"external reference {name}=\"{value[:80]}\" on <{tag}>")

    handle_startendtag = handle_starttag


def static_checks(text):
    scan = StaticScan()
    scan.feed(text)
    scan.close()
    for match in re.finditer(r"url\(\s*['\"]?([^'\")]*)", text):
        if EXTERNAL.match(match.group(1)) and not match.group(1).strip().startswith("data:"):
            scan.problems.append(f"external CSS url({match.group(1)[:80]})")
    if re.search(r"@import", text):
        scan.problems.append("CSS @import")
    if scan.problems:
        fail("report is not self-contained: " + "; ".join(sorted(set(scan.problems))))


# --- 2 and 3. Chromium ----------------------------------------------------------------------


def find_chromium(explicit):
    candidates = [explicit] if explicit else ["chromium", "chromium-browser", "google-chrome", "headless_shell"]
    for name in candidates:
        path = shutil.which(name) if name else None
        if path:
            return path
    fail("no Chromium found (install the Debian package `chromium`, or pass --chromium PATH)")


def run_chromium(binary, profile, args, url, timeout):
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
        "--hide-scrollbars", f"--user-data-dir={profile}",
        # No network: an external resource would fail (and is caught statically first).
        "--host-resolver-rules=MAP * ~NOTFOUND",
        *args, url,
    ]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f"Chromium did not finish within {timeout} s: {' '.join(command)}")
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode != 0:
        tail = "\n".join(stderr.splitlines()[-15:])
        fail(f"Chromium exited with status {result.returncode}:\n{tail}")
    return result.stdout.decode("utf-8", "replace"), stderr


# Chromium writes page console messages as "[...:INFO:CONSOLE(12)] "text", source: URL (12)"
# (older) or "[...:INFO:CONSOLE:12] ..." (newer), whatever the console level.
CONSOLE = re.compile(r"[:\]]\s*\w*:?CONSOLE[(:]\d*\)?\]?\s*(.*)")


def console_messages(stderr):
    messages = []
    for line in stderr.splitlines():
        if "CONSOLE" not in line:
            continue  # D-Bus, GPU, sandbox and other browser noise
        match = CONSOLE.search(line)
        messages.append(match.group(1) if match else line.strip())
    return messages


class DomScan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.counts = {}
        self.svgs_with_viewbox = 0
        self.h2 = []
        self._in_h2 = False
        self._text = []

    def handle_starttag(self, tag, attrs):
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "svg" and any(name.lower() == "viewbox" for name, _ in attrs):
            self.svgs_with_viewbox += 1
        if tag == "h2":
            self._in_h2, self._text = True, []

    def handle_endtag(self, tag):
        if tag == "h2" and self._in_h2:
            self._in_h2 = False
            self.h2.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._in_h2:
            self._text.append(data)


# --- 4. screenshot ---------------------------------------------------------------------------


def read_png(path):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG; returns (width, height, channels, rows)."""
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"screenshot {path} is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail(f"screenshot PNG format not supported (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            fail(f"screenshot PNG has unknown filter {kind}")
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def screenshot_stats(path):
    """Fraction of pixels that are not near-white, and the number of distinct colours."""
    width, height, channels, rows = read_png(path)
    inked, total, colours = 0, 0, set()
    for row in rows[::2]:
        for x in range(0, width * channels, channels * 2):
            r, g, b = row[x], row[x + 1], row[x + 2]
            total += 1
            if min(r, g, b) < 235:
                inked += 1
            colours.add((r >> 3, g >> 3, b >> 3))
    return width, height, inked / max(1, total), len(colours)


# --- main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description="Check a FairHAC report.html in headless Chromium.")
    parser.add_argument("report", help="path to report.html")
    parser.add_argument("--expect-heading", action="append", default=[], metavar="TEXT",
                        help="a section heading (<h2>) that must be present; repeatable")
    parser.add_argument("--min-svgs", type=int, default=1, help="least number of <svg> figures (default 1)")
    parser.add_argument("--screenshot", help="where to keep the screenshot (default: a temporary file)")
    parser.add_argument("--window-size", default="1280,2000", help="browser window WIDTH,HEIGHT (default 1280,2000)")
    parser.add_argument("--min-ink", type=float, default=0.01,
                        help="least fraction of non-background pixels in the screenshot (default 0.01)")
    parser.add_argument("--min-colours", type=int, default=8,
                        help="least number of distinct colours in the screenshot (default 8)")
    parser.add_argument("--chromium", help="Chromium binary (default: found on PATH)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per Chromium run (default 120)")
    args = parser.parse_args()

    path = Path(args.report).resolve()
    if not path.is_file():
        fail(f"{args.report}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        fail(f"{args.report} is not UTF-8: {error}")
    static_checks(text)
    info(f"{path.name}: self-contained ({len(text)} characters)")

    binary = find_chromium(args.chromium)
    url = path.as_uri()
    with tempfile.TemporaryDirectory(prefix="fairhac-report-check-") as work:
        dom, stderr = run_chromium(binary, os.path.join(work, "profile-dom"),
                                   ["--dump-dom", "--enable-logging=stderr", "--v=0"], url, args.timeout)
        scan = DomScan()
        scan.feed(dom)
        scan.close()
        if scan.counts.get("h1", 0) < 1:
            fail("the loaded DOM has no <h1> (did the page load?)")
        if scan.svgs_with_viewbox < args.min_svgs:
            fail(f"the loaded DOM has {scan.svgs_with_viewbox} <svg> elements with a viewBox; expected at least {args.min_svgs}")
        missing = [h for h in args.expect_heading if h not in scan.h2]
        if missing:
            fail(f"headings missing from the page: {missing}; found {scan.h2}")
        messages = console_messages(stderr)
        if messages:
            fail("the page wrote to the console (it has no scripts, so this is an error):\n  " + "\n  ".join(messages))
        info(f"DOM: {scan.svgs_with_viewbox} svg figures, {scan.counts.get('table', 0)} tables, "
             f"{len(scan.h2)} sections {scan.h2}; no console messages")

        shot = args.screenshot or os.path.join(work, "report.png")
        run_chromium(binary, os.path.join(work, "profile-shot"),
                     [f"--screenshot={os.path.abspath(shot)}", f"--window-size={args.window_size}"], url, args.timeout)
        if not os.path.isfile(shot):
            fail("Chromium wrote no screenshot")
        width, height, ink, colours = screenshot_stats(shot)
        if ink < args.min_ink or colours < args.min_colours:
            fail(f"the screenshot ({width}x{height}) looks blank: {ink:.2%} non-background pixels "
                 f"(need {args.min_ink:.2%}), {colours} distinct colours (need {args.min_colours})")
        info(f"screenshot {width}x{height}: {ink:.1%} non-background pixels, {colours} distinct colours"
             + (f", kept at {shot}" if args.screenshot else ""))
    info("OK")


if __name__ == "__main__":
    main()
