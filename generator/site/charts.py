"""Chart options, built with pyecharts and handed to the page as plain JSON.

The site's own script (theme/assets/javascripts/charts.js) initialises ECharts
with these options; nothing here runs in the browser, and no option holds
JavaScript code, so the Content-Security-Policy needs no 'unsafe-eval'.
"""

from __future__ import annotations

import copy
import json
from typing import Sequence

from pyecharts import options as opts
from pyecharts.charts import Bar

from .formatting import number
from .i18n import t
from ..data.schema import Attribute, Indicator

# Colours from the Okabe–Ito and Tol palettes: distinguishable with the common
# colour-vision deficiencies, each at least 3:1 against white (WCAG 1.4.11),
# and every series also gets a decal pattern (aria.decal) so colour is never alone.
BASELINE = "#0072B2"
OBSERVED = "#6A3D9A"
TARGET_BINDING = "#D55E00"
TARGET_EXPECTED = "#009E73"
PATH = "#555555"
ALL_COLOURS = (BASELINE, OBSERVED, TARGET_BINDING, TARGET_EXPECTED, PATH)


def _target_colour(indicator: Indicator) -> str:
    return TARGET_BINDING if indicator.attribute is Attribute.binding else TARGET_EXPECTED


def _base_options(bar: Bar) -> dict:
    options = json.loads(bar.dump_options())
    options["animation"] = False  # nothing moves by itself
    options["aria"] = {"enabled": True, "decal": {"show": True}}  # patterns as well as colours
    return options


def indicator_chart(indicator: Indicator, lang: str) -> dict | None:
    """Bars for 2020, any observed years and the 2025 target, with the straight path between."""
    # pyecharts is the slow part of a page; under `serve` most indicators are unchanged between
    # rebuilds. The key is the indicator's whole content; callers get their own copy.
    key = (indicator.model_dump_json(), lang)
    if key not in _indicator_charts:
        _indicator_charts[key] = _indicator_chart(indicator, lang)
    return copy.deepcopy(_indicator_charts[key])


_indicator_charts: dict[tuple[str, str], dict | None] = {}


def _indicator_chart(indicator: Indicator, lang: str) -> dict | None:
    base = indicator.baseline.value if indicator.baseline else None
    target = indicator.target.value
    if base is None and target is None:
        return None
    observed = {o.year: o.value for o in indicator.observations}
    years = ["2020", *(str(y) for y in sorted(observed) if y < 2025), "2025"]
    unit = indicator.unit[lang] if indicator.unit else ""
    values = []
    for year in years:
        if year == "2020":
            values.append(opts.BarItem(name=year, value=base, itemstyle_opts=opts.ItemStyleOpts(color=BASELINE)))
        elif year == "2025":
            values.append(opts.BarItem(name=year, value=target, itemstyle_opts=opts.ItemStyleOpts(color=_target_colour(indicator))))
        else:
            values.append(opts.BarItem(name=year, value=observed[int(year)], itemstyle_opts=opts.ItemStyleOpts(color=OBSERVED)))
    bar = (
        Bar()
        .add_xaxis(years)
        .add_yaxis(t(lang, "value"), values, label_opts=opts.LabelOpts(is_show=True, position="top"))
        .set_global_opts(
            legend_opts=opts.LegendOpts(is_show=False),
            yaxis_opts=opts.AxisOpts(name=unit, min_=0),
            tooltip_opts=opts.TooltipOpts(trigger="axis"),
        )
    )
    options = _base_options(bar)
    if base is not None and target is not None:
        # The straight path from baseline to target, for context (not a forecast).
        path = [base if y == "2020" else (target if y == "2025" else None) for y in years]
        options["series"].append({
            "type": "line", "name": "2020→2025", "data": path, "connectNulls": True,
            "lineStyle": {"type": "dashed", "color": PATH}, "itemStyle": {"color": PATH},
            "symbol": "circle", "label": {"show": False}, "tooltip": {"show": False},
        })
    options["grid"] = {"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": True}
    options["unit"] = "%" if unit in ("%", "％", "100%") else unit  # read by charts.js for tooltips and axis labels
    options["locale"] = lang
    return options


def percent_overview_chart(indicators: Sequence[Indicator], lang: str) -> dict | None:
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
        .add_yaxis(f"{t(lang, 'target')}（{t(lang, 'binding')}）" if lang == "zh" else f"{t(lang, 'target')} ({t(lang, 'binding')})",
                   binding, stack="target", color=TARGET_BINDING, label_opts=opts.LabelOpts(is_show=False))
        .add_yaxis(f"{t(lang, 'target')}（{t(lang, 'expected')}）" if lang == "zh" else f"{t(lang, 'target')} ({t(lang, 'expected')})",
                   expected, stack="target", color=TARGET_EXPECTED, label_opts=opts.LabelOpts(is_show=False))
        .reversal_axis()
        .set_global_opts(
            yaxis_opts=opts.AxisOpts(type_="category", is_inverse=True,
                                     axislabel_opts={"width": 110, "overflow": "break", "fontSize": 11}),
            xaxis_opts=opts.AxisOpts(type_="value", name="%", min_=0, max_=100),
            legend_opts=opts.LegendOpts(pos_top=0),
            tooltip_opts=opts.TooltipOpts(trigger="axis"),
        )
    )
    options = _base_options(bar)
    options["grid"] = {"left": 8, "right": 24, "top": 56, "bottom": 8, "containLabel": True}
    options["unit"] = "%"
    options["locale"] = lang
    options["height"] = 60 + 44 * len(rows)  # px; read by charts.js so every bar stays legible
    return options


def to_json(options: dict) -> str:
    """JSON safe to place inside <script type="application/json">."""
    text = json.dumps(options, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def values_of(options: dict) -> list:
    """The plotted values of the first series, as plain numbers (for tests and tables)."""
    out = []
    for v in options["series"][0]["data"]:
        out.append(v.get("value") if isinstance(v, dict) else v)
    return out


__all__ = ["indicator_chart", "percent_overview_chart", "to_json", "values_of", "number"]


CITY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#6A3D9A", "#8C6D00", "#CC3311")


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
        def scaled(fig):
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
