"""Fixtures shared by the build and browser tests: the project root, one full
build of the real site per run, and that build served on 127.0.0.1.
(The data-test helpers live in tests/helpers.py.)"""

from __future__ import annotations

import functools
import grp
import http.server
import os
import pwd
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Test builds link every page to its data file in this (example) repository.
TEST_REPO_URL = "https://github.com/example/public-services"
os.environ.setdefault("SITE_REPO_URL", TEST_REPO_URL)
# CI sets REQUIRE_BROWSER=1: then a missing Chromium or nginx is a failure, not a skip.
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None)
NO_NGINX = ("nginx is not installed, so the site was served by Python's http.server without the production "
            "headers (CSP, caching, gzip): run `apt-get install nginx` (Debian) to test them")


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


class SiteURL(str):
    """The served site's base URL (no trailing slash); `.nginx` tells whether
    it is served as in production (deploy/nginx.conf) or by the Python fallback."""

    nginx: bool = False


@pytest.fixture(scope="session")
def site_server(built_site, tmp_path_factory):
    """The built site served on 127.0.0.1; yields its base URL (no trailing slash).

    Served by Debian's nginx with the project's deploy/nginx.conf, headers and
    CSP included, started as the current user with its pid, logs and temp files
    in a temporary folder. Without nginx the Python server stands in (tests of
    the production headers then skip, see `production_server`), unless
    REQUIRE_BROWSER=1, where a missing nginx fails.
    """
    if NGINX:
        with _nginx(built_site, tmp_path_factory.mktemp("nginx")) as url:
            yield url
        return
    if REQUIRE_BROWSER:
        pytest.fail("REQUIRE_BROWSER=1 but nginx is not installed (apt-get install nginx)")
    with _python_server(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def production_server(site_server):
    """The site as served in production; skips (with how to fix it) when nginx is missing."""
    if not site_server.nginx:
        pytest.skip(NO_NGINX)
    return site_server


def render_nginx_conf(site: Path, listen: str) -> str:
    """deploy/nginx.conf with its placeholders filled in."""
    return NGINX_TEMPLATE.read_text(encoding="utf-8").replace("@ROOT@", str(site)).replace("@LISTEN@", listen)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _nginx:
    """nginx in the foreground (daemon off) with a throw-away prefix; a context manager."""

    def __init__(self, site: Path, tmp: Path):
        self.site, self.tmp = site, tmp
        self.proc: subprocess.Popen | None = None

    def _main_conf(self, port: int) -> Path:
        (self.tmp / "site.conf").write_text(render_nginx_conf(self.site, f"127.0.0.1:{port}"), encoding="utf-8")
        # As root, workers would otherwise run as `nobody`, who cannot read the
        # pytest temp folders (mode 700); as anyone else `user` must be absent.
        user = ""
        if os.geteuid() == 0:
            user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
        temp = " ".join(f"{kind}_temp_path {self.tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = self.tmp / "nginx.conf"
        conf.write_text(f"""{user}
worker_processes 1;
pid {self.tmp / 'nginx.pid'};
error_log {self.tmp / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    access_log {self.tmp / 'access.log'};
    {temp}
    include {self.tmp / 'site.conf'};
}}
""", encoding="utf-8")
        return conf

    def __enter__(self) -> SiteURL:
        for _attempt in range(3):  # the free port may be taken between choosing and binding it
            port = _free_port()
            conf = self._main_conf(port)
            self.proc = subprocess.Popen(
                [NGINX, "-p", str(self.tmp), "-e", str(self.tmp / "error.log"), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                except OSError:
                    time.sleep(0.05)
                    continue
                url = SiteURL(f"http://127.0.0.1:{port}")
                url.nginx = True
                return url
            self._stop()
        log = (self.tmp / "error.log").read_text(errors="replace") if (self.tmp / "error.log").exists() else ""
        raise RuntimeError(f"nginx did not start with deploy/nginx.conf:\n{log[-3000:]}")

    def _stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM to the master we started: fast shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __exit__(self, *exc) -> None:
        self._stop()


class _python_server:
    """The fallback: Python's http.server in a thread; a context manager."""

    def __init__(self, site: Path):
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> SiteURL:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return SiteURL(f"http://127.0.0.1:{self.server.server_address[1]}")

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass
