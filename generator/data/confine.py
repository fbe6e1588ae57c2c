"""Hand-written pages and theme files come from pull requests too: no symbolic links, no active HTML.

The engine copies every file under content/ and theme/ into the site. A symbolic link
there (`content/passwd.md -> /etc/passwd`) would publish whatever it points at, so any
link in those folders stops the build, named. (data/ has its own, finer rules in
generator/validate.py: links inside data/ to files are allowed there.)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import DataError

def symbolic_links(root: Path, folders: list[Path]) -> list[DataError]:
    """A located error (a path relative to `root`) for every symbolic link under the folders, not followed."""
    errors = []
    for top in folders:
        name = _shown(top, root)
        if top.is_symlink():
            errors.append(DataError(name, 0, 0, "", "published-link"))
            continue
        for folder, subfolders, files in os.walk(top, followlinks=False):
            for entry in sorted(subfolders + files):
                path = Path(folder) / entry
                if path.is_symlink():
                    errors.append(DataError(_shown(path, root), 0, 0, "", "published-link"))
    return errors


def _shown(path: Path, root: Path) -> str:
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    return shown.encode("unicode_escape").decode("ascii")  # no line breaks or escapes from a name


# ---- what hand-written pages may contain --------------------------------------------------

# Files the engine copies from content/ as they are: pages, and raster images. An SVG or a
# script file would be served from the site's own origin, where `script-src 'self'` trusts it.
CONTENT_SUFFIXES = frozenset({".md", ".png", ".jpg", ".jpeg", ".webp"})
# Raw HTML in Markdown is passed through to the page: no element that runs, loads or frames
# something, no event handler, no javascript: URL. (Plain Markdown and harmless tags are fine.)
_ACTIVE_HTML = re.compile(
    r"<\s*/?\s*(script|iframe|frame|object|embed|form|base|meta|link|style|svg|math|template)\b"
    r"|\son[a-z]+\s*="
    r"|(?:java|vb)script\s*:"
    r"|data\s*:\s*text/html",
    re.IGNORECASE,
)


def content_problems(root: Path, docs_dir: Path) -> list[DataError]:
    """A located error for every file in content/ of a kind the site must not serve, and
    every line of a page that carries active HTML."""
    errors = []
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        shown = _shown(path, root)
        if path.suffix.lower() not in CONTENT_SUFFIXES:
            errors.append(DataError(shown, 0, 0, "", "content-file-type", suffix=path.suffix or "(none)"))
            continue
        if path.suffix.lower() != ".md":
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            errors.append(DataError(shown, 0, 0, "", "not-utf8", reason=exc.reason, byte=exc.start))
            continue
        for number, line in enumerate(lines, start=1):
            if found := _ACTIVE_HTML.search(line):
                errors.append(DataError(shown, number, found.start() + 1, "", "active-html", html=found.group().strip()))
    return errors
