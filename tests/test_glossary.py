"""The glossary (data/glossary.yml): one English translation per term, used everywhere.

For every text pair of the real data (indicators, items, domain overviews,
the boxes in city.yml, domains.yml), of the interface wording and of the
glossary's own notes: when
the Chinese uses a glossary term (or one of its Chinese variants), the English
must use the term's English (or one of its en_variants), case-insensitively.

A term that occurs only inside a longer glossary term (残疾人 inside 重度残疾人,
全民健身 inside 全民健身日) is that longer term's business: the longer term's
English is required instead. Every other occurrence still counts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterator

import pytest
from pydantic import BaseModel

from generator.site.i18n import UI
from generator.data.meaning import spellings, terms_used, translated
from generator.data.schema import GlossaryTerm, Text
from generator.data.validate import Dataset

EXCERPT = 140


@dataclass(frozen=True)
class Pair:
    where: str  # file and entry, e.g. data/cities/yichun/items/box-03.yml#vocational-education
    field: str  # e.g. text, standards[1].label
    text: Text


@pytest.fixture(scope="module")
def glossary(dataset: Dataset) -> list[GlossaryTerm]:
    assert dataset.glossary, "data/glossary.yml has no terms"
    return dataset.glossary


@pytest.fixture(scope="module")
def pairs(dataset: Dataset) -> list[Pair]:
    return list(text_pairs(dataset))


# ---- collecting the text pairs ---------------------------------------------------


def texts_in(model: BaseModel, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every Text inside a model, with its field path (name, standards[0].label, ...)."""
    if isinstance(model, Text):
        yield path, model
        return
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            if isinstance(v, BaseModel):
                yield from texts_in(v, f"{here}[{i}]" if isinstance(value, list) else here)


def text_pairs(dataset: Dataset) -> Iterator[Pair]:
    for city in dataset.cities:
        cid = city.city.id
        for key, entries in (("indicators", city.indicators), ("items", city.items)):
            for entry in entries:
                file = city.origins.get(f"{key}:{entry.id}", (f"data/cities/{cid}/{key}", 0))[0]
                for field, text in texts_in(entry):
                    yield Pair(f"{file}#{entry.id}", field, text)
        for overview in city.overviews:
            for field, text in texts_in(overview):
                yield Pair(f"data/cities/{cid}/domains/{overview.domain}.yml", field, text)
        for box in city.city.boxes:
            yield Pair(f"data/cities/{cid}/city.yml#box-{box.number}", "title", box.title)
    for domain in dataset.domains:
        for field, text in texts_in(domain):
            yield Pair(f"data/domains.yml#{domain.id}", field, text)
    for audience in dataset.audiences:
        for field, text in texts_in(audience):
            yield Pair(f"data/audiences.yml#{audience.id}", field, text)
    for key, zh in UI["zh"].items():
        yield Pair("generator/i18n.py", key, Text(zh=zh, en=UI["en"][key]))


# ---- the rule ---------------------------------------------------------------------


# The rule itself is the validator's (generator/data/meaning.py): one copy, tested here against the whole site's text.


def offences(pairs: list[Pair], glossary: list[GlossaryTerm]) -> list[str]:
    problems = []
    for pair in pairs:
        for term in terms_used(pair.text.zh, glossary):
            if not translated(term, pair.text.en):
                excerpt = pair.text.en if len(pair.text.en) <= EXCERPT else pair.text.en[: EXCERPT - 1] + "…"
                problems.append(f"{pair.where} {pair.field}: {term.zh} → “{term.en}” missing in: {excerpt}")
    return problems


# ---- tests --------------------------------------------------------------------------


def test_there_are_text_pairs_to_check(pairs):
    fields = {p.field for p in pairs}
    assert len(pairs) > 500
    for field in ("name", "title", "text", "eligibility", "conditions", "overview", "definition"):
        assert field in fields, field
    assert any(f.startswith("standards[") and f.endswith(".label") for f in fields)


def note_pairs(glossary: list[GlossaryTerm]) -> Iterator[Pair]:
    """The glossary's own notes: they are on the site too, so they follow the glossary."""
    for term in glossary:
        if term.note is not None:
            yield Pair(f"data/glossary.yml#{term.zh}", "note", term.note)


