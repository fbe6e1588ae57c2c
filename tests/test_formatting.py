"""How numbers, figures and standards read on the site, in Chinese and in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.site.formatting import figure, number, quantity, singular, standard, standard_value
from generator.data.schema import Figure, Standard, Text

PROJECT_ROOT = Path(__file__).resolve().parent.parent

PERCENT = Text(zh="%", en="%")
YEARS = Text(zh="岁", en="years")
YUAN = Text(zh="元", en="yuan")


def std(**fields) -> Standard:
    fields.setdefault("label", {"zh": "生活补助", "en": "living allowance"})
    fields.setdefault("phrase", "每生每年1000元")  # the words of the quote; formatting does not read them
    fields.setdefault("recipient", "resident")
    return Standard.model_validate(fields)


def both(s: Standard) -> tuple[str, str]:
    return standard(s, "zh"), standard(s, "en")


# ---- number ---------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    (1250, "1,250"),
    (1250.0, "1,250"),
    (4.50, "4.5"),
    (78.6, "78.6"),
    (90.04, "90.04"),
    (0.5, "0.5"),
    (0, "0"),
    (21120, "21,120"),
    (1234567.25, "1,234,567.25"),
])
def test_number(value, expected):
    assert number(value) == expected
    assert number(value, "en") == expected


# ---- figure -------------------------------------------------------------------------------


def test_a_plain_figure_with_a_percent_unit():
    fig = Figure(value=95, text="95")
    assert figure(fig, PERCENT, "zh") == "95%"
    assert figure(fig, PERCENT, "en") == "95%"


def test_a_figure_with_a_word_unit():
    fig = Figure(value=4.5, text="4.5")
    assert figure(fig, Text(zh="个", en="places"), "zh") == "4.5 个"
    assert figure(fig, Text(zh="个", en="places"), "en") == "4.5 places"


def test_a_figure_without_a_unit_is_the_bare_number():
    assert figure(Figure(value=1.04, text="1.04"), None, "en") == "1.04"


def test_a_figure_more_than():
    fig = Figure(value=95, comparator="gt", text="＞95")
    assert figure(fig, PERCENT, "zh") == "大于 95%"
    assert figure(fig, PERCENT, "en") == "more than 95%"


def test_a_figure_at_least_with_an_aspiration():
    fig = Figure(value=78, comparator="ge", aspiration=78.6, text="78以上，力争78.6")
    assert figure(fig, YEARS, "zh") == "不少于 78 岁，力争 78.6 岁"
    assert figure(fig, YEARS, "en") == "at least 78 years, aiming for 78.6 years"


def test_a_qualitative_figure_is_its_wording():
    fig = Figure(qualitative=Text(zh="应保尽保", en="everyone eligible covered"), text="应保尽保")
    assert figure(fig, PERCENT, "zh") == "应保尽保"
    assert figure(fig, PERCENT, "en") == "everyone eligible covered"


def test_no_figure_is_a_dash():
    assert figure(None, PERCENT, "zh") == "—"
    assert figure(None, None, "en") == "—"


def test_an_english_unit_of_ten_thousands_is_multiplied_out():
    # 16.81 万人次: "168,100 person-times", not "16.81 10,000 person-times".
    unit = Text(zh="万人次", en="10,000 person-times")
    fig = Figure(value=16.81, text="16.81")
    assert figure(fig, unit, "zh") == "16.81 万人次"
    assert figure(fig, unit, "en") == "168,100 person-times"
    assert figure(Figure(value=14, text="14"), Text(zh="千张", en="1,000 beds"), "en") == "14,000 beds"


# ---- quantity and singular ---------------------------------------------------------------------


@pytest.mark.parametrize("plural,one", [
    ("schools", "school"), ("pitches", "pitch"), ("counties", "county"), ("bases", "base"),
    ("resource banks", "resource bank"), ("people", "person"), ("times", "time"),
    ("visit", "visit"), ("m²", "m²"), ("class", "class"), ("Xinzhou Schools", "Xinzhou Schools"),
])
def test_singular(plural, one):
    assert singular(plural) == one


def test_one_of_a_unit_is_singular_in_english_only():
    schools = Text(zh="所", en="schools")
    assert quantity([1], schools, "en") == "1 school"
    assert quantity([2], schools, "en") == "2 schools"
    assert quantity([1, 2], schools, "en") == "1–2 schools"
    assert quantity([1], schools, "zh") == "1 所"


# ---- standards: amounts ----------------------------------------------------------------------


def test_an_amount_per_student_per_year():
    s = std(kind="amount", value=1250, unit=YUAN, per={"zh": "每生", "en": "per student"}, period="year")
    assert standard_value(s, "zh") == "1,250 元"
    assert standard_value(s, "en") == "CNY 1,250"
    assert both(s) == ("生活补助：每生每年 1,250 元", "living allowance: CNY 1,250 per student per year")


def test_an_amount_a_month_without_a_per():
    s = std(kind="amount", value=80, unit=YUAN, period="month")
    assert both(s) == ("生活补助：每月 80 元", "living allowance: CNY 80 a month")


def test_a_per_that_already_says_how_often_is_not_repeated():
    s = std(kind="amount", value=450, unit=YUAN, per={"zh": "每人每月", "en": "per person per month"}, period="month")
    assert both(s) == ("生活补助：每人每月 450 元", "living allowance: CNY 450 per person per month")


def test_an_amount_range():
    s = std(kind="amount", min=1000, max=3000, unit=YUAN)
    assert both(s) == ("生活补助：1,000–3,000 元", "living allowance: CNY 1,000–3,000")


def test_an_amount_with_only_a_lower_or_upper_bound():
    assert both(std(kind="amount", min=1000, unit=YUAN)) == (
        "生活补助：不少于 1,000 元", "living allowance: at least CNY 1,000")
    assert both(std(kind="amount", max=3000, unit=YUAN)) == (
        "生活补助：不超过 3,000 元", "living allowance: at most CNY 3,000")
    assert both(std(kind="amount", max=3000, comparator="lt", unit=YUAN)) == (
        "生活补助：小于 3,000 元", "living allowance: less than CNY 3,000")


def test_tiers():
    s = std(kind="amount", unit=YUAN, per={"zh": "每人每月", "en": "per person per month"}, tiers=[
        {"label": {"zh": "一级", "en": "grade 1"}, "value": 400},
        {"label": {"zh": "二级", "en": "grade 2"}, "value": 300},
        {"label": {"zh": "三级", "en": "grade 3"}, "value": 200},
    ])
    assert both(s) == (
        "生活补助：每人每月 一级 400 元；二级 300 元；三级 200 元",
        "living allowance: grade 1 CNY 400; grade 2 CNY 300; grade 3 CNY 200 per person per month",
    )


def test_tiers_of_a_count_are_singular_where_one():
    s = std(kind="count", unit={"zh": "所", "en": "schools"}, tiers=[
        {"label": {"zh": "信州区", "en": "Xinzhou District"}, "value": 8},
        {"label": {"zh": "广信区", "en": "Guangxin District"}, "value": 1},
    ])
    assert standard_value(s, "zh") == "信州区 8 所；广信区 1 所"
    assert standard_value(s, "en") == "Xinzhou District 8 schools; Guangxin District 1 school"


# ---- standards: percentages --------------------------------------------------------------------


def test_a_percentage():
    assert both(std(kind="percentage", value=50, label={"zh": "支付比例", "en": "share paid"})) == (
        "支付比例：50%", "share paid: 50%")


def test_a_percentage_at_least_a_year():
    s = std(kind="percentage", value=70, comparator="ge", period="year")
    assert both(s) == ("生活补助：每年 不少于 70%", "living allowance: at least 70% a year")


def test_a_percentage_range():
    assert both(std(kind="percentage", min=0.5, max=1)) == ("生活补助：0.5–1%", "living allowance: 0.5–1%")


# ---- standards: ages ---------------------------------------------------------------------------


AGE = {"zh": "年龄", "en": "age"}


def test_an_age_from_a_minimum():
    assert both(std(kind="age", label=AGE, min=65)) == ("年龄：65 岁及以上", "age: aged 65 and over")
    assert both(std(kind="age", label=AGE, value=65, comparator="ge")) == ("年龄：65 岁及以上", "age: aged 65 and over")


def test_an_age_below_a_maximum():
    assert both(std(kind="age", label=AGE, max=18, comparator="lt")) == ("年龄：未满 18 岁", "age: under 18")
    assert both(std(kind="age", label=AGE, value=18, comparator="lt")) == ("年龄：未满 18 岁", "age: under 18")


def test_an_age_up_to_a_maximum():
    assert both(std(kind="age", label=AGE, max=6)) == ("年龄：6 岁及以下", "age: aged 6 and under")
    assert both(std(kind="age", label=AGE, value=6, comparator="le")) == ("年龄：6 岁及以下", "age: aged 6 and under")


def test_an_age_range():
    assert both(std(kind="age", label=AGE, min=0, max=6)) == ("年龄：0–6 岁", "age: aged 0–6")


def test_an_exact_age():
    assert both(std(kind="age", label=AGE, value=60)) == ("年龄：60 岁", "age: age 60")
    assert both(std(kind="age", label=AGE, value=60, comparator="gt")) == ("年龄：大于 60 岁", "age: over 60")


# ---- standards: counts, durations, deadlines ---------------------------------------------------


def test_a_count_at_least():
    s = std(kind="count", value=15, comparator="ge", unit={"zh": "套", "en": "programmes"},
            label={"zh": "地面无线广播节目", "en": "radio programmes"})
    assert standard_value(s, "zh") == "不少于 15 套"
    assert standard_value(s, "en") == "at least 15 programmes"
    assert both(s) == ("地面无线广播节目：不少于 15 套", "radio programmes: at least 15 programmes")


def test_one_of_a_count_per_place():
    s = std(kind="count", value=1, comparator="ge", unit={"zh": "个", "en": "stadiums"},
            per={"zh": "每个市、县", "en": "per city and county"}, label={"zh": "体育场", "en": "stadiums"})
    assert both(s) == ("体育场：每个市、县 不少于 1 个", "stadiums: at least 1 stadium per city and county")


def test_a_count_in_ten_thousands():
    s = std(kind="count", value=2.5, comparator="ge", unit={"zh": "万套", "en": "10,000 homes"},
            label={"zh": "公租房实物分配", "en": "public rental homes allocated"})
    assert both(s) == ("公租房实物分配：不少于 2.5 万套", "public rental homes allocated: at least 25,000 homes")


def test_a_duration_at_most():
    s = std(kind="duration", value=2, comparator="le", unit={"zh": "年", "en": "years"},
            label={"zh": "上映时间", "en": "time since release"})
    assert both(s) == ("上映时间：不超过 2 年", "time since release: at most 2 years")


def test_a_deadline():
    s = std(kind="count", value=10, unit={"zh": "所", "en": "schools"}, deadline=2025,
            label={"zh": "特色高中", "en": "distinctive high schools"})
    assert both(s) == ("特色高中：10 所（到 2025 年）", "distinctive high schools: 10 schools (by 2025)")


# ---- all the real data -------------------------------------------------------------------------


def _rendered(dataset):
    """(where, lang, text) for every figure and standard line on the site."""
    for city in dataset.cities:
        for ind in city.indicators:
            for lang in ("zh", "en"):
                yield f"{city.city.id}/{ind.id} target", lang, figure(ind.target, ind.unit, lang)
                if ind.baseline is not None:
                    yield f"{city.city.id}/{ind.id} baseline", lang, figure(ind.baseline, ind.unit, lang)
        for item in city.items:
            for k, s in enumerate(item.standards):
                for lang in ("zh", "en"):
                    yield f"{city.city.id}/{item.id} standards[{k}]", lang, standard_value(s, lang)
                    yield f"{city.city.id}/{item.id} standards[{k}]", lang, standard(s, lang)


def test_the_real_data_has_figures_and_standards_to_check(dataset):
    texts = list(_rendered(dataset))
    assert len([t for t in texts if "standards" in t[0]]) > 300
    assert len([t for t in texts if "target" in t[0]]) >= 2 * 40


def test_no_real_figure_or_standard_renders_empty_or_with_none(dataset):
    bad = [(where, lang, text) for where, lang, text in _rendered(dataset)
           if not text.strip() or "None" in text or "nan" in text.split() or text != text.strip()]
    assert bad == []


def test_no_real_figure_or_standard_reads_awkwardly(dataset):
    awkward = re.compile(
        r"\d [\d,.]+\d"  # two numbers in a row: "16.81 10,000 person-times"
        r"|(?<![\d,.])1 (?!per\b)[a-z]+s\b"  # "1 schools"
        r"|  |：$|: $|（）|\(\)"  # double spaces, nothing after the label, empty brackets
    )
    bad = [(where, lang, text) for where, lang, text in _rendered(dataset) if awkward.search(text)]
    assert bad == []


def test_chinese_lines_have_no_english_unit_and_english_lines_no_chinese_unit(dataset):
    han = re.compile(r"[\u4e00-\u9fff]")
    mixed = []
    for city in dataset.cities:
        for item in city.items:
            for s in item.standards:
                if han.search(standard_value(s, "en")) and not any(han.search(t.label.en) for t in s.tiers):
                    mixed.append((item.id, standard_value(s, "en")))
                if "CNY" in standard_value(s, "zh"):
                    mixed.append((item.id, standard_value(s, "zh")))
    assert mixed == []


# ---- approximations, hedges and who receives a figure (issue 14) ------------------------


def test_an_approximate_figure_reads_about():
    s = std(kind="percentage", value=80, comparator="approx", label={"zh": "住院费用支付比例", "en": "share of inpatient costs paid"})
    assert both(s) == ("住院费用支付比例：约 80%", "share of inpatient costs paid: about 80%")
    fig = Figure(value=60, comparator="approx", text="60左右")
    assert figure(fig, PERCENT, "en") == "about 60%"
    assert figure(fig, PERCENT, "zh") == "约 60%"


def test_a_hedged_figure_keeps_its_hedge_in_both_languages():
    s = std(kind="percentage", value=60, comparator="ge", qualifier="in-principle")
    assert standard_value(s, "zh") == "原则上 不少于 60%"
    assert standard_value(s, "en") == "in principle at least 60%"
    aim = std(kind="percentage", value=50, qualifier="aim")
    assert standard_value(aim, "en") == "aim for 50%"
    fig = Figure(value=78.6, qualifier="aim", text="力争78.6")
    assert figure(fig, None, "en") == "aim for 78.6"
    avg = std(kind="amount", value=2000, unit={"zh": "元", "en": "yuan"}, qualifier="average")
    assert standard_value(avg, "en") == "on average CNY 2,000"


def test_an_institutions_figure_says_it_is_not_paid_to_a_person():
    s = std(kind="amount", value=650, unit={"zh": "元", "en": "yuan"}, recipient="institution",
            label={"zh": "生均公用经费", "en": "public funding per pupil"})
    zh, en = both(s)
    assert en == "public funding per pupil: CNY 650 (paid to the institution, not to individuals)"
    assert zh.endswith("（拨给机构，不发给个人）")
    programme = std(kind="count", value=600, recipient="programme")
    assert "not a personal entitlement" in standard(programme, "en")
    assert "(" not in standard(std(kind="amount", value=1000, unit={"zh": "元", "en": "yuan"}), "en")
