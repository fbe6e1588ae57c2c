"""Formatters: numbers, figures and standards as readers see them, in zh and en.

Every amount, range, tier, percentage and age on the site is written by these
functions, so the same fact reads the same way on every page.
"""

from __future__ import annotations

from .schema import Comparator, Figure, Period, Standard, StandardKind, Text

LANGS = ("zh", "en")

_PERIOD = {
    "zh": {Period.day: "每天", Period.week: "每周", Period.month: "每月", Period.term: "每学期", Period.year: "每年", Period.once: "一次性"},
    "en": {Period.day: "a day", Period.week: "a week", Period.month: "a month", Period.term: "a term", Period.year: "a year", Period.once: "once"},
}


def number(value: float, lang: str = "zh") -> str:
    """1250 → "1,250"; 4.50 → "4.5"; keeps the decimals the plan printed."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


def _comparator(cmp: Comparator, text: str, lang: str) -> str:
    if lang == "zh":
        return {
            Comparator.eq: text,
            Comparator.gt: f"大于 {text}",
            Comparator.ge: f"不少于 {text}",
            Comparator.lt: f"小于 {text}",
            Comparator.le: f"不超过 {text}",
        }[cmp]
    return {
        Comparator.eq: text,
        Comparator.gt: f"more than {text}",
        Comparator.ge: f"at least {text}",
        Comparator.lt: f"less than {text}",
        Comparator.le: f"at most {text}",
    }[cmp]


def with_unit(value_text: str, unit: Text | None, lang: str) -> str:
    if unit is None:
        return value_text
    u = unit[lang]
    if u in ("%", "％"):
        return f"{value_text}%"
    return f"{value_text} {u}"


def figure(fig: Figure | None, unit: Text | None, lang: str) -> str:
    """An indicator's 2020 value or 2025 target: "at least 78 years, aiming for 78.6"."""
    if fig is None:
        return "—"
    if fig.value is None:
        return fig.qualitative[lang] if fig.qualitative else fig.text
    text = _comparator(fig.comparator, with_unit(number(fig.value, lang), unit, lang), lang)
    if fig.aspiration is not None:
        aim = with_unit(number(fig.aspiration, lang), unit, lang)
        text += f"，力争 {aim}" if lang == "zh" else f", aiming for {aim}"
    return text


def _amount(value_text: str, std: Standard, lang: str) -> str:
    unit = std.unit
    if std.kind is StandardKind.amount and unit is not None and unit.zh == "元" and lang == "en":
        return f"CNY {value_text}"
    if std.kind is StandardKind.percentage:
        return f"{value_text}%"
    if std.kind is StandardKind.age:
        return f"{value_text} 岁" if lang == "zh" else f"age {value_text}"
    return with_unit(value_text, unit, lang)


def _range(std: Standard, lang: str) -> str:
    if std.min is not None and std.max is not None:
        if std.kind is StandardKind.age:
            return f"{number(std.min)}–{number(std.max)} 岁" if lang == "zh" else f"aged {number(std.min)}–{number(std.max)}"
        return _amount(f"{number(std.min)}–{number(std.max)}", std, lang)
    if std.min is not None:
        if std.kind is StandardKind.age:
            return f"{number(std.min)} 岁及以上" if lang == "zh" else f"aged {number(std.min)} and over"
        return _comparator(Comparator.ge, _amount(number(std.min), std, lang), lang)
    if std.kind is StandardKind.age:
        if std.comparator is Comparator.lt:
            return f"未满 {number(std.max)} 岁" if lang == "zh" else f"under {number(std.max)}"
        return f"{number(std.max)} 岁及以下" if lang == "zh" else f"aged {number(std.max)} and under"
    cmp = std.comparator if std.comparator in (Comparator.lt, Comparator.le) else Comparator.le
    return _comparator(cmp, _amount(number(std.max), std, lang), lang)


def standard_value(std: Standard, lang: str) -> str:
    """The figure of a standard alone: "不少于 15 套", "CNY 1,000–3,000", "400 / 300 / 200 元"."""
    if std.tiers:
        sep = "；" if lang == "zh" else "; "
        return sep.join(f"{t.label[lang]} {_amount(number(t.value), std, lang)}" for t in std.tiers)
    if std.value is not None:
        text = _amount(number(std.value), std, lang)
        if std.kind is StandardKind.age and std.comparator is Comparator.ge:
            return f"{number(std.value)} 岁及以上" if lang == "zh" else f"aged {number(std.value)} and over"
        return _comparator(std.comparator, text, lang)
    return _range(std, lang)


def standard(std: Standard, lang: str) -> str:
    """A whole standard line: label, per whom and how often, the figure, the deadline."""
    value = standard_value(std, lang)
    per = std.per[lang] if std.per else ""
    period = _PERIOD[lang][std.period] if std.period else ""
    if lang == "zh":
        when = f"{per}{period if period not in per else ''}"
        line = f"{std.label.zh}：{when} {value}".replace("： ", "：")
        if std.deadline:
            line += f"（到 {std.deadline} 年）"
        return line
    if per and period.startswith("a "):
        period = "per " + period[2:]  # "per student per year", but "CNY 80 a month"
    when = " ".join(p for p in (per, period if period and period.split()[-1] not in per else "") if p)
    line = f"{std.label.en}: {value}{(' ' + when) if when else ''}"
    if std.deadline:
        line += f" (by {std.deadline})"
    return line
