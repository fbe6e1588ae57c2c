"""Stage 5: MkDocs hooks — the generator's pages, navigation and languages inside MkDocs.

Registered in mkdocs.yml under `hooks:`, so plain `mkdocs build` and
`mkdocs serve` run the whole pipeline, and `serve` reloads when data changes.

- on_config: load and validate data/ (stop with the located error list), set the nav.
- on_files: add the generated pages and the ECharts library as files.
- on_nav / on_page_context: give each page the navigation of its own language,
  and the URL of the same page in the other language.
- on_post_build: split the search index by language.
- on_serve: watch data/ and the page templates.
"""

from __future__ import annotations

import html
import json
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage

import jieba
from jinja2 import pass_context
from markupsafe import Markup

ROOT = Path(__file__).resolve().parent.parent
# MkDocs loads a hook file as a lone module, not as part of its package.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import assets, chart_svg, changes, confine, csp, downloads, feeds, incremental  # noqa: E402
from generator.build import mark_as_built, refuse_unsafe_mkdocs_site_dir  # noqa: E402
from generator.errors import DataErrors  # noqa: E402
from generator.i18n import DEFAULT_LANG, HTML_LANG, LANG_NAMES, LANGS, url_prefix  # noqa: E402
from generator.pages import page_url, render, render_fragment  # noqa: E402
from generator import gitinfo  # noqa: E402
from generator.sitemodel import SiteModel, build_site_model, origin_of  # noqa: E402
from generator.validate import load_dataset_cached  # noqa: E402
# The site's own ECharts build (only the charts and components it uses: tools/echarts/entry.js),
# made by `make setup` (npm ci, then `npm run build:echarts`) from the pinned echarts package.
ECHARTS = chart_svg.BUNDLE  # the same file draws the static SVGs at build time
ECHARTS_URI = "assets/vendor/echarts.min.js"
log = logging.getLogger("mkdocs.generator")
jieba.setLogLevel(logging.WARNING)  # its start-up chatter is not the webmaster's concern

_cache: dict[str, object] = {}
_navs: dict[str, Navigation] = {}


def data_root(config) -> Path:
    """Where data/ lives: the project, unless a build points elsewhere (tests, previews)."""
    return Path(config.extra.get("data_root") or ROOT)


def site_model(config) -> SiteModel:
    """The site model of this build: computed in on_config, reused by every later event."""
    root = data_root(config)
    if _cache.get("root") != str(root) or _cache.get("dataset") is None:
        _refresh(root)
    return _cache["model"]  # type: ignore[return-value]


def _refresh(root: Path) -> None:
    try:
        dataset = load_dataset_cached(root)
    except DataErrors as exc:
        _cache.clear()
        raise PluginError(exc.report()) from None
    if _cache.get("dataset") is not dataset:
        model = build_site_model(dataset)
        # What changed, from git: each commit is compared once and remembered in .cache/.
        model.history = changes.history(root, cache_dir=ROOT / ".cache" / "changes")
        _cache.update(root=str(root), dataset=dataset, model=model)


def lang_of(src_uri: str) -> str:
    for lang in LANGS:
        prefix = url_prefix(lang)
        if prefix and src_uri.startswith(prefix):
            return lang
    return DEFAULT_LANG


def twin_uri(src_uri: str, lang: str) -> str:
    """The same page in another language: index.md ↔ en/index.md."""
    bare = src_uri[len(url_prefix(lang_of(src_uri))):]
    return url_prefix(lang) + bare


# ---- events ---------------------------------------------------------------


_build_state: dict[str, object] = {}


