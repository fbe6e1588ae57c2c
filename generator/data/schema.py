"""The data schema: the one place that says what a valid data file holds.

Every YAML file under ``data/`` is validated against one of the top-level
models below (see ``FILE_MODELS``). The JSON Schema that editors use
(``schema/*.schema.json``) is generated from these classes by
``site_build.py schema``; never edit it by hand.

Rules that involve more than one field live here too (as model validators),
so that a reader of this module knows every rule a single file must obey.
Rules that span files (duplicate ids, references to other files, quotes
found in the source text) live in ``generator.data.validate``.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from .messages import render

# The one safe name: lowercase ASCII letters and digits in hyphen-separated words. Ids
# appear in URLs (permalinks); file and folder names under data/ appear in paths, links
# and messages. Nothing else may come from the data into a path: no `/`, `..`, `\`,
# spaces, capitals, markup or control characters.
SAFE_NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SAFE_NAME_PATTERN = re.compile(rf"^{SAFE_NAME}$")
DATA_FILE_PATTERN = re.compile(rf"^{SAFE_NAME}\.yml$")  # a YAML file under data/
SOURCE_FILE_PATTERN = re.compile(rf"^{SAFE_NAME}\.txt$")  # a plan text in data/sources/
MAX_NAME_LENGTH = 80

Slug = Annotated[str, StringConstraints(pattern=SAFE_NAME_PATTERN.pattern, max_length=MAX_NAME_LENGTH)]
SourceFileName = Annotated[str, StringConstraints(pattern=SOURCE_FILE_PATTERN.pattern, max_length=MAX_NAME_LENGTH)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

PERCENT_UNITS = {"%", "％", "100%"}
MAX_AGE = 120  # the oldest age the finder accepts, and the largest age a standard or an audience may state


def _problem(code: str, at: tuple = (), **params: str) -> PydanticCustomError:
    """A rule of this module broken: its error code (generator/data/messages.py) and parameters
    become the pydantic error's type and ctx; `at` is the field the problem is in, when the
    rule is checked by the model that holds it (validate.py adds it to the location)."""
    return PydanticCustomError(code, render(code, params, "en"), {**params, "at": at} if at else params)


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A piece of text in both languages. Both are required."""

    zh: NonEmpty = Field(
        description="The text in Simplified Chinese, e.g. 上饶市; required and not empty.",
        json_schema_extra={"description_zh": "简体中文文本，例如“上饶市”；必填，不能为空。"},
    )
    en: NonEmpty = Field(
        description="The same text in English, e.g. Shangrao; required and not empty.",
        json_schema_extra={"description_zh": "同一内容的英文，例如“Shangrao”；必填，不能为空。"},
    )

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


class Attribute(str, Enum):
    binding = "binding"  # 约束性
    expected = "expected"  # 预期性


class Comparator(str, Enum):
    """How a figure relates to its number: "＞95" is gt, "95以上"/"不少于15" is ge, "80%左右"/"约80%" is approx."""

    eq = "eq"
    gt = "gt"
    ge = "ge"
    lt = "lt"
    le = "le"
    approx = "approx"  # 约, 左右: about, not exactly


class Direction(str, Enum):
    """Which way an indicator should move: the progress status (generator/site/progress.py) needs it."""

    higher = "higher"  # more is better: life expectancy, enrolment
    # The data's word; the member hides str.lower, which nothing calls on a direction.
    lower = "lower"  # type: ignore[assignment]  # less is better: mortality, waiting times


class Qualifier(str, Enum):
    """A hedge the plan puts on a figure; the site repeats it next to the figure in both languages.

    不低于/不少于 are not hedges but comparators (ge)."""

    aim = "aim"  # 力争, 争取: a stretch goal, not a promise
    in_principle = "in-principle"  # 原则上: the rule, with exceptions allowed
    basically = "basically"  # 基本: largely, not entirely
    average = "average"  # 平均: an average, individual figures differ


class Recipient(str, Enum):
    """Who receives what a standard's figure counts or pays: only `resident` and `household`
    figures are something a person can claim; the others are never shown as one."""

    resident = "resident"  # the person: an allowance, a check-up, a reimbursement share
    household = "household"  # the family or household as a unit
    institution = "institution"  # a school, hospital, care home... (e.g. per-pupil funding paid to schools)
    programme = "programme"  # a target of the programme as a whole: how many built, covered, trained


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    term = "term"
    year = "year"
    once = "once"


class Source(Strict):
    """Where an entry comes from: the document, its place in it, and a verbatim quote."""

    document: Slug = Field(
        description="Id of the source document: the city's plan (city.yml `document`), one of its other documents "
        "(city.yml `documents`) or a site-wide one (data/documents.yml), e.g. shangrao-plan.",
        json_schema_extra={"description_zh": "出处文件的代码：本市的规划（city.yml 的 document）、本市登记的其他文件（city.yml 的 "
        "documents）或全站文件（data/documents.yml），例如 shangrao-plan。"},
    )
    table: Optional[Literal["main-indicators"]] = Field(
        None,
        description="For indicators only: the table the row is in; the only value is main-indicators (the "
        "plan's table of main indicators), and row must be given with it.",
        json_schema_extra={"description_zh": "仅用于指标：该行所在的表格，只能填 main-indicators（规划的主要指标表），并须同时填写 row。"},
    )
    row: Optional[int] = Field(
        None, ge=1,
        description="Row number in the table, counting from 1, e.g. 8; required when table is given.",
        json_schema_extra={"description_zh": "在表格中的行号，从 1 开始数，例如 8；填写了 table 时必填。"},
    )
    chapter: Optional[int] = Field(
        None, ge=1,
        description="Chapter number (第三章 → 3), for domain overviews and observations, e.g. 6.",
        json_schema_extra={"description_zh": "章号（第三章 → 3），用于领域概述和年度观测值，例如 6。"},
    )
    box: Optional[int] = Field(
        None, ge=1,
        description="The box (专栏) number, e.g. 8 for 专栏8; it must be listed under boxes in the city's city.yml.",
        json_schema_extra={"description_zh": "专栏号，例如专栏8填 8；该专栏必须已在本市 city.yml 的 boxes 中列出。"},
    )
    item: Optional[int] = Field(
        None, ge=1,
        description="Item number within the box, counting from 1, e.g. 3 for the box's third item.",
        json_schema_extra={"description_zh": "在专栏中的项目序号，从 1 开始数，例如第3项填 3。"},
    )
    section: Optional[int] = Field(
        None, ge=1,
        description="For a document other than the plan: its numbered part, counting its 一、二、三、 headings (二、 → "
        "2), e.g. 3.",
        json_schema_extra={"description_zh": "用于规划以外的文件：按“一、二、三、”标题计的部分（二、 → 2），例如 3。"},
    )
    article: Optional[int] = Field(
        None, ge=1,
        description="For a document other than the plan: its article (第五条 → 5), e.g. 5.",
        json_schema_extra={"description_zh": "用于规划以外的文件：条号（第五条 → 5），例如 5。"},
    )
    quote: NonEmpty = Field(
        description="A short passage copied verbatim from the source text (whitespace may differ); every number "
        "in the entry must occur in it.",
        json_schema_extra={"description_zh": "从规划原文中逐字照抄的一段文字（空格、换行可以不同）；条目中的每个数字都必须出现在这段引文中。"},
    )

    @model_validator(mode="after")
    def _place_is_given(self) -> Source:
        if self.table is None and self.box is None and self.chapter is None and self.section is None and self.article is None:
            raise _problem("source-without-place")
        if self.table is not None and self.row is None:
            raise _problem("table-source-without-row")
        return self


class Figure(Strict):
    """A 2020 value or a 2025 target as the table states it."""

    value: Optional[float] = Field(
        None,
        description="The number, if the cell has one: digits only, such as 78 for 78以上; it must occur in the "
        "quote.",
        json_schema_extra={"description_zh": "单元格中的数字（如有）：只写阿拉伯数字，例如“78以上”填 78；必须出现在引文中。"},
    )
    comparator: Comparator = Field(
        Comparator.eq,
        description="How the printed figure relates to the number: eq exactly (the default), gt more than "
        "(＞90), ge at least (95以上, 不少于15), lt less than, le at most, approx about (约, 左右).",
        json_schema_extra={"description_zh": "原文数字的比较关系：eq 等于（默认）、gt 大于（＞90）、ge 不少于（95以上、不少于15）、lt 小于、le 不超过、approx 约（约、左右）。"},
    )
    qualifier: Optional[Qualifier] = Field(
        None,
        description="A hedge the cell puts on the number: aim (力争), in-principle (原则上), basically (基本) or average "
        "(平均); the word must be in the cell. Leave out for 力争 with a second number (that goes in aspiration).",
        json_schema_extra={"description_zh": "单元格对数字的限定语：aim 力争、in-principle 原则上、basically 基本、average 平均；该词必须出现在单元格中。"
        "“78以上，力争78.6”这样另有数字的力争写在 aspiration 中。"},
    )
    aspiration: Optional[float] = Field(
        None,
        description="A stretch figure: 力争78.6 → 78.6; digits only, leave out when the cell has none.",
        json_schema_extra={"description_zh": "争取达到的数字：“力争78.6”填 78.6；只写阿拉伯数字，没有时不填。"},
    )
    qualitative: Optional[Text] = Field(
        None,
        description="A target without a number, e.g. 应保尽保 → {zh: 应保尽保, en: everyone eligible covered}; a figure "
        "needs either this or value.",
        json_schema_extra={"description_zh": "没有数字的目标，例如应保尽保 → {zh: 应保尽保, en: everyone eligible covered}；每个数值必须有 value 或本字段。"},
    )
    text: NonEmpty = Field(
        description="The cell exactly as printed, e.g. 78以上，力争78.6; 〔22.85〕 or {27.71} marks a five-year "
        "cumulative total",
        json_schema_extra={"description_zh": "单元格原样照录，例如“78以上，力争78.6”；写在〔〕或{}中的数字（如〔22.85〕）表示五年累计数。"},
    )

    @property
    def cumulative(self) -> bool:
        """Five-year cumulative totals are printed in 〔〕, {} or [] (the plans' own notation)."""
        return self.text.strip()[:1] in ("〔", "{", "[", "［", "｛")

    @model_validator(mode="after")
    def _has_content(self) -> Figure:
        if self.value is None and self.qualitative is None:
            raise _problem("figure-without-value")
        return self


