"""Orchestration: generate → render the shards in parallel → finish, into a staging
folder swapped in atomically on success; and the same split across machines.

    build_site(root, site)                   the whole site on this machine
    build_part(root, out, index, count)      shards index/count of it (1-based), for `merge`
    merge_parts([out, …], site)              the parts joined and finished

A single-machine build is a one-part build merged: the same code gives the same
bytes whichever way the shards were spread (tests/test_reproducible.py).

A failed build (bad data, a broken page, a broken link) leaves the previous
site exactly as it was. A build replaces its whole output folder, so before
anything else it refuses an output folder it could destroy (`check_site_dir`):
the project or a folder holding it, anything in the project's own folders, a
symbolic link, or an existing folder a build did not make. Every built site
carries a marker file (`.site-build`, never served: deploy/nginx.conf hides
dotfiles) that lets the next build replace it. The generated tree is kept beside the site
(`.<name>.tree/`, marked likewise) for the next build to rewrite only what changed.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator

from . import engine
from .data.messages import render
from .data.validate import Dataset, load_dataset_cached
from .finish import MANIFEST, SYNONYMS, finish
from .finish.reuse import FinishCache
from .generate import generate
from .caching import link_or_copy
from .paths import cache_dir
from .shard_cache import ShardCache
from .site.chart_svg import ChartDrawingError
from .site.csp import PolicyNotFound

PROJECT = Path(__file__).resolve().parent.parent

# Fixed text, no date: two builds of the same commit stay byte-identical.
MARKER = ".site-build"
MARKER_TEXT = "Made by `site_build.py build`. The next build deletes and replaces this whole folder.\n"
TREE_MARKER = ".site-build-tree"  # in the kept generated tree's folder (_kept_tree)
TREE_MARKER_TEXT = "Made by `site_build.py build`: its generated tree, rewritten by the next build.\n"
# Inside a project, only these top-level folders (or one that does not exist yet) may receive a build.
OUTPUT_FOLDERS = frozenset({"site", "build", "public", "dist", "out", "_site"})
# The project's own folders: refused even where one is missing (a checkout without .git, before `make setup`).
SOURCE_FOLDERS = frozenset({".git", ".github", ".ci", ".venv", ".cache", "node_modules", "data", "content",
                            "generator", "theme", "tests", "deploy", "bench", "tools"})


class SiteDirRefused(Exception):
    """The output folder is one a build must not replace (a usage error: exit status 2), with
    its error code (generator/data/messages.py): `code`, `params`."""

    def __init__(self, folder: Path, code: str, **params: object):
        self.folder, self.code, self.params = folder, code, {"folder": folder, **params}
        super().__init__(f"[{code}] {render(code, self.params, 'zh')}\n[{code}] {render(code, self.params, 'en')}")


class BuildBusy(Exception):
    """Another build into the same folder is running (error code build-busy)."""

    code = "build-busy"

    def __init__(self, folder: Path):
        self.folder, self.params = folder, {"folder": folder}
        super().__init__(f"[{self.code}] {render(self.code, self.params, 'zh')}\n[{self.code}] {render(self.code, self.params, 'en')}")


def build_site(root: Path, site_dir: Path, config_file: Path | None = None, *, jobs: int | None = None,
               engine_name: str = "mkdocs", check_links: bool = True,
               on_stage: Callable[[str, float], None] | None = None, stage_details: dict | None = None) -> Dataset:
    """Check the output folder, validate, generate, render every shard, finish into a sibling
    staging folder, then swap it into place. `on_stage(name, seconds)`, if given, is called as
    each stage ends — validate, generate, render, finish, swap, cleanup — with its wall time (bench/);
    `stage_details`, if given, receives what a stage says of itself
    ({"render": {"restored": …, "rendered": …, "pages": …}}: shards restored from the cache, shards rendered, their pages)."""
    stage = _StageClock(on_stage, stage_details)
    clock = _STAGE.set(stage)  # _build_part reports generate and render through it
    try:
        return _build_site(root, site_dir, config_file, jobs, engine_name, check_links, stage)
    finally:
        _STAGE.reset(clock)


def _build_site(root: Path, site_dir: Path, config_file: Path | None, jobs: int | None, engine_name: str,
                check_links: bool, stage: _StageClock) -> Dataset:
    protected = (PROJECT, Path(root))
    target = check_site_dir(site_dir, protected)  # first: a refusal costs milliseconds, not a build
    # The render workers are started while this process is small (generator/engine/__init__.py).
    with engine.shard_workers(jobs, engine_name) as workers:
        return _build_site_with(root, target, protected, config_file, jobs, workers, engine_name, check_links, stage)


def _build_site_with(root: Path, target: Path, protected: tuple[Path, ...], config_file: Path | None, jobs: int | None,
                     workers: engine.Workers, engine_name: str, check_links: bool, stage: _StageClock) -> Dataset:
    dataset = load_dataset_cached(root)  # raises DataErrors before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(target):
        _remove_stale_staging(target)
        staging = _fresh_staging(target)
        work = _fresh_staging(target, "work")  # the generated tree and the shards' output
        stage("validate")
        try:
            part = work / "part"
            _build_part(root, _kept_tree(target, work), part, None, config_file, jobs, workers, engine_name)
            finish([part], staging, links=check_links, cache=FinishCache(cache_dir() / "finish"))
            mark_as_built(staging)
            stage("finish")
            check_site_dir(target, protected)  # again: the folder may have changed during the build
            _swap(staging, target)
            stage("swap")
        finally:
            for folder in (staging, work):
                if os.path.lexists(folder):
                    shutil.rmtree(folder, ignore_errors=True)
    stage("cleanup")  # the generated tree and the shards' output deleted
    return dataset


def shards_of(manifest: dict, index: int, count: int) -> list[str]:
    """The shards part `index` of `count` builds: dealt largest first, round robin, so that
    parts are about as large as each other; the same on every machine."""
    if not 1 <= index <= count:
        raise ValueError(f"--shard {index}/{count}: the part must be between 1 and {count}")
    ordered = sorted(manifest["shards"], key=lambda s: (-s["pages"], s["id"]))
    return [s["id"] for n, s in enumerate(ordered) if n % count == index - 1]


def build_part(root: Path, out: Path, index: int, count: int, *, jobs: int | None = None,
               engine_name: str = "mkdocs") -> list[str]:
    """Shards index/count of the site into `out` (replaced, under the same rules as a site
    folder), with the manifest and static files `merge_parts` needs; returns the shards built."""
    protected = (PROJECT, Path(root))
    target = check_site_dir(out, protected)
    with engine.shard_workers(jobs, engine_name) as workers:  # while this process is small
        return _build_part_into(root, target, protected, (index, count), jobs, workers, engine_name)


def _build_part_into(root: Path, target: Path, protected: tuple[Path, ...], share: tuple[int, int], jobs: int | None,
                     workers: engine.Workers, engine_name: str) -> list[str]:
    load_dataset_cached(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(target):
        _remove_stale_staging(target)
        staging = _fresh_staging(target)
        work = _fresh_staging(target, "work")
        try:
            shards = _build_part(root, _kept_tree(target, work), staging, share, None, jobs, workers, engine_name)
            mark_as_built(staging)
            check_site_dir(target, protected)
            _swap(staging, target)
        finally:
            for folder in (staging, work):
                if os.path.lexists(folder):
                    shutil.rmtree(folder, ignore_errors=True)
    return shards


def _build_part(root: Path, tree: Path, out: Path, share: tuple[int, int] | None, config_file: Path | None,
                jobs: int | None, workers: engine.Workers, engine_name: str) -> list[str]:
    stage = _STAGE.get()
    try:
        manifest = generate(root, tree)
    except (ChartDrawingError, PolicyNotFound) as exc:
        raise engine.BuildFailed(str(exc)) from None
    if stage is not None:
        stage("generate")
    ids = shards_of(manifest, *share) if share else [s["id"] for s in manifest["shards"]]
    out.mkdir(parents=True, exist_ok=True)
    cache = ShardCache.open(engine_name=engine_name, config_file=config_file)
    restored, rendered = _restore_or_render(cache, tree, ids, out, jobs, workers, engine_name, config_file)
    if workers is not None:
        # Their work is done: their memory is the finish stage's, their CPU time (reaped now) the render stage's.
        workers.shutdown()
    if cache is not None:
        cache.store(tree, rendered, out / "shards")
    shutil.copy2(tree / MANIFEST, out / MANIFEST)
    shutil.copytree(tree / "static", out / "static", copy_function=link_or_copy)  # the tree replaces, never edits, a file
    (out / SYNONYMS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(tree / SYNONYMS, out / SYNONYMS)  # for the finish stage's search index
    if stage is not None:
        pages = sum(s["pages"] for s in manifest["shards"] if s["id"] in ids)
        stage("render", restored=len(restored), rendered=len(rendered), pages=pages)
    return ids


def _restore_or_render(cache: ShardCache | None, tree: Path, ids: list[str], out: Path, jobs: int | None,
                       workers: engine.Workers, engine_name: str, config_file: Path | None) -> tuple[list[str], list[str]]:
    """Shards rendered before from the same inputs are restored from the cache folder
    (generator/shard_cache.py) — in a thread, while the workers render the others; a shard whose
    entry fails its check is rendered after them. Returns (restored, rendered)."""
    found = cache.found(tree, ids) if cache is not None else []
    missing = [i for i in ids if i not in found]

    def render(shards: list[str]) -> None:
        if shards:
            engine.render_shards(tree, shards, out, jobs=jobs, engine=engine_name, config_file=config_file, pool=workers)

    if cache is None or not found:
        render(missing)
        return [], missing
    with ThreadPoolExecutor(max_workers=1) as thread:
        restoring = thread.submit(cache.restore, tree, found, out / "shards")
        try:
            render(missing)
        finally:
            restored = restoring.result()
    refused = [i for i in found if i not in restored]
    render(refused)
    return restored, missing + refused


def _kept_tree(target: Path, work: Path) -> Path:
    """Where builds into `target` generate their tree: `.<name>.tree/tree` beside it, kept from
    one build to the next (under the target's lock), so that generate rewrites only the files
    whose bytes changed (creating all ≈1700 cost ≈0.8 s of CPU) and removes the rest. A folder
    of that name the builds did not make (no marker) is left alone: then a fresh tree in `work`."""
    kept = target.parent / f".{target.name}.tree"
    if not os.path.lexists(kept):
        kept.mkdir()
        (kept / TREE_MARKER).write_text(TREE_MARKER_TEXT, encoding="utf-8")
    if kept.is_symlink() or not kept.is_dir() or not is_marked(kept, TREE_MARKER, TREE_MARKER_TEXT):
        return work / "tree"
    return kept / "tree"


# The stage clock of the build_site call running in this thread, if any.
_STAGE: ContextVar[_StageClock | None] = ContextVar("build_stage_clock", default=None)


class _StageClock:
    """Calls on_stage(name, seconds since the previous stage ended) — nothing without on_stage —
    and keeps what a stage says of itself (render: shards restored and rendered) in `details`."""

    def __init__(self, on_stage: Callable[[str, float], None] | None, details: dict | None = None):
        self.on_stage = on_stage
        self.details = details if details is not None else {}
        self.last = time.perf_counter()

    def __call__(self, name: str, **details: object) -> None:
        if details:
            self.details[name] = details
        if self.on_stage is not None:
            now = time.perf_counter()
            self.on_stage(name, now - self.last)
            self.last = time.perf_counter()  # the callback's own time is in no stage


def merge_parts(parts: list[Path], site_dir: Path, *, check_links: bool = True) -> dict:
    """Join parts built by `build_part` into `site_dir`, finish, and swap into place."""
    target = check_site_dir(site_dir, (PROJECT,))
    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(target):
        _remove_stale_staging(target)
        staging = _fresh_staging(target)
        try:
            report = finish([p.resolve() for p in parts], staging, links=check_links,
                            cache=FinishCache(cache_dir() / "finish"))
            mark_as_built(staging)
            check_site_dir(target, (PROJECT,))
            _swap(staging, target)
        finally:
            if os.path.lexists(staging):
                shutil.rmtree(staging, ignore_errors=True)
    return report


# ---- which output folders are safe ------------------------------------------------

def check_site_dir(site_dir: Path, protected: Iterable[Path] = (PROJECT,)) -> Path:
    """The absolute output folder, or SiteDirRefused saying why a build must not replace it.

    `protected` are project roots: neither they, nor a folder holding them,
    nor anything inside their existing folders (data/, .git/, …) other than
    an output folder (site/, build/…) may be replaced."""
    given = Path(os.path.abspath(site_dir))
    if given.is_symlink():
        raise SiteDirRefused(given, "site-dir-link")
    target = given.resolve()
    # Both as written and with symlinks resolved: `node_modules/x` is refused even
    # where node_modules is a link to a folder elsewhere.
    roots = {r for p in protected for r in (Path(os.path.abspath(p)), Path(p).resolve())}
    for root in roots:
        for candidate in (given, target):
            _refuse_project_folders(candidate, root)
    _refuse_foreign_content(target)
    return target


def _refuse_project_folders(target: Path, root: Path) -> None:
    if target == root or target in root.parents:
        raise SiteDirRefused(target, "site-dir-holds-project", project=root)
    if root not in target.parents:
        return
    top = target.relative_to(root).parts[0]
    if top in SOURCE_FOLDERS or (top not in OUTPUT_FOLDERS and os.path.lexists(root / top)):
        raise SiteDirRefused(target, "site-dir-in-source", top=top)


def _refuse_foreign_content(target: Path) -> None:
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise SiteDirRefused(target, "site-dir-is-file")
    if any(os.scandir(target)) and not is_marked(target):
        raise SiteDirRefused(target, "site-dir-not-ours", marker=MARKER)


def mark_as_built(folder: Path) -> None:
    """Leave the marker that lets the next build replace `folder`."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def is_marked(folder: Path, name: str = MARKER, text: str = MARKER_TEXT) -> bool:
    """Whether `folder` holds the marker of a previous build (a real file with the exact text)."""
    marker = folder / name
    if marker.is_symlink() or not marker.is_file():
        return False
    with marker.open("rb") as f:
        return f.read(len(text.encode("utf-8")) + 1) == text.encode("utf-8")


# ---- one build at a time, and what killed builds left behind ------------------------

@contextmanager
def _exclusive_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on `.<name>.lock` beside the target for the whole build.

    The lock file stays: deleting it would let a waiting build lock a file that
    no longer exists while a third locks a new one."""
    lock = target.parent / f".{target.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildBusy(target) from None
        yield
    finally:
        os.close(fd)  # releases the lock


def _staging_pattern(target: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(target.name)}\.(?:building|old|work)-([1-9][0-9]{{0,9}})")


def _fresh_staging(target: Path, kind: str = "building") -> Path:
    staging = target.parent / f".{target.name}.{kind}-{os.getpid()}"
    staging.mkdir()  # _remove_stale_staging has removed any folder of this name
    return staging


def _remove_stale_staging(target: Path) -> None:
    """Delete the staging folders of builds that were killed (their process is gone).

    Only real folders named exactly `.<name>.building-<pid>`, `.<name>.work-<pid>` or `.<name>.old-<pid>`
    are considered. Called under the lock, so a folder with our own pid is a
    leftover of an earlier process that had the same pid."""
    pattern = _staging_pattern(target)
    for entry in os.scandir(target.parent):
        found = pattern.fullmatch(entry.name)
        if found and entry.is_dir(follow_symlinks=False):
            pid = int(found.group(1))
            if pid == os.getpid() or not _pid_alive(pid):
                shutil.rmtree(entry.path, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OverflowError:
        return False
    return True


# ---- the swap ------------------------------------------------------------------------

def _swap(new: Path, target: Path) -> None:
    """Put `new` in the place of `target`, then delete the previous site."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if _exchange(new, target):  # one step: `target` is never missing
        shutil.rmtree(new, ignore_errors=True)  # now the previous site
        return
    # Fallback where the system cannot exchange (not Linux, a kernel before 3.15 or a
    # filesystem without RENAME_EXCHANGE): two renames, with a moment without `target`.
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)  # put the previous site back
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_CANNOT_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically (Linux renameat2 with RENAME_EXCHANGE, glibc ≥ 2.28).
    False, having changed nothing, where that is not supported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _CANNOT_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None  # a libc without renameat2 (glibc < 2.28, some others)
    func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    func.restype = ctypes.c_int
    return func
