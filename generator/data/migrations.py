"""Old data in today's shape: one small migration per change of the schema.

The change history (generator/site/changes.py) reads every commit that touched data/,
written under the schema of its day; the schema has changed since (`git log --stat --
generator/data/schema.py`). Each migration below upgrades the plain data of one YAML
file — before validation — from the shape it had before one such change to the shape it
has after. Which migration applies is decided by what the document itself shows (a key
that is gone, a required key that is missing), never by a commit id: a commit of any
branch, rebased or cherry-picked, is read the same way, and data already in today's
shape passes through unchanged.

Only old revisions are read through migrations (`load_dataset(root, past=True)`): today's
data must be in today's shape, and `site_build.py validate` says where it is not.

A migration never adds a fact. What it fills in either repeats the document (the whole
quote as the phrase that states a figure) or says what the site showed at the time (a
figure with no recipient was shown with no note, as a resident's figure is today).

When the schema changes, add a migration here (and a test in tests/test_migrations.py).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any
from collections.abc import Callable, Iterator

INDICATORS = re.compile(r"^cities/[^/]+/indicators\.yml$")
ITEMS = re.compile(r"^cities/[^/]+/items/[^/]+\.yml$")
AUDIENCES = re.compile(r"^audiences\.yml$")
INDICATOR_CODES = "indicator-codes.yml"


@dataclass(frozen=True)
class Migration:
    """Upgrades one file's data, in place; returns True when it changed anything."""

    name: str
    files: re.Pattern[str]  # which files (path relative to data/) it may apply to
    schema_change: str  # the commit that changed the schema, for the reader of this module only
    upgrade: Callable[[Any], bool]


# ---- walking raw documents: any shape at all, since old commits are not trusted ----------


def _entries(doc: Any, key: str) -> Iterator[dict]:
    """The mappings listed under `key` of a mapping; nothing when the shape is otherwise."""
    entries = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(entries, list):
        yield from (e for e in entries if isinstance(e, dict))


def _quote(entry: dict) -> Any:
    source = entry.get("source")
    return source.get("quote") if isinstance(source, dict) else None


# ---- the migrations, oldest schema change first --------------------------------------


def _drop_cumulative_flag(doc: Any) -> bool:
    """b30913f: `cumulative: true` on an indicator went; the target's printed brackets (〔22.85〕)
    say it now, as they did on the page (the flag repeated what the cell printed)."""
    changed = False
    for indicator in _entries(doc, "indicators"):
        if "cumulative" in indicator:
            del indicator["cumulative"]
            changed = True
    return changed


def _ages_without_finder(doc: Any) -> bool:
    """04bdbc4: `min_age`/`max_age` now belong to `finder: age` only. Before, an audience's ages
    were notes that no page used (the finder and audience pages came with `finder`); an audience
    that gives ages but no `finder` loses them, and is asked about as every audience was."""
    changed = False
    for audience in _entries(doc, "audiences"):
        if "finder" not in audience:
            for key in ("min_age", "max_age"):
                if key in audience:
                    del audience[key]
                    changed = True
    return changed


def _phrase_is_the_quote(collection: str, key: str) -> Callable[[Any], bool]:
    """58c5d7f: each standard (under an item) and each observation (under an indicator) names
    the `phrase` of its quote that states its figure. Before, the figure was checked against
    the whole quote: the whole quote is that phrase. The quote is the entry's own source's (an
    observation has one), else that of the entry it is listed under (a standard has none)."""

    def upgrade(doc: Any) -> bool:
        changed = False
        for parent in _entries(doc, collection):
            for entry in _entries(parent, key):
                quote = _quote(entry) if "source" in entry else _quote(parent)
                if "phrase" not in entry and quote is not None:
                    entry["phrase"] = quote
                    changed = True
        return changed

    return upgrade


def _standards_recipient(doc: Any) -> bool:
    """ad1941a: each standard says who receives its figure (`recipient`). Before, every figure
    was shown as something a resident gets, with no note: that is `resident` today."""
    changed = False
    for item in _entries(doc, "items"):
        for standard in _entries(item, "standards"):
            if "recipient" not in standard:
                standard["recipient"] = "resident"
                changed = True
    return changed


def _fee_note_to_notes(doc: Any) -> bool:
    """678e6a0: an item's `fee` says what its source states in `notes`, a list (a rule and an
    exception, each in both languages). In 9b8605b it had one `note`: that note is the list."""
    changed = False
    for item in _entries(doc, "items"):
        fee = item.get("fee")
        if isinstance(fee, dict) and "note" in fee and "notes" not in fee:
            fee["notes"] = [fee.pop("note")]
            changed = True
    return changed


MIGRATIONS: tuple[Migration, ...] = (
    Migration("indicator-cumulative-flag", INDICATORS, "b30913f", _drop_cumulative_flag),
    Migration("audience-ages-without-finder", AUDIENCES, "04bdbc4", _ages_without_finder),
    Migration("standard-phrase", ITEMS, "58c5d7f", _phrase_is_the_quote("items", "standards")),
    Migration("observation-phrase", INDICATORS, "58c5d7f", _phrase_is_the_quote("indicators", "observations")),
    Migration("standard-recipient", ITEMS, "ad1941a", _standards_recipient),
    Migration("fee-note-to-notes", ITEMS, "678e6a0", _fee_note_to_notes),
)


def upgrade(relative: str, doc: Any) -> tuple[Any, list[str]]:
    """A file's data (path relative to data/) in today's shape, and the migrations applied.
    The document given is not changed."""
    applied: list[str] = []
    upgraded = doc
    for migration in MIGRATIONS:
        if not migration.files.match(relative):
            continue
        if upgraded is doc:
            upgraded = copy.deepcopy(doc)
        if migration.upgrade(upgraded):
            applied.append(migration.name)
    return (upgraded if applied else doc), applied


# ---- across files --------------------------------------------------------------------


def indicator_codes(files: dict[str, Any]) -> dict | None:
    """ef3b8f7: a shared indicator `code` must be listed in data/indicator-codes.yml with the unit
    cities are compared in. Before, there was no such file and comparisons used the unit of the
    first city (in id order) that has the code. For a revision with codes and without the file
    (`files`: the data of each file, by path relative to data/), that file's data; else None."""
    if INDICATOR_CODES in files:
        return None
    units: dict[str, Any] = {}
    for relative in sorted(files):
        if INDICATORS.match(relative):
            for indicator in _entries(files[relative], "indicators"):
                code = indicator.get("code")
                if isinstance(code, str) and code not in units:
                    units[code] = indicator.get("unit")
    if not units:
        return None
    return {"codes": [{"code": code, **({"unit": copy.deepcopy(unit)} if unit is not None else {})}
                      for code, unit in units.items()]}
