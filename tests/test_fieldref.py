"""The field reference for webmasters (generator/fieldref.py): every field of every
data file is explained in English (the Field description) and in Chinese
(`description_zh` in json_schema_extra), and the built pages show them —
Chinese on /guide/fields/, English on /en/guide/fields/."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.site import fieldref

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# (model, field) whose descriptions the built pages must show.
SAMPLES = [
    ("Standard", "value"),
    ("Indicator", "attribute"),
    ("Source", "quote"),
    ("Item", "eligibility"),
    ("Document", "date"),  # has quotes in it: escaped in the HTML
    ("Text", "zh"),
    # Issue 15: the national standard's form, completed, and the documents they cite.
    ("Item", "funding"),
    ("Item", "lead_department"),
    ("Item", "how_to_apply"),
    ("Item", "fee"),
    ("Item", "opening"),
    ("Item", "contact"),
    ("Opening", "principle"),
    ("Hours", "opens"),
    ("RegisteredDocument", "kind"),
    ("DocumentsFile", "documents"),
]


@pytest.fixture(scope="module")
def docs() -> dict[tuple[str, str], fieldref.FieldDoc]:
    return {(m.name, f.name): f for m in fieldref.models() for f in m.fields}


def test_the_reference_covers_every_file_model_and_the_models_inside_them():
    names = [m.name for m in fieldref.models()]
    assert len(names) == len(set(names))
    assert {model.__name__ for _, model in fieldref.FILES} <= set(names)
    assert {"Text", "Source", "Figure", "Indicator", "Item", "Standard", "Tier", "Audience"} <= set(names)


def test_every_field_is_described_in_english_and_chinese():
    missing = []
    for model in fieldref.models():
        for f in model.fields:
            if not f.en.strip():
                missing.append(f"{model.name}.{f.name}: no English description (Field(description=...))")
            if not f.zh.strip():
                missing.append(f"{model.name}.{f.name}: no Chinese description "
                               "(Field(json_schema_extra={'description_zh': ...}))")
            elif not CJK.search(f.zh):
                missing.append(f"{model.name}.{f.name}: the Chinese description has no Chinese characters: {f.zh!r}")
    assert not missing, f"{len(missing)} field description(s) missing in generator/data/schema.py:\n" + "\n".join(missing)


def test_english_descriptions_are_not_the_chinese_ones(docs):
    same = [f"{m}.{n}" for (m, n), f in docs.items() if f.en.strip() == f.zh.strip()]
    assert not same, "English and Chinese descriptions are identical: " + ", ".join(same)


def _page(site: Path, prefix: str) -> str:
    path = site / prefix / "guide" / "fields" / "index.html"
    assert path.is_file(), f"the field reference page was not built: {path}"
    return html.unescape(path.read_text(encoding="utf-8"))


def test_both_field_reference_pages_list_every_model(built_site):
    for prefix in ("", "en"):
        page = _page(built_site, prefix)
        for model in fieldref.models():
            assert f'id="{model.name.lower()}"' in page, (prefix or "zh", model.name)


@pytest.mark.parametrize("model,field", SAMPLES)
def test_the_chinese_page_shows_the_chinese_description(built_site, docs, model, field):
    doc = docs[(model, field)]
    page = _page(built_site, "")
    assert doc.zh in page
    assert doc.en not in page


@pytest.mark.parametrize("model,field", SAMPLES)
def test_the_english_page_shows_the_english_description(built_site, docs, model, field):
    doc = docs[(model, field)]
    page = _page(built_site, "en")
    assert doc.en in page
    assert doc.zh not in page
