"""Stage 2: the generate stage — from the validated dataset, an engine-neutral tree.

    OUT/manifest.json            settings the engine needs (site URL, CSP), the shards, every page
    OUT/shards/<id>/nav.json     the shard's navigation, as data
    OUT/shards/<id>/docs/…       the shard's pages: Markdown with front matter, at their site paths
    OUT/charts/<key>.svg         the static chart SVGs the pages' placeholders name
    OUT/static/…                 files published as they are: downloads, the JSON API (api/v1/), feeds
    OUT/search/synonyms.json     the search synonyms (data/search/synonyms.yml), for the finish stage

Pure Python (no engine is imported) and deterministic: the same data, content/ and
code give the same bytes. Files whose bytes did not change are not rewritten, and
files no longer generated are removed, so `serve` can tell which shards an edit touched.

A shard is a group of pages rendered as one engine build with its own, bounded
navigation: the portal of each language (home, finder, compare, glossary, guide,
changes, about: the hand-written pages and the cross-city pages) and each city in
each language. Every page carries in its front matter what the engine would
otherwise need the whole site for: its title, language, city, kind, the data file
and line it shows ("edit this"), and its twin in the other language; and what the
search index needs (`search`: the city names and the kind of page, in the page's
language, shown in results and offered as filters; or `exclude`).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .data import confine
from .data.errors import DataErrors
from .data.schema import City
from .data.validate import load_dataset_cached
from .paths import CONTENT, PROJECT, THEME, cache_dir
from .site import api, changes, chart_images, csp, downloads, feeds, gitinfo, metadata
from .site.context import BuildContext
from .site.i18n import DEFAULT_LANG, HTML_LANG, LANG_NAMES, LANGS, t, url_prefix
from .site.pages import EMBED_SCRIPT, EMBED_SCRIPT_SOURCE, page_url, relative_link, render, render_fragment
from .site import sitemodel
from .site.sitemodel import Page, SiteModel, build_site_model, city_path

MANIFEST = "manifest.json"
GENERATED_MARKER = "<!-- generated:audiences -->"
SECTIONS_MARKER = "<!-- generated:sections -->"  # the search page's list of sections (content/search.md)
SYNONYMS = "search/synonyms.json"
# Other cities are listed (as one link each) in a city's navigation up to this many cities;
# beyond, the navigation links to the portal's list of cities instead, so that a page's
# navigation does not grow with the number of cities (issue 13).
MAX_LISTED_CITIES = 12


@dataclass
class Shard:
    id: str
    lang: str
    city: str | None  # None: the portal of this language
    pages: list[str] = field(default_factory=list)  # src_uris

    @property
    def folder(self) -> str:
        return f"shards/{self.id}"


def shard_id(lang: str, city: str | None) -> str:
    return f"city-{city}-{lang}" if city else f"portal-{lang}"


def lang_of(src_uri: str) -> str:
    for lang in LANGS:
        prefix = url_prefix(lang)
        if prefix and src_uri.startswith(prefix):
            return lang
    return DEFAULT_LANG


def twin_uri(src_uri: str, lang: str) -> str:
    """The same page in another language: index.md ↔ en/index.md."""
    return url_prefix(lang) + src_uri[len(url_prefix(lang_of(src_uri))):]


class _Tree:
    """Writes the generated tree: only files whose bytes changed; removes the rest at the end."""

    def __init__(self, out: Path):
        self.out = out
        self.written: set[str] = set()
        self.changed: set[str] = set()

    def write(self, rel: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self.out / rel
        self.written.add(rel)
        if path.is_file() and path.read_bytes() == raw:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(raw)
        tmp.replace(path)
        self.changed.add(rel)

    def prune(self) -> None:
        for path in sorted(self.out.rglob("*"), reverse=True):
            rel = path.relative_to(self.out).as_posix()
            if path.is_file() and rel not in self.written:
                path.unlink()
                self.changed.add(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def generate(root: Path, out: Path) -> dict:
    """Write the tree for the data under `root` into `out`; return the manifest, with
    `changed`: the tree's files (relative paths) that this run wrote or removed."""
    dataset = load_dataset_cached(root)  # raises DataErrors before anything is written
    content = root / "content" if (root / "content").is_dir() else CONTENT
    # The hand-written pages and the theme come in pull requests too: checked as `validate` does.
    refused = confine.symbolic_links(content.parent, [content]) + confine.symbolic_links(PROJECT, [THEME])
    refused += confine.content_problems(content.parent, content)
    if refused:
        raise DataErrors(refused)
    # Everything this build reads once and collects (its chart requests, its images): made here,
    # passed down, dropped at the end; nothing of it outlives the build (generator/site/context.py).
    ctx = BuildContext.start(root, dataset, cache_dir())
    model = build_site_model(dataset)
    model.history = changes.history(root, cache_dir=ctx.cache_dir / "changes")
    site_url = ctx.site_url
    dates = gitinfo.last_changed(root, gitinfo.head_sha(root))
    out.mkdir(parents=True, exist_ok=True)
    tree = _Tree(out)

    shards = {shard_id(lang, None): Shard(shard_id(lang, None), lang, None) for lang in LANGS}
    for lang in LANGS:
        for city in dataset.cities:
            sid = shard_id(lang, city.city.id)
            shards[sid] = Shard(sid, lang, city.city.id)

    built = ctx.built  # the citations' access date
    # The files published as they are (written below), first: the Data page lists their sizes.
    published = {**downloads.all_files(dataset, site_url), **api.all_files(dataset, site_url)}
    model.file_sizes = {path: len(content.encode("utf-8")) for path, content in published.items()}
    model.data_updated = max((d for path, d in dates.items() if path.startswith("data/")), default=built)

    # Generated pages: Markdown from the page templates, with chart placeholders.
    bodies = [render(page, model, ctx) for page in model.pages]
    image_charts = ctx.images.chart_keys()
    # Every chart's static SVG and the images' charts: drawn by Node, cached in the cache folder's chart-svg/.
    svgs = ctx.charts.draw(bodies, also=image_charts)
    for key, svg in sorted(svgs.items()):
        if key not in image_charts:
            tree.write(f"charts/{key}.svg", svg)
    # The indicator charts' SVG and PNG downloads (also the pages' og:image), cached in the cache folder's chart-png/.
    for image_path, data in ctx.images.files(svgs).items():
        tree.write(f"static/{image_path}", data)
        model.file_sizes[image_path] = len(data)
    # The Data page again, now that the chart images' sizes are known (it draws no chart).
    bodies = [render(page, model, ctx) if page.template == "data.md.j2" else body
              for page, body in zip(model.pages, bodies, strict=True)]
    metas: dict[str, dict] = {}
    for page, body in zip(model.pages, bodies, strict=True):
        city_id = page.context["city"].city.id if "city" in page.context else None
        shard = shards[shard_id(page.lang, city_id)]
        meta = _page_meta(ctx, page.src_uri, page.title, city_id, page.template.removesuffix(".md.j2"), sitemodel.origin_of(page), dates)
        meta.update(_template_meta(page, body))
        meta["head_title"] = metadata.head_title(page)  # plain text: theme/main.html escapes it
        description = metadata.description(page, body)
        # Material prints the description into an attribute as it is (its templates are not autoescaped).
        meta["description"] = html.escape(description, quote=True)
        meta.update(_social_meta(ctx, page, description))
        meta["search"] = meta.get("search") or _search_meta(page)
        meta["feeds"] = _feed_links(page.lang, page.context["city"].city if "city" in page.context else None)
        metas[page.src_uri] = meta
        shard.pages.append(page.src_uri)
        tree.write(f"{shard.folder}/docs/{page.src_uri}", _with_front_matter(meta, body))

    # Hand-written pages (content/ beside data/, else the project's): the portal's, with the same front matter.
    for path in sorted(content.rglob("*.md")):
        src_uri = path.relative_to(content).as_posix()
        lang = lang_of(src_uri)
        shard = shards[shard_id(lang, None)]
        front, body = _split_front_matter(path.read_text(encoding="utf-8"))
        if GENERATED_MARKER in body:
            body = body.replace(GENERATED_MARKER, render_fragment("_audience_chooser.md.j2", src_uri, model, ctx))
        body = _md_links_to_urls(body, src_uri)
        title = front.pop("title", "") or _first_heading(body)
        if SECTIONS_MARKER in body:
            body = body.replace(SECTIONS_MARKER, render_fragment("_sections.md.j2", src_uri, model, ctx))
        meta = _page_meta(ctx, src_uri, title, None, "content", (f"content/{src_uri}", 0), dates, html_title=False)
        meta["search"] = {"kind": t(lang, "kind_page"), "cities": []}
        meta["feeds"] = _feed_links(lang, None)
        meta["description"] = html.escape(metadata.describe_page(title, lang, dataset), quote=True)
        meta.update(front)
        metas[src_uri] = meta
        shard.pages.append(src_uri)
        tree.write(f"{shard.folder}/docs/{src_uri}", _with_front_matter(meta, body))

    for shard in shards.values():
        shard.pages.sort()
        tree.write(f"{shard.folder}/nav.json", _json(shard_nav(model, shard, {uri: m["title"] for uri, m in metas.items()})))

    # Files published as they are.
    for path_in_site, payload in published.items():
        tree.write(f"static/{path_in_site}", payload)
    # The embedding pages' script (its fixed address is in every embed snippet).
    tree.write(f"static/{EMBED_SCRIPT}", EMBED_SCRIPT_SOURCE.read_bytes())
    build_date = ctx.build_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    for lang in LANGS:
        for city_id, city_name in ((None, ""), *((c.city.id, c.city.name[lang]) for c in dataset.cities)):
            tree.write(f"static/{feeds.feed_path(lang, city_id)}",
                       feeds.atom(model.history, lang, site_url, city_id, city_name, updated_fallback=build_date))
    tree.write(f"static/{feeds.STYLESHEET_PATH}", feeds.stylesheet())
    # The search synonyms, checked with the rest of data/ (schema.SynonymsFile): used by the
    # finish stage, which indexes the finished pages (generator/finish/search.py). No shard reads them.
    tree.write(SYNONYMS, _json({lang: getattr(dataset.synonyms, lang) for lang in LANGS}))

    manifest = {
        "site_url": site_url,
        "csp_policy": csp.meta_policy(),
        "shards": [{"id": s.id, "lang": s.lang, "city": s.city, "pages": len(s.pages)} for s in shards.values()],
        "pages": [{"src_uri": uri, "url": page_url(uri), "lang": lang_of(uri), "shard": s.id,
                   "search": not (metas[uri].get("search") or {}).get("exclude", False)}
                  for s in shards.values() for uri in s.pages],
    }
    tree.write(MANIFEST, _json(manifest))
    tree.prune()
    return {**manifest, "changed": sorted(tree.changed)}


