"""Stage 4: finish — join rendered shards into one site and do what needs every page.

    finish(parts, site)     parts: folders each holding a manifest.json, static/,
                            search/synonyms.json and shards/<id>/ (one machine's share
                            of a build, or all of it)

- the shards' output joined (a file two shards write must be the same bytes);
- the files published as they are (downloads, feeds) from static/;
- search: Pagefind over the joined site, one index per language (search.py), with the
  search synonyms the generate stage wrote (search/synonyms.json); under `serve`
  (`search_cache`), the last index again when no page changed (Pagefind reads only pages),
  and in a build, the last build's from the cache folder (`cache`, reuse.py);
- sitemap.xml (and .gz): every page with its twin language (sitemap.py);
- the internal link and anchor check over the joined site (links.py), which replaces
  the engine's per-build link validation (it cannot see the other shards); it runs while
  Pagefind indexes (a process of its own), so that the two share the machine's cores; in a
  build, not at all when the same files passed it last time (reuse.py).

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
from .reuse import FinishCache, SiteDigests, links_key, search_key, site_digests
from .search import BUNDLE_DIR, SearchIndexError, SearchIndexResult, build_search_index, reuse_search_index
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


def finish(parts: list[Path], site: Path, *, links: bool = True, search_cache: SearchCache | None = None,
           cache: FinishCache | None = None) -> dict:
    """Join the parts into `site` (an empty or new folder) and finish it; returns what was done.
    With `search_cache` (serve, in memory) or `cache` (a build, on disk), Pagefind runs only if
    the index cannot be reused; with `cache`, the link check only if these files never passed it."""
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
    try:
        return _finish_joined(site, manifest, synonyms, links, search_cache, cache, started, joined, len(ordered))
    except SearchIndexError as exc:
        raise MergeError(str(exc)) from None


def _finish_joined(site: Path, manifest: dict, synonyms: dict, links: bool, search_cache: SearchCache | None,
                   cache: FinishCache | None, started: float, joined: float, shards: int) -> dict:
    """The search index and the link check over the joined site: each done again, or taken
    from the last build (`cache`) or the last rebuild of `serve` (`search_cache`)."""
    digests = site_digests(site)  # ≈40 ms: what both read, once
    key = search_key(digests, synonyms) if cache is not None else ""
    link_key = links_key(digests, manifest["site_url"], key)
    reused = _reused_index(site, synonyms, digests, key, search_cache, cache)
    passed = cache.passed_links(link_key) if cache is not None and links else None
    broken: list[str] = []
    counts = passed or {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Pagefind (a process of its own) indexes the site while this one checks its links: on
        # 2 cores the two overlap (issue 13: finish was the largest serial stage). The check
        # judges links into pagefind/ only once the index is written.
        indexing = pool.submit(build_search_index, site, synonyms=synonyms) if reused is None else None
        if links and passed is None:
            broken, counts = check_links(site, manifest["site_url"], unfinished=BUNDLE_DIR if indexing else None,
                                         wait=indexing.exception if indexing else None)
        checked = time.perf_counter()
        search = indexing.result() if indexing is not None else reused
    assert search is not None  # one or the other
    report = {"shards": shards, "search_pages": search.pages, "search_bytes": search.bytes,
              "search_seconds": round(search.seconds, 2), "search_warnings": search.warnings,
              "search_reused": reused is not None, "join_seconds": round(joined - started, 2)}
    if links:
        report.update(links=counts, links_reused=passed is not None,
                      links_seconds=round(checked - joined, 2))  # the wait for Pagefind included
        if broken:
            shown = "\n".join(broken[:50]) + (f"\n… and {len(broken) - 50} more" if len(broken) > 50 else "")
            raise MergeError(f"{len(broken)} broken internal links or anchors / 站内链接失效:\n{shown}")
    # Only once the site is finished: a failed finish keeps nothing (and leaves the last good index).
    if cache is not None:
        if reused is None:
            cache.store_search(key, search)
        if links and passed is None:
            cache.record_passed_links(link_key, counts)
    if search_cache is not None:
        search_cache.digest, search_cache.result, search_cache.site = digests.pages, search, site
    return report


def _reused_index(site: Path, synonyms: dict, digests: SiteDigests, key: str,
                  search_cache: SearchCache | None, cache: FinishCache | None) -> SearchIndexResult | None:
    """The last index linked into the site, if it was made from the same pages (and, from the
    disk, the same Pagefind, configuration and synonyms); None if Pagefind has to run."""
    if search_cache is not None:
        previous = search_cache.site / BUNDLE_DIR if search_cache.site else None
        if (search_cache.result is not None and digests.pages == search_cache.digest and previous is not None
                and previous.is_dir()):
            return reuse_search_index(site, search_cache.result, previous, synonyms=synonyms)
    if cache is not None:
        return cache.restore_search(key, site, synonyms)
    return None


def _join(src: Path, dest: Path) -> None:
    """Hard-link (or copy) every file of `src` into `dest`; a file already there must be identical.
    (Every shard writes the theme's assets: at 100 cities the same ≈50 files 200 times, so a file
    already there is first compared by inode and size, and read only when those do not decide.)"""
    top = os.fspath(src)
    for root, _dirs, files in os.walk(top):
        rel_root = os.path.relpath(root, top)
        into = os.path.normpath(os.path.join(dest, rel_root))
        os.makedirs(into, exist_ok=True)
        for name in sorted(files):
            source, target = os.path.join(root, name), os.path.join(into, name)
            try:
                os.link(source, target)
                continue
            except FileExistsError:
                pass
            except OSError:  # another file system (parts from elsewhere): Linux says so before "exists"
                if not os.path.exists(target):
                    shutil.copy2(source, target)
                    continue
            if not _same_bytes(source, target):
                raise MergeError(f"{Path(rel_root, name).as_posix()} is written differently by two shards")


def _same_bytes(a: str, b: str) -> bool:
    sa, sb = os.stat(a), os.stat(b)
    if (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino):
        return True
    return sa.st_size == sb.st_size and Path(a).read_bytes() == Path(b).read_bytes()
