"""The code passes its linter and its type checker, with the settings in pyproject.toml:
ruff (undefined and unused names, late-bound loop variables, silent zip truncation, …)
and mypy (check_untyped_defs, pydantic's plugin) over generator/, bench/ and site_build.py.
A failure lists what to fix; `ruff check --fix` repairs the mechanical ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECKED = ["generator", "bench", "site_build.py"]

pytestmark = pytest.mark.unit


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    run = _run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", *CHECKED)
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_finds_nothing():
    # Its files and settings come from pyproject.toml; its own cache (.mypy_cache/, checked
    # against each file's content) makes a second run take a second.
    run = _run(str(BIN / "mypy"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues found" in run.stdout