class Observation(Strict):
    """A value observed in a year after the baseline, with its own source."""

    year: int = Field(
        ge=2021, le=2025,
        description="The year the value refers to, from 2021 to 2025, e.g. 2023.",
        json_schema_extra={"description_zh": "观测值所属的年份，2021 至 2025 年，例如 2023。"},
    )
    value: float = Field(
        description="The value reached that year, digits only, such as 2.6; it must occur in this observation's "
        "quote.",
        json_schema_extra={"description_zh": "该年达到的数值，只写阿拉伯数字，例如 2.6；必须出现在本观测值的引文中。"},
    )
    # Decision: an observation binds its value to a phrase, as a standard does. Its quote
    # is a passage of a report that states several figures (other years, other
    # indicators); "the value occurs somewhere in the quote" would let any of them vouch
    # for a mistyped value. The year may occur in the phrase (到2023年底达到2.6).
    phrase: NonEmpty = Field(
        description="The exact words of the quote that state the value, e.g. 达到2.6; they must occur in the quote, "
        "state the value and no other number except the year.",
        json_schema_extra={"description_zh": "引文中写明该数值的原话，例如“达到2.6”；必须出现在引文中，写出该数值，且除年份外不含其他数字。"},
    )
    source: Source = Field(
        description="Where the value was published: document, a place such as chapter, and a verbatim quote "
        "that contains the value.",
        json_schema_extra={"description_zh": "该数值的出处：文件、位置（如章号）和包含该数值的逐字引文。"},
    )


class Indicator(Strict):
    id: Slug = Field(
        description="Permanent id of the indicator, used in its page address: lowercase letters, digits and "
        "hyphens, unique within the city, e.g. life-expectancy; do not change it once published.",
        json_schema_extra={"description_zh": "指标的固定代码，会出现在网址中：只用小写字母、数字和连字符，在本市内不能重复，例如 life-expectancy；发布后不要再改。"},
    )
    code: Optional[Slug] = Field(
        None,
        description="Shared code: indicators that mean the same thing in different cities share it, which puts "
        "them side by side on a comparison page, e.g. life-expectancy.",
        json_schema_extra={"description_zh": "共用代码：不同城市含义相同的指标使用同一代码，网站会把它们放在同一个对比页面上，例如 life-expectancy。"},
    )
    domain: Slug = Field(
        description="Id of a domain in data/domains.yml, e.g. health.",
        json_schema_extra={"description_zh": "所属领域的代码，须是 data/domains.yml 中的领域，例如 health。"},
    )
    name: Text = Field(
        description="The indicator's name as printed in the table, without the unit, e.g. {zh: 人均预期寿命, en: "
        "Average life expectancy}.",
        json_schema_extra={"description_zh": "表格中印出的指标名称（不含单位），例如 {zh: 人均预期寿命, en: Average life expectancy}。"},
    )
    unit: Optional[Text] = Field(
        None,
        description="Unit as printed after the name, e.g. {zh: 岁, en: years} for 人均预期寿命（岁） or {zh: '%', en: "
        "'%'}; leave out when the table prints none.",
        json_schema_extra={"description_zh": "名称后括号中印出的单位，例如“人均预期寿命（岁）”填 {zh: 岁, en: years}，百分比填 {zh: '%', en: '%'}；表中没有单位时不填。"},
    )
    baseline: Optional[Figure] = Field(
        None,
        description="2020 value, e.g. 77.2; omit when the table has — or -",
        json_schema_extra={"description_zh": "2020 年的数值，例如 77.2；表中为“—”或“-”时不填。"},
    )
    target: Figure = Field(
        description="2025 target, e.g. 78以上，力争78.6 (value 78, comparator ge, aspiration 78.6).",
        json_schema_extra={"description_zh": "2025 年的目标值，例如“78以上，力争78.6”（value 78、comparator ge、aspiration 78.6）。"},
    )
    attribute: Attribute = Field(
        description="binding (约束性: the government must meet it) or expected (预期性: a target it works towards), "
        "as in the table's last column.",
        json_schema_extra={"description_zh": "指标属性：binding（约束性，政府必须完成）或 expected（预期性，政府努力实现），按表格最后一栏填写。"},
    )
    # Decision: most directions follow from the table itself (a target printed "≥"/"以上" or
    # "≤"/"以下", or a target above or below the 2020 value); the field is for the rows where
    # they do not (a target equal to the baseline, or "about"), and to overrule a reading.
    direction: Optional[Direction] = Field(
        None,
        description="Which way is progress: higher (more is better) or lower (less is better). Leave out when the "
        "table shows it: a target printed as a minimum (以上, 不少于) or a rise from 2020 reads as higher, a maximum "
        "(以下, 不超过) or a fall as lower; give it when the target equals the 2020 value or is only \"about\".",
        json_schema_extra={"description_zh": "指标的进步方向：higher（越高越好）或 lower（越低越好）。表格已能看出时不填："
        "目标写作下限（以上、不少于）或高于 2020 年数值即为 higher，写作上限（以下、不超过）或低于 2020 年数值即为 lower；"
        "目标与 2020 年数值相同或只写“约”时须填写。"},
    )
    definition: Optional[Text] = Field(
        None,
        description="The plan's explanation of the indicator (指标解释), in both languages, where the plan gives "
        "one.",
        json_schema_extra={"description_zh": "规划对该指标的解释（指标解释），中英文都要写；规划没有解释时不填。"},
    )
    observations: list[Observation] = Field(
        default_factory=list,
        description="Values reached in later years (2021 to 2025), each with its own verbatim source; leave out "
        "until such a figure is published.",
        json_schema_extra={"description_zh": "之后年份（2021 至 2025 年）实际达到的数值，每个都要有自己的逐字出处；尚无公布的数值时不填。"},
    )
    source: Source = Field(
        description="Where the row comes from: document, table main-indicators, row number and the row copied "
        "verbatim, e.g. 人均预期寿命（岁） 77.2 78以上，力争78.6 预期性.",
        json_schema_extra={"description_zh": "该行的出处：文件、表格 main-indicators、行号和逐字照抄的整行，例如“人均预期寿命（岁） 77.2 78以上，力争78.6 预期性”。"},
    )

    @property
    def cumulative(self) -> bool:
        """True when the target is a five-year cumulative total (read from how it is printed)."""
        return self.target.cumulative

    @model_validator(mode="after")
    def _percent_at_most_100(self) -> Indicator:
        if self.unit is not None and self.unit.zh.strip() in PERCENT_UNITS:
            for label, fig in (("baseline", self.baseline), ("target", self.target)):
                if fig is not None and fig.value is not None and fig.value > 100:
                    raise _problem("percentage-above-100", value=f"{fig.value:g}", at=(label, "value"))
        return self


class Tier(Strict):
    label: Text = Field(
        description="Who or what this tier is for, e.g. {zh: 小学生, en: primary school pupils}.",
        json_schema_extra={"description_zh": "这一档适用的对象，例如 {zh: 小学生, en: primary school pupils}。"},
    )
    value: float = Field(
        ge=0,
        description="The figure for this tier, digits only, such as 1000; not negative, and it must occur in "
        "the quote.",
        json_schema_extra={"description_zh": "这一档的数字，只写阿拉伯数字，例如 1000；不能为负数，且必须出现在引文中。"},
    )


class StandardKind(str, Enum):
    amount = "amount"  # money
    percentage = "percentage"  # e.g. a reimbursement ratio
    # The data's word; the member hides str.count, which nothing calls on a kind.
    count = "count"  # type: ignore[assignment]  # a number of things: programmes, check-ups, films
    age = "age"  # an age threshold or range
    duration = "duration"  # hours, days