@event_priority(100)  # before the search plugin reads its jieba settings
def on_config(config):
    root = data_root(config)
    # Plain `mkdocs build -d X` empties X first: the same folders as site_build.py refuses are refused here.
    refuse_unsafe_mkdocs_site_dir(config, root)
    # What MkDocs copies into the site: the pages folder and the theme's overrides.
    docs = Path(config.docs_dir)
    refused = confine.symbolic_links(ROOT, [docs, Path(config.theme.custom_dir or docs)])
    refused += confine.content_problems(ROOT, docs)
    if refused:
        raise PluginError(DataErrors(refused).report())
    _refresh(root)  # once per build: picks up edited data under `serve`
    model = site_model(config)
    _build_state["last_changed"] = gitinfo.last_changed(root, gitinfo.head_sha(root))
    config.nav = _html_titles(model.nav)
    _use_search_dictionary(config)
    return config


def _use_search_dictionary(config) -> None:
    """Point Material's search at our jieba user dictionary (data/search/), by absolute
    path, so that compounds such as 收听广播 are indexed as 收听 + 广播."""
    words = data_root(config) / "data" / "search" / "jieba-user-dict.txt"
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and words.is_file():
        search.config["jieba_dict_user"] = str(words)


def on_startup(command: str, dirty: bool) -> None:
    incremental.enable(dirty and command == "serve")
    _build_state["serving"] = command == "serve"


THEME = ROOT / "theme"


def _is_our_template(name: str | None) -> bool:
    """Templates from theme/ (our overrides) are autoescaped; Material's own are not,
    because they print MkDocs' HTML (page content, titles, the table of contents) as-is."""
    return bool(name) and (THEME / name).is_file()  # type: ignore[operator]


def on_env(env, config, files: Files):
    # Every value our overrides print is escaped unless it is marked as HTML, which
    # happens in one place: `_mark_html` below. Jinja fixes autoescape per template
    # when it compiles it, so Material's templates keep their behaviour.
    env.autoescape = _is_our_template
    env.bytecode_cache = incremental.template_cache()  # warm builds and `serve` reuse compiled templates
    env.filters["asset"] = _asset_name
    # The page's own copy of the server's Content-Security-Policy (generator/csp.py), for hosts that send
    # no headers. Not under `serve`: MkDocs' live reload is an inline script the policy would block.
    try:
        env.globals["csp_policy"] = "" if _build_state.get("serving") else csp.meta_policy()
    except csp.PolicyNotFound as exc:
        raise PluginError(str(exc)) from None
    return env


@pass_context  # a context filter is never folded into compiled (and cached) template code
def _asset_name(context, path: str) -> str:
    """site.js → site.<hash>.js (generator/assets.py). Jinja would compute a plain filter of a
    constant at compile time, and the bytecode cache would then serve last build's names."""
    return _build_state.get("assets", {}).get(path, path)


def on_files(files: Files, config) -> Files:
    model = site_model(config)
    contents = [_with_front_matter(page, render(page, model, config.site_url or "")) for page in model.pages]
    try:
        _build_state["chart_svgs"] = chart_svg.draw(contents)  # every chart's static SVG, one Node run
    except chart_svg.ChartDrawingError as exc:
        raise PluginError(str(exc)) from None
    generated, fingerprints = [], {}
    for page, content in zip(model.pages, contents):
        generated.append(File.generated(config, page.src_uri, content=content))
        if incremental.is_dirty():  # only `serve` compares builds
            fingerprints[page.src_uri] = incremental.page_fingerprint(content, origin_of(page))
    # Under `serve --dirty`, pages whose Markdown and data location did not change are not rebuilt.
    unchanged = incremental.unchanged_pages(ROOT, config.nav, fingerprints)
    for file in generated:
        if file.src_uri in unchanged:
            file.is_modified = lambda: False  # type: ignore[method-assign]
        files.append(file)
    if not ECHARTS.is_file():
        raise PluginError(
            f"ECharts is missing ({ECHARTS.relative_to(ROOT)}). Run `make setup` "
            "(or `npm ci --ignore-scripts && npm run build:echarts`) to build it."
        )
    files.append(File.generated(config, ECHARTS_URI, abs_src_path=str(ECHARTS)))
    _build_state["assets"] = assets.fingerprint(files, config, (ROOT / "theme", ECHARTS))
    for path, content in downloads.all_files(model.dataset).items():
        files.append(File.generated(config, path, content=content))
    for lang in LANGS:
        for city in (None, *(c.city.id for c in model.dataset.cities)):
            xml = feeds.atom(model.history, lang, config.site_url or "", city,
                             updated_fallback=_build_date())
            files.append(File.generated(config, feeds.feed_path(lang, city), content=xml))
    _build_state["page_urls"] = [f.url for f in files.documentation_pages()]
    if incremental.is_dirty():
        # Hand-written pages (a dozen) are always rebuilt: they show the navigation and
        # generated parts (the home page's audience chooser), which their file dates do not know of.
        for file in files.documentation_pages():
            if not file.generated_by:
                file.is_modified = lambda: True  # type: ignore[method-assign]
    return files


