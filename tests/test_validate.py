"""What `load_dataset` reports for each kind of mistake in the data, and where.

Each test breaks one thing in a copy of tests/fixtures/good and checks the whole
report: file, line, column, field path and message. Read top to bottom, this is
the list of mistakes the validator catches and how it words them.
"""

from __future__ import annotations

import pytest

from helpers import GOOD, errors_after, project, said  # noqa: F401  (pytest fixtures)

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


def test_an_error_reads_file_line_column_field_code_message():
    error = DataError(INDICATORS, 10, 21, "indicators[0].target.value", "not-a-number", value='"95%"')
    assert str(error) == ('data/cities/testcity/indicators.yml:10:21: indicators[0].target.value: '
                          '[not-a-number] expected a number, got "95%"')
    assert error.text("zh") == '应为数字，实际是 "95%"'
    whole_file = DataError("data/notes.yml", 0, 0, "", "unexpected-file")
    assert str(whole_file) == "data/notes.yml: [unexpected-file] unexpected data file: see README.md for where data files go"


def test_an_error_is_raised_with_a_code_of_the_catalogue_and_its_parameters():
    with pytest.raises(KeyError):
        DataError(INDICATORS, 1, 1, "", "no-such-code")
    with pytest.raises(TypeError):
        DataError(INDICATORS, 1, 1, "", "not-a-number")  # {value} not given
    with pytest.raises(TypeError):
        DataError(INDICATORS, 1, 1, "", "file-empty", value="x")  # a parameter it does not take


# ---- one file at a time: YAML and the schema ---------------------------------------


def test_malformed_yaml_is_reported_where_the_parser_stops_and_says_where_the_construct_began(errors_after):
    # The closing brace of line 8 is missing; the parser notices on line 9.
    errors = errors_after(INDICATORS, 'unit: {zh: "%", en: "%"}', 'unit: {zh: "%", en: "%"')
    assert [(e.file, e.line, e.column, e.field) for e in errors] == [(INDICATORS, 9, 5, "")]
    # The parser's own words (libyaml's or PyYAML's), after where the construct began.
    assert errors[0].code == "malformed-yaml"
    assert errors[0].message.startswith("malformed YAML: while parsing a flow mapping that starts at line 8, column 11, ")
    assert "expected ',' or '}'" in errors[0].message


def test_an_unknown_key_is_reported_at_its_value(errors_after):
    errors = errors_after(INDICATORS, "    attribute: expected\n", "    attribute: expected\n    colour: red\n")
    assert said(errors) == [(INDICATORS, 12, 13, "indicators[0].colour", "unknown-key", "unknown key `colour` (check the spelling; see the schema in schema/)")]


def test_a_missing_required_field_is_reported_at_the_entry_that_lacks_it(errors_after):
    errors = errors_after(INDICATORS, "    attribute: expected\n", "")
    assert said(errors) == [(INDICATORS, 3, 5, "indicators[0].attribute", "missing-field", "required field is missing")]


def test_missing_english_text_is_reported_at_the_text(errors_after):
    errors = errors_after(INDICATORS, "      en: Three-year enrolment rate in pre-school education\n", "")
    assert said(errors) == [(INDICATORS, 6, 7, "indicators[0].name.en", "missing-en", "English (en) text is missing")]


def test_missing_chinese_text_is_reported_at_the_text(errors_after):
    errors = errors_after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", "title: {en:")
    assert said(errors) == [(BOX_01, 6, 12, "items[0].title.zh", "missing-zh", "Chinese (zh) text is missing")]


def test_empty_text_is_refused(errors_after):
    errors = errors_after(BOX_01, "title: {zh: 家庭经济困难寄宿生生活补助, en:", 'title: {zh: " ", en:')
    assert said(errors) == [(BOX_01, 6, 17, "items[0].title.zh", "empty", "must not be empty")]


def test_a_number_written_with_a_percent_sign_is_reported_where_it_is(errors_after):
    errors = errors_after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95%, text: "95"}')
    assert [str(e) for e in errors] == [
        'data/cities/testcity/indicators.yml:10:21: indicators[0].target.value: [not-a-number] expected a number, got "95%"'
    ]


def test_a_negative_amount_is_refused(errors_after):
    errors = errors_after(BOX_01, "value: 1250", "value: -1250")
    assert said(errors) == [(BOX_01, 19, 16, "items[0].standards[0].value", "negative", "must be at least 0, got -1250 (amounts cannot be negative)")]


def test_an_indicator_in_percent_above_100_is_reported_at_the_figure(errors_after):
    errors = errors_after(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 105, text: "105"}')
    assert said(errors) == [(INDICATORS, 10, 21, "indicators[0].target.value", "percentage-above-100",
                             "a percentage cannot be above 100, got 105")]


def test_a_percentage_standard_above_100_is_reported_at_the_standard(errors_after):
    # The amount 1250 becomes a percentage of 1250.
    errors = errors_after(BOX_01, "      - kind: amount\n", "      - kind: percentage\n")
    assert said(errors) == [(BOX_01, 16, 9, "items[0].standards[0]", "percentage-above-100", "a percentage cannot be above 100, got 1250")]


