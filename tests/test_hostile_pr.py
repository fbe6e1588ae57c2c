"""A hostile pull request, tried end to end: issue 12's list, each case through the command line.

Each case starts from a copy of the project (the code and the real data) beside a site a
previous build made, changes what a pull request could change — a data file, a file name,
a link, a flag — and runs `site_build.py` as CI would. Every case must be refused:

- with a non-zero exit status and a message that names the place (file:line where there is
  one) in Chinese and in English;
- never with a Python traceback;
- leaving the previous site and the whole project byte-identical.

The finer variants of each defence live beside their module (test_validation_hostile.py,
test_figures_bound.py, test_loading_hostile.py, test_output_safety.py, test_markup_escaping.py);
this module is the list a reviewer reads to see that the whole attack surface is covered.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CODE = ("generator", "theme", "content", "deploy", "mkdocs.yml", "site_build.py")
SHANGRAO = "data/cities/shangrao"
PLAN = "data/sources/shangrao-14th-five-year-public-service-plan.txt"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.build


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]  # what the pull request does to the project
    args: list[str]  # site_build.py arguments ("SITE" is the previous site)
    expect: str  # a regular expression the refusal must match (the place and the problem)
    status: int = 1


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return change


def write(relative: str, content: bytes | str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return change


def link(relative: str, target: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / relative
        if path.exists():
            path.unlink()
        os.symlink(target, path)
    return change


def evil_city(root: Path) -> None:
    """A new city: a copy of Shangrao's whose plan is the build machine's password file."""
    shutil.copytree(root / SHANGRAO, root / "data/cities/evil")
    city = root / "data/cities/evil/city.yml"
    text = city.read_text(encoding="utf-8").replace("id: shangrao", "id: evil", 1)
    city.write_text(re.sub(r"file: \S+", "file: /etc/passwd", text, count=1), encoding="utf-8")


def renamed(relative: str, new_name: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / relative).rename((root / relative).parent / new_name)
    return change


def merge_key_bomb(levels: int) -> str:
    lines = ["a0: &a0 {x: 1}"] + [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

# A registered document (data/documents.yml, city.yml `documents`), its file name left open.
SITE_DOCUMENT = """documents:
  - id: national-standard
    kind: national-standard
    title: {{zh: 标准, en: Standard}}
    issuer: {{zh: 机关, en: Issuer}}
    date: "2021-03-30"
    file: "{file}"
"""
CITY_DOCUMENTS = """documents:
  - id: shangrao-notice
    kind: notice
    title: {{zh: 通知, en: Notice}}
    issuer: {{zh: 机关, en: Issuer}}
    date: "2022-01-01"
    file: "{file}"