class Standard(Strict):
    """One quantified element of a service or project, structured from the text."""

    kind: StandardKind = Field(
        description="What sort of figure it is: amount (money), percentage (e.g. a reimbursement ratio), count "
        "(a number of things: programmes, check-ups), age (an age limit or range) or duration "
        "(hours, days, years).",
        json_schema_extra={"description_zh": "数字的类别：amount 金额、percentage 比例（如报销比例）、count 数量（节目套数、体检次数等）、age 年龄（年龄限制或范围）、duration 时长（小时、天、年）。"},
    )
    label: Text = Field(
        description="What the figure is, e.g. 地面无线广播节目 / terrestrial radio channels",
        json_schema_extra={"description_zh": "这个数字指什么，例如 {zh: 地面无线广播节目, en: terrestrial radio channels}。"},
    )
    phrase: NonEmpty = Field(
        description="The exact words of the quote that state the figure, with its unit and comparator, e.g. "
        "不少于15套 or 每人每年14元 (whitespace may differ). They must occur in the quote, state value, min, max and "
        "every tier value, and no other number (the deadline year may appear): a figure is checked against the "
        "words that state it, not against any number elsewhere in the quote.",
        json_schema_extra={"description_zh": "引文中写明这个数字的原话，连同单位和比较词，例如“不少于15套”“每人每年14元”（空格可以不同）。"
        "必须出现在引文中，写出 value、min、max 和每一档的数字，且不含其他数字（可含完成年份）：数字只以写明它的原话为准，"
        "不以引文中别处的数字为准。"},
    )
    value: Optional[float] = Field(
        None, ge=0,
        description="The figure, digits only, such as 1250 (not 1,250元); it must occur in the quote. A standard "
        "needs value, min/max or tiers.",
        json_schema_extra={"description_zh": "数字，只写阿拉伯数字，例如 1250（不要写“1,250元”）；必须出现在引文中。每条服务标准必须有 value、min/max 或 tiers 之一。"},
    )
    min: Optional[float] = Field(
        None, ge=0,
        description="Lower end of a range, e.g. 0.5 in 0.5%至1%; digits only, and it must occur in the quote.",
        json_schema_extra={"description_zh": "范围的下限，例如“0.5%至1%”中的 0.5；只写阿拉伯数字，且必须出现在引文中。"},
    )
    max: Optional[float] = Field(
        None, ge=0,
        description="Upper end of a range, e.g. 1 in 0.5%至1%; digits only, not below min, and it must occur in "
        "the quote.",
        json_schema_extra={"description_zh": "范围的上限，例如“0.5%至1%”中的 1；只写阿拉伯数字，不能小于 min，且必须出现在引文中。"},
    )
    tiers: list[Tier] = Field(
        default_factory=list,
        description="Graded amounts, e.g. 400/300/200 by level, or 小学生 1000 and 初中生 1250 元; one entry per "
        "grade, each with label and value.",
        json_schema_extra={"description_zh": "分档的数额，例如按等级 400/300/200 元，或小学生 1000 元、初中生 1250 元；每档一条，各有 label 和 value。"},
    )
    comparator: Comparator = Field(
        Comparator.eq,
        description="How the plan's wording relates to the figure: eq exactly (the default), gt more than (超过, "
        "大于), ge at least (不少于15, 15以上, 不低于), lt less than, le at most (不超过), approx about (约, 左右). "
        "It must agree with the words of the phrase, unless `reading` explains why not.",
        json_schema_extra={"description_zh": "原文与数字的比较关系：eq 等于（默认）、gt 大于（超过、大于）、ge 不少于（不少于15、15以上、不低于）、"
        "lt 小于、le 不超过、approx 约（约、左右）。必须与 phrase 中的用词一致，否则须在 reading 中说明理由。"},
    )
    qualifier: Optional[Qualifier] = Field(
        None,
        description="A hedge the plan puts on the figure: aim (力争, 争取), in-principle (原则上), basically (基本) or "
        "average (平均); required when the phrase has one of these words, and the word must be in the phrase.",
        json_schema_extra={"description_zh": "规划对数字的限定语：aim 力争/争取、in-principle 原则上、basically 基本、average 平均；"
        "phrase 中有这些词时必填，且该词必须出现在 phrase 中。"},
    )
    recipient: Recipient = Field(
        description="Who receives what the figure pays or counts: resident (the person: an allowance, a check-up), "
        "household, institution (e.g. per-pupil funding paid to schools) or programme (a target of the programme "
        "as a whole: schools built, share covered). Only resident and household figures are shown as something a "
        "person gets.",
        json_schema_extra={"description_zh": "数字所指的受益对象：resident 居民个人（补贴、体检等）、household 家庭/户、institution 机构"
        "（如拨给学校的生均公用经费）、programme 工程或项目整体的目标（建成几所、覆盖率）。只有 resident 和 household "
        "的数字会作为个人可以享受的待遇显示。"},
    )
    reading: Optional[Text] = Field(
        None,
        description="Only when the comparator departs from the phrase's usual meaning: why, in both languages, "
        "shown to readers next to the figure, e.g. why 45人以上班额 is read as more than 45.",
        json_schema_extra={"description_zh": "仅当比较关系与 phrase 用词的通常含义不同时填写：中英文说明理由，会显示在数字旁，"
        "例如为什么把“45人以上班额”理解为超过45人。"},
    )
    unit: Optional[Text] = Field(
        None,
        description="The unit of the figure, e.g. {zh: 元, en: yuan}; {zh: 套, en: channels} (radio and TV); "
        "{zh: '%', en: '%'} for every percentage.",
        json_schema_extra={"description_zh": "数字的单位，例如 {zh: 元, en: yuan}、{zh: 套, en: channels}（广播电视节目套数）；百分比一律填 {zh: '%', en: '%'}。"},
    )
    per: Optional[Text] = Field(
        None,
        description="Per whom or what, e.g. {zh: 每生, en: per pupil} or {zh: 每班, en: per class}",
        json_schema_extra={"description_zh": "按什么计算，例如 {zh: 每生, en: per pupil} 或 {zh: 每班, en: per class}。"},
    )
    period: Optional[Period] = Field(
        None,
        description="How often the figure applies: day, week, month, term, year or once, e.g. year for "
        "每生每年1000元; leave out when the plan does not say.",
        json_schema_extra={"description_zh": "发放或计算的周期：day 每天、week 每周、month 每月、term 每学期、year 每年、once 一次性，例如“每生每年1000元”填 year；规划未写明时不填。"},
    )
    limits_item: bool = Field(
        False,
        description="Only for kind: age: true when the whole item is for people of this age alone, as the plan "
        "states it (e.g. aged 65 and over for the health management of older people); the finder then does not "
        "offer the item to other ages. Leave false when the age concerns one part of the item only (e.g. the "
        "advanced-age allowance from 80 within older people's welfare, or under-18s within support for people in "
        "extreme hardship, which also serves older people).",
        json_schema_extra={"description_zh": "仅用于 kind: age：规划写明整个条目只面向这一年龄的人时填 true（例如老年人健康管理服务的"
        "“65岁及以上”），“我能享受什么”查询就不会把该条目列给其他年龄的人。年龄只涉及条目的一部分时不填（例如老年人福利中"
        "高龄津贴的“80岁以上”，或同样面向老年人的特困人员救助供养中的“未满18周岁”）。"},
    )
    deadline: Optional[int] = Field(
        None, ge=2021, le=2035,
        description="Year by which a target is due, from 2021 to 2035, e.g. 2025 for 到2025年; it must occur in "
        "the quote.",
        json_schema_extra={"description_zh": "目标须完成的年份，2021 至 2035 年，例如“到2025年”填 2025；必须出现在引文中。"},
    )

    @model_validator(mode="after")
    def _consistent(self) -> Standard:
        if self.value is None and self.min is None and self.max is None and not self.tiers:
            raise _problem("standard-without-figure")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise _problem("min-above-max", min=f"{self.min:g}", max=f"{self.max:g}")
        if self.kind is StandardKind.percentage:
            for v in (self.value, self.min, self.max, *(t.value for t in self.tiers)):
                if v is not None and v > 100:
                    raise _problem("percentage-above-100", value=f"{v:g}")
        if self.kind is StandardKind.age:
            for v in (self.value, self.min, self.max, *(t.value for t in self.tiers)):
                if v is not None and v > MAX_AGE:
                    raise _problem("above-maximum", limit=str(MAX_AGE), value=f"{v:g}")
        if self.limits_item and (self.kind is not StandardKind.age or self.recipient is not Recipient.resident or self.tiers):
            raise _problem("limits-item-not-an-age", at=("limits_item",))
        return self

    def age_bounds(self) -> tuple[int | None, int | None] | None:
        """The ages an age standard covers, in whole years, both ends included: 65岁及以上 → (65, None),
        未满18周岁 → (None, 17), 0-6岁 → (0, 6); None for any other standard (or an approximate age)."""
        if self.kind is not StandardKind.age or self.tiers or self.comparator is Comparator.approx:
            return None
        low, high = self.min, self.max
        if self.value is not None:
            low = high = self.value
        if self.comparator in (Comparator.ge, Comparator.gt):
            high = None if self.value is not None else high
        if self.comparator in (Comparator.le, Comparator.lt):
            low = None if self.value is not None else low
        lo = None if low is None else int(low) + (1 if self.comparator is Comparator.gt and high is None else 0)
        hi = None if high is None else int(high) - (1 if self.comparator is Comparator.lt and low is None else 0)
        return lo, hi


