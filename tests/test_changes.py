"""The data-change report, over a real git repository made for the test."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site.changes import cache_version, compare, dataset_at, describe, history

GOOD = Path(__file__).parent / "fixtures" / "good"
SITE_BUILD = Path(__file__).resolve().parent.parent / "site_build.py"
BOX = "data/cities/testcity/items/box-01.yml"
INDICATORS = "data/cities/testcity/indicators.yml"


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Webmaster", "GIT_AUTHOR_EMAIL": "web@example.org",
           "GIT_COMMITTER_NAME": "Webmaster", "GIT_COMMITTER_EMAIL": "web@example.org",
           "GIT_AUTHOR_DATE": "2026-01-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+08:00",
           "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


def edit(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository holding the good fixture, committed once."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first data")
    return root


def commit(repo: Path, message: str) -> str:
    git(repo, "commit", "-q", "-am", message)
    return git(repo, "rev-parse", "HEAD").strip()


def test_changing_one_amount_is_reported_in_both_languages(repo):
    text = (repo / BOX).read_text(encoding="utf-8")
    assert "value: 1250" in text
    quote_numbers = text.count("1250")
    # The webmaster changes the amount; the quote must say the same, or validation refuses it
    # (a fixture plan text stands in for a revised plan).
    (repo / BOX).write_text(text.replace("1250", "1300"), encoding="utf-8")
    plan = next((repo / "data/sources").glob("*.txt"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("1250", "1300"), encoding="utf-8")
    assert quote_numbers >= 2
    commit(repo, "raise the allowance")
    changes = compare(dataset_at(repo, "HEAD~1"), dataset_at(repo, "HEAD"))
    # The standard changed, and so did the item's text, which states the amount.
    assert [c.what.en for c in changes] == ["standard", "what you get"]
    change = changes[0]
    assert change.kind == "item" and change.entry == "boarding-pupil-allowance"
    assert "1,250 元" in change.line("zh") and "1,300 元" in change.line("zh") and "→" in change.line("zh")
    assert "CNY 1,250" in change.line("en") and "CNY 1,300" in change.line("en")
    report = describe(changes, "markdown")
    assert report.startswith("### 数据变化 / Data changes (2)")


def test_targets_added_entries_and_translations_are_reported(repo):
    edit(repo, INDICATORS, "en: Three-year enrolment rate in pre-school education", "en: Three-year pre-school enrollment ratio")
    commit(repo, "translation")
    changes = compare(dataset_at(repo, "HEAD~1"), dataset_at(repo, "HEAD"))
    assert [c.what.en for c in changes] == ["name"]
    assert changes[0].before.zh == changes[0].after.zh  # the Chinese did not change: a translation fix


def test_removed_entries_are_reported(repo):
    text = (repo / BOX).read_text(encoding="utf-8")
    second = text.index("\n  - id:", text.index("\n  - id:") + 1)
    (repo / BOX).write_text(text[:second] + "\n", encoding="utf-8")
    commit(repo, "remove an item")
    changes = compare(dataset_at(repo, "HEAD~1"), dataset_at(repo, "HEAD"))
    assert len(changes) == 1 and "已删除" in changes[0].line("zh") and "removed" in changes[0].line("en")


def test_no_change_says_so(repo):
    (repo / "README.txt").write_text("not data", encoding="utf-8")
    git(repo, "add", "README.txt")
    commit(repo, "docs only")
    assert describe(compare(dataset_at(repo, "HEAD~1"), dataset_at(repo, "HEAD"))).startswith("数据没有变化 / No change")


def test_history_lists_each_data_commit_once_and_caches_it(repo, tmp_path):
    edit(repo, INDICATORS, "en: Three-year enrolment rate in pre-school education", "en: Three-year pre-school enrollment ratio")
    sha = commit(repo, "translation")
    cache = tmp_path / "cache"
    first = history(repo, cache)
    root = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    assert [(r.commit.sha, len(r.changes)) for r in first] == [(sha, 1), (root, 1)]
    assert first[1].changes[0].line("en") == "Test City: city added"  # the first commit: what it added
    assert (cache / cache_version() / f"{sha}.json").is_file()
    again = history(repo, cache)
    assert [(r.commit.sha, [x.line("en") for x in r.changes]) for r in again] == [
        (r.commit.sha, [x.line("en") for x in r.changes]) for r in first]



def test_history_is_incremental_only_new_commits_are_compared(repo, tmp_path, monkeypatch):
    """A warm build reads the commits it compared before from the cache: a new data commit
    loads only its own data and its parent's, never the older commits'."""
    from generator.site import changes

    cache = tmp_path / "cache"
    edit(repo, INDICATORS, "en: Three-year enrolment rate in pre-school education", "en: Three-year pre-school enrollment ratio")
    parent = commit(repo, "translation")
    history(repo, cache)
    edit(repo, INDICATORS, "en: Three-year pre-school enrollment ratio", "en: Pre-school enrolment ratio (three years)")
    new = commit(repo, "another translation")
    loaded: list[str] = []
    real = changes.dataset_at
    monkeypatch.setattr(changes, "dataset_at", lambda repo, rev, past=False: loaded.append(rev) or real(repo, rev, past))
    found = history(repo, cache)
    assert sorted(loaded) == sorted([new, parent])
    assert [len(r.changes) for r in found] == [1, 1, 1]
    loaded.clear()
    history(repo, cache)
    assert loaded == []  # nothing new: nothing loaded

def test_the_cli_prints_the_report_and_names_a_bad_revision(repo):
    edit(repo, INDICATORS, "en: Three-year enrolment rate in pre-school education", "en: Three-year pre-school enrollment ratio")
    commit(repo, "translation")
    shutil.copy(SITE_BUILD, repo / "site_build.py")
    shutil.copytree(SITE_BUILD.parent / "generator", repo / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run([_venv_python(), str(repo / "site_build.py"), "diff", "HEAD~1", "HEAD",
                          "--format", "markdown"], capture_output=True, text=True, cwd=repo, env=_venv_env())
    assert run.returncode == 0, run.stderr
    assert "enrollment ratio" in run.stdout and "enrolment rate" in run.stdout
    # The refusal in this process (the repository's site_build.py as a module, its output captured):
    # a second interpreter with its imports cost 0.8 s of CPU.
    spec = importlib.util.spec_from_file_location("site_build_in_repo", repo / "site_build.py")
    site_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_build)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = site_build.main(["diff", "no-such-rev"])
    assert status == 1 and "git" in err.getvalue() and "Traceback" not in err.getvalue()


def _venv_python() -> str:
    import sys
    return sys.executable


def _venv_env() -> dict:
    import os
    env = dict(os.environ)
    env["PATH"] = str(Path(_venv_python()).parent) + os.pathsep + env.get("PATH", "")
    return env


def test_a_city_added_or_removed_is_named_once(repo):
    from generator.data.validate import Dataset
    data = dataset_at(repo, "HEAD")
    nothing = Dataset(repo, [], [], [])
    assert [c.line("zh") for c in compare(nothing, data)] == ["测试市：新增城市"]
    assert [c.line("en") for c in compare(data, nothing)] == ["Test City: city removed"]
