"""The data behind the finder's rules (issue 15): ages from the plan's words, follow-up
answers found in the plan's items, each refused with a located, explained error when
it would make the finder say something the data does not."""

from __future__ import annotations

import pytest

from generator.data import meaning
from generator.data.schema import Audience, Standard
from generator.site.finder import finder_data, item_ages

from helpers import errors_after, notice_project, project  # noqa: F401 (fixtures)

pytestmark = pytest.mark.unit

ITEMS = "data/cities/testcity/items/box-01.yml"
AUDIENCES = "data/audiences.yml"


def age(**fields) -> Standard:
    fields = {"kind": "age", "recipient": "resident", "label": {"zh": "年龄", "en": "age"}, **fields}
    return Standard.model_validate(fields)


@pytest.mark.parametrize("fields,bounds", [
    ({"phrase": "65岁及以上", "min": 65, "comparator": "ge"}, (65, None)),
    ({"phrase": "35岁及以上", "value": 35, "comparator": "ge"}, (35, None)),
    ({"phrase": "未满18周岁", "max": 18, "comparator": "lt"}, (None, 17)),
    ({"phrase": "0-6岁儿童", "min": 0, "max": 6}, (0, 6)),
    ({"phrase": "大于80岁", "value": 80, "comparator": "gt"}, (81, None)),
    ({"phrase": "60岁以下", "value": 60, "comparator": "le"}, (None, 60)),
])
def test_an_age_standard_gives_whole_year_bounds_ends_included(fields, bounds):
    assert age(**fields).age_bounds() == bounds


def test_only_ages_have_bounds():
    money = Standard.model_validate({"kind": "amount", "recipient": "resident", "label": {"zh": "补贴", "en": "allowance"},
                                     "phrase": "65元", "value": 65})
    assert money.age_bounds() is None


@pytest.mark.parametrize("fields,field,code", [
    ({"phrase": "65岁及以上", "min": 65, "comparator": "eq"}, "comparator", "age-comparator-mismatch"),  # 以上 → ge
    ({"phrase": "未满18周岁", "max": 18, "comparator": "le"}, "comparator", "age-comparator-mismatch"),  # 18 not covered
    ({"phrase": "0-6岁儿童", "min": 0, "max": 6, "comparator": "ge"}, "comparator", "age-comparator-without-word"),
    ({"phrase": "65岁及以上", "min": 65, "max": 80, "comparator": "ge"}, "max", "age-both-ends"),  # one end only
])
def test_an_age_the_words_do_not_say_is_refused(fields, field, code):
    problems = meaning.age_problems(age(**fields))
    assert [(f, p.code) for f, p in problems] == [((field,), code)]
    assert problems[0][1].text("zh") and problems[0][1].text("en")


def test_the_real_ages_say_what_their_words_say(dataset):  # the real data, loaded once a session (conftest)
    ages = [s for c in dataset.cities for i in c.items for s in i.standards if s.kind.value == "age"]
    assert ages and all(meaning.age_problems(s) == [] for s in ages)


def test_limits_item_is_only_for_a_person_s_age():
    with pytest.raises(ValueError, match="limits-item-not-an-age"):
        Standard.model_validate({"kind": "count", "recipient": "resident", "label": {"zh": "次", "en": "times"},
                                 "phrase": "13次", "value": 13, "limits_item": True})
    with pytest.raises(ValueError, match="must be at most 120"):
        age(phrase="150岁", value=150)


def test_an_age_limit_is_stated_in_the_plan_s_quote(errors_after):
    """`limits_item` rides on an age standard, whose phrase must be the plan's words stating the age."""
    errors = errors_after(ITEMS, """    standards:
      - kind: amount
        recipient: resident
        label: {zh: 初中生生活补助""", """    standards:
      - kind: age
        recipient: resident
        label: {zh: 年龄, en: age}
        phrase: 65岁及以上
        min: 65
        comparator: ge
        limits_item: true
      - kind: amount
        recipient: resident
        label: {zh: 初中生生活补助""")
    assert any(e.field.endswith("standards[0].phrase") and e.code == "phrase-not-in-quote" for e in errors)


def test_the_age_an_audience_starts_at_is_told_in_its_question():
    fields = {"id": "older-people", "name": {"zh": "老年人", "en": "Older people"}, "finder": "age", "min_age": 60}
    Audience.model_validate({**fields, "question": {"zh": "我是60岁及以上的老年人", "en": "I am aged 60 or over"}})
    with pytest.raises(ValueError, match="age-not-in-question"):
        Audience.model_validate({**fields, "question": {"zh": "我是老年人", "en": "I am aged 60 or over"}})
    with pytest.raises(ValueError, match="age-not-in-question"):
        Audience.model_validate({**fields, "question": {"zh": "我是600岁的老年人", "en": "I am aged 60 or over"}})


DETAILS = """    question: {zh: 我是学生或家长, en: I am a student or a student's parent}
    details:
      question: {zh: 上学阶段, en: Level of school}
      options:
        - id: junior
          label: {zh: 初中, en: Junior secondary school}
          words: [初中]
        - id: higher
          label: {zh: 高校, en: University}
          words: [%s]
"""


def test_a_follow_up_answer_s_words_must_be_the_plan_s(project, errors_after):
    ok = project.edit(AUDIENCES, "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n",
                      DETAILS % "义务教育").load()
    [service] = finder_data(ok, "zh")["cities"][0]["services"]
    assert service["options"] == ["higher"]  # 义务教育 is in its eligibility, 初中 only in a standard's label
    assert service["figures"][0]["options"] == ["junior"]
    errors = errors_after(AUDIENCES, "          words: [义务教育]", "          words: [大学]")
    assert [(e.code, e.field) for e in errors] == [("answer-word-not-found", "audiences[0].details.options[1].words[0]")]


def test_an_audience_s_indicators_are_shared_codes(errors_after):
    errors = errors_after(AUDIENCES, "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n",
                          "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n"
                          "    indicators: [no-such-code]\n")
    assert [e.code for e in errors] == ["code-not-declared"]


def test_the_real_age_limits(dataset):  # the real data, loaded once a session (conftest)
    """Where the plan limits a whole service to an age, and nowhere else."""
    limited = {(c.city.id, i.id): item_ages(i) for c in dataset.cities for i in c.items if item_ages(i)}
    assert limited == {("shangrao", "child-health-management"): [[0, 6]],
                       ("shangrao", "elderly-health-management"): [[65, None]]}


def test_what_to_do_next_is_the_documents_way_to_apply_or_the_gap(notice_project):
    """The finder's "what to do next" reads the item's how_to_apply (the guide's worked example,
    tests/fixtures/notice, cites a notice for it) and otherwise says the honest gap."""
    dataset = notice_project.load()
    services = {s["id"]: s for s in finder_data(dataset, "zh")["cities"][0]["services"]}
    known = [s["next"] for s in services.values() if s["next"]["known"]]
    assert known and known[0]["text"].startswith("学生家长持居民身份证、户口簿向就读学校提出申请")
    unknown = [s["next"] for s in services.values() if not s["next"]["known"]]
    assert all("未写明办理方式" in n["text"] for n in unknown)