# ---- what a resident needs to act: the national standard's form, completed (issue 15) -----------
#
# 国家基本公共服务标准 gives every item 服务对象, 服务内容, 服务标准, 支出责任 and 牵头负责单位; a
# resident also needs how to apply, what it costs, where and when, and whom to ask. The plans state
# almost none of this, so each field is optional and carries its OWN source, which may cite any
# registered document (a department notice, an implementation standard). Everything in them is
# copied from that source: every Chinese text must occur in the field's quote, and every number
# and time the field states must occur in it too (generator/data/practical.py). A field left out is
# shown as an honest gap ("规划未写明办理方式"), never guessed.


class Statement(Strict):
    """A fact stated in words by a source: the Chinese copied from the quote, the English its translation."""

    text: Text = Field(
        description="What the source says, zh copied from the quote (checked: it must occur in it, spaces may "
        "differ), en its translation, e.g. en: shared by central and local government.",
        json_schema_extra={"description_zh": "出处所说的内容：zh 从引文中逐字照抄（会核对：必须出现在引文中，空格可以不同），"
        "en 为其英文翻译，例如 {zh: 中央与地方共同财政事权, en: shared by central and local government}。"},
    )
    source: Source = Field(
        description="Where it is stated: a registered document, the place in it and a verbatim quote.",
        json_schema_extra={"description_zh": "出处：已登记的文件、在文件中的位置和逐字引文。"},
    )


class LeadDepartment(Strict):
    """牵头负责单位: the department(s) responsible for the service, as a source names them."""

    departments: list[Text] = Field(
        min_length=1,
        description="Each department as the source names it, zh copied from the quote, e.g. [{zh: 市民政局, en: "
        "Municipal Civil Affairs Bureau}]; the first is the lead.",
        json_schema_extra={"description_zh": "出处写明的每个部门，zh 从引文中逐字照抄，例如 [{zh: 市民政局, en: Municipal Civil Affairs "
        "Bureau}]；第一个为牵头单位。"},
    )
    source: Source = Field(
        description="Where the departments are named: a registered document, the place and a verbatim quote.",
        json_schema_extra={"description_zh": "写明这些部门的出处：已登记的文件、位置和逐字引文。"},
    )


class Channel(str, Enum):
    """How a resident applies or is reached."""

    in_person = "in-person"  # at a counter: 窗口、现场
    online = "online"  # a website or app: 网上、政务服务网、App、小程序
    phone = "phone"  # by telephone
    post = "post"  # by post
    automatic = "automatic"  # nothing to do: granted without an application (免申即享)


class HowToApply(Strict):
    """办理方式: how a resident gets the service — the channel, the papers to bring, where to go."""

    steps: Text = Field(
        description="How to apply, in the source's words, e.g. en: Apply in person to the township "
        "(sub-district) where you are registered.",
        json_schema_extra={"description_zh": "如何申请，照录出处原话，例如 {zh: 由本人向户籍所在地乡镇（街道）提出申请, en: Apply in person to the "
        "township (sub-district) where you are registered}。"},
    )
    channels: list[Channel] = Field(
        default_factory=list,
        description="The ways the source allows: in-person, online, phone, post, or automatic (granted without "
        "applying); leave out when it does not say.",
        json_schema_extra={"description_zh": "出处允许的办理渠道：in-person 现场、online 网上、phone 电话、post 邮寄、automatic 无需申请（免申即享）；出处未写明时不填。"},
    )
    documents: list[Text] = Field(
        default_factory=list,
        description="The papers to bring, one entry each as the source lists them, e.g. {zh: 居民身份证, en: "
        "resident identity card}.",
        json_schema_extra={"description_zh": "需要携带的材料，按出处所列每项一条，例如 {zh: 居民身份证, en: resident identity card}。"},
    )
    where: Optional[Text] = Field(
        None,
        description="Where to apply, as the source says, e.g. en: the counter of the community service "
        "centre; places with opening hours go in opening.",
        json_schema_extra={"description_zh": "到哪里办理，照录出处，例如 {zh: 社区服务中心窗口, en: the counter of the community service "
        "centre}；有开放时间的服务地点写在 opening 中。"},
    )
    source: Source = Field(
        description="Where the way to apply is stated: a registered document, the place and a verbatim quote.",
        json_schema_extra={"description_zh": "办理方式的出处：已登记的文件、位置和逐字引文。"},
    )


class Cost(str, Enum):
    """What the resident pays, as the source says."""

    free = "free"  # 免费、无偿、不收费
    charged = "charged"  # a fee is charged (its amount where the source states it)
    rule = "rule"  # the source gives a rule, not a price (收费标准由地方政府制定): shown in its words


class Fee(Strict):
    """费用: whether the resident pays, and how much, bound to the words that say so."""

    cost: Cost = Field(
        description="free (the phrase must say so, e.g. 免费), charged (a fee; give amount when the source "
        "states it) or rule (the source gives a rule, not a price).",
        json_schema_extra={"description_zh": "free 免费（phrase 中须有“免费”“无偿”“不收费”等字样）、charged 收费（出处写明金额时填 amount）"
        "或 rule 出处只规定了收费原则、没有价格（例如“收费标准由地方政府制定”）。"},
    )
    phrase: NonEmpty = Field(
        description="The exact words of the quote that say it is free or state the fee or its rule, e.g. "
        "每人每次5元; they must occur in the quote and state amount (if given) and no other number.",
        json_schema_extra={"description_zh": "引文中写明免费、收费标准或收费原则的原话，例如“免费开放”“每人每次5元”；必须出现在引文中，"
        "写出 amount（如有），且不含其他数字。"},
    )
    amount: Optional[float] = Field(
        None, ge=0,
        description="Only with cost: charged, the fee in digits, e.g. 5; leave out when the source states no "
        "amount (the page then says the amount is not stated).",
        json_schema_extra={"description_zh": "仅用于 cost: charged：收费金额，只写阿拉伯数字，例如 5；出处没有写明金额时不填（页面会说明未写明）。"},
    )
    unit: Optional[Text] = Field(
        None,
        description="The unit of amount, e.g. {zh: 元, en: yuan}; only with amount.",
        json_schema_extra={"description_zh": "金额单位，例如 {zh: 元, en: yuan}；仅与 amount 一起填写。"},
    )
    notes: list[Text] = Field(
        default_factory=list,
        description="What the source says about the cost, zh copied from the quote, en its translation; for cost: "
        "rule, the rule itself (required), e.g. en: which services are free, and the charges, are set by the "
        "local government.",
        json_schema_extra={"description_zh": "出处对费用的说明，zh 从引文中照抄，en 为其翻译；cost 为 rule 时必须写明该原则，例如 {zh: "
        "免费项目或有关收费标准由地方政府制定, en: which services are free, and the charges, are set by the local government}。"},
    )
    source: Source = Field(
        description="Where the fee is stated: a registered document, the place and a verbatim quote.",
        json_schema_extra={"description_zh": "费用的出处：已登记的文件、位置和逐字引文。"},
    )

    @model_validator(mode="after")
    def _amount_fits(self) -> Fee:
        if self.amount is not None and self.cost is not Cost.charged:
            raise _problem("amount-without-charge")
        if self.unit is not None and self.amount is None:
            raise _problem("unit-without-amount")
        if self.cost is Cost.rule and not self.notes:
            raise _problem("rule-without-notes")
        return self


