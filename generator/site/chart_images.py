"""Chart images that describe themselves: an SVG and a PNG of each indicator chart, per language.

A chart copied out of the site travels without its page, so the image itself carries what a
reader needs to use it correctly: the indicator's name, the city, the unit, binding or
expected, the 2025 target drawn and named as a target (the chart's own legend and axis), the
source document and place, and where the chart came from (the site's name and, when
SITE_URL is set, the page's address). The PNG is also the page's social preview (og:image).

Decision: the images are made at build time and published as files next to the indicator's
CSV and JSON (downloads/<city>/<indicator>.chart.<lang>.svg|png), not drawn in the browser
from the live chart: the download then needs no script, is the same for every reader, can be
linked and cited, and the PNG is the very file the social preview uses. The chart part is
drawn by the site's ECharts in Node with the pages' charts (the build's ChartRequests), at
800 × 300 shown 1.4 times larger; the PNG is rasterised from the composed SVG by libvips
(pyvips, whose svgload is librsvg: text by Pango, with fontconfig's fonts; a CJK font must be
installed, fonts-noto-cjk in CI), and cached by the SVG's content hash in .cache/chart-png/ so a
warm build renders none; a cold build renders them in threads, one per core (libvips lets go of
the GIL). libvips replaced resvg-py 0.5.0, whose wheel is built for size (opt-level "z"): on the
real site's 84 images it took a median 0.14 s of CPU an image, libvips 0.03 s (issue 13). The
images' charts have no decal patterns: they doubled the time.

Each build has its own `ChartImages` (in the build's context, generator/site/context.py):
templates call its `indicator_images(...)` while the pages render; generate.py then calls its
`files(svgs)` with the drawn charts and publishes what it returns.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import html
import os
import re
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import chart_svg
from .i18n import HTML_LANG, rules, t

WIDTH, HEIGHT = 1200, 630  # the Open Graph image size: shown uncropped by the common link previews
MARGIN = 40
# The chart is drawn at 800 × 300 and shown 1.4 times larger, so that its labels stay legible in a preview.
CHART_WIDTH, CHART_HEIGHT, CHART_SCALE = 800, 300, 1.4
FOOTER_SIZE = 17
FONT_STACK = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


class ChartImageError(chart_svg.ChartDrawingError):
    """The chart images cannot be made (no CJK font, or libvips refused the SVG): reported as the
    build reports a chart it cannot draw (generator/build.py)."""


@dataclass(frozen=True)
class _Image:
    chart_key: str
    lang: str
    title: str
    subtitle: str
    source: str
    credit: str


def image_path(city: str, indicator: str, lang: str, ext: str) -> str:
    return f"downloads/{city}/{indicator}.chart.{lang}.{ext}"


class ChartImages:
    """The images one build asks for: base path (without .svg/.png) → what to draw."""

    def __init__(self, charts: chart_svg.ChartRequests, png_cache: Path, site_url: str = ""):
        self.charts = charts  # the build's chart requests: the images' charts are drawn with the pages'
        self.png_cache = png_cache
        self.site_url = site_url  # SITE_URL ("" when not set): the credit names the page's address
        self._images: dict[str, _Image] = {}

    def indicator_images(self, city, indicator, lang: str, options: dict, summary: str, page_src: str) -> dict[str, str]:
        """Ask for the images of this indicator chart (the templates' `chart_images`); returns
        their site paths {"svg": …, "png": …}."""
        from .pages import page_url  # pages imports this module
        from .sitemodel import place_of

        cid, doc = city.city.id, city.city.document
        unit = indicator.unit[lang] if indicator.unit else t(lang, "none")
        facts = [city.city.name[lang], f"{t(lang, 'unit')}{rules(lang).colon}{unit}", t(lang, f"legend_{indicator.attribute.value}")]
        if indicator.cumulative:
            facts.append(t(lang, "cumulative"))
        place = place_of(indicator.source, lang)
        source = t(lang, "chart_source", source=t(lang, "source"), title=rules(lang).listed_title.format(zh=doc.title.zh, en=doc.title.en),
                   issuer=doc.issuer[lang], date=doc.date, place=place)
        credit = t(lang, "site_name")
        if self.site_url:
            credit += " · " + self.site_url + page_url(page_src)
        # No decal patterns in the image: they doubled the rasteriser's time, and the image names every
        # bar in words (axis, legend) and draws the target hollow with a dashed outline. The chart's
        # text names the image's fonts: ECharts' own "sans-serif" would be a Latin font (DejaVu) in
        # English, wider than the widths ECharts laid the legend out with.
        options = {**options, "aria": {**options["aria"], "decal": {"show": False}},
                   "textStyle": {**options.get("textStyle", {}), "fontFamily": FONT_STACK}}
        key = self.charts.request(options, summary, CHART_WIDTH, CHART_HEIGHT)
        base = image_path(cid, indicator.id, lang, "")[:-1]
        self._images[base] = _Image(key, lang, indicator.name[lang], " · ".join(facts), source, credit)
        return {"svg": base + ".svg", "png": base + ".png"}

    def exists(self, path: str) -> bool:
        """Whether an image (by site path, .svg or .png) was asked for in this build."""
        return path.rsplit(".", 1)[0] in self._images

    def chart_keys(self) -> set[str]:
        """The charts the images need drawn (ChartRequests.draw(…, also=…))."""
        return {image.chart_key for image in self._images.values()}

    def files(self, svgs: dict[str, str]) -> dict[str, bytes]:
        """Every image asked for, path → bytes: the composed SVG and its PNG."""
        composed = {base: compose(image, svgs[image.chart_key]) for base, image in sorted(self._images.items())}
        pngs = _pngs(list(composed.values()), self.png_cache)
        out: dict[str, bytes] = {}
        for base, svg in composed.items():
            out[base + ".svg"] = svg.encode("utf-8")
            out[base + ".png"] = pngs[svg]
        return out


def _pngs(svgs: list[str], cache: Path) -> dict[str, bytes]:
    """The PNG of each SVG: from the cache, else rasterised, in threads when there are several
    (libvips lets go of the GIL while it draws and encodes; a cold build renders every image)."""
    done = {svg: data for svg in svgs if (data := _cached_png(svg, cache)) is not None}
    missing = [svg for svg in svgs if svg not in done]
    workers = min(os.cpu_count() or 1, len(missing))
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            done.update(zip(missing, pool.map(functools.partial(png, cache=cache), missing), strict=True))
    else:
        done.update((svg, png(svg, cache)) for svg in missing)
    return done


# ---- the composed SVG ------------------------------------------------------------

_CHART_ROOT = re.compile(r'^<svg width="100%" height="100%" aria-hidden="true" focusable="false"')


def compose(image: _Image, chart: str) -> str:
    """Title, facts, the chart, source and credit on one 1200 × 630 canvas."""
    inner = WIDTH - 2 * MARGIN
    title_lines, title_size = _fit(image.title, inner, largest=40, smallest=28)
    y = MARGIN + title_size
    parts = []
    for line in title_lines:
        parts.append(_text(line, MARGIN, y, title_size, weight="bold"))
        y += round(title_size * 1.25)
    parts.append(_text(_shorten(image.subtitle, inner, 24), MARGIN, y + 4, 24, fill="#333333"))
    first, rest = _split(image.source, inner, FOOTER_SIZE)
    footer = [first, _shorten(rest, inner, FOOTER_SIZE)] if rest else [first]
    footer.append(_shorten(image.credit, inner, FOOTER_SIZE))
    footer_top = HEIGHT - 14 - round(FOOTER_SIZE * 1.5) * len(footer)
    chart_top = y + 24
    height = min(round(CHART_HEIGHT * CHART_SCALE), footer_top - chart_top - 8)
    parts.append(_CHART_ROOT.sub(f'<svg x="{MARGIN}" y="{chart_top}" width="{inner}" height="{height}"', chart, count=1))
    for n, line in enumerate(footer):
        parts.append(_text(line, MARGIN, footer_top + round(FOOTER_SIZE * 1.5) * (n + 1), FOOTER_SIZE, fill="#333333"))
    lang = HTML_LANG[image.lang]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang="{lang}" font-family="{FONT_STACK}">'
            f'<title>{html.escape(image.title)}</title><desc>{html.escape(image.subtitle)}. {html.escape(image.source)}</desc>'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>{"".join(parts)}</svg>\n')


def _text(text: str, x: int, y: int, size: int, weight: str = "normal", fill: str = "#000000") -> str:
    return (f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}">'
            f'{html.escape(text, quote=False)}</text>')


def _width(text: str, size: int) -> float:
    """An estimate of the text's width: CJK and full-width characters 1 em, the rest about 0.56 em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.56 * size for ch in text)


def _fit(text: str, width: int, largest: int, smallest: int) -> tuple[list[str], int]:
    """The title in the largest size that fits one line; else two lines (the second shortened) at the smallest."""
    for size in range(largest, smallest - 1, -2):
        if _width(text, size) <= width:
            return [text], size
    first, rest = _split(text, width, smallest)
    return [first, _shorten(rest, width, smallest)] if rest else [first], smallest


def _split(text: str, width: int, size: int) -> tuple[str, str]:
    cut = 0
    while cut < len(text) and _width(text[:cut + 1], size) <= width:
        cut += 1
    space = text.rfind(" ", 0, cut + 1)
    if space > cut // 2 and cut < len(text):  # break English between words
        cut = space
    return text[:cut].rstrip(), text[cut:].lstrip()


def _shorten(text: str, width: int, size: int) -> str:
    if _width(text, size) <= width:
        return text
    while text and _width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


# ---- the PNG ------------------------------------------------------------------


def _cache_path(svg: str, cache: Path) -> Path:
    font_file, family = cjk_font()
    key = hashlib.sha1(f"{_renderer_version()}\0{font_file}\0{family}\0{svg}".encode()).hexdigest()
    return cache / f"{key}.png"


def _cached_png(svg: str, cache: Path) -> bytes | None:
    cached = _cache_path(svg, cache)
    return cached.read_bytes() if cached.is_file() else None


def png(svg: str, cache: Path) -> bytes:
    """The SVG rasterised by libvips (librsvg) with the system's fonts; cached by content in `cache`."""
    cached = _cache_path(svg, cache)
    if cached.is_file():
        return cached.read_bytes()
    data = _rasterise(svg)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.stem}.{os.getpid()}.{threading.get_ident()}.tmp")  # several threads may render at once
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


