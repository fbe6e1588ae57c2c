"""The internal link and anchor check (generator/finish/links.py) on small made-up sites
(fixtures, not the real data): what it must report, what it must not, and that its fast
resolution of plain links gives what urllib's does."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.finish.links import SiteFiles, _join_path, _resolve, check_links

pytestmark = pytest.mark.unit

SITE_URL = "https://example.gov.cn/standards/"


def _write(site: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")


def test_one_broken_link_and_one_broken_anchor_among_good_ones(tmp_path):
    _write(tmp_path, {
        "index.html": '<a href="a/">a</a><a href="a/#part">part</a><a href="a/#gone">gone</a>'
                      '<a href="missing/">missing</a><a href="data.csv">csv</a><a href="a">no slash</a>'
                      '<img src="a/pic.png"><a href="#top" id="top">top</a>',
        "a/index.html": '<h2 id="part">Part</h2><a href="../">home</a><a href="../#top">top</a>',
        "a/pic.png": "",
        "data.csv": "x",
    })
    broken, counts = check_links(tmp_path, SITE_URL)
    assert broken == ["/: a/#gone (no id “gone” in /a/)", "/: missing/ (no file for /missing/)"]
    assert counts == {"pages": 2, "links": 10, "anchors": 4, "external": 0}


def test_anchors_into_pages_read_before_and_after_the_page_that_links(tmp_path):
    """Pages are read in path order; an anchor into a page read earlier is still looked up."""
    _write(tmp_path, {
        "a/index.html": '<p id="a1">a</p><a href="../z/#z1">ok</a><a href="../z/#z9">bad</a>',
        "z/index.html": '<p id="z1">z</p><a href="../a/#a1">ok</a><a href="../a/#a9">bad</a>',
    })
    broken, _ = check_links(tmp_path, SITE_URL)
    assert [b.split(" (")[0] for b in broken] == ["/a/: ../z/#z9", "/z/: ../a/#a9"]


def test_an_id_is_an_id_attribute_not_the_end_of_another(tmp_path):
    _write(tmp_path, {"index.html": '<p data-id="x" id="y"></p><a href="#x">x</a><a href="#y">y</a>'})
    broken, _ = check_links(tmp_path, SITE_URL)
    assert [b.split(" (")[0] for b in broken] == ["/: #x"]


def test_the_sitemap_and_the_site_s_own_address_are_checked(tmp_path):
    _write(tmp_path, {
        "index.html": f'<link rel="canonical" href="{SITE_URL}"><a href="{SITE_URL}en/">en</a>'
                      '<a href="mailto:a@example.org">mail</a><a href="https://example.org/x">out</a>',
        "en/index.html": "<p>en</p>",
        "sitemap.xml": f"<urlset><url><loc>{SITE_URL}en/</loc><xhtml:link href=\"{SITE_URL}fr/\"/></url></urlset>",
    })
    broken, counts = check_links(tmp_path)  # the site's address read from the home page's canonical link
    assert [b.split(" (")[0] for b in broken] == [f"/sitemap.xml: {SITE_URL}fr/"]
    assert counts["external"] == 1


def test_dot_segments_cannot_climb_out_of_the_site(tmp_path):
    (tmp_path / "outside.html").write_text("", encoding="utf-8")
    site = tmp_path / "site"
    _write(site, {"a/index.html": '<a href="../../outside.html">x</a><a href="%2e%2e/%2e%2e/outside.html">y</a>'
                                  '<a href="../../../a/">stays inside</a>'})
    broken, _ = check_links(site, SITE_URL)
    assert [b.split(" (")[0] for b in broken] == ["/a/: ../../outside.html", "/a/: %2e%2e/%2e%2e/outside.html"]


BASES = ["/", "/a/", "/a/b/", "/a/b/page.html", "/cities/上饶/", "/x/y/z/"]
REFS = ["", "#top", "x", "x/", "./x", "../x/", "../../x/#p", "../../../../x", "/abs/path/", "/", ".", "..",
        "./", "../", "a/./b/../c/", "a//b/", "%E6%BA%90/#%E7%AC%AC", "源/#第一", "x.css", "../.",
        "/../x", "~u/x", "a-b_c.d/", "#", "x/..", "x/."]


@pytest.mark.parametrize("base", BASES)
def test_plain_links_resolve_as_urljoin_resolves_them(base):
    for ref in REFS:
        expected = urlsplit(urljoin(base, ref))
        path, _, fragment = ref.partition("#")
        assert _join_path(base, path) == expected.path, (base, ref)
        assert fragment == expected.fragment, (base, ref)


def test_the_fast_path_and_urllib_agree_on_what_a_link_points_to(tmp_path):
    _write(tmp_path, {"index.html": "", "a/index.html": "", "a/b/x.css": "", "源/index.html": ""})
    files = SiteFiles(tmp_path)
    for base in BASES:
        for ref in REFS:
            fast = _resolve(files, SITE_URL, base, ref)
            # the same link, made to go the slow way (urllib) by a harmless query
            path, sep, fragment = ref.partition("#")
            slow = _resolve(files, SITE_URL, base, f"{path}?q{sep}{fragment}") if path else fast
            assert fast == slow, (base, ref)


def test_links_into_a_folder_still_being_written_are_judged_once_it_is(tmp_path):
    """The search index is written by Pagefind while the check runs (generator/finish)."""
    _write(tmp_path, {
        "index.html": '<link href="pagefind/pagefind.js"><link href="pagefind/gone.js"><link href="pagefind/old.js">'
                      '<a href="nowhere/">x</a>',
        "pagefind/old.js": "",  # there when the check starts, deleted before the index is done
    })

    def write_the_index():
        (tmp_path / "pagefind" / "pagefind.js").write_text("", encoding="utf-8")
        (tmp_path / "pagefind" / "old.js").unlink()

    broken, counts = check_links(tmp_path, SITE_URL, unfinished="pagefind", wait=write_the_index)
    assert [b.split(" (")[0] for b in broken] == ["/: nowhere/", "/: pagefind/gone.js", "/: pagefind/old.js"]
    assert counts["links"] == 4
