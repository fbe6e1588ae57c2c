"""In a real browser (Debian's Chromium driven by Playwright): charts draw, search finds, languages switch.

The site is served as in production: by nginx with deploy/nginx.conf, CSP
included (tests/conftest.py, `site_server`). Every page records console
errors, CSP violations and every request, and `_assert_clean` fails a test on
any of them or on a request that leaves 127.0.0.1 (tests/browsing.py).

Skipped with a message when no Chromium is installed, unless REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from browsing import DESKTOP, assert_clean, open_page, search_for, skip_without_browser

skip_without_browser()


@pytest.fixture
def page(browser, site_server):
    """A phone-sized page that records errors, CSP violations and every request it makes."""
    pg = open_page(browser)
    yield pg
    pg.context.close()


def _assert_clean(pg, base):
    assert_clean(pg)


@pytest.mark.parametrize("path,lang", [("", "zh"), ("en/", "en")])
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_home_loads_cleanly_in_both_languages(browser, site_server, path, lang, viewport):
    pg = open_page(browser, **({"viewport": DESKTOP} if viewport == "desktop" else {}))
    response = pg.goto(f"{site_server}/{path}")
    pg.wait_for_load_state("networkidle")
    assert response.status == 200
    assert pg.locator("html").get_attribute("lang") == lang
    if site_server.nginx:  # the policy the page ran under is the production one
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert pg.evaluate("typeof __md_get") == "function"  # Material's bootstrap, moved out of line, ran
    assert pg.requests and all(urlparse(u).hostname == "127.0.0.1" for u in pg.requests if not u.startswith("data:"))
    assert_clean(pg)
    pg.context.close()


def test_a_csp_violation_would_be_caught(browser, production_server):
    """The recording works: an inline script added to a served page is blocked and reported."""
    pg = open_page(browser)
    pg.goto(f"{production_server}/")
    pg.evaluate("""() => { const s = document.createElement("script");
                           s.textContent = "window.__ran = true"; document.head.appendChild(s); }""")
    pg.wait_for_timeout(100)
    assert pg.evaluate("window.__ran") is None
    assert any("script-src" in v for v in pg.csp)
    with pytest.raises(AssertionError):
        assert_clean(pg)
    pg.context.close()


@pytest.mark.parametrize("path", ["cities/shangrao/indicators/", "en/cities/shangrao/indicators/",
                                  "cities/shangrao/indicators/childcare-places-per-1000/",
                                  "en/cities/yichun/indicators/life-expectancy/",
                                  "compare/elderly-care-beds-total/", "en/compare/nursing-beds-share/",
                                  "cities/yichun/indicators/life-expectancy/embed/"])
def test_charts_show_on_phones_without_echarts_and_go_live_when_touched(page, site_server, path):
    page.goto(f"{site_server}/{path}", wait_until="networkidle")
    chart = page.locator(".chart").first
    chart.scroll_into_view_if_needed()
    # The static SVG drawn at build time (generator/chart_svg.py): no ECharts downloaded for reading.
    assert page.locator(".chart svg path").count() > 3
    assert not any("/assets/vendor/echarts" in u for u in page.requests)
    box = chart.bounding_box()
    assert box["width"] <= 360 and box["height"] >= 200
    chart.dispatch_event("pointerdown")  # the reader reaches for it: the live chart replaces the static one
    page.wait_for_selector(".chart[data-ready] svg path", state="attached", timeout=10_000)
    assert any("/assets/vendor/echarts" in u for u in page.requests)
    assert page.locator(".chart[data-ready] svg path").count() > 3
    page.set_viewport_size({"width": 320, "height": 740})  # the narrowest phones
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    _assert_clean(page, site_server)


@pytest.mark.parametrize("path,query,expected,first", [
    ("", "收听广播", "/cities/shangrao/services/radio/", False),
    ("", "广播", "/cities/shangrao/services/radio/", False),
    ("", "电视", "/cities/shangrao/services/tv-programmes/", False),
    # The old-age allowance for people over 80 is part of Shangrao's "welfare for older people".
    ("", "高龄津贴", "/cities/shangrao/services/elderly-welfare/", True),
    ("", "教科书", "/cities/shangrao/services/free-textbooks/", True),
    ("en/", "radio", "/en/cities/shangrao/services/radio/", True),
])
def test_search_finds_the_service_page(browser, site_server, path, query, expected, first):
    pg = open_page(browser, viewport={"width": 1200, "height": 900})
    pg.goto(f"{site_server}/{path}")
    search_for(pg, query)
    links = [urlparse(h).path for h in pg.eval_on_selector_all(".site-search__title", "els => els.map(e => e.href)")]
    assert expected in links[:6]
    if first:
        assert links[0] == expected
    if path == "en/":
        assert all(link.startswith("/en/") for link in links)
    else:
        assert not any(link.startswith("/en/") for link in links)
    assert any("/pagefind/" in u and u.endswith(".pf_fragment") for u in pg.requests)  # the worker's fetches too
    assert_clean(pg)
    pg.context.close()


def test_search_index_is_loaded_only_when_someone_searches(browser, site_server):
    pg = open_page(browser, viewport={"width": 1200, "height": 900})
    pg.goto(f"{site_server}/en/", wait_until="networkidle")
    assert any("/assets/javascripts/search-pagefind." in u for u in pg.requests)  # the small script
    assert not any("/pagefind/" in u for u in pg.requests)
    search_for(pg, "radio")
    fetched = [urlparse(u).path for u in pg.requests if "/pagefind/" in u]
    assert "/pagefind/pagefind.js" in fetched and any(p.endswith(".pf_index") for p in fetched)
    assert any(p.startswith("/pagefind/pagefind.en_") for p in fetched)  # the English index only
    assert not any(p.startswith("/pagefind/pagefind.zh_") for p in fetched)
    assert_clean(pg)
    pg.context.close()


def test_chart_offers_self_describing_svg_and_png_downloads(page, site_server):
    page.goto(f"{site_server}/en/cities/shangrao/indicators/life-expectancy/")
    for label, suffix in (("SVG", ".svg"), ("PNG", ".png")):
        with page.expect_download() as info:
            page.click(f".chart-downloads a:has-text('{label}')")  # plain links to files made at build time
        download = info.value
        assert download.suggested_filename == f"life-expectancy.chart.en{suffix}"
        data = open(download.path(), "rb").read()
        if suffix == ".png":
            assert data.startswith(b"\x89PNG")
        else:
            text = data.decode("utf-8")
            assert "Average life expectancy" in text and "Shangrao" in text and "2025 target" in text and "Source:" in text
    _assert_clean(page, site_server)


def test_dashboard_filter_shows_one_domain(page, site_server):
    page.goto(f"{site_server}/cities/shangrao/indicators/")
    page.click("[data-filter-domain='health']")
    visible = page.eval_on_selector_all("section[data-domain]", "els => els.filter(e => !e.hidden).map(e => e.dataset.domain)")
    assert visible == ["health"]
    page.click("[data-filter-domain='all']")
    assert page.locator("section[data-domain]:not([hidden])").count() > 5
    _assert_clean(page, site_server)


@pytest.mark.parametrize("path", ["cities/shangrao/services/radio/", "", "cities/yichun/indicators/life-expectancy/",
                                  "finder/", "compare/elderly-care-beds-total/"])
def test_language_switch_lands_on_the_same_page(page, site_server, path):
    page.goto(f"{site_server}/{path}")
    page.click("a.lang-switch")
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/en/{path}"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("a.lang-switch")
    page.wait_for_load_state()
    assert urlparse(page.url).path == f"/{path}"
    assert page.locator("html").get_attribute("lang") == "zh"
    _assert_clean(page, site_server)


@pytest.mark.parametrize("path", ["", "en/", "cities/shangrao/indicators/", "en/cities/shangrao/services/radio/",
                                  "en/finder/", "compare/", "en/glossary/", "cities/yichun/source/", "404.html"])
def test_no_horizontal_scroll_on_a_phone(page, site_server, path):
    page.goto(f"{site_server}/{path}")
    page.wait_for_timeout(300)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    _assert_clean(page, site_server)


def test_finder_click_through_and_state_kept_in_the_url(page, site_server):
    page.goto(f"{site_server}/en/finder/")
    page.check("input[name=city][value=shangrao]")
    page.fill("#finder-age", "82")
    page.check("input[name=s][value=people-with-disabilities]")
    page.wait_for_selector(".finder__count")
    assert "city=shangrao" in page.url and "age=82" in page.url and "s=people-with-disabilities" in page.url
    found = page.eval_on_selector_all(".finder__list a", "els => els.map(e => new URL(e.href).pathname)")
    # An 82-year-old gets the advanced-age allowance (elderly-welfare), with disabilities the disability allowances.
    for service in ("elderly-welfare", "disability-living-and-care-allowances"):
        assert f"/en/cities/shangrao/services/{service}/" in found, (service, found)
    specific = page.locator(".finder__group").first.locator("a").count()
    page.reload()
    page.wait_for_selector(".finder__count")
    assert page.is_checked("input[name=s][value=people-with-disabilities]")
    assert page.input_value("#finder-age") == "82"
    assert page.locator(".finder__group").first.locator("a").count() == specific
    # Keyboard: the answers are real form controls, reachable with Tab.
    page.focus("input[name=city][value=yichun]")
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('city=yichun')", timeout=5_000)
    _assert_clean(page, site_server)


def test_finder_explains_an_empty_result(page, site_server):
    page.goto(f"{site_server}/finder/?city=yichun")
    page.wait_for_selector(".finder__none")
    assert "勾选" in page.inner_text(".finder__none")
    page.goto(f"{site_server}/finder/")
    page.evaluate("localStorage.clear()")
    page.goto(f"{site_server}/finder/")
    assert "城市" in page.inner_text(".finder__results")
    _assert_clean(page, site_server)


def _contrast(page, selector):
    """Contrast of an element's text against the white page (alpha blended in sRGB first)."""
    return page.evaluate("""sel => {
      const el = document.querySelector(sel);
      const [r, g, b, a = 1] = getComputedStyle(el).color.match(/[\\d.]+/g).map(Number);
      const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      const blend = v => v * a + 255 * (1 - a);
      const l = 0.2126 * lin(blend(r)) + 0.7152 * lin(blend(g)) + 0.0722 * lin(blend(b));
      return 1.05 / (l + 0.05);
    }""", selector)


