"""The site builds with either engine the adapter drives (generator/engine/README.md):
MkDocs 1.6.1 (every other build test) and ProperDocs 1.6.7, its maintained continuation.
Both builds give the same pages; only the engine's name in <meta name="generator"> differs."""

from __future__ import annotations

import re

import pytest

from conftest import PROJECT_ROOT, REQUIRE_BROWSER
from generator.build import build_site
from generator.engine import available

pytestmark = pytest.mark.build


def _without_generator_meta(html: str) -> str:
    return re.sub(r'<meta name="generator" content="[^"]*">', "", html)


def test_the_site_builds_with_properdocs(tmp_path, built_site):
    if not available("properdocs"):
        if REQUIRE_BROWSER:
            pytest.fail("REQUIRE_BROWSER=1 but properdocs is not installed: pip install -r requirements-test.txt")
        pytest.skip("properdocs is not installed: pip install 'properdocs==1.6.7' to test the second engine")
    site = tmp_path / "site"
    build_site(PROJECT_ROOT, site, engine_name="properdocs")
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file())
    html = (site / "en/cities/shangrao/services/radio/index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in html
    same = (built_site / "en/cities/shangrao/services/radio/index.html").read_text(encoding="utf-8")
    article = re.compile(r"<article.*?</article>", re.S)
    assert article.search(_without_generator_meta(html)).group(0) == article.search(_without_generator_meta(same)).group(0)
