"""Broken and hostile data never crash the build with a traceback.

Property-based (hypothesis): random text, random bytes and mutations of the good
fixture's real YAML files go through load_dataset, and a few through the whole site
build. The only outcomes allowed are a clean result or DataErrors whose every error
names its file and says what is wrong. Oversized, deeply nested and alias-bomb files
are refused with a message, in a separate process with a timeout: a hang or a crash of
the interpreter fails the test instead of stopping the run.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
import tempfile
import time
import traceback
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data import loader
from generator.build import build_site
from generator.data.errors import DataError, DataErrors
from generator.data.validate import Dataset, load_dataset
from helpers import GOOD

# The fixture's YAML files, by path relative to the project root: what gets mutated.
ORIGINALS = {p.relative_to(GOOD).as_posix(): p.read_text(encoding="utf-8") for p in sorted((GOOD / "data").rglob("*.yml"))}
FILES = sorted(ORIGINALS)
QUICK = settings(max_examples=100, deadline=timedelta(seconds=5))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One copy of the fixture project; each example rewrites one file and puts it back."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(GOOD, root)
    return root


def assert_clean_outcome(root: Path) -> Dataset | None:
    """load_dataset returns, or raises DataErrors that each say where and what. Nothing else."""
    try:
        return load_dataset(root)
    except DataErrors as exc:
        assert exc.errors, "DataErrors without errors"
        for error in exc.errors:
            assert isinstance(error, DataError)
            assert error.file.startswith("data/") and error.file.endswith((".yml", ".yaml", ".txt")), error
            assert error.message.strip(), error
            assert error.line >= 0 and error.column >= 0, error
            assert str(error).startswith(error.file), error
        report = exc.report()
        assert all(str(error) in report for error in exc.errors)
        return None


def with_file(root: Path, relative: str, content: str | bytes):
    """Run the check with one file replaced, then restore it."""
    path = root / relative
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        return assert_clean_outcome(root)
    finally:
        path.write_text(ORIGINALS[relative], encoding="utf-8")


# ---- (a) random text and bytes -----------------------------------------------------------

YAML_TOKENS = st.sampled_from([
    "a", "id", "zh", "en", "items", "indicators", "1", "-1", "1.5", "2022-13-45", "true", "~", "null", ".inf",
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "?", "&a ", "*a", "*b", "!!int ", "!!str ", "!!binary ",
    "!!python/object:os.system ", "<<: ", "|", ">-", "'", '"', "\\", "#", "%YAML 1.1", "---", "...", "\n", "\n  ",
    "\n    ", "\t", " ", "@", "`", "\\x00", "\\ud800", "中文",
])


@QUICK
@given(relative=st.sampled_from(FILES), text=st.text(max_size=300))
def test_random_text_as_a_data_file(scratch, relative, text):
    with_file(scratch, relative, text)


@QUICK
@given(relative=st.sampled_from(FILES), tokens=st.lists(YAML_TOKENS, max_size=60))
def test_random_yaml_like_text_as_a_data_file(scratch, relative, tokens):
    with_file(scratch, relative, "".join(tokens))


@QUICK
@given(relative=st.sampled_from(FILES), data=st.binary(max_size=300))
def test_random_bytes_as_a_data_file(scratch, relative, data):
    with_file(scratch, relative, data)


# ---- (b) mutations of the real files -----------------------------------------------------

OTHER_VALUES = st.one_of(
    st.sampled_from([
        "~", "null", "true", "no", "0", "-1", "1e400", ".inf", "-.inf", ".nan", "0x1F", "0o17", "1_000",
        "2022-13-45", "2022-02-30", "2001-12-14 25:61:99", "2001-12-14t21:59:43.10-05:00", "[]", "{}", "[1, 2]",
        "{a: 1}", "{zh: 中, en: x}", "''", '""', "!!binary aGk=", "!!binary '@@'", "!!int x", "!!float x", "!!str 1",
        "!!set {a}", "!!omap [a: 1]", "!!timestamp x", "!!python/name:os.system ''", "&a x", "*a", "*missing",
        "|", ">-", "'unterminated", '"\\x"', '"\\ud800"', '"\\u0000"', "9" * 5000, "- x", "? x", "a: b: c",
        "<script>alert(1)</script>", "{{ 7*7 }}",
    ]),
    st.integers().map(str),
    st.floats().map(repr),
    st.text(max_size=30).map(lambda s: json.dumps(s, ensure_ascii=False)),
    st.text(max_size=30),
)
KEYS = st.one_of(
    st.sampled_from(["id", "zh", "en", "value", "domain", "source", "quote", "<<", "items", "x", "1", "true", "? a"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=8),
)
KEY_VALUE = re.compile(r"^(\s*(?:- )?[\w-]+:\s*)(\S.*)$")


@st.composite
def mutated_file(draw) -> tuple[str, str]:
    """One of the fixture's YAML files with one to three random edits."""
    relative = draw(st.sampled_from(FILES))
    lines = ORIGINALS[relative].splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "value", "key", "truncate"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            indent = draw(st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "        ", " \t"]))
            lines[i] = (indent + lines[i].lstrip()) if draw(st.booleans()) else (indent + lines[i])
        elif kind == "value":
            match = KEY_VALUE.match(lines[i])
            lines[i] = (match.group(1) if match else "") + draw(OTHER_VALUES)
        elif kind == "key":
            indent = re.match(r"\s*", lines[i]).group()
            lines.insert(i, f"{indent}{draw(KEYS)}: {draw(OTHER_VALUES)}")
        else:
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].splitlines()
    return relative, "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=timedelta(seconds=5))
