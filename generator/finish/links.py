"""Every internal link and anchor of the merged site resolves: pages, assets, downloads, the
source-passage anchors (…/source/#box-8-item-3) and the heading anchors, in every page and
in sitemap.xml. Links to the site's own address (site_url: the canonical, "cite this page")
count as internal.

Each shard's engine build sees only its own pages, so the engine's own link validation is
off (generator/engine/__init__.py); this check over the merged output replaces it: the
build fails on a broken link, as MkDocs' strict mode did (tests/test_html.py runs it too).

It runs over every page of the merged site in the build's one process, so it is written for
speed (issue 13; about 6× faster than reading the site with pathlib and urllib link by link):
- the site's files are listed once (one walk; then a set lookup per link, not a stat);
- each page is read once: its links and its ids come from the same text, an anchor into the
  same page is checked at once, an anchor into another page when every page has been read;
- a link that is only a path and a fragment (nearly all of them) is resolved against its
  page by urljoin's own steps (`_join_path`) without urllib's parsing; any other by urllib.
- it can run while Pagefind writes the search index (`unfinished`): links into that folder
  are judged once it is written.

A build skips it when the same files passed it last time (reuse.py): its verdict is taken to
depend on the files' names, the pages' and sitemap.xml's bytes and the site's address only —
what `reuse.site_digests` digests. A check that reads anything else must be digested there too.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_TAG = re.compile(r"<(?:a|link|script|img|iframe|source|area|form|use)\b([^>]*)>", re.I)
_URL_ATTR = re.compile(r'\b(?:href|src|action|xlink:href)="([^"]*)"')
_ID = re.compile(r'id="([^"]*)"')  # an id attribute only where a space precedes it: see _ids
_SITEMAP_URL = re.compile(r'<loc>([^<]+)</loc>|\bhref="([^"]+)"')
# Only a path and/or a fragment, in characters urllib neither strips nor reads as a scheme,
# a host, a query or parameters; a page's URL path in the same characters.
_PLAIN_REF = re.compile(r"(?!//)([\w.~%/\-]*)(?:#([\w.~%\-]*))?\Z")
_PLAIN_BASE = re.compile(r"/[\w.~%/\-]*\Z")

# What a link is (`_resolve`): a problem, a file, an anchor in a file, or nothing to check.
Resolved = tuple[str, ...] | None


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_path(site: Path, file: Path) -> str:
    """The URL path a file is served at: cities/x/index.html → /cities/x/."""
    return _url_of(file.relative_to(site).as_posix())


def _url_of(rel: str) -> str:
    return "/" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def site_url_of(site: Path) -> str:
    """The address the site was built for (mkdocs.yml site_url / $SITE_URL): the home page's
    canonical link; "" for a site built without one (it has no canonical links)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    return found.group(1).rstrip("/") + "/" if found else ""


class SiteFiles:
    """The site's files and folders (paths relative to it, "/"-separated), listed once."""

    def __init__(self, site: Path, *, skip: str | None = None):
        """`skip`: a folder of the site's top level left out (one still being written)."""
        self.files: set[str] = set()
        self.dirs: set[str] = {""}
        self.add(site, "", skip=skip)

    def add(self, site: Path, folder: str, *, skip: str | None = None) -> None:
        """List `folder` (relative to the site; "" for all of it) too."""
        top = site / folder
        if folder and top.is_dir():
            self.dirs.add(folder)
        for root, dirs, files in os.walk(top):
            rel = Path(root).relative_to(site).as_posix()
            prefix = "" if rel == "." else rel + "/"
            if prefix == "" and skip in dirs:
                dirs.remove(skip)
            self.dirs.update(prefix + d for d in dirs)
            self.files.update(prefix + f for f in files)

    def target(self, path: str) -> str | None:
        """The file a URL path is served from (as nginx's try_files $uri $uri/ does), or None.
        Dot segments (percent-encoded ones too, once decoded) cannot climb above the site."""
        rel = posixpath.normpath("/" + unquote(path)).lstrip("/")
        if path.endswith("/") or rel in self.dirs:
            rel = f"{rel}/index.html" if rel else "index.html"
        return rel if rel in self.files else None

    def pages(self) -> list[str]:
        """The HTML pages, in the order of `pages()` (paths sorted by their parts)."""
        return sorted((f for f in self.files if f.endswith(".html")), key=lambda f: f.split("/"))


