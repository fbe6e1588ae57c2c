"""Atom feeds of data changes: the whole site and each city, in each language.

Built from the same history as the "what changed" page (generator.site.changes),
so a journalist can follow changes without visiting the site. A city's feed lists the
changes to that city; a commit whose data could not be read (changes.Recorded.unreadable)
touched no known city, so only the site's feed lists it, as the "what changed" page does. Each feed names the
site's own XSLT stylesheet (`stylesheet()`, served at STYLESHEET_PATH), so that a
feed opened in a browser reads as a page rather than as raw XML; feed readers
ignore it.

Without a site URL (SITE_URL unset: a local preview) a feed still parses: its links are
relative to the feed's own address, which RFC 4287 (section 4.2.7.1, via xml:base and
RFC 3986) resolves against the address the feed was fetched from; its ids, which must be
absolute IRIs, are `urn:uuid:` names derived from the feed's path and the commit, stable
from build to build. No address is guessed."""

from __future__ import annotations

import posixpath
import uuid
from xml.sax.saxutils import escape

from .changes import Recorded
from .i18n import LANGS, t, url_prefix

STYLESHEET_PATH = "assets/feed.xsl"
ICON_PATH = "assets/images/favicon.png"  # mkdocs-material's, as every page shows it
_XML_LANG = {"zh": "zh-Hans", "en": "en"}


def feed_path(lang: str, city: str | None = None) -> str:
    return url_prefix(lang) + (f"cities/{city}/feed.xml" if city else "feed.xml")


def feed_title(lang: str, city_name: str = "") -> str:
    """One title per feed: feed readers list subscriptions by title, and two cities' feeds
    must not look alike there."""
    return t(lang, "feed_title_city", city=city_name) if city_name else t(lang, "feed_title")


def _stylesheet_href(lang: str, city: str | None) -> str:
    """The stylesheet, relative to the feed: a browser applies an XSLT stylesheet from the
    feed's own origin only, wherever the site is served (SITE_URL or not)."""
    depth = feed_path(lang, city).count("/")
    return "../" * depth + STYLESHEET_PATH


def atom(history: list[Recorded], lang: str, site_url: str, city: str | None = None,
         city_name: str = "", updated_fallback: str = "1970-01-01T00:00:00Z") -> str:
    path = feed_path(lang, city)
    if site_url:
        base = site_url.rstrip("/") + "/"
        self_url = base + path
    else:  # links relative to the feed itself
        base = "../" * path.count("/")
        self_url = posixpath.basename(path)
    page_url = base + url_prefix(lang) + "changes/"

    def ident(suffix: str = "") -> str:
        if site_url:
            return page_url + suffix if suffix else self_url
        return uuid.uuid5(uuid.NAMESPACE_URL, f"public-services:{path}{suffix}").urn
    entries = []
    newest = ""  # the date of this feed's newest entry
    for recorded in history:
        commit = recorded.commit
        anchor = f"{escape(page_url)}#change-{commit.sha[:12]}"
        if recorded.unreadable is not None:
            # Which city it touched is not known, so no city's feed can claim it: the site's
            # feed says a change could not be read, as the "what changed" page does.
            if city is not None:
                continue
            title = t(lang, "feed_unreadable_title", date=commit.date[:10])
            content = "<p>" + escape(unreadable_line(recorded, lang)) + "</p>"
        else:
            mine = [c for c in recorded.changes if city is None or c.city == city]
            if not mine:
                continue
            items = "".join(
                f"<li>{escape(c.line(lang))}</li>" if not c.path else
                f'<li><a href="{escape(base + url_prefix(lang) + c.path[:-3] + "/")}">{escape(c.line(lang))}</a></li>'
                for c in mine
            )
            title = t(lang, "feed_entry_title", n=len(mine), date=commit.date[:10])
            content = "<ul>" + items + "</ul>"
        newest = newest or commit.date
        entries.append(
            "<entry>"
            f"<id>{escape(ident('#' + commit.sha))}</id>"
            f"<title>{escape(title)}</title>"
            f"<updated>{escape(commit.date)}</updated>"
            f'<link rel="alternate" type="text/html" href="{anchor}"/>'
            f'<content type="html">{escape(content)}</content>'
            "</entry>"
        )
    # The feed changed when its newest entry came; without one, when the history was last read.
    updated = newest or (history[0].commit.date if history else updated_fallback)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{escape(_stylesheet_href(lang, city))}"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_XML_LANG[lang]}">'
        f"<id>{escape(ident())}</id>"
        f"<title>{escape(feed_title(lang, city_name))}</title>"
        f"<updated>{escape(updated)}</updated>"
        f"<author><name>{escape(t(lang, 'site_name'))}</name></author>"
        f'<link rel="self" type="application/atom+xml" href="{escape(self_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{escape(page_url)}"/>'
        + "".join(entries)
        + "</feed>\n"
    )


