"""Under `serve`, an edit to data/ renders again only the shards it changes (generator/serve.py).

The tree is generated again (only files whose bytes changed are written), the shards
whose generated files changed are rendered again, and the site is finished again:
pages of other shards keep their files, and the search index stays complete.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.serve_bench import page_times
from conftest import copy_project_data, tier
from generator.serve import Server
from generator.site import downloads
from helpers import search_fragments

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
@tier("build")
def served(tmp_path_factory):
    """A copy of the data and a serve state after its first build (every shard)."""
    root = copy_project_data(tmp_path_factory.mktemp("project"))
    server = Server(root, tmp_path_factory.mktemp("serve"), jobs=2)
    first = server.rebuild()
    assert len(first["shards"]) == 6
    yield root, server
    server.close()


def search_docs(site: Path, prefix: str = "") -> list[dict]:
    """The search index's pages under `prefix` (Pagefind's fragments), as {"location", "title"}."""
    start = f"/{prefix}/" if prefix else "/"
    return [{"location": url[len(start):], "title": f["meta"]["title"]}
            for url, f in search_fragments(site).items() if url.startswith(start) and (prefix or not url.startswith("/en/"))]


def shown_sizes(site: Path) -> dict[str, str]:
    """Every download's size as the Data page shows it (238.7 KB)."""
    return {p.relative_to(site).as_posix(): downloads.size_text(p.stat().st_size, "zh")
            for p in (site / "downloads").rglob("*") if p.is_file()}


def test_a_data_edit_renders_only_the_shards_it_changes(served):
    root, server = served
    site = server.site
    before, docs_before, sizes_before = page_times(site), search_docs(site, "en"), shown_sizes(site)
    items = root / "data/cities/shangrao/items/box-08.yml"
    text = items.read_text(encoding="utf-8")
    assert "en: Radio}" in text
    items.write_text(text.replace("en: Radio}", "en: Listening to the radio}"), encoding="utf-8")
    report = server.rebuild()
    # The city's English pages, and the English portal: its finder lists every service by title.
    # And the Chinese portal when its Data page changes: it lists every download's size, and the
    # downloads carry both languages' titles (issue 16), but 17 more bytes in a 238.7 KB table
    # change the size it shows only now and then.
    sizes_shown_changed = shown_sizes(site) != sizes_before
    assert report["shards"] == ["city-shangrao-en", "portal-en"] + (["portal-zh"] if sizes_shown_changed else [])
    after = page_times(site)
    radio = "en/cities/shangrao/services/radio/index.html"
    assert "Listening to the radio" in (site / radio).read_text(encoding="utf-8")
    rebuilt = sorted(page for page in after if after[page] != before.get(page))
    assert radio in rebuilt
    # Nothing of the shards it did not change: the Chinese cities, the other English city.
    assert not [p for p in rebuilt if p.startswith(("cities/", "en/cities/yichun/"))], rebuilt
    assert ("data/index.html" in rebuilt) is sizes_shown_changed
    docs_after = search_docs(site, "en")
    assert {d["location"] for d in docs_after} == {d["location"] for d in docs_before}
    titles = {d["location"]: d["title"] for d in docs_after}
    assert titles["cities/shangrao/services/radio/"] == "Listening to the radio"
    print(f"serve rebuild after one edit: {report}")


def test_a_navigation_change_renders_every_shard_of_the_language(served):
    root, server = served
    city = root / "data/cities/yichun/city.yml"
    text = city.read_text(encoding="utf-8")
    assert "name: {zh: 宜春市, en: Yichun}" in text
    city.write_text(text.replace("name: {zh: 宜春市, en: Yichun}", "name: {zh: 宜春市, en: Yichun City}"), encoding="utf-8")
    report = server.rebuild()
    # The city's name is in the navigation of every English shard (and in the finder's data of both languages).
    assert {"portal-en", "city-shangrao-en", "city-yichun-en"} <= set(report["shards"])


def test_nothing_changed_renders_nothing(served):
    _root, server = served
    assert server.rebuild()["shards"] == []
