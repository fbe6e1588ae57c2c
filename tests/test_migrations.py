"""The change history across schema changes: each migration alone, a repository made in the
test whose schema changes midway, and this project's own history."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.data import migrations
from generator.data.errors import DataErrors
from generator.data.validate import load_dataset
from generator.site.changes import data_commits, dataset_at, history

# Unit tier (tests/conftest.py gives it), but for the one test marked build below.

GOOD = Path(__file__).parent / "fixtures" / "good"
PROJECT = Path(__file__).resolve().parent.parent
BOX = "data/cities/testcity/items/box-01.yml"
INDICATORS = "data/cities/testcity/indicators.yml"
AUDIENCES = "data/audiences.yml"


# ---- each migration, on the smallest document that needs it ---------------------------------


def test_the_cumulative_flag_is_dropped():
    old = {"indicators": [{"id": "a", "cumulative": True, "target": {"value": 1, "text": "〔1〕"}}]}
    doc, applied = migrations.upgrade("cities/x/indicators.yml", old)
    assert applied == ["indicator-cumulative-flag"]
    assert doc == {"indicators": [{"id": "a", "target": {"value": 1, "text": "〔1〕"}}]}
    assert "cumulative" in old["indicators"][0]  # the document given is left as it was


def test_ages_without_a_finder_are_dropped_and_a_finder_keeps_them():
    old = {"audiences": [{"id": "older", "min_age": 60}, {"id": "kids", "finder": "age", "max_age": 6}]}
    doc, applied = migrations.upgrade("audiences.yml", old)
    assert applied == ["audience-ages-without-finder"]
    assert doc["audiences"] == [{"id": "older"}, {"id": "kids", "finder": "age", "max_age": 6}]


def test_a_standard_without_phrase_or_recipient_gets_the_quote_and_resident():
    old = {"items": [{"id": "a", "standards": [{"value": 5}, {"value": 6, "phrase": "6元", "recipient": "programme"}],
                      "source": {"quote": "每人5元，每户6元"}}]}
    doc, applied = migrations.upgrade("cities/x/items/box-01.yml", old)
    assert applied == ["standard-phrase", "standard-recipient"]
    assert doc["items"][0]["standards"] == [{"value": 5, "phrase": "每人5元，每户6元", "recipient": "resident"},
                                            {"value": 6, "phrase": "6元", "recipient": "programme"}]


def test_an_observation_without_phrase_gets_its_own_quote_not_its_indicators():
    old = {"indicators": [{"id": "a", "source": {"quote": "到2025年达到3"},
                           "observations": [{"year": 2023, "value": 2.6, "source": {"quote": "达到2.6"}},
                                            {"year": 2024, "value": 2.8, "phrase": "2.8", "source": {"quote": "为2.8"}}]}]}
    doc, applied = migrations.upgrade("cities/x/indicators.yml", old)
    assert applied == ["observation-phrase"]
    assert [o["phrase"] for o in doc["indicators"][0]["observations"]] == ["达到2.6", "2.8"]
    assert "phrase" not in old["indicators"][0]["observations"][0]  # the document given is not changed


def test_a_document_already_in_todays_shape_is_returned_as_given():
    today = {"items": [{"id": "a", "standards": [{"value": 5, "phrase": "5元", "recipient": "resident"}],
                        "source": {"quote": "每人5元"}}]}
    doc, applied = migrations.upgrade("cities/x/items/box-01.yml", today)
    assert applied == [] and doc is today


def test_a_fee_with_one_note_gets_it_as_its_list_of_notes():
    note = {"zh": "全民健身日免费开放", "en": "open free of charge on National Fitness Day"}
    old = {"items": [{"id": "a", "fee": {"cost": "rule", "note": note}}, {"id": "b", "fee": {"cost": "free"}}]}
    doc, applied = migrations.upgrade("cities/x/items/box-08.yml", old)
    assert applied == ["fee-note-to-notes"]
    assert doc["items"][0]["fee"] == {"cost": "rule", "notes": [note]} and doc["items"][1] == old["items"][1]
    assert old["items"][0]["fee"]["note"] == note  # the document given is not changed


def test_shared_codes_without_their_file_get_the_first_citys_unit():
    files = {
        "cities/b/indicators.yml": {"indicators": [{"code": "beds", "unit": {"zh": "千张", "en": "1,000 beds"}}]},
        "cities/a/indicators.yml": {"indicators": [{"code": "beds", "unit": {"zh": "万张", "en": "10,000 beds"}},
                                                   {"code": "rate"}, {"id": "no-code"}]},
    }
    assert migrations.indicator_codes(files) == {"codes": [
        {"code": "beds", "unit": {"zh": "万张", "en": "10,000 beds"}}, {"code": "rate"}]}
    assert migrations.indicator_codes({**files, "indicator-codes.yml": {"codes": []}}) is None
    assert migrations.indicator_codes({"cities/a/indicators.yml": {"indicators": [{"id": "x"}]}}) is None


@pytest.mark.parametrize("doc", [None, 3, "text", [], {"items": "x"}, {"items": [1, None, {"standards": 5}]},
                                 {"indicators": [{"observations": [None, {"source": "x"}]}]},
                                 {"audiences": [{"id": "x", "finder": None}]}])
def test_a_migration_leaves_a_document_of_any_other_shape_to_validation(doc):
    for relative in ("audiences.yml", "cities/x/indicators.yml", "cities/x/items/box-01.yml"):
        upgraded, applied = migrations.upgrade(relative, doc)
        assert upgraded == doc and applied == []


def test_todays_data_needs_no_migration():
    data = PROJECT / "data"
    for path in sorted(data.rglob("*.yml")):
        relative = path.relative_to(data).as_posix()
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert migrations.upgrade(relative, doc) == (doc, []), relative


def test_validate_itself_never_migrates(tmp_path):
    """Today's data must be in today's shape: `validate` reports an old shape, the history reads it."""
    root = _old_shape(tmp_path / "old")
    with pytest.raises(DataErrors) as caught:
        load_dataset(root)
    messages = {(e.field.rsplit(".", 1)[-1], e.message) for e in caught.value.errors}
    assert ("phrase", "required field is missing") in messages and ("recipient", "required field is missing") in messages
    assert any("cumulative" in m for _, m in messages) and any("min_age" in m for _, m in messages)
    past = load_dataset(root, past=True)
    assert [s.recipient.value for i in past.cities[0].items for s in i.standards] == ["resident", "resident"]
    assert list(past.codes) == ["preschool-enrolment-rate"]


# ---- a repository whose schema changes midway ---------------------------------------------------


def git(repo: Path, *args: str, date: str = "2026-01-05T10:00:00+08:00") -> str:
    env = {"GIT_AUTHOR_NAME": "Webmaster", "GIT_AUTHOR_EMAIL": "web@example.org",
           "GIT_COMMITTER_NAME": "Webmaster", "GIT_COMMITTER_EMAIL": "web@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


def commit_all(repo: Path, message: str, day: int) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=f"2026-01-{day:02d}T10:00:00+08:00")
    return git(repo, "rev-parse", "HEAD").strip()


def replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _old_shape(root: Path) -> Path:
    """The good fixture as the first schema had it: no phrase and no recipient on standards, a
    `cumulative` flag on indicators, ages on an audience without `finder`, a shared code but no
    data/indicator-codes.yml."""
    shutil.copytree(GOOD / "data", root / "data")
    box = root / BOX
    box.write_text("".join(line for line in box.read_text(encoding="utf-8").splitlines(keepends=True)
                           if not line.lstrip().startswith(("phrase:", "recipient:"))), encoding="utf-8")
    replace(root, INDICATORS, "    attribute: expected\n", "    attribute: expected\n    cumulative: false\n")
    replace(root, INDICATORS, "  - id: preschool-enrolment-rate\n",
            "  - id: preschool-enrolment-rate\n    code: preschool-enrolment-rate\n")
    replace(root, AUDIENCES, "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n",
            "    question: {zh: 我是学生或家长, en: I am a student or a student's parent}\n    min_age: 6\n")
    replace(root, AUDIENCES, "    finder: always\n", "")
    return root


def _today_shape(root: Path) -> None:
    """The same data brought to today's schema, as the commit that changed the schema did."""
    shutil.rmtree(root / "data")
    shutil.copytree(GOOD / "data", root / "data")
    replace(root, INDICATORS, "  - id: preschool-enrolment-rate\n",
            "  - id: preschool-enrolment-rate\n    code: preschool-enrolment-rate\n")
    (root / "data/indicator-codes.yml").write_text(
        'codes:\n  - code: preschool-enrolment-rate\n    unit: {zh: "%", en: "%"}\n', encoding="utf-8")


