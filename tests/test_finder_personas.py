"""Issue 15's residents, on a 360 px phone in Chromium, served as in production (nginx, CSP):
from the home page, within 3 taps, a page that says what they get and what to do next (or
the honest gap). And the finder's promises around them: answers kept across languages,
ages outside 0–120 refused, hostile links harmless, a printable summary."""

from __future__ import annotations

import pytest

from browsing import assert_clean, open_page, skip_without_browser

skip_without_browser()
pytestmark = pytest.mark.browser

GAP = {"zh": "规划未写明办理方式", "en": "The plan does not say how to apply"}


@pytest.fixture
def page(browser, site_server):
    pg = open_page(browser)
    pg.taps = 0
    yield pg
    pg.context.close()


def tap(page, selector: str) -> None:
    page.locator(selector).first.click()
    page.taps += 1


def to_finder(page, site_server, prefix: str = "") -> None:
    page.goto(f"{site_server}/{prefix}")
    page.evaluate("localStorage.clear()")
    tap(page, "a.home-cta")
    page.wait_for_selector("#finder form:not([hidden])")


def test_a_70_year_old_in_shangrao(page, site_server):
    to_finder(page, site_server)
    tap(page, "input[name=city][value=shangrao]")
    tap(page, "#finder-age")
    page.keyboard.type("70")
    page.wait_for_selector(".finder__group--mine")
    assert page.taps <= 3
    mine = page.locator(".finder__group--mine li").first
    assert "老年人健康管理服务" in mine.inner_text()
    assert "每人每年 1 次" in mine.locator("strong.finder__standard").inner_text()  # what they get, first
    assert GAP["zh"] in mine.locator(".finder__next").inner_text()  # what to do next: the honest gap
    results = page.inner_text(".finder__results")
    assert "未满 18 岁" not in results  # 特困 support is not summed up by its rule for minors
    assert "不适用于您的年龄：高龄津贴发放对象年龄：80 岁及以上" in results  # 80+ is not theirs yet
    assert "age=70" in page.url and "city=shangrao" in page.url
    assert_clean(page)


def test_a_yichun_parent_of_a_child_under_6_is_not_left_with_nothing(page, site_server):
    to_finder(page, site_server)
    tap(page, "input[name=city][value=yichun]")
    tap(page, "input[name=s][value=young-children]")
    page.wait_for_selector(".finder__gap")
    assert page.taps <= 3
    gap = page.locator(".finder__gap").first
    assert "宜春市的规划没有专门面向“婴幼儿和学龄前儿童”的服务" in gap.inner_text()
    # …followed by what the plan does promise (projects, indicators) and the other city's entry.
    assert gap.locator("a[href*='/cities/yichun/projects/']").count() >= 1
    assert gap.locator("a[href*='/cities/yichun/indicators/childcare-places-per-1000/']").count() == 1
    compare = gap.locator(".finder__compare a")
    assert "上饶市" in compare.inner_text()
    # And what every resident gets is explained, never a heading over nothing.
    general = page.locator(".finder__gap").nth(1)
    assert "宜春市的规划没有写明所有居民都可享受的具体服务" in general.inner_text()
    assert general.locator("a").count() >= 2
    compare.click()
    page.wait_for_url("**/cities/shangrao/for/young-children/")
    assert_clean(page)


def test_a_person_with_a_disability(page, site_server):
    to_finder(page, site_server, "en/")
    tap(page, "input[name=city][value=shangrao]")
    tap(page, "input[name=s][value=people-with-disabilities]")
    page.wait_for_selector(".finder__group--mine")
    assert page.taps <= 3
    mine = page.locator(".finder__group--mine").inner_text()
    assert "Rehabilitation services for people with disabilities" in mine
    assert "Who is eligible: " in mine and GAP["en"] in mine
    assert_clean(page)


def test_switching_language_keeps_the_answers(page, site_server):
    page.goto(f"{site_server}/finder/?city=shangrao&age=15&s=students&o=junior")
    page.wait_for_selector(".finder__group--mine")
    assert page.is_checked("input[name=o-students][value=junior]")
    assert "初中生 1,250 元" in page.inner_text(".finder__group--mine")  # the junior figure, not the primary one
    page.click("a.lang-switch")
    page.wait_for_selector(".finder__group--mine")
    assert "/en/finder/" in page.url and "o=junior" in page.url and "age=15" in page.url
    assert page.is_checked("input[name=s][value=students]") and page.is_checked("input[name=o-students][value=junior]")
    assert page.input_value("#finder-age") == "15"
    assert "junior" in page.inner_text(".finder__summary").lower()
    assert_clean(page)


@pytest.mark.parametrize("value", ["121", "-3", "200"])
def test_an_age_outside_0_to_120_is_refused_with_a_message(page, site_server, value):
    page.goto(f"{site_server}/en/finder/?city=shangrao")
    page.fill("#finder-age", value)
    notice = page.wait_for_selector(".finder__notice")
    assert "from 0 to 120" in notice.inner_text()
    assert "age=" not in page.url
    page.fill("#finder-age", "70")
    page.wait_for_selector(".finder__group--mine")
    assert page.locator(".finder__notice").count() == 0
    assert_clean(page)


def test_a_hostile_link_is_ignored_and_flagged(page, site_server):
    page.goto(f"{site_server}/finder/?city=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E"
              "&s=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E,people-with-disabilities&age=999&x=1")
    page.wait_for_selector(".finder__results p")
    assert page.evaluate("window.__pwned") is None and page.locator(".finder__results img").count() == 0
    notices = page.inner_text(".finder__results")
    assert "无法识别" in notices and "0 到 120" in notices and "<script>" not in notices
    assert page.is_checked("input[name=s][value=people-with-disabilities]")
    assert page.locator("input[name=city]:checked").count() == 0
    assert_clean(page)


def test_the_answers_print_without_the_form(page, site_server):
    page.goto(f"{site_server}/finder/?city=shangrao&age=70")
    page.wait_for_selector(".finder__summary")
    page.emulate_media(media="print")
    assert page.locator(".finder__form").is_hidden()
    assert page.locator(".finder__summary").is_visible() and page.locator(".finder__group--mine").is_visible()
    assert page.locator(".finder__tools").is_hidden()
    assert_clean(page)


@pytest.mark.parametrize("query", ["city=yichun&s=family-planning-special-families", "city=yichun&s=veterans&age=45",
                                   "city=yichun&age=85", "city=shangrao&s=expectant-parents&age=28",
                                   "city=shangrao&age=0&child=0&s=young-children"])
def test_a_few_city_and_situation_pages_are_never_empty(page, site_server, query):
    """The unit test (test_finder.py) covers every combination; here a few, drawn in the browser:
    each answer gets services or a gap that says so and links somewhere."""
    page.goto(f"{site_server}/en/finder/?{query}")
    page.wait_for_selector(".finder__summary")
    assert page.locator(".finder__group--mine li").count() + page.locator(".finder__gap a").count() > 0
    assert page.locator(".finder__group li").count() + page.locator(".finder__gap a").count() > 1
    assert page.inner_text(".finder__status")
    assert_clean(page)
