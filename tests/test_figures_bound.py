"""A figure is bound to the words that state it, not to any number somewhere in its quote.

A standard names the `phrase` of its quote that states its figures; an indicator's figure
is its printed cell (`Figure.text`); an observation has a phrase too. Chinese numerals are
read as whole numbers (cn2an), and ordinals or names (一年级, 十四五) state no number.
Tests change one figure in a copy of the real data (or of tests/fixtures/good) and check
the located message.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from helpers import PROJECT_ROOT, assert_bilingual, project, said  # noqa: F401  (pytest fixture)

from generator.data.errors import DataError, DataErrors
from generator.data.provenance import numbers_in
from generator.data.validate import load_dataset

pytestmark = pytest.mark.unit

SHANGRAO_BOX_02 = "data/cities/shangrao/items/box-02.yml"
YICHUN_BOX_04 = "data/cities/yichun/items/box-04.yml"
YICHUN_BOX_07 = "data/cities/yichun/items/box-07.yml"
BOX_01 = "data/cities/testcity/items/box-01.yml"
INDICATORS = "data/cities/testcity/indicators.yml"
PLAN = "data/sources/testcity-plan.txt"


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """A copy of the project's real data, to break (all of data/: validation reads files across it)."""
    root = tmp_path / "real"
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    return root


def replace_once(root: Path, relative: str, old: str, new: str) -> int:
    """Replace `old` (which must occur once) and return the 1-based line where it was."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def errors_of(root: Path) -> list[DataError]:
    with pytest.raises(DataErrors) as info:
        load_dataset(root)
    for error in info.value.errors:
        assert_bilingual(error)
    return info.value.errors


# ---- the dictionary price of 小学一年级字典14元/年·人 ------------------------------------------


def dictionary_price(real: Path, value: str) -> int:
    return replace_once(real, SHANGRAO_BOX_02, "        phrase: 字典14元/年·人\n        value: 14\n",
                        f"        phrase: 字典14元/年·人\n        value: {value}\n") + 1


def test_the_real_data_is_valid_with_every_standard_bound_to_its_phrase(dataset):  # loaded once a session (conftest)
    standards = [s for c in dataset.cities for i in c.items for s in i.standards]
    assert len(standards) > 170 and all(s.phrase for s in standards)


def test_14_to_1_is_refused_the_1_of_first_grade_states_nothing(real):
    line = dictionary_price(real, "1")
    assert said(errors_of(real)) == [(SHANGRAO_BOX_02, line, 16, "items[2].standards[1].value", "figure-not-in-phrase", "1 is not stated by the phrase `字典14元/年·人`")]


def test_14_to_90_is_refused_though_the_quote_states_90_elsewhere(real):
    line = dictionary_price(real, "90")
    assert said(errors_of(real)) == [(SHANGRAO_BOX_02, line, 16, "items[2].standards[1].value", "figure-not-in-phrase", "90 is not stated by the phrase `字典14元/年·人`")]


def test_changing_figure_and_phrase_together_to_words_not_in_the_quote_is_refused(real):
    line = replace_once(real, SHANGRAO_BOX_02, "        phrase: 字典14元/年·人\n        value: 14\n",
                        "        phrase: 字典15元/年·人\n        value: 15\n")
    assert said(errors_of(real)) == [(SHANGRAO_BOX_02, line, 17, "items[2].standards[1].phrase", "phrase-not-in-quote", "phrase `字典15元/年·人` is not in the quote (copy the words that state the figure from it)")]


def test_a_phrase_with_another_number_is_refused(real):
    line = replace_once(real, SHANGRAO_BOX_02, "        phrase: 字典14元/年·人\n",
                        "        phrase: 初中每生每年180元；小学一年级字典14元/年·人\n")
    assert said(errors_of(real)) == [(SHANGRAO_BOX_02, line, 17, "items[2].standards[1].phrase", "phrase-extra-numbers", "phrase `初中每生每年180元；小学一年级字典14元/年·人` states number(s) 180 that are not figures of this entry")]


def test_a_phrase_may_differ_from_the_quote_in_whitespace(real):
    replace_once(real, SHANGRAO_BOX_02, "        phrase: 字典14元/年·人\n", "        phrase: 字典 14 元/年·人\n")
    assert load_dataset(real).cities


def test_every_tier_must_be_stated(real):
    line = replace_once(real, SHANGRAO_BOX_02, "{label: {zh: 初中, en: junior secondary school}, value: 180}",
                        "{label: {zh: 初中, en: junior secondary school}, value: 18}")
    [error] = errors_of(real)
    assert (error.file, error.line, error.field) == (SHANGRAO_BOX_02, line, "items[2].standards[0].tiers[1].value")
    assert error.message == "18 is not stated by the phrase `小学学生每年90元、初中每生每年180元`"


# ---- Chinese numerals ------------------------------------------------------------------------


def test_two_in_chinese_is_a_number_a_phrase_must_not_carry(real):
    # 每两年组织100名…: the 两 is a number (every two years), not this standard's figure.
    line = replace_once(real, YICHUN_BOX_04, "        phrase: 组织100名职业（技工）院校骨干教师\n",
                        "        phrase: 每两年组织100名职业（技工）院校骨干教师\n")
    assert said(errors_of(real)) == [(YICHUN_BOX_04, line, 17, "items[1].standards[1].phrase", "phrase-extra-numbers", "phrase `每两年组织100名职业（技工）院校骨干教师` states number(s) 2 that are not figures of this entry")]


def test_fourteenth_five_year_plan_in_a_phrase_states_no_number(real):
    replace_once(real, YICHUN_BOX_07, "        phrase: 实物分配率不低于50%\n", "        phrase: “十四五”期间，公租房实物分配率不低于50%\n")
    assert load_dataset(real).cities
    line = replace_once(real, YICHUN_BOX_07, "        value: 50\n", "        value: 14\n")
    assert said(errors_of(real)) == [(YICHUN_BOX_07, line, 16, "items[0].standards[0].value", "figure-not-in-phrase", "14 is not stated by the phrase `“十四五”期间，公租房实物分配率不低于50%`")]


def write_in_chinese(project, numeral: str, value: int) -> int:
    """The fixture's 不少于15个 written as 不少于<numeral>个 in the plan, the item and its standard."""
    for relative in (PLAN, BOX_01):
        text = project.text(relative).replace("不少于15个", f"不少于{numeral}个")
        project.write(relative, text)
    return replace_once(project.root, BOX_01, "        value: 15\n", f"        value: {value}\n")