class Weekday(str, Enum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


# A clock time as 24-hour HH:MM (08:30, 17:00).
CLOCK_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d$"


class Hours(Strict):
    """One line of a weekly timetable: these days, from this time to that."""

    days: list[Weekday] = Field(
        min_length=1,
        description="The days these hours apply to, e.g. [mon, tue, wed, thu, fri] for Monday to Friday.",
        json_schema_extra={"description_zh": "这段时间适用的日子，例如“周一至周五”填 [mon, tue, wed, thu, fri]。"},
    )
    opens: str = Field(
        pattern=CLOCK_PATTERN,
        description="Opening time, 24-hour HH:MM in quotes, e.g. \"08:30\"; its hour and minutes must be stated by "
        "the phrase.",
        json_schema_extra={"description_zh": "开门时间，24 小时制 HH:MM 并加引号，例如 \"08:30\"；时和分必须在 phrase 中写明。"},
    )
    closes: str = Field(
        pattern=CLOCK_PATTERN,
        description="Closing time, 24-hour HH:MM in quotes, e.g. \"17:30\"; after opens, and stated by the phrase.",
        json_schema_extra={"description_zh": "关门时间，24 小时制 HH:MM 并加引号，例如 \"17:30\"；须晚于开门时间，并在 phrase 中写明。"},
    )
    phrase: NonEmpty = Field(
        description="The exact words of the quote that state these hours, e.g. 周一至周五8:30—17:30; they must occur "
        "in the quote and state both times.",
        json_schema_extra={"description_zh": "引文中写明这段开放时间的原话，例如“周一至周五8:30—17:30”；必须出现在引文中，并写出开门和关门时间。"},
    )

    @model_validator(mode="after")
    def _closes_after_opening(self) -> Hours:
        if self.closes <= self.opens:
            raise _problem("closes-before-opens", closes=self.closes, opens=self.opens)
        return self


class HolidayRule(str, Enum):
    """What happens on public holidays, as the source says."""

    closed = "closed"  # 节假日闭馆/休息
    open = "open"  # 节假日照常开放
    extended = "extended"  # 节假日延长开放时间
    reduced = "reduced"  # 节假日缩短开放时间
    as_announced = "as-announced"  # 另行公告


class Holidays(Strict):
    rule: HolidayRule = Field(
        description="closed, open (as usual), extended (longer hours), reduced (shorter hours) or as-announced, "
        "as the source says.",
        json_schema_extra={"description_zh": "节假日安排：closed 休息、open 照常开放、extended 延长开放时间、reduced 缩短开放时间、as-announced 另行公告，按出处填写。"},
    )
    text: Text = Field(
        description="The source's words, zh copied from the quote, en their translation, e.g. en: opening hours "
        "are extended on public holidays.",
        json_schema_extra={"description_zh": "出处原话，zh 从引文中逐字照抄，例如 {zh: 国家法定节假日和学校寒暑假期间，适当延长开放时间, en: ...}。"},
    )


class Place(Strict):
    name: Text = Field(
        description="The place as the source names it, e.g. en: City Library.",
        json_schema_extra={"description_zh": "出处写明的地点名称，例如 {zh: 市图书馆, en: City Library}。"},
    )
    address: Optional[Text] = Field(
        None,
        description="Its address as the source gives it; leave out when the source gives none.",
        json_schema_extra={"description_zh": "出处写明的地址；出处没有写明时不填。"},
    )


class Opening(Strict):
    """服务地点与开放时间: where the service is given and when it is open — a timetable where the source
    gives one, the source's own words where it states a principle instead."""

    places: list[Place] = Field(
        default_factory=list,
        description="The places where the service is given, as the source names them; leave out when it names "
        "none.",
        json_schema_extra={"description_zh": "提供服务的地点，按出处写明的名称填写；出处没有写明地点时不填。"},
    )
    hours: list[Hours] = Field(
        default_factory=list,
        description="The weekly timetable, one entry per set of days with the same hours; only when the source "
        "gives clock times.",
        json_schema_extra={"description_zh": "每周开放时间表，开放时间相同的几天写一条；只有出处写明具体钟点时才填。"},
    )
    holidays: Optional[Holidays] = Field(
        None,
        description="What happens on public holidays, when the source says.",
        json_schema_extra={"description_zh": "节假日的开放安排（出处写明时填写）。"},
    )
    exceptions: list[Text] = Field(
        default_factory=list,
        description="Other exceptions as the source states them, e.g. en: closed for maintenance on Monday "
        "mornings.",
        json_schema_extra={"description_zh": "出处写明的其他例外，例如 {zh: 每周一上午闭馆维护, en: closed for maintenance on Monday mornings}。"},
    )
    principle: Optional[Text] = Field(
        None,
        description="Where the source states a rule rather than a timetable, its words, e.g. en: opening hours "
        "are staggered from working and school hours; never turned into clock times.",
        json_schema_extra={"description_zh": "出处只写原则、没有时间表时，照录原话，例如 {zh: 开放时间与当地公众的工作时间、学习时间适当错开, en: "
        "opening hours are staggered from working and school hours}；不得换算成具体钟点。"},
    )
    source: Source = Field(
        description="Where the places and hours are stated: a registered document, the place and a verbatim quote.",
        json_schema_extra={"description_zh": "服务地点和开放时间的出处：已登记的文件、位置和逐字引文。"},
    )

    @model_validator(mode="after")
    def _says_something(self) -> Opening:
        if not (self.places or self.hours or self.holidays or self.exceptions or self.principle):
            raise _problem("opening-empty")
        return self


# A telephone number as printed: digits, with hyphens or spaces between groups (0793-8221234, 12345).
PHONE_PATTERN = r"^\d[\d -]{1,22}\d$"


class Phone(Strict):
    number: str = Field(
        pattern=PHONE_PATTERN,
        description="The number as the source prints it, digits and hyphens, e.g. 0793-1234567 or 12345; its "
        "digits must occur in the quote.",
        json_schema_extra={"description_zh": "出处印出的电话号码，只用数字和连字符，例如 0793-1234567 或 12345；这些数字必须出现在引文中。"},
    )
    label: Optional[Text] = Field(
        None,
        description="Whose number it is, as the source says, e.g. {zh: 咨询电话, en: enquiries}.",
        json_schema_extra={"description_zh": "这是谁的电话，照录出处，例如 {zh: 咨询电话, en: enquiries}。"},
    )


class Contact(Strict):
    """咨询: whom a resident can ask, as a source gives it."""

    phones: list[Phone] = Field(
        default_factory=list,
        description="Telephone numbers for questions, each as printed in the quote.",
        json_schema_extra={"description_zh": "咨询电话，每个照引文原样填写。"},
    )
    web: Optional[str] = Field(
        None, pattern=r"^https://[A-Za-z0-9.-]+(?:/[A-Za-z0-9./_~%-]*)?$", max_length=300,
        description="A web address for questions, https only, as the source gives it, e.g. https://www.example.gov.cn/.",
        json_schema_extra={"description_zh": "咨询网址（https），照录出处，例如 https://www.example.gov.cn/。"},
    )
    text: Optional[Text] = Field(
        None,
        description="Whom to ask, in the source's words, e.g. en: ask your residents' committee.",
        json_schema_extra={"description_zh": "向谁咨询，照录出处原话，例如 {zh: 可向所在社区居委会咨询, en: ask your residents' committee}。"},
    )
    source: Source = Field(
        description="Where the contact is given: a registered document, the place and a verbatim quote.",
        json_schema_extra={"description_zh": "咨询方式的出处：已登记的文件、位置和逐字引文。"},
    )

    @model_validator(mode="after")
    def _says_something(self) -> Contact:
        if not (self.phones or self.web or self.text):
            raise _problem("contact-empty")
        return self


class ItemKind(str, Enum):
    service = "service"  # something a resident receives
    project = "project"  # something the city builds or organises


class Item(Strict):
    """One numbered item of a box (专栏): a service or a project."""

    id: Slug = Field(
        description="Permanent id of the item, used in its page address: lowercase letters, digits and hyphens, "
        "unique within the city, e.g. maternity-insurance; do not change it once published.",
        json_schema_extra={"description_zh": "条目的固定代码，会出现在网址中：只用小写字母、数字和连字符，在本市内不能重复，例如 maternity-insurance；发布后不要再改。"},
    )
    kind: ItemKind = Field(
        description="service (something a resident receives, e.g. 生育保险) or project (something the city builds "
        "or organises, e.g. 立德树人工程).",
        json_schema_extra={"description_zh": "条目类型：service 服务（居民享受的，例如生育保险）或 project 工程项目（城市建设或组织的，例如立德树人工程）。"},
    )
    domain: Slug = Field(
        description="Id of a domain in data/domains.yml, usually the box's domain, e.g. childcare.",
        json_schema_extra={"description_zh": "所属领域的代码，须是 data/domains.yml 中的领域，通常与所在专栏的领域相同，例如 childcare。"},
    )
    title: Text = Field(
        description="The item's name as in the plan, e.g. {zh: 生育保险, en: Maternity insurance}.",
        json_schema_extra={"description_zh": "规划中的条目名称，例如 {zh: 生育保险, en: Maternity insurance}。"},
    )
    text: Text = Field(
        description="The whole item: zh verbatim from the plan (checked: it must occur in the plan's text, "
        "whitespace may differ), en its translation.",
        json_schema_extra={"description_zh": "条目全文：zh 逐字照抄规划原文（会核对：必须能在规划原文中找到，空格、换行可以不同），en 为其英文翻译。"},
    )
    eligibility: Optional[Text] = Field(
        None,
        description="Eligibility (服务对象): who may receive it, as the plan says, e.g. {zh: 辖区内常住的孕产妇, en: "
        "Pregnant women and new mothers who live in the area}.",
        json_schema_extra={"description_zh": "服务对象：按规划原文写明谁可以享受，例如 {zh: 辖区内常住的孕产妇, en: Pregnant women and new mothers who live in the "
        "area}；规划未写明时不填。"},
    )
    conditions: Optional[Text] = Field(
        None,
        description="Conditions the plan attaches, e.g. 共同生活的家庭成员人均收入低于当地最低生活保障标准; leave out when there are "
        "none.",
        json_schema_extra={"description_zh": "规划附加的条件，例如“共同生活的家庭成员人均收入低于当地最低生活保障标准”；没有时不填。"},
    )
    audiences: list[Slug] = Field(
        default_factory=list,
        description="Who the item is meant for, as ids from data/audiences.yml, e.g. [expectant-parents, "
        "workers]; used by the finder and the audience pages.",
        json_schema_extra={"description_zh": "条目面向的人群，填写 data/audiences.yml 中的代码，例如 [expectant-parents, workers]；用于“我能享受什么”查询和人群页面。"},
    )
    standards: list[Standard] = Field(
        default_factory=list,
        description="The item's standards: each figure the plan gives for it, one entry per figure, e.g. a "
        "living allowance of 1000 yuan per pupil per year.",
        json_schema_extra={"description_zh": "条目的服务标准：规划给出的每个数字各写一条，例如生活补助每生每年1000元。"},
    )
    funding: Optional[Statement] = Field(
        None,
        description="Who pays (支出责任, the national standard's fourth column), as a source states it, e.g. shared by "
        "central and local government; leave out when no registered document says.",
        json_schema_extra={"description_zh": "支出责任（国家基本公共服务标准的第四栏）：由谁出资，照录出处，例如 {zh: 中央与地方共同财政事权, en: "
        "shared by central and local government}；已登记的文件都没有写明时不填。"},
    )
    lead_department: Optional[LeadDepartment] = Field(
        None,
        description="The department(s) responsible (牵头负责单位, the national standard's fifth column), as a source "
        "names them; leave out when no registered document names one — never guess an office.",
        json_schema_extra={"description_zh": "牵头负责单位（国家基本公共服务标准的第五栏），按出处写明的部门填写；已登记的文件都没有写明时不填，"
        "不得自行推断。"},
    )
    how_to_apply: Optional[HowToApply] = Field(
        None,
        description="How a resident applies (办理方式): the steps, channels, papers and where, as a source states them.",
        json_schema_extra={"description_zh": "办理方式：居民如何申请，包括步骤、渠道、材料和办理地点，照录出处。"},
    )
    fee: Optional[Fee] = Field(
        None,
        description="What it costs the resident (费用): free, or the fee and how much, as a source states it.",
        json_schema_extra={"description_zh": "费用：是否免费，收费的话收多少，照录出处。"},
    )
    opening: Optional[Opening] = Field(
        None,
        description="Where the service is given and when it is open (服务地点与开放时间): places, weekly hours, holidays, "
        "exceptions, or the source's principle where it gives no timetable.",
        json_schema_extra={"description_zh": "服务地点与开放时间：地点、每周开放时间、节假日安排、例外情况；出处没有时间表、只写原则时照录原则。"},
    )
    contact: Optional[Contact] = Field(
        None,
        description="Whom to ask (咨询): telephone numbers, a web address or a named office, as a source gives them.",
        json_schema_extra={"description_zh": "咨询：电话、网址或咨询机构，照录出处。"},
    )
    source: Source = Field(
        description="Where the item comes from: document, box and item number, and the whole item copied "
        "verbatim.",
        json_schema_extra={"description_zh": "条目的出处：文件、专栏号、项目序号和逐字照抄的条目原文。"},
    )


class Document(Strict):
    """An official document whose verbatim text is in data/sources/: a city's plan (city.yml `document`),
    or a registered notice or standard (RegisteredDocument)."""

    id: Slug = Field(
        description="Id of the document (the plan, or a registered notice or standard), which sources cite: "
        "lowercase letters, digits and hyphens, unique in the whole site, e.g. shangrao-plan.",
        json_schema_extra={"description_zh": "文件（规划或登记的通知、标准）的代码，出处用它引用：只用小写字母、数字和连字符，全站不能重复，例如 shangrao-plan。"},
    )
    title: Text = Field(
        description="The document's full title, e.g. {zh: 宜春市“十四五”公共服务规划, en: Yichun 14th Five-Year Public Service "
        "Plan (2021–2025)}.",
        json_schema_extra={"description_zh": "文件的完整标题，例如 {zh: 宜春市“十四五”公共服务规划, en: Yichun 14th Five-Year Public Service Plan "
        "(2021–2025)}。"},
    )
    issuer: Text = Field(
        description="Who issued the document, e.g. {zh: 上饶市人民政府, en: Shangrao Municipal People's Government}.",
        json_schema_extra={"description_zh": "发文机关，例如 {zh: 上饶市人民政府, en: Shangrao Municipal People's Government}。"},
    )
    date: str = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="Date of issue as year-month-day in quotes, e.g. \"2022-05-31\".",
        json_schema_extra={"description_zh": "发布日期，按“年-月-日”写并加引号，例如 \"2022-05-31\"。"},
    )
    number: Optional[str] = Field(
        None,
        description="Document number, e.g. 宜府发〔2022〕14号; leave out when the document has none.",
        json_schema_extra={"description_zh": "文号，例如“宜府发〔2022〕14号”；没有文号时不填。"},
    )
    url: Optional[str] = Field(
        None, pattern=r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9./_~%?=&+-]*)?$", max_length=300,
        description="Where the issuer publishes the document, e.g. https://www.zgsr.gov.cn/…; shown as a link "
        "to the original.",
        json_schema_extra={"description_zh": "发文机关发布该文件的网址，例如 https://www.zgsr.gov.cn/…；网站会链接到原件。"},
    )
    file: SourceFileName = Field(
        description="File name of the document's plain text (UTF-8, at most 5 MB) in data/sources/: lowercase letters, digits and "
        "hyphens ending in .txt, no folder, e.g. yichun-14th-five-year-public-service-plan.txt; every quote is "
        "checked against it.",
        json_schema_extra={"description_zh": "文件全文（UTF-8 纯文本，不超过 5 MB）在 data/sources/ 中的文件名：只用小写字母、数字和连字符，以 .txt 结尾，"
        "不含文件夹，例如 yichun-14th-five-year-public-service-plan.txt；所有引文都以它为准核对。"},
    )


