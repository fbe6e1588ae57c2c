"""The Atom feeds as readers meet them: one title per feed, found from every page
(autodiscovery), and readable as a page when opened in a browser (the XSLT stylesheet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from generator.data.schema import Text
from generator.site.changes import Change, Commit, Recorded
from generator.site.feeds import STYLESHEET_PATH, atom, feed_path, feed_title, stylesheet

ATOM = "{http://www.w3.org/2005/Atom}"
CITIES = {"shangrao": Text(zh="上饶市", en="Shangrao"), "yichun": Text(zh="宜春市", en="Yichun")}


def _history() -> list[Recorded]:
    def change(city: str, before: str, after: str) -> Change:
        return Change(city, CITIES[city], "item", "allowance", Text(zh="生活补助", en="Living allowance"),
                      Text(zh="服务标准", en="standard"), Text(zh=before, en=before), Text(zh=after, en=after),
                      f"cities/{city}/services/allowance.md")
    return [
        Recorded(Commit("c" * 40, "2026-03-01T09:00:00+08:00", "a broken edit"), [],
                 Text(zh="数据有 1 处错误", en="1 problem in its data")),
        Recorded(Commit("b" * 40, "2026-02-01T09:00:00+08:00", "raise"),
                 [change("shangrao", "1,250 <元>", "1,300 & more"), change("yichun", "1", "2")]),
    ]


def _feeds() -> dict[tuple[str, str | None], str]:
    return {(lang, city): atom(_history(), lang, "https://example.org/", city, CITIES[city][lang] if city else "")
            for lang in ("zh", "en") for city in (None, *CITIES)}


@pytest.mark.unit
def test_each_feed_has_its_own_title_in_its_language():
    titles = {key: etree.fromstring(xml.encode()).findtext(f"{ATOM}title") for key, xml in _feeds().items()}
    assert len(set(titles.values())) == len(titles) == 6
    assert "Yichun" in titles[("en", "yichun")] and "宜春市" in titles[("zh", "yichun")]
    assert titles[("en", None)] == feed_title("en") and "Shangrao" not in titles[("en", None)]


@pytest.mark.unit
def test_every_feed_names_the_stylesheet_relative_to_itself():
    for (lang, city), xml in _feeds().items():
        found = re.search(r'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>', xml)
        assert found, (lang, city)
        base = "https://example.org/" + feed_path(lang, city)
        from urllib.parse import urljoin
        assert urljoin(base, found.group(1)) == "https://example.org/" + STYLESHEET_PATH


@pytest.mark.unit
def test_the_stylesheet_is_well_formed_and_loads_nothing():
    xsl = stylesheet()
    etree.fromstring(xsl.encode())  # well-formed
    # Nothing fetched from anywhere: the only addresses are the XSLT and Atom namespaces.
    assert set(re.findall(r"https?://[^\s\"'<>]+", xsl)) == {"http://www.w3.org/1999/XSL/Transform",
                                                            "http://www.w3.org/2005/Atom"}
    # Under the feed's Content-Security-Policy: no script, no inline style, no import.
    for forbidden in ("<script", "<style", "style=", "xsl:import", "xsl:include", "document(",
                      "disable-output-escaping"):
        assert forbidden not in xsl


@pytest.mark.unit
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_stylesheet_turns_a_feed_into_a_page_with_its_entries(lang):
    transform = etree.XSLT(etree.fromstring(stylesheet().encode()))
    feed = etree.fromstring(atom(_history(), lang, "https://example.org/", "shangrao", CITIES["shangrao"][lang]).encode())
    page = etree.tostring(transform(feed), method="html", encoding="unicode")
    html = etree.HTML(page)
    assert html.get("lang") == ("zh-Hans" if lang == "zh" else "en")
    assert html.findtext(".//h1") == feed_title(lang, CITIES["shangrao"][lang])
    headings = [h.xpath("string()") for h in html.iterfind(".//h2")]
    assert len(headings) == 1  # the raise (Shangrao's change only): the unreadable commit is the site feed's
    text = html.xpath("string(//main)")
    assert "1,250 <元> → 1,300 & more" in text  # the entry's words, as text: its markup is not kept
    assert "1 → 2" not in text  # Yichun's change is not in Shangrao's feed
    assert ("Atom 订阅源" if lang == "zh" else "Atom feed") in text  # the note, in the feed's language
    assert not html.xpath("//script | //style | //*[@style]")
    # The site's icon, found from the feed's place (cities/shangrao/feed.xml, en/cities/shangrao/feed.xml).
    assert html.xpath("//link/@rel") == ["icon"]
    assert html.xpath("//link/@href") == [("../../" if lang == "zh" else "../../../") + "assets/images/favicon.png"]
    links = html.xpath("//a/@href")
    assert all(link.startswith("https://example.org/") for link in links)


@pytest.mark.unit
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_commit_that_cannot_be_read_is_in_the_sites_feed_only(lang):
    """It touched no known city: the site's feed (and the "what changed" page) say it could not
    be read; each city's feed lists its own changes, and is as recent as its newest."""
    transform = etree.XSLT(etree.fromstring(stylesheet().encode()))
    for city, entries in ((None, ["c", "b"]), ("shangrao", ["b"]), ("yichun", ["b"])):
        xml = _feeds()[(lang, city)]
        feed = etree.fromstring(xml.encode())
        ids = [e.findtext(f"{ATOM}id") for e in feed.iterfind(f"{ATOM}entry")]
        assert [i.rsplit("#", 1)[1][0] for i in ids] == entries, city
        assert feed.findtext(f"{ATOM}updated") == ("2026-03-01T09:00:00+08:00" if city is None else "2026-02-01T09:00:00+08:00")
        text = etree.tostring(transform(feed), method="html", encoding="unicode")
        assert (("无法读取" if lang == "zh" else "could not be read") in text) is (city is None), city
    # A city's feed with no change of its own still parses, dated by the history's newest commit.
    empty = etree.fromstring(atom(_history()[:1], lang, "https://example.org/", "yichun", CITIES["yichun"][lang]).encode())
    assert empty.find(f"{ATOM}entry") is None and empty.findtext(f"{ATOM}updated") == "2026-03-01T09:00:00+08:00"


