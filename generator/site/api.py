"""A static JSON API, versioned: ``api/v1/``.

    api/v1/index.json                                  the cities, with links to everything below
    api/v1/cities/<city>/items.json                    the city's services and projects
    api/v1/cities/<city>/standards.json                every structured standard, with its item
    api/v1/cities/<city>/indicators.json               the city's main indicators
    api/v1/cities/<city>/items/<item>.json             one item (a stable URL: the item's id is a permalink)
    api/v1/cities/<city>/indicators/<indicator>.json   one indicator
    api/v1/schema/<Document>.schema.json               the JSON Schema of each kind of document above

Every document describes itself: `$schema` (its JSON Schema's URL), `api`, `generated_at`
(the build time, pinned by SOURCE_DATE_EPOCH), `licence` (data/licence.yml) and `sources`
(the plans). The shapes are the data schema's own models (generator/data/schema.py: Item,
Indicator, Standard, Document…) inside the envelopes below, and the published JSON Schemas
are generated from the same classes: nothing is described twice.
"""

from __future__ import annotations

import json
import posixpath
from typing import Literal, Optional

from pydantic import ConfigDict, Field

from .. import settings
from ..data.schema import Document, RegisteredDocument, Indicator, Item, LicenceFile, Slug, Standard, Strict, Text
from ..data.validate import CityData, Dataset
from .sitemodel import city_path, document_page, indicator_path, item_path, source_path

VERSION = "v1"
API = f"api/{VERSION}"


def index_file() -> str:
    return f"{API}/index.json"


def _city_folder(city: str) -> str:
    """cities/<city>: the city's folder on the site; the API keeps the site's layout under api/v1/."""
    return posixpath.dirname(city_path(city))


def city_file(city: str, what: str) -> str:
    """`what`: items, standards or indicators."""
    return f"{API}/{_city_folder(city)}/{what}.json"


def item_file(city: str, item: str) -> str:
    # items/, not the page's services/ or projects/: an item's document keeps its address
    # whatever its kind (the id is the permalink), and both kinds are listed in items.json.
    return f"{API}/{_city_folder(city)}/items/{item}.json"


def indicator_file(city: str, indicator: str) -> str:
    """The indicator page's path, under api/v1/ and as JSON."""
    return f"{API}/{indicator_path(city, indicator).removesuffix('.md')}.json"


def schema_file(name: str) -> str:
    return f"{API}/schema/{name}.schema.json"


def absolute(site_url: str, path: str) -> str:
    """A file's URL: absolute with a site URL, else site-relative (/api/v1/…)."""
    return (site_url.rstrip("/") + "/" if site_url else "/") + path


# ---- the documents' shapes -------------------------------------------------------------


class Pages(Strict):
    """A page of the site in each language."""

    zh: str = Field(description="The page in Chinese (the site's root).")
    en: str = Field(description="The page in English (under /en/).")


class SourceRef(Strict):
    document: RegisteredDocument | Document = Field(
        description="A document the entries cite: the plan, or a registered notice or standard (with its kind and "
        "address): id, title, issuer, date, number and text file (data/sources/).")
    text: Pages = Field(description="The document's full text on this site, with an anchor per box and item (a plan) "
                        "or per chapter, section and article (another document).")


