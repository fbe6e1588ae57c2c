"""The cache of rendered shards (generator/shard_cache.py): a shard's key changes with
everything its render reads and with nothing else, an entry is restored only when every
file is what its entry says, and a build restores what it rendered before — the same bytes
as a build that renders everything.

Most tests use small fake trees (a manifest, two shards' pages, a chart) and fake
rendered output: no engine. One build test builds a copy of the real data four times."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import copy_project_data
from generator import shard_cache
from generator.shard_cache import ENTRY, KEEP, OUTPUT, ShardCache, build_inputs, shard_key

CHART = "ab" * 20  # a chart's key: 40 hex digits, as generator/site/chart_svg.py names them


def fake_tree(root: Path) -> Path:
    """A generated tree as generator/generate.py lays it out: two shards, one page showing a chart."""
    files = {
        "manifest.json": json.dumps({"site_url": "https://example.org/", "csp_policy": "default-src 'self'",
                                     "shards": [{"id": "portal-zh", "lang": "zh", "city": None, "pages": 1},
                                                {"id": "city-a-zh", "lang": "zh", "city": "a", "pages": 1}]}),
        "shards/portal-zh/docs/index.md": "---\ntitle: 首页\n---\n# 首页\n",
        "shards/portal-zh/nav.json": "[]",
        "shards/city-a-zh/docs/cities/a/index.md": f"# A\n<!--chart-svg:{CHART}-->\n",
        "shards/city-a-zh/nav.json": "[]",
        f"charts/{CHART}.svg": "<svg>1</svg>",
        "charts/" + "cd" * 20 + ".svg": "<svg>not shown by any page</svg>",
        "static/downloads/a.csv": "a,b\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def keys(tree: Path, inputs: str = "inputs") -> dict[str, str]:
    return {s: shard_key(tree, s, inputs) for s in ("portal-zh", "city-a-zh")}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {s for s in before if before[s] != after[s]}


def fake_output(folder: Path, text: str = "<p>A</p>") -> Path:
    """What a shard's render leaves in out/shards/<id>/."""
    for rel, content in {"index.html": "<html>portal</html>", "cities/a/index.html": text,
                         "assets/site.12345678.css": "body{}"}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(content, encoding="utf-8")
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- the key ---------------------------------------------------------------------------

@pytest.mark.unit
def test_the_key_does_not_depend_on_where_the_tree_is(tmp_path):
    assert keys(fake_tree(tmp_path / "one")) == keys(fake_tree(tmp_path / "two"))


@pytest.mark.unit
def test_a_shards_files_are_digested_as_caching_files_digest_does(tmp_path):
    from generator.caching import files_digest
    from generator.shard_cache import _shard_digest

    folder = fake_tree(tmp_path) / "shards/city-a-zh"
    (folder / "docs/cities/a-b").mkdir(parents=True)  # "a-b" sorts before "a/" as a string, after it as a path
    (folder / "docs/cities/a-b/index.md").write_text("# A-B\n", encoding="utf-8")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert _shard_digest(folder) == (files_digest(files, names_from=folder), {CHART})


@pytest.mark.unit
def test_a_shards_own_files_change_only_its_key(tmp_path):
    tree = fake_tree(tmp_path)
    before = keys(tree)
    (tree / "shards/city-a-zh/docs/cities/a/index.md").write_text(f"# A!\n<!--chart-svg:{CHART}-->\n", encoding="utf-8")
    assert changed(before, keys(tree)) == {"city-a-zh"}
    before = keys(tree)
    (tree / "shards/portal-zh/nav.json").write_text('[{"title": "x", "url": "/x/"}]', encoding="utf-8")
    assert changed(before, keys(tree)) == {"portal-zh"}
    before = keys(tree)
    (tree / "shards/portal-zh/docs/new.md").write_text("# New\n", encoding="utf-8")  # a page added
    assert changed(before, keys(tree)) == {"portal-zh"}


@pytest.mark.unit
def test_a_chart_changes_the_key_of_the_shards_that_show_it(tmp_path):
    tree = fake_tree(tmp_path)
    before = keys(tree)
    (tree / f"charts/{CHART}.svg").write_text("<svg>2</svg>", encoding="utf-8")
    assert changed(before, keys(tree)) == {"city-a-zh"}
    before = keys(tree)
    (tree / "charts" / ("cd" * 20 + ".svg")).write_text("<svg>3</svg>", encoding="utf-8")  # no page shows it
    (tree / "static/downloads/a.csv").write_text("a,b,c\n", encoding="utf-8")  # no shard reads static/
    assert changed(before, keys(tree)) == set()


