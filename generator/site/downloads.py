"""Downloads: everything the site publishes, as tables in CSV and JSON, per city and for the whole site.

Five tables (``TABLES``): items (one row per service or project, with its practical fields —
who pays, how to apply, cost, where and when, whom to ask — in words and the document stating
each, blank where none does), standards (one
row per structured figure: a value, a min–max range or one tier), indicators (one
row per figure: 2020 baseline, each observation, 2025 target; also per indicator),
the glossary and the source documents. Each table's field list is the single
description of its columns: the Frictionless Data Packages
(``downloads/datapackage.json`` for the whole site, ``downloads/<city>/datapackage.json``
per city: Table Schemas with types, constraints, primary and foreign keys, and the
licence of data/licence.yml) and the Data page are generated from it.
CSV files start with a UTF-8 byte-order mark so that Excel on Chinese Windows
opens them correctly. A text cell that a spreadsheet would run as a formula
(starting with = + - @, tab or carriage return) is written with a leading `'`
(`neutralise_cell`); the JSON files keep every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any
from collections.abc import Iterable

from pydantic import BaseModel

from .. import settings
from . import formatting
from .i18n import LANGS, t
from ..data.provenance import PRACTICAL_FIELDS
from ..data.schema import (Comparator, Contact, Cost, Fee, Figure, HowToApply, Indicator, IndicatorCode, Item, ItemKind, LeadDepartment,
                           Opening, Period, Qualifier, Recipient, RegisteredDocument, StandardKind, Statement)
from ..data.units import conversion
from ..data.sourcedoc import anchor_for
from ..data.validate import CityData, Dataset

DOWNLOADS = "downloads"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless Table Schema type
    zh: str
    en: str
    constraints: dict = _field(default_factory=dict, hash=False, compare=False)  # Table Schema constraints


def _enum(values) -> dict:
    return {"enum": [v.value for v in values]}


REQUIRED = {"required": True}


def _in_both(name: str, zh: str, en: str, constraints: dict | None = None) -> tuple[Field, Field]:
    """A text given in each language, as two columns: <name>_zh and <name>_en. Their descriptions
    add the language: "标题（中文）", "Title in Chinese" ("{lang}" in `zh` or `en` says where it goes)."""
    zh = zh if "{lang}" in zh else zh + "（{lang}）"
    en = en if "{lang}" in en else en + " in {lang}"
    return (Field(f"{name}_zh", "string", zh.format(lang="中文"), en.format(lang="Chinese"), constraints or {}),
            Field(f"{name}_en", "string", zh.format(lang="英文"), en.format(lang="English"), constraints or {}))


# The first column of every per-city table.
CITY = Field("city", "string", "城市代码", "City id", REQUIRED)


FIELDS: tuple[Field, ...] = (
    CITY,
    *_in_both("city", "城市", "City name"),
    Field("indicator", "string", "指标代码（本城市内唯一，用于永久链接）", "Indicator id, unique within the city (used in permalinks)", REQUIRED),
    Field("code", "string", "跨城市共用的指标代码（含义相同的指标代码相同）", "Code shared by indicators that mean the same in different cities"),
    Field("domain", "string", "服务领域代码", "Service domain id"),
    *_in_both("name", "指标名称", "Indicator name"),
    Field("unit_zh", "string", "单位（中文，按规划原文）", "Unit in Chinese, as printed in the plan"),
    Field("unit_en", "string", "单位（英文）", "Unit in English"),
    Field("attribute", "string", "属性：binding（约束性）或 expected（预期性）", "binding (约束性) or expected (预期性)"),
    Field("year", "integer", "年份", "Year", REQUIRED),
    Field("role", "string", "baseline（2020年基数）、observation（年度观测值）或 target（2025年目标）", "baseline (2020), observation (a later year), or target (2025)",
          {"required": True, "enum": ["baseline", "observation", "target"]}),
    Field("value", "number", "数值；无数字的目标为空", "The number; empty for a target without one"),
    Field("comparator", "string", "eq 等于、gt 大于、ge 不少于/以上、lt 小于、le 不超过、approx 约", "eq, gt (more than), ge (at least), lt (less than), le (at most), approx (about)",
          _enum(Comparator)),
    Field("aspiration", "number", "力争值（如“力争78.6”）", "Stretch figure (e.g. 力争78.6, aiming for 78.6)"),
    Field("qualitative_zh", "string", "无数字的目标（如“应保尽保”）", "Target without a number, in Chinese (e.g. 应保尽保)"),
    Field("qualitative_en", "string", "无数字的目标（英文）", "Target without a number, in English"),
    Field("cumulative", "boolean", "是否为五年累计数（〔〕或{}）", "Whether the figure is a five-year cumulative total (〔〕 or {})"),
    Field("printed", "string", "规划表格中的原样写法", "The cell exactly as printed in the plan"),
    Field("source_document", "string", "来源文件代码", "Source document id", REQUIRED),
    Field("source_anchor", "string", "原文页面中该段落的锚点", "Anchor of the passage on the source-text page"),
    Field("source_quote", "string", "原文引文（逐字）", "Verbatim quote of the source passage"),
    # The same figure in the common unit of its shared code (data/indicator-codes.yml), so that the
    # cities' rows of one code can be compared directly (千张 and 万张 → 千张); empty without a code.
    Field("common_unit_zh", "string", "共用代码的统一单位（中文），用于跨城市比较；无共用代码时为空",
          "Common unit of the shared code, in Chinese, for comparing cities; empty without a code"),
    Field("common_unit_en", "string", "共用代码的统一单位（英文）", "Common unit of the shared code, in English"),
    Field("common_value", "number", "换算成统一单位的数值", "The value converted to the common unit"),
    Field("common_aspiration", "number", "换算成统一单位的力争值", "The stretch figure converted to the common unit"),
)


def _figure_row(city: CityData, ind: Indicator, year: int, role: str, fig: Figure, quote: str, anchor: str,
                common: IndicatorCode | None) -> dict:
    factor = conversion(ind.unit, common.unit) if common is not None else None
    common_unit = common.unit if common is not None and common.unit is not None and factor is not None else None
    return {
        "city": city.city.id,
        "city_zh": city.city.name.zh,
        "city_en": city.city.name.en,
        "indicator": ind.id,
        "code": ind.code or "",
        "domain": ind.domain,
        "name_zh": ind.name.zh,
        "name_en": ind.name.en,
        "unit_zh": ind.unit.zh if ind.unit else "",
        "unit_en": ind.unit.en if ind.unit else "",
        "attribute": ind.attribute.value,
        "year": year,
        "role": role,
        "value": fig.value,
        "comparator": fig.comparator.value,
        "aspiration": fig.aspiration,
        "qualitative_zh": fig.qualitative.zh if fig.qualitative else "",
        "qualitative_en": fig.qualitative.en if fig.qualitative else "",
        "cumulative": fig.cumulative,
        "printed": fig.text,
        "source_document": city.city.document.id,
        "source_anchor": anchor,
        "source_quote": quote,
        "common_unit_zh": common_unit.zh if common_unit else "",
        "common_unit_en": common_unit.en if common_unit else "",
        "common_value": _scaled(fig.value, factor),
        "common_aspiration": _scaled(fig.aspiration, factor),
    }


def _scaled(value: float | None, factor: float | None) -> float | None:
    """A value in the common unit, rounded so that 2.9 万张 reads 29 千张, not 28.999999999999996."""
    return None if value is None or factor is None else round(value * factor, 6)


def indicator_rows(city: CityData, ind: Indicator, codes: dict[str, IndicatorCode]) -> list[dict]:
    anchor = anchor_for(ind.source)
    common = codes.get(ind.code) if ind.code else None
    rows = []
    if ind.baseline is not None:
        rows.append(_figure_row(city, ind, 2020, "baseline", ind.baseline, ind.source.quote, anchor, common))
    for obs in sorted(ind.observations, key=lambda o: o.year):
        fig = Figure(value=obs.value, text=str(obs.value))
        rows.append(_figure_row(city, ind, obs.year, "observation", fig, obs.source.quote, anchor_for(obs.source), common))
    rows.append(_figure_row(city, ind, 2025, "target", ind.target, ind.source.quote, anchor, common))
    return rows


def city_rows(city: CityData, codes: dict[str, IndicatorCode]) -> list[dict]:
    return [row for ind in city.indicators for row in indicator_rows(city, ind, codes)]


# A spreadsheet (Excel, WPS, LibreOffice) runs a cell that starts with one of these
# as a formula: `=HYPERLINK(...)` in a quote would run when the CSV is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIELD_TYPES = {f.name: f.type for f in FIELDS}


def neutralise_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text (OWASP, CSV injection): one that
    starts like a formula gets a leading `'`; any other is returned unchanged."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_cell(field_type: str, value: object) -> object:
    """One cell as written to a CSV. Which cells are text is decided by the column's
    type in FIELDS, not by the value's look: a `number` column keeps -3.5 as a
    number, a `string` column gets "-3.5" prefixed like any other text. A str in a
    non-string column is treated as text too, so no text ever escapes the rule."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if field_type == "string" or isinstance(value, str):
        return neutralise_cell(str(value))
    return value


def to_csv(rows: Iterable[dict], field_types: dict[str, str] = FIELD_TYPES) -> str:
    """A CSV (UTF-8 with BOM) of `rows`, every text cell neutralised: the one CSV
    writer of the site, so every published CSV follows the same rule."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(field_types), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(field_types[k], v) for k, v in row.items()})
    return "\ufeff" + out.getvalue()


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def indicator_file(city: str, indicator: str, ext: str) -> str:
    return f"{DOWNLOADS}/{city}/{indicator}.{ext}"


def compare_file(code: str, ext: str) -> str:
    """Every city's rows of one shared indicator code (a comparison page's data)."""
    return f"{DOWNLOADS}/compare/{code}.{ext}"


def neighbour_file(page_path: str, ext: str) -> str:
    """A page's data right beside its address, as Our World in Data does: the page
    cities/x/indicators/y/ has cities/x/indicators/y.csv and .json (`page_path` is the page's
    language-independent source path, cities/x/indicators/y.md)."""
    return f"{page_path.removesuffix('.md')}.{ext}"


README = "README.txt"


def readme_file(folder: str = "") -> str:
    """The licence note published in each folder of downloads (CSV cannot carry one inside)."""
    return f"{DOWNLOADS}/{folder}/{README}" if folder else f"{DOWNLOADS}/{README}"


def city_file(city: str, ext: str) -> str:
    return f"{DOWNLOADS}/{city}/indicators.{ext}"


def all_file(ext: str) -> str:
    return f"{DOWNLOADS}/indicators.{ext}"


PACKAGE = f"{DOWNLOADS}/datapackage.json"
CSV_NOTE = ("A text cell beginning with = + - @, a tab or a carriage return starts with an added ' "
            "so that spreadsheets show it as text instead of running it; the JSON files have the text unchanged.")

# ---- the other tables: items, standards, glossary, documents -----------------------


# Where an item or standard comes from: the same three columns in both tables.
ITEM_SOURCE_FIELDS: tuple[Field, ...] = (
    Field("source_document", "string", "来源文件代码", "Source document id", REQUIRED),
    Field("source_anchor", "string", "原文页面中该条目的锚点", "Anchor of the item on the source-text page"),
    Field("source_quote", "string", "原文引文（逐字）", "Verbatim quote of the source passage", REQUIRED),
)

def _practical_fields(name: str) -> tuple[Field, ...]:
    """An item's practical field (funding … contact: schema.Item) in words in each language, and the
    document that states it: a field cites its own source (a notice, a standard), not the item's."""
    zh, en = t("zh", f"practical_{name}"), t("en", f"practical_{name}")
    return (*_in_both(name, f"{zh}（{{lang}}），按其出处写明的内容；没有文件写明时为空",
                      f"{en}, in {{lang}}, as its own source states it; empty where no document states it"),
            Field(f"{name}_source", "string", f"{zh}的出处文件代码（documents 表的 id）；没有文件写明时为空",
                  f"Id of the document that states {name}_zh (an id of the documents table); empty where none does"))


