"""What `load_dataset` reports for each kind of mistake in the data, and where.

Each test breaks one thing in a copy of tests/fixtures/good and checks the whole
report: file, line, column, field path and message. Read top to bottom, this is
the list of mistakes the validator catches and how it words them.
"""

from __future__ import annotations

import pytest

from helpers import GOOD, errors_after, project  # noqa: F401  (pytest fixtures)

from generator.data.errors import DataError, DataErrors
from generator.data.validate import load_dataset

INDICATORS = "data/cities/testcity/indicators.yml"
BOX_01 = "data/cities/testcity/items/box-01.yml"
BOX_02 = "data/cities/testcity/items/box-02.yml"
CITY = "data/cities/testcity/city.yml"
DOMAINS = "data/domains.yml"


# ---- the good fixture ---------------------------------------------------------


def test_the_good_fixture_loads_with_everything_in_it():
    dataset = load_dataset(GOOD)
    assert [d.id for d in dataset.domains] == ["education", "housing", "culture-sports"]
    assert [a.id for a in dataset.audiences] == ["students", "all-residents"]
    [city] = dataset.cities
    assert city.city.id == "testcity"
    assert [i.id for i in city.indicators] == ["preschool-enrolment-rate", "public-rental-housing-coverage"]
    assert [i.id for i in city.items] == ["boarding-pupil-allowance", "community-cultural-centres"]
    assert [o.domain for o in city.overviews] == ["education"]
    assert dataset.source_path(city) == GOOD / "data/sources/testcity-plan.txt"


def test_each_entry_remembers_the_file_and_line_where_it_is_defined():
    [city] = load_dataset(GOOD).cities
    assert city.origins == {
        "indicators:preschool-enrolment-rate": (INDICATORS, 3),
        "indicators:public-rental-housing-coverage": (INDICATORS, 18),
        "items:boarding-pupil-allowance": (BOX_01, 3),
        "items:community-cultural-centres": (BOX_01, 30),
    }


def test_an_error_reads_file_line_column_field_message():
    error = DataError(INDICATORS, 10, 21, "indicators[0].target.value", 'expected a number, got "95%"')
    assert str(error) == 'data/cities/testcity/indicators.yml:10:21: indicators[0].target.value: expected a number, got "95%"'
    whole_file = DataError("data/notes.yml", 0, 0, "", "unexpected data file")
    assert str(whole_file) == "data/notes.yml: unexpected data file"


# ---- one file at a time: YAML and the schema ---------------------------------------


def test_malformed_yaml_is_reported_where_the_parser_stops_and_says_where_the_construct_began(errors_after):
    # The closing brace of line 8 is missing; the parser notices on line 9.
    errors = errors_after(INDICATORS, 'unit: {zh: "%", en: "%"}', 'unit: {zh: "%", en: "%"')
    assert [(e.file, e.line, e.column, e.field) for e in errors] == [(INDICATORS, 9, 5, "")]
    # The parser's own words (libyaml's or PyYAML's), after where the construct began.
    assert errors[0].message.startswith("malformed YAML: while parsing a flow mapping that starts at line 8, column 11, ")
    assert "expected ',' or '}'" in errors[0].message


def test_an_unknown_key_is_reported_at_its_value(errors_after):
    errors = errors_after(INDICATORS, "    attribute: expected\n", "    attribute: expected\n    colour: red\n")
    assert errors == [DataError(
        INDICATORS, 12, 13, "indicators[0].colour",
        "unknown key `colour` (check the spelling; see the schema in schema/)",
    )]


def test_a_missing_required_field_is_reported_at_the_entry_that_lacks_it(errors_after):
    errors = errors_after(INDICATORS, "    attribute: expected\n", "")
    assert errors == [DataError(INDICATORS, 3, 5, "indicators[0].attribute", "required field is missing")]


def test_missing_english_text_is_reported_at_the_text(errors_after):
    errors = errors_after(INDICATORS, "      en: Three-year enrolment rate in pre-school education\n", "")
    assert errors == [DataError(INDICATORS, 6, 7, "indicators[0].name.en", "English (en) text is missing")]


