"""Provenance: is every quote really in the plan, and is every number really in its quote?

These checks are what makes "every fact traceable" machine-checked. They run as
part of validation, so a webmaster who mistypes a figure is told at once.

A figure is bound to the words that state it: a standard names the `phrase` of
its quote that states its figures, and an indicator's figure its printed cell
(`Figure.text`). A number that merely occurs somewhere in a long quote (the 一 of
一年级, another amount of the same item) does not vouch for a figure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from ..caching import by_file_content
from .errors import DataError, DataErrors

# An item's fields that carry their own source (schema.Item: funding … contact), checked in practical.py.
PRACTICAL_FIELDS = ("funding", "lead_department", "how_to_apply", "fee", "opening", "contact")

_WHITESPACE = re.compile(r"\s+")
# Digits with optional thousands separators and decimals: 1,250 / 78.6 / 2025.
_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# A run of Chinese numeral characters is read as one whole number: 十二 → 12, 一百二十 → 120.
_CHINESE_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
# The numerals that are one character, read without cn2an: its import compiles large
# patterns (≈0.3 s of CPU at every start), and the plans' quotes hold only these so far; a
# longer run imports it (tests/test_provenance.py checks these against cn2an).
SINGLE_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9, "十": 10}
_LONGEST_NUMERAL = 16  # longer runs are not numbers anyone writes (and cost time to parse)
# Words whose numeral characters state no number (统一 "unified", 一批 "a batch of",
# 一流 "first-class", 百姓 "the people", 十四五 "the 14th Five-Year Plan" — the
# last is also refused by cn2an, but not its neighbour 十三五 in every context).
_NOT_NUMBERS = re.compile(
    "十[一二三四五六七八九]五|统一|同一|唯一|进一步|一体|一批|一流|一定|一般|一些|一系列|一致|一律|一站式|"
    "一张图|一村一|一门|一网|一窗|一件事|一键|一次性|之一|万一|十分|百姓|千方百计|九年一贯"
)
# Ordinals and grades name a rank, not a quantity: 第三小学, 一年级, 二级以上医院, 三级公办幼儿园.
# (两 is never a rank: 市县两级 counts two levels.)
_ORDINAL_BEFORE = "第"
_ORDINAL_AFTER = ("年级", "级")

# A plan is a document of some hundred pages: 124 KB for Shangrao. Far more is a mistake.
MAX_PLAN_BYTES = 5_000_000
# Control characters (NUL, escape, ...) do not occur in a text, only in binary files.
# Tab, line feed, carriage return and form feed (a PDF page break) are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def squeeze(text: str) -> str:
    """Text with all whitespace removed: PDF conversion breaks lines and cells anywhere."""
    return _WHITESPACE.sub("", text)


# ---- reading a plan text ------------------------------------------------------------


def plan_text_error(path: Path, shown: str) -> DataError | None:
    """Why the plan text at `path` cannot be read as text, located in it; None when it can.
    `shown` is the file as messages name it (data/sources/<name>)."""
    size = path.stat().st_size
    if size > MAX_PLAN_BYTES:
        return DataError(shown, 0, 0, "", "file-too-large", size=f"{size:,}", limit=f"{MAX_PLAN_BYTES:,}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw[: exc.start].decode("utf-8", errors="replace"))
        return DataError(shown, line, col, "", "not-utf8", reason=exc.reason, byte=exc.start)
    bad = _CONTROL.search(text)
    if bad:
        line, col = _position(text[: bad.start()])
        return DataError(shown, line, col, "", "binary-file", char=f"U+{ord(bad.group()):04X}")
    return None


def _position(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def read_plan(path: Path) -> str:
    """The plan's text; a file that is not a readable text raises DataErrors (located), never
    UnicodeDecodeError. Validation refuses such a file first, so this is the second line."""
    error = plan_text_error(path, f"data/sources/{path.name}")
    if error is not None:
        raise DataErrors([error])
    return path.read_text(encoding="utf-8")


# Keyed by the file's bytes, not its path: under `serve` a plan text is edited while the
# process lives on, and a quote taken out of it must be refused at once.
@by_file_content(maxsize=8)
def _squeezed_source(path: str) -> str:
    return squeeze(read_plan(Path(path)))


def quote_in_source(quote: str, source_path: Path) -> bool:
    return squeeze(quote) in _squeezed_source(str(source_path))


# ---- numbers in a text --------------------------------------------------------------


def numbers_in(text: str) -> set[float]:
    """Every number written in the text: in digits (1,250, 78.6, full-width １２), or in
    Chinese numerals read as whole numbers (两次 → 2, 十二 → 12, 一百二十 → 120).
    Ordinals (第三, 一年级) and words such as 统一 or 十四五 state no number."""
    text = text.translate(_FULLWIDTH)
    found = {float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)}
    found.update(_chinese_numbers(text))
    return found


def _chinese_numbers(text: str) -> Iterator[float]:
    masked = _NOT_NUMBERS.sub(lambda m: " " * len(m.group()), text)  # same length: positions hold
    for m in _CHINESE_RUN.finditer(masked):
        run = m.group()
        if run[0] in "百千万亿":
            continue  # a multiplier after digits (1.5万人, 每千人口) or a word (百姓)
        if _is_ordinal(masked, m.start(), m.end()):
            continue
        value = _chinese_numeral(run)
        if value is not None:
            yield value


def _is_ordinal(text: str, start: int, end: int) -> bool:
    if text[start - 1 : start] == _ORDINAL_BEFORE:
        return True
    return text.startswith(_ORDINAL_AFTER, end) and text[start:end] != "两"


@lru_cache(maxsize=4096)
def _chinese_numeral(run: str) -> float | None:
    """The whole number a run of numerals writes, or None when it is not one (十四五)."""
    if run in SINGLE_NUMERALS:
        return float(SINGLE_NUMERALS[run])
    if len(run) > _LONGEST_NUMERAL:
        return None
    import cn2an  # here: see SINGLE_NUMERALS

    try:
        return float(cn2an.cn2an(run, "normal"))
    except (ValueError, KeyError, IndexError):
        return None


def _same(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def missing_numbers(values: Iterable[float], quote: str) -> list[float]:
    """The values that do not occur in the quote (compared as numbers: 95 == 95.0)."""
    present = numbers_in(quote)
    return [v for v in values if not any(_same(v, p) for p in present)]


def extra_numbers(text: str, allowed: Iterable[float]) -> list[float]:
    """The numbers the text states that are not among `allowed`, in ascending order."""
    allowed = list(allowed)
    return sorted(n for n in numbers_in(text) if not any(_same(n, a) for a in allowed))


def in_quote(phrase: str, quote: str) -> bool:
    """Whether a phrase (a standard's, an indicator's printed cell) is part of its quote."""
    return squeeze(phrase) in squeeze(quote)

def iter_numbers(model: object) -> Iterator[tuple[str, float]]:
    """(field path, number) for every number in an entry's structured fields.

    Source positions (row, box, item) and years of observations are places,
    not claims, so they are skipped; observations carry their own sources, and so
    do an item's practical fields (fee, opening hours…: generator/data/practical.py).
    """
    skip = {"row", "box", "item", "year", "observations", "source", *PRACTICAL_FIELDS}

    def walk(obj: object, path: str) -> Iterator[tuple[str, float]]:
        if isinstance(obj, bool) or obj is None:
            return
        if isinstance(obj, (int, float)):
            yield path, float(obj)
        elif isinstance(obj, (list, tuple)):
            for i, child in enumerate(obj):
                yield from walk(child, f"{path}[{i}]")
        elif isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                if name not in skip:
                    yield from walk(getattr(obj, name), f"{path}.{name}" if path else name)

    yield from walk(model, "")
