"""The progress status (generator/site/progress.py): Statistics Canada's compound-growth method
as Open SDG applies it, one test per outcome. The indicators are made up for the test."""

from __future__ import annotations

import pytest

from generator.data.schema import Direction, Indicator
from generator.site.progress import Status, cagr, direction_of, progress_of

pytestmark = pytest.mark.unit


def indicator(base: float | None, target: float | None, observations: dict[int, float] = {},
              comparator: str = "eq", direction: str | None = None, target_text: str | None = None) -> Indicator:
    """A made-up indicator: 2020 value, 2025 target and observed values by year."""
    quote = "测试 " + " ".join(str(v) for v in (base, target, *observations.values()) if v is not None)
    data = {
        "id": "made-up", "domain": "health", "name": {"zh": "测试指标", "en": "Test indicator"},
        "target": ({"value": target, "comparator": comparator, "text": target_text or str(target)}
                   if target is not None else {"qualitative": {"zh": "应保尽保", "en": "all covered"}, "text": "应保尽保"}),
        "attribute": "expected",
        "observations": [{"year": y, "value": v, "phrase": f"达到{v}", "source": {"document": "doc", "chapter": 1, "quote": f"达到{v}"}}
                         for y, v in observations.items()],
        "source": {"document": "doc", "table": "main-indicators", "row": 1, "quote": quote},
    }
    if base is not None:
        data["baseline"] = {"value": base, "text": str(base)}
    if direction:
        data["direction"] = direction
    return Indicator.model_validate(data)


def test_cagr_is_the_compound_annual_growth_rate():
    assert cagr(100, 121, 2) == pytest.approx(0.10)


def test_substantial_progress_when_growth_keeps_pace_with_the_target():
    # 2020 → 2025: 80 → 90 needs 2.39 %/year; 80 → 86 by 2023 is 2.44 %/year: R ≈ 1.02.
    p = progress_of(indicator(80, 90, {2023: 86}))
    assert p.status is Status.substantial
    assert p.ratio == pytest.approx(cagr(80, 86, 3) / cagr(80, 90, 5))
    assert p.ratio >= 0.95


def test_moderate_progress_when_growth_is_between_60_and_95_percent_of_the_pace_needed():
    p = progress_of(indicator(80, 90, {2023: 84}))  # R ≈ 0.68
    assert p.status is Status.moderate
    assert 0.6 <= p.ratio < 0.95


def test_limited_progress_when_growth_is_below_60_percent_of_the_pace_needed():
    p = progress_of(indicator(80, 90, {2022: 80.5}))
    assert p.status is Status.limited
    assert 0 <= p.ratio < 0.6


def test_deterioration_when_the_value_moves_away_from_the_target():
    p = progress_of(indicator(80, 90, {2022: 82, 2024: 78}))  # the latest year counts
    assert p.status is Status.deterioration
    assert p.t == 2024 and p.ratio < 0


def test_lower_is_better_turns_the_sign():
    # A rate to bring down from 10 to 6 (-9.7 %/year): 7.2 in 2023 is -10.4 %/year, 11 a rise.
    assert progress_of(indicator(10, 6, {2023: 7.2})).status is Status.substantial
    assert progress_of(indicator(10, 6, {2023: 11})).status is Status.deterioration
    assert progress_of(indicator(10, 6, {2023: 11})).direction is Direction.lower


def test_target_achieved_when_the_latest_value_reaches_the_target():
    assert progress_of(indicator(80, 90, {2024: 90})).status is Status.target_achieved
    assert progress_of(indicator(10, 6, {2022: 5.5})).status is Status.target_achieved


def test_no_data_when_nothing_was_reported_after_2020():
    p = progress_of(indicator(80, 90))
    assert p.status is Status.no_data and not p.computed


def test_no_status_without_a_baseline_a_numeric_target_or_for_a_cumulative_target():
    assert progress_of(indicator(None, 90, {2023: 85})).status is Status.no_baseline
    assert progress_of(indicator(80, None, {2023: 85})).status is Status.no_numeric_target
    assert progress_of(indicator(80, 90, {2023: 85}, target_text="〔90〕")).status is Status.cumulative


def test_direction_comes_from_the_field_then_the_printed_comparator_then_the_baseline():
    assert direction_of(indicator(80, 80, direction="lower")) == (Direction.lower, "field")
    assert direction_of(indicator(80, 90, comparator="le")) == (Direction.lower, "comparator")
    assert direction_of(indicator(80, 90)) == (Direction.higher, "baseline")
    # A target equal to the baseline, printed without 以上/以下: no direction, and no status.
    assert direction_of(indicator(80, 80)) == (None, "")
    assert progress_of(indicator(80, 80, {2023: 79})).status is Status.no_direction
    # Given a direction, holding the level is the target: falling below it is deterioration.
    assert progress_of(indicator(80, 80, {2023: 79}, direction="higher")).status is Status.deterioration
