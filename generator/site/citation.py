"""How to cite a page: one citation model, written out as plain text, BibTeX and CSL-JSON.

A citation names the page (the city and what the page shows), the site, the page's address
and the date it was built (the reader's "accessed" date: a static page cannot know when it is
read), and the plan passage the facts come from. Without a site address (SITE_URL unset) it
says that the address is not set instead of giving a wrong one.

BibTeX: an `@misc` entry (biblatex's `url` and `urldate` fields; classic BibTeX styles show
`howpublished` and `note`). Text fields escape LaTeX's special characters (braces as text
commands, since BibTeX counts even escaped braces), so that a title with & or % or a lone
brace cannot break the entry; the address is written as given (the `url`
field is read verbatim, and generator/settings.py lets no brace or backslash into it).
CSL-JSON: a one-item array, as Zotero and citeproc read it (citationstyles.org, csl-data.json):
`id`, `type` ("webpage"), `title`, `container-title`, `author` (the site, as a literal name),
`URL`, `accessed`, `issued`, `language`, `note`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .i18n import HTML_LANG, rules, t


@dataclass(frozen=True)
class Citation:
    key: str        # an ASCII key, e.g. public-services-shangrao-life-expectancy
    lang: str
    title: str      # what the page shows, with its city
    site: str       # the site's name: container and (literal) author
    url: str        # the page's absolute address; "" when SITE_URL is not set
    accessed: str   # YYYY-MM-DD: the build date
    source: str     # the plan and the place in it, e.g. 《…》（…，2022-05-31），主要指标表第 8 行。

    # ---- plain text ------------------------------------------------------------------

    def text(self) -> str:
        where = self.url or t(self.lang, "address_not_set")
        return t(self.lang, "citation_text", title=self.title, source=self.source, site=self.site, where=where, accessed=self.accessed)

    # ---- BibTeX ------------------------------------------------------------------------

    def bibtex(self) -> str:
        fields = [
            ("title", "{" + bibtex_escape(self.title) + "}"),
            ("author", "{{" + bibtex_escape(self.site) + "}}"),  # double braces: a name, not "first last"
            ("howpublished", "{" + bibtex_escape(self.site) + "}"),
            ("year", "{" + self.accessed[:4] + "}"),
        ]
        if self.url:
            fields.append(("url", "{" + self.url + "}"))
        fields.append(("urldate", "{" + self.accessed + "}"))
        note = self.source if self.url else f"{self.source} {t(self.lang, 'address_not_set')}"
        fields.append(("note", "{" + bibtex_escape(note) + "}"))
        fields.append(("language", "{" + rules(self.lang).bibtex_language + "}"))
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    # ---- CSL-JSON ----------------------------------------------------------------------

    def csl(self) -> dict:
        date = [[int(part) for part in self.accessed.split("-")]]
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "container-title": self.site,
            "author": [{"literal": self.site}],
            "accessed": {"date-parts": date},
            "issued": {"date-parts": date},
            "language": HTML_LANG[self.lang],
            "note": self.source if self.url else f"{self.source} {t(self.lang, 'address_not_set')}",
        }
        if self.url:
            item["URL"] = self.url
        return item

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"


# LaTeX's special characters in text, each replaced once (one pass). Braces become the text commands
# \textbraceleft{} and \textbraceright{}, not \{ and \}: BibTeX counts every brace, escaped or not,
# so a lone \{ would unbalance the entry.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX field: every brace balanced, no character LaTeX would act on."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(text.split()))


def citation_key(path: str) -> str:
    """The page's key from its language-independent path: cities/shangrao/indicators/x.md →
    public-services-shangrao-indicators-x (ASCII letters, digits and hyphens only)."""
    stem = path.removesuffix(".md").removesuffix("/index").removeprefix("cities/")
    return "public-services-" + re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()