def _build_date() -> str:
    """The build time for feeds without entries; SOURCE_DATE_EPOCH makes builds reproducible."""
    from mkdocs.utils import get_build_datetime

    return get_build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_front_matter(page, body: str) -> str:
    meta = {"title": _html_text(page.title)}  # MkDocs and the theme treat titles as HTML
    if 'class="chart"' in body:
        meta["charts"] = True
    if 'id="finder"' in body:
        meta["finder"] = True
    if page.template in ("source.md.j2", "embed.md.j2"):
        meta["search"] = {"exclude": True}  # the plan's full text would drown every search; embeds repeat pages
    if page.template == "embed.md.j2":
        meta["template"] = "embed.html"
    if page.cite:
        meta["cite"] = page.cite  # plain text: theme/main.html escapes it
    # JSON is valid YAML, and json.dumps quotes any character YAML would misread.
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    return f"---\n{front}\n---\n\n{body}"



def _html_text(text: str) -> str:
    """Data text as HTML text. MkDocs's page and nav titles are HTML (its own come
    from rendered headings), printed unescaped by the theme: <, > and & in data
    must become entities. Quotes may stay: titles go into attributes only via `| e`."""
    return html.escape(text, quote=False)


def _html_titles(nav: list) -> list:
    """The nav with every title (city, domain names from data) as HTML text."""
    return [
        entry if isinstance(entry, str)  # a bare page path: MkDocs takes its title from the page
        else {_html_text(k): (_html_titles(v) if isinstance(v, list) else v) for k, v in entry.items()}
        for entry in nav
    ]


GENERATED_MARKER = "<!-- generated:audiences -->"


def on_page_markdown(markdown: str, page: MkPage, config, files: Files) -> str:
    """Hand-written pages may ask for generated parts (the audience chooser on the home page)."""
    if GENERATED_MARKER in markdown:
        part = render_fragment("_audience_chooser.md.j2", page.file.src_uri, site_model(config))
        markdown = markdown.replace(GENERATED_MARKER, part)
    return markdown


def on_nav(nav: Navigation, config, files: Files) -> Navigation:
    """Each language's section becomes that language's whole navigation."""
    _navs.clear()
    for section, lang in zip(nav.items, LANGS):
        assert isinstance(section, Section)
        for child in section.children:
            child.parent = None  # breadcrumbs stop at the language
        pages = [p for p in nav.pages if p.file.src_uri.startswith(url_prefix(lang)) and lang_of(p.file.src_uri) == lang]
        for prev, page in zip([None, *pages], pages):
            page.previous_page = prev
            if prev is not None:
                prev.next_page = page
        if pages:
            pages[-1].next_page = None
        lang_nav = Navigation(section.children, pages)
        lang_nav.homepage = next((p for p in pages if p.file.src_uri == url_prefix(lang) + "index.md"), None)
        _navs[lang] = lang_nav
    return nav


