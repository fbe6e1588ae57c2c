"""The static chart SVGs (generator/chart_svg.py): ECharts' server-side SVG made fit for a page."""

from __future__ import annotations

from generator.site.chart_svg import clean

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
