"""The shard plugin: what one engine build of one shard needs beyond the engine itself.

The adapter (generator/engine/__init__.py) adds an instance to each shard's configuration
(no `hooks:` in mkdocs.yml, no file loaded by path). Everything a page needs from the
rest of the site comes from the generated tree (generator/generate.py): its front matter
(language, twin-language links, "edit this"), the manifest (site URL, CSP) and the
chart SVGs; the plugin never sees the dataset.

- on_config: the static templates only the portal shards write (404.html, one per language) or
  none does (sitemap.xml, written over all pages by the finish stage).
- on_template_context, on_post_build: the 404 page in its shard's language, the English one under en/.
- on_env: our theme overrides autoescaped; compiled templates cached; the `asset` filter
  (fingerprinted names); the CSP for the <meta> element.
- on_files: ECharts and fingerprinted names for our scripts and styles; only the assets
  shard publishes the theme's files (the others would write the same bytes again).
- on_nav: the language's home page as the shard's home page.
- on_page_context: the language switch and "edit this" from the page's front matter.
- on_post_page: the chart SVGs placed, Material's markup made valid HTML.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage

from ..paths import THEME
from ..site import chart_svg
from ..site.i18n import DEFAULT_LANG, HTML_LANG, LANGS, other, rules, t, url_prefix
from ..site.jinja_cache import template_cache
from . import assets
from .html_fixes import fix_html

# The site's own ECharts build (only the charts and components it uses: tools/echarts/entry.js),
# made by `make setup` (npm ci, then `npm run build:echarts`) from the pinned echarts package.
ECHARTS = chart_svg.BUNDLE  # the same file draws the static SVGs at build time
ECHARTS_URI = "assets/vendor/echarts.min.js"


class EngineSetupError(Exception):
    pass


def _is_our_template(name: str | None) -> bool:
    """Templates from theme/ (our overrides) are autoescaped; Material's own are not,
    because they print MkDocs' HTML (page content, titles, the table of contents) as-is."""
    return bool(name) and (THEME / name).is_file()  # type: ignore[operator]