@pytest.mark.unit
def test_the_manifest_and_the_shared_inputs_change_every_key(tmp_path):
    tree = fake_tree(tmp_path)
    before = keys(tree)
    manifest = json.loads((tree / "manifest.json").read_text(encoding="utf-8"))
    manifest["site_url"] = "https://example.net/"
    (tree / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert changed(before, keys(tree)) == {"portal-zh", "city-a-zh"}
    before = keys(tree)
    assert changed(before, keys(tree, "other inputs")) == {"portal-zh", "city-a-zh"}


@pytest.mark.unit
def test_the_shared_inputs_name_the_engine_the_serving_flag_and_the_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    mkdocs = build_inputs("mkdocs", serving=False)
    assert mkdocs == build_inputs("mkdocs", serving=False)
    assert mkdocs != build_inputs("properdocs", serving=False)
    assert mkdocs != build_inputs("mkdocs", serving=True)  # no CSP <meta> under serve
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767225600 + 86400))  # the next day: pages print the build date
    assert mkdocs != build_inputs("mkdocs", serving=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767225600 + 3600))  # the same day
    assert mkdocs == build_inputs("mkdocs", serving=False)


@pytest.mark.unit
def test_a_theme_file_changes_every_shards_key(tmp_path, monkeypatch):
    """theme/ and mkdocs.yml are in every page: an edit there renders every shard again."""
    theme, config = tmp_path / "project/theme", tmp_path / "project/mkdocs.yml"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials/footer.html").write_text("<footer></footer>", encoding="utf-8")
    config.write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.setattr(shard_cache, "PROJECT", tmp_path / "project")
    monkeypatch.setattr(shard_cache, "LAYOUT", (theme, config))
    bundle = tmp_path / "project/node_modules/.site-vendor/echarts.custom.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("/* echarts */", encoding="utf-8")
    monkeypatch.setattr(shard_cache, "ECHARTS_BUNDLE", bundle)
    tree = fake_tree(tmp_path / "tree")
    before = keys(tree, build_inputs("mkdocs", serving=False))
    (theme / "partials/footer.html").write_text("<footer>!</footer>", encoding="utf-8")
    assert changed(before, keys(tree, build_inputs("mkdocs", serving=False))) == {"portal-zh", "city-a-zh"}
    before = keys(tree, build_inputs("mkdocs", serving=False))
    config.write_text("site_name: y\n", encoding="utf-8")
    assert changed(before, keys(tree, build_inputs("mkdocs", serving=False))) == {"portal-zh", "city-a-zh"}
    before = keys(tree, build_inputs("mkdocs", serving=False))
    bundle.write_text("/* echarts 6 */", encoding="utf-8")  # published by the assets shard, linked by every page
    assert changed(before, keys(tree, build_inputs("mkdocs", serving=False))) == {"portal-zh", "city-a-zh"}


# ---- entries -----------------------------------------------------------------------------

def stored(tmp_path: Path, engine: str = "mkdocs") -> tuple[Path, Path, ShardCache]:
    """A tree, its city shard rendered (fake) and stored in a cache folder."""
    tree = fake_tree(tmp_path / "tree")
    cache = ShardCache(tmp_path / "cache", build_inputs(engine, serving=False))
    fake_output(tmp_path / "out1/city-a-zh")
    cache.store(tree, ["city-a-zh"], tmp_path / "out1")
    return tree, tmp_path / "cache" / "city-a-zh" / shard_key(tree, "city-a-zh", cache.inputs), cache


