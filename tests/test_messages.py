"""Every kind of mistake is explained in Chinese and English, with a hint on how to fix it.

Each case breaks the good fixture the way a webmaster might; the report must
name the place and say what is wrong in both languages."""

from __future__ import annotations

import re

import pytest
from helpers import errors_after, project  # noqa: F401  (pytest fixtures)

from generator.data.errors import DataError, DataErrors

INDICATORS = "data/cities/testcity/indicators.yml"
BOX_01 = "data/cities/testcity/items/box-01.yml"
CITY = "data/cities/testcity/city.yml"
DOMAINS = "data/domains.yml"
CJK = re.compile(r"[\u4e00-\u9fff]")

MISTAKES = [
    # (what the webmaster did, file, old, new, the code, words the Chinese must contain)
    ("broke the YAML", INDICATORS, 'unit: {zh: "%", en: "%"}', 'unit: {zh: "%", en: "%"', "malformed-yaml", "YAML 格式错误"),
    ("misspelt a key", INDICATORS, "    attribute: expected\n", "    attribute: expected\n    colour: red\n", "unknown-key",
     "无法识别的键 `colour`"),
    ("left out a required field", INDICATORS, "    attribute: expected\n", "", "missing-field", "缺少必填项"),
    ("left out the English", INDICATORS, "      en: Three-year enrolment rate in pre-school education\n", "", "missing-en", "缺少英文"),
    ("left out the Chinese", BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", "title: {en:", "missing-zh", "缺少中文"),
    ("wrote a percent sign in a number", INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95%, text: "95"}',
     "not-a-number", "应为数字"),
    ("wrote a negative amount", BOX_01, "value: 1250", "value: -1250", "negative", "不能小于 0"),
    ("wrote a percentage above 100", INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 105, text: "105"}',
     "percentage-above-100", "百分比不能超过 100"),
    ("misspelt a choice", INDICATORS, "    attribute: expected\n", "    attribute: expectd\n", "not-one-of", "只能是"),
    ("wrote a date the wrong way", CITY, 'date: "2022-01-31"', 'date: "2022/1/31"', "bad-date", "日期格式"),
    ("reused an id", BOX_01, "id: community-cultural-centres", "id: boarding-pupil-allowance", "duplicate-id-in-city", "重复"),
    ("named an unknown domain", BOX_01, "    domain: culture-sports\n", "    domain: culture\n", "unknown-domain", "未知的领域 `culture`"),
    ("named an unknown audience", BOX_01, "audiences: [students]", "audiences: [student]", "unknown-audience", "未知的人群 `student`"),
    ("changed the quote", BOX_01, "quote: 新建社区文化中心不少于15个。", "quote: 新建社区文化中心不少于16个。", "quote-not-found",
     "找不到这段引文"),
    ("changed a figure but not the plan", BOX_01, "value: 1250", "value: 1200", "figure-not-in-phrase", "数字 1200 在引文中找不到"),
    ("cited a box the city does not list", BOX_01, "      box: 1\n      item: 2\n", "      box: 2\n      item: 2\n", "box-not-listed",
     "专栏 2"),
    ("renamed the city id", CITY, "id: testcity\n", "id: test-city\n", "id-not-folder-name", "文件夹名"),
    ("used capitals in an id", BOX_01, "id: community-cultural-centres", "id: Community-Centres", "bad-id", "小写"),
]


@pytest.mark.parametrize("mistake,file,old,new,code,words", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_explained_in_both_languages(errors_after, mistake, file, old, new, code, words):
    errors = errors_after(file, old, new)
    assert errors, mistake
    for error in errors:
        assert CJK.search(error.text("zh")) and CJK.search(error.hint("zh")) and error.hint("en"), error
    assert any(e.code == code and words in e.text("zh") for e in errors), [(e.code, e.text("zh")) for e in errors]


def test_the_report_shows_place_code_english_chinese_and_hint(project):
    project.edit(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: "95%", text: "95"}')
    with pytest.raises(DataErrors) as caught:
        project.load()
    report = caught.value.report().splitlines()
    assert report[0] == "数据有 1 处错误 / 1 problem in the data:"
    assert re.match(r'  data/cities/testcity/indicators\.yml:\d+:\d+: indicators\[0\]\.target\.value: '
                    r'\[not-a-number\] expected a number, got "95%"$', report[1])
    assert report[2].strip() == '应为数字，实际是 "95%"'
    assert "1250" in report[3] and "1,250元" in report[3] and "such as 1250" in report[3]


def test_the_chinese_comes_from_the_code_not_from_the_english_wording(monkeypatch):
    """The catalogue is keyed by code: rewording the English changes neither the code nor the Chinese."""
    from generator.data import messages

    kind = messages.CATALOGUE["not-a-number"]
    reworded = messages.Kind(kind.code, kind.group, messages.Bilingual(kind.message.zh, "a number is needed here, not {value}"),
                             kind.explanation, kind.hint)
    monkeypatch.setitem(messages.CATALOGUE, "not-a-number", reworded)
    error = DataError(INDICATORS, 1, 1, "x", "not-a-number", value='"95%"')
    assert error.message == 'a number is needed here, not "95%"'
    assert error.text("zh") == '应为数字，实际是 "95%"'