def test_missing_chinese_text_is_reported_at_the_text(errors_after):
    errors = errors_after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", "title: {en:")
    assert errors == [DataError(BOX_01, 6, 12, "items[0].title.zh", "Chinese (zh) text is missing")]


def test_empty_text_is_refused(errors_after):
    errors = errors_after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", 'title: {zh: " ", en:')
    assert errors == [DataError(BOX_01, 6, 17, "items[0].title.zh", "must not be empty")]


def test_a_number_written_with_a_percent_sign_is_reported_where_it_is(errors_after):
    errors = errors_after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95%, text: "95"}')
    assert [str(e) for e in errors] == [
        'data/cities/testcity/indicators.yml:10:21: indicators[0].target.value: expected a number, got "95%"'
    ]


def test_a_negative_amount_is_refused(errors_after):
    errors = errors_after(BOX_01, "value: 1250", "value: -1250")
    assert errors == [DataError(
        BOX_01, 19, 16, "items[0].standards[0].value",
        "must be at least 0, got -1250 (amounts cannot be negative)",
    )]


def test_an_indicator_in_percent_above_100_is_reported_at_the_indicator(errors_after):
    errors = errors_after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 105, text: "105"}')
    assert errors == [DataError(
        INDICATORS, 3, 5, "indicators[0]", "target.value: a percentage cannot be above 100, got 105",
    )]


def test_a_percentage_standard_above_100_is_reported_at_the_standard(errors_after):
    # The amount 1250 becomes a percentage of 1250.
    errors = errors_after(BOX_01, "      - kind: amount\n", "      - kind: percentage\n")
    assert errors == [DataError(
        BOX_01, 16, 9, "items[0].standards[0]", "a percentage cannot be above 100, got 1250",
    )]


def test_a_misspelt_choice_lists_the_allowed_ones(errors_after):
    errors = errors_after(INDICATORS, "    attribute: expected\n", "    attribute: expectd\n")
    assert errors == [DataError(
        INDICATORS, 11, 16, "indicators[0].attribute", "expected one of 'binding' or 'expected', got \"expectd\"",
    )]


def test_a_date_in_another_format_is_refused(errors_after):
    errors = errors_after(CITY, 'date: "2022-01-31"', 'date: "2022/1/31"')
    # Only this: the city's other files are not cross-checked against an invalid city.yml,
    # and city.yml is not said to be "missing".
    assert errors == [DataError(CITY, 12, 9, "document.date", 'expected a date like 2022-05-31, got "2022/1/31"')]


def test_a_file_in_an_unexpected_place_is_reported_as_a_whole(project):
    project.write("data/cities/testcity/notes.yml", "note: hello\n")
    assert project.errors() == [DataError(
        "data/cities/testcity/notes.yml", 0, 0, "", "unexpected data file: see README.md for where data files go",
    )]


# ---- across files: ids, references, provenance ---------------------------------------


def test_a_duplicate_id_within_one_file_is_reported_at_the_second_entry(errors_after):
    errors = errors_after(BOX_01, "id: community-cultural-centres", "id: boarding-pupil-allowance")
    assert errors == [DataError(
        BOX_01, 30, 9, "items[1].id",
        "duplicate id `boarding-pupil-allowance` (also in data/cities/testcity/items/box-01.yml)",
    )]


def test_duplicate_ids_across_two_item_files_are_reported_in_the_later_file(project):
    project.write(BOX_02, project.text(BOX_01))  # the same two items again
    assert project.errors() == [
        DataError(BOX_02, 3, 9, "items[0].id",
                  "duplicate id `boarding-pupil-allowance` (also in data/cities/testcity/items/box-01.yml)"),
        DataError(BOX_02, 30, 9, "items[1].id",
                  "duplicate id `community-cultural-centres` (also in data/cities/testcity/items/box-01.yml)"),
    ]


def test_a_duplicate_domain_id_is_reported(errors_after):
    errors = errors_after(DOMAINS, "  - id: housing\n", "  - id: education\n")
    # `housing` is now unknown too: the indicator that uses it is reported as well.
    assert errors == [
        DataError(INDICATORS, 19, 13, "indicators[1].domain",
                  "unknown domain `housing` (known: culture-sports, education)"),
        DataError(DOMAINS, 5, 9, "domains[1].id", "duplicate id `education`"),
    ]


def test_an_invalid_domains_file_is_reported_once_not_at_every_reference(errors_after):
    errors = errors_after(DOMAINS, "    name: {zh: 住有所居, en: Housing}\n", "    name: {zh: 住有所居}\n")
    assert errors == [DataError(DOMAINS, 6, 11, "domains[1].name.en", "English (en) text is missing")]


