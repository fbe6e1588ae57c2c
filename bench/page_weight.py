"""Page weight: what a first visit to one page of each type transfers (gzip as deploy/nginx.conf
sends it) and Lighthouse on the same sample pages (bench/lighthouse.py); what the first search
loads is bench/search_weight.py's. Measured on the real site built warm; see bench/README.md.

Page weight and search are engineer G's concern since issue 13 (generator/finish/, theme/);
this code is kept working for `make bench`, which runs it unless --no-page-weight, and runs
Lighthouse unless --no-lighthouse.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .build_time import loadavg

PROJECT = Path(__file__).resolve().parent.parent
TARGET_LIGHT_KB = 100.0
TARGET_CHART_KB = 300.0
LIGHTHOUSE_PAGES = ("home", "service", "indicator")  # page types of PAGE_TYPES that Lighthouse runs on
# Page types of the page-weight table: (name, template, has charts).
PAGE_TYPES = (
    ("home", None, False),
    ("service", "item.md.j2", False),
    ("audience", "audience.md.j2", False),
    ("finder", "finder.md.j2", False),
    ("indicator", "indicator.md.j2", True),
    ("dashboard", "indicators.md.j2", True),
    ("comparison", "compare.md.j2", True),
)

# deploy/nginx.conf: gzip_comp_level 6, gzip_min_length 1024, these types (text/html always).
_GZIP_EXT = {".html", ".css", ".js", ".mjs", ".json", ".map", ".xml", ".csv", ".txt", ".svg", ".webmanifest"}
_KIND = {".html": "html", ".css": "css", ".js": "js", ".mjs": "js", ".woff": "font", ".woff2": "font",
         ".ttf": "font", ".otf": "font", ".png": "image", ".svg": "image", ".ico": "image", ".webp": "image",
         ".jpg": "image", ".jpeg": "image", ".gif": "image", ".json": "data", ".csv": "data", ".webmanifest": "data"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def transfer_size(path: Path) -> tuple[int, int]:
    """(raw bytes, bytes on the wire): gzip -6 when nginx would compress it."""
    data = path.read_bytes()
    if path.suffix in _GZIP_EXT and len(data) >= 1024:
        return len(data), len(gzip.compress(data, 6))
    return len(data), len(data)


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (url, why)
        self.live_chart: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append((a["src"], "script"))
            if a.get("data-echarts"):  # charts.js loads ECharts only when a chart goes live
                self.live_chart.append(a["data-echarts"])
        elif tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
                self.urls.append((a["href"], "link " + " ".join(sorted(rels))))
        elif tag in ("img", "source", "video", "audio", "iframe", "embed") and a.get("src"):
            self.urls.append((a["src"], tag))


def _site_path(site: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "site.test"):
        return None
    path = parts.path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def page_weight(site: Path, src_uri: str) -> dict:
    """What a first visit to the page transfers: the page and everything it loads."""
    from generator.site.pages import page_url

    page_href = "http://site.test/" + page_url(src_uri)
    html_path = _site_path(site, page_href)
    if html_path is None:
        raise FileNotFoundError(f"{src_uri}: no such page in {site}")
    parser = _Resources()
    parser.feed(html_path.read_text(encoding="utf-8"))
    wanted: list[tuple[str, str, str]] = [(page_href, "page", "html")]
    live = [urljoin(page_href, url) for url in parser.live_chart]
    for url, why in parser.urls:
        if url.startswith("data:"):
            continue
        wanted.append((urljoin(page_href, url), why, ""))
    # The search loads nothing until the reader uses it: its first query is bench/search_weight.py's.
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(url: str, why: str, kind: str) -> None:
        key = urlsplit(url)._replace(fragment="", query="").geturl()
        if key in seen:
            return
        seen.add(key)
        path = _site_path(site, key)
        if path is None:
            rows.append({"url": url, "why": why, "external": True})
            return
        if not path.is_file():
            rows.append({"url": key.replace("http://site.test/", "/"), "why": why, "missing": True})
            return
        raw, wire = transfer_size(path)
        rows.append({"url": key.replace("http://site.test/", "/"), "why": why, "kind": kind or _KIND.get(path.suffix, "other"),
                     "raw": raw, "gzip": wire})
        if path.suffix == ".css":  # fonts and images the stylesheet pulls in
            for m in _CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                ref = m.group(1) or m.group(2)
                if ref and not ref.startswith(("data:", "#")):
                    add(urljoin(key, ref), "from " + path.name, "")

    for url, why, kind in wanted:
        add(url, why, kind)
    live_rows: list[dict[str, Any]] = []
    for url in live:
        path = _site_path(site, url)
        if path is not None and path.is_file():
            raw, wire = transfer_size(path)
            live_rows.append({"url": url.replace("http://site.test/", "/"), "why": "ECharts, when a chart goes live",
                              "raw": raw, "gzip": wire})
    by_kind: dict[str, int] = defaultdict(int)
    for r in rows:
        if "gzip" in r:
            by_kind[r["kind"]] += r["gzip"]
    total = sum(r.get("gzip", 0) for r in rows)
    return {
        "url": page_href.replace("http://site.test", ""),
        "first_visit_gzip": total,
        "first_visit_kb": round(total / 1024, 1),
        # Chart pages show static SVGs; the live chart (tooltips) loads ECharts on touch, or on
        # view on wide screens (theme/assets/javascripts/charts.js).
        "live_chart_extra_kb": round(sum(r["gzip"] for r in live_rows) / 1024, 1) if live_rows else None,
        "live_chart_resources": live_rows,
        "html_gzip": next((r["gzip"] for r in rows if r.get("why") == "page"), None),
        "by_kind_gzip": dict(sorted(by_kind.items())),
        "resources": rows,
        "missing": [r["url"] for r in rows if r.get("missing")],
        "external": [r["url"] for r in rows if r.get("external")],
    }


def sample_pages(root: Path) -> dict[str, str]:
    """The language-independent path of one page of each type (the first of the first city)."""
    from generator.site.sitemodel import build_site_model
    from generator.data.validate import load_dataset

    model = build_site_model(load_dataset(root))
    out: dict[str, str] = {}
    for name, template, _ in PAGE_TYPES:
        if template is None:
            out[name] = "index.md"
            continue
        for page in model.pages:
            if page.lang != "zh" or page.template != template:
                continue
            item = page.context.get("item")
            if name == "service" and (item is None or item.kind.value != "service"):
                continue
            out[name] = page.path
            break
    return out


def pages_per_language(site: Path) -> dict[str, int]:
    from generator.site.i18n import LANGS, url_prefix

    counts = {lang: 0 for lang in LANGS}
    prefixes = sorted(((url_prefix(lang), lang) for lang in LANGS), key=lambda p: -len(p[0]))
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        lang = next(lang for prefix, lang in prefixes if rel.startswith(prefix))
        counts[lang] += 1
    return counts



def page_weights(site: Path) -> dict:
    from generator.site.i18n import LANGS, url_prefix

    samples = sample_pages(PROJECT)
    out: list[dict[str, Any]] = []
    for name, _, charts in PAGE_TYPES:
        if name not in samples:
            out.append({"type": name, "note": "no page of this type"})
            continue
        for lang in LANGS:
            w = page_weight(site, url_prefix(lang) + samples[name])
            out.append({"type": name, "lang": lang, "charts": charts,
                        "limit_kb": TARGET_CHART_KB if charts else TARGET_LIGHT_KB, **w})
    return {"pages": out}


def lighthouse_scores(site: Path, runs: int = 1) -> dict:
    """Lighthouse on the page-weight sample pages of the types in LIGHTHOUSE_PAGES, both languages."""
    from bench import lighthouse
    from generator.site.i18n import LANGS, url_prefix
    from generator.site.pages import page_url

    samples = sample_pages(PROJECT)
    pages = [{"type": name, "lang": lang, "path": "/" + page_url(url_prefix(lang) + samples[name])}
             for name in LIGHTHOUSE_PAGES if name in samples for lang in LANGS]
    load = loadavg()
    out = lighthouse.run_pages(site, pages, runs)
    return {**out, "loadavg_before": load, "loadavg_after": loadavg()}
