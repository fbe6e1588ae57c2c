"""A build's finish stage takes the search index and the link check's verdict from the last
build (generator/finish/reuse.py, the cache folder's finish/) when what they read is the same,
and never otherwise: a restored index is the bytes a fresh Pagefind run writes, an entry whose
files do not match their recorded digests is deleted, a failed link check is never kept.
On made-up two-page parts (fixtures, not the real data); Pagefind itself runs (≈0.2 s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.finish import MergeError, finish
from generator.finish import reuse
from generator.finish.reuse import FinishCache, site_digests

pytestmark = pytest.mark.unit

PAGE = ('<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>'
        '<div data-pagefind-body><h1 id="top">{title}</h1><p>{text}</p><a href="{link}">{title}</a></div>'
        '</body></html>')


def _part(root: Path, zh_text: str = "最低生活保障", *, synonyms: dict | None = None, link: str = "en/#top",
          extra: dict[str, str] | None = None) -> Path:
    """A one-shard part: a zh home page linking to the en one (or to `link`), and `extra` files."""
    part = root / "part"
    shard = part / "shards" / "s1"
    (shard / "en").mkdir(parents=True, exist_ok=True)
    (part / "manifest.json").write_text(json.dumps({"shards": [{"id": "s1"}], "site_url": "", "pages": []}))
    pages = {"index.html": PAGE.format(lang="zh", title="低保", text=zh_text, link=link),
             "en/index.html": PAGE.format(lang="en", title="Dibao", text="Minimum living allowance", link="../#top")}
    for rel, text in {**pages, **(extra or {})}.items():
        (shard / rel).parent.mkdir(parents=True, exist_ok=True)
        (shard / rel).unlink(missing_ok=True)  # a new file, as a shard rendered again is
        (shard / rel).write_text(text, encoding="utf-8")
    (part / "search").mkdir(exist_ok=True)
    (part / "search" / "synonyms.json").write_text(json.dumps(synonyms or {}, ensure_ascii=False), encoding="utf-8")
    return part


def _bundle(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}


def _entries(cache: FinishCache) -> list[Path]:
    return sorted(cache.search.iterdir()) if cache.search.is_dir() else []


def test_a_second_build_of_the_same_pages_reuses_both_and_the_index_is_a_fresh_runs_bytes(tmp_path):
    cache = FinishCache(tmp_path / "cache")
    part = _part(tmp_path, synonyms={"zh": [["低保", "最低生活保障"]]})
    first = finish([part], tmp_path / "one", cache=cache)
    assert (first["search_reused"], first["links_reused"]) == (False, False)
    assert first["links"]["links"] >= 2 and len(_entries(cache)) == 1

    second = finish([part], tmp_path / "two", cache=FinishCache(tmp_path / "cache"))  # a new process: from disk
    assert (second["search_reused"], second["links_reused"]) == (True, True)
    assert second["links"] == first["links"] and second["search_pages"] == first["search_pages"]
    fresh = finish([part], tmp_path / "fresh")  # no cache: Pagefind runs
    assert fresh["search_reused"] is False
    assert _bundle(tmp_path / "two") == _bundle(tmp_path / "fresh") == _bundle(tmp_path / "one")


def test_a_changed_page_runs_pagefind_and_the_check_and_only_the_latest_indexes_are_kept(tmp_path):
    cache = FinishCache(tmp_path / "cache")
    for n, text in enumerate(["最低生活保障", "特困人员救助供养", "临时救助", "医疗救助"]):
        report = finish([_part(tmp_path, text)], tmp_path / f"site{n}", cache=cache)
        assert (report["search_reused"], report["links_reused"]) == (False, False)
    assert len(_entries(cache)) == reuse.SEARCH_KEEP
    again = finish([_part(tmp_path, "医疗救助")], tmp_path / "again", cache=cache)  # the latest: still kept
    assert again["search_reused"] is True
    assert _bundle(tmp_path / "again") == _bundle(tmp_path / "site3")


@pytest.mark.parametrize("damage", ["edit", "delete", "add", "entry"])
def test_an_entry_that_does_not_match_its_digests_is_deleted_never_used(tmp_path, damage):
    cache = FinishCache(tmp_path / "cache")
    part = _part(tmp_path)
    finish([part], tmp_path / "one", cache=cache)
    (entry,) = _entries(cache)
    stored = sorted(p for p in (entry / reuse.INDEX).rglob("*") if p.is_file())
    if damage == "edit":  # in place: the site's file is the same inode, so it changes too (the next build's is new)
        stored[0].write_bytes(stored[0].read_bytes() + b"x")
    elif damage == "delete":
        stored[-1].unlink()
    elif damage == "add":
        (entry / reuse.INDEX / "extra.js").write_text("alert(1)")
    else:
        (entry / reuse.ENTRY).write_text("{not json")
    report = finish([part], tmp_path / "two", cache=cache)
    assert report["search_reused"] is False  # Pagefind ran again
    finish([part], tmp_path / "fresh")  # no cache
    assert _bundle(tmp_path / "two") == _bundle(tmp_path / "fresh")
    (new,) = _entries(cache)  # the damaged entry was replaced by the new run's
    assert reuse._hashes(new / reuse.INDEX) == json.loads((new / reuse.ENTRY).read_text())["files"]


def test_new_synonyms_are_written_and_count_in_the_key(tmp_path):
    cache = FinishCache(tmp_path / "cache")
    finish([_part(tmp_path, synonyms={"zh": [["低保", "最低生活保障"]]})], tmp_path / "one", cache=cache)
    report = finish([_part(tmp_path, synonyms={"zh": [["五保", "特困供养"]]})], tmp_path / "two", cache=cache)
    assert report["search_reused"] is False
    groups = json.loads((tmp_path / "two" / "pagefind" / "synonyms.json").read_text(encoding="utf-8"))["groups"]
    assert groups["zh"] == [["五保", "特困供养"]]
    earlier = json.loads((tmp_path / "one" / "pagefind" / "synonyms.json").read_text(encoding="utf-8"))["groups"]
    assert earlier["zh"] == [["低保", "最低生活保障"]]  # the other site's file is its own, not a shared link


def test_a_failed_link_check_is_never_kept(tmp_path):
    cache = FinishCache(tmp_path / "cache")
    part = _part(tmp_path, link="missing/")
    for name in ("one", "two"):
        with pytest.raises(MergeError, match="missing/"):
            finish([part], tmp_path / name, cache=cache)
    assert not cache.links.is_dir() or not list(cache.links.glob("*.json"))


def test_the_check_is_reused_when_only_the_bytes_of_files_it_does_not_read_change(tmp_path):
    cache = FinishCache(tmp_path / "cache")
    finish([_part(tmp_path, extra={"api/index.json": '{"generated_at": "10:00"}'})], tmp_path / "one", cache=cache)
    same_names = finish([_part(tmp_path, extra={"api/index.json": '{"generated_at": "10:01"}'})], tmp_path / "two",
                        cache=cache)
    assert (same_names["search_reused"], same_names["links_reused"]) == (True, True)
    # A file gone (one a link may point to) means the check runs again: it fails here.
    part = _part(tmp_path, link="api/index.json")
    finish([part], tmp_path / "three", cache=cache)
    (part / "shards" / "s1" / "api" / "index.json").unlink()
    with pytest.raises(MergeError, match="api/index.json"):
        finish([part], tmp_path / "four", cache=cache)


def test_the_digests_follow_what_each_reads(tmp_path):
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "index.html").write_text("<p>a</p>")
    (site / "data.json").write_text("1")
    first = site_digests(site)
    (site / "data.json").write_text("2")  # bytes the check does not read
    (site / "pagefind" / "x.pf_index").write_text("index")  # the index: made from the pages
    assert site_digests(site) == first
    (site / "sitemap.xml").write_text("<urlset/>")  # a file more: the check sees names
    assert site_digests(site).pages == first.pages and site_digests(site).links != first.links
    (site / "index.html").write_text("<p>b</p>")
    assert site_digests(site).pages != first.pages


def test_the_search_key_follows_the_binary_its_configuration_and_the_synonyms(tmp_path, monkeypatch):
    digests = reuse.SiteDigests(pages="p", links="l")
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    keys = [reuse.search_key(digests, {}, cwd=tmp_path)]
    binary = tmp_path / "pagefind_extended"
    binary.write_bytes(b"one")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    keys.append(reuse.search_key(digests, {}, cwd=tmp_path))
    binary.write_bytes(b"other")  # another build of it, at the same path
    keys.append(reuse.search_key(digests, {}, cwd=tmp_path))
    (tmp_path / "pagefind.yml").write_text("root_selector: main\n")
    keys.append(reuse.search_key(digests, {}, cwd=tmp_path))
    keys.append(reuse.search_key(digests, {"zh": [["低保", "最低生活保障"]]}, cwd=tmp_path))
    keys.append(reuse.search_key(reuse.SiteDigests(pages="q", links="l"), {}, cwd=tmp_path))
    assert len(set(keys)) == len(keys)
    assert reuse.search_key(digests, {}, cwd=tmp_path) == keys[3]  # nothing changed: the same key
