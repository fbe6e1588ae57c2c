"""Caches that cannot lie (issue 17): every cached value is keyed by what it was made from
and by the code that made it, and every cache is bounded.

`serve` is one long-lived process through which many edits pass: a cache keyed by a path
alone would answer for a file's old content (a quote no longer in a plan still accepted),
and one that only grows would grow with every edit.

- In memory, the code is the running process's: a key needs only the content. Files are
  compared by their bytes, not their times: two saves within one tick of the kernel's
  clock, of the same size, have the same time (and reading a plan again costs less than a
  tenth of a millisecond). `Bounded` keeps the most recently used entries; `by_file_content`
  is the decorator for functions of one file; `files_digest` keys what many files make.
- On disk, entries outlive the code: they live in a folder named by `code_version` of the
  modules that make them (and every module of this package those import), and
  `versioned_folder` removes the folders of old versions beyond a few.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import time
from collections import OrderedDict
from pathlib import Path
from typing import Generic, TypeVar
from collections.abc import Callable, Hashable

PACKAGE = Path(__file__).resolve().parent

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING = object()


def files_digest(paths, *, names_from: Path | None = None) -> str:
    """A digest of the files' names and bytes (a missing file counts as such). With
    `names_from`, names are taken relative to that folder: a digest that reaches the output
    (a chart's ids) must not depend on where the project is checked out."""
    digest = hashlib.sha256()
    for path in paths:
        name = Path(path).relative_to(names_from).as_posix() if names_from else path
        digest.update(os.fsencode(name) + b"\0")
        try:
            digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


class Bounded(Generic[K, V]):
    """A mapping that keeps the `maxsize` most recently used entries."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, default=None):
        value = self._entries.get(key, _MISSING)
        if value is _MISSING:
            return default
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()


def by_file_content(maxsize: int) -> Callable[[Callable[..., V]], Callable[..., V]]:
    """Memoise `func(path, *args)` by the file's bytes (and the other arguments): an edited file
    is read again, an unchanged one is not. (Should the file change while `func` reads it, the
    next call sees new bytes and calls it again.) A file that cannot be read is left to `func`,
    whose error is not kept."""

    def decorate(func: Callable[..., V]) -> Callable[..., V]:
        cache: Bounded[tuple, tuple[bytes, V]] = Bounded(maxsize)

        @functools.wraps(func)
        def wrapper(path, *args):
            try:
                data = Path(path).read_bytes()
            except OSError:
                return func(path, *args)
            key = (os.fspath(path), *args)
            found = cache.get(key)
            if found is not None and found[0] == data:
                return found[1]
            value = func(path, *args)
            cache.put(key, (data, value))
            return value

        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper

    return decorate


@functools.cache  # the code of a running process does not change
def code_version(*modules: str) -> str:
    """A digest of the source of `modules` (paths relative to this package, e.g.
    "site/changes.py") and of every module of this package they import, directly or not:
    the code that made a cached entry, found from the imports rather than from a list
    that would go stale."""
    digest = hashlib.sha256()
    for path in sorted(_import_closure([PACKAGE / m for m in modules])):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _import_closure(start: list[Path]) -> set[Path]:
    seen: set[Path] = set()
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        todo.extend(_imported(path))
    return seen


# An import statement at the start of a line (indented too: imports inside functions count).
# A scan of the text, not a parse: parsing every module a closure holds cost ≈0.1 s of every
# build's CPU per code_version. It errs only towards more: an import-like line in a docstring
# adds a module (a cache invalidated more often, never one that lies). tests/test_caching.py
# checks that it finds every import Python's own parser finds in every module of the package.
_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<dots>\.*)(?P<module>[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]*)"
    r"|import[ \t]+(?P<modules>[^\n]*))", re.M)


def _names(listed: str) -> list[str]:
    """The first word of each comma-separated item: `a as b, c  # note` → [a, c]."""
    text = re.sub(r"#[^\n]*", "", listed).strip("() \t\n\\")
    return [item.split()[0] for item in text.split(",") if item.split()]


def _imported(path: Path) -> list[Path]:
    """The modules of this package that `path` imports (relative or absolute `generator.` imports)."""
    found = []
    for match in _IMPORT_LINE.finditer(path.read_text(encoding="utf-8")):
        if match.group("modules") is not None:
            for name in _names(match.group("modules")):
                parts = name.split(".")
                if parts[0] == PACKAGE.name:
                    target = PACKAGE.joinpath(*parts[1:])
                    found += [target.with_suffix(".py"), target / "__init__.py"]
            continue
        dots, module = len(match.group("dots")), match.group("module")
        if dots:
            base = path.parent
            for _ in range(dots - 1):
                base = base.parent
            parts = module.split(".") if module else []
        elif module.split(".")[0] == PACKAGE.name:
            base, parts = PACKAGE, module.split(".")[1:]
        else:
            continue
        target = base.joinpath(*parts)
        found += [target.with_suffix(".py"), target / "__init__.py"]
        found += [target / f"{name}.py" for name in _names(match.group("names")) if name != "*"]  # `from . import x`
    return [p for p in found if PACKAGE in p.parents or p == PACKAGE]


def versioned_folder(base: Path, version: str, keep: int = 3, idle_s: float = 3600) -> Path:
    """base/version, created; the folders of other versions beyond the `keep` most recently
    used are removed (never one used in the last `idle_s` seconds: another build may be in it)."""
    folder = base / version
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # used now
    try:
        others = sorted((p for p in base.iterdir() if p.is_dir() and p.name != version),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        now = time.time()
        for old in others[keep - 1:]:
            if now - old.stat().st_mtime > idle_s:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:  # another process pruning at the same time
        pass
    return folder


def prune_files(folder: Path, pattern: str, keep: int) -> int:
    """Remove the least recently used files matching `pattern` beyond `keep` (the caller
    touches the ones it uses); returns how many were removed."""
    try:
        files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return 0
    for old in files[keep:]:
        old.unlink(missing_ok=True)
    return max(0, len(files) - keep)


def link_or_copy(src: str, dst: str) -> None:
    """A hard link to `src` at `dst` (no bytes copied), or a copy across file systems: only for
    files that are replaced, never edited in place, by whoever holds either name
    (shutil.copytree's copy_function)."""
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)
