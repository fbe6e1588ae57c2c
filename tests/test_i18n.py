"""One interface catalogue (generator/site/i18n.py) for both languages, used by the theme too (issue 17)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from generator.engine.plugin import interface_string
from generator.site.i18n import LANGS, RULES, UI

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme"
# Templates whose words all come from the catalogue.
FROM_THE_CATALOGUE = ("main.html", "404.html", "partials/site-search.html")
# The one module that may ask which language it is: the catalogue and its language rules.
MAY_BRANCH_ON_LANGUAGE = {"generator/site/i18n.py"}
# `lang == "zh"`, `page_lang != 'en'`, `"en" == self.lang`: a choice of words or rules outside the catalogue.
_LANGUAGE_BRANCH = re.compile(r"""\w*lang\w*\s*[!=]=\s*["'](?:zh|en)["']|["'](?:zh|en)["']\s*[!=]=\s*[\w.]*lang""", re.I)
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
        used |= set(re.findall(r"""\bui\(\w+, ["']([a-z_]+)["']""", text))
    assert used and used <= set(UI["en"]), sorted(used - set(UI["en"]))


def test_a_page_without_a_language_gets_the_sites_first():
    assert interface_string("en", "search_button") == "Search"
    assert interface_string("zh", "search_button") == interface_string(None, "search_button") == "搜索"


def language_branches(root: Path) -> list[str]:
    """file:line of every branch on a language code in the generator's code, templates and theme."""
    found = []
    for path in sorted([*(root / "generator").rglob("*"), *(root / "theme").rglob("*")]):
        rel = path.relative_to(root).as_posix()
        if path.suffix not in (".py", ".j2", ".html", ".md") or rel in MAY_BRANCH_ON_LANGUAGE:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _LANGUAGE_BRANCH.search(line):
                found.append(f"{rel}:{n}: {line.strip()}")
    return found


def test_no_code_or_template_chooses_words_by_language():
    """Words are catalogue keys (UI), punctuation and language rules are RULES: both in generator/site/i18n.py."""
    assert language_branches(ROOT) == []


def test_the_branch_finder_finds_branches(tmp_path):
    (tmp_path / "generator").mkdir()
    (tmp_path / "theme").mkdir()
    (tmp_path / "generator" / "a.py").write_text('x = "：" if lang == "zh" else ": "\ny = 1\n', encoding="utf-8")
    (tmp_path / "theme" / "b.html").write_text("{% if page_lang != 'en' %}{% endif %}\n", encoding="utf-8")
    (tmp_path / "generator" / "c.j2").write_text('{% if "en" == lang %}{% endif %}\n', encoding="utf-8")
    assert [hit.split(": ")[0] for hit in language_branches(tmp_path)] == ["generator/a.py:1", "generator/c.j2:1", "theme/b.html:1"]


def test_every_language_has_its_rules():
    assert set(RULES) == set(LANGS)
    for lang, rules in RULES.items():
        # The marks every language writes (a space between words is "" in Chinese, so not checked).
        for name in ("colon", "comma", "enumeration", "list_separator", "open_bracket", "close_bracket", "og_locale", "bibtex_language"):
            assert getattr(rules, name).strip(), (lang, name)
        assert "{zh}" in rules.cited_title and ("{zh}" in rules.listed_title or "{en}" in rules.listed_title), lang
