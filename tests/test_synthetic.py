"""The benchmark's synthetic cities (bench/synthetic.py) stay valid as the real data changes.

The scale curve of `make bench` builds sites of 1, 10 and 100 synthetic cities
derived from the real ones; if an edit to data/ ever made the derivation fail
validation, the benchmark would lose its scale curve. These checks are quick:
no site is built.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bench import synthetic
from generator.data.provenance import missing_numbers
from generator.data import validate
from generator.data.validate import load_dataset

PROJECT = Path(__file__).resolve().parent.parent


def test_synthetic_cities_validate_and_are_marked(tmp_path, monkeypatch):
    validated = []  # what write_project validated (loading it again would cost as much again)

    def load_and_keep(root):
        validated.append(load_dataset(root))
        return validated[-1]

    monkeypatch.setattr(validate, "load_dataset", load_and_keep)
    info = synthetic.write_project(tmp_path / "p", 2)  # validates: raises DataErrors otherwise
    assert info["cities"] == ["synthetic-001", "synthetic-002"]
    [dataset] = validated
    assert dataset.root == tmp_path / "p"
    assert [c.city.id for c in dataset.cities] == info["cities"]
    for city in dataset.cities:
        assert city.city.name.zh.startswith("合成") and city.city.name.en.startswith("Synthetic-")
        assert city.city.document.id == f"{city.city.id}-plan"
    # Nothing of the real cities is left, and nothing was written into the project's data/.
    assert sorted(p.name for p in (tmp_path / "p" / "data" / "cities").iterdir()) == info["cities"]
    assert not any("synthetic" in p.name for p in (PROJECT / "data").rglob("*"))


def test_numbers_are_varied_consistently(tmp_path):
    synthetic.write_data(tmp_path, 1)
    real = yaml.safe_load((PROJECT / "data/cities" / synthetic.real_cities()[0] / "indicators.yml").read_text(encoding="utf-8"))
    fake = yaml.safe_load((tmp_path / "data/cities/synthetic-001/indicators.yml").read_text(encoding="utf-8"))
    pairs = [(r["target"].get("value"), f["target"].get("value")) for r, f in zip(real["indicators"], fake["indicators"])]
    assert any(a != b for a, b in pairs if a is not None), "no number was varied"
    for f in fake["indicators"]:
        value = f["target"].get("value")
        if value is not None:
            assert not missing_numbers([value], f["source"]["quote"])  # the quote says the new number


def test_variation_keeps_places_years_and_percentages():
    vary = synthetic.Variation(low=0.9, high=1.2)
    assert vary.text("专栏12第3项，2025年") == "专栏12第3项，2025年"
    assert vary.number(95) <= 100 and vary.number(100) <= 100
    assert vary.text("6,000元") == "7,200元" and vary.text("6000元") == "7200元"
    assert vary.number(1.04) == round(1.04 * 0.9, 2)
