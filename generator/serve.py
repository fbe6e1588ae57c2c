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
   indexes the whole site again, one to three seconds, so that search finds the edit —
   unless no page's bytes changed: then the last index is linked in again, `SearchCache`)
   and swapped into place.
The tree and the shards' output live in the cache folder's serve/ (.cache/serve/ unless SITE_CACHE_DIR is set).

When a rebuild fails (invalid data, a broken page or template), the terminal prints the
same located, bilingual report as `site_build.py validate`, and every page the browser
opens or reloads is replaced by a page showing that report (`problem_page`), as Hugo's
and Vite's development servers do, until the next good build; the browser reloads on
both, so the webmaster sees the error where they are looking, and sees it go.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import engine
from .data.errors import DataErrors
from .finish import MANIFEST, SYNONYMS, SearchCache, finish
from .generate import changed_shards, generate
from .paths import PROJECT, cache_dir
from .shard_cache import layout_stamp
from .site.i18n import HTML_LANG, t

WATCHED = ("data", "content", "theme", "generator/site/templates", "mkdocs.yml")


def _watched(root: Path) -> list[Path]:
    """The data of the project served (`root`), the rest of the project that shapes its pages."""
    paths = [root / "data"] + [PROJECT / w for w in WATCHED if w != "data"]
    return [p for p in paths if p.exists()]


class Server:
    def __init__(self, root: Path, work: Path, *, jobs: int | None = None, engine_name: str = "mkdocs"):
        self.root, self.work = root, work
        self.tree, self.part, self.site = work / "tree", work / "part", work / "site"
        self.engine_name = engine_name
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"))
        self.stamp: str | None = None
        self.search = SearchCache()  # the last search index, reused while the pages stay the same bytes
        # Why the last rebuild failed (what the terminal printed), None after a good one.
        self.problem: str | None = None

    def rebuild(self) -> dict:
        """Generate, render what changed, finish; returns timings (seconds) and the shards rendered."""
        started = time.perf_counter()
        manifest = generate(self.root, self.tree)
        generated = time.perf_counter()
        stamp = layout_stamp()  # the theme and mkdocs.yml: in every page of every shard
        if stamp != self.stamp or not self.part.is_dir():
            ids = {s["id"] for s in manifest["shards"]}
        else:
            ids = changed_shards(manifest)
        existing = {s["id"] for s in manifest["shards"]}
        for folder in (self.part / "shards").glob("*") if (self.part / "shards").is_dir() else []:
            if folder.name in ids or folder.name not in existing:
                shutil.rmtree(folder)
        # Until this render succeeds, part/ may lack shards the next generate will not report
        # as changed (the tree already has their new files): a failure renders them all again.
        self.stamp = None
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
        finished = finish([self.part], staging, links=False, search_cache=self.search)
        old = self.work / ".site.old"
        if self.site.exists():
            os.replace(self.site, old)
        os.replace(staging, self.site)
        self.search.site = self.site  # where the index the next rebuild may reuse now is
        shutil.rmtree(old, ignore_errors=True)
        done = time.perf_counter()
        return {"shards": sorted(ids), "generate_s": round(generated - started, 3),
                "render_s": round(rendered - generated, 3), "finish_s": round(done - rendered, 3),
                "total_s": round(done - started, 3), "search_reused": finished["search_reused"]}

    def refresh(self) -> dict | None:
        """`rebuild`, never raising: what went wrong is kept in `self.problem` (and printed)
        until the next good build; the previous site stays in place meanwhile."""
        try:
            report = self.rebuild()
        except DataErrors as exc:
            self.problem = exc.report()  # the very report `site_build.py validate` prints
        except engine.BuildFailed as exc:
            self.problem = f"构建失败 / build failed: {exc}"
        except Exception as exc:  # a fault of the generator, not of the edit: its traceback is for us
            traceback.print_exc()
            self.problem = f"内部错误 / internal error: {type(exc).__name__}: {exc}"
        else:
            self.problem = None
            return report
        print(self.problem, file=sys.stderr)
        return None

    def close(self) -> None:
        self.pool.shutdown()


def serve(root: Path, addr: str, *, jobs: int | None = None, engine_name: str = "mkdocs",
          work: Path | None = None) -> int:
    """Build, then serve until Ctrl+C (0); 1 when the first build failed (the problem printed:
    there is no site to show it on)."""
    work = work or cache_dir() / "serve"
    work.mkdir(parents=True, exist_ok=True)
    server = Server(root, work, jobs=jobs, engine_name=engine_name)

    def rebuild() -> None:
        # Returns normally even when the build failed, so that the browser reloads and shows
        # the problem (MkDocs' server would otherwise keep every request waiting for a good build).
        report = server.refresh()
        if report is None:
            return
        print(f"rebuilt in {report['total_s']} s (generate {report['generate_s']}, render {report['render_s']} "
              f"for {len(report['shards'])} shards: {', '.join(report['shards']) or 'none'}, finish {report['finish_s']}"
              f"{', search index unchanged' if report['search_reused'] else ''})")

    try:
        first = server.refresh()
        if first is None:
            return 1
        print(f"built in {first['total_s']} s; serving http://{addr}/ (Ctrl+C to stop); edits to data/ reload the page")
        engine.serve_livereload(server.site, addr, rebuild, _watched(root),
                                problem_page=lambda: problem_page(server.problem) if server.problem else None)
    finally:
        server.close()
    return 0


def problem_page(report: str) -> bytes:
    """The page served in place of every page while the last rebuild failed: the report, escaped
    (it quotes the data's values, which anyone who can open a pull request wrote), in both languages.
    Self-contained: no stylesheet or script of the site, which may be what is broken."""
    title = " / ".join(t(lang, "serve_problem_title") for lang in HTML_LANG)
    intro = "".join(f'<p lang="{HTML_LANG[lang]}">{html.escape(t(lang, "serve_problem_intro"))}</p>' for lang in HTML_LANG)
    return (f'<!doctype html><html lang="{HTML_LANG["zh"]}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_PROBLEM_STYLE}</style></head>"
            f'<body><main><h1>{html.escape(title)}</h1>{intro}'
            f'<pre id="build-problem">{html.escape(report)}</pre></main></body></html>').encode()


_PROBLEM_STYLE = ("body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:0;background:#fff4f4;color:#1a1a1a}"
                  "main{max-width:60rem;margin:0 auto;padding:1.5rem}h1{color:#a00000;font-size:1.4rem}"
                  "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:2px solid #a00000;"
                  "padding:1rem;font-size:.95rem;line-height:1.5}")
