"""Every YAML example of the hand-written pages validates: a webmaster copies them.

Each ```yaml block starts with a comment naming the schema model it shows
(`# schema: Indicator`, generator/data/schema.py). The block is validated against
that model: all of it when it is a whole entry, field by field when it shows some
fields of one (an indicator's `observations`). An example taken from the test data
(`document: testcity-plan`) is also put where it belongs in the test data
(tests/fixtures/good) and must pass the whole validation there, quotes and phrases
included. The Chinese and English pages show the same examples."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter

from generator.data import schema
from generator.data.validate import load_dataset

pytestmark = pytest.mark.unit

PROJECT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"
FENCE = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)
CLAIM = re.compile(r"^#\s*schema:\s*([A-Za-z]+)")


def _examples() -> list[tuple[str, int, str]]:
    """(page, number, YAML) of every YAML example under content/."""
    found = []
    for page in sorted((PROJECT / "content").rglob("*.md")):
        for n, block in enumerate(FENCE.findall(page.read_text(encoding="utf-8"))):
            found.append((page.relative_to(PROJECT).as_posix(), n, block))
    return found


def _model(block: str) -> type[BaseModel]:
    claim = CLAIM.match(block)
    assert claim, "a YAML example starts with `# schema: <Model>` (a model of generator/data/schema.py)"
    model = getattr(schema, claim.group(1), None)
    assert isinstance(model, type) and issubclass(model, BaseModel), f"no schema model {claim.group(1)}"
    return model


def _validate(model: type[BaseModel], doc) -> None:
    """The whole model when every required field is there; else each field shown, as that field."""
    if isinstance(doc, list):
        for entry in doc:
            _validate(model, entry)
        return
    assert isinstance(doc, dict), "an example is a mapping (or a list of them)"
    required = {name for name, f in model.model_fields.items() if f.is_required()}
    if required <= doc.keys():
        model.model_validate(doc)
        return
    unknown = doc.keys() - model.model_fields.keys()
    assert not unknown, f"{sorted(unknown)} are not fields of {model.__name__}"
    for name, value in doc.items():
        TypeAdapter(model.model_fields[name].annotation).validate_python(value)


def test_the_guide_has_yaml_examples():
    pages = {page for page, _, _ in _examples()}
    assert {"content/guide/index.md", "content/en/guide/index.md"} <= pages


@pytest.mark.parametrize("page, n, block", _examples(), ids=lambda v: str(v)[:40] if isinstance(v, str) else str(v))
def test_each_yaml_example_validates_against_its_model(page, n, block):
    _validate(_model(block), yaml.safe_load(block))


def test_both_languages_show_the_same_examples():
    by_page = {}
    for page, _, block in _examples():
        by_page.setdefault(page.removeprefix("content/").removeprefix("en/"), {}).setdefault(
            "en" if page.startswith("content/en/") else "zh", []).append(yaml.safe_load(block))
    for page, langs in by_page.items():
        assert langs.get("zh") == langs.get("en"), page


# ---- examples from the test data, where they belong -----------------------------------------


def _in_the_test_data(model: type[BaseModel], doc: dict, root: Path) -> None:
    """Puts an example where it belongs in a copy of tests/fixtures/good."""
    if model is schema.Indicator:
        path = root / "data/cities/testcity/indicators.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["indicators"][0].update(doc)  # the pre-school enrolment rate
    elif model is schema.Item:
        path = root / "data/cities/testcity/items/box-01.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["items"].append(doc)
    else:
        raise AssertionError(f"an example of {model.__name__} from the test data: say here where it goes")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("page, n, block", [e for e in _examples() if "testcity-plan" in e[2]],
                         ids=lambda v: str(v)[:40] if isinstance(v, str) else str(v))
def test_an_example_from_the_test_data_passes_the_whole_validation_there(page, n, block, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(GOOD, root)
    model, doc = _model(block), yaml.safe_load(block)
    _in_the_test_data(model, doc, root)
    city = load_dataset(root).cities[0]  # DataErrors, with every problem located, if it does not pass
    if model is schema.Indicator and "observations" in doc:
        assert [o.value for o in city.indicators[0].observations] == [o["value"] for o in doc["observations"]]
    elif model is schema.Item:
        assert city.items[-1].id == doc["id"]


def test_an_example_that_does_not_validate_is_caught(tmp_path):
    """The checks above can fail: a wrong type, an unknown key, a quote not in the plan."""
    from pydantic import ValidationError
    from generator.data.errors import DataErrors

    with pytest.raises(ValidationError):
        _validate(schema.Indicator, {"observations": [{"year": 2023, "value": "92.3%", "phrase": "x",
                                                       "source": {"document": "d", "chapter": 1, "quote": "q"}}]})
    with pytest.raises(AssertionError, match="not fields of Indicator"):
        _validate(schema.Indicator, {"observation": []})
    root = tmp_path / "project"
    shutil.copytree(GOOD, root)
    _in_the_test_data(schema.Indicator, {"observations": [{"year": 2023, "value": 92.3, "phrase": "达到92.3%",
                                                           "source": {"document": "testcity-plan", "chapter": 1,
                                                                      "quote": "2023年入园率达到92.3%。"}}]}, root)
    with pytest.raises(DataErrors, match="quote not found"):
        load_dataset(root)
