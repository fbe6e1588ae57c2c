"""Downloads: the indicator data as CSV and JSON, per indicator, per city and for the whole site.

One row per figure (2020 baseline, each observation, 2025 target). The field
list below is the single description of the columns: the data package
(``downloads/datapackage.json``) and the downloads page are generated from it.
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
from typing import Iterable

from ..data.schema import Figure, Indicator, IndicatorCode
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


FIELDS: tuple[Field, ...] = (
    Field("city", "string", "城市代码", "City id"),
    Field("city_zh", "string", "城市（中文）", "City name in Chinese"),
    Field("city_en", "string", "城市（英文）", "City name in English"),
    Field("indicator", "string", "指标代码（本城市内唯一，用于永久链接）", "Indicator id, unique within the city (used in permalinks)"),
    Field("code", "string", "跨城市共用的指标代码（含义相同的指标代码相同）", "Code shared by indicators that mean the same in different cities"),
    Field("domain", "string", "服务领域代码", "Service domain id"),
    Field("name_zh", "string", "指标名称（中文）", "Indicator name in Chinese"),
    Field("name_en", "string", "指标名称（英文）", "Indicator name in English"),
    Field("unit_zh", "string", "单位（中文，按规划原文）", "Unit in Chinese, as printed in the plan"),
    Field("unit_en", "string", "单位（英文）", "Unit in English"),
    Field("attribute", "string", "属性：binding（约束性）或 expected（预期性）", "binding (约束性) or expected (预期性)"),
    Field("year", "integer", "年份", "Year"),
    Field("role", "string", "baseline（2020年基数）、observation（年度观测值）或 target（2025年目标）", "baseline (2020), observation (a later year), or target (2025)"),
    Field("value", "number", "数值；无数字的目标为空", "The number; empty for a target without one"),
    Field("comparator", "string", "eq 等于、gt 大于、ge 不少于/以上、lt 小于、le 不超过", "eq, gt (more than), ge (at least), lt (less than), le (at most)"),
    Field("aspiration", "number", "力争值（如“力争78.6”）", "Stretch figure (e.g. 力争78.6, aiming for 78.6)"),
    Field("qualitative_zh", "string", "无数字的目标（如“应保尽保”）", "Target without a number, in Chinese (e.g. 应保尽保)"),
    Field("qualitative_en", "string", "无数字的目标（英文）", "Target without a number, in English"),
    Field("cumulative", "boolean", "是否为五年累计数（〔〕或{}）", "Whether the figure is a five-year cumulative total (〔〕 or {})"),
    Field("printed", "string", "规划表格中的原样写法", "The cell exactly as printed in the plan"),
    Field("source_document", "string", "来源文件代码", "Source document id"),
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


def city_file(city: str, ext: str) -> str:
    return f"{DOWNLOADS}/{city}/indicators.{ext}"


def all_file(ext: str) -> str:
    return f"{DOWNLOADS}/indicators.{ext}"


PACKAGE = f"{DOWNLOADS}/datapackage.json"
CSV_NOTE = ("A text cell beginning with = + - @, a tab or a carriage return starts with an added ' "
            "so that spreadsheets show it as text instead of running it; the JSON files have the text unchanged.")


def datapackage(dataset: Dataset) -> str:
    """A Frictionless Data Package describing every CSV, with the field list."""
    schema = {"fields": [{"name": f.name, "type": f.type, "description": f.en, "title": f.zh} for f in FIELDS]}
    resources = [{"name": "indicators", "path": "indicators.csv", "format": "csv", "encoding": "utf-8-sig",
                  "description": CSV_NOTE, "schema": schema}]
    for city in dataset.cities:
        resources.append({
            "name": f"{city.city.id}-indicators", "path": f"{city.city.id}/indicators.csv",
            "format": "csv", "encoding": "utf-8-sig", "description": CSV_NOTE, "schema": schema,
            "sources": [{"title": city.city.document.title.zh}],
        })
    package = {
        "name": "public-service-plans-jiangxi",
        "title": "上饶市、宜春市“十四五”公共服务规划主要指标 / Main indicators of the Shangrao and Yichun 14th Five-Year public service plans",
        "sources": [{"title": c.city.document.title.zh} for c in dataset.cities],
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def all_files(dataset: Dataset) -> dict[str, str]:
    """Every download, path → content."""
    files: dict[str, str] = {}
    everything: list[dict] = []
    for city in dataset.cities:
        rows = city_rows(city, dataset.codes)
        everything += rows
        files[city_file(city.city.id, "csv")] = to_csv(rows)
        files[city_file(city.city.id, "json")] = to_json(rows)
        for ind in city.indicators:
            ind_rows = indicator_rows(city, ind, dataset.codes)
            files[indicator_file(city.city.id, ind.id, "csv")] = to_csv(ind_rows)
            files[indicator_file(city.city.id, ind.id, "json")] = to_json(ind_rows)
    files[all_file("csv")] = to_csv(everything)
    files[all_file("json")] = to_json(everything)
    files[PACKAGE] = datapackage(dataset)
    return files
