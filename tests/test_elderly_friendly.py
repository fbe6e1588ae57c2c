"""Elderly-friendly by China's own rules (MIIT 互联网应用适老化及无障碍改造, GB/T 37668-2019),
checked in Chromium on the site as served in production:

- every text style has a contrast of at least 4.5:1 (WCAG AA for all text, headings included,
  not the 3:1 WCAG allows for large text), and 7:1 in large-text mode;
- on a phone, every control and every stand-alone link is at least 44 × 44 px to tap, in both
  text modes (links inside a sentence are exempt, as in WCAG 2.5.5);
- large-text mode enlarges the whole page: header, tabs, menu, buttons, tables and chart text;
- axe-core finds no WCAG A/AA violation in large-text mode either;
- "read aloud" on service pages speaks the page's text in its language with the browser's own
  speech synthesis, and is hidden where the browser has no voice for it.

What the statement (content/accessibility.md) promises is what these tests check.
"""

from __future__ import annotations

import pytest

from browsing import DESKTOP, PHONE, assert_clean, open_page, skip_without_browser
from test_accessibility import PAGE_TYPES, _axe_violations, axe_source  # noqa: F401  (a fixture)

skip_without_browser()

PAGES = [pytest.param(prefix + path, id=f"{kind} {lang}")
         for kind, path in {**PAGE_TYPES, "data": "data/", "changes": "changes/", "accessibility": "accessibility/"}.items()
         if kind != "chart embed"
         for lang, prefix in (("zh", ""), ("en", "en/"))]
PAGES += [pytest.param("404.html", id="not found zh"), pytest.param("en/404.html", id="not found en")]

LARGE_TEXT = "() => document.documentElement.classList.add('large-text')"  # what textsize.js does

# The contrast of each visible text style: its colour (with its opacity) over the backgrounds
# behind it, composited; returns the styles below `floor`.
_LOW_CONTRAST = """floor => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = c => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const backdrop = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const b = parse(getComputedStyle(e).backgroundColor);
      if (b && b[3] > 0) { layers.push(b); if (b[3] >= 1) break; } }
    return layers.reverse().reduce((under, layer) => over(layer, under), [255, 255, 255, 1]); };
  const low = {};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement, text = n.textContent.trim();
    if (!text || el.closest('[hidden], svg, noscript, script, style, .md-skip')) continue;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
    const bg = backdrop(el), fg = parse(style.color);
    const ink = over(fg.slice(0, 3).concat([fg[3] * Number(style.opacity)]), bg);
    const [a, b] = [lum(ink), lum(bg)], ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const key = `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} ${style.color} on rgb(${bg.slice(0, 3).map(Math.round)})`;
    if (ratio < floor && !(key in low)) low[key] = `${ratio.toFixed(2)}:1 "${text.slice(0, 20)}"`;
  }
  return Object.entries(low).map(([k, v]) => `${k}: ${v}`);
}"""

# Controls and stand-alone links smaller than 44 × 44 px. A checkbox or radio button is tapped
# through its label. A link inside a sentence (inline, with other words in its block) is exempt.
_SMALL_TARGETS = """() => {
  const blockOf = el => { let b = el.parentElement; while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement; return b; };
  const inSentence = el => { const d = getComputedStyle(el).display; if (d !== 'inline') return false;
    const block = blockOf(el); return !!block && block.textContent.replace(el.textContent, '').replace(/[\\s：:，,。.、·;；()（）→—-]/g, '').length > 0; };
  const targets = new Set();
  for (const el of document.querySelectorAll('a[href], button, select, summary, input:not([type=hidden]), textarea, [role=button], [tabindex]:not([tabindex="-1"])')) {
    if (el.matches('input[type=checkbox], input[type=radio]')) targets.add(el.closest('label') || el); else targets.add(el);
  }
  const small = [];
  for (const el of targets) {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('[hidden], .md-skip')) continue;
    if (el.matches('a') && inSentence(el)) continue;
    if (box.height < 43.5 || box.width < 43.5)
      small.push(`${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\\s+/).join('.')} "${(el.textContent || '').trim().slice(0, 24)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return [...new Set(small)];
}"""


def _open(browser, site_server, path, viewport):
    pg = open_page(browser, viewport=viewport, reduced_motion="reduce")
    response = pg.goto(f"{site_server}/{path}")
    assert response.status == 200
    if "?q=" in path:
        pg.wait_for_selector(".site-search__result", timeout=15_000)
    return pg


@pytest.mark.parametrize("path", PAGES)
def test_every_text_style_has_enough_contrast_in_both_text_modes(browser, site_server, path):
    pg = _open(browser, site_server, path, DESKTOP)
    assert pg.evaluate(_LOW_CONTRAST, 4.5) == [], "below 4.5:1 in normal mode"
    pg.evaluate(LARGE_TEXT)
    assert pg.evaluate(_LOW_CONTRAST, 7) == [], "below 7:1 in large-text mode"
    assert_clean(pg)
    pg.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_control_is_big_enough_to_tap_on_a_phone(browser, site_server, path):
    pg = _open(browser, site_server, path, PHONE)
    assert pg.evaluate(_SMALL_TARGETS) == [], "smaller than 44 × 44 px"
    pg.evaluate(LARGE_TEXT)
    assert pg.evaluate(_SMALL_TARGETS) == [], "smaller than 44 × 44 px in large-text mode"
    assert_clean(pg)
    pg.context.close()