def changed_shards(manifest: dict) -> set[str]:
    """The shards whose inputs a generate run changed (pages, navigation, charts they show)."""
    changed = manifest["changed"]
    # The manifest (site URL, policy, the list of pages) shapes every shard; the search synonyms
    # none (the finish stage uses them). A chart is named by its content's hash in its page, so a
    # new chart changes its page.
    if MANIFEST in changed:
        return {s["id"] for s in manifest["shards"]}
    return {rel.split("/")[1] for rel in changed if rel.startswith("shards/")}


# ---- front matter ---------------------------------------------------------------


def _page_meta(ctx: BuildContext, src_uri: str, title: str, city: str | None, kind: str, origin: tuple[str, int],
               dates: dict[str, str], html_title: bool = True) -> dict[str, Any]:
    lang = lang_of(src_uri)
    file, line = origin
    # MkDocs and the theme treat titles as HTML (its own come from rendered headings): data text is escaped.
    meta: dict[str, Any] = {"title": _html_text(title) if html_title else title, "lang": lang}
    if city:
        meta["city"] = city
    meta["kind"] = kind
    meta["origin"] = _origin(ctx, file, line, dates)
    meta["twin"] = {other: page_url(twin_uri(src_uri, other)) or "./" for other in LANGS if other != lang}
    # This page in each language, for the language switch (theme/main.html): site-relative links.
    meta["alternates"] = [{"name": LANG_NAMES[other], "lang": HTML_LANG[other],
                           "link": page_url(twin_uri(src_uri, other)) or "./"} for other in LANGS]
    return meta


