"""The build's settings from the environment (README.md, "Settings"), read in one place.

mkdocs.yml reads the same variables with the same defaults (`!ENV`) for the engine's own
use; the generate stage reads them here, so that it needs no engine to know them, and
hands them to the engine in the generated tree's manifest (generator/generate.py).
"""

from __future__ import annotations

import datetime as dt
import os

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def site_url() -> str:
    return os.environ.get("SITE_URL") or DEFAULT_SITE_URL


def repo_url() -> str:
    """The repository holding data/: turns on the "edit this" links (empty: none)."""
    return (os.environ.get("SITE_REPO_URL") or "").rstrip("/")


def repo_branch() -> str:
    return os.environ.get("SITE_REPO_BRANCH") or "main"


def build_datetime() -> dt.datetime:
    """The build time, pinned by SOURCE_DATE_EPOCH (reproducible-builds.org), as MkDocs does."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)
