"""`site_build.py serve`: the site served with live reload, rebuilt after an edit by
doing again only what the edit changed.

The simplest honest approach (issue 13): after a change to data/, content/, theme/,
the page templates or mkdocs.yml,
1. the tree is generated again (generator/generate.py writes only files whose bytes
   changed, and says which);
2. only the shards whose generated files changed are rendered again (all of them when
   the theme or mkdocs.yml changed: they are in every page), by a pool of workers that
   stays up between rebuilds (MkDocs and Material loaded once);
3. the site is finished again from the shards' output (files are hard-linked; Pagefind
   indexes the whole site again, one to three seconds, so that search finds the edit)
   and swapped into place.
The tree and the shards' output live in the cache folder's serve/ (.cache/serve/ unless SITE_CACHE_DIR is set).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import engine
from .data.errors import DataErrors
from .finish import MANIFEST, SYNONYMS, finish
from .generate import changed_shards, generate
from .paths import PROJECT, THEME, cache_dir

WATCHED = ("data", "content", "theme", "generator/site/templates", "mkdocs.yml")
_LAYOUT = (THEME, PROJECT / "mkdocs.yml")


def _layout_stamp() -> tuple:
    """The theme and the engine's configuration shape every page of every shard."""
    times = [p.stat().st_mtime_ns for base in _LAYOUT for p in ([base] if base.is_file() else base.rglob("*")) if p.is_file()]
    return (max(times, default=0), len(times))


class Server:
    def __init__(self, root: Path, work: Path, *, jobs: int | None = None, engine_name: str = "mkdocs"):
        self.root, self.work = root, work
        self.tree, self.part, self.site = work / "tree", work / "part", work / "site"
        self.engine_name = engine_name
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"))
        self.stamp: tuple | None = None

    def rebuild(self) -> dict:
        """Generate, render what changed, finish; returns timings (seconds) and the shards rendered."""
        started = time.perf_counter()
        manifest = generate(self.root, self.tree)
        generated = time.perf_counter()
        stamp = _layout_stamp()
        if stamp != self.stamp or not self.part.is_dir():
            ids = {s["id"] for s in manifest["shards"]}
        else:
            ids = changed_shards(manifest)
        existing = {s["id"] for s in manifest["shards"]}
        for folder in (self.part / "shards").glob("*") if (self.part / "shards").is_dir() else []:
            if folder.name in ids or folder.name not in existing:
                shutil.rmtree(folder)
        engine.render_shards(self.tree, sorted(ids), self.part, jobs=self.jobs, engine=self.engine_name,
                             serving=True, pool=self.pool)
        self.stamp = stamp
        rendered = time.perf_counter()
        shutil.copy2(self.tree / MANIFEST, self.part / MANIFEST)
        shutil.rmtree(self.part / "static", ignore_errors=True)
        shutil.copytree(self.tree / "static", self.part / "static")
        (self.part / SYNONYMS).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.tree / SYNONYMS, self.part / SYNONYMS)
        staging = Path(tempfile.mkdtemp(prefix=".site.", dir=self.work))
        finish([self.part], staging, links=False)
        old = self.work / ".site.old"
        if self.site.exists():
            os.replace(self.site, old)
        os.replace(staging, self.site)
        shutil.rmtree(old, ignore_errors=True)
        done = time.perf_counter()
        return {"shards": sorted(ids), "generate_s": round(generated - started, 3),
                "render_s": round(rendered - generated, 3), "finish_s": round(done - rendered, 3),
                "total_s": round(done - started, 3)}

    def close(self) -> None:
        self.pool.shutdown()


def serve(root: Path, addr: str, *, jobs: int | None = None, engine_name: str = "mkdocs") -> None:
    work = cache_dir() / "serve"
    work.mkdir(parents=True, exist_ok=True)
    server = Server(root, work, jobs=jobs, engine_name=engine_name)
    first = server.rebuild()
    print(f"built in {first['total_s']} s; serving http://{addr}/ (Ctrl+C to stop); edits to data/ reload the page")

    def rebuild() -> None:
        try:
            report = server.rebuild()
        except DataErrors as exc:
            print(exc.report())  # the previous site stays served
            return
        except engine.BuildFailed as exc:
            print(f"构建失败 / build failed: {exc}")
            return
        print(f"rebuilt in {report['total_s']} s (generate {report['generate_s']}, render {report['render_s']} "
              f"for {len(report['shards'])} shards: {', '.join(report['shards']) or 'none'}, finish {report['finish_s']})")

    try:
        engine.serve_livereload(server.site, addr, rebuild, [PROJECT / w for w in WATCHED if (PROJECT / w).exists()])
    finally:
        server.close()
