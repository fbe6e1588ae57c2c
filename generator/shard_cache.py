"""Rendered shards kept on disk, keyed by everything their render reads (issue 13): a build
restores the shards whose inputs it has rendered before and renders only the others, as
Bazel's and Nx's build caches do.

    cache = ShardCache.open(engine_name="mkdocs", serving=False)   # None when SITE_SHARD_CACHE=0
    restored = cache.restore(tree, shard_ids, out / "shards")      # the ids restored (checked)
    … render the others into out/shards/<id>/ …
    cache.store(tree, rendered_ids, out / "shards")

A shard's key (`shard_key`) is a SHA-256 of its own generated files, the manifest, the chart
SVGs its pages place, and what every shard shares (`build_inputs`): the layout (theme/ and
mkdocs.yml), the vendored ECharts bundle, the engine and its packages' versions, our code,
the `serving` flag and the build date. Each part is there for a reason said beside it; what
the render could read and is not in the key is said at `build_inputs`.

On disk, in the cache folder's shards/ (SITE_CACHE_DIR, else .cache/): shards/<id>/<key>/
holds out/ (the shard's output, as the engine wrote it) and entry.json (each file's size and
SHA-256). An entry is written into a temporary folder and renamed into place in one step, so
that builds running at once never see half an entry (the one that loses the race discards
its copy). A restore reads each of the entry's files, checks its bytes against entry.json and
writes them into the build's output: an entry that fails (truncated, tampered, a file missing,
added or made a link) is deleted and its shard rendered again, never trusted. Copies, not hard
links: the finish stage hard-links the shards' output into the site, so a link here would let
a later write to a published file (or to the build's output) change the entry for every later
build. The bytes have to be read for the check anyway; writing them costs less than the
metadata of the ≈2,000 files, which a hard link pays as well.

Bounded: per shard id, the KEEP most recently used entries (the current build's, the
previous one's: an edit undone is restored too); the folder of a shard id not used for
STALE_DAYS (a city removed) is removed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import sys
import time
import uuid
from importlib import metadata
from pathlib import Path

from . import settings
from .caching import PACKAGE, files_digest
from .paths import PROJECT, THEME, cache_dir
from .site.chart_svg import BUNDLE as ECHARTS_BUNDLE

# Bump when the entries' layout changes: older entries are then never read (their keys differ).
FORMAT = 1
KEEP = 2
STALE_DAYS = 30
ENTRY = "entry.json"
OUTPUT = "out"
# The engine's configuration and our theme: in every page of every shard (also `serve`'s "render all").
LAYOUT = (THEME, PROJECT / "mkdocs.yml")
# The packages whose code turns a shard's Markdown into HTML: the engine (either may be installed),
# the theme, Markdown and its extensions, the template engine and its escaping, the YAML reader of
# mkdocs.yml (its `!ENV` and `!!python` tags).
ENGINE_PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
                   "markupsafe", "pyyaml")
# The placeholder of a chart's SVG in a page (generator/site/chart_svg.py, `place`): bytes, as read.
_CHART = re.compile(rb"<!--chart-svg:([0-9a-f]{40})-->")
_SHARD_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # a folder name: refused otherwise (never cached)
_KEY = re.compile(r"[0-9a-f]{64}")


def layout_stamp(config_file: Path | None = None) -> str:
    """The theme and the engine's configuration shape every page of every shard: a digest of
    their files' names and bytes (about 120 kB), which no edit keeps. Names relative to the
    project, so that two checkouts of one commit share entries."""
    files = [p for base in LAYOUT for p in ([base] if base.is_file() else sorted(base.rglob("*"))) if p.is_file()]
    stamp = files_digest(files, names_from=PROJECT)
    if config_file is not None and Path(config_file).resolve() != (PROJECT / "mkdocs.yml").resolve():
        # Another configuration file (tests, `bench`): its bytes, wherever it is.
        stamp += files_digest([config_file], names_from=Path(config_file).parent)
    return stamp


def build_inputs(engine_name: str, *, serving: bool, config_file: Path | None = None) -> str:
    """The part of every shard's key that the shards share, as a digest.

    Not in the key, and why it does not matter:
    - environment variables: the engine reads SOURCE_DATE_EPOCH (the build date: in the key)
      and SITE_URL (mkdocs.yml's `!ENV`, overridden by the manifest's site URL, which is in the
      key); NO_MKDOCS_2_WARNING only silences a warning. Settings the generate stage reads
      (SITE_REPO_URL…) reach the render only through the tree, which is in the key.
    - git: read by the generate stage only (dates, "edit" links), into the tree.
    - the tree's static/ and search synonyms: no shard reads them (the finish stage does).
    - compiled templates (the cache folder's jinja/): Jinja checks each against its source.
    - Material's files on disk: those of its pinned version (a hand-edited site-packages is not seen).
    - the render's options `verbose` (logging) and `build` (which theme listing a worker reuses).
    """
    parts = {
        "format": FORMAT,
        # ProperDocs and MkDocs differ in what they write (generator tags, fixes): never each other's.
        "engine": engine_name,
        "packages": {name: _version(name) for name in ENGINE_PACKAGES},
        # Markdown's and Python's own text handling (html.escape, unicodedata in slugs).
        "python": ".".join(map(str, sys.version_info[:3])),
        # Our code: the adapter, the plugin, the i18n catalogue, the HTML fixes, this module (the
        # entries' layout). Every module of the package, read rather than parsed: the render's import
        # closure (caching.code_version) is nearly all of them, and parsing them costs ≈0.5 s of CPU.
        "code": code_digest(),
        "layout": layout_stamp(config_file),
        # The ECharts build the assets shard publishes, and whose fingerprinted name every page
        # links (generator/engine/assets.py; plugin.py's on_files): the one file the render
        # reads from outside the tree, the theme and the packages.
        "vendor": files_digest([ECHARTS_BUNDLE], names_from=PROJECT),
        # Under `serve`, pages carry no Content-Security-Policy <meta> (plugin.py, on_env).
        "serving": serving,
        # theme/main.html prints the build date (MkDocs' build_date_utc: SOURCE_DATE_EPOCH or today)
        # on pages whose data give no date: an entry of yesterday would show yesterday's.
        "build_date": settings.build_datetime().strftime("%Y-%m-%d"),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


@functools.cache  # the code of a running process does not change
def code_digest() -> str:
    """The names and bytes of every module of the generator package (its templates and scripts
    shape the generated tree, which is in the key by itself)."""
    return files_digest(sorted(PACKAGE.rglob("*.py")), names_from=PACKAGE)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def shard_key(tree: Path, shard_id: str, inputs: str) -> str:
    """The key of one shard of a generated tree: `inputs` (build_inputs) and what the render
    reads from the tree for it (generator/engine/__init__.py render_shard, plugin.py)."""
    own, charts = _shard_digest(tree / "shards" / shard_id)
    digest = hashlib.sha256()
    for part in (
        inputs,
        # The manifest: the site URL (canonical links), the CSP <meta>, this shard's language and city
        # (404 page, home page); the list of every page is in it too.
        files_digest([tree / "manifest.json"], names_from=tree),
        # The shard's pages (front matter and Markdown) and nav.json.
        own,
        # The chart SVGs placed in its pages (tree/charts/<key>.svg, plugin.py's on_post_page).
        files_digest([tree / "charts" / f"{key}.svg" for key in sorted(charts)], names_from=tree),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _shard_digest(folder: Path) -> tuple[str, set[str]]:
    """caching.files_digest of the shard's files, named relative to its folder (so that the key
    does not depend on where the tree is), and the charts its pages show: one read of each file,
    with plain strings (≈1,700 pages: pathlib's per-path cost would be most of the time)."""
    names = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        rel = os.path.relpath(base, folder)
        names += [name if rel == "." else f"{rel}/{name}" for name in files]
    digest, charts = hashlib.sha256(), set[str]()
    for name in sorted(names, key=lambda n: n.split("/")):  # as pathlib sorts paths
        digest.update(os.fsencode(name) + b"\0")
        data = _read(os.path.join(folder, name))
        digest.update(hashlib.sha256(data).digest() if data is not None else b"missing")
        if data and name.endswith(".md"):
            charts.update(key.decode() for key in _CHART.findall(data))
    return digest.hexdigest(), charts


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def enabled() -> bool:
    """SITE_SHARD_CACHE=0 renders every shard (the benchmark's "render everything"); 1 or unset: cache."""
    return settings.shard_cache_enabled()


class ShardCache:
    """The entries of one cache folder, for builds with the same shared inputs."""

    def __init__(self, folder: Path, inputs: str):
        self.folder, self.inputs = folder, inputs
        self.keys: dict[str, str] = {}  # shard id → key, as computed by `restore` for `store`

    @classmethod
    def open(cls, *, engine_name: str, serving: bool = False, config_file: Path | None = None,
             folder: Path | None = None) -> ShardCache | None:
        """The cache for this build, or None when SITE_SHARD_CACHE=0."""
        if not enabled():
            return None
        return cls(folder or cache_dir() / "shards", build_inputs(engine_name, serving=serving, config_file=config_file))

    def found(self, tree: Path, shard_ids: list[str]) -> list[str]:
        """The shards that have an entry (not yet checked: `restore` does)."""
        for shard_id in shard_ids:
            if _SHARD_ID.fullmatch(shard_id) and shard_id not in self.keys:
                self.keys[shard_id] = shard_key(tree, shard_id, self.inputs)
        return [s for s in shard_ids if s in self.keys and (self.folder / s / self.keys[s]).is_dir()]

    def restore(self, tree: Path, shard_ids: list[str], out: Path) -> list[str]:
        """Put each shard found in the cache into out/<id>/ (checked); returns the ids restored."""
        restored = []
        for shard_id in self.found(tree, shard_ids):
            entry = self.folder / shard_id / self.keys[shard_id]
            if _restore_entry(entry, out / shard_id):
                restored.append(shard_id)
                _touch(entry)
        return restored

    def store(self, tree: Path, shard_ids: list[str], out: Path) -> None:
        """Keep the rendered out/<id>/ of each shard (keyed as `restore` keyed it, or now)."""
        for shard_id in shard_ids:
            if not _SHARD_ID.fullmatch(shard_id):
                continue
            key = self.keys.get(shard_id) or shard_key(tree, shard_id, self.inputs)
            try:
                _store_entry(out / shard_id, self.folder / shard_id, key)
            except OSError:
                pass  # a full disk or a race with another build: the build itself is not affected
        self.prune()

    def prune(self) -> None:
        """Per shard id, the KEEP most recently used entries; a shard id unused for STALE_DAYS goes."""
        now = time.time()
        try:
            shard_folders = [p for p in self.folder.iterdir() if p.is_dir()]
        except OSError:
            return
        for shard_folder in shard_folders:
            try:
                entries = sorted((p for p in shard_folder.iterdir() if _KEY.fullmatch(p.name)),
                                 key=lambda p: p.stat().st_mtime, reverse=True)
                for old in entries[KEEP:]:
                    _discard(old)
                for tmp in shard_folder.glob(".tmp-*"):  # left by a killed build
                    if now - tmp.stat().st_mtime > 3600:
                        shutil.rmtree(tmp, ignore_errors=True)
                if not entries or now - entries[0].stat().st_mtime > STALE_DAYS * 86400:
                    if not any(shard_folder.glob(".tmp-*")):
                        shutil.rmtree(shard_folder, ignore_errors=True)
            except OSError:  # another build pruning at the same time
                continue


def _store_entry(rendered: Path, shard_folder: Path, key: str) -> None:
    final = shard_folder / key
    if final.is_dir():
        _touch(final)
        return
    shard_folder.mkdir(parents=True, exist_ok=True)
    tmp = shard_folder / f".tmp-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        files: dict[str, list] = {}
        for rel in sorted(_listing(str(rendered))):
            data = _read_plain_file(os.path.join(rendered, rel))
            target = tmp / OUTPUT / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files[rel] = [len(data), hashlib.sha256(data).hexdigest()]
        (tmp / ENTRY).write_text(json.dumps({"format": FORMAT, "key": key, "files": files}, sort_keys=True),
                                 encoding="utf-8")
        os.rename(tmp, final)  # one step; fails if another build stored the same key first
    except OSError:
        if not final.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _restore_entry(entry: Path, dest: Path) -> bool:
    """Copy the entry's output into `dest` (new), each file's bytes checked as they are read;
    False (the entry deleted, nothing left in `dest`) if the entry is not exactly what it says."""
    try:
        files = _entry_files(entry)
        source = os.path.join(entry, OUTPUT)
        if files is None or _listing(source) != set(files):
            raise ValueError("files missing or added")
        made: set[str] = set()
        for rel, (size, digest) in files.items():
            data = _read_plain_file(os.path.join(source, rel))
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                raise ValueError(f"{rel} differs")
            folder = os.path.dirname(os.path.join(dest, rel))
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(os.path.join(dest, rel), "xb") as f:  # a new file: never one shared with the entry
                f.write(data)
        return True
    except (OSError, ValueError):
        shutil.rmtree(dest, ignore_errors=True)
        _discard(entry)
        return False


def _listing(folder: str) -> set[str]:
    """Every name under `folder` that is not a folder (links included), relative to it."""
    found: set[str] = set()
    for base, dirs, files in os.walk(folder):
        rel = os.path.relpath(base, folder)
        links = [d for d in dirs if os.path.islink(os.path.join(base, d))]  # os.walk does not enter them
        found.update(name if rel == "." else f"{rel}/{name}" for name in files + links)
    return found


def _read_plain_file(path: str) -> bytes:
    """The bytes of a regular file; OSError for a symbolic link (the entry must hold only files)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with open(fd, "rb") as f:
        return f.read()


def _entry_files(entry: Path) -> dict[str, tuple[int, str]] | None:
    """entry.json's list, or None if it is not one this code wrote (a path leaving the entry included)."""
    try:
        data = json.loads((entry / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != entry.name:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    checked = {}
    for rel, value in files.items():
        parts = rel.split("/")
        if (not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel
                or not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
                        and isinstance(value[1], str) and _KEY.fullmatch(value[1]))):
            return None
        checked[rel] = (value[0], value[1])
    return checked


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)  # used now: kept by `prune`
    except OSError:
        pass


def _discard(entry: Path) -> None:
    """Delete an entry: first renamed out of its key's name, so no build finds half of it."""
    gone = entry.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}")
    try:
        os.rename(entry, gone)
    except OSError:
        return  # another build discarded it first
    shutil.rmtree(gone, ignore_errors=True)
