"""Stage 3: from the validated dataset, decide which pages exist, where, and in what order.

A ``Page`` is language-specific; its ``src_uri`` is where MkDocs finds it. The
Chinese page lives at the root and its English twin at ``en/`` + the same path,
so the language switch always lands on the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .i18n import LANG_NAMES, LANGS, rules, t, url_prefix
from ..data.provenance import PRACTICAL_FIELDS
from ..data.schema import Document, Domain, Indicator, Item, ItemKind, Source
from ..data.validate import CityData, Dataset


@dataclass(frozen=True)
class Page:
    lang: str
    path: str  # language-independent path, e.g. cities/shangrao/indicators/life-expectancy.md
    template: str
    title: str
    context: dict[str, Any] = field(hash=False, compare=False)
    # "Cite this": (what the page shows with its city, where in which plan); the URL and date
    # are added when the page is rendered (generator/site/citation.py). None: not citable.
    cite: tuple[str, str] | None = None
    origin: tuple[str, int] = ("", 0)  # the data file (and line) this page shows, for "edit this"

    @property
    def src_uri(self) -> str:
        return url_prefix(self.lang) + self.path


# Language-independent paths: one function each, so links and pages agree.
def city_path(city: str) -> str:
    return f"cities/{city}/index.md"


def indicators_path(city: str) -> str:
    return f"cities/{city}/indicators/index.md"


def indicator_path(city: str, indicator: str) -> str:
    return f"cities/{city}/indicators/{indicator}.md"


def domain_path(city: str, domain: str) -> str:
    return f"cities/{city}/domains/{domain}.md"


def item_path(city: str, item: Item) -> str:
    folder = "services" if item.kind is ItemKind.service else "projects"
    return f"cities/{city}/{folder}/{item.id}.md"


GLOSSARY_PATH = "glossary.md"
DATA_PATH = "data.md"  # the Data page: downloads, data packages, the JSON API, the licence
FINDER_PATH = "finder.md"
CHANGES_PATH = "changes.md"
FIELDREF_PATH = "guide/fields.md"
ERRORREF_PATH = "guide/errors.md"  # generated from the error catalogue (generator/data/messages.py)


def audience_path(city: str, audience: str) -> str:
    return f"cities/{city}/for/{audience}.md"


def embed_path(city: str, indicator: str) -> str:
    return f"cities/{city}/indicators/{indicator}/embed.md"


COMPARE_PATH = "compare/index.md"


def compare_path(code: str) -> str:
    return f"compare/{code}.md"


def compare_embed_path(code: str) -> str:
    return f"compare/{code}/embed.md"


def source_path(city: str) -> str:
    return f"cities/{city}/source.md"


DOCUMENTS_PATH = "documents/index.md"  # every document the site cites


def document_path(document: str) -> str:
    """The full-text page of a registered document (a notice, a standard); a plan's is source_path."""
    return f"documents/{document}.md"


def cited_document(dataset: Dataset, city: CityData, source: Source) -> Document:
    """The document a source cites (validation made sure it is registered for this city)."""
    return next(d for d in dataset.documents_of(city) if d.id == source.document)


def document_page(dataset: Dataset, document: Document) -> str:
    """The page holding a document's full text: the city's plan page, or the document's own page."""
    for city in dataset.cities:
        if city.city.document.id == document.id:
            return source_path(city.city.id)
    return document_path(document.id)


# ---- what a resident needs to act (issue 15) ---------------------------------------


@dataclass(frozen=True)
class PracticalField:
    """One practical field of a service, as the page (and the finder's "what to do next") shows it.

    `name` is the schema's field (funding, lead_department, how_to_apply, fee, opening, contact);
    `value` the validated model, or None when no registered document states it. Then `checked`
    lists the documents that were looked at — the city's plan alone, or every document the site
    holds for the city — so that the gap can say which documents do not state it."""

    name: str
    value: BaseModel | None
    document: Document | None  # the document `value` cites
    checked: tuple[Document, ...]

    @property
    def known(self) -> bool:
        return self.value is not None

    def gap(self, lang: str, name_documents: bool = True) -> str:
        """The honest gap in plain words: 规划未写明办理方式 / The plan does not say how to apply; with
        more documents than the plan, 本站所收文件（《…》《…》）均未写明办理方式 (without naming them when
        the page lists them once for all its gaps: checked_documents)."""
        what = t(lang, f"gap_{self.name}")
        if len(self.checked) == 1:
            return t(lang, "gap_plan", what=what)
        if not name_documents:
            return t(lang, "gap_documents_listed", what=what)
        return t(lang, "gap_documents", what=what, documents=checked_titles(self.checked, lang))


