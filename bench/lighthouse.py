"""Lighthouse scores of pages of a built site, for the benchmark (bench/README.md, "Lighthouse").

One job: serve a built site folder on 127.0.0.1, run Lighthouse (the npm package pinned
in bench/package.json, installed by `make bench`) on given pages in Debian's Chromium
with its default mobile emulation and simulated throttling, and return per page the
category scores (0–100), the key metrics and the audits that cost points.

The site is served as in production — Debian's nginx with deploy/nginx.conf, started
as the current user with a throw-away prefix, as tests/conftest.py does — or, without
nginx, by Python's http.server with gzip for the same text types (`server` in the
result says which). Lighthouse and the Chromium it launches are the only clients, and
`external_requests` lists any request a page made to another host (there should be none).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench import localserve

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "bench" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PACKAGE = PROJECT / "bench" / "node_modules" / "lighthouse" / "package.json"
CHROME = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or "")
               if p and os.access(p, os.X_OK)), None)

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse audit id → our key (times in ms, CLS unitless, bytes).
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "speed-index": "speed_index_ms",
    "total-byte-weight": "total_transfer_bytes",
}
# The command line; the URL and --output-path are added per run.
FLAGS = ["--output=json", "--quiet", "--chrome-flags=--headless=new --no-sandbox", "--form-factor=mobile",
         "--no-enable-error-reporting"]
MAX_ITEMS = 5  # offending elements/resources kept per failed audit


def version() -> str | None:
    try:
        return json.loads(LIGHTHOUSE_PACKAGE.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def missing() -> str | None:
    """Why Lighthouse cannot run here (with how to fix it), or None."""
    if not LIGHTHOUSE.exists():
        return "Lighthouse is not installed: run `make bench` (npm ci --prefix bench)"
    if not shutil.which("node"):
        return "Node.js is not installed: apt-get install nodejs npm"
    if not CHROME:
        return "Chromium is not installed: apt-get install chromium"
    return None


# ---- parsing a report ------------------------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""


def _rel(value: str, origin: str) -> str:
    """A URL of the served site without its origin (its port changes from run to run)."""
    return value[len(origin):] or "/" if origin and value.startswith(origin + "/") else value


def _item(item: dict) -> dict | str | None:
    """The offending element or resource of one row of an audit's details."""
    node = item.get("node") if isinstance(item.get("node"), dict) else (item if item.get("type") == "node" else None)
    if node:
        out = {k: node[k] for k in ("selector", "snippet") if node.get(k)}
        if node.get("explanation"):
            out["explanation"] = node["explanation"].strip()
        return out or None
    for key in ("url", "source", "description", "label"):
        value = item.get(key)
        if isinstance(value, dict):  # source-location and friends
            value = value.get("url") or value.get("value") or value.get("text")
        if isinstance(value, str) and value:
            return value
    return None


def _items(details: dict | None, origin: str = "") -> list:
    if not isinstance(details, dict):
        return []
    rows = details.get("items") or []
    out = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        if isinstance(row.get("subItems"), dict):  # e.g. color-contrast groups
            out += [x for x in (_item(s) for s in row["subItems"].get("items", [])) if x]
        x = _item(row)
        if x:
            out.append(x)
        if len(out) >= MAX_ITEMS:
            break
    return [_rel(x, origin) if isinstance(x, str) else x for x in out[:MAX_ITEMS]]


def parse_report(report: dict) -> dict:
    """Scores (0–100), metrics and the audits that cost points, from a Lighthouse JSON report (lhr)."""
    audits = report.get("audits", {})
    cats = report.get("categories", {})
    page = report.get("finalDisplayedUrl") or report.get("finalUrl") or report.get("requestedUrl") or ""
    origin = _origin(page)
    scores = {c: (round(cats[c]["score"] * 100) if cats.get(c, {}).get("score") is not None else None)
              for c in CATEGORIES}
    metrics = {}
    for audit_id, key in METRICS.items():
        value = audits.get(audit_id, {}).get("numericValue")
        metrics[key] = None if value is None else (round(value, 3) if key == "cls" else round(value))
    failed: dict[str, list] = {}
    for c in CATEGORIES:
        rows = []
        for ref in cats.get(c, {}).get("auditRefs", []):
            audit = audits.get(ref.get("id"), {})
            score = audit.get("score")
            if not ref.get("weight") or score is None or score >= 1:
                continue  # costs nothing: unweighted, informative, not applicable or passed
            row = {"id": ref["id"], "title": audit.get("title"), "score": score, "weight": ref["weight"]}
            if audit.get("displayValue"):
                row["display_value"] = audit["displayValue"]
            items = _items(audit.get("details"), origin)
            if items:
                row["items"] = items
            rows.append(row)
        if rows:
            failed[c] = rows
    # The main-thread time of each script (what Total Blocking Time is made of), longest first.
    scripts = [{"url": _rel(r["url"], origin), "ms": round(r["total"])}
               for r in (audits.get("bootup-time", {}).get("details") or {}).get("items", [])
               if isinstance(r.get("url"), str) and isinstance(r.get("total"), (int, float))]
    host = urlsplit(page).hostname
    external = sorted({r.get("url", "") for r in (audits.get("network-requests", {}).get("details") or {}).get("items", [])
                       if urlsplit(r.get("url", "")).scheme in ("http", "https")
                       and urlsplit(r.get("url", "")).hostname not in (host, "127.0.0.1")})
    out = {
        "lighthouse_version": report.get("lighthouseVersion"),
        "final_url": _rel(page, origin),
        "form_factor": (report.get("configSettings") or {}).get("formFactor"),
        "throttling_method": (report.get("configSettings") or {}).get("throttlingMethod"),
        # Lighthouse's measure of the machine's CPU speed at the time (lower: slower or busier)
        "benchmark_index": (report.get("environment") or {}).get("benchmarkIndex"),
        "scores": scores,
        "metrics": metrics,
        "failed_audits": failed,
        "script_main_thread_ms": sorted(scripts, key=lambda r: -r["ms"])[:3],
        "external_requests": external,
    }
    if report.get("runtimeError"):
        out["runtime_error"] = report["runtimeError"]
    if report.get("runWarnings"):
        out["run_warnings"] = report["runWarnings"]
    return out


