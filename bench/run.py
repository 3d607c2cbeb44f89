#!/usr/bin/env python3
"""Build benchmarks for glossator, against Hugo and Zola when they are installed.

Generates deterministic corpora with gen_corpus.py (cached and reused), builds each
one with every tool in alternating runs (A B A B ...), writes the output to tmpfs
(/dev/shm), and measures for every run the wall time, the user+sys CPU time and the
peak resident memory of the build process (from os.wait4's rusage). Prints medians,
the ratios glossator/peer, and the ratio of an annotated corpus (glossary entries and
timeline events) to the same pages without annotations, as a Markdown report. With
--notes, also the ratio of the annotated corpus with notes on passages to the same corpus
without them, and how the build time grows with the number of notes on a single page. With
--sources, also the ratio of the plain corpus citing BibLaTeX sources to the same pages
without citations. With --languages, also the ratio of the plain corpus with every page
translated into French to the same pages in one language.

Python 3.11 standard library only. See bench/README.md and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import mmap
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_GEN = os.path.normpath(os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
STAMP = ".bench-corpus.json"
BASE_URL = "https://example.org/"


# --------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    name: str
    pages: int
    sections: int
    terms: int = 0
    events: int = 0
    notes: int = 0
    sources: int = 0
    words: int = 0  # a page's prose word target (gen_corpus --min/--max-words); 0: default
    languages: str = ""  # gen_corpus --languages: comma-separated codes, e.g. "fr"; "": none

    @property
    def annotated(self) -> bool:
        return bool(self.terms or self.events)

    def gen_args(self) -> list[str]:
        args = ["--pages", str(self.pages), "--sections", str(self.sections)]
        if self.words:
            args += ["--min-words", str(self.words), "--max-words", str(self.words)]
        if self.terms:
            args += ["--terms", str(self.terms)]
        if self.events:
            args += ["--events", str(self.events)]
        if self.notes:
            args += ["--notes", str(self.notes)]
        if self.sources:
            args += ["--sources", str(self.sources)]
        if self.languages:
            args += ["--languages", self.languages]
        return args

    def label(self) -> str:
        s = f"{self.pages:,} page{'s' if self.pages != 1 else ''}"
        if self.words:
            s += f" of {self.words:,} words"
        s += f" / {self.sections} section{'s' if self.sections != 1 else ''}"
        if self.annotated:
            s += f" + {self.terms:,} terms + {self.events:,} events"
        if self.notes:
            s += f" + {self.notes:,} notes"
        if self.sources:
            s += f" + {self.sources:,} sources"
        if self.languages:
            s += " + " + " + ".join(self.languages.split(","))
        return s


GLOSSATOR_SITE_TOML = f"""\
# Written by bench/run.py: the smallest site for a build benchmark.
title = "Benchmark Corpus"
base_url = "{BASE_URL}"

[feed]
enabled = false

[sitemap]
enabled = false

[search]
enabled = false
"""

# The title of each further language's site, for the [languages.<code>] tables written
# into site.toml when a corpus has translations (glossator rejects a NAME.<code>.md
# whose language has no such table).
LANGUAGE_TITLES = {"fr": "Corpus de référence"}


def glossator_site_toml(c: Corpus) -> str:
    """GLOSSATOR_SITE_TOML, plus a [languages.<code>] table per language of the corpus."""
    text = GLOSSATOR_SITE_TOML
    for code in filter(None, c.languages.split(",")):
        title = LANGUAGE_TITLES.get(code, f"Benchmark Corpus ({code})")
        text += f'\n[languages.{code}]\ntitle = "{title}"\n'
    return text

# Hugo: same content, minimal layouts printing the title and the content (and, in lists,
# a link per child page, as glossator's section pages list their pages). No sitemap,
# RSS, robots.txt, 404 or taxonomies; no build-time code highlighting (glossator does
# none yet); raw HTML kept as glossator does.
HUGO_CONFIG = f"""\
# Written by bench/run.py
baseURL = "{BASE_URL}"
title = "Benchmark Corpus"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = true

[markup.highlight]
codeFences = false
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
{{ block "main" . }}{{ end }}
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}
</article>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}

# Zola: the equivalent minimal set-up (feeds and search are off by default; Zola has no
# option to turn the sitemap off, so its runs write one).
ZOLA_CONFIG = f"""\
# Written by bench/run.py
base_url = "{BASE_URL}"
title = "Benchmark Corpus"
compile_sass = false
build_search_index = false
generate_feeds = false
# Code highlighting is off by default in every Zola version; 0.22 no longer
# knows `[markdown] highlight_code`, so it is not written.
"""

ZOLA_TEMPLATES = {
    "base.html": """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>
<body>
{% block main %}{% endblock %}
</body>
</html>
""",
    "page.html": """\
{% extends "base.html" %}
{% block main %}<article><h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>{% endblock %}
""",
    "section.html": """\
{% extends "base.html" %}
{% block main %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}
{% for s in section.subsections %}<li>{{ s }}</li>{% endfor %}</ul>
{% endblock %}
""",
}
ZOLA_TEMPLATES["index.html"] = ZOLA_TEMPLATES["section.html"]


