"""Provenance checks: numbers found in quotes, quotes found in the source text."""

from __future__ import annotations

import pytest

from generator.data import provenance
from generator.data.provenance import SINGLE_NUMERALS, iter_numbers, missing_numbers, numbers_in, quote_in_source, squeeze
from generator.data.schema import Figure, Indicator, Item


# ---- numbers_in ---------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("初中生每生每年1250元", {1250.0}),
    ("每生每年1,250元", {1250.0}),  # thousands separator
    ("共21,120套", {21120.0}),
    ("1,234,567人", {1234567.0}),
    ("寿命达到78以上，力争78.6", {78.0, 78.6}),  # decimals
    ("入园率 90.04 95", {90.04, 95.0}),
    ("托位数 1.04 4.5", {1.04, 4.5}),
    ("比例０．５％至１％", {0.5, 1.0}),  # full-width digits and point
    ("补助１，２５０元", {1250.0}),  # full-width comma
    ("不少于1/3", {1.0, 3.0}),
    ("到2025年", {2025.0}),
])
def test_numbers_written_in_digits_are_found(text, expected):
    assert numbers_in(text) == expected


def test_a_decimal_is_one_number_not_two():
    assert numbers_in("78.6") == {78.6}
    assert 6.0 not in numbers_in("78.6")


@pytest.mark.parametrize("text,expected", [
    ("每年两次", {2.0}),
    ("提供一次", {1.0}),
    ("十个", {10.0}),
    ("四、五、六、七、八、九", {4.0, 5.0, 6.0, 7.0, 8.0, 9.0}),
    ("每年二次，两年一次", {2.0, 1.0}),
])
def test_single_chinese_numerals_are_found(text, expected):
    assert numbers_in(text) == expected


def test_the_single_numerals_read_without_cn2an_are_what_cn2an_reads():
    import cn2an

    assert set(SINGLE_NUMERALS) == set("零〇一二两三四五六七八九十")
    for numeral, value in SINGLE_NUMERALS.items():
        assert cn2an.cn2an(numeral, "normal") == value, numeral


@pytest.mark.parametrize("text,expected", [
    ("十二个月", {12.0}),
    ("二十", {20.0}),
    ("一百二十人", {120.0}),
    ("一千二百五十元", {1250.0}),
    ("三十五岁", {35.0}),
])
def test_chinese_numerals_are_read_as_whole_numbers(text, expected):
    # 二十 is 20, not 2 and 10: a run of numerals is one number (read by cn2an).
    assert numbers_in(text) == expected


@pytest.mark.parametrize("text", [
    "“十四五”时期", "十三五期间",  # the plans' names
    "小学一年级", "第三小学", "三级公办幼儿园", "二级以上医院",  # ordinals and grades
    "统一指挥", "进一步完善", "建设一批", "省级一流学科", "老百姓", "每千人口",  # words
])
def test_names_ordinals_and_words_state_no_number(text):
    assert numbers_in(text) == set()


def test_two_levels_is_a_count_not_a_grade():
    assert numbers_in("市县两级") == {2.0}


def test_text_without_numbers_has_none():
    assert numbers_in("应保尽保") == set()
    assert numbers_in("") == set()


# ---- missing_numbers --------------------------------------------------------------------


def test_numbers_are_compared_as_numbers():
    assert missing_numbers([95, 95.0, 1250], "95 … 1,250元") == []


def test_missing_numbers_are_listed_in_order():
    assert missing_numbers([90.5, 96, 95, 1200], "学前教育三年入园率（%） 90.5 95 预期性") == [96, 1200]


def test_no_numbers_means_nothing_is_missing():
    assert missing_numbers([], "anything") == []


def test_a_chinese_numeral_in_the_quote_counts():
    assert missing_numbers([2], "每年两次") == []
    assert missing_numbers([3], "每年两次") == [3]
    assert missing_numbers([12], "十二个月") == []


def test_an_ordinal_does_not_vouch_for_a_figure():
    # The dictionary price changed from 14 to 1: the 一 of 一年级 does not state a 1.
    assert missing_numbers([1], "小学一年级字典14元/年·人") == [1]


# ---- quote_in_source ----------------------------------------------------------------------


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "1．家庭经济困难寄宿生生活补助。对义务教育阶段家庭经济困难寄宿生给予生活补助，\n"
        "初中生每生每年\t1250元。\n\n"
        "序号\t指标\t2020年\t2025年\n1\t学前教育三年入园率（%）\t90.5\t95\t预期性\n",
        encoding="utf-8",
    )
    return path


def test_a_verbatim_quote_is_found(source):
    assert quote_in_source("对义务教育阶段家庭经济困难寄宿生给予生活补助", source)


