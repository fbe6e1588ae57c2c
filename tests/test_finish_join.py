"""Joining shards (generator/finish `_join`): a file two shards write must be the same bytes;
made-up shard folders (fixtures)."""

from __future__ import annotations

import os

import pytest

from generator.finish import MergeError, _join

pytestmark = pytest.mark.unit


def _shard(root, name, files):
    for rel, text in files.items():
        (root / name / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / name / rel).write_text(text, encoding="utf-8")
    return root / name


def test_shards_join_and_a_file_both_write_the_same_is_kept_once(tmp_path):
    one = _shard(tmp_path, "one", {"assets/app.js": "same", "a/index.html": "a"})
    two = _shard(tmp_path, "two", {"assets/app.js": "same", "b/index.html": "b"})
    site = tmp_path / "site"
    _join(one, site)
    _join(two, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "a/index.html", "assets/app.js", "b/index.html"]
    assert os.path.samefile(site / "a" / "index.html", one / "a" / "index.html")  # linked, not copied
    _join(one, site)  # the same files again: every one already there, by the same inode


@pytest.mark.parametrize("other", ["samez", "other text"])  # the same size, and not
def test_a_file_two_shards_write_differently_stops_the_merge(tmp_path, other):
    site = tmp_path / "site"
    _join(_shard(tmp_path, "one", {"assets/app.js": "sames"}), site)
    with pytest.raises(MergeError, match="assets/app.js is written differently by two shards"):
        _join(_shard(tmp_path, "two", {"assets/app.js": other}), site)
