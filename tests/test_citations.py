"""Citations: one model (generator/site/citation.py) written as plain text, BibTeX and CSL-JSON.

The BibTeX of every citable page parses with pybtex, a BibTeX parser (as reference managers do),
special characters included; the CSL-JSON has what CSL processors need (id, a CSL type, title,
dates as date-parts) and parses as JSON. Without a site address the citation says so."""

from __future__ import annotations

import html
import json
import re

import pytest
from pybtex.database import parse_string
from pybtex.scanner import PybtexSyntaxError

from generator.site.citation import Citation, bibtex_escape, citation_key

HOSTILE = r"A & B {x} 100% $5 #1 a_b ~ ^ \ end } {"
# The CSL 1.0.2 item types (citationstyles.org, csl-data.json).
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage"}


def _citation(url: str = "https://standards.example.gov.cn/cities/x/", title: str = "上饶市：人均预期寿命",
              lang: str = "zh") -> Citation:
    return Citation(citation_key("cities/shangrao/indicators/life-expectancy.md"), lang, title, "公共服务标准", url,
                    "2026-01-01", "《规划》（人民政府，2022-05-31），主要指标表第 8 行。")


def _unescape(text: str) -> str:
    """The inverse of bibtex_escape (the test's own, to check nothing is lost)."""
    for plain, escaped in [("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"), ("{", r"\textbraceleft{}"), ("}", r"\textbraceright{}"),
                           ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("_", r"\_"), ("\\", r"\textbackslash{}")]:
        text = text.replace(escaped, plain)
    return text


def _check_csl(items: list) -> None:
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert re.fullmatch(r"[a-z0-9-]+", item["id"]) and item["type"] in CSL_TYPES and item["title"]
    assert all(name.get("literal") or name.get("family") for name in item["author"])
    for date in ("accessed", "issued"):
        parts = item[date]["date-parts"]
        assert len(parts) == 1 and 1 <= len(parts[0]) <= 3 and all(isinstance(p, int) for p in parts[0]), date


@pytest.mark.unit
def test_bibtex_escapes_every_special_character_and_parses():
    escaped = bibtex_escape(HOSTILE)
    assert _unescape(escaped) == HOSTILE
    assert not re.search(r"(?<!\\)[&%$#_~^]", escaped)
    assert not re.sub(r"\\[a-z]+\{\}", "", escaped).count("{")  # every brace is a command's empty argument
    entry = parse_string(_citation(title=HOSTILE).bibtex(), "bibtex").entries[
        "public-services-shangrao-indicators-life-expectancy"]
    assert _unescape(entry.fields["title"]) == HOSTILE
    assert entry.type == "misc" and entry.fields["url"] == "https://standards.example.gov.cn/cities/x/"
    assert entry.fields["urldate"] == "2026-01-01" and entry.fields["year"] == "2026"
    # The parser is strict enough to notice: the same title unescaped does not parse.
    with pytest.raises(PybtexSyntaxError):
        parse_string("@misc{k,\n  title = {" + HOSTILE + "}\n}\n", "bibtex")


@pytest.mark.unit
@pytest.mark.parametrize("url", ["https://standards.example.gov.cn/cities/x/", ""])
def test_three_formats_from_one_citation_with_or_without_an_address(url):
    cite = _citation(url)
    bib = parse_string(cite.bibtex(), "bibtex").entries[cite.key]
    csl = json.loads(cite.csl_json())
    _check_csl(csl)
    if url:
        assert url in cite.text() and bib.fields["url"] == url and csl[0]["URL"] == url
    else:  # no address is invented: each format says it is not set
        assert "网址未设置" in cite.text() and "url" not in bib.fields and "URL" not in csl[0]
        assert "SITE\\_URL" in bib.fields["note"] and "SITE_URL" in csl[0]["note"]
    assert cite.title in cite.text() and csl[0]["title"] == cite.title and _unescape(bib.fields["title"]) == cite.title


@pytest.mark.unit
def test_citation_keys_are_plain_ascii():
    assert citation_key("cities/shangrao/indicators/life-expectancy.md") == "public-services-shangrao-indicators-life-expectancy"
    assert citation_key("compare/life_expectancy.md") == "public-services-compare-life-expectancy"


@pytest.mark.build
def test_every_citation_on_the_built_site_parses(built_site):
    pages = [p for p in sorted(built_site.rglob("index.html")) if 'id="cite-bibtex"' in p.read_text(encoding="utf-8")]
    assert len(pages) > 300  # indicators and items (and comparisons), in both languages
    keys = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_site).as_posix()
        bibtex = html.unescape(re.search(r'<code id="cite-bibtex"[^>]*>(.*?)</code>', text, re.S).group(1))
        entries = parse_string(bibtex, "bibtex").entries
        assert len(entries) == 1, rel
        (key, entry), = entries.items()
        keys.add((key, rel.startswith("en/")))
        csl = json.loads(html.unescape(re.search(r'<code id="cite-csl"[^>]*>(.*?)</code>', text, re.S).group(1)))
        _check_csl(csl)
        assert csl[0]["id"] == key and entry.fields["url"] == csl[0]["URL"], rel
        plain = html.unescape(re.search(r'<p id="cite-text"[^>]*>(.*?)</p>', text, re.S).group(1))
        assert csl[0]["URL"] in plain and csl[0]["title"] in plain, rel
    assert len(keys) == len(pages)  # one key per page and language
