"""The engine adapter: renders the shards of a generated tree. The only code that knows
MkDocs (or ProperDocs, its maintained continuation with the same plugin API); see README.md.

    with shard_workers(jobs=2, engine="mkdocs") as pool:     # before the build grows (below)
        render_shards(tree, shard_ids, out, engine="mkdocs", pool=pool)

Each shard is one engine build: the project's mkdocs.yml (theme, custom_dir, Markdown
extensions) with docs_dir = the shard's generated pages, nav = the shard's
navigation, site_dir = out/shards/<id>/, and the shard plugin (plugin.py). Shards are
built in a process pool, largest first.

The pool's workers are started by `shard_workers` at the beginning of a build, while the
build process is small (≈50 MB: the imports). Forked later — after validate and generate,
when the build process holds the dataset, the site model and every page body (≈920 MB
at 100 synthetic cities) — each worker would start as a copy of all that, and Python's
reference counting and garbage collector, touching the inherited objects, would copy
their pages into every worker (1.4 GB per worker at 100 cities, bench/README.md).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ..paths import PROJECT

ENGINES = ("mkdocs", "properdocs")
CONFIG_FILE = PROJECT / "mkdocs.yml"
# The shard that publishes the theme's files (scripts, styles) and 404.html.
ASSETS_SHARD = "portal-zh"

# Per shard, the engine sees only its own pages: a link to another shard's page, or a nav
# entry pointing at one, is not an error there. Links and anchors are checked over the
# merged site instead (generator/finish/links.py).
SHARD_VALIDATION = {
    "nav": {"omitted_files": "ignore", "not_found": "ignore", "absolute_links": "ignore"},
    "links": {"not_found": "ignore", "anchors": "ignore", "absolute_links": "ignore", "unrecognized_links": "ignore"},
}


class BuildFailed(Exception):
    """The engine refused or failed a build (a broken page, a strict-mode warning)."""


def available(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(engine) is not None and importlib.util.find_spec("material") is not None


def _use_engine(engine: str) -> None:
    """ProperDocs answers for `mkdocs.*` imports (Material's and ours) once its replacement
    module is imported: done first thing in a fresh worker process."""
    if engine not in ENGINES:
        raise BuildFailed(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "properdocs":
        import properdocs.replacement  # noqa: F401


def render_shard(job: dict) -> dict:
    """Build one shard (in a worker process); returns its timing."""
    started = time.perf_counter()
    _use_engine(job["engine"])
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from jinja2 import TemplateError
    from mkdocs.exceptions import MkDocsException

    from . import theme_files
    from .plugin import EngineSetupError, ShardPlugin, mkdocs_nav, read_json

    theme_files.install()

    _quiet(job.get("verbose", False))
    tree, shard_id = Path(job["tree"]), job["shard"]
    manifest = read_json(tree / "manifest.json")
    shard = next(s for s in manifest["shards"] if s["id"] == shard_id)
    folder = tree / "shards" / shard_id
    said = _Said()  # what MkDocs logged: its exception only says "Aborted with a BuildError!"
    logging.getLogger("mkdocs").addHandler(said)
    try:
        config = load_config(
            str(job.get("config_file") or CONFIG_FILE),
            docs_dir=str(folder / "docs"),
            site_dir=str(Path(job["out"]) / "shards" / shard_id),
            nav=mkdocs_nav(read_json(folder / "nav.json")),
            site_url=manifest["site_url"],
            validation=SHARD_VALIDATION,
            hooks=[],  # mkdocs.yml's plain_build_guard.py: refuses builds that are not ours
        )
        config.plugins[theme_files.PLUGIN] = ShardPlugin(
            tree, manifest, shard, publish_assets=shard_id == ASSETS_SHARD, serving=job.get("serving", False),
            build_id=job.get("build"))
        build(config)
    except (MkDocsException, EngineSetupError) as exc:
        raise BuildFailed(f"shard {shard_id}: {exc}" + "".join(f"\n  {m}" for m in said.messages)) from None
    except TemplateError as exc:  # a broken template (theme/) MkDocs lets through as it is
        # TemplateSyntaxError carries where; other template errors do not.
        line = getattr(exc, "lineno", None)
        where = f"{getattr(exc, 'filename', '')}:{line}: " if line else ""
        raise BuildFailed(f"shard {shard_id}: {where}{type(exc).__name__}: {exc.message}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(said)
    return {"shard": shard_id, "seconds": round(time.perf_counter() - started, 3), "pid": os.getpid()}


class _Said(logging.Handler):
    """Keeps the engine's warnings and errors of one build, for the BuildFailed that ends it."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def render_shards(tree: Path, shard_ids: list[str], out: Path, *, jobs: int | None = None, engine: str = "mkdocs",
                  config_file: Path | None = None, serving: bool = False, verbose: bool = False,
                  pool: ProcessPoolExecutor | None = None) -> list[dict]:
    """Render the shards into out/shards/<id>/, in `pool` (`shard_workers`, or `serve`'s workers
    that outlive this call); without one, in `jobs` processes started now (default: the number
    of cores) — with one job and MkDocs, in this process (no pool: what `bench` instruments)."""
    from ..generate import read_manifest

    sizes = {s["id"]: s["pages"] for s in read_manifest(tree)["shards"]}
    ordered = sorted(shard_ids, key=lambda s: (-sizes[s], s))  # largest first: the pool ends together
    build = uuid.uuid4().hex  # what a worker may reuse between this call's shards (theme_files.py)
    jobs_list = [{"tree": str(tree), "shard": s, "out": str(out), "engine": engine, "serving": serving, "build": build,
                  "config_file": str(config_file) if config_file else "", "verbose": verbose} for s in ordered]
    if pool is not None:
        return list(pool.map(render_shard, jobs_list))
    with shard_workers(min(jobs or os.cpu_count() or 1, len(jobs_list) or 1), engine) as started:
        if started is None:
            return [render_shard(job) for job in jobs_list]
        return list(started.map(render_shard, jobs_list))


