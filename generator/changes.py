"""What changed for readers between two versions of the data.

`compare(before, after)` lists the changes a reader would notice — an amount,
a target, an entry added or removed, a translation — each written in both
languages from the same formatters the site uses. `dataset_at(repo, rev)`
loads the data of any git revision, so `site_build.py diff BASE HEAD`, the
"what changed" pages and the Atom feeds all share this one engine.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from . import formatting
from .schema import Indicator, Item, Text
from .validate import CityData, Dataset, load_dataset


@dataclass(frozen=True)
class Change:
    city: str  # city id
    city_name: Text
    kind: str  # "indicator" | "item" | "overview"
    entry: str  # entry id
    title: Text  # the entry's name
    what: Text  # the field, in reader's words (— for added/removed)
    before: Optional[Text]  # formatted; None when the entry was added
    after: Optional[Text]  # formatted; None when the entry was removed
    path: str = ""  # language-independent page path, when the entry has a page

    def line(self, lang: str) -> str:
        city = self.city_name[lang]
        title = self.title[lang]
        if self.before is None:
            return f"{city} · {title}：{_new(lang)}" if lang == "zh" else f"{city} · {title}: {_new(lang)}"
        if self.after is None:
            return f"{city} · {title}：{_gone(lang)}" if lang == "zh" else f"{city} · {title}: {_gone(lang)}"
        what = self.what[lang]
        if lang == "zh":
            return f"{city} · {title}{'（' + what + '）' if what else ''}：{self.before.zh} → {self.after.zh}"
        return f"{city} · {title}{' (' + what + ')' if what else ''}: {self.before.en} → {self.after.en}"


def _new(lang: str) -> str:
    return "新增" if lang == "zh" else "added"


def _gone(lang: str) -> str:
    return "已删除" if lang == "zh" else "removed"


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


def _item_fields():
    def standards(item: Item) -> Text:
        return _both(lambda lang: ("；" if lang == "zh" else "; ").join(formatting.standard(s, lang) for s in item.standards))

    def text(attr):
        return lambda item: _t(getattr(item, attr).zh, getattr(item, attr).en) if getattr(item, attr) else _EMPTY

    return [
        (Text(zh="服务标准", en="standard"), standards),
        (Text(zh="服务对象", en="who is eligible"), text("eligibility")),
        (Text(zh="条件", en="conditions"), text("conditions")),
        (Text(zh="服务内容", en="what you get"), text("text")),
        (Text(zh="名称", en="title"), text("title")),
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


def dataset_at(repo: Path, rev: str) -> Dataset:
    """The validated data of a git revision (raises DataErrors if it was invalid)."""
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev, "data"],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="data-at-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return load_dataset(Path(tmp))


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO 8601, committer date
    subject: str

    @property
    def date_day(self) -> str:
        return self.date[:10]


def data_commits(repo: Path, limit: int = 200) -> list[Commit]:
    """Commits that touched data/, newest first."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", f"-{limit}", "--format=%H%x09%cI%x09%s", "--", "data"],
                             capture_output=True, text=True, check=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        return []
    return [Commit(*line.split("\t", 2)) for line in out.splitlines() if line.count("\t") >= 2]


# ---- cached history, for the "what changed" pages and feeds ---------------------------


def _to_json(change: Change) -> dict:
    out = {}
    for name in Change.__dataclass_fields__:
        value = getattr(change, name)
        out[name] = value.model_dump() if isinstance(value, Text) else value  # Text → dict; None → null
    return out


def _from_json(data: dict) -> Change:
    return Change(**{k: Text(**v) if isinstance(v, dict) else v for k, v in data.items()})  # None stays None


def history(repo: Path, cache_dir: Optional[Path] = None, limit: int = 30) -> list[tuple[Commit, list[Change]]]:
    """Reader-facing changes of each data commit against its parent, newest first.

    Commits whose data (or whose parent's) does not validate under today's schema
    are skipped. With `cache_dir`, each commit's changes are remembered on disk:
    a commit never changes, so it is compared once per machine."""
    import json

    from .errors import DataErrors

    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    result = []
    loaded: dict[str, Optional[Dataset]] = {}

    def load(rev: str) -> Optional[Dataset]:
        if rev not in loaded:
            try:
                loaded[rev] = dataset_at(repo, rev)
            except (DataErrors, subprocess.CalledProcessError):
                loaded[rev] = None
        return loaded[rev]

    for commit in data_commits(repo, limit):
        path = cache_dir / f"{commit.sha}.json" if cache_dir is not None else None
        if path is not None and path.is_file():
            changes = [_from_json(c) for c in json.loads(path.read_text(encoding="utf-8"))]
        else:
            after, before = load(commit.sha), load(f"{commit.sha}^")
            changes = compare(before, after) if after is not None and before is not None else []
            if path is not None:
                path.write_text(json.dumps([_to_json(c) for c in changes], ensure_ascii=False), encoding="utf-8")
        if changes:
            result.append((commit, changes))
    return result