class DocumentKind(str, Enum):
    """What sort of official document a registered document is."""

    notice = "notice"  # 通知、公告、办事指南: a department's notice
    implementation_standard = "implementation-standard"  # 实施标准: a province's or city's standard for the services
    national_standard = "national-standard"  # 国家基本公共服务标准
    plan = "plan"  # another plan
    other = "other"


class RegisteredDocument(Document):
    """An official document besides the plan that sources may cite: a department notice, an implementation
    standard, the national standard. Its text is checked like the plan's."""

    kind: DocumentKind = Field(
        description="What it is: notice (a department's notice or service guide), implementation-standard, "
        "national-standard, plan (another plan) or other.",
        json_schema_extra={"description_zh": "文件类别：notice 部门通知或办事指南、implementation-standard 实施标准、national-standard "
        "国家基本公共服务标准、plan 其他规划、other 其他。"},
    )


class Box(Strict):
    number: int = Field(
        ge=1,
        description="The box (专栏) number in the plan, e.g. 2 for 专栏2; item sources refer to it.",
        json_schema_extra={"description_zh": "规划中的专栏号，例如专栏2填 2；条目的出处引用这个编号。"},
    )
    title: Text = Field(
        description="The box's title, e.g. {zh: “学有所教”服务项目和内容, en: Education: services and projects}.",
        json_schema_extra={"description_zh": "专栏标题，例如 {zh: “学有所教”服务项目和内容, en: Education: services and projects}。"},
    )
    domain: Slug = Field(
        description="Id of the domain in data/domains.yml that the box belongs to, e.g. education.",
        json_schema_extra={"description_zh": "专栏所属领域的代码，须是 data/domains.yml 中的领域，例如 education。"},
    )


class DomainOverview(Strict):
    domain: Slug = Field(
        description="Id of the domain in data/domains.yml, normally the file's name, e.g. health for "
        "domains/health.yml.",
        json_schema_extra={"description_zh": "领域代码，须是 data/domains.yml 中的领域，一般与文件名相同，例如 domains/health.yml 填 health。"},
    )
    local_name: Optional[Text] = Field(
        None,
        description="The city's own name for the domain, if different, e.g. {zh: 文体服务保障, en: Cultural and "
        "sports services} for culture-sports.",
        json_schema_extra={"description_zh": "本市对该领域的叫法（与通用名称不同时填写），例如 culture-sports 填 {zh: 文体服务保障, en: Cultural and sports services}。"},
    )
    overview: Optional[Text] = Field(
        None,
        description="A short overview of the domain copied from the plan, with its English translation, e.g. "
        "健全完善疾病预防控制体系，筑牢公共卫生安全底线。",
        json_schema_extra={"description_zh": "从规划中照录的领域简介及其英文翻译，例如“健全完善疾病预防控制体系，筑牢公共卫生安全底线。”"},
    )
    source: Optional[Source] = Field(
        None,
        description="Where the overview comes from: document, chapter and the overview copied verbatim.",
        json_schema_extra={"description_zh": "简介的出处：文件、章号和逐字照抄的原文。"},
    )


