"""What a build's finish stage may take from an earlier build (issue 13: the warm build).

A warm build usually merges the same bytes as the last one. Then two things need not be done
again, and are kept in the build's cache folder (`FinishCache`, .cache/finish/<code version>/):

- the search index: Pagefind's output is a function of what it reads — the pages (paths and
  bytes), the Pagefind binary (any it may run), its configuration (a pagefind.* file in the working folder,
  PAGEFIND_* variables) — and of this package's code that runs it and canonicalises its
  files. Its key (`search_key`) digests all of those, and the search synonyms too (written
  beside the index, not by Pagefind, but part of what the search stage is given). The last
  indexes (SEARCH_KEEP) are kept with the SHA-256 of every file; an entry whose files do not
  match them is deleted, never used. A restored index is the bytes a fresh run writes
  (tests/test_finish_reuse.py).
- the link check: it is a function of what it reads of the merged site — every file's name,
  the pages' and the sitemap's bytes — of the site's address and of the index. Only a check
  that passed is recorded (`links_key` → the counts it reported): a failure is never kept,
  so a broken site is checked, and refused, every time.

Both keys come from one walk over the merged site before the index is written
(`site_digests`: each page read once, other files by name); the cache folder is named by the code version of this package
(generator/caching.py), so new finishing code never reads an old entry.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..caching import code_version, link_or_copy, prune_files, versioned_folder
from .search import BUNDLE_DIR, INDEX_CHUNK_SIZE, PIN, SYNONYMS_JSON, SearchIndexResult, reuse_search_index

SITEMAP = "sitemap.xml"  # the one file but the pages whose links are checked (links.py)
SEARCH_KEEP = 2  # indexes kept: the last build's, and the one before (a change undone)
LINKS_KEEP = 8  # passed link checks kept (a few bytes each)
ENTRY = "entry.json"
INDEX = "index"
# Pagefind reads its configuration from a file of one of these names in its working folder.
PAGEFIND_CONFIG_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml")


@dataclass(frozen=True)
class SiteDigests:
    pages: str  # the HTML pages' paths and bytes (and the chunk size Pagefind is given): what Pagefind reads
    links: str  # what the link check reads: every file's and folder's name, the pages' and the sitemap's bytes


def site_digests(site: Path) -> SiteDigests:
    """Both digests of the merged site, from one walk that reads each page once (about 40 ms
    for the real site's 20 MB of pages). The search index's folder is left out: it is made
    from the pages. Other files count by name only: the check only asks whether they exist
    (the API's JSON carries the build time, so its bytes change with every build)."""
    pages, links = hashlib.sha256(f"{PIN} chunk={INDEX_CHUNK_SIZE}".encode()), hashlib.sha256()
    top = os.fspath(site)
    for root, dirs, names in os.walk(top):
        dirs.sort()
        rel = os.path.relpath(root, top).replace(os.sep, "/")
        if rel == BUNDLE_DIR:
            dirs.clear()
            continue
        links.update(f"{rel}/\0{len(dirs)}\0{len(names)}\0".encode())
        for name in sorted(names):
            if name.endswith(".html") or (rel == "." and name == SITEMAP):
                with open(os.path.join(root, name), "rb") as file:
                    data = file.read()
                head = f"{rel}/{name}\0{len(data)}\0".encode()
                links.update(head)
                links.update(data)
                if name.endswith(".html"):
                    pages.update(head)
                    pages.update(data)
            else:
                links.update(f"{rel}/{name}\0-\0".encode())
    return SiteDigests(pages=pages.hexdigest(), links=links.hexdigest())


def search_key(digests: SiteDigests, synonyms: dict, *, cwd: Path | None = None) -> str:
    """Everything the search stage's output depends on, digested."""
    where = cwd or Path.cwd()
    config = {name: (where / name).read_bytes().hex() for name in PAGEFIND_CONFIG_FILES if (where / name).is_file()}
    inputs = {"pages": digests.pages, "binaries": _binaries(), "config": config,
              "env": {k: v for k, v in os.environ.items() if k.startswith("PAGEFIND_")}, "synonyms": synonyms}
    return _digest(inputs)


def _binaries() -> list:
    """Every Pagefind binary the wrapper (search.pagefind_binary) may run, by path, size and
    time: the extended package's, the standard package's, one on PATH (PAGEFIND_BINARY_PATH is
    among the variables in the key). Found without importing the wrapper: its asyncio costs
    ≈50 ms of a warm build that runs no Pagefind."""
    paths: list[str | None] = []
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            paths.append(str(importlib.import_module(module).get_executable()))
        except (ImportError, OSError):  # not installed, or its binary missing (FileNotFoundError)
            paths.append(None)
    paths += [shutil.which("pagefind_extended"), shutil.which("pagefind"), os.environ.get("PAGEFIND_BINARY_PATH")]
    found = []
    for path in paths:
        try:
            stat = os.stat(path) if path else None
        except OSError:
            stat = None
        found.append([path, stat.st_size, stat.st_mtime_ns] if stat else [path])
    return found


def links_key(digests: SiteDigests, site_url: str, search_key_: str) -> str:
    """What the link check's verdict depends on: the files, the site's address, and the index
    (links into pagefind/ are checked against it; its files are named by their content)."""
    return _digest({"files": digests.links, "site_url": site_url, "search": search_key_})


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class FinishCache:
    """The last search indexes and passed link checks, in `base`/<code version>/."""

    def __init__(self, base: Path):
        self.folder = versioned_folder(base, code_version("finish/__init__.py"))
        self.search = self.folder / "search"
        self.links = self.folder / "links"

    # ---- the search index ----

    def restore_search(self, key: str, site: Path, synonyms: dict) -> SearchIndexResult | None:
        """The index stored under `key`, verified, linked into `site`/pagefind/ with the synonyms
        written again; None (and the entry deleted) if there is none or it is not intact."""
        entry = self.search / key
        try:
            meta = json.loads((entry / ENTRY).read_text(encoding="utf-8"))
            intact = meta["key"] == key and _hashes(entry / INDEX) == meta["files"]
        except (OSError, ValueError, KeyError, TypeError):
            intact = False
        if not intact:
            shutil.rmtree(entry, ignore_errors=True)
            return None
        os.utime(entry)  # used now: pruning keeps the most recently used
        previous = SearchIndexResult(bundle=entry / INDEX, pages=meta["pages"], files=0, bytes=0, seconds=0,
                                     warnings=meta["warnings"])
        try:
            return reuse_search_index(site, previous, entry / INDEX, synonyms=synonyms)
        except OSError:  # pruned by another build meanwhile: Pagefind runs (it replaces what was linked)
            return None

    def store_search(self, key: str, result: SearchIndexResult) -> None:
        """Keep the index `result` describes (its bundle, but the synonyms) under `key`."""
        entry = self.search / key
        if entry.exists():
            return
        self.search.mkdir(parents=True, exist_ok=True)
        tmp = self.search / f".{key}.{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            shutil.copytree(result.bundle, tmp / INDEX, copy_function=link_or_copy,
                            ignore=shutil.ignore_patterns(SYNONYMS_JSON))
            meta = {"key": key, "pages": result.pages, "warnings": result.warnings, "files": _hashes(tmp / INDEX)}
            (tmp / ENTRY).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
            os.rename(tmp, entry)
        except OSError:  # another build stored it meanwhile, or the disk is full: only a cache
            shutil.rmtree(tmp, ignore_errors=True)
            return
        _prune_folders(self.search, SEARCH_KEEP)

    # ---- the link check ----

    def passed_links(self, key: str) -> dict | None:
        """The counts of the passed link check recorded under `key`, or None."""
        path = self.links / f"{key}.json"
        try:
            counts = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (isinstance(counts, dict) and all(isinstance(v, int) for v in counts.values())):
            path.unlink(missing_ok=True)
            return None
        os.utime(path)
        return counts

    def record_passed_links(self, key: str, counts: dict) -> None:
        self.links.mkdir(parents=True, exist_ok=True)
        tmp = self.links / f".{key}.{os.getpid()}"
        tmp.write_text(json.dumps(counts, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.links / f"{key}.json")
        prune_files(self.links, "*.json", LINKS_KEEP)


def _hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative, "/"-separated) → its SHA-256."""
    if not folder.is_dir():
        raise OSError(f"{folder} is not a folder")
    found = {}
    for root, _dirs, names in os.walk(folder):
        rel = os.path.relpath(root, folder).replace(os.sep, "/")
        for name in names:
            with open(os.path.join(root, name), "rb") as file:
                found[name if rel == "." else f"{rel}/{name}"] = hashlib.sha256(file.read()).hexdigest()
    return dict(sorted(found.items()))


def _prune_folders(folder: Path, keep: int) -> None:
    """Remove the least recently used entries (folders) beyond `keep`."""
    try:
        entries = sorted((p for p in folder.iterdir() if p.is_dir()),  # a killed build's unfinished one too
                         key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)