def test_a_missing_audiences_file_is_reported(project):
    project.remove("data/audiences.yml")
    assert project.errors() == [DataError("data/audiences.yml", 0, 0, "", "file is missing")]


def test_an_unknown_domain_lists_the_known_ones(errors_after):
    errors = errors_after(BOX_01, "    domain: culture-sports\n", "    domain: culture\n")
    assert errors == [DataError(
        BOX_01, 32, 13, "items[1].domain", "unknown domain `culture` (known: culture-sports, education, housing)",
    )]


def test_an_unknown_audience_is_reported_at_its_place_in_the_list(errors_after):
    errors = errors_after(BOX_01, "audiences: [students]", "audiences: [student]")
    assert errors == [DataError(
        BOX_01, 14, 17, "items[0].audiences[0]", "unknown audience `student` (known: all-residents, students)",
    )]


def test_a_quote_that_is_not_in_the_source_text_is_reported(errors_after):
    errors = errors_after(BOX_01, "quote: 新建社区文化中心不少于15个。", "quote: 新建社区文化中心不少于16个。")
    assert errors == [DataError(
        BOX_01, 50, 14, "items[1].source.quote", "quote not found in testcity-plan.txt (it must be copied verbatim)",
    )]


def test_a_quote_may_differ_from_the_source_in_whitespace_only(project):
    # The source breaks a line inside the overview quote ("适龄儿童\n少年"); spaces in the quote are ignored too.
    project.edit("data/cities/testcity/domains/education.yml",
                 "  quote: 围绕群众就学需求，", "  quote: 围绕 群众 就学需求，")
    assert len(project.load().cities[0].overviews) == 1


def test_a_figure_of_a_standard_not_stated_by_its_phrase_is_reported_at_the_figure(errors_after):
    errors = errors_after(BOX_01, "value: 1250", "value: 1200")
    assert errors == [DataError(
        BOX_01, 19, 16, "items[0].standards[0].value", "1200 is not stated by the phrase `初中生每生每年1250元`",
    )]


def test_a_deadline_that_is_not_in_its_quote_is_reported_at_the_quote(errors_after):
    errors = errors_after(BOX_01, "        period: year\n", "        period: year\n        deadline: 2030\n")
    assert errors == [DataError(
        BOX_01, 29, 14, "items[0].source.quote", "number(s) 2030 in this entry do not occur in its quote",
    )]


def test_an_indicator_value_that_is_not_in_its_printed_cell_is_reported_at_the_value(errors_after):
    errors = errors_after(INDICATORS, "baseline: {value: 90.5,", "baseline: {value: 90.4,")
    assert errors == [DataError(
        INDICATORS, 9, 23, "indicators[0].baseline.value", "90.4 is not stated by the text `90.5`",
    )]


def test_a_box_not_listed_in_city_yml_is_reported(errors_after):
    errors = errors_after(BOX_01, "      box: 1\n      item: 2\n", "      box: 2\n      item: 2\n")
    assert errors == [DataError(BOX_01, 48, 12, "items[1].source.box", "box 2 is not listed in city.yml `boxes`")]


def test_a_source_citing_another_document_is_reported(errors_after):
    errors = errors_after(BOX_01, "      document: testcity-plan\n      box: 1\n      item: 2\n",
                          "      document: other-plan\n      box: 1\n      item: 2\n")
    assert errors == [DataError(
        BOX_01, 47, 17, "items[1].source.document", "unknown document `other-plan` (this city's is `testcity-plan`)",
    )]


def test_a_missing_source_text_is_reported_at_the_city(project):
    project.remove("data/sources/testcity-plan.txt")
    assert project.errors() == [DataError(
        CITY, 13, 9, "document.file", "source text not found at data/sources/testcity-plan.txt",
    )]


def test_a_city_id_must_match_its_folder(errors_after):
    errors = errors_after(CITY, "id: testcity\n", "id: test-city\n")
    assert errors == [DataError(CITY, 3, 5, "id", "must match the folder name `testcity`")]


def test_a_city_folder_without_city_yml_is_reported(project):
    project.remove(CITY)
    assert project.errors() == [DataError(CITY, 0, 0, "", "city.yml is missing for this city folder")]