def on_page_context(context, page: MkPage, config, nav: Navigation):
    lang = lang_of(page.file.src_uri)
    if lang in _navs:
        context["nav"] = _navs[lang]
    # This page in each language, for <link rel="alternate" hreflang> and the
    # language switch (theme/main.html). Links are site-relative; the theme's
    # `url` filter makes them page-relative. (Material's own `extra.alternate`
    # selector is not used: it expects links to language roots and fetches
    # sitemaps beside them.)
    context["alternates"] = [
        {"name": LANG_NAMES[other], "lang": HTML_LANG[other], "link": page_url(twin_uri(page.file.src_uri, other)) or "./"}
        for other in LANGS
    ]
    context["page_lang"] = lang
    context["page_lang_code"] = HTML_LANG[lang]
    context["page_origin"] = _origin(page, config)
    _mark_html(context, page)
    return context


def _mark_html(context, page: MkPage) -> None:
    """The only values our autoescaped templates print as HTML: what MkDocs made HTML
    itself (the page body from Markdown, whose data parts were escaped by
    generator/pages.py, and the title, which `_html_text` escaped)."""
    context["page_html"] = Markup(page.content or "")
    context["page_title_html"] = Markup(page.title or "")


def _origin(page: MkPage, config) -> dict:
    """Where the page's facts are edited, and when they last changed (git, or the build date)."""
    model = site_model(config)
    spec = model.page_by_uri.get(page.file.src_uri)
    file, line = origin_of(spec) if spec is not None else (f"content/{page.file.src_uri}", 0)
    changed = _build_state["last_changed"]
    dates = [d for path, d in changed.items() if path == file or path.startswith(file.rstrip("/") + "/")]
    repo = (config.extra.get("repository") or "").rstrip("/")
    branch = config.extra.get("repository_branch") or "main"
    is_file = "." in file.rsplit("/", 1)[-1]
    return {
        "file": file,
        "line": line,
        "edit_url": f"{repo}/edit/{branch}/{file}" if repo and is_file else (f"{repo}/tree/{branch}/{file}" if repo else ""),
        "view_url": f"{repo}/blob/{branch}/{file}#L{line}" if repo and is_file and line else "",
        "updated": max(dates) if dates else "",
    }


def on_post_page(output: str, page: MkPage, config) -> str:
    return chart_svg.place(output, _build_state.get("chart_svgs", {}))


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config) -> None:
    split_search_index(Path(config.site_dir), _build_state.get("page_urls"))
    mark_as_built(Path(config.site_dir))  # so that the next build may replace this folder


# The whole index of one language; search/search_index.json is a stub pointing at it.
FULL_SEARCH_INDEX = "search_index.full.json"


def split_search_index(site_dir: Path, page_urls: list[str] | None = None) -> None:
    """One search index per language, so each language searches only its own pages,
    loaded only when someone searches (the stub is what Material fetches on page load)."""
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if page_urls is not None:  # a dirty build indexed only the pages it rebuilt
        index["docs"] = incremental.complete_search_docs(index["docs"], page_urls)
    for lang in LANGS:
        prefix = url_prefix(lang)
        docs = [d for d in index["docs"] if lang_of(d["location"].split("#")[0] + "x") == lang]
        if prefix:
            docs = [{**d, "location": d["location"][len(prefix):]} for d in docs]
        config = dict(index["config"])
        config["lang"] = ["zh", "en"] if lang == "zh" else ["en"]
        folder = site_dir / prefix / "search"
        folder.mkdir(parents=True, exist_ok=True)
        write_json(folder / FULL_SEARCH_INDEX, {"config": config, "docs": docs})
        # What every page fetches: the config and where the full index is, which
        # theme/assets/javascripts/workers/search-on-demand.js loads on the first query.
        stub_config = {**config, "full_index": f"{prefix}search/{FULL_SEARCH_INDEX}"}
        write_json(folder / "search_index.json", {"config": stub_config, "docs": []})


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_serve(server, config, builder):
    server.watch(str(data_root(config) / "data"))
    server.watch(str(ROOT / "generator" / "templates"))
    return server