def test_glossary_terms_are_translated_the_same_way_everywhere(pairs, glossary):
    problems = offences(pairs + list(note_pairs(glossary)), glossary)
    assert not problems, f"{len(problems)} glossary term(s) translated otherwise:\n" + "\n".join(problems)


def test_glossary_has_no_duplicate_chinese(glossary):
    seen: dict[str, str] = {}
    duplicates = []
    for term in glossary:
        for spelling in spellings(term):
            if spelling in seen:
                duplicates.append(f"{spelling} (in {seen[spelling]} and {term.zh})")
            seen[spelling] = term.zh
    assert not duplicates, "duplicate Chinese in the glossary: " + "; ".join(duplicates)


def test_glossary_has_no_duplicate_english(glossary):
    ens = [term.en.casefold() for term in glossary]
    assert len(ens) == len(set(ens)), sorted(e for e in ens if ens.count(e) > 1)


def test_every_glossary_term_occurs_in_the_data(pairs, glossary):
    unused = [
        spelling
        for term in glossary
        for spelling in spellings(term)
        if not any(spelling in p.text.zh for p in pairs)
    ]
    assert not unused, "glossary spellings that occur nowhere in the data: " + ", ".join(unused)


def test_every_glossary_term_has_a_note_in_both_languages(glossary):
    missing = [term.zh for term in glossary if term.note is None]
    assert not missing, "terms without a note: " + ", ".join(missing)


# The rule itself, on made-up texts, so that it cannot quietly stop catching anything.


def _term(zh, en, variants=(), en_variants=()):
    return GlossaryTerm(zh=zh, en=en, variants=list(variants), en_variants=list(en_variants))


def test_the_rule_catches_a_term_translated_otherwise():
    glossary = [_term("残疾人", "people with disabilities"), _term("重度残疾人", "people with severe disabilities")]
    bad = Pair("x.yml#a", "text", Text(zh="为残疾人提供补贴", en="Subsidies for the disabled"))
    problems = offences([bad], glossary)
    assert len(problems) == 1 and "残疾人" in problems[0] and "x.yml#a text" in problems[0]


def test_the_rule_accepts_variants_case_and_longer_terms():
    glossary = [
        _term("残疾人", "people with disabilities"),
        _term("重度残疾人", "people with severe disabilities"),
        _term("最低生活保障", "minimum living allowance", variants=["低保"], en_variants=["minimum-living-allowance"]),
    ]
    good = [
        Pair("a", "text", Text(zh="重度残疾人护理补贴", en="Care subsidy for people with severe disabilities")),
        Pair("b", "text", Text(zh="低保家庭", en="Minimum-living-allowance households")),
        Pair("c", "text", Text(zh="最低生活保障", en="Minimum Living Allowance")),
    ]
    assert offences(good, glossary) == []
    # the shorter term still counts where it occurs on its own
    mixed = Pair("d", "text", Text(zh="残疾人和重度残疾人", en="people with severe disabilities"))
    assert [p.split(": ")[1].split(" ")[0] for p in offences([mixed], glossary)] == ["残疾人"]


def test_the_rule_reports_every_offence_at_once():
    glossary = [_term("托位", "childcare place"), _term("公租房", "public rental housing")]
    pairs = [
        Pair("a", "name", Text(zh="托位数", en="Nursery places")),
        Pair("b", "text", Text(zh="公租房和托位", en="Social housing and crèche places")),
    ]
    assert len(offences(pairs, glossary)) == 3


# ---- the glossary page ----------------------------------------------------------------


@pytest.mark.parametrize("page,lang", [("glossary/index.html", "zh"), ("en/glossary/index.html", "en")])
def test_glossary_page_lists_every_term_in_both_languages(built_site, glossary, page, lang):
    path = built_site / page
    assert path.is_file(), f"{page} was not built"
    text = html.unescape(path.read_text(encoding="utf-8"))
    missing = []
    for term in glossary:
        for piece in (term.zh, *term.variants, term.en, term.note[lang] if term.note else None):
            if piece is not None and piece not in text:
                missing.append(piece)
    assert not missing, f"{page} lacks: " + " | ".join(missing)
