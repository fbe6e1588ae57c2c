"""The build benchmark: `make bench` / `python site_build.py bench` (a measurement, not a test).

It prints a table and writes bench/results.json (bench/README.md explains every number):

- the real site's full build, cold and warm: time, a breakdown by stage, pages per
  second and peak memory (RSS);
- bare MkDocs-Material building a plain Markdown site of the same number of pages,
  in the same run, and the ratio ours / bare;
- a scale curve on synthetic data (bench/synthetic.py) of 1, 10 and 100 cities;
- the weight of a first visit to each page type, in both languages, gzip as served
  by deploy/nginx.conf, and the search index of each language;
- Lighthouse (mobile) scores of the home, a service and an indicator page in both
  languages, served by nginx on 127.0.0.1 (bench/lighthouse.py);
- the targets of the issue, each met or not, with its number.

How it measures. Every build runs in its own Python process, started fresh
(`python -m bench.bench _child SPEC`), so that each has its own peak RSS
(os.wait4's ru_maxrss, the kernel's figure for that process) and a time budget
(`--timeout`; a build over budget is killed and recorded as not measured). Inside
the child, the real `generator.build.build_site` runs; timing wrappers — a
perf_counter before and after, nothing else — are put around the functions that
make up the stages: the generator's own functions, each MkDocs plugin/hook event
handler (so Material's search plugin is timed as a plugin, separately from ours),
and MkDocs's page steps. Times are *exclusive* (a wrapped call inside another is
subtracted from it), so the stages add up to the measured build time; the
wrappers cost a few microseconds per call (about 20 000 calls for the real site).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import gzip
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from posixpath import join as urljoin_path
from urllib.parse import urljoin, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.json"

# The targets.
TARGET_SERVE_S = 2.0  # s: `serve` shows a data edit
TARGET_BUILD_S = 5.0
TARGET_OVERHEAD = 1.3
TARGET_RSS_MB_100 = 1024.0
TARGET_FLAT = 0.20
TARGET_LIGHT_KB = 100.0
TARGET_CHART_KB = 300.0
TARGET_SEARCH_KB_PER_100 = 30.0
TARGET_LIGHTHOUSE = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}  # mobile, 0–100
LIGHTHOUSE_PAGES = ("home", "service", "indicator")  # page types of PAGE_TYPES that Lighthouse runs on

STAGES = ("load_validate", "page_generation", "charts", "mkdocs_rendering", "search_index", "post_processing")
STAGE_TITLES = {
    "load_validate": "load + validate",
    "page_generation": "page generation",
    "charts": "charts",
    "mkdocs_rendering": "MkDocs rendering",
    "search_index": "search index",
    "post_processing": "post-processing",
    "unattributed": "unattributed",
}
# Page types of the page-weight table: (name, template, has charts).
PAGE_TYPES = (
    ("home", None, False),
    ("service", "item.md.j2", False),
    ("audience", "audience.md.j2", False),
    ("finder", "finder.md.j2", False),
    ("indicator", "indicator.md.j2", True),
    ("dashboard", "indicators.md.j2", True),
    ("comparison", "compare.md.j2", True),
)


# =====================================================================================
# In the child process: one build, timed
# =====================================================================================


class Clock:
    """Exclusive and inclusive time per wrapped name; writes progress for the parent."""

    def __init__(self, progress: Path | None = None):
        self.incl: dict[str, float] = defaultdict(float)
        self.excl: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.excl_cpu: dict[str, float] = defaultdict(float)  # this process's CPU time, not waiting for a CPU
        self._stack: list[list[float]] = []  # [wall, cpu] of wrapped calls inside the current one
        self.progress_path = progress
        self.total_pages = 0
        self.html_started: float | None = None  # when the first page was turned into HTML (s since start)
        self.html_started_cpu: float | None = None  # the same, in this process's CPU time
        self._last_progress = 0.0
        self.started = time.perf_counter()

    def wrap(self, name: str, fn, on_call=None):
        if getattr(fn, "_bench_wrapped", False):
            return fn
        clock = self

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if on_call is not None:
                on_call(args, kwargs)
            clock._stack.append([0.0, 0.0])
            c0 = time.process_time()
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                dt = time.perf_counter() - t0
                dc = time.process_time() - c0
                inner, inner_cpu = clock._stack.pop()
                clock.incl[name] += dt
                clock.excl[name] += dt - inner
                clock.excl_cpu[name] += dc - inner_cpu
                clock.calls[name] += 1
                if clock._stack:
                    clock._stack[-1][0] += dt
                    clock._stack[-1][1] += dc
                clock.progress(name)

        timed._bench_wrapped = True  # type: ignore[attr-defined]
        return timed

    def patch(self, owner, attr: str, name: str, on_call=None) -> None:
        setattr(owner, attr, self.wrap(name, getattr(owner, attr), on_call))

    def progress(self, name: str, force: bool = False) -> None:
        if self.progress_path is None:
            return
        now = time.perf_counter()
        if not force and now - self._last_progress < 2.0:
            return
        self._last_progress = now
        state = {
            "elapsed_s": round(now - self.started, 1),
            "pages": self.total_pages,
            "markdown_done": self.calls.get("mkdocs.populate_page", 0),
            "html_done": self.calls.get("mkdocs.build_page", 0),
            "html_started_s": round(self.html_started, 1) if self.html_started is not None else None,
            "cpu_s": round(time.process_time(), 1),
            "html_started_cpu_s": round(self.html_started_cpu, 1) if self.html_started_cpu is not None else None,
            "rss_peak_mb": round(_self_maxrss_kb() / 1024, 1),
            "last": name,
        }
        tmp = self.progress_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.progress_path)

    def report(self) -> dict:
        return {k: {"excl_s": round(self.excl[k], 4), "incl_s": round(self.incl[k], 4),
                    "excl_cpu_s": round(self.excl_cpu[k], 4), "calls": self.calls[k]}
                for k in sorted(self.excl, key=lambda k: -self.excl[k])}


def _self_maxrss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _plugin_label(key: str) -> str:
    """'generator/engine/mkdocs_hooks.py' or '/abs/…/mkdocs_hooks.py' → 'mkdocs_hooks'; plugins keep their name."""
    return Path(key).stem if key.endswith(".py") else key


def _instrument_events(clock: Clock, config) -> None:
    """Wrap every registered event handler, named event:<plugin>:<event>."""
    plugins = config.plugins
    for event, methods in plugins.events.items():
        for i, method in enumerate(methods):
            label = _plugin_label(plugins._event_origins.get(method, "unknown"))
            wrapped = clock.wrap(f"event:{label}:{event}", method)
            methods[i] = wrapped
            try:
                plugins._event_origins[wrapped] = plugins._event_origins.get(method, "unknown")
            except TypeError:
                pass
    for key, plugin in plugins.items():
        if hasattr(plugin, "split_search_index") and hasattr(plugin, "render"):  # generator/engine/mkdocs_hooks.py
            clock.patch(plugin, "render", "generator.site.pages.render")
            clock.patch(plugin, "build_site_model", "generator.build_site_model")
            clock.patch(plugin, "load_dataset_cached", "generator.load_dataset_cached")
            clock.patch(plugin, "render_fragment", "generator.site.pages.render_fragment")


def _instrument_mkdocs(clock: Clock, counts: dict) -> None:
    import mkdocs.commands.build as mb
    import mkdocs.structure.files as mfiles
    import mkdocs.structure.pages as mpages
    import mkdocs.utils as mutils

    def on_navigation(args, kwargs):
        files = args[0]
        pages = files.documentation_pages()
        clock.total_pages = counts["pages"] = len(pages)

    def on_markdown(args, kwargs):
        page = args[0]
        counts["markdown_chars"] = counts.get("markdown_chars", 0) + len(page.markdown or "")

    clock.patch(mb, "get_files", "mkdocs.get_files")
    clock.patch(mb, "get_navigation", "mkdocs.get_navigation", on_navigation)
    clock.patch(mb, "_populate_page", "mkdocs.populate_page")
    def on_build_page(args, kwargs):
        if clock.html_started is None:
            clock.html_started = time.perf_counter() - clock.started
            clock.html_started_cpu = time.process_time()

    clock.patch(mb, "_build_page", "mkdocs.build_page", on_build_page)
    clock.patch(mb, "_build_theme_template", "mkdocs.theme_templates")
    clock.patch(mpages.Page, "render", "mkdocs.markdown", on_markdown)
    clock.patch(mpages.Page, "validate_anchor_links", "mkdocs.validate_anchors")
    clock.patch(mfiles.Files, "copy_static_files", "mkdocs.copy_static_files")
    clock.patch(mutils, "write_file", "mkdocs.write_file")

    real_build = mb.build

    def build(config, **kwargs):
        _instrument_events(clock, config)
        nav_pages = [0, 0]

        def count_nav(nav, config=None, files=None):
            # All pages in the navigation, and how many one page's sidebar lists: our hooks give
            # each language its own navigation (mkdocs_hooks._navs), so a page shows only its language's.
            nav_pages[0] = nav_pages[1] = len(nav.pages)
            for plugin in config.plugins.values():
                navs = getattr(plugin, "_navs", None)
                if isinstance(navs, dict) and navs:
                    nav_pages[1] = max(len(n.pages) for n in navs.values())
        # A counter of the navigation's size (pages listed in it), run after every other on_nav.
        count_nav.mkdocs_priority = -10_000  # type: ignore[attr-defined]
        config.plugins.events["nav"].append(count_nav)
        try:
            return clock.wrap("mkdocs.build", real_build)(config, **kwargs)
        finally:
            counts["nav_pages"], counts["nav_pages_rendered"] = nav_pages

    return build


def _instrument_generator(clock: Clock, spec: dict) -> None:
    from generator import build as gb
    from generator.site import changes, charts, downloads, feeds, finder, gitinfo
    from generator.data import validate as gv

    clock.patch(gv, "load_dataset", "generator.load_dataset")
    clock.patch(gb, "load_dataset_cached", "generator.load_dataset_cached")
    clock.patch(gb, "load_config", "mkdocs.load_config")
    clock.patch(gb, "_swap", "generator.build.swap")
    for name in ("indicator_chart", "percent_overview_chart", "comparison_chart", "to_json"):
        clock.patch(charts, name, f"generator.site.charts.{name}")
    clock.patch(finder, "finder_data", "generator.site.finder.finder_data")
    clock.patch(downloads, "all_files", "generator.site.downloads.all_files")
    clock.patch(feeds, "atom", "generator.site.feeds.atom")
    clock.patch(gitinfo, "last_changed", "generator.site.gitinfo.last_changed")
    clock.patch(gitinfo, "head_sha", "generator.site.gitinfo.head_sha")
    from generator.site import chart_svg

    if spec.get("chart_cache"):  # the drawn-chart cache of this benchmark (empty for the cold build)
        chart_svg.CACHE = Path(spec["chart_cache"])
    clock.patch(chart_svg, "draw", "generator.site.charts.svg")  # static SVGs drawn in Node
    cache = spec.get("history_cache")
    real_history = changes.history

    def history(repo, cache_dir=None, limit=30):
        # The git-history cache of this benchmark (empty for the cold build), never the project's .cache/.
        return real_history(repo, cache_dir=Path(cache) if cache else cache_dir, limit=limit)
    changes.history = clock.wrap("generator.site.changes.history", history)


def classify(name: str) -> str:
    """The stage a timed name belongs to."""
    if name in ("generator.load_dataset", "generator.load_dataset_cached"):
        return "load_validate"
    if name.startswith("generator.site.charts."):
        return "charts"
    if name.startswith("event:"):
        _, plugin, event = name.split(":", 2)
        if plugin.endswith("search") or (plugin == "mkdocs_hooks" and event == "post_build"):
            return "search_index"  # Material's search plugin; our hook's post_build splits its index by language
        if plugin == "html_fixes":
            return "post_processing"
        if plugin == "mkdocs_hooks":
            return "page_generation"
        return "mkdocs_rendering"  # any other plugin (none in this project)
    if name == "generator.build.swap":
        return "post_processing"
    if name == "generator.build_site":
        return "unattributed"  # build_site's own lines: the staging folder
    if name.startswith("generator."):
        return "page_generation"
    return "mkdocs_rendering"


def stages_of(detail: dict, key: str = "excl_s") -> dict:
    out = {s: 0.0 for s in (*STAGES, "unattributed")}
    for name, row in detail.items():
        out[classify(name)] += row.get(key, 0.0)
    return {k: round(v, 3) for k, v in out.items()}


def _child(spec_path: str) -> int:
    started = time.perf_counter()
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result_path = Path(spec["result"])
    try:
        import logging

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        import mkdocs.commands.build  # noqa: F401
        from mkdocs.config import load_config

        from generator import build as gb
        from generator.data import errors, schema, validate  # noqa: F401  (what site_build.py imports)

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        clock = Clock(Path(spec["progress"]) if spec.get("progress") else None)
        counts: dict = {}
        if spec["kind"] == "ours" and not spec.get("profile"):
            _instrument_generator(clock, spec)  # imports the generator's modules (pyecharts …): counted as start-up
        imported = time.perf_counter()
        profile_top = None
        site_dir = Path(spec["site_dir"])
        if spec.get("profile"):
            import cProfile
            import pstats

            if spec["kind"] == "ours":
                _instrument_generator(Clock(), {"history_cache": spec.get("history_cache"),
                                                 "chart_cache": spec.get("chart_cache")})  # same caches, untimed
            profiler = cProfile.Profile()
            t0 = time.perf_counter()
            profiler.enable()
            gb.build_site(Path(spec["root"]), site_dir, Path(spec["config"]) if spec.get("config") else None)
            profiler.disable()
            build_s = time.perf_counter() - t0
            profile_top = _profile_summary(pstats.Stats(profiler), build_s)
        else:
            build = _instrument_mkdocs(clock, counts)
            t0 = time.perf_counter()
            if spec["kind"] == "ours":
                gb.mkdocs_build = build
                clock.wrap("generator.build_site", gb.build_site)(
                    Path(spec["root"]), site_dir, Path(spec["config"]) if spec.get("config") else None)
            else:
                config = clock.wrap("mkdocs.load_config", load_config)(spec["config"], site_dir=str(site_dir))
                build(config)
            build_s = time.perf_counter() - t0
        import resource

        result = {
            "ok": True,
            "imports_s": round(imported - started, 3),
            "build_s": round(build_s, 3),
            "detail": clock.report(),
            "counts": counts,
            "maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        if profile_top is not None:
            result["profile_top"] = profile_top
    except BaseException as exc:  # noqa: BLE001 — reported to the parent, which records it
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-4000:]}
    result_path.write_text(json.dumps(result), encoding="utf-8")
    return 0 if result["ok"] else 1


def _profile_summary(stats, build_s: float, n: int = 30) -> dict:
    """The functions with the largest cumulative time (cProfile slows Python code ~2–3×: read shares, not seconds)."""
    rows = []
    total = max((ct for (_, _, _), (_, _, _, ct, _) in stats.stats.items()), default=build_s)
    for (file, line, func), (cc, nc, tt, ct, callers) in stats.stats.items():
        short = file
        for marker in ("site-packages/", "/work/main/", str(PROJECT) + "/", "lib/python3"):
            if marker in short:
                short = short.split(marker, 1)[1]
        rows.append({"function": f"{short}:{line}({func})", "calls": nc, "cum_s": round(ct, 3),
                     "own_s": round(tt, 3), "cum_share": round(ct / total, 3) if total else None})
    interesting = [r for r in rows if not r["function"].startswith(("{", "~", "<"))]
    by_cum = sorted(interesting, key=lambda r: -r["cum_s"])[:n]
    by_own = sorted(interesting, key=lambda r: -r["own_s"])[:n]
    return {"profiled_build_s": round(build_s, 3), "by_cumulative": by_cum, "by_own_time": by_own}


# =====================================================================================
# In the parent: run builds, each in its own process
# =====================================================================================


def _loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def run_build(spec: dict, work: Path, timeout: float, env: dict, label: str) -> dict:
    """One build in a fresh process; its peak RSS and CPU time from os.wait4."""
    work.mkdir(parents=True, exist_ok=True)
    spec = {**spec, "result": str(work / f"{label}.result.json"), "progress": str(work / f"{label}.progress.json")}
    for key in ("result", "progress"):
        Path(spec[key]).unlink(missing_ok=True)
    spec_path = work / f"{label}.spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    log_path = work / f"{label}.log"
    load_before = _loadavg()
    t0 = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bench.bench", "_child", str(spec_path)],
                                cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the build's own process group (it may run git)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    run: dict = {
        "process_wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
    }
    if timed_out:
        progress = _read_json(Path(spec["progress"])) or {}
        run.update(measured=False, note=f"not measured: exceeded {timeout:g} s", progress_at_kill=progress,
                   peak_rss_note="peak RSS until the process was killed: a lower bound")
        run["extrapolated"] = _extrapolate(progress)
        return run
    result = _read_json(Path(spec["result"]))
    if not result or not result.get("ok"):
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        run.update(measured=False, note="build failed: " + ((result or {}).get("error") or f"exit {proc.returncode}"),
                   log_tail=tail, traceback=(result or {}).get("traceback"))
        return run
    pages = result["counts"].get("pages", 0)
    run.update(
        measured=True,
        build_s=result["build_s"],
        startup_s=round(wall - result["build_s"], 3),
        imports_s=result["imports_s"],
        pages=pages,
        nav_pages=result["counts"].get("nav_pages"),
        nav_pages_rendered=result["counts"].get("nav_pages_rendered"),
        markdown_chars_per_page=round(result["counts"].get("markdown_chars", 0) / pages) if pages else None,
        pages_per_s=round(pages / result["build_s"], 1) if result["build_s"] and pages else None,
        pages_per_s_process=round(pages / wall, 1) if pages else None,
        pages_per_cpu_s=round(pages / (usage.ru_utime + usage.ru_stime), 1) if pages else None,
        ms_per_page=round(1000 * result["build_s"] / pages, 2) if pages else None,
        cpu_ms_per_page=round(1000 * (usage.ru_utime + usage.ru_stime) / pages, 2) if pages else None,
        stages=stages_of(result["detail"]),
        stages_cpu=stages_of(result["detail"], "excl_cpu_s"),
        build_cpu_s=round(sum(r["excl_cpu_s"] for r in result["detail"].values()), 3),
        detail=result["detail"],
        maxrss_self_mb=round(result["maxrss_self_kb"] / 1024, 1),
    )
    if "profile_top" in result:
        run["profile"] = result["profile_top"]
    return run


def _extrapolate(progress: dict) -> dict | None:
    """A killed build's likely total, from the rate at which it was writing pages when it
    was killed (pages are written in one pass, after all are converted): NOT a measurement."""
    done, pages, start, now = (progress.get(k) for k in ("html_done", "pages", "html_started_s", "elapsed_s"))
    cpu_start, cpu_now = progress.get("html_started_cpu_s"), progress.get("cpu_s")
    if not (done and pages and start is not None and now and now > start):
        return None
    per_page = (now - start) / done
    total = start + per_page * pages
    out = {"build_s_estimate": round(total), "html_ms_per_page_at_kill": round(1000 * per_page, 1),
           "ms_per_page_estimate": round(1000 * total / pages, 1),
           "pages_written_at_kill": done, "pages": pages,
           "note": "extrapolated from the page-writing rate at the time of the kill, not measured"}
    if cpu_start is not None and cpu_now is not None and cpu_now > cpu_start:
        cpu_per_page = (cpu_now - cpu_start) / done
        cpu_total = cpu_start + cpu_per_page * pages
        out.update(cpu_s_estimate=round(cpu_total), html_cpu_ms_per_page_at_kill=round(1000 * cpu_per_page, 1),
                   cpu_ms_per_page_estimate=round(1000 * cpu_total / pages, 1))
    return out


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def output_size(site: Path) -> dict:
    total = html = files = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if path.suffix == ".html":
                html += size
    chars = pages = 0
    # The site's text, as the search plugin extracted it (ours: the full indexes beside the stubs).
    for index in list(site.rglob("search_index.full.json")) or list(site.rglob("search_index.json")):
        docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
        chars += sum(len(d.get("title", "")) + len(d.get("text", "")) for d in docs)
        pages += len({d["location"].split("#")[0] for d in docs})
    return {"bytes": total, "mb": round(total / 1e6, 2), "files": files, "html_bytes": html,
            "search_text_chars_per_page": round(chars / pages) if pages else None}


# ---- bare MkDocs-Material ------------------------------------------------------------


def _paragraphs(root: Path) -> list[str]:
    """Real Chinese paragraphs (from the plans' text) to fill the bare pages with."""
    out = []
    for path in sorted((root / "data" / "sources").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if 60 <= len(line) <= 400 and not line.startswith(("|", "<", "#", "-")):
                out.append(line)
    return out or ["公共服务" * 40]


def write_bare_project(dest: Path, pages: int, nav_pages: int, root: Path = PROJECT) -> Path:
    """A plain MkDocs-Material site: `pages` Markdown pages (a heading and four Chinese
    paragraphs each), `nav_pages` of them listed in a flat navigation."""
    docs = dest / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    pool = _paragraphs(root)
    names = ["index.md"] + [f"p/{i:05d}.md" for i in range(1, pages)]
    for i, name in enumerate(names):
        paras = [pool[(4 * i + k) % len(pool)] for k in range(4)]
        heading = f"第{i + 1}页 · {paras[0][:12]}"
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {heading}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    nav = "\n".join(f"  - {name}" for name in names[:max(1, nav_pages)])
    config = dest / "mkdocs.yml"
    config.write_text(
        "# Bare MkDocs-Material, for comparison (bench/bench.py): no hooks, no custom theme.\n"
        "site_name: Bare MkDocs-Material\n"
        "site_url: http://127.0.0.1:8000/\n"
        "docs_dir: docs\n"
        "use_directory_urls: true\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search:\n      lang: zh\n"
        "validation:\n  nav:\n    omitted_files: ignore\n"
        f"nav:\n{nav}\n",
        encoding="utf-8",
    )
    return config


# ---- page weight -------------------------------------------------------------------------

# deploy/nginx.conf: gzip_comp_level 6, gzip_min_length 1024, these types (text/html always).
_GZIP_EXT = {".html", ".css", ".js", ".mjs", ".json", ".map", ".xml", ".csv", ".txt", ".svg", ".webmanifest"}
_KIND = {".html": "html", ".css": "css", ".js": "js", ".mjs": "js", ".woff": "font", ".woff2": "font",
         ".ttf": "font", ".otf": "font", ".png": "image", ".svg": "image", ".ico": "image", ".webp": "image",
         ".jpg": "image", ".jpeg": "image", ".gif": "image", ".json": "data", ".csv": "data", ".webmanifest": "data"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def transfer_size(path: Path) -> tuple[int, int]:
    """(raw bytes, bytes on the wire): gzip -6 when nginx would compress it."""
    data = path.read_bytes()
    if path.suffix in _GZIP_EXT and len(data) >= 1024:
        return len(data), len(gzip.compress(data, 6))
    return len(data), len(data)


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (url, why)
        self.search_form = False
        self.live_chart: list[str] = []
        self.config_json = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append((a["src"], "script"))
            if a.get("data-echarts"):  # charts.js loads ECharts only when a chart goes live
                self.live_chart.append(a["data-echarts"])
        elif tag == "script" and a.get("id") == "__config":
            self._in_config = True
        elif tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").lower().split())
            if rels & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
                self.urls.append((a["href"], "link " + " ".join(sorted(rels))))
        elif tag in ("img", "source", "video", "audio", "iframe", "embed") and a.get("src"):
            self.urls.append((a["src"], tag))
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config_json += data


def _site_path(site: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.netloc not in ("", "site.test"):
        return None
    path = parts.path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def page_weight(site: Path, src_uri: str) -> dict:
    """What a first visit to the page transfers: the page, everything it loads, and what
    Material's search loads on page load (see bench/README.md)."""
    from generator.site.pages import page_url

    page_href = "http://site.test/" + page_url(src_uri)
    html_path = _site_path(site, page_href)
    parser = _Resources()
    parser.feed(html_path.read_text(encoding="utf-8"))
    wanted: list[tuple[str, str, str]] = [(page_href, "page", "html")]
    live = [urljoin(page_href, url) for url in parser.live_chart]
    for url, why in parser.urls:
        if url.startswith("data:"):
            continue
        wanted.append((urljoin(page_href, url), why, ""))
    # Material (bundle.js, 9.x) starts its search worker on every page load and feeds it
    # search/search_index.json at once (merge(of(protocol !== "file:"), toggle("search")) → index$).
    # Our worker (workers/search-on-demand.js) gets a stub there and loads the full index,
    # Material's worker (named in its URL's fragment) and the lunr language scripts the index's
    # config asks for on the first query: counted apart, as `first_search_*`.
    search: list[tuple[str, str, str]] = []
    on_search: list[tuple[str, str, str]] = []
    if parser.search_form and parser.config_json:
        cfg = json.loads(parser.config_json)
        base = urljoin(page_href, cfg.get("base", "."))
        worker = urljoin(page_href, cfg["search"])
        index = urljoin(base if base.endswith("/") else base + "/", "search/search_index.json")
        search += [(worker, "search worker", "js"), (index, "search index", "data")]
        index_path = _site_path(site, index)
        config = (json.loads(index_path.read_text(encoding="utf-8")).get("config", {})
                  if index_path and index_path.is_file() else {})
        later = on_search if config.get("full_index") else search
        if config.get("full_index"):
            on_search.append((urljoin("http://site.test/", config["full_index"]), "full search index", "data"))
        real_worker = urlsplit(worker).fragment
        if real_worker:
            later.append((urljoin(worker, real_worker), "Material's search worker", "js"))
        langs = config.get("lang", [])
        lunr = urljoin(worker, "../lunr/")
        scripts = [f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"]
        if len(langs) > 1:
            scripts.append("min/lunr.multi.min.js")
        if scripts:
            later += [(urljoin(lunr, s), "search language", "js") for s in ["min/lunr.stemmer.support.min.js", *scripts]]
    rows, seen = [], set()

    def add(url: str, why: str, kind: str, on_load_search: bool) -> None:
        key = urlsplit(url)._replace(fragment="", query="").geturl()
        if key in seen:
            return
        seen.add(key)
        path = _site_path(site, key)
        if path is None:
            rows.append({"url": url, "why": why, "external": True})
            return
        if not path.is_file():
            rows.append({"url": key.replace("http://site.test/", "/"), "why": why, "missing": True})
            return
        raw, wire = transfer_size(path)
        rows.append({"url": key.replace("http://site.test/", "/"), "why": why, "kind": kind or _KIND.get(path.suffix, "other"),
                     "raw": raw, "gzip": wire, "search": on_load_search})
        if path.suffix == ".css":  # fonts and images the stylesheet pulls in
            for m in _CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                ref = m.group(1) or m.group(2)
                if ref and not ref.startswith(("data:", "#")):
                    add(urljoin(key, ref), "from " + path.name, "", on_load_search)

    for url, why, kind in wanted:
        add(url, why, kind, False)
    for url, why, kind in search:
        add(url, why, kind, True)
    loaded = len(rows)
    for url, why, kind in on_search:
        add(url, why, kind, True)
    searching, rows = rows[loaded:], rows[:loaded]
    live_rows = []
    for url in live:
        path = _site_path(site, url)
        if path is not None and path.is_file():
            raw, wire = transfer_size(path)
            live_rows.append({"url": url.replace("http://site.test/", "/"), "why": "ECharts, when a chart goes live",
                              "raw": raw, "gzip": wire})
    by_kind: dict[str, int] = defaultdict(int)
    for r in rows:
        if "gzip" in r:
            by_kind["search" if r["search"] else r["kind"]] += r["gzip"]
    total = sum(r.get("gzip", 0) for r in rows)
    without_search = sum(r.get("gzip", 0) for r in rows if not r.get("search"))
    return {
        "url": page_href.replace("http://site.test", ""),
        "first_visit_gzip": total,
        "first_visit_kb": round(total / 1024, 1),
        "without_search_gzip": without_search,
        "without_search_kb": round(without_search / 1024, 1),
        "first_search_extra_gzip": sum(r.get("gzip", 0) for r in searching),
        "first_search_extra_kb": round(sum(r.get("gzip", 0) for r in searching) / 1024, 1),
        "first_search_resources": searching,
        # Chart pages show static SVGs; the live chart (tooltips) loads ECharts on touch, or on
        # view on wide screens (theme/assets/javascripts/charts.js).
        "live_chart_extra_kb": round(sum(r["gzip"] for r in live_rows) / 1024, 1) if live_rows else None,
        "live_chart_resources": live_rows,
        "html_gzip": next((r["gzip"] for r in rows if r.get("why") == "page"), None),
        "by_kind_gzip": dict(sorted(by_kind.items())),
        "resources": rows,
        "missing": [r["url"] for r in rows if r.get("missing")],
        "external": [r["url"] for r in rows if r.get("external")],
    }


def sample_pages(root: Path) -> dict[str, str]:
    """The language-independent path of one page of each type (the first of the first city)."""
    from generator.site.sitemodel import build_site_model
    from generator.data.validate import load_dataset

    model = build_site_model(load_dataset(root))
    out: dict[str, str] = {}
    for name, template, _ in PAGE_TYPES:
        if template is None:
            out[name] = "index.md"
            continue
        for page in model.pages:
            if page.lang != "zh" or page.template != template:
                continue
            item = page.context.get("item")
            if name == "service" and (item is None or item.kind.value != "service"):
                continue
            out[name] = page.path
            break
    return out


def search_indexes(site: Path, pages_per_lang: dict[str, int]) -> dict:
    from generator.site.i18n import LANGS, url_prefix

    out = {}
    for lang in LANGS:
        # The full index (loaded on the first query); search_index.json is the stub every page loads.
        path = site / url_prefix(lang) / "search" / "search_index.full.json"
        if not path.is_file():
            path = site / url_prefix(lang) / "search" / "search_index.json"
        if not path.is_file():
            out[lang] = None
            continue
        data = path.read_bytes()
        docs = json.loads(data)["docs"]
        indexed = len({d["location"].split("#")[0] for d in docs})
        gz = len(gzip.compress(data, 6))
        out[lang] = {
            "path": "/" + path.relative_to(site).as_posix(),
            "raw": len(data), "gzip": gz, "raw_kb": round(len(data) / 1024, 1), "gzip_kb": round(gz / 1024, 1),
            "entries": len(docs), "pages_indexed": indexed, "pages_of_language": pages_per_lang.get(lang),
            "gzip_kb_per_100_indexed_pages": round(gz / 1024 / indexed * 100, 1) if indexed else None,
            "gzip_kb_per_100_pages_of_language": (round(gz / 1024 / pages_per_lang[lang] * 100, 1)
                                                  if pages_per_lang.get(lang) else None),
        }
    return out


def pages_per_language(site: Path) -> dict[str, int]:
    from generator.site.i18n import LANGS, url_prefix

    counts = {lang: 0 for lang in LANGS}
    prefixes = sorted(((url_prefix(lang), lang) for lang in LANGS), key=lambda p: -len(p[0]))
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        lang = next(lang for prefix, lang in prefixes if rel.startswith(prefix))
        counts[lang] += 1
    return counts


# ---- machine ---------------------------------------------------------------------------


def machine() -> dict:
    from importlib import metadata

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    cpu = ""
    mem_kb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    echarts = _read_json(PROJECT / "node_modules" / "echarts" / "package.json") or {}
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "packages": {d: version(d) for d in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
                                              "pyecharts", "jieba", "pydantic", "pyyaml")},
        "echarts": echarts.get("version"),
        "loadavg_at_start": _loadavg(),
    }


# =====================================================================================
# The whole benchmark
# =====================================================================================


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cities", default="1,10,100",
                   help="scale-curve points, numbers of synthetic cities (default 1,10,100; 'none' to skip)")
    p.add_argument("--timeout", type=float, default=600,
                   help="time budget of each build in seconds (default 600); a build over it is recorded as not measured")
    p.add_argument("--output", default=str(RESULTS), help="where to write the results (default bench/results.json)")
    p.add_argument("--no-profile", action="store_true", help="skip the extra cProfile'd build of the real site")
    p.add_argument("--no-lighthouse", action="store_true",
                   help="skip the Lighthouse scores (they need `make bench`'s bench/node_modules, Node.js and Chromium)")
    p.add_argument("--lighthouse-runs", type=int, default=3,
                   help="Lighthouse runs per page, the median run is kept (default 3)")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic cities' numbers")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (sites, logs) and print its path")


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(args) -> int:
    points = [] if args.cities.strip().lower() in ("", "none") else sorted({int(x) for x in args.cities.split(",")})
    out = Path(args.output)
    work = Path(tempfile.mkdtemp(prefix="site-bench-"))
    jieba_tmp = work / "tmp"  # TMPDIR of every build: jieba's dictionary cache lives there (cold: empty)
    jieba_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(jieba_tmp), "NO_MKDOCS_2_WARNING": "1"}
    history_cache = work / "history-cache"  # the git-history cache of the builds (cold: empty)
    results: dict = {
        "complete": False,
        "generated_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join(["python", Path(sys.argv[0]).name, *sys.argv[1:]]),
        "timeout_s_per_build": args.timeout,
        "machine": machine(),
    }
    try:
        # ---- the real site: cold, then warm ----
        real_site = work / "real" / "site"
        spec = {"kind": "ours", "root": str(PROJECT), "config": None, "site_dir": str(real_site),
                "history_cache": str(history_cache), "chart_cache": str(work / "chart-cache")}
        _say("real site, cold build …")
        cold = run_build(spec, work / "real", args.timeout, env, "cold")
        _say(f"  {_brief(cold)}")
        _say("real site, warm build …")
        warm = run_build(spec, work / "real", args.timeout, env, "warm")
        _say(f"  {_brief(warm)}")
        real = {"cold": cold, "warm": warm}
        if warm.get("measured") and real_site.is_dir():
            real["output"] = output_size(real_site)
        results["real_site"] = real
        # ---- bare MkDocs-Material with as many pages ----
        ref = warm if warm.get("measured") else cold
        if ref.get("measured"):
            _say(f"bare MkDocs-Material, {ref['pages']} pages …")
            bare_cfg = write_bare_project(work / "bare-real", ref["pages"], ref.get("nav_pages_rendered") or ref["pages"])
            bare = run_build({"kind": "bare", "config": str(bare_cfg), "site_dir": str(work / "bare-real" / "site")},
                             work / "bare-real", args.timeout, env, "bare")
            _say(f"  {_brief(bare)}")
            if bare.get("measured"):
                bare["output"] = output_size(work / "bare-real" / "site")
            results["bare_at_real_size"] = bare
            results["overhead_real"] = _ratio(ref, bare)
            shutil.rmtree(work / "bare-real", ignore_errors=True)
        # ---- page weight and search index of the real site ----
        if real_site.is_dir():
            _say("page weight …")
            results["page_weight"] = _page_weights(real_site)
            results["search_index"] = search_indexes(real_site, pages_per_language(real_site))
        # ---- serve: rebuild after a data edit (dirty build, bench/serve_bench.py) ----
        _say("serve: rebuild after a data edit …")
        results["serve_rebuild"] = _serve_rebuild(work / "serve", env, args.timeout)
        _say(f"  median {results['serve_rebuild'].get('median_wall_s')} s")
        _save(results, out)
        # ---- Lighthouse on the same site ----
        if args.no_lighthouse:
            results["lighthouse"] = {"measured": False, "note": "skipped (--no-lighthouse)", "pages": []}
        elif real_site.is_dir():
            _say("Lighthouse (mobile) …")
            results["lighthouse"] = _lighthouse(real_site, args.lighthouse_runs)
            for page in results["lighthouse"]["pages"]:
                _say(f"  {page['type']} ({page['lang']}): " + (", ".join(f"{k} {v}" for k, v in page["scores"].items())
                                                              if "scores" in page else page.get("error", "")))
            _save(results, out)
        # ---- where the time goes, by function (cProfile) ----
        if not args.no_profile:
            _say("profiled build of the real site (cProfile) …")
            prof = run_build({**spec, "site_dir": str(work / "profile" / "site"), "profile": True},
                             work / "profile", args.timeout * 3, env, "profile")
            results["profile_real_warm"] = prof.get("profile") or {"note": prof.get("note")}
            shutil.rmtree(work / "profile", ignore_errors=True)
            _save(results, out)
        # ---- the scale curve ----
        results["scale"] = []
        for n in points:
            results["scale"].append(_scale_point(n, work, args, env))
            results["linearity"] = _linearity(results["scale"])
            _save(results, out)
        results["complete"] = True
    finally:
        if args.keep:
            _say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    _save(results, out)
    print(report(results))
    print(f"\nwrote {out}")
    return 0


def _serve_rebuild(work: Path, env: dict, timeout: float) -> dict:
    """Run bench/serve_bench.py in a fresh process, as `serve` is one."""
    work.mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.serve_bench", str(work)], cwd=PROJECT, env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"measured": False, "note": f"not measured: exceeded {timeout:g} s"}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        return {"measured": False, "note": "failed: " + proc.stderr.strip()[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _save(results: dict, out: Path) -> None:
    """Write what is measured so far (a long run interrupted keeps its numbers)."""
    results.setdefault("lighthouse", None)  # None: not reached yet
    results["machine"]["loadavg_at_end"] = _loadavg()
    results["finished_at"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    results["targets"] = targets(results)
    results["top_costs_real_warm"] = top_costs(results.get("real_site", {}).get("warm", {}))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out)


def _brief(run: dict) -> str:
    if not run.get("measured"):
        return run.get("note", "not measured") + f" (peak RSS {run.get('peak_rss_mb')} MB)"
    return (f"{run['pages']} pages in {run['build_s']:.1f} s build / {run['process_wall_s']:.1f} s process, "
            f"cpu {run['cpu_s']:.1f} s, peak RSS {run['peak_rss_mb']:.0f} MB")


def _ratio(ours: dict, bare: dict) -> dict:
    if not (ours.get("measured") and bare.get("measured")):
        return {"ratio": None, "note": "not measured: " + "; ".join(
            f"{name}: {r.get('note')}" for name, r in (("ours", ours), ("bare", bare)) if not r.get("measured"))}
    return {
        "ratio": round(ours["build_s"] / bare["build_s"], 2),
        "ratio_process": round(ours["process_wall_s"] / bare["process_wall_s"], 2),
        "ratio_cpu": round(ours["cpu_s"] / bare["cpu_s"], 2),
        "ours_build_s": ours["build_s"], "bare_build_s": bare["build_s"],
        "pages": ours["pages"], "bare_pages": bare["pages"],
    }


def _page_weights(site: Path) -> dict:
    from generator.site.i18n import LANGS, url_prefix

    samples = sample_pages(PROJECT)
    out = []
    for name, _, charts in PAGE_TYPES:
        if name not in samples:
            out.append({"type": name, "note": "no page of this type"})
            continue
        for lang in LANGS:
            w = page_weight(site, url_prefix(lang) + samples[name])
            out.append({"type": name, "lang": lang, "charts": charts,
                        "limit_kb": TARGET_CHART_KB if charts else TARGET_LIGHT_KB, **w})
    return {"pages": out}


def _lighthouse(site: Path, runs: int = 1) -> dict:
    """Lighthouse on the page-weight sample pages of the types in LIGHTHOUSE_PAGES, both languages."""
    from bench import lighthouse
    from generator.site.i18n import LANGS, url_prefix
    from generator.site.pages import page_url

    samples = sample_pages(PROJECT)
    pages = [{"type": name, "lang": lang, "path": "/" + page_url(url_prefix(lang) + samples[name])}
             for name in LIGHTHOUSE_PAGES if name in samples for lang in LANGS]
    load = _loadavg()
    out = lighthouse.run_pages(site, pages, runs)
    return {**out, "loadavg_before": load, "loadavg_after": _loadavg()}


def _scale_point(n: int, work: Path, args, env: dict) -> dict:
    from bench import synthetic

    point_dir = work / f"scale-{n}"
    point: dict = {"cities": n}
    try:
        _say(f"scale: {n} synthetic cit{'y' if n == 1 else 'ies'} — writing data …")
        t0 = time.perf_counter()
        info = synthetic.write_project(point_dir / "project", n, seed=args.seed)
        point["synthetic"] = {k: v for k, v in info.items() if k not in ("config", "cities", "derived_from")}
        point["synthetic"]["write_and_validate_s"] = round(time.perf_counter() - t0, 2)
    except Exception as exc:  # noqa: BLE001
        point["ours"] = {"measured": False, "note": f"synthetic data failed: {type(exc).__name__}: {exc}"[:2000]}
        return point
    site = point_dir / "site"
    _say(f"  building ({info['generated_pages']} generated pages, budget {args.timeout:g} s) …")
    ours = run_build({"kind": "ours", "root": str(point_dir / "project"), "config": info["config"],
                      "site_dir": str(site), "history_cache": str(work / "history-cache"),
                      "chart_cache": str(work / "chart-cache")},
                     point_dir, args.timeout, env, "ours")
    _say(f"  {_brief(ours)}")
    if ours.get("measured") and site.is_dir():
        ours["output"] = output_size(site)
    shutil.rmtree(site, ignore_errors=True)
    pages, nav_pages = ours.get("pages"), ours.get("nav_pages_rendered")
    if not (pages and nav_pages):  # the build did not finish: the same counts, from the site model
        pages, nav_pages = _expected_counts(point_dir / "project")
    _say(f"  bare MkDocs-Material, {pages} pages …")
    bare_cfg = write_bare_project(point_dir / "bare", pages, nav_pages)
    bare = run_build({"kind": "bare", "config": str(bare_cfg), "site_dir": str(point_dir / "bare" / "site")},
                     point_dir, args.timeout, env, "bare")
    _say(f"  {_brief(bare)}")
    if bare.get("measured"):
        bare["output"] = output_size(point_dir / "bare" / "site")
    shutil.rmtree(point_dir, ignore_errors=True)
    point.update(ours=ours, bare=bare, overhead=_ratio(ours, bare))
    return point


def _expected_counts(project: Path) -> tuple[int, int]:
    """(pages, pages one page's navigation lists) of a project, from its site model and content/."""
    from generator.site.sitemodel import build_site_model
    from generator.data.validate import load_dataset

    model = build_site_model(load_dataset(project))
    hand = len(list((project / "content").rglob("*.md")))

    def leaves(entries) -> int:
        n = 0
        for entry in entries:
            if isinstance(entry, str):
                n += 1
            elif isinstance(entry, dict):
                n += sum(leaves(v) if isinstance(v, list) else 1 for v in entry.values())
        return n
    return len(model.pages) + hand, max(leaves([entry]) for entry in model.nav)  # one language's navigation


def _linearity(points: list[dict]) -> dict:
    """How build time grows with pages. Judged on CPU time: on a shared machine the wall
    time of a long build depends on what else runs (see bench/README.md)."""
    measured = [(p["cities"], p["ours"]) for p in points if p.get("ours", {}).get("measured")]
    out: dict = {"ms_per_page": {str(n): r["ms_per_page"] for n, r in measured},
                 "cpu_ms_per_page": {str(n): r["cpu_ms_per_page"] for n, r in measured},
                 "peak_rss_mb": {str(n): r["peak_rss_mb"] for n, r in measured}}
    estimates = {str(p["cities"]): p["ours"]["extrapolated"] for p in points
                 if not p.get("ours", {}).get("measured") and p.get("ours", {}).get("extrapolated")}
    if estimates:
        out["extrapolated_not_measured"] = estimates
    slopes = []
    for (n1, a), (n2, b) in zip(measured, measured[1:]):
        growth = math.log(b["pages"] / a["pages"])
        slopes.append({"from": n1, "to": n2,
                       "time_exponent": round(math.log(b["build_s"] / a["build_s"]) / growth, 2),
                       "cpu_exponent": round(math.log(b["cpu_s"] / a["cpu_s"]) / growth, 2),
                       "ms_per_page_ratio": round(b["ms_per_page"] / a["ms_per_page"], 2),
                       "cpu_ms_per_page_ratio": round(b["cpu_ms_per_page"] / a["cpu_ms_per_page"], 2)})
    out["between_points"] = slopes
    if slopes:
        worst = max(s["cpu_exponent"] for s in slopes)
        out["verdict"] = (f"linear between measured points (CPU time ∝ pages^{worst:.2f} at worst)" if worst <= 1.1
                          else f"superlinear (CPU time ∝ pages^{worst:.2f} at worst): the cost per page grows with the site")
    else:
        out["verdict"] = "not enough measured points"
    for n, e in estimates.items():
        if e.get("cpu_ms_per_page_estimate") and measured:
            last_n, last = measured[-1]
            out["verdict"] += (f"; {n} cities not measured, but pages were being written at "
                               f"{e['html_cpu_ms_per_page_at_kill']} CPU ms/page when it was killed "
                               f"(≈{e['cpu_ms_per_page_estimate']} CPU ms/page overall, extrapolated) against "
                               f"{last['cpu_ms_per_page']} at {last_n}")
    return out


# ---- targets and the report ----------------------------------------------------------------


def _target(name: str, limit: str, value, met, note: str = "") -> dict:
    return {"target": name, "limit": limit, "value": value, "met": met, **({"note": note} if note else {})}


def targets(r: dict) -> list[dict]:
    out = []
    real = r.get("real_site", {})
    for kind in ("cold", "warm"):
        run = real.get(kind, {})
        if run.get("measured"):
            out.append(_target(f"real site full build ({kind}) ≤ {TARGET_BUILD_S:g} s", f"{TARGET_BUILD_S:g} s",
                               f"{run['process_wall_s']:.1f} s (process; build {run['build_s']:.1f} s, cpu {run['cpu_s']:.1f} s)",
                               run["process_wall_s"] <= TARGET_BUILD_S))
        else:
            out.append(_target(f"real site full build ({kind}) ≤ {TARGET_BUILD_S:g} s", f"{TARGET_BUILD_S:g} s", None, None,
                               run.get("note", "not measured")))
    overheads = [("real site", r.get("overhead_real", {}))] + [
        (f"{p['cities']} cit{'y' if p['cities'] == 1 else 'ies'}", p.get("overhead", {})) for p in r.get("scale", [])]
    for label, o in overheads:
        ratio, cpu = o.get("ratio"), o.get("ratio_cpu")
        note = o.get("note", "")
        if ratio is not None and cpu is not None and (ratio <= TARGET_OVERHEAD) != (cpu <= TARGET_OVERHEAD):
            note = "the wall-clock ratio gives the other answer: the machine was loaded (judged on CPU time)"
        out.append(_target(f"overhead ≤ {TARGET_OVERHEAD}× bare MkDocs-Material ({label})", f"{TARGET_OVERHEAD}×",
                           f"{cpu}× CPU time (wall {ratio}×)" if cpu is not None else None,
                           cpu <= TARGET_OVERHEAD if cpu is not None else None, note))
    sr = r.get("serve_rebuild") or {}
    if sr:
        out.append(_target(f"serve rebuild after a YAML edit < {TARGET_SERVE_S:g} s (real site)", f"{TARGET_SERVE_S:g} s",
                           (f"{sr['median_wall_s']} s median of {len(sr['rebuilds'])} (CPU {sr['median_cpu_s']} s; "
                            f"{sr['rebuilds'][0]['html_files_rewritten']} of {sr['html_files']} HTML files rewritten)")
                           if sr.get("measured") else None,
                           sr["median_wall_s"] < TARGET_SERVE_S if sr.get("measured") else None,
                           sr.get("note", "")))
    p100 = next((p for p in r.get("scale", []) if p["cities"] == 100), None)
    if p100 is not None:
        ours = p100.get("ours", {})
        rss = ours.get("peak_rss_mb")
        if ours.get("measured"):
            out.append(_target("peak memory ≤ 1 GB at 100 cities", "1024 MB", f"{rss} MB", rss <= TARGET_RSS_MB_100))
        else:
            over = rss is not None and rss > TARGET_RSS_MB_100
            prog = ours.get("progress_at_kill") or {}
            where = (f" after writing {prog['html_done']} of {prog['pages']} pages" if prog.get("html_done") is not None
                     and prog.get("pages") else "")
            out.append(_target("peak memory ≤ 1 GB at 100 cities", "1024 MB",
                               f"≥ {rss} MB (build killed{where})" if rss else None,
                               False if over else None, ours.get("note", "") + ("" if over else "; the peak until then is a lower bound")))
    else:
        out.append(_target("peak memory ≤ 1 GB at 100 cities", "1024 MB", None, None, "100 cities not requested"))
    lin = r.get("linearity", {})
    cpu = lin.get("cpu_ms_per_page", {})
    if "10" in cpu and "100" in cpu:
        ratio = cpu["100"] / cpu["10"]
        out.append(_target("time per page flat (±20%) from 10 to 100 cities", "0.8–1.2×",
                           f"{cpu['10']} → {cpu['100']} CPU ms/page ({ratio:.2f}×; wall {lin['ms_per_page']['10']} → "
                           f"{lin['ms_per_page']['100']} ms/page)", abs(ratio - 1) <= TARGET_FLAT))
    else:
        est = (lin.get("extrapolated_not_measured") or {}).get("100") or {}
        value = None
        if "10" in cpu and est.get("cpu_ms_per_page_estimate"):
            value = (f"not measured; extrapolated ≈{est['cpu_ms_per_page_estimate']} CPU ms/page at 100 cities "
                     f"against {cpu['10']} at 10 ({est['cpu_ms_per_page_estimate'] / cpu['10']:.1f}×)")
        out.append(_target("time per page flat (±20%) from 10 to 100 cities", "0.8–1.2×", value, None,
                           "not measured: the 10- and 100-city builds must both finish within the budget"))
    for page in r.get("page_weight", {}).get("pages", []):
        if "first_visit_kb" not in page:
            continue
        out.append(_target(f"first visit ≤ {page['limit_kb']:g} KB gzip: {page['type']} ({page['lang']})",
                           f"{page['limit_kb']:g} KB",
                           (f"{page['first_visit_kb']} KB ({page['without_search_kb']} KB without the search stub and worker; "
                            f"the first search loads {page.get('first_search_extra_kb', 0)} KB more)"),
                           page["first_visit_kb"] <= page["limit_kb"],
                           "" if page["first_visit_kb"] <= page["limit_kb"] or page["without_search_kb"] > page["limit_kb"]
                           else "met only without what Material's search loads on page load"))
    lh = r.get("lighthouse") or {}
    limit = "/".join(str(v) for v in TARGET_LIGHTHOUSE.values())
    title = ("Lighthouse mobile: performance ≥ {performance}, accessibility {accessibility}, best practices "
             "{best-practices}, SEO {seo}").format(**TARGET_LIGHTHOUSE)
    if lh and not lh.get("measured"):
        out.append(_target(title, limit, None, None, lh.get("note", "not measured")))
    for page in lh.get("pages", []):
        name = f"{title}: {page['type']} ({page['lang']})"
        if "scores" not in page:
            out.append(_target(name, limit, None, None, page.get("error", "not measured")))
            continue
        sc = page["scores"]
        short = [c for c, least in TARGET_LIGHTHOUSE.items() if sc.get(c) is None or sc[c] < least]
        note = "; ".join(f"{c} {sc.get(c)}: " + ", ".join(a["id"] for a in page.get("failed_audits", {}).get(c, []))
                         for c in short)
        out.append(_target(name, limit, " / ".join(f"{c} {sc.get(c)}" for c in TARGET_LIGHTHOUSE), not short, note))
    for lang, idx in (r.get("search_index") or {}).items():
        if idx:
            v = idx["gzip_kb_per_100_indexed_pages"]
            out.append(_target(f"search index ≤ {TARGET_SEARCH_KB_PER_100:g} KB gzip per 100 pages ({lang})",
                               f"{TARGET_SEARCH_KB_PER_100:g} KB", f"{v} KB per 100 indexed pages ({idx['gzip_kb']} KB / "
                               f"{idx['pages_indexed']} pages)", v <= TARGET_SEARCH_KB_PER_100 if v is not None else None,
                               "" if v is not None else "no page in this index"))
    return out


def top_costs(run: dict, n: int = 8) -> list[dict]:
    if not run.get("measured"):
        return []
    total = run["build_s"]
    rows = sorted(run["detail"].items(), key=lambda kv: -kv[1]["excl_s"])[:n]
    return [{"name": k, "stage": classify(k), "excl_s": v["excl_s"], "share": round(v["excl_s"] / total, 3), "calls": v["calls"]}
            for k, v in rows]


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[("" if c is None else str(c)) for c in row] for row in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = lambda r: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


def _fmt(v, spec=".1f"):
    return "—" if v is None else format(v, spec)


def report(r: dict) -> str:
    out = []
    m = r["machine"]
    out.append(f"machine: {m['nproc']} CPUs ({m['cpu_model']}), Python {m['python']}, mkdocs {m['packages']['mkdocs']}, "
               f"material {m['packages']['mkdocs-material']}; load average {m['loadavg_at_start']} → {m.get('loadavg_at_end')}")
    real = r.get("real_site", {})
    rows = []
    for label, run in (("ours cold", real.get("cold", {})), ("ours warm", real.get("warm", {})),
                       ("bare MkDocs-Material", r.get("bare_at_real_size", {}))):
        if not run.get("measured"):
            rows.append([label, run.get("note", "—")])
            continue
        st = run["stages"]
        rows.append([label, run["pages"], _fmt(run["process_wall_s"]), _fmt(run["build_s"]), _fmt(run["cpu_s"]),
                     _fmt(run["pages_per_s"]), _fmt(run["peak_rss_mb"], ".0f"),
                     *(_fmt(st[s], ".2f") for s in (*STAGES, "unattributed"))])
    out.append("\nFull build of the real site (seconds; stages add up to `build`)")
    out.append(_table(["build", "pages", "process", "build", "cpu", "pages/s", "RSS MB",
                       *(STAGE_TITLES[s] for s in (*STAGES, "unattributed"))], rows))
    o = r.get("overhead_real", {})
    out.append(f"overhead ours/bare at the real size: {o.get('ratio')}× (process {o.get('ratio_process')}×, cpu {o.get('ratio_cpu')}×)")
    costs = r.get("top_costs_real_warm") or []
    if costs:
        out.append("largest costs of the warm build (exclusive time): " + "; ".join(
            f"{c['name']} {c['excl_s']:.2f} s ({100 * c['share']:.0f}%)" for c in costs[:5]))
    if r.get("scale"):
        rows = []
        for p in r["scale"]:
            ours, bare, ov = p.get("ours", {}), p.get("bare", {}), p.get("overhead", {})
            b = ([_fmt(bare.get("build_s")), _fmt(bare.get("cpu_ms_per_page"), ".1f"), _fmt(bare.get("peak_rss_mb"), ".0f")]
                 if bare.get("measured") else [bare.get("note", "—"), "", f"≥{bare.get('peak_rss_mb')}"])
            if ours.get("measured"):
                rows.append([p["cities"], ours["pages"], _fmt(ours["build_s"]), _fmt(ours["ms_per_page"], ".1f"),
                             _fmt(ours["cpu_ms_per_page"], ".1f"), _fmt(ours["peak_rss_mb"], ".0f"),
                             _fmt(ours.get("output", {}).get("mb")), *b, ov.get("ratio_cpu")])
            else:
                prog = ours.get("progress_at_kill") or {}
                rows.append([p["cities"], prog.get("pages"),
                             f"{ours.get('note', '—')} ({prog.get('html_done', '?')} pages written)", "",
                             "", f"≥{ours.get('peak_rss_mb')}" if ours.get("peak_rss_mb") else "", "", *b, None])
        out.append("\nScale curve (synthetic cities; ms/page = wall, cpu = CPU ms per page)")
        out.append(_table(["cities", "pages", "build s", "ms/page", "cpu ms/page", "RSS MB", "output MB", "bare s",
                           "bare cpu ms/page", "bare RSS MB", "ours/bare (cpu)"], rows))
        out.append(f"growth: {r.get('linearity', {}).get('verdict')}")
    pw = r.get("page_weight", {}).get("pages", [])
    if pw:
        rows = [[p["type"], p.get("lang"), _fmt((p.get("html_gzip") or 0) / 1024), _fmt(p.get("without_search_kb")),
                 _fmt(p.get("first_visit_kb")), f"{p.get('limit_kb'):g}"] for p in pw if "first_visit_kb" in p]
        out.append("\nFirst visit, KB gzip (deploy/nginx.conf: gzip -6 for text types ≥ 1 KB)")
        out.append(_table(["page", "lang", "HTML", "without search", "first visit", "target"], rows))
    si = r.get("search_index") or {}
    if si:
        rows = [[lang, _fmt(v["raw_kb"]), _fmt(v["gzip_kb"]), v["pages_indexed"], _fmt(v["gzip_kb_per_100_indexed_pages"])]
                for lang, v in si.items() if v]
        out.append("\nSearch index")
        out.append(_table(["lang", "raw KB", "gzip KB", "pages", "gzip KB / 100 pages"], rows))
    lh = (r.get("lighthouse") or {}).get("pages") or []
    if lh:
        rows = []
        for p in lh:
            sc, m = p.get("scores") or {}, p.get("metrics") or {}
            rows.append([p["type"], p["lang"], *(sc.get(c) for c in TARGET_LIGHTHOUSE), _fmt(m.get("fcp_ms"), ".0f"),
                         _fmt(m.get("lcp_ms"), ".0f"), _fmt(m.get("tbt_ms"), ".0f"), _fmt(m.get("cls"), ".3f"),
                         _fmt(m.get("speed_index_ms"), ".0f"), _fmt((m.get("total_transfer_bytes") or 0) / 1024),
                         _fmt(p.get("seconds")), p.get("error", "")])
        out.append(f"\nLighthouse {r['lighthouse'].get('lighthouse_version')}, mobile, simulated throttling "
                   f"({r['lighthouse'].get('server')})")
        out.append(_table(["page", "lang", "perf", "a11y", "best pr.", "SEO", "FCP ms", "LCP ms", "TBT ms", "CLS",
                           "SI ms", "KB", "run s", ""], rows))
    out.append("\nTargets")
    out.append(_table(["", "target", "value"], [["met" if t["met"] else ("NOT met" if t["met"] is False else "n/a"),
                                                   t["target"], t["value"] if t["value"] is not None else t.get("note", "")]
                                                  for t in r.get("targets", [])]))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        return _child(argv[1])
    parser = argparse.ArgumentParser(prog="python -m bench.bench", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
