"""The package layout's promises: pins agree, the engine stays in its adapter, nothing edits sys.path."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.unit


def _pins(path: Path) -> set[str]:
    pins = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-r"):
            pins.add(line.lower())
    return pins


def test_pyproject_pins_mirror_the_requirements_files():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert {p.lower() for p in project["dependencies"]} == _pins(ROOT / "requirements.txt")
    assert {p.lower() for p in project["optional-dependencies"]["test"]} == _pins(ROOT / "requirements-test.txt")


_ENGINE_IMPORT = re.compile(r"^\s*(?:from|import) (?:mkdocs|material|properdocs)\b", re.M)


def test_only_the_engine_adapter_imports_the_engine():
    offenders = [str(p.relative_to(ROOT)) for p in [ROOT / "site_build.py", *(ROOT / "generator").rglob("*.py")]
                 if "engine" not in p.relative_to(ROOT).parts and _ENGINE_IMPORT.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_nothing_edits_sys_path():
    files = [ROOT / "site_build.py", *(ROOT / "generator").rglob("*.py"), *(ROOT / "bench").glob("*.py"), *(ROOT / "tests").glob("*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in files
                 if p.name != "test_packaging.py" and re.search(r"sys\.path\.(insert|append)", p.read_text(encoding="utf-8"))]
    assert offenders == []
