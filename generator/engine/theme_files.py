"""The theme's files, listed once per build in each worker instead of once per shard.

At every build MkDocs lists the theme's folders to find the files it publishes
(`Files.add_files_from_theme`): Material's folder holds ≈14,500 files, nearly all of them
icons that the listing then filters out, one pattern match at a time — ≈0.1 s of CPU, a
tenth of a small shard's build, paid again by every shard. A worker renders several
shards of the same build with the same theme, so the first shard's listing (which path,
from which theme folder) serves the others; each shard still gets its own `File`s (their
output paths are the shard's) and its own pages still take precedence over theme files,
exactly as MkDocs does it.

Per build, not per process: `serve`'s workers outlive a build, and a file added to
theme/ must be seen by the next one. A build is known by the id `render_shards` gives
the shard plugin (`ShardPlugin.build_id`); builds without it list as MkDocs does.
"""

from __future__ import annotations

import fnmatch

from mkdocs import utils
from mkdocs.structure.files import File, Files

PLUGIN = "generator/shard"  # the shard plugin's name in the configuration (generator/engine/__init__.py)

# {"build": build id, (theme folders, static templates, Markdown suffixes): [(path, theme folder), …]}
_listed: dict = {}


def install() -> None:
    """Make MkDocs' theme listing go through `_add_files_from_theme` (once per process)."""
    if getattr(Files.add_files_from_theme, "listed_per_build", False):
        return
    original = Files.add_files_from_theme

    def add_files_from_theme(self: Files, env, config) -> None:
        _add_files_from_theme(original, self, env, config)

    add_files_from_theme.listed_per_build = True  # type: ignore[attr-defined]
    add_files_from_theme.original = original  # type: ignore[attr-defined]  # for the tests' comparison
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]


def _add_files_from_theme(original, files: Files, env, config) -> None:
    build = getattr(config.plugins.get(PLUGIN), "build_id", None)
    if build is None:
        original(files, env, config)
        return
    if _listed.get("build") != build:  # a new build: forget the previous one's listing
        _listed.clear()
        _listed["build"] = build
    key = _listing_key(config)
    found = _listed.get(key)
    if found is None:
        listed = Files([])  # MkDocs' own listing, without this shard's pages
        original(listed, env, config)
        found = _listed[key] = [(file.src_uri, file.src_dir) for file in listed]
    for path, folder in found:
        if files.get_file_from_path(path) is None:  # the shard's own pages take precedence
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))


def _listing_key(config) -> tuple:
    """Everything MkDocs' listing depends on besides the folders' content: the folders, the
    Markdown suffixes and the static templates it leaves out — but not those it leaves out
    anyway as HTML (`*.html`): the portal shards keep 404.html among their static templates
    and the others do not (plugin.py), and they share one listing."""
    templates = sorted(t for t in config.theme.static_templates if not fnmatch.fnmatch(t.lower(), "*.html"))
    return tuple(config.theme.dirs), tuple(templates), tuple(utils.markdown_extensions)
