"""Compiled Jinja templates kept in the cache folder's jinja/ (.cache/jinja/ by default) (the theme's and the generator's)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import jinja2
from jinja2 import FileSystemBytecodeCache

from ..paths import PROJECT, cache_dir

# The code that sets up the Jinja environments whose compiled templates are cached.
_ENVIRONMENT_CODE = ("generator/site/pages.py", "generator/site/jinja_cache.py", "generator/engine/plugin.py")


@lru_cache(maxsize=1)
def _environment_version() -> str:
    digest = hashlib.sha256(jinja2.__version__.encode())
    for module in _ENVIRONMENT_CODE:
        digest.update((PROJECT / module).read_bytes())
    return digest.hexdigest()[:16]


def template_cache() -> FileSystemBytecodeCache:
    """The engine makes a new Jinja environment for every build (and every shard), which
    compiles the theme's templates again (~0.5 s); with this cache a warm build or a
    `serve` rebuild loads them. Jinja checks each entry against its template's source,
    so an edited template is compiled again."""
    # Jinja keys entries by template source only, not by the environment that compiled them
    # (autoescape, filters, Jinja's version): the folder is named after the code that sets
    # the environment up, so a change there never reuses code compiled under the old one.
    folder = cache_dir() / "jinja" / _environment_version()
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