@given(mutation=mutated_file())
def test_mutated_real_files(scratch, mutation):
    relative, text = mutation
    with_file(scratch, relative, text)


def test_the_mutations_reach_both_outcomes(scratch):
    """A guard on the generator above: it makes both broken files and files that still load."""
    outcomes = set()

    @settings(max_examples=60, deadline=None, database=None)
    @given(mutation=mutated_file())
    def run(mutation):
        outcomes.add(with_file(scratch, *mutation) is None)

    run()
    assert outcomes == {True, False}


# ---- (c) the whole build on mutated data ---------------------------------------------------

FLOW_TEXT = re.compile(r"\b(zh|en): (?![>|])([^,}\n]+)")


@st.composite
def text_edit(draw) -> tuple[str, str]:
    """A zh or en text of the fixture replaced by random text: mostly still valid, so it gets built."""
    relative = draw(st.sampled_from([f for f in FILES if FLOW_TEXT.search(ORIGINALS[f])]))
    original = ORIGINALS[relative]
    matches = list(FLOW_TEXT.finditer(original))
    match = draw(st.sampled_from(matches))
    value = json.dumps(draw(st.text(min_size=1, max_size=40)), ensure_ascii=False)
    return relative, original[: match.start(2)] + value + original[match.end(2):]


@pytest.mark.build
@settings(max_examples=5, deadline=timedelta(seconds=60), suppress_health_check=[HealthCheck.too_slow])
@given(mutation=st.one_of(text_edit(), text_edit(), mutated_file()))
def test_the_site_build_on_mutated_data_succeeds_or_reports_data_errors(tmp_path_factory, mutation):
    relative, text = mutation
    work = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    try:
        root = work / "project"  # a fresh root per build: MkDocs hooks cache the model by file times
        shutil.copytree(GOOD, root)
        (root / relative).write_text(text, encoding="utf-8")
        try:
            build_site(root, work / "site", check_links=False)
        except DataErrors:
            assert_clean_outcome(root)  # the same errors, each located
        else:
            assert (work / "site" / "index.html").is_file()
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---- (d) files built to exhaust: refused quickly, with a message -----------------------------

BIG = loader.MAX_FILE_BYTES
LAUGHS = "\n".join(
    ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
) + "\n"
EXHAUSTING = {
    "oversized": ("a: '" + "x" * BIG + "'\n", "file is too large"),
    "many values, just under the size limit": ("- 1\n" * ((BIG - 100) // 4), "values"),
    "deep flow nesting": ("a: " + "[" * (BIG // 2 - 10) + "]" * (BIG // 2 - 10) + "\n", "nesting deeper than"),
    "deep block nesting": ("".join("  " * i + "a:\n" for i in range(990)) + "  " * 990 + "x\n", "nesting deeper than"),
    "unclosed deep nesting": ("{a: " * (BIG // 5), "nesting deeper than"),
    "billion laughs": (LAUGHS, "values"),
    "many aliases": ("a: &a x\nb: [" + ", ".join(["*a"] * ((BIG - 100) // 4)) + "]\n", "values"),
}


def _load_in_a_child(root: Path, timeout: float = 120) -> dict:
    """load_dataset(root) in a child process, so that a hang or a crashed interpreter (a C
    stack overflow) fails one test only. Forked, not a fresh interpreter: nothing to import
    again (a fresh one cost 0.4 s of CPU per case). {"seconds", "errors": [[file, line, message]]}."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child_load, args=(root, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            pytest.fail(f"load_dataset gave no answer in {timeout} s")
        answer = receive.recv()
    except EOFError:
        child.join(10)
        pytest.fail(f"load_dataset crashed its process (exit status {child.exitcode})")
    finally:
        child.kill()
        child.join()
    assert "traceback" not in answer, answer.get("traceback")
    return answer


def _child_load(root: Path, send) -> None:
    start = time.process_time()  # CPU seconds: what exhausting input costs, which a loaded machine cannot inflate
    try:
        try:
            load_dataset(root)
            errors = []
        except DataErrors as exc:
            errors = [[e.file, e.line, e.message] for e in exc.errors]
        send.send({"seconds": time.process_time() - start, "errors": errors})
    except BaseException:  # noqa: BLE001 — anything else is the failure being tested for: report it
        send.send({"traceback": traceback.format_exc()})


@pytest.mark.parametrize("name", EXHAUSTING)
def test_files_built_to_exhaust_are_refused_quickly_with_a_message(tmp_path, name):
    text, message = EXHAUSTING[name]
    root = tmp_path / "project"
    shutil.copytree(GOOD, root)
    relative = "data/cities/testcity/items/box-99.yml"
    (root / relative).write_text(text, encoding="utf-8")
    result = _load_in_a_child(root)
    assert result["errors"], "the file was accepted"
    assert all(file == relative for file, _, _ in result["errors"])
    assert any(message in text for _, _, text in result["errors"]), result["errors"]
    assert result["seconds"] < 5, f"took {result['seconds']:.1f} s"  # a hang guard, not a benchmark
