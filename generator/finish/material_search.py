"""Search over the merged site: the indexes Material's search plugin wrote in each shard,
joined and split by language.

Each shard's engine build indexes only its own pages. Joined (in the manifest's shard
order, so the result does not depend on which machine built which shard), the entries
form one index per language: each language searches only its own pages, loaded only
when someone searches — search/search_index.json is a stub with the configuration and
where the full index is, which theme/assets/javascripts/workers/search-on-demand.js
loads on the first query.

Why Material's lunr index and not Pagefind (generator/finish/search.py, engineer D's
prototype, on main when this landed): the prototype is new files only — the pages do not
yet carry its `data-pagefind-*` attributes (theme/main.html), the search UI still is
Material's, `pagefind` is not in requirements*.txt, and the build and browser tests check
the lunr indexes. Switching is D's next step, and it is a finish step by design (it indexes
the finished HTML): `finish()` would call `build_search_index(site)` over the merged site
instead of `write_indexes`, and no shard changes. Until then readers keep a working search.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..site.i18n import DEFAULT_LANG, LANGS, url_prefix

SHARD_INDEX = "search/search_index.json"
# The whole index of one language; search/search_index.json is a stub pointing at it.
FULL_SEARCH_INDEX = "search_index.full.json"


def _lang(location: str) -> str:
    for lang in LANGS:
        prefix = url_prefix(lang)
        if prefix and location.startswith(prefix):
            return lang
    return DEFAULT_LANG


def write_indexes(shard_dirs: list[Path], site: Path) -> dict[str, int]:
    """One index per language from the shards' indexes; returns entries per language."""
    config: dict | None = None
    docs: list[dict] = []
    for folder in shard_dirs:
        path = folder / SHARD_INDEX
        if not path.is_file():
            continue
        index = json.loads(path.read_text(encoding="utf-8"))
        config = config or index["config"]
        docs.extend(index["docs"])
    if config is None:
        return {}
    counts = {}
    for lang in LANGS:
        prefix = url_prefix(lang)
        mine = [d for d in docs if _lang(d["location"]) == lang]
        if prefix:
            mine = [{**d, "location": d["location"][len(prefix):]} for d in mine]
        lang_config = dict(config)
        lang_config["lang"] = ["zh", "en"] if lang == "zh" else ["en"]
        folder = site / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        _write_json(folder / FULL_SEARCH_INDEX, {"config": lang_config, "docs": mine})
        stub_config = {**lang_config, "full_index": f"{prefix}search/{FULL_SEARCH_INDEX}"}
        _write_json(folder / "search_index.json", {"config": stub_config, "docs": []})
        counts[lang] = len(mine)
    return counts


def _write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
