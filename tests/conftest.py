"""Fixtures shared by the build and browser tests: the project root, one full
build of the real site per run, that build served on 127.0.0.1 as in
production (nginx with deploy/nginx.conf), Debian's Chromium, and the Nu Html
Checker run on the build in the background.

Every test is in one tier (pyproject.toml declares the markers), decided by the fixtures it
uses (`tier` below) or by an explicit mark where it builds a site itself:
    unit     no site build, no browser: `make test-fast`, `pytest -m unit`
    build    builds a site, or reads the shared build (`built_site`)
    browser  drives Chromium, or needs nginx serving a site
A unit test that reaches the engine fails (`_no_render_in_unit_tests`): mark it build.
The build's caches (SITE_CACHE_DIR) go to a temporary folder per session, never the
project's .cache/.
(The data-test helpers live in tests/helpers.py, the browser helpers in tests/browsing.py.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
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


TIERS = ("unit", "build", "browser")  # in order: a test is in the highest its fixtures call for
_CACHE_DIR = pytest.StashKey[Path]()


def tier(name: str):
    """Decorator for a fixture function (under @pytest.fixture): every test that uses the
    fixture, directly or through another fixture, is in tier `name` ("build" or "browser")."""
    assert name in TIERS[1:], name

    def mark(function):
        function.tier = name
        return function
    return mark


def _tier_of_fixtures(item: pytest.Item) -> str:
    info = getattr(item, "_fixtureinfo", None)  # pytest keeps each test's fixture closure here
    found = "unit"
    for defs in (info.name2fixturedefs.values() if info else ()):
        for fixturedef in defs:
            wanted = getattr(fixturedef.func, "tier", "unit")
            found = max(found, wanted, key=TIERS.index)
    return found


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by these marks
def pytest_collection_modifyitems(config, items):
    """Give every test exactly one tier: its explicit mark, or the one its fixtures call for."""
    problems = []
    for item in items:
        marked = [m.name for m in item.iter_markers() if m.name in TIERS]
        needed = _tier_of_fixtures(item)
        if len(set(marked)) > 1:
            problems.append(f"{item.nodeid}: marked {' and '.join(sorted(set(marked)))} (a module's pytestmark and its "
                            "own?): one tier only, so `-m` selects it once; mark the exceptions, not the module")
        elif marked and TIERS.index(marked[0]) < TIERS.index(needed):
            problems.append(f"{item.nodeid}: marked {marked[0]} but uses a {needed} fixture")
        elif not marked:
            item.add_marker(needed)
    if problems:
        raise pytest.UsageError("test tiers (tests/conftest.py):\n" + "\n".join(problems))


def pytest_configure(config):
    """The build's caches in a fresh folder for this session (inherited by every build the
    tests run, in this process or a child): never the project's .cache/, never another run's."""
    cache = Path(tempfile.mkdtemp(prefix="site-cache-"))
    config.stash[_CACHE_DIR] = cache
    os.environ["SITE_CACHE_DIR"] = str(cache)


def pytest_unconfigure(config):
    cache = config.stash.get(_CACHE_DIR, None)
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_render_in_unit_tests(request, monkeypatch):
    """A unit test must not render a site (it would be slow, and its tier a lie): the engine
    refuses, in this process, with what to do instead."""
    if request.node.get_closest_marker("unit") is None:
        return
    from generator import engine

    def refuse(*args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} renders a site but is in the unit tier: mark it "
                             "@pytest.mark.build, or use a fixture marked @tier(\"build\") such as built_site")
    monkeypatch.setattr(engine, "render_shards", refuse)


def copy_project_data(dest: Path) -> Path:
    """A copy of the project's data/ under `dest`; returns `dest`, usable as a root for build_site."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT_ROOT / "data", dest / "data")
    return dest


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def dataset():
    """The real data/, loaded and validated once per session; shared, so no test may change it."""
    from generator.data.validate import load_dataset

    return load_dataset(PROJECT_ROOT)


@pytest.fixture(scope="session")
@tier("build")
def built_site(tmp_path_factory, request) -> Path:
    """The real site, built once per test session into a temporary folder, shared by every
    test that reads it (none may change it). The folder held a previous build (a stale page
    and the build marker), as a published site does: tests/test_build.py checks it was replaced.

    When the session includes the HTML validity test, the Nu Html Checker is
    started on the result at once, in the background (see `html_check_result`)."""
    from generator.build import build_site

    from generator.build import MARKER, MARKER_TEXT

    site = tmp_path_factory.mktemp("built") / "site"
    site.mkdir()
    (site / STALE_PAGE).write_text("a page the previous build had", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    build_site(PROJECT_ROOT, site)
    if JAVA and VNU_JAR.is_file() and any(
            getattr(item, "originalname", item.name) == HTML_CHECK_TEST for item in request.session.items):
        check = _HtmlCheck(site, tmp_path_factory.mktemp("vnu"))
        request.config.stash[_HTML_CHECK] = check
        request.addfinalizer(check.stop)
    return site


STALE_PAGE = "stale.html"  # in the folder before built_site's build


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
@tier("browser")
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
@tier("browser")
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
