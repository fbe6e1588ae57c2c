"""Stage 2: turn loaded YAML into typed, cross-checked models.

``load_dataset(root)`` reads every file under ``data/``, validates each against
its model in ``generator.data.schema``, then checks what spans files: unique ids,
references between files, and provenance (quotes found in the plan, numbers
found in quotes). It returns a ``Dataset`` or raises ``DataErrors`` listing
every problem at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Mapping

from pydantic import ValidationError

from ..caching import Bounded, files_digest
from . import meaning, messages, migrations, practical, provenance, sourcedoc, units
from .errors import DataError, DataErrors
from .loader import LoadedFile, Locations, load_file
from .schema import (
    Audience,
    AudiencesFile,
    City,
    CityFile,
    Domain,
    DomainOverview,
    DomainOverviewFile,
    DocumentsFile,
    DomainsFile,
    GlossaryFile,
    Document,
    RegisteredDocument,
    SynonymsFile,
    IndicatorCode,
    IndicatorCodesFile,
    GlossaryTerm,
    Indicator,
    IndicatorsFile,
    Item,
    LicenceFile,
    ItemsFile,
    CLOCK_PATTERN,
    DATA_FILE_PATTERN,
    PHONE_PATTERN,
    SAFE_NAME,
    SAFE_NAME_PATTERN,
    model_for,
)

DATA_DIR = "data"
SOURCES_DIR = "sources"  # under data/: the plan texts, not validated as YAML
# Folders under data/ whose files are not YAML data (the plan texts, checked by provenance):
# no schema model, but their links are confined like any other. data/search/ holds the
# search synonyms (YAML, validated here).
OTHER_STAGES_DIRS = {SOURCES_DIR}


@dataclass
class CityData:
    city: City
    indicators: list[Indicator] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    overviews: list[DomainOverview] = field(default_factory=list)
    # where each entry is defined, for "edit this" links: entry id -> (file, line)
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass
class Dataset:
    root: Path
    domains: list[Domain]
    audiences: list[Audience]
    cities: list[CityData]
    glossary: list[GlossaryTerm] = field(default_factory=list)
    synonyms: SynonymsFile = field(default_factory=SynonymsFile)
    # Shared indicator codes and the common unit each is compared in (data/indicator-codes.yml).
    codes: dict[str, IndicatorCode] = field(default_factory=dict)
    # How the published data may be reused (data/licence.yml); None in a project without one.
    licence: LicenceFile | None = None
    # Official documents for every city (data/documents.yml): the national standard, for instance.
    documents: list[RegisteredDocument] = field(default_factory=list)

    def source_path(self, city: CityData) -> Path:
        return self.document_path(city.city.document)

    def document_path(self, document: Document) -> Path:
        """The verbatim text of a document (a plan or a registered document), in data/sources/."""
        return self.root / DATA_DIR / SOURCES_DIR / document.file

    def documents_of(self, city: CityData) -> list[Document]:
        """Every document this city's sources may cite, the plan first, then the city's own
        documents, then the site-wide ones: the documents "checked" when a field is unknown."""
        return [city.city.document, *city.city.documents, *self.documents]

    def document(self, document_id: str) -> Document | None:
        """A document by id, whichever city (or the site) registered it; ids are unique site-wide."""
        for doc in self.all_documents():
            if doc.id == document_id:
                return doc
        return None

    def all_documents(self) -> list[Document]:
        """Every document of the site once: each city's plan and own documents, then the site-wide ones."""
        return [*(d for c in self.cities for d in (c.city.document, *c.city.documents)), *self.documents]

    def is_plan(self, document: Document) -> bool:
        return not isinstance(document, RegisteredDocument)


def data_files(root: Path) -> list[Path]:
    """Every YAML data file under data/ that is safe to read, in a stable order."""
    return _walk_data(root)[0]


def _walk_data(root: Path) -> tuple[list[Path], list[DataError]]:
    """The YAML data files under data/, and a located error for each entry refused on the way.

    Data arrives in pull requests, so a name or a link in data/ is not trusted: every
    folder and YAML file must have a safe name (schema.SAFE_NAME: it becomes part of
    paths, page addresses and messages), and no symbolic link is followed out of data/.
    A refused entry is reported, never skipped in silence and never read.
    """
    data = root / DATA_DIR
    if data.is_symlink():
        return [], [DataError(DATA_DIR, 0, 0, "", "data-is-link")]
    if not data.is_dir():
        return [], []
    files: list[Path] = []
    errors: list[DataError] = []
    _walk_folder(root, data, data.resolve(), files, errors)
    return sorted(files), errors