def test_a_misspelt_choice_lists_the_allowed_ones(errors_after):
    errors = errors_after(INDICATORS, "    attribute: expected\n", "    attribute: expectd\n")
    assert said(errors) == [(INDICATORS, 11, 16, "indicators[0].attribute", "not-one-of", "expected one of 'binding' or 'expected', got \"expectd\"")]


def test_a_date_in_another_format_is_refused(errors_after):
    errors = errors_after(CITY, 'date: "2022-01-31"', 'date: "2022/1/31"')
    # Only this: the city's other files are not cross-checked against an invalid city.yml,
    # and city.yml is not said to be "missing".
    assert said(errors) == [(CITY, 12, 9, "document.date", "bad-date", 'expected a date like 2022-05-31, got "2022/1/31"')]


def test_a_file_in_an_unexpected_place_is_reported_as_a_whole(project):
    project.write("data/cities/testcity/notes.yml", "note: hello\n")
    assert said(project.errors()) == [("data/cities/testcity/notes.yml", 0, 0, "", "unexpected-file", "unexpected data file: see README.md for where data files go")]


# ---- across files: ids, references, provenance ---------------------------------------


def test_a_duplicate_id_within_one_file_is_reported_at_the_second_entry(errors_after):
    errors = errors_after(BOX_01, "id: community-cultural-centres", "id: boarding-pupil-allowance")
    assert said(errors) == [(BOX_01, 30, 9, "items[1].id", "duplicate-id-in-city", "duplicate id `boarding-pupil-allowance` (also in data/cities/testcity/items/box-01.yml)")]


def test_duplicate_ids_across_two_item_files_are_reported_in_the_later_file(project):
    project.write(BOX_02, project.text(BOX_01))  # the same two items again
    assert said(project.errors()) == [
        (BOX_02, 3, 9, "items[0].id", "duplicate-id-in-city", "duplicate id `boarding-pupil-allowance` (also in data/cities/testcity/items/box-01.yml)"),
        (BOX_02, 30, 9, "items[1].id", "duplicate-id-in-city", "duplicate id `community-cultural-centres` (also in data/cities/testcity/items/box-01.yml)"),
    ]


def test_a_duplicate_domain_id_is_reported(errors_after):
    errors = errors_after(DOMAINS, "  - id: housing\n", "  - id: education\n")
    # `housing` is now unknown too: the indicator that uses it is reported as well.
    assert said(errors) == [
        (INDICATORS, 19, 13, "indicators[1].domain", "unknown-domain", "unknown domain `housing` (known: culture-sports, education)"),
        (DOMAINS, 5, 9, "domains[1].id", "duplicate-id", "duplicate id `education`"),
    ]


def test_an_invalid_domains_file_is_reported_once_not_at_every_reference(errors_after):
    errors = errors_after(DOMAINS, "    name: {zh: 住有所居, en: Housing}\n", "    name: {zh: 住有所居}\n")
    assert said(errors) == [(DOMAINS, 6, 11, "domains[1].name.en", "missing-en", "English (en) text is missing")]


def test_a_missing_audiences_file_is_reported(project):
    project.remove("data/audiences.yml")
    assert said(project.errors()) == [("data/audiences.yml", 0, 0, "", "file-missing", "file is missing")]


def test_an_unknown_domain_lists_the_known_ones(errors_after):
    errors = errors_after(BOX_01, "    domain: culture-sports\n", "    domain: culture\n")
    assert said(errors) == [(BOX_01, 32, 13, "items[1].domain", "unknown-domain", "unknown domain `culture` (known: culture-sports, education, housing)")]


def test_an_unknown_audience_is_reported_at_its_place_in_the_list(errors_after):
    errors = errors_after(BOX_01, "audiences: [students]", "audiences: [student]")
    assert said(errors) == [(BOX_01, 14, 17, "items[0].audiences[0]", "unknown-audience", "unknown audience `student` (known: all-residents, students)")]


def test_a_quote_that_is_not_in_the_source_text_is_reported(errors_after):
    errors = errors_after(BOX_01, "quote: 新建社区文化中心不少于15个。", "quote: 新建社区文化中心不少于16个。")
    assert said(errors) == [(BOX_01, 50, 14, "items[1].source.quote", "quote-not-found", "quote not found in testcity-plan.txt (it must be copied verbatim)")]


def test_a_quote_may_differ_from_the_source_in_whitespace_only(project):
    # The source breaks a line inside the overview quote ("适龄儿童\n少年"); spaces in the quote are ignored too.
    project.edit("data/cities/testcity/domains/education.yml",
                 "  quote: 围绕群众就学需求，", "  quote: 围绕 群众 就学需求，")
    assert len(project.load().cities[0].overviews) == 1


def test_a_figure_of_a_standard_not_stated_by_its_phrase_is_reported_at_the_figure(errors_after):
    errors = errors_after(BOX_01, "value: 1250", "value: 1200")
    assert said(errors) == [(BOX_01, 19, 16, "items[0].standards[0].value", "figure-not-in-phrase", "1200 is not stated by the phrase `初中生每生每年1250元`")]


