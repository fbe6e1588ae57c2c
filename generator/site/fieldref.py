"""The field reference for webmasters, generated from the schema (generator/data/schema.py).

For each kind of data file: its fields, their types, whether they are required,
and what they mean — in English (the Field description) and Chinese
(`description_zh` in the Field's json_schema_extra)."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel

from ..data import schema

FILES: list[tuple[str, type[BaseModel]]] = [
    ("data/domains.yml", schema.DomainsFile),
    ("data/audiences.yml", schema.AudiencesFile),
    ("data/glossary.yml", schema.GlossaryFile),
    ("data/licence.yml", schema.LicenceFile),
    ("data/documents.yml", schema.DocumentsFile),
    ("data/cities/<city>/city.yml", schema.CityFile),
    ("data/cities/<city>/indicators.yml", schema.IndicatorsFile),
    ("data/cities/<city>/items/box-NN.yml", schema.ItemsFile),
    ("data/cities/<city>/domains/<domain>.yml", schema.DomainOverviewFile),
]


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    required: bool
    en: str
    zh: str


@dataclass(frozen=True)
class ModelDoc:
    name: str
    doc: str
    fields: list[FieldDoc]


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Union or str(origin) == "types.UnionType":
        return " | ".join(_type_name(a) for a in args)
    if origin is list:
        return f"list[{_type_name(args[0])}]"
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(annotation))
    if origin is typing.Annotated:
        return _type_name(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " | ".join(m.value for m in annotation)
    if isinstance(annotation, type):
        return {"str": "text", "float": "number", "int": "integer", "bool": "true/false"}.get(annotation.__name__, annotation.__name__)
    return str(annotation)


def models() -> list[ModelDoc]:
    """Every model reachable from the file models, each once, in reading order."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for arg in _model_args(info.annotation):
                visit(arg)

    for _, model in FILES:
        visit(model)
    out = []
    for model in seen:
        fields = []
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            fields.append(FieldDoc(name, _type_name(info.annotation), info.is_required(),
                                   info.description or "", str(extra.get("description_zh", ""))))
        out.append(ModelDoc(model.__name__, (model.__doc__ or "").strip().split("\n\n")[0], fields))
    return out


def _model_args(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _model_args(a)]
