"""A registered document (city.yml `documents`, data/documents.yml) is a new way for a pull request
to name a file: it is held to the plan's rules. Its file must be a bare safe name in data/sources/,
not a link out of it, UTF-8 text of at most 5 MB; its address a plain http(s) URL. Each refusal is
located (file, line, field), explained in Chinese, quick, and nothing outside data/ is read.

Both places a document is registered are tried: the city's own list and the site-wide file.
"""

from __future__ import annotations

import re

import time

import pytest
from helpers import notice_project  # noqa: F401  (pytest fixture)


pytestmark = pytest.mark.unit

# (data file, its `file:` line, the document's text, the field path)
REGISTRATIONS = {
    "city": ("data/cities/testcity/city.yml", "    file: testcity-student-aid-notice.txt",
             "data/sources/testcity-student-aid-notice.txt", "documents[0].file"),
    "site": ("data/documents.yml", "    file: test-national-standard.txt",
             "data/sources/test-national-standard.txt", "documents[0].file"),
}


@pytest.fixture(params=sorted(REGISTRATIONS))
def registration(request):
    return REGISTRATIONS[request.param]


def refused(project) -> list[DataError]:
    start = time.process_time()  # CPU seconds: a guard against pathological matching that a loaded machine cannot trip
    errors = project.errors()
    assert time.process_time() - start < 1.0
    for error in errors:
        assert re.search(r"[\u4e00-\u9fff]", error.text("zh")), f"no Chinese for: {error.message}"
    return errors


def located(errors) -> list[tuple]:
    """(file, line, column, field, English message) of each error."""
    return [(e.file, e.line, e.column, e.field, e.message) for e in errors]


def line_of(project, relative: str, text: str) -> int:
    lines = project.text(relative).splitlines()
    return lines.index(text) + 1


@pytest.mark.parametrize("value", ["/etc/passwd", "../../etc/passwd", "sub/notice.txt", "..\\\\notice.txt",
                                   "Notice.txt", "notice file.txt", "notice.md", "<script>.txt", "notice.txt\\n"])
def test_a_document_file_that_is_not_a_bare_safe_name_is_refused_at_the_field(notice_project, registration, value):
    data_file, file_line, _, field = registration
    line = line_of(notice_project, data_file, file_line)
    notice_project.edit(data_file, file_line, f'    file: "{value}"')
    [error] = refused(notice_project)
    assert (error.file, error.line, error.field) == (data_file, line, field)
    assert error.message.startswith("expected the name of a file in data/sources/")


def test_a_document_file_linked_to_outside_data_is_refused_and_not_read(notice_project, registration, tmp_path):
    data_file, file_line, _, field = registration
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET 1234", encoding="utf-8")
    (notice_project.root / "data/sources/evil.txt").symlink_to(secret)
    line = line_of(notice_project, data_file, file_line)
    notice_project.edit(data_file, file_line, "    file: evil.txt")
    errors = refused(notice_project)
    assert (data_file, line, 11, field,
            "data/sources/evil.txt is a symbolic link or lies outside data/sources/: not followed") in located(errors)
    assert not any("SECRET" in str(e) for e in errors)


def test_a_missing_document_file_is_refused_at_the_field(notice_project, registration):
    data_file, file_line, _, field = registration
    line = line_of(notice_project, data_file, file_line)
    notice_project.edit(data_file, file_line, "    file: nowhere.txt")
    assert located(refused(notice_project)) == [(data_file, line, 11, field, "source text not found at data/sources/nowhere.txt")]


def test_a_document_text_that_is_not_utf8_is_refused_where_the_bad_byte_is(notice_project, registration):
    text = registration[2]
    (notice_project.root / text).write_bytes("一、负责部门\n".encode("utf-8") + "测试".encode("gbk"))
    [error] = refused(notice_project)
    assert (error.file, error.line, error.column) == (text, 2, 1)
    assert error.message.startswith("file is not valid UTF-8 text")


def test_a_binary_document_is_refused(notice_project, registration):
    text = registration[2]
    (notice_project.root / text).write_bytes(b"\x7fELF\x02\x01\x01\x00")
    assert located(refused(notice_project)) == [(text, 1, 1, "", "file is binary, not text: control character U+007F")]


def test_a_huge_document_is_refused_without_reading_it(notice_project, registration):
    text = registration[2]
    with open(notice_project.root / text, "r+b") as f:
        f.truncate(50_000_000)  # sparse: costs no disk
    assert located(refused(notice_project)) == [(text, 0, 0, "", "file is too large (50,000,000 bytes; the limit is 5,000,000)")]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://example.org/a b", "https://example.org/\"><script>",
                                 "//example.org/notice", "data:text/html,<b>x</b>", "file:///etc/passwd"])
def test_a_document_address_that_is_not_a_plain_web_address_is_refused(notice_project, url):
    data_file = "data/cities/testcity/city.yml"
    old = "    url: https://example.org/testcity/student-aid-notice"
    line = line_of(notice_project, data_file, old)
    notice_project.edit(data_file, old, f"    url: '{url}'")
    [error] = refused(notice_project)
    assert (error.file, error.line, error.field) == (data_file, line, "documents[0].url")
    assert error.message.startswith("expected a web address starting with http:// or https://")


def test_a_contact_web_address_must_be_https_and_in_the_quote(notice_project):
    items = "data/cities/testcity/items/box-01.yml"
    notice_project.edit(items, "          label: {zh: 咨询电话, en: Enquiries}\n",
                        "          label: {zh: 咨询电话, en: Enquiries}\n      web: 'javascript:alert(1)'\n")
    [error] = refused(notice_project)
    assert (error.file, error.field) == (items, "items[0].contact.web")