def test_a_deadline_that_is_not_in_its_quote_is_reported_at_the_quote(errors_after):
    errors = errors_after(BOX_01, "        period: year\n", "        period: year\n        deadline: 2030\n")
    assert said(errors) == [(BOX_01, 29, 14, "items[0].source.quote", "numbers-not-in-quote", "number(s) 2030 in this entry do not occur in its quote")]


def test_an_indicator_value_that_is_not_in_its_printed_cell_is_reported_at_the_value(errors_after):
    errors = errors_after(INDICATORS, "baseline: {value: 90.5,", "baseline: {value: 90.4,")
    assert said(errors) == [(INDICATORS, 9, 23, "indicators[0].baseline.value", "figure-not-in-cell", "90.4 is not stated by the text `90.5`")]


def test_a_box_not_listed_in_city_yml_is_reported(errors_after):
    errors = errors_after(BOX_01, "      box: 1\n      item: 2\n", "      box: 2\n      item: 2\n")
    assert said(errors) == [(BOX_01, 48, 12, "items[1].source.box", "box-not-listed", "box 2 is not listed in city.yml `boxes`")]


def test_a_source_citing_another_document_is_reported(errors_after):
    errors = errors_after(BOX_01, "      document: testcity-plan\n      box: 1\n      item: 2\n",
                          "      document: other-plan\n      box: 1\n      item: 2\n")
    assert said(errors) == [(BOX_01, 47, 17, "items[1].source.document", "unknown-document", "unknown document `other-plan` (known: testcity-plan)")]


def test_a_missing_source_text_is_reported_at_the_city(project):
    project.remove("data/sources/testcity-plan.txt")
    assert said(project.errors()) == [(CITY, 13, 9, "document.file", "source-text-missing", "source text not found at data/sources/testcity-plan.txt")]


def test_a_city_id_must_match_its_folder(errors_after):
    errors = errors_after(CITY, "id: testcity\n", "id: test-city\n")
    assert said(errors) == [(CITY, 3, 5, "id", "id-not-folder-name", "must match the folder name `testcity`")]


def test_a_city_folder_without_city_yml_is_reported(project):
    project.remove(CITY)
    assert said(project.errors()) == [(CITY, 0, 0, "", "city-file-missing", "city.yml is missing for this city folder")]


# ---- everything at once -------------------------------------------------------------


def test_errors_in_several_files_are_all_reported_in_one_run(project):
    project.edit(INDICATORS, 'target: {value: 95, text: "95"}', 'target: {value: 95%, text: "95"}')
    project.edit(BOX_01, "    domain: culture-sports\n", "    domain: culture\n")
    project.edit("data/audiences.yml", "question: {zh: 我是本市居民, en: I live in the city}", "question: {zh: 我是本市居民}")
    project.edit("data/cities/testcity/domains/education.yml", "  quote: 围绕群众就学需求，", "  quote: 围绕群众上学需求，")
    project.write("data/cities/testcity/notes.yml", "note: hello\n")
    errors = project.errors()
    assert said(errors) == [
        ("data/audiences.yml", 8, 15, "audiences[1].question.en", "missing-en", "English (en) text is missing"),
        ("data/cities/testcity/domains/education.yml", 12, 10, "source.quote", "quote-not-found", "quote not found in testcity-plan.txt (it must be copied verbatim)"),
        (INDICATORS, 10, 21, "indicators[0].target.value", "not-a-number", 'expected a number, got "95%"'),
        (BOX_01, 32, 13, "items[1].domain", "unknown-domain", "unknown domain `culture` (known: culture-sports, education, housing)"),
        ("data/cities/testcity/notes.yml", 0, 0, "", "unexpected-file", "unexpected data file: see README.md for where data files go"),
    ]
    report = str(DataErrors(errors))
    assert report.startswith("数据有 5 处错误 / 5 problems in the data:\n")
    assert ('\n  data/cities/testcity/indicators.yml:10:21: indicators[0].target.value: [not-a-number] '
            'expected a number, got "95%"\n') in report


def test_the_same_problem_is_reported_once_and_the_report_is_sorted():
    a = DataError("b.yml", 2, 1, "x", "file-empty")
    b = DataError("a.yml", 9, 1, "y", "file-missing")
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
    assert error.code == "code-not-declared"
    assert error.message == "code `preschool-enrolment-rate` is not listed in data/indicator-codes.yml"
    project.write("data/indicator-codes.yml", "codes:\n  - code: preschool-enrolment-rate\n    unit: {zh: 万人, en: \"10,000 people\"}\n")
    [error] = project.errors()
    assert error.field == "indicators[0].unit"
    assert error.code == "unit-not-convertible"
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
    assert {e.field: e.code for e in caught.value.errors} == {"licence.path": "bad-url", "licence.name": "bad-licence-id"}
    report = caught.value.report()
    assert shown["licence.path"] == 'expected a web address starting with https:// (letters, digits and . / _ - only), got "javascript:alert(1)"'
    assert shown["licence.name"].startswith("expected letters, digits, dots and hyphens only")
    assert "应为以 https:// 开头的网址" in report and "只能使用字母、数字、点和连字符" in report
