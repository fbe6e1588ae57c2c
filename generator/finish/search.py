"""Finish stage: the site's search index, built by Pagefind over the finished HTML.

Pagefind (PyPI ``pagefind[extended]==1.5.2``: the Python wrapper and the *extended*
binary, which segments Chinese) reads every page, and writes ``<site>/pagefind/``:
one index per ``<html lang>`` (zh, en), split into chunks, so that a query loads only
the chunks and result fragments it needs.

What the pages carry (theme/main.html, from the front matter `search` the generate stage
writes):
- ``data-pagefind-body`` around the page's own content: only that is indexed, not the
  navigation, the page tools or the footer; a page without it (the plan's full text,
  embeds, the search page, 404) is left out of the index;
- ``data-pagefind-filter="city[data-value]" data-value="上饶"`` (one per city; a comparison
  carries each of its cities) and ``kind[data-value]`` (服务, 指标…): the search's filters;
- ``data-pagefind-meta`` with the same values: shown in each result, so that two
  indicators of the same name are told apart;
- ``data-pagefind-weight`` on comparisons (they repeat the indicator pages) and
  ``data-pagefind-ignore`` on boilerplate (downloads, embed code, related indicators).

The search synonyms (data/search/synonyms.yml, validated with the rest of data/) are
written beside the index as ``pagefind/synonyms.json``; the search script
(theme/assets/javascripts/search-pagefind.js) expands a query with them.

Reproducible bytes: Pagefind 1.5.2 writes its filter indexes from hash maps whose order
changes from run to run (its own source says so: "TODO: Change filter indexes to BTree to
give them a stable hash"), so the filter files, their names, the language metadata that
names them and ``pagefind-entry.json`` differ between two runs over the same site. Everything
else (word index chunks, fragments, scripts, WebAssembly) is already the same bytes.
``canonical_bundle`` rewrites those few files in a canonical order (filter values sorted,
filters sorted, JSON keys sorted) and names them by their content, so that two builds and a
distributed build give the same bytes (tests/test_reproducible.py). It decodes only the
small CBOR subset Pagefind writes; a Pagefind whose files it does not recognise stops the
build with a bilingual error rather than publishing an index it cannot vouch for.

Errors are raised as ``SearchIndexError`` with a message in Chinese and English and a
hint; ``python -m generator.finish.search SITE_DIR`` prints it without a traceback.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..caching import link_or_copy

BUNDLE_DIR = "pagefind"
SYNONYMS_JSON = "synonyms.json"
ENTRY_JSON = "pagefind-entry.json"
PIN = "pagefind[extended]==1.5.2"
# Word occurrences per index chunk (Pagefind's default: 20,000). A query loads one chunk per word
# it looks up (its synonym rewrites add words), so the chunk's size is most of what a first query
# loads beyond Pagefind's fixed part; each chunk costs ≈ 9 bytes in the metadata every search loads.
# 2,500: 7–27 KB of chunks instead of 22–133 for the queries of bench/search_weight.py on the real
# site, +0.9 KB of metadata (bench/README.md, "First search"). Pagefind 1.5.2 reads it from this
# environment variable only (no CLI flag or config key; "UNSTABLE": a later version may drop it,
# which changes bytes, not results).
INDEX_CHUNK_SIZE = 2500
# Files of Pagefind's own UIs: the site has its own search script, so they are not published.
DEFAULT_UI_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
LANGS = ("zh", "en")


class SearchIndexError(Exception):
    """A problem building the search index: what, in Chinese and English, and what to do."""

    def __init__(self, zh: str, en: str, hint: str = ""):
        self.zh, self.en, self.hint = zh, en, hint
        super().__init__(f"搜索索引：{zh}\nsearch index: {en}" + (f"\n提示 / hint: {hint}" if hint else ""))


@dataclass
class SearchIndexResult:
    bundle: Path  # <site>/pagefind
    pages: dict[str, int]  # pages indexed per language
    files: int  # files written under the bundle
    bytes: int  # their total size (Pagefind's index files are already gzip-compressed)
    seconds: float
    synonyms: dict[str, int] = field(default_factory=dict)  # synonym groups per language
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        langs = ", ".join(f"{lang} {n}" for lang, n in self.pages.items())
        return (f"search index: {sum(self.pages.values())} pages ({langs}), {self.files} files, "
                f"{self.bytes / 1024:.0f} KB in {self.bundle.name}/, {self.seconds:.1f} s")


def pagefind_binary() -> Path:
    """The extended Pagefind binary installed with the `pagefind[extended]` package."""
    try:
        from pagefind.service import get_executable  # the wrapper: PAGEFIND_BINARY_PATH, then the extended binary
    except ImportError:
        raise SearchIndexError(
            "没有安装 Pagefind。", "Pagefind is not installed.",
            f"pip install '{PIN}'（或运行 make setup / or run make setup）") from None
    binary = get_executable()
    if binary is None or not Path(binary).is_file():
        raise SearchIndexError(
            "找不到 Pagefind 程序。", "the Pagefind binary was not found.",
            f"pip install '{PIN}': the [extended] extra brings the binary")
    if "extended" not in Path(binary).name and not os.environ.get("PAGEFIND_BINARY_PATH"):
        raise SearchIndexError(
            "安装的是 Pagefind 标准版，不能对中文分词。",
            "the standard Pagefind binary is installed: it does not segment Chinese.",
            f"pip install '{PIN}' (the extended binary)")
    return Path(binary)


def load_synonyms(path: Path) -> dict[str, list[list[str]]]:
    """data/search/synonyms.yml as {lang: [[term, ...], ...]}, read by the project's bounded
    loader and checked by its schema (schema.SynonymsFile) — the same rules, with line
    numbers, that `site_build.py validate` applies to it with every other data file."""
    from ..data.errors import DataErrors
    from ..data.loader import load_file
    from ..data.schema import SynonymsFile
    from ..data.validate import _located

    if not path.is_file():
        return {}
    loaded, errors = load_file(path, path.as_posix())
    if loaded is not None:
        try:
            model = SynonymsFile.model_validate(loaded.data)
        except ValidationError as exc:
            errors = list(_located(exc, loaded.locations))
    if errors:
        report = DataErrors(errors).report()
        raise SearchIndexError(f"同义词文件有误：\n{report}", f"the synonyms file has problems:\n{report}")
    return {lang: [[" ".join(t.split()) for t in group] for group in getattr(model, lang)] for lang in LANGS}


def build_search_index(site_dir: Path, *, synonyms: dict[str, list[list[str]]] | None = None,
                       keep_default_ui: bool = False, timeout: float = 300) -> SearchIndexResult:
    """Run Pagefind over the finished site in `site_dir`; write `<site_dir>/pagefind/`.

    `synonyms` ({lang: [[term, …], …]}, validated: `load_synonyms` or the dataset's)
    become pagefind/synonyms.json.
    Returns what was written. Raises SearchIndexError (never a traceback for the
    expected problems): Pagefind missing or not the extended build, no page marked
    with data-pagefind-body, Pagefind failing, files Pagefind wrote that are not the
    pinned version's."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(f"{site_dir} 里没有构建好的网站。", f"no built site in {site_dir}.",
                               "先运行 site_build.py build / build the site first")
    synonyms = _normal_synonyms(synonyms)
    binary = pagefind_binary()
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)  # a stale index must not survive a rebuild
    started = time.perf_counter()
    try:
        run = subprocess.run(
            [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR],
            capture_output=True, text=True, timeout=timeout, check=False,
            env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)})
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind 运行超过 {timeout:.0f} 秒。", f"Pagefind ran for over {timeout:.0f} s.") from None
    except OSError as exc:
        raise SearchIndexError(f"无法运行 Pagefind（{exc.strerror}）。", f"cannot run Pagefind ({exc.strerror}).",
                               f"pip install --force-reinstall '{PIN}'") from None
    seconds = time.perf_counter() - started
    log = (run.stdout or "") + (run.stderr or "")
    if run.returncode != 0:
        tail = "\n".join(log.strip().splitlines()[-8:])
        raise SearchIndexError(f"Pagefind 出错（退出码 {run.returncode}）：\n{tail}",
                               f"Pagefind failed (exit code {run.returncode}):\n{tail}")
    if "Did not find a data-pagefind-body" in log:
        shutil.rmtree(bundle, ignore_errors=True)
        raise SearchIndexError(
            "没有页面标记 data-pagefind-body，整页（包括导航）都会被索引。",
            "no page carries data-pagefind-body: whole pages, navigation included, would be indexed.",
            "theme/main.html 应当用 <div data-pagefind-body> 包住页面内容 / theme/main.html must wrap the content")
    try:
        entry = json.loads((bundle / ENTRY_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SearchIndexError("Pagefind 没有写出索引。", "Pagefind wrote no index.", log.strip()[-500:]) from None
    entry = canonical_bundle(bundle, entry)
    pages = {lang: info.get("page_count", 0) for lang, info in entry.get("languages", {}).items()}
    warnings = [f"pages in language {lang!r} form an index of their own ({n} pages): "
                "their <html lang> should be zh or en" for lang, n in pages.items() if lang not in LANGS]
    if not keep_default_ui:
        for name in DEFAULT_UI_FILES:
            (bundle / name).unlink(missing_ok=True)
    return _with_synonyms(bundle, synonyms, pages=pages, seconds=seconds, warnings=warnings)


def _normal_synonyms(synonyms: dict[str, list[list[str]]] | None) -> dict[str, list[list[str]]]:
    return {lang: [[" ".join(term.split()) for term in group] for group in (synonyms or {}).get(lang, [])]
            for lang in LANGS}


def _with_synonyms(bundle: Path, synonyms: dict[str, list[list[str]]], *, pages: dict[str, int], seconds: float,
                   warnings: list[str]) -> SearchIndexResult:
    """Write pagefind/synonyms.json beside the index; what the bundle then holds."""
    path = bundle / SYNONYMS_JSON
    path.unlink(missing_ok=True)  # never written through: it may be a hard link to another site's file
    path.write_text(json.dumps({"groups": synonyms}, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
                    encoding="utf-8")
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return SearchIndexResult(bundle=bundle, pages=pages, files=len(files),
                             bytes=sum(p.stat().st_size for p in files), seconds=seconds,
                             synonyms={lang: len(g) for lang, g in synonyms.items()}, warnings=warnings)


def reuse_search_index(site_dir: Path, previous: SearchIndexResult, previous_bundle: Path, *,
                       synonyms: dict[str, list[list[str]]] | None = None) -> SearchIndexResult:
    """The index Pagefind built for pages that are the same bytes as `site_dir`'s (the caller
    compares the pages' digests: finish/reuse.py), hard-linked from `previous_bundle` into `<site_dir>/pagefind/`,
    with the synonyms written again (they are not in the pages). `site_build.py serve` uses it
    when an edit changed no page (a data file's comment, a chart's colour…)."""
    started = time.perf_counter()
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    shutil.copytree(previous_bundle, bundle, copy_function=link_or_copy, ignore=shutil.ignore_patterns(SYNONYMS_JSON))
    return _with_synonyms(bundle, _normal_synonyms(synonyms), pages=dict(previous.pages),
                          seconds=time.perf_counter() - started, warnings=list(previous.warnings))


# ---- reproducible bytes -------------------------------------------------------------

_SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the CBOR of its gzipped files


class _NotPagefindFormat(ValueError):
    pass


def canonical_bundle(bundle: Path, entry: dict) -> dict:
    """Rewrite the files Pagefind writes in a run-dependent order (see the module's doc):
    for each language, its filter files (values and filters sorted, named by content),
    its metadata file (which names them) and pagefind-entry.json (which names that).
    Returns the new entry."""
    try:
        languages = {}
        for lang, info in sorted(entry["languages"].items()):
            old_meta = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_cbor(old_meta)
            filters = meta[3]  # [version, pages, index chunks, filters, sorts, meta fields]
            if not (isinstance(filters, list) and all(isinstance(f, list) and len(f) == 2 for f in filters)):
                raise _NotPagefindFormat("metadata")
            canonical = []
            for name, old_hash in sorted(filters):
                old_file = bundle / "filter" / f"{old_hash}.pf_filter"
                data = _read_cbor(old_file)
                if not (isinstance(data, list) and len(data) == 2 and data[0] == name and isinstance(data[1], list)):
                    raise _NotPagefindFormat("filter")
                data[1] = sorted(data[1], key=lambda value: value[0])
                new_hash = _write_cbor(bundle / "filter", f"{lang}_", ".pf_filter", data, 7, old_file)
                canonical.append([name, new_hash])
            meta[3] = canonical
            info = {**info, "hash": _write_cbor(bundle, f"pagefind.{lang}_", ".pf_meta", meta, 10, old_meta,
                                                strip="pagefind.")}
            languages[lang] = info
        entry = {**entry, "languages": languages}
    except (OSError, KeyError, IndexError, TypeError, ValueError, EOFError, gzip.BadGzipFile) as exc:
        raise SearchIndexError(
            "Pagefind 写出的索引文件格式无法识别，不能保证两次构建结果相同。",
            f"the index files Pagefind wrote are not in the format this build knows ({exc!r}), so "
            "the build cannot make them reproducible.",
            f"use the pinned version: pip install '{PIN}'") from None
    (bundle / ENTRY_JSON).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
                                     encoding="utf-8")
    return entry


def _read_cbor(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise _NotPagefindFormat(path.name)
    value, end = _cbor_decode(raw, len(_SIGNATURE))
    if end != len(raw):
        raise _NotPagefindFormat(path.name)
    return value


def _write_cbor(folder: Path, prefix: str, suffix: str, value, digits: int, replaces: Path, strip: str = "") -> str:
    """Write `value` as Pagefind does (signature + CBOR, gzip), named by its content; remove
    the file it replaces. Returns the name's hash part (what Pagefind's files refer to)."""
    raw = _SIGNATURE + _cbor_encode(value)
    name = f"{prefix}{hashlib.sha256(raw).hexdigest()[:digits]}{suffix}"
    replaces.unlink()
    (folder / name).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name[len(strip):-len(suffix)] if strip else name[:-len(suffix)]


def _cbor_decode(b: bytes, i: int):
    """The CBOR Pagefind writes (minicbor): integers, byte and text strings, arrays, maps,
    booleans and null, all of definite length."""
    head = b[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(b[i:i + size], "big")
        i += size
    elif major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    else:
        raise _NotPagefindFormat(f"CBOR item {head:#x}")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i:i + n]), i + n
    if major == 3:
        return b[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(b, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = []
        for _ in range(n):
            key, i = _cbor_decode(b, i)
            value, i = _cbor_decode(b, i)
            pairs.append((key, value))
        return _CborMap(pairs), i
    if major == 7 and info < 20:
        return n, i
    raise _NotPagefindFormat(f"CBOR item {head:#x}")


class _CborMap(list):
    """A CBOR map, its pairs kept in their order (re-encoded as they were)."""


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([(major << 5) | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([(major << 5) | info]) + struct.pack(fmt, n)
    raise _NotPagefindFormat("integer too large")


def _cbor_encode(value) -> bytes:
    """The inverse of _cbor_decode, with the shortest heads (as minicbor writes them)."""
    if value is False or value is True or value is None:
        return bytes([{False: 0xF4, True: 0xF5, None: 0xF6}[value]])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, _CborMap):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value)
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    raise _NotPagefindFormat(f"cannot encode {type(value).__name__}")


def main(argv: list[str] | None = None) -> int:
    """python -m generator.finish.search SITE_DIR [SYNONYMS_YML]"""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m generator.finish.search SITE_DIR [data/search/synonyms.yml]", file=sys.stderr)
        return 2
    synonyms = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parents[2] / "data" / "search" / "synonyms.yml"
    try:
        result = build_search_index(Path(args[0]), synonyms=load_synonyms(synonyms))
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        return 1
    print(result.summary())
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
