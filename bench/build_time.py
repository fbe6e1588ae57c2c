"""Build time: one build — ours or bare MkDocs-Material — in a fresh process, by stage, per
shard and per worker process.

The parent (`run_build`) starts `python -m bench.build_time SPEC`, waits for it with
os.wait4 (the CPU time and peak RSS of the whole process tree: the build process and every
process it waited for — pool workers, Node drawing charts, git), kills it past its time
budget, and samples the tree every SAMPLE_S seconds from /proc (each process's VmHWM, the
kernel's peak resident set size, and its CPU time): the per-worker peak memory even of
workers that are not forked from the build process, and how far a killed build got.

In the child, `generator.build.build_site` runs as `site_build.py build` runs it, with
`on_stage` (its one measuring hook) reporting the wall time of each stage: validate,
generate, render, finish (join, search index, sitemap, link check), swap, cleanup. At
each stage end the child also reads its own and its reaped children's CPU time
(getrusage), so each stage has a CPU time that includes the pool's workers and Node.
Two functions of the engine adapter are wrapped (generator/engine/__init__.py;
module attributes, nothing of MkDocs): `render_shards`, to know the shards and pages
before they render, and `render_shard`, which runs in each worker and reports the
shard's wall and CPU time and the worker's peak RSS so far (`ru_maxrss`). Workers are
forked after the wrapping (the adapter's default with MkDocs), so they run the wrapper;
with a spawned pool (ProperDocs) per-shard CPU is missing and the /proc samples remain.
Everything is also appended, one JSON line per event, to a progress file the parent
reads if it has to kill the build.

Cold and warm: the child points the build's cache folder (SITE_CACHE_DIR) at the
benchmark's own (spec: cache_dir), empty for a cold build; the jieba dictionary
cache follows TMPDIR, which the parent sets.
"""

from __future__ import annotations

import functools
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
STAGES = ("validate", "generate", "render", "finish", "swap", "cleanup")
STAGE_TITLES = {
    "validate": "validate",
    "generate": "generate",
    "render": "render",
    "finish": "finish + link check",
    "swap": "swap",
    "cleanup": "cleanup",
    "startup": "start-up",
}
SAMPLE_S = 0.5


# =====================================================================================
# In the child process: one build
# =====================================================================================


