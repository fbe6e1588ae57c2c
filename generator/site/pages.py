"""Stage 4: render each page of the site model to Markdown, through Jinja templates.

Data never becomes markup by accident: every value goes through ``mdesc``
(Markdown and HTML escaping) or Jinja's HTML autoescape inside HTML blocks.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from ..data import messages, sourcedoc
from . import api, charts, citation, downloads, feeds, fieldref, formatting, progress, sitemodel
from ..data import units
from .jinja_cache import template_cache
from ..paths import cache_dir
from .i18n import DOCUMENT_LANG, HTML_LANG, LANG_NAMES, RULES, other, rules, t, url_prefix
from .sitemodel import Page, SiteModel

if TYPE_CHECKING:
    from .context import BuildContext

TEMPLATES = Path(__file__).parent / "templates"
# The script embedding pages load to fit a chart's frame to its content (the handshake is
# described in it), published at this fixed path by the generate stage; and the frame's
# height in the embed snippet, for pages that do not load it (enough for a chart, its
# summary and its source line on a wide screen).
EMBED_SCRIPT = "embed-resize.js"
EMBED_SCRIPT_SOURCE = Path(__file__).parent / "static" / EMBED_SCRIPT
EMBED_HEIGHT = 560
_PLAIN_URL = re.compile(r"[A-Za-z0-9:/._~%-]+")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def mdesc(value: object) -> Markup:
    """Text safe to place anywhere in Markdown: shown literally, never interpreted."""
    text = str(escape(str(value)))  # & < > " ' become entities
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def page_url(src_uri: str) -> str:
    """The URL path MkDocs gives a page (directory URLs): a/b.md → a/b/, a/index.md → a/."""
    base = src_uri[: -len(".md")]
    if base == "index" or base.endswith("/index"):
        base = base[: -len("index")]
    else:
        base += "/"
    return base


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's relative paths, by its own steps but without making
    both paths absolute first (two getcwd calls: ≈50 µs a call, 0.2 s of CPU per build over a
    site's links); a path it would resolve against the working folder (absolute, or with
    "..") goes to posixpath.relpath itself. tests/test_pages_relpath.py compares the two."""
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    if path[:1] == "/" or start[:1] == "/" or ".." in to or ".." in here or not path or not start:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, here, strict=False):  # the common prefix ends with the shorter
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + to[common:]
    return "/".join(parts) if parts else "."


# Pure, and each pair recurs across pages and rebuilds under `serve`: memoised in the module.
_relpath = lru_cache(maxsize=65536)(relpath)


def relative_link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A link from one page to another that works wherever the site is hosted."""
    here = page_url(from_src)
    there = page_url(to_src)
    rel = _relpath(there or ".", here or ".")
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


# One per cache folder (one per process, but for tests that point builds at their own): it holds
# no build's state (render passes the build's chart requests), and Jinja reloads an edited template.
@lru_cache(maxsize=2)
def _environment(cache: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # HTML blocks; Markdown text goes through |md
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(cache),
    )
    env.filters["md"] = mdesc
    env.filters["num"] = formatting.number
    from .finder import finder_data, finder_text, standard_line
    env.globals["finder_line"] = standard_line
    env.globals["finder_data"] = finder_data
    env.globals["finder_text"] = finder_text
    env.globals.update(
        fmt=formatting,
        charts=charts,
        downloads=downloads,
        progress=progress,
        api=api,
        feeds=feeds,
        fieldref=fieldref,
        messages=messages,
        units=units,
        site=sitemodel,
        anchor_for=sourcedoc.anchor_for,
        source_blocks=sourcedoc.blocks,
        LANG_NAMES=LANG_NAMES,
        HTML_LANG=HTML_LANG,
        RULES=RULES,  # the language rules (i18n.py) for macros, which do not see the page's `rules`
        DOCUMENT_LANG=DOCUMENT_LANG,
        embed_script=EMBED_SCRIPT,
        embed_height=EMBED_HEIGHT,
    )
    return env


def render_fragment(template: str, src_uri: str, model: SiteModel, ctx: BuildContext | None = None) -> str:
    """A generated part of a hand-written page (src_uri is that page)."""
    lang = "en" if src_uri.startswith("en/") else "zh"
    page = Page(lang, src_uri[len(url_prefix(lang)):], template, "", {"dataset": model.dataset})
    return render(page, model, ctx)


def render(page: Page, model: SiteModel, ctx: BuildContext | None = None) -> str:
    """The page's Markdown. The build's context gives the site URL (SITE_URL), which makes
    permalinks, embed code and citations absolute (without it they say the address is not set),
    the build date (the citations' access date), and the build's own chart requests: the
    templates' `chart_svg` and `chart_images`. Without a context (a page alone, in a test) there
    is no site URL, and a page that draws a chart cannot be rendered."""
    site_url, built = (ctx.site_url, ctx.built) if ctx is not None else ("", "")
    per_build = {"chart_svg": ctx.charts.placeholder, "chart_images": ctx.images.indicator_images} if ctx is not None else {}
    lang = page.lang
    src = page.src_uri

    def permalink(path: str) -> str:
        """A page's absolute address; "" without a site URL (there is none to give)."""
        return site_url.rstrip("/") + "/" + page_url(url_prefix(lang) + path) if site_url else ""

    def cite() -> citation.Citation:
        assert page.cite is not None, f"{page.src_uri} is not citable"
        title, source = page.cite
        return citation.Citation(citation.citation_key(page.path), lang, title, t(lang, "site_name"),
                                 permalink(page.path), built or _today(), source)

    def link(path: str, anchor: str = "") -> str:
        return relative_link(src, url_prefix(lang) + path, anchor)

    def mdlink(path: str, anchor: str = "") -> str:
        """A Markdown link to another page: its URL, relative to this page. Not the page's
        source (a.md), which the engine would rewrite: the page may be in another shard,
        which the engine does not see (links are checked over the merged site instead)."""
        return link(path, anchor)

    def file_link(path: str) -> str:
        """A link to a non-page file (a download), relative to this page's URL."""
        return _relpath(path, page_url(src).rstrip("/") or ".")

    def file_url(path: str) -> str:
        """A published file's full URL (for examples to copy: curl, pandas, R); site-relative without a site URL.
        Shown in code blocks, where Markdown decodes no entity: plain URL characters only, else escaped."""
        url = (site_url.rstrip("/") + "/" if site_url else "/") + path
        return Markup(url) if _PLAIN_URL.fullmatch(url) else escape(url)

    def tr(key: str, **kwargs) -> str:
        return t(lang, key, **kwargs)

    template = _environment(ctx.cache_dir if ctx is not None else cache_dir()).get_template(page.template)
    body = template.render(
        page=page, lang=lang, other_lang=other(lang), t=tr, rules=rules(lang), cite=cite, site_url=site_url, link=link, mdlink=mdlink, file_link=file_link, file_url=file_url, permalink=permalink, model=model,
        site_root=_relpath(".", page_url(src).rstrip("/") or ".") + "/",
        **per_build,
        **page.context,
    )
    return body


def _today() -> str:
    from ..settings import build_datetime
    return build_datetime().strftime("%Y-%m-%d")