def test_large_text_mode_is_remembered_and_readable(page, site_server):
    page.goto(f"{site_server}/cities/shangrao/services/radio/")
    body = ".md-typeset p"
    assert float(page.evaluate(f"getComputedStyle(document.querySelector('{body}')).fontSize")[:-2]) >= 16
    page.click("[data-text-size]")
    assert page.get_attribute("[data-text-size]", "aria-pressed") == "true"
    page.goto(f"{site_server}/en/cities/yichun/services/public-rental-housing/")
    assert float(page.evaluate(f"getComputedStyle(document.querySelector('{body}')).fontSize")[:-2]) >= 20
    assert _contrast(page, body) >= 7
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.click("[data-text-size]")
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('large-text')") is False
    _assert_clean(page, site_server)


def test_touch_targets_are_at_least_44_px(page, site_server):
    page.goto(f"{site_server}/finder/")
    small = page.evaluate("""() => [...document.querySelectorAll(
        '.finder__choice, .md-button, .lang-switch, .audience-list a, .filters a, button')]
      .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
      .filter(e => { const r = e.getBoundingClientRect(); return r.right > 0 && r.bottom > 0 && r.left < innerWidth; })
      .filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
      .map(e => e.className + ' ' + e.textContent.trim().slice(0, 20))""")
    assert small == []
    _assert_clean(page, site_server)


