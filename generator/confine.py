"""Hand-written pages and theme files come from pull requests too: no symbolic links.

The engine copies every file under content/ and theme/ into the site. A symbolic link
there (`content/passwd.md -> /etc/passwd`) would publish whatever it points at, so any
link in those folders stops the build, named. (data/ has its own, finer rules in
generator/validate.py: links inside data/ to files are allowed there.)
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError

def symbolic_links(root: Path, folders: list[Path]) -> list[DataError]:
    """A located error (a path relative to `root`) for every symbolic link under the folders, not followed."""
    errors = []
    for top in folders:
        name = _shown(top, root)
        if top.is_symlink():
            errors.append(DataError(name, 0, 0, "", "symbolic link: the engine would publish what it points at; put the files here"))
            continue
        for folder, subfolders, files in os.walk(top, followlinks=False):
            for entry in sorted(subfolders + files):
                path = Path(folder) / entry
                if path.is_symlink():
                    errors.append(DataError(_shown(path, root), 0, 0, "", "symbolic link: the engine would publish what it points at; put the files here"))
    return errors


def _shown(path: Path, root: Path) -> str:
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    return shown.encode("unicode_escape").decode("ascii")  # no line breaks or escapes from a name