def write_text(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def sha256_file(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def prepare_corpus(c: Corpus, cache: str, gen: str, log) -> str:
    """Generate (or reuse) the corpus and write every tool's config next to content/."""
    root = os.path.join(cache, c.name)
    stamp_path = os.path.join(root, STAMP)
    want = {"args": c.gen_args(), "gen_sha256": sha256_file(gen)}
    have = None
    try:
        with open(stamp_path, encoding="utf-8") as f:
            have = json.load(f)
    except (FileNotFoundError, json.JSONDecodeError):
        pass
    if have != want or not os.path.isdir(os.path.join(root, "content")):
        log(f"generating {c.name}: {c.label()} -> {root}")
        os.makedirs(root, exist_ok=True)
        if os.path.exists(stamp_path):
            os.remove(stamp_path)
        t = time.perf_counter()
        subprocess.run([sys.executable, gen, "--out", root, "--clean", "-q"] + c.gen_args(),
                       check=True)
        with open(stamp_path, "w", encoding="utf-8") as f:
            json.dump(want, f)
        log(f"  generated in {time.perf_counter() - t:.1f} s")
    else:
        log(f"reusing {c.name} in {root}")
    write_text(os.path.join(root, "site.toml"), glossator_site_toml(c))
    write_text(os.path.join(root, "hugo.toml"), HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        write_text(os.path.join(root, "layouts", "_default", name), text)
    return root


def prepare_zola_site(root: str) -> str:
    """Zola needs a templates/ folder, which glossator would read as the site's own
    templates: give Zola a sibling site whose content/ is a hard-linked copy."""
    zroot = root + "-zola"
    stamp = os.path.join(root, STAMP)
    zstamp = os.path.join(zroot, STAMP)
    if not (os.path.isfile(zstamp) and open(zstamp).read() == open(stamp).read()):
        clear(zroot)
        os.makedirs(zroot)
        try:
            shutil.copytree(os.path.join(root, "content"), os.path.join(zroot, "content"),
                            copy_function=os.link)
        except OSError:
            clear(os.path.join(zroot, "content"))
            shutil.copytree(os.path.join(root, "content"), os.path.join(zroot, "content"))
        shutil.copyfile(stamp, zstamp)
    write_text(os.path.join(zroot, "config.toml"), ZOLA_CONFIG)
    for name, text in ZOLA_TEMPLATES.items():
        write_text(os.path.join(zroot, "templates", name), text)
    return zroot


# --------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    exe: str
    version: str = ""

    def command(self, site: str, out: str) -> list[str]:
        if self.name == "glossator":
            return [self.exe, "build", "--root", site, "--output", out]
        if self.name == "hugo":
            return [self.exe, "--source", site, "--config", os.path.join(site, "hugo.toml"),
                    "--destination", out, "--quiet"]
        if self.name == "zola":
            return [self.exe, "--root", site, "build", "--output-dir", out, "--force"]
        raise ValueError(self.name)


def tool_version(exe: str, args: list[str]) -> str:
    try:
        r = subprocess.run([exe] + args, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def install_hugo(log) -> None:
    log("--install-peers: apt-get install -y hugo")
    cmd = ["apt-get", "install", "-y", "hugo"]
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            log("  not root and no sudo: cannot install Hugo")
            return
        cmd = ["sudo", "-n"] + cmd
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        log("  apt-get install failed; trying apt-get update first")
        subprocess.run(cmd[:-3] + ["update"], capture_output=True, text=True)
        r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        log("  could not install Hugo:\n" + r.stderr.strip())


# --------------------------------------------------------------------------------------
# Measuring one build
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    user: float
    sys: float
    rss_kib: int
    rc: int
    stderr: str = ""


def measure(cmd: list[str], log_path: str) -> Run:
    """Spawn cmd with stdout+stderr to log_path; return wall, CPU and peak RSS of it."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        acts = [(os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2),
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)]
        t0 = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=acts)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        os.close(fd)
    rc = os.waitstatus_to_exitcode(status)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # Linux reports ru_maxrss in KiB.
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, rc, text)


def warm_memory(gib: float, log) -> None:
    """Touches `gib` GiB of anonymous memory, one byte a page, then frees it.

    On a virtual machine the host may back guest memory only when a page is
    first touched: the first build to use a page pays a fault in the host,
    later ones do not. Which build meets fresh pages depends on what other
    outputs sit on tmpfs, so it skews a paired comparison. Touched once, the
    guest's free pages are all backed and every build meets the same cost.
    """
    # In a child process: a process's peak memory is inherited by the
    # builds it spawns, and would be reported as theirs.
    code = ("import mmap\n"
            f"size = {int(gib * (1 << 30))}\n"
            "m = mmap.mmap(-1, size)\n"
            "for at in range(0, size, mmap.PAGESIZE):\n"
            "    m[at] = 1\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    log(f"touched {gib:g} GiB of memory in {time.perf_counter() - t0:.1f} s")


def clear(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


@dataclass
class Series:
    corpus: Corpus
    tool: Tool
    runs: list[Run] = field(default_factory=list)
    failure: str | None = None
    summary: str = ""

    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if r.rc == 0]

    def med(self, attr: str) -> float | None:
        vals = [getattr(r, attr) for r in self.ok_runs()]
        return statistics.median(vals) if vals else None

    def spread(self, attr: str) -> tuple[float, float] | None:
        vals = [getattr(r, attr) for r in self.ok_runs()]
        return (min(vals), max(vals)) if vals else None


def bench_group(entries: list[tuple[Corpus, str, Tool]], runs: int, out_root: str,
                log) -> list[Series]:
    """Run the entries in turns (A B A B ...), one unmeasured warm-up build each first."""
    series = [Series(c, t) for c, _, t in entries]
    for rnd in range(runs + 1):
        for s, (c, site, t) in zip(series, entries):
            if s.failure:
                continue
            out = os.path.join(out_root, f"{c.name}-{t.name}")
            clear(out)
            r = measure(t.command(site, out), os.path.join(out_root, f"{c.name}-{t.name}.log"))
            tag = "warm-up" if rnd == 0 else f"run {rnd}/{runs}"
            if r.rc != 0:
                s.failure = (f"{t.name} exited with {r.rc} on {c.name} ({c.label()}):\n"
                             f"$ {' '.join(t.command(site, out))}\n{r.stderr.strip()}")
                log(f"  {c.name:14} {t.name:9} {tag:9} FAILED (exit {r.rc})")
                log("    " + "\n    ".join(r.stderr.strip().splitlines()[-30:]))
                continue
            if rnd == 0:
                lines = [ln for ln in r.stderr.strip().splitlines() if ln.strip()]
                s.summary = lines[-1] if lines else ""
            else:
                s.runs.append(r)
            log(f"  {c.name:14} {t.name:9} {tag:9} wall {r.wall:7.3f} s  cpu {r.cpu:7.3f} s  "
                f"rss {r.rss_kib / 1024:7.1f} MiB")
    return series


# --------------------------------------------------------------------------------------
# Sanity checks of the annotated build
# --------------------------------------------------------------------------------------

TERM_RE = re.compile(rb'class="term"')


def text_pages(out: str):
    """The text pages of a build under `out` (`section-*/<page>/index.html`), sections
    in order: (section, page, the path of its index.html)."""
    if not os.path.isdir(out):
        return
    for d in sorted(os.listdir(out)):
        if not d.startswith("section-"):
            continue
        sdir = os.path.join(out, d)
        for p in os.listdir(sdir):
            f = os.path.join(sdir, p, "index.html")
            if os.path.isfile(f):
                yield d, p, f


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def mention_stats(out: str, c: Corpus) -> dict:
    """Count glossary links (class="term") in the text pages of a glossator build."""
    per_page = []
    samples = {}
    sample_names = set()
    width = max(5, len(str(c.pages)))
    for k in (1, c.pages // 4, c.pages // 2, c.pages):
        sample_names.add(f"page-{max(1, k):0{width}d}")
    for d, p, f in text_pages(out):
        n = len(TERM_RE.findall(read_bytes(f)))
        per_page.append(n)
        if p in sample_names:
            samples[f"{d}/{p}/"] = n
    gdir = os.path.join(out, "glossary")
    entries = [e for e in os.listdir(gdir)
               if os.path.isfile(os.path.join(gdir, e, "index.html"))] if os.path.isdir(gdir) else []
    tl = os.path.join(out, "timeline", "index.html")
    return {
        "text_pages": len(per_page),
        "mentions_total": sum(per_page),
        "pages_with_mentions": sum(1 for n in per_page if n),
        "median_per_page": statistics.median(per_page) if per_page else 0,
        "max_per_page": max(per_page) if per_page else 0,
        "samples": samples,
        "entry_pages": len(entries),
        "timeline_page": os.path.isfile(tl),
    }


NOTE_BODY_RE = re.compile(rb'<aside class="note-body"')


def note_stats(out: str, site: str) -> dict:
    """Count the notes anchored in a glossator build: the `<aside class="note-body"` of
    every text page, against the note files of the corpus (content/notes/*.md)."""
    per_page = [len(NOTE_BODY_RE.findall(read_bytes(f))) for _, _, f in text_pages(out)]
    ndir = os.path.join(site, "content", "notes")
    files = len([n for n in os.listdir(ndir) if n.endswith(".md")]) if os.path.isdir(ndir) else 0
    with_notes = [n for n in per_page if n]
    return {
        "note_files": files,
        "anchored": sum(per_page),
        "pages_with_notes": len(with_notes),
        "median_per_annotated_page": statistics.median(with_notes) if with_notes else 0,
        "max_per_page": max(per_page) if per_page else 0,
        "notes_page": os.path.isfile(os.path.join(out, "notes", "index.html")),
    }


CITATION_RE = re.compile(rb'<sup class="citation"')
CITE_MD_RE = re.compile(r"\[@[^\]]*\]")


def citation_stats(out: str, site: str) -> dict:
    """Count the citations rendered in a glossator build: the `<sup class="citation"` of
    every text page, against the bracketed citations ([@key ...]) in the pages' Markdown."""
    per_page = [len(CITATION_RE.findall(read_bytes(f))) for _, _, f in text_pages(out)]
    in_md = 0
    content = os.path.join(site, "content")
    for d in sorted(os.listdir(content)):
        if not d.startswith("section-"):
            continue
        for dirpath, _, names in os.walk(os.path.join(content, d)):
            for n in names:
                if n.endswith(".md"):
                    with open(os.path.join(dirpath, n), encoding="utf-8") as fh:
                        in_md += len(CITE_MD_RE.findall(fh.read()))
    with_cites = [n for n in per_page if n]
    return {
        "in_markdown": in_md,
        "rendered": sum(per_page),
        "text_pages": len(per_page),
        "pages_with_citations": len(with_cites),
        "median_per_citing_page": statistics.median(with_cites) if with_cites else 0,
        "max_per_page": max(per_page) if per_page else 0,
    }


HREFLANG_RE = r'hreflang="{}"'


def language_stats(out: str, site: str, langs: str) -> dict:
    """For each further language of a glossator build: the translated pages in the
    corpus (content/section-*/*.<lang>.md but _index), the text pages built under
    /<lang>/section-*/, and how many of the default language's text pages link to their
    translation (hreflang="<lang>")."""
    codes = [c for c in langs.split(",") if c]
    default_pages = [read_bytes(f) for _, _, f in text_pages(out)]
    stats = {"default_text_pages": len(default_pages), "languages": {}}
    content = os.path.join(site, "content")
    for code in codes:
        suffix = f".{code}.md"
        in_md = 0
        for d in sorted(os.listdir(content)):
            if d.startswith("section-"):
                in_md += sum(1 for n in os.listdir(os.path.join(content, d))
                             if n.endswith(suffix) and not n.startswith("_index."))
        built = sum(1 for _ in text_pages(os.path.join(out, code)))
        pat = HREFLANG_RE.format(code).encode()
        stats["languages"][code] = {
            "in_markdown": in_md,
            "built": built,
            "default_pages_linking": sum(1 for b in default_pages if pat in b),
        }
    return stats


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def fmt(v: float | None, spec: str) -> str:
    return "—" if v is None else format(v, spec)


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def machine_info() -> dict:
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/meminfo") as f:
            for ln in f:
                if ln.startswith("MemTotal:"):
                    info["mem_gib"] = round(int(ln.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    info["cpu"] = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        info["nproc_available"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    return info


def series_rows(series: list[Series]) -> list[str]:
    rows = []
    for s in series:
        if s.failure:
            rows.append(f"| {s.corpus.label()} | {s.tool.name} | FAILED | | | | |")
            continue
        w = s.spread("wall")
        rows.append(
            f"| {s.corpus.label()} | {s.tool.name} | {len(s.ok_runs())} | "
            f"{fmt(s.med('wall'), '.3f')} | {w[0]:.3f}–{w[1]:.3f} | "
            f"{fmt(s.med('cpu'), '.3f')} | {fmt(s.med('rss_kib') / 1024, '.1f')} |")
    return rows


TABLE_HEAD = ["| Corpus | Tool | Runs | Wall median (s) | Wall min–max (s) | "
              "CPU user+sys median (s) | Peak RSS median (MiB) |",
              "|---|---|---:|---:|---:|---:|---:|"]


def notes_groups(notes: dict | None) -> list[list[Series]]:
    return [] if notes is None else [notes["paired"], notes["fixed"], notes["growing"]]


def one_page_table(title: str, series: list[Series], anchored: dict) -> list[str]:
    """Rows of build time for one page with N notes, each against the same page without
    notes (the series holds, in turn, the page without notes and then with them)."""
    if not series:
        return []
    by_name = {s.corpus.name: s for s in series}
    out = [title + "; built in turns:", "",
           "| Notes | Page words | Runs | Wall median (s) | Wall min–max (s) | "
           "Same page without notes (s) | Notes' cost (ms) | Per note (µs) | "
           "Per note / row above | Anchored |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    prev = None
    for s in series:
        c = s.corpus
        if c.notes == 0:
            continue
        base = by_name.get(one_page_corpus(c.words, 0).name)
        if s.failure or base is None or base.failure:
            out.append(f"| {c.notes:,} | {c.words:,} | FAILED | | | | | | | |")
            prev = None
            continue
        w, b, lo_hi = s.med("wall"), base.med("wall"), s.spread("wall")
        per = (w - b) / c.notes * 1e6
        growth = "—" if prev is None or prev <= 0 else f"{per / prev:.2f}×"
        n_anch = anchored.get(c.name)
        out.append(f"| {c.notes:,} | {c.words:,} | {len(s.ok_runs())} | {w:.3f} | "
                   f"{lo_hi[0]:.3f}–{lo_hi[1]:.3f} | {b:.3f} | {(w - b) * 1e3:.1f} | "
                   f"{per:.1f} | {growth} | {'—' if n_anch is None else f'{n_anch:,}'} |")
        prev = per
    out += ["", "The notes' cost is the build time minus that of the same page without notes. "
            "With 4× the notes per row, a flat cost per note (about 1× the row above) is "
            "linear; about 4× the row above is quadratic.", ""]
    return out


def one_page_corpus(words: int, notes: int) -> Corpus:
    return Corpus(f"notes-page-{words}w-{notes}", 1, 1, notes=notes, words=words)


def one_page_series(growing: bool) -> list[Corpus]:
    """The one-page corpora, a page without notes before each page with notes: the same
    page of ONE_PAGE_WORDS words throughout, or a page as many times longer as it has
    more notes."""
    out: list[Corpus] = []
    for n in NOTES_ON_ONE_PAGE:
        words = ONE_PAGE_WORDS * n // NOTES_ON_ONE_PAGE[-1] if growing else ONE_PAGE_WORDS
        for c in (one_page_corpus(words, 0), one_page_corpus(words, n)):
            if c not in out:
                out.append(c)
    return out


NOTES_10K = 20000           # notes on the 10,000-page annotated corpus
NOTES_1K = 2000             # with --quick, on the 1,000-page one
NOTES_ON_ONE_PAGE = [100, 400, 1600, 6400]
ONE_PAGE_WORDS = 100000     # room for 6,400 non-overlapping passages of 3-8 words


# The goal the paired notes measurement checks (issue 14): a site with notes builds in at
# most this multiple of the time of the same site without them.
NOTES_TARGET = 1.3


def paired_verdict(base: Series, other: Series, ratio_label: str, round_label: str,
                   goal: str, target: float, scale: str = "") -> list[str]:
    """The ratio of `other` to `base`, by medians and round by round, and the verdict on
    `goal`: met when both are at most `target`. Paired runs: each round's ratio is `other`'s
    run over `base`'s run just before it; noise from other work on the machine hits a
    round's two runs alike, so the median of these ratios is the steadier figure when the
    load changes during the series."""
    r = other.med("wall") / base.med("wall")
    out = ["", f"| {ratio_label} | Wall | CPU | Peak RSS |", "|---|---:|---:|---:|",
           f"| {other.corpus.name} / {base.corpus.name} | {r:.2f}× | "
           f"{ratio(other.med('cpu'), base.med('cpu'))} | "
           f"{ratio(other.med('rss_kib'), base.med('rss_kib'))} |", ""]
    pairs = [b.wall / a.wall for a, b in zip(base.ok_runs(), other.ok_runs())]
    paired = statistics.median(pairs)
    out.append(f"Ratio of each round ({round_label}): "
               + ", ".join(f"{x:.2f}" for x in pairs) + f"; median {paired:.2f}.")
    worst = max(r, paired)
    out.append(f"Target: {goal}: {'met' if worst <= target else 'NOT met'} (ratio of the "
               f"medians {r:.2f}×, median of the rounds' ratios {paired:.2f}×; both must be at "
               f"most {target:.1f}×).{scale}")
    out.append("")
    return out


def notes_report(notes: dict) -> list[str]:
    out = ["Notes vs no notes (glossator only: the same pages, glossary and timeline, plus "
           "notes on passages; built alternately, one with notes, one without):", ""]
    out += TABLE_HEAD
    out += series_rows(notes["paired"])
    base, with_notes = notes["paired"]
    if not base.failure and not with_notes.failure:
        out += paired_verdict(base, with_notes, "Ratio with notes / without",
                              "with notes / the run without just before",
                              f"at most {NOTES_TARGET:.1f}× the wall time without notes",
                              NOTES_TARGET)
        c = notes.get("check")
        if c:
            ok = c["anchored"] == c["note_files"]
            out.append(f"Notes build check: exit 0; `{with_notes.summary}`. "
                       f"{c['anchored']:,} `<aside class=\"note-body\">` in the text pages for "
                       f"{c['note_files']:,} note files ({'all anchored' if ok else 'MISMATCH'}), "
                       f"on {c['pages_with_notes']:,} pages, median "
                       f"{c['median_per_annotated_page']} per annotated page and at most "
                       f"{c['max_per_page']}; /notes/ page "
                       f"{'present' if c['notes_page'] else 'MISSING'}.")
            out.append("")
    for key, title in (("fixed", f"Notes on one page of {ONE_PAGE_WORDS:,} words (the same "
                                 "page text in every row, only the number of notes on it "
                                 "changes; a cost per note that grows with the page's length "
                                 "stays flat here)"),
                       ("growing", "Notes on one page that grows with its notes (about "
                                   f"{ONE_PAGE_WORDS // NOTES_ON_ONE_PAGE[-1]} words per note: "
                                   "4× the notes on a 4× longer page, as a crowded page "
                                   "grows; here work per note proportional to the page's "
                                   "length, quadratic in the notes, shows)")):
        out += one_page_table(title, notes[key], notes.get("scaling_checks", {}))
    return out


SOURCES_10K = 5000          # sources cited by the 10,000-page corpus
SOURCES_1K = 500            # with --quick, by the 1,000-page one

# The goal the paired sources measurement checks: 10,000 pages citing 5,000 sources build
# in at most this multiple of the time of the same site without citations.
SOURCES_TARGET = 1.3


def smaller(series: Series) -> str:
    """The caveat of a paired verdict measured on a smaller corpus than its target's."""
    return (f" This run's corpus ({series.corpus.label()}) is smaller than the target's, so it "
            "only indicates.")


def sources_groups(sources: dict | None) -> list[list[Series]]:
    return [] if sources is None else [sources["paired"]]


def sources_report(sources: dict) -> list[str]:
    out = ["Sources vs no sources (glossator only: the same pages, plus content/sources.bib "
           "and about 3 citations per page; built alternately, one without citations, one "
           "with):", ""]
    out += TABLE_HEAD
    out += series_rows(sources["paired"])
    base, cited = sources["paired"]
    if not base.failure and not cited.failure:
        full = cited.corpus.pages == 10000 and cited.corpus.sources == SOURCES_10K
        out += paired_verdict(base, cited, "Ratio with sources / without",
                              "with sources / the run without just before",
                              f"10,000 pages citing {SOURCES_10K:,} sources in at most "
                              f"{SOURCES_TARGET:.1f}× the wall time of the same site without "
                              "citations, in one paired run", SOURCES_TARGET,
                              "" if full else smaller(cited))
        c = sources.get("check")
        if c:
            ok = c["rendered"] == c["in_markdown"]
            out.append(f"Sources build check: exit 0; `{cited.summary}`. "
                       f"{c['rendered']:,} `<sup class=\"citation\">` in the "
                       f"{c['text_pages']:,} text pages for {c['in_markdown']:,} bracketed "
                       f"citations in their Markdown ({'all rendered' if ok else 'MISMATCH'}), "
                       f"on {c['pages_with_citations']:,} pages, median "
                       f"{c['median_per_citing_page']} per citing page and at most "
                       f"{c['max_per_page']}.")
            out.append("")
    return out


LANGUAGES_10K = "fr"        # the languages the 10,000-page corpus is translated into
LANGUAGES_1K = "fr"         # with --quick, the 1,000-page one

# The goal the paired languages measurement checks (issue 16): 10,000 pages, every one also
# in French, build in at most this multiple of the one-language time.
LANGUAGES_TARGET = 2.2


def languages_groups(languages: dict | None) -> list[list[Series]]:
    return [] if languages is None else [languages["paired"]]


def languages_report(languages: dict) -> list[str]:
    out = ["### Languages", "",
           "Bilingual vs one language (glossator only: the same pages, plus a French "
           "pseudo-translation `NAME.fr.md` beside every page and section and "
           "`[languages.fr]` in site.toml; built alternately, one language, then two):", ""]
    out += TABLE_HEAD
    out += series_rows(languages["paired"])
    base, multi = languages["paired"]
    if not base.failure and not multi.failure:
        full = multi.corpus.pages == 10000 and multi.corpus.languages == LANGUAGES_10K
        out += paired_verdict(base, multi, "Ratio bilingual / one language",
                              "bilingual / the one-language run just before",
                              "10,000 pages, every one also in French, in at most "
                              f"{LANGUAGES_TARGET:.1f}× the one-language time, in one paired "
                              "run", LANGUAGES_TARGET, "" if full else smaller(multi))
        c = languages.get("check")
        if c:
            parts = []
            for code, st in c["languages"].items():
                ok = st["built"] == st["in_markdown"] == c["default_text_pages"]
                parts.append(f"{st['built']:,} text pages under /{code}/ for "
                             f"{st['in_markdown']:,} `.{code}.md` pages in the corpus, "
                             f"{st['default_pages_linking']:,} of the "
                             f"{c['default_text_pages']:,} default-language text pages "
                             f"linking to theirs with `hreflang=\"{code}\"` "
                             f"({'all translated' if ok else 'MISMATCH'})")
            out.append(f"Languages build check: exit 0; `{multi.summary}`. "
                       + "; ".join(parts) + ".")
            out.append("")
    return out


def report(groups: list[list[Series]], annotated: list[Series], mentions: dict | None,
           args, machine: dict, tools: list[Tool], date: str,
           notes: dict | None = None, sources: dict | None = None,
           languages: dict | None = None) -> str:
    out = [f"## glossator build benchmark — {date}", ""]
    out.append(f"Machine: {machine.get('cpu', '?')}, nproc {machine['nproc']}"
               f" ({machine.get('nproc_available', '?')} usable), "
               f"{machine.get('mem_gib', '?')} GiB RAM, Linux {machine['kernel']}, "
               f"Python {machine['python']}.")
    out.append("Tools: " + "; ".join(f"{t.name} = {t.version} (`{t.exe}`)" for t in tools) + ".")
    la = machine.get("loadavg")
    if la:
        out.append(f"Load average (1 min) at start {la[0]:.2f}, at end {la[1]:.2f} "
                   "(the figures are noisier when other work shares the CPUs).")
    out.append(f"{args.runs} measured runs per tool and corpus, alternating A B A B …, after one "
               "unmeasured warm-up build each; output on tmpfs. Medians.")
    if args.warm_memory > 0:
        out.append(f"Memory warmed first: {args.warm_memory:g} GiB touched once, so that no "
                   "build pays the host's first-touch faults of a virtual machine.")
    out.append("")
    if groups:
        out += TABLE_HEAD
        for g in groups:
            out += series_rows(g)
        out.append("")
    peers = [t for t in tools if t.name != "glossator"]
    if not groups:
        pass
    elif peers:
        out += ["Ratios glossator / peer (below 1 = glossator is faster or smaller):", "",
                "| Corpus | Peer | Wall | CPU | Peak RSS |", "|---|---|---:|---:|---:|"]
        for g in groups:
            gl = next((s for s in g if s.tool.name == "glossator"), None)
            for s in g:
                if s.tool.name == "glossator" or gl is None:
                    continue
                if gl.failure or s.failure:
                    out.append(f"| {s.corpus.label()} | {s.tool.name} | — | — | — |")
                    continue
                out.append(f"| {s.corpus.label()} | {s.tool.name} | "
                           f"{ratio(gl.med('wall'), s.med('wall'))} | "
                           f"{ratio(gl.med('cpu'), s.med('cpu'))} | "
                           f"{ratio(gl.med('rss_kib'), s.med('rss_kib'))} |")
        out.append("")
    else:
        out += ["No peer generator found (Hugo, Zola): no glossator/peer ratios.", ""]
    if annotated:
        out += ["Annotated vs plain (glossator only: same pages, plus glossary entries and "
                "timeline events, with automatic mentions):", ""]
        out += TABLE_HEAD
        out += series_rows(annotated)
        plain, ann = annotated
        if not plain.failure and not ann.failure:
            out += ["", "| Ratio annotated / plain | Wall | CPU | Peak RSS |", "|---|---:|---:|---:|",
                    f"| {ann.corpus.name} / {plain.corpus.name} | "
                    f"{ratio(ann.med('wall'), plain.med('wall'))} | "
                    f"{ratio(ann.med('cpu'), plain.med('cpu'))} | "
                    f"{ratio(ann.med('rss_kib'), plain.med('rss_kib'))} |"]
        out.append("")
        if mentions:
            m = mentions
            out.append(f"Annotated build check: exit 0; `{ann.summary}`. "
                       f"{m['entry_pages']:,} glossary entry pages, timeline page "
                       f"{'present' if m['timeline_page'] else 'MISSING'}. "
                       f"`class=\"term\"` links in the {m['text_pages']:,} text pages: "
                       f"{m['mentions_total']:,} in all, on {m['pages_with_mentions']:,} pages, "
                       f"median {m['median_per_page']} and at most {m['max_per_page']} per page; "
                       "samples: " + ", ".join(f"{k} {v}" for k, v in sorted(m['samples'].items()))
                       + ".")
            out.append("")
    if notes is not None:
        out += notes_report(notes)
    if sources is not None:
        out += sources_report(sources)
    if languages is not None:
        out += languages_report(languages)
    failures = [s for g in groups + [annotated] + notes_groups(notes) + sources_groups(sources)
                + languages_groups(languages) for s in g if s.failure]
    if failures:
        out += ["### Failures", ""]
        for s in failures:
            out += ["```", s.failure, "```", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="Benchmark glossator builds against Hugo and Zola (when installed).")
    p.add_argument("--glossator", default=os.path.join(REPO, "target", "release", "glossator"),
                   help="the glossator binary to measure (default: %(default)s); build it with "
                        "`cargo build --release`, or pass a copy so concurrent rebuilds do "
                        "not change it mid-run")
    p.add_argument("--runs", type=int, default=None,
                   help="measured runs per tool and corpus (default: 5, or 3 with --quick)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 1,000-page corpora only, 3 runs")
    p.add_argument("--large", action="store_true",
                   help="also the 50,000-page corpus (250 sections)")
    p.add_argument("--no-annotated", action="store_true",
                   help="skip the annotated corpus (glossary + timeline)")
    p.add_argument("--notes", action="store_true",
                   help="also measure notes on passages: the annotated corpus with and without "
                        f"{NOTES_10K:,} notes ({NOTES_1K:,} with --quick), and one page carrying "
                        f"from {NOTES_ON_ONE_PAGE[0]:,} to {NOTES_ON_ONE_PAGE[-1]:,} notes")
    p.add_argument("--only-notes", action="store_true",
                   help="run only the --notes measurements (implies --notes)")
    p.add_argument("--sources", action="store_true",
                   help="also measure citing sources: the plain corpus with and without "
                        f"{SOURCES_10K:,} BibLaTeX sources cited about 3 times a page "
                        f"({SOURCES_1K:,} on 1,000 pages with --quick)")
    p.add_argument("--only-sources", action="store_true",
                   help="run only the --sources measurements (implies --sources)")
    p.add_argument("--languages", action="store_true",
                   help="also measure languages: the plain 10,000-page corpus with and without "
                        f"a translation ({LANGUAGES_10K}) of every page (1,000 pages with "
                        f"--quick); target: at most {LANGUAGES_TARGET:.1f}× the one-language "
                        "time")
    p.add_argument("--only-languages", action="store_true",
                   help="run only the --languages measurements (implies --languages)")
    p.add_argument("--no-peers", action="store_true", help="measure glossator only")
    p.add_argument("--install-peers", action="store_true",
                   help="try `apt-get install -y hugo` when Hugo is missing")
    p.add_argument("--hugo", default=None, help="Hugo binary (default: `hugo` on PATH)")
    p.add_argument("--zola", default=None, help="Zola binary (default: `zola` on PATH)")
    p.add_argument("--gen-corpus", default=DEFAULT_GEN,
                   help="path of gen_corpus.py (default: %(default)s)")
    p.add_argument("--cache-dir", default=os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "glossator-bench"),
                   help="where corpora are generated and reused (default: %(default)s)")
    p.add_argument("--out-dir", default="/dev/shm/glossator-bench",
                   help="where builds write their output; keep it on tmpfs "
                        "(default: %(default)s)")
    p.add_argument("--warm-memory", type=float, default=0, metavar="GIB",
                   help="touch GIB GiB of memory once before measuring: on a virtual machine "
                        "whose memory the host backs on first touch, a build that needs more "
                        "fresh pages otherwise pays the host's faults too (default: 0, off)")
    p.add_argument("--json", metavar="FILE", help="also write every run's raw figures as JSON")
    p.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    args = p.parse_args(argv)
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    if args.runs < 1:
        p.error("--runs must be at least 1")
    if args.only_notes:
        args.notes = True
    if args.only_sources:
        args.sources = True
    if args.only_languages:
        args.languages = True
    only = args.only_notes or args.only_sources or args.only_languages

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if not os.path.isfile(args.gen_corpus):
        p.error(f"gen_corpus.py not found at {args.gen_corpus} (use --gen-corpus)")
    glossator = os.path.abspath(args.glossator)
    if not os.access(glossator, os.X_OK):
        p.error(f"no glossator binary at {glossator}: run `cargo build --release` or pass "
                "--glossator")

    tools = [Tool("glossator", glossator, tool_version(glossator, ["--version"]))]
    if not args.no_peers and not only:
        hugo = args.hugo or shutil.which("hugo")
        if hugo is None and args.install_peers:
            install_hugo(log)
            hugo = shutil.which("hugo")
        if hugo:
            tools.append(Tool("hugo", os.path.abspath(hugo), tool_version(hugo, ["version"])))
        else:
            log("Hugo not found: skipped (install it with `apt-get install -y hugo`, or "
                "pass --install-peers)")
        zola = args.zola or shutil.which("zola")
        if zola:
            tools.append(Tool("zola", os.path.abspath(zola), tool_version(zola, ["--version"])))
        else:
            log("Zola not found on PATH: skipped")

    if args.quick:
        plain = [Corpus("plain-1k", 1000, 10)]
        ann = Corpus("annotated-1k", 1000, 10, terms=5000, events=500)
    else:
        plain = [Corpus("plain-1k", 1000, 10), Corpus("plain-10k", 10000, 50)]
        if args.large:
            plain.append(Corpus("plain-50k", 50000, 250))
        ann = Corpus("annotated-10k", 10000, 50, terms=5000, events=500)
    ann_base = next(c for c in plain if c.pages == ann.pages and c.sections == ann.sections)
    # Notes: the annotated corpus again, plus notes (same seed, so the same page text).
    noted = Corpus(ann.name.replace("annotated", "notes"), ann.pages, ann.sections,
                   terms=ann.terms, events=ann.events,
                   notes=NOTES_1K if args.quick else NOTES_10K)
    fixed, growing = one_page_series(False), one_page_series(True)
    # Sources: the plain pages again, plus sources.bib and citations in them; the baseline
    # is the plain corpus of the same size (shared with the plain measurements).
    cited = (Corpus("sources-1k", 1000, 10, sources=SOURCES_1K) if args.quick
             else Corpus("sources-10k", 10000, 50, sources=SOURCES_10K))
    cited_base = next(c for c in plain if c.pages == cited.pages and c.sections == cited.sections)
    # Languages: the plain pages again, each with a translation beside it (same seed, so the
    # same default-language text); the baseline is the plain corpus of the same size.
    bilingual = (Corpus("languages-1k", 1000, 10, languages=LANGUAGES_1K) if args.quick
                 else Corpus("languages-10k", 10000, 50, languages=LANGUAGES_10K))
    bilingual_base = next(c for c in plain
                          if c.pages == bilingual.pages and c.sections == bilingual.sections)
    wanted: list[Corpus] = []
    if not only:
        wanted += plain + ([] if args.no_annotated else [ann])
    if args.notes:
        wanted += [c for c in [ann, noted] + fixed + growing if c not in wanted]
    if args.sources:
        wanted += [c for c in [cited_base, cited] if c not in wanted]
    if args.languages:
        wanted += [c for c in [bilingual_base, bilingual] if c not in wanted]

    out_root = args.out_dir
    if not os.path.isdir(os.path.dirname(out_root) or "/"):
        out_root = os.path.join(tempfile.gettempdir(), "glossator-bench-out")
        log(f"{args.out_dir} unavailable: writing builds to {out_root} (not tmpfs)")
    os.makedirs(out_root, exist_ok=True)
    os.makedirs(args.cache_dir, exist_ok=True)

    sites = {c.name: prepare_corpus(c, args.cache_dir, args.gen_corpus, log) for c in wanted}

    if args.warm_memory > 0:
        warm_memory(args.warm_memory, log)
    load_start = os.getloadavg()[0]
    groups: list[list[Series]] = []
    for c in ([] if only else plain):
        log(f"benchmarking {c.name} ({c.label()}): " + ", ".join(t.name for t in tools))
        entries = [(c, prepare_zola_site(sites[c.name]) if t.name == "zola" else sites[c.name], t)
                   for t in tools]
        groups.append(bench_group(entries, args.runs, out_root, log))

    annotated: list[Series] = []
    mentions = None
    if not args.no_annotated and not only:
        log(f"benchmarking glossator on {ann_base.name} vs {ann.name}")
        annotated = bench_group([(ann_base, sites[ann_base.name], tools[0]),
                                 (ann, sites[ann.name], tools[0])], args.runs, out_root, log)
        if not annotated[1].failure:
            mentions = mention_stats(os.path.join(out_root, f"{ann.name}-glossator"), ann)

    notes = None
    if args.notes:
        notes = {"check": None, "scaling_checks": {}}
        log(f"benchmarking glossator on {ann.name} vs {noted.name} (paired)")
        notes["paired"] = bench_group([(ann, sites[ann.name], tools[0]),
                                       (noted, sites[noted.name], tools[0])],
                                      args.runs, out_root, log)
        if not notes["paired"][1].failure:
            notes["check"] = note_stats(os.path.join(out_root, f"{noted.name}-glossator"),
                                        sites[noted.name])
        for key, series in (("fixed", fixed), ("growing", growing)):
            log(f"benchmarking glossator on one page with notes ({key}), in turns: "
                + ", ".join(c.name for c in series))
            notes[key] = bench_group([(c, sites[c.name], tools[0]) for c in series],
                                     args.runs, out_root, log)
            for s in notes[key]:
                if not s.failure and s.corpus.notes:
                    notes["scaling_checks"][s.corpus.name] = note_stats(
                        os.path.join(out_root, f"{s.corpus.name}-glossator"),
                        sites[s.corpus.name])["anchored"]

    sources = None
    if args.sources:
        sources = {"check": None}
        log(f"benchmarking glossator on {cited_base.name} vs {cited.name} (paired)")
        sources["paired"] = bench_group([(cited_base, sites[cited_base.name], tools[0]),
                                         (cited, sites[cited.name], tools[0])],
                                        args.runs, out_root, log)
        if not sources["paired"][1].failure:
            sources["check"] = citation_stats(os.path.join(out_root, f"{cited.name}-glossator"),
                                              sites[cited.name])

    languages = None
    if args.languages:
        languages = {"check": None}
        log(f"benchmarking glossator on {bilingual_base.name} vs {bilingual.name} (paired)")
        languages["paired"] = bench_group([(bilingual_base, sites[bilingual_base.name], tools[0]),
                                           (bilingual, sites[bilingual.name], tools[0])],
                                          args.runs, out_root, log)
        if not languages["paired"][1].failure:
            languages["check"] = language_stats(
                os.path.join(out_root, f"{bilingual.name}-glossator"), sites[bilingual.name],
                bilingual.languages)

    date = _dt.date.today().isoformat()
    machine = machine_info()
    machine["loadavg"] = [load_start, os.getloadavg()[0]]
    text = report(groups, annotated, mentions, args, machine, tools, date, notes, sources,
                  languages)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if args.json:
        data = {
            "date": date, "machine": machine, "runs": args.runs,
            "tools": [t.__dict__ for t in tools], "mentions": mentions,
            "notes_check": notes and notes["check"],
            "notes_on_one_page_anchored": notes and notes["scaling_checks"],
            "sources_check": sources and sources["check"],
            "languages_check": languages and languages["check"],
            "series": [{"corpus": s.corpus.__dict__, "tool": s.tool.name, "failure": s.failure,
                        "summary": s.summary,
                        "runs": [{k: v for k, v in r.__dict__.items() if k != "stderr"}
                                 for r in s.runs]}
                       for g in groups + [annotated] + notes_groups(notes)
                       + sources_groups(sources) + languages_groups(languages) for s in g],
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
    failed = any(s.failure for g in groups + [annotated] + notes_groups(notes)
                 + sources_groups(sources) + languages_groups(languages) for s in g)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