@pytest.mark.parametrize("path", ["finder/?city=shangrao&age=70", "cities/shangrao/services/radio/",
                                  "en/cities/yichun/for/older-people/", "cities/shangrao/for/people-with-disabilities/"])
def test_resident_pages_fit_a_phone(page, site_server, path):
    page.goto(f"{site_server}/{path}")
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    _assert_clean(page, site_server)


def test_service_page_prints_without_navigation_and_with_link_addresses(page, site_server):
    page.goto(f"{site_server}/cities/shangrao/services/radio/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).display") == "none"
    after = page.evaluate("getComputedStyle(document.querySelector('.source-ref a'), '::after').content")
    assert "source" in after
    assert "不少于 15 套" in page.inner_text(".key-figures")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    _assert_clean(page, site_server)


@pytest.mark.parametrize("path,title", [("feed.xml", "公共服务标准 · 数据更新"),
                                        ("en/cities/yichun/feed.xml", "Public service standards · data changes for Yichun")])
def test_a_feed_opened_in_the_browser_reads_as_a_page(page, production_server, path, title):
    """The feed's XSLT stylesheet (assets/feed.xsl) runs under the feed's own CSP, served by nginx
    with its type, and makes a page: the feed's title, one heading per entry, nothing blocked."""
    response = page.goto(f"{production_server}/{path}")
    assert response.status == 200
    assert page.locator("h1").inner_text() == title  # waits for the transformed page
    assert page.locator("h2").count() > 0 and page.locator("h2 a").first.get_attribute("href").startswith("http")
    assert page.locator("html").get_attribute("lang") == ("zh-Hans" if path == "feed.xml" else "en")
    assert_clean(page)


