"""MkDocs hooks: make mkdocs-material's markup valid HTML (the Nu Html Checker
finds no error on any built page, tests/test_html.py).

Registered in mkdocs.yml under `hooks:` next to mkdocs_hooks.py. The markup
at fault comes from Material's partials (nav-item.html, toc.html, base.html's
page-top toggles), which are not template blocks; copying those large
partials to change one attribute each would fork them, so the finished HTML
is corrected here instead, each fix as narrow as the problem. Each fix is a
no-op when Material stops producing the markup.
"""

from __future__ import annotations

import re

# <input type="checkbox" autocomplete="off">: `autocomplete` is not allowed on
# checkboxes (Material uses it against Firefox restoring the drawer's state).
_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="off"')
# <label … tabindex="">: nav-item.html leaves the value empty for section
# labels; an empty tabindex is invalid, and its absence means the same.
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
# <label for="__toc">: toc.html points at the table-of-contents toggle that
# nav-item.html writes only for pages listed in the navigation.
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')


def fix_html(html: str) -> str:
    html = _CHECKBOX.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    return html


def on_post_page(output: str, page, config) -> str:
    return fix_html(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Static templates: 404.html (and sitemap.xml, which none of the fixes touch)."""
    return fix_html(output_content) if template_name.endswith(".html") else output_content
