"""Atom feeds of data changes: the whole site and each city, in each language.

Built from the same history as the "what changed" page (generator.site.changes),
so a journalist can follow changes without visiting the site."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .changes import Change, Commit
from .i18n import t, url_prefix


def feed_path(lang: str, city: str | None = None) -> str:
    return url_prefix(lang) + (f"cities/{city}/feed.xml" if city else "feed.xml")


def atom(history: list[tuple[Commit, list[Change]]], lang: str, site_url: str, city: str | None = None,
         title: str = "", updated_fallback: str = "1970-01-01T00:00:00Z") -> str:
    base = (site_url or "/").rstrip("/") + "/"
    self_url = base + feed_path(lang, city)
    page_url = base + url_prefix(lang) + "changes/"
    entries = []
    for commit, changes in history:
        mine = [c for c in changes if city is None or c.city == city]
        if not mine:
            continue
        items = "".join(
            f"<li>{escape(c.line(lang))}</li>" if not c.path else
            f'<li><a href="{escape(base + url_prefix(lang) + c.path[:-3] + "/")}">{escape(c.line(lang))}</a></li>'
            for c in mine
        )
        summary = t(lang, "feed_entry_title", n=len(mine), date=commit.date[:10])
        entries.append(
            "<entry>"
            f"<id>{escape(page_url)}#{commit.sha}</id>"
            f"<title>{escape(summary)}</title>"
            f"<updated>{escape(commit.date)}</updated>"
            f'<link rel="alternate" type="text/html" href="{escape(page_url)}#change-{commit.sha[:12]}"/>'
            f'<content type="html">{escape("<ul>" + items + "</ul>")}</content>'
            "</entry>"
        )
    updated = history[0][0].date if history else updated_fallback
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{"zh-Hans" if lang == "zh" else "en"}">'
        f"<id>{escape(self_url)}</id>"
        f"<title>{escape(title or t(lang, 'feed_title'))}</title>"
        f"<updated>{escape(updated)}</updated>"
        f"<author><name>{escape(t(lang, 'site_name'))}</name></author>"
        f'<link rel="self" type="application/atom+xml" href="{escape(self_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(page_url)}"/>'
        + "".join(entries)
        + "</feed>\n"
    )