class _ChartSVGs(dict):
    """The drawn charts of the generated tree, read when a page names one."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def __missing__(self, key: str) -> str:
        svg = (self.folder / f"{key}.svg").read_text(encoding="utf-8")
        self[key] = svg
        return svg


class ShardPlugin(BasePlugin):
    def __init__(self, tree: Path, manifest: dict, shard: dict, *, publish_assets: bool, serving: bool = False,
                 build_id: str | None = None):
        super().__init__()
        self.build_id = build_id  # the shards of one build share their theme's listing (theme_files.py)
        self.tree = tree
        self.manifest = manifest
        self.shard = shard
        self.publish_assets = publish_assets
        self.serving = serving
        self.asset_names: dict[str, str] = {}
        self.svgs = _ChartSVGs(tree / "charts")

    def on_config(self, config):
        # One sitemap over every shard's pages is written by the finish stage; 404.html once.
        config.theme.static_templates.discard("sitemap.xml")
        if not self._writes_not_found_page():
            config.theme.static_templates.discard("404.html")
        # The language's home page, for the logo's link in shards without it.
        config.extra["homepage"] = url_prefix(self.shard["lang"]) or "./"
        return config

    def _writes_not_found_page(self) -> bool:
        """Each language's portal shard writes that language's 404 page: the assets shard (Chinese)
        at the site's root, the English portal under en/ (moved there in on_post_build), which the
        server sends for missing addresses under /en/ (deploy/nginx.conf)."""
        return self.shard["city"] is None

    def on_template_context(self, context, template_name: str, config):
        # Static templates (404.html) have no page: their language is the shard's.
        context["page_lang"] = self.shard["lang"]
        context["page_lang_code"] = HTML_LANG[self.shard["lang"]]
        return context

    def on_post_build(self, config):
        prefix = url_prefix(self.shard["lang"])
        if self._writes_not_found_page() and prefix:
            site = Path(config.site_dir)
            (site / prefix).mkdir(parents=True, exist_ok=True)
            (site / "404.html").replace(site / prefix / "404.html")

    def on_env(self, env, config, files: Files):
        # Every value our overrides print is escaped unless it is marked as HTML, which
        # happens in one place: `_mark_html` below. Jinja fixes autoescape per template
        # when it compiles it, so Material's templates keep their behaviour.
        # Asked at every template render (a file lookup each time): once per template per build.
        env.autoescape = functools.cache(_is_our_template)
        env.bytecode_cache = template_cache()  # warm builds and `serve` reuse compiled templates
        env.filters["asset"] = self._asset_name
        # The page's own copy of the server's Content-Security-Policy (generator/site/csp.py), for hosts that
        # send no headers. Not under `serve`: its live reload is an inline script the policy would block.
        env.globals["csp_policy"] = "" if self.serving else self.manifest["csp_policy"]
        env.globals["ui"] = interface_string
        # The rest of the catalogue's module for the theme: its language rules, and where each language lives.
        env.globals.update(rules=lambda lang: rules(_page_lang(lang)), url_prefix=lambda lang: url_prefix(_page_lang(lang)),
                           other_language=lambda lang: other(_page_lang(lang)), HTML_LANG=HTML_LANG)
        return env

    @pass_context  # a context filter is never folded into compiled (and cached) template code
    def _asset_name(self, context, path: str) -> str:
        """site.js → site.<hash>.js (assets.py). Jinja would compute a plain filter of a constant
        at compile time, and the bytecode cache would then serve another build's names."""
        return self.asset_names.get(path, path)

    def on_files(self, files: Files, config) -> Files:
        if not ECHARTS.is_file():
            raise EngineSetupError(
                f"ECharts is missing ({ECHARTS}). Run `make setup` "
                "(or `npm ci --ignore-scripts && npm run build:echarts`) to build it.")
        files.append(File.generated(config, ECHARTS_URI, abs_src_path=str(ECHARTS)))
        # The theme's sitemap template (taken out of the static templates in on_config) would
        # otherwise be copied as it is; the finish stage writes the site's sitemap, or none.
        for file in [f for f in files if f.src_uri in ("sitemap.xml", "sitemap.xml.gz") and not f.is_documentation_page()]:
            files.remove(file)
        # Material's source maps (*.map) are for debugging Material itself: no reader needs them,
        # they are the site's largest text files, and one quotes its development server's address
        # (127.0.0.1), which a build without SITE_URL must not contain (issue 16).
        for file in [f for f in files if f.src_uri.endswith(".map") and not f.is_documentation_page()]:
            files.remove(file)
        self.asset_names.update(assets.fingerprint(files, config, (THEME, ECHARTS)))
        if not self.publish_assets:
            # The theme's scripts, styles and images are the same in every shard: one shard
            # publishes them. The others only need their names (above) for their pages.
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
        return files

    def on_nav(self, nav: Navigation, config, files: Files) -> Navigation:
        home = url_prefix(self.shard["lang"]) + "index.md"
        nav.homepage = next((p for p in nav.pages if p.file.src_uri == home), None)
        return nav

    def on_page_context(self, context, page: MkPage, config, nav: Navigation):
        meta = page.meta
        lang = meta.get("lang") or self.shard["lang"]
        # This page in each language, for the language switch (theme/main.html). Links are
        # site-relative; the theme's `url` filter makes them page-relative. (Material's own
        # `extra.alternate` selector is not used: it expects links to language roots and
        # fetches sitemaps beside them.)
        context["alternates"] = meta.get("alternates", [])
        context["page_lang"] = lang
        context["page_lang_code"] = HTML_LANG[lang]
        context["page_origin"] = meta.get("origin")
        _mark_html(context, page)
        return context

    def on_post_page(self, output: str, page: MkPage, config) -> str:
        # Post-processing of finished HTML, each step needed there and only there:
        # - the static chart SVGs replace their placeholders after Markdown has seen the page,
        #   so that it does not parse thousands of SVG elements (generator/site/chart_svg.py);
        # - Material's partials write markup the Nu Html Checker rejects, in partials that are
        #   not template blocks: copying them to change one attribute would fork them (html_fixes.py).
        return fix_html(chart_svg.place(output, self.svgs))

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        """Static templates: 404.html (the reason is the same as for pages, above)."""
        return fix_html(output_content) if template_name.endswith(".html") else output_content


def interface_string(lang, key: str, **values) -> str:
    """`ui(page_lang, key)` in our theme templates: the string of the one catalogue
    (generator/site/i18n.py). A page without a language (404.html) gets the site's first."""
    return t(_page_lang(lang), key, **values)


def _page_lang(lang) -> str:
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


def _mark_html(context, page: MkPage) -> None:
    """The only values our autoescaped templates print as HTML: what MkDocs made HTML
    itself (the page body from Markdown, whose data parts were escaped by
    generator/site/pages.py, and the title, which the generate stage escaped)."""
    context["page_html"] = Markup(page.content or "")
    context["page_title_html"] = Markup(page.title or "")


def mkdocs_nav(entries: list[dict]) -> list:
    """The shard's navigation (generator/generate.py's data) as MkDocs's `nav` setting: pages
    by their source path, other shards' pages as links (site-relative URLs, which the
    theme's `url` filter makes page-relative)."""
    out: list = []
    for entry in entries:
        if "children" in entry:
            out.append({entry["title"]: mkdocs_nav(entry["children"])})
        elif "page" in entry:
            out.append({entry["title"]: entry["page"]} if entry.get("title") else entry["page"])
        else:
            out.append({entry["title"]: entry["url"]})
    return out


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