def _rasterise(svg: str) -> bytes:
    """The PNG of the SVG: libvips' svgload (librsvg: text laid out by Pango with fontconfig's fonts,
    so the bold weight the SVG asks for is drawn bold), flattened onto white (no alpha channel:
    a smaller file), saved as an 8-bit RGB PNG at libvips' default compression (about 60 KiB). A
    palette PNG would halve the file but doubles the time (libimagequant); compression 9 triples it."""
    pyvips = _vips()
    try:
        image = pyvips.Image.svgload_buffer(svg.encode("utf-8"))
        return image.flatten(background=[255, 255, 255]).write_to_buffer(".png")
    except pyvips.Error as error:
        raise ChartImageError(f"libvips 未能绘制图表图片 / libvips could not render a chart image: {error}") from error


@lru_cache(maxsize=1)
def _vips():
    """pyvips, imported when the first image is drawn (a warm build draws none), with libvips'
    operation cache off: no SVG is drawn twice (the PNG cache sees to that), so it would only hold memory."""
    import pyvips

    pyvips.cache_set_max(0)
    return pyvips


@lru_cache(maxsize=1)  # a fact of the running process: the installed packages cannot change under it
def _renderer_version() -> str:
    """The renderer, named in every PNG's cache key: pyvips and the libvips build it drives
    (pyvips-binary's version is libvips'), read from the packages' metadata so that a warm build,
    which draws nothing, does not load libvips."""
    from importlib.metadata import version

    return f"pyvips {version('pyvips')} libvips {version('pyvips-binary')}"


