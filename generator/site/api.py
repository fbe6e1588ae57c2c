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
are generated from the same classes: nothing is described twice. An indicator (its document and
its entry in indicators.json) also carries its progress status as its page shows it
(generator/site/progress.py), with the inputs and each step of the computation.
"""

from __future__ import annotations

import json
import posixpath
from typing import Literal, Optional

from pydantic import ConfigDict, Field

from .. import settings
from . import progress
from .i18n import LANGS, t
from ..data.schema import Direction, Document, RegisteredDocument, Indicator, Item, LicenceFile, Slug, Standard, Strict, Text
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


class ProgressInputs(Strict):
    """The values the progress status is computed from (generator/site/progress.py)."""

    baseline_year: int = Field(description="t0: the plan's base year.")
    baseline: Optional[float] = Field(description="y0: the indicator's value in the base year; null when the plan gives none.")
    latest_year: Optional[int] = Field(description="t: the latest year with an observed value; null when none is reported.")
    latest: Optional[float] = Field(description="yt: the value observed in that year.")
    target_year: int = Field(description="T: the year of the target.")
    target: Optional[float] = Field(description="yT: the target's number; null for a target without one.")
    d: Optional[Literal[1, -1]] = Field(description="+1 when higher is better, -1 when lower is; null when unknown.")


class ProgressStatus(Strict):
    """Progress since the base year, as the indicator's page shows it: Open SDG's status, computed by
    Statistics Canada's method from compound annual growth rates (CAGR), with its inputs and steps."""

    status: progress.Status = Field(
        description="target_achieved, substantial, moderate, limited or deterioration; when the method does not "
        "apply, the reason: no_data, no_baseline, no_numeric_target, cumulative, not_positive or no_direction.")
    computed: bool = Field(description="Whether the status was computed (the first five), or the method does not apply.")
    text: Text = Field(description="The status in words as the page says it; for a status not computed, why not.")
    direction: Optional[Direction] = Field(description="Which way is progress: higher or lower.")
    direction_from: Optional[Literal["field", "comparator", "baseline"]] = Field(
        description="How the direction was decided: the indicator's `direction` field, the target printed as a minimum "
        "or maximum (以上, 以下), or the target above or below the base year's value.")
    inputs: ProgressInputs
    cagr_observed: Optional[float] = Field(description="CAGR_o = (yt / y0) ^ (1 / (t - t0)) - 1: the growth observed "
                                           "each year so far (0.05 is 5 %), rounded to 6 decimals.")
    cagr_required: Optional[float] = Field(description="CAGR_r = (yT / y0) ^ (1 / (T - t0)) - 1: the growth each year "
                                           "that reaches the target on time, rounded to 6 decimals.")
    ratio: Optional[float] = Field(description="R = d × CAGR_o / |CAGR_r|, rounded to 6 decimals.")
    thresholds: dict[str, float] = Field(
        description="The status read from R: target_achieved when d × (yt - yT) >= 0; else substantial when "
        "R >= thresholds.substantial, moderate when R >= thresholds.moderate, limited when R >= 0, deterioration below.")


class IndicatorDocument(Envelope):
    city: Slug
    page: Pages = Field(description="The indicator's page on the site.")
    csv: str = Field(description="The indicator's figures as CSV (one row per year and role).")
    indicator: Indicator = Field(description="The indicator as the data holds it: baseline, target, observations, source.")
    progress: ProgressStatus = Field(description="Progress since the base year, as the indicator's page shows it.")


class ItemEntry(Strict):
    url: str = Field(description="The item's own document.")
    page: Pages
    item: Item


class IndicatorEntry(Strict):
    url: str = Field(description="The indicator's own document.")
    page: Pages
    indicator: Indicator
    progress: ProgressStatus


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


def _rounded(value: float | None) -> float | None:
    # Six decimals: what a reader can use, and the same bytes on every machine's pow().
    return None if value is None else round(value, 6)


def progress_status(indicator: Indicator) -> ProgressStatus:
    """The indicator's progress (progress.progress_of), with the inputs and steps of its computation."""
    p = progress.progress_of(indicator)
    d = None if p.direction is None else (1 if p.direction is Direction.higher else -1)
    return ProgressStatus(
        status=p.status, computed=p.computed, text=Text(**{lang: t(lang, f"progress_{p.status.value}") for lang in LANGS}),
        direction=p.direction, direction_from=p.direction_from or None,
        # The baseline and target from the indicator: progress_of leaves them out when it stops early (no value since).
        inputs=ProgressInputs(baseline_year=progress.BASE_YEAR, baseline=indicator.baseline.value if indicator.baseline else None,
                              latest_year=p.t, latest=p.yt, target_year=progress.TARGET_YEAR, target=indicator.target.value, d=d),
        cagr_observed=_rounded(p.cagr_observed), cagr_required=_rounded(p.cagr_required), ratio=_rounded(p.ratio),
        thresholds={"substantial": progress.SUBSTANTIAL, "moderate": progress.MODERATE})


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
            status = progress_status(ind)
            files[indicator_file(cid, ind.id)] = _dump(b.envelope(
                IndicatorDocument, src, city=cid, page=page, csv=b.url(downloads.indicator_file(cid, ind.id, "csv")), indicator=ind,
                progress=status))
            indicators.append(IndicatorEntry(url=url, page=page, indicator=ind, progress=status))
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