def _walk_folder(root: Path, folder: Path, inside: Path, files: list[Path], errors: list[DataError]) -> None:
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            path = Path(entry.path)
            shown = _printable(path.relative_to(root).as_posix())
            if entry.is_symlink():
                error = _link_error(path, inside, shown)
                if error is not None:
                    errors.append(error)
                    continue
            if entry.is_dir():
                if not SAFE_NAME_PATTERN.match(entry.name):
                    errors.append(DataError(shown, 0, 0, "", "bad-folder-name"))
                elif not path.is_symlink():
                    _walk_folder(root, path, inside, files, errors)
            elif _is_yaml(entry.name) and _holds_data(root, folder):
                if not DATA_FILE_PATTERN.match(entry.name):
                    errors.append(DataError(shown, 0, 0, "", "bad-file-name"))
                elif entry.is_file():
                    files.append(path)


def _link_error(path: Path, inside: Path, shown: str) -> DataError | None:
    """A symbolic link is refused when it leads out of data/ (or nowhere), or to a folder:
    following folder links would read files twice, or forever around a loop."""
    target = _real(path)
    if not target.is_relative_to(inside):
        return DataError(shown, 0, 0, "", "link-outside-data")
    if not target.exists():
        return DataError(shown, 0, 0, "", "link-leads-nowhere")
    if target.is_dir():
        return DataError(shown, 0, 0, "", "link-to-folder")
    return None


def _real(path: Path) -> Path:
    """Where a path really leads. os.path.realpath, unlike Path.resolve in Python 3.11, does not
    raise on a link loop (a → a): it returns a path that does not exist, refused as leading nowhere."""
    return Path(os.path.realpath(path))


def _holds_data(root: Path, folder: Path) -> bool:
    """False for a folder of another stage's files (OTHER_STAGES_DIRS) and its subfolders."""
    top = folder.relative_to(root / DATA_DIR).parts[:1]
    return not top or top[0] not in OTHER_STAGES_DIRS


def _is_yaml(name: str) -> bool:
    return name.lower().endswith((".yml", ".yaml"))