def _feed_links(lang: str, city: City | None) -> list[dict[str, str]]:
    """The Atom feeds a page offers to feed readers (theme/main.html: <link rel="alternate feed">):
    the site's changes, and on a city's pages that city's, in the page's language."""
    links = [{"title": feeds.feed_title(lang), "href": feeds.feed_path(lang)}]
    if city is not None:
        links.append({"title": feeds.feed_title(lang, city.name[lang]), "href": feeds.feed_path(lang, city.id)})
    return links


def _template_meta(page: Page, body: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if 'class="chart"' in body:
        meta["charts"] = True
    if 'id="finder"' in body:
        meta["finder"] = True
    if page.template in ("source.md.j2", "document.md.j2", "embed.md.j2", "compare_embed.md.j2"):
        # A document's full text (a plan, a notice) would drown every search in its quotes; embeds repeat pages.
        meta["search"] = {"exclude": True}
    elif page.template == "compare.md.j2":
        # A comparison repeats the indicator pages of each city: found, but after them.
        meta["search"] = {**_search_meta(page), "weight": COMPARE_WEIGHT}
    if page.template == "item.md.j2":
        meta["read_aloud"] = True  # service pages offer "read aloud" (theme/main.html, site.js)
    if page.template in ("embed.md.j2", "compare_embed.md.j2"):
        meta["template"] = "embed.html"
    # The page's JSON document (generator/site/api.py), linked from its <head> by theme/main.html.
    if page.template == "item.md.j2":
        meta["json"] = api.item_file(page.context["city"].city.id, page.context["item"].id)
    elif page.template == "indicator.md.j2":
        meta["json"] = api.indicator_file(page.context["city"].city.id, page.context["indicator"].id)
    return meta


def _social_meta(ctx: BuildContext, page: Page, description: str) -> dict[str, Any]:
    """Open Graph and Twitter card values (theme/main.html), only where SITE_URL is set: they need
    absolute addresses, and a preview pointing at 127.0.0.1 helps no one. Indicator pages show
    their chart's PNG (generator/site/chart_images.py)."""
    site_url = ctx.site_url
    if not site_url:
        return {}
    social = {"title": metadata.head_title(page), "description": description, "url": site_url + page_url(page.src_uri)}
    if page.template == "indicator.md.j2":
        ind, city = page.context["indicator"], page.context["city"]
        image = chart_images.image_path(city.city.id, ind.id, page.lang, "png")
        if ctx.images.exists(image):  # no chart (no number at all): no image
            social["image"] = site_url + image
            social["image_alt"] = metadata.head_title(page)
    return {"social": social}


# What a search result says a page is (and the search's "kind" filter), by page template.
_SEARCH_KINDS = {"city.md.j2": "city", "indicators.md.j2": "indicator", "indicator.md.j2": "indicator",
                 "domain.md.j2": "domain", "audience.md.j2": "kind_audience", "compare.md.j2": "kind_compare",
                 "compare_index.md.j2": "kind_compare"}
# Weight of a comparison page's words in the search index (1 is normal; data-pagefind-weight).
COMPARE_WEIGHT = 0.5


def _search_meta(page: Page) -> dict[str, Any]:
    """The page's city names and kind, in its language: shown in each search result (two
    indicators of the same name are told apart) and offered as the search's filters."""
    lang = page.lang
    if page.template == "item.md.j2":
        kind = page.context["item"].kind.value  # service or project
    else:
        kind = _SEARCH_KINDS.get(page.template, "kind_page")
    if "city" in page.context:
        cities = [page.context["city"].city.name[lang]]
    elif page.template == "compare.md.j2":
        cities = [city.city.name[lang] for city, indicator in page.context["rows"] if indicator is not None]
    elif page.template == "compare_index.md.j2":
        cities = [city.city.name[lang] for city in page.context["dataset"].cities]
    else:
        cities = []
    return {"kind": t(lang, kind), "cities": cities}


def _origin(ctx: BuildContext, file: str, line: int, dates: dict[str, str]) -> dict:
    """Where the page's facts are edited, and when they last changed (git; empty: the build date)."""
    changed = [d for path, d in dates.items() if path == file or path.startswith(file.rstrip("/") + "/")]
    repo, branch, forge = ctx.repo_url, ctx.repo_branch, ctx.repo_forge
    is_file = "." in file.rsplit("/", 1)[-1]
    return {
        "file": file,
        "line": line,
        "edit_url": gitinfo.repo_link(repo, forge, "edit" if is_file else "tree", branch, file) if repo else "",
        "view_url": gitinfo.repo_link(repo, forge, "blob", branch, file) + f"#L{line}" if repo and is_file and line else "",
        "updated": max(changed) if changed else "",
    }


def _with_front_matter(meta: dict, body: str) -> str:
    # JSON is valid YAML, and json.dumps quotes any character YAML would misread.
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in meta.items())
    return f"---\n{front}\n---\n\n{body}"


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    return (yaml.safe_load(match.group(1)) or {}), text[match.end():]


