"""Stage 4: finish — join rendered shards into one site and do what needs every page.

    finish(parts, site)     parts: folders each holding a manifest.json, static/,
                            search/synonyms.json and shards/<id>/ (one machine's share
                            of a build, or all of it)

- the shards' output joined (a file two shards write must be the same bytes);
- the files published as they are (downloads, feeds) from static/;
- search: Pagefind over the joined site, one index per language (search.py), with the
  search synonyms the generate stage wrote (search/synonyms.json); under `serve`
  (`search_cache`), the last index again when no page changed (Pagefind reads only pages);
- sitemap.xml (and .gz): every page with its twin language (sitemap.py);
- the internal link and anchor check over the joined site (links.py), which replaces
  the engine's per-build link validation (it cannot see the other shards); it runs while
  Pagefind indexes (a process of its own), so that the two share the machine's cores.

Asset fingerprints are not done here: the templates need the fingerprinted names while
they render (generator/engine/assets.py, deterministic, the same in every shard), and
doing it here would mean rewriting every finished page.

Nothing here edits a finished page: the merged site is the shards' bytes, plus the
search index, the sitemap and the files published as they are.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .links import check_links
from .search import (BUNDLE_DIR, SearchIndexError, SearchIndexResult, build_search_index, pages_digest,
                     reuse_search_index)
from .sitemap import write_sitemap

MANIFEST = "manifest.json"
SYNONYMS = "search/synonyms.json"  # generator/generate.py writes it into the tree; parts carry it


class MergeError(Exception):
    pass


@dataclass
class SearchCache:
    """What `site_build.py serve` keeps of the last search index between rebuilds: the digest
    of the pages it indexed, what it held, and the site whose pagefind/ holds it (`finish`
    sets it to the folder it finished; the caller moves it when it moves that folder)."""
    digest: str = ""
    result: SearchIndexResult | None = None
    site: Path | None = None


def read_parts(parts: list[Path]) -> tuple[dict, dict[str, Path]]:
    """The manifest all parts share, and where each shard's output is. Every shard of the
    manifest must be in exactly one part, and all parts must come from the same tree."""
    manifest: dict | None = None
    where: dict[str, Path] = {}
    for part in parts:
        path = part / MANIFEST
        if not path.is_file():
            raise MergeError(f"{part}: no {MANIFEST}: not the output of `site_build.py build --shard`")
        this = json.loads(path.read_text(encoding="utf-8"))
        if manifest is not None and this != manifest:
            raise MergeError(f"{part}: built from other data or code than {parts[0]} (the manifests differ)")
        manifest = this
        for folder in sorted((part / "shards").iterdir()) if (part / "shards").is_dir() else []:
            if folder.name in where:
                raise MergeError(f"shard {folder.name} is in both {where[folder.name].parent.parent} and {part}")
            where[folder.name] = folder
    if manifest is None:
        raise MergeError("nothing to merge")
    missing = [s["id"] for s in manifest["shards"] if s["id"] not in where]
    if missing:
        raise MergeError(f"shards missing from the parts: {', '.join(missing)}")
    return manifest, where


def finish(parts: list[Path], site: Path, *, links: bool = True, search_cache: SearchCache | None = None) -> dict:
    """Join the parts into `site` (an empty or new folder) and finish it; returns what was done.
    With `search_cache`, Pagefind runs only if some page differs from the last index's pages."""
    started = time.perf_counter()
    manifest, where = read_parts(parts)
    site.mkdir(parents=True, exist_ok=True)
    ordered = [where[s["id"]] for s in manifest["shards"]]
    for folder in ordered:
        _join(folder, site)
    static = next((p / "static" for p in parts if (p / "static").is_dir()), None)
    if static is not None:
        _join(static, site)
    synonyms_file = next((p / SYNONYMS for p in parts if (p / SYNONYMS).is_file()), None)
    synonyms = json.loads(synonyms_file.read_text(encoding="utf-8")) if synonyms_file else {}
    write_sitemap(site, manifest["site_url"], manifest["pages"])
    joined = time.perf_counter()
    broken: list[str] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Pagefind (a process of its own) indexes the site while this one checks its links: on
        # 2 cores the two overlap (issue 13: finish was the largest serial stage). The check
        # judges links into pagefind/ only once the index is written.
        indexing = pool.submit(_search_index, site, synonyms, search_cache)
        if links:
            broken, counts = check_links(site, manifest["site_url"], unfinished=BUNDLE_DIR, wait=indexing.exception)
        checked = time.perf_counter()
        try:
            search, digest, reused = indexing.result()
        except SearchIndexError as exc:
            raise MergeError(str(exc)) from None
    report = {"shards": len(ordered), "search_pages": search.pages, "search_bytes": search.bytes,
              "search_seconds": round(search.seconds, 2), "search_warnings": search.warnings,
              "search_reused": reused, "join_seconds": round(joined - started, 2)}
    if links:
        report["links"] = counts
        report["links_seconds"] = round(checked - joined, 2)  # the wait for Pagefind included
        if broken:
            shown = "\n".join(broken[:50]) + (f"\n… and {len(broken) - 50} more" if len(broken) > 50 else "")
            raise MergeError(f"{len(broken)} broken internal links or anchors / 站内链接失效:\n{shown}")
    if search_cache is not None:  # only once the site is finished: a failed finish leaves the last good index
        search_cache.digest, search_cache.result, search_cache.site = digest, search, site
    return report


def _search_index(site: Path, synonyms: dict, cache: SearchCache | None) -> tuple[SearchIndexResult, str, bool]:
    """Pagefind over the site; or, with a cache whose pages are the same bytes, the last index
    linked in again. Returns the index, the digest of the pages ("" without a cache), and
    whether it was reused."""
    if cache is None:
        return build_search_index(site, synonyms=synonyms), "", False
    digest = pages_digest(site)
    previous = cache.site / BUNDLE_DIR if cache.site else None
    if cache.result is not None and digest == cache.digest and previous is not None and previous.is_dir():
        return reuse_search_index(site, cache.result, previous, synonyms=synonyms), digest, True
    return build_search_index(site, synonyms=synonyms), digest, False


def _join(src: Path, dest: Path) -> None:
    """Hard-link (or copy) every file of `src` into `dest`; a file already there must be identical.
    (Every shard writes the theme's assets: at 100 cities the same ≈50 files 200 times, so a file
    already there is first compared by inode and size, and read only when those do not decide.)"""
    for root, _dirs, files in os.walk(src):
        rel_root = Path(root).relative_to(src)
        (dest / rel_root).mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            source, target = os.path.join(root, name), dest / rel_root / name
            try:
                os.link(source, target)
                continue
            except FileExistsError:
                pass
            except OSError:  # another file system (parts from elsewhere): Linux says so before "exists"
                if not target.exists():
                    shutil.copy2(source, target)
                    continue
            if not _same_bytes(source, target):
                raise MergeError(f"{(rel_root / name).as_posix()} is written differently by two shards")


def _same_bytes(a: str, b: Path) -> bool:
    sa, sb = os.stat(a), b.stat()
    if (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino):
        return True
    return sa.st_size == sb.st_size and Path(a).read_bytes() == b.read_bytes()