def test_a_quote_is_found_across_line_breaks_and_tabs(source):
    assert quote_in_source("给予生活补助，初中生每生每年1250元。", source)


def test_whitespace_in_the_quote_is_ignored_too(source):
    assert quote_in_source("学前教育三年入园率（%） 90.5 95 预期性", source)
    assert quote_in_source("初中生 每生 每年 1250 元", source)


def test_a_quote_with_a_changed_character_is_not_found(source):
    assert not quote_in_source("初中生每生每年1200元", source)
    assert not quote_in_source("学前教育三年入园率（％） 90.5 95 预期性", source)  # full-width ％ differs


def test_squeeze_removes_every_kind_of_whitespace():
    assert squeeze(" a\tb\nc\u3000d\r\n ") == "abcd"


def test_an_edited_source_text_is_read_again(source):
    """The text is kept by the file's state, not its path: under `serve` a plan is edited while
    the process lives on, and a quote taken out of it must be refused at once."""
    assert quote_in_source("初中生每生每年1250元", source)
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("1250元", "1300元"), encoding="utf-8")
    assert not quote_in_source("初中生每生每年1250元", source)
    assert quote_in_source("初中生每生每年1300元", source)


def test_an_unchanged_source_text_is_not_read_again(source, monkeypatch):
    quote_in_source("补助", source)
    monkeypatch.setattr(provenance, "read_plan", lambda path: pytest.fail("read again"))
    assert quote_in_source("寄宿生", source)


def test_the_kept_texts_are_bounded(tmp_path):
    for n in range(20):
        plan = tmp_path / f"plan-{n}.txt"
        plan.write_text(f"第{n}份规划", encoding="utf-8")
        assert quote_in_source(f"第{n}份", plan)
    assert len(provenance._squeezed_source.cache) <= 8


# ---- iter_numbers -------------------------------------------------------------------------


def _indicator(**changes) -> Indicator:
    data = {
        "id": "life-expectancy",
        "domain": "health",
        "name": {"zh": "人均预期寿命", "en": "Life expectancy"},
        "unit": {"zh": "岁", "en": "years"},
        "baseline": {"value": 77.2, "text": "77.2"},
        "target": {"value": 78, "comparator": "ge", "aspiration": 78.6, "text": "78以上，力争78.6"},
        "attribute": "expected",
        "observations": [{"year": 2023, "value": 77.9, "phrase": "77.9", "source": {
            "document": "plan", "chapter": 1, "quote": "77.9"}}],
        "source": {"document": "plan", "table": "main-indicators", "row": 8,
                   "quote": "人均预期寿命（岁） 77.2 78以上，力争78.6 预期性"},
    }
    data.update(changes)
    return Indicator.model_validate(data)


def test_every_claimed_number_of_an_indicator_is_listed_with_its_field():
    assert list(iter_numbers(_indicator())) == [
        ("baseline.value", 77.2),
        ("target.value", 78.0),
        ("target.aspiration", 78.6),
    ]


def test_places_years_and_observations_are_not_claims():
    # row 8, the observation's year and value are places and observed facts, not claims of the entry.
    values = [v for _, v in iter_numbers(_indicator())]
    assert 8.0 not in values and 2023.0 not in values and 77.9 not in values and 1.0 not in values


def test_every_number_of_an_items_standards_is_listed():
    item = Item.model_validate({
        "id": "allowance", "kind": "service", "domain": "education",
        "title": {"zh": "补助", "en": "Allowance"},
        "text": {"zh": "补助。", "en": "Allowance."},
        "standards": [
            {"kind": "amount", "recipient": "resident", "label": {"zh": "补助", "en": "allowance"},
             "phrase": "小学1000元、初中1250元",
             "tiers": [{"label": {"zh": "小学", "en": "primary"}, "value": 1000},
                       {"label": {"zh": "初中", "en": "junior"}, "value": 1250}],
             "deadline": 2025},
            {"kind": "age", "recipient": "resident", "label": {"zh": "年龄", "en": "age"}, "phrase": "0至6岁", "min": 0, "max": 6},
        ],
        "source": {"document": "plan", "box": 2, "item": 7, "quote": "小学1000元、初中1250元，0至6岁，到2025年"},
    })
    assert list(iter_numbers(item)) == [
        ("standards[0].tiers[0].value", 1000.0),
        ("standards[0].tiers[1].value", 1250.0),
        ("standards[0].deadline", 2025.0),
        ("standards[1].min", 0.0),
        ("standards[1].max", 6.0),
    ]


def test_a_qualitative_target_has_no_number():
    ind = _indicator(baseline=None, target=Figure(qualitative={"zh": "应保尽保", "en": "all covered"}, text="应保尽保"))
    assert list(iter_numbers(ind)) == []
