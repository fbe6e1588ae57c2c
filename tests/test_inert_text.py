"""Data is text, never markup: hostile strings in the data show up literally in the built site.

The fixture project (tests/fixtures/good) gets a hostile string — HTML, <script>,
event handlers, javascript: links, Jinja and Markdown syntax, entities, quotes that
would close an attribute — in every field a reader sees: a service's title, text and
standard label, an indicator's name, a domain's overview and name, an audience's
name, the city's name and its plan's title, in Chinese and English. The site is
built once with the real configuration, without the link check (the hand-written
pages link to the real cities, which the fixture does not have), and its HTML,
embedded JSON and search index are checked.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import tier
from generator.build import build_site
from helpers import GOOD, search_fragments


# Every trick at once. Each field gets its own tag in front, so a test can find it.
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
    "<a href=\"javascript:alert(1)\">a</a> {{ 7*7 }} {% raw %} {# c #} **bold** _em_ `code` # heading "
    "&lt; &amp; &#60; \" onmouseover=\"alert(1) ' onfocus='alert(1) </script></title><!-- {: onclick=\"alert(1)\" }"
)

ITEMS = "data/cities/testcity/items/box-01.yml"
# (file, exact text in the fixture, YAML with {zh} and {en} placeholders, tag)
FIELDS = [
    (ITEMS, "title: {zh: 家庭经济困难寄宿生生活补助, en: Living allowance for boarders from poor families}",
     "title: {{zh: {zh}, en: {en}}}", "service-title"),
    (ITEMS, "label: {zh: 初中生生活补助, en: living allowance for junior secondary students}",
     "label: {{zh: {zh}, en: {en}}}", "standard-label"),
    (ITEMS, """      zh: 家庭经济困难寄宿生生活补助。对义务教育阶段家庭经济困难寄宿生给予生活补助，初中生每生每年1250元。
      en: >-
        Living allowance for boarders from poor families. Boarders in compulsory education
        from families in financial difficulty receive a living allowance: CNY 1,250 per
        junior secondary student per year.""", "      zh: {zh}\n      en: {en}", "service-text"),
    ("data/cities/testcity/indicators.yml", "      zh: 学前教育三年入园率\n      en: Three-year enrolment rate in pre-school education",
     "      zh: {zh}\n      en: {en}", "indicator-name"),
    ("data/cities/testcity/domains/education.yml", """  zh: 围绕群众就学需求，加快建设高质量教育体系，保障适龄儿童少年公平接受教育。
  en: >-
    To meet people's need for schooling, the city will build a high-quality education
    system and guarantee fair access to education for all school-age children.""",
     "  zh: {zh}\n  en: {en}", "domain-overview"),
    ("data/cities/testcity/domains/education.yml", "local_name: {zh: 学有所教, en: Education}",
     "local_name: {{zh: {zh}, en: {en}}}", "domain-name"),
    ("data/audiences.yml", "name: {zh: 中小学生和大学生, en: Pupils and students}",
     "name: {{zh: {zh}, en: {en}}}", "audience-name"),
    ("data/cities/testcity/city.yml", "name: {zh: 测试市, en: Test City}", "name: {{zh: {zh}, en: {en}}}", "city-name"),
    ("data/cities/testcity/city.yml", """    zh: 测试市“十四五”公共服务规划
    en: Test City 14th Five-Year Public Service Plan (test fixture)""", "    zh: {zh}\n    en: {en}", "plan-title"),
]
LANGS = {"zh": "", "en": "en/"}


def payload(tag: str, lang: str) -> str:
    return f"{tag}-{lang} {HOSTILE}"


@pytest.fixture(scope="module")
@tier("build")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inert") / "project"
    shutil.copytree(GOOD, root)
    hostile_fields(root)
    out = root.parent / "site"
    build_site(root, out, check_links=False)
    return out


def hostile_fields(root: Path) -> None:
    """Put the hostile payload into every field of FIELDS in the project at `root` (a copy of GOOD)."""
    for relative, old, new, tag in FIELDS:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {relative}"
        # A JSON string is a valid YAML double-quoted scalar.
        quoted = {lang: json.dumps(payload(tag, lang), ensure_ascii=False) for lang in LANGS}
        path.write_text(text.replace(old, new.format(**quoted)), encoding="utf-8")
    # A service's text.zh is checked to be the plan's own wording, so the plan says it too.
    plan = root / "data/sources/testcity-plan.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n" + payload("service-text", "zh") + "\n", encoding="utf-8")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Page(HTMLParser):
    """The parts of a page a browser would act on, as a browser parses them."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.handlers: list[tuple[str, str, str]] = []  # on* attributes
        self.script_urls: list[tuple[str, str, str]] = []  # javascript: in a URL attribute
        self.scripts: list[tuple[dict, str]] = []  # (attributes, text) of each <script>
        self.elements: list[tuple[str, dict]] = []
        self.text_by_tag: dict[str, list[str]] = {}
        self._open: list[tuple[str, dict, list[str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        for name, value in attributes.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in self.URL_ATTRS and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.script_urls.append((tag, name, value))
        if tag in ("script", "title", "h1", "a", "dd", "p", "span", "li", "label", "strong", "em", "code"):
            self._open.append((tag, attributes, []))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                name, attributes, parts = self._open.pop(i)
                text = "".join(parts)
                self.text_by_tag.setdefault(name, []).append(text)
                if name == "script":
                    self.scripts.append((attributes, text))
                break

    def handle_data(self, data):
        for _, _, parts in self._open:
            parts.append(data)

    def texts(self, tag: str) -> list[str]:
        return self.text_by_tag.get(tag, [])


def page(site: Path, relative: str) -> Page:
    return Page((site / relative).read_text(encoding="utf-8"))


def test_the_hostile_data_builds_and_reaches_the_pages(site):
    service = page(site, "cities/testcity/services/boarding-pupil-allowance/index.html")
    assert service.texts("h1") == [payload("service-title", "zh")]


def test_no_script_handler_or_javascript_link_comes_from_the_data(site):
    pages = html_pages(site)
    assert len(pages) > 20
    for path in pages:
        parsed = Page(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        assert not parsed.handlers, f"{where}: event handler attributes {parsed.handlers}"
        assert not parsed.script_urls, f"{where}: javascript: URLs {parsed.script_urls}"
        for attributes, text in parsed.scripts:
            # Only the theme's own scripts: files, or inert JSON.
            assert attributes.get("src") or attributes.get("type") == "application/json", f"{where}: inline script {text[:80]!r}"
            assert "alert(1)" not in text or attributes.get("type") == "application/json", f"{where}: {text[:80]!r}"
        assert not any(tag == "img" and a.get("src") == "x" for tag, a in parsed.elements), f"{where}: <img> from data"


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_reads_literally_where_it_is_shown(site, lang):
    p = LANGS[lang]
    service = page(site, f"{p}cities/testcity/services/boarding-pupil-allowance/index.html")
    assert service.texts("h1") == [payload("service-title", lang)]
    assert payload("service-text", lang) in service.texts("dd")
    assert payload("standard-label", lang) in service.texts("span")
    # The <title>: what a browser tab shows, the data's text exactly, with the city's name.
    [title] = service.texts("title")
    assert title.startswith(payload("service-title", lang) + " · " + payload("city-name", lang) + " - ")
    # The meta description names both as well (generator/site/metadata.py), as text.
    [description] = [a["content"] for tag, a in service.elements if tag == "meta" and a.get("name") == "description"]
    assert payload("service-title", lang) in description and payload("city-name", lang) in description

    indicator = page(site, f"{p}cities/testcity/indicators/preschool-enrolment-rate/index.html")
    assert indicator.texts("h1") == [payload("indicator-name", lang)]

    domain = page(site, f"{p}cities/testcity/domains/education/index.html")
    assert domain.texts("h1") == [f"{payload('city-name', lang)} · {payload('domain-name', lang)}"]
    assert payload("domain-overview", lang) in domain.texts("p")
    # The domain's name in the navigation (a title MkDocs and the theme print as HTML).
    assert any(t.strip() == payload("domain-name", lang) for t in domain.texts("span") + domain.texts("a") + domain.texts("label"))

    audience = page(site, f"{p}cities/testcity/for/students/index.html")
    assert audience.texts("h1") == [f"{payload('city-name', lang)} · {payload('audience-name', lang)}"]
    home = page(site, f"{p}index.html")
    assert payload("audience-name", lang) in home.texts("a")  # the audience chooser

    # "Cite this page" carries the plan's title.
    assert any(payload("plan-title", lang) in t for t in service.texts("p"))


@pytest.mark.parametrize("lang", LANGS)
def test_template_and_markdown_syntax_is_shown_as_typed(site, lang):
    p = LANGS[lang]
    for relative in ("cities/testcity/services/boarding-pupil-allowance/index.html",
                     "cities/testcity/domains/education/index.html"):
        html = (site / f"{p}{relative}").read_text(encoding="utf-8")
        parsed = Page(html)
        shown = parsed.texts("h1") + parsed.texts("p") + parsed.texts("dd")
        hostile = [t for t in shown if "-" + lang + " <script>" in t]
        assert hostile, relative
        for text in hostile:
            assert "{{ 7*7 }}" in text and "49" not in text  # Jinja never ran on data
            assert "{% raw %}" in text and "{# c #}" in text
            assert "**bold** _em_ `code` # heading" in text  # Markdown never ran on data
            assert "[click](javascript:alert(1))" in text
            assert "&lt; &amp; &#60;" in text  # entities in the data stay as typed
            assert '{: onclick="alert(1)" }' in text  # nor did attr_list
        # None of it became markup.
        assert "bold" not in parsed.texts("strong") and "em" not in parsed.texts("em")
        assert "code" not in parsed.texts("code") and "click" not in parsed.texts("a")


def _json_scripts(site: Path) -> list[tuple[Path, dict, str]]:
    found = []
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        for attributes, text in Page(html).scripts:
            if attributes.get("type") == "application/json" and attributes.get("id") != "__config":
                found.append((path, attributes, text))
    return found


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("lang", LANGS)
def test_chart_and_finder_json_cannot_be_closed_by_the_data(site, lang):
    p = LANGS[lang]
    scripts = [(path, a, t) for path, a, t in _json_scripts(site) if path.relative_to(site).as_posix().startswith("en/") == (lang == "en")]
    ids = {a["id"] for _, a, _ in scripts}
    assert {"finder-data", "chart-overview", "chart-preschool-enrolment-rate"} <= ids
    for path, attributes, text in scripts:
        # What a browser takes as the script's text is the whole JSON: nothing closed it early.
        assert "</script" not in text.lower() and "<!--" not in text, path
        json.loads(text)
    finder = json.loads(next(t for path, a, t in scripts if a["id"] == "finder-data" and path.parent.name == "finder"))
    [city] = finder["cities"]
    assert city["name"] == payload("city-name", lang)
    assert payload("service-title", lang) in [s["title"] for s in city["services"]]
    assert payload("audience-name", lang) in [a["name"] for a in finder["audiences"]]
    chart = json.loads(next(t for _, a, t in scripts if a["id"] == "chart-overview"))
    assert payload("indicator-name", lang) in _strings(chart)


def test_search_index_holds_data_as_text(site):
    """Pagefind keeps a page's text as text: the payload's characters, whole, in the title, the
    content, the city shown in results and the city filter (read from an attribute, so neither a
    colon nor a comma in a name splits it)."""
    fragments = search_fragments(site)
    for lang, prefix in LANGS.items():
        service = fragments[f"/{prefix}cities/testcity/services/boarding-pupil-allowance/"]
        assert service["meta"]["title"] == payload("service-title", lang)
        assert payload("service-text", lang).split(" <script>")[0] in service["content"].replace("\u200b", "")
        assert service["meta"]["city"] == payload("city-name", lang)
        # Whole, but Pagefind 1.5.2 decodes character references in a filter's value once more
        # (the data's literal "&lt;" becomes "<"): still text, put into the city menu as text.
        assert service["filters"]["city"] == [html.unescape(payload("city-name", lang))]


def test_search_results_show_markup_from_data_as_text(site, browser, tmp_path_factory):
    """In the browser, the search script puts titles, cities and kinds in as text and keeps only
    Pagefind's <mark>s from the excerpt: the payload is shown, nothing of it runs or renders."""
    from bench import localserve
    from browsing import assert_clean, open_page, search_for
    from conftest import NGINX

    server = localserve.nginx(site, tmp_path_factory.mktemp("nginx-inert")) if NGINX else localserve.python_server(site)
    with server as url:
        for lang, prefix in LANGS.items():
            pg = open_page(browser)
            pg.on("dialog", lambda d: pg.problems.append(f"dialog: {d.message}"))
            pg.goto(f"{url}/{prefix}")
            search_for(pg, f"service-title-{lang}")
            result = pg.locator(".site-search__result").first
            assert result.locator(".site-search__title").inner_text() == payload("service-title", lang)
            assert result.locator(".site-search__where").inner_text().startswith(payload("city-name", lang))
            assert pg.locator(".site-search__results script, .site-search__results img, "
                              ".site-search__results a:not(.site-search__title), .site-search__results b").count() == 0
            assert pg.evaluate("document.querySelectorAll('[onerror], [onmouseover], [onfocus], [onclick]').length") == 0
            assert_clean(pg)
            pg.context.close()

@pytest.mark.parametrize("lang", LANGS)
def test_chart_images_hold_the_data_as_text(site, lang):
    """The downloadable chart SVG (generator/site/chart_images.py): well-formed, no element or
    handler from the data, the hostile indicator name its literal title."""
    import xml.etree.ElementTree as ET

    from generator.site.chart_images import image_path

    svg = (site / image_path("testcity", "preschool-enrolment-rate", lang, "svg")).read_text(encoding="utf-8")
    root = ET.fromstring(svg)  # raises if the data broke the markup
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"script", "foreignObject", "a", "image", "img"}, tags
    assert not [name for element in root.iter() for name in element.attrib if name.lower().startswith("on")]
    assert root.find("{http://www.w3.org/2000/svg}title").text == payload("indicator-name", lang)
    assert (site / image_path("testcity", "preschool-enrolment-rate", lang, "png")).read_bytes()[:4] == b"\x89PNG"