def _printable(text: str) -> str:
    """Text (a path, a value) as messages print it: control characters escaped, so that a file
    name or a value with a line break or a terminal escape cannot forge or hide report lines."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# A few projects' datasets (the tests load many fixture projects in one process).
_memo: Bounded[tuple, Dataset] = Bounded(maxsize=4)


def fingerprint(root: Path) -> tuple:
    """Changes whenever a data file (or a plan text) changes, is added or is removed: their
    bytes, not their times (two quick saves of the same size can share a time)."""
    files = [*data_files(root), *sorted((root / DATA_DIR / SOURCES_DIR).glob("*.txt"))]
    return (str(root), files_digest(files))


def load_dataset_cached(root: Path) -> Dataset:
    """`load_dataset`, reused while no data file has changed: the CLI's validation and
    the generate stage of the same build (and `serve` between edits) share one load."""
    key = fingerprint(root)
    dataset = _memo.get(key)
    if dataset is None:
        dataset = _memo.put(key, load_dataset(root))  # invalid data raises: nothing is kept
    return dataset


def load_dataset(root: Path, *, past: bool = False) -> Dataset:
    """The data under `root`, checked; DataErrors listing every problem otherwise.

    `past=True` reads a past revision for the change history: each file is first upgraded
    to today's shape (generator.data.migrations), then checked for its shape and for its
    references to other files (ids, domains, audiences, documents, boxes, shared codes) —
    what the history needs to read it — but not against today's rules on its words: quotes
    and phrases against the plan text, the glossary, the meaning rules. Those rules gate
    new edits and have grown stricter over time; the past is a record of what was
    published, and the history shows it as it was."""
    paths, errors = _walk_data(root)
    loaded_files: list[LoadedFile] = []
    for path in paths:
        relative = path.relative_to(root).as_posix()
        loaded, load_errors = load_file(path, relative)
        errors.extend(load_errors)
        if loaded is not None:
            loaded_files.append(loaded)
    if past:
        loaded_files = _upgraded(root, loaded_files)
    parsed: list[tuple[LoadedFile, Any]] = []
    for loaded in loaded_files:
        model = model_for(loaded.path.relative_to(root / DATA_DIR).as_posix())
        if model is None:
            errors.append(DataError(loaded.relative, 0, 0, "", "unexpected-file"))
            continue
        try:
            parsed.append((loaded, model.model_validate(loaded.data)))
        except ValidationError as exc:
            errors.extend(_located(exc, loaded.locations))
    dataset = _assemble(root, parsed, errors, plan_texts=not past)
    if not past:
        # What the figures and words mean, in both languages (issue 14): comparators and hedges
        # against the plan's words, the glossary, "or more", channels, punctuation, shared codes.
        errors.extend(meaning.check(parsed, dataset.glossary))
        errors.extend(meaning.interface_errors())
    if errors:
        raise DataErrors(errors)
    return dataset


def _upgraded(root: Path, files: list[LoadedFile]) -> list[LoadedFile]:
    """A past revision's files in today's shape (generator.data.migrations), with the files a
    schema change added and the revision could not have (each stands where it would be)."""
    data = root / DATA_DIR
    upgraded = []
    for loaded in files:
        doc, applied = migrations.upgrade(loaded.path.relative_to(data).as_posix(), loaded.data)
        upgraded.append(LoadedFile(loaded.path, loaded.relative, doc, loaded.locations) if applied else loaded)
    codes = migrations.indicator_codes({f.path.relative_to(data).as_posix(): f.data for f in upgraded})
    if codes is not None:
        relative = f"{DATA_DIR}/{migrations.INDICATOR_CODES}"
        upgraded.append(LoadedFile(data / migrations.INDICATOR_CODES, relative, codes, Locations(relative)))
    return upgraded


# ---- pydantic errors in the webmaster's words --------------------------------
# Each pydantic error `type` is mapped to a code of the catalogue (generator/data/messages.py).
# The schema's own validators raise PydanticCustomError(code, English, params): their type
# is already a code, their ctx its parameters (and `at`, the field inside the model it
# concerns, which is added to the location).

_NUMBER_TYPES = {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}
_TYPE_CODES = {
    "string_type": "not-text",
    "dict_type": "not-a-mapping",
    "model_type": "not-a-mapping",
    "model_attributes_type": "not-a-mapping",
    "list_type": "not-a-list",
    "bool_type": "not-true-or-false",
    "bool_parsing": "not-true-or-false",
    **{kind: "not-a-number" for kind in _NUMBER_TYPES},
}


def _located(exc: ValidationError, locations: Locations) -> Iterable[DataError]:
    for err in exc.errors(include_url=False):
        code, params = _code(err)
        at = tuple(err.get("ctx", {}).get("at", ()))
        yield locations.error(tuple(err["loc"]) + at, code, **params)


def _code(err: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The catalogue code and parameters of one pydantic error."""
    kind, loc, value = err["type"], err["loc"], err.get("input")
    ctx = err.get("ctx", {})
    last = loc[-1] if loc else ""
    if kind in messages.CATALOGUE:  # raised by a validator of the schema, with its code
        return kind, {k: v for k, v in ctx.items() if k != "at"}
    if kind == "missing":
        return {"zh": "missing-zh", "en": "missing-en"}.get(str(last), "missing-field"), {}
    if kind == "extra_forbidden":
        return "unknown-key", {"key": _printable(str(last))}
    if kind in _TYPE_CODES:
        return _TYPE_CODES[kind], {"value": _shown(value)}
    if kind == "string_too_short":
        return "empty", {}
    if kind == "too_short":
        return "too-few-items", {"limit": ctx["min_length"]}
    if kind == "string_too_long":
        return "too-long", {"limit": ctx["max_length"]}
    if kind == "string_pattern_mismatch":
        return _pattern_code(str(last), str(ctx.get("pattern", ""))), {"value": _shown(value)}
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        if limit == 0:
            return "negative", {"value": _shown(value)}
        return "below-minimum", {"limit": _limit(limit), "value": _shown(value)}
    if kind in ("less_than_equal", "less_than"):
        return "above-maximum", {"limit": _limit(ctx.get("le", ctx.get("lt"))), "value": _shown(value)}
    if kind in ("enum", "literal_error"):
        return "not-one-of", {"allowed": ctx["expected"], "value": _shown(value)}
    return "invalid-value", {"detail": str(err["msg"]).removeprefix("Value error, ")}


