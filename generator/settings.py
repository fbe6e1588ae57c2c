"""The build's settings from the environment (README.md, "Settings"), read in one place.

mkdocs.yml reads the same variables with the same defaults (`!ENV`) for the engine's own
use; the generate stage reads them here, so that it needs no engine to know them, and
hands them to the engine in the generated tree's manifest (generator/generate.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re

from .data.messages import render

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# An absolute http(s) address with nothing a page, a feed or a shell could misread: these
# values go into every canonical link, citation, embed snippet, sitemap and feed.
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$")
_NO_QUOTES = re.compile(r"^[^'\"<>\\]*$")


class SettingError(ValueError):
    """An environment setting that cannot be used (a usage error: exit status 2), with its
    error code (generator/data/messages.py): `code`, `params`."""

    def __init__(self, code: str, name: str, value: str):
        shown = value if len(value) <= 80 else value[:77] + "..."
        shown = repr(shown.encode("unicode_escape").decode("ascii"))
        self.code, self.params = code, {"name": name, "value": shown}
        super().__init__(f"[{code}] {render(code, self.params, 'zh')}\n[{code}] {render(code, self.params, 'en')}")


def _url(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if value and not (_URL.match(value) and _NO_QUOTES.match(value)):
        raise SettingError("bad-url-setting", name, value)
    return value


def site_url() -> str:
    """Where the site is published; always ends with a slash."""
    url = _url("SITE_URL", DEFAULT_SITE_URL)
    return url if url.endswith("/") else url + "/"


def site_url_is_set() -> bool:
    """False when SITE_URL is not set: every shareable link then points at 127.0.0.1."""
    return bool(os.environ.get("SITE_URL"))


def repo_url() -> str:
    """The repository holding data/: turns on the "edit this" links (empty: none)."""
    return _url("SITE_REPO_URL", "").rstrip("/")


def repo_branch() -> str:
    return os.environ.get("SITE_REPO_BRANCH") or "main"


def build_datetime() -> dt.datetime:
    """The build time, pinned by SOURCE_DATE_EPOCH (reproducible-builds.org), as MkDocs does."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not re.fullmatch(r"\d{1,11}", epoch):
            raise SettingError("bad-source-date-epoch", "SOURCE_DATE_EPOCH", epoch)
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)
