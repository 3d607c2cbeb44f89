#!/usr/bin/env python3
"""Save-to-served latency of `glossator serve`, measured from outside.

Starts `glossator serve` on a site, then N times: writes a new sentence into
one page, and times how long until an HTTP GET of that page returns it.
Reports the median and the worst. Python 3 standard library only.

    cargo build --release
    python3 ../shared/bench/gen_corpus.py --pages 10000 --sections 50 --out /tmp/c10k
    printf 'title = "Bench"\\n' > /tmp/c10k/site.toml
    python3 bench/serve_latency.py --site /tmp/c10k --runs 20

A translation (`--page section-001/page-00001.fr.md`) is read at its
language's URL (`/fr/section-001/page-00001/`).
"""

from __future__ import annotations

import argparse
import re
import http.client
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def page_url(path: str) -> str:
    """The URL of content file `path`: `a/b.md` at `/a/b/`, a translation
    `a/b.fr.md` at `/fr/a/b/`."""
    stem = path.removesuffix(".md")
    name, _, lang = stem.rpartition(".")
    if name and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", lang):
        return f"/{lang}/{name}/"
    return f"/{stem}/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True, type=Path, help="the site folder (with site.toml and content/)")
    parser.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "glossator")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--page", help="content path of the page to edit (default: the first page found)")
    args = parser.parse_args()

    content = args.site / "content"
    page = content / args.page if args.page else next(p for p in sorted(content.rglob("*.md")) if p.name != "_index.md")
    url = page_url(page.relative_to(content).as_posix())
    original = page.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [str(args.binary), "serve", "--root", str(args.site), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = time.monotonic()
        while True:
            try:
                if get(port, url)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() - started > 300:
                sys.exit("serve did not answer within 300 s")
            time.sleep(0.05)
        print(f"serving {url} after {time.monotonic() - started:.1f} s (first build)")
        times = []
        for run in range(args.runs):
            marker = f"Latency marker {run} {time.time_ns()}."
            page.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            t0 = time.monotonic()
            while marker not in get(port, url)[1]:
                if time.monotonic() - t0 > 60:
                    sys.exit(f"run {run}: the edit was not served within 60 s")
                time.sleep(0.002)
            times.append((time.monotonic() - t0) * 1000)
            time.sleep(0.3)  # let the watcher settle between saves
        print(f"save-to-served over {args.runs} edits: median {statistics.median(times):.0f} ms, "
              f"worst {max(times):.0f} ms, best {min(times):.0f} ms")
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
