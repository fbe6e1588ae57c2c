"""The plan's own text, split into anchored blocks so that source links land on the passage.

Anchors: ``main-indicators`` (the indicator table), ``chapter-N``, ``box-N`` and
``box-N-item-M``. Entries link to ``anchor_for(source)``.

Other documents (a department notice, a standard: ``plan=False``) have no boxes or
table; their places are ``chapter-N`` (第N章), ``section-N`` (a 一、二、 heading) and
``article-N`` (第N条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..caching import by_file_content
from .provenance import read_plan
from .schema import Source

_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CHAPTER = re.compile(r"^\s*第([一二三四五六七八九十]+)章")
_BOX = re.compile(r"^\s*专栏\s*(\d+)")
_SECTION = re.compile(r"^\s*第[一二三四五六七八九十]+节")
_TABLE = re.compile(r"主要指标\s*$")
_SECTION_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3})、")  # 二、办理方式 (other documents)
_ARTICLE = re.compile(r"^\s*第([一二三四五六七八九十]{1,3})条")  # 第五条 (other documents)
# Conversion left list markup before some items: "<p>1.…", "- 1.…".
_ITEM_PREFIX = re.compile(r"^(?:<p>|[-•·]\s*)")


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CHINESE_DIGITS[text[1]]
    if len(text) == 2 and text.endswith("十"):
        return _CHINESE_DIGITS[text[0]] * 10
    if len(text) == 3:
        return _CHINESE_DIGITS[text[0]] * 10 + _CHINESE_DIGITS[text[2]]
    return _CHINESE_DIGITS[text]


@dataclass(frozen=True)
class Block:
    anchor: str | None  # None for plain paragraphs
    kind: str  # "chapter", "box", "item", "table", "text"
    text: str


def anchor_for(source: Source) -> str:
    if source.article is not None:
        return f"article-{source.article}"
    if source.section is not None:
        return f"section-{source.section}"
    if source.table:
        return "main-indicators"
    if source.box is not None and source.item is not None:
        return f"box-{source.box}-item-{source.item}"
    if source.box is not None:
        return f"box-{source.box}"
    return f"chapter-{source.chapter}"


@by_file_content(maxsize=8)  # by the file's bytes: an edited text is shown as it now is
def blocks(path: Path, plan: bool = True) -> tuple[Block, ...]:
    """The document as blocks, each line kept verbatim; numbered box items get anchors
    (in a plan), sections and articles (in another document)."""
    out: list[Block] = []
    box: int | None = None
    next_item = 1
    seen: set[str] = set()

    def add(anchor: str | None, kind: str, text: str) -> None:
        if anchor in seen:
            # A heading seen twice: the first was the table of contents, so the
            # anchor moves to the body, where the passage really is.
            for i, block in enumerate(out):
                if block.anchor == anchor:
                    out[i] = Block(None, "text", block.text)
        if anchor:
            seen.add(anchor)
        out.append(Block(anchor, kind, text))

    for line in _lines(read_plan(path)):  # a file that is not text: a located DataErrors
        if m := _CHAPTER.match(line):
            box = None
            add(f"chapter-{chinese_number(m.group(1))}", "chapter", line)
        elif not plan and (m := _ARTICLE.match(line)) and _numeral(m.group(1)):
            add(f"article-{chinese_number(m.group(1))}", "item", line)
        elif not plan and (m := _SECTION_HEADING.match(line)) and len(line) < 60 and _numeral(m.group(1)):
            add(f"section-{chinese_number(m.group(1))}", "chapter", line)
        elif not plan:
            add(None, "text", line)
        elif (m := _BOX.match(line)) and len(line) < 60:
            box, next_item = int(m.group(1)), 1
            add(f"box-{box}", "box", line)
        elif _TABLE.search(line) and "main-indicators" not in seen and len(line) < 60:
            add("main-indicators", "table", line)
        elif _SECTION.match(line):
            box = None
            add(None, "text", line)
        elif box is not None and re.match(rf"^{next_item}(?!\d)", _ITEM_PREFIX.sub("", line)):
            add(f"box-{box}-item-{next_item}", "item", line)
            next_item += 1
        else:
            add(None, "text", line)
    return tuple(out)


def _lines(text: str):
    """Lines of the text; a line holding several "<p>…</p>" paragraphs (a
    conversion artifact) is split into them, and the tags dropped."""
    for raw in text.splitlines():
        for piece in re.split(r"</p>\s*(?=<p>)", raw):
            piece = re.sub(r"^\s*<p>|</p>\s*$", "", piece.strip()).strip()
            if piece:
                yield piece


def anchors(path: Path, plan: bool = True) -> set[str]:
    return {b.anchor for b in blocks(path, plan) if b.anchor}


def _numeral(text: str) -> bool:
    """Whether chinese_number can read it (一 … 九十九), so that a stray 十十、 is plain text, not a crash."""
    try:
        chinese_number(text)
    except (KeyError, IndexError):
        return False
    return True