def checked_titles(documents, lang: str) -> str:
    """The titles of the documents a gap was checked against, as a sentence lists them."""
    rule = rules(lang)
    return rule.title_separator.join(rule.listed_title.format(zh=d.title.zh, en=d.title.en) for d in documents)


def practical_fields(dataset: Dataset, city: CityData, item: Item) -> list[PracticalField]:
    """The item's practical fields in the national standard's order, known or not."""
    checked = tuple(dataset.documents_of(city))
    out = []
    for name in PRACTICAL_FIELDS:
        value = getattr(item, name)
        document = cited_document(dataset, city, value.source) if value is not None else None
        out.append(PracticalField(name, value, document, checked))
    return out


def next_steps(dataset: Dataset, city: CityData, item: Item) -> list[PracticalField]:
    """What a resident does next, in the order they need it: how to apply, where and when, the
    cost, whom to ask (the finder's "what to do next"); unknown ones included, with their gap."""
    wanted = ("how_to_apply", "opening", "fee", "contact")
    by_name = {f.name: f for f in practical_fields(dataset, city, item)}
    return [by_name[name] for name in wanted]


@dataclass
class SiteModel:
    dataset: Dataset
    pages: list[Page]
    nav: list[dict]  # MkDocs `nav`: one top-level section per language

    history: list = field(default_factory=list)  # [changes.Recorded], newest first: set by the build
    # Set by the generate stage, for the Data page: each published file's size in bytes (as
    # written), and the date the data last changed (git; else the build date).
    file_sizes: dict = field(default_factory=dict)
    data_updated: str = ""

    def __post_init__(self) -> None:
        self.page_by_uri = {p.src_uri: p for p in self.pages}


def domains_of(city: CityData, dataset: Dataset) -> list[Domain]:
    """The shared domains this city has entries for, in the shared order."""
    used = {i.domain for i in city.indicators} | {i.domain for i in city.items} | {o.domain for o in city.overviews}
    return [d for d in dataset.domains if d.id in used]


def domain_name(city: CityData, domain: Domain, lang: str) -> str:
    for overview in city.overviews:
        if overview.domain == domain.id and overview.local_name:
            return overview.local_name[lang]
    return domain.name[lang]


def registered_documents(dataset: Dataset) -> list[Document]:
    """The documents besides the plans, each once: the cities' own, then the site-wide ones."""
    return [d for d in dataset.all_documents() if not dataset.is_plan(d)]


def document_cities(dataset: Dataset, document: Document) -> list[CityData]:
    """The cities that registered a document; empty for a site-wide one."""
    return [c for c in dataset.cities if any(d.id == document.id for d in (c.city.document, *c.city.documents))]