def check_links(site: Path, site_url: str | None = None, *, unfinished: str | None = None,
                wait: Callable[[], object] | None = None) -> tuple[list[str], dict[str, int]]:
    """All broken internal links and anchors in the built site, and counts of what was checked.

    `unfinished`: a folder of the site's top level that another process is still writing (the
    search index, while Pagefind runs beside this check): the links into it are judged after
    `wait()` returns, against what it then holds."""
    site_url = site_url or site_url_of(site)
    files = SiteFiles(site, skip=unfinished)
    later: list[tuple[str, str, str]] = []  # links into `unfinished`: (source, base, link)
    counts = {"pages": 0, "links": 0, "anchors": 0, "external": 0}
    # Each problem in the order met: found at once (a str), or an anchor into another page,
    # to look up once every page's ids are known: (page, id, the problem if it is not there).
    found: list[str | tuple[str, str, str]] = []
    wanted: set[str] = set()  # the pages an anchor of another page points to
    ids: dict[str, frozenset[str]] = {}  # their ids (only theirs: at 100 cities, all would be large)

    def check(source: str, base: str, original: str, own: tuple[str, frozenset[str]] | None = None) -> None:
        result = _resolve(files, site_url, base, original)
        if result is None:
            return
        kind = result[0]
        if kind == "missing" and unfinished and _is_in(result[1], unfinished):
            later.append((source, base, original))
            return
        if kind == "external":
            counts["external"] += 1
        elif kind == "javascript":
            found.append(f"{source}: {original} (javascript: URL, blocked by the CSP)")
        elif kind == "missing":
            counts["links"] += 1
            found.append(f"{source}: {original} (no file for {result[1]})")
        elif kind == "anchor":
            counts["links"] += 1
            counts["anchors"] += 1
            target, fragment = result[1], result[2]
            problem = f"{source}: {original} (no id “{fragment}” in {_url_of(target)})"
            if own is not None and target == own[0]:
                if fragment not in own[1]:
                    found.append(problem)
            elif target.endswith(".html"):
                wanted.add(target)
                found.append((target, fragment, problem))
            else:
                found.append(problem)
        else:
            counts["links"] += 1

    for rel in files.pages():
        counts["pages"] += 1
        text = (site / rel).read_text(encoding="utf-8")
        base, own = _url_of(rel), (rel, _ids(text))
        for attrs in _TAG.findall(text):
            for ref in _URL_ATTR.findall(attrs):
                if ref:
                    check(base, base, ref, own)
        if rel in wanted:
            ids[rel] = own[1]
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc, href in _SITEMAP_URL.findall(sitemap.read_text(encoding="utf-8")):
            check("/sitemap.xml", "/", loc or href)
    if wait is not None:
        wait()
    if unfinished:
        files.add(site, unfinished)
        unfinished = None
        for source, base, original in later:
            check(source, base, original)
    for rel in wanted - ids.keys():  # pages read before the first anchor into them: read again
        ids[rel] = _ids((site / rel).read_text(encoding="utf-8"))
    broken = [item if isinstance(item, str) else item[2] for item in found
              if isinstance(item, str) or item[1] not in ids[item[0]]]
    return broken, counts


def _is_in(path: str, folder: str) -> bool:
    rel = posixpath.normpath("/" + path).lstrip("/")
    return rel == folder or rel.startswith(folder + "/")


def _ids(text: str) -> frozenset[str]:
    """The page's ids: the `id="…"` attributes, not the end of another (`data-id="…"` is not
    an anchor). Found as the literal `id="` and then looked behind, because a pattern that
    starts with the look-behind (or `\\b`) has no literal prefix and is several times slower."""
    return frozenset(match.group(1) for match in _ID.finditer(text)
                     if match.start() and text[match.start() - 1].isspace())


def _resolve(files: SiteFiles, site_url: str, base: str, original: str) -> Resolved:
    """What a link written in the page at URL path `base` is: None (mailto:, tel:),
    ("external",), ("javascript",), ("missing", path), ("file", file) or ("anchor", file, id)."""
    ref = original.replace("&amp;", "&")
    plain = _PLAIN_REF.match(ref)
    if plain and _PLAIN_BASE.match(base) and not (site_url and ref.startswith(site_url)):
        path, fragment = _join_path(base, plain.group(1)), plain.group(2) or ""
    else:
        scheme = urlsplit(ref).scheme
        if site_url and ref.startswith(site_url):
            ref = "/" + ref[len(site_url):]
        elif scheme in ("mailto", "tel"):
            return None
        elif scheme == "javascript":
            return ("javascript",)
        elif scheme or ref.startswith("//"):
            return ("external",)
        parts = urlsplit(urljoin(base, ref))
        path, fragment = parts.path, parts.fragment
    target = files.target(path)
    if target is None:
        return ("missing", unquote(path))
    if fragment:
        return ("anchor", target, unquote(fragment))
    return ("file", target)


def _join_path(base: str, path: str) -> str:
    """urljoin(base, path)'s path, by urljoin's own steps (CPython's urllib.parse: RFC 3986's
    remove_dot_segments), for a base that is a path and a reference that is only a path
    (tests/test_links.py compares the two)."""
    if not path:
        return base
    base_parts = base.split("/")
    if base_parts[-1] != "":
        del base_parts[-1]
    if path[:1] == "/":
        segments = path.split("/")
    else:
        segments = base_parts + path.split("/")
        segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for seg in segments:
        if seg == "..":
            if resolved:
                resolved.pop()
        elif seg != ".":
            resolved.append(seg)
    if segments[-1] in (".", ".."):
        resolved.append("")
    return "/".join(resolved) or "/"