@pytest.mark.parametrize("numeral,value", [("十二", 12), ("一百二十", 120), ("两", 2)])
def test_chinese_numerals_state_whole_numbers(project, numeral, value):
    write_in_chinese(project, numeral, value)
    [city] = project.load().cities
    assert city.items[1].standards[0].value == value


@pytest.mark.parametrize("numeral,value", [("十二", 1), ("十二", 2), ("十二", 10), ("一百二十", 100), ("一百二十", 20)])
def test_a_digit_of_a_chinese_numeral_is_not_a_figure(project, numeral, value):
    line = write_in_chinese(project, numeral, value)
    assert said(project.errors()) == [(BOX_01, line, 16, "items[1].standards[0].value", "figure-not-in-phrase", f"{value} is not stated by the phrase `不少于{numeral}个`")]


@pytest.mark.parametrize("text,expected", [
    ("两次", {2.0}), ("十二", {12.0}), ("一百二十", {120.0}), ("十四五", set()),
    ("小学一年级字典14元/年·人", {14.0}), ("第三小学", set()),
])
def test_numbers_in_reads_chinese_numerals_as_whole_numbers(text, expected):
    assert numbers_in(text) == expected


def test_a_long_run_of_numerals_is_no_number_and_quick():
    start = time.process_time()  # CPU seconds: a loaded machine cannot trip the guard, a pathological input still does
    assert numbers_in("一" * 100_000) == set()
    assert time.process_time() - start < 10  # a guard against quadratic matching (minutes here), not a benchmark


# ---- indicators: the printed cell; observations: their phrase --------------------------------


def test_an_indicator_cell_not_in_its_row_is_refused(project):
    project.edit(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 96, text: "96"}')
    assert said(project.errors()) == [(INDICATORS, 10, 31, "indicators[0].target.text", "cell-not-in-quote", "text `96` is not in the quote (copy the cell as printed)")]


def test_an_observation_value_must_be_stated_by_its_phrase(project):
    observation = (
        "    observations:\n"
        "      - year: 2023\n"
        "        value: {value}\n"
        "        phrase: 入园率（%） 90.5\n"
        "        source: {{document: testcity-plan, chapter: 1, quote: 学前教育三年入园率（%） 90.5 95 预期性}}\n"
    )
    project.edit(INDICATORS, "    attribute: expected\n", "    attribute: expected\n" + observation.format(value=90.5))
    assert project.load().cities[0].indicators[0].observations[0].value == 90.5
    project.edit(INDICATORS, "        value: 90.5\n", "        value: 95\n")
    assert said(project.errors()) == [(INDICATORS, 14, 16, "indicators[0].observations[0].value", "figure-not-in-phrase", "95 is not stated by the phrase `入园率（%） 90.5`")]


# ---- items: text.zh is the plan's wording ---------------------------------------------------------


def test_an_item_text_not_in_the_plan_is_refused(project):
    project.edit(BOX_01, "      zh: 社区文化中心建设。新建社区文化中心不少于15个。", "      zh: 社区文化中心建设。新建社区文化中心至少15个。")
    assert said(project.errors()) == [(BOX_01, 35, 11, "items[1].text.zh", "text-not-verbatim", "text not found in testcity-plan.txt (the Chinese text is the plan's own wording)")]


def test_every_real_item_text_is_verbatim(dataset):  # the real data, loaded once a session (conftest)
    assert sum(len(c.items) for c in dataset.cities) == 147  # all of them: validation checks each