def _cpu() -> tuple[float, float]:
    """(this process, its reaped children) user + system CPU seconds."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


class Progress:
    """One JSON line per event, appended (workers write to the same file)."""

    def __init__(self, path: str | None, started: float):
        self.path = path
        self.started = started

    def write(self, **event) -> None:
        if not self.path:
            return
        event["t"] = round(time.perf_counter() - self.started, 3)
        line = (json.dumps(event) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def _point_caches(spec: dict) -> None:
    """The build's caches in the benchmark's folder (never the project's .cache/)."""
    if spec.get("cache_dir"):  # read by generator/paths.py at each use
        os.environ["SITE_CACHE_DIR"] = spec["cache_dir"]


def _wrap_engine(progress: Progress, shards: list[dict], render_info: dict) -> None:
    from generator import engine

    real_shard, real_shards = engine.render_shard, engine.render_shards
    pages_of: dict[str, dict[str, int]] = {}

    def shard_pages(tree: str) -> dict[str, int]:
        if tree not in pages_of:
            manifest = json.loads((Path(tree) / "manifest.json").read_text(encoding="utf-8"))
            pages_of[tree] = {s["id"]: s["pages"] for s in manifest["shards"]}
        return pages_of[tree]

    @functools.wraps(real_shard)
    def render_shard(job: dict) -> dict:  # in the worker
        c0, t0 = time.process_time(), time.perf_counter()
        out = real_shard(job)
        row = {"shard": job["shard"], "pages": shard_pages(job["tree"]).get(job["shard"]),
               "wall_s": round(time.perf_counter() - t0, 3), "cpu_s": round(time.process_time() - c0, 3),
               "pid": os.getpid(), "worker_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        progress.write(event="shard", **row)
        return {**out, "bench": row}

    @functools.wraps(real_shards)
    def render_shards(tree, shard_ids, out, **kwargs):  # in the build process
        pages = shard_pages(str(tree))
        navs = [nav_entries(json.loads((Path(tree) / "shards" / s / "nav.json").read_text(encoding="utf-8")))
                for s in shard_ids]
        render_info.update(shards=len(shard_ids), pages=sum(pages.get(s, 0) for s in shard_ids),
                           jobs=kwargs.get("jobs"), build_pid=os.getpid(), nav_entries_max=max(navs, default=0))
        progress.write(event="render_start", shards=len(shard_ids), pages=render_info["pages"])
        results = real_shards(tree, shard_ids, out, **kwargs)
        for r in results:
            shards.append(r.get("bench") or {"shard": r.get("shard"), "wall_s": r.get("seconds"), "pid": r.get("pid"),
                                             "pages": pages.get(r.get("shard") or "")})
        return results

    engine.render_shard = render_shard
    engine.render_shards = render_shards


def child(spec_path: str) -> int:
    started = time.perf_counter()
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    progress = Progress(spec.get("progress"), started)
    try:
        import logging

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        result: dict = {"ok": True}
        if spec["kind"] == "ours":
            from generator import build as gb

            _point_caches(spec)
            shards: list[dict] = []
            render_info: dict = {}
            _wrap_engine(progress, shards, render_info)
            stages: dict[str, dict] = {}
            last = list(_cpu())

            def on_stage(name: str, seconds: float) -> None:
                me, kids = _cpu()
                stages[name] = {"wall_s": round(seconds, 3), "cpu_s": round(me - last[0] + kids - last[1], 3),
                                "cpu_self_s": round(me - last[0], 3), "cpu_children_s": round(kids - last[1], 3)}
                last[:] = [me, kids]
                progress.write(event="stage", stage=name, **stages[name])

            imported = time.perf_counter()
            progress.write(event="start")
            profiler = None
            if spec.get("profile"):
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            t0 = time.perf_counter()
            details: dict[str, dict] = {}  # render: how many shards the shard cache restored, how many were rendered
            gb.build_site(Path(spec["root"]), Path(spec["site_dir"]), Path(spec["config"]) if spec.get("config") else None,
                          jobs=spec.get("jobs"), on_stage=on_stage, stage_details=details)
            # Restored shards are not rendered (no render_shards call): the pages are the build's, whichever way.
            said = details.get("render", {})
            render_info.update(shards_restored=said.get("restored", 0), shards_rendered=said.get("rendered", 0),
                               pages=said.get("pages", render_info.get("pages", 0)))
            build_s = time.perf_counter() - t0
            if profiler is not None:
                import pstats

                profiler.disable()
                result["profile_top"] = _profile_summary(pstats.Stats(profiler), build_s)
            result.update(stages=stages, shards=shards, render=render_info)
        else:  # bare MkDocs-Material: one `mkdocs build` in this process
            import mkdocs.commands.build as mb
            from mkdocs.config import load_config

            imported = time.perf_counter()
            t0 = time.perf_counter()
            mb.build(load_config(spec["config"], site_dir=spec["site_dir"]))
            build_s = time.perf_counter() - t0
            result["pages"] = sum(1 for _ in (Path(spec["config"]).parent / "docs").rglob("*.md"))
        result.update(imports_s=round(imported - started, 3), build_s=round(build_s, 3),
                      maxrss_self_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      maxrss_children_mb=round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1))
    except BaseException as exc:  # noqa: BLE001 — reported to the parent, which records it
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:3000], "traceback": traceback.format_exc()[-4000:]}
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0 if result["ok"] else 1


