"""Links that work when shared, and a site that never points at the machine that built it.

Without SITE_URL (a local preview) the build gives no address it does not know: relative links,
no canonical link, no sitemap (the sitemaps protocol requires absolute URLs), feeds with relative
links and urn:uuid ids, citations and embed code that say the address is not set — and one
warning. A build on CI (CI=true) or with SITE_URL_REQUIRED=1 refuses to run without it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import PROJECT_ROOT, tier
from generator import settings



@pytest.fixture(scope="module")
@tier("build")
def site_without_url(tmp_path_factory) -> Path:
    from generator.build import build_site

    site = tmp_path_factory.mktemp("no-site-url") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)
        build_site(PROJECT_ROOT, site)  # finishes with the link check: relative links all resolve
    return site


def test_a_build_without_site_url_never_names_this_machine(site_without_url):
    files = [p for p in sorted(site_without_url.rglob("*")) if p.is_file()]
    assert len(files) > 1000
    for path in files:
        rel = path.relative_to(site_without_url).as_posix()
        data = path.read_bytes()
        assert b"127.0.0.1" not in data and b"://localhost" not in data, rel
    # Material's source maps (one quotes its development server's address) are not published.
    assert not [p for p in files if p.suffix == ".map"]


def test_without_site_url_what_needs_an_absolute_address_is_left_out_or_says_so(site_without_url):
    import feedparser

    assert not (site_without_url / "sitemap.xml").exists() and not (site_without_url / "sitemap.xml.gz").exists()
    pages = sorted(site_without_url.rglob("*.html"))
    assert not [p for p in pages if 'rel="canonical"' in p.read_text(encoding="utf-8")]
    page = (site_without_url / "en/cities/shangrao/indicators/life-expectancy/index.html").read_text(encoding="utf-8")
    assert "&lt;iframe" not in page and "no embed code is offered here" in page
    cite = re.search(r'<p id="cite-text"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "address not set" in cite and "http" not in cite
    zh = (site_without_url / "cities/shangrao/indicators/life-expectancy/index.html").read_text(encoding="utf-8")
    assert "网址未设置" in zh and "不提供嵌入代码" in zh
    for feed_file in sorted(site_without_url.rglob("feed.xml")):
        rel = feed_file.relative_to(site_without_url).as_posix()
        feed = feedparser.parse(feed_file.read_bytes(), response_headers={"content-location": "https://x.test/" + rel, "content-type": "application/atom+xml"})
        assert not feed.bozo, rel
        assert feed.feed.id.startswith("urn:uuid:") and all(e.id.startswith("urn:uuid:") for e in feed.entries), rel
        for entry in feed.entries:  # relative links resolve, from the feed's address, to pages that exist
            target = urljoin("https://x.test/" + rel, entry.link).removeprefix("https://x.test/").split("#")[0]
            assert (site_without_url / target / "index.html").is_file(), (rel, entry.link)


def _site_build(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "CI", "SITE_URL_REQUIRED")}
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "site_build.py"), *args], capture_output=True,
                          text=True, env={**environment, **env}, timeout=120)


@pytest.mark.build  # runs site_build.py in its own processes
@pytest.mark.parametrize("env", [{"CI": "true"}, {"SITE_URL_REQUIRED": "1"}])
@pytest.mark.parametrize("command", ["build", "merge"])
def test_a_ci_build_without_site_url_fails_before_building(tmp_path, env, command):
    args = ["build", "--site-dir", str(tmp_path / "site")] if command == "build" else [
        "merge", str(tmp_path / "part"), "--site-dir", str(tmp_path / "site")]
    run = _site_build(*args, **env)
    assert run.returncode == 2, run.stderr
    assert "[site-url-required] 环境变量 SITE_URL 未设置" in run.stderr and "a build needs the site's public address" in run.stderr
    assert ("SITE_URL_REQUIRED=1" if "SITE_URL_REQUIRED" in env else "CI=true") in run.stderr  # why
    assert "SITE_URL_REQUIRED=0" in run.stderr  # the way out, for a preview
    assert not (tmp_path / "site").exists()


@pytest.mark.build  # runs site_build.py in its own process
def test_without_the_rule_a_missing_site_url_is_one_warning(tmp_path):
    # CI=true with SITE_URL_REQUIRED=0: allowed, warned once. (merge of nothing: fails later, not on settings)
    run = _site_build("merge", str(tmp_path / "part"), "--site-dir", str(tmp_path / "site"), CI="true", SITE_URL_REQUIRED="0")
    assert run.returncode == 1 and run.stderr.count("SITE_URL (the site's public address) is not set") == 1, run.stderr
    assert run.stderr.count("未设置 SITE_URL") == 1


@pytest.mark.unit
@pytest.mark.parametrize("env, required", [
    ({}, False), ({"CI": "true"}, True), ({"CI": "1"}, True), ({"CI": "false"}, False),
    ({"SITE_URL_REQUIRED": "1"}, True), ({"CI": "true", "SITE_URL_REQUIRED": "0"}, False)])
def test_when_site_url_is_required(monkeypatch, env, required):
    for name in ("CI", "SITE_URL_REQUIRED", "SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert settings.site_url_required() is required
    if required:
        with pytest.raises(settings.SettingError, match="SITE_URL"):
            settings.check_site_url()
    else:
        assert settings.check_site_url() == ""
    monkeypatch.setenv("SITE_URL", "https://x.org/")
    assert settings.check_site_url() == "https://x.org/"


@pytest.mark.unit
def test_a_required_flag_that_is_neither_0_nor_1_is_refused(monkeypatch):
    monkeypatch.setenv("SITE_URL_REQUIRED", "yes")
    with pytest.raises(settings.SettingError, match="SITE_URL_REQUIRED"):
        settings.site_url_required()
