"""Rules on meaning: the site says what the plan says, in both languages (issue 14).

The provenance checks (generator/provenance.py) make sure every figure is the
plan's figure. These rules make sure it *means* what the plan means:

- a standard's comparator agrees with the words of its phrase (以上/不少于/不低于 →
  ge, 超过/大于 → gt, 不超过/以内 → le, 左右/约 → approx), unless `reading` says why not;
  a hedge in the phrase (力争, 原则上, 基本, 平均) is carried by `qualifier`;
- the glossary (data/glossary.yml) is enforced on every English text: when the
  Chinese uses a term, the English uses its one rendering (or an allowed variant);
- 以上/不少于/不低于 include the number: the English never says "more than" for them;
- 套 counting radio or TV programmes is "channels";
- no full-width punctuation (：，（）…) in English;
- every percentage standard carries the % unit;
- indicators that share a code have one English name and comparable units;
- interface strings agree in number ("1 services" is refused: a `{n} …s` string needs
  its `_one` form).

Each rule yields a Problem (an error code of generator/data/messages.py and its parameters),
located by `check` (file:line:col: field). `check(parsed, glossary)` runs them on loaded data files,
`interface_errors()` on the interface wording in generator/i18n.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from . import units
from .errors import DataError, Problem
from .loader import LoadedFile
from .schema import Comparator, GlossaryTerm, IndicatorsFile, Qualifier, Standard, StandardKind, Text

# ---- walking the texts of a file ---------------------------------------------------


def texts_in(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, Text, BaseModel | None]]:
    """Every Text inside a model with its path from the file's root, and the model holding it."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            here = path + ((name, i) if isinstance(value, list) else (name,))
            if isinstance(v, Text):
                yield here, v, model
            elif isinstance(v, BaseModel):
                yield from texts_in(v, here)


# ---- the glossary -------------------------------------------------------------------


def spellings(term: GlossaryTerm) -> list[str]:
    return [term.zh, *term.variants]