class City(Strict):
    id: Slug = Field(
        description="Id of the city, the same as its folder name under data/cities/, e.g. shangrao; used in "
        "page addresses.",
        json_schema_extra={"description_zh": "城市代码，必须与 data/cities/ 下的文件夹名相同，例如 shangrao；会出现在网址中。"},
    )
    name: Text = Field(
        description="The city's name, e.g. {zh: 上饶市, en: Shangrao}.",
        json_schema_extra={"description_zh": "城市名称，例如 {zh: 上饶市, en: Shangrao}。"},
    )
    province: Text = Field(
        description="The province the city is in, e.g. {zh: 江西省, en: Jiangxi Province}.",
        json_schema_extra={"description_zh": "所在省份，例如 {zh: 江西省, en: Jiangxi Province}。"},
    )
    document: Document = Field(
        description="The plan the city's data comes from: its id, title, issuer, date, number and file.",
        json_schema_extra={"description_zh": "本市数据所依据的规划：代码、标题、发文机关、日期、文号和全文文件。"},
    )
    documents: list[RegisteredDocument] = Field(
        default_factory=list,
        description="Other official documents about this city's services that sources may cite (a department "
        "notice, a local implementation standard), each with its verbatim text in data/sources/; documents "
        "for the whole site go in data/documents.yml.",
        json_schema_extra={"description_zh": "本市服务的其他官方文件（部门通知、本地实施标准等），出处可以引用，每个文件的全文放在 "
        "data/sources/；全站通用的文件写在 data/documents.yml。"},
    )
    boxes: list[Box] = Field(
        default_factory=list,
        description="The plan's boxes (专栏) in order, each with its number, title and domain.",
        json_schema_extra={"description_zh": "规划中的各个专栏，按顺序列出，每个写明专栏号、标题和所属领域。"},
    )


class Domain(Strict):
    id: Slug = Field(
        description="Short permanent id of the domain, used in page addresses and by other files: lowercase "
        "letters, digits and hyphens, e.g. social-assistance.",
        json_schema_extra={"description_zh": "领域的固定代码，会出现在网址中并被其他文件引用：只用小写字母、数字和连字符，例如 social-assistance。"},
    )
    name: Text = Field(
        description="The domain's name, e.g. {zh: 幼有所育, en: Early childhood care}.",
        json_schema_extra={"description_zh": "领域名称，例如 {zh: 幼有所育, en: Early childhood care}。"},
    )
    description: Optional[Text] = Field(
        None,
        description="A short explanation for a domain whose name needs one, e.g. for cross-cutting (综合); leave "
        "out otherwise.",
        json_schema_extra={"description_zh": "对名称不够清楚的领域的简短说明，例如 cross-cutting（综合）；其他领域不填。"},
    )


class DetailOption(Strict):
    """One answer to an audience's follow-up question, e.g. 初中 for pupils."""

    id: Slug = Field(
        description="Permanent id of the answer, used in the finder's address (?o=junior): lowercase letters, digits "
        "and hyphens, unique across all audiences, e.g. junior.",
        json_schema_extra={"description_zh": "该回答的固定代码，会出现在查询网址中（?o=junior）：只用小写字母、数字和连字符，在所有人群中不能重复，例如 junior。"},
    )
    label: Text = Field(
        description="The answer as the resident reads it, in both languages, e.g. en: Junior secondary school.",
        json_schema_extra={"description_zh": "居民看到的回答，例如 {zh: 初中, en: Junior secondary school}。"},
    )
    words: list[NonEmpty] = Field(
        min_length=1,
        description="The plan's own Chinese words that name this case in a service's title or eligibility, or in a "
        "standard's or tier's label, e.g. the words for junior school and compulsory education (each must occur in "
        "at least one item of the audience). The "
        "finder puts first the figures labelled with the words of the answer given, and sets apart services whose "
        "title or eligibility names only other answers' words.",
        json_schema_extra={"description_zh": "规划在服务名称、服务对象或标准、分档名称中指称这种情况的原词，例如 [初中, 义务教育]"
        "（每个词都必须出现在该人群的至少一个条目中）。查询结果优先显示名称含所选回答之词的数字；名称和服务对象只含其他回答之词的服务单独列出。"},
    )


class AudienceDetails(Strict):
    """A follow-up question for an audience whose services or standards differ by case (e.g. school level)."""

    question: Text = Field(
        description="The follow-up question in both languages, e.g. en: Level of school.",
        json_schema_extra={"description_zh": "追问的问题，例如 {zh: 上学阶段, en: Level of school}。"},
    )
    options: list[DetailOption] = Field(
        min_length=2,
        description="The possible answers, at least two, each with id, label and words.",
        json_schema_extra={"description_zh": "可选的回答，至少两个，每个写明 id、label 和 words。"},
    )


class Audience(Strict):
    id: Slug = Field(
        description="Permanent id of the audience, used in page addresses and in items' audiences lists: "
        "lowercase letters, digits and hyphens, e.g. older-people.",
        json_schema_extra={"description_zh": "人群的固定代码，会出现在网址中，条目的 audiences 用它引用：只用小写字母、数字和连字符，例如 older-people。"},
    )
    name: Text = Field(
        description="The group's name, e.g. {zh: 老年人, en: Older people}.",
        json_schema_extra={"description_zh": "人群名称，例如 {zh: 老年人, en: Older people}。"},
    )
    question: Text = Field(
        description="How a resident recognises themselves: 我是… / I am…, e.g. {zh: 我在工作, en: I am working}.",
        json_schema_extra={"description_zh": "居民据以判断自己是否属于这一人群的一句话（我是…），例如 {zh: 我在工作, en: I am working}。"},
    )
    finder: Literal["ask", "age", "always"] = Field(
        "ask",
        description="How the entitlement finder decides: ask (the default) shows the question as a checkbox; "
        "age follows from the age entered (give min_age or max_age); always applies to everyone.",
        json_schema_extra={"description_zh": "“我能享受什么”查询如何判断：ask（默认）把 question 显示为勾选项；"
        "age 按输入的年龄判断（须填 min_age 或 max_age）；always 适用于所有人。"},
    )
    min_age: Optional[int] = Field(
        None, ge=0, le=MAX_AGE,
        description="Only with finder: age, the youngest age it covers, in whole years, e.g. 60 for "
        "older-people.",
        json_schema_extra={"description_zh": "仅用于 finder: age：适用的最小年龄（周岁），例如 older-people 填 60。"},
    )
    max_age: Optional[int] = Field(
        None, ge=0, le=MAX_AGE,
        description="Only with finder: age, the oldest age it covers, in whole years, e.g. 17 for a group of "
        "under-18s.",
        json_schema_extra={"description_zh": "仅用于 finder: age：适用的最大年龄（周岁），例如未满18岁的人群填 17。"},
    )

    child: bool = Field(
        False,
        description="true when the question may be about a child of the family (I have a child under 6): the finder "
        "then checks the ages of the services found through it (aged 0–6) against the child's age, when given, not "
        "the resident's.",
        json_schema_extra={"description_zh": "问题可能问的是家里的孩子时填 true（例如“我家有6岁以下的孩子”“家里有上学的孩子”）："
        "查询时用孩子的年龄（如已填写）而不是填写人的年龄，核对由此找到的服务的年龄范围（如0-6岁）。"},
    )
    details: Optional[AudienceDetails] = Field(
        None,
        description="A follow-up question where the plan's services or standards differ by case, e.g. the school "
        "level of pupils; leave out when they do not.",
        json_schema_extra={"description_zh": "规划的服务或标准因情况而异时的追问，例如学生的学段（小学、初中、高中……）；没有差别时不填。"},
    )
    indicators: list[Slug] = Field(
        default_factory=list,
        description="Codes (data/indicator-codes.yml) of the main indicators that concern this group, e.g. "
        "[childcare-places-per-1000]; the finder shows them when a city's plan has no service for the group.",
        json_schema_extra={"description_zh": "与这一人群有关的主要指标的代码（data/indicator-codes.yml），例如 "
        "[childcare-places-per-1000]；某市规划没有面向这一人群的服务时，查询结果显示这些指标。"},
    )

    @model_validator(mode="after")
    def _age_rule_complete(self) -> Audience:
        if self.finder == "age" and self.min_age is None and self.max_age is None:
            raise _problem("age-finder-without-age")
        if self.finder != "age" and (self.min_age is not None or self.max_age is not None):
            raise _problem("ages-without-age-finder")
        # The age rule is the question the resident answers: it must say the same ages.
        for age in (self.min_age, self.max_age):
            for lang in ("zh", "en"):
                if age is not None and not re.search(rf"(?<!\d){age}(?!\d)", self.question[lang]):
                    raise _problem("age-not-in-question", at=("question", lang), age=str(age), lang=lang)
        return self