def _pattern_code(field: str, pattern: str) -> str:
    """Which form was expected: dates and plan file names by their field, the rest by the
    pattern (a licence address and an id are both strings, with different rules)."""
    if field == "date":
        return "bad-date"
    if field == "file":
        return "bad-source-file-name"
    if pattern == CLOCK_PATTERN:
        return "bad-time"
    if pattern == PHONE_PATTERN:
        return "bad-phone"
    if pattern.startswith("^https?://"):
        return "bad-document-url"
    if pattern.startswith("^https://"):
        return "bad-url"
    if SAFE_NAME in pattern:
        return "bad-id"
    return "bad-licence-id"


def _limit(limit: Any) -> str:
    """A bound as the schema means it: 0 rather than 0.0."""
    return f"{limit:g}" if isinstance(limit, float) else str(limit)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        value = _printable(value)
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value) if value is not None else "nothing"


# ---- checks across files ------------------------------------------------------


def _assemble(root: Path, parsed: list[tuple[LoadedFile, Any]], errors: list[DataError], plan_texts: bool = True) -> Dataset:
    """The dataset, with the checks across files. Without `plan_texts` (a past revision), the
    plans' texts are not read and no quote is checked against them."""
    domains: list[Domain] = []
    audiences: list[Audience] = []
    glossary: list[GlossaryTerm] = []
    synonyms = SynonymsFile()
    codes: dict[str, IndicatorCode] = {}
    licence: LicenceFile | None = None
    site_documents: list[RegisteredDocument] = []
    site_texts: dict[str, Path | None] = {}
    audiences_file: LoadedFile | None = None
    cities: dict[str, CityData] = {}
    city_files: dict[str, list[tuple[LoadedFile, Any]]] = {}
    for loaded, model in parsed:
        if isinstance(model, DomainsFile):
            domains.extend(model.domains)
            _unique(model.domains, "domains", loaded.locations, errors)
        elif isinstance(model, GlossaryFile):
            glossary.extend(model.terms)
            seen: set[str] = set()
            for i, term in enumerate(model.terms):
                if term.zh in seen:
                    errors.append(loaded.locations.error(("terms", i, "zh"), "duplicate-term", term=term.zh))
                seen.add(term.zh)
        elif isinstance(model, AudiencesFile):
            audiences.extend(model.audiences)
            audiences_file = loaded
            _unique(model.audiences, "audiences", loaded.locations, errors)
        elif isinstance(model, SynonymsFile):
            synonyms = model
            _synonyms_in_one_group(model, loaded.locations, errors)
        elif isinstance(model, IndicatorCodesFile):
            for i, entry in enumerate(model.codes):
                if entry.code in codes:
                    errors.append(loaded.locations.error(("codes", i, "code"), "duplicate-code", code=entry.code))
                codes[entry.code] = entry
        elif isinstance(model, LicenceFile):
            licence = model
        elif isinstance(model, DocumentsFile):
            site_documents.extend(model.documents)
            for i, doc in enumerate(model.documents):
                site_texts[doc.id] = _plan_text(root, doc.file, loaded.locations, errors, ("documents", i, "file"))
        else:
            city_id = Path(loaded.relative).parts[2]  # data/cities/<id>/...
            city_files.setdefault(city_id, []).append((loaded, model))

    for folder in _city_folders(root):
        city_files.setdefault(folder, [])
    kinds = {type(model) for _, model in parsed}
    domain_ids = _reference_ids(domains, DomainsFile in kinds, root, "domains.yml", errors)
    audience_ids = _reference_ids(audiences, AudiencesFile in kinds, root, "audiences.yml", errors)
    # When data/documents.yml is invalid, its own errors are reported; "unknown document" for every
    # source citing one of its documents would bury them (as for domains.yml).
    documents_known = DocumentsFile in kinds or not (root / DATA_DIR / "documents.yml").exists()
    for city_id, files in sorted(city_files.items()):
        city_file = next(((lf, m) for lf, m in files if isinstance(m, CityFile)), None)
        if city_file is None:
            # When city.yml exists but is invalid, its own errors are reported already.
            if not (root / DATA_DIR / "cities" / city_id / "city.yml").is_file():
                errors.append(DataError(f"{DATA_DIR}/cities/{city_id}/city.yml", 0, 0, "", "city-file-missing"))
            continue
        lf, city = city_file
        if city.id != city_id:
            errors.append(lf.locations.error(("id",), "id-not-folder-name", folder=city_id))
        data = CityData(City(**{k: getattr(city, k) for k in City.model_fields}))
        source = _plan_text(root, city.document.file, lf.locations, errors) if plan_texts else None
        texts = {city.document.id: source, **site_texts}
        for i, doc in enumerate(city.documents):
            texts[doc.id] = _plan_text(root, doc.file, lf.locations, errors, ("documents", i, "file")) if plan_texts else None
        for i, box in enumerate(city.boxes):
            _known(box.domain, domain_ids, "domain", lf.locations, ("boxes", i, "domain"), errors)
        box_numbers = {b.number for b in city.boxes}
        ctx = _CityCheck(city, source, box_numbers, domain_ids, audience_ids, errors, codes, texts, documents_known)
        for loaded, model in files:
            if isinstance(model, IndicatorsFile):
                data.indicators.extend(model.indicators)
                ctx.entries(model.indicators, "indicators", loaded, data.origins)
            elif isinstance(model, ItemsFile):
                data.items.extend(model.items)
                ctx.entries(model.items, "items", loaded, data.origins)
            elif isinstance(model, DomainOverviewFile):
                overview = DomainOverview(**{k: getattr(model, k) for k in DomainOverview.model_fields})
                data.overviews.append(overview)
                ctx.overview(overview, loaded)
        _unique_across(data, files, errors)
        cities[city_id] = data
    if audiences_file is not None:
        _finder_answers(audiences, audiences_file.locations, list(cities.values()), codes, errors)
    _documents_unique(parsed, site_documents, errors)
    return Dataset(root, domains, audiences, [cities[k] for k in sorted(cities)], glossary, synonyms, codes, licence,
                   site_documents)


