"""The theme's listing, made once per build in each worker (generator/engine/theme_files.py),
gives every shard exactly the files MkDocs' own listing gives it — and a new build sees a
file added to the theme since the last (serve's workers outlive builds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files

from generator.engine import CONFIG_FILE, theme_files
from generator.engine.plugin import ShardPlugin

pytestmark = pytest.mark.unit


def _config(tmp_path: Path, shard: str, build: str, *, not_found_page: bool):
    docs = tmp_path / shard / "docs"
    (docs / "assets/stylesheets").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# home\n", encoding="utf-8")
    (docs / "assets/stylesheets/site.css").write_text("/* the shard's own, over the theme's */\n", encoding="utf-8")
    config = load_config(str(CONFIG_FILE), docs_dir=str(docs), site_dir=str(tmp_path / shard / "site"), hooks=[],
                         theme={"name": "material", "custom_dir": str(tmp_path / "theme")})
    config.plugins[theme_files.PLUGIN] = ShardPlugin(tmp_path, {}, {"id": shard, "lang": "zh", "city": None},
                                                      publish_assets=True, build_id=build)
    # What the shard plugin's on_config does: the portal shards keep 404.html, the others do not.
    config.theme.static_templates.discard("sitemap.xml")
    if not not_found_page:
        config.theme.static_templates.discard("404.html")
    return config


def _listing(config, cached: bool) -> list[tuple[str, str, str]]:
    theme_files.install()
    method = Files.add_files_from_theme if cached else Files.add_files_from_theme.original
    files = get_files(config)
    method(files, config.theme.get_env(), config)
    return [(f.src_uri, f.abs_src_path, f.abs_dest_path) for f in files]


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    (tmp_path / "theme/assets/javascripts").mkdir(parents=True)
    (tmp_path / "theme/assets/javascripts/a.js").write_text("", encoding="utf-8")
    (tmp_path / "theme/assets/stylesheets").mkdir(parents=True)
    (tmp_path / "theme/assets/stylesheets/site.css").write_text("", encoding="utf-8")
    return tmp_path / "theme"


def test_each_shard_of_a_build_gets_what_mkdocs_lists_for_it(tmp_path, theme):
    for shard, not_found_page in (("portal-zh", True), ("city-a-zh", False), ("city-b-en", False)):
        config = _config(tmp_path, shard, "build-1", not_found_page=not_found_page)
        cached = _listing(config, cached=True)
        assert cached == _listing(config, cached=False)
        names = [uri for uri, _, _ in cached]
        assert "assets/javascripts/a.js" in names and len(names) == len(set(names))
        own = next(src for uri, src, _ in cached if uri == "assets/stylesheets/site.css")
        assert own.startswith(str(tmp_path / shard / "docs"))  # the shard's file, not the theme's
        assert all(dest.startswith(str(tmp_path / shard / "site")) for _, _, dest in cached)


def test_a_file_added_to_the_theme_is_listed_by_the_next_build_not_during_one(tmp_path, theme):
    _listing(_config(tmp_path, "city-a-zh", "build-1", not_found_page=False), cached=True)
    (theme / "assets/javascripts/b.js").write_text("", encoding="utf-8")
    during = _listing(_config(tmp_path, "city-b-zh", "build-1", not_found_page=False), cached=True)
    assert "assets/javascripts/b.js" not in [uri for uri, _, _ in during]
    after = _listing(_config(tmp_path, "city-a-zh", "build-2", not_found_page=False), cached=True)
    assert "assets/javascripts/b.js" in [uri for uri, _, _ in after]