# ---- everything at once -------------------------------------------------------------


def test_errors_in_several_files_are_all_reported_in_one_run(project):
    project.edit(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95%, text: "95"}')
    project.edit(BOX_01, "    domain: culture-sports\n", "    domain: culture\n")
    project.edit("data/audiences.yml", "question: {zh: 我是本市居民, en: I live in the city}", "question: {zh: 我是本市居民}")
    project.edit("data/cities/testcity/domains/education.yml", "  quote: 围绕群众就学需求，", "  quote: 围绕群众上学需求，")
    project.write("data/cities/testcity/notes.yml", "note: hello\n")
    errors = project.errors()
    assert errors == [
        DataError("data/audiences.yml", 8, 15, "audiences[1].question.en", "English (en) text is missing"),
        DataError("data/cities/testcity/domains/education.yml", 12, 10, "source.quote",
                  "quote not found in testcity-plan.txt (it must be copied verbatim)"),
        DataError(INDICATORS, 10, 21, "indicators[0].target.value", 'expected a number, got "95%"'),
        DataError(BOX_01, 32, 13, "items[1].domain", "unknown domain `culture` (known: culture-sports, education, housing)"),
        DataError("data/cities/testcity/notes.yml", 0, 0, "", "unexpected data file: see README.md for where data files go"),
    ]
    report = str(DataErrors(errors))
    assert report.startswith("数据有 5 处错误 / 5 problems in the data:\n")
    assert '\n  data/cities/testcity/indicators.yml:10:21: indicators[0].target.value: expected a number, got "95%"\n' in report


def test_the_same_problem_is_reported_once_and_the_report_is_sorted():
    a = DataError("b.yml", 2, 1, "x", "m")
    b = DataError("a.yml", 9, 1, "y", "n")
    assert DataErrors([a, b, a]).errors == [b, a]


def test_project_edit_refuses_an_ambiguous_replacement(project):
    # The helper itself: a replacement must hit exactly one place, or the test is wrong.
    try:
        project.edit(BOX_01, "document: testcity-plan", "document: x")
    except AssertionError as exc:
        assert "occurs 2 times" in str(exc)
    else:
        raise AssertionError("an ambiguous edit was accepted")


# ---- shared indicator codes ----------------------------------------------------------

def test_a_shared_code_must_be_declared_with_its_common_unit(project):
    project.edit(INDICATORS, "  - id: preschool-enrolment-rate\n", "  - id: preschool-enrolment-rate\n    code: preschool-enrolment-rate\n")
    [error] = project.errors()
    assert error.file == INDICATORS and error.field == "indicators[0].code"
    assert error.message == "code `preschool-enrolment-rate` is not listed in data/indicator-codes.yml"
    project.write("data/indicator-codes.yml", "codes:\n  - code: preschool-enrolment-rate\n    unit: {zh: 万人, en: \"10,000 people\"}\n")
    [error] = project.errors()
    assert error.field == "indicators[0].unit"
    assert error.message == "unit `%` does not convert to `万人`, the common unit of code `preschool-enrolment-rate`"
    project.write("data/indicator-codes.yml", "codes:\n  - code: preschool-enrolment-rate\n    unit: {zh: \"%\", en: \"%\"}\n")
    assert project.load().codes["preschool-enrolment-rate"].unit.zh == "%"


def test_a_pattern_error_says_which_form_was_expected(tmp_path):
    """The message follows the broken pattern, not the field's name: a licence address is not an id."""
    import shutil

    from helpers import PROJECT_ROOT

    root = tmp_path / "real"
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    licence = root / "data/licence.yml"
    text = licence.read_text(encoding="utf-8")
    text = text.replace("  path: https://creativecommons.org/licenses/by/4.0/", '  path: "javascript:alert(1)"', 1)
    licence.write_text(text.replace("  name: CC-BY-4.0", '  name: "CC BY <b>"', 1), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_dataset(root)
    shown = {e.field: e.message for e in caught.value.errors}
    report = caught.value.report()
    assert shown["licence.path"] == 'expected a web address starting with https:// (letters, digits and . / _ - only), got "javascript:alert(1)"'
    assert shown["licence.name"].startswith("expected letters, digits, dots and hyphens only")
    assert "应为以 https:// 开头的网址" in report and "只能使用字母、数字、点和连字符" in report