# Fonts with Chinese glyphs, by file name, where fontconfig cannot be asked: family name by file.
_KNOWN_CJK = (
    ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("NotoSansCJKsc-Regular.otf", "Noto Sans CJK SC"),
    ("SourceHanSansSC-Regular.otf", "Source Han Sans SC"),
    ("wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    ("wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts"))


@lru_cache(maxsize=1)  # a fact of the machine, not of a build (it runs fc-match); every PNG key names the font
def cjk_font() -> tuple[str, str]:
    """A font file with Chinese glyphs and its family name: fontconfig's choice for :lang=zh-cn,
    else a known file under the usual font folders. No such font: a clear, bilingual error."""
    found = _fontconfig_cjk() or _known_cjk()
    if found is None:
        raise ChartImageError(
            "绘制图表图片需要含中文字形的字体，本机未找到。请安装：apt-get install fonts-noto-cjk\n"
            "Drawing the chart images needs a font with Chinese glyphs, and none was found on this machine. "
            "Install one: apt-get install fonts-noto-cjk")
    return found


def _fontconfig_cjk() -> tuple[str, str] | None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    run = subprocess.run([fc_match, "-f", "%{file}\t%{family[0]}\t%{lang}", "sans-serif:lang=zh-cn"],
                         capture_output=True, text=True, timeout=30)
    file, _, rest = run.stdout.partition("\t")
    family, _, langs = rest.partition("\t")
    # fc-match always answers with some font: it is a CJK one only if it covers Chinese.
    if run.returncode == 0 and file and Path(file).is_file() and "zh-cn" in langs.split("|"):
        return file, family
    return None


def _known_cjk() -> tuple[str, str] | None:
    for name, family in _KNOWN_CJK:
        for folder in _FONT_DIRS:
            hits = sorted(glob.glob(f"{folder}/**/{name}", recursive=True))
            if hits:
                return hits[0], family
    return None
