"""Stage 4: finish — join rendered shards into one site and do what needs every page.

    finish(parts, site)     parts: folders each holding a manifest.json, static/,
                            search/synonyms.json and shards/<id>/ (one machine's share
                            of a build, or all of it)

- the shards' output joined (a file two shards write must be the same bytes);
- the files published as they are (downloads, feeds) from static/;
- search: Pagefind over the joined site, one index per language (search.py), with the
  search synonyms the generate stage wrote (search/synonyms.json);
- sitemap.xml (and .gz): every page with its twin language (sitemap.py);
- the internal link and anchor check over the joined site (links.py), which replaces
  the engine's per-build link validation (it cannot see the other shards).

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
from pathlib import Path

from .links import check_links
from .search import SearchIndexError, build_search_index
from .sitemap import write_sitemap

MANIFEST = "manifest.json"
SYNONYMS = "search/synonyms.json"  # generator/generate.py writes it into the tree; parts carry it


class MergeError(Exception):
    pass


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


def finish(parts: list[Path], site: Path, *, links: bool = True) -> dict:
    """Join the parts into `site` (an empty or new folder) and finish it; returns what was done."""
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
    try:
        search = build_search_index(site, synonyms=synonyms)
    except SearchIndexError as exc:
        raise MergeError(str(exc)) from None
    write_sitemap(site, manifest["site_url"], manifest["pages"])
    report = {"shards": len(ordered), "search_pages": search.pages, "search_bytes": search.bytes,
              "search_seconds": round(search.seconds, 2), "search_warnings": search.warnings}
    if links:
        broken, counts = check_links(site, manifest["site_url"])
        report["links"] = counts
        if broken:
            shown = "\n".join(broken[:50]) + (f"\n… and {len(broken) - 50} more" if len(broken) > 50 else "")
            raise MergeError(f"{len(broken)} broken internal links or anchors / 站内链接失效:\n{shown}")
    return report


def _join(src: Path, dest: Path) -> None:
    """Hard-link (or copy) every file of `src` into `dest`; a file already there must be identical."""
    for root, _dirs, files in os.walk(src):
        rel_root = Path(root).relative_to(src)
        (dest / rel_root).mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            rel = (rel_root / name).as_posix()
            source, target = Path(root) / name, dest / rel_root / name
            if target.exists():
                if target.read_bytes() != source.read_bytes():
                    raise MergeError(f"{rel} is written differently by two shards")
                continue
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
