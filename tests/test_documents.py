"""More than one source document (issue 15): a city (city.yml `documents`) and the whole site
(data/documents.yml) register official documents, and an item's practical fields — who pays,
the lead department, how to apply, the fee, places and hours, whom to ask — cite them, each
held to its own quote (generator/data/practical.py).

The project is the guide's worked example: tests/fixtures/good with tests/fixtures/notice laid
over it (a made-up notice and standard). Each test breaks one thing and checks the located error.
"""

from __future__ import annotations

import re

import pytest
from helpers import notice_project  # noqa: F401  (pytest fixture)

from generator.data.errors import DataErrors
from generator.data.schema import Cost, HolidayRule, RegisteredDocument
from generator.data.sourcedoc import anchors

pytestmark = pytest.mark.unit

CITY = "data/cities/testcity/city.yml"
ITEMS = "data/cities/testcity/items/box-01.yml"
NOTICE_TEXT = "data/sources/testcity-student-aid-notice.txt"


def only_error(project):
    """The one error of a load that must fail: located (a line), with its Chinese."""
    [error] = project.errors()
    assert error.line > 0, error
    assert re.search(r"[\u4e00-\u9fff]", error.text("zh")), f"no Chinese for: {error.message}"
    return error


def test_the_worked_example_loads_with_every_practical_field(notice_project):
    dataset = notice_project.load()
    city = dataset.cities[0]
    item = next(i for i in city.items if i.id == "boarding-pupil-allowance")
    assert item.funding.source.document == "test-national-standard"
    assert [d.zh for d in item.lead_department.departments] == ["测试市教育局"]
    assert [c.value for c in item.how_to_apply.channels] == ["in-person", "online"]
    assert item.fee.cost is Cost.free
    assert [(h.opens, h.closes) for h in item.opening.hours] == [("08:30", "12:00"), ("14:30", "17:30")]
    assert item.opening.holidays.rule is HolidayRule.closed
    assert item.contact.phones[0].number == "0000-1234567"
    # The documents a city may cite: its plan, its own, then the site's.
    assert [d.id for d in dataset.documents_of(city)] == ["testcity-plan", "testcity-student-aid-notice", "test-national-standard"]
    notice = dataset.document("testcity-student-aid-notice")
    assert isinstance(notice, RegisteredDocument) and notice.kind.value == "notice" and not dataset.is_plan(notice)
    assert dataset.is_plan(dataset.document("testcity-plan"))
    assert {"section-1", "section-5"} <= anchors(dataset.document_path(notice), plan=False)


def test_a_source_citing_an_unregistered_document_is_a_located_error(notice_project):
    notice_project.edit(ITEMS, "        document: testcity-student-aid-notice\n        section: 5",
                        "        document: testcity-other-notice\n        section: 5")
    error = only_error(notice_project)
    assert (error.file, error.field) == (ITEMS, "items[0].contact.source.document")
    assert error.message == ("unknown document `testcity-other-notice` "
                             "(known: test-national-standard, testcity-plan, testcity-student-aid-notice)")


def test_a_document_id_is_unique_in_the_whole_site(notice_project):
    notice_project.edit("data/documents.yml", "  - id: test-national-standard", "  - id: testcity-student-aid-notice")
    errors = notice_project.errors()
    assert any(e.file == "data/documents.yml" and e.field == "documents[0].id" and e.line == 5
               and e.message == f"duplicate document id `testcity-student-aid-notice` (also in {CITY})" for e in errors), errors


def test_a_notice_is_cited_by_its_own_headings_not_the_plans_boxes(notice_project):
    notice_project.edit(ITEMS, "        document: testcity-student-aid-notice\n        section: 5",
                        "        document: testcity-student-aid-notice\n        box: 1")
    error = only_error(notice_project)
    assert error.field == "items[0].contact.source.box"
    assert error.message == "`box` is a place in the plan: cite `testcity-student-aid-notice` by chapter, section or article"


def test_a_place_the_notice_does_not_have_is_refused(notice_project):
    notice_project.edit(ITEMS, "        section: 5\n", "        section: 9\n")
    error = only_error(notice_project)
    assert error.field == "items[0].contact.source"
    assert error.message.startswith("`testcity-student-aid-notice` has no section 9")


def test_a_quote_not_in_the_cited_notice_is_refused(notice_project):
    notice_project.edit(ITEMS, "        quote: 咨询电话：0000-1234567。", "        quote: 咨询电话：0000-7654321。")
    error = only_error(notice_project)
    assert error.field == "items[0].contact.source.quote"
    assert error.message == "quote not found in testcity-student-aid-notice.txt (it must be copied verbatim)"


