"""Stage 1: read YAML files, keeping the line and column of every value.

``load_file`` returns the plain Python data of a file together with a
``Locations`` map from field paths (``("indicators", 3, "target")``) to
positions, so that later stages can say exactly where a problem is.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..caching import Bounded
from .errors import DataError

MAX_FILE_BYTES = 2_000_000  # a data file is a few tens of KB; anything this big is a mistake
MAX_DEPTH = 40  # our schema nests about 6 levels; deeper is a mistake or an attack
# The largest data file holds under a thousand values; a file of this many is a mistake,
# and reading it stays well under a second.
MAX_VALUES = 100_000
# Anchors, aliases and merge keys (&a, *a, <<) are refused outright rather than expanded
# under a budget. Our data never uses them (`git grep -nE '&[a-z]|\*[a-z]|<<:' data` is
# empty); they are what makes a small file expensive: each alias or merge can double the
# data ("billion laughs", and PyYAML's flatten_mapping copies merged keys before any value
# is counted), so a 600-byte file cost 46 s and 1.7 GB. Refused in the event stream, before
# anything is composed (error code yaml-anchors), reading a file costs time and memory linear
# in its size. For a webmaster, writing the values out is easy and keeps each entry readable on its own.
_MERGE_TAG = "tag:yaml.org,2002:merge"

Path_ = tuple[Any, ...]
# Embeddings, overrides and isolates (Unicode TR9): they reorder how text is displayed.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass
class Locations:
    """Where each field path starts in the file (1-based line, column)."""

    file: str
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def error(self, path: Path_, code: str, /, **params) -> DataError:
        line, col = self.of(path)
        return DataError(self.file, line, col, format_path(path), code, **params)


@dataclass
class LoadedFile:
    path: Path  # absolute
    relative: str  # relative to the project root, as shown in messages
    data: Any
    locations: Locations


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# The C parser (libyaml) when PyYAML has it: several times faster on our files.
# Either way only the safe constructor runs: no arbitrary Python objects.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that keeps node positions (we compose, then construct ourselves)."""


def load_file(path: Path, relative: str) -> tuple[LoadedFile | None, list[DataError]]:
    """Parse one YAML file. Returns (file, []) or (None, [errors])."""
    try:
        return _load(path, relative)
    except MemoryError:
        # Whatever slipped past the limits below: this file, not the whole run, fails.
        return None, [DataError(relative, 0, 0, "", "out-of-memory")]