@pytest.mark.unit
def test_a_stored_shard_is_restored_with_the_same_files_and_no_shared_inode(tmp_path):
    tree, entry, cache = stored(tmp_path)
    assert (entry / ENTRY).is_file() and not list(entry.parent.glob(".tmp-*"))
    again = ShardCache(tmp_path / "cache", cache.inputs)
    assert again.restore(tree, ["portal-zh", "city-a-zh"], tmp_path / "out2") == ["city-a-zh"]  # portal-zh: never stored
    assert files_of(tmp_path / "out2/city-a-zh") == files_of(tmp_path / "out1/city-a-zh")
    # A restored file is a copy: the finish stage hard-links it into the site, where an edit must not reach the entry.
    restored = tmp_path / "out2/city-a-zh/cities/a/index.html"
    assert restored.stat().st_ino != (entry / OUTPUT / "cities/a/index.html").stat().st_ino
    restored.write_text("edited", encoding="utf-8")
    assert ShardCache(tmp_path / "cache", cache.inputs).restore(tree, ["city-a-zh"], tmp_path / "out3") == ["city-a-zh"]
    assert files_of(tmp_path / "out3/city-a-zh") == files_of(tmp_path / "out1/city-a-zh")


@pytest.mark.unit
@pytest.mark.parametrize("tamper", ["truncated", "changed", "missing", "added", "link", "bad entry.json", "path escapes"])
def test_a_tampered_entry_is_discarded_never_restored(tmp_path, tamper):
    tree, entry, cache = stored(tmp_path)
    page = entry / OUTPUT / "cities/a/index.html"
    if tamper == "truncated":
        page.write_bytes(page.read_bytes()[:3])
    elif tamper == "changed":
        page.write_text("<p>B</p>", encoding="utf-8")  # same size, other bytes
    elif tamper == "missing":
        page.unlink()
    elif tamper == "added":
        (entry / OUTPUT / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    elif tamper == "link":
        page.unlink()
        page.symlink_to("/etc/passwd")
    elif tamper == "bad entry.json":
        (entry / ENTRY).write_text("{", encoding="utf-8")
    else:
        listed = json.loads((entry / ENTRY).read_text(encoding="utf-8"))
        listed["files"]["../../escaped.html"] = listed["files"].pop("index.html")
        (entry / ENTRY).write_text(json.dumps(listed), encoding="utf-8")
    assert cache.restore(tree, ["city-a-zh"], tmp_path / "out2") == []
    assert not (tmp_path / "out2/city-a-zh").exists()  # nothing half-restored
    assert not entry.exists()  # discarded: the shard is rendered and stored again
    assert not (tmp_path / "escaped.html").exists()


@pytest.mark.unit
def test_another_engines_entry_is_not_used(tmp_path):
    tree, _entry, _cache = stored(tmp_path, engine="properdocs")
    mkdocs = ShardCache(tmp_path / "cache", build_inputs("mkdocs", serving=False))
    assert mkdocs.restore(tree, ["city-a-zh"], tmp_path / "out2") == []


@pytest.mark.unit
def test_storing_what_is_stored_keeps_the_first_entry(tmp_path):
    """Two builds that rendered the same shard: the second finds the entry in place and leaves it."""
    tree, entry, cache = stored(tmp_path)
    first = (entry / ENTRY).stat().st_ino
    fake_output(tmp_path / "out2/city-a-zh")
    cache.store(tree, ["city-a-zh"], tmp_path / "out2")
    assert (entry / ENTRY).stat().st_ino == first
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]


@pytest.mark.unit
def test_each_shard_keeps_only_its_latest_entries(tmp_path):
    tree = fake_tree(tmp_path / "tree")
    cache = ShardCache(tmp_path / "cache", "inputs")
    page = tree / "shards/city-a-zh/docs/cities/a/index.md"
    for n in range(KEEP + 3):  # an edit, a build; another edit, another build…
        page.write_text(f"# A {n}\n", encoding="utf-8")
        fake_output(tmp_path / f"out{n}/city-a-zh", f"<p>A {n}</p>")
        cache.store(tree, ["city-a-zh"], tmp_path / f"out{n}")
        entry = tmp_path / "cache/city-a-zh" / shard_key(tree, "city-a-zh", "inputs")
        os.utime(entry, (1_000_000 + n, 1_000_000 + n))  # the order they were used in, whatever the clock's tick
    entries = [p for p in (tmp_path / "cache/city-a-zh").iterdir()]
    assert len(entries) == KEEP
    assert entry in entries  # the latest build's
    assert cache.restore(tree, ["city-a-zh"], tmp_path / "again") == ["city-a-zh"]
    assert (tmp_path / "again/city-a-zh/cities/a/index.html").read_text(encoding="utf-8") == f"<p>A {KEEP + 2}</p>"