# What lies below a chart on the dashboard: the table (issue 16: the static SVG spilled over it,
# and the live chart was cut off, losing its last rows and its x-axis).
_LAYOUT = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return {top: b.top + scrollY, bottom: b.bottom + scrollY,
                                                                 left: b.left, right: b.right}; };
  const chart = document.querySelector(".chart[data-chart='chart-overview']");
  const figure = chart.closest("figure");
  const drawn = [...chart.querySelectorAll("svg text, svg path, svg rect")]
    .filter(e => e.getBoundingClientRect().width || e.getBoundingClientRect().height).map(box);
  return {chart: box(chart), figure: box(figure), table: box(document.querySelector(".indicator-table").closest(".table-wrap")),
          drawn: {top: Math.min(...drawn.map(b => b.top)), bottom: Math.max(...drawn.map(b => b.bottom)),
                  left: Math.min(...drawn.map(b => b.left)), right: Math.max(...drawn.map(b => b.right))}};
}"""


@pytest.mark.parametrize("text", ["normal", "large"])
@pytest.mark.parametrize("width", [360, 768, 1280])
def test_dashboard_chart_neither_overlaps_its_table_nor_is_cut_off(browser, site_server, width, text):
    pg = open_page(browser, viewport={"width": width, "height": 900})
    if text == "large":  # remembered large-text mode: larger words, and a taller chart for them (charts.js)
        pg.context.add_init_script("localStorage.setItem('psc-large-text', '1')")
    pg.goto(f"{site_server}/cities/shangrao/indicators/")
    chart = pg.locator(".chart[data-chart='chart-overview']")
    for state in ("static", "live"):
        if state == "live":
            chart.scroll_into_view_if_needed()
            chart.hover()  # the reader reaches for it: ECharts replaces the static SVG
            pg.wait_for_selector(".chart[data-chart='chart-overview'][data-ready] svg text", timeout=10_000)
            pg.mouse.move(0, 0)  # and leaves it: its tooltip is not part of the layout
            pg.wait_for_timeout(400)
        layout = pg.evaluate(_LAYOUT)
        where = f"{state} chart at {width}px, {text} text: {layout}"
        assert layout["figure"]["bottom"] <= layout["table"]["top"], f"the figure overlaps the table ({where})"
        # Everything drawn (bars, names, axis labels) lies inside the chart's box: nothing spills, nothing is cut.
        drawn, box = layout["drawn"], layout["chart"]
        assert drawn["top"] >= box["top"] - 1 and drawn["bottom"] <= box["bottom"] + 1, where
        assert drawn["left"] >= box["left"] - 1 and drawn["right"] <= box["right"] + 1, where
    # The live chart's x-axis is drawn, to its end.
    texts = pg.eval_on_selector_all(".chart[data-chart='chart-overview'] svg text", "els => els.map(e => e.textContent)")
    assert "100" in texts
    assert_clean(pg)
    pg.context.close()