def _documents_unique(parsed: list[tuple[LoadedFile, Any]], site_documents: list, errors: list[DataError]) -> None:
    """Document ids are unique across the site: a source names a document by id alone, and each
    registered document gets one page (documents/<id>/) and one row of the documents table."""
    seen: dict[str, str] = {}
    for loaded, model in sorted(parsed, key=lambda pair: pair[0].relative):
        entries: list[tuple[tuple[str | int, ...], str]]
        if isinstance(model, CityFile):
            entries = [(("document", "id"), model.document.id)]
            entries += [(("documents", i, "id"), d.id) for i, d in enumerate(model.documents)]
        elif isinstance(model, DocumentsFile):
            entries = [(("documents", i, "id"), d.id) for i, d in enumerate(model.documents)]
        else:
            continue
        for path, doc_id in entries:
            if doc_id in seen:
                errors.append(loaded.locations.error(path, "duplicate-document-id", document=doc_id, other=seen[doc_id]))
            else:
                seen[doc_id] = loaded.relative


def _finder_answers(audiences: list[Audience], locations: Locations, cities: list[CityData],
                    codes: dict[str, IndicatorCode], errors: list[DataError]) -> None:
    """What the finder asks must lead somewhere: an audience's indicators are shared codes, its
    follow-up answers have ids unique across audiences (they share the finder's `o=` parameter)
    and each answer's words occur in the plan's items for that audience, where the finder looks
    for them (a word found nowhere would sort nothing and say nothing)."""
    seen: set[str] = set()
    for i, audience in enumerate(audiences):
        for j, code in enumerate(audience.indicators):
            if code not in codes:
                errors.append(locations.error(("audiences", i, "indicators", j), "code-not-declared", code=code))
        if audience.details is None:
            continue
        texts = [text for city in cities for item in city.items if audience.id in item.audiences
                 for text in finder_texts(item)]
        for k, option in enumerate(audience.details.options):
            path = ("audiences", i, "details", "options", k)
            if option.id in seen:
                errors.append(locations.error(path + ("id",), "duplicate-id", id=option.id))
            seen.add(option.id)
            for w, word in enumerate(option.words):
                if cities and not any(word in text for text in texts):
                    errors.append(locations.error(path + ("words", w), "answer-word-not-found", word=word, audience=audience.id))


