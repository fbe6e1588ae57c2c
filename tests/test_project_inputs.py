"""Inputs beside the data: the search synonyms are checked with every other data file,
and a symbolic link in content/ or theme/ stops the build.

Each case is refused by `load_dataset` (what `site_build.py validate` and every build run)
with the file, the line and a message in Chinese and English.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from generator.data import confine
from generator.data.errors import DataErrors
from generator.finish.search import SearchIndexError, load_synonyms
from helpers import project  # noqa: F401 - the fixture

SYNONYMS = "data/search/synonyms.yml"

pytestmark = pytest.mark.unit


def refused(project, relative: str, content: bytes) -> list:  # noqa: F811
    path = project.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    start = time.process_time()  # CPU seconds: a loaded machine cannot trip the guard, a pathological input still does
    errors = project.errors()
    assert time.process_time() - start < 10  # a hang guard against hostile input, not a benchmark
    return [e for e in errors if e.file == relative]


def test_the_real_search_files_are_valid():
    root = Path(__file__).resolve().parent.parent
    assert len(load_synonyms(root / SYNONYMS)["zh"]) >= 10


@pytest.mark.parametrize("content, where, code, words", [
    ("zh:\n  - [低保]\n", "zh[0]", "too-few-items", "at least 2"),
    ("zh:\n  - [低保, 最低生活保障]\n  - [五保, 低保]\n", "zh[1][1]", "synonym-in-two-groups", "also in group 1"),
    ("en:\n  - [Elderly, older people]\n  - [elderly, seniors]\n", "en[1][0]", "synonym-in-two-groups", "also in group 1"),
    ("fr:\n  - [a, b]\n", "fr", "unknown-key", "unknown key"),
    ("zh: &a\n  - [a, b]\nen: *a\n", "", "yaml-anchors", "anchors/aliases"),
])
def test_broken_synonyms_are_located_errors(project, content, where, code, words):  # noqa: F811
    errors = refused(project, SYNONYMS, content.encode())
    assert errors, "the synonyms file was accepted"
    assert any(e.field == where and e.code == code and words in e.message for e in errors), [str(e) for e in errors]


def test_the_search_stage_reads_synonyms_under_the_same_rules(tmp_path):
    path = tmp_path / "synonyms.yml"
    path.write_text("zh:\n  - [低保]\n", encoding="utf-8")
    with pytest.raises(SearchIndexError, match=r"synonyms.yml:2:5: zh\[0\]"):
        load_synonyms(path)


def test_valid_synonyms_reach_the_dataset(project):  # noqa: F811
    project.write(SYNONYMS, "zh:\n  - [低保, 最低生活保障]\nen:\n  - [elderly, older people]\n")
    dataset = project.load()
    assert dataset.synonyms.zh == [["低保", "最低生活保障"]]
    assert dataset.synonyms.en == [["elderly", "older people"]]


def test_links_in_content_or_theme_are_named(tmp_path):
    (tmp_path / "content" / "guide").mkdir(parents=True)
    (tmp_path / "theme").mkdir()
    (tmp_path / "content" / "guide" / "ok.md").write_text("# ok\n", encoding="utf-8")
    os.symlink("/etc/passwd", tmp_path / "content" / "guide" / "passwd.md")
    os.symlink("/etc", tmp_path / "theme" / "partials")
    shown = sorted(e.file for e in confine.symbolic_links(tmp_path, [tmp_path / "content", tmp_path / "theme"]))
    assert shown == ["content/guide/passwd.md", "theme/partials"]
    project_root = Path(__file__).resolve().parent.parent
    assert confine.symbolic_links(project_root, [project_root / "content", project_root / "theme"]) == []


def test_a_link_in_content_stops_the_build_before_the_engine_copies_anything(tmp_path):
    """The generate stage's first step (the engine never reads content/ itself): it would
    otherwise publish /etc/passwd as a page."""
    from generator.generate import generate
    from helpers import GOOD

    root = tmp_path / "project"
    shutil.copytree(GOOD, root)
    (root / "content").mkdir()
    os.symlink("/etc/passwd", root / "content" / "passwd.md")
    with pytest.raises(DataErrors, match=r"content/passwd.md: \[published-link\] symbolic link"):
        generate(root, tmp_path / "tree")
    assert not (tmp_path / "tree").exists()


def test_datasets_errors_carry_chinese(project):  # noqa: F811
    with pytest.raises(DataErrors) as info:
        project.write(SYNONYMS, "zh:\n  - [低保, 最低生活保障]\n  - [低保, 低保金]\n").load()
    assert "也在第 1 组中" in info.value.report()


# ---- hand-written pages ---------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "<script>alert(1)</script>", "<SCRIPT SRC=/x.js>", "< script>", "<iframe src=//evil>", "<object data=x>",
    "<embed src=x>", "<form action=//evil>", "<base href=//evil/>", '<meta http-equiv="refresh" content="0;url=//evil">',
    '<link rel="stylesheet" href="//evil.css">', "<style>body{}</style>", "<svg onload=alert(1)>",
    '<p onclick="x()">a</p>', "<img src=x onerror =alert(1)>", "[a](javascript:alert(1))", "[a](JavaScript :alert(1))",
    "<a href='data:text/html,<b>'>x</a>",
])
def test_active_html_in_a_page_is_refused_where_it_is(tmp_path, line):
    page = tmp_path / "content" / "guide" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# Guide\n\ntext\n{line}\n", encoding="utf-8")
    [error] = confine.content_problems(tmp_path, tmp_path / "content")
    assert (error.file, error.line) == ("content/guide/index.md", 4)
    assert error.code == "active-html" and "active HTML" in error.message and "可执行的 HTML" in error.text("zh")


@pytest.mark.parametrize("line", [
    "Plain **Markdown** with a [link](../cities/) and `code`.", "<span lang=\"en\">English</span>",
    "<div class=\"grid\" markdown>", "<!-- generated:audiences -->", "{: .lead }", "Scripting the data: a word, not a tag",
])
def test_ordinary_pages_pass(tmp_path, line):
    page = tmp_path / "content" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# Home\n\n{line}\n", encoding="utf-8")
    assert confine.content_problems(tmp_path, tmp_path / "content") == []


@pytest.mark.parametrize("name", ["x.js", "x.svg", "x.html", "x.css", "x", "x.mjs"])
def test_only_pages_and_raster_images_are_served_from_content(tmp_path, name):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / name).write_text("alert(1)", encoding="utf-8")
    [error] = confine.content_problems(tmp_path, tmp_path / "content")
    assert error.file == f"content/{name}" and error.code == "content-file-type"
    assert "is not allowed in content/" in error.message


def test_the_real_pages_pass():
    root = Path(__file__).resolve().parent.parent
    assert confine.content_problems(root, root / "content") == []
