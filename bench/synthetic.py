"""Synthetic cities for the benchmark's scale curve (bench/bench.py); never used by the site.

``write_project(dest, n)`` writes a throw-away project under ``dest`` — a copy of
data/ whose cities are ``synthetic-001`` … ``synthetic-NNN`` only, the
hand-written content/ with its links pointed at them, and a mkdocs.yml that
inherits the real one — so that ``build_site(dest, …, dest / "mkdocs.yml")``
builds a site of n cities with the real generator, theme and hooks.

Each synthetic city is a real one (round-robin over data/cities/) with the same
shape — every indicator, item, box, domain overview and the whole plan text —
and different numbers. One deterministic, seeded substitution of numbers is
applied to *both* the structured values and every text (quotes, titles, the
plan text itself), so the provenance checks (quote found in the plan, number
found in the quote) still pass, and validation runs on the result as on real
data. Names are marked: 合成001市 / Synthetic-001, document id synthetic-001-plan.

What the substitution leaves alone, so that the text still parses as the plan:
integers 0–40 (box, item, row and chapter numbers, numbers also written as
Chinese numerals: 两次, 三级), years 1900–2100, and units ("100%"). Other
numbers are scaled by a per-city factor: ×0.85–1.0 for values up to 100 (so
percentages stay ≤ 100), ×1.0–1.25 above 100 (so min ≤ max still holds),
rounded to the number's own decimals.

Nothing here writes under the project's data/: ``dest`` must be elsewhere.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

import yaml

from generator.data import provenance
from generator.data.validate import DATA_DIR, SOURCES_DIR

PROJECT = Path(__file__).resolve().parent.parent
PREFIX = "synthetic-"
# Keys whose numbers are places or years, not claims: never varied.
_PLACE_KEYS = {"row", "box", "item", "chapter", "number", "year", "min_age", "max_age"}
# Keys whose strings are identifiers or codes, not text: never rewritten (ids are renamed separately).
_ID_KEYS = {"id", "code", "domain", "kind", "period", "comparator", "attribute", "table", "audiences",
            "date", "file", "document", "finder"}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s#]+\.md)(#[^)\s]*)?\)")


def city_id(n: int) -> str:
    return f"{PREFIX}{n:03d}"


def real_cities(root: Path = PROJECT) -> list[str]:
    base = root / DATA_DIR / "cities"
    return sorted(p.name for p in base.iterdir() if (p / "city.yml").is_file() and not p.name.startswith(PREFIX))


# ---- the number substitution ------------------------------------------------------


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 0
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


@dataclass(frozen=True)
class Variation:
    """A deterministic change of numbers: the same value always becomes the same value."""

    low: float  # factor for values ≤ 100
    high: float  # factor for values > 100

    @classmethod
    def seeded(cls, seed: str) -> Variation:
        rng = random.Random(seed)
        return cls(low=0.85 + 0.15 * rng.random(), high=1.0 + 0.25 * rng.random())

    def number(self, value: float) -> float:
        if value <= 0:
            return value
        if float(value).is_integer() and (value <= 40 or 1900 <= value <= 2100):
            return value
        d = _decimals(value)
        varied = round(value * (self.low if value <= 100 else self.high), d)
        if varied <= 0:
            return value
        return int(varied) if d == 0 else varied

    def value(self, value: int | float) -> int | float:
        """A structured value of the YAML, keeping its type (int stays int)."""
        varied = self.number(value)
        return int(varied) if isinstance(value, int) else float(varied)

    def text(self, text: str) -> str:
        """Every number written in the text, found as provenance.numbers_in finds it."""
        scan = text.translate(_FULLWIDTH)  # same length: spans map back one to one
        out, last = [], 0
        for m in provenance._NUMBER.finditer(scan):
            token = m.group()
            if scan[max(0, m.start() - 4):m.start()] == "per ":
                continue  # "per 1,000 population" is a unit (a glossary term), not a figure
            value = float(token.replace(",", ""))
            varied = self.number(value)
            if varied == value:
                continue
            decimals = max(_decimals(varied), len(token.split(".")[1]) if "." in token else 0)
            shown = f"{varied:,.{decimals}f}" if "," in token else f"{varied:.{decimals}f}"
            if "，" in text[m.start():m.end()]:
                shown = shown.replace(",", "，")  # the separator the text used
            out += [text[last:m.start()], shown]
            last = m.end()
        out.append(text[last:])
        return "".join(out)


# ---- one synthetic city -------------------------------------------------------------


@dataclass(frozen=True)
class Renaming:
    city: tuple[str, str]  # real id → synthetic id
    document: tuple[str, str]
    file: tuple[str, str]
    names: tuple[tuple[str, str], ...]  # text replacements, longest first (上饶 → 合成001)

    def ident(self, value: str) -> str:
        for old, new in (self.city, self.document, self.file):
            if value == old:
                return new
        return value

    def text(self, text: str) -> str:
        for old, new in self.names:
            text = text.replace(old, new)
        return text


def _walk(obj: Any, key: str | None, vary: Variation, rename: Renaming) -> Any:
    if isinstance(obj, dict):
        return {k: (v if k == "unit" else _walk(v, k, vary, rename)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_walk(v, key, vary, rename) for v in obj]
    if isinstance(obj, bool) or obj is None:
        return obj
    if isinstance(obj, (int, float)):
        return obj if key in _PLACE_KEYS else vary.value(obj)
    if isinstance(obj, str):
        if key in _ID_KEYS:
            return rename.ident(obj)
        return rename.text(vary.text(obj))  # numbers first: the new names hold digits
    return obj


def _names(root: Path, real: str, n: int) -> tuple[tuple[str, str], ...]:
    """Text replacements that mark a city as synthetic: 上饶 → 合成001, Shangrao → Synthetic-001."""
    city_yml = yaml.safe_load((root / DATA_DIR / "cities" / real / "city.yml").read_text(encoding="utf-8"))
    zh, en = city_yml["name"]["zh"].removesuffix("市"), city_yml["name"]["en"]
    return tuple(sorted({(zh, f"合成{n:03d}"), (en, f"Synthetic-{n:03d}")}, key=lambda p: -len(p[0])))


def write_city(root: Path, dest_data: Path, real: str, n: int, seed: int = 0) -> str:
    """data/cities/<real> and its plan text as data/cities/synthetic-NNN under dest_data."""
    new_id = city_id(n)
    src = root / DATA_DIR / "cities" / real
    city_yml = yaml.safe_load((src / "city.yml").read_text(encoding="utf-8"))
    doc = city_yml["document"]
    rename = Renaming(
        city=(real, new_id),
        document=(doc["id"], f"{new_id}-plan"),
        file=(doc["file"], f"{new_id}.txt"),
        names=_names(root, real, n),
    )
    vary = Variation.seeded(f"{seed}:{n}:{real}")
    out = dest_data / "cities" / new_id
    for path in sorted(src.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = out / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(_walk(data, None, vary, rename), allow_unicode=True, sort_keys=False, width=1 << 20)
        target.write_text(f"# SYNTHETIC benchmark data derived from data/cities/{real}/{path.relative_to(src).as_posix()}; "
                          "numbers are changed, not real.\n" + text, encoding="utf-8")
    plan = (root / DATA_DIR / SOURCES_DIR / doc["file"]).read_text(encoding="utf-8")
    (dest_data / SOURCES_DIR).mkdir(parents=True, exist_ok=True)
    (dest_data / SOURCES_DIR / f"{new_id}.txt").write_text(rename.text(vary.text(plan)), encoding="utf-8")
    return new_id


# ---- a whole project ------------------------------------------------------------------


def write_data(dest: Path, n_cities: int, root: Path = PROJECT, seed: int = 0) -> list[str]:
    """dest/data: the shared files of root/data and n synthetic cities (no real city)."""
    if dest.resolve() == root.resolve() or (root / DATA_DIR).resolve() in (dest / DATA_DIR).resolve().parents:
        raise ValueError("synthetic data must not be written into the project's data/")
    data = dest / DATA_DIR
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    for item in (root / DATA_DIR).iterdir():
        if item.name in ("cities", SOURCES_DIR, "schema"):
            continue
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, data / item.name)
    reals = real_cities(root)
    return [write_city(root, data, reals[(n - 1) % len(reals)], n, seed) for n in range(1, n_cities + 1)]


def write_content(dest: Path, page_uris: set[str], root: Path = PROJECT) -> None:
    """dest/content: the hand-written pages, links to real cities pointed at the synthetic
    ones and any link to a page the synthetic site lacks (the comparison, for one city)
    turned into plain text, so that the `strict` build passes."""
    reals = real_cities(root)
    content = dest / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(root / "content", content)
    md_files = {p.relative_to(content).as_posix() for p in content.rglob("*.md")}
    existing = md_files | page_uris
    synthetic = sorted(p.name for p in (dest / DATA_DIR / "cities").iterdir())
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for i, real in enumerate(reals):
            new = synthetic[i % len(synthetic)]
            text = text.replace(f"cities/{real}/", f"cities/{new}/")
            for old_name, new_name in _names(root, real, int(new.removeprefix(PREFIX))):
                text = text.replace(old_name, new_name)
        here = path.parent.relative_to(content).as_posix()

        def keep_or_unlink(m: re.Match, here: str = here) -> str:
            target = m.group(2)
            resolved = _normalise(f"{here}/{target}" if here != "." else target)
            return m.group(0) if resolved in existing else m.group(1)

        path.write_text(_MD_LINK.sub(keep_or_unlink, text), encoding="utf-8")


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def write_config(dest: Path, root: Path = PROJECT) -> Path:
    """dest/mkdocs.yml: the real configuration (theme, hooks, extensions, `strict`),
    with only docs_dir pointing at dest/content. Paths are made absolute, as MkDocs
    resolves an inherited file's relative paths against the inheriting one."""
    from mkdocs.config import load_config

    real = load_config(str(root / "mkdocs.yml"))
    hooks = "\n".join(f"  - {(root / name).as_posix()}" for name in real.hooks)
    custom_dir = f"  custom_dir: {Path(real.theme.custom_dir).as_posix()}\n" if real.theme.custom_dir else ""
    path = dest / "mkdocs.yml"
    path.write_text(
        "# SYNTHETIC benchmark project (bench/synthetic.py): the real configuration, other data.\n"
        f"INHERIT: {(root / 'mkdocs.yml').as_posix()}\n"
        "docs_dir: content\n"
        f"theme:\n{custom_dir}"
        f"hooks:\n{hooks}\n",
        encoding="utf-8",
    )
    return path


def write_project(dest: Path, n_cities: int, root: Path = PROJECT, seed: int = 0,
                  check: Callable[[Path], Any] | None = None) -> dict:
    """A complete synthetic project under dest; validated (raises DataErrors if the
    substitution ever broke provenance). Returns a summary."""
    from generator.site.sitemodel import build_site_model
    from generator.data.validate import load_dataset

    ids = write_data(dest, n_cities, root, seed)
    dataset = load_dataset(dest)  # the same validation as a real build: quotes, numbers, references
    model = build_site_model(dataset)
    write_content(dest, {p.src_uri for p in model.pages}, root)
    config = write_config(dest, root)
    return {
        "cities": ids,
        "derived_from": [real_cities(root)[(n - 1) % len(real_cities(root))] for n in range(1, n_cities + 1)],
        "seed": seed,
        "generated_pages": len(model.pages),
        "indicators": sum(len(c.indicators) for c in dataset.cities),
        "items": sum(len(c.items) for c in dataset.cities),
        "config": str(config),
    }
