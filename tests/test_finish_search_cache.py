"""Under `site_build.py serve`, a rebuild that changed no page does not run Pagefind again:
the finish stage links the last index in (generator/finish SearchCache), with the synonyms
written again, and the index is the bytes a fresh Pagefind run gives. A changed page runs it.
On a made-up two-page part (a fixture, not the real data); Pagefind itself runs (≈0.2 s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.finish import SearchCache, finish

pytestmark = pytest.mark.unit

PAGE = ('<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>'
        '<div data-pagefind-body><h1>{title}</h1><p>{text}</p></div></body></html>')


def _part(root: Path, zh_text: str, synonyms: dict) -> Path:
    part = root / "part"
    (part / "shards" / "s1" / "en").mkdir(parents=True, exist_ok=True)
    (part / "manifest.json").write_text(json.dumps({"shards": [{"id": "s1"}], "site_url": "", "pages": []}))
    for rel, lang, text in (("index.html", "zh", zh_text), ("en/index.html", "en", "Minimum living allowance")):
        page = part / "shards" / "s1" / rel
        page.unlink(missing_ok=True)  # a new file, as a shard rendered again is: the old one is linked into the sites
        page.write_text(PAGE.format(lang=lang, title="低保" if lang == "zh" else "Dibao", text=text), encoding="utf-8")
    (part / "search").mkdir(exist_ok=True)
    (part / "search" / "synonyms.json").write_text(json.dumps(synonyms, ensure_ascii=False), encoding="utf-8")
    return part


def _bundle(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def test_pagefind_runs_again_only_when_a_page_changed(tmp_path):
    cache = SearchCache()
    part = _part(tmp_path, "最低生活保障", {"zh": [["低保", "最低生活保障"]]})
    first = finish([part], tmp_path / "one", search_cache=cache)
    assert first["search_reused"] is False and cache.site == tmp_path / "one"

    part = _part(tmp_path, "最低生活保障", {"zh": [["五保", "特困供养"]]})  # the same pages, other synonyms
    second = finish([part], tmp_path / "two", search_cache=cache)
    assert second["search_reused"] is True and second["search_pages"] == first["search_pages"]
    fresh = finish([part], tmp_path / "fresh")  # no cache: Pagefind runs
    assert _bundle(tmp_path / "two") == _bundle(tmp_path / "fresh")
    synonyms = json.loads((tmp_path / "two" / "pagefind" / "synonyms.json").read_text(encoding="utf-8"))
    assert synonyms["groups"]["zh"] == [["五保", "特困供养"]]
    earlier = json.loads((tmp_path / "one" / "pagefind" / "synonyms.json").read_text(encoding="utf-8"))
    assert earlier["groups"]["zh"] == [["低保", "最低生活保障"]]  # the site served meanwhile is untouched
    assert fresh["search_reused"] is False

    part = _part(tmp_path, "特困人员救助供养", {"zh": [["五保", "特困供养"]]})  # a page's text changed
    third = finish([part], tmp_path / "three", search_cache=cache)
    assert third["search_reused"] is False
    assert _bundle(tmp_path / "three") != _bundle(tmp_path / "two")


def test_a_moved_or_deleted_previous_site_means_pagefind_runs(tmp_path):
    cache = SearchCache()
    part = _part(tmp_path, "最低生活保障", {})
    finish([part], tmp_path / "one", search_cache=cache)
    (tmp_path / "one").rename(tmp_path / "moved")  # the caller did not say where it went
    assert finish([part], tmp_path / "two", search_cache=cache)["search_reused"] is False