def unreadable_line(recorded: Recorded, lang: str) -> str:
    """"Commit 1a2b3c4d5e (2026-01-05, “subject”) could not be read: why", in one language."""
    commit, reason = recorded.commit, recorded.unreadable
    subject = commit.subject if len(commit.subject) <= 100 else commit.subject[:99] + "…"
    return t(lang, "change_unreadable", sha=commit.sha[:10], date=commit.date[:10], subject=subject,
             reason=reason[lang] if reason is not None else "")


# ---- the stylesheet: a feed opened in a browser ------------------------------------------
#
# One file for every feed, in both languages: it reads the feed's xml:lang and shows the
# interface strings of that language (from the catalogue, generator/site/i18n.py). It
# produces plain HTML with no style, no script and nothing from another host: the page it
# makes is under the feed's Content-Security-Policy (deploy/nginx.conf: style-src 'self',
# no inline style; XSLT itself is allowed by script-src 'self'). An entry's content is
# escaped HTML in the feed; it is shown as text (disable-output-escaping is not supported
# by every browser, and would put the feed's markup into the page).

_XSL_STRINGS = ("feed_stylesheet_note", "changes", "site_name")


def stylesheet() -> str:
    def pick(key: str) -> str:
        whens = "".join(f"<xsl:when test=\"starts-with($lang, '{lang}')\">{escape(t(lang, key))}</xsl:when>"
                        for lang in LANGS)
        return f"<xsl:choose>{whens}</xsl:choose>"

    templates = "".join(f'<xsl:template name="{key}">{pick(key)}</xsl:template>\n' for key in _XSL_STRINGS)
    return f'''<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:variable name="lang" select="/atom:feed/@xml:lang"/>
<!-- The way from the feed to the site's root, read from the feed's own xml-stylesheet
     instruction ("../../assets/feed.xsl"): for the icon, which a page without one would
     look for at /favicon.ico, a file the site does not have. -->
<xsl:variable name="root" select="substring-before(substring-after(/processing-instruction('xml-stylesheet'), 'href=&quot;'), '{STYLESHEET_PATH}')"/>
{templates}
<xsl:template match="/atom:feed">
<html lang="{{$lang}}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="atom:title"/></title>
<link rel="icon" href="{{$root}}{ICON_PATH}"/>
</head>
<body>
<main>
<h1><xsl:value-of select="atom:title"/></h1>
<p><xsl:call-template name="feed_stylesheet_note"/></p>
<p><a href="{{atom:link[@rel='alternate']/@href}}"><xsl:call-template name="changes"/></a></p>
<xsl:for-each select="atom:entry">
<section>
<h2><a href="{{atom:link[@rel='alternate']/@href}}"><xsl:value-of select="atom:title"/></a></h2>
<p><time datetime="{{atom:updated}}"><xsl:value-of select="substring(atom:updated, 1, 10)"/></time></p>
<xsl:apply-templates select="atom:content"/>
</section>
</xsl:for-each>
</main>
</body>
</html>
</xsl:template>
<xsl:template match="atom:content">
<p><xsl:call-template name="plain"><xsl:with-param name="html" select="string(.)"/></xsl:call-template></p>
</xsl:template>
<!-- The entry's HTML as text: each list item on its own line, tags left out, the characters
     that the HTML escapes (&lt; &gt; &amp; &quot;) shown as themselves. -->
<xsl:template name="plain">
<xsl:param name="html"/>
<xsl:param name="after_item" select="false()"/>
<xsl:choose>
<xsl:when test="contains($html, '&lt;')">
<xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-before($html, '&lt;')"/></xsl:call-template>
<xsl:variable name="rest" select="substring-after($html, '&lt;')"/>
<xsl:variable name="item" select="starts-with($rest, 'li&gt;') or starts-with($rest, 'li ')"/>
<xsl:if test="$item and $after_item"><br/></xsl:if>
<xsl:call-template name="plain">
<xsl:with-param name="html" select="substring-after($rest, '&gt;')"/>
<xsl:with-param name="after_item" select="$after_item or $item"/>
</xsl:call-template>
</xsl:when>
<xsl:otherwise><xsl:call-template name="unescape"><xsl:with-param name="text" select="$html"/></xsl:call-template></xsl:otherwise>
</xsl:choose>
</xsl:template>
<xsl:template name="unescape">
<xsl:param name="text"/>
<xsl:choose>
<xsl:when test="contains($text, '&amp;')">
<xsl:value-of select="substring-before($text, '&amp;')"/>
<xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
<xsl:variable name="entity" select="substring-before($rest, ';')"/>
<xsl:choose>
<xsl:when test="$entity = 'lt'">&lt;</xsl:when>
<xsl:when test="$entity = 'gt'">&gt;</xsl:when>
<xsl:when test="$entity = 'amp'">&amp;</xsl:when>
<xsl:when test="$entity = 'quot'">"</xsl:when>
<xsl:otherwise>&amp;</xsl:otherwise>
</xsl:choose>
<xsl:call-template name="unescape">
<xsl:with-param name="text" select="substring($rest, 1 + (string-length($entity) + 1) * number($entity = 'lt' or $entity = 'gt' or $entity = 'amp' or $entity = 'quot'))"/>
</xsl:call-template>
</xsl:when>
<xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
</xsl:choose>
</xsl:template>
</xsl:stylesheet>
'''