def terms_used(zh: str, glossary: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """The terms whose Chinese occurs in `zh` other than inside a longer term's occurrence
    (残疾人 inside 重度残疾人 is the longer term's business)."""
    found: list[tuple[int, int, int]] = []  # (start, end, term index)
    for t, term in enumerate(glossary):
        for spelling in spellings(term):
            if spelling in zh:  # most terms are absent: a substring test first is ≈ 40 % of a real-data load saved
                found += [(m.start(), m.start() + len(spelling), t) for m in re.finditer(re.escape(spelling), zh)]
    used: list[GlossaryTerm] = []
    for start, end, t in found:
        inside_longer = any(s <= start and end <= e and (e - s) > (end - start) and u != t for s, e, u in found)
        if not inside_longer and glossary[t] not in used:
            used.append(glossary[t])
    return used


def translated(term: GlossaryTerm, en: str) -> bool:
    en = en.casefold()
    return any(form.casefold() in en for form in [term.en, *term.en_variants])


def glossary_problems(text: Text, glossary: list[GlossaryTerm]) -> list[Problem]:
    problems = []
    en = text.en.casefold()
    for term in terms_used(text.zh, glossary):
        if not translated(term, text.en):
            problems.append(Problem("glossary-not-used", term=term.zh, en=term.en))
        for avoid in term.en_avoid:
            if avoid.casefold() in en:
                problems.append(Problem("glossary-avoided", term=term.zh, used=avoid, en=term.en))
    return problems


# ---- 以上 is "or more", never "more than" ----------------------------------------------

# Words that include the number: 80%以上 is 80 % or more.
AT_LEAST_ZH = re.compile(r"以上|不少于|不低于|至少")
# Words that exclude it: 大于800 is more than 800 (不超过 and 不大于 are the opposite, not counted).
MORE_THAN_ZH = re.compile(r"(?<!不)(?:超过|大于|多于|高于)|[＞>]")
MORE_THAN_EN = re.compile(r"(?<!\bno )(?<!\bnot )\bmore\s+than\b", re.I)


def more_than_problems(text: Text) -> list[Problem]:
    """以上/不少于/不低于/至少 in the Chinese, and more "more than"s in the English than the
    Chinese has words for "more than": one of them was 以上."""
    at_least = AT_LEAST_ZH.search(text.zh)
    if at_least is None:
        return []
    if len(MORE_THAN_EN.findall(text.en)) > len(MORE_THAN_ZH.findall(text.zh)):
        word = at_least.group(0)
        return [Problem("more-than", word=word)]
    return []


# ---- 套 of radio and TV is "channels" ---------------------------------------------------

BROADCAST_ZH = re.compile(r"广播|电视")
SET_OF_PROGRAMMES_ZH = re.compile(r"[0-9０-９一二三四五六七八九十百]+\s*套")
CHANNEL_EN = re.compile(r"\bchannels?\b", re.I)


def channel_problems(text: Text, context_zh: str = "") -> list[Problem]:
    """A count in 套 where the Chinese speaks of radio or TV is a count of channels.

    `context_zh` is the phrase of the standard a label or unit belongs to (the unit 套 alone
    does not say what it counts)."""
    zh = f"{context_zh} {text.zh}"
    if SET_OF_PROGRAMMES_ZH.search(zh) and BROADCAST_ZH.search(zh) and not CHANNEL_EN.search(text.en):
        if text.zh.strip() == "套" or SET_OF_PROGRAMMES_ZH.search(text.zh) or BROADCAST_ZH.search(text.zh):
            return [Problem("channels")]
    return []


# ---- no full-width punctuation in English ----------------------------------------------

FULL_WIDTH = re.compile(r"[，。：；（）！？、【】《》「」『』〔〕｛｝［］～　]")


def full_width_problems(en: str) -> list[Problem]:
    found = sorted(set(FULL_WIDTH.findall(en)))
    if found:
        shown = " ".join(f"`{c}`" for c in found)
        return [Problem("full-width-punctuation", chars=shown)]
    return []


# ---- comparators and hedges against the words of the phrase ---------------------------

# The words must be attached to the figure: a word before it (不少于15, 至少一所) or after it
# (80%以上, 60%左右); 二级以上 (grade 2 and above) is not a comparison of the figure.
_NUM = r"[0-9０-９一二两三四五六七八九十百千万]"
_AFTER = r"[0-9０-９][0-9０-９.．]*\s*[%％]?\s*[^\d\s，。；、,;（）()的级一二两三四五六七八九十]{0,3}?\s*"


def _before(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{words})[^，。；,;\d]{{0,4}}?{_NUM}")


def _after(words: str) -> re.Pattern[str]:
    return re.compile(rf"{_AFTER}(?:{words})")


# (pattern, comparators the words allow, what to call it), in order: the first match decides.
_COMPARATOR_WORDS: list[tuple[re.Pattern[str], set[Comparator], str]] = [
    (_after("左右"), {Comparator.approx}, "左右"),
    (_before("约"), {Comparator.approx}, "约"),
    (_before("不超过|不超|不高于|不大于"), {Comparator.le, Comparator.lt}, "不超过"),
    (_after("以内|以下|之内"), {Comparator.le, Comparator.lt}, "以内/以下"),
    (_before("不少于|不低于|至少"), {Comparator.ge}, "不少于/不低于/至少"),
    (_after("以上"), {Comparator.ge}, "以上"),
    (_before("超过|大于|多于|高于|[＞>]"), {Comparator.gt}, "超过/大于"),
    (_before("未满|不满|不足|少于|低于|[＜<]"), {Comparator.lt}, "未满/不足/少于"),
]

QUALIFIER_WORDS: dict[Qualifier, re.Pattern[str]] = {
    Qualifier.aim: re.compile(r"力争|争取"),
    Qualifier.in_principle: re.compile(r"原则上"),
    # 基本 as an adverb (基本消除: largely eliminate), not in 基本公共服务 or 基本医疗保险
    Qualifier.basically: re.compile(r"基本(?=消除|实现|建成|满足|覆盖|达到|形成|完成|普及|健全|全覆盖|保障)"),
    Qualifier.average: re.compile(r"平均"),
}


def expected_comparator(phrase: str) -> tuple[set[Comparator], str] | None:
    """The comparators the phrase's words allow, and the word; None when it has no such word."""
    for pattern, allowed, word in _COMPARATOR_WORDS:
        if pattern.search(phrase):
            return allowed, word
    return None


def comparator_problems(std: Standard) -> list[tuple[tuple, Problem]]:
    """(field, problem) for a comparator or a hedge that does not say what the phrase says.

    Ages are left out: 未满18周岁 and 65岁及以上 are formatted by their own words, and 0-6岁
    is a range, not a comparison."""
    problems: list[tuple[tuple, Problem]] = []
    if std.kind is not StandardKind.age and not std.tiers and std.reading is None:
        expected = expected_comparator(std.phrase)
        if expected is not None and std.comparator not in expected[0]:
            allowed = " or ".join(sorted(c.value for c in expected[0]))
            problems.append((("comparator",), Problem("comparator-mismatch", word=expected[1], allowed=allowed,
                                                      given=std.comparator.value)))
        if expected is None and std.comparator is Comparator.approx:
            problems.append((("comparator",), Problem("approx-without-word")))
    problems += age_problems(std)
    for qualifier, pattern in QUALIFIER_WORDS.items():
        m = pattern.search(std.phrase)
        if m and std.qualifier is None:
            problems.append((("qualifier",), Problem("qualifier-missing", word=m.group(0), qualifier=qualifier.value)))
    if std.qualifier is not None and not QUALIFIER_WORDS[std.qualifier].search(std.phrase):
        problems.append((("qualifier",), Problem("qualifier-without-word", qualifier=std.qualifier.value)))
    if std.kind is StandardKind.percentage and (std.unit is None or std.unit.zh.strip() not in ("%", "％")):
        problems.append((("unit",), Problem("percentage-without-unit")))
    return problems


# An age bound decides whom the finder shows a service to, so it is held to the words as a
# figure is: 65岁及以上 is ge (65 included), 未满18周岁 is lt (17 is the oldest), 0-6岁 a range.
_AGE_WORDS: list[tuple[re.Pattern[str], set[Comparator], str]] = [
    (re.compile(r"以上"), {Comparator.ge}, "以上"),
    (re.compile(r"未满|不满|不足"), {Comparator.lt}, "未满"),
    (re.compile(r"以下"), {Comparator.le}, "以下"),
    (re.compile(r"超过|大于"), {Comparator.gt}, "超过/大于"),
]


def age_problems(std: Standard) -> list[tuple[tuple, Problem]]:
    """(field, problem) for an age whose comparator or ends do not say what the phrase says."""
    if std.kind is not StandardKind.age or std.tiers:
        return []
    for pattern, allowed, word in _AGE_WORDS:
        if pattern.search(std.phrase):
            if std.comparator not in allowed:
                return [(("comparator",), Problem("age-comparator-mismatch", word=word,
                                                  allowed=next(iter(allowed)).value, given=std.comparator.value))]
            if std.min is not None and std.max is not None:
                return [(("max",) if word == "以上" else ("min",), Problem("age-both-ends", word=word))]
            return []
    if std.comparator is not Comparator.eq:
        return [(("comparator",), Problem("age-comparator-without-word", given=std.comparator.value))]
    return []


# ---- running the rules on loaded files -----------------------------------------------------


def check(parsed: Iterable[tuple[LoadedFile, Any]], glossary: list[GlossaryTerm]) -> list[DataError]:
    """Every meaning problem in the loaded data files, located."""
    errors: list[DataError] = []
    parsed = list(parsed)
    for loaded, model in parsed:
        loc = loaded.locations
        for path, text, holder in texts_in(model):
            context = holder.phrase if isinstance(holder, Standard) else ""
            for problem in (*glossary_problems(text, glossary), *more_than_problems(text),
                            *channel_problems(text, context), *full_width_problems(text.en)):
                errors.append(loc.error(path + ("en",), problem.code, **problem.params))
        for path, std in _standards(model):
            for field, problem in comparator_problems(std):
                errors.append(loc.error(path + field, problem.code, **problem.params))
    errors += shared_code_problems(parsed)
    return errors


def _standards(model: BaseModel) -> Iterator[tuple[tuple, Standard]]:
    for i, item in enumerate(getattr(model, "items", None) or []):
        for k, std in enumerate(item.standards):
            yield ("items", i, "standards", k), std


def shared_code_problems(parsed: list[tuple[LoadedFile, Any]]) -> list[DataError]:
    """Indicators that share a code are one indicator in several cities: one English name for
    one Chinese name, and units that convert into each other (generator/units.py) with one
    English name for what they count (10,000 beds and 1,000 beds: "beds")."""
    first: dict[str, tuple[str, Any]] = {}  # code -> (file, indicator)
    errors: list[DataError] = []
    for loaded, model in parsed:
        if not isinstance(model, IndicatorsFile):
            continue
        for i, ind in enumerate(model.indicators):
            if ind.code is None:
                continue
            if ind.code not in first:
                first[ind.code] = (loaded.relative, ind)
                continue
            where, other = first[ind.code]
            # The same Chinese name must read the same in English; a city whose plan names the
            # indicator differently (学前教育三年入园率 / 学前教育毛入园率) keeps its own translation.
            if ind.name.zh == other.name.zh and ind.name.en != other.name.en:
                errors.append(loaded.locations.error(("indicators", i, "name", "en"),
                              "code-name-differs", code=ind.code, name=other.name.en, file=where))
            if units.conversion(ind.unit, other.unit) is None:
                shown = other.unit.zh if other.unit else "none"
                errors.append(loaded.locations.error(("indicators", i, "unit"),
                              "code-unit-differs", code=ind.code, unit=shown, file=where))
            elif units.english_base(ind.unit) != units.english_base(other.unit):
                errors.append(loaded.locations.error(("indicators", i, "unit", "en"),
                              "code-english-unit-differs", code=ind.code, unit=other.unit.en if other.unit else "",
                              file=where))
    return errors


# ---- interface wording (generator/i18n.py) ------------------------------------------------

# "{n} services": a count followed by a plural noun needs a singular form, key + "_one".
_COUNTED_PLURAL = re.compile(r"\{n\}\s+([a-z]+s)\b")


def interface_problems(ui: dict[str, dict[str, str]]) -> list[tuple[str, Problem]]:
    """(key, problem) for English interface strings that break a rule of meaning."""
    problems: list[tuple[str, Problem]] = []
    en, zh = ui["en"], ui["zh"]
    for key, text in en.items():
        m = _COUNTED_PLURAL.search(text)
        if m and not key.endswith("_one") and f"{key}_one" not in en:
            problems.append((key, Problem("missing-singular", noun=m.group(1), key=f"{key}_one")))
        for problem in full_width_problems(text):
            problems.append((key, problem))
        if key in zh:
            for problem in more_than_problems(Text(zh=zh[key], en=text)):
                problems.append((key, problem))
    return problems


def interface_errors(source: Path | None = None) -> list[DataError]:
    """interface_problems, located in generator/site/i18n.py (the line of the key in the English table)."""
    from ..site.i18n import UI

    source = source or Path(__file__).parent.parent / "site" / "i18n.py"
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next((n for n, line in enumerate(lines) if line.strip().startswith('"en": {')), 0)
    shown = f"generator/site/{source.name}"
    errors = []
    for key, problem in interface_problems(UI):
        line, col = next(((n + 1, line.index(f'"{key}"') + 1) for n, line in enumerate(lines)
                          if n >= start and line.strip().startswith(f'"{key}"')), (0, 0))
        errors.append(DataError(shown, line, col, f"UI.en.{key}", problem.code, **problem.params))
    return errors