def _profile_summary(stats, build_s: float, n: int = 30) -> dict:
    """The functions with the largest cumulative and own time (cProfile slows Python ~2–3×: read shares).
    Only this process: with a pool, the workers' rendering is not in it (profile with jobs 1)."""
    rows = []
    total = max((ct for (_, _, _), (_, _, _, ct, _) in stats.stats.items()), default=build_s)
    for (file, line, func), (_, nc, tt, ct, _) in stats.stats.items():
        short = file
        for marker in ("site-packages/", str(PROJECT) + "/", "lib/python3"):
            if marker in short:
                short = short.split(marker, 1)[1]
        rows.append({"function": f"{short}:{line}({func})", "calls": nc, "cum_s": round(ct, 3),
                     "own_s": round(tt, 3), "cum_share": round(ct / total, 3) if total else None})
    interesting = [r for r in rows if not r["function"].startswith(("{", "~", "<"))]
    return {"profiled_build_s": round(build_s, 3),
            "by_cumulative": sorted(interesting, key=lambda r: -r["cum_s"])[:n],
            "by_own_time": sorted(interesting, key=lambda r: -r["own_s"])[:n]}


# =====================================================================================
# In the parent: run one build in a fresh process and watch its process tree
# =====================================================================================


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


class TreeSampler:
    """Every process under `root` (from /proc): peak VmHWM and last CPU time, per pid."""

    _TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, root: int):
        self.root = root
        self.procs: dict[int, dict] = {}
        self.peak_tree_rss_mb = 0.0  # the largest sum of VmRSS over the tree at one sample

    def _children(self) -> dict[int, list[int]]:
        kids: dict[int, list[int]] = defaultdict(list)
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            kids[int(fields[1])].append(int(entry.name))
        return kids

    def sample(self) -> None:
        try:
            kids = self._children()
        except OSError:
            return
        todo, tree = [self.root], []
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(kids.get(pid, []))
        total_rss = 0.0
        for pid in tree:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                stat = Path(f"/proc/{pid}/stat").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            try:  # private (USS) and proportional (PSS) memory: what this process adds to the machine's
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                rollup = ""
            private = sum(int(x) for x in re.findall(r"^Private_(?:Clean|Dirty):\s+(\d+) kB", rollup, re.M))
            pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
            hwm = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            fields = stat[stat.rfind(")") + 2:].split()
            cpu = (int(fields[11]) + int(fields[12])) / self._TICK
            row = self.procs.setdefault(pid, {"pid": pid, "ppid": int(fields[1]), "cmd": cmd[:120], "vmhwm_mb": 0.0,
                                              "private_peak_mb": 0.0, "pss_peak_mb": 0.0})
            row["private_peak_mb"] = max(row["private_peak_mb"], round(private / 1024, 1))
            if pss:
                row["pss_peak_mb"] = max(row["pss_peak_mb"], round(int(pss.group(1)) / 1024, 1))
            if hwm:
                row["vmhwm_mb"] = max(row["vmhwm_mb"], round(int(hwm.group(1)) / 1024, 1))
            row["cpu_s"] = round(cpu, 2)
            total_rss += int(rss.group(1)) / 1024 if rss else 0
        self.peak_tree_rss_mb = round(max(self.peak_tree_rss_mb, total_rss), 1)

    def report(self) -> dict:
        return {"processes": sorted(self.procs.values(), key=lambda r: -r["vmhwm_mb"])[:20],
                "peak_tree_rss_mb": self.peak_tree_rss_mb, "interval_s": SAMPLE_S}


