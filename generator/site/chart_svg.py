"""Static SVGs of the charts, drawn at build time, placed in the pages.

A chart page shows its chart before any script runs — and on a phone that only
reads it, without ever downloading ECharts (theme/assets/javascripts/charts.js
swaps in the live chart when the reader reaches for it). The SVG is drawn by
the site's own ECharts build in Node (tools/echarts/render-svg.js), with the
same option finishing as the live chart (chart-options.js).

Each build asks for its charts through its own `ChartRequests` (held by the build's
context, generator/site/context.py): templates call `chart_svg(options, label, height)`
(its `placeholder`), which returns a placeholder; after every page is rendered, `draw` draws
all requested charts in Node (split across processes when many are missing), and `place`
puts each SVG into the finished HTML. Drawn SVGs are kept on disk (the cache folder's
chart-svg/), keyed by everything that shapes them (the request, and the state of the files
that draw it), so warm builds do not start Node; the least recently used beyond MAX_CACHED
are removed. Nothing lives in the module: one build's requests cannot reach the next
(`serve` builds many times in one process).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from markupsafe import Markup

from ..caching import files_digest, prune_files
from ..paths import PROJECT as ROOT

BUNDLE = ROOT / "node_modules" / ".site-vendor" / "echarts.custom.min.js"
OPTIONS_SCRIPT = ROOT / "theme" / "assets" / "javascripts" / "chart-options.js"
RENDERER = ROOT / "tools" / "echarts" / "render-svg.js"
MAX_CACHED = 4000  # SVGs kept on disk: the real site draws about 300, each a few kB
WIDTH = 340  # a phone's content width: the static chart is read at about its own size there

_PLACEHOLDER = re.compile(r"<!--chart-svg:([0-9a-f]{40})-->")
# Node draws a chart in about 20 ms of CPU, and starts and loads ECharts in about 0.15 s (measured
# on the real site's 320 charts): a batch is split across processes (one per core, at most
# MAX_NODE_PROCESSES) only when each gets enough charts to be worth another start.
MIN_CHARTS_PER_PROCESS = 24
MAX_NODE_PROCESSES = 4


class ChartDrawingError(RuntimeError):
    pass


class ChartRequests:
    """The charts one build asks for, and the renderer they are drawn by (read at the first
    request: an edit of the option finishing under `serve` draws the next build's anew)."""

    def __init__(self, cache: Path):
        self.cache = cache  # the drawn SVGs, by key
        self._requested: dict[str, dict] = {}
        self._fingerprint = ""

    def placeholder(self, options: dict, label: str, height: int | None = None) -> Markup:
        """A placeholder for the static SVG of these options (the templates' `chart_svg`)."""
        return Markup(f"<!--chart-svg:{self.request(options, label, WIDTH, int(height or 320))}-->")

    def request(self, options: dict, label: str, width: int, height: int) -> str:
        """Ask for a chart drawn at this size; the key names it in `draw`'s answer."""
        if not self._fingerprint:
            self._fingerprint = _renderer_fingerprint()
        wanted = {"options": options, "label": label, "width": width, "height": height}
        key = hashlib.sha1((self._fingerprint + json.dumps(wanted, sort_keys=True, ensure_ascii=False)).encode("utf-8")).hexdigest()
        self._requested[key] = wanted
        return key

    def keys(self) -> set[str]:
        return set(self._requested)

    def draw(self, contents: list[str], also: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
        """The SVG of every chart the pages ask for, and of the keys in `also` (drawing those not in the cache)."""
        keys = {m.group(1) for text in contents for m in _PLACEHOLDER.finditer(text)} | set(also)
        svgs = {key: self._cached(key) for key in keys}
        missing = sorted(key for key, svg in svgs.items() if svg is None)
        if missing:
            drawn = _draw({key: self._requested[key] for key in missing})
            for key, svg in drawn.items():
                svgs[key] = self._store(key, clean(svg, key))
            prune_files(self.cache, "*.svg", MAX_CACHED)
        return svgs  # type: ignore[return-value]

    def _cached(self, key: str) -> str | None:
        path = self.cache / f"{key}.svg"
        try:
            svg = path.read_text(encoding="utf-8")
        except OSError:
            return None
        os.utime(path)  # used: kept by prune_files
        return svg

    def _store(self, key: str, svg: str) -> str:
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = self.cache / f"{key}.svg.{os.getpid()}.tmp"  # two builds (serve, a test) may store at once
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(self.cache / f"{key}.svg")
        return svg


def place(html: str, svgs: dict[str, str]) -> str:
    """The finished page with its placeholders replaced. Done on the page's final HTML,
    so that neither Markdown nor the search plugin parse the SVGs."""
    if "<!--chart-svg:" not in html:
        return html
    return _PLACEHOLDER.sub(lambda m: svgs[m.group(1)], html)


def _renderer_fingerprint() -> str:
    """What draws the SVGs: a new ECharts build or option finishing (chart-options.js, in the
    theme, which `serve` watches) draws them anew."""
    # Names relative to the project: the fingerprint is part of every chart's key, and the key
    # names the SVG's ids (`clean`), so an absolute path would make the same chart's bytes
    # differ between two checkouts of the same commit.
    return files_digest((BUNDLE, OPTIONS_SCRIPT, RENDERER, Path(__file__).resolve()),  # this file: the cleaning
                        names_from=ROOT)


def _draw(requests: dict[str, dict]) -> dict[str, str]:
    """Every request drawn by Node: in one process, or, for a large batch (a cold build, 100
    cities), split across processes run at once, one per core (Node draws on one thread).
    Each chart is drawn by itself (its own ECharts instance; `clean` names its ids by its
    key), so how the batch is split does not change a byte."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise ChartDrawingError("Node.js is needed to draw the charts at build time: apt-get install nodejs npm")
    if not BUNDLE.is_file():
        raise ChartDrawingError(f"ECharts is missing ({BUNDLE.relative_to(ROOT)}). Run `make setup`.")
    batch = [{"key": key, **request} for key, request in requests.items()]
    n = max(1, min(_cores(), MAX_NODE_PROCESSES, len(batch) // MIN_CHARTS_PER_PROCESS))
    parts = [batch[i::n] for i in range(n)]  # interleaved: each part gets charts of every kind
    if n == 1:
        return _draw_part(node, parts[0])
    drawn: dict[str, str] = {}
    with ThreadPoolExecutor(n) as pool:  # each thread waits on its Node process
        for svgs in pool.map(lambda part: _draw_part(node, part), parts):
            drawn.update(svgs)
    return drawn


def _draw_part(node: str, batch: list[dict]) -> dict[str, str]:
    try:
        run = subprocess.run([node, str(RENDERER), str(BUNDLE), str(OPTIONS_SCRIPT)],
                             input=json.dumps(batch, ensure_ascii=False),
                             capture_output=True, text=True, encoding="utf-8", timeout=_timeout(len(batch)))
    except subprocess.TimeoutExpired as exc:
        raise ChartDrawingError(f"drawing {len(batch)} charts took over {exc.timeout:.0f} s: Node seems stuck") from None
    if run.returncode != 0:
        raise ChartDrawingError(f"drawing the charts failed: {run.stderr.strip()[-2000:]}")
    return json.loads(run.stdout)


def _timeout(charts: int) -> float:
    # A guard against a hung Node, not a speed limit: ≈20 ms of CPU a chart on an idle core,
    # so 1 s a chart leaves room for a machine loaded 50 times over. A fixed 300 s killed a
    # 100-city build (≈17,000 charts) on a loaded machine.
    return 120 + 1.0 * charts


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (a container's, a taskset's)
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# ---- ECharts' SVG made fit for the page -----------------------------------------

_STYLE_ELEMENT = re.compile(r"<style\b.*?</style>", re.S)  # hover rules: the live chart has its own
_CLASS = re.compile(r'\s+class="zr\d+-cls-\d+"')
_META = re.compile(r'\s+ecmeta_[a-z_]+="[^"]*"')  # ECharts' hooks for its SSR client, not HTML
_STYLE_ATTR = re.compile(r'\s+style="([^"]*)"')
_SIZE = re.compile(r'^<svg width="\d+" height="\d+"')


def clean(svg: str, key: str) -> str:
    """Valid inside HTML, allowed by the CSP (no style attribute or element), ids unique per chart."""
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _CLASS.sub("", svg)
    svg = _META.sub("", svg)
    svg = _STYLE_ATTR.sub(lambda m: _presentation_attributes(m.group(1)), svg)
    svg = re.sub(r"zr\d+-", f"c{key[:10]}-", svg)  # pattern and clip-path ids: several charts on a page
    svg = _SIZE.sub('<svg width="100%" height="100%" aria-hidden="true" focusable="false"', svg)
    return re.sub(r">\s*\n\s*<", "><", svg).replace("\n", " ")


def _presentation_attributes(style: str) -> str:
    """style="font-size:12px;font-family:sans-serif;" → font-size="12px" font-family="sans-serif"."""
    out = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            out.append(f' {name.strip()}="{value.strip().replace(chr(34), chr(39))}"')
    return "".join(out)