# Started render workers, or None: the shards are rendered in the calling process.
Workers = ProcessPoolExecutor | None


@contextmanager
def shard_workers(jobs: int | None = None, engine: str = "mkdocs") -> Iterator[Workers]:
    """The worker processes for `render_shards(pool=…)`, started now: call it before the build
    process loads the dataset (the module docstring says why). None with one job and MkDocs:
    the shards are then rendered in the build process."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 and engine == "mkdocs":
        yield None
        return
    context = _context(engine)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        _start(pool, jobs, context.get_start_method(), engine)
        yield pool


def _start(pool: ProcessPoolExecutor, jobs: int, method: str, engine: str) -> None:
    """Start the workers now rather than at the first shard. A fork pool forks all of them at
    its first task. The objects they inherit are frozen first (gc.freeze): the collector
    never visits them, so a worker's collections do not write to — and copy — their
    pages; the build process unfreezes its own. A spawned pool starts one worker per task:
    one each, which loads the engine while the build process validates and generates."""
    if method == "fork":
        gc.freeze()
        try:
            pool.submit(_load_engine, engine)
        finally:
            gc.unfreeze()
    else:
        for _ in range(jobs):
            pool.submit(_load_engine, engine)


def _load_engine(engine: str) -> None:
    """A worker's first task (a forked worker has the engine loaded already)."""
    _use_engine(engine)
    _preload()


def _context(engine: str):
    """How workers start. Forked from this process, with MkDocs and Material loaded once
    beforehand, when that is safe: MkDocs (ProperDocs must be
    imported before anything imports `mkdocs`, which a copy of this process may have
    done) and no other thread running (a fork copies locks other threads may hold).
    Otherwise a fresh interpreter per worker, which loads them itself."""
    if engine == "mkdocs" and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        _preload()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _preload() -> None:
    import material.plugins  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401


def _quiet(verbose: bool) -> None:
    """Show the engine's warnings and errors, not its progress (as site_build.py does; a
    spawned worker has no handler of its own, and MkDocs' counting handler prints nothing)."""
    engine = logging.getLogger("mkdocs")
    if not engine.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        engine.addHandler(handler)
    if not verbose:
        for name in ("mkdocs", "properdocs"):
            logging.getLogger(name).setLevel(logging.WARNING)


def serve_livereload(site_dir: Path, addr: str, rebuild, watched: list[Path], *, problem_page=None) -> None:
    """Serve the built site with live reload; `rebuild()` runs after a change to a watched folder.
    `problem_page()`: None, or the page to serve in place of every page while the last rebuild
    failed (it is given the same live reload, so that the fix brings the site back)."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            # Called for every HTML page served, with the epoch its reload script waits past.
            shown = problem_page() if problem_page else None
            if shown is None:
                return super()._inject_js_into_html(content, epoch)
            return _allow_only_last_script(super()._inject_js_into_html(shown, epoch))

    host, _, port = addr.rpartition(":")
    server = Server(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(site_dir))
    for path in watched:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _allow_only_last_script(page: bytes) -> bytes:
    """A Content-Security-Policy that lets the page run its live reload script (the last
    <script>, which MkDocs' server appends) and nothing else: should a data value ever reach
    the problem page unescaped, it could still not run."""
    import base64
    import hashlib

    start = page.rindex(b"<script>") + len(b"<script>")
    script = page[start:page.index(b"</script>", start)]
    digest = base64.b64encode(hashlib.sha256(script).digest()).decode("ascii")
    policy = (f"default-src 'none'; script-src 'sha256-{digest}'; connect-src 'self'; "
              "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'.encode("ascii")
    return page.replace(b"<head>", b"<head>" + meta, 1)
