"""Provenance: is every quote really in the plan, and is every number really in its quote?

These checks are what makes "every fact traceable" machine-checked. They run as
part of validation, so a webmaster who mistypes a figure is told at once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import BaseModel

_WHITESPACE = re.compile(r"\s+")
# Digits with optional thousands separators and decimals: 1,250 / 78.6 / 2025.
_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Small numbers the plans write in Chinese characters (每年两次, 三级).
_CHINESE_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def squeeze(text: str) -> str:
    """Text with all whitespace removed: PDF conversion breaks lines and cells anywhere."""
    return _WHITESPACE.sub("", text)


@lru_cache(maxsize=None)
def _squeezed_source(path: str) -> str:
    return squeeze(Path(path).read_text(encoding="utf-8"))


def quote_in_source(quote: str, source_path: Path) -> bool:
    return squeeze(quote) in _squeezed_source(str(source_path))


def numbers_in(text: str) -> set[float]:
    """Every number written in the text, in digits or as a single Chinese numeral."""
    text = text.translate(_FULLWIDTH)
    found = {float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)}
    found.update(float(v) for ch, v in _CHINESE_NUMERALS.items() if ch in text)
    return found


def missing_numbers(values: Iterable[float], quote: str) -> list[float]:
    """The values that do not occur in the quote (compared as numbers: 95 == 95.0)."""
    present = numbers_in(quote)
    return [v for v in values if not any(abs(v - p) < 1e-9 for p in present)]


def iter_numbers(model: object) -> Iterator[tuple[str, float]]:
    """(field path, number) for every number in an entry's structured fields.

    Source positions (row, box, item) and years of observations are places,
    not claims, so they are skipped; observations carry their own sources.
    """
    skip = {"row", "box", "item", "year", "observations", "source"}

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