@pytest.fixture(scope="module")
def evolving(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Commits: the data in the old schema; an amount raised, still in the old schema; the
    schema change (the data brought to today's shape); a translation in today's shape; a
    broken file; its repair with another change."""
    repo = _old_shape(tmp_path_factory.mktemp("evolving") / "repo")
    git(repo, "init", "-q", "-b", "main")
    shas = {"old": commit_all(repo, "data in the first schema", 1)}
    replace(repo, BOX, "value: 1250", "value: 1300")
    for relative in (BOX, "data/sources/testcity-plan.txt"):
        replace(repo, relative, "每生每年1250元", "每生每年1300元")
    shas["raise"] = commit_all(repo, "raise the allowance (old schema)", 2)
    _today_shape(repo)
    for relative in (BOX, "data/sources/testcity-plan.txt"):
        replace(repo, relative, "每生每年1250元", "每生每年1300元")
    replace(repo, BOX, "value: 1250", "value: 1300")
    shas["schema"] = commit_all(repo, "schema change: phrases, recipients, finder, indicator-codes.yml", 3)
    replace(repo, INDICATORS, "en: Three-year enrolment rate in pre-school education",
            "en: Three-year pre-school enrollment ratio")
    shas["translation"] = commit_all(repo, "translation (today's schema)", 4)
    replace(repo, BOX, "    standards:\n", "    standards: [\n")
    shas["broken"] = commit_all(repo, "a broken edit", 5)
    replace(repo, BOX, "    standards: [\n", "    standards:\n")
    replace(repo, BOX, "value: 15\n", "value: 16\n")
    for relative in (BOX, "data/sources/testcity-plan.txt"):
        replace(repo, relative, "不少于15个", "不少于16个")
    shas["repair"] = commit_all(repo, "repair, and 16 centres", 6)
    return repo, shas


def test_every_commit_of_an_evolving_repository_is_listed_with_what_it_changed(evolving, capsys):
    repo, shas = evolving
    found = {r.commit.sha: r for r in history(repo)}
    lines = {name: [c.line("en") for c in found[sha].changes] for name, sha in shas.items() if sha in found}
    assert lines["old"] == ["Test City: city added"]
    # Both sides of this comparison are in the old schema, read through the migrations.
    assert lines["raise"] == [
        "Test City · Living allowance for boarders from poor families (standard): living allowance for junior "
        "secondary students: CNY 1,250 per student per year → living allowance for junior secondary students: "
        "CNY 1,300 per student per year",
        "Test City · Living allowance for boarders from poor families (what you get): " + lines["raise"][1].split(": ", 1)[1]]
    # Across the schema change, the one thing a reader sees change: the centres are now said
    # to be a target of the programme, not something a resident gets.
    assert len(lines["schema"]) == 1 and "not a personal entitlement" in lines["schema"][0]
    assert "Three-year pre-school enrollment ratio" in lines["translation"][0]
    # The broken commit is listed, with its date, subject and where its data went wrong.
    broken = found[shas["broken"]]
    assert broken.changes == [] and broken.commit.date_day == "2026-01-05" and broken.commit.subject == "a broken edit"
    assert "box-01.yml" in broken.unreadable.en and "box-01.yml" in broken.unreadable.zh
    assert "malformed YAML" in broken.unreadable.en
    # The repair is compared with the last data that could be read.
    assert "at least 15 centres" in lines["repair"][0] and "→ new community cultural centres: at least 16 centres" in lines["repair"][0]
    assert set(found) == set(shas.values())
    assert shas["broken"][:10] in capsys.readouterr().err


def test_the_broken_commit_is_on_the_changes_page_in_both_languages(evolving):
    from generator.site.feeds import unreadable_line
    repo, shas = evolving
    broken = next(r for r in history(repo) if r.commit.sha == shas["broken"])
    zh, en = unreadable_line(broken, "zh"), unreadable_line(broken, "en")
    assert zh.startswith(f"提交 {shas['broken'][:10]}（2026-01-05，“a broken edit”）无法读取：")
    assert en.startswith(f"Commit {shas['broken'][:10]} (2026-01-05, “a broken edit”) could not be read: ")


def test_an_old_commit_is_refused_by_todays_rules_but_read_by_the_history(evolving):
    repo, shas = evolving
    with pytest.raises(DataErrors):
        dataset_at(repo, shas["old"])
    assert [c.city.id for c in dataset_at(repo, shas["old"], past=True).cities] == ["testcity"]


# ---- this project's own history --------------------------------------------------------------


@pytest.mark.build  # no site is built, but it reads every data revision of the project (~10 s): not a unit test
def test_every_data_commit_of_this_project_can_be_read():
    """The schema changed many times over this repository's history: every commit that
    touched data/ is read, so /changes/ lists every real change (a shallow clone has fewer)."""
    if not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout")
    commits = data_commits(PROJECT, limit=500)
    unreadable = {}
    for commit in commits:
        try:
            dataset_at(PROJECT, commit.sha, past=True)
        except DataErrors as exc:
            unreadable[commit.sha[:10]] = str(exc.errors[0])
    assert unreadable == {}