def test_an_office_not_named_by_the_quote_is_refused(notice_project):
    notice_project.edit(ITEMS, "        - {zh: 测试市教育局, en: Test City Education Bureau}",
                        "        - {zh: 测试市民政局, en: Test City Civil Affairs Bureau}")
    error = only_error(notice_project)
    assert error.field == "items[0].lead_department.departments[0].zh"
    assert error.message == "`测试市民政局` is not in this field's quote (copy the Chinese from it)"


def test_a_clock_time_the_phrase_does_not_state_is_refused(notice_project):
    notice_project.edit(ITEMS, 'closes: "17:30"', 'closes: "18:00"')
    error = only_error(notice_project)
    assert error.field == "items[0].opening.hours[1].closes"
    assert error.message == "18:00 is not stated by the phrase `14:30—17:30`"


def test_a_telephone_number_not_in_the_quote_is_refused(notice_project):
    notice_project.edit(ITEMS, "        - number: 0000-1234567", "        - number: 0000-1234568")
    error = only_error(notice_project)
    assert error.field == "items[0].contact.phones[0].number"
    assert error.message == "telephone number 0000-1234568 is not in the quote"


def test_free_needs_a_word_for_free_and_an_amount_needs_a_charge(notice_project):
    notice_project.edit(ITEMS, "      phrase: 不收取任何费用\n", "      phrase: 申请\n")
    error = only_error(notice_project)
    assert error.field == "items[0].fee.cost"
    assert error.message.startswith("cost: free, but the phrase `申请` has no word for free")


def test_an_amount_for_a_free_service_is_refused(notice_project):
    notice_project.edit(ITEMS, "      cost: free\n", "      cost: free\n      amount: 5\n")
    error = only_error(notice_project)
    assert error.field == "items[0].fee"
    assert error.message == "`amount` goes with cost: charged: change the cost, or remove the amount"


@pytest.mark.parametrize("old, new, field, message", [
    ('opens: "08:30"', 'opens: "8:30"', "items[0].opening.hours[0].opens",
     'expected a time like 08:30 (24-hour HH:MM, in quotes), got "8:30"'),
    ('opens: "14:30"', 'opens: "18:30"', "items[0].opening.hours[1]", "closes (17:30) must be later than opens (18:30)"),
    ("        - number: 0000-1234567", "        - number: call 0000", "items[0].contact.phones[0].number",
     'expected a telephone number of digits and hyphens (like 0793-1234567), got "call 0000"'),
])
def test_malformed_times_and_numbers_are_refused_at_the_field(notice_project, old, new, field, message):
    notice_project.edit(ITEMS, old, new)
    error = only_error(notice_project)
    assert (error.field, error.message) == (field, message)


def test_the_plan_is_not_cited_by_a_notices_places(notice_project):
    notice_project.edit(ITEMS, "      document: testcity-plan\n      box: 1\n      item: 3\n",
                        "      document: testcity-plan\n      article: 3\n")
    error = only_error(notice_project)
    assert error.field == "items[2].source.article"
    assert error.message == "`article` is a place in another document: cite the plan by table, box or chapter"


def test_the_existing_single_document_still_works_alone(tmp_path):
    """A city with only `document:` (the plan) and no data/documents.yml: as before issue 15."""
    from helpers import Project
    dataset = Project(tmp_path / "plain").load()
    assert dataset.documents == [] and [d.id for d in dataset.documents_of(dataset.cities[0])] == ["testcity-plan"]


def test_a_new_timetable_or_number_is_a_change_readers_are_told_of(tmp_path, notice_project):
    """The "what changed" report (site_build.py diff, the changes page, the feeds) lists the practical fields."""
    from helpers import Project

    from generator.site.changes import compare

    before = Project(tmp_path / "before").load()
    lines = [c.line(lang) for c in compare(before, notice_project.load()) for lang in ("zh", "en")]
    assert ("测试市 · 家庭经济困难寄宿生生活补助（服务地点与开放时间）：— → 测试市教育局学生资助管理中心；测试市人民路1号；"
            "周一至周五 08:30–12:00；周一至周五 14:30–17:30；休息；国家法定节假日休息；每年9月1日至9月30日为集中受理期") in lines
    assert "Test City · Living allowance for boarders from poor families (whom to ask): — → 0000-1234567; Enquiries" in lines


def test_an_edited_document_text_is_read_again_in_the_same_process(notice_project):
    """`serve` validates again after each edit: a quote checked against a text is checked against
    the text as it is now, not as it was when first read (the caches are keyed by mtime and size)."""
    notice_project.load()
    notice = notice_project.root / "data/sources/testcity-student-aid-notice.txt"
    notice.write_text(notice.read_text(encoding="utf-8").replace("0000-1234567", "0000-7654321"), encoding="utf-8")
    error = only_error(notice_project)
    assert (error.field, error.message) == (
        "items[0].contact.source.quote", "quote not found in testcity-student-aid-notice.txt (it must be copied verbatim)")
