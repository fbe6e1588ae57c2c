"""The benchmark's Lighthouse part (bench/lighthouse.py): reading a report and judging the targets.

No Lighthouse run here (it needs `make bench`'s bench/node_modules and takes ~20 s a page):
the fixture is a real Lighthouse 12.8.2 report of an indicator page, trimmed
(tests/fixtures/lighthouse/indicator-zh.report.json).
"""

from __future__ import annotations

import copy
import gzip
import json
import urllib.request
from pathlib import Path

import pytest

from bench import bench, lighthouse, localserve

REPORT = Path(__file__).parent / "fixtures" / "lighthouse" / "indicator-zh.report.json"


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads(REPORT.read_text(encoding="utf-8"))


def test_scores_metrics_and_failed_audits(report):
    r = lighthouse.parse_report(report)
    assert r["lighthouse_version"] == "12.8.2"
    assert (r["form_factor"], r["throttling_method"]) == ("mobile", "simulate")
    assert r["scores"] == {"performance": 73, "accessibility": 97, "best-practices": 100, "seo": 100}
    assert r["metrics"] == {"fcp_ms": 1751, "lcp_ms": 1751, "tbt_ms": 1563, "cls": 0, "speed_index_ms": 2224,
                            "total_transfer_bytes": 532580}
    # Only audits that cost points: weighted, scored and below 1; none in the categories at 100.
    assert set(r["failed_audits"]) == {"performance", "accessibility"}
    assert [a["id"] for a in r["failed_audits"]["performance"]] == [
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index"]
    (dialog,) = r["failed_audits"]["accessibility"]
    assert dialog["id"] == "aria-dialog-name" and dialog["weight"] == 7 and dialog["score"] == 0
    assert dialog["items"][0]["selector"].endswith("div.md-search")
    assert 'role="dialog"' in dialog["items"][0]["snippet"]
    # URLs without the served origin (its port changes from run to run).
    assert r["final_url"] == "/cities/shangrao/indicators/childcare-places-per-1000/"
    assert r["script_main_thread_ms"][0] == {"url": "/assets/javascripts/charts.js", "ms": 901}
    assert r["external_requests"] == []


def test_a_request_to_another_host_is_reported(report):
    report = copy.deepcopy(report)
    report["audits"]["network-requests"]["details"]["items"].append({"url": "https://fonts.example.com/x.woff2"})
    report["audits"]["network-requests"]["details"]["items"].append({"url": "data:image/png;base64,AAAA"})
    assert lighthouse.parse_report(report)["external_requests"] == ["https://fonts.example.com/x.woff2"]


def test_a_report_with_an_error_has_no_scores():
    r = lighthouse.parse_report({"categories": {"performance": {"score": None, "auditRefs": []}},
                                 "runtimeError": {"code": "NO_FCP", "message": "no paint"}})
    assert r["scores"]["performance"] is None and r["scores"]["seo"] is None
    assert r["runtime_error"]["code"] == "NO_FCP"


def test_median_run_and_retries(monkeypatch):
    results = iter([{"error": "NO_NAVSTART", "seconds": 5},
                    {"scores": {"performance": 90}, "seconds": 18},
                    {"scores": {"performance": 70}, "seconds": 19},
                    {"scores": {"performance": 80}, "seconds": 17}])
    monkeypatch.setattr(lighthouse, "run_one", lambda url, timeout: next(results))
    r = lighthouse.run_page("http://127.0.0.1:1/", runs=3)
    assert r["scores"]["performance"] == 80 and r["performance_runs"] == [90, 70, 80]
    assert r["failed_runs"] == 1 and r["runs"] == 3


def test_targets_from_lighthouse_results(report):
    page = {"type": "indicator", "lang": "zh", "url": "/x/", **lighthouse.parse_report(report)}
    ok = {"type": "home", "lang": "en", "url": "/en/",
          "scores": {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}}
    failed = {"type": "service", "lang": "zh", "url": "/s/", "error": "Lighthouse exited with 1"}
    out = [t for t in bench.targets({"lighthouse": {"measured": True, "pages": [page, ok, failed]}})
           if t["target"].startswith("Lighthouse")]
    assert [t["met"] for t in out] == [False, True, None]
    assert out[0]["note"] == ("performance 73: first-contentful-paint, largest-contentful-paint, total-blocking-time, "
                              "speed-index; accessibility 97: aria-dialog-name")
    skipped = [t for t in bench.targets({"lighthouse": {"measured": False, "note": "skipped (--no-lighthouse)", "pages": []}})
               if t["target"].startswith("Lighthouse")]
    assert [(t["met"], t["note"]) for t in skipped] == [(None, "skipped (--no-lighthouse)")]


def test_the_python_fallback_server_gzips_like_nginx(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>" + "x" * 2000, encoding="utf-8")
    (tmp_path / "small.css").write_text("p{}", encoding="utf-8")
    with localserve.python_server(tmp_path) as base:
        with urllib.request.urlopen(urllib.request.Request(base + "/a/", headers={"Accept-Encoding": "gzip"})) as resp:
            assert resp.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(resp.read()).decode() == "<p>" + "x" * 2000
        with urllib.request.urlopen(urllib.request.Request(base + "/small.css", headers={"Accept-Encoding": "gzip"})) as resp:
            assert resp.headers["Content-Encoding"] is None and resp.read() == b"p{}"  # under 1 KB: as is
