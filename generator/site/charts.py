"""Chart options, built with pyecharts and handed to the page as plain JSON.

The site's own script (theme/assets/javascripts/charts.js) initialises ECharts
with these options; nothing here runs in the browser, and no option holds
JavaScript code, so the Content-Security-Policy needs no 'unsafe-eval'.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence

from pyecharts import options as opts
from pyecharts.charts import Bar

from ..caching import Bounded
from .formatting import number
from .i18n import t
from ..data.schema import Attribute, Indicator

# Colours from Paul Tol's "muted" palette: distinguishable with the common colour-vision
# deficiencies, each at least 3:1 against white (WCAG 1.4.11), and none of them a city's colour
# on the comparison pages (CITY_COLOURS below), so that a colour never means both "binding" and
# "Yichun". Colour is never alone: every series has a decal pattern (aria.decal), the target is
# drawn hollow with a dashed outline, and the legend and the axis name each mark in words.
BASELINE = "#332288"
OBSERVED = "#AA4499"
TARGET_BINDING = "#882255"
TARGET_EXPECTED = "#117733"
PATH = "#555555"
ALL_COLOURS = (BASELINE, OBSERVED, TARGET_BINDING, TARGET_EXPECTED, PATH)
# The target's hollow bar: a pale fill of its colour (so the bar still reads as a bar) and a dashed outline.
TARGET_FILL = {TARGET_BINDING: "#F6E9EE", TARGET_EXPECTED: "#E7F2EA"}
CITY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#6A3D9A", "#8C6D00", "#CC3311")


def target_colour(indicator: Indicator) -> str:
    return TARGET_BINDING if indicator.attribute is Attribute.binding else TARGET_EXPECTED


def target_style(colour: str) -> dict:
    """The 2025 target as a target, not a result: pale and hatched (the decal), with a dashed outline."""
    return {"color": TARGET_FILL[colour], "borderColor": colour, "borderWidth": 2, "borderType": "dashed"}


def target_name(lang: str, attribute: Attribute) -> str:
    """E.g. 2025年目标（约束性） / 2025 target (binding): the legend's and the tooltip's name of the target."""
    return _with_note(lang, t(lang, "target"), t(lang, attribute.value))


def _with_note(lang: str, text: str, note: str) -> str:
    return t(lang, "with_note", text=text, note=note)


def _base_options(bar: Bar, description: str = "") -> dict:
    options = json.loads(bar.dump_options())
    options["animation"] = False  # nothing moves by itself
    options["aria"] = {"enabled": True, "decal": {"show": True}}  # patterns as well as colours
    if description:
        # Screen readers get the page's summary sentence, not ECharts' generated "第0个系列…".
        options["aria"]["label"] = {"description": description}
    return options


def indicator_chart(indicator: Indicator, lang: str, description: str = "") -> dict | None:
    """Bars for 2020 and any observed years, the 2025 target as a hollow dashed bar, the straight path between.

    `description`: the page's summary sentence, the chart's text alternative (ECharts' aria)."""
    # pyecharts is the slow part of a page; under `serve` most indicators are unchanged between
    # rebuilds. The key is the indicator's whole content; callers get their own copy.
    # Bounded: every edit of an indicator adds a key, and `serve` lives through many edits.
    key = (indicator.model_dump_json(), lang)
    chart = _indicator_charts.get(key, _NOT_DRAWN)
    if chart is _NOT_DRAWN:
        chart = _indicator_charts.put(key, _indicator_chart(indicator, lang))
    options = copy.deepcopy(chart)
    if options is not None and description:
        options["aria"]["label"] = {"description": description}
    return options


_NOT_DRAWN = object()
_indicator_charts: Bounded[tuple[str, str], dict | None] = Bounded(maxsize=1024)


def _indicator_chart(indicator: Indicator, lang: str) -> dict | None:
    base = indicator.baseline.value if indicator.baseline else None
    target = indicator.target.value
    if base is None and target is None:
        return None
    observed = {o.year: o.value for o in sorted(indicator.observations, key=lambda o: o.year) if o.year < 2025}
    years = ["2020", *(str(y) for y in observed)]
    categories = [*years, t(lang, "target")]  # the axis says "2025 target", not "2025"
    unit = indicator.unit[lang] if indicator.unit else ""
    colour = target_colour(indicator)
    # One series per kind of mark, so the legend names each; on the same category axis, with
    # barGap -100 % each bar sits in the middle of its own slot.
    marks: list[tuple[str, list[float | None], dict]] = [
        (_with_note(lang, t(lang, "baseline"), t(lang, "baseline_note")), [base, *([None] * len(observed)), None], {"color": BASELINE}),
    ]
    if observed:
        marks.append((t(lang, "observed"), [None, *observed.values(), None], {"color": OBSERVED}))
    marks.append((target_name(lang, indicator.attribute), [*([None] * len(years)), target], target_style(colour)))
    bar = Bar().add_xaxis(categories)
    for name, data, _ in marks:
        bar.add_yaxis(name, data, label_opts=opts.LabelOpts(is_show=True, position="top"), gap="-100%")
    bar.set_global_opts(
        legend_opts=opts.LegendOpts(pos_top=0),
        yaxis_opts=opts.AxisOpts(name=unit, min_=0),
        tooltip_opts=opts.TooltipOpts(trigger="item"),
    )
    options = _base_options(bar)
    for series, (_, _, style) in zip(options["series"], marks, strict=True):
        series["itemStyle"] = style
        series["label"]["color"] = style.get("borderColor", style["color"])
    options["series"][-1]["label"]["fontWeight"] = "bold"
    legend_names = [name for name, _, _ in marks]
    if base is not None and target is not None:
        # The straight path from baseline to target, for context (not a forecast); not in the legend.
        path = [base, *([None] * len(observed)), target]
        options["series"].append({
            "type": "line", "name": "2020→2025", "data": path, "connectNulls": True,
            "lineStyle": {"type": "dashed", "color": PATH}, "itemStyle": {"color": PATH},
            "symbol": "circle", "label": {"show": False}, "tooltip": {"show": False},
        })
    options["legend"][0]["data"] = legend_names
    # Three legend entries take two lines at a phone's width: the plot starts below them.
    options["grid"] = {"left": 8, "right": 16, "top": 80 if observed else 56, "bottom": 8, "containLabel": True}
    options["unit"] = "%" if unit in ("%", "％", "100%") else unit  # read by charts.js for tooltips and axis labels
    options["locale"] = lang
    return options


LABEL_WIDTH = 110  # px: the overview's indicator names, wrapped
ROW_HEIGHT = 52  # px per indicator in the overview: two bars and up to three lines of its name


def percent_overview_chart(indicators: Sequence[Indicator], lang: str, description: str = "") -> dict | None:
    """2020 against 2025 for every indicator measured in per cent; binding and expected told apart."""
    rows = [
        i for i in indicators
        if i.unit is not None and i.unit.zh.strip() in ("%", "％", "100%") and i.target.value is not None
    ]
    if not rows:
        return None
    names = [i.name[lang] for i in rows]
    base = [i.baseline.value if i.baseline and i.baseline.value is not None else None for i in rows]
    binding = [i.target.value if i.attribute is Attribute.binding else None for i in rows]
    expected = [i.target.value if i.attribute is Attribute.expected else None for i in rows]
    bar = (
        Bar()
        .add_xaxis(names)
        .add_yaxis(t(lang, "baseline"), base, color=BASELINE, label_opts=opts.LabelOpts(is_show=False))
        .add_yaxis(target_name(lang, Attribute.binding), binding, stack="target", color=TARGET_BINDING,
                   label_opts=opts.LabelOpts(is_show=False))
        .add_yaxis(target_name(lang, Attribute.expected), expected, stack="target", color=TARGET_EXPECTED,
                   label_opts=opts.LabelOpts(is_show=False))
        .reversal_axis()
        .set_global_opts(
            yaxis_opts=opts.AxisOpts(type_="category", is_inverse=True,
                                     axislabel_opts={"width": LABEL_WIDTH, "overflow": "break", "fontSize": 11}),
            xaxis_opts=opts.AxisOpts(type_="value", name="%", min_=0, max_=100),
            legend_opts=opts.LegendOpts(pos_top=0),
            tooltip_opts=opts.TooltipOpts(trigger="axis"),
        )
    )
    options = _base_options(bar, description)
    options["series"][0]["itemStyle"] = {"color": BASELINE}
    options["series"][1]["itemStyle"] = target_style(TARGET_BINDING)
    options["series"][2]["itemStyle"] = target_style(TARGET_EXPECTED)
    # A fixed frame, not containLabel: ECharts' legacy containLabel measured the wrapped names
    # of the first and last rows and grew the grid past the chart's bottom, cutting off the
    # last rows and the x-axis (issue 16). Names wrap within LABEL_WIDTH (up to 3 lines per row).
    options["grid"] = {"left": LABEL_WIDTH + 10, "right": 24, "top": 56, "bottom": 36, "containLabel": False}
    options["unit"] = "%"
    options["locale"] = lang
    # The chart's height in px, given to the page as data-height (charts.js sizes the live chart by it), so
    # every bar stays legible. Not `height`: ECharts reads a root `height` as the grid's, and drew the grid
    # as tall as the whole chart, past its bottom (the clipped last rows and x-axis of issue 16).
    options["box_height"] = 56 + 36 + ROW_HEIGHT * len(rows)
    return options


def to_json(options: dict) -> str:
    """JSON safe to place inside <script type="application/json">."""
    text = json.dumps(options, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def values_of(options: dict) -> list:
    """The bars' values by category (each category's one bar), as plain numbers (for tests and tables)."""
    bars = [s["data"] for s in options["series"] if s["type"] == "bar"]
    out = []
    for column in zip(*bars, strict=True):
        values = [v.get("value") if isinstance(v, dict) else v for v in column]
        out.append(next((v for v in values if v is not None), None))
    return out


__all__ = ["indicator_chart", "percent_overview_chart", "to_json", "values_of", "number"]


def comparison_chart(rows, lang: str, unit) -> dict | None:
    """2020 and 2025 side by side for each city, on one scale: `unit`, the code's common unit."""
    from ..data.units import conversion

    present = [(city, ind) for city, ind in rows if ind is not None]
    if len(present) < 2:
        return None
    series = []
    for city, ind in present:
        factor = conversion(ind.unit, unit)
        if factor is None:
            return None  # different things: no shared scale, the table says so
        def scaled(fig, factor=factor):
            return round(fig.value * factor, 6) if fig is not None and fig.value is not None else None
        series.append((city.city.name[lang], [scaled(ind.baseline), scaled(ind.target)]))
    if all(v is None for _, values in series for v in values):
        return None
    bar = Bar().add_xaxis([t(lang, "baseline"), t(lang, "target")])
    for n, (name, values) in enumerate(series):
        bar.add_yaxis(name, values, color=CITY_COLOURS[n % len(CITY_COLOURS)],
                      label_opts=opts.LabelOpts(is_show=True, position="top"))
    unit_text = unit[lang] if unit else ""
    bar.set_global_opts(
        yaxis_opts=opts.AxisOpts(name=unit_text, min_=0),
        legend_opts=opts.LegendOpts(pos_top=0),
        tooltip_opts=opts.TooltipOpts(trigger="axis"),
    )
    options = _base_options(bar)
    options["grid"] = {"left": 8, "right": 16, "top": 48, "bottom": 8, "containLabel": True}
    options["unit"] = "%" if unit_text in ("%", "％", "100%") else unit_text
    options["locale"] = lang
    return options