def read_progress(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


# What turns off the reuse of earlier builds' rendered shards (not of the charts, history and templates);
# forget_outputs removes the finish stage's (search index, link check) before such a build.
NO_REUSE = {"SITE_SHARD_CACHE": "0"}


def forget_outputs(cache_dir: Path) -> None:
    """The finish stage's reusable outputs (generator/finish/reuse.py) removed: the next build
    indexes and checks its pages again."""
    shutil.rmtree(cache_dir / "finish", ignore_errors=True)


def run_build(spec: dict, work: Path, timeout: float, env: dict, label: str) -> dict:
    """One build in a fresh process: wall, CPU and peak RSS of its tree (os.wait4), its stages,
    shards and workers (from the child), sampled /proc figures; past `timeout`, killed."""
    work.mkdir(parents=True, exist_ok=True)
    spec = {**spec, "result": str(work / f"{label}.result.json"), "progress": str(work / f"{label}.progress.jsonl")}
    for key in ("result", "progress"):
        Path(spec[key]).unlink(missing_ok=True)
    spec_path = work / f"{label}.spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    log_path = work / f"{label}.log"
    load_before = loadavg()
    t0 = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bench.build_time", str(spec_path)],
                                cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeSampler(proc.pid)
        timed_out = False
        next_sample = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter() - t0
            if now >= next_sample:
                sampler.sample()
                next_sample = now + SAMPLE_S
            if now > timeout:
                timed_out = True
                sampler.sample()
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the build's own process group (workers, node, git)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    cpu = usage.ru_utime + usage.ru_stime
    run: dict = {
        "kind": spec["kind"],
        "jobs": spec.get("jobs"),
        "process_wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "cpu_user_s": round(usage.ru_utime, 3), "cpu_sys_s": round(usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # the largest single process of the tree
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
        "sampled": sampler.report(),
    }
    events = read_progress(Path(spec["progress"]))
    if timed_out:
        run.update(measured=False, note=f"not measured: exceeded {timeout:g} s",
                   peak_rss_note="peak RSS until the process was killed: a lower bound",
                   progress_at_kill=_progress_summary(events, wall))
        return run
    result = _read_json(Path(spec["result"]))
    if not result or not result.get("ok"):
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        run.update(measured=False, note="build failed: " + ((result or {}).get("error") or f"exit {proc.returncode}"),
                   log_tail=tail, traceback=(result or {}).get("traceback"))
        return run
    run.update(measured=True, build_s=result["build_s"], startup_s=round(wall - result["build_s"], 3),
               imports_s=result["imports_s"], build_process_maxrss_mb=result["maxrss_self_mb"])
    if spec["kind"] == "bare":
        pages = result["pages"]
    else:
        pages = result["render"].get("pages") or 0
        stages = dict(result["stages"])
        # Everything outside build_site: interpreter, imports, writing the result (wall); CPU the same.
        staged_cpu = sum(s["cpu_s"] for s in stages.values())
        stages = {"startup": {"wall_s": round(wall - sum(s["wall_s"] for s in stages.values()), 3),
                              "cpu_s": round(cpu - staged_cpu, 3)}, **stages}
        run.update(render=result["render"], stages=stages, shards=_shards_summary(result["shards"]), workers=_workers(result["shards"], result, sampler))
        if "profile_top" in result:
            run["profile"] = result["profile_top"]
    run.update(pages=pages,
               pages_per_s=round(pages / wall, 1) if pages else None,
               ms_per_page=round(1000 * wall / pages, 2) if pages else None,
               cpu_ms_per_page=round(1000 * cpu / pages, 2) if pages else None)
    return run


def _shards_summary(rows: list[dict]) -> dict:
    """Per shard: wall and CPU (in its worker) and pages; grouped portal / city."""
    def group(kind: str) -> dict:
        mine = [r for r in rows if r["shard"].startswith(kind)]
        if not mine:
            return {}
        walls = [r["wall_s"] for r in mine]
        cpus = [r["cpu_s"] for r in mine if r.get("cpu_s") is not None]
        pages = [r["pages"] for r in mine if r.get("pages")]
        return {"count": len(mine), "pages": sum(pages), "wall_s_sum": round(sum(walls), 3),
                "wall_s_mean": round(sum(walls) / len(walls), 3), "wall_s_max": max(walls),
                "cpu_s_sum": round(sum(cpus), 3) if cpus else None,
                "cpu_s_mean": round(sum(cpus) / len(cpus), 3) if cpus else None,
                "cpu_s_max": max(cpus) if cpus else None,
                "cpu_ms_per_page": round(1000 * sum(cpus) / sum(pages), 2) if cpus and pages else None}
    return {"portal": group("portal-"), "city": group("city-"),
            "rows": sorted(rows, key=lambda r: r["shard"]) if len(rows) <= 40 else
            sorted(rows, key=lambda r: -(r.get("cpu_s") or r["wall_s"]))[:20],
            "rows_note": None if len(rows) <= 40 else f"the 20 slowest of {len(rows)} shards"}


def _workers(rows: list[dict], result: dict, sampler: TreeSampler) -> dict:
    """Peak RSS of each process that rendered shards (ru_maxrss in the worker, VmHWM sampled)."""
    by_pid: dict[int, dict] = {}
    for r in rows:
        w = by_pid.setdefault(r["pid"], {"pid": r["pid"], "shards": 0, "cpu_s": 0.0, "maxrss_mb": 0.0})
        w["shards"] += 1
        w["cpu_s"] = round(w["cpu_s"] + (r.get("cpu_s") or 0), 3)
        w["maxrss_mb"] = max(w["maxrss_mb"], r.get("worker_maxrss_mb") or 0)
    for w in by_pid.values():
        sampled = sampler.procs.get(w["pid"])
        w["sampled_vmhwm_mb"] = sampled["vmhwm_mb"] if sampled else None
        w["sampled_private_peak_mb"] = sampled["private_peak_mb"] if sampled else None  # USS: not shared with others
        w["sampled_pss_peak_mb"] = sampled["pss_peak_mb"] if sampled else None
    build_pid = result.get("render", {}).get("build_pid")
    in_process = list(by_pid) == [build_pid]
    workers = sorted(by_pid.values(), key=lambda w: w["pid"])
    peak = max((max(w["maxrss_mb"], w["sampled_vmhwm_mb"] or 0) for w in workers), default=None)
    private = max((w["sampled_private_peak_mb"] or 0 for w in workers), default=0) or None
    return {"count": len(workers), "in_build_process": in_process, "per_worker": workers,
            "peak_worker_rss_mb": peak, "peak_worker_private_mb_sampled": private,
            "build_process_rss_mb": result.get("maxrss_self_mb"),
            "note": ("rendered in the build process itself (--jobs 1)" if in_process else
                     "forked pool workers: their RSS counts pages shared with the build process (copy-on-write)")}


def _progress_summary(events: list[dict], wall: float) -> dict:
    """How far a killed build got, and the render stage projected from its rate: NOT a measurement."""
    stages = {e["stage"]: e for e in events if e.get("event") == "stage"}
    start = next((e for e in events if e.get("event") == "render_start"), None)
    done = [e for e in events if e.get("event") == "shard"]
    out: dict = {"elapsed_s": round(wall, 1), "stages_done": {k: {"wall_s": v["wall_s"], "cpu_s": v["cpu_s"]}
                                                             for k, v in stages.items()}}
    if start:
        pages_done = sum(e.get("pages") or 0 for e in done)
        out.update(shards=start["shards"], shards_done=len(done), pages=start["pages"], pages_rendered=pages_done,
                   render_elapsed_s=round(wall - start["t"], 1))
        if pages_done and "render" not in stages:
            rate = (wall - start["t"]) / pages_done
            cpu_done = sum(e.get("cpu_s") or 0 for e in done)
            out["render_s_extrapolated"] = round(rate * start["pages"])
            out["render_cpu_s_extrapolated"] = round(cpu_done / pages_done * start["pages"]) if cpu_done else None
            out["note"] = "render time extrapolated from the pages rendered before the kill (shards run largest first): not measured"
        if done:
            out["slowest_shards"] = sorted(done, key=lambda e: -(e.get("cpu_s") or e.get("wall_s") or 0))[:5]
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
    return {"bytes": total, "mb": round(total / 1e6, 2), "files": files, "html_bytes": html}


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
        "# Bare MkDocs-Material, for comparison (bench/build_time.py): no hooks, no custom theme.\n"
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


def nav_entries(entries: list[dict]) -> int:
    """Entries (pages and links) one shard's navigation (nav.json) lists."""
    return sum(nav_entries(e["children"]) if "children" in e else 1 for e in entries)


if __name__ == "__main__":
    sys.exit(child(sys.argv[1]))
