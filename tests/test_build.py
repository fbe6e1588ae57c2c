"""A full build of the real site, checked in its HTML, search indexes and assets."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import STALE_PAGE, TEST_SITE_URL, copy_project_data
from generator.build import MARKER, MARKER_TEXT, build_site
from generator.data.errors import DataErrors
from generator.site import charts
from helpers import search_fragments

LANG_PREFIXES = {"zh": "", "en": "en/"}


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_indicator_and_item_has_a_page_in_both_languages(built_site, dataset):
    for city in dataset.cities:
        for lang, prefix in LANG_PREFIXES.items():
            for ind in city.indicators:
                page = built_site / f"{prefix}cities/{city.city.id}/indicators/{ind.id}/index.html"
                assert page.is_file(), page
                assert ind.name[lang] in read(built_site, str(page.relative_to(built_site)))
            for item in city.items:
                folder = "services" if item.kind.value == "service" else "projects"
                html = read(built_site, f"{prefix}cities/{city.city.id}/{folder}/{item.id}/index.html")
                assert item.title[lang] in html


def test_the_shangrao_slice_is_complete(dataset):
    shangrao = next(c for c in dataset.cities if c.city.id == "shangrao")
    assert len(shangrao.indicators) == 22
    assert len([i for i in shangrao.items if i.source.box == 8]) == 9


@pytest.mark.parametrize("lang,html_lang", [("zh", "zh"), ("en", "en")])
def test_pages_declare_their_language(built_site, lang, html_lang):
    html = read(built_site, f"{LANG_PREFIXES[lang]}cities/shangrao/services/radio/index.html")
    assert f'<html lang="{html_lang}"' in html


def test_language_switch_leads_to_the_same_page(built_site):
    zh = read(built_site, "cities/shangrao/services/radio/index.html")
    en = read(built_site, "en/cities/shangrao/services/radio/index.html")
    assert re.search(r'<a class="lang-switch" href="(\.\./)+en/cities/shangrao/services/radio/" hreflang="en"', zh)
    assert re.search(r'<a class="lang-switch" href="(\.\./)+cities/shangrao/services/radio/" hreflang="zh-Hans"', en)


def test_sitemap_pairs_each_page_with_its_twin(built_site):
    sitemap = read(built_site, "sitemap.xml")
    assert f'hreflang="en" href="{TEST_SITE_URL}en/cities/shangrao/services/radio/"' in sitemap
    assert f'hreflang="zh-Hans" href="{TEST_SITE_URL}cities/shangrao/services/radio/"' in sitemap


def test_service_page_shows_standard_and_verbatim_source(built_site):
    html = read(built_site, "cities/shangrao/services/radio/index.html")
    assert "不少于 15 套" in html and "不少于 17 套" in html
    assert "通过地面无线方式为城乡居民提供不少于15套广播节目" in html
    assert 'href="../../source/#box-8-item-3"' in html
    en = read(built_site, "en/cities/shangrao/services/radio/index.html")
    assert "at least 15 channels" in en


def test_source_page_has_an_anchor_for_every_cited_passage(built_site, dataset):
    from generator.data.sourcedoc import anchor_for

    for city in dataset.cities:
        for prefix in LANG_PREFIXES.values():
            html = read(built_site, f"{prefix}cities/{city.city.id}/source/index.html")
            for entry in (*city.indicators, *city.items):
                assert f'id="{anchor_for(entry.source)}"' in html, (city.city.id, entry.id)


def test_indicator_table_lists_all_rows_with_values(built_site, dataset):
    shangrao = next(c for c in dataset.cities if c.city.id == "shangrao")
    html = read(built_site, "cities/shangrao/indicators/index.html")
    for ind in shangrao.indicators:
        assert ind.name.zh in html
    assert "不少于 78 岁，力争 78.6 岁" in html  # 78以上，力争78.6
    assert "应报尽保" in html or "应保尽保" in html


def test_indicator_pages_embed_chart_options_a_static_svg_and_load_echarts_locally(built_site):
    html = read(built_site, "cities/shangrao/indicators/childcare-places-per-1000/index.html")
    data = re.search(r'<script type="application/json" id="chart-childcare-places-per-1000">(.*?)</script>', html, re.S)
    options = json.loads(data.group(1))
    assert charts.values_of(options) == [1.04, 4.5]  # 2020, and the 2025 target in its own series
    # The chart drawn at build time, inside its labelled container, with the numbers formatted as live.
    chart = re.search(r'<div class="chart" data-chart="chart-childcare-places-per-1000"[^>]*>(<svg .*?</svg>)</div>', html, re.S)
    assert chart, "a static SVG in the chart's container"
    svg = chart.group(1)
    assert ">2020<" in svg and ">2025年目标<" in svg and "4.5" in svg  # the target named a target
    assert "style=" not in svg and "<style" not in svg  # nothing for the CSP (style-src 'self') to block
    # ECharts is fetched by charts.js only when a chart goes live, from the site's own assets.
    src = re.search(r'<script src="[^"]*charts\.[0-9a-f]{8}\.js" data-echarts="((?:\.\./)+)(assets/vendor/echarts\.min\.[0-9a-f]{8}\.js)" defer>', html)
    assert src, "ECharts from the site's own assets, under its fingerprinted name"
    assert (built_site / src.group(2)).stat().st_size > 100_000


def test_pages_without_charts_do_not_load_echarts(built_site):
    assert "echarts" not in read(built_site, "cities/shangrao/services/radio/index.html")


def test_the_index_is_one_per_language_and_leaves_out_what_only_dilutes_results(built_site):
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "zh"]
    fragments = search_fragments(built_site)
    assert len(fragments) == sum(lang["page_count"] for lang in entry["languages"].values())
    radio = fragments["/cities/shangrao/services/radio/"]
    assert radio["filters"] == {"city": ["上饶市"], "kind": ["服务"]} and radio["meta"]["kind"] == "服务"
    assert "收听广播" in radio["meta"]["title"]
    # Left out: the plan's full text, embeds, the search page itself, 404.
    assert not [u for u in fragments if u.endswith(("/source/", "/embed/", "/search/")) or "404" in u]
    # The plan's Chinese quote on English pages stays out of the English index. Counted on the pages that
    # carry quotes (a city's entries: 147 quotes of some 60 characters if they leaked), not on the guide,
    # the field reference and the glossary, whose Chinese examples and terms are their point.
    en = [f for u, f in fragments.items() if u.startswith("/en/cities/")]
    assert sum(len([c for c in f["content"] if "\u4e00" <= c <= "\u9fff"]) for f in en) < 400
    indicators = [f for u, f in fragments.items() if "/indicators/" in u and not u.endswith("/indicators/")]
    assert len(indicators) > 50
    for fragment in indicators:  # boilerplate on every indicator page: downloads and embed code
        assert "iframe" not in fragment["content"] and ".csv" not in fragment["content"], fragment["url"]
    for fragment in fragments.values():  # the navigation, page tools and footer
        assert "Last updated" not in fragment["content"] and "最后更新" not in fragment["content"], fragment["url"]


def test_chinese_is_indexed_in_words(built_site):
    # Pagefind's extended build splits Chinese into words: the radio page's words are in the
    # Chinese index, which holds no English page.
    radio = search_fragments(built_site)["/cities/shangrao/services/radio/"]
    # The indexed text shows the words found, separated by zero-width spaces: 收听 | 广播.
    assert "收听\u200b广播" in radio["content"] and radio["word_count"] > 20
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == entry["languages"]["en"]["page_count"]


_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_REMOTE = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import\s+(?:url\()?\s*["']?(?:https?:)?//""", re.I)
# Attributes through which a page makes the browser fetch something.
_FETCHING = {"src", "srcset", "poster", "data", "background", "formaction"}
_LOADED_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                "preconnect", "dns-prefetch", "apple-touch-icon"}


