"""Every internal link and anchor of the merged site resolves: pages, assets, downloads, the
source-passage anchors (…/source/#box-8-item-3) and the heading anchors, in every page and
in sitemap.xml. Links to the site's own address (site_url: the canonical, "cite this page")
count as internal.

Each shard's engine build sees only its own pages, so the engine's own link validation is
off (generator/engine/__init__.py); this check over the merged output replaces it: the
build fails on a broken link, as MkDocs' strict mode did (tests/test_html.py runs it too).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_TAG = re.compile(r"<(a|link|script|img|iframe|source|area|form|use)\b([^>]*)>", re.I)
_URL_ATTR = re.compile(r'\b(href|src|action|xlink:href)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_SITEMAP_URL = re.compile(r'<loc>([^<]+)</loc>|\bhref="([^"]+)"')


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_path(site: Path, file: Path) -> str:
    """The URL path a file is served at: cities/x/index.html → /cities/x/."""
    rel = file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def _ids(file: Path) -> frozenset[str]:
    return frozenset(_ID.findall(file.read_text(encoding="utf-8")))


def _target(site: Path, path: str) -> Path | None:
    """The file a URL path is served from (as nginx's try_files $uri $uri/ does)."""
    local = site / unquote(path).lstrip("/")
    if path.endswith("/"):
        local = local / "index.html"
    elif local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


def site_url_of(site: Path) -> str:
    """The address the site was built for (mkdocs.yml site_url / $SITE_URL): the home page's
    canonical link; "" for a site built without one (it has no canonical links)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    return found.group(1).rstrip("/") + "/" if found else ""


def check_links(site: Path, site_url: str | None = None) -> tuple[list[str], dict[str, int]]:
    """All broken internal links and anchors in the built site, and counts of what was checked."""
    site_url = site_url or site_url_of(site)
    ids: dict[Path, frozenset[str]] = {}  # each page's anchors, read once per check (and never from an older build)
    broken: list[str] = []
    counts = {"pages": 0, "links": 0, "anchors": 0, "external": 0}

    def check(source: str, base: str, original: str) -> None:
        ref = original.replace("&amp;", "&")
        scheme = urlsplit(ref).scheme
        if site_url and ref.startswith(site_url):
            ref = "/" + ref[len(site_url):]
        elif scheme in ("mailto", "tel"):
            return
        elif scheme == "javascript":
            broken.append(f"{source}: {original} (javascript: URL, blocked by the CSP)")
            return
        elif scheme or ref.startswith("//"):
            counts["external"] += 1
            return
        counts["links"] += 1
        parts = urlsplit(urljoin(base, ref))
        target = _target(site, parts.path)
        if target is None:
            broken.append(f"{source}: {original} (no file for {unquote(parts.path)})")
        elif parts.fragment:
            counts["anchors"] += 1
            if target.suffix == ".html" and target not in ids:
                ids[target] = _ids(target)
            if target.suffix != ".html" or unquote(parts.fragment) not in ids[target]:
                broken.append(f"{source}: {original} (no id “{unquote(parts.fragment)}” in {url_path(site, target)})")

    for file in pages(site):
        counts["pages"] += 1
        base = url_path(site, file)
        for _tag, attrs in _TAG.findall(file.read_text(encoding="utf-8")):
            for _name, ref in _URL_ATTR.findall(attrs):
                if ref:
                    check(base, base, ref)
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc, href in _SITEMAP_URL.findall(sitemap.read_text(encoding="utf-8")):
            check("/sitemap.xml", "/", loc or href)
    return broken, counts
