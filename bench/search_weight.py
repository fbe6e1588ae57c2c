"""What a reader's first search costs: the bytes the browser receives (as sent: gzip where the
server compresses, Pagefind's files already compressed) from typing into the search box until
the results are shown, in Chromium, against the site served as in production (nginx with
deploy/nginx.conf; Python's server with gzip without nginx).

Issue 13's target: the first query at 100 cities loads ≤ 100 KB gzip. A fresh browser context
per query, so nothing is cached; the page itself is loaded before the measurement starts (its
weight is bench/page_weight.py's). Each file is classed by what it is for (Pagefind's script,
its WebAssembly, the index metadata, index chunks, filters, result fragments, synonyms).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.localserve import serve

TARGET_FIRST_QUERY_KB = 100.0
# Queries a resident types (the relevance suite's, tests/search-relevance.yml): per language one
# rare, one common, and the named query with the most synonyms (the heaviest: each
# synonym rewrite may add index chunks).
QUERIES = {"zh": ["高龄津贴", "低保", "托育"], "en": ["old-age allowance", "childcare", "elderly"]}
# What every first query loads whatever it asks: Pagefind's script and WebAssembly, the
# language's metadata, the filters and the synonyms (bench/README.md, "First search").
FIXED_KINDS = ("script", "wasm", "meta", "filter", "synonyms")
SLOW_KBIT_S = 400  # a slow mobile connection, for the wait a reader sees: bytes ÷ 400 kbit/s
PREFIX = {"zh": "", "en": "en/"}
SEARCH_BOX = "#site-search-q"
# Done: the status says how many pages were found, or that none or the search failed (not "loading…").
DONE = """() => { const s = document.querySelector("[data-site-search-status]");
  return !!s && s.textContent.trim() !== "" && !/…$/.test(s.textContent.trim()); }"""


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    for kind, test in (("script", lambda: name.endswith(".js")), ("wasm", lambda: name.startswith("wasm.")),
                       ("meta", lambda: name.endswith(".pf_meta") or name == "pagefind-entry.json"),
                       ("index", lambda: "/index/" in path), ("filter", lambda: "/filter/" in path),
                       ("fragment", lambda: "/fragment/" in path), ("synonyms", lambda: name == "synonyms.json")):
        if test():
            return kind
    return "other"


def _measure(browser, url: str, lang: str, query: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/{PREFIX[lang]}", wait_until="networkidle")
        loaded: list = []
        context.on("requestfinished", lambda request: loaded.append(request))  # the page's and its workers' requests
        page.fill(SEARCH_BOX, query)  # focus, then an `input` event: what a reader's typing does
        page.wait_for_function(DONE, timeout=30_000)
        page.wait_for_load_state("networkidle")
        files = []
        for request in loaded:
            path = request.url.split("?", 1)[0].removeprefix(url)
            files.append({"path": path, "kind": _kind(path), "bytes": request.sizes()["responseBodySize"]})
        by_kind: dict[str, float] = {}
        for f in files:
            by_kind[f["kind"]] = by_kind.get(f["kind"], 0) + f["bytes"]
        total = sum(f["bytes"] for f in files)
        results = page.locator(".site-search__result").count()
        return {"lang": lang, "query": query, "results_shown": results,
                "status": page.locator("[data-site-search-status]").inner_text(), "requests": len(files),
                "kb": round(total / 1024, 1), "kb_by_kind": {k: round(v / 1024, 1) for k, v in sorted(by_kind.items())},
                "fixed_kb": round(sum(by_kind.get(k, 0) for k in FIXED_KINDS) / 1024, 1),
                f"seconds_at_{SLOW_KBIT_S}_kbit": round(total * 8 / (SLOW_KBIT_S * 1000), 1),
                "largest": sorted(files, key=lambda f: -f["bytes"])[:5]}
    finally:
        context.close()


def first_query_weights(site: Path, queries: dict[str, list[str]] = QUERIES, *, browser=None) -> dict:
    """{"measured", "served_by", "queries": [...], "worst_kb"}; not measured without Chromium.
    `browser`: a running Playwright Chromium to use (the tests'; Playwright's sync API cannot be
    started twice in one process), else one is launched for the measurement."""
    if browser is not None:
        with serve(site) as (url, served_by):
            measured = [_measure(browser, url, lang, q) for lang, qs in queries.items() for q in qs]
        return _report(served_by, measured)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return {"measured": False, "note": "Chromium is not installed (apt-get install chromium)"}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            return first_query_weights(site, queries, browser=launched)
        finally:
            launched.close()


def _report(served_by: str, measured: list[dict]) -> dict:
    return {"measured": True, "served_by": served_by, "queries": measured,
            "worst_kb": max(m["kb"] for m in measured), "target_kb": TARGET_FIRST_QUERY_KB}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(first_query_weights(Path(sys.argv[1])), ensure_ascii=False, indent=1))
