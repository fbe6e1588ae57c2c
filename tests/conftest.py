"""Fixtures shared by the build and browser tests: the project root, one full
build of the real site per run, that build served on 127.0.0.1 as in
production (nginx with deploy/nginx.conf), Debian's Chromium, and the Nu Html
Checker run on the build in the background.
(The data-test helpers live in tests/helpers.py, the browser helpers in tests/browsing.py.)"""

from __future__ import annotations

import functools
import grp
import http.server
import json
import os
import pwd
import shutil
import signal
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
# CI sets REQUIRE_BROWSER=1: then a missing Chromium, nginx or Java is a failure, not a skip.
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
def built_site(tmp_path_factory, request) -> Path:
    """The real site, built once per test session into a temporary folder.

    When the session includes the HTML validity test, the Nu Html Checker is
    started on the result at once, in the background (see `html_check_result`)."""
    from generator.build import build_site

    site = tmp_path_factory.mktemp("built") / "site"
    build_site(PROJECT_ROOT, site)
    if JAVA and VNU_JAR.is_file() and any(
            getattr(item, "originalname", item.name) == HTML_CHECK_TEST for item in request.session.items):
        check = _HtmlCheck(site, tmp_path_factory.mktemp("vnu"))
        request.config.stash[_HTML_CHECK] = check
        request.addfinalizer(check.stop)
    return site


# ---- the Nu Html Checker ----------------------------------------------------

VNU_JAR = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
HTML_CHECK_TEST = "test_every_built_page_is_valid_html"
_HTML_CHECK = pytest.StashKey()


class _HtmlCheck:
    """vnu.jar over every page of a built site, in one JVM (it is slow to start), in the background."""

    def __init__(self, site: Path, tmp: Path):
        self.files = sorted(site.rglob("*.html"))
        self.report = tmp / "vnu.json"
        self.started = time.monotonic()
        with self.report.open("wb") as out:  # vnu writes its JSON report to stderr
            self.proc = subprocess.Popen(
                [JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, self.files)],
                stdout=subprocess.DEVNULL, stderr=out, preexec_fn=_die_with_parent)

    def result(self) -> dict:
        self.proc.wait(timeout=900)
        text = self.report.read_text(encoding="utf-8", errors="replace")
        try:
            report = json.loads(text)
        except ValueError:
            raise AssertionError(f"vnu.jar failed (exit {self.proc.returncode}):\n{text[-3000:]}") from None
        return {"messages": report.get("messages", []), "checked": len(self.files),
                "seconds": time.monotonic() - self.started}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def html_check_result(request, site: Path) -> dict:
    """The Nu Html Checker's report on `site`: {"messages": [...], "checked": pages, "seconds": …}.
    Skips without Java (fails under REQUIRE_BROWSER=1, as in CI)."""
    if not JAVA:
        if REQUIRE_BROWSER:
            pytest.fail("REQUIRE_BROWSER=1 but Java is not installed (apt-get install default-jre-headless)")
        pytest.skip("the HTML check needs Java for the Nu Html Checker: run `apt-get install default-jre-headless`")
    if not VNU_JAR.is_file():
        pytest.fail("vnu-jar is missing from node_modules: run `make setup` (npm ci)")
    check = request.config.stash.get(_HTML_CHECK, None)
    if check is None:
        check = _HtmlCheck(site, request.getfixturevalue("tmp_path_factory").mktemp("vnu"))
        request.addfinalizer(check.stop)
    return check.result()


class SiteURL(str):
    """The served site's base URL (no trailing slash); `.nginx` tells whether
    it is served as in production (deploy/nginx.conf) or by the Python fallback."""

    nginx: bool = False


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once per session by Playwright (see tests/browsing.py)."""
    from browsing import CHROMIUM, LAUNCH_ARGS, skip_without_browser
    from playwright.sync_api import sync_playwright

    skip_without_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


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


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the test process dies, even if killed
    (Linux prctl PR_SET_PDEATHSIG), so no nginx outlives an interrupted run."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


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
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
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
