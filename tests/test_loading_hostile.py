"""No harm from a hostile pull request: bounded loading, a history that cannot be poisoned,
and git revisions that git can only read as revisions.

A data file with anchors, aliases or merge keys is refused before it is composed (a
600-byte merge-key bomb once cost 46 s and 1.7 GB). The change history reads old
commits on every build: a bomb, a symlink out of the repository or an oversized data/
in any of them is one warning and a skipped commit, never a failed build."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site import changes, gitinfo

from generator.data import loader
from generator.site.changes import cache_version, dataset_at, history
from generator.data.errors import DataError
from generator.site.gitinfo import GitError, resolve_commit

pytestmark = pytest.mark.unit

GOOD = Path(__file__).parent / "fixtures" / "good"
BOX = "data/cities/testcity/items/box-01.yml"
INDICATORS = "data/cities/testcity/indicators.yml"


def load(tmp_path: Path, text: str):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return loader.load_file(path, "data/x.yml")


def merge_key_bomb(levels: int) -> str:
    """Each level merges the one before twice: 2**levels keys once flattened."""
    lines = ["a0: &a0 {x: 1}"] + [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


# ---- loading one file ---------------------------------------------------------------------


@pytest.mark.parametrize("levels", [20, 22, 30])
def test_a_merge_key_bomb_is_refused_at_its_first_anchor(tmp_path, levels):
    text = merge_key_bomb(levels)
    assert len(text.encode()) < 1_000
    loaded, errors = load(tmp_path, text)
    assert loaded is None
    assert errors == [DataError("data/x.yml", 1, 5, "", "yaml-anchors")]  # `&a0` on line 1


def test_a_billion_laughs_is_refused_at_its_first_anchor(tmp_path):
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    loaded, errors = load(tmp_path, "\n".join(lines) + "\n")
    assert loaded is None
    assert errors == [DataError("data/x.yml", 1, 5, "", "yaml-anchors")]


@pytest.mark.parametrize("text,line,column", [
    ("unit: &yuan {zh: 元, en: CNY}\nother: 1\n", 1, 7),  # an anchor alone, never used
    ("a: x\nb: *missing\n", 2, 4),  # an alias alone (PyYAML would call it undefined)
    ("standard:\n  <<: {unit: yuan}\n  value: 1250\n", 2, 3),  # a merge key without any alias
    ("standard:\n  !!merge x: {unit: yuan}\n", 2, 3),  # a merge by its tag
])
def test_legitimate_looking_anchors_aliases_and_merges_are_refused_where_they_are(tmp_path, text, line, column):
    # The rule is simply "none": our data never uses them, and writing values out is easy.
    loaded, errors = load(tmp_path, text)
    assert loaded is None
    assert errors == [DataError("data/x.yml", line, column, "", "yaml-anchors")]


def test_the_characters_of_anchors_and_merges_are_fine_in_text(tmp_path):
    loaded, errors = load(tmp_path, "\"<<\": '&a *b'\nnote: 5 * 3 & <<\nlist: [\"*x\"]\n")
    assert errors == []
    assert loaded.data == {"<<": "&a *b", "note": "5 * 3 & <<", "list": ["*x"]}


def test_the_refusal_is_explained_in_chinese():
    error = DataError("data/x.yml", 1, 5, "", "yaml-anchors")
    assert "锚点" in error.text("zh") and error.hint("en")
    assert error.message == "anchors/aliases (& * <<) are not allowed in data files: write the values out"


def test_running_out_of_memory_while_loading_is_a_located_error(tmp_path, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(loader, "_check_shape", exhausted)
    loaded, errors = load(tmp_path, "a: 1\n")
    assert loaded is None
    assert errors == [DataError("data/x.yml", 0, 0, "", "out-of-memory")]
    assert str(errors[0]) == "data/x.yml: [out-of-memory] ran out of memory reading this file"


# ---- git revisions ------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "W", "GIT_AUTHOR_EMAIL": "w@example.org", "GIT_COMMITTER_NAME": "W",
           "GIT_COMMITTER_EMAIL": "w@example.org", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "first data")
    return root


def test_an_option_given_as_a_revision_is_refused_and_never_reaches_git(repo, tmp_path):
    target = tmp_path / "written-by-git.tar"
    for rev in (f"--output={target}", "-o", "--help", f"--output {target}"):
        with pytest.raises(GitError) as caught:
            dataset_at(repo, rev)
        assert "revision" in caught.value.en and "版本号" in caught.value.zh
    assert not target.exists()


@pytest.mark.parametrize("rev,words", [
    ("", "is needed"), ("HEAD x", "spaces or control"), ("HEAD\n", "spaces or control"), ("HE\x00AD", "spaces or control"),
    ("a" * 201, "at most 200"), ("no-such-branch", "no commit named"), ("HEAD:data", "no commit named"),
])
def test_unusable_revisions_are_named_in_both_languages(repo, rev, words):
    with pytest.raises(GitError) as caught:
        resolve_commit(repo, rev)
    assert words in caught.value.en
    report = caught.value.report()
    assert report.count("\n") == 1 and "Traceback" not in report


def test_a_good_revision_resolves_to_its_commit(repo):
    assert resolve_commit(repo, "main") == git(repo, "rev-parse", "HEAD").strip()


REVISION_LIKE = st.text(alphabet="HEADmain0123456789abcdef-_^~@{}:./!*?[]\\= \t", max_size=40)


@settings(max_examples=200, deadline=None)
@given(rev=st.one_of(st.text(max_size=250), REVISION_LIKE))
def test_any_revision_string_is_a_commit_or_a_git_error(tmp_path_factory, rev):
    repo = _shared_repo(tmp_path_factory)
    try:
        sha = resolve_commit(repo, rev)
    except GitError as exc:
        assert exc.zh and exc.en
    else:
        assert len(sha) == 40 and int(sha, 16) >= 0


_SHARED: dict[str, Path] = {}


def _shared_repo(factory) -> Path:
    """One small repository for every hypothesis example (a fixture cannot be per example)."""
    if "repo" not in _SHARED:
        root = factory.mktemp("revisions") / "repo"
        (root / "data").mkdir(parents=True)
        (root / "data" / "a.yml").write_text("a: 1\n", encoding="utf-8")
        git(root, "init", "-q", "-b", "main")
        commit_all(root, "one")
        _SHARED["repo"] = root
    return _SHARED["repo"]


def test_without_git_diff_says_so_and_history_is_empty(repo, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(repo / "no-bin-here"))
    with pytest.raises(GitError) as caught:
        dataset_at(repo, "HEAD")
    assert "git is not installed" in caught.value.en
    assert history(repo) == []
    assert capsys.readouterr().err.count("\n") == 1


def test_outside_a_repository_diff_says_so_and_history_is_empty(tmp_path, capsys):
    plain = tmp_path / "plain"
    shutil.copytree(GOOD, plain)
    with pytest.raises(GitError) as caught:
        dataset_at(plain, "HEAD")
    assert "is not a git repository" in caught.value.en
    assert history(plain) == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a git repository" in err and "没有变更历史" in err


# ---- the history of a repository a hostile pull request went through ------------------------


@pytest.fixture
def poisoned(repo) -> tuple[Path, dict[str, str]]:
    """Commits: the good data; symlinks out of the repository; a merge-key bomb; its revert;
    then a normal change."""
    shas = {}
    (repo / "data/cities/testcity/items/box-02.yml").symlink_to("/etc/passwd")
    (repo / "data/evil").symlink_to("/etc")
    shas["symlink"] = commit_all(repo, "symlinks out of the repository")
    (repo / "data/cities/testcity/items/box-03.yml").write_text(merge_key_bomb(30), encoding="utf-8")
    shas["bomb"] = commit_all(repo, "a merge-key bomb")
    git(repo, "revert", "--no-edit", "HEAD")
    shas["revert"] = git(repo, "rev-parse", "HEAD").strip()
    text = (repo / INDICATORS).read_text(encoding="utf-8")
    (repo / INDICATORS).write_text(text.replace("en: Three-year enrolment rate in pre-school education",
                                                "en: Three-year pre-school enrollment ratio"), encoding="utf-8")
    shas["normal"] = commit_all(repo, "translation")
    return repo, shas


def test_a_poisoned_history_gives_the_normal_change_and_lists_the_bomb_as_unreadable(poisoned, tmp_path, capsys):
    repo, shas = poisoned
    found = history(repo, tmp_path / "cache")
    # The symlink commit changed nothing a reader sees (its links were not read): not listed.
    # The bomb commit is listed as unreadable; its revert is compared with the last data that
    # could be read (the symlink commit's): no change, not listed.
    assert [(r.commit.sha, [x.what.en for x in r.changes], r.unreadable is not None) for r in found[:2]] == [
        (shas["normal"], ["name"], False), (shas["bomb"], [], True)]
    assert len(found) == 3 and [c.kind for c in found[2].changes] == ["city"]  # the first commit: the city added
    bomb = found[1].unreadable
    assert "anchors/aliases" in bomb.en and "锚点和别名" in bomb.zh
    assert "box-03.yml:1:5" in bomb.en and "[yaml-anchors]" in bomb.zh and "[yaml-anchors]" in bomb.en
    assert "错误" in bomb.zh and "problem" in bomb.en
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1  # the bomb commit, one line naming it
    assert shas["bomb"][:10] in warnings[0]
    assert "变更历史无法读取提交" in warnings[0] and "history cannot read commit" in warnings[0]
    assert "anchors/aliases" in warnings[0]


def test_symlinks_in_an_old_commit_are_not_followed(poisoned):
    repo, shas = poisoned
    # The data at the symlink commit is the good data: the links were left out, not read.
    data = dataset_at(repo, shas["symlink"])
    assert [c.city.id for c in data.cities] == ["testcity"]


def test_skipped_commits_are_cached_as_skipped_and_not_read_again(poisoned, tmp_path, capsys, monkeypatch):
    repo, shas = poisoned
    cache = tmp_path / "cache"
    first = history(repo, cache)
    capsys.readouterr()
    stored = (cache / cache_version() / f"{shas['bomb']}.json").read_text(encoding="utf-8")
    assert '"unreadable"' in stored and "anchors/aliases" in stored

    def must_not_read(*args):
        raise AssertionError("a cached commit was read again")

    monkeypatch.setattr(changes, "dataset_at", must_not_read)
    assert history(repo, cache) == first
    assert capsys.readouterr().err == ""


def test_a_new_version_of_the_comparing_code_compares_again(poisoned, tmp_path, capsys, monkeypatch):
    repo, _ = poisoned
    cache = tmp_path / "cache"
    history(repo, cache)
    monkeypatch.setattr(changes, "cache_version", lambda: "another-version")
    assert len(history(repo, cache)) == 3
    assert (cache / "another-version").is_dir()
    assert "history cannot read commit" in capsys.readouterr().err


def test_the_cache_version_follows_the_code():
    """Keyed by every module the comparison imports, found from the imports (generator/caching.py):
    validation's meaning checks and the interface strings, which a hand-kept list had left out."""
    from generator.caching import PACKAGE, _import_closure

    assert len(cache_version()) == 16
    code = {p.relative_to(PACKAGE).as_posix() for p in _import_closure([PACKAGE / "site/changes.py"])}
    assert code >= {"site/changes.py", "site/formatting.py", "site/i18n.py", "data/schema.py", "data/validate.py",
                    "data/loader.py", "data/meaning.py", "data/provenance.py", "data/units.py"}


def test_a_revision_with_too_much_data_is_refused_before_it_is_read(repo, monkeypatch, capsys):
    monkeypatch.setattr(changes, "MAX_DATA_BYTES", 1_000)
    with pytest.raises(GitError) as caught:
        dataset_at(repo, "HEAD")
    assert "is too large" in caught.value.en and "the limit is" in caught.value.en


def test_a_revision_with_too_many_files_is_refused(repo, monkeypatch):
    monkeypatch.setattr(changes, "MAX_DATA_FILES", 3)
    monkeypatch.setattr(changes, "_MAX_LISTING_BYTES", 10_000)
    with pytest.raises(GitError) as caught:
        dataset_at(repo, "HEAD")
    assert "is too large" in caught.value.en and "files" in caught.value.en


def test_any_failure_of_one_commit_is_a_warning_not_a_crash(poisoned, monkeypatch, capsys):
    repo, shas = poisoned
    real = changes.dataset_at

    def flaky(repo_, rev, past=False):
        if rev == shas["symlink"]:
            raise OSError("disk full")
        return real(repo_, rev, past)

    monkeypatch.setattr(changes, "dataset_at", flaky)
    found = history(repo)
    # The symlink commit cannot be read, nor the bomb: listed with the reason. The revert is
    # compared with the last data that can be read (the first commit's): no change, not listed.
    assert [(r.commit.sha, r.unreadable is not None) for r in found] == [
        (shas["normal"], False), (shas["bomb"], True), (shas["symlink"], True), (found[3].commit.sha, False)]
    assert found[2].unreadable.en == "OSError: disk full"
    err = capsys.readouterr().err
    assert f"{shas['symlink'][:10]}: OSError: disk full" in err


def test_a_warning_cannot_carry_terminal_control_characters(capsys):
    changes._warn("中", "reason \x1b]0;owned\x07 " + "x" * 1000 + "\nsecond line")
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;owned\\x07" in err
    assert err.count("\n") == 1 and len(err) <= 501


def test_last_changed_reads_a_bounded_log(repo, monkeypatch):
    gitinfo.last_changed.cache_clear()
    full = gitinfo.last_changed(repo, "a")
    assert BOX in full
    monkeypatch.setattr(gitinfo, "MAX_LOG_BYTES", 60)
    cut = gitinfo.last_changed(repo, "b")
    assert 0 < len(cut) < len(full) and all(full[path] == day for path, day in cut.items())
    gitinfo.last_changed.cache_clear()


def test_head_sha_outside_a_repository_is_empty(tmp_path):
    assert gitinfo.head_sha(tmp_path) == ""


def test_a_file_name_the_disk_refuses_is_a_git_error(repo):
    # git stores a 300-character name; Linux refuses names over 255 bytes.
    long_name = "data/" + "m" * 300 + ".yml"
    blob = subprocess.run(["git", "-C", str(repo), "hash-object", "-w", "--stdin"], input="a: 1\n", text=True,
                          capture_output=True, check=True).stdout.strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{long_name}")
    git(repo, "commit", "-q", "-m", "a name longer than the disk allows")
    with pytest.raises(GitError) as caught:
        dataset_at(repo, "HEAD")
    assert "cannot write out" in caught.value.en and "File name too long" in caught.value.en


