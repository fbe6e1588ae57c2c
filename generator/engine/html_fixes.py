"""Make mkdocs-material's markup valid HTML (the Nu Html Checker finds no error on
any built page, tests/test_html.py).

Called by the shard plugin (generator/engine/plugin.py) on every finished page. The markup
at fault comes from Material's partials (nav-item.html, toc.html, base.html's
page-top toggles), which are not template blocks; copying those large
partials to change one attribute each would fork them, so the finished HTML
is corrected here instead, each fix as narrow as the problem. Each fix is a
no-op when Material stops producing the markup.
"""

from __future__ import annotations

import re

from ..site.i18n import t

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
# <div data-md-component="skip"></div>: Material writes the skip link only for
# pages with a table of contents (the 404 page has none); point it at the h1.
_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
_H1_ID = re.compile(r'<h1\b[^>]*\bid="([^"]+)"')


def fix_html(html: str) -> str:
    html = _CHECKBOX.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r"\1", html)
    h1 = _H1_ID.search(html)
    if h1 and _EMPTY_SKIP.search(html):
        text = t("en" if '<html lang="en"' in html else "zh", "skip_to_content")
        html = _EMPTY_SKIP.sub(lambda m: f'{m.group(1)}<a href="#{h1.group(1)}" class="md-skip">{text}</a>{m.group(2)}', html, count=1)
    return html
