"""Helpers for the data tests (validation, loader).

Test modules import the fixtures they use: ``from helpers import project, errors_after``.

``tests/fixtures/good`` is a tiny but complete project (one city, two indicators,
two items, one domain overview and a made-up plan text) that passes validation.
Tests that check an error copy it into a temporary directory, break exactly one
thing, and look at what ``load_dataset`` reports.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.data.errors import DataError, DataErrors
from generator.data.validate import Dataset, load_dataset

TESTS = Path(__file__).resolve().parent
PROJECT_ROOT = TESTS.parent
GOOD = TESTS / "fixtures" / "good"
# The webmaster guide's worked example: files laid over GOOD (a made-up notice and standard, cited
# for one service's practical fields; another service for which no document states them).
NOTICE = TESTS / "fixtures" / "notice"


class Project:
    """A throw-away copy of the good fixture that a test may edit."""

    def __init__(self, root: Path, *overlays: Path):
        self.root = root
        shutil.copytree(GOOD, root)
        for overlay in overlays:
            shutil.copytree(overlay, root, dirs_exist_ok=True)

    def text(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> "Project":
        """Replace `old` by `new` in one file; `old` must occur exactly once."""
        text = self.text(relative)
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in {relative}, expected exactly once"
        self.write(relative, text.replace(old, new))
        return self

    def write(self, relative: str, text: str) -> "Project":
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return self

    def remove(self, relative: str) -> "Project":
        (self.root / relative).unlink()
        return self

    def load(self) -> Dataset:
        return load_dataset(self.root)

    def errors(self) -> list[DataError]:
        """The errors load_dataset reports (it must report at least one)."""
        with pytest.raises(DataErrors) as info:
            load_dataset(self.root)
        assert info.value.errors, "DataErrors was raised with no errors"
        return info.value.errors


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def notice_project(tmp_path: Path) -> Project:
    """The good fixture with the worked example of the guide (tests/fixtures/notice) laid over it."""
    return Project(tmp_path / "project", NOTICE)


@pytest.fixture
def errors_after(project: Project):
    """errors_after(file, old, new): the errors once `old` is replaced by `new` in `file`."""

    def run(relative: str, old: str, new: str) -> list[DataError]:
        return project.edit(relative, old, new).errors()

    return run


def search_fragments(site: Path) -> dict[str, dict]:
    """The search index's page records (Pagefind's fragments: gzip of "pagefind_dcd" + JSON), by URL:
    {"url", "content" (the indexed text), "meta": {"title", "city", "kind"}, "filters": {…}, …}."""
    fragments = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        fragment = json.loads(raw[len(b"pagefind_dcd"):])
        fragments[fragment["url"]] = fragment
    return fragments


def said(errors: list[DataError]) -> list[tuple]:
    """Each error as (file, line, column, field, code, English message): what a test compares,
    so that it checks the stable code and the words a webmaster reads."""
    return [(e.file, e.line, e.column, e.field, e.code, e.message) for e in errors]


_CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_bilingual(error: DataError) -> None:
    """The error's message and hint read in Chinese, and its English says something."""
    assert _CJK.search(error.text("zh")) and _CJK.search(error.hint("zh")), error
    assert error.message.strip() and error.hint("en").strip(), error