# ---- the built site ---------------------------------------------------------------------------


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("index.html") if "/embed/" not in p.as_posix()]


@pytest.mark.build
def test_every_page_offers_its_feeds_to_feed_readers(built_site):
    from generator.data.validate import load_dataset
    from conftest import PROJECT_ROOT

    names = {c.city.id: c.city.name for c in load_dataset(PROJECT_ROOT).cities}
    link = re.compile(r'<link rel="alternate feed" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">')
    pages = _pages(built_site)
    assert len(pages) > 100
    for page in pages:
        rel = page.relative_to(built_site).as_posix()
        lang = "en" if rel.startswith("en/") else "zh"
        found = link.findall(page.read_text(encoding="utf-8"))
        city = re.match(r"(?:en/)?cities/([a-z0-9-]+)/", rel)
        expected = [feed_title(lang)] + ([feed_title(lang, names[city.group(1)][lang])] if city else [])
        assert [title for title, _ in found] == expected, rel
        for title, href in found:
            target = (page.parent / href).resolve()
            assert target.is_file() and target.name == "feed.xml", (rel, href)
            assert etree.parse(str(target)).findtext(f"{ATOM}title") == title, (rel, href)


@pytest.mark.build
def test_the_built_feeds_become_pages_with_the_sites_stylesheet(built_site):
    xsl = built_site / STYLESHEET_PATH
    transform = etree.XSLT(etree.parse(str(xsl)))
    for feed in sorted(built_site.rglob("feed.xml")):
        page = etree.tostring(transform(etree.parse(str(feed))), method="html", encoding="unicode")
        entries = len(etree.parse(str(feed)).findall(f"{ATOM}entry"))
        assert page.count("<h2>") == entries, feed
        assert entries > 0, feed  # this repository's history has changes for every city
