"""Where the project's own files are: one definition for every stage."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
THEME = PROJECT / "theme"
CONTENT = PROJECT / "content"
CACHE = PROJECT / ".cache"
