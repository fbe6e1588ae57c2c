"""Finish stage: the site's search index, built by Pagefind over the finished HTML.

Pagefind (PyPI ``pagefind[extended]==1.5.2``: the Python wrapper and the *extended*
binary, which segments Chinese) reads every page, and writes ``<site>/pagefind/``:
one index per ``<html lang>`` (zh, en), split into chunks, so that a query loads only
the chunks and result fragments it needs.

What the pages carry (theme/main.html):
- ``data-pagefind-body`` around the page's own content: only that is indexed, not the
  navigation, the page tools or the footer; a page without it (the plan's full text,
  embeds, 404) is left out of the index;
- ``data-pagefind-filter="city:上饶"`` (one per city; comparisons carry both) and
  ``data-pagefind-filter="kind:服务"``: the search's filters;
- ``data-pagefind-meta="city:上饶"`` and ``data-pagefind-meta="kind:服务"``: shown in
  each result, so that two indicators of the same name are told apart.

``data/search/synonyms.yml`` is checked and written beside the index as
``pagefind/synonyms.json``; the search script (theme/assets/javascripts/search-pagefind.js)
expands a query with it.

Errors are raised as ``SearchIndexError`` with a message in Chinese and English and a
hint; ``python -m generator.finish.search SITE_DIR`` prints it without a traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

BUNDLE_DIR = "pagefind"
SYNONYMS_JSON = "synonyms.json"
PIN = "pagefind[extended]==1.5.2"
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


def build_search_index(site_dir: Path, *, synonyms_file: Path | None = None,
                       keep_default_ui: bool = False, timeout: float = 300) -> SearchIndexResult:
    """Run Pagefind over the finished site in `site_dir`; write `<site_dir>/pagefind/`.

    Returns what was written. Raises SearchIndexError (never a traceback for the
    expected problems): Pagefind missing or not the extended build, no page marked
    with data-pagefind-body, a language other than zh/en, Pagefind failing."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(f"{site_dir} 里没有构建好的网站。", f"no built site in {site_dir}.",
                               "先运行 site_build.py build / build the site first")
    synonyms = load_synonyms(synonyms_file) if synonyms_file else {}
    binary = pagefind_binary()
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)  # a stale index must not survive a rebuild
    started = time.perf_counter()
    try:
        run = subprocess.run(
            [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR],
            capture_output=True, text=True, timeout=timeout, check=False)
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
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise SearchIndexError("Pagefind 没有写出索引。", "Pagefind wrote no index.", log.strip()[-500:]) from None
    pages = {lang: info.get("page_count", 0) for lang, info in entry.get("languages", {}).items()}
    warnings = [f"pages in language {lang!r} form an index of their own ({n} pages): "
                "their <html lang> should be zh or en" for lang, n in pages.items() if lang not in LANGS]
    if not keep_default_ui:
        for name in DEFAULT_UI_FILES:
            (bundle / name).unlink(missing_ok=True)
    (bundle / SYNONYMS_JSON).write_text(
        json.dumps({"groups": synonyms}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return SearchIndexResult(bundle=bundle, pages=pages, files=len(files),
                             bytes=sum(p.stat().st_size for p in files), seconds=seconds,
                             synonyms={lang: len(g) for lang, g in synonyms.items()}, warnings=warnings)


def main(argv: list[str] | None = None) -> int:
    """python -m generator.finish.search SITE_DIR [SYNONYMS_YML]"""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m generator.finish.search SITE_DIR [data/search/synonyms.yml]", file=sys.stderr)
        return 2
    synonyms = Path(args[1]) if len(args) > 1 else Path(__file__).resolve().parents[2] / "data" / "search" / "synonyms.yml"
    try:
        result = build_search_index(Path(args[0]), synonyms_file=synonyms)
    except SearchIndexError as error:
        print(error, file=sys.stderr)
        return 1
    print(result.summary())
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