def finder_texts(item: Item) -> list[str]:
    """The Chinese texts in which the finder looks for an answer's words: the item's title and
    eligibility, and the labels of its standards and their tiers."""
    texts = [item.title.zh, item.eligibility.zh if item.eligibility else ""]
    for std in item.standards:
        texts += [std.label.zh, *(t.label.zh for t in std.tiers)]
    return texts


def _synonyms_in_one_group(synonyms: SynonymsFile, locations: Locations, errors: list[DataError]) -> None:
    """A term in two groups would silently join them: each term belongs to one group (case-blind)."""
    for lang in ("zh", "en"):
        seen: dict[str, int] = {}
        for i, group in enumerate(getattr(synonyms, lang)):
            for j, term in enumerate(group):
                key = " ".join(term.lower().split())
                if key in seen and seen[key] != i:
                    errors.append(locations.error((lang, i, j), "synonym-in-two-groups", term=term, group=seen[key] + 1))
                seen.setdefault(key, i)


def _city_folders(root: Path) -> list[str]:
    """The (safely named, real) folders of data/cities/: each is a city and needs its city.yml,
    whether or not it holds any other file."""
    cities = root / DATA_DIR / "cities"
    if not cities.is_dir() or cities.is_symlink():
        return []
    return [p.name for p in cities.iterdir() if p.is_dir() and not p.is_symlink() and SAFE_NAME_PATTERN.match(p.name)]


def _plan_text(root: Path, name: str, locations: Locations, errors: list[DataError],
               at: tuple = ("document", "file")) -> Path | None:
    """A document's text (the city's plan, or a registered document: `at` is its `file` field),
    or None (with the reason in `errors`) when it cannot be used.

    The schema allows only a plain file name (no folder, no `..`); here the file must
    also really be in data/sources/ — not a symbolic link out of it — and be text.
    """
    sources = root.resolve() / DATA_DIR / SOURCES_DIR
    path = root / DATA_DIR / SOURCES_DIR / name
    shown = f"{DATA_DIR}/{SOURCES_DIR}/{name}"
    if path.is_symlink() or not _real(path).is_relative_to(sources):
        errors.append(locations.error(at, "source-outside-sources", file=shown))
        return None
    if not path.is_file():
        errors.append(locations.error(at, "source-text-missing", file=shown))
        return None
    problem = provenance.plan_text_error(path, shown)
    if problem is not None:
        errors.append(problem)
        return None
    return path


def _reference_ids(entries: list, loaded: bool, root: Path, name: str, errors: list[DataError]) -> set[str] | None:
    """The ids other files may refer to, or None when they are not known.

    When domains.yml (or audiences.yml) is invalid, its own errors are reported;
    checking every reference against it would bury them under "unknown domain"s.
    """
    if loaded:
        return {e.id for e in entries}
    if not (root / DATA_DIR / name).is_file():
        errors.append(DataError(f"{DATA_DIR}/{name}", 0, 0, "", "file-missing"))
    return None


def _unique(entries: list, key: str, locations: Locations, errors: list[DataError]) -> None:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            errors.append(locations.error((key, i, "id"), "duplicate-id", id=entry.id))
        seen.add(entry.id)


def _unique_across(data: CityData, files, errors: list[DataError]) -> None:
    """Indicator and item ids are permalinks: each must be unique within its city."""
    for key, kind in (("indicators", IndicatorsFile), ("items", ItemsFile)):
        seen: dict[str, str] = {}
        for loaded, model in files:
            if not isinstance(model, kind):
                continue
            for i, entry in enumerate(getattr(model, key)):
                if entry.id in seen:
                    errors.append(loaded.locations.error((key, i, "id"), "duplicate-id-in-city", id=entry.id, other=seen[entry.id]))
                else:
                    seen[entry.id] = loaded.relative


