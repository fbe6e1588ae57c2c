"""The entitlement finder's data: every service of every city, with who it is for
and its standard in one line, in one language. The page's script
(theme/assets/javascripts/finder.js) only matches answers against this."""

from __future__ import annotations

from . import formatting
from .i18n import t, url_prefix
from .pages import page_url
from ..data.schema import ItemKind
from .sitemodel import audience_path, domain_name, item_path
from ..data.validate import Dataset


def standard_line(item, lang: str) -> str:
    """The one-line summary of what a person gets: the first figures a resident or household
    receives, or nothing. Funding paid to institutions and programme targets are never shown
    here, where a reader would take them for a personal entitlement (issue 14)."""
    sep = t(lang, "list_separator")
    personal = [s for s in item.standards if formatting.personal(s)]
    return sep.join(formatting.standard(s, lang) for s in personal[:2])


def finder_data(dataset: Dataset, lang: str) -> dict:
    domains = {d.id: d for d in dataset.domains}
    return {
        "lang": lang,
        "audiences": [
            {"id": a.id, "finder": a.finder, "min_age": a.min_age, "max_age": a.max_age,
             "name": a.name[lang], "question": a.question[lang]}
            for a in dataset.audiences
        ],
        "cities": [
            {
                "id": city.city.id,
                "name": city.city.name[lang],
                "services": [
                    {
                        "id": item.id,
                        "title": item.title[lang],
                        "domain": domain_name(city, domains[item.domain], lang),
                        "audiences": item.audiences,
                        "standard": standard_line(item, lang),
                        "url": page_url(url_prefix(lang) + item_path(city.city.id, item)),
                    }
                    for item in city.items
                    if item.kind is ItemKind.service
                ],
                "audience_pages": {
                    a.id: page_url(url_prefix(lang) + audience_path(city.city.id, a.id)) for a in dataset.audiences
                },
            }
            for city in dataset.cities
        ],
    }

