"""Indicator pages for journalists: charts, tables, downloads, embeds, comparison, citation."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from conftest import TEST_SITE_URL

from generator.site import charts, downloads
from generator.data.schema import Indicator
from generator.site.sitemodel import by_code, comparable_codes


def _indicator(**changes) -> Indicator:
    data = {
        "id": "childcare", "domain": "childcare",
        "name": {"zh": "每千人口托位数", "en": "Childcare places per 1,000 population"},
        "unit": {"zh": "个", "en": "places"},
        "baseline": {"value": 1.04, "text": "1.04"},
        "target": {"value": 4.5, "text": "4.5"},
        "attribute": "expected",
        "source": {"document": "plan", "table": "main-indicators", "row": 1, "quote": "托位数（个） 1.04 4.5"},
    }
    data.update(changes)
    return Indicator.model_validate(data)


# ---- chart options -------------------------------------------------------------


def test_indicator_chart_plots_baseline_and_target_with_the_straight_path():
    options = charts.indicator_chart(_indicator(), "zh")
    assert charts.values_of(options) == [1.04, 4.5]
    assert options["xAxis"][0]["data"] == ["2020", "2025年目标"]
    path = options["series"][-1]
    assert path["type"] == "line" and path["data"] == [1.04, 4.5] and path["lineStyle"]["type"] == "dashed"
    assert options["unit"] == "个" and options["yAxis"][0]["name"] == "个"
    assert charts.indicator_chart(_indicator(), "en")["unit"] == "places"


def test_observations_appear_between_baseline_and_target():
    obs = [{"year": 2022, "value": 2.1, "phrase": "2.1", "source": {"document": "plan", "chapter": 1, "quote": "2.1"}},
           {"year": 2021, "value": 1.5, "phrase": "1.5", "source": {"document": "plan", "chapter": 1, "quote": "1.5"}}]
    options = charts.indicator_chart(_indicator(observations=obs), "en")
    assert options["xAxis"][0]["data"] == ["2020", "2021", "2022", "2025 target"]
    assert charts.values_of(options) == [1.04, 1.5, 2.1, 4.5]
    assert [s["name"] for s in options["series"]] == ["2020 (baseline)", "value reported", "2025 target (expected)", "2020→2025"]
    # The straight path joins only 2020 and 2025: observations are not on it.
    assert options["series"][-1]["data"] == [1.04, None, None, 4.5]


def test_a_target_without_a_number_draws_only_the_baseline():
    ind = _indicator(target={"qualitative": {"zh": "应保尽保", "en": "everyone eligible covered"}, "text": "应保尽保"})
    options = charts.indicator_chart(ind, "zh")
    assert charts.values_of(options) == [1.04, None]
    assert [s["type"] for s in options["series"]] == ["bar", "bar"]  # no path to a target that has no number


def test_binding_and_expected_targets_have_different_colours_none_a_city_colour():
    binding = charts.indicator_chart(_indicator(attribute="binding"), "zh")["series"][1]
    expected = charts.indicator_chart(_indicator(), "zh")["series"][1]
    assert binding["itemStyle"]["borderColor"] != expected["itemStyle"]["borderColor"]
    # On comparison pages a colour means a city: the indicator charts use none of those.
    assert not set(charts.ALL_COLOURS) & set(charts.CITY_COLOURS)


@pytest.mark.parametrize("lang,label,name", [("zh", "2025年目标", "2025年目标（约束性）"), ("en", "2025 target", "2025 target (binding)")])
def test_the_2025_value_is_drawn_and_named_as_a_target(lang, label, name):
    options = charts.indicator_chart(_indicator(attribute="binding"), lang, description="summary")
    assert options["xAxis"][0]["data"][-1] == label  # the axis
    target = options["series"][1]
    assert target["name"] == name  # the tooltip (trigger item: series name, category, value) and the legend
    assert options["tooltip"]["trigger"] == "item"
    assert name in options["legend"][0]["data"]
    # A hollow, dashed bar: a target, not a result.
    assert target["itemStyle"]["borderType"] == "dashed" and target["itemStyle"]["color"] != target["itemStyle"]["borderColor"]
    assert options["aria"]["label"]["description"] == "summary"  # the page's summary, for screen readers


def test_percent_overview_separates_binding_and_expected(dataset):
    shangrao = next(c for c in dataset.cities if c.city.id == "shangrao")
    options = charts.percent_overview_chart(shangrao.indicators, "en")
    percent = [i for i in shangrao.indicators if i.unit and i.unit.zh in ("%", "100%") and i.target.value is not None]
    names = options["yAxis"][0]["data"]
    assert names == [i.name.en for i in percent]
    # ECharts reads a root `height` as the grid's and drew it past the chart's bottom (issue 16):
    # the page gets the chart's height as box_height, for data-height.
    assert "height" not in options and options["box_height"] > 52 * len(percent)
    base, binding, expected = (s["data"] for s in options["series"])
    for n, ind in enumerate(percent):
        assert (binding[n] if ind.attribute.value == "binding" else expected[n]) == ind.target.value
        assert (expected[n] if ind.attribute.value == "binding" else binding[n]) is None


def test_comparison_chart_puts_both_cities_on_one_scale(dataset):
    rows = by_code(dataset, "elderly-care-beds-total")  # 千张 in Shangrao, 万张 in Yichun
    common = dataset.codes["elderly-care-beds-total"].unit  # data/indicator-codes.yml: 千张
    options = charts.comparison_chart(rows, "zh", common)
    shangrao, yichun = options["series"]
    assert (common.zh, rows[0][1].unit.zh, rows[1][1].unit.zh) == ("千张", "千张", "万张")
    assert options["yAxis"][0]["name"] == "千张"
    assert shangrao["data"] == [rows[0][1].baseline.value, rows[0][1].target.value]
    assert yichun["data"] == [pytest.approx(rows[1][1].baseline.value * 10), pytest.approx(rows[1][1].target.value * 10)]


def test_chart_json_cannot_close_its_script_element():
    text = charts.to_json({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in text and json.loads(text)["name"].startswith("</script>")


# ---- downloads -----------------------------------------------------------------


def _parse_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff"), "UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_downloads_parse_back_to_the_same_numbers(dataset):
    files = downloads.all_files(dataset)
    for city in dataset.cities:
        for ind in city.indicators:
            rows = _parse_csv(files[downloads.indicator_file(city.city.id, ind.id, "csv")])
            as_json = json.loads(files[downloads.indicator_file(city.city.id, ind.id, "json")])
            target = next(r for r in rows if r["role"] == "target")
            assert (float(target["value"]) if target["value"] else None) == ind.target.value
            assert target["printed"] == ind.target.text
            if ind.baseline is not None:
                base = next(r for r in rows if r["role"] == "baseline")
                assert (float(base["value"]) if base["value"] else None) == ind.baseline.value
                assert base["printed"] == ind.baseline.text
            assert [r["value"] for r in as_json] == [None if r["value"] == "" else float(r["value"]) for r in rows]


def test_whole_site_download_holds_every_indicator_and_documents_its_fields(dataset):
    files = downloads.all_files(dataset)
    rows = _parse_csv(files[downloads.all_file("csv")])
    assert {(r["city"], r["indicator"]) for r in rows} == {(c.city.id, i.id) for c in dataset.cities for i in c.indicators}
    package = json.loads(files[downloads.PACKAGE])
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(rows[0].keys())
    assert all(f["description"] and f["title"] for f in fields)


def test_the_site_wide_csv_has_one_unit_per_shared_code(dataset):
    """Each city keeps its plan's unit in `value`/`unit_zh`; the common_* columns put every
    row of a shared code in the code's one unit (data/indicator-codes.yml)."""
    rows = _parse_csv(downloads.all_files(dataset)[downloads.all_file("csv")])
    coded = [r for r in rows if r["code"]]
    assert coded and all(r["code"] in dataset.codes for r in coded)
    for code in {r["code"] for r in coded}:
        units = {(r["common_unit_zh"], r["common_unit_en"]) for r in rows if r["code"] == code}
        assert len(units) == 1, (code, units)
    beds = {r["city"]: r for r in coded if r["code"] == "elderly-care-beds-total" and r["role"] == "target"}
    assert (beds["shangrao"]["unit_zh"], beds["yichun"]["unit_zh"]) == ("千张", "万张")  # as printed
    assert beds["yichun"]["common_unit_zh"] == "千张"
    assert float(beds["yichun"]["common_value"]) == pytest.approx(float(beds["yichun"]["value"]) * 10)
    assert beds["shangrao"]["common_value"] == beds["shangrao"]["value"]