@pytest.mark.unit
@pytest.mark.parametrize("entry_intact", [True, False])
def test_a_build_renders_the_shards_without_a_good_entry(tmp_path, monkeypatch, entry_intact):
    """generator/build.py: the workers render the shards without an entry while the others are
    restored; a shard whose entry fails its check is rendered after them."""
    from generator import build, engine

    tree, entry, cache = stored(tmp_path)
    if not entry_intact:
        (entry / OUTPUT / "index.html").write_text("tampered", encoding="utf-8")
    calls: list[list[str]] = []

    def fake_render(tree, shard_ids, out, **options):
        calls.append(list(shard_ids))
        for shard_id in shard_ids:
            fake_output(out / "shards" / shard_id)

    monkeypatch.setattr(engine, "render_shards", fake_render)
    restored, rendered = build._restore_or_render(cache, tree, ["portal-zh", "city-a-zh"], tmp_path / "out2",
                                                  None, None, "mkdocs", None)
    if entry_intact:
        assert (restored, rendered, calls) == (["city-a-zh"], ["portal-zh"], [["portal-zh"]])
    else:
        assert (restored, rendered, calls) == ([], ["portal-zh", "city-a-zh"], [["portal-zh"], ["city-a-zh"]])
    assert files_of(tmp_path / "out2/shards/city-a-zh") == files_of(tmp_path / "out1/city-a-zh")


@pytest.mark.unit
def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("SITE_SHARD_CACHE", "0")
    assert ShardCache.open(engine_name="mkdocs") is None
    monkeypatch.setenv("SITE_SHARD_CACHE", "1")
    assert ShardCache.open(engine_name="mkdocs") is not None


# ---- builds ----------------------------------------------------------------------------

@pytest.mark.build
def test_a_build_restores_what_did_not_change_and_makes_the_same_site(tmp_path, monkeypatch):
    from generator.build import build_site
    from test_reproducible import _differences

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(shard_cache, "cache_dir", lambda: tmp_path / "cache")  # this test's entries only
    root = copy_project_data(tmp_path / "project")

    def build(site: str) -> dict:
        details: dict = {}
        build_site(root, tmp_path / site, jobs=2, stage_details=details)
        assert details["render"].pop("pages") > 500  # every page of the site (≈700), restored or rendered
        return details["render"]

    assert build("rendered") == {"restored": 0, "rendered": 6}
    # Nothing changed: every shard restored, and the site is the one the engine rendered, byte for byte.
    assert build("restored") == {"restored": 6, "rendered": 0}
    assert _differences(tmp_path / "rendered", tmp_path / "restored") == []

    # One city's data edited: that city's English pages and the English portal (its finder lists every
    # service's title) change; the Chinese portal only if the Data page's download sizes change (the
    # downloads hold both languages); the other city, and this city's Chinese pages, do not.
    calls: list[list[str]] = []
    real = shard_cache.ShardCache.restore
    monkeypatch.setattr(shard_cache.ShardCache, "restore",
                        lambda self, tree, ids, out: calls.append(got := real(self, tree, ids, out)) or got)
    items = root / "data/cities/shangrao/items/box-08.yml"
    items.write_text(items.read_text(encoding="utf-8").replace("en: Radio}", "en: Listening to the radio}"), encoding="utf-8")
    assert build("edited")["rendered"] in (2, 3)
    assert {"city-shangrao-zh", "city-yichun-zh", "city-yichun-en"} <= set(calls[-1])
    assert not {"city-shangrao-en", "portal-en"} & set(calls[-1])
    assert "Listening to the radio" in (tmp_path / "edited/en/cities/shangrao/services/radio/index.html").read_text(encoding="utf-8")
    # Restored and rendered shards joined: the same site as one rendered whole (the opt-out).
    monkeypatch.setenv("SITE_SHARD_CACHE", "0")
    assert build("whole") == {"restored": 0, "rendered": 6}
    assert _differences(tmp_path / "edited", tmp_path / "whole") == []
    assert all(len([p for p in folder.iterdir() if not p.name.startswith(".")]) <= KEEP
               for folder in (tmp_path / "cache/shards").iterdir())
