"""The caches' keys and bounds (generator/caching.py): by content, by the code, never growing without end."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest

from generator import caching
from generator.caching import Bounded, by_file_content, code_version, files_digest, prune_files, versioned_folder

pytestmark = pytest.mark.unit


def test_bounded_keeps_the_most_recently_used():
    cache = Bounded(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # used: "b" is now the oldest
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)


def test_a_file_is_read_again_when_its_bytes_change_even_with_the_same_time_and_size(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("十五套", encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    reads = []

    @by_file_content(maxsize=4)
    def read(p):
        reads.append(p)
        return p.read_text(encoding="utf-8")

    assert read(path) == read(path) == "十五套" and len(reads) == 1
    path.write_text("十六套", encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # what two saves within one clock tick look like
    assert read(path) == "十六套" and len(reads) == 2


def test_a_file_that_cannot_be_read_is_left_to_the_function_and_not_kept(tmp_path):
    @by_file_content(maxsize=4)
    def read(p):
        return p.read_text(encoding="utf-8")

    with pytest.raises(FileNotFoundError):
        read(tmp_path / "missing.txt")
    assert len(read.cache) == 0


def test_files_digest_follows_bytes_and_names(tmp_path):
    a, b = tmp_path / "a.yml", tmp_path / "b.yml"
    a.write_text("x: 1", encoding="utf-8")
    first = files_digest([a, b])  # b is missing, and counted as such
    b.write_text("", encoding="utf-8")
    assert files_digest([a, b]) != first
    a.write_text("x: 2", encoding="utf-8")
    assert len({first, files_digest([a, b]), files_digest([b, a])}) == 3


def test_the_code_version_follows_every_module_imported(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    (package / "site").mkdir(parents=True)
    (package / "data").mkdir()
    (package / "site" / "changes.py").write_text("from ..data import errors\nfrom . import i18n\n", encoding="utf-8")
    (package / "site" / "i18n.py").write_text("UI = {}\n", encoding="utf-8")
    (package / "data" / "errors.py").write_text("from generator.data.messages import explain\n", encoding="utf-8")
    (package / "data" / "messages.py").write_text("def explain(): ...\n", encoding="utf-8")
    (package / "data" / "unused.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(caching, "PACKAGE", package)
    closure = {p.relative_to(package).as_posix() for p in caching._import_closure([package / "site" / "changes.py"])}
    assert closure == {"site/changes.py", "site/i18n.py", "data/errors.py", "data/messages.py"}
    before = code_version.__wrapped__("site/changes.py")
    (package / "data" / "messages.py").write_text("def explain(): return 1\n", encoding="utf-8")
    after = code_version.__wrapped__("site/changes.py")
    assert after != before  # two imports away
    (package / "data" / "unused.py").write_text("x = 1\n", encoding="utf-8")
    assert code_version.__wrapped__("site/changes.py") == after  # not imported: not the code that made it


def test_old_versions_folders_are_removed_beyond_a_few_but_never_one_in_use(tmp_path):
    old = time.time() - 7200
    for n in range(5):
        (tmp_path / f"v{n}").mkdir()
        os.utime(tmp_path / f"v{n}", (old + n, old + n))
    (tmp_path / "recent").mkdir()  # another build may be using it
    folder = versioned_folder(tmp_path, "current", keep=3)
    assert folder == tmp_path / "current" and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "recent", "v4"]


def test_prune_files_keeps_the_most_recently_used(tmp_path):
    for n in range(6):
        (tmp_path / f"{n}.svg").write_text("", encoding="utf-8")
        os.utime(tmp_path / f"{n}.svg", (1000 + n, 1000 + n))
    assert prune_files(tmp_path, "*.svg", 4) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2.svg", "3.svg", "4.svg", "5.svg"]


def test_the_chart_caches_are_bounded():
    """(A build's chart requests live in its context, not here: tests/test_build_context.py.)"""
    from generator.site import charts

    assert isinstance(charts._indicator_charts, Bounded) and charts._indicator_charts.maxsize <= 4096


def test_a_digest_of_names_relative_to_a_folder_does_not_depend_on_where_it_is(tmp_path):
    # The chart fingerprint reaches the page (the SVG's ids): two checkouts of one commit must agree.
    for checkout in ("one", "two"):
        (tmp_path / checkout / "tools").mkdir(parents=True)
        (tmp_path / checkout / "tools" / "draw.js").write_text("draw()", encoding="utf-8")
    one, two = (tmp_path / c for c in ("one", "two"))
    assert files_digest([one / "tools/draw.js"], names_from=one) == files_digest([two / "tools/draw.js"], names_from=two)
    assert files_digest([one / "tools/draw.js"]) != files_digest([two / "tools/draw.js"])  # absolute names differ


def _parsed_imports(path: Path) -> set[Path]:
    """What Python's parser says `path` imports of the package (the reference for the scan)."""
    found: set[Path] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                parts = node.module.split(".") if node.module else []
            elif node.module and node.module.split(".")[0] == caching.PACKAGE.name:
                base, parts = caching.PACKAGE, node.module.split(".")[1:]
            else:
                continue
            target = base.joinpath(*parts)
            found |= {target.with_suffix(".py"), target / "__init__.py"}
            found |= {target / f"{alias.name}.py" for alias in node.names}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == caching.PACKAGE.name:
                    target = caching.PACKAGE.joinpath(*parts[1:])
                    found |= {target.with_suffix(".py"), target / "__init__.py"}
    return {p for p in found if caching.PACKAGE in p.parents or p == caching.PACKAGE}


def test_the_import_scan_finds_every_import_the_parser_finds_in_every_module():
    modules = sorted(caching.PACKAGE.rglob("*.py"))
    assert len(modules) > 50
    for path in modules:
        missed = _parsed_imports(path) - set(caching._imported(path))
        assert not missed, f"{path}: the scan misses {sorted(map(str, missed))}"


def test_the_import_scan_reads_the_forms_imports_take(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    (package / "site").mkdir(parents=True)
    code = ("import os, generator.data.units as units\n"
            "from .. import (\n    errors,  # a comment\n    loader as load,\n)\n"
            "def f():\n    from .pages import render\n"
            "from generator.finish.links import check_links\n")
    (package / "site" / "x.py").write_text(code, encoding="utf-8")
    monkeypatch.setattr(caching, "PACKAGE", package)
    found = {p.relative_to(package).as_posix() for p in caching._imported(package / "site" / "x.py")}
    assert {"data/units.py", "errors.py", "loader.py", "site/pages.py", "finish/links.py"} <= found
    assert found == {p.relative_to(package).as_posix() for p in _parsed_imports(package / "site" / "x.py")}
