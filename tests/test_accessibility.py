"""Accessibility in a real browser, on the site as served in production (nginx, CSP).

- axe-core (npm, pinned in package.json) on one page of every page type in both
  languages, and on search results and the phone layout: no violation of
  WCAG 2.0/2.1 level A or AA;
- keyboard: every control can be reached with Tab and shows a focus ring,
  the skip link comes first and leads to the content, and on a phone the
  navigation drawer opens when Tab reaches it;
- charts keep their written text alternative once ECharts has drawn them.

(Heading order, skip-link targets and chart markup on every built page are
checked without a browser in test_html.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import DESKTOP, PHONE, assert_clean, open_page, search_for, skip_without_browser

skip_without_browser()

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# One page of each type; each is checked in Chinese and in English (en/…).
PAGE_TYPES = {
    "home": "",
    "about": "about/",
    "glossary": "glossary/",
    "finder": "finder/?city=shangrao&age=82",
    "finder with a follow-up question and a gap": "finder/?city=yichun&age=40&s=students,family-planning-special-families&o=junior",
    "city": "cities/shangrao/",
    "indicator dashboard": "cities/shangrao/indicators/",
    "indicator": "cities/shangrao/indicators/life-expectancy/",
    "chart embed": "cities/yichun/indicators/life-expectancy/embed/",
    "domain": "cities/shangrao/domains/health/",
    "service": "cities/shangrao/services/radio/",
    "project": "cities/yichun/projects/community-day-care/",
    "audience": "cities/shangrao/for/older-people/",
    "comparison list": "compare/",
    "comparison": "compare/elderly-care-beds-total/",
    "plan full text": "cities/shangrao/source/",
    "search": "search/?q=低保",
}
AXE_PAGES = [pytest.param(prefix + path, id=f"{kind} {lang}")
             for kind, path in PAGE_TYPES.items() for lang, prefix in (("zh", ""), ("en", "en/"))]
AXE_PAGES += [pytest.param("404.html", id="not found zh"), pytest.param("en/404.html", id="not found en"),
              pytest.param("accessibility/", id="accessibility statement zh"),
              pytest.param("en/accessibility/", id="accessibility statement en")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is missing from node_modules: run `make setup` (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def desktop_page(browser, site_server):
    """One desktop page reused by the axe checks (a context per page would double their time).
    Reduced motion: no half-faded header title while axe measures contrast."""
    pg = open_page(browser, viewport=DESKTOP, reduced_motion="reduce")
    yield pg
    pg.context.close()


def _axe_violations(pg, axe_source) -> list[str]:
    # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self')
    # applies to the site's scripts but does not stop the test from injecting axe.
    if pg.evaluate("typeof axe") == "undefined":
        pg.evaluate(axe_source)
    result = pg.evaluate("""tags => axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""", WCAG_A_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(f"{n['target']} {n['html'][:120]}" for n in v["nodes"][:3])
            for v in result["violations"]]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_wcag_a_or_aa_violation(desktop_page, site_server, axe_source, path):
    pg = desktop_page
    pg.problems.clear(), pg.csp.clear()
    response = pg.goto(f"{site_server}/{path}")
    assert response.status == 200
    if "?q=" in path:  # the search page runs its query: axe judges the results too
        pg.wait_for_selector(".site-search__result", timeout=15_000)
    if pg.locator(".chart").count():  # let the charts draw: axe should judge them as drawn
        pg.locator(".chart").first.scroll_into_view_if_needed()
        pg.wait_for_selector(".chart[data-ready]", state="attached", timeout=10_000)
        pg.evaluate("window.scrollTo(0, 0)")
    assert _axe_violations(pg, axe_source) == []
    assert_clean(pg)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path,query", [("", "广播"), ("en/", "radio")])
def test_axe_on_search_results_and_the_phone_layout(browser, site_server, axe_source, viewport, path, query):
    pg = open_page(browser, viewport=PHONE if viewport == "phone" else DESKTOP, reduced_motion="reduce")
    pg.goto(f"{site_server}/{path}")
    search_for(pg, query)  # the results and the "more" button shown
    pg.click(".site-search__filters")  # and the filters, which load when asked for
    pg.wait_for_selector("select[name=city]", state="visible")
    assert _axe_violations(pg, axe_source) == []
    pg.locator("input[name=q]").focus()  # (the filter button moved focus to the city filter)
    pg.keyboard.press("Escape")  # query cleared, results gone: the page itself, in this layout
    pg.wait_for_selector(".site-search__result", state="detached")
    assert _axe_violations(pg, axe_source) == []
    assert_clean(pg)
    pg.context.close()


_MARK_CONTROLS = """() => {
  const visible = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !e.closest("[hidden], [inert]"); };
  const controls = [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && visible(e));
  controls.forEach((e, i) => e.dataset.kbd = i);
  // A radio group is one Tab stop (arrow keys move within it).
  return controls.map(e => e.type === "radio" ? "radio:" + e.name : String(e.dataset.kbd));
}"""

_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {key: e.type === "radio" ? "radio:" + e.name : (e.dataset.kbd ?? null),
          html: e.outerHTML.slice(0, 80), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth};
}"""