def build_site_model(dataset: Dataset) -> SiteModel:
    pages: list[Page] = []
    nav: list[dict] = []
    for lang in LANGS:
        lang_nav: list[Any] = [{t(lang, "home"): url_prefix(lang) + "index.md"},
                               {t(lang, "finder"): url_prefix(lang) + FINDER_PATH}]
        pages.append(Page(lang, FINDER_PATH, "finder.md.j2", t(lang, "finder"), {"dataset": dataset}))
        for city in dataset.cities:
            city_pages = _city_pages(city, dataset, lang)
            pages.extend(city_pages)
            lang_nav.append({city.city.name[lang]: _city_nav(city, dataset, lang)})
        codes = comparable_codes(dataset)
        if len(dataset.cities) > 1 and codes:
            pages.append(Page(lang, COMPARE_PATH, "compare_index.md.j2", t(lang, "compare"), {"dataset": dataset, "codes": codes}))
            for code in codes:
                rows = by_code(dataset, code)
                first = next(i for _, i in rows if i is not None)
                title = f"{t(lang, 'compare')} · {first.name[lang]}"
                ctx = {"dataset": dataset, "code": code, "rows": rows}
                cite = compare_cite(rows, lang)
                pages.append(Page(lang, compare_path(code), "compare.md.j2", title, ctx, cite))
                pages.append(Page(lang, compare_embed_path(code), "compare_embed.md.j2", title, ctx, cite))
            lang_nav.append({t(lang, "compare"): url_prefix(lang) + COMPARE_PATH})
        if dataset.glossary:
            pages.append(Page(lang, GLOSSARY_PATH, "glossary.md.j2", t(lang, "glossary"), {"dataset": dataset}))
            lang_nav.append({t(lang, "glossary"): url_prefix(lang) + GLOSSARY_PATH})
        pages.append(Page(lang, DOCUMENTS_PATH, "documents.md.j2", t(lang, "documents"), {"dataset": dataset}))
        for document in registered_documents(dataset):
            pages.append(Page(lang, document_path(document.id), "document.md.j2", document.title[lang],
                              {"dataset": dataset, "document": document}))
        lang_nav.append({t(lang, "documents"): url_prefix(lang) + DOCUMENTS_PATH})
        pages.append(Page(lang, DATA_PATH, "data.md.j2", t(lang, "open_data"), {"dataset": dataset}))
        lang_nav.append({t(lang, "open_data"): url_prefix(lang) + DATA_PATH})
        pages.append(Page(lang, CHANGES_PATH, "changes.md.j2", t(lang, "changes"), {"dataset": dataset}))
        lang_nav.append({t(lang, "changes"): url_prefix(lang) + CHANGES_PATH})
        pages.append(Page(lang, FIELDREF_PATH, "fieldref.md.j2", t(lang, "fieldref"), {"dataset": dataset}))
        pages.append(Page(lang, ERRORREF_PATH, "errors.md.j2", t(lang, "errorref"), {"dataset": dataset}))
        lang_nav.append({t(lang, "guide"): [url_prefix(lang) + "guide/index.md",
                                            {t(lang, "fieldref"): url_prefix(lang) + FIELDREF_PATH},
                                            {t(lang, "errorref"): url_prefix(lang) + ERRORREF_PATH}]})
        lang_nav.append({t(lang, "about"): [url_prefix(lang) + "about.md",
                                            {t(lang, "accessibility"): url_prefix(lang) + "accessibility.md"}]})
        nav.append({LANG_NAMES[lang]: lang_nav})
    return SiteModel(dataset, pages, nav)


def _city_nav(city: CityData, dataset: Dataset, lang: str) -> list:
    p = url_prefix(lang)
    cid = city.city.id
    entries: list[Any] = [
        {t(lang, "city_overview"): p + city_path(cid)},
        {t(lang, "indicators"): p + indicators_path(cid)},
    ]
    for domain in domains_of(city, dataset):
        entries.append({domain_name(city, domain, lang): p + domain_path(cid, domain.id)})
    entries.append({t(lang, "full_text"): p + source_path(cid)})
    return entries


def _city_pages(city: CityData, dataset: Dataset, lang: str) -> list[Page]:
    cid = city.city.id
    name = city.city.name[lang]
    domains = domains_of(city, dataset)
    common = {"city": city, "dataset": dataset, "domains": domains}
    pages = [
        Page(lang, city_path(cid), "city.md.j2", name, common),
        Page(lang, indicators_path(cid), "indicators.md.j2", f"{name} · {t(lang, 'indicators')}", common),
        Page(lang, source_path(cid), "source.md.j2", f"{name} · {t(lang, 'full_text')}", common),
    ]
    for domain in domains:
        items = [i for i in city.items if i.domain == domain.id]
        indicators = [i for i in city.indicators if i.domain == domain.id]
        pages.append(Page(lang, domain_path(cid, domain.id), "domain.md.j2",
                          f"{name} · {domain_name(city, domain, lang)}",
                          {**common, "domain": domain, "items": items, "domain_indicators": indicators}))
    for audience in dataset.audiences:
        services = [i for i in city.items if audience.id in i.audiences and i.kind is ItemKind.service]
        projects = [i for i in city.items if audience.id in i.audiences and i.kind is ItemKind.project]
        pages.append(Page(lang, audience_path(cid, audience.id), "audience.md.j2",
                          f"{name} · {audience.name[lang]}",
                          {**common, "audience": audience, "services": services, "projects": projects}))
    for indicator in city.indicators:
        ctx = {**common, "indicator": indicator}
        cite = cite_text(city, indicator.name[lang], indicator.source, lang)
        pages.append(Page(lang, indicator_path(cid, indicator.id), "indicator.md.j2", indicator.name[lang], ctx, cite))
        pages.append(Page(lang, embed_path(cid, indicator.id), "embed.md.j2", f"{indicator.name[lang]} · {name}", ctx, cite))
    for item in city.items:
        pages.append(Page(lang, item_path(cid, item), "item.md.j2", item.title[lang], {**common, "item": item},
                          cite_text(city, item.title[lang], item.source, lang)))
    return pages


