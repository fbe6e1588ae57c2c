"""Fixtures shared by the build and browser tests: the project root, one full
build of the real site per run, that build served on 127.0.0.1 as in
production (nginx with deploy/nginx.conf), Debian's Chromium, and the Nu Html
Checker run on the build in the background.
(The data-test helpers live in tests/helpers.py, the browser helpers in tests/browsing.py.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bench import localserve

PROJECT_ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Test builds link every page to its data file in this (example) repository.
TEST_REPO_URL = "https://github.com/example/public-services"
os.environ.setdefault("SITE_REPO_URL", TEST_REPO_URL)
# ...and are published at this (example) address: set, not defaulted, so that the tests build the
# same site on a laptop and on CI (whose workflow sets its own SITE_URL), and so that a build a
# test runs as a command passes CI's rule that a build needs SITE_URL (generator/settings.py).
# A build without it is tested on its own (tests/test_site_url.py).
TEST_SITE_URL = "https://standards.example.gov.cn/"
os.environ["SITE_URL"] = TEST_SITE_URL
# CI sets REQUIRE_BROWSER=1: then a missing Chromium, nginx or Java is a failure, not a skip.
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
NGINX = localserve.NGINX
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
                stdout=subprocess.DEVNULL, stderr=out, preexec_fn=localserve.die_with_parent)

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
        with localserve.nginx(built_site, tmp_path_factory.mktemp("nginx")) as url:
            served = SiteURL(url)
            served.nginx = True
            yield served
        return
    if REQUIRE_BROWSER:
        pytest.fail("REQUIRE_BROWSER=1 but nginx is not installed (apt-get install nginx)")
    with localserve.python_server(built_site) as url:
        yield SiteURL(url)


@pytest.fixture(scope="session")
def production_server(site_server):
    """The site as served in production; skips (with how to fix it) when nginx is missing."""
    if not site_server.nginx:
        pytest.skip(NO_NGINX)
    return site_server


render_nginx_conf = localserve.render_nginx_conf  # tests/test_serving.py checks the template
