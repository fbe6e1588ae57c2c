"""The site's own ECharts build: only the charts and components the site uses.

`make setup` bundles tools/echarts/entry.js (ECharts' tree-shaking: echarts/core,
bar and line series, title, tooltip, legend, grid, aria, the SVG renderer) with
the pinned esbuild into node_modules/.site-vendor/, and the build serves it as
assets/vendor/echarts.min.js. These tests check that the site ships that build,
that it is much smaller than the full echarts.min.js, and that it draws the
site's real chart options exactly as the full library does (in Node, with
ECharts' server-side SVG rendering), in Chinese and English; and, in Chromium,
that an indicator chart draws its bars and dashed path and shows its tooltip.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browsing import assert_clean, open_page
from generator.site.charts import BASELINE, PATH, TARGET_BINDING, TARGET_EXPECTED
from generator.engine.plugin import ECHARTS, ECHARTS_URI
from generator.paths import PROJECT as ROOT

FULL = ROOT / "node_modules" / "echarts" / "dist" / "echarts.min.js"
NODE = shutil.which("node")

# Real option sets from the built site: an indicator (bars and the dashed path), a city
# dashboard's overview (horizontal stacked bars, legend) and a comparison of cities.
CHARTS = [
    ("cities/shangrao/indicators/childcare-places-per-1000/index.html", "chart-childcare-places-per-1000"),
    ("en/cities/yichun/indicators/life-expectancy/index.html", "chart-life-expectancy"),
    ("cities/shangrao/indicators/index.html", "chart-overview"),
    ("en/compare/elderly-care-beds-total/index.html", "chart-compare-elderly-care-beds-total"),
]

# Loads a bundle as a page would (a plain script that sets the global `echarts`), draws each
# option set with ECharts' server-side SVG rendering, and prints what it drew as JSON.
RENDER = r"""
const fs = require("fs"), vm = require("vm");
const [bundle, optionsFile] = process.argv.slice(2);
const g = {setTimeout, clearTimeout};
g.window = g.self = g;
vm.createContext(g);
vm.runInContext(fs.readFileSync(bundle, "utf8"), g);
const out = {charts: [], locales: {}};
for (const options of JSON.parse(fs.readFileSync(optionsFile, "utf8"))) {
  const chart = g.echarts.init(null, null, {renderer: "svg", ssr: true, width: 360, height: 320,
                                            locale: options.locale === "zh" ? "ZH" : "EN"});
  chart.setOption(options);
  out.charts.push({series: chart.getModel().getSeries().map(s => s.subType),
                   svg: chart.renderToSVGString(),
                   dataUrl: chart.getDataURL({type: "svg"}).slice(0, 24)});
  chart.dispose();
}
for (const locale of ["ZH", "EN"]) {
  const chart = g.echarts.init(null, null, {renderer: "svg", ssr: true, width: 100, height: 100, locale});
  chart.setOption({});
  out.locales[locale] = chart.getModel().getLocaleModel().get(["time", "month"])[0];
  chart.dispose();
}
const pie = g.echarts.init(null, null, {renderer: "svg", ssr: true, width: 100, height: 100});
pie.setOption({series: [{type: "pie", data: [1]}]});
out.pie = pie.getModel().getSeries().length;
pie.dispose();
console.log(JSON.stringify(out));
process.exit(0);
"""


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))  # as deploy/nginx.conf serves it


@pytest.fixture(scope="module")
def options_file(built_site, tmp_path_factory) -> Path:
    options = []
    for page, chart_id in CHARTS:
        html = (built_site / page).read_text(encoding="utf-8")
        data = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', html, re.S)
        assert data, f"{page}: no {chart_id}"
        options.append(json.loads(data.group(1)))
    path = tmp_path_factory.mktemp("echarts") / "options.json"
    path.write_text(json.dumps(options), encoding="utf-8")
    return path


def _render(bundle: Path, options_file: Path) -> dict:
    if not NODE:
        pytest.fail("Node.js is needed (it builds the bundle too): apt-get install nodejs npm, then make setup")
    script = options_file.parent / "render.js"
    script.write_text(RENDER, encoding="utf-8")
    run = subprocess.run([NODE, str(script), str(bundle), str(options_file)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_site_ships_the_custom_build(built_site):
    assert ECHARTS.is_file(), "run `make setup`"
    stem, ext = ECHARTS_URI.rsplit(".", 1)
    (published,) = built_site.glob(f"{stem}.*.{ext}")  # fingerprinted name (generator/assets.py)
    served = published.read_bytes()
    assert served == ECHARTS.read_bytes()
    assert served != FULL.read_bytes()


def test_the_custom_build_is_much_smaller_than_the_full_one():
    raw, full_raw = ECHARTS.stat().st_size, FULL.stat().st_size
    wire, full_wire = _gzip_size(ECHARTS), _gzip_size(FULL)
    sizes = f"custom {raw} B ({wire} B gzip) against full {full_raw} B ({full_wire} B gzip)"
    assert raw < 0.6 * full_raw, sizes
    assert wire < 0.6 * full_wire, sizes


def test_the_custom_build_draws_the_site_charts_as_the_full_one_does(options_file):
    custom, full = _render(ECHARTS, options_file), _render(FULL, options_file)
    wanted = [[s["type"] for s in options["series"]] for options in json.loads(options_file.read_text(encoding="utf-8"))]
    assert [c["series"] for c in custom["charts"]] == wanted
    assert wanted[0] == ["bar", "bar", "line"]  # every series drawn: 2020, the 2025 target and the dashed path
    for mine, theirs in zip(custom["charts"], full["charts"]):
        assert mine["svg"] == theirs["svg"]
        assert mine["dataUrl"] == "data:image/svg+xml;chars"  # the SVG download
    assert BASELINE in custom["charts"][0]["svg"] and f'stroke="{PATH}"' in custom["charts"][0]["svg"]
    assert custom["locales"] == {"ZH": "一月", "EN": "January"} == full["locales"]
    assert custom["pie"] == 0 and full["pie"] == 1  # what the site does not use is left out


@pytest.mark.parametrize("path,lang", [
    ("cities/shangrao/indicators/life-expectancy/", "zh"),
    ("en/cities/shangrao/indicators/childcare-places-per-1000/", "en"),
])
def test_an_indicator_chart_draws_bars_and_the_path_and_shows_its_tooltip(browser, site_server, path, lang):
    page = open_page(browser, viewport={"width": 1200, "height": 900})
    page.goto(f"{site_server}/{path}")
    chart = page.locator(".chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_selector(".chart[data-ready] svg path", state="attached", timeout=10_000)
    paths = page.eval_on_selector_all(".chart svg path", """els => els.map(e => ({
        fill: e.getAttribute("fill"), stroke: e.getAttribute("stroke"), dash: e.getAttribute("stroke-dasharray")}))""")
    fills = {p["fill"] for p in paths}
    assert BASELINE in fills  # the 2020 bar
    # The 2025 target: a hollow bar with a dashed outline in the binding or expected colour.
    assert any(p["stroke"] in {TARGET_BINDING, TARGET_EXPECTED} and p["dash"] for p in paths)
    assert any(p["stroke"] == PATH and p["dash"] for p in paths)  # the dashed path 2020 → 2025
    # …and named a target, on the axis and in the legend.
    target = "2025年目标" if lang == "zh" else "2025 target"
    texts = page.eval_on_selector_all(".chart svg text", "els => els.map(e => e.textContent)")
    assert target in texts and any(t.startswith(target + ("（" if lang == "zh" else " (")) for t in texts)
    assert page.evaluate("document.documentElement.lang") == lang
    texts_before = page.eval_on_selector_all(".chart svg text", "els => els.filter(e => e.textContent.includes('2025')).length")
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.6)  # over the 2025 bar
    # The tooltip is drawn in the SVG (renderMode richText, theme/assets/javascripts/charts.js):
    # one more text with the year, and no inline style for the CSP to block.
    page.wait_for_function(
        f"""() => [...document.querySelectorAll(".chart svg text")].filter(e => e.textContent.includes("2025")).length
                 > {texts_before}""", timeout=5_000)
    assert_clean(page)
    page.context.close()