# ---- serving a built site on 127.0.0.1: bench/localserve.py --------------------------

serve = localserve.serve


# ---- running Lighthouse ----------------------------------------------------------------


def run_one(url: str, timeout: float = 300) -> dict:
    """Lighthouse on one URL: the parsed report and the seconds the run took."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": CHROME or "/usr/bin/chromium", "TMPDIR": tmp}
        start = time.monotonic()
        try:
            proc = subprocess.run([str(LIGHTHOUSE), url, *FLAGS, f"--output-path={out}"], env=env, cwd=tmp,
                                  capture_output=True, text=True, timeout=timeout, preexec_fn=localserve.die_with_parent)
        except subprocess.TimeoutExpired:
            return {"error": f"Lighthouse did not finish in {timeout:g} s", "seconds": round(time.monotonic() - start, 1)}
        seconds = round(time.monotonic() - start, 1)
        if proc.returncode != 0 or not out.is_file():
            return {"error": f"Lighthouse exited with {proc.returncode}: {(proc.stderr or proc.stdout)[-1500:].strip()}",
                    "seconds": seconds}
        return {**parse_report(json.loads(out.read_text(encoding="utf-8"))), "seconds": seconds}


def run_page(url: str, runs: int = 1, timeout: float = 300, attempts: int = 3) -> dict:
    """`runs` Lighthouse runs of one URL; the run with the median performance score, with every
    run's performance score and time. A run that fails (Lighthouse's own advice for errors
    such as NO_NAVSTART is to run it again) is retried up to `attempts` times in all."""
    done, errors = [], []
    for _ in range(runs):
        for _attempt in range(attempts):
            r = run_one(url, timeout)
            if "error" not in r:
                done.append(r)
                break
            errors.append(r)
    if not done:
        return {**errors[-1], "failed_runs": len(errors)}
    ordered = sorted(done, key=lambda r: r["scores"].get("performance") or 0)
    out = dict(ordered[(len(ordered) - 1) // 2])  # the median run (the lower middle one of an even count)
    out["runs"] = len(done)
    if runs > 1:
        out["performance_runs"] = [r["scores"].get("performance") for r in done]
        out["seconds_runs"] = [r["seconds"] for r in done]
    if errors:
        out["failed_runs"] = len(errors)
        out["failed_run_errors"] = [e["error"][-300:] for e in errors]
    return out


def run_pages(site: Path, pages: list[dict], runs: int = 1, timeout: float = 300) -> dict:
    """Lighthouse on each page of `pages` ({"path": "/…/", plus anything to keep, e.g. type, lang}) of a built site."""
    why = missing()
    if why:
        return {"measured": False, "note": why, "pages": []}
    results = []
    with serve(site) as (base, server):
        for page in pages:
            r = run_page(base + page["path"], runs, timeout)
            r.pop("lighthouse_version", None)  # the same for every page: given once below
            results.append({**{k: v for k, v in page.items() if k != "path"}, "url": page["path"], **r})
    return {
        "measured": True,
        "lighthouse_version": version(),
        "chromium": CHROME,
        "server": server,
        "command": " ".join(["lighthouse", "URL", *(f'"{f}"' if " " in f else f for f in FLAGS)]),
        "runs_per_page": runs,
        "pages": results,
    }


if __name__ == "__main__":  # python -m bench.lighthouse SITE_DIR PATH…  (e.g. site / /en/)
    import sys

    print(json.dumps(run_pages(Path(sys.argv[1]), [{"path": p} for p in sys.argv[2:] or ["/"]]),
                     ensure_ascii=False, indent=1))