def _tab_through(pg, limit=400):
    """Press Tab until focus comes back round; returns what was focused, in order."""
    seen = []
    for _ in range(limit):
        pg.keyboard.press("Tab")
        focused = pg.evaluate(_FOCUSED)
        if focused is None or (seen and focused["html"] == seen[0]["html"]):
            break
        seen.append(focused)
    return seen


@pytest.mark.parametrize("path", ["", "en/finder/", "cities/shangrao/indicators/",
                                  "en/cities/shangrao/indicators/life-expectancy/", "cities/shangrao/services/radio/"])
def test_every_control_is_reached_by_tab_and_shows_focus(browser, site_server, path):
    pg = open_page(browser, viewport=DESKTOP, reduced_motion="reduce")
    pg.goto(f"{site_server}/{path}")
    controls = pg.evaluate(_MARK_CONTROLS)
    focused = _tab_through(pg)
    assert "md-skip" in focused[0]["html"], "the skip link is the first Tab stop"
    reached = {f["key"] for f in focused}
    assert [c for c in controls if c not in reached] == [], "controls Tab never reaches"
    assert [f["html"] for f in focused if f["key"] is None] == [], "invisible elements that take focus"
    no_ring = [f["html"] for f in focused if f["outline"] == "none" or f["width"] < 2]
    assert no_ring == [], "focused without a visible focus ring"
    assert [f["html"] for f in focused if not f["inView"]] == [], "focused off screen"
    assert_clean(pg)
    pg.context.close()


@pytest.mark.parametrize("path", ["cities/shangrao/services/radio/", "en/"])
def test_skip_link_leads_past_the_navigation_to_the_content(browser, site_server, path):
    pg = open_page(browser, viewport=DESKTOP)
    pg.goto(f"{site_server}/{path}")
    pg.keyboard.press("Tab")
    skip = pg.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert "md-skip" in skip[0] and skip[1].startswith("#")
    assert pg.locator(".md-skip").is_visible()  # shown while focused
    pg.keyboard.press("Enter")
    target = pg.evaluate("() => { const t = document.querySelector(':target'); return t && [t.tagName, !!t.closest('.md-content')]; }")
    assert target == ["H1", True]
    assert_clean(pg)
    pg.context.close()


def test_on_a_phone_tab_opens_the_navigation_drawer(browser, site_server):
    pg = open_page(browser, viewport=PHONE, reduced_motion="reduce")
    pg.goto(f"{site_server}/cities/shangrao/services/radio/")
    focused = _tab_through(pg, limit=12)
    nav = [f for f in focused if "md-nav__link" in f["html"]]
    assert nav, "the navigation links are Tab stops"
    assert all(f["inView"] for f in nav), "navigation links focused while the drawer is closed"
    assert_clean(pg)
    pg.context.close()


@pytest.mark.parametrize("path", ["cities/shangrao/indicators/life-expectancy/", "en/compare/nursing-beds-share/",
                                  "cities/yichun/indicators/life-expectancy/embed/"])
def test_drawn_charts_keep_their_text_alternative(browser, site_server, path):
    pg = open_page(browser, viewport=DESKTOP)
    pg.goto(f"{site_server}/{path}")
    before = pg.eval_on_selector_all(".chart", "els => els.map(e => e.getAttribute('aria-label'))")
    pg.locator(".chart").first.scroll_into_view_if_needed()
    pg.wait_for_selector(".chart[data-ready] svg", state="attached", timeout=10_000)
    after = pg.eval_on_selector_all(".chart[data-ready]", "els => els.map(e => [e.getAttribute('role'), e.getAttribute('aria-label')])")
    assert after and all(role == "img" and label for role, label in after)
    assert [label for _, label in after] == before[:len(after)]  # ECharts' generated description did not replace it
    assert_clean(pg)
    pg.context.close()
