"""Compiled Jinja templates kept in the cache folder's jinja/ (.cache/jinja/ by default) (the theme's and the generator's)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

from ..caching import code_version, versioned_folder
from ..paths import cache_dir


def _environment_version() -> str:
    """Jinja's version and the code that sets the environments up (and all it imports)."""
    return f"{jinja2.__version__}-{code_version('site/pages.py', 'site/jinja_cache.py', 'engine/plugin.py')}"


def template_cache(cache: Path | None = None) -> FileSystemBytecodeCache:
    """The engine makes a new Jinja environment for every build (and every shard), which
    compiles the theme's templates again (~0.5 s); with this cache a warm build or a
    `serve` rebuild loads them. Jinja checks each entry against its template's source,
    so an edited template is compiled again. `cache`: the build's cache folder (its context's,
    generator/site/context.py); by default SITE_CACHE_DIR's."""
    # Jinja keys entries by template source only, not by the environment that compiled them
    # (autoescape, filters, Jinja's version): the folder is named after the code that sets
    # the environment up, so a change there never reuses code compiled under the old one.
    folder = versioned_folder((cache or cache_dir()) / "jinja", _environment_version())
    return FileSystemBytecodeCache(str(folder))
