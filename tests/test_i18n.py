"""One interface catalogue (generator/site/i18n.py) for both languages, used by the theme too (issue 17)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from generator.engine.plugin import interface_string
from generator.site.i18n import LANGS, UI

pytestmark = pytest.mark.unit

THEME = Path(__file__).resolve().parent.parent / "theme"
# Templates whose words all come from the catalogue (404.html says its two lines in both languages at once).
FROM_THE_CATALOGUE = ("main.html", "partials/site-search.html")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders():
    assert set(LANGS) == set(UI)
    assert set(UI["zh"]) == set(UI["en"]), {lang: sorted(set(UI[lang]) - set(UI[LANGS[1 - i]])) for i, lang in enumerate(LANGS)}
    for key in UI["zh"]:
        assert UI["zh"][key].strip() and UI["en"][key].strip(), key
        assert _fields(UI["zh"][key]) == _fields(UI["en"][key]), key
        if key != "switch_language":  # the link to the Chinese page says 中文
            assert not _CJK.search(UI["en"][key]), key  # an English string with a Chinese comma or word


def test_the_theme_takes_its_words_from_the_catalogue():
    used = set()
    for name in FROM_THE_CATALOGUE:
        text = re.sub(r"\{#.*?#\}", "", (THEME / name).read_text(encoding="utf-8"), flags=re.S)
        assert not _CJK.search(text), f"theme/{name}: interface words belong in generator/site/i18n.py"
        assert 'page_lang == "zh"' not in text, name
        used |= set(re.findall(r"""\bui\(page_lang, ["']([a-z_]+)["']""", text))
    assert used and used <= set(UI["en"]), sorted(used - set(UI["en"]))


def test_a_page_without_a_language_gets_the_sites_first():
    assert interface_string("en", "search_button") == "Search"
    assert interface_string("zh", "search_button") == interface_string(None, "search_button") == "搜索"
