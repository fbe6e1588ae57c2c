"""The practical fields of an item (funding … contact): everything in them is copied from their own source.

A resident acts on these fields — goes to an office, calls a number, comes at a time —
so a mistyped or invented one does more harm than a wrong figure on a chart. Each field
cites its own source (any registered document: the plan, a department notice, a standard),
whose quote is checked against that document's text like every other quote
(validate.py). On top of that, this module holds the field to its quote:

- every Chinese text in the field occurs in the quote (a department, a place, a rule:
  copied, never paraphrased — the English is the translation);
- a fee's amount and a timetable's clock times are bound to the words that state them
  (`phrase`, as a standard's figure is: provenance.py), and "free" needs a word for free;
- a telephone number and a web address occur in the quote as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from . import provenance
from .errors import DataError
from .loader import Locations
from .schema import Contact, Cost, Fee, Hours, Opening, Text

# Words that say a service costs nothing.
FREE_WORDS = ("免费", "无偿", "不收费", "不收取", "零收费", "免收", "免予收费")
# Dashes and spaces a printed number may have between its groups (0793-1234567, 0793 1234567).
_PHONE_SEPARATORS = re.compile(r"[\s\-－—–‐]")
_AFTERNOON = ("下午", "晚上", "晚")


def problems(field: BaseModel, quote: str, loc: Locations, path: tuple) -> Iterator[DataError]:
    """Located errors for one practical field whose source quote is already found in its document."""
    yield from _texts_copied(field, quote, loc, path)
    if isinstance(field, Fee):
        yield from _fee(field, quote, loc, path)
    if isinstance(field, Opening):
        for k, hours in enumerate(field.hours):
            yield from _hours(hours, quote, loc, path + ("hours", k))
    if isinstance(field, Contact):
        yield from _contact(field, quote, loc, path)


def _texts_copied(model: BaseModel, quote: str, loc: Locations, path: tuple) -> Iterator[DataError]:
    """Every Text's zh inside the field (not its source) occurs in the quote."""
    for name in type(model).model_fields:
        if name == "source":
            continue
        value = getattr(model, name)
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            here = path + ((name, i) if isinstance(value, list) else (name,))
            if isinstance(v, Text):
                if not provenance.in_quote(v.zh, quote):
                    yield loc.error(here + ("zh",), "text-not-in-field-quote", text=_short(v.zh))
            elif isinstance(v, BaseModel):
                yield from _texts_copied(v, quote, loc, here)


def _fee(fee: Fee, quote: str, loc: Locations, path: tuple) -> Iterator[DataError]:
    if not provenance.in_quote(fee.phrase, quote):
        yield loc.error(path + ("phrase",), "phrase-not-in-quote", phrase=fee.phrase)
        return
    if fee.cost is Cost.free and not any(word in provenance.squeeze(fee.phrase) for word in FREE_WORDS):
        yield loc.error(path + ("cost",), "free-without-word", phrase=fee.phrase, words="、".join(FREE_WORDS))
    allowed = [fee.amount] if fee.amount is not None else []
    if fee.amount is not None and provenance.missing_numbers([fee.amount], fee.phrase):
        yield loc.error(path + ("amount",), "figure-not-in-phrase", value=fee.amount, phrase=fee.phrase)
    elif extra := provenance.extra_numbers(fee.phrase, allowed):
        shown = ", ".join(f"{v:g}" for v in extra)
        yield loc.error(path + ("phrase",), "phrase-extra-numbers", phrase=fee.phrase, numbers=shown)


def _hours(hours: Hours, quote: str, loc: Locations, path: tuple) -> Iterator[DataError]:
    """The phrase is in the quote and states both clock times (17:30 may be written 下午5:30)."""
    if not provenance.in_quote(hours.phrase, quote):
        yield loc.error(path + ("phrase",), "phrase-not-in-quote", phrase=hours.phrase)
        return
    stated = provenance.numbers_in(hours.phrase)
    afternoon = any(word in hours.phrase for word in _AFTERNOON)
    for name in ("opens", "closes"):
        hour, minute = (int(part) for part in getattr(hours, name).split(":"))
        hour_ok = hour in stated or (afternoon and hour > 12 and hour - 12 in stated)
        if not hour_ok or (minute and minute not in stated):
            yield loc.error(path + (name,), "time-not-in-phrase", time=getattr(hours, name), phrase=hours.phrase)


def _contact(contact: Contact, quote: str, loc: Locations, path: tuple) -> Iterator[DataError]:
    printed = _PHONE_SEPARATORS.sub("", quote)
    for k, phone in enumerate(contact.phones):
        if _PHONE_SEPARATORS.sub("", phone.number) not in printed:
            yield loc.error(path + ("phones", k, "number"), "phone-not-in-quote", number=phone.number)
    if contact.web is not None and contact.web.rstrip("/") not in provenance.squeeze(quote):
        yield loc.error(path + ("web",), "web-not-in-quote", address=contact.web)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
