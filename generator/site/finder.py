"""The entitlement finder's data: every service of every city, with who it is for, the
ages it is limited to and each figure a person may get, in one language. The page's
script (theme/assets/javascripts/finder.js) only matches answers against this.

Every rule the finder applies comes from data/: audiences (data/audiences.yml: the
questions, the age an audience starts at, follow-up answers and their words, the
indicators that concern a group) and the items' age standards (`limits_item`). Nothing
about a person is decided in the script that this module did not put in its data.
"""

from __future__ import annotations

from . import formatting
from .i18n import rules, t, url_prefix
from .next_step import next_step
from .pages import page_url
from ..data.schema import Audience, Item, ItemKind, Standard, StandardKind
from ..data.validate import CityData, Dataset, finder_texts
from .sitemodel import audience_path, domain_name, indicator_path, item_path

# The order in which a person's figures are shown: money first, an age last (it says who, not what).
_KIND_ORDER = {StandardKind.amount: 0, StandardKind.percentage: 1, StandardKind.count: 2,
               StandardKind.duration: 3, StandardKind.age: 4}


def standard_line(item, lang: str) -> str:
    """The one-line summary of what a person gets: the first figures a resident or household
    receives, or nothing. Funding paid to institutions and programme targets are never shown
    here, where a reader would take them for a personal entitlement (issue 14)."""
    sep = t(lang, "list_separator")
    personal = [s for s in item.standards if formatting.personal(s)]
    return sep.join(formatting.standard(s, lang) for s in personal[:2])


def options_in(text: str, options: dict[str, list[str]]) -> list[str]:
    """The follow-up answers (id → words) whose words occur in a text."""
    return [oid for oid, words in options.items() if any(w in text for w in words)]


def figures(item: Item, options: dict[str, list[str]], lang: str) -> list[dict]:
    """Each figure a person may get from the item, in the order a person wants them: the text,
    the ages it is for (whole years, None for no bound) and the answers its label names. A
    standard whose tiers name answers (小学 / 初中) becomes one figure per tier, so that a
    junior pupil's parent sees the junior figure first."""
    out = []
    for std in sorted((s for s in item.standards if formatting.personal(s)), key=lambda s: _KIND_ORDER[s.kind]):
        bounds = std.age_bounds()
        tiers_named = std.tiers and any(options_in(t.label.zh, options) for t in std.tiers)
        parts: list[tuple[Standard, str]] = (
            [(std.model_copy(update={"tiers": [t]}), f"{std.label.zh} {t.label.zh}") for t in std.tiers]
            if tiers_named else [(std, " ".join([std.label.zh, *(t.label.zh for t in std.tiers)]))])
        for part, words_text in parts:
            out.append({"text": formatting.standard(part, lang), "age": bool(bounds),
                        "ages": list(bounds) if bounds else None, "options": options_in(words_text, options)})
    return out


def item_ages(item: Item) -> list[list]:
    """The age ranges the whole item is limited to (`limits_item`), or [] for every age."""
    return [list(bounds) for s in item.standards if s.limits_item and (bounds := s.age_bounds())]


def _options(dataset: Dataset, item: Item) -> dict[str, list[str]]:
    return {o.id: o.words for a in dataset.audiences if a.details and a.id in item.audiences for o in a.details.options}


def _audience(a: Audience, lang: str) -> dict:
    return {"id": a.id, "finder": a.finder, "min_age": a.min_age, "max_age": a.max_age, "child": a.child,
            "name": a.name[lang], "question": a.question[lang],
            "details": None if a.details is None else {
                "question": a.details.question[lang],
                "options": [{"id": o.id, "label": o.label[lang]} for o in a.details.options]}}


def _service(dataset: Dataset, city: CityData, item: Item, lang: str) -> dict:
    domains = {d.id: d for d in dataset.domains}
    options = _options(dataset, item)
    where = " ".join(finder_texts(item)[:2])
    return {
        "id": item.id,
        "title": item.title[lang],
        "domain": domain_name(city, domains[item.domain], lang),
        "audiences": item.audiences,
        "url": _url(lang, item_path(city.city.id, item)),
        "eligibility": item.eligibility[lang] if item.eligibility else "",
        "ages": item_ages(item),
        "options": options_in(where, options),
        "figures": figures(item, options, lang),
        "next": next_step(dataset, city, item, lang),
    }


def _url(lang: str, path: str) -> str:
    return page_url(url_prefix(lang) + path)


def _promises(dataset: Dataset, city: CityData, lang: str) -> dict:
    """Per audience, what the plan promises the group besides services: its projects and the
    main indicators of the group's codes, shown when the city has no service for it."""
    out = {}
    for a in dataset.audiences:
        projects = [{"title": i.title[lang], "url": _url(lang, item_path(city.city.id, i))}
                    for i in city.items if i.kind is ItemKind.project and a.id in i.audiences]
        indicators = [{"title": ind.name[lang], "target": formatting.figure(ind.target, ind.unit, lang),
                       "url": _url(lang, indicator_path(city.city.id, ind.id))}
                      for code in a.indicators for ind in city.indicators if ind.code == code]
        out[a.id] = {"projects": projects, "indicators": indicators}
    return out


def finder_data(dataset: Dataset, lang: str) -> dict:
    return {
        "lang": lang,
        "audiences": [_audience(a, lang) for a in dataset.audiences],
        "cities": [
            {
                "id": city.city.id,
                "name": city.city.name[lang],
                "services": [_service(dataset, city, item, lang) for item in city.items if item.kind is ItemKind.service],
                "promises": _promises(dataset, city, lang),
                "audience_pages": {a.id: _url(lang, audience_path(city.city.id, a.id)) for a in dataset.audiences},
            }
            for city in dataset.cities
        ],
    }


# The interface strings the script uses (generator/site/i18n.py keys without `finder_`).
_TEXT_KEYS = ("choose_city", "count", "count_one", "general", "specific", "age_invalid", "unknown", "check",
              "answer_city", "answer_age", "answer_child_age", "answer_situations", "not_given", "change", "print",
              "share", "start", "not_your_age", "other_cases", "figure_not_age", "next", "eligibility",
              "nothing_for", "promises", "projects", "indicators", "compare", "compare_one", "no_general")


def finder_text(lang: str) -> dict:
    text = {key: t(lang, f"finder_{key}") for key in _TEXT_KEYS}
    text.update(sep=rules(lang).list_separator, colon=rules(lang).colon)
    return text
