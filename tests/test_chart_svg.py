"""The static chart SVGs (generator/chart_svg.py): ECharts' server-side SVG made fit for a page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site import chart_svg
from generator.site.chart_svg import BUNDLE, clean

RAW = """<svg width="340" height="320" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" baseProfile="full" viewBox="0 0 340 320">
<text dominant-baseline="central" text-anchor="end" style="font-size:12px;font-family:sans-serif;" transform="translate(21.44 272)" fill="#54555a">20</text>
<path d="M45.2 272l125.8 0l0 -223.9l-125.8 0Z" fill="#0072B2" ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="chart" class="zr3-cls-1"></path>
<path d="M45.2 272l125.8 0l0 -223.9l-125.8 0Z" fill="url(#zr3-p0)" class="zr3-cls-0"></path>
<defs >
<pattern width="1" height="7" patternUnits="userSpaceOnUse" id="zr3-p0"></pattern>
</defs>
<style ><![CDATA[
.zr3-cls-1:hover {
cursor:pointer;
}

]]>

</style>
</svg>"""


def test_style_attributes_become_presentation_attributes_and_style_elements_go():
    svg = clean(RAW, "0123456789abcdef")
    assert "style" not in svg  # neither style="…" nor <style>: the CSP (style-src 'self') would block them
    assert 'font-size="12px" font-family="sans-serif"' in svg


def test_echarts_hooks_go_and_ids_are_unique_per_chart():
    svg = clean(RAW, "0123456789abcdef")
    assert "ecmeta_" not in svg and "class=" not in svg
    assert 'id="c0123456789-p0"' in svg and 'fill="url(#c0123456789-p0)"' in svg
    other = clean(RAW, "fedcba9876543210")
    assert 'id="cfedcba9876-p0"' in other  # a second chart on the same page: no duplicate id


def test_the_svg_fills_its_container_hidden_from_assistive_technology():
    svg = clean(RAW, "0123456789abcdef")
    # The container (<div role="img" aria-label="…summary…">) is the text alternative.
    assert svg.startswith('<svg width="100%" height="100%" aria-hidden="true" focusable="false"')
    assert 'viewBox="0 0 340 320"' in svg
    assert "\n" not in svg  # one line: Markdown keeps it inside its HTML block


# ---- a large batch drawn by several Node processes at once -------------------------------------


def _requests(n: int) -> dict[str, dict]:
    """n different charts (the fixture's indicator at n heights), as ChartRequests asks for them."""
    from generator.site import charts
    from helpers import GOOD
    from generator.data.validate import load_dataset

    indicator = load_dataset(GOOD).cities[0].indicators[0]
    options = charts.indicator_chart(indicator, "zh", "学前教育")
    return {f"{height:040x}": {"options": options, "label": "学前教育", "width": 340, "height": height}
            for height in range(240, 240 + n)}


def test_a_large_batch_is_split_across_the_cores_and_every_chart_drawn_once(monkeypatch):
    parts: list[list[str]] = []

    def draw_part(node, batch):
        parts.append([r["key"] for r in batch])
        return {r["key"]: f"<svg>{r['height']}</svg>" for r in batch}

    monkeypatch.setattr(chart_svg, "_draw_part", draw_part)
    monkeypatch.setattr(chart_svg, "_cores", lambda: 2)
    monkeypatch.setattr(chart_svg.shutil, "which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(chart_svg, "BUNDLE", Path(__file__))  # any file: the bundle is not read here
    requests = _requests(3 * chart_svg.MIN_CHARTS_PER_PROCESS)
    drawn = chart_svg._draw(requests)
    assert len(parts) == 2 and sorted(parts[0] + parts[1]) == sorted(requests)
    assert drawn == {key: f"<svg>{r['height']}</svg>" for key, r in requests.items()}
    parts.clear()
    chart_svg._draw(_requests(chart_svg.MIN_CHARTS_PER_PROCESS + 1))  # a few charts: one Node start
    assert len(parts) == 1


@pytest.mark.skipif(shutil.which("node") is None or not BUNDLE.is_file(), reason="needs Node.js and ECharts (make setup)")
def test_how_the_batch_is_split_changes_no_byte(monkeypatch):
    """Each chart is drawn by its own ECharts instance and named by its key: the same SVGs
    from one Node process as from two (the site is reproducible whatever the machine's cores)."""


    requests = _requests(2 * chart_svg.MIN_CHARTS_PER_PROCESS)
    monkeypatch.setattr(chart_svg, "_cores", lambda: 1)
    alone = {key: clean(svg, key) for key, svg in chart_svg._draw(requests).items()}
    monkeypatch.setattr(chart_svg, "_cores", lambda: 2)
    calls = []
    real = chart_svg._draw_part
    monkeypatch.setattr(chart_svg, "_draw_part", lambda node, batch: calls.append(len(batch)) or real(node, batch))
    split = {key: clean(svg, key) for key, svg in chart_svg._draw(requests).items()}
    assert len(calls) == 2 and split == alone and len(alone) == len(requests)


@pytest.mark.unit
def test_a_stuck_node_is_a_located_build_error_not_a_traceback(monkeypatch):
    # The guard grows with the batch (a 100-city build draws ≈17,000 charts) and, when it
    # fires, says what was being drawn instead of raising subprocess.TimeoutExpired.
    assert chart_svg._timeout(17_000) > chart_svg._timeout(10) >= 120

    def stuck(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(chart_svg.subprocess, "run", stuck)
    with pytest.raises(chart_svg.ChartDrawingError, match="drawing 2 charts took over 122 s"):
        chart_svg._draw_part("node", [{"key": "a"}, {"key": "b"}])
