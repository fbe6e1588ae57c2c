"""Under `serve`, an edit to data/ rebuilds only the pages it changes (generator/incremental.py).

`site_build.py serve` runs MkDocs's dirty builds: the first build writes every
page, later ones only pages whose Markdown or data location changed, unless
the navigation, theme or code changed. The search index stays complete.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_project_data
from generator import incremental
from generator.serve_bench import dirty_build, page_times


@pytest.fixture(scope="module")
def serving():
    """Dirty builds as under `serve`, switched off again for the other tests."""
    incremental.enable(True)
    yield
    incremental.enable(False)


@pytest.fixture(scope="module")
def served(tmp_path_factory, serving):
    """A copy of the data and the site of a first dirty build (which writes every page)."""
    root = copy_project_data(tmp_path_factory.mktemp("project"))
    site = root.parent / "site"
    dirty_build(root, site)
    return root, site


def search_docs(site: Path, prefix: str = "") -> list[dict]:
    return json.loads((site / prefix / "search/search_index.full.json").read_text(encoding="utf-8"))["docs"]


def test_a_data_edit_rebuilds_only_the_pages_it_changes(served, caplog):
    root, site = served
    before, docs_before = page_times(site), search_docs(site, "en")

    items = root / "data/cities/shangrao/items/box-08.yml"
    text = items.read_text(encoding="utf-8")
    assert "en: Radio listening}" in text
    items.write_text(text.replace("en: Radio listening}", "en: Listening to the radio}"), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        dirty_build(root, site)
    after = page_times(site)

    rebuilt = sorted(page for page in after if after[page] != before.get(page))
    radio = "en/cities/shangrao/services/radio/index.html"
    assert radio in rebuilt
    assert "Listening to the radio" in (site / radio).read_text(encoding="utf-8")
    assert "en/cities/yichun/index.html" not in rebuilt  # Yichun's pages do not show Shangrao's radio
    assert 0 < len(rebuilt) < len(after) / 10, rebuilt
    # MkDocs's "dirty build" warning would fail a strict build; it is answered by rebuilding on layout changes.
    assert not [r for r in caplog.records if "'dirty' build" in r.getMessage()]

    docs_after = search_docs(site, "en")
    assert len(docs_after) == len(docs_before)  # pages that were not rebuilt keep their entries
    titles = {d["location"]: d["title"] for d in docs_after}
    assert titles["cities/shangrao/services/radio/"] == "Listening to the radio"
    assert {d["location"] for d in docs_after} == {d["location"] for d in docs_before}


def test_a_navigation_change_rebuilds_every_page(served):
    root, site = served
    before = page_times(site)
    city = root / "data/cities/yichun/city.yml"
    text = city.read_text(encoding="utf-8")
    assert "name: {zh: 宜春市, en: Yichun}" in text
    city.write_text(text.replace("name: {zh: 宜春市, en: Yichun}", "name: {zh: 宜春市, en: Yichun City}"), encoding="utf-8")
    dirty_build(root, site)
    after = page_times(site)
    unchanged = [page for page in after if after[page] == before.get(page)]
    assert unchanged == []  # the city's name is in the navigation of every page


def test_clean_builds_are_untouched_by_the_serve_state():
    saved = dict(incremental._state)
    incremental.enable(False)
    try:
        assert incremental.unchanged_pages(PROJECT_ROOT, [], {"index.md": "x"}) == set()
        docs = [{"location": "a/", "title": "A", "text": ""}]
        assert incremental.complete_search_docs(docs, ["b/"]) == docs
    finally:
        incremental._state.update(saved)


def test_search_entries_of_skipped_pages_are_kept_and_of_removed_pages_dropped():
    saved = dict(incremental._state)
    incremental.enable(True)
    try:
        _check_search_entries()
    finally:
        incremental._state.update(saved)


def _check_search_entries():
    first = [{"location": "a/", "title": "A"}, {"location": "a/#part", "title": "A part"}, {"location": "b/", "title": "B"}]
    assert incremental.complete_search_docs(first, ["a/", "b/"]) == first
    # The next build rebuilt only b/, and a page c/ appeared; then a/ was removed.
    second = incremental.complete_search_docs([{"location": "b/", "title": "B2"}, {"location": "c/", "title": "C"}], ["a/", "b/", "c/"])
    assert [d["title"] for d in second] == ["A", "A part", "B2", "C"]
    third = incremental.complete_search_docs([], ["b/", "c/"])
    assert [d["title"] for d in third] == ["B2", "C"]