def _known(value: str, known: set[str] | None, what: str, locations: Locations, path, errors: list[DataError]) -> None:
    if known is not None and value not in known:
        errors.append(locations.error(path, f"unknown-{what}", value=value, known=", ".join(sorted(known))))


# Fields whose number is checked against the words that state it (a standard's phrase,
# an indicator's printed cell), where a mistake is reported at the field itself. Any
# other number an entry claims (a deadline year) must occur somewhere in its quote.
_BOUND_BY_WORDS = {"value", "min", "max", "aspiration"}


def _unbound_numbers(entry) -> list[float]:
    return [v for path, v in provenance.iter_numbers(entry) if path.rsplit(".", 1)[-1] not in _BOUND_BY_WORDS]


@dataclass
class _CityCheck:
    city: City
    source_text: Path | None
    box_numbers: set[int]
    domain_ids: set[str] | None  # None: not known (the file is invalid), so not checked
    audience_ids: set[str] | None
    errors: list[DataError]
    codes: dict[str, IndicatorCode]
    # Every document this city may cite → its checked text (None: unusable, its error reported).
    texts: dict[str, Path | None] = field(default_factory=dict)
    documents_known: bool = True  # False: data/documents.yml is invalid, so ids are not checked

    def entries(self, entries: list, key: str, loaded: LoadedFile, origins: dict) -> None:
        loc = loaded.locations
        for i, entry in enumerate(entries):
            origins.setdefault(f"{key}:{entry.id}", (loaded.relative, loc.of((key, i))[0]))
            if getattr(entry, "code", None):
                self.shared_code(entry, loc, (key, i))
            _known(entry.domain, self.domain_ids, "domain", loc, (key, i, "domain"), self.errors)
            for j, audience in enumerate(getattr(entry, "audiences", [])):
                _known(audience, self.audience_ids, "audience", loc, (key, i, "audiences", j), self.errors)
            if self.source(entry.source, _unbound_numbers(entry), loc, (key, i, "source")):
                self.bound_figures(entry, loc, (key, i))
            for k, obs in enumerate(getattr(entry, "observations", [])):
                path = (key, i, "observations", k)
                if self.source(obs.source, [obs.value], loc, path + ("source",)):
                    self.phrase(obs.phrase, obs.source.quote, [(("value",), obs.value)], [obs.year], loc, path)
            if isinstance(entry, Item):
                self.verbatim(entry, loc, (key, i, "text", "zh"))
                self.practical(entry, loc, (key, i))

    def shared_code(self, indicator: Indicator, loc: Locations, path) -> None:
        """A shared code is declared once, with the unit every city's figures are compared in."""
        if indicator.code is None:  # entries() calls this for coded indicators only
            return
        declared = self.codes.get(indicator.code)
        if declared is None:
            self.errors.append(loc.error(path + ("code",), "code-not-declared", code=indicator.code))
        elif units.conversion(indicator.unit, declared.unit) is None:
            mine = indicator.unit.zh if indicator.unit else "no unit"
            common = declared.unit.zh if declared.unit else "no unit"
            self.errors.append(loc.error(path + ("unit",), "unit-not-convertible", unit=mine, common=common, code=indicator.code))

    def overview(self, overview: DomainOverview, loaded: LoadedFile) -> None:
        _known(overview.domain, self.domain_ids, "domain", loaded.locations, ("domain",), self.errors)
        if overview.source is not None:
            self.source(overview.source, [], loaded.locations, ("source",))

    def source(self, source, numbers: list[float], loc: Locations, path) -> bool:
        """Checks a source; True when its quote is in its document and holds every number."""
        if source.document not in self.texts:
            if self.documents_known:
                known = ", ".join(sorted(self.texts))
                self.errors.append(loc.error(path + ("document",), "unknown-document", document=source.document, known=known))
            return False
        plan = source.document == self.city.document.id
        if not self.place(source, plan, loc, path):
            return False
        text = self.texts[source.document]
        if text is None:
            return False
        if not provenance.quote_in_source(source.quote, text):
            self.errors.append(loc.error(path + ("quote",), "quote-not-found", file=text.name))
            return False
        missing = provenance.missing_numbers(numbers, source.quote)
        if missing:
            shown = ", ".join(f"{v:g}" for v in missing)
            self.errors.append(loc.error(path + ("quote",), "numbers-not-in-quote", numbers=shown))
            return False
        return True

    def place(self, source, plan: bool, loc: Locations, path) -> bool:
        """A plan is cited by table, box or chapter; another document by chapter, section or
        article, and that place must be one its text has (the page links to it)."""
        if plan:
            if source.section is not None or source.article is not None:
                wrong = "section" if source.section is not None else "article"
                self.errors.append(loc.error(path + (wrong,), "section-in-plan", place=wrong))
                return False
            if source.box is not None and source.box not in self.box_numbers:
                self.errors.append(loc.error(path + ("box",), "box-not-listed", box=source.box))
            return True
        for wrong in ("table", "box", "item"):
            if getattr(source, wrong) is not None:
                self.errors.append(loc.error(path + (wrong,), "plan-place-in-document", place=wrong, document=source.document))
                return False
        text = self.texts.get(source.document)
        anchor = sourcedoc.anchor_for(source)
        if text is not None and anchor not in sourcedoc.anchors(text, plan=False):
            self.errors.append(loc.error(path, "place-not-in-document", document=source.document, place=anchor.replace("-", " ")))
            return False
        return True

    def practical(self, item: Item, loc: Locations, path) -> None:
        """Each practical field (funding … contact) against its own source: practical.py."""
        for name in provenance.PRACTICAL_FIELDS:
            value = getattr(item, name)
            if value is not None and self.source(value.source, [], loc, path + (name, "source")):
                self.errors.extend(practical.problems(value, value.source.quote, loc, path + (name,)))

    # -- each figure bound to the words of its quote that state it ------------------

    def bound_figures(self, entry, loc: Locations, path) -> None:
        quote = entry.source.quote
        for k, std in enumerate(getattr(entry, "standards", [])):
            figures: list[tuple[tuple[str | int, ...], float]] = [((name,), v) for name, v in (("value", std.value), ("min", std.min), ("max", std.max)) if v is not None]
            figures += [(("tiers", j, "value"), t.value) for j, t in enumerate(std.tiers)]
            # The deadline year may be part of the phrase (到2025年底不低于60%) but need not be.
            years = [std.deadline] if std.deadline is not None else []
            self.phrase(std.phrase, quote, figures, years, loc, path + ("standards", k))
        for name in ("baseline", "target"):
            figure = getattr(entry, name, None)
            if figure is not None:
                self.cell(figure, quote, loc, path + (name,))

    def phrase(self, phrase: str, quote: str, figures: list[tuple[tuple[str | int, ...], float]], years: list[int], loc: Locations, path) -> None:
        """The phrase is in the quote, states each figure (field path, value) and no other number but `years`."""
        if not provenance.in_quote(phrase, quote):
            self.errors.append(loc.error(path + ("phrase",), "phrase-not-in-quote", phrase=phrase))
            return
        unstated = [(f, v) for f, v in figures if provenance.missing_numbers([v], phrase)]
        for field_path, value in unstated:
            self.errors.append(loc.error(path + field_path, "figure-not-in-phrase", value=value, phrase=phrase))
        extra = provenance.extra_numbers(phrase, [v for _, v in figures] + list(years))
        if extra and not unstated:  # a mistyped figure leaves its number "extra": one message is enough
            shown = ", ".join(f"{v:g}" for v in extra)
            self.errors.append(loc.error(path + ("phrase",), "phrase-extra-numbers", phrase=phrase, numbers=shown))

    def cell(self, figure, quote: str, loc: Locations, path) -> None:
        """An indicator's figure: its cell as printed is in the row, and states value and aspiration."""
        if not provenance.in_quote(figure.text, quote):
            self.errors.append(loc.error(path + ("text",), "cell-not-in-quote", text=figure.text))
            return
        for name in ("value", "aspiration"):
            value = getattr(figure, name)
            if value is not None and provenance.missing_numbers([value], figure.text):
                self.errors.append(loc.error(path + (name,), "figure-not-in-cell", value=value, text=figure.text))

    def verbatim(self, item: Item, loc: Locations, path) -> None:
        """text.zh says it is the plan's wording: hold it to that, as a quote."""
        if self.source_text is not None and not provenance.quote_in_source(item.text.zh, self.source_text):
            self.errors.append(loc.error(path, "text-not-verbatim", file=self.source_text.name))
