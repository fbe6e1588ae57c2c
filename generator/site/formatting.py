"""Formatters: numbers, figures and standards as readers see them, in zh and en.

Every amount, range, tier, percentage and age on the site is written by these
functions, so the same fact reads the same way on every page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from collections.abc import Sequence

from .i18n import rules
from .i18n import t as ui  # `t` is a tier in this module
from ..data.schema import PERCENT_UNITS, Comparator, Figure, Qualifier, Recipient, Standard, StandardKind, Text

LANGS = ("zh", "en")

def number(value: float, lang: str = "zh") -> str:
    """1250 → "1,250"; 4.50 → "4.5"; keeps the decimals the plan printed."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


def _comparator(cmp: Comparator, text: str, lang: str) -> str:
    return text if cmp is Comparator.eq else ui(lang, f"compare_{cmp.value}", text=text)


# A hedge the plan puts on a figure, said before it: "力争 不少于 50%" / "aim for at least 50%".
def qualified(text: str, qualifier: Qualifier | None, lang: str) -> str:
    """A formatted figure with the plan's hedge before it: "aim for 78.6", "in principle at least 60%"."""
    if qualifier is None:
        return text
    return f"{ui(lang, 'qualifier_' + qualifier.value)} {text}"


# Who receives a standard's figure, when it is not the reader: said next to the figure so
# that funding paid to a school never reads as money paid to a family.


def personal(std: Standard) -> bool:
    """True when the figure is something a person (or household) receives."""
    return std.recipient in (Recipient.resident, Recipient.household)


def recipient_note(std: Standard, lang: str) -> str:
    """"paid to the institution, not to individuals" for an institution's figure; "" for a personal one."""
    return "" if personal(std) or std.recipient is None else ui(lang, f"recipient_{std.recipient.value}")


def with_unit(value_text: str, unit: Text | None, lang: str) -> str:
    if unit is None:
        return value_text
    u = unit[lang]
    if u in PERCENT_UNITS:
        return f"{value_text}%"
    return f"{value_text} {u}"


# English units that carry a Chinese counting unit: 万人次 is "10,000 person-times".
# In English the number is multiplied out: 16.81 万人次 → "168,100 person-times",
# not "16.81 10,000 person-times".
_SCALED_UNIT = re.compile(r"^(10,000|1,000)\s+(\S.*)$")
_PLAIN_UNIT = re.compile(r"^[a-z][a-z -]*[a-z]$")
_IRREGULAR = {"people": "person", "children": "child"}


def _scaled(values: Sequence[float], unit: Text | None, lang: str) -> tuple[list[float], str | None]:
    """The numbers and the unit as shown in a language (see _SCALED_UNIT)."""
    if unit is None:
        return list(values), None
    u = unit[lang]
    m = _SCALED_UNIT.match(u) if rules(lang).multiplies_out_counting_units else None
    if m is None:
        return list(values), u
    factor = Decimal(m.group(1).replace(",", ""))
    return [float(Decimal(repr(float(v))) * factor) for v in values], m.group(2)


def singular(unit: str) -> str:
    """"schools" → "school", "pitches" → "pitch", "counties" → "county": for "1 school".

    Only plain lowercase English units are changed; anything else is kept as it is.
    """
    if not _PLAIN_UNIT.match(unit):
        return unit
    head, _, last = unit.rpartition(" ")
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us")):
        last = last[:-1]
    return f"{head} {last}" if head else last


def quantity(values: Sequence[float], unit: Text | None, lang: str) -> str:
    """Numbers with their unit: "95%", "2–3 grades", "1 school", "168,100 person-times"."""
    shown, u = _scaled(values, unit, lang)
    text = "–".join(number(v) for v in shown)
    if u is None:
        return text
    if u in PERCENT_UNITS:
        return f"{text}%"
    if rules(lang).singular_for_one and len(shown) == 1 and shown[0] == 1:
        u = singular(u)
    return f"{text} {u}"


def figure(fig: Figure | None, unit: Text | None, lang: str) -> str:
    """An indicator's 2020 value or 2025 target: "at least 78 years, aiming for 78.6"."""
    if fig is None:
        return "—"
    if fig.value is None:
        return fig.qualitative[lang] if fig.qualitative else fig.text
    text = qualified(_comparator(fig.comparator, quantity([fig.value], unit, lang), lang), fig.qualifier, lang)
    if fig.aspiration is not None:
        aim = quantity([fig.aspiration], unit, lang)
        text += ui(lang, "aiming_for", aim=aim)
    return text


def _amount(values: Sequence[float], std: Standard, lang: str) -> str:
    """One number, or a min–max pair, of a standard with its unit (not for ages)."""
    if std.kind is StandardKind.percentage:
        return "–".join(number(v) for v in values) + "%"
    currency = rules(lang).currency_code
    if std.kind is StandardKind.amount and std.unit is not None and currency:
        shown, u = _scaled(values, std.unit, lang)
        if std.unit.zh == "元" or u == "yuan":
            return f"{currency} " + "–".join(number(v) for v in shown)
    return quantity(values, std.unit, lang)


def _age(value: float, cmp: Comparator, lang: str) -> str:
    """An age threshold: "60 岁及以上" / "aged 60 and over", "未满 18 岁" / "under 18"."""
    return ui(lang, f"age_{cmp.value}", n=number(value))