def _load(path: Path, relative: str) -> tuple[LoadedFile | None, list[DataError]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [DataError(relative, 0, 0, "", "file-too-large", size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [DataError(relative, 0, 0, "", "not-utf8", reason=exc.reason, byte=exc.start)]
    # NUL and most control characters (YAML forbids them), and the bidirectional controls YAML
    # allows: an override (U+202E) makes "41元" display as "14元", so a reviewer reads one
    # figure while the site publishes another. The plans contain none of them.
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text) or _BIDI_CONTROLS.search(text)
    if bad:
        pos = bad.start()
        line, col = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        return None, [DataError(relative, line, col, "", "special-character", char=f"U+{ord(bad.group()):04X}")]
    return _parsed_once(text, path, relative)


# The change history loads the data of every past commit (generator/site/changes.py), and
# consecutive commits share nearly every file byte for byte: parsing each distinct text once
# made a cold build's history ≈3× faster. A pure function of (name, text), so it may live as
# long as the process; pickled, so every caller gets objects of its own to change.
_PARSED: Bounded[tuple[str, bytes], bytes] = Bounded(2048)


def _parsed_once(text: str, path: Path, relative: str) -> tuple[LoadedFile | None, list[DataError]]:
    key = (relative, hashlib.sha256(text.encode("utf-8")).digest())
    cached = _PARSED.get(key)
    if cached is not None:
        data, marks = pickle.loads(cached)
        return LoadedFile(path, relative, data, Locations(relative, marks)), []
    loaded, errors = _parse(text, path, relative)
    if loaded is not None:  # errors are not kept: a refused file is read again, and refused again
        _PARSED.put(key, pickle.dumps((loaded.data, loaded.locations.marks), protocol=pickle.HIGHEST_PROTOCOL))
    return loaded, errors


class _Refused(Exception):
    """A file we do not read, at a mark: an error code (generator/data/messages.py) and its parameters."""

    def __init__(self, code: str, mark, **params) -> None:
        super().__init__(code)
        self.code, self.mark, self.params = code, mark, params


def _parse(text: str, path: Path, relative: str) -> tuple[LoadedFile | None, list[DataError]]:
    locations = Locations(relative)
    errors: list[DataError] = []
    loader = _Loader(text)
    try:
        _check_shape(text)
        node = loader.get_single_node()
        if node is None:
            return None, [DataError(relative, 1, 1, "", "file-empty")]
        data = _construct(loader, node, (), locations, errors, 0)
    except _Refused as exc:
        return None, [DataError(relative, exc.mark.line + 1, exc.mark.column + 1, "", exc.code, **exc.params)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        context = exc.context or ""
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            # The mistake is often where the construct started, lines before the problem.
            context += f" that starts at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1},"
        problem = " ".join(p for p in (context, exc.problem) if p)
        return None, [DataError(relative, line, col, "", "malformed-yaml", detail=problem)]
    except yaml.YAMLError as exc:
        return None, [DataError(relative, 0, 0, "", "malformed-yaml", detail=str(exc))]
    except RecursionError:
        return None, [DataError(relative, 0, 0, "", "yaml-too-deep", limit=MAX_DEPTH)]
    finally:
        loader.dispose()
    if errors:
        return None, errors
    return LoadedFile(path, relative, data, locations), []


def _check_shape(text: str) -> None:
    """Refuse, before composing, a file nested too deeply or with too many values: the C
    composer recurses once per level, so a file of nothing but `[[[[…` crashes the
    interpreter (no RecursionError), and composing half a million values takes seconds.
    The event stream is flat; reading it stops at the first level or value too many, and
    at the first anchor, alias or merge key (refused: see the note on anchors above)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if _is_alias_or_merge(event):
            raise _Refused("yaml-anchors", event.start_mark)
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > 2 * MAX_VALUES + 1:  # a key and its value are two nodes but one value
                raise _Refused("too-many-values", event.start_mark, limit=f"{MAX_VALUES:,}")
        if isinstance(event, yaml.ScalarEvent):
            _check_characters(event)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused("yaml-too-deep", event.start_mark, limit=MAX_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_characters(event) -> None:
    """The same characters as in the raw text (_load), refused in a scalar's value once YAML
    has decoded its escapes: "\u001f" or "\u202e" in a double-quoted string is plain ASCII in
    the file, and a control character in the value, which an XML file (a chart image's SVG)
    cannot hold and a reader cannot see."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(event.value) or _BIDI_CONTROLS.search(event.value)
    if bad:
        raise _Refused("special-character", event.start_mark, char=f"U+{ord(bad.group()):04X}")


def _is_alias_or_merge(event) -> bool:
    """An alias (*a), an anchor (&a), or a merge key: `<<` unquoted, or tagged !!merge."""
    if isinstance(event, yaml.AliasEvent):
        return True
    if not isinstance(event, yaml.NodeEvent):
        return False
    if event.anchor is not None:
        return True
    if isinstance(event, yaml.ScalarEvent):
        # implicit[0]: plain and untagged, the only way `<<` resolves to a merge by itself.
        return event.tag == _MERGE_TAG or (event.implicit[0] and event.value == "<<")
    return False


def _construct(loader, node, path: Path_, locations: Locations, errors: list, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused("yaml-too-deep", node.start_mark, limit=MAX_DEPTH)
    if len(locations.marks) >= MAX_VALUES:  # one mark per value read so far; _check_shape stops it sooner
        raise _Refused("too-many-values", node.start_mark, limit=f"{MAX_VALUES:,}")
    locations.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        # No flatten_mapping: merge keys were refused by _check_shape, and flattening is
        # what once expanded them before any value was counted.
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _value(loader, key_node)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                errors.append(locations.error(path, "key-not-text", key=repr(key)))
                continue
            if key in result:
                line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                errors.append(DataError(locations.file, line, col, format_path(path + (key,)), "duplicate-key"))
                continue
            result[key] = _construct(loader, value_node, path + (key,), locations, errors, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(loader, child, path + (i,), locations, errors, depth + 1)
            for i, child in enumerate(node.value)
        ]
    return _value(loader, node)


def _value(loader, node) -> Any:
    """A scalar (or a key), with one PyYAML cannot convert (a date 2022-13-45, `!!int abc`,
    an integer of thousands of digits) reported where it is instead of crashing."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, LookupError, TypeError, AttributeError) as exc:
        # The others come from explicit tags PyYAML does not check: `!!int ""`, `!!bool x`, `!!timestamp x`.
        reason = str(exc) if isinstance(exc, (ValueError, OverflowError)) else f"not a valid {node.tag.rsplit(':', 1)[-1]}"
        shown = node.value if isinstance(node, yaml.ScalarNode) and len(node.value) <= 40 else None
        what = f"`{shown}`" if shown is not None else "this value"
        raise _Refused("unreadable-value", node.start_mark, value=what, reason=reason) from None
