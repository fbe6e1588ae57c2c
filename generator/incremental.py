"""Rebuild only the pages a data edit changed, under `serve` (MkDocs's dirty builds).

A full build renders every page through Material's templates (~10 s for the
real site). When a webmaster edits one amount in data/, a handful of pages
change. `site_build.py serve` (or `mkdocs serve --dirty`) runs MkDocs in dirty
mode, where a page is rebuilt only when its file says it is modified; MkDocs
considers every generated file modified, so the hooks ask this module instead:

- a generated page is unchanged when its Markdown and the data location it
  shows (file, line: the edit link) are what they were in the previous build
  of this process;
- anything else that shapes pages (the navigation, theme/, mkdocs.yml,
  content/, the generator's code and templates) changing since the previous
  build makes every page count as changed: navigation and layout are in every page;
- hand-written pages (content/) are always rebuilt: there are few, and they
  show the navigation and generated parts their file dates know nothing of.

MkDocs's search plugin only indexes the pages it built, so the search index of
a dirty build is completed from the previous builds' entries (`complete_search_docs`).

The state lives in this module (imported once per process), not in the hooks
module, which MkDocs loads afresh with every configuration.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

_state: dict = {"dirty": False, "stamp": None, "pages": {}, "search": {}}

# Files whose change affects every page (the data's effect is per page, fingerprinted).
_LAYOUT_GLOBS = ("theme/**/*", "content/**/*", "mkdocs.yml", "generator/**/*.py", "generator/templates/*")


class _KnownDirtyBuild(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation and links stale, which
    `strict: true` turns into a failed build. Here the warning does not apply: a
    change to the navigation, layout or code rebuilds every page (`unchanged_pages`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_state["dirty"] and record.getMessage().startswith("A 'dirty' build is being performed"))


_FILTER = _KnownDirtyBuild()


def enable(dirty: bool) -> None:
    """Called once per `serve` (MkDocs's on_startup): remember whether builds are dirty."""
    logging.getLogger("mkdocs.commands.build").addFilter(_FILTER)  # the same object: added once
    _state["dirty"] = bool(dirty)
    _state["pages"] = {}
    _state["search"] = {}
    _state["stamp"] = None


def is_dirty() -> bool:
    return _state["dirty"]


def layout_stamp(root: Path) -> tuple:
    """The newest modification time and the number of the files that shape every page."""
    times = [p.stat().st_mtime_ns for pattern in _LAYOUT_GLOBS for p in root.glob(pattern) if p.is_file()]
    return (max(times, default=0), len(times))


def page_fingerprint(content: str, origin: tuple[str, int]) -> str:
    return hashlib.sha1(f"{origin[0]}:{origin[1]}\n{content}".encode("utf-8")).hexdigest()


def unchanged_pages(root: Path, nav: list, fingerprints: dict[str, str]) -> set[str]:
    """Generated pages (src_uri) that a dirty build may skip; remembers this build's fingerprints.
    `nav` is the navigation (with titles from data): it is in every page."""
    if not _state["dirty"]:
        return set()
    stamp = (layout_stamp(root), hashlib.sha1(repr(nav).encode("utf-8")).hexdigest())
    same_layout = stamp == _state["stamp"]
    previous = _state["pages"] if same_layout else {}
    _state["stamp"], _state["pages"] = stamp, dict(fingerprints)
    return {uri for uri, fp in fingerprints.items() if previous.get(uri) == fp}


def complete_search_docs(docs: list[dict], page_urls: list[str]) -> list[dict]:
    """The search entries of a dirty build, completed with the last entries of pages it
    skipped; pages that no longer exist are dropped. Clean builds pass through."""
    if not _state["dirty"]:
        return docs
    built: dict[str, list[dict]] = {}
    for doc in docs:
        built.setdefault(doc["location"].split("#")[0], []).append(doc)
    known = _state["search"]
    known.update(built)
    existing = set(page_urls)
    for url in [url for url in known if url not in existing]:
        del known[url]
    return [doc for url in page_urls for doc in known.get(url, [])]


def _environment_version() -> str:
    import hashlib

    import jinja2

    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(jinja2.__version__.encode())
    for module in ("mkdocs_hooks.py", "incremental.py"):
        digest.update((here / module).read_bytes())
    return digest.hexdigest()[:16]


def template_cache() -> FileSystemBytecodeCache:
    """Compiled Jinja templates kept in .cache/jinja/ (the theme's and the generator's).
    MkDocs makes a new Jinja environment for every build, which compiles Material's
    templates again (~0.5 s); with this cache a warm build or a `serve` rebuild loads
    them. Jinja checks each entry against its template's source, so an edited
    template is compiled again."""
    # Jinja keys entries by template source only, not by the environment that compiled them
    # (autoescape, filters, Jinja's version): the folder is named after the code that sets
    # the environment up, so a change there never reuses code compiled under the old one.
    folder = Path(__file__).resolve().parent.parent / ".cache" / "jinja" / _environment_version()
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