def _range(std: Standard, lang: str) -> str:
    age = std.kind is StandardKind.age
    if std.min is not None and std.max is not None:
        if age:
            return ui(lang, "age_range", min=number(std.min), max=number(std.max))
        both = _amount([std.min, std.max], std, lang)
        return _comparator(Comparator.approx, both, lang) if std.comparator is Comparator.approx else both
    cmp: Comparator
    if std.min is not None:
        cmp = std.comparator if std.comparator in (Comparator.gt, Comparator.ge) else Comparator.ge
        return _age(std.min, cmp, lang) if age else _comparator(cmp, _amount([std.min], std, lang), lang)
    if std.max is None:  # Standard._consistent: without tiers or a value, a standard has min or max
        raise ValueError("a standard without value, tiers, min or max")
    cmp = std.comparator if std.comparator in (Comparator.lt, Comparator.le) else Comparator.le
    return _age(std.max, cmp, lang) if age else _comparator(cmp, _amount([std.max], std, lang), lang)


def standard_value(std: Standard, lang: str) -> str:
    """The figure of a standard alone, with the plan's hedge: "不少于 15 套", "about 80%", "aim for 50%"."""
    return qualified(_standard_value(std, lang), std.qualifier, lang)


def _standard_value(std: Standard, lang: str) -> str:
    if std.tiers:
        sep = ui(lang, "list_separator")
        if std.kind is StandardKind.age:
            return sep.join(f"{t.label[lang]} {_age(t.value, Comparator.eq, lang)}" for t in std.tiers)
        return sep.join(f"{t.label[lang]} {_amount([t.value], std, lang)}" for t in std.tiers)
    if std.value is not None:
        if std.kind is StandardKind.age:
            return _age(std.value, std.comparator, lang)
        return _comparator(std.comparator, _amount([std.value], std, lang), lang)
    return _range(std, lang)


def _per_period(std: Standard, lang: str) -> str:
    """Per whom and how often: "每生每年" / "per student per year" / "a month"."""
    per = std.per[lang] if std.per else ""
    period = ui(lang, f"period_{std.period.value}") if std.period else ""
    return _JOIN_PER_PERIOD[lang](per, period)


def _per_period_zh(per: str, period: str) -> str:
    """Written together, the period left out when "per" says it already: 每生每年, 每人每月."""
    return f"{per}{period if period not in per else ''}"


def _per_period_en(per: str, period: str) -> str:
    if per and period.startswith("a "):
        period = "per " + period[2:]  # "per student per year", but "CNY 80 a month"
    return " ".join(p for p in (per, period if period and period.split()[-1] not in per else "") if p)


# Word order, not words: how each language puts "per whom" and "how often" together.
_JOIN_PER_PERIOD = {"zh": _per_period_zh, "en": _per_period_en}


def _deadline(std: Standard, lang: str) -> str:
    if not std.deadline:
        return ""
    return ui(lang, "by_deadline", year=std.deadline)


def standard_when(std: Standard, lang: str) -> str:
    """Per whom, how often and by when, alone: "每生每年" / "per student per year (by 2025)"."""
    return (_per_period(std, lang) + _deadline(std, lang)).strip()


def standard(std: Standard, lang: str) -> str:
    """A whole standard line: label, per whom and how often, the figure, the deadline."""
    value = standard_value(std, lang)
    when = _per_period(std, lang)
    line = ui(lang, "standard_line" if when else "standard_line_plain", label=std.label[lang], when=when, value=value)
    line += _deadline(std, lang)
    note = recipient_note(std, lang)
    if note:
        line = ui(lang, "with_note", text=line, note=note)
    return line


_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def days(weekdays: Sequence, lang: str) -> str:
    """Days of a timetable line as people write them: a run of three or more as a range
    (周一至周五 / Mon–Fri), others listed (周六、周日 / Sat, Sun)."""
    from .i18n import t

    order = sorted({_WEEK.index(d.value) for d in weekdays})
    runs: list[list[int]] = []
    for i in order:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        names = [t(lang, f"day_{_WEEK[i]}") for i in run]
        if len(run) >= 3:
            parts.append(t(lang, "day_range", first=names[0], last=names[-1]))
        else:
            parts.extend(names)
    return rules(lang).enumeration.join(parts)


def practical(value, lang: str) -> str:
    """A practical field (funding … contact) as one line of text in `lang`, its source left out:
    what the "what changed" report compares (a new phone number, hours, a fee)."""
    from enum import Enum

    from pydantic import BaseModel

    from ..data.schema import Hours
    from .i18n import t

    # The interface's words for the enumerations (i18n.py): 现场办理 / in person, 免费 / Free, 休息 / closed.
    words = {"Channel": "channel_", "Cost": "cost_", "HolidayRule": "holiday_"}

    def parts(obj) -> list[str]:
        if obj is None:
            return []
        if isinstance(obj, Text):
            return [obj[lang]]
        if isinstance(obj, Hours):
            return [f"{days(obj.days, lang)} {obj.opens}–{obj.closes}"]
        if isinstance(obj, Enum):
            prefix = words.get(type(obj).__name__)
            return [t(lang, prefix + obj.value) if prefix else str(obj.value)]
        if isinstance(obj, bool):
            return []
        if isinstance(obj, (int, float)):
            return [number(obj, lang)]
        if isinstance(obj, str):
            return [obj]
        if isinstance(obj, (list, tuple)):
            return [p for child in obj for p in parts(child)]
        if isinstance(obj, BaseModel):
            return [p for name in type(obj).model_fields if name not in ("source", "phrase") for p in parts(getattr(obj, name))]
        return []

    return rules(lang).list_separator.join(parts(value))
