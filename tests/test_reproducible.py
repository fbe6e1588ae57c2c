"""Builds are reproducible, however they are spread, and a new city is just a new folder.

Two builds of the same data and code, in separate processes with different
hash seeds, produce byte-identical sites (the build date pinned with
SOURCE_DATE_EPOCH, as reproducible-builds.org recommends) — and so does the
same site built as two parts on "two machines" (`build --shard I/N`) and
merged (`merge`), as CI does — search index included: Pagefind 1.5.2 writes its
filter files in a different order on every run, which generator/finish/search.py
(`canonical_bundle`) puts back in one order, so pagefind/ is compared byte for byte
like every other file. A third city added as a folder under data/ builds with no
code change."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project_data
from generator.build import build_site

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"


def _site_build(seed: str, *args: str) -> None:
    # Every build renders every shard (SITE_SHARD_CACHE=0): restored from the first build's, the
    # others would prove nothing about rendering (tests/test_shard_cache.py compares restored shards).
    # Without the last build's search index and link check either (the cache folder's finish/,
    # generator/finish/reuse.py): each build runs Pagefind, whose bytes are what is compared.
    shutil.rmtree(Path(os.environ["SITE_CACHE_DIR"]) / "finish", ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", PYTHONHASHSEED=seed, SITE_SHARD_CACHE="0")
    run = subprocess.run([sys.executable, str(ROOT / "site_build.py"), *args],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr


def _build_in_subprocess(site: Path, seed: str) -> None:
    _site_build(seed, "build", "--site-dir", str(site))


def _differences(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return [f"file lists differ: {set(files_a) ^ set(files_b)}"]
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    return mismatch + errors


def test_two_builds_are_byte_identical_and_so_is_a_distributed_build(tmp_path):
    _build_in_subprocess(tmp_path / "one", "1")
    _build_in_subprocess(tmp_path / "two", "2")
    assert _differences(tmp_path / "one", tmp_path / "two") == []
    # The same site as two machines build it: each a part of the shards, one process each, then merged.
    _site_build("3", "build", "--shard", "1/2", "--out", str(tmp_path / "part-1"), "--jobs", "1")
    _site_build("4", "build", "--shard", "2/2", "--out", str(tmp_path / "part-2"), "--jobs", "1")
    parts = [sorted(p.name for p in (tmp_path / f"part-{n}" / "shards").iterdir()) for n in (1, 2)]
    assert parts[0] and parts[1] and not set(parts[0]) & set(parts[1])
    _site_build("5", "merge", str(tmp_path / "part-2"), str(tmp_path / "part-1"), "--site-dir", str(tmp_path / "merged"))
    assert _differences(tmp_path / "one", tmp_path / "merged") == []


def test_a_third_city_is_a_folder_and_builds_without_code_changes(tmp_path):
    root = copy_project_data(tmp_path / "project")
    shutil.copytree(GOOD / "data/cities/testcity", root / "data/cities/testcity")
    shutil.copy(GOOD / "data/sources/testcity-plan.txt", root / "data/sources/")
    site = tmp_path / "site"
    build_site(root, site)
    for prefix in ("", "en/"):
        city = site / prefix / "cities/testcity"
        assert (city / "index.html").is_file()
        assert (city / "indicators/index.html").is_file()
        assert (city / "services/boarding-pupil-allowance/index.html").is_file()
        assert (city / "for/students/index.html").is_file()
        finder = (site / prefix / "finder/index.html").read_text(encoding="utf-8")
        assert 'value="testcity"' in finder
    compare = (site / "compare/index.html").read_text(encoding="utf-8")
    assert "测试市" in compare  # the new city gets its own column
    assert (site / "downloads/testcity/indicators.csv").is_file()
