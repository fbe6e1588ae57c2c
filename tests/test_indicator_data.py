"""Indicator figures as the plans print them: cumulative totals, bounds, aspirations."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="module")
def indicators(dataset):
    ds = dataset
    return {(c.city.id, i.source.row): i for c in ds.cities for i in c.indicators}


def test_cumulative_totals_are_read_from_their_brackets(indicators):
    training = indicators[("shangrao", 7)]  # 16.81 → 〔22.85〕
    assert training.target.cumulative and not training.baseline.cumulative
    yichun_training = indicators[("yichun", 7)]  # {27.71} → {25.6}
    assert yichun_training.baseline.cumulative and yichun_training.target.cumulative
    assert sum(i.cumulative for i in indicators.values()) == 3


def test_bounds_and_aspirations_are_structured(indicators):
    life = indicators[("shangrao", 8)]  # 78以上，力争78.6
    assert (life.target.value, life.target.comparator.value, life.target.aspiration) == (78, "ge", 78.6)
    orphans = indicators[("shangrao", 2)]  # ＞90 → 应报尽保
    assert (orphans.baseline.value, orphans.baseline.comparator.value) == (90, "gt")
    assert orphans.target.value is None and orphans.target.qualitative.en == "everyone eligible covered"


def test_missing_baselines_stay_missing(indicators):
    # "-" / "—" in the table: the plan gives no 2020 value, and the site invents none.
    assert indicators[("shangrao", 13)].baseline is None
    assert sum(i.baseline is None for (city, _), i in indicators.items() if city == "yichun") == 8