class _ResourceScanner(HTMLParser):
    """Collects every resource a page would load from another host (not links a reader may follow)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            value = value or ""
            if name in _FETCHING and any(_REMOTE.match(part) for part in value.split(",")):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style" and _CSS_REMOTE.search(value):
                self.found.append(f"<{tag} style={value}>")
        rels = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and rels & _LOADED_RELS and _REMOTE.match(attrs.get("href") or ""):
            self.found.append(f"<link rel={attrs.get('rel')} href={attrs.get('href')}>")
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style and _CSS_REMOTE.search(data):
            self.found.append(f"<style>{data[:80]}")

    def handle_endtag(self, tag):
        self._in_style = False


def _external_resources(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return [f"{path.name}: {m.group(0)}" for m in _CSS_REMOTE.finditer(text)]
    scanner = _ResourceScanner()
    scanner.feed(text)
    return [f"{path.name}: {f}" for f in scanner.found]


def test_built_site_loads_nothing_from_other_hosts(built_site):
    # Static proof over HTML and CSS; the browser tests record every request at run time.
    problems = []
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".css"):
            problems += _external_resources(path)
    assert problems == []


def test_the_external_resource_scan_catches_what_it_should(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css"><a href="https://gov.cn/">ok</a>'
        '<link rel="canonical" href="https://example.org/p/"><img src="//cdn.example/x.png">'
        '<code>&lt;iframe src="https://example.org/embed/"&gt;</code>'
        '<div style="background:url(https://x/y.png)"></div><style>@import "https://x/z.css";</style>',
        encoding="utf-8")
    css = tmp_path / "s.css"
    css.write_text("@font-face{src:url(//cdn.example/f.woff)} @import 'https://x/y.css';", encoding="utf-8")
    assert len(_external_resources(page)) == 4
    assert len(_external_resources(css)) == 2


def test_bad_data_fails_the_build_and_leaves_the_previous_site_untouched(tmp_path):
    root = copy_project_data(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a previous build's
    indicators = root / "data/cities/shangrao/indicators.yml"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text.replace("target: {value: 4.5,", 'target: {value: "95%",', 1), encoding="utf-8")
    items = root / "data/cities/shangrao/items/box-08.yml"
    items.write_text(items.read_text(encoding="utf-8").replace("domain: culture-sports", "domain: culture", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        build_site(root, site)
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("data/cities/shangrao/indicators.yml:")
               and 'target.value: [not-a-number] expected a number, got "95%"' in m for m in messages)
    assert any("box-08.yml" in m and "[unknown-domain] unknown domain `culture`" in m for m in messages)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    # No half-built folder left, and no lock file: invalid data is refused before the build takes its lock.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_successful_build_replaces_the_previous_site(built_site):
    """built_site was built into a folder holding a previous build's page and marker (conftest.py)."""
    assert not (built_site / STALE_PAGE).exists()
    assert (built_site / "en/index.html").is_file()
    assert (built_site / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
