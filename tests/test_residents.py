"""Pages for residents: service pages in the national standard's form, audience pages, the home page."""

from __future__ import annotations

import re

import pytest

from generator.data.provenance import PRACTICAL_FIELDS
from helpers import search_fragments

FORM = {"zh": ["服务对象", "服务内容", "服务标准"], "en": ["Who is eligible", "What you get", "Standard"]}
GAP = {"zh": "规划未写明", "en": "The plan does not say"}
PREFIX = {"zh": "", "en": "en/"}


def _services(dataset):
    return [(c, i) for c in dataset.cities for i in c.items if i.kind.value == "service"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_service_page_follows_the_national_form(built_site, dataset, lang):
    for city, item in _services(dataset):
        html = (built_site / f"{PREFIX[lang]}cities/{city.city.id}/services/{item.id}/index.html").read_text(encoding="utf-8")
        form = re.search(r'<dl class="service-form">(.*?)</dl>', html, re.S).group(1)
        terms = re.findall(r"<dt>(.*?)</dt>", form)
        assert [t for t in terms if t in FORM[lang]] == FORM[lang], (city.city.id, item.id)
        assert "None" not in form and "<dd></dd>" not in form
        # The form completed (issue 15): the six practical fields, each stated by its source or an honest gap.
        practical = re.search(r'<dl class="service-form practical">(.*?)</dl>', html, re.S).group(1)
        assert re.findall(r'data-practical="([a-z_]+)"', practical) == list(PRACTICAL_FIELDS), (city.city.id, item.id)
        for name in PRACTICAL_FIELDS:
            shown = re.search(rf'data-practical="{name}">(.*?)</dd>', practical, re.S).group(1)
            if getattr(item, name) is None:  # the real site holds the plans alone: the gap names the plan
                assert GAP[lang] in shown, (item.id, name, lang)
            else:
                assert "practical__gap" not in shown and "source-ref__quote" in shown, (item.id, name, lang)


def test_service_standards_are_prominent_and_formatted_from_the_data(built_site, dataset):
    from generator.site.formatting import standard_value

    for city, item in _services(dataset):
        if not item.standards:
            continue
        for lang in ("zh", "en"):
            html = (built_site / f"{PREFIX[lang]}cities/{city.city.id}/services/{item.id}/index.html").read_text(encoding="utf-8")
            box = re.search(r'<div class="key-figures">(.*?)</div>', html, re.S).group(1)
            for std in item.standards:
                value = standard_value(std, lang).replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
                assert value in box, (item.id, lang, value)


def test_every_service_appears_on_an_audience_page_of_its_city(built_site, dataset):
    for city, item in _services(dataset):
        assert item.audiences, item.id
        for lang in ("zh", "en"):
            pages = [(built_site / f"{PREFIX[lang]}cities/{city.city.id}/for/{a}/index.html").read_text(encoding="utf-8")
                     for a in item.audiences]
            assert all(f'services/{item.id}/"' in page for page in pages), (item.id, lang)


def test_every_audience_has_a_page_per_city_and_language_and_is_searchable(built_site, dataset):
    for lang in ("zh", "en"):
        locations = {url[1:].removeprefix(PREFIX[lang]) for url in search_fragments(built_site) if url.startswith(f"/{PREFIX[lang]}")}
        for city in dataset.cities:
            for audience in dataset.audiences:
                path = f"cities/{city.city.id}/for/{audience.id}/"
                html = (built_site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")
                assert audience.name[lang] in html
                assert path in locations


def test_audience_pages_work_without_javascript(built_site):
    html = (built_site / "cities/shangrao/for/older-people/index.html").read_text(encoding="utf-8")
    body = re.search(r'<article.*?</article>', html, re.S).group(0)
    assert re.search(r'<a href="\.\./\.\./services/[a-z0-9-]+/">', body)  # plain links, in the HTML itself


def test_home_page_offers_the_finder_the_audiences_and_search(built_site, dataset):
    for lang, finder in (("zh", 'href="finder/"'), ("en", 'href="finder/"')):
        html = (built_site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
        assert finder in html
        for city in dataset.cities:
            for audience in dataset.audiences:
                assert f'cities/{city.city.id}/for/{audience.id}/"' in html
        assert 'data-site-search' in html and 'name="q"' in html


def test_english_pages_link_to_english_pages(built_site):
    """Both languages everywhere: an English page's links stay in English (bar the language switch)."""
    offenders = []
    for page in (built_site / "en").rglob("index.html"):
        depth = len(page.relative_to(built_site).parts) - 1  # folders below the site root
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<a ([^>]*)href="([^"#]*)"', html):
            attrs, href = m.group(1), m.group(2)
            if not href or href.startswith(("http", "mailto:")) or 'hreflang="zh-Hans"' in m.group(0) + html[m.end():m.end() + 60]:
                continue
            parts = (page.parent.relative_to(built_site) / href).parts
            resolved = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part not in (".", ""):
                    resolved.append(part)
            # Language-neutral files: downloads, the JSON API, assets, the search bundle.
            if resolved and resolved[0] not in ("en", "downloads", "api", "assets", "search", "pagefind"):
                offenders.append(f"{page.relative_to(built_site)} → {href}")
    assert offenders == []
