"""No markup from a file name, and a Content-Security-Policy even where the host sends none.

Validation refuses unsafe data file names (tests/test_validation_hostile.py); this module
is the second wall behind it. A build in which every page's data file is called
`<img src=x onerror=alert(1)>.yml` (as if validation had let it through) shows that name as
text in the "edit this page" footer, because the theme's templates are autoescaped.
Every page also carries the server's policy as a `<meta>` element, first in its `<head>`,
so that GitHub Pages or a plain file server (which send no headers) still block inline
script; the browser tests prove it in Chromium behind nginx and behind a header-less server.
"""

from __future__ import annotations

import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import settings
from generator.site import csp, sitemodel

from bench import localserve
from conftest import tier
from generator.build import build_site
from helpers import GOOD
from test_inert_text import hostile_fields

HOSTILE_NAME = 'data/cities/testcity/items/box-01"><img src=x onerror=alert(1)>.yml'
HOSTILE_REPO = 'https://example.org/r"><script>alert(2)</script>'
SERVICE = "cities/testcity/services/boarding-pupil-allowance/index.html"


@pytest.fixture(scope="module")
@tier("build")
def site(tmp_path_factory) -> Path:
    """The fixture project built with a hostile data-file name and repository URL on every page,
    and test_inert_text's hostile strings in every field a reader sees."""
    root = tmp_path_factory.mktemp("names") / "project"
    shutil.copytree(GOOD, root)
    hostile_fields(root)
    out = root.parent / "site"
    with pytest.MonkeyPatch.context() as patch:
        # The generate stage asks sitemodel.origin_of for each page, during this build.
        patch.setattr(sitemodel, "origin_of", lambda page: (HOSTILE_NAME, 7))
        # generator/settings.py refuses such an address (tests/test_settings.py); here it is let
        # through, as if that check had a hole, to show the templates escape it anyway.
        patch.setattr(settings, "repo_url", lambda: HOSTILE_REPO)
        build_site(root, out, check_links=False)
    return out


