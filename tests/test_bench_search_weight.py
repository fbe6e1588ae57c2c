"""The benchmark's measure of a first search (bench/search_weight.py), run on the shared built
site: it must see the search really happen — results shown, Pagefind's script, WebAssembly and
index loaded — or the numbers it reports for issue 13 mean nothing. (The number itself is
reported by `make bench`, not asserted here.)"""

from __future__ import annotations

import pytest

from bench.search_weight import first_query_weights
from browsing import skip_without_browser

skip_without_browser()
pytestmark = pytest.mark.browser


def test_first_search_weight_sees_the_whole_first_query(browser, built_site):
    report = first_query_weights(built_site, {"zh": ["低保"], "en": ["childcare"]}, browser=browser)
    assert report["measured"], report
    for query in report["queries"]:
        assert query["results_shown"] > 0, query
        assert {"script", "wasm", "meta", "index", "fragment"} <= set(query["kb_by_kind"]), query
        assert query["kb"] == pytest.approx(sum(query["kb_by_kind"].values()), abs=0.5)
        # Only what the search loaded: not the page, its styles or its own scripts.
        assert all(f["path"].startswith("/pagefind/") for f in query["largest"]), query["largest"]
