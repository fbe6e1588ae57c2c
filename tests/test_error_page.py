"""The guide's page of error codes (/guide/errors/, /en/guide/errors/) is generated from the
catalogue (generator/data/messages.py): every code, with its message, explanation and hint,
in the page's language; the built site has both pages."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from helpers import GOOD

from generator.data import messages
from generator.data.validate import load_dataset
from generator.site.pages import render
from generator.site.sitemodel import ERRORREF_PATH, build_site_model


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    model = build_site_model(load_dataset(GOOD))
    found = {p.lang: render(p, model) for p in model.pages if p.path == ERRORREF_PATH}
    assert sorted(found) == ["en", "zh"]
    return {lang: html.unescape(text) for lang, text in found.items()}


@pytest.mark.unit
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_explains_every_code_in_its_language(pages, lang):
    page = pages[lang]
    for code, kind in messages.CATALOGUE.items():
        assert f'<h3 id="{code}">' in page, code
        assert kind.explanation[lang] in page and kind.hint[lang] in page, code
        assert messages.pattern(kind, lang) in page, code
    other = "en" if lang == "zh" else "zh"
    assert messages.CATALOGUE["quote-not-found"].hint[other] not in page


@pytest.mark.unit
def test_the_chinese_page_also_shows_the_english_message_the_terminal_prints(pages):
    assert messages.pattern(messages.CATALOGUE["not-a-number"], "en") in pages["zh"]
    assert "expected a number, got ‹value›" in pages["zh"] and "应为数字，实际是 ‹value›" in pages["zh"]


@pytest.mark.build
def test_the_built_site_has_both_error_pages(built_site: Path):
    for prefix in ("", "en"):
        path = built_site / prefix / "guide" / "errors" / "index.html"
        assert 'id="quote-not-found"' in path.read_text(encoding="utf-8"), path
