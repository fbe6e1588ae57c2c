"""Fixtures shared by the build and browser tests: the project root, one full
build of the real site per run, and that build served on 127.0.0.1.
(The data-test helpers live in tests/helpers.py.)"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def copy_project_data(dest: Path) -> Path:
    """A copy of the project's data/ under `dest`; returns `dest`, usable as a root for build_site."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT_ROOT / "data", dest / "data")
    return dest


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    from generator.build import build_site

    site = tmp_path_factory.mktemp("built") / "site"
    build_site(PROJECT_ROOT, site)
    return site


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served over HTTP on 127.0.0.1; yields its base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass
