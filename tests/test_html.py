"""Every built page: valid HTML, no broken link or anchor, and the markup that
accessibility and the Content-Security-Policy rely on. No browser needed.

- The Nu Html Checker (vnu-jar from npm, run by Java) over every page: no error.
  One JVM checks all pages; it starts in the background as soon as the site is
  built (tests/conftest.py), so it runs while other tests do.
- Every internal link and anchor in every page and in sitemap.xml resolves:
  pages, assets, downloads, the source-passage anchors (…/source/#box-8-item-3)
  and the heading anchors. Links to the site's own address (site_url: the
  canonical, "cite this page") count as internal.
- No inline script, event-handler attribute, javascript: URL or style
  attribute: deploy/nginx.conf's CSP (script-src 'self', style-src 'self')
  would block them.
- Headings in order, a skip link to a heading of the page, and a text
  alternative on every chart.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import html_check_result
from generator.finish.links import check_links, pages, url_path

def test_every_internal_link_and_anchor_resolves(built_site):
    broken, counts = check_links(built_site)
    assert broken == []
    # (Fewer links than before issue 13: a city's pages list the other cities as one link each, not their sections.)
    assert counts["pages"] > 600 and counts["links"] > 25_000 and counts["anchors"] > 1000, counts
    print(f"link check: {counts}")


SITE_URL = "https://example.gov.cn/standards/"


def test_the_link_check_catches_what_it_should(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">gone</a><a href="#nowhere">x</a><a href="#top">ok</a>'
        '<a href="../data.csv">file</a><a href="javascript:void(0)">js</a><a href="https://example.org/">out</a>'
        f'<link rel="canonical" href="{SITE_URL}a/"><a href="{SITE_URL}a/#gone">self</a>'
        '<a href="../%E6%BA%90/#%E7%AC%AC%E4%B8%80">quoted</a>', encoding="utf-8")
    (site / "源").mkdir()
    (site / "源" / "index.html").write_text('<p id="第一">1</p>', encoding="utf-8")
    broken, counts = check_links(site, SITE_URL)
    assert [b.split(" (")[0] for b in broken] == [
        "/a/: ../b/", "/a/: #nowhere", "/a/: ../data.csv", "/a/: javascript:void(0)", f"/a/: {SITE_URL}a/#gone"]
    assert counts["external"] == 1


def test_every_built_page_is_valid_html(built_site, request):
    """The Nu Html Checker, errors only, over every page (source pages and embeds included)."""
    result = html_check_result(request, built_site)
    errors = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in result["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], f"{len(errors)} HTML errors"
    assert result["checked"] == len(pages(built_site)) > 600
    print(f"vnu: {result['checked']} pages, no errors, {result['seconds']:.0f} s")


_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.I)
_HANDLER_ATTR = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+=", re.I)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle=", re.I)
_STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def test_no_page_needs_unsafe_inline(built_site):
    """What script-src 'self' / style-src 'self' would block: none of it in any page."""
    found = []
    for file in pages(built_site):
        html = file.read_text(encoding="utf-8")
        for name, pattern in (("inline <script>", _INLINE_SCRIPT), ("on…= handler", _HANDLER_ATTR),
                              ("style= attribute", _STYLE_ATTR), ("<style> element", _STYLE_ELEMENT)):
            if pattern.search(html):
                found.append(f"{url_path(built_site, file)}: {name}: {pattern.search(html).group(0)[:100]}")
    assert found == []


_HEADING = re.compile(r"<h([1-6])\b[^>]*>", re.I)
_SKIP = re.compile(r'<a href="#([^"]+)" class="md-skip">')


def test_headings_in_order_and_a_skip_link_on_every_page(built_site):
    problems = []
    for file in pages(built_site):
        html = file.read_text(encoding="utf-8")
        where = url_path(built_site, file)
        levels = [int(n) for n in _HEADING.findall(html)]
        if "embed-body" in html and not levels:
            continue  # a chart alone for <iframe>s: no headings, no navigation to skip
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{where}: needs exactly one h1, first: {levels[:5]}")
        problems += [f"{where}: h{a} followed by h{b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
        if "embed-body" in html:
            continue
        skip = _SKIP.search(html)
        if not skip:
            problems.append(f"{where}: no skip link")
        elif not re.search(rf'<h[1-6]\b[^>]*\bid="{re.escape(skip.group(1))}"', html):
            problems.append(f"{where}: the skip link's target #{skip.group(1)} is not a heading")
    assert problems == []


_CHART = re.compile(r'<div class="chart"[^>]*>')


def test_every_chart_has_a_text_alternative(built_site):
    charts, missing = 0, []
    for file in pages(built_site):
        for tag in _CHART.findall(file.read_text(encoding="utf-8")):
            charts += 1
            label = re.search(r'\baria-label="([^"]*)"', tag)
            if 'role="img"' not in tag or not label or not label.group(1).strip():
                missing.append(f"{url_path(built_site, file)}: {tag[:120]}")
    assert charts > 100 and missing == []