class Head(HTMLParser):
    """The elements of a page's <head> in order, and every element's attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.head: list[tuple[str, dict]] = []
        self.elements: list[tuple[str, dict]] = []
        self.text = ""
        self._in_head = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "head":
            self._in_head = True
        elif self._in_head:
            self.head.append((tag, attributes))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False

    def handle_data(self, data):
        self.text += data


@pytest.mark.build
def test_a_hostile_file_name_is_shown_as_text(site):
    parsed = Head((site / SERVICE).read_text(encoding="utf-8"))
    assert 'box-01"><img src=x onerror=alert(1)>.yml' in parsed.text  # shown, literally
    assert not any(tag == "img" and a.get("src") == "x" for tag, a in parsed.elements)
    assert not any(tag == "script" and not a.get("src") and "alert" in str(a) for tag, a in parsed.elements)
    links = [a["href"] for tag, a in parsed.elements if tag == "a" and "example.org/r" in a.get("href", "")]
    assert links, "the edit link is on the page"
    # The whole hostile value stays inside the href attribute, quotes and all.
    assert all(href.startswith(HOSTILE_REPO) for href in links)


@pytest.mark.build
def test_every_page_carries_the_policy_before_anything_it_governs(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        head = Head(path.read_text(encoding="utf-8")).head
        where = path.relative_to(site)
        policies = [i for i, (tag, a) in enumerate(head)
                    if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(policies) == 1, f"{where}: {len(policies)} CSP meta elements"
        assert head[policies[0]][1]["content"] == csp.meta_policy(), where
        first_resource = next((i for i, (tag, _) in enumerate(head) if tag in ("script", "link", "style")), len(head))
        assert policies[0] < first_resource, f"{where}: the policy comes after a script or stylesheet"


@pytest.mark.unit
def test_the_meta_policy_is_the_servers_without_header_only_directives():
    conf = csp.NGINX_CONF.read_text(encoding="utf-8")
    header = csp.directives(csp.header_policy(conf))
    meta = csp.directives(csp.meta_policy())
    assert any(d.startswith("frame-ancestors") for d in header)
    assert meta == [d for d in header if not d.startswith("frame-ancestors")]
    # The page's own policy allows WebAssembly for the search too (hosts without headers), nothing wider.
    assert "script-src 'self' 'wasm-unsafe-eval'" in meta and "default-src 'none'" in meta


@pytest.mark.unit
@pytest.mark.parametrize("conf, problem", [
    ("server { }", "found 0"),
    ('add_header Content-Security-Policy "a";\nadd_header Content-Security-Policy "b";', "found 2"),
    ('add_header Content-Security-Policy "script-src $x; frame-ancestors $y";', "nginx variable"),
])
def test_a_policy_that_cannot_be_copied_is_refused_with_a_reason(conf, problem):
    with pytest.raises(csp.PolicyNotFound, match=problem):
        csp.meta_policy_from(conf)


# ---- in Chromium: the policy works with and without the server's headers ------------------

INJECTED = "<script>window.__injected = 1</script>"


@pytest.fixture(scope="module")
def tampered_site(site, tmp_path_factory) -> Path:
    """The built site with an inline script slipped into one page's body, as a markup
    bug would: the policy must stop it even where no header is sent."""
    copy = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(site, copy)
    page = copy / SERVICE
    html = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(<body[^>]*>)", r"\1" + INJECTED, html, count=1), encoding="utf-8")
    return copy


def _servers():
    yield "python"
    if localserve.NGINX:
        yield "nginx"


READER_PAGES = ["", "en/", SERVICE[:-len("index.html")], "en/" + SERVICE[:-len("index.html")],
                "cities/testcity/indicators/preschool-enrolment-rate/", "cities/testcity/domains/education/",
                "cities/testcity/for/students/", "en/finder/"]


@pytest.mark.browser
@pytest.mark.parametrize("server", list(_servers()))
def test_hostile_data_runs_nothing_in_the_browser_with_or_without_headers(browser, site, server):
    """The pages a reader opens, each with every hostile string and file name on it: no dialog,
    no element made from data, no script error."""
    from browsing import open_page

    serving = localserve.nginx(site) if server == "nginx" else localserve.python_server(site)
    with serving as base:
        page = open_page(browser)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in READER_PAGES:
            assert page.goto(f"{base}/{path}").ok, path
            page.wait_for_load_state("load")
            assert page.locator("img[src='x'], a[href^='javascript:'], [onerror], [onmouseover], [onfocus]").count() == 0, path
        assert dialogs == []
        assert page.problems == [], page.problems
        page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("server", list(_servers()))
def test_inline_script_is_blocked_with_or_without_headers(browser, tampered_site, server):
    from browsing import open_page

    serving = localserve.nginx(tampered_site) if server == "nginx" else localserve.python_server(tampered_site)
    with serving as base:
        page = open_page(browser)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        response = page.goto(f"{base}/{SERVICE[:-len('index.html')]}")
        assert response.ok
        has_header = "content-security-policy" in response.headers
        assert has_header == (server == "nginx")  # the python server really sends none
        page.wait_for_load_state("load")
        assert page.evaluate("window.__injected") is None, f"inline script ran ({server})"
        assert any("script-src" in v for v in page.csp), page.csp  # blocked, and reported as such
        assert dialogs == []
        page.context.close()


@pytest.mark.unit
def test_fingerprinted_names_are_looked_up_when_a_page_renders_not_when_it_compiles(monkeypatch):
    """Compiled templates are cached between builds (.cache/jinja): a name folded into the
    compiled code would point every page at the last build's site.<hash>.js, a 404."""
    import jinja2

    from generator.engine.plugin import ShardPlugin

    plugin = ShardPlugin(Path("."), {}, {"id": "portal-zh", "lang": "zh"}, publish_assets=False)
    env = jinja2.Environment()
    env.filters["asset"] = plugin._asset_name
    plugin.asset_names.update({"site.js": "site.1111.js"})
    template = env.from_string("{{ 'site.js' | asset }}")  # compiled now, with the first names
    assert template.render() == "site.1111.js"
    plugin.asset_names.update({"site.js": "site.2222.js"})
    assert template.render() == "site.2222.js"
