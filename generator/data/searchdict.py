"""The search dictionary (data/search/jieba-user-dict.txt): checked like any other data file.

Webmasters add Chinese search words there, one per line: `word` or `word frequency`
(`收听广播 0` splits a compound; a positive frequency keeps a term whole). jieba reads
the file with no checks of its own: a file that is not UTF-8 stops the build with a
traceback, and a line with an odd shape is silently read as a strange word. So every
line is checked here, with its line number, before the search plugin sees the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import DataError

RELATIVE = "data/search/jieba-user-dict.txt"
MAX_BYTES = 200_000  # thousands of words; a larger file is a mistake
# A word (no spaces, no control characters), then optionally a frequency and a part-of-speech tag.
_LINE = re.compile(r"^[^\s\x00-\x1f\x7f]{1,40}(?: (?:0|[1-9]\d{0,8}))?(?: [a-z]{1,5})?$")


def check(root: Path) -> list[DataError]:
    """Every problem in the search dictionary (none when there is no dictionary)."""
    path = root / RELATIVE
    if not path.exists() and not path.is_symlink():
        return []
    if path.is_symlink() or not path.is_file():
        return [DataError(RELATIVE, 0, 0, "", "the search dictionary must be a plain file (not a link or a folder)")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [DataError(RELATIVE, 0, 0, "", f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return [DataError(RELATIVE, line, 1, "", f"file is not valid UTF-8 text ({exc.reason} at byte {exc.start})")]
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("\ufeff") and number == 1:
            errors.append(DataError(RELATIVE, 1, 1, "", "the file starts with a byte-order mark (BOM): save it as UTF-8 without BOM"))
        elif line.strip() and not _LINE.match(line):
            errors.append(DataError(
                RELATIVE, number, 1, "",
                f"search word line {_shown(line)} is not `word` or `word frequency` (one space, frequency in digits)",
            ))
    return errors


def _shown(line: str) -> str:
    line = line.encode("unicode_escape").decode("ascii") if any(ord(c) < 32 for c in line) else line
    return f'"{line}"' if len(line) <= 40 else f'"{line[:37]}..."'
