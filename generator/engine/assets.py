"""Fingerprinted file names for the site's own scripts and stylesheets.

`assets/javascripts/site.js` is published as `assets/javascripts/site.<hash>.js`,
where <hash> is the first 8 hex digits of the SHA-256 of its content, so a
browser may keep it for a year (deploy/nginx.conf sends `immutable` for such
names) and still gets a new file the moment it changes. Material's own bundle
and stylesheets already have such names.

Templates ask for the published name with the `asset` filter
(`{{ 'assets/javascripts/site.js' | asset | url }}`); `extra_css` in mkdocs.yml
is rewritten here. The search worker keeps its name: Material's configuration
points at it (theme/main.html), and it is a 1 KB file revalidated on each visit.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

from mkdocs.structure.files import File, Files

FINGERPRINTED_SUFFIXES = (".js", ".css")
KEEP_NAME = ("assets/javascripts/workers/",)


def fingerprinted_name(uri: str, content: bytes) -> str:
    stem, ext = posixpath.splitext(uri)
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}{ext}"


def _ours(file: File, sources: tuple[Path, ...]) -> bool:
    uri = file.src_uri
    src = Path(file.abs_src_path) if file.abs_src_path else None
    return (uri.endswith(FINGERPRINTED_SUFFIXES) and not uri.startswith(KEEP_NAME)
            and src is not None and any(src == s or s in src.parents for s in sources))


def fingerprint(files: Files, config, sources: tuple[Path, ...]) -> dict[str, str]:
    """Give the scripts and stylesheets that come from `sources` (our theme folder, the
    ECharts build) fingerprinted names; returns {name: published name}. Material's
    files are left alone: theirs are fingerprinted already."""
    names: dict[str, str] = {}
    for file in [f for f in files.media_files() if _ours(f, sources)]:
        published = fingerprinted_name(file.src_uri, file.content_bytes)
        files.remove(file)
        files.append(File.generated(config, published, abs_src_path=str(file.abs_src_path)))  # set: _ours checked it
        names[file.src_uri] = published
    config.extra_css = [names.get(css, css) for css in config.extra_css]
    return names
