"""The build benchmark: `make bench` / `python site_build.py bench` (a measurement, not a test).

It prints a table and writes bench/results.json and the "Latest results" table of
bench/README.md (which explains every number):

- the real site's full build — generate, render the shards in a process pool, finish,
  swap — cold and warm, with --jobs 1 and with --jobs = the number of cores: wall and
  CPU time per stage, per shard, and the peak RSS of each worker (bench/build_time.py);
- bare MkDocs-Material building as many pages in one process, in the same run;
- synthetic sites of 1, 10 and 100 cities (bench/synthetic.py, bench/scale.py), each
  with a time budget, and a paper estimate for 2,844 counties on an N-job CI matrix;
- the weight of a first visit to each page type and the search index (bench/page_weight.py),
  the `serve` rebuild after a data edit (bench/serve_bench.py) and Lighthouse
  (bench/lighthouse.py; --no-lighthouse skips it);
- the targets, each met or not, with its number and the load average of the machine.

Every build runs in its own Python process (bench/build_time.py), so each has its own
CPU time and peak memory from os.wait4 and its own time budget.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .build_time import NO_REUSE, forget_outputs, loadavg, output_size, run_build, write_bare_project
from .page_weight import (LIGHTHOUSE_PAGES, PAGE_TYPES, TARGET_CHART_KB, TARGET_LIGHT_KB, lighthouse_scores,  # noqa: F401
                          page_weight, page_weights, pages_per_language, sample_pages)
from .scale import brief, county_estimate, linearity, scale_point
from .search_weight import TARGET_FIRST_QUERY_KB, first_query_weights

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results.json"
README = PROJECT / "bench" / "README.md"
README_START, README_END = "<!-- results:start -->", "<!-- results:end -->"

# The targets of issue 13 (bench/README.md, "Targets").
# The builds of the real site compared with bare MkDocs-Material: cold (empty caches), warm (the
# second build: shards and finish outputs restored when unchanged) and rerender (warm, but every
# shard rendered and the search index made again: the engine's own cost).
TEMPS = ("cold", "warm", "rerender")
TARGET_WARM_RATIO = 0.6  # warm full build ≤ 0.6 × bare MkDocs-Material's wall time, same run, 2 cores
TARGET_COLD_RATIO = 1.2
TARGET_FLAT = 0.20  # CPU ms per page at 100 cities within ±20 % of 1 city
TARGET_100_S = 300.0  # 100 cities, wall, on 2 cores
TARGET_WORKER_MB = 600.0  # peak RSS of any worker process
# Earlier issues' targets, still measured.
TARGET_SERVE_S = 2.0
TARGET_LIGHTHOUSE = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}  # mobile, 0–100


# ---- machine ---------------------------------------------------------------------------


def machine() -> dict:
    from importlib import metadata

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    cpu, mem_kb = "", None
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
    try:
        echarts = json.loads((PROJECT / "node_modules" / "echarts" / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        echarts = {}
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1) if mem_kb else None,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "packages": {d: version(d) for d in ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions",
                                              "jinja2", "pyecharts", "jieba", "pydantic", "pyyaml")},
        "echarts": echarts.get("version"),
        "loadavg_at_start": loadavg(),
    }


# =====================================================================================
# The whole benchmark
# =====================================================================================


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cities", default="1,10,100",
                   help="scale-curve points, numbers of synthetic cities (default 1,10,100; 'none' to skip)")
    p.add_argument("--timeout", type=float, default=900,
                   help="time budget of each build in seconds (default 900); a build over it is killed and "
                        "recorded as not measured, with how far it got")
    p.add_argument("--jobs", type=int, default=None,
                   help="processes rendering shards for the parallel builds (default: the number of cores)")
    p.add_argument("--output", default=str(RESULTS), help="where to write the results (default bench/results.json; "
                   "the README's table is rewritten only for the default)")
    p.add_argument("--no-profile", action="store_true", help="skip the extra cProfile'd --jobs 1 build of the real site")
    p.add_argument("--no-page-weight", action="store_true", help="skip page weight and the search index sizes")
    p.add_argument("--no-serve", action="store_true", help="skip the `serve` rebuild after a data edit")
    p.add_argument("--no-lighthouse", action="store_true",
                   help="skip the Lighthouse scores (they need `make bench`'s bench/node_modules, Node.js and Chromium)")
    p.add_argument("--lighthouse-runs", type=int, default=3,
                   help="Lighthouse runs per page, the median run is kept (default 3)")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic cities' numbers")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (sites, logs) and print its path")
    p.add_argument("--attach-real", metavar="FILE",
                   help="also judge the real-site builds of another results file (e.g. a `--cities none` run made "
                        "when the machine was quiet); kept as `real_site_rerun`")
    p.add_argument("--rerender", action="store_true",
                   help="measure nothing: recompute ratios, targets, the scale summary and the README table of "
                        "--output (with --attach-real, attach first)")


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(args) -> int:
    if args.rerender:
        return rerender(Path(args.output), args.attach_real)
    points = [] if args.cities.strip().lower() in ("", "none") else sorted({int(x) for x in args.cities.split(",")})
    out = Path(args.output)
    work = Path(tempfile.mkdtemp(prefix="site-bench-"))
    cores = os.cpu_count() or 1
    jobs = args.jobs or cores
    results: dict = {
        "complete": False,
        "generated_at": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": " ".join(["python", Path(sys.argv[0]).name, *sys.argv[1:]]),
        "commit": _git_head(),
        "timeout_s_per_build": args.timeout,
        "parallel_jobs": jobs,
        "machine": machine(),
    }
    try:
        # ---- the real site: cold and warm, in parallel (jobs) and in one process ----
        real_site = work / "real" / "site"
        runs: dict[str, dict] = {}
        envs: dict[int, dict] = {}
        for n_jobs in dict.fromkeys([jobs, 1]):
            caches = work / f"cache-j{n_jobs}"  # cold: empty; the warm build reuses it
            tmp = caches / "tmp"  # TMPDIR: jieba's dictionary cache
            tmp.mkdir(parents=True)
            envs[n_jobs] = env = {**os.environ, "TMPDIR": str(tmp), "NO_MKDOCS_2_WARNING": "1"}
            spec = {"kind": "ours", "root": str(PROJECT), "config": None, "site_dir": str(real_site), "jobs": n_jobs,
                    "cache_dir": str(caches)}
            for temp in ("cold", "warm"):
                label = f"{temp}_j{n_jobs}"
                if temp == "cold":  # nothing from an earlier build: not even the generated tree kept beside the site
                    shutil.rmtree(real_site.parent / f".{real_site.name}.tree", ignore_errors=True)
                _say(f"real site, {temp} build, --jobs {n_jobs} …")
                runs[label] = run_build(spec, work / "real", args.timeout, env, label)
                _say(f"  {brief(runs[label])}")
            if n_jobs == jobs:
                # A warm build restores the shards it rendered before (generator/shard_cache.py) and the
                # finish stage's outputs: what the engine itself costs is this build, every shard rendered.
                label = f"rerender_j{n_jobs}"
                forget_outputs(caches)
                _say(f"real site, warm build with every shard rendered (SITE_SHARD_CACHE=0), --jobs {n_jobs} …")
                runs[label] = run_build(spec, work / "real", args.timeout, {**env, **NO_REUSE}, label)
                _say(f"  {brief(runs[label])}")
            if n_jobs == jobs:
                # ---- bare MkDocs-Material with as many pages, right after our warm build ----
                ref = runs[f"warm_j{jobs}"] if runs[f"warm_j{jobs}"].get("measured") else runs[f"cold_j{jobs}"]
                if ref.get("measured"):
                    # The largest navigation any shard of ours rendered (a warm build that restored every
                    # shard rendered none: the cold and rerender builds say it).
                    navs = [n for run in runs.values() if (n := (run.get("render") or {}).get("nav_entries_max"))]
                    nav = max(navs) if navs else ref["pages"]
                    _say(f"bare MkDocs-Material, {ref['pages']} pages, {nav} in its navigation …")
                    bare_cfg = write_bare_project(work / "bare", ref["pages"], nav)
                    bare = run_build({"kind": "bare", "config": str(bare_cfg), "site_dir": str(work / "bare" / "site")},
                                     work / "bare", args.timeout, env, "bare")
                    bare["nav_entries"] = nav
                    _say(f"  {brief(bare)}")
                    if bare.get("measured"):
                        bare["output"] = output_size(work / "bare" / "site")
                    results["bare_at_real_size"] = bare
                    shutil.rmtree(work / "bare", ignore_errors=True)
                if real_site.is_dir():
                    results["real_output"] = output_size(real_site)
            results["real_site"] = runs
            results["overhead_real"] = {temp: _ratio(runs.get(f"{temp}_j{jobs}", {}), results.get("bare_at_real_size", {}))
                                        for temp in TEMPS}
            _save(results, out)
        # ---- page weight and search index of the real site (built warm) ----
        if real_site.is_dir() and not args.no_page_weight:
            _say("page weight …")
            try:
                results["page_weight"] = page_weights(real_site)
                results["first_search"] = first_query_weights(real_site)
            except Exception as exc:  # noqa: BLE001 — the site's pages changed shape: say so, measure the rest
                results["page_weight"] = {"measured": False, "pages": [],
                                          "note": f"page weight failed: {type(exc).__name__}: {exc}"[:2000]}
                _say(f"  {results['page_weight']['note']}")
        # ---- serve: rebuild after a data edit (bench/serve_bench.py) ----
        if not args.no_serve:
            _say("serve: rebuild after a data edit …")
            results["serve_rebuild"] = _serve_rebuild(work / "serve", envs[jobs], args.timeout)
            _say(f"  median {results['serve_rebuild'].get('median_wall_s')} s")
        _save(results, out)
        # ---- Lighthouse on the same site ----
        if args.no_lighthouse:
            results["lighthouse"] = {"measured": False, "note": "skipped (--no-lighthouse)", "pages": []}
        elif real_site.is_dir():
            _say("Lighthouse (mobile) …")
            results["lighthouse"] = lighthouse_scores(real_site, args.lighthouse_runs)
            for page in results["lighthouse"]["pages"]:
                _say(f"  {page['type']} ({page['lang']}): " + (", ".join(f"{k} {v}" for k, v in page["scores"].items())
                                                              if "scores" in page else page.get("error", "")))
        _save(results, out)
        # ---- where the time goes, by function (cProfile, --jobs 1: everything in one process) ----
        if not args.no_profile:
            _say("profiled build of the real site (cProfile, --jobs 1, warm) …")
            caches = work / "cache-j1"
            prof = run_build({"kind": "ours", "root": str(PROJECT), "config": None, "site_dir": str(work / "profile" / "site"),
                              "jobs": 1, "profile": True, "cache_dir": str(caches)},
                             work / "profile", args.timeout * 3, envs[1], "profile")
            results["profile_real_warm_j1"] = prof.get("profile") or {"note": prof.get("note")}
            shutil.rmtree(work / "profile", ignore_errors=True)
            _save(results, out)
        shutil.rmtree(real_site, ignore_errors=True)
        # ---- the scale curve ----
        results["scale"] = []
        for n in points:
            results["scale"].append(scale_point(n, work, args.timeout, envs[jobs], args.seed,
                                                work / f"cache-j{jobs}", jobs))
            results["linearity"] = linearity(results["scale"])
            results["county_estimate"] = county_estimate(results["scale"])
            _save(results, out)
        if args.attach_real:
            attach_real(results, Path(args.attach_real))
        results["complete"] = True
    finally:
        if args.keep:
            _say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    _save(results, out)
    text = report(results)
    print(text)
    if out.resolve() == RESULTS.resolve():
        write_readme_table(results)
        print(f"\nwrote {out} and the table in {README}")
    else:
        print(f"\nwrote {out}")
    return 0


def attach_real(results: dict, path: Path) -> None:
    """The real-site builds of another run (same ratios and targets), as `real_site_rerun`."""
    other = json.loads(path.read_text(encoding="utf-8"))
    results["real_site_rerun"] = {k: other.get(k) for k in ("command", "commit", "generated_at", "finished_at",
                                                            "parallel_jobs", "real_site", "bare_at_real_size")}
    results["real_site_rerun"]["loadavg"] = [other["machine"].get("loadavg_at_start"), other["machine"].get("loadavg_at_end")]


def rerender(out: Path, attach: str | None) -> int:
    """Recompute everything derived from the measurements in `out` (nothing is measured)."""
    results = json.loads(out.read_text(encoding="utf-8"))
    if attach:
        attach_real(results, Path(attach))
    for r in (results, results.get("real_site_rerun") or {}):
        runs, jobs = r.get("real_site") or {}, r.get("parallel_jobs")
        if runs and r.get("bare_at_real_size"):
            r["overhead_real"] = {t: _ratio(runs.get(f"{t}_j{jobs}", {}), r["bare_at_real_size"]) for t in TEMPS}
    if results.get("scale"):
        results["linearity"] = linearity(results["scale"])
        results["county_estimate"] = county_estimate(results["scale"])
    results["targets"] = targets(results)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    print(report(results))
    if out.resolve() == RESULTS.resolve():
        write_readme_table(results)
    return 0


def _git_head() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _serve_rebuild(work: Path, env: dict, timeout: float) -> dict:
    """Run bench/serve_bench.py in a fresh process, as `serve` is one."""
    work.mkdir(parents=True, exist_ok=True)
    load = loadavg()
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.serve_bench", str(work)], cwd=PROJECT, env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"measured": False, "note": f"not measured: exceeded {timeout:g} s"}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        return {"measured": False, "note": "failed: " + proc.stderr.strip()[-2000:]}
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "loadavg_before": load, "loadavg_after": loadavg()}


def _save(results: dict, out: Path) -> None:
    """Write what is measured so far (a long run interrupted keeps its numbers)."""
    results.setdefault("lighthouse", None)  # None: not reached yet
    results["machine"]["loadavg_at_end"] = loadavg()
    results["finished_at"] = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    results["targets"] = targets(results)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out)


def _ratio(ours: dict, bare: dict) -> dict:
    if not (ours.get("measured") and bare.get("measured")):
        return {"ratio": None, "note": "not measured: " + "; ".join(
            f"{name}: {r.get('note', 'not run')}" for name, r in (("ours", ours), ("bare", bare)) if not r.get("measured"))}
    return {
        "ratio": round(ours["process_wall_s"] / bare["process_wall_s"], 2),  # what the target is judged on
        "ratio_build_call": round(ours["build_s"] / bare["build_s"], 2),
        "ratio_cpu": round(ours["cpu_s"] / bare["cpu_s"], 2),
        "ours_wall_s": ours["process_wall_s"], "bare_wall_s": bare["process_wall_s"],
        "ours_cpu_s": ours["cpu_s"], "bare_cpu_s": bare["cpu_s"],
        "pages": ours["pages"], "bare_pages": bare["pages"],
        "loadavg": [ours.get("loadavg_before"), bare.get("loadavg_after")],
        **_idle_estimate(ours, bare),
    }


def _idle_estimate(ours: dict, bare: dict) -> dict:
    """What the wall times would be on an idle machine, from CPU times: every stage but render
    runs in one process (its CPU time, or its wall time if shorter), render on `jobs` cores (its CPU time / jobs, at least its
    largest shard); bare Material is one process (its CPU time). An estimate, not a measurement:
    it tells whether a target missed on the loaded machine would be met on an idle one."""
    stages, jobs = ours.get("stages") or {}, ours.get("jobs") or 1
    if "render" not in stages:
        return {}
    rows = (ours.get("shards") or {}).get("rows") or []
    largest = max((r.get("cpu_s") or 0 for r in rows), default=0)
    # A stage other than render takes its CPU time, or its wall time where that is shorter
    # (Pagefind and Node run threads of their own: more CPU than wall time).
    serial = sum(min(v["cpu_s"], v["wall_s"]) for k, v in stages.items() if k != "render")
    render = max(stages["render"]["cpu_s"] / jobs, largest)
    idle = serial + render
    return {"idle_estimate_s": round(idle, 2), "idle_estimate_ratio": round(idle / bare["cpu_s"], 2),
            "idle_estimate_note": "CPU-time estimate (not measured): serial stages' CPU (or wall if shorter) + render CPU / jobs, "
                                  "against bare Material's CPU time"}


# ---- targets ------------------------------------------------------------------------------


def _target(name: str, limit: str, value, met, note: str = "", load=None) -> dict:
    return {"target": name, "limit": limit, "value": value, "met": met, **({"note": note} if note else {}),
            **({"loadavg": load} if load else {})}


def _load(*runs: dict) -> str:
    vals = [v for r in runs if (v := r.get("loadavg_before"))]
    return " / ".join(f"{v[0]:.2f}" for v in vals)


def targets(r: dict) -> list[dict]:
    out = _overhead_targets(r, "")
    if r.get("real_site_rerun"):
        out += _overhead_targets(r["real_site_rerun"], ", rerun")
    out += _other_targets(r)
    return out


def _overhead_targets(r: dict, label: str) -> list[dict]:
    out = []
    jobs = r.get("parallel_jobs")
    bare = r.get("bare_at_real_size") or {}
    # rerender (warm, every shard rendered again) is shown beside the warm build and judged by nothing:
    # it says what the engine costs when a change touches every shard (a theme edit).
    for temp, limit in (("warm", TARGET_WARM_RATIO), ("rerender", TARGET_WARM_RATIO), ("cold", TARGET_COLD_RATIO)):
        o = (r.get("overhead_real") or {}).get(temp) or {}
        name = f"real site full build ({temp}, --jobs {jobs}{label}) ≤ {limit}× bare MkDocs-Material's wall time"
        ours = (r.get("real_site") or {}).get(f"{temp}_j{jobs}") or {}
        if o.get("ratio") is None:
            if r.get("real_site"):
                out.append(_target(name, f"{limit}×", None, None, o.get("note", "not measured")))
            continue
        note = ""
        if o.get("idle_estimate_ratio") is not None:
            note = (f"on an idle machine ≈{o['idle_estimate_ratio']}× (estimate from CPU times: "
                    f"{o['idle_estimate_s']:.1f} s against {o['bare_cpu_s']:.1f} s)")
        if temp == "rerender":
            name = (f"for information: real site, warm, every shard rendered and indexed again (SITE_SHARD_CACHE=0, "
                    f"--jobs {jobs}{label}), against bare MkDocs-Material's wall time")
        out.append(_target(name, f"{limit}×", f"{o['ratio']}× ({o['ours_wall_s']:.1f} s against {o['bare_wall_s']:.1f} s; "
                           f"CPU {o['ours_cpu_s']:.1f} s against {o['bare_cpu_s']:.1f} s = {o['ratio_cpu']}×)",
                           None if temp == "rerender" else o["ratio"] <= limit, note, _load(ours, bare)))
    return out


def _other_targets(r: dict) -> list[dict]:
    out = []
    scale = {p["cities"]: p.get("ours", {}) for p in r.get("scale", [])}
    if 1 in scale and 100 in scale:
        a, b = scale[1], scale[100]
        name = "CPU ms per page at 100 cities within ±20 % of 1 city"
        if a.get("measured") and b.get("measured"):
            ratio = b["cpu_ms_per_page"] / a["cpu_ms_per_page"]
            marginal = (r.get("linearity") or {}).get("marginal_cpu_ms_per_page") or {}
            note = ""
            if ratio < 1 - TARGET_FLAT:
                note = ("below the band, not above it: the cost per page falls as a build's fixed costs (start-up, "
                        "the pool, the portal shards) spread over more pages; the cost of one more page: "
                        + ", ".join(f"{k} cities {v} CPU ms" for k, v in marginal.items()))
            out.append(_target(name, "0.8–1.2×", f"{a['cpu_ms_per_page']} → {b['cpu_ms_per_page']} CPU ms/page ({ratio:.2f}×; "
                               f"wall {a['ms_per_page']} → {b['ms_per_page']} ms/page)", abs(ratio - 1) <= TARGET_FLAT,
                               note, load=_load(a, b)))
        else:
            out.append(_target(name, "0.8–1.2×", None, None, "not measured: " + "; ".join(
                f"{n} cities: {x.get('note')}" for n, x in ((1, a), (100, b)) if not x.get("measured")), _load(a, b)))
    again = {p["cities"]: p.get("ours_charts_cached", {}) for p in r.get("scale", [])}
    if again.get(100, {}).get("measured"):
        c = again[100]
        out.append(_target(f"for information: 100 cities again, charts cached, every shard rendered (SITE_SHARD_CACHE=0) "
                           f"≤ {TARGET_100_S:g} s", f"{TARGET_100_S:g} s", f"{c['process_wall_s']:.0f} s wall (CPU {c['cpu_s']:.0f} s, "
                           f"{c['pages']} pages, {c['cpu_ms_per_page']} CPU ms/page)", None, load=_load(c)))
    if 100 in scale:
        b = scale[100]
        name = f"100 cities ≤ {TARGET_100_S:g} s wall on 2 cores"
        if b.get("measured"):
            idle = _idle_estimate(b, {"cpu_s": 1.0})
            note = (f"on an idle machine ≈{idle['idle_estimate_s']:.0f} s (estimate from CPU times: the stages other "
                    f"than render in one process, render on {b.get('jobs')} cores)") if idle else ""
            out.append(_target(name, f"{TARGET_100_S:g} s", f"{b['process_wall_s']:.0f} s wall (CPU {b['cpu_s']:.0f} s, "
                               f"{b['pages']} pages)", b["process_wall_s"] <= TARGET_100_S, note, load=_load(b)))
        else:
            prog = b.get("progress_at_kill") or {}
            got = (f"killed at {prog.get('elapsed_s')} s: {prog.get('shards_done')}/{prog.get('shards')} shards, "
                   f"{prog.get('pages_rendered')}/{prog.get('pages')} pages rendered" if prog.get("shards")
                   else b.get("note", "not measured"))
            out.append(_target(name, f"{TARGET_100_S:g} s", f"> {r.get('timeout_s_per_build', '?')} s ({got})"
                               if "exceeded" in b.get("note", "") else None,
                               False if "exceeded" in b.get("note", "") else None, b.get("note", ""), _load(b)))
    # Memory per worker: every build measured, the largest.
    peaks = []
    private: dict[str, float] = {}
    for label, run in list((r.get("real_site") or {}).items()) + [(f"{n} cit{'y' if n == 1 else 'ies'}", x) for n, x in scale.items()]:
        w = run.get("workers") or {}
        if w.get("peak_worker_rss_mb"):
            peaks.append((w["peak_worker_rss_mb"], label, run))
            if w.get("peak_worker_private_mb_sampled") and not w.get("in_build_process"):
                private[label] = w["peak_worker_private_mb_sampled"]
        elif not run.get("measured") and run.get("sampled"):
            procs = [p["vmhwm_mb"] for p in run["sampled"].get("processes", [])]
            if procs:
                peaks.append((max(procs), f"{label} (until killed)", run))
    if peaks:
        worst, label, run = max(peaks, key=lambda x: x[0])
        detail = "; ".join(f"{lab} {mb:.0f} MB" for mb, lab, _ in peaks)
        note = ""
        if label in private:
            note = (f"RSS of a forked worker counts the build process's pages it shares; its own (private, "
                    f"sampled) peak was {private[label]:.0f} MB")
        procs = (run.get("sampled") or {}).get("processes") or []
        biggest = max(procs, key=lambda x: x["vmhwm_mb"], default=None)
        if biggest and biggest["vmhwm_mb"] > worst:
            name = Path(biggest["cmd"].split(" ")[0]).name or biggest["cmd"][:40]
            note += ("; " if note else "") + (f"the largest process of that build is not a worker: {name} "
                                              f"({biggest['cmd'][:60].strip()}…) at {biggest['vmhwm_mb']:.0f} MB")
        out.append(_target(f"peak memory per worker ≤ {TARGET_WORKER_MB:g} MB", f"{TARGET_WORKER_MB:g} MB",
                           f"{worst:.0f} MB RSS at most ({label}); {detail}", worst <= TARGET_WORKER_MB, note,
                           load=_load(run)))
    sr = r.get("serve_rebuild") or {}
    if sr:
        out.append(_target(f"serve rebuild after a YAML edit < {TARGET_SERVE_S:g} s (real site; issue 8)", f"{TARGET_SERVE_S:g} s",
                           (f"{sr['median_wall_s']} s median of {len(sr['rebuilds'])}" if sr.get("measured") else None),
                           sr["median_wall_s"] < TARGET_SERVE_S if sr.get("measured") else None, sr.get("note", ""),
                           " / ".join(f"{v[0]:.2f}" for v in (sr.get("loadavg_before"),) if v)))
    for page in (r.get("page_weight") or {}).get("pages", []):
        if "first_visit_kb" not in page:
            continue
        out.append(_target(f"first visit ≤ {page['limit_kb']:g} KB gzip: {page['type']} ({page['lang']})",
                           f"{page['limit_kb']:g} KB",
                           f"{page['first_visit_kb']} KB (the search loads nothing before it is used)",
                           page["first_visit_kb"] <= page["limit_kb"]))
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
    searches = [("real site", r.get("first_search"))] + [
        (f"{p['cities']} cities", (p.get("ours") or {}).get("first_search")) for p in r.get("scale") or []]
    for where, fs in searches:
        if not fs:
            continue
        if not fs.get("measured"):
            out.append(_target(f"first search ≤ {TARGET_FIRST_QUERY_KB:g} KB gzip ({where})", f"{TARGET_FIRST_QUERY_KB:g} KB",
                               None, None, fs.get("note", "not measured")))
            continue
        for q in fs["queries"]:
            parts = ", ".join(f"{k} {v}" for k, v in q["kb_by_kind"].items())
            out.append(_target(f"first search ≤ {TARGET_FIRST_QUERY_KB:g} KB gzip ({where}: {q['lang']} “{q['query']}”)",
                               f"{TARGET_FIRST_QUERY_KB:g} KB", f"{q['kb']} KB in {q['requests']} files ({parts})",
                               q["kb"] <= TARGET_FIRST_QUERY_KB, q.get("status", "")))
    return out


# ---- the report ----------------------------------------------------------------------------


def _fmt(v, spec=".1f"):
    return "—" if v is None else format(v, spec)


def _status(met) -> str:
    return "met" if met else ("NOT met" if met is False else "n/a")


def _md(headers: list[str], rows: list[list]) -> str:
    cells = [[("" if c is None else str(c)).replace("|", "\\|") for c in row] for row in rows]
    return "\n".join(["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers),
                      *("| " + " | ".join(r) + " |" for r in cells)])


def build_rows(r: dict) -> list[list]:
    rows = []
    bare = r.get("bare_at_real_size")
    labelled = [(k.replace("_j", ", --jobs "), v) for k, v in (r.get("real_site") or {}).items()]
    if bare:
        labelled.append(("bare MkDocs-Material, one process", bare))
    for label, run in labelled:
        if not run.get("measured"):
            rows.append([label, run.get("note", "—")] + [""] * 10)
            continue
        st = run.get("stages") or {}

        def cell(name, st=st):
            s = st.get(name)
            return f"{s['wall_s']:.1f} / {s['cpu_s']:.1f}" if s else "—"
        rows.append([label, run["pages"], _fmt(run["process_wall_s"]), _fmt(run["cpu_s"]), _fmt(run["cpu_ms_per_page"]),
                     *(cell(s) for s in ("generate", "render", "finish")),
                     cell("validate") if st else "—",
                     (f"{st['swap']['wall_s'] + st['cleanup']['wall_s']:.1f}" if "swap" in st and "cleanup" in st else "—"),
                     _worker_cell(run),
                     f"{run['loadavg_before'][0]:.2f}→{run['loadavg_after'][0]:.2f}" if run.get("loadavg_before") else ""])
    return rows


def _worker_cell(run: dict) -> str:
    """Peak RSS of the largest worker, and (forked workers) the largest private part sampled."""
    w = run.get("workers") or {}
    if not w:
        return _fmt(run.get("peak_rss_mb"), ".0f")
    rss = _fmt(w.get("peak_worker_rss_mb"), ".0f")
    if w.get("in_build_process") or not w.get("peak_worker_private_mb_sampled"):
        return rss + (" (build process)" if w.get("in_build_process") else "")
    return f"{rss} ({w['peak_worker_private_mb_sampled']:.0f} private)"


BUILD_HEADERS = ["build", "pages", "wall s", "CPU s", "CPU ms/page", "generate wall/CPU s", "render wall/CPU s",
                 "finish wall/CPU s", "validate wall/CPU s", "swap + cleanup s", "peak RSS per worker MB (private)", "load"]
SCALE_HEADERS = ["cities", "pages", "wall s", "CPU s", "CPU ms/page", "generate CPU ms/page", "render CPU ms/page",
                 "finish CPU ms/page", "city shard CPU ms/page", "peak RSS per worker MB (private)", "build process MB", "load"]


def scale_rows(r: dict) -> list[list]:
    rows = []
    for p in r.get("scale", []):
        ours = p.get("ours", {})
        if not ours.get("measured"):
            prog = ours.get("progress_at_kill") or {}
            rows.append([p["cities"], prog.get("pages") or (p.get("synthetic") or {}).get("generated_pages"),
                         f"{ours.get('note', '—')}; {prog.get('shards_done', '?')}/{prog.get('shards', '?')} shards", "",
                         "", "", "", "", "", _fmt(max((x["vmhwm_mb"] for x in (ours.get("sampled") or {}).get("processes", [])),
                                                  default=None), ".0f"), "",
                         f"{ours['loadavg_before'][0]:.2f}→{ours['loadavg_after'][0]:.2f}" if ours.get("loadavg_before") else ""])
            continue
        pages = ours["pages"]
        st = ours.get("stages") or {}
        per = lambda name, st=st, pages=pages: _fmt(1000 * st[name]["cpu_s"] / pages, ".2f") if name in st else "—"  # noqa: E731
        rows.append([p["cities"], pages, _fmt(ours["process_wall_s"]), _fmt(ours["cpu_s"]), _fmt(ours["cpu_ms_per_page"], ".2f"),
                     per("generate"), per("render"), per("finish"),
                     _fmt((ours.get("shards") or {}).get("city", {}).get("cpu_ms_per_page"), ".2f"),
                     _worker_cell(ours),
                     _fmt(ours.get("build_process_maxrss_mb"), ".0f"),
                     f"{ours['loadavg_before'][0]:.2f}→{ours['loadavg_after'][0]:.2f}"])
    return rows


def county_rows(r: dict) -> list[list]:
    est = r.get("county_estimate") or {}
    return [[m["jobs"], m["job_generate_s"], m["job_render_s"], m["job_s"], m["merge_job_s"], m["total_min"],
             m["total_min_at_concurrency_limit"], m["runner_minutes"]] for m in est.get("matrix", [])]


COUNTY_HEADERS = ["matrix jobs", "generate s (each job)", "render s (each job)", "job s", "merge job s",
                  "total min", "total min (20 at once)", "runner min"]


def readme_markdown(r: dict) -> str:
    m = r["machine"]
    out = [f"`{r.get('command')}` at commit `{(r.get('commit') or '?')[:12]}`, {r.get('generated_at')} → "
           f"{r.get('finished_at')}; {m['nproc']} CPUs ({m['cpu_model']}), load average {m['loadavg_at_start']} at "
           f"start, {m.get('loadavg_at_end')} at the end{'' if r.get('complete') else ' (run not complete)'}.",
           "", "**Targets**", "",
           _md(["status", "target", "measured", "note", "load (1 min) at start"],
               [[_status(t["met"]), t["target"], t["value"] if t["value"] is not None else "—", t.get("note", ""),
                 t.get("loadavg", "")] for t in r.get("targets", [])
                if not t["target"].startswith(("first visit", "Lighthouse", "first search"))]),
           "", "**Real site** (seconds; wall / CPU per stage, CPU = the whole process tree)", "",
           _md(BUILD_HEADERS, build_rows(r))]
    rerun = r.get("real_site_rerun")
    if rerun:
        out += ["", f"**Real site, rerun** (`{rerun.get('command')}`, {rerun.get('generated_at')}, load average "
                f"{rerun['loadavg'][0]} → {rerun['loadavg'][1]})", "", _md(BUILD_HEADERS, build_rows(rerun))]
    if r.get("scale"):
        out += ["", f"**Synthetic cities** (--jobs {r.get('parallel_jobs')}, charts drawn, templates cached)", "",
                _md(SCALE_HEADERS, scale_rows(r))]
    other = [t for t in r.get("targets", []) if t["target"].startswith(("first visit", "Lighthouse", "first search"))]
    if other:
        counts = {k: sum(1 for t in other if _status(t["met"]) == k) for k in ("met", "NOT met", "n/a")}
        out += ["", f"Page weight, search index and Lighthouse targets (engineer G's; in `results.json` and the printed "
                f"report): {counts['met']} met, {counts['NOT met']} not met, {counts['n/a']} not measured"
                + (" (Lighthouse skipped)" if (r.get("lighthouse") or {}).get("measured") is False else "") + "."]
    if county_rows(r):
        est = r["county_estimate"]
        ex = est["extrapolated"]
        out += ["", f"**Paper estimate: {est['counties']} counties** ({ex['pages']} pages, {ex['shards']} shards; "
                f"from the {est['from_point']}-city point; assumptions above)", "", _md(COUNTY_HEADERS, county_rows(r)), "",
                f"Every job validates and generates the whole site in one process: ≈{ex['generate_cpu_s_per_job'] / 60:.0f} CPU "
                f"minutes and ≈{ex['build_process_rss_mb'] / 1024:.1f} GB (the build process's peak, extrapolated); "
                f"the merge job's finish (join, search, sitemap, link check) ≈{ex['finish_cpu_s'] / 60:.0f} CPU minutes over "
                f"≈{ex['output_mb'] / 1024:.1f} GB of output."]
    return "\n".join(out)


def write_readme_table(r: dict, readme: Path = README) -> None:
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        return
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{readme_markdown(r)}\n{README_END}{tail}", encoding="utf-8")


def report(r: dict) -> str:
    return readme_markdown(r) + "\n\n**Other targets**\n\n" + _md(
        ["status", "target", "measured"],
        [[_status(t["met"]), t["target"], t["value"] if t["value"] is not None else t.get("note", "")]
         for t in r.get("targets", []) if t["target"].startswith(("first visit", "Lighthouse", "first search"))])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench.bench", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
