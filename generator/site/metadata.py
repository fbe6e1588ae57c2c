"""Each generated page's <title> and meta description: they name the city and the indicator or
service, so that a search result, a browser tab or a shared link says which page it is (issue 16).

The front matter carries them (generator/generate.py): `head_title` (theme/main.html puts it in
<title>) and `description` (mkdocs-material's <meta name="description">). Both are plain text.
"""

from __future__ import annotations

import html
import re

from .i18n import rules, t
from .sitemodel import Page

_SUMMARY = re.compile(r'<p class="(?:embed__)?summary">(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")


def head_title(page: Page) -> str:
    """The page's title, with its city when the title does not already name it."""
    city = page.context.get("city")
    if city is None:
        return page.title
    name = city.city.name[page.lang]
    return page.title if name in page.title else f"{page.title} · {name}"


def description(page: Page, body: str) -> str:
    """One sentence on what the page holds, naming its city and its indicator, service or topic."""
    lang, ctx = page.lang, page.context
    city = ctx.get("city")
    city_name = city.city.name[lang] if city else ""
    template = page.template.removesuffix(".md.j2")
    if template in ("indicator", "embed"):
        summary = _summary_of(body)
        return t(lang, "describe_indicator", city=city_name, summary=summary) if summary else \
            t(lang, "describe_indicator_plain", city=city_name, name=ctx["indicator"].name[lang])
    if template == "item":
        item = ctx["item"]
        return t(lang, f"describe_{item.kind.value}", city=city_name, title=item.title[lang])
    if template == "domain":
        return t(lang, "describe_domain", city=city_name, title=page.title)
    if template == "audience":
        return t(lang, "describe_audience", city=city_name, audience=ctx["audience"].name[lang])
    if template in ("city", "indicators", "source"):
        return t(lang, f"describe_{template}", city=city_name)
    if template == "compare":
        return t(lang, "describe_compare", title=page.title)
    return describe_page(page.title, lang, ctx.get("dataset"))


def describe_page(title: str, lang: str, dataset) -> str:
    """A page about the whole site (portal, hand-written): its title and the cities the site covers."""
    names = [c.city.name[lang] for c in dataset.cities] if dataset else []
    if len(names) < 2:
        cities = "".join(names)
    else:
        cities = t(lang, "list_and", first=rules(lang).enumeration.join(names[:-1]), last=names[-1])
    return t(lang, "describe_page", title=title, cities=cities)


def _summary_of(body: str) -> str:
    """The summary sentence the page shows under its heading (indicator pages), as plain text."""
    found = _SUMMARY.search(body)
    return html.unescape(_TAG.sub("", found.group(1))).strip() if found else ""