class GlossaryTerm(Strict):
    """A term with its one fixed English translation, used the same way everywhere."""

    zh: NonEmpty = Field(
        description="The Chinese term as the plans write it, e.g. 约束性; each term may appear only once.",
        json_schema_extra={"description_zh": "规划中使用的中文术语，例如“约束性”；每个术语只能出现一次。"},
    )
    en: NonEmpty = Field(
        description="The English used for this term throughout the site, e.g. binding for 约束性.",
        json_schema_extra={"description_zh": "全站对该术语统一使用的英文，例如“约束性”译为 binding。"},
    )
    variants: list[NonEmpty] = Field(
        default_factory=list,
        description="Other Chinese spellings of the same term in the plans (e.g. 应报尽保 for 应保尽保)",
        json_schema_extra={"description_zh": "规划中同一术语的其他中文写法，例如“应保尽保”也写作“应报尽保”。"},
    )
    en_variants: list[NonEmpty] = Field(
        default_factory=list,
        description="Grammatical forms of the English that also count (plural, capitalised), e.g. basic public "
        "service for basic public services.",
        json_schema_extra={"description_zh": "也算作正确译法的英文变形（单复数、大小写），例如 basic public services 也可写作 basic public service。"},
    )
    en_avoid: list[NonEmpty] = Field(
        default_factory=list,
        description="English renderings that must not be used for this term because they mislead, e.g. permanent "
        "resident for 常住 (case does not matter); checked wherever the Chinese uses the term.",
        json_schema_extra={"description_zh": "不得使用的英文译法（会误导读者），例如“常住”不得译为 permanent resident（不区分大小写）；凡中文使用该术语之处都会检查。"},
    )
    note: Optional[Text] = Field(
        None,
        description="A plain explanation for readers, e.g. {zh: 政府必须完成的指标。, en: An indicator the government is "
        "obliged to meet.}; it must not say anything the plans do not say.",
        json_schema_extra={"description_zh": "给读者的通俗解释，例如 {zh: 政府必须完成的指标。, en: An indicator the government is obliged to "
        "meet.}；不能写规划中没有的内容。"},
    )


# ---- top-level files -------------------------------------------------------


class CityFile(City):
    pass


class IndicatorsFile(Strict):
    indicators: list[Indicator] = Field(
        description="The city's main indicators, one entry per row of the plan's main indicators table, in "
        "table order.",
        json_schema_extra={"description_zh": "本市的主要指标，按规划主要指标表的顺序，每行一条。"},
    )


class ItemsFile(Strict):
    items: list[Item] = Field(
        description="Every numbered item of one box (专栏), in the plan's order.",
        json_schema_extra={"description_zh": "一个专栏中的全部条目，按规划中的顺序和编号逐条列出。"},
    )


class DomainOverviewFile(DomainOverview):
    pass


class DomainsFile(Strict):
    domains: list[Domain] = Field(
        description="The shared list of service domains, e.g. childcare or education; boxes, indicators and "
        "items refer to them by id.",
        json_schema_extra={"description_zh": "共用的服务领域列表，例如 childcare、education；专栏、指标和条目用代码引用它们。"},
    )


class AudiencesFile(Strict):
    audiences: list[Audience] = Field(
        description="The shared list of audiences (groups of residents such as older people); items refer to "
        "them by id.",
        json_schema_extra={"description_zh": "共用的人群列表（如老年人等居民群体）；条目用代码引用它们。"},
    )


class GlossaryFile(Strict):
    terms: list[GlossaryTerm] = Field(
        description="The glossary: the plans' terms, each with its one English translation used across the "
        "site.",
        json_schema_extra={"description_zh": "术语表：规划中的术语，每个术语有全站统一的一个英文译法。"},
    )


class IndicatorCode(Strict):
    """A code that indicators of different cities share, and the one unit they are compared in."""

    code: Slug = Field(
        description="The shared code, as indicators give it in `code`, e.g. elderly-care-beds-total.",
        json_schema_extra={"description_zh": "共用代码，与指标的 code 字段一致，例如 elderly-care-beds-total。"},
    )
    unit: Optional[Text] = Field(
        None,
        description="The common unit in which comparisons, charts and the site-wide CSV put every city's "
        "figures, e.g. {zh: 万张, en: \"10,000 beds\"}; each indicator's own unit must convert to it "
        "(千张 → 万张). Leave out for indicators without a unit.",
        json_schema_extra={"description_zh": "比较页、图表和全站 CSV 统一使用的单位，例如 {zh: 万张, en: \"10,000 beds\"}；各城市指标的单位必须能换算成它（千张 → 万张）。无单位的指标不填。"},
    )


class IndicatorCodesFile(Strict):
    codes: list[IndicatorCode] = Field(
        description="Every shared indicator code with its common unit; an indicator's `code` must be listed here.",
        json_schema_extra={"description_zh": "所有共用指标代码及其统一单位；指标的 code 必须在此列出。"},
    )


class Licence(Strict):
    """The open licence of the site's own work on the plans: structuring and translations."""

    name: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]*$", max_length=MAX_NAME_LENGTH,
        description="The licence's SPDX identifier, e.g. CC-BY-4.0.",
        json_schema_extra={"description_zh": "许可协议的 SPDX 代码，例如 CC-BY-4.0。"},
    )
    title: Text = Field(
        description="The licence's name, e.g. {zh: 知识共享署名 4.0 国际许可协议, en: Creative Commons Attribution 4.0 "
        "International}.",
        json_schema_extra={"description_zh": "许可协议的名称，例如 {zh: 知识共享署名 4.0 国际许可协议, en: Creative Commons Attribution 4.0 International}。"},
    )
    path: str = Field(
        pattern=r"^https://[A-Za-z0-9.-]+/[A-Za-z0-9./_-]*$", max_length=300,
        description="The licence's text on the web, an https address, e.g. https://creativecommons.org/licenses/by/4.0/.",
        json_schema_extra={"description_zh": "许可协议全文的网址（https），例如 https://creativecommons.org/licenses/by/4.0/。"},
    )
    scope: Text = Field(
        description="What the licence covers, e.g. {zh: 本站对规划的结构化整理和英文翻译, en: the site's structuring of the "
        "plans and its English translations}.",
        json_schema_extra={"description_zh": "许可协议适用的内容，例如 {zh: 本站对规划的结构化整理和英文翻译, en: the site's structuring of the plans and its English translations}。"},
    )


class LicenceFile(Strict):
    """data/licence.yml: how the published data may be reused (the data package, the API, the Data page)."""

    licence: Licence = Field(
        description="The open licence of the site's structuring and translations.",
        json_schema_extra={"description_zh": "本站结构化整理和翻译内容的开放许可协议。"},
    )
    plans: Text = Field(
        description="The status of the plans themselves, e.g. {zh: 规划原文是政府主动公开的文件（此件主动公开）。, en: The "
        "plans are public government documents (marked 此件主动公开, published proactively).}",
        json_schema_extra={"description_zh": "规划原文本身的性质，例如 {zh: 规划原文是政府主动公开的文件（此件主动公开）。, en: The plans are public government documents (marked 此件主动公开, published proactively).}。"},
    )


class DocumentsFile(Strict):
    """data/documents.yml: official documents that concern every city (the national standard)."""

    documents: list[RegisteredDocument] = Field(
        description="Site-wide documents any city's sources may cite, e.g. the national basic public service "
        "standard, each with its verbatim text in data/sources/.",
        json_schema_extra={"description_zh": "全站通用、各市出处都可引用的文件，例如国家基本公共服务标准，每个文件的全文放在 data/sources/。"},
    )


SynonymGroup = Annotated[list[NonEmpty], Field(min_length=2)]


class SynonymsFile(Strict):
    """data/search/synonyms.yml: words that mean the same thing to a searcher."""

    zh: list[SynonymGroup] = Field(
        default_factory=list,
        description="Groups of Chinese terms that mean the same, e.g. [低保, 最低生活保障]; a search for one also "
        "finds the others. At least two terms per group; a term belongs to one group only.",
        json_schema_extra={"description_zh": "意思相同的中文说法，每组一行，例如 [低保, 最低生活保障]；搜其中一个也能找到其他说法。每组至少两个说法，同一说法只能在一组中。"},
    )
    en: list[SynonymGroup] = Field(
        default_factory=list,
        description="Groups of English terms that mean the same, e.g. [elderly, older people]; case does not "
        "matter. At least two terms per group; a term belongs to one group only.",
        json_schema_extra={"description_zh": "意思相同的英文说法，例如 [elderly, older people]，不区分大小写。每组至少两个说法，同一说法只能在一组中。"},
    )


# Which model validates which file: a path pattern relative to data/.
FILE_MODELS: list[tuple[re.Pattern[str], type[BaseModel]]] = [
    (re.compile(r"^domains\.yml$"), DomainsFile),
    (re.compile(r"^audiences\.yml$"), AudiencesFile),
    (re.compile(r"^glossary\.yml$"), GlossaryFile),
    (re.compile(r"^search/synonyms\.yml$"), SynonymsFile),
    (re.compile(r"^indicator-codes\.yml$"), IndicatorCodesFile),
    (re.compile(r"^licence\.yml$"), LicenceFile),
    (re.compile(r"^documents\.yml$"), DocumentsFile),
    (re.compile(rf"^cities/{SAFE_NAME}/city\.yml$"), CityFile),
    (re.compile(rf"^cities/{SAFE_NAME}/indicators\.yml$"), IndicatorsFile),
    (re.compile(rf"^cities/{SAFE_NAME}/items/{SAFE_NAME}\.yml$"), ItemsFile),
    (re.compile(rf"^cities/{SAFE_NAME}/domains/{SAFE_NAME}\.yml$"), DomainOverviewFile),
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
