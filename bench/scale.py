"""The scale curve: synthetic sites of 1, 10 and 100 cities (bench/synthetic.py), each built
once in a fresh process with the time budget; how the cost per page grows; and the paper
estimate for 2,844 counties on an N-job CI matrix (bench/README.md).
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from .search_weight import first_query_weights
from .build_time import NO_REUSE, forget_outputs, output_size, run_build

COUNTIES = 2844  # China's county-level divisions (the national portal)
# The paper estimate's assumptions that are not measured here (bench/README.md says why each).
RUNNER_CORES = 2  # a GitHub-hosted Linux runner of a private repository (public ones have 4)
SETUP_S = 120.0  # checkout, pinned pip install, npm ci + esbuild, per job
ARTIFACT_MB_PER_S = 20.0  # upload or download of a job's output as an artifact
MAX_CONCURRENT_JOBS = 20  # GitHub Free; Team: 60, Enterprise: up to 500
MATRIX_SIZES = (1, 4, 16, 64, 256)  # 256: GitHub's limit of jobs in one matrix


def _say(msg: str) -> None:
    import sys

    print(msg, file=sys.stderr, flush=True)


def scale_point(n: int, work: Path, timeout: float, env: dict, seed: int, jinja_cache: Path,
                jobs: int | None, warm_too: bool = True) -> dict:
    from bench import synthetic

    point_dir = work / f"scale-{n}"
    point: dict = {"cities": n}
    try:
        _say(f"scale: {n} synthetic cit{'y' if n == 1 else 'ies'} — writing and validating data …")
        t0 = time.perf_counter()
        info = synthetic.write_project(point_dir / "project", n, seed=seed)
        point["synthetic"] = {k: v for k, v in info.items() if k not in ("config", "cities", "derived_from")}
        point["synthetic"]["write_and_validate_s"] = round(time.perf_counter() - t0, 2)
    except Exception as exc:  # noqa: BLE001
        point["ours"] = {"measured": False, "note": f"synthetic data failed: {type(exc).__name__}: {exc}"[:2000]}
        return point
    site = point_dir / "site"
    _say(f"  building ({info['generated_pages']} generated pages, --jobs {jobs or 'default'}, budget {timeout:g} s) …")
    # Compiled templates warm (the real site's builds filled that cache: linked in); charts and
    # history cold: each point draws its own cities' charts (the same work per city at every point).
    caches = point_dir / "cache"
    caches.mkdir()
    (jinja_cache / "jinja").mkdir(parents=True, exist_ok=True)
    (caches / "jinja").symlink_to(jinja_cache / "jinja", target_is_directory=True)
    ours = run_build({"kind": "ours", "root": str(point_dir / "project"), "config": None, "site_dir": str(site),
                      "jobs": jobs, "cache_dir": str(caches)},
                     point_dir, timeout, env, "ours")
    _say(f"  {brief(ours)}")
    if ours.get("measured") and site.is_dir():
        ours["output"] = output_size(site)
        _say("  first search …")
        ours["first_search"] = first_query_weights(site)  # issue 13: ≤ 100 KB gzip at 100 cities
    point["ours"] = ours
    if ours.get("measured") and warm_too:
        # The same build again, its charts and history now cached but every shard rendered and
        # the search index made again (SITE_SHARD_CACHE=0): the cost of a data edit that touches
        # every city, and of the engine at this size, without the chart images' first drawing
        # (nor the finish stage's outputs: indexed and checked again).
        _say("  again, charts cached, every shard rendered …")
        forget_outputs(caches)
        again = run_build({"kind": "ours", "root": str(point_dir / "project"), "config": None, "site_dir": str(site),
                           "jobs": jobs, "cache_dir": str(caches)},
                          point_dir, timeout, {**env, **NO_REUSE}, "ours_charts_cached")
        _say(f"  {brief(again)}")
        point["ours_charts_cached"] = again
    shutil.rmtree(point_dir, ignore_errors=True)
    return point


def brief(run: dict) -> str:
    load = f"load {run.get('loadavg_before')} → {run.get('loadavg_after')}"
    if not run.get("measured"):
        prog = run.get("progress_at_kill") or {}
        got = (f"; {prog.get('shards_done')}/{prog.get('shards')} shards, {prog.get('pages_rendered')}/{prog.get('pages')} pages"
               if prog.get("shards") else "")
        return f"{run.get('note', 'not measured')} (peak RSS {run.get('peak_rss_mb')} MB{got}; {load})"
    workers = run.get("workers") or {}
    return (f"{run['pages']} pages in {run['process_wall_s']:.1f} s wall, cpu {run['cpu_s']:.1f} s "
            f"({run['cpu_ms_per_page']:.1f} ms/page), peak RSS {run['peak_rss_mb']:.0f} MB"
            + (f" (worker ≤ {workers['peak_worker_rss_mb']:.0f} MB)" if workers.get("peak_worker_rss_mb") else "")
            + (f"; shards {render['shards_rendered']} rendered, {render['shards_restored']} restored"
               if "shards_restored" in (render := run.get("render") or {}) else "")
            + f"; {load}")


def stage_cpu_ms_per_page(run: dict) -> dict:
    pages = run.get("pages") or 0
    return {k: round(1000 * v["cpu_s"] / pages, 2) for k, v in (run.get("stages") or {}).items()} if pages else {}


def linearity(points: list[dict]) -> dict:
    """How the cost per page grows with the site, in CPU time (the machine is shared), by stage."""
    measured = [(p["cities"], p["ours"]) for p in points if p.get("ours", {}).get("measured")]
    out: dict = {
        "pages": {str(n): r["pages"] for n, r in measured},
        "cpu_ms_per_page": {str(n): r["cpu_ms_per_page"] for n, r in measured},
        "wall_ms_per_page": {str(n): r["ms_per_page"] for n, r in measured},
        "stage_cpu_ms_per_page": {str(n): stage_cpu_ms_per_page(r) for n, r in measured},
        "city_shard_cpu_ms_per_page": {str(n): (r.get("shards") or {}).get("city", {}).get("cpu_ms_per_page")
                                       for n, r in measured},
        "portal_shard_cpu_s": {str(n): (r.get("shards") or {}).get("portal", {}).get("cpu_s_sum") for n, r in measured},
        "peak_worker_rss_mb": {str(n): (r.get("workers") or {}).get("peak_worker_rss_mb") for n, r in measured},
        "build_process_rss_mb": {str(n): r.get("build_process_maxrss_mb") for n, r in measured},
    }
    slopes = []
    for (n1, a), (n2, b) in zip(measured, measured[1:], strict=False):
        growth = math.log(b["pages"] / a["pages"])
        slopes.append({"from": n1, "to": n2, "cpu_exponent": round(math.log(b["cpu_s"] / a["cpu_s"]) / growth, 2),
                       "cpu_ms_per_page_ratio": round(b["cpu_ms_per_page"] / a["cpu_ms_per_page"], 2),
                       "wall_ms_per_page_ratio": round(b["ms_per_page"] / a["ms_per_page"], 2)})
    out["between_points"] = slopes
    # The cost of one more page: the CPU time added between consecutive points per page added
    # (the fixed costs of a build — start-up, the pool, the portal — cancel out).
    out["marginal_cpu_ms_per_page"] = {f"{n1}→{n2}": round(1000 * (b["cpu_s"] - a["cpu_s"]) / (b["pages"] - a["pages"]), 2)
                                       for (n1, a), (n2, b) in zip(measured, measured[1:], strict=False) if b["pages"] > a["pages"]}
    if slopes:
        worst = max(s["cpu_exponent"] for s in slopes)
        out["verdict"] = (f"linear between measured points (CPU time ∝ pages^{worst:.2f} at worst)" if worst <= 1.1
                          else f"superlinear (CPU time ∝ pages^{worst:.2f} at worst)")
    else:
        out["verdict"] = "not enough measured points"
    return out


# ---- the paper estimate: 2,844 counties on an N-job matrix ----------------------------


def _fit(points: Sequence[tuple[float, float | None]]) -> tuple[float, float] | None:
    """value ≈ a + b·x through the two largest measured points (b ≥ 0, a ≥ 0); unmeasured ones (None) left out."""
    pts = sorted((x, y) for x, y in points if y is not None)
    if not pts:
        return None
    if len(pts) == 1:
        x, y = pts[0]
        return 0.0, y / x if x else 0.0
    (x1, y1), (x2, y2) = pts[-2], pts[-1]
    b = max(0.0, (y2 - y1) / (x2 - x1)) if x2 != x1 else 0.0
    a = max(0.0, y2 - b * x2)
    return a, b


def county_estimate(points: list[dict], counties: int = COUNTIES) -> dict:
    """From the measured scale points: what a national build would take on N matrix jobs.
    Not a measurement: every assumption is listed beside the numbers."""
    measured = [(p["cities"], p["ours"]) for p in points if p.get("ours", {}).get("measured")]
    if not measured:
        return {"note": "no scale point was measured"}
    n_ref, ref = measured[-1]
    city = (ref.get("shards") or {}).get("city") or {}
    if not city.get("cpu_s_sum"):
        return {"note": "the largest point has no per-shard CPU times"}
    shards_per_city = city["count"] / n_ref
    pages_per_city = city["pages"] / n_ref
    shard_cpu = city["cpu_s_sum"] / city["count"]  # one city shard, CPU s = its time on a free core

    def stage(name: str) -> list[tuple[float, float]]:
        return [(n, r["stages"][name]["cpu_s"]) for n, r in measured if name in r.get("stages", {})]

    fits = {name: _fit(stage(name)) for name in ("startup", "validate", "generate", "finish", "swap", "cleanup")}
    fits["portal_render"] = _fit([(n, (r.get("shards") or {}).get("portal", {}).get("cpu_s_sum")) for n, r in measured])
    fits["render_overhead"] = _fit([(n, r["stages"]["render"]["cpu_s"] - (r["shards"]["city"].get("cpu_s_sum") or 0)
                                     - (r["shards"]["portal"].get("cpu_s_sum") or 0))
                                    for n, r in measured if r.get("shards", {}).get("city")])
    fits["build_process_rss_mb"] = _fit([(n, r.get("build_process_maxrss_mb")) for n, r in measured])
    fits["output_mb"] = _fit([(n, (r.get("output") or {}).get("mb")) for n, r in measured])

    def at(name: str) -> float:
        f = fits.get(name)
        return (f[0] + f[1] * counties) if f else 0.0

    county_shards = round(shards_per_city * counties)
    render_cpu = county_shards * shard_cpu
    portal_cpu = at("portal_render")
    per_job_fixed = SETUP_S + at("startup") + at("validate") + at("generate")
    output_mb = at("output_mb")
    rows = []
    for n_jobs in MATRIX_SIZES:
        share_cpu = render_cpu / n_jobs
        # The portal shards (2) go to the first jobs (largest first); a job renders RUNNER_CORES shards at once.
        job_render = max(share_cpu / RUNNER_CORES + at("render_overhead"), portal_cpu / 2)
        upload = output_mb / n_jobs / ARTIFACT_MB_PER_S
        job = per_job_fixed + job_render + upload
        waves = math.ceil(n_jobs / MAX_CONCURRENT_JOBS)
        merge = SETUP_S + output_mb / ARTIFACT_MB_PER_S + at("finish") + at("swap") + output_mb / ARTIFACT_MB_PER_S
        rows.append({"jobs": n_jobs, "job_s": round(job), "job_render_s": round(job_render),
                     "job_generate_s": round(at("generate")), "waves_at_concurrency_limit": waves,
                     "merge_job_s": round(merge), "total_s": round(job + merge),
                     "total_min": round((job + merge) / 60, 1),
                     "total_min_at_concurrency_limit": round((waves * job + merge) / 60, 1),
                     "runner_minutes": round((n_jobs * job + merge) / 60)})
    return {
        "counties": counties,
        "from_point": n_ref,
        "measured_inputs": {
            "city_shards_per_city": shards_per_city, "pages_per_city": round(pages_per_city, 1),
            "city_shard_cpu_s": round(shard_cpu, 3),
            "city_shard_cpu_ms_per_page": city.get("cpu_ms_per_page"),
            "fits_cpu_s_a_plus_b_times_cities": {k: [round(v[0], 4), round(v[1], 5)] if v else None for k, v in fits.items()},
        },
        "extrapolated": {
            "pages": round(pages_per_city * counties), "shards": county_shards + 2,
            "render_cpu_s_all_shards": round(render_cpu), "portal_render_cpu_s": round(portal_cpu),
            "generate_cpu_s_per_job": round(at("generate")), "validate_cpu_s": round(at("validate")),
            "finish_cpu_s": round(at("finish")), "output_mb": round(output_mb),
            "build_process_rss_mb": round(at("build_process_rss_mb")),
        },
        "assumptions": [
            f"a county is one synthetic city: the same plan structure and pages ({pages_per_city:.0f} pages, "
            f"{shards_per_city:g} shards: zh and en)",
            f"a city shard takes its measured CPU time at {n_ref} cities ({shard_cpu:.2f} s) at any scale: its "
            "navigation is bounded (MAX_LISTED_CITIES), so its pages do not grow with the site",
            "CPU seconds are the time on a free core (the hosted runner is not shared); "
            f"a runner has {RUNNER_CORES} cores and renders with --jobs {RUNNER_CORES}",
            "every job runs validate and generate over the whole site (build_part does), extrapolated linearly "
            "in cities from the two largest measured points, as are the portal shards, finish (join, search "
            "index, sitemap, link check) and the output size",
            f"setup per job (checkout, pinned pip install, npm ci, esbuild) {SETUP_S:g} s: not measured here",
            f"artifacts move at {ARTIFACT_MB_PER_S:g} MB/s (upload per job; the merge job downloads all and uploads the site)",
            f"at most {MAX_CONCURRENT_JOBS} jobs run at once (GitHub Free; Team 60): beyond, jobs wait in waves",
        ],
        "matrix": rows,
    }