class Envelope(Strict):
    """What every document of the API says about itself."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: str = Field(alias="$schema", description="The URL of this document's JSON Schema.")
    api: Literal["v1"] = Field(description="The API version; a new version gets a new folder (api/v2/).")
    generated_at: str = Field(description="When the site was built (UTC, ISO 8601), pinned by SOURCE_DATE_EPOCH.")
    licence: Optional[LicenceFile] = Field(description="How the data may be reused (data/licence.yml).")
    sources: list[SourceRef] = Field(description="The plans the data comes from.")


class ItemDocument(Envelope):
    city: Slug
    page: Pages = Field(description="The item's page on the site.")
    item: Item = Field(description="The item as the data holds it: standards, eligibility, verbatim source.")


class IndicatorDocument(Envelope):
    city: Slug
    page: Pages = Field(description="The indicator's page on the site.")
    csv: str = Field(description="The indicator's figures as CSV (one row per year and role).")
    indicator: Indicator = Field(description="The indicator as the data holds it: baseline, target, observations, source.")


class ItemEntry(Strict):
    url: str = Field(description="The item's own document.")
    page: Pages
    item: Item


class IndicatorEntry(Strict):
    url: str = Field(description="The indicator's own document.")
    page: Pages
    indicator: Indicator


class StandardEntry(Strict):
    item: Slug = Field(description="The id of the item the standard belongs to.")
    kind: Literal["service", "project"] = Field(description="The item's kind.")
    standard: int = Field(ge=1, description="The standard's position within its item, from 1.")
    url: str = Field(description="The item's own document.")
    value: Standard = Field(description="The standard as the data holds it.")


class CityItems(Envelope):
    city: Slug
    items: list[ItemEntry]


class CityStandards(Envelope):
    city: Slug
    standards: list[StandardEntry]


class CityIndicators(Envelope):
    city: Slug
    indicators: list[IndicatorEntry]


class CityEntry(Strict):
    id: Slug
    name: Text
    province: Text
    items: str = Field(description="URL of the city's items.")
    standards: str = Field(description="URL of the city's standards.")
    indicators: str = Field(description="URL of the city's indicators.")
    downloads: str = Field(description="URL of the city's Frictionless Data Package (CSV and JSON tables).")
    counts: dict[str, int] = Field(description="How many items, standards and indicators the city has.")


class Index(Envelope):
    cities: list[CityEntry]
    downloads: str = Field(description="URL of the whole site's Frictionless Data Package.")


DOCUMENTS: tuple[type[Envelope], ...] = (Index, CityItems, CityStandards, CityIndicators, ItemDocument, IndicatorDocument)


def json_schema(model: type[Envelope], site_url: str = "") -> dict:
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": absolute(site_url, schema_file(model.__name__)), **schema}


# ---- the documents ------------------------------------------------------------------


def _dump(doc: Envelope) -> str:
    return json.dumps(doc.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=1) + "\n"


class _Builder:
    def __init__(self, dataset: Dataset, site_url: str):
        self.dataset = dataset
        self.site_url = site_url
        self.generated_at = settings.build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")

    def url(self, path: str) -> str:
        return absolute(self.site_url, path)

    def pages(self, path: str) -> Pages:
        from .downloads import _lang_urls

        return Pages(**_lang_urls(self.site_url, path))

    def source(self, city: CityData) -> SourceRef:
        return SourceRef(document=city.city.document, text=self.pages(source_path(city.city.id)))

    def sources(self, city: CityData) -> list[SourceRef]:
        """Every document the city's entries may cite: its plan first, then its own and the site's."""
        return [SourceRef(document=d, text=self.pages(document_page(self.dataset, d))) for d in self.dataset.documents_of(city)]

    def envelope(self, model: type[Envelope], sources: list[SourceRef], **fields) -> Envelope:
        return model(**{"$schema": self.url(schema_file(model.__name__))}, api=VERSION, generated_at=self.generated_at,
                     licence=self.dataset.licence, sources=sources, **fields)


def all_files(dataset: Dataset, site_url: str = "") -> dict[str, str]:
    """Every document of the API and its JSON Schemas, path → content."""
    from . import downloads

    b = _Builder(dataset, site_url)
    files: dict[str, str] = {}
    entries = []
    for city in dataset.cities:
        cid = city.city.id
        src = b.sources(city)
        items, standards, indicators = [], [], []
        for item in city.items:
            url, page = b.url(item_file(cid, item.id)), b.pages(item_path(cid, item))
            files[item_file(cid, item.id)] = _dump(b.envelope(ItemDocument, src, city=cid, page=page, item=item))
            items.append(ItemEntry(url=url, page=page, item=item))
            standards += [StandardEntry(item=item.id, kind=item.kind.value, standard=n, url=url, value=std)
                          for n, std in enumerate(item.standards, start=1)]
        for ind in city.indicators:
            url, page = b.url(indicator_file(cid, ind.id)), b.pages(indicator_path(cid, ind.id))
            files[indicator_file(cid, ind.id)] = _dump(b.envelope(
                IndicatorDocument, src, city=cid, page=page, csv=b.url(downloads.indicator_file(cid, ind.id, "csv")), indicator=ind))
            indicators.append(IndicatorEntry(url=url, page=page, indicator=ind))
        files[city_file(cid, "items")] = _dump(b.envelope(CityItems, src, city=cid, items=items))
        files[city_file(cid, "standards")] = _dump(b.envelope(CityStandards, src, city=cid, standards=standards))
        files[city_file(cid, "indicators")] = _dump(b.envelope(CityIndicators, src, city=cid, indicators=indicators))
        entries.append(CityEntry(
            id=cid, name=city.city.name, province=city.city.province,
            items=b.url(city_file(cid, "items")), standards=b.url(city_file(cid, "standards")),
            indicators=b.url(city_file(cid, "indicators")), downloads=b.url(downloads.package_file(cid)),
            counts={"items": len(items), "standards": len(standards), "indicators": len(indicators)}))
    files[index_file()] = _dump(b.envelope(Index, [b.source(c) for c in dataset.cities], cities=entries,
                                           downloads=b.url(downloads.PACKAGE)))
    for model in DOCUMENTS:
        files[schema_file(model.__name__)] = json.dumps(json_schema(model, site_url), ensure_ascii=False, indent=1) + "\n"
    return files