@pytest.mark.parametrize("path", [p for p in PAGES if p.id.endswith(" zh")])
def test_axe_finds_no_violation_in_large_text_mode(browser, site_server, axe_source, path):  # noqa: F811
    pg = _open(browser, site_server, path, DESKTOP)
    pg.evaluate(LARGE_TEXT)
    assert _axe_violations(pg, axe_source) == []
    assert_clean(pg)
    pg.context.close()


# The font size of each part of the page that large-text mode must enlarge (the first match of each).
_SIZES = """() => {
  const size = sel => { const el = document.querySelector(sel); return el ? parseFloat(getComputedStyle(el).fontSize) : null; };
  const chart = document.querySelector('.chart[data-ready] svg text');
  return {header: size('.md-header__topic'), menu: size('.md-nav__link'),
          button: size('.md-typeset .md-button, .page-tools .md-button'), search: size('.site-search__button'),
          table: size('.md-typeset table td'), body: size('.md-typeset p'),
          chart: chart ? parseFloat(chart.style.fontSize || getComputedStyle(chart).fontSize) : null};
}"""


def test_large_text_mode_enlarges_the_whole_page_and_is_remembered(browser, site_server):
    pg = _open(browser, site_server, "cities/shangrao/indicators/life-expectancy/", DESKTOP)
    pg.locator(".chart").first.hover()  # the live chart: its words are drawn by ECharts
    pg.wait_for_selector(".chart[data-ready] svg text", state="attached", timeout=10_000)
    normal = pg.evaluate(_SIZES)
    assert None not in normal.values(), normal
    pg.click("[data-text-size]")
    assert pg.get_attribute("[data-text-size]", "aria-pressed") == "true"
    pg.wait_for_function("() => parseFloat(document.querySelector('.chart[data-ready] svg text').style.fontSize "
                         "|| getComputedStyle(document.querySelector('.chart[data-ready] svg text')).fontSize) > 12")
    large = pg.evaluate(_SIZES)
    assert {part: (normal[part], large[part]) for part in normal if not large[part] > normal[part]} == {}
    assert large["body"] >= 24
    pg.reload()  # remembered, and applied before the page is drawn (textsize.js in <head>)
    assert pg.evaluate("document.documentElement.classList.contains('large-text')")
    assert_clean(pg)
    pg.context.close()


# A stand-in for the browser's speech synthesis, installed before the page's scripts run: it
# records what would be spoken. (Headless Chromium has the API but no voice.)
_FAKE_SPEECH = """voices => {
  window.__spoken = [];
  const synth = { speaking: false, getVoices: () => voices.map(lang => ({lang, name: 'test ' + lang})),
    speak: u => window.__spoken.push({text: u.text, lang: u.lang}), cancel: () => {}, addEventListener: () => {} };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}"""


def _with_voices(browser, site_server, path, voices):
    pg = open_page(browser, viewport=PHONE)
    pg.context.add_init_script(f"({_FAKE_SPEECH})({voices!r})")
    pg.goto(f"{site_server}/{path}")
    return pg


@pytest.mark.parametrize("path,voice,heading,figure", [
    ("cities/shangrao/services/radio/", "zh-CN", "收听广播", "不少于 15 套"),
    ("en/cities/shangrao/services/radio/", "en-GB", "Radio", "at least 15"),
])
def test_read_aloud_speaks_the_service_page_in_its_language(browser, site_server, path, voice, heading, figure):
    pg = _with_voices(browser, site_server, path, ["de-DE", voice])
    button = pg.locator("[data-read-aloud]")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    button.click()
    spoken = pg.evaluate("window.__spoken")
    assert spoken and {s["lang"] for s in spoken} == {voice}
    text = " ".join(s["text"] for s in spoken)
    assert heading in text and figure in text, text[:300]
    # Not the page's tools or the citation box: only the article's own words.
    assert "大字模式" not in text and "Larger text" not in text and button.inner_text() not in text
    assert button.get_attribute("aria-pressed") == "true"
    button.click()  # stop
    assert button.get_attribute("aria-pressed") == "false"
    assert_clean(pg)
    pg.context.close()


def test_read_aloud_is_hidden_without_a_voice_for_the_page_language(browser, site_server):
    pg = _with_voices(browser, site_server, "cities/shangrao/services/radio/", ["en-US"])
    assert pg.locator("[data-read-aloud]").count() == 1
    assert not pg.locator("[data-read-aloud]").is_visible()
    pg.context.close()


def test_read_aloud_is_offered_on_service_pages_only(browser, site_server):
    pg = _with_voices(browser, site_server, "cities/shangrao/indicators/life-expectancy/", ["zh-CN"])
    assert pg.locator("[data-read-aloud]").count() == 0
    pg.context.close()