def cite_text(city: CityData, what: str, source, lang: str) -> tuple[str, str]:
    """What a page shows and where it comes from, e.g. ("上饶市：人均预期寿命",
    "《上饶市“十四五”公共服务体系建设规划》（上饶市人民政府，2022-05-31），主要指标表第 8 行。")."""
    doc = city.city.document
    place = place_of(source, lang)
    title = rules(lang).cited_title.format(zh=doc.title.zh, en=doc.title.en)
    return (t(lang, "cite_title", city=city.city.name[lang], what=what),
            t(lang, "cite_source", title=title, issuer=doc.issuer[lang], date=doc.date, place=place))


def compare_cite(rows: list[tuple[CityData, Indicator | None]], lang: str) -> tuple[str, str]:
    """A comparison's citation: what it compares, and the passage of each city's plan."""
    present = [(city, ind) for city, ind in rows if ind is not None]
    name = present[0][1].name[lang]
    sources = [cite_text(city, ind.name[lang], ind.source, lang)[1] for city, ind in present]
    return t(lang, "cite_title", city=t(lang, "compare"), what=name), rules(lang).space.join(sources)


def cite_sentence(cite: tuple[str, str], lang: str) -> str:
    """The two parts as one sentence, e.g. 上饶市：人均预期寿命。《…》（…），主要指标表第 8 行。"""
    title, source = cite
    return t(lang, "cite_sentence", title=title, source=source)


def place_of(source, lang: str) -> str:
    """Where in its document a source is: 主要指标表第 8 行 / main-indicator table, row 8, …"""
    if source.table:
        return t(lang, "row", n=source.row)
    if source.box:
        return f"{t(lang, 'box')} {source.box}" + (f"{rules(lang).comma}{t(lang, 'item', n=source.item)}" if source.item else "")
    return t(lang, "chapter", n=source.chapter)


def comparable_codes(dataset: Dataset) -> list[str]:
    """Indicator codes, in the order of the shared domains, then of first appearance."""
    seen: dict[str, Indicator] = {}
    for city in dataset.cities:
        for ind in city.indicators:
            if ind.code and ind.code not in seen:
                seen[ind.code] = ind
    order = {d.id: n for n, d in enumerate(dataset.domains)}
    return sorted(seen, key=lambda code: (order.get(seen[code].domain, 99), list(seen).index(code)))


def by_code(dataset: Dataset, code: str) -> list[tuple[CityData, Indicator | None]]:
    """Each city with its indicator of this code, or None where the city has none."""
    return [(c, next((i for i in c.indicators if i.code == code), None)) for c in dataset.cities]


def related_indicators(city: CityData, item: Item) -> list[Indicator]:
    return [i for i in city.indicators if i.domain == item.domain]


def origin_of(page: Page) -> tuple[str, int]:
    """The data file (relative to the project) and line that a generated page shows."""
    ctx = page.context
    city = ctx.get("city")
    if "indicator" in ctx:  # an indicator's or an item's page has its city too
        return ctx["city"].origins.get(f"indicators:{ctx['indicator'].id}", ("", 0))
    if "item" in ctx:
        return ctx["city"].origins.get(f"items:{ctx['item'].id}", ("", 0))
    if "audience" in ctx or page.template == "finder.md.j2":
        return ("data/audiences.yml", 0)
    if page.template == "data.md.j2":
        return ("data/licence.yml", 0)
    if page.template == "glossary.md.j2":
        return ("data/glossary.yml", 0)
    if page.template == "changes.md.j2":
        return ("data", 0)
    if page.template == "document.md.j2":
        return (f"data/sources/{ctx['document'].file}", 0)
    if page.template == "documents.md.j2":
        return ("data/documents.yml", 0) if ctx["dataset"].documents else ("data", 0)
    if page.template == "fieldref.md.j2":
        return ("generator/data/schema.py", 0)
    if page.template == "errors.md.j2":
        return ("generator/data/messages.py", 0)
    if page.template.startswith("compare"):
        return ("data/cities", 0)
    if city is None:
        return ("data", 0)
    folder = f"data/cities/{city.city.id}"
    if "domain" in ctx:
        return (f"{folder}/domains/{ctx['domain'].id}.yml", 0)
    if page.template == "indicators.md.j2":
        return (f"{folder}/indicators.yml", 0)
    if page.template == "source.md.j2":
        return (f"data/sources/{city.city.document.file}", 0)
    return (f"{folder}/city.yml", 0)