"""

CASES = [
    # 1. Publishing a file from the build machine.
    Case("absolute plan path", edit(f"{SHANGRAO}/city.yml", "file: shangrao-14th-five-year-public-service-plan.txt",
                                    "file: /etc/passwd"), ["build", "--site-dir", "SITE"],
         r"data/cities/shangrao/city\.yml:\d+:\d+: document\.file"),
    Case("a new city whose plan is /etc/passwd", evil_city, ["build", "--site-dir", "SITE"],
         r"data/cities/evil/city\.yml:\d+:\d+: document\.file"),
    Case("plan path climbing out", edit(f"{SHANGRAO}/city.yml", "file: shangrao-14th-five-year-public-service-plan.txt",
                                        "file: ../../../etc/passwd"), ["validate"],
         r"data/cities/shangrao/city\.yml:\d+:\d+: document\.file"),
    Case("plan text linked to /etc/passwd", link(PLAN, "/etc/passwd"), ["validate"], r"data/sources/shangrao-.*\.txt"),
    # 1b. The same through a registered document (issue 15): the site-wide list and a city's own list.
    Case("site-wide document whose text is /etc/passwd", write("data/documents.yml", SITE_DOCUMENT.format(file="/etc/passwd")),
         ["build", "--site-dir", "SITE"], r"data/documents\.yml:\d+:\d+: documents\[0\]\.file"),
    Case("site-wide document linked out of data/", lambda root: (write("data/documents.yml", SITE_DOCUMENT.format(
        file="national.txt"))(root), link("data/sources/national.txt", "/etc/passwd")(root)), ["validate"],
         r"data/documents\.yml:\d+:\d+: documents\[0\]\.file: \[source-outside-sources\] data/sources/national\.txt "
         r"is a symbolic link"),
    Case("city document climbing out", edit(f"{SHANGRAO}/city.yml", "boxes:\n", CITY_DOCUMENTS.format(file="../../etc/passwd") + "boxes:\n"),
         ["validate"], r"data/cities/shangrao/city\.yml:\d+:\d+: documents\[0\]\.file"),
    Case("city document's address is a script", edit(f"{SHANGRAO}/city.yml", "boxes:\n",
                                                    CITY_DOCUMENTS.format(file="shangrao-14th-five-year-public-service-plan.txt")
                                                    .replace("    file:", "    url: 'javascript:alert(1)'\n    file:") + "boxes:\n"),
         ["validate"], r"data/cities/shangrao/city\.yml:\d+:\d+: documents\[0\]\.url"),
    Case("data file linked out of data/", link(f"{SHANGRAO}/items/box-99.yml", "/etc/passwd"), ["validate"],
         r"data/cities/shangrao/items/box-99\.yml: \[link-outside-data\] symbolic link"),
    # 2. Script through file names.
    Case("data file named with markup", renamed(f"{SHANGRAO}/items/box-08.yml", "box-08<img src=x onerror=alert(1)>.yml"),
         ["build", "--site-dir", "SITE"], r"items/box-08<img src=x onerror=alert\(1\)>\.yml: \[bad-file-name\] file name is not allowed"),
    Case("city folder with a space", renamed(SHANGRAO, "Evil City"), ["validate"], r"data/cities/Evil City: \[bad-folder-name\] folder name"),
    # 3. Memory and time.
    Case("merge-key bomb, 22 levels", write(f"{SHANGRAO}/items/box-98.yml", merge_key_bomb(22)), ["validate"],
         r"box-98\.yml:1:\d+: \[yaml-anchors\] anchors/aliases"),
    Case("billion laughs", write(f"{SHANGRAO}/items/box-98.yml", BILLION_LAUGHS), ["validate"], r"box-98\.yml:1:\d+: \[yaml-anchors\] anchors/aliases"),
    # 4. Destroying the project or a folder.
    Case("--site-dir .", lambda root: None, ["build", "--site-dir", "."], r"\[site-dir-holds-project\] refusing to build into .*: it is, or contains, the project", 2),
    Case("--site-dir data", lambda root: None, ["build", "--site-dir", "data"], r"\[site-dir-in-source\] refusing .* inside the project's own folder data/", 2),
    Case("--site-dir content/x", lambda root: None, ["build", "--site-dir", "content/x"], r"inside the project's own folder content/", 2),
    Case("--site-dir an unmarked folder", lambda root: None, ["build", "--site-dir", "UNMARKED"],
         r"\[site-dir-not-ours\] refusing .* was not made by a previous build", 2),
    # 6. Wrong numbers that a quote happens to contain.
    Case("dictionary price 14 → 1 (一 of 一年级)", edit(f"{SHANGRAO}/items/box-02.yml", "        value: 14\n", "        value: 1\n"),
         ["validate"], r"box-02\.yml:\d+:\d+: items\[\d+\]\.standards\[\d+\]\.value: \[figure-not-in-phrase\] 1 is not stated by the phrase"),
    Case("dictionary price 14 → 90 (another number of the quote)",
         edit(f"{SHANGRAO}/items/box-02.yml", "        value: 14\n", "        value: 90\n"),
         ["validate"], r"box-02\.yml:\d+:\d+: items\[\d+\]\.standards\[\d+\]\.value: \[figure-not-in-phrase\] 90 is not stated"),
    # 8. Smaller: files that are not text, options smuggled to git, links the engine would copy.
    Case("plan text not UTF-8", lambda root: (root / PLAN).write_bytes((root / PLAN).read_bytes() + b"\xff\xfe"),
         ["validate"], r"data/sources/shangrao-.*\.txt:\d+:\d+: \[not-utf8\] .*UTF-8"),
    Case("binary plan text", lambda root: (root / PLAN).write_bytes(b"\x7fELF\x02\x01\x01\x00" * 64), ["validate"],
         r"data/sources/shangrao-.*\.txt"),
    Case("search synonyms not UTF-8", write("data/search/synonyms.yml", b"\xff\xfe\x00\x01"), ["validate"],
         r"data/search/synonyms\.yml: \[not-utf8\] file is not valid UTF-8"),
    Case("git option as a revision", lambda root: None, ["diff", "--", "--output=OUT"], r"a git revision cannot start with '-'"),
    Case("a page with a script element", edit("content/about.md", "# 关于本站\n", "# 关于本站\n<script src=\"/x.js\"></script>\n"),
         ["validate"], r"content/about\.md:\d+:1: \[active-html\] active HTML `<script`"),
    Case("a page with an event handler", edit("content/en/about.md", "# About this site\n", "# About this site\n<p onmouseover=\"alert(1)\">hi</p>\n"),
         ["build", "--site-dir", "SITE"], r"content/en/about\.md:\d+:\d+: \[active-html\] active HTML `onmouseover=`"),
    Case("a script file beside the pages", write("content/x.js", "alert(1)"), ["build", "--site-dir", "SITE"],
         r"content/x\.js: \[content-file-type\] file type \.js is not allowed"),
    Case("SITE_URL with markup", lambda root: None, ["build", "--site-dir", "SITE", "ENV:SITE_URL=https://x.org/\"><script>"],
         r"\[bad-url-setting\] environment variable SITE_URL=.*expected an http:// or https:// address", 2),
    Case("SOURCE_DATE_EPOCH not a number", lambda root: None, ["build", "--site-dir", "SITE", "ENV:SOURCE_DATE_EPOCH=yesterday"],
         r"\[bad-source-date-epoch\] environment variable SOURCE_DATE_EPOCH='yesterday': expected whole seconds", 2),
    Case("page linked to /etc/passwd", link("content/passwd.md", "/etc/passwd"), ["build", "--site-dir", "SITE"],
         r"content/passwd\.md: \[published-link\] symbolic link"),
]


# What a build may leave beside its output even when it refuses (.gitignore lists them): the lock
# file that keeps two builds of one folder apart, caches, the generated tree kept for the next build.
BUILD_BYPRODUCTS = re.compile(r"^(\.site\.lock|\.site\.tree|\.cache|__pycache__)(/|$)")


def digest(folder: Path) -> str:
    """Every path, link target and file content under `folder` (links are not followed)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if BUILD_BYPRODUCTS.match(path.relative_to(folder).as_posix()):
            continue
        h.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            h.update(b"->" + os.readlink(path).encode())
        elif path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def pr(tmp_path) -> tuple[Path, Path]:
    """(project copy, previous site): the project's code and real data, and a site a build made."""
    root = tmp_path / "project"
    root.mkdir()
    for name in CODE:
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    shutil.copytree(PROJECT / "data", root / "data")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>the previous site</title>", encoding="utf-8")
    from generator.build import mark_as_built

    mark_as_built(site)
    return root, site


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_change_is_refused_cleanly(pr, case):
    root, site = pr
    case.change(root)
    before_project, before_site = digest(root), digest(site)
    out_file = root.parent / "OUT"
    unmarked = root.parent / "unmarked"  # someone's folder outside the project, not a site
    (unmarked / "keep.txt").parent.mkdir()
    (unmarked / "keep.txt").write_text("mine", encoding="utf-8")
    places = {"SITE": str(site), "UNMARKED": str(unmarked)}
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(a[len("ENV:"):].split("=", 1) for a in case.args if a.startswith("ENV:"))  # type: ignore[arg-type]
    args = [places.get(a, a.replace("OUT", str(out_file))) for a in case.args if not a.startswith("ENV:")]
    run = subprocess.run([sys.executable, "site_build.py", *args], cwd=root, capture_output=True, text=True,
                         timeout=120, env=env)
    said = run.stdout + run.stderr
    assert run.returncode == case.status, said
    assert "Traceback" not in said
    assert re.search(case.expect, said), said
    assert CHINESE.search(said), f"no Chinese in: {said}"
    assert digest(root) == before_project, "the project changed"
    assert digest(site) == before_site, "the previous site changed"
    assert (unmarked / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not out_file.exists(), "git wrote a file where the pull request asked"
    assert not list(root.glob(".site.building-*")), "a staging folder was left behind"
