"""Units as the plans print them, and how to put two of them on one scale.

The plans write large units with a Chinese multiplier: 千张 (thousand beds),
万张 (ten thousand beds), 万人次. Two units are comparable when they name the
same thing once the multiplier is taken off.
"""

from __future__ import annotations

import re
from typing import Optional

from .schema import Text

_MULTIPLIERS = {"百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
_PERCENT = {"%", "％", "100%"}


def split_unit(unit: Optional[Text]) -> tuple[str, float]:
    """(base unit, multiplier): 万张 → (张, 10000); % → (%, 1); none → ("", 1)."""
    if unit is None:
        return "", 1.0
    text = unit.zh.strip()
    if text in _PERCENT:
        return "%", 1.0
    if len(text) > 1 and text[0] in _MULTIPLIERS:
        return text[1:], float(_MULTIPLIERS[text[0]])
    return text, 1.0


def conversion(from_unit: Optional[Text], to_unit: Optional[Text]) -> Optional[float]:
    """The factor that turns a value in from_unit into to_unit, or None if they measure different things."""
    base_a, mult_a = split_unit(from_unit)
    base_b, mult_b = split_unit(to_unit)
    if base_a != base_b:
        return None
    return mult_a / mult_b


_EN_MULTIPLIER = re.compile(r"^(?:10,000|1,000|100|10 thousand|thousand|ten thousand)\s+")


def english_base(unit: Optional[Text]) -> str:
    """The English unit without its multiplier: "10,000 beds" → "beds"; "%" → "%"; none → ""."""
    if unit is None:
        return ""
    if unit.zh.strip() in _PERCENT:
        return "%"
    return _EN_MULTIPLIER.sub("", unit.en.strip())
