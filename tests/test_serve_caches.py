"""Under `serve`, no cache answers for an input that has since changed (issue 17).

Through the rebuild `site_build.py serve` runs after each edit (generator/serve.py, in this
process, so that every in-memory cache lives on between edits as it does there): a plan
text, a data file and a page template are edited in turn, and each edit shows on the site,
and a quote the edit made untrue is refused, with its location, until it is put right.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import copy_project_data
from generator.serve import Server
from generator.site import pages

pytestmark = pytest.mark.build

PLAN = "data/sources/shangrao-14th-five-year-public-service-plan.txt"
ITEMS = "data/cities/shangrao/items/box-08.yml"
RADIO_PAGE = "cities/shangrao/services/radio/index.html"
SOURCE_PAGE = "cities/shangrao/source/index.html"
PLAN_LINE = "3．收听广播。通过地面无线方式为城乡居民提供不少于15套广播节目；"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of data/ and of the page templates, and a serve state after its first build."""
    root = copy_project_data(tmp_path_factory.mktemp("project"))
    templates = tmp_path_factory.mktemp("templates") / "templates"
    shutil.copytree(pages.TEMPLATES, templates)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "TEMPLATES", templates)
        pages._environment.cache_clear()  # once, to load from the copy: edits must show without it
        server = Server(root, tmp_path_factory.mktemp("serve"), jobs=2)
        try:
            server.rebuild()
            yield root, templates, server
        finally:
            server.close()
            pages._environment.cache_clear()


def _edit(path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _page(server, rel: str) -> str:
    return (server.site / rel).read_text(encoding="utf-8")


def _refused(server, *located: str) -> str:
    assert server.refresh() is None, "an untrue quote was accepted"
    for where in located:
        assert where in server.problem, server.problem
    return server.problem


def test_an_edited_plan_text_shows_and_a_quote_no_longer_in_it_is_refused(served):
    root, _, server = served
    plan = root / PLAN
    original = _edit(plan, PLAN_LINE, PLAN_LINE.replace("收听广播。", "收听广播（编者测试）。"))
    try:
        # The item's text no longer matches the plan's line: refused at the item, not served.
        problem = _refused(server, f"{ITEMS}:", "not found in shangrao-14th-five-year-public-service-plan.txt")
        assert "items[" in problem
        plan.write_text(original.replace("不少于15套广播节目；在直播", "不少于16套广播节目；在直播", 1), encoding="utf-8")
        # The same length as before, one character changed: the quote stating 15 channels is gone.
        _refused(server, f"{ITEMS}:", "quote not found")
        plan.write_text(original + "\n编者注：上饶市测试用的附加段落。\n", encoding="utf-8")
        assert server.refresh() is not None, server.problem
        assert server.problem is None
        assert "编者注：上饶市测试用的附加段落。" in _page(server, SOURCE_PAGE)
    finally:
        plan.write_text(original, encoding="utf-8")
    assert server.refresh() is not None, server.problem
    assert "编者注" not in _page(server, SOURCE_PAGE)


def test_an_edited_data_file_shows_and_an_untrue_quote_in_it_is_refused(served):
    root, _, server = served
    items = root / ITEMS
    original = _edit(items, "quote: 通过地面无线方式为城乡居民提供不少于15套广播节目",
                     "quote: 通过地面无线方式为城乡居民提供不少于16套广播节目")
    try:
        _refused(server, f"{ITEMS}:", ".source.quote", "quote not found")
        items.write_text(original.replace("en: Radio}", "en: Listening to the radio}", 1), encoding="utf-8")
        report = server.refresh()
        assert report is not None and server.problem is None
        assert "city-shangrao-en" in report["shards"]
        assert report["search_reused"] is False  # a page changed: Pagefind indexes the site again
        assert "Listening to the radio" in _page(server, "en/" + RADIO_PAGE)
    finally:
        items.write_text(original, encoding="utf-8")
    assert server.refresh() is not None


def test_an_edited_page_template_shows_at_once(served):
    _, templates, server = served
    template = templates / "item.md.j2"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "\nTEMPLATE-EDIT-SEEN\n", encoding="utf-8")
    try:
        report = server.refresh()
        assert report is not None, server.problem
        assert "TEMPLATE-EDIT-SEEN" in _page(server, RADIO_PAGE)
        assert {"city-shangrao-zh", "city-yichun-en"} <= set(report["shards"])
    finally:
        template.write_text(original, encoding="utf-8")
    assert server.refresh() is not None
    assert "TEMPLATE-EDIT-SEEN" not in _page(server, RADIO_PAGE)


def test_a_rebuild_that_changed_no_page_links_the_last_search_index_in(served):
    _, _, server = served
    assert server.refresh() is not None, server.problem
    report = server.refresh()  # nothing edited since
    assert report is not None and report["shards"] == [] and report["search_reused"] is True
    assert (server.site / "pagefind" / "pagefind-entry.json").is_file()
    assert (server.site / "pagefind" / "synonyms.json").is_file()
