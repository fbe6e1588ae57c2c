"""What webmasters and followers of changes get: edit links, dates, the change log and its feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import TEST_REPO_URL
from generator.site.changes import Change, Commit, Recorded
from generator.site.feeds import atom
from generator.data.schema import Text

ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_page_links_to_the_data_it_shows_and_says_when_it_changed(built_site):
    pages = [p for p in built_site.rglob("index.html") if "embed" not in p.parts]
    assert len(pages) > 500
    missing = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<footer class="page-meta">(.*?)</footer>', html, re.S)
        if not meta or f'href="{TEST_REPO_URL}/' not in meta.group(1) or not re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', meta.group(1)):
            missing.append(str(page.relative_to(built_site)))
    assert missing == []


def test_an_entry_page_links_to_its_file_and_line(built_site, project_root):
    html = (built_site / "cities/shangrao/services/radio/index.html").read_text(encoding="utf-8")
    assert f'href="{TEST_REPO_URL}/edit/main/data/cities/shangrao/items/box-08.yml"' in html
    line = re.search(rf'href="{TEST_REPO_URL}/blob/main/data/cities/shangrao/items/box-08.yml#L(\d+)"', html).group(1)
    text = (project_root / "data/cities/shangrao/items/box-08.yml").read_text(encoding="utf-8").splitlines()
    assert text[int(line) - 1].strip() == "- id: radio"


def test_change_pages_and_feeds_exist_in_both_languages(built_site, dataset_cities):
    for prefix in ("", "en/"):
        assert (built_site / prefix / "changes/index.html").is_file()
        for feed in ["feed.xml", *(f"cities/{c}/feed.xml" for c in dataset_cities)]:
            root = ET.parse(built_site / prefix / feed).getroot()
            assert root.tag == f"{ATOM}feed"
            for required in ("id", "title", "updated", "author"):
                assert root.find(f"{ATOM}{required}") is not None, (feed, required)


@pytest.fixture
def dataset_cities(dataset):
    return [c.city.id for c in dataset.cities]


def _change(city: str, before: int, after: int) -> Change:
    def money(n: int) -> Text:
        return Text(zh=f"{n:,} 元", en=f"CNY {n:,}")
    return Change(city, Text(zh="测试市", en="Test City"), "item", "allowance", Text(zh="生活补助", en="Living allowance"),
                  Text(zh="服务标准", en="standard"), money(before), money(after), "cities/testcity/services/allowance.md")


def test_a_feed_entry_per_data_commit_valid_atom():
    history = [
        Recorded(Commit("b" * 40, "2026-02-01T09:00:00+08:00", "raise"), [_change("testcity", 1250, 1300)]),
        Recorded(Commit("a" * 40, "2026-01-01T09:00:00+08:00", "other city"), [_change("othercity", 1, 2)]),
    ]
    root = ET.fromstring(atom(history, "en", "https://example.org/", city="testcity"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1  # the other city's change is not in this city's feed
    entry = entries[0]
    for required in ("id", "title", "updated", "link", "content"):
        assert entry.find(f"{ATOM}{required}") is not None
    assert entry.find(f"{ATOM}updated").text == "2026-02-01T09:00:00+08:00"
    assert "CNY 1,250 → CNY 1,300" in entry.find(f"{ATOM}content").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/en/cities/testcity/feed.xml"
    everything = ET.fromstring(atom(history, "zh", "https://example.org/"))
    assert len(everything.findall(f"{ATOM}entry")) == 2
    assert "1,250 元 → 1,300 元" in everything.find(f"{ATOM}entry/{ATOM}content").text
