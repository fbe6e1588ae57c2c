"""One sitemap over every page of every shard, each page with its twin in the other language
(hreflang), which is how search engines learn the pairs. Pages carry no
<link rel="alternate"> because mkdocs-material fetches a sitemap beside every such link.

Without a site URL (SITE_URL unset) there is no sitemap at all: the sitemaps protocol
(sitemaps.org) requires every <loc> to be a fully qualified URL, beginning with its
protocol, on the sitemap's own host, and a sitemap of relative or guessed addresses would
be invalid or wrong. A preview needs none; a published build has SITE_URL (on CI it must)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from xml.sax.saxutils import escape

from ..site.i18n import HTML_LANG, LANGS, url_prefix


def sitemap_xml(site_url: str, pages: list[dict]) -> str:
    base = site_url.rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in sorted(pages, key=lambda p: p["url"]):
        url = page["url"]
        bare = url[len(url_prefix(page["lang"])):]
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(base + url)}</loc>")
        for lang in LANGS:
            href = escape(base + url_prefix(lang) + bare, {'"': "&quot;"})
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{HTML_LANG[lang]}" href="{href}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site: Path, site_url: str, pages: list[dict]) -> None:
    if not site_url:
        return
    text = sitemap_xml(site_url, pages)
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:  # mtime 0: reproducible
        gz.write(text.encode("utf-8"))
    (site / "sitemap.xml.gz").write_bytes(raw.getvalue())
