"""A hook that stops a plain `mkdocs build` / `mkdocs serve` (or `properdocs …`) on mkdocs.yml.

The site is built by `site_build.py build`: the engine renders shards of a generated tree
(generator/engine/README.md), with this hook taken out of each shard's configuration. Run
bare on mkdocs.yml, the engine would build only content/, and it would first empty its
output folder (`-d data` would delete the data): this hook refuses before anything is
written (MkDocs runs on_config before it cleans the site folder). Self-contained: MkDocs
loads a hook file by path, without the project on sys.path.
"""

from mkdocs.exceptions import PluginError


def on_config(config):
    raise PluginError(
        "本站用 `python site_build.py build` 构建（或 `make build`）；直接运行 mkdocs/properdocs 不会生成页面，也不会写任何文件。\n"
        "This site is built with `python site_build.py build` (or `make build`); a plain mkdocs/properdocs "
        "build would not generate its pages, and nothing was written.")
