"""Validation confines what data names to data/: a pull request cannot make the build read,
print or publish a file outside it, and a file name cannot carry markup or forge a report.

Each test breaks one thing in a copy of tests/fixtures/good and checks the located message:
a DataError naming the file (and line where there is one), never a traceback, never silence.
"""

from __future__ import annotations

import os
import time

import pytest
from helpers import assert_bilingual, project, said  # noqa: F401  (pytest fixture)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.errors import DataError, DataErrors
from generator.data.schema import DATA_FILE_PATTERN
from generator.data.validate import load_dataset

pytestmark = pytest.mark.unit

CITY = "data/cities/testcity/city.yml"
PLAN = "data/sources/testcity-plan.txt"
FILE_LINE = 'file: testcity-plan.txt'


def refused(project) -> list[DataError]:
    """The errors of a load that must fail, each with its Chinese, and each refusal quick."""
    start = time.process_time()  # CPU seconds: a loaded machine cannot trip the guard, a pathological input still does
    errors = project.errors()
    assert time.process_time() - start < 10  # a hang guard against hostile input, not a benchmark
    for error in errors:
        assert_bilingual(error)
    return errors


def name_message(value: str) -> str:
    return ("expected the name of a file in data/sources/: lowercase letters, digits and hyphens ending in .txt, "
            f'no folder (like `shangrao-plan.txt`), got "{value}"')


# ---- document.file: a bare safe name in data/sources/ ----------------------------------


@pytest.mark.parametrize("value", [
    "/etc/passwd",
    "../../etc/passwd",
    "../sources/testcity-plan.txt",
    "sub/testcity-plan.txt",
    "..\\\\testcity-plan.txt",
    "Testcity-Plan.txt",
    "testcity plan.txt",
    "testcity-plan.md",
    "testcity-plan",
    ".txt",
])
def test_a_plan_file_that_is_not_a_bare_safe_name_is_refused_at_the_field(project, value):
    project.edit(CITY, FILE_LINE, f'file: "{value}"')
    shown = value.replace("\\\\", "\\")
    assert said(refused(project)) == [(CITY, 13, 9, "document.file", "bad-source-file-name", name_message(shown))]