def test_indicator_page_links_to_its_downloads_and_they_are_built(built_site):
    html = (built_site / "cities/shangrao/indicators/life-expectancy/index.html").read_text(encoding="utf-8")
    for ext in ("csv", "json"):
        href = f"../../../../downloads/shangrao/life-expectancy.{ext}"
        assert f'href="{href}"' in html
        assert (built_site / "downloads/shangrao" / f"life-expectancy.{ext}").is_file()


@pytest.mark.parametrize("lang,prefix,line,target,compare", [
    ("zh", "", "2020 年以来本站所收文件未报告数值", "2025年目标", "与其他城市的同一指标对比"),
    ("en", "en/", "No value reported since 2020 in the documents on this site", "2025 target", "Compare this indicator across cities")])
def test_real_indicator_pages_say_no_value_was_reported_and_label_the_target(built_site, dataset, lang, prefix, line, target, compare):
    """Real data has no observation yet: every page says so, never silence (issue 16). Every
    static chart names 2025 a target, and its self-describing images are built."""
    from generator.site import chart_images

    for city in dataset.cities:
        for ind in city.indicators:
            page = f"{prefix}cities/{city.city.id}/indicators/{ind.id}/index.html"
            html = (built_site / page).read_text(encoding="utf-8")
            assert not ind.observations, f"{page}: real data now has observations; this test expects none"
            assert line in html, page
            if 'class="chart"' in html:
                assert f">{target}</text>" in html, f"{page}: the static chart does not name the 2025 target"
                for ext in ("svg", "png"):
                    assert (built_site / chart_images.image_path(city.city.id, ind.id, lang, ext)).is_file()
            if ind.code:
                assert f'href="../../../../compare/{ind.code}/">{compare}</a>' in html, page  # its comparison page