@pytest.mark.unit
@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a"])
def test_bidirectional_controls_that_reorder_figures_are_refused(tmp_path, control):
    """`value: 14` beside a label that displays as "14元" but is stored as "41元" (U+202E) would
    show reviewers one figure and publish another."""
    path = tmp_path / "box-01.yml"
    path.write_text(f"items:\n  - label: \"{control}41元\"\n", encoding="utf-8")
    loaded, errors = loader.load_file(path, "data/x/box-01.yml")
    assert loaded is None
    [error] = errors
    assert (error.line, error.column) == (2, 13)  # the character itself, inside the quotes
    assert error.code == "special-character" and f"U+{ord(control):04X} is not allowed" in error.message


@pytest.mark.unit
@pytest.mark.parametrize("escape, char", [("\\u001f", "U+001F"), ("\\x07", "U+0007"), ("\\u202e", "U+202E"),
                                          ("\\e", "U+001B")])
def test_control_characters_written_as_escapes_are_refused(tmp_path, escape, char):
    """The file's bytes are plain ASCII, but YAML decodes the escape into a control character
    in the value: a reader cannot see it, and a chart image's SVG (XML) cannot hold it (the
    fuzz test of tests/test_hostile_input.py found a city named "\\u001f" stopping the build)."""
    path = tmp_path / "city.yml"
    path.write_text(f'id: x\nname: {{zh: "{escape}", en: Test City}}\n', encoding="utf-8")
    loaded, errors = loader.load_file(path, "data/cities/x/city.yml")
    assert loaded is None
    [error] = errors
    assert error.line == 2 and error.code == "special-character" and f"{char} is not allowed" in error.message


@pytest.mark.unit
def test_tabs_and_line_breaks_written_as_escapes_are_kept(tmp_path):
    path = tmp_path / "city.yml"
    path.write_text('note: "one\\ttwo\\nthree"\n', encoding="utf-8")
    loaded, errors = loader.load_file(path, "data/cities/x/city.yml")
    assert errors == [] and loaded.data["note"] == "one\ttwo\nthree"
