"""The data schema: the one place that says what a valid data file holds.

Every YAML file under ``data/`` is validated against one of the top-level
models below (see ``FILE_MODELS``). The JSON Schema that editors use
(``schema/*.schema.json``) is generated from these classes by
``site_build.py schema``; never edit it by hand.

Rules that involve more than one field live here too (as model validators),
so that a reader of this module knows every rule a single file must obey.
Rules that span files (duplicate ids, references to other files, quotes
found in the source text) live in ``generator.validate``.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Ids appear in URLs (permalinks), so they are short lowercase ASCII slugs.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

PERCENT_UNITS = {"%", "％", "100%"}


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A piece of text in both languages. Both are required."""

    zh: NonEmpty = Field(description="简体中文 / Simplified Chinese")
    en: NonEmpty = Field(description="English")

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Attribute(str, Enum):
    binding = "binding"  # 约束性
    expected = "expected"  # 预期性


class Comparator(str, Enum):
    """How a figure relates to its number: "＞95" is gt, "95以上"/"不少于15" is ge."""

    eq = "eq"
    gt = "gt"
    ge = "ge"
    lt = "lt"
    le = "le"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    term = "term"
    year = "year"
    once = "once"


class Source(Strict):
    """Where an entry comes from: the document, its place in it, and a verbatim quote."""

    document: Slug = Field(description="Id of the source document, declared in the city's city.yml")
    table: Optional[Literal["main-indicators"]] = Field(
        None, description="The table the entry comes from (indicators)"
    )
    row: Optional[int] = Field(None, ge=1, description="Row number in the table, counting from 1")
    chapter: Optional[int] = Field(None, ge=1, description="Chapter number (第三章 → 3), for overviews")
    box: Optional[int] = Field(None, ge=1, description="专栏 (box) number")
    item: Optional[int] = Field(None, ge=1, description="Item number within the box")
    quote: NonEmpty = Field(
        description="A short passage copied verbatim from the source text (whitespace may differ)"
    )

    @model_validator(mode="after")
    def _place_is_given(self) -> "Source":
        if self.table is None and self.box is None and self.chapter is None:
            raise ValueError("a source needs a place: `table` and `row`, `box` and `item`, or `chapter`")
        if self.table is not None and self.row is None:
            raise ValueError("a source in a table needs its `row`")
        return self


class Figure(Strict):
    """A 2020 value or a 2025 target as the table states it."""

    value: Optional[float] = Field(None, description="The number, if the cell has one")
    comparator: Comparator = Field(Comparator.eq, description="＞ is gt; 以上 is ge")
    aspiration: Optional[float] = Field(None, description="A stretch figure: 力争78.6 → 78.6")
    qualitative: Optional[Text] = Field(None, description="A target without a number, e.g. 应保尽保")
    text: NonEmpty = Field(
        description="The cell exactly as printed, e.g. 78以上，力争78.6; 〔22.85〕 or {27.71} marks a five-year cumulative total"
    )

    @property
    def cumulative(self) -> bool:
        """Five-year cumulative totals are printed in 〔〕, {} or [] (the plans' own notation)."""
        return self.text.strip()[:1] in ("〔", "{", "[", "［", "｛")

    @model_validator(mode="after")
    def _has_content(self) -> "Figure":
        if self.value is None and self.qualitative is None:
            raise ValueError("a figure needs a `value` or a `qualitative` wording")
        return self


class Observation(Strict):
    """A value observed in a year after the baseline, with its own source."""

    year: int = Field(ge=2021, le=2025)
    value: float
    source: Source


class Indicator(Strict):
    id: Slug
    code: Optional[Slug] = Field(
        None, description="Shared code: indicators that mean the same thing in different cities share it"
    )
    domain: Slug = Field(description="Id of a domain in data/domains.yml")
    name: Text
    unit: Optional[Text] = Field(None, description="Unit as printed, e.g. {zh: '%', en: '%'}")
    baseline: Optional[Figure] = Field(None, description="2020 value; omit when the table has — or -")
    target: Figure = Field(description="2025 target")
    attribute: Attribute = Field(description="binding (约束性) or expected (预期性)")
    definition: Optional[Text] = Field(None, description="指标解释, where the plan gives one")
    observations: list[Observation] = Field(default_factory=list)
    source: Source

    @property
    def cumulative(self) -> bool:
        """True when the target is a five-year cumulative total (read from how it is printed)."""
        return self.target.cumulative

    @model_validator(mode="after")
    def _percent_at_most_100(self) -> "Indicator":
        if self.unit is not None and self.unit.zh.strip() in PERCENT_UNITS:
            for label, fig in (("baseline", self.baseline), ("target", self.target)):
                if fig is not None and fig.value is not None and fig.value > 100:
                    raise ValueError(f"{label}.value: a percentage cannot be above 100, got {fig.value:g}")
        return self


class Tier(Strict):
    label: Text
    value: float = Field(ge=0)


class StandardKind(str, Enum):
    amount = "amount"  # money
    percentage = "percentage"  # e.g. a reimbursement ratio
    count = "count"  # a number of things: programmes, check-ups, films
    age = "age"  # an age threshold or range
    duration = "duration"  # hours, days


class Standard(Strict):
    """One quantified element of a service or project, structured from the text."""

    kind: StandardKind
    label: Text = Field(description="What the figure is, e.g. 地面无线广播节目 / terrestrial radio programmes")
    value: Optional[float] = Field(None, ge=0)
    min: Optional[float] = Field(None, ge=0, description="Lower end of a range")
    max: Optional[float] = Field(None, ge=0, description="Upper end of a range")
    tiers: list[Tier] = Field(default_factory=list, description="Graded amounts, e.g. 400/300/200 by level")
    comparator: Comparator = Comparator.eq
    unit: Optional[Text] = Field(None, description="e.g. {zh: 元, en: yuan}; {zh: 套, en: programmes}")
    per: Optional[Text] = Field(None, description="Per whom, e.g. {zh: 每生, en: per student}")
    period: Optional[Period] = None
    deadline: Optional[int] = Field(None, ge=2021, le=2035, description="Year by which a target is due")

    @model_validator(mode="after")
    def _consistent(self) -> "Standard":
        if self.value is None and self.min is None and self.max is None and not self.tiers:
            raise ValueError("a standard needs a `value`, a `min`/`max` range or `tiers`")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        if self.kind is StandardKind.percentage:
            for v in (self.value, self.min, self.max, *(t.value for t in self.tiers)):
                if v is not None and v > 100:
                    raise ValueError(f"a percentage cannot be above 100, got {v:g}")
        return self


class ItemKind(str, Enum):
    service = "service"  # something a resident receives
    project = "project"  # something the city builds or organises


class Item(Strict):
    """One numbered item of a box (专栏): a service or a project."""

    id: Slug
    kind: ItemKind
    domain: Slug = Field(description="Id of a domain in data/domains.yml")
    title: Text
    text: Text = Field(description="The whole item: zh verbatim from the plan, en its translation")
    eligibility: Optional[Text] = Field(None, description="服务对象: who may receive it, as the plan says")
    conditions: Optional[Text] = Field(None, description="Conditions the plan attaches")
    audiences: list[Slug] = Field(default_factory=list, description="Ids from data/audiences.yml")
    standards: list[Standard] = Field(default_factory=list)
    source: Source


class Document(Strict):
    id: Slug
    title: Text
    issuer: Text
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    number: Optional[str] = Field(None, description="Document number, e.g. 宜府发〔2022〕14号")
    file: str = Field(description="Path of the plain-text source under data/sources/")


class Box(Strict):
    number: int = Field(ge=1)
    title: Text
    domain: Slug


class DomainOverview(Strict):
    domain: Slug
    local_name: Optional[Text] = Field(None, description="The city's own name for the domain, if different")
    overview: Optional[Text] = None
    source: Optional[Source] = None


class City(Strict):
    id: Slug
    name: Text
    province: Text
    document: Document
    boxes: list[Box] = Field(default_factory=list)


class Domain(Strict):
    id: Slug
    name: Text
    description: Optional[Text] = None


class Audience(Strict):
    id: Slug
    name: Text
    question: Text = Field(description="How a resident recognises themselves: 我是… / I am…")
    finder: Literal["ask", "age", "always"] = Field(
        "ask",
        description="How the entitlement finder decides: `ask` shows `question` as a checkbox; "
        "`age` follows from the age entered (min_age/max_age); `always` applies to everyone",
    )
    min_age: Optional[int] = Field(None, ge=0, le=150, description="With finder: age, the youngest age it covers")
    max_age: Optional[int] = Field(None, ge=0, le=150, description="With finder: age, the oldest age it covers")

    @model_validator(mode="after")
    def _age_rule_complete(self) -> "Audience":
        if self.finder == "age" and self.min_age is None and self.max_age is None:
            raise ValueError("an audience with `finder: age` needs `min_age` or `max_age`")
        if self.finder != "age" and (self.min_age is not None or self.max_age is not None):
            raise ValueError("`min_age`/`max_age` apply only with `finder: age`")
        return self


class GlossaryTerm(Strict):
    """A term with its one fixed English translation, used the same way everywhere."""

    zh: NonEmpty
    en: NonEmpty = Field(description="The English used for this term throughout the site")
    variants: list[NonEmpty] = Field(
        default_factory=list,
        description="Other Chinese spellings of the same term in the plans (e.g. 应报尽保 for 应保尽保)",
    )
    en_variants: list[NonEmpty] = Field(
        default_factory=list,
        description="Grammatical forms of the English that also count (plural, capitalised)",
    )
    note: Optional[Text] = Field(None, description="A plain explanation for readers")


# ---- top-level files -------------------------------------------------------


class CityFile(City):
    pass


class IndicatorsFile(Strict):
    indicators: list[Indicator]


class ItemsFile(Strict):
    items: list[Item]


class DomainOverviewFile(DomainOverview):
    pass


class DomainsFile(Strict):
    domains: list[Domain]


class AudiencesFile(Strict):
    audiences: list[Audience]


class GlossaryFile(Strict):
    terms: list[GlossaryTerm]


# Which model validates which file: a path pattern relative to data/.
FILE_MODELS: list[tuple[re.Pattern[str], type[BaseModel]]] = [
    (re.compile(r"^domains\.yml$"), DomainsFile),
    (re.compile(r"^audiences\.yml$"), AudiencesFile),
    (re.compile(r"^glossary\.yml$"), GlossaryFile),
    (re.compile(r"^cities/[^/]+/city\.yml$"), CityFile),
    (re.compile(r"^cities/[^/]+/indicators\.yml$"), IndicatorsFile),
    (re.compile(r"^cities/[^/]+/items/[^/]+\.yml$"), ItemsFile),
    (re.compile(r"^cities/[^/]+/domains/[^/]+\.yml$"), DomainOverviewFile),
]


def model_for(relative_path: str) -> Optional[type[BaseModel]]:
    for pattern, model in FILE_MODELS:
        if pattern.match(relative_path):
            return model
    return None


def json_schemas() -> dict[str, dict]:
    """JSON Schema per file kind, for editors (generated, never hand-written)."""
    return {
        model.__name__: model.model_json_schema()
        for _, model in FILE_MODELS
    }
