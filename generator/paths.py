"""Where the project's own files are: one definition for every stage."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
THEME = PROJECT / "theme"
CONTENT = PROJECT / "content"


def cache_dir() -> Path:
    """Where builds keep what they may reuse (compiled templates, drawn charts, the change
    history, serve's work): SITE_CACHE_DIR, checked, or the project's .cache/. Read at each
    use, so that a test session (tests/conftest.py) or a benchmark run can point it elsewhere."""
    from . import settings  # here: settings needs PROJECT from this module

    return settings.cache_dir(PROJECT)
