"""What changed for readers between two versions of the data.

`compare(before, after)` lists the changes a reader would notice — an amount,
a target, an entry added or removed, a translation — each written in both
languages from the same formatters the site uses. `dataset_at(repo, rev)`
loads the data of any git revision, so `site_build.py diff BASE HEAD`, the
"what changed" pages and the Atom feeds all share this one engine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional
from collections.abc import Iterable, Iterator

from ..caching import code_version, versioned_folder
from . import formatting
from .i18n import t
from ..data.errors import DataErrors
from ..data.provenance import PRACTICAL_FIELDS
from ..data.schema import Indicator, Item, Text
from ..data.validate import CityData, Dataset, load_dataset
from .gitinfo import GitError, read_bounded, resolve_commit, run_git


@dataclass(frozen=True)
class Change:
    city: str  # city id
    city_name: Text
    kind: str  # "city" | "indicator" | "item"
    entry: str  # entry id
    title: Text  # the entry's name
    what: Text  # the field, in reader's words (— for added/removed)
    before: Optional[Text]  # formatted; None when the entry was added
    after: Optional[Text]  # formatted; None when the entry was removed
    path: str = ""  # language-independent page path, when the entry has a page

    def line(self, lang: str) -> str:
        """One line of the change log, worded by the catalogue (generator/site/i18n.py)."""
        entry = {"city": self.city_name[lang], "title": self.title[lang]}
        if self.kind == "city":  # the whole city added or removed: its name once
            return t(lang, "change_city", city=entry["city"], said=(self.after or self.before or _EMPTY)[lang])
        if self.before is None:
            return t(lang, "change_added", **entry)
        if self.after is None:
            return t(lang, "change_removed", **entry)
        if self.what[lang]:
            entry["title"] = t(lang, "change_field", title=entry["title"], field=self.what[lang])
        return t(lang, "change_line", **entry, before=self.before[lang], after=self.after[lang])


_EMPTY = Text(zh="—", en="—")


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh or "—", en=en or "—")


def _both(fn) -> Text:
    return _t(fn("zh"), fn("en"))


# ---- comparing two datasets ------------------------------------------------------


def compare(before: Dataset, after: Dataset) -> list[Change]:
    changes: list[Change] = []
    old_cities = {c.city.id: c for c in before.cities}
    for city in after.cities:
        old = old_cities.get(city.city.id)
        if old is None:
            changes.append(Change(city.city.id, city.city.name, "city", city.city.id, city.city.name,
                                  _EMPTY, None, Text(zh="新增城市", en="city added")))
            continue
        changes += _compare_entries(old, city, "indicator", {i.id: i for i in old.indicators}, {i.id: i for i in city.indicators})
        changes += _compare_entries(old, city, "item", {i.id: i for i in old.items}, {i.id: i for i in city.items})
    new_ids = {city.city.id for city in after.cities}
    for old in before.cities:
        if old.city.id not in new_ids:
            changes.append(Change(old.city.id, old.city.name, "city", old.city.id, old.city.name,
                                  _EMPTY, Text(zh="城市已删除", en="city removed"), None))
    return changes


def _compare_entries(old_city: CityData, city: CityData, kind: str, old: dict, new: dict) -> Iterator[Change]:
    from .sitemodel import indicator_path, item_path

    for entry_id, entry in new.items():
        path = indicator_path(city.city.id, entry_id) if kind == "indicator" else item_path(city.city.id, entry)
        title = entry.name if kind == "indicator" else entry.title
        base = dict(city=city.city.id, city_name=city.city.name, kind=kind, entry=entry_id, title=title, path=path)
        previous = old.get(entry_id)
        if previous is None:
            yield Change(**base, what=_EMPTY, before=None, after=Text(zh="新增", en="added"))
            continue
        fields = _indicator_fields if kind == "indicator" else _item_fields
        for what, formatted in fields():
            a, b = formatted(previous), formatted(entry)
            if a != b:
                yield Change(**base, what=what, before=a, after=b)
    for entry_id, entry in old.items():
        if entry_id not in new:
            title = entry.name if kind == "indicator" else entry.title
            yield Change(city.city.id, city.city.name, kind, entry_id, title, _EMPTY, Text(zh="已有", en="present"), None)


def _indicator_fields():
    def figure(attr):
        return lambda ind: _both(lambda lang: formatting.figure(getattr(ind, attr), ind.unit, lang))

    def observations(ind: Indicator) -> Text:
        return _both(lambda lang: "；".join(f"{o.year}: {formatting.number(o.value)}" for o in sorted(ind.observations, key=lambda o: o.year)))

    return [
        (Text(zh="2020年", en="2020"), figure("baseline")),
        (Text(zh="2025年目标", en="2025 target"), figure("target")),
        (Text(zh="年度观测值", en="observations"), observations),
        (Text(zh="属性", en="type"), lambda ind: _t({"binding": "约束性", "expected": "预期性"}[ind.attribute.value], ind.attribute.value)),
        (Text(zh="名称", en="name"), lambda ind: _t(ind.name.zh, ind.name.en)),
        (Text(zh="指标解释", en="definition"), lambda ind: _t(ind.definition.zh, ind.definition.en) if ind.definition else _EMPTY),
    ]


PRACTICAL_LABELS = {
    "funding": Text(zh="支出责任", en="who pays"), "lead_department": Text(zh="牵头负责单位", en="lead department"),
    "how_to_apply": Text(zh="办理方式", en="how to apply"), "fee": Text(zh="费用", en="cost"),
    "opening": Text(zh="服务地点与开放时间", en="where and when"), "contact": Text(zh="咨询", en="whom to ask"),
}


def practical(name: str):
    return lambda item: _both(lambda lang: formatting.practical(getattr(item, name), lang)) if getattr(item, name) else _EMPTY


def _item_fields():
    def standards(item: Item) -> Text:
        return _both(lambda lang: t(lang, "list_separator").join(formatting.standard(s, lang) for s in item.standards))

    def text(attr):
        return lambda item: _t(getattr(item, attr).zh, getattr(item, attr).en) if getattr(item, attr) else _EMPTY

    return [
        (Text(zh="服务标准", en="standard"), standards),
        (Text(zh="服务对象", en="who is eligible"), text("eligibility")),
        (Text(zh="条件", en="conditions"), text("conditions")),
        (Text(zh="服务内容", en="what you get"), text("text")),
        (Text(zh="名称", en="title"), text("title")),
        # What a resident acts on (issue 15): a new office, number, fee or opening hours is a change to report.
        *[(PRACTICAL_LABELS[name], practical(name)) for name in PRACTICAL_FIELDS],
    ]


def describe(changes: Iterable[Change], fmt: str = "text") -> str:
    """The report, in Chinese then English; `fmt` is "text" (terminal) or "markdown" (CI summary)."""
    changes = list(changes)
    if not changes:
        return "数据没有变化 / No change in the data\n" if fmt == "text" else "**数据没有变化 / No change in the data**\n"
    if fmt == "markdown":
        out = [f"### 数据变化 / Data changes ({len(changes)})", ""]
        for c in changes:
            out.append(f"- {_md(c.line('zh'))}  \n  {_md(c.line('en'))}")
        return "\n".join(out) + "\n"
    out = [f"数据变化 / Data changes: {len(changes)}"]
    for c in changes:
        out += [f"- {c.line('zh')}", f"  {c.line('en')}"]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text)


# ---- git ------------------------------------------------------------------------
#
# A revision's data is read blob by blob, not through `git archive` and tarfile: the tree
# listing gives each file's kind and size before anything is read, so only regular files
# are written (no symlink can point out of the temporary directory) and a revision whose
# data/ is too large is refused without reading it. `.gitattributes` of the revision
# (export-ignore, export-subst) have no say either.

MAX_DATA_BYTES = 32_000_000  # data/ today: 60 files, 0.6 MB
MAX_DATA_FILES = 5_000
_MAX_LISTING_BYTES = MAX_DATA_FILES * 600  # one ls-tree line: mode, id, size and a path
_REGULAR_FILE_MODES = {"100644", "100755"}  # not 120000 (symlink) nor 160000 (submodule)


def dataset_at(repo: Path, rev: str, past: bool = False) -> Dataset:
    """The validated data of a git revision. Raises DataErrors if it was invalid, and
    GitError (a DataErrors) if git cannot give it: a refused or unknown revision, data/
    too large, no git, no repository.

    `past=True` reads it as the history does (validate.load_dataset): upgraded to today's
    schema by generator.data.migrations, checked for shape and references; a revision
    without any data/ is then an empty dataset (nothing was published yet)."""
    sha = resolve_commit(repo, rev)
    with tempfile.TemporaryDirectory(prefix="data-at-") as tmp:
        written = _write_data_files(repo, sha, Path(tmp))
        if past and not written:
            return Dataset(Path(tmp), [], [], [])
        return load_dataset(Path(tmp), past=past)


def _write_data_files(repo: Path, sha: str, into: Path) -> int:
    """Writes the regular files of data/ at a commit under `into`; returns how many."""
    blobs = _data_blobs(repo, sha)
    contents = _read_blobs(repo, [blob for _, blob in blobs])
    for (relative, _), content in zip(blobs, contents, strict=True):
        target = into.joinpath(*relative.split("/"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        except OSError as exc:  # a crafted tree (a name too long, a file where a folder is): no traceback
            raise GitError(f"无法写出版本 {sha[:10]} 的数据文件 {relative}",
                           f"cannot write out {relative} of {sha[:10]}: {exc.strerror or exc}") from None
    return len(blobs)


def _data_blobs(repo: Path, sha: str) -> list[tuple[str, str]]:
    """(path, blob id) of every regular file under data/ at a commit, within the limits."""
    listing, more = read_bounded(repo, ["ls-tree", "-r", "-l", "-z", sha, "--", "data"], _MAX_LISTING_BYTES)
    if more:
        raise _too_large(sha, f"more than {MAX_DATA_FILES:,} files", f"超过 {MAX_DATA_FILES:,} 个文件")
    blobs, total = [], 0
    for entry in filter(None, listing.split(b"\0")):
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, blob, size = meta.split()
        relative = raw_path.decode("utf-8", "surrogateescape")
        if mode.decode() not in _REGULAR_FILE_MODES or kind != b"blob" or not _is_plain_path(relative):
            continue
        total += int(size)
        blobs.append((relative, blob.decode("ascii")))
    if len(blobs) > MAX_DATA_FILES or total > MAX_DATA_BYTES:
        raise _too_large(sha, f"{len(blobs):,} files, {total:,} bytes; the limit is {MAX_DATA_FILES:,} files, "
                              f"{MAX_DATA_BYTES:,} bytes", f"{len(blobs):,} 个文件，{total:,} 字节")
    return blobs


def _is_plain_path(relative: str) -> bool:
    """Under data/, without empty, `.` or `..` parts (git refuses to store them; a crafted tree might not)."""
    parts = relative.split("/")
    return parts[0] == "data" and len(parts) > 1 and not any(p in ("", ".", "..") for p in parts)


def _too_large(sha: str, en: str, zh: str) -> GitError:
    return GitError(f"版本 {sha[:10]} 的 data/ 太大（{zh}）", f"data/ at {sha[:10]} is too large ({en})")


def _read_blobs(repo: Path, blobs: list[str]) -> list[bytes]:
    """The contents of blobs, in one `git cat-file --batch` (sizes already checked by the listing)."""
    if not blobs:
        return []
    out = run_git(repo, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode("ascii"))
    contents, pos = [], 0
    for _ in blobs:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        contents.append(out[header_end + 1: header_end + 1 + size])
        pos = header_end + 1 + size + 1  # the content is followed by a newline
    return contents


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO 8601, committer date
    subject: str
    parent: str = ""  # the first parent's sha; "" for a root commit

    @property
    def date_day(self) -> str:
        return self.date[:10]


def data_commits(repo: Path, limit: int = 200) -> list[Commit]:
    """Commits that touched data/, newest first. GitError without git or outside a repository."""
    try:
        out = run_git(repo, "log", f"-{int(limit)}", "--format=%H%x09%P%x09%cI%x09%s", "--", "data")
    except subprocess.CalledProcessError:
        return []  # a repository without commits yet
    commits = []
    for line in out.decode("utf-8", "replace").splitlines():
        if line.count("\t") >= 3:
            sha, parents, date, subject = line.split("\t", 3)
            commits.append(Commit(sha, date, subject, parents.split(" ")[0]))
    return commits


# ---- cached history, for the "what changed" pages and feeds ---------------------------


def _to_json(change: Change) -> dict:
    out = {}
    for name in Change.__dataclass_fields__:
        value = getattr(change, name)
        out[name] = value.model_dump() if isinstance(value, Text) else value  # Text → dict; None → null
    return out


def _from_json(data: dict) -> Change:
    fields: dict[str, Any] = {k: Text(**v) if isinstance(v, dict) else v for k, v in data.items()}  # None stays None
    return Change(**fields)


def cache_version() -> str:
    """The code that decides what history() finds and how it words it: this module and
    every module of the generator it imports (loading, validation, formatting, the
    interface strings), found from the imports, so the key cannot leave one out."""
    return code_version("site/changes.py")


@dataclass(frozen=True)
class Recorded:
    """One data commit as the history shows it: the changes a reader would notice, or,
    when the commit could not be read, why (never left out in silence)."""

    commit: Commit
    changes: list[Change]
    unreadable: Optional[Text] = None  # "…: why", in both languages; None when read


def history(repo: Path, cache_dir: Optional[Path] = None, limit: int = 30) -> list[Recorded]:
    """What each data commit changed for readers, against its parent, newest first.

    Old commits are read in today's shape (dataset_at(..., past=True): one migration per
    change of the schema, generator.data.migrations). A commit that still cannot be read —
    its data (or its parent's) is malformed, too large, holds a YAML bomb, or git fails on
    it — is listed with the reason, and warned about on stderr: history is read on every
    build, and an old commit, even one reverted long ago, must never stop a build of today's
    valid data. A commit that changed nothing a reader sees (a plan text, the editors'
    JSON Schemas) is not listed. With `cache_dir`, each commit's outcome is remembered on
    disk, keyed by the commit and by cache_version(): a commit never changes, so it is
    compared once per machine and per version of the code that compares."""
    try:
        commits = data_commits(repo, limit)
    except GitError as exc:
        _warn(f"没有变更历史：{exc.zh}", f"no change history: {exc.en}")
        return []
    cache = _HistoryCache(versioned_folder(cache_dir, cache_version())) if cache_dir is not None else None
    load = _DatasetLoader(repo)
    result = []
    for i, commit in enumerate(commits):
        outcome = cache.get(commit.sha) if cache is not None else None
        if outcome is None:
            outcome = _compare_commit(load, commit, commits[i + 1:])
            if cache is not None and not outcome.transient:
                cache.put(commit.sha, outcome)
        if outcome.changes or outcome.unreadable:
            result.append(Recorded(commit, outcome.changes, outcome.unreadable))
    return result


@dataclass(frozen=True)
class _Outcome:
    changes: list[Change]
    unreadable: Optional[Text] = None  # why the commit could not be compared; None when it was
    transient: bool = False  # a failure that may not recur (a full disk): not cached


_NOTHING = Dataset(Path("."), [], [], [])  # before the first commit


class _DatasetLoader:
    """dataset_at (as the history reads it), once per revision (a commit is the next one's
    parent); failures kept too."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.loaded: dict[str, Dataset | BaseException] = {}

    def __call__(self, rev: str) -> Dataset:
        if not rev:
            return _NOTHING
        if rev not in self.loaded:
            try:
                self.loaded[rev] = dataset_at(self.repo, rev, past=True)
            except Exception as exc:  # noqa: BLE001 — see _compare_commit
                self.loaded[rev] = exc
        found = self.loaded[rev]
        if isinstance(found, BaseException):
            raise found
        return found


def _compare_commit(load: _DatasetLoader, commit: Commit, older: list[Commit]) -> _Outcome:
    """The changes a commit made (the first one: the cities it added), or why it could
    not be read (warned on stderr).

    Any exception is an unreadable commit, not only the expected ones (DataErrors, GitError,
    MemoryError, UnicodeDecodeError, OSError, CalledProcessError): whatever an old commit
    holds, the build of today's data goes on, and the page says what went wrong."""
    try:
        after = load(commit.sha)
    except Exception as exc:  # noqa: BLE001
        return _unreadable(commit, exc)
    try:
        return _Outcome(compare(_data_before(load, commit, older), after))
    except Exception as exc:  # noqa: BLE001
        return _unreadable(commit, exc, before=True)


def _data_before(load: _DatasetLoader, commit: Commit, older: list[Commit]) -> Dataset:
    """The data a commit changed: its parent's; when that cannot be read (it is listed as
    unreadable itself), the newest older data commit's that can, so that a commit that
    repairs broken data shows what changed since the last version that could be read."""
    try:
        return load(commit.parent)
    except Exception as first:  # noqa: BLE001
        for previous in older:
            try:
                return load(previous.sha)
            except Exception:  # noqa: BLE001
                continue
        raise first


def _unreadable(commit: Commit, exc: BaseException, before: bool = False) -> _Outcome:
    zh, en = _reason(exc)
    if before:
        zh, en = f"之前的数据无法读取：{zh}", f"the data before it could not be read: {en}"
    _warn(f"变更历史无法读取提交 {commit.sha[:10]}：{zh}", f"history cannot read commit {commit.sha[:10]}: {en}")
    return _Outcome([], unreadable=Text(zh=_one_line(zh), en=_one_line(en)), transient=isinstance(exc, OSError))


def _reason(exc: BaseException) -> tuple[str, str]:
    """Why a commit could not be read, in Chinese and English, in one line."""
    if isinstance(exc, GitError):
        return exc.zh, exc.en
    if isinstance(exc, DataErrors) and exc.errors:
        n, first = len(exc.errors), exc.errors[0]
        field = f" {first.field}" if first.field else ""
        return (f"数据有 {n} 处错误，第一处：{first.where}{field}：[{first.code}] {first.text('zh')}",
                f"{n} problem{'s' if n != 1 else ''} in its data; the first: {first}")
    if isinstance(exc, MemoryError):
        return "内存不足", "out of memory"
    return f"读取失败（{type(exc).__name__}: {exc}）", f"{type(exc).__name__}: {exc}"


def _one_line(text: str, limit: int = 300) -> str:
    """A reason as a page or a feed shows it: one line, printable, capped (it may quote the
    old commit's data)."""
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _warn(zh: str, en: str) -> None:
    """One line on stderr. The reason may quote an old commit's data: its control characters
    are escaped, so that it cannot rewrite a terminal or a CI log, and its length is capped."""
    line = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in f"{zh} / {en}")
    print(line if len(line) <= 500 else line[:499] + "…", file=sys.stderr)


class _HistoryCache:
    """One JSON file per commit: {"changes": [...]} or {"unreadable": {"zh": …, "en": …}}."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, sha: str) -> Optional[_Outcome]:
        path = self.folder / f"{sha}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if "unreadable" in stored:
                return _Outcome([], unreadable=Text(**stored["unreadable"]))
            return _Outcome([_from_json(c) for c in stored["changes"]])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None  # not cached, or unreadable: compare again

    def put(self, sha: str, outcome: _Outcome) -> None:
        stored = ({"unreadable": outcome.unreadable.model_dump()} if outcome.unreadable
                  else {"changes": [_to_json(c) for c in outcome.changes]})
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{sha}.json").write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