ITEM_FIELDS: tuple[Field, ...] = (
    CITY,
    Field("box", "integer", "专栏号（专栏8 → 8）", "Box (专栏) number in the plan", {"required": True, "minimum": 1}),
    *_in_both("box_title", "专栏标题", "Box title"),
    Field("item", "integer", "在专栏中的项目序号", "Item number within the box", {"required": True, "minimum": 1}),
    Field("id", "string", "条目代码（本城市内唯一，用于永久链接）", "Item id, unique within the city (used in permalinks)",
          {"required": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"}),
    Field("kind", "string", "service（居民享受的服务）或 project（城市建设或组织的工程项目）",
          "service (something a resident receives) or project (something the city builds or organises)", {"required": True, **_enum(ItemKind)}),
    Field("domain", "string", "服务领域代码", "Service domain id", REQUIRED),
    Field("audiences", "string", "面向的人群代码，以分号分隔", "Audience ids the item concerns, separated by semicolons"),
    *_in_both("title", "条目名称", "Item title", REQUIRED),
    Field("text_zh", "string", "条目全文（规划原文）", "The whole item, verbatim from the plan", REQUIRED),
    Field("text_en", "string", "条目全文（英文翻译）", "The whole item in English translation", REQUIRED),
    Field("eligibility_zh", "string", "服务对象（中文）；规划未写明时为空", "Who is eligible, in Chinese; empty where the plan does not say"),
    Field("eligibility_en", "string", "服务对象（英文）", "Who is eligible, in English"),
    *_in_both("conditions", "附加条件", "Conditions the plan attaches, in {lang}"),
    Field("standards", "integer", "结构化服务标准的条数（见 standards 表）", "Number of structured standards (see the standards table)",
          {"required": True, "minimum": 0}),
    Field("page_zh", "string", "本站中文页面", "The item's page on this site, in Chinese"),
    Field("page_en", "string", "本站英文页面", "The item's page on this site, in English"),
    Field("api", "string", "该条目的 JSON 文档（api/v1）", "The item's JSON document (api/v1)"),
    *ITEM_SOURCE_FIELDS,
    # Added last, after the columns published before them: a reader that takes columns by position keeps working.
    *(field for name in PRACTICAL_FIELDS for field in _practical_fields(name)),
)

STANDARD_FIELDS: tuple[Field, ...] = (
    CITY,
    Field("item", "string", "条目代码（items 表的 id）", "Item id (the id of the items table)", REQUIRED),
    Field("item_kind", "string", "条目类型：service 或 project", "Item kind: service or project", _enum(ItemKind)),
    Field("standard", "integer", "该标准在条目中的序号，从 1 开始", "Position of the standard within its item, from 1", {"required": True, "minimum": 1}),
    Field("tier", "integer", "分档序号，从 1 开始；不分档的标准为 0", "Position of the tier, from 1; 0 for a standard without tiers", {"required": True, "minimum": 0}),
    Field("kind", "string", "数字类别：amount 金额、percentage 比例、count 数量、age 年龄、duration 时长",
          "Kind of figure: amount (money), percentage, count, age or duration", {"required": True, **_enum(StandardKind)}),
    *_in_both("label", "这个数字指什么", "What the figure is, in {lang}", REQUIRED),
    *_in_both("tier", "这一档适用的对象", "Whom or what this tier is for, in {lang}"),
    Field("value", "number", "数字（分档时为这一档的数字）；范围时为空", "The figure (a tier's figure for a tier); empty for a range", {"minimum": 0}),
    Field("min", "number", "范围的下限", "Lower end of a range", {"minimum": 0}),
    Field("max", "number", "范围的上限", "Upper end of a range", {"minimum": 0}),
    Field("comparator", "string", "比较关系：eq 等于、gt 大于、ge 不少于、lt 小于、le 不超过、approx 约",
          "eq (exactly), gt (more than), ge (at least), lt (less than), le (at most), approx (about)", {"required": True, **_enum(Comparator)}),
    Field("qualifier", "string", "限定语：aim 力争、in-principle 原则上、basically 基本、average 平均",
          "Hedge: aim (力争), in-principle (原则上), basically (基本) or average (平均)", _enum(Qualifier)),
    Field("recipient", "string", "受益对象：resident 个人、household 家庭、institution 机构、programme 项目整体",
          "Who receives it: resident, household, institution or programme (a target of the programme as a whole)",
          {"required": True, **_enum(Recipient)}),
    *_in_both("unit", "单位", "Unit"),
    Field("per_zh", "string", "按什么计算（中文，如“每生”）", "Per whom or what, in Chinese (e.g. 每生)"),
    Field("per_en", "string", "按什么计算（英文）", "Per whom or what, in English (e.g. per pupil)"),
    Field("period", "string", "周期：day、week、month、term、year、once", "How often: day, week, month, term, year or once", _enum(Period)),
    Field("deadline", "integer", "须完成的年份", "Year by which a target is due"),
    *_in_both("reading", "比较关系的解释", "Why the comparator reads the phrase so, in {lang}"),
    Field("phrase", "string", "引文中写明这个数字的原话", "The exact words of the quote that state the figure", REQUIRED),
    *ITEM_SOURCE_FIELDS,
)

GLOSSARY_FIELDS: tuple[Field, ...] = (
    Field("zh", "string", "中文术语", "The term in Chinese, as the plans write it", REQUIRED),
    Field("en", "string", "全站统一的英文译法", "The one English translation used across the site", REQUIRED),
    Field("variants", "string", "同一术语的其他中文写法，以分号分隔", "Other Chinese spellings, separated by semicolons"),
    Field("en_variants", "string", "也算正确的英文变形，以分号分隔", "English forms that also count, separated by semicolons"),
    Field("en_avoid", "string", "不得使用的英文译法，以分号分隔", "English renderings not to use, separated by semicolons"),
    *_in_both("note", "通俗解释", "Plain explanation"),
)

DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field("id", "string", "文件代码", "Document id", REQUIRED),
    Field("city", "string", "城市代码（全站文件为空）", "City id (empty for a site-wide document)"),
    Field("kind", "string", "类别：plan 规划、notice 通知、implementation-standard 实施标准、national-standard 国家标准、other 其他",
          "Kind: plan, notice, implementation-standard, national-standard or other", REQUIRED),
    *_in_both("title", "标题", "Title", REQUIRED),
    *_in_both("issuer", "发文机关", "Issuer", REQUIRED),
    Field("date", "date", "发布日期", "Date of issue", REQUIRED),
    Field("number", "string", "文号", "Document number"),
    Field("url", "string", "发文机关发布的原文网址", "Where the issuer publishes it"),
    Field("file", "string", "全文文件名（本项目 data/sources/）", "File of the plain text (data/sources/ of this project)", REQUIRED),
    Field("text_zh", "string", "本站的全文页面（中文）", "The document's full text on this site (Chinese page)"),
    Field("text_en", "string", "本站的全文页面（英文）", "The document's full text on this site (English page)"),
)


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    # (fields here, the table referred to, its fields)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    per_city: bool = True  # False: the same rows for every city (the glossary)

    @property
    def types(self) -> dict[str, str]:
        return {f.name: f.type for f in self.fields}

    def table_schema(self) -> dict:
        fields = []
        for f in self.fields:
            entry: dict[str, Any] = {"name": f.name, "type": f.type, "title": f.zh, "description": f.en}
            if f.constraints:
                entry["constraints"] = dict(f.constraints)
            fields.append(entry)
        schema: dict[str, Any] = {"fields": fields, "primaryKey": list(self.primary_key)}
        if self.foreign_keys:
            schema["foreignKeys"] = [{"fields": list(mine), "reference": {"resource": other, "fields": list(theirs)}}
                                     for mine, other, theirs in self.foreign_keys]
        return schema


DOCUMENTS = Table("documents", "来源文件（规划、通知、标准）", "Source documents (plans, notices, standards)", DOCUMENT_FIELDS, ("id",))
ITEMS = Table("items", "服务和工程项目：每个条目一行", "Services and projects: one row per item", ITEM_FIELDS, ("city", "id"),
              tuple(((key,), "documents", ("id",)) for key in ("source_document", *(f"{n}_source" for n in PRACTICAL_FIELDS))))
STANDARDS = Table("standards", "服务标准：每个数字一行（分档的每档一行）", "Standards: one row per figure (one per tier of a graded standard)",
                  STANDARD_FIELDS, ("city", "item", "standard", "tier"),
                  ((("city", "item"), "items", ("city", "id")), (("source_document",), "documents", ("id",))))
INDICATORS = Table("indicators", "主要指标：每个数值一行（基数、观测值、目标）", "Main indicators: one row per figure (baseline, observations, target)",
                   FIELDS, ("city", "indicator", "role", "year"), ((("source_document",), "documents", ("id",)),))
GLOSSARY = Table("glossary", "术语表", "Glossary", GLOSSARY_FIELDS, ("zh",), per_city=False)
# In the order of the data package: indicators first (the first download of the site).
TABLES: tuple[Table, ...] = (INDICATORS, ITEMS, STANDARDS, GLOSSARY, DOCUMENTS)


def table_file(table: str, ext: str, city: str | None = None) -> str:
    return f"{DOWNLOADS}/{city}/{table}.{ext}" if city else f"{DOWNLOADS}/{table}.{ext}"


def package_file(city: str | None = None) -> str:
    return f"{DOWNLOADS}/{city}/datapackage.json" if city else PACKAGE


def _lang_urls(site_url: str, path: str) -> dict[str, str]:
    """A page's absolute URL in each language (site-relative without a site URL)."""
    from .i18n import LANGS, url_prefix
    from .pages import page_url

    base = site_url.rstrip("/") + "/" if site_url else "/"
    return {lang: base + page_url(url_prefix(lang) + path) for lang in LANGS}


def _joined(values: Iterable[str]) -> str:
    return ";".join(values)


def _t(text, lang: str) -> str:
    return text[lang] if text is not None else ""


def item_rows(city: CityData, site_url: str = "") -> list[dict]:
    from . import api
    from .sitemodel import item_path

    boxes = {b.number: b for b in city.city.boxes}
    rows = []
    for item in city.items:
        box = boxes.get(item.source.box or 0)
        page = _lang_urls(site_url, item_path(city.city.id, item))
        rows.append({
            "city": city.city.id,
            "box": item.source.box,
            "box_title_zh": box.title.zh if box else "",
            "box_title_en": box.title.en if box else "",
            "item": item.source.item,
            "id": item.id,
            "kind": item.kind.value,
            "domain": item.domain,
            "audiences": _joined(item.audiences),
            "title_zh": item.title.zh,
            "title_en": item.title.en,
            "text_zh": item.text.zh,
            "text_en": item.text.en,
            "eligibility_zh": _t(item.eligibility, "zh"),
            "eligibility_en": _t(item.eligibility, "en"),
            "conditions_zh": _t(item.conditions, "zh"),
            "conditions_en": _t(item.conditions, "en"),
            "standards": len(item.standards),
            "page_zh": page["zh"],
            "page_en": page["en"],
            "api": api.absolute(site_url, api.item_file(city.city.id, item.id)),
            "source_document": item.source.document,
            "source_anchor": anchor_for(item.source),
            "source_quote": item.source.quote,
            **practical_cells(item),
        })
    return rows


# ---- an item's practical fields as text -----------------------------------------------------

@dataclass(frozen=True)
class _Punctuation:
    colon: str  # after a label
    comma: str  # between the entries of a list
    open: str  # around an aside
    close: str
    space: str  # between a number and its unit, a label and its text


_PUNCTUATION = {"zh": _Punctuation("：", "、", "（", "）", ""), "en": _Punctuation(": ", ", ", " (", ")", " ")}


def practical_cells(item: Item) -> dict[str, str]:
    """The cells of an item's practical fields: <name>_zh, <name>_en, <name>_source; all empty for
    a field no document states (the page then says so; a table cannot hold more than blank)."""
    cells = {}
    for name in PRACTICAL_FIELDS:
        value = getattr(item, name)
        cells.update({f"{name}_{lang}": practical_text(value, lang) for lang in LANGS})
        cells[f"{name}_source"] = value.source.document if value is not None else ""
    return cells


def practical_text(value: BaseModel | None, lang: str) -> str:
    """One practical field as one cell of text in `lang`, its parts named with the words of its
    page (templates/_practical.md.j2, i18n.py): "现场办理、网上办理" under 办理渠道 becomes
    "办理渠道：现场办理、网上办理"; parts are separated as a list is on the site (；)."""
    if value is None:
        return ""
    p = _PUNCTUATION[lang]

    def labelled(key: str, text: str) -> str:
        return f"{t(lang, key)}{p.colon}{text}" if text else ""

    def aside(text: str, note: str) -> str:
        return f"{text}{p.open}{note}{p.close}" if note else text

    parts: list[str] = []
    if isinstance(value, Statement):
        parts = [value.text[lang]]
    elif isinstance(value, LeadDepartment):
        parts = [p.comma.join(d[lang] for d in value.departments)]
    elif isinstance(value, HowToApply):
        parts = [value.steps[lang], labelled("channels", p.comma.join(t(lang, f"channel_{c.value}") for c in value.channels)),
                 labelled("papers", p.comma.join(d[lang] for d in value.documents)),
                 labelled("apply_where", value.where[lang] if value.where else "")]
    elif isinstance(value, Fee):
        cost = t(lang, f"cost_{value.cost.value}")
        if value.cost is Cost.charged:
            unit = p.space + value.unit[lang] if value.unit else ""
            amount = t(lang, "amount_not_stated") if value.amount is None else formatting.number(value.amount, lang) + unit
            cost = labelled(f"cost_{value.cost.value}", amount)
        parts = [cost, *(note[lang] for note in value.notes)]
    elif isinstance(value, Opening):
        parts = [labelled("places", aside(place.name[lang], labelled("address", place.address[lang]) if place.address else ""))
                 for place in value.places]
        parts.append(labelled("hours", p.comma.join(f"{formatting.days(h.days, lang)} {h.opens}–{h.closes}" for h in value.hours)))
        parts.append(t(lang, "principle") + p.space + value.principle[lang] if value.principle else "")
        if value.holidays:
            parts.append(labelled("holidays", aside(t(lang, f"holiday_{value.holidays.rule.value}"), value.holidays.text[lang])))
        parts += [labelled("exceptions", e[lang]) for e in value.exceptions]
    elif isinstance(value, Contact):
        parts = [value.text[lang] if value.text else ""]
        parts += [f"{phone.label[lang] if phone.label else t(lang, 'phone')}{p.colon}{phone.number}" for phone in value.phones]
        parts.append(labelled("web", value.web or ""))
    return t(lang, "list_separator").join(part for part in parts if part)


def standard_rows(city: CityData, item: Item) -> list[dict]:
    """One row per figure of the item's standards: a value, a range, or each tier."""
    rows = []
    for n, std in enumerate(item.standards, start=1):
        common = {
            "city": city.city.id,
            "item": item.id,
            "item_kind": item.kind.value,
            "standard": n,
            "kind": std.kind.value,
            "label_zh": std.label.zh,
            "label_en": std.label.en,
            "comparator": std.comparator.value,
            "qualifier": std.qualifier.value if std.qualifier else "",
            "recipient": std.recipient.value,
            "unit_zh": _t(std.unit, "zh"),
            "unit_en": _t(std.unit, "en"),
            "per_zh": _t(std.per, "zh"),
            "per_en": _t(std.per, "en"),
            "period": std.period.value if std.period else "",
            "deadline": std.deadline,
            "reading_zh": _t(std.reading, "zh"),
            "reading_en": _t(std.reading, "en"),
            "phrase": std.phrase,
            "source_document": item.source.document,
            "source_anchor": anchor_for(item.source),
            "source_quote": item.source.quote,
        }
        if std.tiers:
            for k, tier in enumerate(std.tiers, start=1):
                rows.append(_ordered(STANDARD_FIELDS, {**common, "tier": k, "tier_zh": tier.label.zh, "tier_en": tier.label.en,
                                                        "value": tier.value, "min": None, "max": None}))
        else:
            rows.append(_ordered(STANDARD_FIELDS, {**common, "tier": 0, "tier_zh": "", "tier_en": "",
                                                    "value": std.value, "min": std.min, "max": std.max}))
    return rows


def _ordered(fields: tuple[Field, ...], row: dict) -> dict:
    return {f.name: row[f.name] for f in fields}


def city_standard_rows(city: CityData) -> list[dict]:
    return [row for item in city.items for row in standard_rows(city, item)]


def glossary_rows(dataset: Dataset) -> list[dict]:
    return [{
        "zh": term.zh, "en": term.en, "variants": _joined(term.variants), "en_variants": _joined(term.en_variants),
        "en_avoid": _joined(term.en_avoid), "note_zh": _t(term.note, "zh"), "note_en": _t(term.note, "en"),
    } for term in dataset.glossary]


def document_rows(dataset: Dataset, city: CityData, site_url: str = "") -> list[dict]:
    """The documents this city's sources may cite: its plan, its own documents, the site-wide ones."""
    from .sitemodel import document_cities, document_page

    rows = []
    for doc in dataset.documents_of(city):
        text = _lang_urls(site_url, document_page(dataset, doc))
        owners = document_cities(dataset, doc)
        rows.append({
            "id": doc.id, "city": owners[0].city.id if owners else "",
            # A registered document has a kind; the plan does not (Dataset.is_plan, in a form mypy follows).
            "kind": doc.kind.value if isinstance(doc, RegisteredDocument) else "plan",
            "title_zh": doc.title.zh, "title_en": doc.title.en,
            "issuer_zh": doc.issuer.zh, "issuer_en": doc.issuer.en, "date": doc.date, "number": doc.number or "",
            "url": doc.url or "", "file": doc.file, "text_zh": text["zh"], "text_en": text["en"],
        })
    return rows


def table_rows(dataset: Dataset, site_url: str = "") -> dict[str, dict[str | None, list[dict]]]:
    """Each table's rows, per city (key: the city's id) and for the whole site (key: None)."""
    out: dict[str, dict[str | None, list[dict]]] = {t.name: {} for t in TABLES}
    glossary = glossary_rows(dataset)
    for city in dataset.cities:
        cid = city.city.id
        out["indicators"][cid] = city_rows(city, dataset.codes)
        out["items"][cid] = item_rows(city, site_url)
        out["standards"][cid] = city_standard_rows(city)
        out["glossary"][cid] = glossary
        out["documents"][cid] = document_rows(dataset, city, site_url)
    for table in TABLES:
        per_city = out[table.name]
        out[table.name][None] = glossary if not table.per_city else [r for cid in list(per_city) for r in per_city[cid]]
    # A site-wide document is in every city's table, and once in the site's (its primary key is the id).
    out["documents"][None] = list({row["id"]: row for row in out["documents"][None]}.values())
    return out


# ---- data packages --------------------------------------------------------------------


def licence_of(dataset: Dataset) -> list[dict]:
    """The package's `licenses` (Frictionless): the one of data/licence.yml."""
    if dataset.licence is None:
        return []
    lic = dataset.licence.licence
    return [{"name": lic.name, "path": lic.path, "title": lic.title.en}]


def licence_note(dataset: Dataset) -> str:
    if dataset.licence is None:
        return ""
    lic = dataset.licence.licence
    return (f"{lic.title.zh}（{lic.name}）适用于{lic.scope.zh}。{dataset.licence.plans.zh} / "
            f"{lic.title.en} ({lic.name}) applies to {lic.scope.en}. {dataset.licence.plans.en}")


def datapackage(dataset: Dataset, city: CityData | None = None, site_url: str = "") -> str:
    """A Frictionless Data Package describing the tables of one city, or of the whole site:
    each as CSV (the resource validated) with its Table Schema, the JSON beside it named in
    the resource's description."""
    cities = [city] if city is not None else dataset.cities
    resources = []
    for table in TABLES:
        resources.append({
            "name": table.name, "title": f"{table.zh} / {table.en}", "path": f"{table.name}.csv",
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "description": f"{table.en}. The same rows as JSON: {table.name}.json. {CSV_NOTE}",
            "schema": table.table_schema(),
        })
    if city is None:
        name = "public-service-plans-jiangxi"
        title = ("上饶市、宜春市“十四五”公共服务规划：服务、标准、指标、术语和出处 / Shangrao and Yichun 14th Five-Year "
                 "public service plans: services, standards, indicators, terms and sources")
    else:
        name = f"public-service-plans-{city.city.id}"
        title = (f"{city.city.name.zh}“十四五”公共服务规划：服务、标准、指标、术语和出处 / {city.city.name.en} 14th Five-Year "
                 "public service plan: services, standards, indicators, terms and sources")
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": licence_note(dataset),
        "created": settings.build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": licence_of(dataset),
        "sources": [_source(dataset, d, site_url) for d in {d.id: d for c in cities for d in dataset.documents_of(c)}.values()],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = site_url.rstrip("/") + "/data/"
    if not package["licenses"]:
        del package["licenses"]
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def _source(dataset: Dataset, doc, site_url: str) -> dict:
    from .sitemodel import document_page

    source = {"title": f"{doc.title.zh}（{doc.issuer.zh}，{doc.date}）"}
    if site_url:
        source["path"] = _lang_urls(site_url, document_page(dataset, doc))["zh"]
    return source


def compare_rows(dataset: Dataset, code: str) -> list[dict]:
    return [row for city in dataset.cities for ind in city.indicators if ind.code == code
            for row in indicator_rows(city, ind, dataset.codes)]


def readme(dataset: Dataset, what_zh: str, what_en: str) -> str:
    """A folder's licence note: what the files are, the licence, and how to name the source.
    Plain text, both languages: it travels with files copied out of the folder."""
    lines = [f"{what_zh}", f"{what_en}", ""]
    if dataset.licence is not None:
        lic = dataset.licence.licence
        lines += [f"许可：{lic.title.zh}（{lic.name}），{lic.path}", f"适用于：{lic.scope.zh}。", dataset.licence.plans.zh, "",
                  f"Licence: {lic.title.en} ({lic.name}), {lic.path}", f"It applies to {lic.scope.en}.", dataset.licence.plans.en, ""]
    lines += ["来源：" + "；".join(f"《{c.city.document.title.zh}》（{c.city.document.issuer.zh}，{c.city.document.date}）" for c in dataset.cities),
              "Sources: " + "; ".join(f"{c.city.document.title.en}, {c.city.document.issuer.en}, {c.city.document.date}" for c in dataset.cities),
              "", "CSV: UTF-8 with a byte-order mark. " + CSV_NOTE]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Group:
    """A group of downloads on the Data page: its heading and its files (path, label)."""
    zh: str
    en: str
    files: tuple[tuple[str, str], ...]


def catalogue(dataset: Dataset, sizes: dict[str, int] | None = None) -> list[Group]:
    """Every download, grouped as the Data page lists them: the whole site, each city (its
    tables and each of its indicators, with its chart images when `sizes` has them: they are
    made after the pages), the comparisons. The neighbours beside the pages are the same
    files under a second address and are not listed twice."""
    from .chart_images import image_path
    from .i18n import LANGS
    from .sitemodel import comparable_codes

    def images(city: str, indicator: str) -> list[tuple[str, str]]:
        paths = [image_path(city, indicator, lang, ext) for lang in LANGS for ext in ("svg", "png")]
        return [(p, p.rsplit("/", 1)[1]) for p in paths if sizes and p in sizes]

    def tables(city: str | None) -> list[tuple[str, str]]:
        out = [(package_file(city), "datapackage.json"), (readme_file(city or ""), README)]
        for table in TABLES:  # (every table in every package: the glossary too, the same for each city)
            out += [(table_file(table.name, ext, city), f"{table.name}.{ext}") for ext in ("csv", "json")]
        return out

    groups = [Group("全站", "Whole site", tuple(tables(None)))]
    for city in dataset.cities:
        cid = city.city.id
        groups.append(Group(city.city.name.zh, city.city.name.en, tuple(tables(cid))))
        groups.append(Group(f"{city.city.name.zh} · 主要指标", f"{city.city.name.en} · main indicators", tuple(
            entry for ind in city.indicators for entry in (
                *((indicator_file(cid, ind.id, ext), f"{ind.id}.{ext}") for ext in ("csv", "json")), *images(cid, ind.id)))))
    codes = comparable_codes(dataset) if len(dataset.cities) > 1 else []
    if codes:
        groups.append(Group("城市对比", "Comparisons", ((readme_file("compare"), README),) + tuple(
            (compare_file(code, ext), f"{code}.{ext}") for code in codes for ext in ("csv", "json"))))
    return groups


def size_text(size: int, lang: str) -> str:
    """A file's size as people read it: 812 B, 12.4 KB, 1.2 MB (1 KB = 1024 bytes)."""
    if size < 1024:
        from .i18n import t
        return t(lang, "size_bytes", size=size)
    scaled = float(size)
    for unit in ("KB", "MB"):
        scaled /= 1024
        if scaled < 1024 or unit == "MB":
            return f"{scaled:.1f} {unit}"
    raise AssertionError("unreachable")


def all_files(dataset: Dataset, site_url: str = "") -> dict[str, str]:
    """Every download, path → content: the tables (site and city), each indicator and each
    comparison, their neighbours beside the pages, the data packages and a licence note
    (README.txt) in each folder."""
    from .sitemodel import comparable_codes, compare_path, indicator_path

    files: dict[str, str] = {}
    rows = table_rows(dataset, site_url)
    files[readme_file()] = readme(dataset, "本站数据的下载：全站和各城市的表格（CSV、JSON）及其数据包（datapackage.json）。",
                                  "Downloads of the site's data: the tables of the whole site and of each city (CSV, JSON) "
                                  "and their data packages (datapackage.json).")
    for city in dataset.cities:
        files[readme_file(city.city.id)] = readme(
            dataset, f"{city.city.name.zh}的数据：表格、每个主要指标（CSV、JSON）和数据包。",
            f"The data of {city.city.name.en}: its tables, each main indicator (CSV, JSON) and its data package.")
        for ind in city.indicators:
            ind_rows = indicator_rows(city, ind, dataset.codes)
            for ext, text in (("csv", to_csv(ind_rows)), ("json", to_json(ind_rows))):
                files[indicator_file(city.city.id, ind.id, ext)] = text
                files[neighbour_file(indicator_path(city.city.id, ind.id), ext)] = text
    codes = comparable_codes(dataset) if len(dataset.cities) > 1 else []
    if codes:
        files[readme_file("compare")] = readme(dataset, "城市对比：每个共用指标代码下各城市的数值。",
                                               "Comparisons: each shared indicator code, with every city's figures.")
    for code in codes:
        code_rows = compare_rows(dataset, code)
        for ext, text in (("csv", to_csv(code_rows)), ("json", to_json(code_rows))):
            files[compare_file(code, ext)] = text
            files[neighbour_file(compare_path(code), ext)] = text
    for table in TABLES:
        for cid, table_part in rows[table.name].items():
            files[table_file(table.name, "csv", cid)] = to_csv(table_part, table.types)
            files[table_file(table.name, "json", cid)] = to_json(table_part)
    for city in dataset.cities:
        files[package_file(city.city.id)] = datapackage(dataset, city, site_url)
    files[PACKAGE] = datapackage(dataset, None, site_url)
    return files