def test_a_plan_file_linked_to_outside_data_is_refused_and_not_read(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET 1234", encoding="utf-8")
    (project.root / "data/sources/evil.txt").symlink_to(secret)
    project.edit(CITY, FILE_LINE, "file: evil.txt")
    assert said(refused(project)) == [
        (CITY, 13, 9, "document.file", "source-outside-sources", "data/sources/evil.txt is a symbolic link or lies outside data/sources/: not followed"),
        ("data/sources/evil.txt", 0, 0, "", "link-outside-data", "symbolic link to a place outside data/: not followed"),
    ]


def test_a_plan_file_linked_within_data_sources_is_refused_too(project):
    (project.root / "data/sources/alias.txt").symlink_to(project.root / PLAN)
    project.edit(CITY, FILE_LINE, "file: alias.txt")
    [error] = refused(project)
    assert (error.file, error.line, error.field) == (CITY, 13, "document.file")
    assert error.code == "source-outside-sources" and "symbolic link" in error.message


def test_a_sources_folder_linked_to_outside_data_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (project.root / "data/sources").rename(elsewhere)
    (project.root / "data/sources").symlink_to(elsewhere, target_is_directory=True)
    errors = said(refused(project))
    assert ("data/sources", 0, 0, "", "link-outside-data", "symbolic link to a place outside data/: not followed") in errors
    assert (CITY, 13, 9, "document.file", "source-outside-sources", "data/sources/testcity-plan.txt is a symbolic link or lies outside data/sources/: not followed") in errors


def test_a_missing_plan_file_is_reported_for_a_city_without_entries(project):
    for relative in ("indicators.yml", "items/box-01.yml", "domains/education.yml"):
        project.remove(f"data/cities/testcity/{relative}")
    project.edit(CITY, FILE_LINE, "file: nowhere.txt")
    assert said(refused(project)) == [(CITY, 13, 9, "document.file", "source-text-missing", "source text not found at data/sources/nowhere.txt")]


# ---- the plan's text: UTF-8 text of a sane size ------------------------------------------


def test_a_plan_that_is_not_utf8_is_refused_where_the_bad_byte_is(project):
    path = project.root / PLAN
    path.write_bytes("第一行\n第二行\n".encode("utf-8") + "第三行的GBK".encode("gbk"))
    [error] = refused(project)
    assert (error.file, error.line, error.column, error.field) == (PLAN, 3, 1, "")
    assert error.message == "file is not valid UTF-8 text (invalid start byte at byte 20)"


def test_a_binary_plan_is_refused_at_its_first_control_character(project):
    path = project.root / PLAN
    path.write_bytes("专栏1\n12\x00\x01\x02".encode("utf-8"))
    assert said(refused(project)) == [(PLAN, 2, 3, "", "binary-file", "file is binary, not text: control character U+0000")]


def test_a_huge_plan_is_refused_without_reading_it(project):
    with open(project.root / PLAN, "r+b") as f:
        f.truncate(50_000_000)  # sparse: costs no disk
    assert said(refused(project)) == [(PLAN, 0, 0, "", "file-too-large", "file is too large (50,000,000 bytes; the limit is 5,000,000)")]


def test_the_full_text_page_reader_refuses_a_bad_plan_with_a_located_error(tmp_path):
    from generator.data.sourcedoc import blocks

    path = tmp_path / "plan.txt"
    path.write_bytes(b"\xff\xfe plan")
    with pytest.raises(DataErrors) as info:
        blocks(path)
    assert said(info.value.errors) == [("data/sources/plan.txt", 1, 1, "", "not-utf8", "file is not valid UTF-8 text (invalid start byte at byte 0)")]


# ---- names and links of data files and folders -------------------------------------------


def test_a_data_file_with_markup_in_its_name_is_refused_not_read(project):
    hostile = "data/cities/testcity/items/box-08<img src=x onerror=alert(1)>.yml"
    project.write(hostile, "items: [")  # would be a YAML error if it were read
    assert said(refused(project)) == [(hostile, 0, 0, "", "bad-file-name", "file name is not allowed: only lowercase letters, digits and hyphens, ending in .yml (like `box-01.yml`)")]


def test_a_data_file_name_with_a_line_break_is_escaped_in_the_report(project):
    project.write("data/cities/testcity/items/box-09\n  data: forged\x1b[2K.yml", "items: []")
    [error] = refused(project)
    assert error.file == "data/cities/testcity/items/box-09\\n  data: forged\\x1b[2K.yml"
    assert "\n" not in str(error)


@pytest.mark.parametrize("name", ["Box-01.yml", "box_01.yml", "box-01.yaml", "box-01.YML", "-box.yml", "box--1.yml"])
def test_unsafe_data_file_names_are_refused(project, name):
    project.write(f"data/cities/testcity/items/{name}", "items: []")
    [error] = refused(project)
    assert (error.file, error.line) == (f"data/cities/testcity/items/{name}", 0)
    assert error.code == "bad-file-name" and error.message.startswith("file name is not allowed")


def test_a_city_folder_with_a_bad_name_is_refused_with_or_without_files(project):
    (project.root / "data/cities/Evil City").mkdir()
    project.write("data/cities/evil<b>/city.yml", "id: x")
    assert said(refused(project)) == [
        ("data/cities/Evil City", 0, 0, "", "bad-folder-name", "folder name is not allowed: only lowercase letters, digits and hyphens (like `box-01`)"),
        ("data/cities/evil<b>", 0, 0, "", "bad-folder-name", "folder name is not allowed: only lowercase letters, digits and hyphens (like `box-01`)"),
    ]


def test_an_empty_city_folder_needs_its_city_yml(project):
    (project.root / "data/cities/newcity").mkdir()
    assert said(refused(project)) == [("data/cities/newcity/city.yml", 0, 0, "", "city-file-missing", "city.yml is missing for this city folder")]


def test_a_data_file_linked_to_outside_data_is_refused_not_read(project, tmp_path):
    outside = tmp_path / "passwd.yml"
    outside.write_text("items: [", encoding="utf-8")
    (project.root / "data/cities/testcity/items/box-02.yml").symlink_to(outside)
    assert said(refused(project)) == [("data/cities/testcity/items/box-02.yml", 0, 0, "", "link-outside-data", "symbolic link to a place outside data/: not followed")]


def test_a_dangling_link_is_refused(project):
    (project.root / "data/cities/testcity/items/box-02.yml").symlink_to(project.root / "data/cities/testcity/items/gone.yml")
    assert said(refused(project)) == [("data/cities/testcity/items/box-02.yml", 0, 0, "", "link-leads-nowhere", "symbolic link that leads nowhere (a missing file or a loop): not followed")]


def test_a_link_loop_is_refused_not_followed_forever(project):
    (project.root / "data/cities/testcity/items/box-02.yml").symlink_to("box-02.yml")
    assert said(refused(project)) == [("data/cities/testcity/items/box-02.yml", 0, 0, "", "link-leads-nowhere", "symbolic link that leads nowhere (a missing file or a loop): not followed")]


def test_a_plan_file_that_is_a_link_loop_is_refused(project):
    (project.root / "data/sources/loop.txt").symlink_to("loop.txt")
    project.edit(CITY, FILE_LINE, "file: loop.txt")
    assert (CITY, 13, 9, "document.file", "source-outside-sources", "data/sources/loop.txt is a symbolic link or lies outside data/sources/: not followed") in said(refused(project))


def test_a_city_folder_linked_to_outside_data_is_refused_not_walked(project, tmp_path):
    outside = tmp_path / "othercity"
    (outside / "items").mkdir(parents=True)
    (outside / "city.yml").write_text("id: [", encoding="utf-8")
    (project.root / "data/cities/othercity").symlink_to(outside, target_is_directory=True)
    assert said(refused(project)) == [("data/cities/othercity", 0, 0, "", "link-outside-data", "symbolic link to a place outside data/: not followed")]


def test_a_folder_linked_inside_data_is_refused_too(project):
    (project.root / "data/cities/copy").symlink_to(project.root / "data/cities/testcity", target_is_directory=True)
    assert said(refused(project)) == [("data/cities/copy", 0, 0, "", "link-to-folder", "symbolic link to a folder: not followed (put the folder itself here)")]


def test_a_data_folder_that_is_a_link_is_refused_whole(project, tmp_path):
    real = tmp_path / "real-data"
    (project.root / "data").rename(real)
    (project.root / "data").symlink_to(real, target_is_directory=True)
    errors = refused(project)
    assert said(errors)[0] == ("data", 0, 0, "", "data-is-link", "symbolic link: data/ must be a folder of the project, not a link to one")


def test_a_data_file_linked_within_data_is_read(project):
    # A link that stays inside data/ harms nothing: the file is read like any other.
    items = project.root / "data/cities/testcity/items"
    (items / "box-01.yml").rename(project.root / "data/cities/testcity/box-01-real.yml")
    (items / "box-01.yml").symlink_to(project.root / "data/cities/testcity/box-01-real.yml")
    errors = refused(project)  # the real file is now where no data file goes
    assert said(errors) == [("data/cities/testcity/box-01-real.yml", 0, 0, "", "unexpected-file", "unexpected data file: see README.md for where data files go")]


# ---- any name: accepted as safe or refused with a DataError ---------------------------------


_NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1, max_size=30,
).filter(lambda n: n not in (".", ".."))


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=_NAMES)
def test_any_file_name_is_accepted_as_safe_or_refused_with_a_data_error(project, stem):
    name = stem + ".yml"
    path = project.root / "data/cities/testcity/items" / name
    try:
        path.write_text("items: []\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        return  # a name this file system cannot hold cannot reach the project either
    try:
        try:
            load_dataset(project.root)
            accepted = True
        except DataErrors as exc:
            accepted = False
            assert exc.errors
            if not DATA_FILE_PATTERN.match(name):
                assert any(e.code == "bad-file-name" for e in exc.errors)
        if accepted:
            assert DATA_FILE_PATTERN.match(name)
    finally:
        os.unlink(path)
