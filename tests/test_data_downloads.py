"""Every download is findable, licensed and described (issue 16, point 5).

The Data page links every file under downloads/ with its size (the bytes as published) and the
date the data last changed; every downloads folder has a licence note (CSV cannot carry one);
every page that offers a download states the licence; each indicator and comparison page has
its data beside its address (…/name.csv and .json, as Our World in Data does); every comparison
page has its CSV, embed code, citation and summary, and keeps the "five-year cumulative" flag."""

from __future__ import annotations

import html
import json
import re

import pytest

from generator.data.validate import load_dataset
from generator.site import downloads
from generator.site.sitemodel import comparable_codes

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def dataset(project_root):
    return load_dataset(project_root)


def _text(path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_data_page_links_every_download_with_its_size_and_date(built_site, prefix):
    page = _text(built_site / prefix / "data/index.html")
    rows = re.findall(r'<tr><td><a href="([^"]+)"[^>]*><code>([^<]+)</code></a></td><td>([^<]+)</td>'
                      r'<td><time datetime="(\d{4}-\d{2}-\d{2})">', page)
    listed = {path: size for _href, path, size, _date in rows}
    published = {p.relative_to(built_site).as_posix() for p in (built_site / "downloads").rglob("*") if p.is_file()}
    assert published and set(listed) == published  # every download, and nothing that is not one
    for path, size in listed.items():
        assert size == downloads.size_text((built_site / path).stat().st_size, "en" if prefix else "zh"), path
    for href, path, _size, _date in rows:  # the links lead to the files
        assert (built_site / prefix / "data" / html.unescape(href)).resolve() == (built_site / path).resolve()
    assert 'rel="license"' in page


def test_every_downloads_folder_and_package_states_the_licence(built_site, dataset):
    lic = dataset.licence.licence
    folders = {p.parent for p in (built_site / "downloads").rglob("*") if p.is_file()}
    for folder in folders:
        note = _text(folder / "README.txt")
        assert lic.name in note and lic.path in note and "许可" in note and "Licence" in note, folder
    for package in (built_site / "downloads").rglob("datapackage.json"):
        licenses = json.loads(_text(package))["licenses"]
        assert licenses == [{"name": lic.name, "path": lic.path, "title": lic.title.en}]


def test_every_page_offering_a_download_states_the_licence(built_site):
    offering = 0
    for page in sorted(built_site.rglob("index.html")):
        text = _text(page)
        if re.search(r'href="[^"]*downloads/[^"]+\.(csv|json)"', text):
            offering += 1
            assert 'class="licence-line"' in text and 'rel="license"' in text, page.relative_to(built_site)
    assert offering > 100  # indicators, comparisons and the Data page, in both languages


def test_indicator_and_comparison_pages_have_their_data_beside_them(built_site, dataset):
    for city in dataset.cities:
        for ind in city.indicators:
            for ext in ("csv", "json"):
                beside = built_site / f"cities/{city.city.id}/indicators/{ind.id}.{ext}"
                assert beside.read_bytes() == (built_site / downloads.indicator_file(city.city.id, ind.id, ext)).read_bytes()
    for code in comparable_codes(dataset):
        for ext in ("csv", "json"):
            beside = built_site / f"compare/{code}.{ext}"
            assert beside.read_bytes() == (built_site / downloads.compare_file(code, ext)).read_bytes()
        rows = json.loads(_text(built_site / f"compare/{code}.json"))
        assert {r["city"] for r in rows} == {c.city.id for c in dataset.cities if any(i.code == code for i in c.indicators)}


def test_every_comparison_page_has_csv_embed_citation_summary_and_the_cumulative_flag(built_site, dataset):
    codes = comparable_codes(dataset)
    cumulative = charts = 0
    for code in codes:
        for prefix, word in (("", "五年累计"), ("en/", "five-year cumulative")):
            page = _text(built_site / prefix / f"compare/{code}/index.html")
            assert f"downloads/compare/{code}.csv" in page and 'id="cite-bibtex"' in page
            if 'class="chart"' in page:  # a chart to embed (a target in words alone draws none)
                charts += 1
                assert 'id="embed-code"' in page, (prefix, code)
            assert '<div class="summary">' in page
            assert (built_site / prefix / f"compare/{code}/embed/index.html").is_file()
            inds = [i for c in dataset.cities for i in c.indicators if i.code == code]
            if any(i.cumulative for i in inds):
                cumulative += 1
                assert word in page, (prefix, code)
            embed = _text(built_site / prefix / f"compare/{code}/embed/index.html")
            assert 'class="embed__source"' in embed and all(c.city.document.title.zh in embed
                                                            for c in dataset.cities if any(i.code == code for i in c.indicators))
    assert codes and cumulative and charts > len(codes)  # tested on real comparisons that have them