# ---- embeds, permalinks, citation ------------------------------------------------


def test_every_indicator_has_an_embed_page_in_both_languages(built_site, dataset):
    for city in dataset.cities:
        for ind in city.indicators:
            for prefix in ("", "en/"):
                html = (built_site / f"{prefix}cities/{city.city.id}/indicators/{ind.id}/embed/index.html").read_text(encoding="utf-8")
                assert 'class="md-header' not in html  # chart only, no site navigation
                assert city.city.document.title.zh in html  # the source line
                assert 'target="_top"' in html


def test_indicator_page_offers_an_iframe_snippet_and_a_citation(built_site):
    html = (built_site / "en/cities/shangrao/indicators/life-expectancy/index.html").read_text(encoding="utf-8")
    snippet = re.search(r'<code id="embed-code">(.*?)</code>', html, re.S).group(1)
    assert f'&lt;iframe src="{TEST_SITE_URL}en/cities/shangrao/indicators/life-expectancy/embed/"' in snippet
    assert f'&lt;script src="{TEST_SITE_URL}embed-resize.js" async&gt;' in snippet  # the frame fits its content
    assert (built_site / "embed-resize.js").is_file()
    assert 'data-copy="embed-code"' in html
    cite = re.search(r'<aside class="cite".*?</aside>', html, re.S).group(0)
    text = re.search(r'<p id="cite-text"[^>]*>(.*?)</p>', cite, re.S).group(1)
    assert "Shangrao 14th Five-Year Plan" in text and "main-indicator table, row 8" in text
    assert f"{TEST_SITE_URL}en/cities/shangrao/indicators/life-expectancy/" in text
    for target in ("cite-text", "cite-bibtex", "cite-csl"):  # each format has its copy button
        assert f'data-copy="{target}"' in cite and f'id="{target}"' in cite
    assert 'role="status" aria-live="polite"' in cite


# ---- comparison ------------------------------------------------------------------


def test_comparison_overview_lists_every_code_and_marks_what_a_city_lacks(built_site, dataset):
    html = (built_site / "compare/index.html").read_text(encoding="utf-8")
    codes = comparable_codes(dataset)
    for code in codes:
        assert f'href="{code}/"' in html
    lacking = [(c.city.id, code) for code in codes for c, ind in by_code(dataset, code) if ind is None]
    assert lacking, "the two plans do not have identical tables"
    assert html.count('class="missing"') == len(lacking)


# ---- dashboard -------------------------------------------------------------------


def test_dashboard_has_a_card_per_indicator_grouped_by_domain(built_site, dataset):
    for city in dataset.cities:
        html = (built_site / f"en/cities/{city.city.id}/indicators/index.html").read_text(encoding="utf-8")
        assert html.count('<li class="card">') == len(city.indicators)
        for domain in {i.domain for i in city.indicators}:
            assert f'data-filter-domain="{domain}"' in html and f'data-domain="{domain}"' in html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", sorted(set(charts.ALL_COLOURS + charts.CITY_COLOURS)))
def test_chart_colours_stand_out_from_the_white_background(colour):
    ratio = (1.0 + 0.05) / (_luminance(colour) + 0.05)
    assert ratio >= 3.0, f"{colour} has contrast {ratio:.2f}:1 against white"


def test_chart_series_have_patterns_as_well_as_colours():
    options = charts.indicator_chart(_indicator(), "en")
    assert options["aria"] == {"enabled": True, "decal": {"show": True}}