def _first_heading(body: str) -> str:
    match = re.search(r"^# (.+)$", body, re.M)
    return match.group(1).strip() if match else ""


def _html_text(text: str) -> str:
    """Data text as HTML text: <, > and & in data become entities (quotes may stay: titles go
    into attributes only through the theme's escaping)."""
    return html.escape(text, quote=False)


# A Markdown link to a page's source: [text](path.md) or (path.md#anchor), relative to the page.
_MD_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)\s#]+\.md)(#[^)\s]*)?\)")


def _md_links_to_urls(body: str, src_uri: str) -> str:
    """The hand-written pages link to pages by their source (finder.md); the target may be
    rendered in another shard, where the engine cannot rewrite the link: make it the URL."""
    def url(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match.group(1)))
        return f"]({relative_link(src_uri, target, (match.group(2) or '#')[1:])})"
    return _MD_LINK.sub(url, body)


# ---- navigation -----------------------------------------------------------------


def shard_nav(model: SiteModel, shard: Shard, titles: dict[str, str]) -> list[dict]:
    """The shard's navigation: its language's, with the pages of other shards as links
    (their site-relative URLs), and other cities folded into one link each (or, beyond
    MAX_LISTED_CITIES, left to the portal's list of cities)."""
    mine = set(shard.pages)
    lang_nav = next(iter(model.nav[LANGS.index(shard.lang)].values()))
    city_names = {c.city.name[shard.lang]: c.city.id for c in model.dataset.cities}

    def entry(title: str, value) -> dict | None:
        if isinstance(value, str):
            return {"title": title, "page": value} if value in mine else {"title": title, "url": page_url(value) or "./"}
        children = [e for e in (convert(v) for v in value) if e]
        return {"title": title, "children": children}

    def convert(item) -> dict | None:
        if isinstance(item, str):  # a bare page: its title comes from the page
            # (another shard's page is a link, which needs a title: the page's own, as HTML text)
            return {"page": item} if item in mine else {"title": titles[item], "url": page_url(item) or "./"}
        (title, value), = item.items()
        city = city_names.get(title)
        if city is not None and city != shard.city:
            if shard.city is not None and len(city_names) > MAX_LISTED_CITIES:
                return None
            return {"title": _html_text(title), "url": page_url(url_prefix(shard.lang) + city_path(city))}
        return entry(_html_text(title), value)

    return [e for e in (convert(item) for item in lang_nav) if e]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def read_manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def load_nav(out: Path, shard: str) -> list[dict]:
    return json.loads((out / "shards" / shard / "nav.json").read_text(encoding="utf-8"))

